/**
 * SVD of a real upper bidiagonal matrix with singular vectors by divide and conquer.
 *
 * Sources: LAPACK dbdsdc (driver: scaling, splitting at negligible superdiagonals), dlasd0/dlasdt (bottom-up tree),
 * dlasdq (leaves), dlasd1/dlasd2/dlasd3 (merge: deflation, secular equation, singular vectors); E. R. Jessup &
 * D. C. Sorensen, "A parallel algorithm for computing the singular value decomposition of a matrix", SIAM J. Matrix
 * Anal. Appl. 15(2), 1994; M. Gu & S. C. Eisenstat, "A divide-and-conquer algorithm for the bidiagonal SVD", SIAM J.
 * Matrix Anal. Appl. 16(1), 1995 (deflation, and the Löwner-theorem recomputation of z that keeps the computed
 * singular vectors orthogonal). The secular equation is solved by ./secular (dlasd4).
 *
 * B (n×n, diagonal d, superdiagonal e) = U_B·diag(σ)·V_Bᵀ. Outputs, row-major n×n: ut = U_Bᵀ and vt = V_Bᵀ (row i is
 * the i-th left / right singular vector), σ in d, non-negative and sorted descending; e is destroyed. Accuracy:
 * backward stable, i.e. σ to O(eps·‖B‖) absolute (not the relative accuracy of ./bdsqr for graded matrices) and
 * orthonormal vectors to O(n·eps).
 *
 * Layout (as dlasd0): a subproblem on rows [f, f+n) of B, with sqre = 1 when it also owns column f+n (the left half of
 * a split: an n×(n+1) bidiagonal), keeps its left vectors in rows/columns [f, f+n) of ut and its right vectors in
 * rows/columns [f, f+n+sqre) of vt (row f+n = the null vector when sqre = 1), its values in d[f..f+n) in any order, and
 * their ascending order in idxq[f..f+n). A merge of [B₁ 0; α·eₗᵀ β·e₁ᵀ; 0 B₂] writes the middle row of B in the basis
 * of the children's singular vectors as an arrow matrix [z; 0 diag(poles)], deflates, solves the secular equation and
 * forms the new vectors with GEMMs (core's gemmF64): the candidate vectors are gathered into the order
 * [left-only | z₀ | mixed | right-only] so that each GEMM reads one contiguous block of candidates and skips the known
 * zero blocks (dlasd3's column types). The roots' differences dⱼ − σᵢ and sums dⱼ + σᵢ are kept in the free ut/vt
 * block until the vectors are formed (as dlasd3 does). Leaves (n ≤ leafSize) are solved by ./bdsqr after rotating an
 * n×(n+1) leaf to square form (dlasdq).
 *
 * Differences from LAPACK, all exact or conservative: the matrix (before splitting at |eᵢ| < eps·max) and every merge
 * are scaled by powers of two rather than divided by their max-norm; ut/vt are row-oriented (vectors as rows); the
 * roots' vectors are formed from (dⱼ − σᵢ)(dⱼ + σᵢ) in one loop with their norms.
 *
 * Returns 0, or a positive value when a leaf's bdsqr or a secular root did not converge (outputs are then invalid).
 * The workspace holds every buffer (3n² + O(n)); nothing allocates after createBdsdcWorkspace.
 */

import { gemmF64 } from '@tapegrad/core/internal';
import { bdsqr } from './bdsqr';
import { nrm2Real } from './householder';
import { EPS } from './machine';
import { lartg, rotRows as rot, rotOut } from './rotation';
import { SECULAR_MAXIT, secularRoot } from './secular';

/** dlasdq-sized leaves (LAPACK's smlsiz = 25). */
export const BDSDC_LEAF = 25;

