/**
 * Pseudo-inverse of a real matrix of full numerical rank from its QR factorization alone, without any SVD: for
 * W = Q·[R; 0] (W = A when m ≥ n, else Aᵀ; M×N, M ≥ N) with R invertible, pinv(W) = R⁻¹·[I 0]·Qᵀ, so
 *
 *   pinv(W)ᵀ = Q·[R⁻ᵀ; 0],
 *
 * formed by the blocked QR (./geqrf geqrfReal, LAPACK dgeqrf: 2·M·N² − 2N³/3 flops), the triangular inverse (dtrtri,
 * recursive so that most of its flops are GEMMs) and one blocked application of Q (./geqrf ormqrReal, dormqr:
 * 4·M·N² − 2N³ flops) — nearly all in GEMMs, against the bidiagonal reduction's 4·M·N² − 4N³/3 flops of matrix-vector
 * work (dgebrd) and the two reflector applications of ./pinv-bidiag. pinv(A) = Yᵀ for tall A and Y for wide A.
 *
 * It is taken only when the result is provably the pseudo-inverse with every singular value kept (as ./pinv-lu and
 * ./pinv-bidiag certify theirs): σ₁ ≤ ‖A‖_F = ‖R‖_F and σ_N = 1/‖A⁺‖₂ ≥ 1/‖R⁻¹‖_F (‖A⁺‖_F = ‖R⁻¹·Q₁ᵀ‖_F = ‖R⁻¹‖_F), so
 * when 1/‖R⁻¹‖_F > CERTIFY_MARGIN·max(atol, max(rtol, 0)·‖R‖_F) every σ is kept and none lies near the cutoff; and
 * κ_F = ‖R‖_F·‖R⁻¹‖_F ≤ kappaMax (the caller's: below pinv's ill-conditioning warning limit). Otherwise — rank
 * deficient, ill conditioned or near the cutoff — it returns false and the caller runs the SVD route.
 *
 * Accuracy: Householder QR is backward stable and the computed triangular inverse X satisfies
 * |X − R⁻¹| ≤ c_N·eps·|R⁻¹|·|R|·|X| (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., §14.2, for
 * the standard and the recursive block methods alike), so the result has relative error O(eps·κ), as the SVD route's
 * (Higham, op. cit., §20.5 for the QR solution of full-rank least squares problems, of which pinv(A) is the solution
 * for the right-hand sides I). ‖R⁻¹‖_F is accurate to O(eps·κ) relative, far inside the certificate's margin.
 *
 * Assumptions: real finite input (NaN and ±Infinity are rejected); the matrix is scaled by a power of two as ./svd
 * does when max |aᵢⱼ| is outside dgesvd's range (the inverse is scaled back exactly); nothing here allocates.
 */

import { shareableFloat64 } from './bidiag';
import { geqrfReal, geqrfTSize, geqrfWorkSize, ormqrReal, ormqrWorkSize, transposeScaled } from './geqrf';
import { MIN_SIGMA } from './pinv-bidiag';
import { CERTIFY_MARGIN } from './pinv-lu';
import { invertUpper, invertUpperScratch } from './pinv-qr-inverse';
import { maxAbs, scaleExponent } from './svd';

/**
 * Smallest min(m, n) taken by this path: all of them. Measured on Node 20 (2-core EPYC, CPU time per certified
 * matrix against ./pinv-bidiag's reduction and products): 0.6× at 4×4, 8×8 and 10×8, 0.7–0.8× from 12 to 48,
 * 0.63× at 64², 0.52× at 128², 0.57× at 130×100 (and 0.43–0.45× at 500×400 and 512²).
 */
export const CERTIFIED_QR_MIN = 2;

/** Whether linalg.pinv tries this path first for a real m×n matrix (not QR-first: ./pinv-qr handles those). */
export function usesCertifiedQr(m: number, n: number): boolean {
  return Math.min(m, n) >= CERTIFIED_QR_MIN;
}

/**
 * The buffers of a blocked QR factorization of an M×N problem with its Q kept for ormqrReal (shared with ./pinv-qr's
 * workspace): the reflectors (N rows of length M, transposed storage), τ, the panels' T factors, geqrf's scratch, and
 * ormqr's work for N columns. The reflectors and T factors lie in shared memory when large, for the split application
 * of Q (../threads/split-pinv-qr.ts).
 */
export interface QrFactorBuffers {
  readonly w: Float64Array;
  readonly tau: Float64Array;
  readonly ts: Float64Array;
  readonly work: Float64Array;
  readonly bw: Float64Array;
}

export function createQrFactorBuffers(M: number, N: number): QrFactorBuffers {
  return {
    w: shareableFloat64(M * N),
    tau: new Float64Array(N),
    ts: shareableFloat64(geqrfTSize(M, N)),
    work: new Float64Array(geqrfWorkSize(M, N)),
    bw: new Float64Array(ormqrWorkSize(M, N, N)),
  };
}

/**
 * W = 2^q·A (m ≥ n) or 2^q·Aᵀ (m < n), M×N, scaled by two exact factors, into qr.w in geqrf's transposed storage
 * (row j = column j of W) and factored in place (./geqrf geqrfReal, dgeqrf; T factors into qr.ts). Returns 2^q.
 */
