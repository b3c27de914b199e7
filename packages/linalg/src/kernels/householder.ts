/**
 * Householder reflectors, real and complex (interleaved re/im).
 *
 * Sources: LAPACK dlarfg/zlarfg (generation), dlarf/zlarf (application), dlapy2/dlapy3 (safe hypot), dnrm2;
 * Golub & Van Loan, "Matrix Computations", 4th ed., §5.1.
 *
 * A reflector is H = I − τ·v·vᴴ with v[0] = 1. Generation follows the LAPACK convention Hᴴ·(α; x) = (β; 0) with
 * β REAL (also for complex α), so that bidiagonal/tridiagonal reductions built from it are real.
 * Real: τ = 0 (H = I) or 1 ≤ τ ≤ 2. Complex: 1 ≤ Re τ ≤ 2 and |τ − 1| ≤ 1, or τ = 0.
 *
 * Offsets and strides are in scalars (Float64Array elements); a complex entry occupies two consecutive scalars.
 * Matrices are row-major with a row stride `lda` (in scalars). No routine here allocates.
 */

import { EPS, SAFMIN } from './machine';

/** dlarfg's rescaling threshold: safe minimum / eps (|β| below it means x was rescaled). */
export const LARFG_SAFMIN = SAFMIN / EPS;
const LARFG_RSAFMN = 1 / LARFG_SAFMIN;
/** The plain sum of squares is trusted when it lies in [SSQ_LO, SSQ_HI] (no harmful underflow/overflow). */
const SSQ_LO = 2 ** -960;
const SSQ_HI = 2 ** 960;

/** sqrt(a² + b²) without unnecessary overflow/underflow (LAPACK dlapy2). Not for inner loops. */
export function safeHypot(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  const w = Math.max(x, y);
  const z = Math.min(x, y);
  if (z === 0 || w === Number.POSITIVE_INFINITY) return w;
  const q = z / w;
  return w * Math.sqrt(1 + q * q);
}

/** sqrt(a² + b² + c²) without unnecessary overflow/underflow (LAPACK dlapy3). */
export function safeHypot3(a: number, b: number, c: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  const z = Math.abs(c);
  const w = Math.max(x, y, z);
  if (w === 0) return x + y + z;
  const p = x / w;
  const q = y / w;
  const r = z / w;
  return w * Math.sqrt(p * p + q * q + r * r);
}

/**
 * 2-norm of `count` real scalars x[off + i·inc]. Fast path: plain sum of squares; when that sum is out of the safe
 * range the norm is recomputed with scaling by the max-abs entry (as the classic LAPACK dnrm2 does).
 */
export function nrm2Real(count: number, x: Float64Array, off: number, inc: number): number {
  let ssq = 0;
  for (let i = 0, p = off; i < count; i++, p += inc) {
    const v = x[p];
    ssq += v * v;
  }
  if (ssq >= SSQ_LO && ssq <= SSQ_HI) return Math.sqrt(ssq);
  let amax = 0;
  for (let i = 0, p = off; i < count; i++, p += inc) {
    const v = Math.abs(x[p]);
    if (v > amax) amax = v;
  }
  if (amax === 0 || amax === Number.POSITIVE_INFINITY) return amax;
  ssq = 0; // divide (1/amax may overflow for subnormal amax)
  for (let i = 0, p = off; i < count; i++, p += inc) {
    const v = x[p] / amax;
    ssq += v * v;
  }
  return amax * Math.sqrt(ssq);
}

/** 2-norm of `count` complex entries (x[p], x[p+1]), p = off + i·inc (LAPACK dznrm2), same strategy as nrm2Real. */
export function nrm2Complex(count: number, x: Float64Array, off: number, inc: number): number {
  let ssq = 0;
  for (let i = 0, p = off; i < count; i++, p += inc) {
    const re = x[p];
    const im = x[p + 1];
    ssq += re * re + im * im;
  }
  if (ssq >= SSQ_LO && ssq <= SSQ_HI) return Math.sqrt(ssq);
  let amax = 0;
  for (let i = 0, p = off; i < count; i++, p += inc) {
    const re = Math.abs(x[p]);
    const im = Math.abs(x[p + 1]);
    if (re > amax) amax = re;
    if (im > amax) amax = im;
  }
  if (amax === 0 || amax === Number.POSITIVE_INFINITY) return amax;
  ssq = 0;
  for (let i = 0, p = off; i < count; i++, p += inc) {
    const re = x[p] / amax;
    const im = x[p + 1] / amax;
    ssq += re * re + im * im;
  }
  return amax * Math.sqrt(ssq);
}

