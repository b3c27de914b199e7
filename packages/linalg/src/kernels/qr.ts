/**
 * Householder QR factorization A = Q·R of an m×n matrix (LAPACK dgeqr2 / zgeqr2 for the factorization and
 * dorg2r / zung2r for forming Q; Golub & Van Loan, "Matrix Computations" 4th ed., §5.2.1–5.2.2).
 *
 * Reflector j is H_j = I − τ_j·v_j·v_jᴴ (LAPACK convention, see `./reflector`), R = H_{k−1}ᴴ⋯H_0ᴴ·A has a REAL diagonal
 * (possibly negative), and Q = H_0·H_1⋯H_{k−1}, k = min(m, n).
 *
 * Layout: inputs and outputs are row-major at element offsets (complex: interleaved re/im, offsets in scalars). The
 * factorization works on Aᵀ (W[c·m + i] = A(i, c)) so each column of A, the reflector vectors included, is a
 * contiguous row: applying a reflector is a dot product plus an axpy per column. Q is accumulated directly in the
 * output by backward accumulation with row-wise rank-1 updates (unit-stride inner loops). Real matrices with
 * min(m, n) ≥ BLOCKED_MIN are factored by the blocked, recursive ./geqrf instead (dgeqrf: the same reflectors and τ
 * up to rounding, most flops in GEMMs), and Q = Q·[I; 0] is formed blocked straight into the output (dorgqr,
 * ./geqrf orgqrReal).
 */

import { factorRealAt, loadReflector } from './geqr2';
import { geqrfReal, geqrfTSize, geqrfWorkSize, orgqrReal, orgqrWorkSize, transposeScaled } from './geqrf';
import { applyRight2Complex, applyRight2Real, applyRightComplex, applyRightReal } from './householder';
import { larfgComplex } from './reflector';
import { isFiniteRange } from './triangular';

/** Smallest min(m, n) of a real matrix factored by the blocked ./geqrf (one panel of it; below, dgeqr2 is as fast). */
export const BLOCKED_MIN = 32;

/** 'reduced': Q m×k, R k×n; 'complete': Q m×m, R m×n; 'r': R only (k×n). k = min(m, n). */
export type QrMode = 'reduced' | 'complete' | 'r';

/** Preallocated scratch for {@link qrReal} / {@link qrComplex}; reusable for any m' ≤ m, n' ≤ n. */
export interface QrWorkspace {
  readonly m: number;
  readonly n: number;
  readonly complex: boolean;
  /** The mode it was sized for. */
  readonly mode: QrMode;
  /** Aᵀ, then the reflectors (m·n or 2·m·n scalars). */
  readonly w: Float64Array;
  /** τ_j (min(m, n) or twice that). */
  readonly tau: Float64Array;
  /** Qᵀ while Q is formed unblocked (kq·m or 2·kq·m scalars; kq = m for 'complete', min(m, n) otherwise, 0 for 'r'). */
  readonly qt: Float64Array;
  /** Two reflector vectors of a pair update (2·m or 4·m scalars). */
  readonly pair: Float64Array;
  /** Real, min(m, n) ≥ BLOCKED_MIN (else empty): ./geqrf's work, the panels' T factors, and orgqrReal's work. */
  readonly gwork: Float64Array;
  readonly ts: Float64Array;
  readonly bw: Float64Array;
}

/** Allocates scratch for QR factorizations up to m×n in the given mode (default 'reduced'). */
export function createQrWorkspace(m: number, n: number, complex: boolean, mode: QrMode = 'reduced'): QrWorkspace {
  const width = complex ? 2 : 1;
  const kq = mode === 'complete' ? m : mode === 'r' ? 0 : Math.min(m, n);
  return {
    m,
    n,
    complex,
    mode,
    w: new Float64Array(width * m * n),
    tau: new Float64Array(width * Math.min(m, n)),
    qt: new Float64Array(qtSize(m, n, complex, kq)),
    pair: new Float64Array(2 * width * m),
    ...blockedBuffers(m, n, complex, kq),
  };
}

/** Scalars of Qᵀ scratch: only the unblocked paths form Qᵀ (the blocked one writes Q straight into the output). */
function qtSize(m: number, n: number, complex: boolean, kq: number): number {
  return !complex && Math.min(m, n) >= BLOCKED_MIN ? 0 : (complex ? 2 : 1) * kq * m;
}

