// Checking derivatives written by hand on plain arrays — no tapegrad tensors in the code under test.
// A 2-layer network y = w2·tanh(W1·x + b1) + b2 with a squared loss, its backprop gradient, the Jacobian-vector and
// vector-Jacobian products of its hidden layer, and its Hessian-vector product by Pearlmutter's R-operator (Neural
// Computation 6, 1994) — plus a copy of the Hessian-vector product with a classic bug (the tanh″ term dropped, which
// leaves the Gauss–Newton part only) that checkHvp catches.
//   node examples/08-check-handwritten.mjs                 # runs everything, shows the caught bug, exit 0 if as expected
//   npx tapegrad-gradcheck examples/08-check-handwritten.mjs [--fast] [--reporter=junit]   # the correct checks
import { pathToFileURL } from 'node:url';
import { autograd } from 'tapegrad';

// ---------------------------------------------------------------------------------------------------------------
// The model: parameters θ = [W1 (H×D, row-major), b1 (H), w2 (H), b2] in one Float64Array.
const D = 3;
const H = 4;
const N = 16;
const P = H * D + H + H + 1;
const at = { W1: 0, b1: H * D, w2: H * D + H, b2: H * D + 2 * H };

// A small regression data set (seeded LCG) and a starting point.
let seed = 7;
const rand = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return (seed / 2 ** 32) * 2 - 1;
};
const X = Array.from({ length: N }, () => Array.from({ length: D }, rand));
const Y = X.map((x) => Math.sin(2 * x[0]) + x[1] * x[2]);
const theta = Float64Array.from({ length: P }, () => 0.8 * rand());

/** Hidden activations a = tanh(W1·x + b1) of every sample, and the pre-activations. */
function hiddenLayer(t) {
  return X.map((x) => {
    const z = new Float64Array(H);
    for (let j = 0; j < H; j++) {
      z[j] = t[at.b1 + j];
      for (let k = 0; k < D; k++) z[j] += t[at.W1 + j * D + k] * x[k];
    }
    return { z, a: z.map(Math.tanh) };
  });
}

/** L(θ) = (1/2N) Σ (w2·aᵢ + b2 − yᵢ)². */
export function loss(t) {
  return hiddenLayer(t).reduce((s, { a }, i) => {
    let p = t[at.b2];
    for (let j = 0; j < H; j++) p += t[at.w2 + j] * a[j];
    return s + (p - Y[i]) ** 2 / (2 * N);
  }, 0);
}

/** Backprop: ∇L(θ). */
export function lossGrad(t) {
  const g = new Float64Array(P);
  hiddenLayer(t).forEach(({ a }, i) => {
    let p = t[at.b2];
    for (let j = 0; j < H; j++) p += t[at.w2 + j] * a[j];
    const dp = (p - Y[i]) / N;
    g[at.b2] += dp;
    for (let j = 0; j < H; j++) {
      g[at.w2 + j] += dp * a[j];
      const dz = dp * t[at.w2 + j] * (1 - a[j] * a[j]);
      g[at.b1 + j] += dz;
      for (let k = 0; k < D; k++) g[at.W1 + j * D + k] += dz * X[i][k];
    }
  });
  return g;
}

/** The R-operator pass: R{z} = V1·x + vb1 and R{a} = (1 − a²)⊙R{z} for every sample. */
function rForward(t, v) {
  return hiddenLayer(t).map(({ a }, i) => {
    const rz = new Float64Array(H);
    for (let j = 0; j < H; j++) {
      rz[j] = v[at.b1 + j];
      for (let k = 0; k < D; k++) rz[j] += v[at.W1 + j * D + k] * X[i][k];
    }
    return { a, ra: rz.map((r, j) => (1 - a[j] * a[j]) * r) };
  });
}