function scaleReal(count: number, f: number, x: Float64Array, off: number, inc: number): void {
  for (let i = 0, p = off; i < count; i++, p += inc) x[p] *= f;
}

function scaleComplex(count: number, fr: number, fi: number, x: Float64Array, off: number, inc: number): void {
  for (let i = 0, p = off; i < count; i++, p += inc) {
    const re = x[p];
    const im = x[p + 1];
    x[p] = fr * re - fi * im;
    x[p + 1] = fr * im + fi * re;
  }
}

/**
 * larfgReal for an x whose plain sum of squares `ssq` is already known, leaving x unscaled: sets β and τ as larfgReal
 * does and returns 1/(α − β), the factor x must still be multiplied by (x·f is larfgReal's v[1..] exactly). Returns 0,
 * doing nothing, where larfgReal must run instead: ssq outside the range where the plain sum is trusted (also 0 and
 * NaN), or β small enough for LAPACK's rescaling.
 */
export function larfgRealDeferred(ssq: number, a: Float64Array, alphaOff: number, tau: Float64Array, tauOff: number) {
  if (!(ssq >= SSQ_LO && ssq <= SSQ_HI)) return 0;
  const xnorm = Math.sqrt(ssq);
  const alpha = a[alphaOff];
  const beta = alpha >= 0 ? -safeHypot(alpha, xnorm) : safeHypot(alpha, xnorm);
  if (Math.abs(beta) < LARFG_SAFMIN) return 0;
  tau[tauOff] = (beta - alpha) / beta;
  a[alphaOff] = beta;
  return 1 / (alpha - beta);
}

/**
 * Real reflector generation (LAPACK dlarfg). Input: α = a[alphaOff], x = a[xOff + i·incx], i < len.
 * Output: a[alphaOff] = β, x overwritten by v[1..], tau[tauOff] = τ, with H·(α; x) = (β; 0), H = I − τ·v·vᵀ.
 */
export function larfgReal(
  len: number,
  a: Float64Array,
  alphaOff: number,
  xOff: number,
  incx: number,
  tau: Float64Array,
  tauOff: number,
): void {
  let xnorm = len > 0 ? nrm2Real(len, a, xOff, incx) : 0;
  if (xnorm === 0) {
    tau[tauOff] = 0;
    return;
  }
  let alpha = a[alphaOff];
  let beta = alpha >= 0 ? -safeHypot(alpha, xnorm) : safeHypot(alpha, xnorm);
  let knt = 0;
  if (Math.abs(beta) < LARFG_SAFMIN) {
    // β may be inaccurate: rescale x and α (at most a few times; β ≥ 2^-1074 guarantees termination).
    do {
      knt++;
      scaleReal(len, LARFG_RSAFMN, a, xOff, incx);
      beta *= LARFG_RSAFMN;
      alpha *= LARFG_RSAFMN;
    } while (Math.abs(beta) < LARFG_SAFMIN && knt < 20);
    xnorm = nrm2Real(len, a, xOff, incx);
    beta = alpha >= 0 ? -safeHypot(alpha, xnorm) : safeHypot(alpha, xnorm);
  }
  tau[tauOff] = (beta - alpha) / beta;
  scaleReal(len, 1 / (alpha - beta), a, xOff, incx);
  for (let j = 0; j < knt; j++) beta *= LARFG_SAFMIN;
  a[alphaOff] = beta;
}