function blockedBuffers(m: number, n: number, complex: boolean, kq: number): Pick<QrWorkspace, 'gwork' | 'ts' | 'bw'> {
  const blocked = !complex && Math.min(m, n) >= BLOCKED_MIN;
  return {
    gwork: new Float64Array(blocked ? geqrfWorkSize(m, n) : 0),
    ts: new Float64Array(blocked ? geqrfTSize(m, n) : 0),
    bw: new Float64Array(blocked && kq > 0 ? orgqrWorkSize(m, n, kq) : 0),
  };
}

function fitWorkspace(m: number, n: number, complex: boolean, mode: QrMode, ws: QrWorkspace | undefined): QrWorkspace {
  const kq = mode === 'complete' ? m : mode === 'r' ? 0 : Math.min(m, n);
  if (
    ws !== undefined &&
    ws.complex === complex &&
    ws.m >= m &&
    ws.n >= n &&
    ws.qt.length >= qtSize(m, n, complex, kq) &&
    (complex ||
      Math.min(m, n) < BLOCKED_MIN ||
      (ws.gwork.length >= geqrfWorkSize(m, n) &&
        ws.ts.length >= geqrfTSize(m, n) &&
        ws.bw.length >= (kq > 0 ? orgqrWorkSize(m, n, kq) : 0)))
  ) {
    return ws;
  }
  return createQrWorkspace(m, n, complex, mode);
}

/**
 * QR factorization of a real m×n matrix.
 *
 * @param a row-major m×n input at `aOff` (not modified).
 * @param mode see {@link QrMode}.
 * @param q receives Q (m×k for 'reduced', m×m for 'complete') at `qOff`, orthonormal columns; ignored (may be null)
 *   for mode 'r'.
 * @param r receives R at `rOff` (k×n, or m×n for 'complete'), upper triangular with explicit zeros below.
 * @param ws optional scratch from `createQrWorkspace(≥m, ≥n, false, mode)`.
 * @returns 0, -1 if A contains NaN/±Infinity (outputs untouched), or -2 if R overflows (an entry of R, a column
 *   norm of A, exceeds the float64 range; Q is still written).
 */
export const qrReal = qrImpl.bind(null, false);

/**
 * QR factorization of a complex m×n matrix (interleaved re/im, offsets in scalars); R has a real diagonal and Q
 * unitary columns. Arguments and status as {@link qrReal}; `ws` from `createQrWorkspace(≥m, ≥n, true, mode)`.
 */
export const qrComplex = qrImpl.bind(null, true);

function qrImpl(
  complex: boolean,
  m: number,
  n: number,
  a: Float64Array,
  aOff: number,
  mode: QrMode,
  q: Float64Array | null,
  qOff: number,
  r: Float64Array,
  rOff: number,
  ws?: QrWorkspace,
): number {
  const width = complex ? 2 : 1;
  if (!isFiniteRange(width * m * n, a, aOff)) return -1;
  const k = Math.min(m, n);
  const kq = mode === 'complete' ? m : k;
  const rRows = kq;
  const wantQ = mode !== 'r' && q !== null;
  if (m === 0 || n === 0) {
    r.fill(0, rOff, rOff + width * rRows * n);
    if (wantQ) fillIdentity(m, kq, q, qOff, width);
    return 0;
  }
  ws = fitWorkspace(m, n, complex, wantQ ? mode : 'r', ws);
  const { w, tau, qt, pair } = ws;
  // W = Aᵀ: W(c, i) = A(i, c), rows of `width·m` scalars.
  if (complex) transposeScalars(m, n, width, a, aOff, w, 0);
  else transposeScaled(m, n, a, aOff, 1, w, 0);
  // Entries above 2^500 could overflow the column norms (LAPACK's dgeqrf then returns NaN): factor W·2^p with
  // max|W·2^p| in [1, 2) instead — Q is unchanged, R = R'·2^-p, exact unless R itself is not representable.
  let amax = 0;
  for (let i = 0, len = width * m * n; i < len; i++) amax = Math.max(amax, Math.abs(w[i]));
  const p = amax > 2 ** 500 ? -Math.floor(Math.log2(amax)) : 0;
  if (p !== 0) for (let i = 0, len = width * m * n, f = 2 ** p; i < len; i++) w[i] *= f;
  const blocked = !complex && k >= BLOCKED_MIN;
  if (complex) factorComplex(m, n, w, tau, pair);
  else if (blocked) geqrfReal(m, n, w, tau, ws.gwork, wantQ ? ws.ts : null);
  else factorReal(m, n, w, tau, pair);
  // R(i, c) = W(c, i)·2^-p for c ≥ i, zero below the diagonal.
  r.fill(0, rOff, rOff + width * rRows * n);
  const g = 2 ** -p;
  if (complex) {
    for (let i = 0; i < k; i++) {
      for (let c = i; c < n; c++) {
        const dst = rOff + 2 * (i * n + c);
        const src = 2 * (c * m + i);
        r[dst] = w[src] * g;
        r[dst + 1] = w[src + 1] * g;
      }
    }
  } else upperFromTransposed(m, n, k, w, g, r, rOff);
  if (p !== 0 && !isFiniteRange(width * rRows * n, r, rOff)) return -2;
  if (!wantQ) return 0;
  if (blocked) {
    orgqrReal(m, n, w, ws.ts, q, qOff, kq, ws.bw);
    return 0;
  }
  if (complex) formQtComplex(m, k, kq, w, tau, qt, pair);
  else formQtReal(m, k, kq, w, tau, qt, pair);
  transposeScalars(kq, m, width, qt, 0, q, qOff);
  return 0;
}

