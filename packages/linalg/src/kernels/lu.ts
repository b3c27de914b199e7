/**
 * LU factorization with partial (row) pivoting P·A = L·U, solves with the factors, and the inverse
 * (LAPACK dgetf2 / zgetf2, dgetrs / zgetrs; Golub & Van Loan, "Matrix Computations" 4th ed., §3.2 and §3.4).
 *
 * Real matrices: the recursive blocked factorization and the dgetri-style inverse of ./lu-blocked (GEMM updates), and
 * blocked triangular solves (./triangular-blocked). Complex matrices: right-looking outer-product elimination on a
 * row-major copy: the row swap and the rank-1 update of the trailing block run over contiguous rows. Complex pivots are chosen by |re| + |im| (izamax); divisions by pivots use
 * Smith's algorithm (./cdiv). A zero pivot is recorded (LAPACK info) and elimination continues, so the factors are
 * complete but U is singular.
 *
 * Pivots are 0-based LAPACK style: at step j rows j and piv[pivOff + j] (≥ j) were interchanged, in order.
 * Layout: row-major at element offsets; complex matrices interleave re/im and their offsets count scalars.
 */

import { divideRowComplex } from './cdiv';
import { type InverseArgs, luFactorBlocked, luInverseBlocked } from './lu-blocked';
import { swapRows } from './rotation';
import { isFiniteRange, trsmComplex } from './triangular';
import { trsmLeft } from './triangular-blocked';

/**
 * Factors a real n×n matrix: on exit `lu` holds L (strictly below the diagonal, unit diagonal implied) and U.
 *
 * @param a row-major n×n input at `aOff` (not modified; `lu` may be the same storage for in-place use).
 * @param piv receives n 0-based row interchanges at `pivOff`.
 * @returns 0; -1 if A contains NaN/±Infinity (outputs untouched); k > 0 if U(k−1, k−1) is exactly zero (the first
 *   such k; the factorization is still completed, but U is singular).
 */
export function luFactorReal(
  n: number,
  a: Float64Array,
  aOff: number,
  lu: Float64Array,
  luOff: number,
  piv: Int32Array,
  pivOff: number,
): number {
  if (!isFiniteRange(n * n, a, aOff)) return -1;
  copyScalars(n * n, a, aOff, lu, luOff);
  return luFactorBlocked(n, lu, luOff, piv, pivOff);
}

/** Complex twin of {@link luFactorReal} (zgetf2); `lu` receives 2n² scalars. */
export function luFactorComplex(...[n, a, aOff, lu, luOff, piv, pivOff]: Parameters<typeof luFactorReal>): number {
  if (!isFiniteRange(2 * n * n, a, aOff)) return -1;
  copyScalars(2 * n * n, a, aOff, lu, luOff);
  const rowLen = 2 * n;
  let info = 0;
  for (let j = 0; j < n; j++) {
    const p = pivotRow(n, j, lu, luOff, 2);
    piv[pivOff + j] = p;
    const q = luOff + p * rowLen + 2 * j;
    if (lu[q] === 0 && lu[q + 1] === 0) {
      if (info === 0) info = j + 1;
      continue;
    }
    const rj = luOff + j * rowLen;
    if (p !== j) swapRows(lu, rj, luOff + p * rowLen, rowLen);
    // Column below the pivot divided by it (Smith, ./cdiv; entry-wise division when 1/pivot overflows).
    const dr = lu[rj + 2 * j];
    const di = lu[rj + 2 * j + 1];
    for (let i = j + 1; i < n; i++) divideRowComplex(lu, luOff + i * rowLen + 2 * j, 1, dr, di);
    for (let i = j + 1; i < n; i++) {
      const ri = luOff + i * rowLen;
      const lr = lu[ri + 2 * j];
      const li = lu[ri + 2 * j + 1];
      if (lr === 0 && li === 0) continue;
      for (let c = 2 * (j + 1); c < rowLen; c += 2) {
        const ur = lu[rj + c];
        const ui = lu[rj + c + 1];
        lu[ri + c] -= lr * ur - li * ui;
        lu[ri + c + 1] -= lr * ui + li * ur;
      }
    }
  }
  return info;
}

/**
 * Solves A·X = B from the factors of {@link luFactorReal} (dgetrs, no transpose): X = U⁻¹·L⁻¹·P·B.
 *
 * @param b row-major n×nrhs right-hand sides at `bOff` (not modified).
 * @param x receives the n×nrhs solution at `xOff` (may be the same storage as b).
 * @returns 0; -1 if B (or the factors, or the intermediate L⁻¹·P·B, after an overflow) contains NaN/±Infinity; k > 0 if
 *   U(k−1, k−1) is zero (singular; x untouched).
 */