/**
 * Complex reflector generation (LAPACK zlarfg). α = (a[alphaOff], a[alphaOff+1]), x entries at xOff + i·incx.
 * Output: α := (β, 0) with β real, x := v[1..], (tau[tauOff], tau[tauOff+1]) = τ, with Hᴴ·(α; x) = (β; 0).
 * Note that even for len = 0 a non-trivial H (a pure phase) is produced when Im α ≠ 0, making β real.
 */
export function larfgComplex(
  len: number,
  a: Float64Array,
  alphaOff: number,
  xOff: number,
  incx: number,
  tau: Float64Array,
  tauOff: number,
): void {
  let xnorm = len > 0 ? nrm2Complex(len, a, xOff, incx) : 0;
  let alphr = a[alphaOff];
  let alphi = a[alphaOff + 1];
  if (xnorm === 0 && alphi === 0) {
    tau[tauOff] = 0;
    tau[tauOff + 1] = 0;
    return;
  }
  let beta = alphr >= 0 ? -safeHypot3(alphr, alphi, xnorm) : safeHypot3(alphr, alphi, xnorm);
  let knt = 0;
  if (Math.abs(beta) < LARFG_SAFMIN) {
    do {
      knt++;
      scaleComplex(len, LARFG_RSAFMN, 0, a, xOff, incx);
      beta *= LARFG_RSAFMN;
      alphr *= LARFG_RSAFMN;
      alphi *= LARFG_RSAFMN;
    } while (Math.abs(beta) < LARFG_SAFMIN && knt < 20);
    xnorm = nrm2Complex(len, a, xOff, incx);
    beta = alphr >= 0 ? -safeHypot3(alphr, alphi, xnorm) : safeHypot3(alphr, alphi, xnorm);
  }
  tau[tauOff] = (beta - alphr) / beta;
  tau[tauOff + 1] = -alphi / beta;
  // x := x / (α − β), the reciprocal by Smith's algorithm (|α − β| ≥ |β|, so no overflow).
  const p = alphr - beta;
  const q = alphi;
  let rr: number;
  let ri: number;
  if (Math.abs(q) <= Math.abs(p)) {
    const r = q / p;
    const den = p + q * r;
    rr = 1 / den;
    ri = -r / den;
  } else {
    const r = p / q;
    const den = p * r + q;
    rr = r / den;
    ri = -1 / den;
  }
  scaleComplex(len, rr, ri, a, xOff, incx);
  for (let j = 0; j < knt; j++) beta *= LARFG_SAFMIN;
  a[alphaOff] = beta;
  a[alphaOff + 1] = 0;
}

/**
 * A := (I − τ·v·vᵀ)·A for the mr×nc real block at a[aOff] (row stride lda); v contiguous (mr entries at vOff, v[0]
 * normally 1). Computes w = vᵀA row by row so that both passes run along contiguous rows. work: ≥ nc scalars.
 */
export function applyLeftReal(
  mr: number,
  nc: number,
  tau: number,
  v: Float64Array,
  vOff: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  work: Float64Array,
): void {
  if (tau === 0 || mr === 0 || nc === 0) return;
  work.fill(0, 0, nc);
  // w = vᵀ·A, two rows per pass over w.
  let r = 0;
  for (; r + 1 < mr; r += 2) {
    const v0 = v[vOff + r];
    const v1 = v[vOff + r + 1];
    const row0 = aOff + r * lda;
    const row1 = row0 + lda;
    for (let j = 0; j < nc; j++) work[j] += v0 * a[row0 + j] + v1 * a[row1 + j];
  }
  if (r < mr) {
    const v0 = v[vOff + r];
    const row0 = aOff + r * lda;
    for (let j = 0; j < nc; j++) work[j] += v0 * a[row0 + j];
  }
  // A −= (τ·v)·w, two rows per pass over w.
  r = 0;
  for (; r + 1 < mr; r += 2) {
    const f0 = tau * v[vOff + r];
    const f1 = tau * v[vOff + r + 1];
    const row0 = aOff + r * lda;
    const row1 = row0 + lda;
    for (let j = 0; j < nc; j++) {
      const wj = work[j];
      a[row0 + j] -= f0 * wj;
      a[row1 + j] -= f1 * wj;
    }
  }
  if (r < mr) {
    const f0 = tau * v[vOff + r];
    const row0 = aOff + r * lda;
    for (let j = 0; j < nc; j++) a[row0 + j] -= f0 * work[j];
  }
}

