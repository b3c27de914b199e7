/**
 * LU factorization with partial (row) pivoting P·A = L·U, solves with the factors, and the inverse
 * (LAPACK dgetf2 / zgetf2, dgetrs / zgetrs; Golub & Van Loan, "Matrix Computations" 4th ed., §3.2 and §3.4).
 *
 * Right-looking outer-product elimination on a row-major copy: the row swap and the rank-1 update of the trailing
 * block run over contiguous rows. Complex pivots are chosen by |re| + |im| (izamax); divisions by pivots use
 * Smith's algorithm (./cdiv). A zero pivot is recorded (LAPACK info) and elimination continues, so the factors are
 * complete but U is singular.
 *
 * Pivots are 0-based LAPACK style: at step j rows j and piv[pivOff + j] (≥ j) were interchanged, in order.
 * Layout: row-major at element offsets; complex matrices interleave re/im and their offsets count scalars.
 */

import { divideRowComplex } from './cdiv';
import { isFiniteRange, trsmComplex, trsmReal } from './triangular';

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
  let info = 0;
  for (let j = 0; j < n; j++) {
    // Pivot: largest |A(i, j)|, i ≥ j (first one on ties).
    let p = j;
    let big = Math.abs(lu[luOff + j * n + j]);
    for (let i = j + 1; i < n; i++) {
      const t = Math.abs(lu[luOff + i * n + j]);
      if (t > big) {
        big = t;
        p = i;
      }
    }
    piv[pivOff + j] = p;
    if (big === 0) {
      if (info === 0) info = j + 1;
      continue; // column already zero below the diagonal: nothing to eliminate
    }
    const rj = luOff + j * n;
    if (p !== j) {
      const rp = luOff + p * n;
      for (let c = 0; c < n; c++) {
        const t = lu[rj + c];
        lu[rj + c] = lu[rp + c];
        lu[rp + c] = t;
      }
    }
    const inv = 1 / lu[rj + j];
    const invFinite = Number.isFinite(inv);
    for (let i = j + 1; i < n; i++) {
      const ri = luOff + i * n;
      // Multiplying by the reciprocal is accurate unless the pivot is tiny enough that 1/pivot overflows.
      const l = invFinite ? lu[ri + j] * inv : lu[ri + j] / lu[rj + j];
      lu[ri + j] = l;
      if (l === 0) continue;
      for (let c = j + 1; c < n; c++) lu[ri + c] -= l * lu[rj + c];
    }
  }
  return info;
}

