/**
 * Blocked, recursive Householder QR of a real M×N matrix held transposed (row c of W = column c of A, rows M apart),
 * as ./qr's factorReal computes it but with almost all flops in GEMMs, and the blocked application of its Q.
 *
 * Sources: LAPACK dgeqrf — panels of NB columns whose reflectors, in compact WY form Q_b = I − V·T·Vᵀ (dlarft,
 * forward columnwise), update the trailing columns with Q_bᵀ (dlarfb); Schreiber & Van Loan, SIAM J. Sci. Stat.
 * Comput. 10(1), 1989. Each panel is factored recursively as in E. Elmroth & F. G. Gustavson, "Applying recursion to
 * serial and parallel QR factorization leads to better performance", IBM J. Res. Dev. 44(4), 2000 (RGEQR3): factor the
 * left half, update the right half with the left half's block reflector, factor the right half, and join the two T
 * factors as T = [T₁, −T₁·(V₁ᵀV₂)·T₂; 0, T₂]; leaves of ≤ LEAF columns use dgeqr2 (./geqr2's factorRealAt) and dlarft's
 * column recurrence. In the transposed storage a left update Q_bᵀ·C is the right update Cᵀ·Q_b = Cᵀ − ((Cᵀ·V)·T)·Vᵀ:
 * three GEMMs on rows of W. The reflectors and τ are exactly dgeqr2's layout (the same product of reflectors, applied
 * in another order, so results agree to rounding); T of every panel can be kept for {@link ormqrReal} (dormqr, side
 * 'L', no transpose), which then needs no dlarft of its own.
 *
 * Assumptions: entries are finite. Nothing here allocates (apart from short-lived subarray views).
 */

import { gemmF64 } from '@tapegrad/core/internal';
import { factorRealAt } from './geqr2';
import { blockReflector } from './ormbr';

/** Panel width (columns per stored block reflector), dgeqrf's default NB. */
export const GEQRF_NB = 32;
/** Widest recursion leaf (factored by dgeqr2). */
const LEAF = 8;
/** Doubles of the product scratch of the last GEMM of an update (its rows are chunked to fit). */
const PROD_MAX = 1 << 18;

/** Rows per chunk of a product with `len` columns (at least the panel width). */
function chunkRows(len: number, nb: number): number {
  return Math.max(nb, Math.floor(PROD_MAX / Math.max(len, 1)));
}

/** Size of geqrfReal's `work` for an M×N problem. */
export function geqrfWorkSize(M: number, N: number): number {
  const nb = Math.min(GEQRF_NB, N);
  return 2 * M + nb * M + 4 * nb * nb + Math.min(chunkRows(M, nb), Math.max(N, nb)) * M + 2 * N * nb;
}

/** Size of the T store of geqrfReal / ormqrReal for an M×N problem (panel j0's T, kb×kb, at ts[j0·nb]). */
export function geqrfTSize(M: number, N: number): number {
  return Math.min(M, N) * Math.min(GEQRF_NB, N);
}

/** Size of ormqrReal's `work` for reflectors of length ≤ M, N columns of W, and Y with `ncols` columns. */
export function ormqrWorkSize(M: number, N: number, ncols: number): number {
  const nb = Math.min(GEQRF_NB, N);
  return nb * M + 2 * nb * ncols;
}

/** Scratch views of one factorization (offsets into `work`). */
interface Scratch {
  M: number;
  w: Float64Array;
  tau: Float64Array;
  work: Float64Array;
  vt: number;
  x: number;
  yb: number;
  g: number;
  prod: number;
  /** Rows per chunk of the product at prod. */
  ch: number;
  w1: number;
  xr: number;
}

/**
 * Factors the M×N matrix whose transpose is W (N rows of length M) in place: reflector j in row j right of index j,
 * R(i, c) = W[c·M + i] for c ≥ i, τ_j in tau[j]; work: geqrfWorkSize(M, N) doubles. With `ts` (geqrfTSize(M, N)
 * doubles) the T factor of every panel is kept there for {@link ormqrReal}.
 */
