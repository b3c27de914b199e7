/**
 * Blocked real triangular solves on strided storage, with the bulk of the work in core's GEMM: the recursive
 * formulations of dtrsm (Elmroth, Gustavson, Jonsson & Kågström, "Recursive blocked algorithms and hybrid data
 * structures for dense matrix library software", SIAM Review 46(1), 2004, §3): split the triangle in halves, solve one
 * half, update the other half's right-hand sides with one matrix product, solve the other half. Below a small order the
 * unit-stride substitution loops run directly (forward/back substitution, Golub & Van Loan, "Matrix Computations" 4th
 * ed., §3.1).
 *
 * These are the unchecked inner kernels of ./triangular (trsmReal), ./lu and ./cholesky: the callers have already
 * checked for NaN/±Infinity and zero diagonals. The triangle is addressed through element strides — T(i, k) is
 * `a[aOff + i·rs + k·cs]` — so a transposed triangle is the same call with the strides exchanged; only the triangle's
 * own entries are read. Right-hand sides are row-major with row stride `ldb` (≥ their width) and unit column stride.
 *
 * Not re-entrant: the matrix-product scratch is module-level (JavaScript is single-threaded; workers have their own).
 */

import { gemmF64 } from '@tapegrad/core/internal';

/** Orders at or below this run the substitution loops (measured on V8: below it GEMM calls cost more than they save). */
export const TRSM_BASE = 8;

/** Largest product scratch kept between calls (scalars; 32 MiB); fresh typed arrays cost a page fault per 4 KiB. */
const KEEP_SCALARS = 2 ** 22;
let scratch = new Float64Array(0);

/** A scratch of at least `size` scalars (contents unspecified), reused up to KEEP_SCALARS. */
function scratchOf(size: number): Float64Array {
  if (size > KEEP_SCALARS) return new Float64Array(size);
  if (scratch.length < size) scratch = new Float64Array(Math.min(KEEP_SCALARS, Math.max(size, 2 * scratch.length)));
  return scratch;
}

/**
 * C −= A·B for an m×n block C at `cOff` with row stride `ldc` (unit column stride); A(i, p) = a[aOff + i·aRs + p·aCs],
 * B(p, j) = b[bOff + p·bRs + j·bCs]. gemmF64 writes only contiguous row-major blocks: when C is one (ldc = n and
 * not `lowerOnly`) and −A or −B is the smaller copy, that negated copy is made and the product accumulated into C;
 * otherwise the product goes to scratch and is subtracted. With `lowerOnly`, C is square (m = n) and only its lower
 * triangle (j ≤ i) is updated. C must not overlap A or B.
 */
export function gemmSubtract(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Float64Array,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
  lowerOnly = false,
): void {
  if (m <= 0 || n <= 0 || k <= 0) return;
  // A copy costs about half as much per entry as the subtraction pass (which reads two arrays and writes one).
  if (ldc === n && !lowerOnly && 2 * Math.min(m, n) * k < m * n) {
    const t = scratchOf(Math.min(m, n) * k);
    if (m <= n) {
      for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) t[i * k + p] = -a[aOff + i * aRs + p * aCs];
      gemmF64(m, n, k, t, 0, k, 1, b, bOff, bRs, bCs, c, cOff, true);
    } else {
      for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) t[p * n + j] = -b[bOff + p * bRs + j * bCs];
      gemmF64(m, n, k, a, aOff, aRs, aCs, t, 0, n, 1, c, cOff, true);
    }
    return;
  }
  const t = scratchOf(m * n);
  gemmF64(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, t, 0);
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * ldc;
    const ti = i * n;
    const end = lowerOnly ? i + 1 : n;
    for (let j = 0; j < end; j++) c[ci + j] -= t[ti + j];
  }
}

/**
 * Solves T·X = B in place for the m×m triangle T (strides rs, cs), lower when `lower` (forward substitution) else
 * upper (back substitution), with a unit diagonal (never read) when `unit`. B is m×n at `bOff`, row stride `ldb`.
 * Assumes T's used triangle and B are finite and (unless `unit`) T's diagonal has no zeros.
 */
