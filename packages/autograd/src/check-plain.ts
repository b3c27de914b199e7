/**
 * Gradient checks for derivatives written by hand on plain numbers — no tapegrad tensors needed (docs/semantics.md §2.8): a
 * gradient, a vector-Jacobian product, a Jacobian-vector product or a Hessian-vector product is compared with central
 * differences of f in float64, entry by entry (|a − n| ≤ atol + rtol·|n|, PyTorch's criterion), or in fast mode through
 * a few seeded random projections. Each returns a {@link GradcheckReport}; only bad arguments throw.
 *
 * Costs (n = length of x, m = length of f's value): checkGrad 2n evaluations of f and 1 of grad; checkVjp 2n of f and
 * m of vjp (keeps the m×n Jacobian); checkJvp 2n of f and n of jvp (keeps one column); checkHvp 4n² of f and n of hvp.
 * fastMode: 2·3 evaluations of f (checkHvp 4·3) and ≤ 3 of the derivative, whatever n.
 *
 * Single precision: pass x as a Float32Array to check float32 code (e.g. TensorFlow.js): the moved points are rounded
 * to float32, the step actually taken is used, and the defaults become eps 3e-3, atol 1e-3, rtol 1e-2 (checkHvp: eps
 * 1e-2, atol 1e-2, rtol 5e-2). A float64 check whose f values are evidently float32 warns
 * TAPEGRAD_GRADCHECK_FLOAT32_OUTPUT.
 */
import type { GradcheckReport } from '@tapegrad/core';
import {
  Caller,
  centralPoints,
  effectiveDirection,
  FAST_DIRECTIONS,
  type PlainArgs,
  type PlainCheckOptions,
  type PlainOutcome,
  plainReport,
  readPlainArgs,
} from './check-plain-core';
import { EntryTracker, formatOption, now } from './gradcheck-compare';
import { dot, norm1 } from './gradcheck-jacobian';
import { type CheckTolerances, DOUBLE_PRECISION_TOLERANCES, SINGLE_PRECISION_TOLERANCES } from './gradcheck-precision';
import { SeededNormal } from './gradcheck-random';

export type { PlainCheckOptions } from './check-plain-core';

const FIRST_ORDER = { double: DOUBLE_PRECISION_TOLERANCES, single: SINGLE_PRECISION_TOLERANCES };

/**
 * Defaults of checkHvp: second differences have a rounding error ≈ u·|f|/eps², smallest near eps ≈ u^(1/4)
 * (1e-4 in double, 1e-2 in single precision; Nocedal & Wright §8.1).
 */
const SECOND_ORDER: { double: CheckTolerances; single: CheckTolerances } = {
  double: { eps: 1e-4, atol: 1e-5, rtol: 1e-3 },
  single: { eps: 1e-2, atol: 1e-2, rtol: 5e-2 },
};

const place = (outElement: number, inElement: number) => ({ output: 0, input: 0, outElement, inElement });
const unit = (n: number, i: number) => {
  const e = new Float64Array(n);
  e[i] = 1;
  return e;
};

/** The common start of every check: the clock, the validated arguments, the caller of the user's functions. */
function begin(
  op: string,
  fns: Record<string, unknown>,
  x: unknown,
  opts: unknown,
  defaults: { double: CheckTolerances; single: CheckTolerances },
) {
  const start = now();
  const args = readPlainArgs(op, fns, x, opts, defaults);
  return { start, args, tol: args.tol, single: args.single, caller: new Caller(args.op), n: args.x.length };
}

/** Runs the full check, or fast mode confirmed by the full check when it finds a mismatch. */
function decide(args: PlainArgs, full: () => PlainOutcome, fast: () => PlainOutcome): PlainOutcome {
  if (!args.fastMode) return full();
  const quick = fast();
  const bad = quick.tracker.worst;
  if (quick.tracker.failures === 0 || bad === null) return quick;
  const confirmed = full();
  confirmed.fastNote = `found by fastMode (random direction ${bad.inElement + 1} of ${FAST_DIRECTIONS}: projection analytical ${bad.analytical}, numerical ${bad.numerical}), then compared entry by entry`;
  return confirmed;
}