export interface BdsdcWorkspace {
  readonly n: number;
  readonly leafSize: number;
  /** Evaluations allowed per secular root (default SECULAR_MAXIT); lower it only to test the failure path. */
  maxit: number;
  /** Gathered candidate left vectors (rows), n×n; gathered right vectors, n×n; GEMM output, n×n. */
  readonly candU: Float64Array;
  readonly candV: Float64Array;
  readonly out: Float64Array;
  /** Per-merge vectors of length n. */
  readonly dc: Float64Array;
  readonly zc: Float64Array;
  readonly dsig: Float64Array;
  readonly zs: Float64Array;
  readonly zhat: Float64Array;
  readonly rowA: Float64Array;
  readonly rowB: Float64Array;
  readonly rotC: Float64Array;
  readonly rotS: Float64Array;
  readonly idxq: Int32Array;
  readonly sorted: Int32Array;
  readonly nd: Int32Array;
  readonly df: Int32Array;
  readonly ctype: Int32Array;
  readonly grp: Int32Array;
  readonly pos: Int32Array;
  readonly rotA: Int32Array;
  readonly rotB: Int32Array;
  readonly orderTmp: Int32Array;
  /** After bdsdc: row order[i] of ut/vt holds the vectors of d[i] (identity when sortRows). */
  readonly order: Int32Array;
  /** Leaf scratch: U (L×L), V ((L+1)²), d, e (L + 1), bdsqr rotations (4L). */
  readonly lu: Float64Array;
  readonly lv: Float64Array;
  readonly ld: Float64Array;
  readonly le: Float64Array;
  readonly lrot: Float64Array;
}

/** Workspace for bdsdc of order n; `leafSize` (≥ 2, default 25) exists for testing deep trees on small n. */
export function createBdsdcWorkspace(n: number, leafSize: number = BDSDC_LEAF): BdsdcWorkspace {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`createBdsdcWorkspace: invalid order ${n}`);
  if (!Number.isInteger(leafSize) || leafSize < 2) throw new RangeError(`createBdsdcWorkspace: invalid leaf size`);
  const L = Math.min(leafSize, Math.max(n, 1));
  return {
    n,
    leafSize,
    maxit: SECULAR_MAXIT,
    candU: new Float64Array(n * n),
    candV: new Float64Array(n * n),
    out: new Float64Array(n * n),
    dc: new Float64Array(n),
    zc: new Float64Array(n),
    dsig: new Float64Array(n),
    zs: new Float64Array(n),
    zhat: new Float64Array(n),
    rowA: new Float64Array(n),
    rowB: new Float64Array(n),
    rotC: new Float64Array(n),
    rotS: new Float64Array(n),
    idxq: new Int32Array(n),
    sorted: new Int32Array(n),
    nd: new Int32Array(n),
    df: new Int32Array(n),
    ctype: new Int32Array(n),
    grp: new Int32Array(n),
    pos: new Int32Array(n),
    rotA: new Int32Array(n),
    rotB: new Int32Array(n),
    order: new Int32Array(n),
    orderTmp: new Int32Array(n),
    lu: new Float64Array(L * L),
    lv: new Float64Array((L + 1) * (L + 1)),
    ld: new Float64Array(L + 1),
    le: new Float64Array(L + 1),
    lrot: new Float64Array(4 * (L + 1)),
  };
}

/** 2^p for any integer p with 2^p in the normal range, as a product of two representable factors (x·s1·s2). */
function scaleBy(x: number, p: number): number {
  const h = p >> 1;
  return x * 2 ** h * 2 ** (p - h);
}

/** Exponent p with 2^p·x in [0.5, 1) for finite x > 0. */
function exponentToUnit(x: number): number {
  let p = -Math.floor(Math.log2(x)) - 1;
  // log2 may be off by one near powers of two.
  if (scaleBy(x, p) >= 1) p--;
  else if (scaleBy(x, p) < 0.5) p++;
  return p;
}

/** dst[dOff..dOff+len) := src[sOff..sOff+len) (a loop: subarray views would allocate). */
function copy(src: Float64Array, sOff: number, dst: Float64Array, dOff: number, len: number): void {
  for (let k = 0; k < len; k++) dst[dOff + k] = src[sOff + k];
}

