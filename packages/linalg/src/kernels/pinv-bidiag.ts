/**
 * Pseudo-inverse of a real matrix of full numerical rank from its bidiagonal reduction, without its singular vectors.
 * With W = A (m ≥ n) or Aᵀ (m < n), M×N, reduced by ./svd's first stage to W = Q·[B; 0]·Pᵀ (LAPACK dgebrd: B upper
 * bidiagonal, Q and P products of Householder reflectors left in the workspace), and every singular value kept
 * (σ_N > max(atol, rtol·σ₁)), pinv(W) = W⁺ = P·B⁻¹·[I 0]·Qᵀ, so
 *
 *   pinv(W)ᵀ = Q·[(P·B⁻¹)ᵀ; 0],
 *
 * formed by two blocked reflector applications (./ormbr, dormbr with compact WY: about 2·N³ + 2·N²·(2M − N) flops in
 * GEMMs). This replaces the divide-and-conquer bidiagonal SVD with vectors (dbdsdc), forming U = Q·U_B and V = P·V_B
 * (the same 2·N³ + 2·N²·(2M − N)) and the product V·S⁻¹·Uᵀ (2·M·N² more) of the SVD route: the singular values alone
 * come from the bidiagonal (./bdsqr without vectors, O(N²); Demmel & Kahan, SIAM J. Sci. Stat. Comput. 11(5), 1990),
 * and they decide whether every σ is kept (the caller's thresholding) — unless {@link pinvBidiagCertify} proves it
 * from ‖B‖_F and ‖B⁻¹‖_F first (the certificate of ./pinv-lu), which skips even them.
 *
 * B⁻¹ is upper triangular with (B⁻¹)ᵢⱼ = (1/d_j)·Π_{i≤l<j} (−e_l/d_l): each entry is a product of at most 2(j − i) + 1
 * correctly rounded factors, so the computed B⁻¹ has a componentwise relative error ≤ (2N + 1)·eps, and every partial
 * product is itself an entry of B⁻¹, bounded by ‖B⁻¹‖₂ = 1/σ_N (no spurious overflow). The result is that of an
 * exactly inverted W + E with ‖E‖ = O(eps·‖W‖) (dgebrd and the reflector applications are backward stable), so its
 * relative error is O(eps·κ), as the SVD route's; the singular values are those of bdsqr's values-only path, which
 * agree with divide and conquer's to O(N·eps·σ₁).
 *
 * Assumptions: real input, not QR-first (./svd usesQrFirst), reduced by svdRealBidiag into the SvdWorkspace `ws` and
 * not modified since; `σ_N ≥ MIN_SIGMA` of the scaled matrix (else 1/σ could overflow: the caller takes the SVD route).
 */

import { bdsqr } from './bdsqr';
import { transposeScaled } from './geqrf';
import { applyPReal, applyQReal, ormbrWorkSize } from './ormbr';
import { CERTIFY_MARGIN } from './pinv-lu';
import type { SvdWorkspace } from './svd';

/** Smallest min(m, n) taken by this path (below, the bidiagonal QR with vectors is as cheap; see ops/pinv-batch.ts). */
export const BIDIAG_PINV_MIN = 2;
/** Smallest σ_N (of the matrix as scaled by ./svd) inverted here: 1/σ ≤ 2^1000 leaves room for the GEMM sums. */
export const MIN_SIGMA = 2 ** -1000;

/** Scratch of {@link pinvBidiagSigma} and {@link pinvBidiagApply} for an m×n matrix. */
export interface PinvBidiagWorkspace {
  readonly m: number;
  readonly n: number;
  /** Copies of d and e for the values-only bidiagonal SVD (N each), its rotation scratch (4N). */
  readonly d: Float64Array;
  readonly e: Float64Array;
  readonly rot: Float64Array;
  /** B⁻¹, then P·B⁻¹ (N×N); pinv(W)ᵀ (M×N); the blocked reflector application's work. */
  readonly x: Float64Array;
  readonly z: Float64Array;
  readonly bw: Float64Array;
}

export function createPinvBidiagWorkspace(m: number, n: number): PinvBidiagWorkspace {
  const M = Math.max(m, n);
  const N = Math.min(m, n);
  return {
    m,
    n,
    d: new Float64Array(N),
    e: new Float64Array(N),
    rot: new Float64Array(4 * N),
    x: new Float64Array(N * N),
    z: new Float64Array(M * N),
    bw: new Float64Array(ormbrWorkSize(M, N)),
  };
}

