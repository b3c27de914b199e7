/**
 * The machinery of the plain-function checks (check-plain.ts): validated arguments, guarded calls of the user's
 * functions (a throw becomes a DtypeError naming the function and the point, a wrong length a ShapeError, a NaN is
 * remembered so the failed report can say where it came from), central differences in float64 (or on float32-rounded
 * points when x is a Float32Array), and the report.
 */
import type { GradcheckReport } from '@tapegrad/core';
import { DtypeError, ShapeError, warnings } from '@tapegrad/core';
import { readOptions } from '@tapegrad/core/internal';
import { describeValue } from './describe';
import { type EntryTracker, formatOption, formatValue } from './gradcheck-compare';
import { type CheckTolerances, SinglePrecisionDetector } from './gradcheck-precision';

/** Options of the plain checks. */
export interface PlainCheckOptions {
  /** Finite-difference step (default 1e-6; checkHvp 1e-4; single precision 3e-3 / 1e-2). */
  eps?: number;
  /** Absolute tolerance (default 1e-5; single precision 1e-3, checkHvp 1e-2). */
  atol?: number;
  /** Relative tolerance (default 1e-3; single precision 1e-2, checkHvp 5e-2). */
  rtol?: number;
  /**
   * Compare a few random projections instead of every entry: O(1) evaluations of the derivative under test and of f
   * instead of O(n). A mismatch found this way is confirmed (and located) by the full check. Default false.
   */
  fastMode?: boolean;
  /** Seed of fastMode's random directions (default 0). */
  seed?: number;
}

/** Random directions (or direction pairs) compared in fast mode. */
export const FAST_DIRECTIONS = 3;

/** Validated arguments of one plain check. */
export interface PlainArgs {
  op: string;
  x: Float64Array;
  single: boolean;
  tol: CheckTolerances;
  fastMode: boolean;
  seed: number;
}

/** Reads x and the options; `defaults` gives eps/atol/rtol for double and single precision. */
export function readPlainArgs(
  op: string,
  fns: Record<string, unknown>,
  x: unknown,
  opts: unknown,
  defaults: { double: CheckTolerances; single: CheckTolerances },
): PlainArgs {
  for (const [name, fn] of Object.entries(fns))
    if (typeof fn !== 'function')
      throw new DtypeError(`${op}: expected ${name} to be a function, got ${describeValue(fn)}`);
  const isArrayLike =
    x !== null &&
    typeof x === 'object' &&
    typeof (x as { length?: unknown }).length === 'number' &&
    !(x instanceof Function);
  if (!isArrayLike)
    throw new DtypeError(`${op}: expected x to be an array of numbers or a typed array, got ${describeValue(x)}`);
  const values = x as ArrayLike<unknown>;
  const point = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new DtypeError(`${op}: expected x to hold finite numbers, got ${describeValue(v)} at index ${i}`);
    point[i] = v;
  }
  const o = readOptions(op, opts, ['eps', 'atol', 'rtol', 'fastMode', 'seed']);
  const single = x instanceof Float32Array;
  const base = single ? defaults.single : defaults.double;
  const positive = (name: string, v: unknown, strict: boolean): number | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || (strict ? v <= 0 : v < 0))
      throw new DtypeError(
        `${op}: expected ${name} to be a finite number ${strict ? '> 0' : '≥ 0'}, got ${describeValue(v)}`,
      );
    return v;
  };
  if (o.fastMode !== undefined && typeof o.fastMode !== 'boolean')
    throw new DtypeError(`${op}: expected fastMode to be a boolean, got ${describeValue(o.fastMode)}`);
  if (o.seed !== undefined && !Number.isInteger(o.seed))
    throw new DtypeError(`${op}: expected seed to be an integer, got ${describeValue(o.seed)}`);
  return {
    op,
    x: point,
    single,
    tol: {
      eps: positive('eps', o.eps, true) ?? base.eps,
      atol: positive('atol', o.atol, false) ?? base.atol,
      rtol: positive('rtol', o.rtol, false) ?? base.rtol,
    },
    fastMode: (o.fastMode as boolean | undefined) ?? false,
    seed: (o.seed as number | undefined) ?? 0,
  };
}