/** x·y over n contiguous entries, with four partial sums (a single running sum is add-latency bound). */
export function dotReal(n: number, x: Float64Array, xo: number, y: Float64Array, yo: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    s0 += x[xo + j] * y[yo + j];
    s1 += x[xo + j + 1] * y[yo + j + 1];
    s2 += x[xo + j + 2] * y[yo + j + 2];
    s3 += x[xo + j + 3] * y[yo + j + 3];
  }
  for (; j < n; j++) s0 += x[xo + j] * y[yo + j];
  return s0 + s1 + (s2 + s3);
}

/** A := A·(I − τ·v·vᵀ) for the mr×nc real block at a[aOff] (row stride lda); v contiguous, nc entries at vOff. */
export function applyRightReal(
  mr: number,
  nc: number,
  tau: number,
  v: Float64Array,
  vOff: number,
  a: Float64Array,
  aOff: number,
  lda: number,
): void {
  if (tau === 0 || mr === 0 || nc === 0) return;
  let r = 0;
  // Two rows at a time: each load of v serves both rows.
  for (; r + 1 < mr; r += 2) {
    const row0 = aOff + r * lda;
    const row1 = row0 + lda;
    let s0 = 0;
    let s1 = 0;
    let t0 = 0;
    let t1 = 0;
    let j = 0;
    for (; j + 1 < nc; j += 2) {
      const va = v[vOff + j];
      const vb = v[vOff + j + 1];
      s0 += a[row0 + j] * va;
      t0 += a[row1 + j] * va;
      s1 += a[row0 + j + 1] * vb;
      t1 += a[row1 + j + 1] * vb;
    }
    if (j < nc) {
      const va = v[vOff + j];
      s0 += a[row0 + j] * va;
      t0 += a[row1 + j] * va;
    }
    const f0 = tau * (s0 + s1);
    const f1 = tau * (t0 + t1);
    for (j = 0; j < nc; j++) {
      const vj = v[vOff + j];
      a[row0 + j] -= f0 * vj;
      a[row1 + j] -= f1 * vj;
    }
  }
  if (r < mr) {
    const row = aOff + r * lda;
    const f = tau * dotReal(nc, a, row, v, vOff);
    for (let j = 0; j < nc; j++) a[row + j] -= f * v[vOff + j];
  }
}

/**
 * A := A·(I − τa·va·vaᵀ)·(I − τb·vb·vbᵀ) for the mr×nc real block at a[aOff] (row stride lda); va, vb contiguous
 * (nc entries each). Two reflectors and two rows per pass: x·H_a·H_b = x − fa·vaᵀ − fb·vbᵀ with fa = τa·(x·va),
 * fb = τb·(x·vb − fa·(va·vb)), so every loaded element of va, vb and A serves four products.
 */
export function applyRight2Real(
  mr: number,
  nc: number,
  ta: number,
  va: Float64Array,
  vaOff: number,
  tb: number,
  vb: Float64Array,
  vbOff: number,
  a: Float64Array,
  aOff: number,
  lda: number,
): void {
  if (mr === 0 || nc === 0) return;
  const gamma = dotReal(nc, va, vaOff, vb, vbOff);
  let r = 0;
  for (; r + 1 < mr; r += 2) {
    const row0 = aOff + r * lda;
    const row1 = row0 + lda;
    let pa0 = 0;
    let pb0 = 0;
    let pa1 = 0;
    let pb1 = 0;
    for (let j = 0; j < nc; j++) {
      const x0 = a[row0 + j];
      const x1 = a[row1 + j];
      const ua = va[vaOff + j];
      const ub = vb[vbOff + j];
      pa0 += x0 * ua;
      pb0 += x0 * ub;
      pa1 += x1 * ua;
      pb1 += x1 * ub;
    }
    const fa0 = ta * pa0;
    const fb0 = tb * (pb0 - fa0 * gamma);
    const fa1 = ta * pa1;
    const fb1 = tb * (pb1 - fa1 * gamma);
    for (let j = 0; j < nc; j++) {
      const ua = va[vaOff + j];
      const ub = vb[vbOff + j];
      a[row0 + j] -= fa0 * ua + fb0 * ub;
      a[row1 + j] -= fa1 * ua + fb1 * ub;
    }
  }
  if (r < mr) {
    const row0 = aOff + r * lda;
    const fa0 = ta * dotReal(nc, a, row0, va, vaOff);
    const fb0 = tb * (dotReal(nc, a, row0, vb, vbOff) - fa0 * gamma);
    for (let j = 0; j < nc; j++) a[row0 + j] -= fa0 * va[vaOff + j] + fb0 * vb[vbOff + j];
  }
}