/**
 * The singular values of the bidiagonal B in `ws` (after svdRealBidiag), descending, as those of A (unscaled) at
 * s[sOff..]; B itself is kept for {@link pinvBidiagApply} or ./svd's svdRealFinish. Returns bdsqr's status (0, or
 * the count of unconverged superdiagonals).
 */
export function pinvBidiagSigma(ws: SvdWorkspace, pw: PinvBidiagWorkspace, s: Float64Array, sOff: number): number {
  const N = Math.min(ws.m, ws.n);
  const { d, e } = pw;
  for (let i = 0; i < N; i++) d[i] = ws.d[i];
  for (let i = 0; i < N - 1; i++) e[i] = ws.e[i];
  const info = bdsqr(N, d, e, null, 0, null, 0, pw.rot);
  if (info !== 0) return info;
  const [g1, g2] = unscaleFactors(ws.scaleExp);
  for (let i = 0; i < N; i++) s[sOff + i] = d[i] * g1 * g2;
  return 0;
}

/**
 * B⁻¹ into pw.x (after svdRealBidiag; entries are ±Infinity or NaN when B is singular or 1/σ_N overflows), and
 * whether it CERTIFIES that every singular value of A is kept, without computing them (as ./pinv-lu does for LU):
 * σ₁ ≤ ‖B‖_F = ‖A‖_F·2^p and σ_N = 1/‖B⁻¹‖₂ ≥ 1/‖B⁻¹‖_F, so every σ is kept, none within PINV_CUTOFF_BAND of the cutoff,
 * when 1/‖A⁻¹‖_F > CERTIFY_MARGIN·max(atol, max(rtol, 0)·‖A‖_F) (norms of the unscaled A, ‖A⁻¹‖_F meaning ‖B⁻¹‖_F·2^p);
 * and κ_F = ‖B‖_F·‖B⁻¹‖_F ≤ kappaMax (the caller's: below pinv's ill-conditioning warning limit, which then cannot
 * apply); and σ_N ≥ MIN_SIGMA in the scaled units (‖B⁻¹‖_F ≤ 1/MIN_SIGMA). ‖B⁻¹‖_F is accurate to (2N + 1)·eps relative
 * (see the file comment), far inside the margin.
 */
export function pinvBidiagCertify(
  ws: SvdWorkspace,
  pw: PinvBidiagWorkspace,
  atol: number,
  rtol: number,
  kappaMax: number,
): boolean {
  const N = Math.min(ws.m, ws.n);
  const { d, e } = ws;
  const x = pw.x;
  bidiagInverseColumns(N, d, e, 0, N, x);
  let fx = 0;
  let fb = 0;
  for (let i = N - 1; i >= 0; i--) {
    fb += d[i] * d[i];
    if (i < N - 1) fb += e[i] * e[i];
    for (let j = i; j < N; j++) fx += x[i * N + j] * x[i * N + j];
  }
  fx = Math.sqrt(fx);
  fb = Math.sqrt(fb);
  if (!(fx * fb <= kappaMax && fx <= 1 / MIN_SIGMA)) return false;
  const [g1, g2] = unscaleFactors(ws.scaleExp);
  const fa = fb * g1 * g2; // ‖A‖_F
  const fxa = fx / g1 / g2; // ‖A⁻¹‖_F-like bound of 1/σ_N(A)
  return 1 / fxa > CERTIFY_MARGIN * Math.max(atol, Math.max(rtol, 0) * fa);
}

/** Whether σ_N of the scaled matrix (from {@link pinvBidiagSigma}) is at least MIN_SIGMA, as pinvBidiagApply needs. */
export function pinvBidiagInvertible(pw: PinvBidiagWorkspace): boolean {
  return pw.d[pw.d.length - 1] >= MIN_SIGMA;
}

/**
 * Columns [c0, c0 + cols) of B⁻¹ (upper triangular, B from d and e) into y (N×cols, row-major), by rows from the
 * bottom: row i = (1/d_i)·eᵢ − (e_i/d_i)·row i+1. Each entry comes out the same whichever columns are asked for.
 */
export function bidiagInverseColumns(
  N: number,
  d: Float64Array,
  e: Float64Array,
  c0: number,
  cols: number,
  y: Float64Array,
): void {
  for (let i = N - 1; i >= 0; i--) {
    const ri = i * cols - c0; // y index of column j of row i: ri + j
    const j0 = Math.max(c0, i);
    const j1 = c0 + cols;
    y.fill(0, ri + c0, ri + Math.min(j0, j1));
    if (j0 >= j1) continue;
    let j = j0;
    if (j === i) y[ri + j++] = 1 / d[i];
    const f = -e[i] / d[i];
    for (; j < j1; j++) y[ri + j] = f * y[ri + cols + j];
  }
}