/**
 * Checks a hand-written gradient `grad(x)` of a scalar function `f` at `x`.
 * @example
 * ```ts
 * const f = (x: Float64Array) => x[0] * x[0] * x[1];
 * autograd.checkGrad(f, (x) => [2 * x[0] * x[1], x[0] * x[0]], [1.5, -2]).ok; // true
 * ```
 */
export function checkGrad(
  f: (x: Float64Array) => number,
  grad: (x: Float64Array) => ArrayLike<number>,
  x: ArrayLike<number>,
  opts: PlainCheckOptions = {},
): GradcheckReport {
  const { start, args, tol, single, caller, n } = begin('checkGrad', { f, grad }, x, opts, FIRST_ORDER);
  const g = caller.vector('grad', grad, [args.x], () => 'x', n);
  const full = (): PlainOutcome => {
    const tracker = new EntryTracker(tol.atol, tol.rtol);
    for (let i = 0; i < n; i++) {
      const { plus, minus, step } = centralPoints(args.x, i, tol.eps, single);
      const fp = caller.scalar('f', f, [plus], () => `x + ${formatOption(tol.eps)}·e[${i}]`, true);
      const fm = caller.scalar('f', f, [minus], () => `x − ${formatOption(tol.eps)}·e[${i}]`, true);
      tracker.add(g[i], 0, (fp - fm) / step, 0, place(0, i));
    }
    return { tracker, index: (_, i) => [i], what: 'gradient' };
  };
  const fast = (): PlainOutcome => {
    const rng = new SeededNormal(args.seed);
    const tracker = new EntryTracker(tol.atol, tol.rtol);
    for (let d = 0; d < FAST_DIRECTIONS; d++) {
      const u = rng.unitVector(n);
      const { plus, minus, step } = centralPoints(args.x, u, tol.eps, single);
      const dir = effectiveDirection(plus, minus, step, u, single);
      const fp = caller.scalar('f', f, [plus], () => `x + ${formatOption(tol.eps)}·u${d}`, true);
      const fm = caller.scalar('f', f, [minus], () => `x − ${formatOption(tol.eps)}·u${d}`, true);
      tracker.add(dot(g, dir), 0, (fp - fm) / step, 0, place(0, d), false, norm1(dir));
    }
    return { tracker, index: (_, i) => [i], what: 'gradient', projections: true };
  };
  return plainReport(args, caller, decide(args, full, fast), 1, f.name || grad.name, start, now);
}

/**
 * Checks a hand-written vector-Jacobian product `vjp(x, v) = vᵀ·J(x)` of a vector function `f` at `x`.
 * @example
 * ```ts
 * const f = (x: Float64Array) => [x[0] * x[1], Math.sin(x[0])];
 * const vjp = (x: Float64Array, v: Float64Array) => [v[0] * x[1] + v[1] * Math.cos(x[0]), v[0] * x[0]];
 * autograd.checkVjp(f, vjp, [0.5, 2]).ok; // true
 * ```
 */
export function checkVjp(
  f: (x: Float64Array) => ArrayLike<number>,
  vjp: (x: Float64Array, v: Float64Array) => ArrayLike<number>,
  x: ArrayLike<number>,
  opts: PlainCheckOptions = {},
): GradcheckReport {
  return checkProduct('vjp', f, vjp, x, opts);
}

/**
 * Checks a hand-written Jacobian-vector product `jvp(x, v) = J(x)·v` of a vector function `f` at `x`.
 * @example
 * ```ts
 * const f = (x: Float64Array) => [x[0] * x[1], Math.sin(x[0])];
 * const jvp = (x: Float64Array, v: Float64Array) => [v[0] * x[1] + v[1] * x[0], v[0] * Math.cos(x[0])];
 * autograd.checkJvp(f, jvp, [0.5, 2]).ok; // true
 * ```
 */
