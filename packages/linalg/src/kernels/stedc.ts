/**
 * Eigenvalues and eigenvectors of a real symmetric tridiagonal matrix by divide and conquer (LAPACK dstedc with
 * compz = 'I': dlaed0, dlaed1, dlaed2, dlaed3; J. J. M. Cuppen, "A divide and conquer method for the symmetric
 * tridiagonal eigenproblem", Numer. Math. 36 (1981); M. Gu & S. C. Eisenstat, "A divide-and-conquer algorithm for the
 * symmetric tridiagonal eigenproblem", SIAM J. Matrix Anal. Appl. 16(1), 1995).
 *
 * T (scaled to max-norm 1) is torn at the middle, T = diag(T₁, T₂) + ρ·v·vᵀ with the two touching diagonal entries
 * reduced by |β| (β the off-diagonal torn, ρ = |β|, v = e_last + sign(β)·e_first); both halves are solved
 * recursively (leaves of ≤ STEDC_LEAF rows by the implicit QL/QR of ./steqr), and each merge solves the rank-one
 * modification D + ρ·z·zᵀ, z = diag(Q₁, Q₂)ᵀ·v:
 * - deflation (dlaed2): a pole whose ρ·|zⱼ| ≤ tol keeps its eigenpair; two poles closer than tol/|c·s| are rotated
 *   into one (a Givens rotation of their eigenvector columns) and one of them deflates; tol = 8ε·max(|d|, |z|);
 * - the remaining k poles: secular roots by ./laed4, then z recomputed from the roots by the Löwner formula
 *   (Gu & Eisenstat), so the eigenvectors (ẑⱼ/(dⱼ − λᵢ))ⱼ are numerically orthogonal;
 * - the new eigenvector matrix diag(Q₁, Q₂)·U in two GEMMs, the top rows over the columns of Q₁ (and the rotated,
 *   mixed ones) only, the bottom rows likewise (dlaed2's column types), so a merge without deflation costs n³/2 flops.
 * Eigenvalues come out ascending with their vectors. Leaves allow 30·(leaf order) QL/QR sweeps, and every secular
 * root at most ./secular's SECULAR_MAXIT evaluations. Z is row-major with column j the eigenvector of d[j].
 */

import { gemmF64 } from '@tapegrad/core/internal';
import { laed4 } from './laed4';
import { EPS } from './machine';
import { sortEigen, tridiagonalEigen } from './steqr';

/** Largest subproblem solved by QL/QR (dstedc's SMLSIZ). */
export const STEDC_LEAF = 25;

const TOP = 1;
const BOTTOM = 2;
const MIXED = 3;

/** Scratch of {@link stedcReal} for orders up to `n`. */
export interface StedcWorkspace {
  readonly n: number;
  /** Leaf eigenvectors as rows (STEDC_LEAF² doubles), then leaf e. */
  readonly leaf: Float64Array;
  readonly leafE: Float64Array;
  /** Poles, z, the deflated problem's poles and z, roots (n each). */
  readonly dl: Float64Array;
  readonly zp: Float64Array;
  readonly dk: Float64Array;
  readonly zk: Float64Array;
  readonly lam: Float64Array;
  /** Löwner products (n). */
  readonly wl: Float64Array;
  /** Pole order, column types, kept and deflated poles, final order (n each). */
  readonly perm: Int32Array;
  readonly kind: Int8Array;
  readonly keep: Int32Array;
  readonly gone: Int32Array;
  readonly order: Int32Array;
  /** Differences, then U (n²); packed Q columns (n²); packed rows of U (2n²); product and deflated columns (n²). */
  readonly u: Float64Array;
  readonly pk: Float64Array;
  readonly bk: Float64Array;
  readonly out: Float64Array;
}

/** Allocates scratch for {@link stedcReal} of order ≤ n. */
export function createStedcWorkspace(n: number): StedcWorkspace {
  const v = () => new Float64Array(n);
  return {
    n,
    leaf: new Float64Array(STEDC_LEAF * STEDC_LEAF),
    leafE: new Float64Array(STEDC_LEAF),
    dl: v(),
    zp: v(),
    dk: v(),
    zk: v(),
    lam: v(),
    wl: v(),
    perm: new Int32Array(n),
    kind: new Int8Array(n),
    keep: new Int32Array(n),
    gone: new Int32Array(n),
    order: new Int32Array(n),
    u: new Float64Array(n * n),
    pk: new Float64Array(n * n),
    bk: new Float64Array(2 * n * n),
    out: new Float64Array(n * n),
  };
}

