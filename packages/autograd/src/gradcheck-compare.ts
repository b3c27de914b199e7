/**
 * The elementwise comparison of every gradient check: |analytical − numerical| ≤ atol + rtol·|numerical| (PyTorch's
 * gradcheck criterion; complex entries use the complex modulus), with the statistics a report needs — how many entries
 * failed, the largest absolute and relative errors, and the entry furthest outside its tolerance.
 */
import type { GradcheckEntry } from '@tapegrad/core';

/** Milliseconds from a monotonic clock where there is one (reports' `ms`). */
export function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

/** Where an entry sits: which output and input, and the flat element indices inside them. */
export interface EntryPlace {
  output: number;
  input: number;
  outElement: number;
  inElement: number;
}

/** An entry with its values (imaginary parts are 0 for real entries). */
export interface TrackedEntry extends EntryPlace {
  analytical: number;
  analyticalImag: number;
  numerical: number;
  numericalImag: number;
  complex: boolean;
  /** |a − n| / (atol + rtol·|n|): above 1 means the entry fails (Infinity for NaN). */
  ratio: number;
}

/** Statistics of the comparisons of one block of entries (one output/input pair, or one plain check). */
export class EntryTracker {
  count = 0;
  failures = 0;
  private maxAbs = 0;
  private maxRel = 0;
  private sawNaN = false;
  worst: TrackedEntry | null = null;

  constructor(
    readonly atol: number,
    readonly rtol: number,
  ) {}

  /**
   * Compares one entry and returns whether it passes. `atolScale` multiplies atol (fast mode compares projections
   * vᵀJu, whose absolute tolerance is atol·‖u‖₁·‖v‖₁).
   */
  add(aRe: number, aIm: number, nRe: number, nIm: number, place: EntryPlace, complex = false, atolScale = 1): boolean {
    const diff = complex ? Math.hypot(aRe - nRe, aIm - nIm) : Math.abs(aRe - nRe);
    const magnitude = complex ? Math.hypot(nRe, nIm) : Math.abs(nRe);
    const tolerance = this.atol * atolScale + this.rtol * magnitude;
    const pass = diff <= tolerance;
    this.count++;
    if (!pass) this.failures++;
    if (Number.isNaN(diff)) this.sawNaN = true;
    else {
      if (diff > this.maxAbs) this.maxAbs = diff;
      if (magnitude > 0 && diff / magnitude > this.maxRel) this.maxRel = diff / magnitude;
    }
    const ratio = Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff === 0 ? 0 : diff / tolerance;
    if (this.worst === null || ratio > this.worst.ratio) {
      this.worst = {
        ...place,
        analytical: aRe,
        analyticalImag: aIm,
        numerical: nRe,
        numericalImag: nIm,
        complex,
        ratio,
      };
    }
    return pass;
  }

  /** The largest |a − n| (NaN when some value was NaN). */
  get maxAbsError(): number {
    return this.sawNaN ? Number.NaN : this.maxAbs;
  }

  /** The largest |a − n| / |n| over entries with n ≠ 0. */
  get maxRelError(): number {
    return this.maxRel;
  }

  /** Folds the statistics of `other` into this tracker (the worst entry is kept when it is worse). */
  absorb(other: EntryTracker): void {
    this.count += other.count;
    this.failures += other.failures;
    this.sawNaN ||= other.sawNaN;
    this.maxAbs = Math.max(this.maxAbs, other.maxAbs);
    this.maxRel = Math.max(this.maxRel, other.maxRel);
    if (other.worst !== null && (this.worst === null || other.worst.ratio > this.worst.ratio)) this.worst = other.worst;
  }
}

/** Row-major multi-index of flat element `flat` in `shape`. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = shape[d] === 0 ? 0 : rest % shape[d];
    rest = shape[d] === 0 ? 0 : Math.floor(rest / shape[d]);
  }
  return index;
}

/** The report's entry for a tracked one: index = [...output element index, ...input element index]. */
export function reportEntry(
  entry: TrackedEntry,
  outShape: readonly number[],
  inShape: readonly number[],
): GradcheckEntry {
  const out: GradcheckEntry = {
    output: entry.output,
    input: entry.input,
    index: [...unravel(entry.outElement, outShape), ...unravel(entry.inElement, inShape)],
    analytical: entry.analytical,
    numerical: entry.numerical,
  };
  if (entry.complex) {
    out.analyticalImag = entry.analyticalImag;
    out.numericalImag = entry.numericalImag;
  }
  return out;
}

/** A number for a message: up to 10 significant digits, no trailing noise. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(10)));
}

/** An option value for a message: 1e-6 rather than 0.000001. */
export function formatOption(v: number): string {
  return v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential() : String(v);
}

/** "−4.5" or "1.25 − 2i" for an entry's value. */
export function formatEntryValue(re: number, im: number, complex: boolean): string {
  if (!complex) return formatValue(re);
  return `${formatValue(re)} ${im < 0 || Object.is(im, -0) ? '−' : '+'} ${formatValue(Math.abs(im))}i`;
}

/** The sentence about the worst entry of a failed comparison, shared by every check's message. */
export function describeWorst(entry: TrackedEntry, atol: number, rtol: number, atolScale = 1): string {
  const a = formatEntryValue(entry.analytical, entry.analyticalImag, entry.complex);
  const n = formatEntryValue(entry.numerical, entry.numericalImag, entry.complex);
  const diff = entry.complex
    ? Math.hypot(entry.analytical - entry.numerical, entry.analyticalImag - entry.numericalImag)
    : Math.abs(entry.analytical - entry.numerical);
  const magnitude = entry.complex ? Math.hypot(entry.numerical, entry.numericalImag) : Math.abs(entry.numerical);
  const tolerance = atol * atolScale + rtol * magnitude;
  return `analytical ${a}, numerical ${n} (|analytical − numerical| = ${formatValue(diff)} > atol + rtol·|numerical| = ${formatValue(tolerance)})`;
}
