/**
 * Householder bidiagonalization and generation of its orthogonal/unitary factors.
 *
 * Sources: LAPACK dgebd2/zgebd2 (unblocked dgebrd/zgebrd) and dorgbr/zungbr (via dorg2r/zung2r, dorgl2/zungl2);
 * Golub & Van Loan, "Matrix Computations", 4th ed., §5.4.8.
 *
 * Assumptions: W is an M×N row-major matrix with M ≥ N ≥ 1 (complex: interleaved, row stride 2N scalars). It is
 * reduced in place to W = Q·B·Pᴴ with B REAL upper bidiagonal (d: N entries, e: N−1 entries; also for complex input,
 * thanks to the real-β reflectors of ./householder), Q = H₀·H₁·…·H_{N−1}, Hᵢ = I − τqᵢ·vᵢ·vᵢᴴ, and
 * P = G₀·…·G_{N−2}, Gᵢ = I − τpᵢ·uᵢ·uᵢᴴ. As in LAPACK, vᵢ (below the diagonal, column i) and uᵢ (right of the
 * superdiagonal, row i) are stored in W. All inner loops run along contiguous rows: the real reduction streams the
 * trailing rows once per step (both updates fused, four rows at a time), the complex one uses rank-1 updates through a
 * work vector; the real generators apply reflectors in pairs. Buffers vbuf and work must hold ≥ max(M, N) and
 * 2·max(M, N) entries (×2 for complex). Nothing here allocates.
 *
 * The generators write the factors in the layouts the bidiagonal SVD (./bdsqr) rotates along rows:
 *   Qᵀ as an nq×M row-major matrix (row j = column j of Q, not conjugated), nq = N (thin) or M (full);
 *   Pᴴ (real: Pᵀ) as an N×N row-major matrix.
 */

import {
  applyLeftComplex,
  applyRight2Real,
  applyRightComplex,
  applyRightReal,
  LARFG_SAFMIN,
  larfgComplex,
  larfgReal,
  larfgRealDeferred,
} from './householder';

/** Rows per chunk of the real reduction's column accumulator (see gebrdReal). */
export const GEBRD_CHUNK = 32;

/** Size of gebrdReal's `part` buffer: one accumulator of N entries per chunk of GEBRD_CHUNK rows. */
export function gebrdPartSize(M: number, N: number): number {
  return Math.ceil(M / GEBRD_CHUNK) * N;
}

/**
 * The rows ≥ i + 2 of step i (all of them, or a worker thread's share): called with the step's τq, τp (y in
 * work[0..L), u in ubuf[0..L)), whether the column sums are accumulated into the chunks' partial sums, and the factor
 * `cs` that column i's entries of these rows still need (Hᵢ's vector, see gebrdReal).
 */
export type GebrdRows = (i: number, L: number, tq: number, tp: number, acc: boolean, cs: number) => void;

/**
 * Reduce real W (M×N, M ≥ N) to upper bidiagonal form; see the file header. tauq, taup: N entries; ubuf ≥ N;
 * work ≥ 2N; part ≥ gebrdPartSize(M, N). Step i needs y = vᵢᵀ·W[i:, i+1:] (left update) and W[r, :]·uᵢ (right
 * update). Both updates of step i and the accumulation of Σᵣ xᵣ·W[r, i+2:] (xᵣ = the next column, which gives the next
 * step's y after scaling by 1/(α − β), as in dlarfg) are fused into ONE pass over the trailing rows, so each row is
 * streamed once per step. That sum is accumulated per fixed chunk of GEBRD_CHUNK rows (absolute row numbers) and the
 * chunks' partial sums are added in chunk order, so the rows can be shared among threads (`rows`, see
 * ../threads/split-bidiag.ts) with results bit-identical to one thread. The pass also sums the squares of the next
 * column (below row i + 1) per chunk, so that the next step's Hᵢ₊₁ needs no strided pass over that column
 * (householder larfgRealDeferred), and it scales column i's entries of its rows into Hᵢ's vector (x·1/(α − β), as
 * dlarfg) just before using them; only the last column, or one outside the plain sum of squares' range, is reduced
 * by larfgReal's strided passes.
 */
