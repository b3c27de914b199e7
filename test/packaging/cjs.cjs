// Requires the BUILT umbrella package from CommonJS and reports what it sees as one JSON line (run by
// test/packaging.test.ts). Globals and process warnings are observed around the require (no side effects on import).
const globalsBefore = new Set(Reflect.ownKeys(globalThis).map(String));
let emitted = 0;
const emitWarning = process.emitWarning;
process.emitWarning = (...args) => {
  emitted++;
  return emitWarning.apply(process, args);
};
process.on('warning', () => emitted++);

const mod = require('../../packages/tapegrad/dist/index.cjs');
const { tensor, warnings, matmul, ones, Tensor } = mod;

const added = Reflect.ownKeys(globalThis)
  .map(String)
  .filter((k) => !globalsBefore.has(k));
const product = matmul(ones([2, 3]), ones([3, 2]));
const t = tensor([
  [1, 2],
  [3, 4],
]);
const recorded = warnings.record(() => warnings.warn('NumericalWarning', 'PACKAGING_TEST', 'recorded, not printed'));

setTimeout(() => {
  console.log(
    JSON.stringify({
      format: 'cjs',
      keys: Object.keys(mod).sort(),
      added,
      emitted,
      product: product.toArray(),
      dtype: t.dtype,
      isTensor: t instanceof Tensor,
      recorded: recorded.warnings.map((w) => w.code),
      namespaces: ['autograd', 'linalg', 'warnings'].map((k) => typeof mod[k]),
    }),
  );
}, 20);