/**
 * Bidiagonal SVD by divide and conquer; see the file header. d: n entries, e: n − 1 entries (destroyed); ut, vt: n×n
 * outputs. With `sortRows` false, d is still sorted but the vector rows are left in place: the i-th singular value's
 * vectors are then rows ws.order[i] of ut and vt (saves a permutation pass when the caller copies them anyway).
 */
export function bdsdc(
  n: number,
  d: Float64Array,
  e: Float64Array,
  ut: Float64Array,
  vt: Float64Array,
  ws: BdsdcWorkspace,
  sortRows = true,
): number {
  if (ws.n !== n) throw new Error(`bdsdc: workspace is for order ${ws.n}, got ${n}`);
  if (n === 0) return 0;
  ut.fill(0, 0, n * n);
  vt.fill(0, 0, n * n);
  let orgnrm = 0;
  for (let i = 0; i < n; i++) orgnrm = Math.max(orgnrm, Math.abs(d[i]));
  for (let i = 0; i < n - 1; i++) orgnrm = Math.max(orgnrm, Math.abs(e[i]));
  if (orgnrm === 0) {
    for (let i = 0; i < n; i++) {
      ut[i * n + i] = 1;
      vt[i * n + i] = 1;
      d[i] = 0;
      ws.order[i] = i;
    }
    return 0;
  }
  // Scale to max entry in [0.5, 1) by a power of two (exact), as dbdsdc scales to 1.
  const p = exponentToUnit(orgnrm);
  for (let i = 0; i < n; i++) d[i] = scaleBy(d[i], p);
  for (let i = 0; i < n - 1; i++) e[i] = scaleBy(e[i], p);

  // Independent subproblems between negligible superdiagonals (dbdsdc: |eᵢ| < 0.9·eps after scaling).
  const splitTol = 0.9 * EPS;
  let start = 0;
  let info = 0;
  for (let i = 0; i < n && info === 0; i++) {
    if (i === n - 1 || Math.abs(e[i]) < splitTol) {
      if (i < n - 1) e[i] = 0;
      info = solveSubproblem(start, i - start + 1, 0, { ld: n, d, e, ut, vt, ws });
      start = i + 1;
    }
  }
  if (info !== 0) return info;
  for (let i = 0; i < n; i++) d[i] = scaleBy(d[i], -p);

  // Sort descending (stable merge sort of indices), then permute the vector rows accordingly.
  const order = ws.order;
  for (let i = 0; i < n; i++) order[i] = i;
  sortIndicesDescending(n, d, order, ws.orderTmp);
  const tmp = ws.dc;
  for (let i = 0; i < n; i++) tmp[i] = d[order[i]];
  for (let i = 0; i < n; i++) d[i] = tmp[i];
  if (sortRows) {
    permuteRows(n, n, ut, order, ws.candU);
    permuteRows(n, n, vt, order, ws.candU);
    for (let i = 0; i < n; i++) order[i] = i;
  }
  return 0;
}

/** x (rows×len) := rows in the given order (row i ← old row order[i]), through scratch. */
function permuteRows(rows: number, len: number, x: Float64Array, order: Int32Array, scratch: Float64Array): void {
  for (let i = 0; i < rows; i++) copy(x, order[i] * len, scratch, i * len, len);
  copy(scratch, 0, x, 0, rows * len);
}

/** Bottom-up merge sort of idx[0..n) by key descending (stable). */
function sortIndicesDescending(n: number, key: Float64Array, idx: Int32Array, tmp: Int32Array): void {
  let src = idx;
  let dst = tmp;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let a = lo;
      let b = mid;
      let o = lo;
      while (a < mid && b < hi) dst[o++] = key[src[b]] > key[src[a]] ? src[b++] : src[a++];
      while (a < mid) dst[o++] = src[a++];
      while (b < hi) dst[o++] = src[b++];
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== idx) for (let i = 0; i < n; i++) idx[i] = src[i];
}