/**
 * The operands of the products of {@link pinvBidiagApply}: m, n, gebrdReal's W (M×N), d, e, τq, τp, the unscaling
 * factors f1, f2 (pinv(A) = f1·f2·pinv(W)), and P (n×m at p[pOff..]).
 */
export type PinvApplyOperands = [
  m: number,
  n: number,
  w: Float64Array,
  d: Float64Array,
  e: Float64Array,
  tauq: Float64Array,
  taup: Float64Array,
  f1: number,
  f2: number,
  p: Float64Array,
  pOff: number,
];

/**
 * Writes P as {@link pinvBidiagApply} does on one thread (bit-identical), sharing the work among threads, and returns
 * true — or returns false (nothing done) when it declines the job.
 */
let splitter: ((...args: PinvApplyOperands) => boolean) | null = null;

/** Installs the multi-threaded driver (../threads/split-batch.ts does, on the calling thread only; ./split-pinv.ts). */
export function setPinvApplySplitter(f: typeof splitter): void {
  splitter = f;
}

/**
 * P (n×m at p[pOff..]) := pinv(A) by the formula of the file comment, after {@link pinvBidiagCertify} (B⁻¹ in pw.x),
 * when every singular value is kept and σ_N ≥ MIN_SIGMA (certified, or {@link pinvBidiagInvertible}): X = P·B⁻¹, then
 * {@link pinvSlabQ} of all its rows.
 */
export function pinvBidiagApply(ws: SvdWorkspace, pw: PinvBidiagWorkspace, p: Float64Array, pOff: number): void {
  const { m, n, w, tauq } = ws;
  const N = Math.min(m, n);
  const [f1, f2] = unscaleFactors(-ws.scaleExp);
  if (splitter?.(m, n, w, ws.d, ws.e, tauq, ws.taup, f1, f2, p, pOff)) return;
  applyPReal(N, w, ws.taup, pw.x, 0, N, pw.bw, pw.z); // B⁻¹ is upper triangular
  pinvSlabQ(pw.z, pw.bw, m, n, w, tauq, pw.x, 0, N, f1, f2, p, pOff, N);
}

/**
 * The operands of {@link pinvSlabQ}: m, n, gebrdReal's W and τq, X (N×N), the rows [c0, c0 + cols) of X, the
 * unscaling factors, and where the result goes (out, outOff, and its row stride ld when m < n).
 */
export type SlabQOperands = [
  m: number,
  n: number,
  w: Float64Array,
  tauq: Float64Array,
  x: Float64Array,
  c0: number,
  cols: number,
  f1: number,
  f2: number,
  out: Float64Array,
  outOff: number,
  ld: number,
];

/**
 * Rows [c0, c0 + cols) of X·[I 0]·Qᵀ = pinv(W), X = P·B⁻¹ (N×N at x), scaled by f1·f2: rows c0.. of pinv(A) when
 * m ≥ n (written contiguously at out[outOff..], cols×M), else its columns c0.. (out[outOff + i·ld + j], M×cols).
 * z: M·cols scratch; work: ormbrWorkSize(M, cols).
 */
export function pinvSlabQ(z: Float64Array, work: Float64Array, ...args: SlabQOperands): void {
  const [m, n, w, tauq, x, c0, cols, f1, f2, out, outOff, ld] = args;
  const M = Math.max(m, n);
  const N = Math.min(m, n);
  // z = [X[c0:c0+cols, :]ᵀ; 0] (M×cols), then z := Q·z: columns c0.. of pinv(W)ᵀ.
  transposeScaled(cols, N, x, c0 * N, 1, z, 0);
  z.fill(0, N * cols, M * cols);
  applyQReal(M, N, w, tauq, z, 0, cols, work);
  // pinv(A) = 2^p·pinv(W) for W = 2^p·A (resp. its transpose).
  if (m >= n) {
    transposeScaled(M, cols, z, 0, f1, out, outOff);
    if (f2 !== 1) for (let i = outOff, end = outOff + cols * M; i < end; i++) out[i] *= f2;
  } else {
    for (let i = 0; i < M; i++) for (let j = 0; j < cols; j++) out[outOff + i * ld + j] = z[i * cols + j] * f1 * f2;
  }
}

/** The two exact powers of two whose product is 2^−q (2^−q alone may not be representable). */
function unscaleFactors(q: number): [number, number] {
  const q1 = q >> 1;
  return [2 ** -q1, 2 ** (q1 - q)];
}