/** Hessian-vector product H(θ)·v by the R-operator applied to backprop; `withTanhCurvature: false` is the bug. */
function hessianVector(t, v, withTanhCurvature) {
  const hv = new Float64Array(P);
  rForward(t, v).forEach(({ a, ra }, i) => {
    let p = t[at.b2];
    let rp = v[at.b2];
    for (let j = 0; j < H; j++) {
      p += t[at.w2 + j] * a[j];
      rp += v[at.w2 + j] * a[j] + t[at.w2 + j] * ra[j];
    }
    const dp = (p - Y[i]) / N;
    const rdp = rp / N;
    hv[at.b2] += rdp;
    for (let j = 0; j < H; j++) {
      hv[at.w2 + j] += rdp * a[j] + dp * ra[j];
      const da = dp * t[at.w2 + j];
      const rda = rdp * t[at.w2 + j] + dp * v[at.w2 + j];
      // dz = da·(1 − a²)  ⇒  R{dz} = R{da}·(1 − a²) − 2·da·a·R{a}
      let rdz = rda * (1 - a[j] * a[j]);
      if (withTanhCurvature) rdz -= 2 * da * a[j] * ra[j];
      hv[at.b1 + j] += rdz;
      for (let k = 0; k < D; k++) hv[at.W1 + j * D + k] += rdz * X[i][k];
    }
  });
  return hv;
}

export const lossHvp = (t, v) => hessianVector(t, v, true);
/** The deliberate bug: forgets the second derivative of tanh (tanh″ = −2·tanh·tanh′). */
export const lossHvpWithoutTanhCurvature = (t, v) => hessianVector(t, v, false);

/** The hidden layer as a function of θ (N·H outputs), with its forward (JVP) and reverse (VJP) products. */
export const hidden = (t) => hiddenLayer(t).flatMap(({ a }) => Array.from(a));
export const hiddenJvp = (t, v) => rForward(t, v).flatMap(({ ra }) => Array.from(ra));
export function hiddenVjp(t, u) {
  const g = new Float64Array(P);
  hiddenLayer(t).forEach(({ a }, i) => {
    for (let j = 0; j < H; j++) {
      const dz = u[i * H + j] * (1 - a[j] * a[j]);
      g[at.b1 + j] += dz;
      for (let k = 0; k < D; k++) g[at.W1 + j * D + k] += dz * X[i][k];
    }
  });
  return g;
}

// ---------------------------------------------------------------------------------------------------------------
// The checks (what `tapegrad-gradcheck` runs): each returns a GradcheckReport; `--fast` passes { fastMode: true }.
export const checks = [
  { name: 'loss gradient (backprop)', run: (opts) => autograd.checkGrad(loss, lossGrad, theta, opts) },
  { name: 'hidden layer JVP (R-operator)', run: (opts) => autograd.checkJvp(hidden, hiddenJvp, theta, opts) },
  { name: 'hidden layer VJP (backprop)', run: (opts) => autograd.checkVjp(hidden, hiddenVjp, theta, opts) },
  { name: 'loss Hessian-vector product', run: (opts) => autograd.checkHvp(loss, lossHvp, theta, opts) },
];

/** The deliberately wrong derivative: a check that must fail. */
export const deliberatelyWrong = [
  {
    name: 'Hessian-vector product without the tanh″ term (deliberate bug)',
    run: (opts) => autograd.checkHvp(loss, lossHvpWithoutTanhCurvature, theta, opts),
  },
];

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const show = (c, expectPass) => {
    const full = c.run({});
    const fast = c.run({ fastMode: true });
    return {
      check: c.name,
      full: full.ok ? 'pass' : 'FAIL',
      fastMode: fast.ok ? 'pass' : 'FAIL',
      'max abs error': full.maxAbsError.toExponential(1),
      'as expected': full.ok === expectPass && fast.ok === expectPass ? 'yes' : 'NO',
      report: full,
    };
  };
  const rows = [...checks.map((c) => show(c, true)), ...deliberatelyWrong.map((c) => show(c, false))];
  console.table(rows.map(({ report, ...row }) => row));
  const bug = rows[rows.length - 1].report;
  console.log(`\nThe deliberate bug, as checkHvp reports it (index [i, j] = Hessian entry):\n${bug.message}`);
  const expected = rows.every((r) => r['as expected'] === 'yes');
  console.log(expected ? '\nall correct derivatives pass and the bug is caught' : '\nUNEXPECTED RESULT');
  process.exit(expected ? 0 : 1);
}