export function qrScaled(m: number, n: number, a: Float64Array, aOff: number, q: number, qr: QrFactorBuffers): number {
  const M = Math.max(m, n);
  const N = Math.min(m, n);
  const q1 = q >> 1;
  const f = 2 ** q1 * 2 ** (q - q1);
  const w = qr.w;
  if (m < n) {
    if (q === 0) w.set(a.subarray(aOff, aOff + M * N));
    else for (let i = 0, len = M * N; i < len; i++) w[i] = a[aOff + i] * f;
  } else transposeScaled(M, N, a, aOff, q === 0 ? 1 : f, w, 0);
  geqrfReal(M, N, w, qr.tau, qr.work, qr.ts);
  return f;
}

export interface PinvQrCertifiedWorkspace extends QrFactorBuffers {
  readonly m: number;
  readonly n: number;
  /** R, then R⁻¹ in place (N×N, zeros below the diagonal); the triangular inverse's scratch (./pinv-qr-inverse). */
  readonly x: Float64Array;
  readonly tri: Float64Array;
  /** pinv(W)ᵀ (M×N) when m ≥ n (written straight into the output otherwise). */
  readonly y: Float64Array;
}

export function createPinvQrCertifiedWorkspace(m: number, n: number): PinvQrCertifiedWorkspace {
  const [M, N] = m >= n ? [m, n] : [n, m];
  if (N === 0) throw new RangeError('createPinvQrCertifiedWorkspace: needs a non-empty matrix');
  const qr = createQrFactorBuffers(M, N);
  const y = new Float64Array(m >= n ? M * N : 0);
  return { m, n, ...qr, x: new Float64Array(N * N), tri: new Float64Array(invertUpperScratch(N)), y };
}

/**
 * The operands of the splitter below: Y (M×N at y[yOff..]) := Q·Y as ormqrReal(M, N, w, ts, y, yOff, N, ·) computes
 * it (bit-identical), sharing the work among threads; it returns true — or false (nothing done) when it declines.
 */
export type QrApplyOperands = [M: number, N: number, w: Float64Array, ts: Float64Array, y: Float64Array, yOff: number];

/** See {@link QrApplyOperands}. */
export type QrApplySplitter = (...args: QrApplyOperands) => boolean;

let splitter: QrApplySplitter | null = null;

/** Installs the multi-threaded driver (../threads/split-batch.ts does, on the calling thread only). */
export function setPinvQrApplySplitter(f: QrApplySplitter | null): void {
  splitter = f;
}

/**
 * P (n×m at p[pOff..]) := pinv(A) for A (m×n at a[aOff..], row-major, not modified; m×n as the workspace's) when
 * the certificate of the file comment holds for atol, rtol and kappaMax; true then. False otherwise (p[pOff..] untouched), also for NaN/±Infinity.
 */
export function pinvQrCertified(
  ws: PinvQrCertifiedWorkspace,
  a: Float64Array,
  aOff: number,
  p: Float64Array,
  pOff: number,
  atol: number,
  rtol: number,
  kappaMax: number,
): boolean {
  const { m, n } = ws;
  const M = Math.max(m, n);
  const N = Math.min(m, n);
  const amax = maxAbs(a, aOff, m * n);
  if (!(amax > 0)) return false; // NaN/±Infinity (−1) or zero
  // W = 2^q·A (or its transpose); pinv(A) = 2^q·pinv(W).
  const q = scaleExponent(amax);
  const f = qrScaled(m, n, a, aOff, q, ws);
  const { w, x } = ws;
  // R (N×N row-major, zeros below the diagonal): R(i, c) = W(c, i) for c ≥ i.
  let fr = 0;
  for (let i = 0; i < N; i++) {
    x.fill(0, i * N, i * N + i);
    for (let c = i; c < N; c++) {
      const v = w[c * M + i];
      x[i * N + c] = v;
      fr += v * v;
    }
  }
  fr = Math.sqrt(fr);
  invertUpper(N, x, 0, N, ws.tri);
  let fx = 0;
  for (let i = 0; i < N; i++) for (let c = i; c < N; c++) fx += x[i * N + c] * x[i * N + c];
  fx = Math.sqrt(fx);
  // Certificate (file comment) in the units of A: ‖A‖_F = ‖R‖_F·2^−q, ‖A⁺‖_F = ‖R⁻¹‖_F·2^q.
  if (!(fr * fx <= kappaMax && fx <= 1 / MIN_SIGMA)) return false;
  const fa = fr / f; // f = 2^q exactly: these are powers-of-two rescalings of the norms
  const fxa = fx * f;
  if (!(1 / fxa > CERTIFY_MARGIN * Math.max(atol, Math.max(rtol, 0) * fa))) return false;
  // Y = Q·[R⁻ᵀ; 0] (M×N): pinv(W)ᵀ.
  const y = m >= n ? ws.y : p;
  const yOff = m >= n ? 0 : pOff;
  transposeScaled(N, N, x, 0, 1, y, yOff);
  y.fill(0, yOff + N * N, yOff + M * N);
  if (splitter === null || !splitter(M, N, w, ws.ts, y, yOff)) ormqrReal(M, N, w, ws.ts, y, yOff, N, ws.bw);
  if (m >= n) transposeScaled(M, N, y, 0, q === 0 ? 1 : f, p, pOff);
  else if (q !== 0) for (let i = pOff, end = pOff + M * N; i < end; i++) p[i] *= f;
  return true;
}