/**
 * A := (I − τ·v·vᴴ)·A for the mr×nc complex block at a[aOff] (row stride lda in scalars); τ = (tr, ti); v contiguous
 * complex (mr entries at vOff). work: ≥ 2·nc scalars. For A := Hᴴ·A pass conj(τ).
 */
export function applyLeftComplex(
  mr: number,
  nc: number,
  tr: number,
  ti: number,
  v: Float64Array,
  vOff: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  work: Float64Array,
): void {
  if ((tr === 0 && ti === 0) || mr === 0 || nc === 0) return;
  const nc2 = 2 * nc;
  work.fill(0, 0, nc2);
  // w = vᴴ·A
  for (let r = 0; r < mr; r++) {
    const vr = v[vOff + 2 * r];
    const vi = v[vOff + 2 * r + 1];
    if (vr === 0 && vi === 0) continue;
    const row = aOff + r * lda;
    for (let j = 0; j < nc2; j += 2) {
      const ar = a[row + j];
      const ai = a[row + j + 1];
      work[j] += vr * ar + vi * ai;
      work[j + 1] += vr * ai - vi * ar;
    }
  }
  // A −= (τ·v)·w
  for (let r = 0; r < mr; r++) {
    const vr = v[vOff + 2 * r];
    const vi = v[vOff + 2 * r + 1];
    const fr = tr * vr - ti * vi;
    const fi = tr * vi + ti * vr;
    if (fr === 0 && fi === 0) continue;
    const row = aOff + r * lda;
    for (let j = 0; j < nc2; j += 2) {
      const wr = work[j];
      const wi = work[j + 1];
      a[row + j] -= fr * wr - fi * wi;
      a[row + j + 1] -= fr * wi + fi * wr;
    }
  }
}

/**
 * A := A·(I − τ·v·vᴴ) for the mr×nc complex block at a[aOff] (row stride lda in scalars); τ = (tr, ti); v contiguous
 * complex (nc entries at vOff). For A := A·Hᴴ pass conj(τ).
 */
export function applyRightComplex(
  mr: number,
  nc: number,
  tr: number,
  ti: number,
  v: Float64Array,
  vOff: number,
  a: Float64Array,
  aOff: number,
  lda: number,
): void {
  if ((tr === 0 && ti === 0) || mr === 0 || nc === 0) return;
  const nc2 = 2 * nc;
  let r = 0;
  // Two rows at a time: each load of v serves both rows.
  for (; r + 1 < mr; r += 2) {
    const row0 = aOff + r * lda;
    const row1 = row0 + lda;
    // dot = A[r,:]·v
    let dr0 = 0;
    let di0 = 0;
    let dr1 = 0;
    let di1 = 0;
    for (let j = 0; j < nc2; j += 2) {
      const vr = v[vOff + j];
      const vi = v[vOff + j + 1];
      const ar = a[row0 + j];
      const ai = a[row0 + j + 1];
      const br = a[row1 + j];
      const bi = a[row1 + j + 1];
      dr0 += ar * vr - ai * vi;
      di0 += ar * vi + ai * vr;
      dr1 += br * vr - bi * vi;
      di1 += br * vi + bi * vr;
    }
    const fr0 = tr * dr0 - ti * di0;
    const fi0 = tr * di0 + ti * dr0;
    const fr1 = tr * dr1 - ti * di1;
    const fi1 = tr * di1 + ti * dr1;
    // A[r,:] −= f·conj(v)
    for (let j = 0; j < nc2; j += 2) {
      const vr = v[vOff + j];
      const vi = v[vOff + j + 1];
      a[row0 + j] -= fr0 * vr + fi0 * vi;
      a[row0 + j + 1] -= fi0 * vr - fr0 * vi;
      a[row1 + j] -= fr1 * vr + fi1 * vi;
      a[row1 + j + 1] -= fi1 * vr - fr1 * vi;
    }
  }
  if (r < mr) {
    const row = aOff + r * lda;
    let dr = 0;
    let di = 0;
    for (let j = 0; j < nc2; j += 2) {
      const ar = a[row + j];
      const ai = a[row + j + 1];
      const vr = v[vOff + j];
      const vi = v[vOff + j + 1];
      dr += ar * vr - ai * vi;
      di += ar * vi + ai * vr;
    }
    const fr = tr * dr - ti * di;
    const fi = tr * di + ti * dr;
    for (let j = 0; j < nc2; j += 2) {
      const vr = v[vOff + j];
      const vi = v[vOff + j + 1];
      a[row + j] -= fr * vr + fi * vi;
      a[row + j + 1] -= fi * vr - fr * vi;
    }
  }
}