/** The whole problem the recursion works on: d, e, the n×n vector outputs ut/vt (row stride ld), the workspace. */
export interface BdsdcProblem {
  readonly ld: number;
  readonly d: Float64Array;
  readonly e: Float64Array;
  readonly ut: Float64Array;
  readonly vt: Float64Array;
  readonly ws: BdsdcWorkspace;
}

/** Solves the subproblem on rows [f, f+n) (sqre as in the header) recursively; vectors in the global ut/vt. */
function solveSubproblem(f: number, n: number, sqre: number, g: BdsdcProblem): number {
  if (n <= g.ws.leafSize) return solveLeaf(f, n, sqre, g);
  const nl = n >> 1;
  const nr = n - nl - 1;
  let info = splitter === null ? null : splitter(f, nl, n, g, () => solveSubproblem(f + nl + 1, nr, sqre, g));
  if (info === null) {
    info = solveSubproblem(f, nl, 1, g);
    if (info !== 0) return info;
    info = solveSubproblem(f + nl + 1, nr, sqre, g);
  }
  if (info !== 0) return info;
  return merge(f, nl, nr, sqre, g);
}

/**
 * Solves both children of the subproblem [f, f+n) of `g` — [f, f+nl) with sqre 1 itself, [f+nl+1, f+n) by calling
 * `right` — and returns the first nonzero status in the serial order, or null when it declines (nothing done).
 */
export type BdsdcSplitter = (f: number, nl: number, n: number, g: BdsdcProblem, right: () => number) => number | null;

let splitter: BdsdcSplitter | null = null;

/** Installs the multi-threaded driver of the recursion (../threads/split-batch.ts does, on the calling thread only). */
export function setBdsdcSplitter(f: BdsdcSplitter | null): void {
  splitter = f;
}

/**
 * A left child of a split solved on its own (what ../threads/split-bdsdc.ts runs on a worker): the n×(n+1) upper
 * bidiagonal d, e (n entries each) gives ut (n×n) and vt ((n+1)×(n+1)) with row stride n + 1, the values in d and
 * their ascending order in idxq, exactly as the recursion leaves them for that child. `ws` is of order ≥ n + 1.
 */
export function bdsdcSubtree(
  n: number,
  d: Float64Array,
  e: Float64Array,
  ut: Float64Array,
  vt: Float64Array,
  idxq: Float64Array,
  ws: BdsdcWorkspace,
): number {
  const m = n + 1;
  if (ws.n < m) throw new Error(`bdsdc: workspace is for order ${ws.n}, got a child of order ${m}`);
  ut.fill(0, 0, m * m);
  vt.fill(0, 0, m * m);
  const info = solveSubproblem(0, n, 1, { ld: m, d, e, ut, vt, ws });
  for (let i = 0; i < n; i++) idxq[i] = ws.idxq[i];
  return info;
}