/** The matrix Z (row stride ld, from zOff) of one solve. */
interface Target {
  z: Float64Array;
  zOff: number;
  ld: number;
  ws: StedcWorkspace;
}

/**
 * Divide and conquer on the tridiagonal (d, e) of order n: d receives the eigenvalues ascending, e is destroyed, and
 * Z (n×n at z[zOff..], rows ld apart) the orthonormal eigenvectors as columns. Assumes finite entries.
 *
 * @returns 0, or > 0 when a leaf's QL/QR or a secular root did not converge (outputs then unspecified).
 */
export function stedcReal(
  n: number,
  d: Float64Array,
  e: Float64Array,
  z: Float64Array,
  zOff: number,
  ld: number,
  ws: StedcWorkspace = createStedcWorkspace(n),
): number {
  if (n === 0) return 0;
  for (let r = 0; r < n; r++) z.fill(0, zOff + r * ld, zOff + r * ld + n);
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]));
  for (let i = 0; i < n - 1; i++) norm = Math.max(norm, Math.abs(e[i]));
  if (norm === 0) {
    for (let i = 0; i < n; i++) z[zOff + i * ld + i] = 1;
    return 0;
  }
  // Scale to max-norm 1 (dstedc's dlascl); the power of two keeps it exact.
  const s = 2 ** -Math.round(Math.log2(norm));
  for (let i = 0; i < n; i++) d[i] *= s;
  for (let i = 0; i < n - 1; i++) e[i] *= s;
  const info = solve({ z, zOff, ld, ws }, d, e, 0, n);
  for (let i = 0; i < n; i++) d[i] /= s;
  return info;
}

/** Solves the subproblem rows lo … lo+size−1 into the diagonal block of Z (zero on entry). */
function solve(t: Target, d: Float64Array, e: Float64Array, lo: number, size: number): number {
  if (size <= STEDC_LEAF) return leaf(t, d, e, lo, size);
  const n1 = size >> 1;
  const beta = e[lo + n1 - 1];
  d[lo + n1 - 1] -= Math.abs(beta);
  d[lo + n1] -= Math.abs(beta);
  const info = solve(t, d, e, lo, n1) || solve(t, d, e, lo + n1, size - n1);
  if (info !== 0) return info;
  return merge(t, d, lo, n1, size, beta);
}

/** QL/QR with vectors on a leaf (dsteqr from the identity), sorted, written as columns of Z's block. */
function leaf(t: Target, d: Float64Array, e: Float64Array, lo: number, size: number): number {
  const { z, zOff, ld, ws } = t;
  const rows = ws.leaf;
  const le = ws.leafE;
  rows.fill(0, 0, size * size);
  for (let i = 0; i < size; i++) rows[i * size + i] = 1;
  for (let i = 0; i < size - 1; i++) le[i] = e[lo + i];
  const dv = d.subarray(lo, lo + size);
  const info = tridiagonalEigen(size, dv, le, rows, size);
  if (info !== 0) return info;
  sortEigen(size, dv, rows, size);
  for (let r = 0; r < size; r++) {
    const o = zOff + (lo + r) * ld + lo;
    for (let c = 0; c < size; c++) z[o + c] = rows[c * size + r];
  }
  return 0;
}

/**
 * dlaed1: merges the solved halves (rows lo … lo+n1−1 and lo+n1 … lo+size−1, eigenvalues ascending in each) coupled
 * by the off-diagonal β into the eigendecomposition of the whole block.
 */
