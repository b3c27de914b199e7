/**
 * Householder reflector helpers shared by the dense factorizations (QR, Hermitian tridiagonalization).
 *
 * Sources: LAPACK dlarfg / zlarfg (elementary reflector generation), dnrm2 / dznrm2 (scaled 2-norm), dlapy2 / dlapy3
 * (overflow-safe hypot). See also Golub & Van Loan, "Matrix Computations" (4th ed.), §5.1.2–5.1.4.
 *
 * A reflector is H = I − τ·v·vᴴ with v(0) = 1. `larfg*` chooses v and τ so that Hᴴ·(α; x) = (β; 0) with β REAL
 * (for complex input too), exactly the LAPACK convention; H is unitary, and τ = 0 means H = I.
 *
 * Storage: vectors live inside a Float64Array at an element offset with an element stride. For complex vectors the
 * array holds interleaved (re, im) pairs, offsets are counted in scalars and strides in complex elements.
 * Assumptions: the entries are finite (callers check for NaN/Inf first).
 */

/** Smallest positive normal double (LAPACK dlamch('S')). */
export const SAFE_MIN = 2.2250738585072014e-308;
/** Unit roundoff 2⁻⁵³ (LAPACK dlamch('E')). */
export const EPS = 1.1102230246251565e-16;
/** Below this |β| the reflector generation rescales (LAPACK dlarfg: safmin / eps). */
const LARFG_TINY = SAFE_MIN / EPS;
/** Sums of squares inside [SSQ_LOW, ∞) are accurate without scaling (underflowed terms are negligible). */
const SSQ_LOW = 1e-270;

/**
 * sqrt(x² + y²) without destructive overflow or underflow (LAPACK dlapy2). Not for inner loops of O(n³) work.
 */
export function lapy2(x: number, y: number): number {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  const w = Math.max(ax, ay);
  const z = Math.min(ax, ay);
  if (z === 0 || w === Number.POSITIVE_INFINITY) return w;
  const q = z / w;
  return w * Math.sqrt(1 + q * q);
}

/** sqrt(x² + y² + z²) without destructive overflow or underflow (LAPACK dlapy3). */
export function lapy3(x: number, y: number, z: number): number {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  const az = Math.abs(z);
  const w = Math.max(ax, ay, az);
  if (w === 0) return 0;
  const qx = ax / w;
  const qy = ay / w;
  const qz = az / w;
  return w * Math.sqrt(qx * qx + qy * qy + qz * qz);
}

/**
 * Euclidean norm of `count` real entries x[off + k·inc] (LAPACK dnrm2). Fast unscaled sum of squares; a second,
 * scaled pass runs only when that sum overflowed or may have lost accuracy to underflow.
 */
export function nrm2Real(count: number, x: Float64Array, off: number, inc: number): number {
  let ssq = 0;
  for (let k = 0, p = off; k < count; k++, p += inc) {
    const t = x[p];
    ssq += t * t;
  }
  if (ssq >= SSQ_LOW && ssq < Number.POSITIVE_INFINITY) return Math.sqrt(ssq);
  let big = 0;
  for (let k = 0, p = off; k < count; k++, p += inc) {
    const t = Math.abs(x[p]);
    if (t > big) big = t;
  }
  if (big === 0) return 0;
  ssq = 0;
  for (let k = 0, p = off; k < count; k++, p += inc) {
    const t = x[p] / big;
    ssq += t * t;
  }
  return big * Math.sqrt(ssq);
}

/**
 * Euclidean norm of `count` complex entries at x[off + 2·k·inc] (re) / +1 (im) (LAPACK dznrm2), scaled as
 * {@link nrm2Real}.
 */
export function nrm2Complex(count: number, x: Float64Array, off: number, inc: number): number {
  const step = 2 * inc;
  let ssq = 0;
  for (let k = 0, p = off; k < count; k++, p += step) {
    const re = x[p];
    const im = x[p + 1];
    ssq += re * re + im * im;
  }
  if (ssq >= SSQ_LOW && ssq < Number.POSITIVE_INFINITY) return Math.sqrt(ssq);
  let big = 0;
  for (let k = 0, p = off; k < count; k++, p += step) {
    const re = Math.abs(x[p]);
    const im = Math.abs(x[p + 1]);
    if (re > big) big = re;
    if (im > big) big = im;
  }
  if (big === 0) return 0;
  ssq = 0;
  for (let k = 0, p = off; k < count; k++, p += step) {
    const re = x[p] / big;
    const im = x[p + 1] / big;
    ssq += re * re + im * im;
  }
  return big * Math.sqrt(ssq);
}

