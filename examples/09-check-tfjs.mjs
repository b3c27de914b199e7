// Checking TensorFlow.js gradients with tapegrad: a `tf.customGrad` op (log-sum-exp, whose gradient is softmax), a
// vector op with a custom gradient (swish, checked as a vector-Jacobian product), TF.js's own second derivatives
// (Hessian-vector product by tf.grad of tf.grad), and a custom gradient with a deliberate bug that the check catches.
// TF.js computes in float32, so x is passed as a Float32Array: the checks then round their points to float32 and use
// the single-precision defaults (eps 3e-3, atol 1e-3, rtol 1e-2; checkHvp eps 1e-2, atol 1e-2, rtol 5e-2).
//   node examples/09-check-tfjs.mjs                      # exit 0; prints a skip message when TF.js is not installed
//   npx tapegrad-gradcheck examples/09-check-tfjs.mjs    # the CLI runs the exported checks (or reports them skipped)
// TensorFlow.js (@tensorflow/tfjs) is an optional devDependency of the examples only; tapegrad never depends on it.
import { pathToFileURL } from 'node:url';
import { autograd } from 'tapegrad';

let tf = null;
let missing = '';
try {
  tf = await import('@tensorflow/tfjs');
  tf.enableProdMode(); // no debug checks (and no "install tfjs-node" banner)
  await tf.setBackend('cpu');
} catch (error) {
  missing = error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/** Why the checks cannot run here (the CLI reports the file as skipped), or undefined. */
export const skipped = tf
  ? undefined
  : `TensorFlow.js is not installed (npm install @tensorflow/tfjs to run this example): ${missing}`;

// The checks call f(x) with a Float64Array; TF.js takes a Float32Array (or a plain array), hence `t32`.
const t32 = (x) => tf.tensor1d(Float32Array.from(x));
/** A plain function of a Float64Array built from a TF.js function of a 1-D tensor (tensors freed by tf.tidy). */
const scalarOf = (fn) => (x) => tf.tidy(() => fn(t32(x)).dataSync()[0]);
const vectorOf = (fn) => (x) => tf.tidy(() => fn(t32(x)).dataSync());

// log Σ exp(x) with a hand-written gradient: softmax(x) = exp(x − lse).
const logSumExp = () =>
  tf.customGrad((x, save) => {
    const m = x.max();
    const value = m.add(x.sub(m).exp().sum().log());
    save([x, value]);
    return { value, gradFunc: (dy, [xs, v]) => dy.mul(xs.sub(v).exp()) };
  });

// swish(x) = x·σ(x), elementwise, with swish′ = σ + x·σ·(1 − σ); `wrong` forgets the second term.
const swish = (wrong) =>
  tf.customGrad((x, save) => {
    const s = x.sigmoid();
    save([x, s]);
    const gradFunc = (dy, [xs, ss]) => (wrong ? dy.mul(ss) : dy.mul(ss.add(xs.mul(ss).mul(tf.scalar(1).sub(ss)))));
    return { value: x.mul(s), gradFunc };
  });

/** Checks of TF.js derivatives; empty when TF.js is missing (see `skipped`). */
export const checks = tf ? makeChecks() : [];

function makeChecks() {
  const x = Float32Array.from({ length: 12 }, (_, i) => Math.sin(1.7 * i) * 1.5);
  const lse = logSumExp();
  const lseValue = scalarOf((t) => lse(t));
  const lseGrad = vectorOf((t) => tf.grad((u) => lse(u))(t));
  const swishOk = swish(false);
  const swishVjp = (wrong) => {
    const op = swish(wrong);
    // tf.grad(f)(x, dy) is the vector-Jacobian product dyᵀ·∂f/∂x.
    return (p, v) =>
      tf.tidy(() =>
        tf
          .grad((u) => op(u))(t32(p), t32(v))
          .dataSync(),
      );
  };
  // A smooth scalar function of built-in ops and its Hessian-vector product by TF.js' double backward.
  const smooth = (t) => t.mul(t.sin()).sum().add(t.square().mean().log());
  const hvp = (p, v) =>
    tf.tidy(() => {
      const gradDotV = (u) => tf.grad(smooth)(u).mul(t32(v)).sum();
      return tf.grad(gradDotV)(t32(p)).dataSync();
    });
  return [
    { name: 'tf.customGrad log-sum-exp: gradient', run: (opts) => autograd.checkGrad(lseValue, lseGrad, x, opts) },
    {
      name: 'tf.customGrad swish: vector-Jacobian product',
      run: (opts) =>
        autograd.checkVjp(
          vectorOf((t) => swishOk(t)),
          swishVjp(false),
          x,
          opts,
        ),
    },
    {
      name: 'TF.js double backward: Hessian-vector product',
      run: (opts) => autograd.checkHvp(scalarOf(smooth), hvp, x, opts),
    },
  ];
}

/** The deliberately wrong custom gradient (swish′ without x·σ·(1 − σ)): a check that must fail. */
export const deliberatelyWrong = tf
  ? [
      {
        name: 'tf.customGrad swish with a wrong gradient (deliberate bug)',
        run: (opts) =>
          autograd.checkVjp(
            vectorOf((t) => swish(true)(t)),
            (p, v) =>
              tf.tidy(() =>
                tf
                  .grad((u) => swish(true)(u))(t32(p), t32(v))
                  .dataSync(),
              ),
            Float32Array.from({ length: 12 }, (_, i) => Math.cos(i)),
            opts,
          ),
      },
    ]
  : [];

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (skipped) {
    console.log(`skipped: ${skipped}`);
    process.exit(0);
  }
  const rows = [
    ...checks.map((c) => ({ c, expectPass: true })),
    ...deliberatelyWrong.map((c) => ({ c, expectPass: false })),
  ].map(({ c, expectPass }) => {
    const full = c.run({});
    const fast = c.run({ fastMode: true });
    const asExpected = full.ok === expectPass && fast.ok === expectPass;
    return { check: c.name, fastMode: fast.ok ? 'pass' : 'FAIL', asExpected, full };
  });
  console.table(
    rows.map(({ check, full, fastMode, asExpected }) => ({
      check,
      full: full.ok ? 'pass' : 'FAIL',
      fastMode,
      'as expected': asExpected ? 'yes' : 'NO',
    })),
  );
  console.log(`\nThe deliberate bug, as checkVjp reports it:\n${rows[rows.length - 1].full.message}`);
  const expected = rows.every((r) => r.asExpected);
  console.log(expected ? '\nall TF.js derivatives pass and the bug is caught' : '\nUNEXPECTED RESULT');
  process.exit(expected ? 0 : 1);
}
