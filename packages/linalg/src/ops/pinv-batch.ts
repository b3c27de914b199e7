/**
 * The per-matrix loops of linalg.pinv as batch kernels (../threads/batch-kernel.ts): raw float64 buffers in and out,
 * nothing recorded, no tensors — the code the worker pool runs on its threads (../threads/worker-kernels.ts) and the
 * calling thread runs for its own part, so a split batch computes bit-identical results.
 */
import { gemmC128, gemmF64 } from '@tapegrad/core/internal';
import { eighComplex, eighReal } from '../kernels/eigh';
import {
  BIDIAG_PINV_MIN,
  pinvBidiagApply,
  pinvBidiagCertify,
  pinvBidiagInvertible,
  pinvBidiagSigma,
} from '../kernels/pinv-bidiag';
import { createPinvLuWorkspace, LU_PINV_MAX, pinvLuCertified } from '../kernels/pinv-lu';
import { pinvQrApply, pinvQrApplyCertified, pinvQrFactor } from '../kernels/pinv-qr';
import {
  createPinvQrCertifiedWorkspace,
  type PinvQrCertifiedWorkspace,
  pinvQrCertified,
  usesCertifiedQr,
} from '../kernels/pinv-qr-certified';
import { svdComplex, svdReal, svdRealBidiag, svdRealFinish, usesQrFirst } from '../kernels/svd';
import type { BatchKernel } from '../threads/batch-kernel';
import { eighWorkspace, pinvBidiagWorkspace, pinvQrWorkspace, scratch, svdWorkspace } from './kernels-cache';

/** Shapes of a pinv batch kernel. */
export interface PinvBatchParams {
  readonly m: number;
  readonly n: number;
  readonly complex: boolean;
  /** The κ_F bound of ../kernels/pinv-lu for real square matrices up to LU_PINV_MAX (absent or 0: never LU). */
  readonly luKappaMax?: number;
  /**
   * The κ_F bound of the certificates of ../kernels/pinv-qr-certified and ../kernels/pinv-bidiag (absent or 0: σ always
   * computed, neither certificate tried).
   */
  readonly bidiagKappaMax?: number;
}

let lastCertified: PinvQrCertifiedWorkspace | null = null;

/** The workspace of ../kernels/pinv-qr-certified for m×n (the last one is kept, as ./kernels-cache does). */
function certifiedWorkspace(m: number, n: number): PinvQrCertifiedWorkspace {
  if (lastCertified === null || lastCertified.m !== m || lastCertified.n !== n)
    lastCertified = createPinvQrCertifiedWorkspace(m, n);
  return lastCertified;
}

/**
 * Below this a reciprocal 1/σ may overflow (1/2^-1020 = 2^1020 leaves room for sums of unit-vector products). Such
 * spectra (subnormal inputs) are computed with σ scaled by 2^e ≈ 1/σ₁ and the result by 2^e afterwards: docs/semantics.md §3.3, no
 * overflow where the pseudo-inverse itself is representable.
 */
const OVERFLOW_RISK = 2 ** -1020;

/**
 * x·2^e for |e| ≤ 1100, in two power-of-two steps (2^e alone may not be representable): exact unless the result
 * over- or underflows; a result too large becomes ±Infinity and zero stays zero (never NaN).
 */
function timesPowerOfTwo(x: number, e: number): number {
  const half = Math.trunc(e / 2);
  return x * 2 ** half * 2 ** (e - half);
}

/**
 * P = V·diag(1/σ kept)·Uᴴ for each m×n matrix, with σ > max(atol, rtol·σ₁) kept. Real square matrices up to
 * LU_PINV_MAX that ../kernels/pinv-lu certifies invertible and well conditioned get P = A⁻¹ by LU instead, with NaN
 * written for their σ and cutoff. ins: A (m·n), atol (1), rtol (1);
 * outs: S (k = min(m, n) singular values), P (n·m), cutoff (1), and optionally C (k·k): the k×k matrix
 * C = (WᵀW)⁻¹ (W = A or Aᵀ, whichever is tall) where the normal-equations form of ../kernels/pinv-qr computed it
 * for a full-rank matrix, else NaN first (for ../derivations/pinv-direct). Complex data interleaved. Real tall and wide
 * matrices (the QR-first shapes of ../kernels/svd) go through ../kernels/pinv-qr, which never forms U or V of A; other
 * real ones from min(m, n) = BIDIAG_PINV_MIN on get P = R⁻¹·Qᵀ from their QR factorization when
 * ../kernels/pinv-qr-certified certifies full rank and κ_F ≤ bidiagKappaMax (NaN in S and the cutoff, as LU), else
 * are reduced to bidiagonal form, and when every σ is kept ../kernels/pinv-bidiag forms P from the reduction without
 * singular vectors (else the SVD is completed from it).
 */