/** Leaf (dlasdq): an n×(n+sqre) upper bidiagonal, made square by rotations when sqre = 1, then bdsqr. */
function solveLeaf(f: number, n: number, sqre: number, g: BdsdcProblem): number {
  const { ld: ldg, d, e, ut, vt, ws } = g;
  const m = n + sqre;
  const lu = ws.lu;
  const lv = ws.lv;
  const ld = ws.ld;
  const le = ws.le;
  for (let i = 0; i < n; i++) ld[i] = d[f + i];
  for (let i = 0; i < n - 1 + sqre; i++) le[i] = e[f + i];
  lu.fill(0, 0, n * n);
  lv.fill(0, 0, m * m);
  for (let i = 0; i < n; i++) lu[i * n + i] = 1;
  for (let i = 0; i < m; i++) lv[i * m + i] = 1;
  if (sqre === 1) {
    // Rotations on columns (i, i+1) from the right chase e out: the matrix becomes lower bidiagonal, column n zero.
    for (let i = 0; i < n; i++) {
      lartg(ld[i], le[i]);
      const cs = rotOut[0];
      const sn = rotOut[1];
      ld[i] = rotOut[2];
      if (i < n - 1) {
        le[i] = sn * ld[i + 1];
        ld[i + 1] = cs * ld[i + 1];
      } else {
        le[i] = 0;
      }
      rot(lv, i * m, (i + 1) * m, m, cs, sn);
    }
    // Rotations on rows (i, i+1) from the left make it upper bidiagonal again.
    for (let i = 0; i < n - 1; i++) {
      lartg(ld[i], le[i]);
      const cs = rotOut[0];
      const sn = rotOut[1];
      ld[i] = rotOut[2];
      le[i] = sn * ld[i + 1];
      ld[i + 1] = cs * ld[i + 1];
      rot(lu, i * n, (i + 1) * n, n, cs, sn);
    }
  }
  const info = bdsqr(n, ld, le, lv, m, lu, n, ws.lrot);
  if (info !== 0) return info;
  for (let i = 0; i < n; i++) {
    d[f + i] = ld[i];
    ws.idxq[f + i] = n - 1 - i; // bdsqr sorts descending
    const uo = (f + i) * ldg + f;
    for (let j = 0; j < n; j++) ut[uo + j] = lu[i * n + j];
  }
  for (let i = 0; i < m; i++) {
    const vo = (f + i) * ldg + f;
    for (let j = 0; j < m; j++) vt[vo + j] = lv[i * m + j];
  }
  return 0;
}

/**
 * Merge (dlasd1–dlasd3) of the solved children [f, f+nl) (sqre 1) and [f+nl+1, f+n) (sqre) through row f+nl of B
 * (α = d[f+nl] on the diagonal, β = e[f+nl] to its right).
 */
