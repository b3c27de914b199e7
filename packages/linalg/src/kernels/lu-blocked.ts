/**
 * The real LU factorization with partial pivoting and the inverse from its factors, blocked so that almost all
 * arithmetic runs in core's GEMM (the unchecked inner kernels of ./lu).
 *
 * Factorization: the recursive dgetrf2 of LAPACK (Toledo, "Locality of reference in LU decomposition with partial
 * pivoting", SIAM J. Matrix Anal. Appl. 18(4), 1997): factor the left half of the column panel, solve for the top
 * block row of the right half (unit lower triangular solve), update the bottom right block with one matrix product,
 * factor it. Below `LU_BASE` columns the right-looking elimination of dgetf2 runs directly. The pivots are the same
 * partial-pivoting choices as the unblocked elimination (the largest |entry| of the updated column, first on ties);
 * only the order of the floating-point updates differs. Row interchanges swap whole rows of the n×n matrix (row-major:
 * contiguous), which is LAPACK's dlaswp applied to both sides of the panel.
 *
 * Inverse (the arithmetic of dgetri, 2n³ flops with the factorization): from P·A = L·U, A⁻¹ = U⁻¹·L⁻¹·P. W = L⁻¹ is
 * formed block column by block column (column block J solves L·W(:, J) = I(:, J) on rows ≥ J only, the rows above being
 * zero), then U·X = W is solved in place, then the column interchanges are applied in reverse order.
 *
 * Layout: row-major n×n at element offsets; pivots 0-based as in ./lu.
 */

import { swapRows } from './rotation';
import { gemmSubtract, trsmLeft } from './triangular-blocked';

/** Panels at most this wide are eliminated unblocked (measured on V8, Node 20). */
export const LU_BASE = 8;
/** Matrices of at most this order are factored and inverted by the unblocked loops (no GEMM calls, no copies). */
export const SMALL = 16;
/** Column block width of the L⁻¹ sweep in {@link luInverseBlocked}. */
const INVERSE_BLOCK = 64;

/**
 * Factors the finite n×n matrix at `off` in place (L strictly below the diagonal, unit diagonal implied; U on and above).
 * @returns 0, or k > 0 if U(k−1, k−1) is exactly zero (the first such k; the factorization is still completed).
 */
export function luFactorBlocked(n: number, a: Float64Array, off: number, piv: Int32Array, pivOff: number): number {
  return n <= SMALL ? eliminateRows(n, a, off, piv, pivOff) : factorPanel(n, a, off, piv, pivOff, 0, n);
}

/**
 * dgetf2 on the whole (small) matrix in place, row-oriented: interchanges swap whole rows and every update is a
 * contiguous row operation. Returns the first zero pivot as k > 0, else 0.
 */
function eliminateRows(n: number, a: Float64Array, off: number, piv: Int32Array, pivOff: number): number {
  let info = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    let big = -1;
    for (let i = k, q = off + k * n + k; i < n; i++, q += n) {
      const t = Math.abs(a[q]);
      if (t > big) {
        big = t;
        p = i;
      }
    }
    piv[pivOff + k] = p;
    const rk = off + k * n;
    if (a[off + p * n + k] === 0) {
      if (info === 0) info = k + 1;
      continue; // column already zero below the diagonal: nothing to eliminate
    }
    if (p !== k) swapRows(a, rk, off + p * n, n);
    const pivot = a[rk + k];
    const inv = 1 / pivot;
    // Multiplying by the reciprocal is accurate unless the pivot is tiny enough that 1/pivot overflows.
    const invFinite = Number.isFinite(inv);
    for (let i = k + 1; i < n; i++) {
      const ri = off + i * n;
      const l = invFinite ? a[ri + k] * inv : a[ri + k] / pivot;
      a[ri + k] = l;
      if (l === 0) continue;
      for (let c = k + 1; c < n; c++) a[ri + c] -= l * a[rk + c];
    }
  }
  return info;
}

/**
 * One step on the column panel j ≤ c < j + w, rows j ≤ r < n, of the n×n row-major matrix at `off`, pivots at
 * `pivOff`: returns the first zero pivot as k > 0, else 0.
 */
type PanelStep = (
  n: number,
  a: Float64Array,
  off: number,
  piv: Int32Array,
  pivOff: number,
  j: number,
  w: number,
) => number;