export function checkJvp(
  f: (x: Float64Array) => ArrayLike<number>,
  jvp: (x: Float64Array, v: Float64Array) => ArrayLike<number>,
  x: ArrayLike<number>,
  opts: PlainCheckOptions = {},
): GradcheckReport {
  return checkProduct('jvp', f, jvp, x, opts);
}

/**
 * checkVjp and checkJvp: full mode compares every Jacobian entry (vjp against rows e_jᵀJ, jvp against columns J·e_i),
 * fast mode a few random projections vᵀ·J·u.
 */
function checkProduct(
  kind: 'vjp' | 'jvp',
  f: (x: Float64Array) => ArrayLike<number>,
  product: (x: Float64Array, v: Float64Array) => ArrayLike<number>,
  x: ArrayLike<number>,
  opts: PlainCheckOptions,
): GradcheckReport {
  const op = kind === 'vjp' ? 'checkVjp' : 'checkJvp';
  const { start, args, tol, single, caller, n } = begin(op, { f, [kind]: product }, x, opts, FIRST_ORDER);
  const m = caller.outputLength('f', f, args.x);
  const eps = formatOption(tol.eps);
  /** f at x ± eps·(e[i] or a random unit vector u_d), with the step between the two points. */
  const differences = (along: number | Float64Array, name: string) => {
    const { plus, minus, step } = centralPoints(args.x, along, tol.eps, single);
    const fp = caller.vector('f', f, [plus], () => `x + ${eps}·${name}`, m, true);
    const fm = caller.vector('f', f, [minus], () => `x − ${eps}·${name}`, m, true);
    const dir = typeof along === 'number' ? along : effectiveDirection(plus, minus, step, along, single);
    return { fp, fm, step, dir };
  };
  const call = (v: Float64Array, where: () => string, length: number) =>
    caller.vector(kind, product, [args.x, v], where, length);
  const full = (): PlainOutcome => {
    const rows = new Float64Array(kind === 'vjp' ? m * n : 0); // rows[j·n + i] = (e_jᵀ J)_i
    if (kind === 'vjp')
      for (let j = 0; j < m; j++)
        rows.set(
          call(unit(m, j), () => `x with v = e[${j}]`, n),
          j * n,
        );
    const tracker = new EntryTracker(tol.atol, tol.rtol);
    for (let i = 0; i < n; i++) {
      const column = kind === 'jvp' ? call(unit(n, i), () => `x with v = e[${i}]`, m) : null;
      const { fp, fm, step } = differences(i, `e[${i}]`);
      for (let j = 0; j < m; j++)
        tracker.add(column ? column[j] : rows[j * n + i], 0, (fp[j] - fm[j]) / step, 0, place(j, i));
    }
    return { tracker, index: (j, i) => [j, i], what: 'Jacobian' };
  };
  const fast = (): PlainOutcome => {
    const rng = new SeededNormal(args.seed);
    const tracker = new EntryTracker(tol.atol, tol.rtol);
    for (let d = 0; d < FAST_DIRECTIONS; d++) {
      const u = rng.unitVector(n);
      const v = kind === 'vjp' ? rng.unitVector(m) : null;
      const { fp, fm, step, dir } = differences(u, `u${d}`);
      const direction = dir as Float64Array;
      if (v) {
        let numerical = 0;
        for (let j = 0; j < m; j++) numerical += (v[j] * (fp[j] - fm[j])) / step;
        const analytical = dot(
          call(v, () => 'x with a random v', n),
          direction,
        );
        tracker.add(analytical, 0, numerical, 0, place(0, d), false, norm1(direction) * norm1(v));
      } else {
        const jv = call(direction, () => 'x with a random v', m);
        const scale = norm1(direction);
        for (let j = 0; j < m; j++) tracker.add(jv[j], 0, (fp[j] - fm[j]) / step, 0, place(j, d), false, scale);
      }
    }
    return { tracker, index: (j, i) => [j, i], what: 'Jacobian', projections: true };
  };
  return plainReport(args, caller, decide(args, full, fast), 1, f.name || product.name, start, now);
}

