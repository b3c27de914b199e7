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
  // B⁻¹ by rows from the bottom: row i = (1/d_i)·eᵢ − (e_i/d_i)·row i+1 (zeros below the diagonal).
  let fx = 0;
  let fb = 0;
  for (let i = N - 1; i >= 0; i--) {
    const ri = i * N;
    x.fill(0, ri, ri + i);
    const xi = 1 / d[i];
    x[ri + i] = xi;
    fx += xi * xi;
    fb += d[i] * d[i];
    if (i === N - 1) continue;
    fb += e[i] * e[i];
    const f = -e[i] / d[i];
    for (let j = i + 1; j < N; j++) {
      const v = f * x[ri + N + j];
      x[ri + j] = v;
      fx += v * v;
    }
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

/** The operands of pinv's two products: M, N, gebrdReal's W (M×N), τq, τp, x (N×N), z (M×N). */
export type PinvApplyOperands = [
  M: number,
  N: number,
  w: Float64Array,
  tauq: Float64Array,
  taup: Float64Array,
  x: Float64Array,
  z: Float64Array,
];

/**
 * Forms z := Q·[(P·x)ᵀ; 0] from x (overwritten), sharing the work among threads with results bit-identical to
 * {@link pinvBidiagApply}'s on one thread, and returns true — or returns false (nothing done) when it declines the job.
 */
let splitter: ((...args: PinvApplyOperands) => boolean) | null = null;

/** Installs the multi-threaded driver (../threads/split-batch.ts does, on the calling thread only; ./split-ormbr.ts). */
export function setPinvApplySplitter(f: typeof splitter): void {
  splitter = f;
}

/**
 * P (n×m at p[pOff..]) := pinv(A) by the formula of the file comment, after {@link pinvBidiagCertify} (B⁻¹ in pw.x),
 * when every singular value is kept and σ_N ≥ MIN_SIGMA (certified, or {@link pinvBidiagInvertible}).
 */
export function pinvBidiagApply(ws: SvdWorkspace, pw: PinvBidiagWorkspace, p: Float64Array, pOff: number): void {
  const { m, n } = ws;
  const M = Math.max(m, n);
  const N = Math.min(m, n);
  const { x, z, bw } = pw;
  if (splitter === null || !splitter(M, N, ws.w, ws.tauq, ws.taup, x, z)) {
    applyPReal(N, ws.w, ws.taup, x, 0, N, bw);
    // z = [(P·B⁻¹)ᵀ; 0] (M×N), then z := Q·z = pinv(W)ᵀ.
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) z[i * N + j] = x[j * N + i];
    z.fill(0, N * N, M * N);
    applyQReal(M, N, ws.w, ws.tauq, z, 0, N, bw);
  }
  // pinv(A) = 2^p·pinv(W) for W = 2^p·A (resp. its transpose): Aᵀ when m ≥ n, else z as is.
  const [f1, f2] = unscaleFactors(-ws.scaleExp);
  if (m >= n) {
    for (let i = 0; i < N; i++) {
      const o = pOff + i * M;
      for (let j = 0; j < M; j++) p[o + j] = z[j * N + i] * f1 * f2;
    }
  } else for (let i = 0, len = M * N; i < len; i++) p[pOff + i] = z[i] * f1 * f2;
}

/** The two exact powers of two whose product is 2^−q (2^−q alone may not be representable). */
function unscaleFactors(q: number): [number, number] {
  const q1 = q >> 1;
  return [2 ** -q1, 2 ** (q1 - q)];
}
