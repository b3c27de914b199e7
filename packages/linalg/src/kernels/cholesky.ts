/**
 * Cholesky factorization A = L·Lᴴ (or A = Uᴴ·U) of a Hermitian positive definite matrix (LAPACK dpotf2 / zpotf2;
 * Golub & Van Loan, "Matrix Computations" 4th ed., §4.2).
 *
 * Lower: real matrices are factored by the recursive blocked dpotrf2 (below), with the row-oriented (bordered, "dot
 * product") form for small blocks — row i of L is built from the finished rows above it, so all inner products run
 * over two contiguous row prefixes; complex ones by that form throughout. Upper: the right-looking outer-product form on rows of
 * U, also unit-stride. Only the named triangle of A is read (diagonal imaginary parts ignored); the output's other
 * triangle is set to zero.
 *
 * Layout: row-major at element offsets; complex matrices interleave re/im and their offsets count scalars.
 */

import { isFiniteTriangle } from './triangular';
import { gemmSubtract, trsmRightLowerTrans } from './triangular-blocked';

/** The signature of {@link choleskyReal} and {@link choleskyComplex}. */
export type CholeskyKernel = (
  n: number,
  a: Float64Array,
  aOff: number,
  l: Float64Array,
  lOff: number,
  upper?: boolean,
) => number;

/**
 * Cholesky factor of a real symmetric positive definite n×n matrix.
 *
 * @param a row-major input at `aOff`; only the lower triangle is read (the upper one when `upper`). Not modified,
 *   unless `l` is the same storage (in-place use is allowed).
 * @param l receives L (lower triangular, A = L·Lᵀ), or U = Lᵀ (upper triangular, A = Uᵀ·U) when `upper`.
 * @returns 0; -1 if the read triangle contains NaN/±Infinity (l untouched); k > 0 if the leading minor of order k
 *   is not positive definite (LAPACK info; l then holds the partial factor in its first k−1 rows/columns).
 */
export const choleskyReal: CholeskyKernel = (n, a, aOff, l, lOff, upper = false) => {
  if (!isFiniteTriangle(n, a, aOff, upper ? 'U' : 'L', 1)) return -1;
  copyTriangle(n, a, aOff, l, lOff, upper, 1);
  if (upper) {
    for (let k = 0; k < n; k++) {
      const rk = lOff + k * n;
      const dkk = l[rk + k];
      if (!(dkk > 0)) return k + 1;
      const ukk = Math.sqrt(dkk);
      l[rk + k] = ukk;
      const inv = 1 / ukk;
      for (let c = k + 1; c < n; c++) l[rk + c] *= inv;
      // Trailing update A(i, i:) −= U(k, i)·U(k, i:) on the upper triangle.
      for (let i = k + 1; i < n; i++) {
        const f = l[rk + i];
        if (f === 0) continue;
        const ri = lOff + i * n;
        for (let c = i; c < n; c++) l[ri + c] -= f * l[rk + c];
      }
    }
    return 0;
  }
  return potrfLower(n, l, lOff, n);
};

/** Orders at or below this factor unblocked (measured on V8, Node 20). */
const CHOLESKY_BASE = 16;

/**
 * Lower Cholesky factor in place of the n×n block at `off` (row stride `ld`; lower triangle read and written), by the
 * recursive dpotrf2 (Gustavson, "Recursion leads to automatic variable blocking for dense linear-algebra algorithms",
 * IBM J. Res. Dev. 41(6), 1997): L11 = chol(A11), L21 = A21·L11⁻ᵀ, A22 −= L21·L21ᵀ, L22 = chol(A22); the solve and the
 * update run in core's GEMM. Returns 0, or k > 0 if the leading minor of order k is not positive definite.
 */