export function gebrdReal(
  M: number,
  N: number,
  w: Float64Array,
  d: Float64Array,
  e: Float64Array,
  tauq: Float64Array,
  taup: Float64Array,
  ubuf: Float64Array,
  work: Float64Array,
  part: Float64Array,
  rows: GebrdRows | null = null,
): void {
  let haveAcc = false; // work[N..] holds Σ xᵣ·W[r, i+1:] for the current column i, ssq Σ xᵣ²
  let ssq = 0;
  for (let i = 0; i < N; i++) {
    const ii = i * N + i;
    const alpha0 = w[ii];
    // Hᵢ annihilates W[i+1:M, i]: its vector scaled later by the row passes (cs), or at once by larfgReal.
    let cs = haveAcc && i + 1 < N ? larfgRealDeferred(ssq, w, ii, tauq, i) : 0;
    if (cs === 0) {
      larfgReal(M - i - 1, w, ii, ii + N, N, tauq, i);
      cs = 1;
    }
    const beta = w[ii];
    d[i] = beta;
    if (i + 1 === N) {
      taup[i] = 0;
      break;
    }
    const L = N - i - 1;
    const rowI = ii + 1;
    const tq = tauq[i];
    if (tq !== 0) {
      // y = vᵀ·W[i:, i+1:] with v = (1, x/(α − β)).
      if (haveAcc && Math.abs(beta) >= LARFG_SAFMIN) {
        const sc = 1 / (alpha0 - beta);
        for (let j = 0; j < L; j++) work[j] = w[rowI + j] + sc * work[N + j];
      } else {
        for (let j = 0; j < L; j++) work[j] = w[rowI + j];
        for (let r = i + 1; r < M; r++) {
          const vr = w[r * N + i];
          if (vr === 0) continue;
          const ro = r * N + i + 1;
          for (let j = 0; j < L; j++) work[j] += vr * w[ro + j];
        }
      }
      for (let j = 0; j < L; j++) w[rowI + j] -= tq * work[j];
    } else {
      work.fill(0, 0, L);
    }
    // Gᵢ annihilates W[i, i+2:N].
    larfgReal(L - 1, w, rowI, rowI + 1, 1, taup, i);
    e[i] = w[rowI];
    const tp = taup[i];
    ubuf[0] = 1;
    for (let j = 1; j < L; j++) ubuf[j] = w[rowI + j];
    const accOn = L > 1;
    // Row i+1 becomes the next pivot row (no accumulation); rows below it feed the next step's y.
    updateTrailingRows(w, N, i, L, i + 1, Math.min(i + 2, M), tq, tp, work, ubuf, false, work, 0, cs);
    if (rows !== null) rows(i, L, tq, tp, accOn, cs);
    else gebrdChunks(M, N, w, i, L, tq, tp, work, ubuf, part, 0, chunkCount(M), accOn, cs);
    if (accOn) {
      work.fill(0, N, N + L - 1);
      ssq = 0;
      for (let c = Math.floor((i + 2) / GEBRD_CHUNK), end = chunkCount(M); c < end; c++) {
        const po = c * N;
        for (let k = 0; k < L - 1; k++) work[N + k] += part[po + k];
        ssq += part[po + L - 1];
      }
    }
    haveAcc = accOn;
  }
}

/**
 * A driver that reduces W sharing the work among threads, returning false when it does not (../threads); the
 * arguments as gebrdReal's.
 */
export type GebrdSplitter = (...args: Parameters<typeof gebrdRealShared>) => boolean;

/** Arrays from this length on are allocated by {@link shareableFloat64} over shared memory. */
const SHAREABLE_MIN = 4096;

/**
 * A zeroed Float64Array of `length` over a SharedArrayBuffer when the platform has one and the array is long enough to
 * be worth handing to helper threads in place (as the real reduction's buffers: ../threads/split-bidiag.ts), else an
 * ordinary one.
 */
export function shareableFloat64(length: number): Float64Array {
  if (length < SHAREABLE_MIN || typeof SharedArrayBuffer !== 'function') return new Float64Array(length);
  return new Float64Array(new SharedArrayBuffer(8 * length));
}