/**
 * A := A·(I − τa·ua·uaᴴ)·(I − τb·ub·ubᴴ) for the mr×nc complex block at a[aOff] (row stride lda in scalars); τa =
 * (tar, tai), τb = (tbr, tbi); ua, ub contiguous complex (nc entries each). The complex twin of
 * {@link applyRight2Real}: x·H_a·H_b = x − fa·uaᴴ − fb·ubᴴ with fa = τa·(x·ua), fb = τb·(x·ub − fa·(uaᴴ·ub)), one pass
 * over each row.
 */
export function applyRight2Complex(
  mr: number,
  nc: number,
  tar: number,
  tai: number,
  ua: Float64Array,
  uaOff: number,
  tbr: number,
  tbi: number,
  ub: Float64Array,
  ubOff: number,
  a: Float64Array,
  aOff: number,
  lda: number,
): void {
  if (mr === 0 || nc === 0) return;
  const nc2 = 2 * nc;
  // γ = uaᴴ·ub.
  let gr = 0;
  let gi = 0;
  for (let j = 0; j < nc2; j += 2) {
    const ar = ua[uaOff + j];
    const ai = ua[uaOff + j + 1];
    const br = ub[ubOff + j];
    const bi = ub[ubOff + j + 1];
    gr += ar * br + ai * bi;
    gi += ar * bi - ai * br;
  }
  for (let r = 0; r < mr; r++) {
    const row = aOff + r * lda;
    let sar = 0;
    let sai = 0;
    let sbr = 0;
    let sbi = 0;
    for (let j = 0; j < nc2; j += 2) {
      const xr = a[row + j];
      const xi = a[row + j + 1];
      const ar = ua[uaOff + j];
      const ai = ua[uaOff + j + 1];
      const br = ub[ubOff + j];
      const bi = ub[ubOff + j + 1];
      sar += xr * ar - xi * ai;
      sai += xr * ai + xi * ar;
      sbr += xr * br - xi * bi;
      sbi += xr * bi + xi * br;
    }
    const far = tar * sar - tai * sai;
    const fai = tar * sai + tai * sar;
    const tr = sbr - (far * gr - fai * gi);
    const ti = sbi - (far * gi + fai * gr);
    const fbr = tbr * tr - tbi * ti;
    const fbi = tbr * ti + tbi * tr;
    // x −= fa·conj(ua) + fb·conj(ub)
    for (let j = 0; j < nc2; j += 2) {
      const ar = ua[uaOff + j];
      const ai = ua[uaOff + j + 1];
      const br = ub[ubOff + j];
      const bi = ub[ubOff + j + 1];
      a[row + j] -= far * ar + fai * ai + (fbr * br + fbi * bi);
      a[row + j + 1] -= fai * ar - far * ai + (fbi * br - fbr * bi);
    }
  }
}