function potrfLower(n: number, l: Float64Array, off: number, ld: number): number {
  if (n <= CHOLESKY_BASE) {
    // Row-oriented (bordered) form: row i of L from the finished rows above it, inner products over row prefixes.
    for (let i = 0; i < n; i++) {
      const ri = off + i * ld;
      for (let j = 0; j < i; j++) {
        const rj = off + j * ld;
        let s = l[ri + j];
        for (let k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
        l[ri + j] = s / l[rj + j];
      }
      let d = l[ri + i];
      for (let k = 0; k < i; k++) d -= l[ri + k] * l[ri + k];
      if (!(d > 0)) return i + 1;
      l[ri + i] = Math.sqrt(d);
    }
    return 0;
  }
  const n1 = n >> 1;
  const n2 = n - n1;
  const first = potrfLower(n1, l, off, ld);
  if (first > 0) return first;
  const a21 = off + n1 * ld;
  const a22 = a21 + n1;
  trsmRightLowerTrans(n2, n1, l, off, ld, l, a21, ld);
  syrkLower(n2, n1, l, a21, ld, a22);
  const second = potrfLower(n2, l, a22, ld);
  return second > 0 ? n1 + second : 0;
}

/**
 * C −= X·Xᵀ on the lower triangle of the m×m block C at `cOff` for the m×k block X at `xOff` (both row stride `ld`;
 * dsyrk), recursively: the off-diagonal block is one GEMM, the diagonal blocks recurse down to a small order.
 */
function syrkLower(m: number, k: number, l: Float64Array, xOff: number, ld: number, cOff: number): void {
  if (m <= 2 * CHOLESKY_BASE) {
    gemmSubtract(m, m, k, l, xOff, ld, 1, l, xOff, 1, ld, l, cOff, ld, true);
    return;
  }
  const m1 = m >> 1;
  syrkLower(m1, k, l, xOff, ld, cOff);
  gemmSubtract(m - m1, m1, k, l, xOff + m1 * ld, ld, 1, l, xOff, 1, ld, l, cOff + m1 * ld, ld);
  syrkLower(m - m1, k, l, xOff + m1 * ld, ld, cOff + m1 * ld + m1);
}

/**
 * Cholesky factor of a complex Hermitian positive definite matrix (interleaved re/im): A = L·Lᴴ, or A = Uᴴ·U when
 * `upper`; the factor's diagonal is real and positive. Arguments and status as {@link choleskyReal}.
 */
export const choleskyComplex: CholeskyKernel = (n, a, aOff, l, lOff, upper = false) => {
  if (!isFiniteTriangle(n, a, aOff, upper ? 'U' : 'L', 2)) return -1;
  copyTriangle(n, a, aOff, l, lOff, upper, 2);
  const rowLen = 2 * n;
  if (upper) {
    for (let k = 0; k < n; k++) {
      const rk = lOff + k * rowLen;
      const dkk = l[rk + 2 * k];
      if (!(dkk > 0)) return k + 1;
      const ukk = Math.sqrt(dkk);
      l[rk + 2 * k] = ukk;
      l[rk + 2 * k + 1] = 0;
      const inv = 1 / ukk;
      for (let c = 2 * (k + 1); c < rowLen; c++) l[rk + c] *= inv;
      // A(i, c) −= conj(U(k, i))·U(k, c) for c ≥ i > k.
      for (let i = k + 1; i < n; i++) {
        const fr = l[rk + 2 * i];
        const fi = -l[rk + 2 * i + 1];
        if (fr === 0 && fi === 0) continue;
        const ri = lOff + i * rowLen;
        for (let c = 2 * i; c < rowLen; c += 2) {
          const ur = l[rk + c];
          const ui = l[rk + c + 1];
          l[ri + c] -= fr * ur - fi * ui;
          l[ri + c + 1] -= fr * ui + fi * ur;
        }
        l[ri + 2 * i + 1] = 0;
      }
    }
    return 0;
  }
  for (let i = 0; i < n; i++) {
    const ri = lOff + i * rowLen;
    for (let j = 0; j < i; j++) {
      const rj = lOff + j * rowLen;
      // L(i, j) = (A(i, j) − Σ_k L(i, k)·conj(L(j, k))) / L(j, j), L(j, j) real.
      let sr = l[ri + 2 * j];
      let si = l[ri + 2 * j + 1];
      for (let k = 0; k < 2 * j; k += 2) {
        const xr = l[ri + k];
        const xi = l[ri + k + 1];
        const yr = l[rj + k];
        const yi = l[rj + k + 1];
        sr -= xr * yr + xi * yi;
        si -= xi * yr - xr * yi;
      }
      const inv = 1 / l[rj + 2 * j];
      l[ri + 2 * j] = sr * inv;
      l[ri + 2 * j + 1] = si * inv;
    }
    let d = l[ri + 2 * i];
    for (let k = 0; k < 2 * i; k++) d -= l[ri + k] * l[ri + k];
    if (!(d > 0)) return i + 1;
    l[ri + 2 * i] = Math.sqrt(d);
    l[ri + 2 * i + 1] = 0;
  }
  return 0;
};

/** Copies the lower (or upper) triangle of a into l and zeroes l's other triangle; `width` scalars per entry. */
function copyTriangle(
  n: number,
  a: Float64Array,
  aOff: number,
  l: Float64Array,
  lOff: number,
  upper: boolean,
  width: 1 | 2,
): void {
  const rowLen = width * n;
  for (let i = 0; i < n; i++) {
    const src = aOff + i * rowLen;
    const dst = lOff + i * rowLen;
    const split = width * (upper ? i : i + 1); // first scalar past the lower part (or of the upper part)
    // Plain loops: at small orders a fill() call per row costs more than the stores.
    if (upper) {
      for (let c = 0; c < split; c++) l[dst + c] = 0;
      for (let c = split; c < rowLen; c++) l[dst + c] = a[src + c];
    } else {
      for (let c = 0; c < split; c++) l[dst + c] = a[src + c];
      for (let c = split; c < rowLen; c++) l[dst + c] = 0;
    }
  }
}