export function geqrfReal(
  M: number,
  N: number,
  w: Float64Array,
  tau: Float64Array,
  work: Float64Array,
  ts: Float64Array | null = null,
): void {
  const k = Math.min(M, N);
  const nb = Math.min(GEQRF_NB, N);
  const vt = 2 * M;
  const x = vt + nb * M;
  const ch = Math.min(chunkRows(M, nb), Math.max(N, nb));
  const w1 = x + 4 * nb * nb + ch * M;
  const s: Scratch = {
    M,
    w,
    tau,
    work,
    vt,
    x,
    yb: x + nb * nb,
    g: x + 2 * nb * nb,
    prod: x + 4 * nb * nb,
    ch,
    w1,
    xr: w1 + N * nb,
  };
  const tLocal = x + 3 * nb * nb;
  for (let j0 = 0; j0 < k; j0 += nb) {
    const kb = Math.min(nb, k - j0);
    const tb = ts ?? work;
    const tOff = ts === null ? tLocal : j0 * nb;
    tb.fill(0, tOff, tOff + kb * kb);
    factorRecursive(s, j0, kb, tb, tOff, kb);
    if (j0 + kb >= N) continue;
    loadVt(s, j0, kb, M - j0);
    updateRows(s, j0, kb, tb, tOff, kb, j0 + kb, N);
  }
}

/**
 * RGEQR3 on columns j … j+n−1 (rows j … M−1): reflectors into W and tau, their T (n×n upper triangular; the caller
 * zeroed it) at t[tOff..] with row stride ldt.
 */
function factorRecursive(s: Scratch, j: number, n: number, t: Float64Array, tOff: number, ldt: number): void {
  const { M, w, tau, work } = s;
  const len = M - j;
  if (n <= LEAF) {
    factorRealAt(len, n, w, j * M + j, M, tau, j, work);
    // dlarft: T[c][c] = τ_c, T[0:c, c] = −τ_c·T[0:c, 0:c]·(V[:, 0:c]ᵀ·v_c), the dots over the rows where v_c ≠ 0.
    for (let c = 0; c < n; c++) {
      const tc = tau[j + c];
      t[tOff + c * ldt + c] = tc;
      const vc = (j + c) * M + j;
      const g = s.g;
      for (let a = 0; a < c; a++) {
        const va = (j + a) * M + j;
        let acc = w[va + c];
        for (let q = c + 1; q < len; q++) acc += w[va + q] * w[vc + q];
        work[g + a] = acc;
      }
      for (let a = 0; a < c; a++) {
        let acc = 0;
        for (let b = a; b < c; b++) acc += t[tOff + a * ldt + b] * work[g + b];
        t[tOff + a * ldt + c] = -tc * acc;
      }
    }
    return;
  }
  const n1 = n >> 1;
  const n2 = n - n1;
  factorRecursive(s, j, n1, t, tOff, ldt);
  loadVt(s, j, n1, len);
  updateRows(s, j, n1, t, tOff, ldt, j + n1, j + n);
  const t2 = tOff + n1 * ldt + n1;
  factorRecursive(s, j + n1, n2, t, t2, ldt);
  // T₁₂ = −T₁·(V₁ᵀ·V₂)·T₂; V₂ is zero in the first n1 rows, so V₁ᵀV₂ runs over rows n1 … len−1.
  loadVt(s, j, n, len);
  const { vt, x, yb, g } = s;
  gemmF64(n1, n2, len - n1, work, vt + n1, len, 1, work, vt + n1 * len + n1, 1, len, work, g);
  gemmF64(n1, n2, n1, t, tOff, ldt, 1, work, g, n2, 1, work, yb);
  gemmF64(n1, n2, n2, work, yb, n2, 1, t, t2, ldt, 1, work, x);
  for (let a = 0; a < n1; a++) for (let b = 0; b < n2; b++) t[tOff + a * ldt + n1 + b] = -work[x + a * n2 + b];
}

/**
 * Rows c0 … c1−1 of W, from index j on (columns of A, rows j … M−1), := Cᵀ·Q_b = Cᵀ − ((Cᵀ·V)·T)·Vᵀ for the block
 * reflector of the n reflectors at j, whose V is loaded transposed in work[vt..] (loadVt): the first two products
 * for all the rows at once, the last one in chunks of s.ch rows through the product scratch.
 */
