/**
 * Precision-dependent defaults of the gradient checks and the detection of values computed in single precision.
 *
 * Central differences (f(x + ε) − f(x − ε)) / 2ε have a truncation error ≈ ε²·|f‴|/6 and a rounding error
 * ≈ u·|f|/ε (u the unit roundoff), smallest near ε ≈ u^(1/3) (Nocedal & Wright, Numerical Optimization, §8.1).
 * Double precision (u = 1.1e-16) uses PyTorch's gradcheck defaults. For single precision (u = 6e-8) the best step is
 * ≈ u^(1/3) ≈ 4e-3; with ε = 3e-3 the truncation error of O(1)-scaled functions is ≈ 1.5e-6·|f‴| and the rounding
 * error stays below ≈ 2e-4 for sums of a thousand float32 terms (measured on tanh/softmax/matmul losses of 10 to 3 000
 * inputs: 1e-5 … 3e-4), so the tolerances are 1e-3 absolute plus 1e-2 relative — loose enough for correct float32
 * code of moderate size, tight enough to catch a wrong factor, sign or term (errors ≥ ~2 %). A larger ε would lower
 * the rounding error further but straddle more kinks (relu) of float32 networks.
 */

/** Finite-difference step and tolerances of a check. */
export interface CheckTolerances {
  eps: number;
  atol: number;
  rtol: number;
}

/** PyTorch's gradcheck defaults, for float64 / complex128 code. */
export const DOUBLE_PRECISION_TOLERANCES: Readonly<CheckTolerances> = Object.freeze({
  eps: 1e-6,
  atol: 1e-5,
  rtol: 1e-3,
});

/** Defaults for float32 / complex64 code (see the header for the derivation). */
export const SINGLE_PRECISION_TOLERANCES: Readonly<CheckTolerances> = Object.freeze({
  eps: 3e-3,
  atol: 1e-3,
  rtol: 1e-2,
});

/** Whether `v` has more than 12 significant bits (so that being exact in float32 is no coincidence). */
function hasLongMantissa(v: number): boolean {
  if (v === 0 || !Number.isFinite(v)) return false;
  const scale = 2 ** (11 - Math.floor(Math.log2(Math.abs(v))));
  return Math.round(v * scale) / scale !== v;
}

/**
 * Collects values a float64 computation produced and tells whether they were evidently computed in float32: every
 * finite value is exactly representable in float32 and at least one has more than 12 significant bits. A genuine
 * float64 result with a long mantissa is float32-exact with probability 2⁻²⁹, so a false alarm needs short binary
 * fractions only (integers, halves), for which the precision does not matter anyway.
 */
export class SinglePrecisionDetector {
  private allExact = true;
  private someLong = false;

  add(values: ArrayLike<number>): void {
    if (!this.allExact) return;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      if (Math.fround(v) !== v) {
        this.allExact = false;
        return;
      }
      if (!this.someLong && hasLongMantissa(v)) this.someLong = true;
    }
  }

  /** Whether everything added so far looks like float32 arithmetic. */
  get evident(): boolean {
    return this.allExact && this.someLong;
  }
}

/** Whether `values` were evidently computed in float32 (see {@link SinglePrecisionDetector}). */
export function evidentlySinglePrecision(values: ArrayLike<number>): boolean {
  const detector = new SinglePrecisionDetector();
  detector.add(values);
  return detector.evident;
}