/** "x + 1e-6·e[3]" style descriptions of the points a check evaluates at. */
export type Where = () => string;

/**
 * Calls of the user's functions with validation: `scalar` results must be numbers, vector results array-likes of
 * numbers of a fixed length (the first call fixes it unless `length` is given). Remembers the first NaN and, in double
 * precision, whether the values of f look computed in float32.
 */
export class Caller {
  firstNaN: string | null = null;
  private readonly detector = new SinglePrecisionDetector();
  private sawFloat32Array = false;

  constructor(readonly op: string) {}

  private invoke(name: string, fn: unknown, args: Float64Array[], where: Where): unknown {
    try {
      return (fn as (...a: Float64Array[]) => unknown)(...args.map((a) => Float64Array.from(a)));
    } catch (error) {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error);
      throw new DtypeError(`${this.op}: ${name} threw at ${where()} (expected a result, got ${text})`, {
        cause: error,
      });
    }
  }

  /** A number from `fn(...args)`. `observe` feeds f's values to the float32 detector. */
  scalar(name: string, fn: unknown, args: Float64Array[], where: Where, observe = false): number {
    const value = this.invoke(name, fn, args, where);
    if (typeof value !== 'number')
      throw new DtypeError(
        `${this.op}: expected ${name} to return a number, got ${describeValue(value)} at ${where()}`,
      );
    if (Number.isNaN(value)) this.noteNaN(name, where);
    if (observe) this.detector.add([value]);
    return value;
  }

  /** An array of `length` numbers from `fn(...args)`, as a Float64Array. */
  vector(name: string, fn: unknown, args: Float64Array[], where: Where, length: number, observe = false): Float64Array {
    const value = this.invoke(name, fn, args, where);
    const arrayLike =
      value !== null && typeof value === 'object' && typeof (value as { length?: unknown }).length === 'number';
    if (!arrayLike)
      throw new DtypeError(
        `${this.op}: expected ${name} to return an array of numbers, got ${describeValue(value)} at ${where()}`,
      );
    const list = value as ArrayLike<unknown>;
    if (list.length !== length)
      throw new ShapeError(
        `${this.op}: expected ${name} to return ${length} numbers at ${where()}, got ${list.length}`,
      );
    const out = new Float64Array(length);
    for (let i = 0; i < length; i++) {
      const v = list[i];
      if (typeof v !== 'number')
        throw new DtypeError(
          `${this.op}: expected ${name} to return numbers, got ${describeValue(v)} at index ${i} at ${where()}`,
        );
      out[i] = v;
    }
    if (out.some(Number.isNaN)) this.noteNaN(name, where);
    if (observe) {
      if (value instanceof Float32Array) this.sawFloat32Array = true;
      this.detector.add(out);
    }
    return out;
  }

  /** The length of `fn(x)`'s result (the output size m of a vector function). */
  outputLength(name: string, fn: unknown, x: Float64Array): number {
    const value = this.invoke(name, fn, [x], () => 'x');
    if (value === null || typeof value !== 'object' || typeof (value as { length?: unknown }).length !== 'number')
      throw new DtypeError(
        `${this.op}: expected ${name} to return an array of numbers, got ${describeValue(value)} at x`,
      );
    return (value as ArrayLike<unknown>).length;
  }

  private noteNaN(name: string, where: Where): void {
    if (this.firstNaN === null) this.firstNaN = `${name} returned NaN at ${where()}`;
  }

  /** Warns when a double-precision check saw values of f evidently computed in float32. */
  warnIfSingle(args: PlainArgs): void {
    if (args.single || !(this.sawFloat32Array || this.detector.evident)) return;
    warnings.warn(
      'NumericalWarning',
      'TAPEGRAD_GRADCHECK_FLOAT32_OUTPUT',
      `${args.op}: f's values were evidently computed in float32 (${this.sawFloat32Array ? 'it returns a Float32Array' : 'every value is exactly representable in float32'}); central differences with eps ${args.tol.eps} cannot see through float32 rounding — pass x as a Float32Array to use the single-precision defaults, or compute in float64`,
    );
  }
}