/**
 * Generates a real elementary reflector (LAPACK dlarfg). On entry α = x[alphaIdx] and the tail is the `len − 1`
 * entries x[xOff + k·inc]. On exit x[alphaIdx] = β and the tail holds v(1:len−1) (v(0) = 1 is implicit).
 *
 * @returns τ (0 when the tail is already zero, i.e. H = I).
 */
export function larfgReal(len: number, x: Float64Array, alphaIdx: number, xOff: number, inc: number): number {
  if (len <= 1) return 0;
  const tail = len - 1;
  let xnorm = nrm2Real(tail, x, xOff, inc);
  if (xnorm === 0) return 0;
  let alpha = x[alphaIdx];
  let beta = -Math.sign(alpha || 1) * lapy2(alpha, xnorm);
  let rescales = 0;
  if (Math.abs(beta) < LARFG_TINY) {
    // β may be inaccurate: scale the vector up (at most 20 times, as LAPACK) and recompute.
    const up = 1 / LARFG_TINY;
    do {
      rescales++;
      for (let k = 0, p = xOff; k < tail; k++, p += inc) x[p] *= up;
      beta *= up;
      alpha *= up;
    } while (Math.abs(beta) < LARFG_TINY && rescales < 20);
    xnorm = nrm2Real(tail, x, xOff, inc);
    beta = -Math.sign(alpha || 1) * lapy2(alpha, xnorm);
  }
  const tau = (beta - alpha) / beta;
  const scal = 1 / (alpha - beta);
  for (let k = 0, p = xOff; k < tail; k++, p += inc) x[p] *= scal;
  for (let j = 0; j < rescales; j++) beta *= LARFG_TINY;
  x[alphaIdx] = beta;
  return tau;
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
  tau[tauIdx] = 0;
  tau[tauIdx + 1] = 0;
  if (len <= 0) return;
  const tail = len - 1;
  const step = 2 * inc;
  let xnorm = nrm2Complex(tail, x, xOff, inc);
  let alphr = x[alphaIdx];
  let alphi = x[alphaIdx + 1];
  if (xnorm === 0 && alphi === 0) return;
  let beta = -Math.sign(alphr || 1) * lapy3(alphr, alphi, xnorm);
  let rescales = 0;
  if (Math.abs(beta) < LARFG_TINY) {
    const up = 1 / LARFG_TINY;
    do {
      rescales++;
      for (let k = 0, p = xOff; k < tail; k++, p += step) {
        x[p] *= up;
        x[p + 1] *= up;
      }
      beta *= up;
      alphr *= up;
      alphi *= up;
    } while (Math.abs(beta) < LARFG_TINY && rescales < 20);
    xnorm = nrm2Complex(tail, x, xOff, inc);
    beta = -Math.sign(alphr || 1) * lapy3(alphr, alphi, xnorm);
  }
  tau[tauIdx] = (beta - alphr) / beta;
  tau[tauIdx + 1] = -alphi / beta;
  // scal = 1 / (α − β), by Smith's algorithm.
  const dr = alphr - beta;
  const di = alphi;
  let sr: number;
  let si: number;
  if (Math.abs(dr) >= Math.abs(di)) {
    const r = di / dr;
    const den = dr + di * r;
    sr = 1 / den;
    si = -r / den;
  } else {
    const r = dr / di;
    const den = dr * r + di;
    sr = r / den;
    si = -1 / den;
  }
  for (let k = 0, p = xOff; k < tail; k++, p += step) {
    const re = x[p];
    const im = x[p + 1];
    x[p] = re * sr - im * si;
    x[p + 1] = re * si + im * sr;
  }
  for (let j = 0; j < rescales; j++) beta *= LARFG_TINY;
  x[alphaIdx] = beta;
  x[alphaIdx + 1] = 0;
}
