/**
 * Householder reflector helpers in the calling convention of the QR and Hermitian-tridiagonalization kernels, as thin
 * adapters over the one implementation in ./householder (LAPACK dlarfg / zlarfg, dnrm2 / dznrm2, dlapy2 / dlapy3;
 * Golub & Van Loan, "Matrix Computations" (4th ed.), §5.1.2–5.1.4).
 *
 * A reflector is H = I − τ·v·vᴴ with v(0) = 1; `larfg*` chooses v and τ so that Hᴴ·(α; x) = (β; 0) with β real.
 * Convention here: `len` counts α plus its tail, and complex strides count complex elements (./householder takes the
 * tail length and strides in scalars). Assumption: the entries are finite (callers check for NaN/Inf first).
 */
import {
  larfgComplex as larfgComplexTail,
  larfgReal as larfgRealTail,
  nrm2Complex as nrm2ComplexScalars,
  safeHypot,
  safeHypot3,
} from './householder';

export { nrm2Real } from './householder';

/** sqrt(x² + y²) without destructive overflow or underflow (LAPACK dlapy2). */
export const lapy2 = safeHypot;

/** sqrt(x² + y² + z²) without destructive overflow or underflow (LAPACK dlapy3). */
export const lapy3 = safeHypot3;

/** Euclidean norm of `count` complex entries at x[off + 2·k·inc] (re) / +1 (im) (LAPACK dznrm2). */
export function nrm2Complex(count: number, x: Float64Array, off: number, inc: number): number {
  return nrm2ComplexScalars(count, x, off, 2 * inc);
}

const tauScratch = new Float64Array(1);

/**
 * Generates a real elementary reflector (LAPACK dlarfg). On entry α = x[alphaIdx] and the tail is the `len − 1`
 * entries x[xOff + k·inc]. On exit x[alphaIdx] = β and the tail holds v(1:len−1) (v(0) = 1 is implicit).
 *
 * @returns τ (0 when the tail is already zero, i.e. H = I).
 */
export function larfgReal(len: number, x: Float64Array, alphaIdx: number, xOff: number, inc: number): number {
  if (len <= 1) return 0;
  larfgRealTail(len - 1, x, alphaIdx, xOff, inc, tauScratch, 0);
  return tauScratch[0];
}

/**
 * Generates a complex elementary reflector with real β (LAPACK zlarfg). On entry α = (x[alphaIdx], x[alphaIdx + 1])
 * and the tail is the `len − 1` complex entries at x[xOff + 2·k·inc]. On exit α is replaced by (β, 0), the tail by
 * v(1:len−1), and τ is written to (tau[tauIdx], tau[tauIdx + 1]). Unlike the real case a reflector is produced even
 * for len = 1 when α is not real, so that β is real.
 */
export function larfgComplex(
  len: number,
  x: Float64Array,
  alphaIdx: number,
  xOff: number,
  inc: number,
  tau: Float64Array,
  tauIdx: number,
): void {
  if (len <= 0) {
    tau[tauIdx] = 0;
    tau[tauIdx + 1] = 0;
    return;
  }
  larfgComplexTail(len - 1, x, alphaIdx, xOff, 2 * inc, tau, tauIdx);
}