/** dst (cols×rows at dOff) := src (rows×cols at sOff)ᵀ, row-major, `width` scalars per entry (not conjugated). */
function transposeScalars(
  rows: number,
  cols: number,
  width: 1 | 2,
  src: Float64Array,
  sOff: number,
  dst: Float64Array,
  dOff: number,
): void {
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < cols; c++) {
      const from = sOff + width * (i * cols + c);
      const to = dOff + width * (c * rows + i);
      dst[to] = src[from];
      if (width === 2) dst[to + 1] = src[from + 1];
    }
  }
}

/** R(i, c) = W[c·m + i]·g for c ≥ i, i < k (rows n apart at rOff), in 32×32 tiles as geqrf's transposeScaled. */
function upperFromTransposed(
  m: number,
  n: number,
  k: number,
  w: Float64Array,
  g: number,
  r: Float64Array,
  rOff: number,
) {
  const tile = 32;
  for (let i0 = 0; i0 < k; i0 += tile) {
    const i1 = Math.min(i0 + tile, k);
    for (let c0 = i0; c0 < n; c0 += tile) {
      const c1 = Math.min(c0 + tile, n);
      for (let i = i0; i < i1; i++) {
        const dst = rOff + i * n;
        for (let c = Math.max(c0, i); c < c1; c++) r[dst + c] = w[c * m + i] * g;
      }
    }
  }
}

/** Writes the first `cols` columns of the m×m identity (row-major, `width` scalars per entry) at `off`. */
function fillIdentity(m: number, cols: number, q: Float64Array, off: number, width: 1 | 2): void {
  q.fill(0, off, off + width * m * cols);
  const diag = Math.min(m, cols);
  for (let i = 0; i < diag; i++) q[off + width * (i * cols + i)] = 1;
}

/**
 * dgeqr2 on W = Aᵀ (row c = column c, length m). Reflectors are generated and applied two at a time: H_j is applied
 * to column j+1 alone, H_{j+1} is generated, then both go through the remaining columns in one pass
 * (./householder's applyRight2Real, a 2-column compact WY update; Hᵀ = H, so H·x for a column x is x·H for its row).
 * pair: 2m scalars of scratch.
 */
export function factorReal(m: number, n: number, w: Float64Array, tau: Float64Array, pair: Float64Array): void {
  factorRealAt(m, n, w, 0, m, tau, 0, pair);
}

/** The signature of formQtReal and formQtComplex. */
type FormQt = (
  m: number,
  k: number,
  kq: number,
  w: Float64Array,
  tau: Float64Array,
  qt: Float64Array,
  pair: Float64Array,
) => void;

/**
 * Forms Qᵀ (kq rows of length m; row c = column c of Q = H_0⋯H_{k−1}·e_c) by backward accumulation (dorg2r),
 * reflectors fused in pairs (a, b) = (j, j−1) as in {@link factorReal}, on indices ≥ b: row c > a is zero below
 * index a+1 (and at b), and row b = e_b − τ_b·v_b directly. pair: 2m scalars of scratch.
 */