export function luSolveReal(
  n: number,
  nrhs: number,
  lu: Float64Array,
  luOff: number,
  piv: Int32Array,
  pivOff: number,
  b: Float64Array,
  bOff: number,
  x: Float64Array,
  xOff: number,
): number {
  if (!isFiniteRange(n * nrhs, b, bOff)) return -1;
  const zero = firstZeroPivot(n, lu, luOff, 1);
  if (zero > 0) return zero;
  // Factors overflowed from finite input (or an intermediate solution did): report, as the checked dtrsm would.
  if (!isFiniteRange(n * n, lu, luOff)) return -1;
  copyScalars(n * nrhs, b, bOff, x, xOff);
  laswp(n, nrhs, piv, pivOff, x, xOff);
  trsmLeft(true, true, n, nrhs, lu, luOff, n, 1, x, xOff, nrhs);
  if (!isFiniteRange(n * nrhs, x, xOff)) return -1;
  trsmLeft(false, false, n, nrhs, lu, luOff, n, 1, x, xOff, nrhs);
  return 0;
}

/** Complex twin of {@link luSolveReal} (zgetrs). */
export function luSolveComplex(
  ...[n, nrhs, lu, luOff, piv, pivOff, b, bOff, x, xOff]: Parameters<typeof luSolveReal>
): number {
  if (!isFiniteRange(2 * n * nrhs, b, bOff)) return -1;
  const zero = firstZeroPivot(n, lu, luOff, 2);
  if (zero > 0) return zero;
  copyScalars(2 * n * nrhs, b, bOff, x, xOff);
  laswp(n, 2 * nrhs, piv, pivOff, x, xOff);
  trsmComplex('L', 'N', 'U', n, nrhs, lu, luOff, x, xOff);
  return trsmComplex('U', 'N', 'N', n, nrhs, lu, luOff, x, xOff);
}

/**
 * Inverse A⁻¹ from the factors of {@link luFactorReal}, by solving A·X = I.
 *
 * @param inv receives the n×n inverse at `invOff` (must not overlap `lu`).
 * @returns 0, or k > 0 if U(k−1, k−1) is zero (singular; inv untouched).
 */
export function luInverseReal(...[n, lu, luOff, piv, pivOff, inv, invOff]: InverseArgs): number {
  const zero = firstZeroPivot(n, lu, luOff, 1);
  if (zero > 0) return zero;
  luInverseBlocked(n, lu, luOff, piv, pivOff, inv, invOff);
  return 0;
}

/** Complex twin of {@link luInverseReal}. */
export function luInverseComplex(
  ...[n, lu, luOff, piv, pivOff, inv, invOff]: Parameters<typeof luInverseReal>
): number {
  const zero = firstZeroPivot(n, lu, luOff, 2);
  if (zero > 0) return zero;
  inv.fill(0, invOff, invOff + 2 * n * n);
  for (let i = 0; i < n; i++) inv[invOff + 2 * (i * n + i)] = 1;
  return luSolveComplex(n, n, lu, luOff, piv, pivOff, inv, invOff, inv, invOff);
}

/** k > 0 if U(k−1, k−1) is the first exactly zero pivot of the factors (real: width 1, complex: 2), else 0. */
function firstZeroPivot(n: number, lu: Float64Array, luOff: number, width: 1 | 2): number {
  for (let i = 0; i < n; i++) {
    const p = luOff + width * (i * n + i);
    if (lu[p] === 0 && (width === 1 || lu[p + 1] === 0)) return i + 1;
  }
  return 0;
}

/**
 * The pivot row of column j: the largest |A(i, j)|, i ≥ j, first one on ties (real: width 1; complex: width 2, measured
 * as |re| + |im| like zgetf2's dcabs1).
 */
function pivotRow(n: number, j: number, lu: Float64Array, luOff: number, width: 1 | 2): number {
  let p = j;
  let big = -1;
  for (let i = j; i < n; i++) {
    const q = luOff + width * (i * n + j);
    const t = width === 1 ? Math.abs(lu[q]) : Math.abs(lu[q]) + Math.abs(lu[q + 1]);
    if (t > big) {
      big = t;
      p = i;
    }
  }
  return p;
}

/** Applies the interchanges piv[0..n) in order to the rows (each `rowLen` scalars) of x (dlaswp). */
function laswp(n: number, rowLen: number, piv: Int32Array, pivOff: number, x: Float64Array, xOff: number): void {
  for (let j = 0; j < n; j++) {
    const p = piv[pivOff + j];
    if (p === j) continue;
    swapRows(x, xOff + j * rowLen, xOff + p * rowLen, rowLen);
  }
}

/** Copies `len` scalars (overlap-safe: `set` copies as if through a temporary). */
function copyScalars(len: number, src: Float64Array, srcOff: number, dst: Float64Array, dstOff: number): void {
  if (src === dst) {
    if (srcOff !== dstOff) dst.copyWithin(dstOff, srcOff, srcOff + len);
  } else if (len < 1024) {
    // Different buffers: no overlap. A short loop beats creating the subarray view `set` needs.
    for (let k = 0; k < len; k++) dst[dstOff + k] = src[srcOff + k];
  } else dst.set(src.subarray(srcOff, srcOff + len), dstOff);
}
