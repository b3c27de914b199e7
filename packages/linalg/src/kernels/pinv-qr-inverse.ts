/**
 * The inverse of an upper triangular matrix in place (LAPACK dtrtri, upper, non-unit), recursive so that most of its
 * N³/3 flops run in core's GEMM: Elmroth, Gustavson, Jonsson & Kågström, "Recursive blocked algorithms and hybrid data
 * structures for dense matrix library software", SIAM Review 46(1), 2004. Used by the pseudo-inverses of
 * ./pinv-qr-certified (R⁻¹) and ./pinv-qr (G⁻¹ = U⁻¹·U⁻ᵀ from the Cholesky factor). Its computed X satisfies
 * |X − R⁻¹| ≤ c_N·eps·|R⁻¹|·|R|·|X| (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., §14.2, for the
 * standard and the block methods alike). Nothing here allocates.
 */

import { gemmF64 } from '@tapegrad/core/internal';

/** Order up to which the triangular inverse runs unblocked (below, GEMM calls cost more than they save). */
const TRTRI_LEAF = 32;

/** Entries of the `tri` scratch of {@link invertUpper} for order n. */
export function invertUpperScratch(n: number): number {
  const half = Math.ceil(n / 2);
  return Math.max(2 * half * half, n);
}

/**
 * x (n×n upper triangular at x[off..], row stride ld, zeros below the diagonal) := x⁻¹ in place (LAPACK dtrtri,
 * upper, non-unit), recursively: for x = [R₁₁ R₁₂; 0 R₂₂], x⁻¹ = [R₁₁⁻¹, −R₁₁⁻¹·R₁₂·R₂₂⁻¹; 0, R₂₂⁻¹], the off-diagonal
 * block by two GEMMs through `tri` (2·⌈n/2⌉² entries). A zero on the diagonal gives ±Infinity/NaN entries (never an
 * exception). Leaves of ≤ TRTRI_LEAF rows by rows from the bottom: row i of x⁻¹ is −(1/r_ii)·R(i, i+1:)·x⁻¹(i+1:, :).
 */
export function invertUpper(n: number, x: Float64Array, off: number, ld: number, tri: Float64Array): void {
  if (n <= TRTRI_LEAF) {
    invertUpperLeaf(n, x, off, ld, tri);
    return;
  }
  const n1 = n >> 1;
  const n2 = n - n1;
  const o22 = off + n1 * ld + n1;
  const o12 = off + n1;
  invertUpper(n1, x, off, ld, tri);
  invertUpper(n2, x, o22, ld, tri);
  // T = R₁₂·R₂₂⁻¹ (n1×n2) into tri, then −R₁₁⁻¹·T into tri after it, copied over R₁₂.
  gemmF64(n1, n2, n2, x, o12, ld, 1, x, o22, ld, 1, tri, 0);
  gemmF64(n1, n2, n1, x, off, ld, 1, tri, 0, n2, 1, tri, n1 * n2);
  for (let i = 0; i < n1; i++) {
    const dst = o12 + i * ld;
    const src = n1 * n2 + i * n2;
    for (let j = 0; j < n2; j++) x[dst + j] = -tri[src + j];
  }
}

/** The unblocked leaf of {@link invertUpper}; `row` scratch of n entries (R's row i, read while row i is written). */
function invertUpperLeaf(n: number, x: Float64Array, off: number, ld: number, row: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    const ri = off + i * ld;
    for (let k = i + 1; k < n; k++) {
      row[k] = x[ri + k];
      x[ri + k] = 0;
    }
    const dii = 1 / x[ri + i];
    x[ri + i] = dii;
    for (let k = i + 1; k < n; k++) {
      const f = -dii * row[k];
      const rk = off + k * ld;
      for (let j = k; j < n; j++) x[ri + j] += f * x[rk + j];
    }
  }
}