const formQtReal: FormQt = (m, k, kq, w, tau, qt, pair) => {
  qt.fill(0, 0, kq * m);
  for (let c = 0; c < kq; c++) qt[c * m + c] = 1;
  let j = k - 1;
  for (; j >= 1; j -= 2) {
    const b = j - 1;
    const len = m - b;
    const tb = tau[b];
    loadReflector(w, j * m + j + 1, len - 2, 1, false, 1, pair, 0);
    loadReflector(w, b * m + j, len - 1, 1, false, 0, pair, m);
    applyRight2Real(kq - j, len, tau[j], pair, 0, tb, pair, m, qt, j * m + b, m);
    const rb = b * m;
    qt[rb + b] = 1 - tb;
    for (let i = 1; i < len; i++) qt[rb + b + i] = -tb * pair[m + i];
  }
  if (j === 0) {
    loadReflector(w, 1, m - 1, 1, false, 0, pair, 0);
    applyRightReal(kq, m, tau[0], pair, 0, qt, 0, m);
  }
};

/**
 * zgeqr2 on W = Aᵀ (interleaved): as {@link factorReal}. Column x ← Hᴴ·x = x − conj(τ)·v·(vᴴx) is, for its row,
 * x·(I − conj(τ)·u·uᴴ) with u = conj(v). pair: 4m scalars of scratch.
 */
function factorComplex(m: number, n: number, w: Float64Array, tau: Float64Array, pair: Float64Array): void {
  const k = Math.min(m, n);
  const colLen = 2 * m;
  let j = 0;
  for (; j + 1 < k; j += 2) {
    const headA = j * colLen + 2 * j;
    const headB = headA + colLen + 2;
    const len = m - j;
    larfgComplex(len, w, headA, headA + 2, 1, tau, 2 * j);
    const tar = tau[2 * j];
    const tai = -tau[2 * j + 1];
    loadReflector(w, headA + 2, len - 1, 2, true, 0, pair, 0);
    applyRightComplex(1, len, tar, tai, pair, 0, w, headA + colLen, colLen);
    larfgComplex(len - 1, w, headB, headB + 2, 1, tau, 2 * j + 2);
    loadReflector(w, headB + 2, len - 2, 2, true, 1, pair, colLen);
    applyRight2Complex(
      n - j - 2,
      len,
      tar,
      tai,
      pair,
      0,
      tau[2 * j + 2],
      -tau[2 * j + 3],
      pair,
      colLen,
      w,
      headA + 2 * colLen,
      colLen,
    );
  }
  if (j < k) {
    const head = j * colLen + 2 * j;
    larfgComplex(m - j, w, head, head + 2, 1, tau, 2 * j);
    loadReflector(w, head + 2, m - j - 1, 2, true, 0, pair, 0);
    applyRightComplex(n - j - 1, m - j, tau[2 * j], -tau[2 * j + 1], pair, 0, w, head + colLen, colLen);
  }
}

/**
 * Complex twin of {@link formQtReal} (zung2r): rows of Qᵀ are updated as x·Hᵀ, Hᵀ = I − τ·u·uᴴ with u = conj(v)
 * (τ itself, not its conjugate). pair: 4m scalars of scratch.
 */
const formQtComplex: FormQt = (m, k, kq, w, tau, qt, pair) => {
  const colLen = 2 * m;
  qt.fill(0, 0, kq * colLen);
  for (let c = 0; c < kq; c++) qt[c * colLen + 2 * c] = 1;
  let j = k - 1;
  for (; j >= 1; j -= 2) {
    const b = j - 1;
    const len = m - b;
    const tbr = tau[2 * b];
    const tbi = tau[2 * b + 1];
    loadReflector(w, j * colLen + 2 * j + 2, len - 2, 2, true, 1, pair, 0);
    loadReflector(w, b * colLen + 2 * j, len - 1, 2, true, 0, pair, colLen);
    applyRight2Complex(
      kq - j,
      len,
      tau[2 * j],
      tau[2 * j + 1],
      pair,
      0,
      tbr,
      tbi,
      pair,
      colLen,
      qt,
      j * colLen + 2 * b,
      colLen,
    );
    // Row b: e_b − τ_b·v_b with v_b = conj(u_b).
    const rb = b * colLen + 2 * b;
    qt[rb] = 1 - tbr;
    qt[rb + 1] = -tbi;
    for (let i = 1; i < len; i++) {
      const br = pair[colLen + 2 * i];
      const bi = -pair[colLen + 2 * i + 1];
      qt[rb + 2 * i] = -(tbr * br - tbi * bi);
      qt[rb + 2 * i + 1] = -(tbr * bi + tbi * br);
    }
  }
  if (j === 0) {
    loadReflector(w, 2, m - 1, 2, true, 0, pair, 0);
    applyRightComplex(kq, m, tau[0], tau[1], pair, 0, qt, 0, colLen);
  }
};