export const svdPinvBatch: BatchKernel<PinvBatchParams> = (
  { m, n, complex, luKappaMax = 0, bidiagKappaMax = 0 },
  count,
  ins,
  outs,
) => {
  const [data, atol, rtol] = ins;
  const [S, P, cutoff] = outs;
  const gram = outs.length > 3 ? outs[3] : null;
  const viaQr = usesQrFirst(m, n, complex);
  const luWs = !complex && m === n && n <= LU_PINV_MAX && luKappaMax > 0 ? createPinvLuWorkspace(n) : null;
  const k = Math.min(m, n);
  const w = complex ? 2 : 1;
  const ws = viaQr ? null : svdWorkspace(m, n, complex, true, false);
  const qrWs = viaQr ? pinvQrWorkspace(m, n) : null;
  const U = viaQr ? null : scratch('pinv.U', m * k * w);
  const Vh = viaQr ? null : scratch('pinv.Vh', k * n * w);
  const W = scratch('pinv.W', (viaQr ? 1 : m) * k * w);
  const bws = !complex && !viaQr && k >= BIDIAG_PINV_MIN ? pinvBidiagWorkspace(m, n) : null;
  const certWs = bws !== null && bidiagKappaMax > 0 && usesCertifiedQr(m, n) ? certifiedWorkspace(m, n) : null;
  for (let t = 0; t < count; t++) {
    if (
      (luWs !== null && pinvLuCertified(n, data, t * n * n, atol[t], rtol[t], luKappaMax, P, t * n * n, luWs)) ||
      (certWs !== null && pinvQrCertified(certWs, data, t * m * n, P, t * n * m, atol[t], rtol[t], bidiagKappaMax))
    ) {
      // Certified full rank and well conditioned (../kernels/pinv-lu: P = A⁻¹ by LU; ../kernels/pinv-qr-certified:
      // P = R⁻¹·Qᵀ), no σ computed. NaN in S and the cutoff marks it: every σ kept, none near the cutoff (ops/pinv.ts
      // reads the mark).
      S.fill(Number.NaN, t * k, (t + 1) * k);
      cutoff[t] = Number.NaN;
      if (gram !== null) gram[t * k * k] = Number.NaN;
      continue;
    }
    let info: number;
    let fromBidiag = false;
    if (qrWs !== null) {
      info = pinvQrFactor(m, n, data, t * m * n, S, t * k, qrWs, { atol: atol[t], rtol: rtol[t] });
      if (info === 0 && qrWs.certified) {
        // Certified full rank with κ ≤ KAPPA_MAX (../kernels/pinv-qr): P = (WᵀW)⁻¹·Wᵀ without σ (NaN in S), marked
        // as above; C = (WᵀW)⁻¹ is kept for the backward.
        pinvQrApplyCertified(qrWs, P, t * n * m);
        cutoff[t] = Number.NaN;
        if (gram !== null) gram.set(qrWs.r.subarray(0, k * k), t * k * k);
        continue;
      }
    } else if (bws !== null) {
      // σ from the bidiagonal alone; every σ kept: P from the reduction, else the SVD completed from it.
      info = svdRealBidiag(m, n, data, t * m * n, ws!);
      // (B⁻¹ is formed by the certificate, also for pinvBidiagApply below when it declines.)
      if (info === 0 && pinvBidiagCertify(ws!, bws, atol[t], rtol[t], bidiagKappaMax)) {
        // Certified full rank without σ (../kernels/pinv-bidiag): marked by NaN as the LU path's.
        pinvBidiagApply(ws!, bws, P, t * n * m);
        S.fill(Number.NaN, t * k, (t + 1) * k);
        cutoff[t] = Number.NaN;
        if (gram !== null) gram[t * k * k] = Number.NaN;
        continue;
      }
      if (info === 0) {
        fromBidiag =
          pinvBidiagSigma(ws!, bws, S, t * k) === 0 &&
          S[t * k + k - 1] > Math.max(atol[t], rtol[t] * S[t * k]) &&
          pinvBidiagInvertible(bws);
        if (fromBidiag) pinvBidiagApply(ws!, bws, P, t * n * m);
        else info = svdRealFinish(S, t * k, U, 0, Vh, 0, ws!);
      }
    } else info = (complex ? svdComplex : svdReal)(m, n, data, t * m * n * w, S, t * k, U, 0, Vh, 0, ws!);
    if (info !== 0) return info;
    const s1 = S[t * k];
    const cut = Math.max(atol[t], rtol[t] * s1);
    cutoff[t] = cut;
    let r = 0;
    while (r < k && S[t * k + r] > cut) r++;
    if (gram !== null) gram[t * k * k] = Number.NaN; // overwritten below when C is computed
    if (fromBidiag) continue;
    if (r === 0) {
      P.fill(0, t * n * m * w, (t + 1) * n * m * w);
      continue;
    }
    // When 1/σ_r could overflow, σ is scaled by c ≈ 1/σ₁ first and P by c afterwards (see unscale).
    const e = S[t * k + r - 1] < OVERFLOW_RISK ? -Math.floor(Math.log2(s1)) : 0;
    if (qrWs !== null) {
      for (let l = 0; l < r; l++) W[l] = 1 / (e === 0 ? S[t * k + l] : timesPowerOfTwo(S[t * k + l], e));
      const normal = pinvQrApply(qrWs, W, r, P, t * n * m);
      if (gram !== null && normal && e === 0 && r === k) gram.set(qrWs.r.subarray(0, k * k), t * k * k);
    } else {
      // W (r×m): W[l][j] = U[j][l]/σ_l (conjugated for complex); P = Vhᵀ(n×r, conjugated for complex) · W.
      for (let l = 0; l < r; l++) {
        const inv = 1 / (e === 0 ? S[t * k + l] : timesPowerOfTwo(S[t * k + l], e));
        if (complex) {
          for (let j = 0; j < m; j++) {
            W[2 * (l * m + j)] = U![2 * (j * k + l)] * inv;
            W[2 * (l * m + j) + 1] = -U![2 * (j * k + l) + 1] * inv;
          }
        } else for (let j = 0; j < m; j++) W[l * m + j] = U![j * k + l] * inv;
      }
      if (complex) gemmC128(n, m, r, Vh!, 0, 1, n, W, 0, m, 1, P, t * n * m, true, false, false);
      else gemmF64(n, m, r, Vh!, 0, 1, n, W, 0, m, 1, P, t * n * m);
    }
    if (e !== 0) for (let i = t * n * m * w; i < (t + 1) * n * m * w; i++) P[i] = timesPowerOfTwo(P[i], e);
  }
  return 0;
};