let splitter: GebrdSplitter | null = null;

/** Installs the multi-threaded driver (../threads/split-batch.ts does, on the calling thread only). */
export function setGebrdSplitter(f: GebrdSplitter | null): void {
  splitter = f;
}

/** gebrdReal, shared among threads by the installed splitter when it takes the job (bit-identical either way). */
export function gebrdRealShared(
  M: number,
  N: number,
  w: Float64Array,
  d: Float64Array,
  e: Float64Array,
  tauq: Float64Array,
  taup: Float64Array,
  ubuf: Float64Array,
  work: Float64Array,
  part: Float64Array,
): void {
  if (splitter === null || !splitter(M, N, w, d, e, tauq, taup, ubuf, work, part))
    gebrdReal(M, N, w, d, e, tauq, taup, ubuf, work, part);
}

function chunkCount(M: number): number {
  return Math.ceil(M / GEBRD_CHUNK);
}

/**
 * gebrdReal's pass over the rows ≥ i + 2 that lie in chunks [c0, c1) (chunk c = rows [c·CHUNK, (c+1)·CHUNK)), each
 * chunk's column sums into part[c·N ..] (and the sum of squares of its next-column entries after them) when `acc`.
 * Also what a worker thread runs for its share of the chunks.
 */
export function gebrdChunks(
  M: number,
  N: number,
  w: Float64Array,
  i: number,
  L: number,
  tq: number,
  tp: number,
  work: Float64Array,
  ubuf: Float64Array,
  part: Float64Array,
  c0: number,
  c1: number,
  acc: boolean,
  cs: number,
): void {
  for (let c = c0; c < c1; c++) {
    const r0 = Math.max(c * GEBRD_CHUNK, i + 2);
    const r1 = Math.min((c + 1) * GEBRD_CHUNK, M);
    if (r0 >= r1) continue;
    if (acc) part.fill(0, c * N, c * N + L);
    updateTrailingRows(w, N, i, L, r0, r1, tq, tp, work, ubuf, acc, part, c * N - 1, cs);
  }
}

/**
 * gebrdReal's fused pass over rows [r0, r1) at step i: left update W[r, i+1:] −= τq·vᵣ·y (y = work[0..L)), right
 * update W[r, i+1:] −= τp·(W[r, i+1:]·u)·uᵀ, and (when acc) sum[accBase+k] += W[r, i+1]·W[r, i+1+k] for k ≥ 1 and
 * sum[accBase+L] += W[r, i+1]²; vᵣ = W[r, i]·cs is stored first. Four rows at a time (then two, then one), so that
 * each load of y, u and the accumulator serves several rows.
 */
