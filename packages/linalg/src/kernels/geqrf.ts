/**
 * Blocked Householder QR of a real M×N matrix held transposed (row c of W = column c of A, rows M apart), as
 * ./qr's factorReal computes it but with most flops in GEMMs.
 *
 * Source: LAPACK dgeqrf — panels of NB columns by dgeqr2 (./qr's factorRealAt), then the panel's reflectors in compact
 * WY form Q_b = I − V·T·Vᵀ (dlarft, ./ormbr's blockReflector) update the trailing columns with Q_bᵀ (dlarfb): in the
 * transposed storage the trailing rows Cᵀ become Cᵀ − (Cᵀ·V)·(T·Vᵀ), two GEMMs per chunk of CH rows; Schreiber &
 * Van Loan, SIAM J. Sci. Stat. Comput. 10(1), 1989. The reflectors and τ are exactly dgeqr2's layout (the blocked
 * update is the same product of reflectors, applied in another order, so results agree to rounding), so the Q
 * application of ./ormbr and ./qr reads them unchanged. Assumption: entries are finite. Nothing here allocates.
 */

import { gemmF64 } from '@tapegrad/core/internal';
import { blockReflector } from './ormbr';
import { factorRealAt } from './qr';

/** Panel width (columns per block reflector), dgeqrf's default NB. */
export const GEQRF_NB = 32;
/** Trailing rows updated per GEMM pair (bounds the scratch to CH·M). */
const CH = 64;

/** Size of geqrfReal's `work` for an M×N problem. */
export function geqrfWorkSize(M: number, N: number): number {
  const nb = Math.min(GEQRF_NB, N);
  return 2 * M + nb * (2 * M + 2 * nb + CH) + CH * M;
}

/**
 * Factors the M×N matrix whose transpose is W (N rows of length M) in place: reflector j in row j right of index j,
 * R(i, c) = W[c·M + i] for c ≥ i, τ_j in tau[j]; work: geqrfWorkSize(M, N) doubles.
 */
export function geqrfReal(M: number, N: number, w: Float64Array, tau: Float64Array, work: Float64Array): void {
  const k = Math.min(M, N);
  const nb = Math.min(GEQRF_NB, N);
  // Scratch: pair (2M) | V (rows·nb) T (nb²) G (nb²) | Z = T·Vᵀ (nb·M) | W1 (CH·nb) | product (CH·M).
  const pair = work.subarray(0, 2 * M);
  const blk = work.subarray(2 * M);
  for (let j0 = 0; j0 < k; j0 += nb) {
    const kb = Math.min(nb, k - j0);
    factorRealAt(M - j0, kb, w, j0 * M + j0, M, tau, j0, pair);
    const c0 = j0 + kb;
    if (c0 >= N) continue;
    const rows = M - j0;
    blockReflector(kb, j0, rows, 0, w, M, 1, tau, blk);
    const vOff = 0;
    const tOff = rows * kb;
    const zOff = tOff + 2 * kb * kb;
    const w1Off = zOff + kb * rows;
    const pOff = w1Off + CH * kb;
    // Z = T·Vᵀ (kb×rows), T upper triangular (zero its lower part first).
    for (let t = 1; t < kb; t++) for (let q = 0; q < t; q++) blk[tOff + t * kb + q] = 0;
    gemmF64(kb, rows, kb, blk, tOff, kb, 1, blk, vOff, 1, kb, blk, zOff);
    for (let c = c0; c < N; c += CH) {
      const ch = Math.min(CH, N - c);
      const cOff = c * M + j0;
      // W1 = Cᵀ·V (ch×kb), product = W1·Z (ch×rows), Cᵀ −= product.
      gemmF64(ch, kb, rows, w, cOff, M, 1, blk, vOff, kb, 1, blk, w1Off);
      gemmF64(ch, rows, kb, blk, w1Off, kb, 1, blk, zOff, rows, 1, blk, pOff);
      for (let r = 0; r < ch; r++) {
        const dst = cOff + r * M;
        const src = pOff + r * rows;
        for (let i = 0; i < rows; i++) w[dst + i] -= blk[src + i];
      }
    }
  }
}