export function trsmLeft(
  lower: boolean,
  unit: boolean,
  m: number,
  n: number,
  a: Float64Array,
  aOff: number,
  rs: number,
  cs: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
): void {
  if (m <= 0 || n <= 0) return;
  if (m <= TRSM_BASE) {
    // Substitution: row k of X is final once scaled, then eliminated from the rows after it.
    const step = lower ? 1 : -1;
    for (let t = 0, k = lower ? 0 : m - 1; t < m; t++, k += step) {
      const xk = bOff + k * ldb;
      if (!unit) {
        // Multiplying by the reciprocal is accurate unless a subnormal pivot makes 1/pivot overflow: then divide.
        const piv = a[aOff + k * (rs + cs)];
        const inv = 1 / piv;
        if (Number.isFinite(inv)) for (let j = 0; j < n; j++) b[xk + j] *= inv;
        else for (let j = 0; j < n; j++) b[xk + j] /= piv;
      }
      for (let i = k + step; i >= 0 && i < m; i += step) {
        const coef = a[aOff + i * rs + k * cs];
        if (coef === 0) continue;
        const xi = bOff + i * ldb;
        for (let j = 0; j < n; j++) b[xi + j] -= coef * b[xk + j];
      }
    }
    return;
  }
  const m1 = m >> 1;
  const m2 = m - m1;
  const a22 = aOff + m1 * (rs + cs);
  const b2 = bOff + m1 * ldb;
  if (lower) {
    // [T11 0; T21 T22]: X1 = T11⁻¹B1, B2 −= T21·X1, X2 = T22⁻¹B2.
    trsmLeft(true, unit, m1, n, a, aOff, rs, cs, b, bOff, ldb);
    gemmSubtract(m2, n, m1, a, aOff + m1 * rs, rs, cs, b, bOff, ldb, 1, b, b2, ldb);
    trsmLeft(true, unit, m2, n, a, a22, rs, cs, b, b2, ldb);
  } else {
    // [T11 T12; 0 T22]: X2 = T22⁻¹B2, B1 −= T12·X2, X1 = T11⁻¹B1.
    trsmLeft(false, unit, m2, n, a, a22, rs, cs, b, b2, ldb);
    gemmSubtract(m1, n, m2, a, aOff + m1 * cs, rs, cs, b, b2, ldb, 1, b, bOff, ldb);
    trsmLeft(false, unit, m1, n, a, aOff, rs, cs, b, bOff, ldb);
  }
}

/**
 * Solves X·Tᵀ = B in place for the lower m×m triangle T at `aOff` (row stride lda, non-unit diagonal): each row x of X
 * solves T·xᵀ = bᵀ (dtrsm side 'R', uplo 'L', trans 'T'), as Cholesky's L21 = A21·L11⁻ᵀ needs. B is r×m at `bOff`,
 * row stride `ldb`. Assumes finite data and a diagonal without zeros.
 */
export function trsmRightLowerTrans(
  r: number,
  m: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
): void {
  if (r <= 0 || m <= 0) return;
  if (m <= TRSM_BASE) {
    // Row-wise: x_j = (b_j − Σ_{k<j} x_k·T(j, k)) / T(j, j), a dot product of two contiguous row prefixes.
    for (let i = 0; i < r; i++) {
      const bi = bOff + i * ldb;
      for (let j = 0; j < m; j++) {
        const aj = aOff + j * lda;
        let s = b[bi + j];
        for (let k = 0; k < j; k++) s -= b[bi + k] * a[aj + k];
        b[bi + j] = s / a[aj + j];
      }
    }
    return;
  }
  // T = [T11 0; T21 T22], X = [X1 X2]: X1·T11ᵀ = B1, X2·T22ᵀ = B2 − X1·T21ᵀ.
  const m1 = m >> 1;
  const m2 = m - m1;
  trsmRightLowerTrans(r, m1, a, aOff, lda, b, bOff, ldb);
  gemmSubtract(r, m2, m1, b, bOff, ldb, 1, a, aOff + m1 * lda, 1, lda, b, bOff + m1, ldb);
  trsmRightLowerTrans(r, m2, a, aOff + m1 * (lda + 1), lda, b, bOff + m1, ldb);
}
