/**
 * Dense SVD kernels: A = U·diag(S)·Vh for one real or complex m×n matrix (row-major; complex interleaved).
 *
 * Source: LAPACK dgesvd/zgesvd path "bidiagonalize, generate Q and Pᴴ, dbdsqr" (no QR preprocessing): scaling by
 * an exact power of two when max|aᵢⱼ| is outside [smlnum, bignum]; Householder bidiagonalization (./bidiag);
 * implicit-shift / zero-shift bidiagonal QR (./bdsqr).
 *
 * Internally the matrix is taken as M×N with M = max(m, n) ≥ N = min(m, n): A itself when m ≥ n, Aᴴ otherwise
 * (then A = V'·S·U'ᴴ swaps the roles of the factors). The workspace holds every buffer, so calls with a given
 * workspace do not allocate.
 */

import { bdsqr } from './bdsqr';
import { gebrdComplex, gebrdReal, orgbrPhComplex, orgbrPtReal, orgbrQtComplex, orgbrQtReal } from './bidiag';

const SAFMIN = 2 ** -1022;
const EPS = 2 ** -53;
/** dgesvd's scaling range: sqrt(safmin)/eps … its reciprocal. */
const SMLNUM = Math.sqrt(SAFMIN) / EPS;
const BIGNUM = 1 / SMLNUM;

export interface SvdWorkspace {
  readonly m: number;
  readonly n: number;
  readonly complex: boolean;
  readonly computeUV: boolean;
  readonly full: boolean;
  /** M×N working copy of A or Aᴴ (×2 scalars when complex). */
  readonly w: Float64Array;
  readonly d: Float64Array;
  readonly e: Float64Array;
  readonly tauq: Float64Array;
  readonly taup: Float64Array;
  /** Reflector vector and rank-1-update scratch, max(M, N) entries. */
  readonly vbuf: Float64Array;
  readonly work: Float64Array;
  /** Qᵀ: nq×M, nq = M when full else N (rows are the left singular vectors of the M×N problem). */
  readonly qt: Float64Array;
  /** Pᴴ, then V_Bᵀ·Pᴴ: N×N. */
  readonly vt: Float64Array;
  /** Rotation scratch for bdsqr: 4N. */
  readonly rot: Float64Array;
}

export function createSvdWorkspace(
  m: number,
  n: number,
  opts: { complex: boolean; computeUV: boolean; full: boolean },
): SvdWorkspace {
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 0 || n < 0) {
    throw new RangeError(`createSvdWorkspace: invalid shape ${m}×${n}`);
  }
  const c = opts.complex ? 2 : 1;
  const M = Math.max(m, n);
  const N = Math.min(m, n);
  const uv = opts.computeUV;
  const nq = opts.full ? M : N;
  return {
    m,
    n,
    complex: opts.complex,
    computeUV: uv,
    full: opts.full,
    w: new Float64Array(M * N * c),
    d: new Float64Array(N),
    e: new Float64Array(N),
    tauq: new Float64Array(N * c),
    taup: new Float64Array(N * c),
    vbuf: new Float64Array(M * c),
    work: new Float64Array(2 * M * c),
    qt: new Float64Array(uv ? nq * M * c : 0),
    vt: new Float64Array(uv ? N * N * c : 0),
    rot: new Float64Array(4 * N),
  };
}

/**
 * SVD of one m×n matrix A = U·diag(S)·Vh, k = min(m, n).
 * Writes S (k values, descending, non-negative) at s[sOff..], and when the workspace has computeUV:
 *   reduced (full = false): U m×k at u[uOff..], Vh k×n at vh[vhOff..] (row-major)
 *   full    (full = true):  U m×m,              Vh n×n
 * Input `a` is not modified. Returns 0 on success, a positive count of unconverged superdiagonals, or −1 if `a`
 * contains NaN/±Infinity (checked first; nothing is written then).
 */
export function svdReal(
  m: number,
  n: number,
  a: Float64Array,
  aOff: number,
  s: Float64Array,
  sOff: number,
  u: Float64Array | null,
  uOff: number,
  vh: Float64Array | null,
  vhOff: number,
  ws: SvdWorkspace,
): number {
  return svdImpl(false, m, n, a, aOff, s, sOff, u, uOff, vh, vhOff, ws);
}

/** Complex SVD: as svdReal, with a, u, vh interleaved (re, im) and offsets in scalars; s real; Vh = Vᴴ. */
export function svdComplex(
  m: number,
  n: number,
  a: Float64Array,
  aOff: number,
  s: Float64Array,
  sOff: number,
  u: Float64Array | null,
  uOff: number,
  vh: Float64Array | null,
  vhOff: number,
  ws: SvdWorkspace,
): number {
  return svdImpl(true, m, n, a, aOff, s, sOff, u, uOff, vh, vhOff, ws);
}

/**
 * Exponent p such that 2^p·amax lands just inside [SMLNUM, BIGNUM] when amax is outside it (as dgesvd scales to the
 * nearest bound, which loses the fewest small entries to underflow), else 0. Powers of two scale exactly.
 */
function scaleExponent(amax: number): number {
  if (amax === 0 || (amax >= SMLNUM && amax <= BIGNUM)) return 0;
  if (amax > BIGNUM) return Math.floor(Math.log2(BIGNUM / amax));
  return Math.ceil(Math.log2(SMLNUM / amax));
}