/** Complex twin of {@link luFactorReal} (zgetf2); `lu` receives 2n² scalars. */
export function luFactorComplex(
  n: number,
  a: Float64Array,
  aOff: number,
  lu: Float64Array,
  luOff: number,
  piv: Int32Array,
  pivOff: number,
): number {
  if (!isFiniteRange(2 * n * n, a, aOff)) return -1;
  copyScalars(2 * n * n, a, aOff, lu, luOff);
  const rowLen = 2 * n;
  let info = 0;
  for (let j = 0; j < n; j++) {
    let p = j;
    let big = -1;
    for (let i = j; i < n; i++) {
      const q = luOff + i * rowLen + 2 * j;
      const t = Math.abs(lu[q]) + Math.abs(lu[q + 1]);
      if (t > big) {
        big = t;
        p = i;
      }
    }
    piv[pivOff + j] = p;
    if (big === 0) {
      if (info === 0) info = j + 1;
      continue;
    }
    const rj = luOff + j * rowLen;
    if (p !== j) {
      const rp = luOff + p * rowLen;
      for (let c = 0; c < rowLen; c++) {
        const t = lu[rj + c];
        lu[rj + c] = lu[rp + c];
        lu[rp + c] = t;
      }
    }
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
 * @returns 0; -1 if B contains NaN/±Infinity; k > 0 if U(k−1, k−1) is zero (singular; x untouched).
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
  for (let i = 0; i < n; i++) if (lu[luOff + i * n + i] === 0) return i + 1;
  copyScalars(n * nrhs, b, bOff, x, xOff);
  swapRows(n, nrhs, piv, pivOff, x, xOff);
  trsmReal('L', 'N', 'U', n, nrhs, lu, luOff, x, xOff);
  return trsmReal('U', 'N', 'N', n, nrhs, lu, luOff, x, xOff);
}

/** Complex twin of {@link luSolveReal} (zgetrs). */
export function luSolveComplex(
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
  if (!isFiniteRange(2 * n * nrhs, b, bOff)) return -1;
  for (let i = 0; i < n; i++) {
    const p = luOff + 2 * (i * n + i);
    if (lu[p] === 0 && lu[p + 1] === 0) return i + 1;
  }
  copyScalars(2 * n * nrhs, b, bOff, x, xOff);
  swapRows(n, 2 * nrhs, piv, pivOff, x, xOff);
  trsmComplex('L', 'N', 'U', n, nrhs, lu, luOff, x, xOff);
  return trsmComplex('U', 'N', 'N', n, nrhs, lu, luOff, x, xOff);
}

/**
 * Inverse A⁻¹ from the factors of {@link luFactorReal}, by solving A·X = I.
 *
 * @param inv receives the n×n inverse at `invOff` (must not overlap `lu`).
 * @returns 0, or k > 0 if U(k−1, k−1) is zero (singular; inv untouched).
 */
export function luInverseReal(
  n: number,
  lu: Float64Array,
  luOff: number,
  piv: Int32Array,
  pivOff: number,
  inv: Float64Array,
  invOff: number,
): number {
  for (let i = 0; i < n; i++) if (lu[luOff + i * n + i] === 0) return i + 1;
  inv.fill(0, invOff, invOff + n * n);
  for (let i = 0; i < n; i++) inv[invOff + i * n + i] = 1;
  return luSolveReal(n, n, lu, luOff, piv, pivOff, inv, invOff, inv, invOff);
}

/** Complex twin of {@link luInverseReal}. */
export function luInverseComplex(
  n: number,
  lu: Float64Array,
  luOff: number,
  piv: Int32Array,
  pivOff: number,
  inv: Float64Array,
  invOff: number,
): number {
  for (let i = 0; i < n; i++) {
    const p = luOff + 2 * (i * n + i);
    if (lu[p] === 0 && lu[p + 1] === 0) return i + 1;
  }
  inv.fill(0, invOff, invOff + 2 * n * n);
  for (let i = 0; i < n; i++) inv[invOff + 2 * (i * n + i)] = 1;
  return luSolveComplex(n, n, lu, luOff, piv, pivOff, inv, invOff, inv, invOff);
}

/** Applies the interchanges piv[0..n) in order to the rows (each `rowLen` scalars) of x (dlaswp). */
function swapRows(n: number, rowLen: number, piv: Int32Array, pivOff: number, x: Float64Array, xOff: number): void {
  for (let j = 0; j < n; j++) {
    const p = piv[pivOff + j];
    if (p === j) continue;
    const rj = xOff + j * rowLen;
    const rp = xOff + p * rowLen;
    for (let c = 0; c < rowLen; c++) {
      const t = x[rj + c];
      x[rj + c] = x[rp + c];
      x[rp + c] = t;
    }
  }
}

/** Copies `len` scalars, without allocating unless two different views share one buffer (overlap-safe). */
function copyScalars(len: number, src: Float64Array, srcOff: number, dst: Float64Array, dstOff: number): void {
  if (src === dst) {
    if (srcOff !== dstOff) dst.copyWithin(dstOff, srcOff, srcOff + len);
  } else if (src.buffer === dst.buffer) {
    dst.set(src.subarray(srcOff, srcOff + len), dstOff);
  } else {
    for (let k = 0; k < len; k++) dst[dstOff + k] = src[srcOff + k];
  }
}
