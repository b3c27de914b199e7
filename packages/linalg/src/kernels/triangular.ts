/**
 * Triangular solves with multiple right-hand sides, op(A)·X = B with op(A) = A, Aᵀ or Aᴴ, A on the LEFT
 * (LAPACK/BLAS dtrsm / ztrsm with side = 'L', plus the zero-diagonal check of dtrtrs). Forward/back substitution,
 * Golub & Van Loan, "Matrix Computations" (4th ed.), §3.1.
 *
 * Layout: A is m×m and B is m×n, both row-major contiguous at element offsets (complex: interleaved re/im pairs,
 * offsets in scalars). Only the triangle named by `uplo` is read; the other triangle may hold anything. Rows of B are
 * updated with contiguous axpy loops (the row-oriented "outer product" form), so every inner loop is unit-stride;
 * real solves above a small order are blocked recursively with GEMM updates (./triangular-blocked).
 *
 * Also exports the NaN/±Infinity scans the other kernels use for their "check first" status (-1).
 */

import { divideRowComplex } from './cdiv';
import { trsmLeft } from './triangular-blocked';

/** Which triangle of a matrix holds the data: 'L' lower, 'U' upper. */
export type Uplo = 'L' | 'U';
/** op(A): 'N' A, 'T' Aᵀ, 'C' Aᴴ (for real matrices 'C' equals 'T'). */
export type Trans = 'N' | 'T' | 'C';
/** 'N' read the diagonal of A; 'U' assume it is all ones (never read). */
export type Diag = 'N' | 'U';

/** True when the `len` scalars a[off..off+len) are all finite. */
export function isFiniteRange(len: number, a: Float64Array, off: number): boolean {
  for (let p = off, end = off + len; p < end; p++) {
    // x − x is 0 for finite x and NaN for NaN/±Infinity.
    if (a[p] - a[p] !== 0) return false;
  }
  return true;
}

/**
 * True when every entry of the `uplo` triangle (diagonal included) of the n×n matrix at `off` is finite.
 * `width` is 1 for real and 2 for complex storage.
 */
export function isFiniteTriangle(n: number, a: Float64Array, off: number, uplo: Uplo, width: 1 | 2): boolean {
  const rowLen = width * n;
  for (let i = 0; i < n; i++) {
    const start = off + i * rowLen + (uplo === 'L' ? 0 : width * i);
    const len = uplo === 'L' ? width * (i + 1) : width * (n - i);
    if (!isFiniteRange(len, a, start)) return false;
  }
  return true;
}

/** The signature of {@link trsmReal} and {@link trsmComplex}. */
export type TrsmKernel = (
  uplo: Uplo,
  trans: Trans,
  diag: Diag,
  m: number,
  n: number,
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
) => number;

/**
 * Solves op(A)·X = B in place (B is overwritten by X) for real triangular A (dtrsm, side 'L').
 *
 * @param uplo 'L' if A is lower triangular, 'U' if upper. Only that triangle is read.
 * @param trans 'N' solves A·X = B; 'T' or 'C' solves Aᵀ·X = B.
 * @param diag 'U' for a unit diagonal (not read), 'N' otherwise.
 * @param m order of A and number of rows of B.
 * @param n number of right-hand sides (columns of B).
 * @returns 0 on success; -1 if A's triangle or B contains NaN/±Infinity (B untouched); k > 0 if A(k−1, k−1) is
 *   exactly zero for diag = 'N' (singular, B untouched; LAPACK dtrtrs info).
 */
export const trsmReal: TrsmKernel = (uplo, trans, diag, m, n, a, aOff, b, bOff) => {
  if (!isFiniteTriangle(m, a, aOff, uplo, 1) || !isFiniteRange(m * n, b, bOff)) return -1;
  const unit = diag === 'U';
  if (!unit) {
    for (let i = 0; i < m; i++) if (a[aOff + i * m + i] === 0) return i + 1;
  }
  if (m === 0 || n === 0) return 0;
  // op(A) is lower triangular when (uplo L, no transpose) or (uplo U, transposed): solve forward, else backward;
  // op(A)(i, k) = a[aOff + i·rs + k·cs]. Blocked above a small order (./triangular-blocked).
  const transposed = trans !== 'N';
  trsmLeft((uplo === 'L') !== transposed, unit, m, n, a, aOff, transposed ? 1 : m, transposed ? m : 1, b, bOff, n);
  return 0;
};

/**
 * Solves op(A)·X = B in place for complex triangular A (ztrsm, side 'L'); 'T' is the plain transpose, 'C' the
 * conjugate transpose. Arguments and status as {@link trsmReal}; a diagonal entry is zero when both parts are zero.
 */
export const trsmComplex: TrsmKernel = (uplo, trans, diag, m, n, a, aOff, b, bOff) => {
  if (!isFiniteTriangle(m, a, aOff, uplo, 2) || !isFiniteRange(2 * m * n, b, bOff)) return -1;
  const unit = diag === 'U';
  if (!unit) {
    for (let i = 0; i < m; i++) {
      const p = aOff + 2 * (i * m + i);
      if (a[p] === 0 && a[p + 1] === 0) return i + 1;
    }
  }
  if (m === 0 || n === 0) return 0;
  const transposed = trans !== 'N';
  const conj = trans === 'C' ? -1 : 1;
  const forward = (uplo === 'L') !== transposed;
  const rs = transposed ? 2 : 2 * m;
  const cs = transposed ? 2 * m : 2;
  const step = forward ? 1 : -1;
  const rowLen = 2 * n;
  for (let t = 0, k = forward ? 0 : m - 1; t < m; t++, k += step) {
    const xk = bOff + k * rowLen;
    if (!unit) {
      // Row k divided by op(A)(k,k) (Smith's algorithm, ./cdiv).
      const p = aOff + 2 * k * (m + 1);
      divideRowComplex(b, xk, n, a[p], conj * a[p + 1]);
    }
    for (let i = k + step; i >= 0 && i < m; i += step) {
      const p = aOff + i * rs + k * cs;
      const cr = a[p];
      const ci = conj * a[p + 1];
      if (cr === 0 && ci === 0) continue;
      const xi = bOff + i * rowLen;
      for (let j = 0; j < rowLen; j += 2) {
        const re = b[xk + j];
        const im = b[xk + j + 1];
        b[xi + j] -= cr * re - ci * im;
        b[xi + j + 1] -= cr * im + ci * re;
      }
    }
  }
  return 0;
};