function svdImpl(
  cplx: boolean,
  m: number,
  n: number,
  a: Float64Array,
  aOff: number,
  s: Float64Array,
  sOff: number,
  u: Float64Array | null,
  uOff: number,
  vh: Float64Array | null,
  vhOff: number,
  ws: SvdWorkspace,
): number {
  if (ws.m !== m || ws.n !== n || ws.complex !== cplx) {
    throw new Error(`svd: workspace is for ${ws.m}×${ws.n} ${ws.complex ? 'complex' : 'real'}, got ${m}×${n}`);
  }
  const uv = ws.computeUV;
  if (uv && (u === null || vh === null)) throw new Error('svd: workspace computes U/Vh but u or vh is null');
  const c = cplx ? 2 : 1;
  const total = m * n * c;

  // Finiteness check and max-abs entry (x·0 is 0 for finite x, NaN otherwise).
  let amax = 0;
  let probe = 0;
  for (let i = aOff, end = aOff + total; i < end; i++) {
    const x = a[i];
    probe += x * 0;
    const ax = Math.abs(x);
    if (ax > amax) amax = ax;
  }
  if (probe !== 0) return -1;

  const full = ws.full;
  const k = Math.min(m, n);
  if (k === 0) {
    if (uv && full) {
      writeIdentity(m, u as Float64Array, uOff, c);
      writeIdentity(n, vh as Float64Array, vhOff, c);
    }
    return 0;
  }

  const tr = m < n;
  const M = tr ? n : m;
  const N = k;
  const w = ws.w;
  const d = ws.d;
  const e = ws.e;

  // Scale by 2^p (split in two factors so that each is representable); exact unless tiny entries underflow.
  const p = scaleExponent(amax);
  const p1 = p >> 1;
  const f1 = 2 ** p1;
  const f2 = 2 ** (p - p1);
  const scaled = p !== 0;
  if (!tr) {
    if (scaled) for (let i = 0; i < total; i++) w[i] = a[aOff + i] * f1 * f2;
    else for (let i = 0; i < total; i++) w[i] = a[aOff + i];
  } else {
    // W = Aᴴ (n×m).
    const rowA = n * c;
    const rowW = m * c;
    const fs = scaled ? f1 : 1;
    const gs = scaled ? f2 : 1;
    if (!cplx) {
      for (let i = 0; i < m; i++) {
        const src = aOff + i * rowA;
        for (let j = 0; j < n; j++) w[j * rowW + i] = a[src + j] * fs * gs;
      }
    } else {
      for (let i = 0; i < m; i++) {
        const src = aOff + i * rowA;
        for (let j = 0; j < n; j++) {
          const o = j * rowW + 2 * i;
          w[o] = a[src + 2 * j] * fs * gs;
          w[o + 1] = -a[src + 2 * j + 1] * fs * gs;
        }
      }
    }
  }

  if (cplx) gebrdComplex(M, N, w, d, e, ws.tauq, ws.taup, ws.vbuf, ws.work);
  else gebrdReal(M, N, w, d, e, ws.tauq, ws.taup, ws.vbuf, ws.work);

  const nq = full ? M : N;
  const qt = ws.qt;
  const vt = ws.vt;
  if (uv) {
    if (cplx) {
      orgbrQtComplex(M, N, nq, w, ws.tauq, qt, ws.vbuf);
      orgbrPhComplex(N, w, ws.taup, vt, ws.vbuf);
    } else {
      orgbrQtReal(M, N, nq, w, ws.tauq, qt, ws.vbuf, ws.work);
      orgbrPtReal(N, w, ws.taup, vt, ws.vbuf, ws.work);
    }
  }

  const info = bdsqr(N, d, e, uv ? vt : null, N * c, uv ? qt : null, M * c, ws.rot);
  if (info > 0) return info;

  const g1 = 2 ** -p1;
  const g2 = 2 ** (p1 - p);
  for (let i = 0; i < N; i++) s[sOff + i] = scaled ? d[i] * g1 * g2 : d[i];
  if (!uv) return 0;

  const uo = u as Float64Array;
  const vo = vh as Float64Array;
  if (!tr) {
    // U = Q·U_B: U[i, j] = QT[j, i] (m × nq); Vh = VT (N×N = n×n).
    transposeInto(nq, M, qt, uo, uOff, cplx, false);
    vo.set(vt.subarray(0, N * N * c), vhOff);
  } else {
    // A = (Aᴴ)ᴴ = V'·S·U'ᴴ: U = V' = VTᴴ (m×m), Vh = U'ᴴ: rows are conj of QT rows (nq × n).
    transposeInto(N, N, vt, uo, uOff, cplx, true);
    const len = nq * M * c;
    if (cplx) {
      for (let i = 0; i < len; i += 2) {
        vo[vhOff + i] = qt[i];
        vo[vhOff + i + 1] = -qt[i + 1];
      }
    } else {
      vo.set(qt.subarray(0, len), vhOff);
    }
  }
  return 0;
}

/** dst (cols×rows, row-major, at dOff) := src(rows×cols)ᵀ, conjugated when `conj` (complex only). */
function transposeInto(
  rows: number,
  cols: number,
  src: Float64Array,
  dst: Float64Array,
  dOff: number,
  cplx: boolean,
  conj: boolean,
): void {
  if (!cplx) {
    for (let i = 0; i < rows; i++) {
      const so = i * cols;
      for (let j = 0; j < cols; j++) dst[dOff + j * rows + i] = src[so + j];
    }
    return;
  }
  const sgn = conj ? -1 : 1;
  for (let i = 0; i < rows; i++) {
    const so = 2 * i * cols;
    for (let j = 0; j < cols; j++) {
      const o = dOff + 2 * (j * rows + i);
      dst[o] = src[so + 2 * j];
      dst[o + 1] = sgn * src[so + 2 * j + 1];
    }
  }
}

function writeIdentity(n: number, x: Float64Array, off: number, c: number): void {
  x.fill(0, off, off + n * n * c);
  for (let i = 0; i < n; i++) x[off + c * (i * n + i)] = 1;
}
