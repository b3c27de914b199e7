/**
 * Blocked application of the bidiagonalization reflectors: Y := Q·Y and Y := P·Y (real).
 *
 * Sources: LAPACK dormbr (via dormqr/dormlq, side 'L', no transpose) with dlarft (forward, columnwise: a block of
 * reflectors H_j0·…·H_{j1−1} = I − V·T·Vᵀ with T upper triangular) and dlarfb (apply the block with two GEMMs);
 * R. Schreiber & C. Van Loan, "A storage-efficient WY representation for products of Householder transformations",
 * SIAM J. Sci. Stat. Comput. 10(1), 1989.
 *
 * Assumptions: W (M×N row-major, M ≥ N) holds the reflectors left by gebrdReal (./bidiag): Q = H₀·…·H_{N−1} with vᵢ
 * below the diagonal in column i, P = G₀·…·G_{N−2} with uᵢ right of the superdiagonal in row i. Y is row-major with
 * `ncols` columns and contiguous rows, and is updated in whole rows, which is what makes both block updates plain
 * GEMMs with a contiguous output (core's gemmF64). Blocks are applied last to first (Q·Y = H₀·(H₁·(…·Y))). Used after
 * the divide-and-conquer bidiagonal SVD to form U = Q·U_B and V = P·V_B directly (dgesdd's path without QR), in about
 * 2·ncols·N·(2M − N) flops each, instead of generating Q and P and multiplying. `work` must hold
 * ormbrWorkSize(max(M, N), ncols) entries. Nothing here allocates.
 */

import { gemmF64 } from '@tapegrad/core/internal';

/** Reflectors per block (the GEMM depth of the block updates). */
export const ORMBR_NB = 32;
const NB = ORMBR_NB;

/** Size of the `work` buffer for vectors of length ≤ len and Y with ncols columns. */
export function ormbrWorkSize(len: number, ncols: number): number {
  return NB * (len + 2 * ncols + 2 * NB);
}

/** Y (M×ncols at y[yOff..]) := Q·Y, Q from gebrdReal's W (M×N) and tauq. */
export function applyQReal(
  M: number,
  N: number,
  w: Float64Array,
  tauq: Float64Array,
  y: Float64Array,
  yOff: number,
  ncols: number,
  work: Float64Array,
): void {
  applyBlocked(N, M, 0, w, N, N, tauq, y, yOff, ncols, work);
}

/**
 * Y (N×ncols at y[yOff..]) := P·Y, P from gebrdReal's W (M×N, row stride N) and taup. With `upper` (an N×ncols
 * scratch), Y must be the columns [c0, c0 + ncols) of an upper triangular matrix (Y[r][j] = 0 for r > c0 + j): a
 * block of reflectors acting on rows ≥ r0 then leaves the columns before r0 alone (they are still zero there, as
 * dormbr's caller knows for P·B⁻¹), which saves a third of the flops; those products go through `upper` (see
 * applyBlocked), so the columns come out the same whatever slab they are computed in.
 */
export function applyPReal(
  N: number,
  w: Float64Array,
  taup: Float64Array,
  y: Float64Array,
  yOff: number,
  ncols: number,
  work: Float64Array,
  upper: Float64Array | null = null,
  c0 = 0,
): void {
  if (N < 2) return;
  applyBlocked(N - 1, N, 1, w, N, 1, taup, y, yOff, ncols, work, upper, c0);
}

/**
 * Y := R₀·R₁·…·R_{nref−1}·Y for reflectors Rᵢ = I − τᵢ·xᵢ·xᵢᵀ of length `len`, where xᵢ is zero above row i + shift,
 * 1 at that row, and w[i·(ldw + 1) + shift + s·inc] at row i + shift + s (s ≥ 1). With `upper` (see applyPReal), a
 * block touching rows ≥ r0 updates only columns j with c0 + j ≥ r0, its product V·W2 formed in `upper` and added to
 * Y (also when no column is skipped, so that every column gets the same arithmetic).
 */