function updateTrailingRows(
  w: Float64Array,
  N: number,
  i: number,
  L: number,
  r0: number,
  r1: number,
  tq: number,
  tp: number,
  work: Float64Array,
  ubuf: Float64Array,
  acc: boolean,
  sum: Float64Array,
  accBase: number,
  cs: number,
): void {
  const sq = accBase + L;
  let r = r0;
  for (; r + 3 < r1; r += 4) {
    const ra = r * N + i + 1;
    const rb = ra + N;
    const rc = rb + N;
    const rd = rc + N;
    const va = w[ra - 1] * cs;
    const vb = w[rb - 1] * cs;
    const vc = w[rc - 1] * cs;
    const vd = w[rd - 1] * cs;
    w[ra - 1] = va;
    w[rb - 1] = vb;
    w[rc - 1] = vc;
    w[rd - 1] = vd;
    const fa = tq * va;
    const fb = tq * vb;
    const fc = tq * vc;
    const fd = tq * vd;
    let sa = 0;
    let sb = 0;
    let sc = 0;
    let sd = 0;
    for (let j = 0; j < L; j++) {
      const y = work[j];
      const u = ubuf[j];
      const a = w[ra + j] - fa * y;
      const b = w[rb + j] - fb * y;
      const c = w[rc + j] - fc * y;
      const d = w[rd + j] - fd * y;
      w[ra + j] = a;
      w[rb + j] = b;
      w[rc + j] = c;
      w[rd + j] = d;
      sa += a * u;
      sb += b * u;
      sc += c * u;
      sd += d * u;
    }
    const ga = tp * sa;
    const gb = tp * sb;
    const gc = tp * sc;
    const gd = tp * sd;
    const xa = w[ra] - ga;
    const xb = w[rb] - gb;
    const xc = w[rc] - gc;
    const xd = w[rd] - gd;
    w[ra] = xa;
    w[rb] = xb;
    w[rc] = xc;
    w[rd] = xd;
    if (acc) {
      for (let k = 1; k < L; k++) {
        const u = ubuf[k];
        const a = w[ra + k] - ga * u;
        const b = w[rb + k] - gb * u;
        const c = w[rc + k] - gc * u;
        const d = w[rd + k] - gd * u;
        w[ra + k] = a;
        w[rb + k] = b;
        w[rc + k] = c;
        w[rd + k] = d;
        sum[accBase + k] += xa * a + xb * b + (xc * c + xd * d);
      }
      sum[sq] += xa * xa + xb * xb + (xc * xc + xd * xd);
    } else {
      for (let k = 1; k < L; k++) {
        const u = ubuf[k];
        w[ra + k] -= ga * u;
        w[rb + k] -= gb * u;
        w[rc + k] -= gc * u;
        w[rd + k] -= gd * u;
      }
    }
  }
  for (; r + 1 < r1; r += 2) {
    const ro = r * N + i + 1;
    const rp = ro + N;
    const v0 = w[ro - 1] * cs;
    const v1 = w[rp - 1] * cs;
    w[ro - 1] = v0;
    w[rp - 1] = v1;
    const f0 = tq * v0;
    const f1 = tq * v1;
    let s0 = 0;
    let s1 = 0;
    let t0 = 0;
    let t1 = 0;
    let j = 0;
    for (; j + 1 < L; j += 2) {
      const y0 = work[j];
      const y1 = work[j + 1];
      const u0 = ubuf[j];
      const u1 = ubuf[j + 1];
      const a0 = w[ro + j] - f0 * y0;
      const a1 = w[ro + j + 1] - f0 * y1;
      const b0 = w[rp + j] - f1 * y0;
      const b1 = w[rp + j + 1] - f1 * y1;
      w[ro + j] = a0;
      w[ro + j + 1] = a1;
      w[rp + j] = b0;
      w[rp + j + 1] = b1;
      s0 += a0 * u0;
      s1 += a1 * u1;
      t0 += b0 * u0;
      t1 += b1 * u1;
    }
    if (j < L) {
      const y0 = work[j];
      const u0 = ubuf[j];
      const a0 = w[ro + j] - f0 * y0;
      const b0 = w[rp + j] - f1 * y0;
      w[ro + j] = a0;
      w[rp + j] = b0;
      s0 += a0 * u0;
      t0 += b0 * u0;
    }
    const g0 = tp * (s0 + s1);
    const g1 = tp * (t0 + t1);
    const x0 = w[ro] - g0;
    const x1 = w[rp] - g1;
    w[ro] = x0;
    w[rp] = x1;
    if (acc) {
      for (let k = 1; k < L; k++) {
        const u = ubuf[k];
        const a = w[ro + k] - g0 * u;
        const b = w[rp + k] - g1 * u;
        w[ro + k] = a;
        w[rp + k] = b;
        sum[accBase + k] += x0 * a + x1 * b;
      }
      sum[sq] += x0 * x0 + x1 * x1;
    } else {
      for (let k = 1; k < L; k++) {
        const u = ubuf[k];
        w[ro + k] -= g0 * u;
        w[rp + k] -= g1 * u;
      }
    }
  }
  if (r < r1) {
    const ro = r * N + i + 1;
    const v0 = w[ro - 1] * cs;
    w[ro - 1] = v0;
    const f0 = tq * v0;
    let s0 = 0;
    for (let j = 0; j < L; j++) {
      const a0 = w[ro + j] - f0 * work[j];
      w[ro + j] = a0;
      s0 += a0 * ubuf[j];
    }
    const g0 = tp * s0;
    const x0 = w[ro] - g0;
    w[ro] = x0;
    if (acc) {
      for (let k = 1; k < L; k++) {
        const a = w[ro + k] - g0 * ubuf[k];
        w[ro + k] = a;
        sum[accBase + k] += x0 * a;
      }
      sum[sq] += x0 * x0;
    } else {
      for (let k = 1; k < L; k++) w[ro + k] -= g0 * ubuf[k];
    }
  }
}