/**
 * Factors the column panel j ≤ c < j + w, rows j ≤ r < n, of the n×n matrix (columns left of j already factored and
 * the panel already updated by them). Interchanges swap whole rows. Returns the first zero pivot as k > 0, else 0.
 */
const factorPanel: PanelStep = (n, a, off, piv, pivOff, j, w) => {
  if (w <= LU_BASE) return eliminate(n, a, off, piv, pivOff, j, w);
  const w1 = w >> 1;
  const w2 = w - w1;
  const left = factorPanel(n, a, off, piv, pivOff, j, w1);
  // A12 ← L11⁻¹·A12 (rows j..j+w1, columns j+w1..j+w), then A22 −= L21·A12.
  const a11 = off + j * n + j;
  trsmLeft(true, true, w1, w2, a, a11, n, 1, a, a11 + w1, n);
  gemmSubtract(n - j - w1, w2, w1, a, a11 + w1 * n, n, 1, a, a11 + w1, n, 1, a, a11 + w1 * n + w1, n);
  const right = factorPanel(n, a, off, piv, pivOff, j + w1, w2);
  return left > 0 ? left : right;
};

let panel = new Float64Array(0);

/**
 * Right-looking elimination (dgetf2) of the panel j ≤ c < j + w, rows j ≤ r < n. For a tall panel the columns are
 * copied into a column-major buffer first, so that the pivot search, the scaling and the rank-1 updates run over
 * contiguous columns; the row interchanges are then applied to the rest of each row (dlaswp).
 */
const eliminate: PanelStep = (n, a, off, piv, pivOff, j, w) => {
  const rows = n - j;
  if (rows * w > panel.length) panel = new Float64Array(Math.max(rows * w, 2 * panel.length));
  const p = panel;
  // p[c·rows + i] = A(j + i, j + c)
  for (let i = 0; i < rows; i++) {
    const src = off + (j + i) * n + j;
    for (let c = 0; c < w; c++) p[c * rows + i] = a[src + c];
  }
  let info = 0;
  for (let k = 0; k < w; k++) {
    const ck = k * rows;
    // Pivot: the largest |A(i, k)|, i ≥ k, first on ties.
    let r = k;
    let big = -1;
    for (let i = k; i < rows; i++) {
      const t = Math.abs(p[ck + i]);
      if (t > big) {
        big = t;
        r = i;
      }
    }
    piv[pivOff + j + k] = j + r;
    if (p[ck + r] === 0) {
      if (info === 0) info = j + k + 1;
      continue; // column already zero below the diagonal: nothing to eliminate
    }
    if (r !== k) {
      for (let c = 0; c < w; c++) {
        const t = p[c * rows + k];
        p[c * rows + k] = p[c * rows + r];
        p[c * rows + r] = t;
      }
    }
    const pivot = p[ck + k];
    const inv = 1 / pivot;
    // Multiplying by the reciprocal is accurate unless the pivot is tiny enough that 1/pivot overflows.
    if (Number.isFinite(inv)) for (let i = k + 1; i < rows; i++) p[ck + i] *= inv;
    else for (let i = k + 1; i < rows; i++) p[ck + i] /= pivot;
    for (let c = k + 1; c < w; c++) {
      const cc = c * rows;
      const u = p[cc + k];
      if (u === 0) continue;
      for (let i = k + 1; i < rows; i++) p[cc + i] -= p[ck + i] * u;
    }
  }
  for (let i = 0; i < rows; i++) {
    const dst = off + (j + i) * n + j;
    for (let c = 0; c < w; c++) a[dst + c] = p[c * rows + i];
  }
  // The interchanges, applied in order to the columns left and right of the panel.
  for (let k = j; k < j + w; k++) {
    const r = piv[pivOff + k];
    if (r === k) continue;
    const rk = off + k * n;
    const rr = off + r * n;
    for (let c = 0; c < j; c++) {
      const t = a[rk + c];
      a[rk + c] = a[rr + c];
      a[rr + c] = t;
    }
    for (let c = j + w; c < n; c++) {
      const t = a[rk + c];
      a[rk + c] = a[rr + c];
      a[rr + c] = t;
    }
  }
  return info;
};