function merge(f: number, nl: number, nr: number, sqre: number, g: BdsdcProblem): number {
  const { ld, d, e, ut, vt, ws } = g;
  const maxit = ws.maxit;
  const n = nl + nr + 1;
  const m = n + sqre;
  const { candU, candV, out, dc, zc, dsig, zs, zhat, rowA, rowB, idxq, sorted, nd, df, ctype, grp, pos } = ws;

  // Scale by a power of two so that the largest entry is O(1) (dlasd1).
  let alpha = d[f + nl];
  let beta = e[f + nl];
  let orgnrm = Math.max(Math.abs(alpha), Math.abs(beta));
  for (let i = 0; i < n; i++) if (i !== nl) orgnrm = Math.max(orgnrm, Math.abs(d[f + i]));
  const p = orgnrm === 0 ? 0 : exponentToUnit(orgnrm);
  alpha = scaleBy(alpha, p);
  beta = scaleBy(beta, p);

  // Candidates in natural numbering: 0 = the z₀ column (null vectors), 1..nl = left child's vectors, nl+1..n−1 =
  // right child's. Poles dc, z = middle row of B times the right candidates.
  const vLeftNull = (f + nl) * ld + f; // left child's null vector (row f+nl of vt), columns f..f+nl
  const vRightNull = (f + n) * ld + f + nl + 1; // right child's null vector (row f+n) when sqre = 1
  const z1 = alpha * vt[vLeftNull + nl];
  const zM = sqre === 1 ? beta * vt[vRightNull] : 0;
  dc[0] = 0;
  zc[0] = 0;
  for (let r = 0; r < nl; r++) {
    dc[1 + r] = scaleBy(d[f + r], p);
    zc[1 + r] = alpha * vt[(f + r) * ld + f + nl];
    ctype[1 + r] = 1;
  }
  for (let r = 0; r < nr; r++) {
    dc[nl + 1 + r] = scaleBy(d[f + nl + 1 + r], p);
    zc[nl + 1 + r] = beta * vt[(f + nl + 1 + r) * ld + f + nl + 1];
    ctype[nl + 1 + r] = 2;
  }
  // Ascending order of the poles: merge the children's sorted lists.
  {
    let a = 0;
    let b = 0;
    let o = 1;
    while (a < nl && b < nr) {
      const ca = 1 + idxq[f + a];
      const cb = nl + 1 + idxq[f + nl + 1 + b];
      if (dc[cb] < dc[ca]) {
        sorted[o++] = cb;
        b++;
      } else {
        sorted[o++] = ca;
        a++;
      }
    }
    while (a < nl) sorted[o++] = 1 + idxq[f + a++];
    while (b < nr) sorted[o++] = nl + 1 + idxq[f + nl + 1 + b++];
  }
  const tol = 8 * EPS * Math.max(Math.abs(alpha), Math.abs(beta), dc[sorted[n - 1]]);

  // Deflation (dlasd2): a negligible z component, or two poles within tol (a rotation zeroes one z component).
  let nnd = 0;
  let ndf = 0;
  let nrot = 0;
  let jprev = -1;
  for (let j = 1; j < n; j++) {
    const c = sorted[j];
    if (Math.abs(zc[c]) <= tol) {
      ctype[c] = 4;
      df[ndf++] = c;
    } else if (jprev < 0) {
      jprev = c;
    } else if (Math.abs(dc[c] - dc[jprev]) <= tol) {
      const s = zc[jprev];
      const cc = zc[c];
      const tau = Math.hypot(cc, s);
      ws.rotA[nrot] = jprev;
      ws.rotB[nrot] = c;
      ws.rotC[nrot] = cc / tau;
      ws.rotS[nrot] = -s / tau;
      nrot++;
      zc[c] = tau;
      zc[jprev] = 0;
      if (ctype[c] !== ctype[jprev]) ctype[c] = 3;
      ctype[jprev] = 4;
      df[ndf++] = jprev;
      jprev = c;
    } else {
      nd[nnd++] = jprev;
      jprev = c;
    }
  }
  if (jprev >= 0) nd[nnd++] = jprev;
  const k = 1 + nnd;
  // Deflated values ascending (the list is sorted up to the within-tol swaps of rotation deflation).
  for (let q = 1; q < ndf; q++) {
    const c = df[q];
    let t = q - 1;
    while (t >= 0 && dc[df[t]] > dc[c]) {
      df[t + 1] = df[t];
      t--;
    }
    df[t + 1] = c;
  }

  // z₀: the two null vectors combined into one column (the other is the merged problem's null vector).
  let c0 = 1;
  let s0 = 0;
  let z0: number;
  if (sqre === 1) {
    z0 = Math.hypot(z1, zM);
    if (z0 <= tol) z0 = tol;
    else {
      c0 = z1 / z0;
      s0 = zM / z0;
    }
  } else {
    z0 = Math.abs(z1) <= tol ? tol : z1;
  }

  // Group the k undeflated candidates as [type 1 | z₀ | type 3 | type 2]; deflated ones follow at k, k+1, ….
  let c1 = 0;
  let c3 = 0;
  for (let t = 0; t < nnd; t++) {
    const ty = ctype[nd[t]];
    if (ty === 1) c1++;
    else if (ty === 3) c3++;
  }
  let p1 = 0;
  let p3 = c1 + 1;
  let p2 = c1 + 1 + c3;
  grp[0] = c1;
  pos[0] = c1;
  for (let t = 0; t < nnd; t++) {
    const c = nd[t];
    const ty = ctype[c];
    const g = ty === 1 ? p1++ : ty === 3 ? p3++ : p2++;
    grp[t + 1] = g;
    pos[c] = g;
  }
  for (let q = 0; q < ndf; q++) pos[df[q]] = k + q;

  // Gather the candidate vectors as full rows (zeros outside their support), then apply the deflation rotations.
  candU.fill(0, 0, n * n);
  candV.fill(0, 0, m * m);
  candU[pos[0] * n + nl] = 1;
  {
    const o = pos[0] * m;
    for (let c = 0; c <= nl; c++) candV[o + c] = c0 * vt[vLeftNull + c];
    if (sqre === 1) {
      for (let c = 0; c <= nr; c++) candV[o + nl + 1 + c] = s0 * vt[vRightNull + c];
      // The merged problem's null vector goes to the last row.
      const on = (m - 1) * m;
      for (let c = 0; c <= nl; c++) candV[on + c] = -s0 * vt[vLeftNull + c];
      for (let c = 0; c <= nr; c++) candV[on + nl + 1 + c] = c0 * vt[vRightNull + c];
    }
  }
  for (let r = 0; r < nl; r++) {
    const g = pos[1 + r];
    const su = (f + r) * ld + f;
    copy(ut, su, candU, g * n, nl);
    copy(vt, su, candV, g * m, nl + 1);
  }
  const nrv = nr + sqre;
  for (let r = 0; r < nr; r++) {
    const g = pos[nl + 1 + r];
    const so = (f + nl + 1 + r) * ld + f + nl + 1;
    copy(ut, so, candU, g * n + nl + 1, nr);
    copy(vt, so, candV, g * m + nl + 1, nrv);
  }
  for (let t = 0; t < nrot; t++) {
    const a = pos[ws.rotA[t]];
    const b = pos[ws.rotB[t]];
    rot(candU, a * n, b * n, n, ws.rotC[t], ws.rotS[t]);
    rot(candV, a * m, b * m, m, ws.rotC[t], ws.rotS[t]);
  }

  // The ut/vt blocks are free now. Deflated vectors (and the null vector) go to their final rows.
  for (let q = 0; q < ndf; q++) {
    const row = k + q;
    copy(candU, row * n, ut, (f + row) * ld + f, n);
    copy(candV, row * m, vt, (f + row) * ld + f, m);
    d[f + row] = scaleBy(dc[df[q]], -p);
  }
  if (sqre === 1) copy(candV, (m - 1) * m, vt, (f + m - 1) * ld + f, m);

  const base = f * ld + f; // block origin in ut/vt
  if (k === 1) {
    // Only z₀ survives: σ = |z₀|, vectors sign(z₀)·e_middle and the z₀ right candidate (dlasd3).
    const sg = z0 < 0 ? -1 : 1;
    for (let c = 0; c < n; c++) ut[base + c] = sg * candU[c];
    copy(candV, 0, vt, base, m);
    d[f] = scaleBy(Math.abs(z0), -p);
  } else {
    // Arrow matrix [z; 0 diag(dsig)] in sorted order (dsig₀ = 0); keep the smallest pole away from 0 (dlasd2).
    dsig[0] = 0;
    zs[0] = z0;
    for (let t = 1; t < k; t++) {
      dsig[t] = dc[nd[t - 1]];
      zs[t] = zc[nd[t - 1]];
    }
    if (Math.abs(dsig[1]) <= tol / 2) dsig[1] = tol / 2;
    const rho = nrm2Real(k, zs, 0, 1);
    for (let t = 0; t < k; t++) zs[t] /= rho;
    // Roots: row i of the ut block gets dⱼ − σᵢ, row i of the vt block dⱼ + σᵢ.
    for (let i = 0; i < k; i++) {
      const sigma = secularRoot(k, i, dsig, zs, rho * rho, ut, base + i * ld, vt, base + i * ld, maxit);
      if (Number.isNaN(sigma)) return 1;
      out[i] = sigma;
    }
    // Löwner: the z for which the computed σ are exact singular values of the arrow matrix (sign of the original):
    // ẑₛ² = |dₛ² − σ_{k−1}²|·Π_{j<s} (dₛ² − σⱼ²)/(dₛ² − dⱼ²)·Π_{s≤j<k−1} (dₛ² − σⱼ²)/(dₛ² − dⱼ₊₁²), row by row.
    {
      const last = base + (k - 1) * ld;
      for (let s = 0; s < k; s++) zhat[s] = ut[last + s] * vt[last + s];
      for (let j = 0; j < k - 1; j++) {
        const o = base + j * ld;
        const dj = dsig[j];
        const dj1 = dsig[j + 1];
        for (let s = 0; s <= j; s++) {
          const ds = dsig[s];
          zhat[s] *= (ut[o + s] * vt[o + s]) / ((ds - dj1) * (ds + dj1));
        }
        for (let s = j + 1; s < k; s++) {
          const ds = dsig[s];
          zhat[s] *= (ut[o + s] * vt[o + s]) / ((ds - dj) * (ds + dj));
        }
      }
      for (let s = 0; s < k; s++) {
        const zh = Math.sqrt(Math.abs(zhat[s]));
        zhat[s] = zs[s] < 0 ? -zh : zh;
      }
    }
    // Singular vectors of the arrow matrix: v ∝ ẑⱼ/(dⱼ² − σ²), u ∝ (−1, dⱼ·vⱼ); stored as coefficient rows over the
    // grouped candidates (QuT in the ut block, QvT in the vt block).
    for (let i = 0; i < k; i++) {
      const o = base + i * ld;
      const v0 = zhat[0] / (ut[o] * vt[o]);
      rowB[0] = v0;
      rowA[0] = -1;
      let su = 1;
      let sv = v0 * v0;
      for (let s = 1; s < k; s++) {
        const v = zhat[s] / (ut[o + s] * vt[o + s]);
        const uu = dsig[s] * v;
        rowB[s] = v;
        rowA[s] = uu;
        su += uu * uu;
        sv += v * v;
      }
      // Plain sums of squares unless they left the safe range (then the scaled norm).
      const ru = 1 / (su <= 1e280 ? Math.sqrt(su) : nrm2Real(k, rowA, 0, 1));
      const rv = 1 / (sv >= 1e-280 && sv <= 1e280 ? Math.sqrt(sv) : nrm2Real(k, rowB, 0, 1));
      for (let s = 0; s < k; s++) {
        ut[o + grp[s]] = rowA[s] * ru;
        vt[o + grp[s]] = rowB[s] * rv;
      }
    }
    for (let i = 0; i < k; i++) d[f + i] = scaleBy(out[i], -p);

    // New vectors = Qᵀ·candidates, block by block.
    const rL = c1 + 1 + c3; // candidates with support in the left part: [type 1 | z₀ | type 3]
    const rR = k - c1; // … in the right part: [z₀ | type 3 | type 2]
    const oR = k * nl;
    gemmF64(k, nl, rL, ut, base, ld, 1, candU, 0, n, 1, out, 0);
    gemmF64(k, nr, rR, ut, base + c1, ld, 1, candU, c1 * n + nl + 1, n, 1, out, oR);
    for (let i = 0; i < k; i++) {
      const o = base + i * ld;
      const mid = ut[o + c1];
      copy(out, i * nl, ut, o, nl);
      ut[o + nl] = mid;
      copy(out, oR + i * nr, ut, o + nl + 1, nr);
    }
    const nlv = nl + 1;
    const oRv = k * nlv;
    gemmF64(k, nlv, rL, vt, base, ld, 1, candV, 0, m, 1, out, 0);
    gemmF64(k, nrv, rR, vt, base + c1, ld, 1, candV, c1 * m + nl + 1, m, 1, out, oRv);
    for (let i = 0; i < k; i++) {
      const o = base + i * ld;
      copy(out, i * nlv, vt, o, nlv);
      copy(out, oRv + i * nrv, vt, o + nl + 1, nrv);
    }
  }

  // Ascending order: merge the roots (ascending) with the deflated values (ascending).
  {
    let a = 0;
    let b = k;
    let o = 0;
    while (a < k && b < n) idxq[f + o++] = d[f + b] < d[f + a] ? b++ : a++;
    while (a < k) idxq[f + o++] = a++;
    while (b < n) idxq[f + o++] = b++;
  }
  return 0;
}