/** Complex version of gebrdReal: W interleaved; d, e real; tauq, taup: N complex entries (2N scalars). */
export function gebrdComplex(
  M: number,
  N: number,
  w: Float64Array,
  d: Float64Array,
  e: Float64Array,
  tauq: Float64Array,
  taup: Float64Array,
  vbuf: Float64Array,
  work: Float64Array,
): void {
  const lda = 2 * N;
  for (let i = 0; i < N; i++) {
    const ii = i * lda + 2 * i;
    larfgComplex(M - i - 1, w, ii, ii + lda, lda, tauq, 2 * i);
    d[i] = w[ii];
    if (i + 1 < N) {
      const tr = tauq[2 * i];
      const ti = tauq[2 * i + 1];
      if (tr !== 0 || ti !== 0) {
        vbuf[0] = 1;
        vbuf[1] = 0;
        for (let r = 1, p = ii + lda; r < M - i; r++, p += lda) {
          vbuf[2 * r] = w[p];
          vbuf[2 * r + 1] = w[p + 1];
        }
        // W := Hᵢᴴ·W
        applyLeftComplex(M - i, N - i - 1, tr, -ti, vbuf, 0, w, ii + 2, lda, work);
      }
      // Gᵢ is generated from the conjugated row, so that W[i, i+1:N]·Gᵢ = (β, 0, …, 0) with β real.
      for (let p = ii + 3; p < (i + 1) * lda; p += 2) w[p] = -w[p];
      larfgComplex(N - i - 2, w, ii + 2, ii + 4, 2, taup, 2 * i);
      e[i] = w[ii + 2];
      const pr = taup[2 * i];
      const pi = taup[2 * i + 1];
      if (pr !== 0 || pi !== 0) {
        vbuf[0] = 1;
        vbuf[1] = 0;
        for (let j = 2; j < 2 * (N - i - 1); j++) vbuf[j] = w[ii + 2 + j];
        // W := W·Gᵢ
        applyRightComplex(M - i - 1, N - i - 1, pr, pi, vbuf, 0, w, ii + lda + 2, lda);
      }
    } else {
      taup[2 * i] = 0;
      taup[2 * i + 1] = 0;
    }
  }
}

function setIdentity(rows: number, cols: number, x: Float64Array, cplx: number): void {
  x.fill(0, 0, rows * cols * cplx);
  const n = Math.min(rows, cols);
  for (let i = 0; i < n; i++) x[cplx * (i * cols + i)] = 1;
}

/**
 * Qᵀ (nq×M row-major; nq = N for the thin factor, M for the full one) from the reflectors left in W by gebrdReal.
 * Backward accumulation Qᵀ = I·H_{N−1}ᵀ·…·H₀ᵀ, touching only the non-trivial trailing block at each step.
 */
export function orgbrQtReal(
  M: number,
  N: number,
  nq: number,
  w: Float64Array,
  tauq: Float64Array,
  qt: Float64Array,
  vbuf: Float64Array,
  vbuf2: Float64Array,
): void {
  setIdentity(nq, M, qt, 1);
  let i = N - 1;
  // Pairs X := X·Hᵢ·Hᵢ₋₁ on rows/columns ≥ i − 1 (Hᵢ's vector padded with a leading 0).
  for (; i >= 1; i -= 2) {
    const ta = tauq[i];
    const tb = tauq[i - 1];
    const len = M - i + 1;
    vbuf[0] = 0;
    vbuf[1] = 1;
    for (let r = 2, p = (i + 1) * N + i; r < len; r++, p += N) vbuf[r] = w[p];
    vbuf2[0] = 1;
    for (let r = 1, p = i * N + i - 1; r < len; r++, p += N) vbuf2[r] = w[p];
    applyRight2Real(nq - i + 1, len, ta, vbuf, 0, tb, vbuf2, 0, qt, (i - 1) * M + i - 1, M);
  }
  if (i === 0 && tauq[0] !== 0) {
    vbuf[0] = 1;
    for (let r = 1, p = N; r < M; r++, p += N) vbuf[r] = w[p];
    applyRightReal(nq, M, tauq[0], vbuf, 0, qt, 0, M);
  }
}