/** The arguments of the inverse kernels: order, the factors and pivots at their offsets, the output at its offset. */
export type InverseArgs = [
  n: number,
  lu: Float64Array,
  luOff: number,
  piv: Int32Array,
  pivOff: number,
  inv: Float64Array,
  invOff: number,
];

/**
 * A⁻¹ from the factors (`lu`, `piv`) of a nonsingular n×n matrix into `inv` at `invOff` (must not overlap `lu`).
 * Assumes U has no zero diagonal entry.
 */
export function luInverseBlocked(...[n, lu, luOff, piv, pivOff, inv, invOff]: InverseArgs): void {
  if (n <= SMALL) {
    inverseSmall(n, lu, luOff, piv, pivOff, inv, invOff);
    return;
  }
  inv.fill(0, invOff, invOff + n * n);
  // W = L⁻¹, lower triangular: column block J = [j, j + jb) is zero above row j; below, L(j:, j:)·W(j:, J) = I(j:, J).
  for (let j = 0; j < n; j += INVERSE_BLOCK) {
    const jb = Math.min(INVERSE_BLOCK, n - j);
    const d = invOff + j * n + j;
    for (let r = 0; r < jb; r++) inv[d + r * n + r] = 1;
    trsmLeft(true, true, n - j, jb, lu, luOff + j * n + j, n, 1, inv, d, n);
  }
  // X = U⁻¹·W.
  trsmLeft(false, false, n, n, lu, luOff, n, 1, inv, invOff, n);
  permuteColumns(n, piv, pivOff, inv, invOff);
}

/** The steps of {@link luInverseBlocked} for a small matrix, as plain row loops. */
function inverseSmall(...[n, lu, luOff, piv, pivOff, inv, invOff]: InverseArgs): void {
  // W = L⁻¹ row by row: W(i, :) = e_i − Σ_{k<i} L(i, k)·W(k, :), where W(k, :) is zero right of column k.
  for (let i = 0; i < n; i++) {
    const wi = invOff + i * n;
    const li = luOff + i * n;
    for (let j = 0; j < n; j++) inv[wi + j] = 0;
    inv[wi + i] = 1;
    for (let k = 0; k < i; k++) {
      const c = lu[li + k];
      if (c === 0) continue;
      const wk = invOff + k * n;
      for (let j = 0; j <= k; j++) inv[wi + j] -= c * inv[wk + j];
    }
  }
  // X = U⁻¹·W bottom-up in place: X(i, :) = (W(i, :) − Σ_{k>i} U(i, k)·X(k, :)) / U(i, i).
  for (let i = n - 1; i >= 0; i--) {
    const xi = invOff + i * n;
    const ui = luOff + i * n;
    for (let k = i + 1; k < n; k++) {
      const c = lu[ui + k];
      if (c === 0) continue;
      const xk = invOff + k * n;
      for (let j = 0; j < n; j++) inv[xi + j] -= c * inv[xk + j];
    }
    const d = lu[ui + i];
    const r = 1 / d;
    // Multiplying by the reciprocal is accurate unless a subnormal pivot makes 1/pivot overflow: then divide.
    if (Number.isFinite(r)) for (let j = 0; j < n; j++) inv[xi + j] *= r;
    else for (let j = 0; j < n; j++) inv[xi + j] /= d;
  }
  permuteColumns(n, piv, pivOff, inv, invOff);
}

let order = new Int32Array(0);
let row = new Float64Array(0);

/**
 * A⁻¹ = X·P with P = P(n−1)···P(0): column c of A⁻¹ is column π(c) of X, where π applies the interchanges to the
 * identity order last-first; each row is then gathered through a copy.
 */
function permuteColumns(n: number, piv: Int32Array, pivOff: number, x: Float64Array, xOff: number): void {
  if (order.length < n) {
    order = new Int32Array(n);
    row = new Float64Array(n);
  }
  let moved = false;
  for (let c = 0; c < n; c++) order[c] = c;
  for (let k = n - 1; k >= 0; k--) {
    const p = piv[pivOff + k];
    if (p === k) continue;
    moved = true;
    const t = order[k];
    order[k] = order[p];
    order[p] = t;
  }
  if (!moved) return;
  for (let i = 0, r = xOff; i < n; i++, r += n) {
    for (let c = 0; c < n; c++) row[c] = x[r + c];
    for (let c = 0; c < n; c++) x[r + c] = row[order[c]];
  }
}