/** The two points x ± h·d of a central difference and the step between them (rounded to float32 when single). */
export function centralPoints(
  x: Float64Array,
  direction: Float64Array | number,
  h: number,
  single: boolean,
): { plus: Float64Array; minus: Float64Array; step: number } {
  const plus = Float64Array.from(x);
  const minus = Float64Array.from(x);
  if (typeof direction === 'number') {
    const i = direction;
    plus[i] = x[i] + h;
    minus[i] = x[i] - h;
    if (single) {
      plus[i] = Math.fround(plus[i]);
      minus[i] = Math.fround(minus[i]);
      if (plus[i] === minus[i]) {
        plus[i] = Math.fround(x[i] + h * Math.abs(x[i]));
        minus[i] = Math.fround(x[i] - h * Math.abs(x[i]));
      }
      return { plus, minus, step: plus[i] - minus[i] };
    }
    return { plus, minus, step: 2 * h };
  }
  for (let i = 0; i < x.length; i++) {
    plus[i] = x[i] + h * direction[i];
    minus[i] = x[i] - h * direction[i];
    if (single) {
      plus[i] = Math.fround(plus[i]);
      minus[i] = Math.fround(minus[i]);
    }
  }
  return { plus, minus, step: 2 * h };
}

/** In single precision the direction actually taken: (plus − minus) / step. */
export function effectiveDirection(
  plus: Float64Array,
  minus: Float64Array,
  step: number,
  direction: Float64Array,
  single: boolean,
): Float64Array {
  if (!single) return direction;
  const d = new Float64Array(direction.length);
  for (let i = 0; i < d.length; i++) d[i] = (plus[i] - minus[i]) / step;
  return d;
}

/** What a check found, before it becomes a report. */
export interface PlainOutcome {
  tracker: EntryTracker;
  /** How a Jacobian/gradient entry's index reads: [i] or [j, i]. */
  index: (outElement: number, inElement: number) => number[];
  /** What is compared, for the message ("gradient", "Jacobian", "Hessian"). */
  what: string;
  /** Set when fast mode found the mismatch. */
  fastNote?: string;
  /** Fast-mode outcome that passed: the entries are projections, so there is no worst entry. */
  projections?: boolean;
}

/** The report of a plain check. */
export function plainReport(
  args: PlainArgs,
  caller: Caller,
  outcome: PlainOutcome,
  order: number,
  name: string,
  start: number,
  ms: () => number,
): GradcheckReport {
  const { tracker } = outcome;
  const worst = tracker.worst;
  const ok = tracker.failures === 0;
  const report: GradcheckReport = {
    ok,
    order,
    maxAbsError: tracker.maxAbsError,
    maxRelError: tracker.maxRelError,
    worst:
      worst === null || outcome.projections
        ? null
        : {
            output: 0,
            input: 0,
            index: outcome.index(worst.outElement, worst.inElement),
            analytical: worst.analytical,
            numerical: worst.numerical,
          },
    ms: ms() - start,
  };
  if (name !== '') report.name = name;
  if (!ok) {
    const lines = [`${args.op}: ${outcome.what} mismatch`];
    if (worst !== null && !outcome.projections) {
      const diff = Math.abs(worst.analytical - worst.numerical);
      const tolerance = args.tol.atol + args.tol.rtol * Math.abs(worst.numerical);
      lines[0] += ` at index [${outcome.index(worst.outElement, worst.inElement).join(', ')}]: analytical ${formatValue(worst.analytical)}, numerical ${formatValue(worst.numerical)} (|analytical − numerical| = ${formatValue(diff)} > atol + rtol·|numerical| = ${formatValue(tolerance)}); ${tracker.failures} of ${tracker.count} entries outside the tolerance`;
    }
    if (outcome.fastNote) lines.push(outcome.fastNote);
    if (caller.firstNaN !== null) lines.push(`${caller.firstNaN}`);
    lines.push(
      `eps ${formatOption(args.tol.eps)}, atol ${formatOption(args.tol.atol)}, rtol ${formatOption(args.tol.rtol)}${args.single ? ' (single precision: x is a Float32Array)' : ''}`,
    );
    report.message = lines.join('\n');
  }
  caller.warnIfSingle(args);
  return report;
}