function updateRows(
  s: Scratch,
  j: number,
  n: number,
  t: Float64Array,
  tOff: number,
  ldt: number,
  c0: number,
  c1: number,
): void {
  const { M, w, work, vt, w1, xr, prod } = s;
  const len = M - j;
  const rows = c1 - c0;
  gemmF64(rows, n, len, w, c0 * M + j, M, 1, work, vt, 1, len, work, w1);
  gemmF64(rows, n, n, work, w1, n, 1, t, tOff, ldt, 1, work, xr);
  for (let c = 0; c < rows; c += s.ch) {
    const ch = Math.min(s.ch, rows - c);
    gemmF64(ch, len, n, work, xr + c * n, n, 1, work, vt, len, 1, work, prod);
    for (let r = 0; r < ch; r++) {
      const dst = (c0 + c + r) * M + j;
      const src = prod + r * len;
      for (let i = 0; i < len; i++) w[dst + i] -= work[src + i];
    }
  }
}

/** work[vt..] := Vᵀ (n rows of length len) for the reflectors j … j+n−1: unit diagonal, zeros before it. */
function loadVt(s: Scratch, j: number, n: number, len: number): void {
  copyVt(s.M, s.w, j * s.M + j, n, len, s.work, s.vt);
}

/** dst[off..] := Vᵀ (n rows of length len) for the n reflectors whose first sits at w[head] (heads ld + 1 apart). */
function copyVt(
  ld: number,
  w: Float64Array,
  head: number,
  n: number,
  len: number,
  dst: Float64Array,
  off: number,
): void {
  for (let c = 0; c < n; c++) {
    const src = head + c * ld;
    const o = off + c * len;
    dst.set(w.subarray(src + c + 1, src + len), o + c + 1);
    dst.fill(0, o, o + c);
    dst[o + c] = 1;
  }
}

/**
 * Y (M×ncols at y[yOff..], contiguous rows) := Q·Y for Q = H₀·…·H_{k−1} from geqrfReal (W, tau, and the T store `ts`
 * it filled, or {@link larftReal}), k = min(M, N): LAPACK dormqr side 'L', no transpose, blocks last to first,
 * Y := Y − V·(T·(Vᵀ·Y)) each (three GEMMs). work: ormqrWorkSize(M, N, ncols) doubles. The reflectors may sit in a
 * larger matrix: reflector j at w[wOff + j·ld + j + 1 …] (rows ld apart; default the geqrfReal layout).
 */
export function ormqrReal(
  M: number,
  N: number,
  w: Float64Array,
  ts: Float64Array,
  y: Float64Array,
  yOff: number,
  ncols: number,
  work: Float64Array,
  wOff = 0,
  ld = M,
): void {
  const k = Math.min(M, N);
  const nb = Math.min(GEQRF_NB, N);
  if (k === 0 || ncols === 0) return;
  const w1 = nb * M;
  const w2 = w1 + nb * ncols;
  for (let j0 = Math.floor((k - 1) / nb) * nb; j0 >= 0; j0 -= nb) {
    const kb = Math.min(nb, k - j0);
    const rows = M - j0;
    const yo = yOff + j0 * ncols;
    copyVt(ld, w, wOff + j0 * ld + j0, kb, rows, work, 0);
    gemmF64(kb, ncols, rows, work, 0, rows, 1, y, yo, ncols, 1, work, w1);
    gemmF64(kb, ncols, kb, ts, j0 * nb, kb, 1, work, w1, ncols, 1, work, w2);
    for (let i = w2, end = w2 + kb * ncols; i < end; i++) work[i] = -work[i];
    gemmF64(rows, ncols, kb, work, 0, 1, rows, work, w2, ncols, 1, y, yo, true);
  }
}

/** Size of orgqrReal's `work` for reflectors of length ≤ M, N columns of W, and Q with `kq` columns. */
export function orgqrWorkSize(M: number, N: number, kq: number): number {
  const nb = Math.min(GEQRF_NB, N);
  return nb * M + 2 * nb * kq + Math.min(chunkRows(kq, nb), M) * kq;
}

/**
 * Q (M×kq at q[qOff..], contiguous rows) := H₀·…·H_{k−1}·[I; 0], the first kq columns of the orthogonal factor of
 * geqrfReal (W, and the T store `ts` it filled), k = min(M, N): LAPACK dorgqr — blocks last to first as in
 * {@link ormqrReal}, but block j0 only meets rows and columns ≥ j0 (the columns before are still unit vectors zero
 * there), which halves the flops of forming a square Q. work: orgqrWorkSize(M, N, kq) doubles.
 */