function applyBlocked(
  nref: number,
  len: number,
  shift: number,
  w: Float64Array,
  ldw: number,
  inc: number,
  tau: Float64Array,
  y: Float64Array,
  yOff: number,
  ncols: number,
  work: Float64Array,
  upper: Float64Array | null = null,
  c0 = 0,
): void {
  if (nref <= 0 || ncols <= 0) return;
  for (let j0 = Math.floor((nref - 1) / NB) * NB; j0 >= 0; j0 -= NB) {
    const kb = Math.min(NB, nref - j0);
    const r0 = j0 + shift; // first row the block touches
    const rows = len - r0;
    const skip = upper === null ? 0 : Math.max(0, r0 - c0); // leading columns still zero in rows ≥ r0
    const nc = ncols - skip;
    if (nc <= 0) continue;
    blockReflector(kb, j0, rows, shift, w, ldw, inc, tau, work);
    const tOff = rows * kb;
    const w1Off = tOff + 2 * kb * kb;
    // W1 = Vᵀ·Y[r0:, :] (kb×ncols), W2 = −T·W1, Y[r0:, :] += V·W2 (T negated in place, zero below its diagonal).
    for (let t = 0; t < kb; t++) {
      for (let q = 0; q < t; q++) work[tOff + t * kb + q] = 0;
      for (let q = t; q < kb; q++) work[tOff + t * kb + q] = -work[tOff + t * kb + q];
    }
    const w2Off = w1Off + kb * nc;
    const yr = yOff + r0 * ncols + skip;
    gemmF64(kb, nc, rows, work, 0, 1, kb, y, yr, ncols, 1, work, w1Off);
    gemmF64(kb, nc, kb, work, tOff, kb, 1, work, w1Off, nc, 1, work, w2Off);
    if (upper === null) {
      gemmF64(rows, ncols, kb, work, 0, kb, 1, work, w2Off, ncols, 1, y, yr, true);
      continue;
    }
    gemmF64(rows, nc, kb, work, 0, kb, 1, work, w2Off, nc, 1, upper, 0);
    for (let r = 0; r < rows; r++) {
      const o = yr + r * ncols;
      const u = r * nc;
      for (let j = 0; j < nc; j++) y[o + j] += upper[u + j];
    }
  }
}

/**
 * The compact WY form H_{j0}·…·H_{j0+kb−1} = I − V·T·Vᵀ (dlarft, forward, columnwise) of kb reflectors laid out as in
 * {@link applyBlocked}: V (rows×kb, row-major, unit diagonal, zero above) at work[0..], T (kb×kb, upper triangular;
 * entries below the diagonal unspecified) at work[rows·kb..], VᵀV scratch after it (kb² more).
 */
export function blockReflector(
  kb: number,
  j0: number,
  rows: number,
  shift: number,
  w: Float64Array,
  ldw: number,
  inc: number,
  tau: Float64Array,
  work: Float64Array,
): void {
  const vOff = 0;
  const tOff = rows * kb;
  const gOff = tOff + kb * kb;
  work.fill(0, vOff, vOff + rows * kb);
  for (let t = 0; t < kb; t++) {
    const src = (j0 + t) * (ldw + 1) + shift - t * inc;
    work[vOff + t * kb + t] = 1;
    for (let r = t + 1; r < rows; r++) work[vOff + r * kb + t] = w[src + r * inc];
  }
  // T (dlarft, forward columnwise) from G = VᵀV: T[0:t, t] = −τ_t·T[0:t, 0:t]·G[0:t, t], T[t, t] = τ_t.
  gemmF64(kb, kb, rows, work, vOff, 1, kb, work, vOff, kb, 1, work, gOff);
  for (let t = 0; t < kb; t++) {
    const tt = tau[j0 + t];
    work[tOff + t * kb + t] = tt;
    for (let s = 0; s < t; s++) {
      let acc = 0;
      for (let q = s; q < t; q++) acc += work[tOff + s * kb + q] * work[gOff + q * kb + t];
      work[tOff + s * kb + t] = -tt * acc;
    }
  }
}