/** Pᵀ (N×N row-major) from the reflectors left in W by gebrdReal: Pᵀ = I·G_{N−2}ᵀ·…·G₀ᵀ. */
export function orgbrPtReal(
  N: number,
  w: Float64Array,
  taup: Float64Array,
  pt: Float64Array,
  vbuf: Float64Array,
  vbuf2: Float64Array,
): void {
  setIdentity(N, N, pt, 1);
  let i = N - 2;
  for (; i >= 1; i -= 2) {
    // X := X·Gᵢ·Gᵢ₋₁ on rows/columns ≥ i.
    const len = N - i;
    vbuf[0] = 0;
    vbuf[1] = 1;
    for (let j = 2; j < len; j++) vbuf[j] = w[i * N + i + j];
    vbuf2[0] = 1;
    for (let j = 1; j < len; j++) vbuf2[j] = w[(i - 1) * N + i + j];
    applyRight2Real(len, len, taup[i], vbuf, 0, taup[i - 1], vbuf2, 0, pt, i * N + i, N);
  }
  if (i === 0 && N >= 2 && taup[0] !== 0) {
    vbuf[0] = 1;
    for (let j = 1; j < N - 1; j++) vbuf[j] = w[1 + j];
    applyRightReal(N - 1, N - 1, taup[0], vbuf, 0, pt, N + 1, N);
  }
}

/** Complex Qᵀ (transpose, not conjugate transpose; nq×M interleaved): Qᵀ = I·H_{N−1}ᵀ·…·H₀ᵀ, Hᵀ = I − τ·v̄·v̄ᴴ. */
export function orgbrQtComplex(
  M: number,
  N: number,
  nq: number,
  w: Float64Array,
  tauq: Float64Array,
  qt: Float64Array,
  vbuf: Float64Array,
): void {
  setIdentity(nq, M, qt, 2);
  const lda = 2 * N;
  const ldq = 2 * M;
  for (let i = N - 1; i >= 0; i--) {
    const tr = tauq[2 * i];
    const ti = tauq[2 * i + 1];
    if (tr === 0 && ti === 0) continue;
    vbuf[0] = 1;
    vbuf[1] = 0;
    for (let r = 1, p = (i + 1) * lda + 2 * i; r < M - i; r++, p += lda) {
      vbuf[2 * r] = w[p];
      vbuf[2 * r + 1] = -w[p + 1];
    }
    applyRightComplex(nq - i, M - i, tr, ti, vbuf, 0, qt, i * ldq + 2 * i, ldq);
  }
}

/** Complex Pᴴ (N×N interleaved): Pᴴ = I·G_{N−2}ᴴ·…·G₀ᴴ, Gᴴ = I − τ̄·u·uᴴ. */
export function orgbrPhComplex(
  N: number,
  w: Float64Array,
  taup: Float64Array,
  ph: Float64Array,
  vbuf: Float64Array,
): void {
  setIdentity(N, N, ph, 2);
  const lda = 2 * N;
  for (let i = N - 2; i >= 0; i--) {
    const tr = taup[2 * i];
    const ti = taup[2 * i + 1];
    if (tr === 0 && ti === 0) continue;
    vbuf[0] = 1;
    vbuf[1] = 0;
    const base = i * lda + 2 * (i + 1);
    for (let j = 2; j < 2 * (N - i - 1); j++) vbuf[j] = w[base + j];
    applyRightComplex(N - i - 1, N - i - 1, tr, -ti, vbuf, 0, ph, (i + 1) * lda + 2 * (i + 1), lda);
  }
}