export function orgqrReal(
  M: number,
  N: number,
  w: Float64Array,
  ts: Float64Array,
  q: Float64Array,
  qOff: number,
  kq: number,
  work: Float64Array,
): void {
  q.fill(0, qOff, qOff + M * kq);
  for (let i = 0, end = Math.min(M, kq); i < end; i++) q[qOff + i * kq + i] = 1;
  const k = Math.min(M, N);
  const nb = Math.min(GEQRF_NB, N);
  if (k === 0 || kq === 0) return;
  const w1 = nb * M;
  const w2 = w1 + nb * kq;
  const prod = w2 + nb * kq;
  const chunk = Math.min(chunkRows(kq, nb), M);
  for (let j0 = Math.floor((k - 1) / nb) * nb; j0 >= 0; j0 -= nb) {
    const kb = Math.min(nb, k - j0);
    const rows = M - j0;
    const cols = kq - j0;
    if (cols <= 0) continue;
    const yo = qOff + j0 * kq + j0;
    copyVt(M, w, j0 * M + j0, kb, rows, work, 0);
    gemmF64(kb, cols, rows, work, 0, rows, 1, q, yo, kq, 1, work, w1);
    gemmF64(kb, cols, kb, ts, j0 * nb, kb, 1, work, w1, cols, 1, work, w2);
    for (let r0 = 0; r0 < rows; r0 += chunk) {
      const ch = Math.min(chunk, rows - r0);
      gemmF64(ch, cols, kb, work, r0, 1, rows, work, w2, cols, 1, work, prod);
      for (let r = 0; r < ch; r++) {
        const dst = yo + (r0 + r) * kq;
        const src = prod + r * cols;
        for (let c = 0; c < cols; c++) q[dst + c] -= work[src + c];
      }
    }
  }
}

/** Reflectors laid out as geqrfReal leaves them, inside a larger matrix: reflector j at w[off + j·ld + j + 1 …]. */
export interface StoredReflectors {
  w: Float64Array;
  off: number;
  ld: number;
  /** τ_j at tau[j]. */
  tau: Float64Array;
}

/** Size of larftReal's `work` for reflectors of length ≤ M, N columns of W. */
export function larftWorkSize(M: number, N: number): number {
  const nb = Math.min(GEQRF_NB, N);
  return nb * M + 2 * nb * nb;
}

/**
 * The T factors of the panels of geqrfReal's blocking for reflectors already stored (`r`), into ts
 * (geqrfTSize(M, N)) for {@link ormqrReal}: LAPACK dlarft (forward, columnwise) per panel, by ./ormbr's
 * blockReflector (T from the Gram matrix VᵀV of one GEMM), its upper triangle copied with zeros below.
 * work: larftWorkSize(M, N) doubles.
 */
export function larftReal(M: number, N: number, r: StoredReflectors, ts: Float64Array, work: Float64Array): void {
  const k = Math.min(M, N);
  const nb = Math.min(GEQRF_NB, N);
  for (let j0 = 0; j0 < k; j0 += nb) {
    const kb = Math.min(nb, k - j0);
    const rows = M - j0;
    // Reflector j0+t, entry q > t of the panel, sits at w[off + (j0+t)·ld + j0 + q] (inc 1, shift off).
    blockReflector(kb, j0, rows, r.off, r.w, r.ld, 1, r.tau, work);
    const t = j0 * nb;
    const src = rows * kb;
    for (let a = 0; a < kb; a++) {
      ts.fill(0, t + a * kb, t + a * kb + a);
      for (let c = a; c < kb; c++) ts[t + a * kb + c] = work[src + a * kb + c];
    }
  }
}

/** Tile edge of {@link transposeScaled}: a 32×32 tile of doubles stays in L1 on both sides. */
const TILE = 32;

/**
 * dst (cols×rows at dOff) := f·src (rows×cols at sOff)ᵀ, row-major, in TILE×TILE tiles (the row-by-row loop writes
 * with a stride of `rows` doubles, which for rows a multiple of 512 maps every write of a row to one cache set). Loads
 * the transposed storage of geqrfReal from a row-major tall matrix, and transposes results back.
 */
export function transposeScaled(
  rows: number,
  cols: number,
  src: Float64Array,
  sOff: number,
  f: number,
  dst: Float64Array,
  dOff: number,
): void {
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = Math.min(i0 + TILE, rows);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = Math.min(j0 + TILE, cols);
      for (let j = j0; j < j1; j++) {
        const o = dOff + j * rows;
        for (let i = i0; i < i1; i++) dst[o + i] = src[sOff + i * cols + j] * f;
      }
    }
  }
}