function merge(t: Target, d: Float64Array, lo: number, n1: number, size: number, beta: number): number {
  const { z, zOff, ld, ws } = t;
  const { dl, zp, perm, kind, keep, gone } = ws;
  const base = zOff + lo * ld + lo;
  // z = (last row of Q₁, sign(β)·first row of Q₂)/√2, ρ = 2|β| (‖z‖ = 1); poles merged ascending.
  const sgn = beta < 0 ? -1 : 1;
  let a = 0;
  let b = n1;
  for (let p = 0; p < size; p++) {
    const fromTop = b >= size || (a < n1 && d[lo + a] <= d[lo + b]);
    const j = fromTop ? a++ : b++;
    perm[p] = j;
    dl[p] = d[lo + j];
    zp[p] = (fromTop ? z[base + (n1 - 1) * ld + j] : sgn * z[base + n1 * ld + j]) * Math.SQRT1_2;
    kind[p] = fromTop ? TOP : BOTTOM;
  }
  const rho = 2 * Math.abs(beta);
  let dmax = 0;
  let zmax = 0;
  for (let p = 0; p < size; p++) {
    dmax = Math.max(dmax, Math.abs(dl[p]));
    zmax = Math.max(zmax, Math.abs(zp[p]));
  }
  const tol = 8 * EPS * Math.max(dmax, zmax);
  // Deflation (dlaed2).
  let k = 0;
  let nd = 0;
  let prev = -1;
  for (let p = 0; p < size; p++) {
    if (rho * Math.abs(zp[p]) <= tol) {
      gone[nd++] = p;
      continue;
    }
    if (prev < 0) {
      prev = p;
      continue;
    }
    const r = Math.hypot(zp[p], zp[prev]);
    const c = zp[p] / r;
    const s = -zp[prev] / r;
    const gap = dl[p] - dl[prev];
    if (Math.abs(gap * c * s) <= tol) {
      // Rotate columns prev and p so that z(prev) = 0 (drot).
      zp[p] = r;
      zp[prev] = 0;
      const cp = base + perm[prev];
      const cn = base + perm[p];
      for (let i = 0, o = 0; i < size; i++, o += ld) {
        const x = z[cp + o];
        const y = z[cn + o];
        z[cp + o] = c * x + s * y;
        z[cn + o] = c * y - s * x;
      }
      const dp = dl[prev];
      const dn = dl[p];
      dl[prev] = dp * c * c + dn * s * s;
      dl[p] = dp * s * s + dn * c * c;
      if (kind[p] !== kind[prev]) kind[p] = MIXED;
      gone[nd++] = prev;
    } else {
      keep[k++] = prev;
    }
    prev = p;
  }
  if (prev >= 0) keep[k++] = prev;
  const { lam, out } = ws;
  if (k === 1) lam[0] = dl[keep[0]] + rho * zp[keep[0]] * zp[keep[0]];
  if (k >= 2) {
    const info = secularVectors(ws, k, rho);
    if (info !== 0) return info;
    multiply(t, lo, n1, size, k);
  } else if (k === 1) {
    const c = base + perm[keep[0]];
    for (let i = 0; i < size; i++) out[i] = z[c + i * ld];
  }
  // Deflated columns (gone sorted by finalOrder) after the k product columns (out: size×k, then size×nd).
  const order = finalOrder(ws, k, nd);
  const dOff = size * k;
  for (let i = 0; i < size; i++) {
    const src = base + i * ld;
    const dst = dOff + i * nd;
    for (let g = 0; g < nd; g++) out[dst + g] = z[src + perm[gone[g]]];
  }
  for (let c = 0; c < size; c++) {
    const q = order[c];
    d[lo + c] = q < k ? lam[q] : dl[gone[q - k]];
  }
  for (let i = 0; i < size; i++) {
    const dst = base + i * ld;
    const pr = i * k;
    const dr = dOff + i * nd - k;
    for (let c = 0; c < size; c++) {
      const q = order[c];
      z[dst + c] = q < k ? out[pr + q] : out[dr + q];
    }
  }
  return 0;
}

/**
 * The ascending order of the k roots (entries q < k, lam ascending) and the nd deflated poles (entries k + g, value
 * dl[gone[g]]) into ws.order: the deflated ones by insertion sort (they are nearly sorted already), then a merge.
 */