/** The four points x ± h·a ± h·b of a mixed second difference (rounded to float32 when single). */
function fourPoints(x: Float64Array, a: Float64Array, b: Float64Array, h: number, single: boolean): Float64Array[] {
  return [
    [1, 1],
    [1, -1],
    [-1, 1],
    [-1, -1],
  ].map(([sa, sb]) => {
    const p = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      p[i] = x[i] + h * (sa * a[i] + sb * b[i]);
      if (single) p[i] = Math.fround(p[i]);
    }
    return p;
  });
}

/**
 * Checks a hand-written Hessian-vector product `hvp(x, v) = H(x)·v` of a scalar function `f` at `x`, against mixed
 * second differences of f, (f(x+ha+hb) − f(x+ha−hb) − f(x−ha+hb) + f(x−ha−hb)) / 4h² = aᵀHb (default h 1e-4).
 * @example
 * ```ts
 * const f = (x: Float64Array) => x[0] ** 3 + x[0] * x[1];
 * const hvp = (x: Float64Array, v: Float64Array) => [6 * x[0] * v[0] + v[1], v[0]];
 * autograd.checkHvp(f, hvp, [0.5, 2]).ok; // true
 * ```
 */
export function checkHvp(
  f: (x: Float64Array) => number,
  hvp: (x: Float64Array, v: Float64Array) => ArrayLike<number>,
  x: ArrayLike<number>,
  opts: PlainCheckOptions = {},
): GradcheckReport {
  const { start, args, tol, single, caller, n } = begin('checkHvp', { f, hvp }, x, opts, SECOND_ORDER);
  const h = tol.eps;
  const second = (a: Float64Array, b: Float64Array, where: string): number => {
    const [pp, pm, mp, mm] = fourPoints(args.x, a, b, h, single);
    const value = (p: Float64Array, s: string) => caller.scalar('f', f, [p], () => `x ${s} (${where})`, true);
    return (
      (value(pp, '+ h·a + h·b') - value(pm, '+ h·a − h·b') - value(mp, '− h·a + h·b') + value(mm, '− h·a − h·b')) /
      (4 * h * h)
    );
  };
  const full = (): PlainOutcome => {
    const tracker = new EntryTracker(tol.atol, tol.rtol);
    for (let j = 0; j < n; j++) {
      const ej = unit(n, j);
      const column = caller.vector('hvp', hvp, [args.x, ej], () => `x with v = e[${j}]`, n);
      for (let i = 0; i < n; i++)
        tracker.add(column[i], 0, second(unit(n, i), ej, `a = e[${i}], b = e[${j}]`), 0, place(i, j));
    }
    return { tracker, index: (i, j) => [i, j], what: 'Hessian' };
  };
  const fast = (): PlainOutcome => {
    const rng = new SeededNormal(args.seed);
    const tracker = new EntryTracker(tol.atol, tol.rtol);
    for (let d = 0; d < FAST_DIRECTIONS; d++) {
      const u = rng.unitVector(n);
      const v = rng.unitVector(n);
      const analytical = dot(
        u,
        caller.vector('hvp', hvp, [args.x, v], () => `x with a random v`, n),
      );
      tracker.add(analytical, 0, second(u, v, `random directions ${d}`), 0, place(0, d), false, norm1(u) * norm1(v));
    }
    return { tracker, index: (i, j) => [i, j], what: 'Hessian', projections: true };
  };
  return plainReport(args, caller, decide(args, full, fast), 2, f.name || hvp.name, start, now);
}