/**
 * Hermitian pinv of each n×n matrix (lower triangle read): eigh, threshold on |λ|, signed reciprocal,
 * P = V·diag(1/λ kept)·Vᴴ. ins: A (n·n), atol (1), rtol (1); outs: |λ| sorted descending (n), P (n·n), cutoff (1).
 */
export const eighPinvBatch: BatchKernel<PinvBatchParams> = ({ n, complex }, count, ins, outs) => {
  const [data, atol, rtol] = ins;
  const [magnitudes, P, cutoff] = outs;
  const w = complex ? 2 : 1;
  const ws = eighWorkspace(n, complex);
  const L = scratch('pinv.L', n);
  const V = scratch('pinv.V', n * n * w);
  const W = scratch('pinv.W', n * n * w);
  for (let t = 0; t < count; t++) {
    const info = (complex ? eighComplex : eighReal)(n, data, t * n * n * w, 'L', L, 0, V, 0, ws);
    if (info !== 0) return info;
    let amax = 0;
    for (let i = 0; i < n; i++) amax = Math.max(amax, Math.abs(L[i]));
    const cut = Math.max(atol[t], rtol[t] * amax);
    cutoff[t] = cut;
    // Magnitudes sorted descending, for the warnings (as singular values).
    const mags = Array.from(L.subarray(0, n), Math.abs).sort((x, y) => y - x);
    magnitudes.set(mags, t * n);
    W.fill(0, 0, n * n * w);
    // As in svdPinvBatch: scale by c ≈ 1/max|λ| when 1/λ of a kept eigenvalue could overflow.
    let smallest = Number.POSITIVE_INFINITY;
    for (let l = 0; l < n; l++) if (Math.abs(L[l]) > cut) smallest = Math.min(smallest, Math.abs(L[l]));
    const e = smallest < OVERFLOW_RISK ? -Math.floor(Math.log2(amax)) : 0;
    for (let l = 0; l < n; l++) {
      const lambda = L[l];
      if (!(Math.abs(lambda) > cut)) continue;
      const inv = 1 / (e === 0 ? lambda : timesPowerOfTwo(lambda, e));
      for (let j = 0; j < n; j++) {
        if (complex) {
          W[2 * (l * n + j)] = V[2 * (j * n + l)] * inv;
          W[2 * (l * n + j) + 1] = -V[2 * (j * n + l) + 1] * inv;
        } else W[l * n + j] = V[j * n + l] * inv;
      }
    }
    if (complex) gemmC128(n, n, n, V, 0, n, 1, W, 0, n, 1, P, t * n * n, false, false, false);
    else gemmF64(n, n, n, V, 0, n, 1, W, 0, n, 1, P, t * n * n);
    if (e !== 0) for (let i = t * n * n * w; i < (t + 1) * n * n * w; i++) P[i] = timesPowerOfTwo(P[i], e);
  }
  return 0;
};