function finalOrder(ws: StedcWorkspace, k: number, nd: number): Int32Array {
  const { lam, dl, gone, order } = ws;
  for (let g = 1; g < nd; g++) {
    const x = gone[g];
    const v = dl[x];
    let h = g - 1;
    while (h >= 0 && dl[gone[h]] > v) {
      gone[h + 1] = gone[h];
      h--;
    }
    gone[h + 1] = x;
  }
  let a = 0;
  let b = 0;
  for (let c = 0; c < k + nd; c++) {
    if (b >= nd || (a < k && lam[a] <= dl[gone[b]])) order[c] = a++;
    else order[c] = k + b++;
  }
  return order;
}

/**
 * dlaed3 on the k kept poles: the roots into lam, and U (k×k, u[j·k + i] = component i of the unit eigenvector of
 * root j) by the Löwner formula. Returns 0 or the 1-based index of a root that did not converge.
 */
function secularVectors(ws: StedcWorkspace, k: number, rho: number): number {
  const { dl, zp, keep, dk, zk, lam, u } = ws;
  let norm = 0;
  for (let i = 0; i < k; i++) {
    dk[i] = dl[keep[i]];
    zk[i] = zp[keep[i]];
    norm += zk[i] * zk[i];
  }
  const nz = Math.sqrt(norm);
  for (let i = 0; i < k; i++) zk[i] /= nz;
  const rk = rho * norm;
  const problem = { k, d: dk, z: zk, rho: rk };
  for (let j = 0; j < k; j++) {
    lam[j] = laed4(problem, j, u, j * k);
    if (Number.isNaN(lam[j])) return j + 1;
  }
  // Löwner: ẑᵢ² = −(dᵢ − λᵢ)·Πⱼ≠ᵢ (dᵢ − λⱼ)/(dᵢ − dⱼ), sign of zᵢ (dlaed3); accumulated root by root (rows of u).
  const w = ws.wl;
  for (let i = 0; i < k; i++) w[i] = u[i * k + i];
  for (let j = 0; j < k; j++) {
    const o = j * k;
    const dj = dk[j];
    for (let i = 0; i < j; i++) w[i] *= u[o + i] / (dk[i] - dj);
    for (let i = j + 1; i < k; i++) w[i] *= u[o + i] / (dk[i] - dj);
  }
  for (let i = 0; i < k; i++) zk[i] = zk[i] < 0 ? -Math.sqrt(-w[i]) : Math.sqrt(-w[i]);
  for (let j = 0; j < k; j++) {
    const o = j * k;
    let ss = 0;
    for (let i = 0; i < k; i++) {
      const x = zk[i] / u[o + i];
      u[o + i] = x;
      ss += x * x;
    }
    const inv = 1 / Math.sqrt(ss);
    for (let i = 0; i < k; i++) u[o + i] *= inv;
  }
  return 0;
}

/**
 * out (size×k) := diag(Q₁, Q₂)·[kept columns]·U: the top rows from the columns that are nonzero there (TOP and
 * MIXED), the bottom rows likewise (dlaed3's two GEMMs).
 */
function multiply(t: Target, lo: number, n1: number, size: number, k: number): void {
  const { z, zOff, ld, ws } = t;
  const { keep, perm, kind, u, pk, bk, out } = ws;
  // Kept indices used by the half (ws.order is free until finalOrder).
  const list = ws.order;
  const base = zOff + lo * ld + lo;
  let bOff = 0;
  for (let half = 0; half < 2; half++) {
    const rows = half === 0 ? n1 : size - n1;
    const skip = half === 0 ? BOTTOM : TOP;
    const r0 = half === 0 ? 0 : n1;
    let ct = 0;
    for (let i = 0; i < k; i++) if (kind[keep[i]] !== skip) list[ct++] = i;
    // Packed Q columns (rows × ct, by rows) and the matching rows of U, stored by columns (ct × k, column j at j·ct).
    for (let r = 0; r < rows; r++) {
      const src = base + (r0 + r) * ld;
      const dst = r * ct;
      for (let c = 0; c < ct; c++) pk[dst + c] = z[src + perm[keep[list[c]]]];
    }
    for (let j = 0; j < k; j++) {
      const src = j * k;
      const dst = bOff + j * ct;
      for (let c = 0; c < ct; c++) bk[dst + c] = u[src + list[c]];
    }
    gemmF64(rows, k, ct, pk, 0, ct, 1, bk, bOff, 1, ct, out, r0 * k);
    bOff += ct * k;
  }
}
