// A gradient-check script to copy into your own CI: gradcheck and gradgradcheck over a list of functions (float64 and
// complex128 inputs). Two ways to run it:
//   node examples/03-gradcheck.mjs                       # prints a table, exits non-zero if any check fails
//   npx tapegrad-gradcheck examples/03-gradcheck.mjs     # the CLI: table + text/json/junit/tap report, --fast
// The CLI imports this module and runs its exported `checks` ({ name, fn, inputs, order }).
import { pathToFileURL } from 'node:url';
import { autograd, eye, linalg, manualSeed, randn, softmax } from 'tapegrad';

manualSeed(1);
const f64 = (shape) => randn(shape, { dtype: 'float64', requiresGrad: true });
const c128 = (shape) => randn(shape, { dtype: 'complex128', requiresGrad: true });
const rankTwo = () => [f64([5, 2]), f64([2, 4])];

// name, function, inputs (each input with requiresGrad is differentiated)
const functions = [
  ['tanh ∘ matmul', (a, b) => a.matmul(b).tanh(), [f64([3, 4]), f64([4, 2])]],
  ['softmax', (x) => softmax(x, -1), [f64([2, 5])]],
  ['logsumexp', (x) => x.logsumexp(1), [f64([3, 4])]],
  ['broadcast mul + exp', (a, b) => a.mul(b).exp(), [f64([3, 1]), f64([1, 4])]],
  ['linalg.pinv (tall)', (A) => linalg.pinv(A), [f64([5, 3])]],
  ['linalg.pinv (wide, batched)', (A) => linalg.pinv(A), [f64([2, 3, 4])]],
  ['linalg.pinv (rank 2 held)', (B, C) => linalg.pinv(B.matmul(C)), rankTwo()],
  ['linalg.pinv (complex)', (A) => linalg.pinv(A), [c128([3, 2])]],
  ['linalg.pinv (hermitian)', (X) => linalg.pinv(X.add(X.mT), { hermitian: true }), [f64([4, 4])]],
  ['linalg.svdvals', (A) => linalg.svdvals(A), [f64([4, 3])]],
  ['linalg.solve', (A, b) => linalg.solve(A.add(eye(3, { dtype: 'float64' }).mul(4)), b), [f64([3, 3]), f64([3, 2])]],
  ['complex mul + abs', (z) => z.mul(z).abs(), [c128([4])]],
];

/** First and second derivatives of every function: what the CLI runs. */
export const checks = functions.flatMap(([name, fn, inputs]) => [
  { name: `${name} (gradcheck)`, fn, inputs, order: 1 },
  { name: `${name} (gradgradcheck)`, fn, inputs, order: 2 },
]);

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = [];
  let failures = 0;
  for (const [name, fn, inputs] of functions) {
    const first = autograd.gradcheck(fn, inputs, { raiseException: false });
    const second = autograd.gradgradcheck(fn, inputs, { raiseException: false });
    if (!first || !second) failures++;
    rows.push({ function: name, gradcheck: first ? 'pass' : 'FAIL', gradgradcheck: second ? 'pass' : 'FAIL' });
  }
  console.table(rows);
  console.log(
    failures === 0 ? `all ${functions.length} functions pass` : `${failures} of ${functions.length} functions FAILED`,
  );
  process.exit(failures === 0 ? 0 : 1);
}
