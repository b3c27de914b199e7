/**
 * The pinv backward when no graph of it is recorded (createGraph false) and every matrix of the batch kept its full
 * rank min(m, n): the Golub–Pereyra VJP of ./pinv.ts in its full-rank form, computed on raw float64 buffers with
 * GEMMs instead of recorded tensor ops. With W = A (m ≥ n) or Aᵀ (m < n), M×N, Pw = pinv(W), Gw the cotangent of Pw
 * and C = (WᵀW)⁻¹ = Pw·Pwᵀ (symmetric), Golub & Pereyra (SIAM J. Numer. Anal. 10(2), 1973) at full column rank gives
 *
 *   gW = Gwᵀ·C − W·M,  M = C·K + Kᵀ·C (symmetric),  K = Gw·Pwᵀ (N×N),
 *
 * the same identity as ./pinv.ts's full-column-rank branch (P·A = I makes the third term vanish), so tall A gets
 * gA = Gᵀ·C − A·M and wide A gets gA = gWᵀ = C·Gᵀ − M·A. When the forward computed C itself (the Gram path of
 * ../kernels/pinv-qr.ts: C = V·Λ⁻¹·Vᵀ, the same matrix P = C·Wᵀ was formed from) it is reused, leaving three M·N²
 * GEMMs (K and the two terms of gW, the second accumulated into the first); otherwise C = Pw·Pwᵀ is one more.
 * Square invertible A: gA = −Pᵀ·G·Pᵀ (two N³ GEMMs). Real dtypes only (float32 is computed in float64 and rounded
 * once). Under createGraph the differentiable formula of ./pinv.ts must run instead: this computes values only.
 */
import { cast, noGrad, type Tensor } from '@tapegrad/core';
import { alloc, gemmF64 } from '@tapegrad/core/internal';
import { toBatch } from '../batch';
import { dotReal } from '../kernels/householder';

/** An absent C of one matrix is marked by NaN as its first entry (a computed C is finite). */
export const NO_GRAM = Number.NaN;

/**
 * gA for A (*, m, n) real, P = pinv(A) (*, n, m) of full rank min(m, n) for every matrix, G (*, n, m); `gram` holds
 * C = (WᵀW)⁻¹ (k×k, k = min(m, n)) per matrix as the forward computed it, or NO_GRAM first for one it did not (or is
 * null: none did).
 */
export function pinvBackwardFullRank(A: Tensor, P: Tensor, G: Tensor, gram: Float64Array | null): Tensor {
  const a = toBatch(A);
  const p = toBatch(P).data;
  const g = toBatch(G).data;
  const { m, n, count } = a;
  const k = Math.min(m, n);
  const result = alloc(A.shape, 'float64'); // pooled storage (core's storage-pool.ts) when the engine recycles
  const out = result.storage as Float64Array;
  const C = new Float64Array(k * k);
  const K = new Float64Array(k * k);
  const T = new Float64Array(k * k);
  for (let t = 0; t < count; t++) {
    const aOff = t * m * n;
    if (m === n) {
      // gA = −Pᵀ·(G·Pᵀ); plain loops for tiny matrices, where a GEMM call's checks and dispatch cost more.
      if (n <= SMALL) squareLoops(n, g, p, aOff, T, out);
      else {
        gemmF64(n, n, n, g, aOff, n, 1, p, aOff, 1, n, T, 0);
        for (let i = 0; i < n * n; i++) T[i] = -T[i];
        gemmF64(n, n, n, p, aOff, 1, n, T, 0, n, 1, out, aOff);
      }
      continue;
    }
    const tall = m > n;
    // P and G are n×m row-major: Pw = P (tall) or Pᵀ (wide), as strides (rows, columns).
    const [pr, pc] = tall ? [m, 1] : [1, m];
    const M = Math.max(m, n);
    if (gram !== null && !Number.isNaN(gram[t * k * k])) C.set(gram.subarray(t * k * k, (t + 1) * k * k));
    else gemmF64(k, k, M, p, aOff, pr, pc, p, aOff, pc, pr, C, 0);
    gemmF64(k, k, M, g, aOff, pr, pc, p, aOff, pc, pr, K, 0); // K = Gw·Pwᵀ
    gemmF64(k, k, k, C, 0, k, 1, K, 0, k, 1, T, 0); // C·K; (C·K)ᵀ = Kᵀ·C
    for (let i = 0; i < k; i++) {
      for (let j = 0; j <= i; j++) {
        const v = -(T[i * k + j] + T[j * k + i]);
        K[i * k + j] = v;
        K[j * k + i] = v;
      }
    }
    if (tall) {
      gemmF64(m, n, n, g, aOff, 1, m, C, 0, n, 1, out, aOff); // Gᵀ·C
      gemmF64(m, n, n, a.data, aOff, n, 1, K, 0, n, 1, out, aOff, true); // − A·M
    } else {
      gemmF64(m, n, m, C, 0, m, 1, g, aOff, 1, m, out, aOff); // C·Gᵀ
      gemmF64(m, n, m, K, 0, m, 1, a.data, aOff, n, 1, out, aOff, true); // − M·A
    }
  }
  return A.dtype === 'float64' ? result : noGrad(() => cast(result, A.dtype));
}

/** Largest n of the square case computed by {@link squareLoops}. */
const SMALL = 12;

/** out = −Pᵀ·(G·Pᵀ) for the n×n matrices at off of g and p (T: n² scratch). */
function squareLoops(
  n: number,
  g: Float64Array,
  p: Float64Array,
  off: number,
  T: Float64Array,
  out: Float64Array,
): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) T[i * n + j] = dotReal(n, g, off + i * n, p, off + j * n);
  for (let i = 0; i < n; i++) {
    const o = off + i * n;
    for (let j = 0; j < n; j++) out[o + j] = 0;
    for (let l = 0; l < n; l++) {
      const f = p[off + l * n + i];
      for (let j = 0; j < n; j++) out[o + j] -= f * T[l * n + j];
    }
  }
}
