/**
 * Dense SVD kernels: A = U·diag(S)·Vh for one real or complex m×n matrix (row-major; complex interleaved).
 *
 * Source: LAPACK dgesvd/zgesvd path "bidiagonalize, generate Q and Pᴴ, dbdsqr" (real tall or wide input is first
 * reduced by a blocked QR, see svdQrFirst and usesQrFirst): scaling by
 * an exact power of two when max|aᵢⱼ| is outside [smlnum, bignum]; Householder bidiagonalization (./bidiag);
 * implicit-shift / zero-shift bidiagonal QR (./bdsqr). With singular vectors and min(m, n) ≥ DC_MIN (DC_MIN_COMPLEX)
 * the bidiagonal SVD is computed instead by divide and conquer (./bdsdc, as dgesdd/zgesdd do; its values agree with
 * bdsqr's to O(n·eps·σ₁), both being backward stable), giving U_B and V_B explicitly. Real:
 * U = Q·U_B and V = P·V_B by blocked application of the reflectors (./ormbr, dormbr). Complex: Q and Pᴴ are generated
 * as before and Uᵀ = U_Bᵀ·Qᵀ, Vᴴ = V_Bᵀ·Pᴴ are one real GEMM each (complex rows read as 2M resp. 2N real scalars,
 * since U_B and V_B are real). Should divide and conquer report non-convergence (bounded secular iterations), the
 * bdsqr path runs on the saved bidiagonal.
 *
 * Internally the matrix is taken as M×N with M = max(m, n) ≥ N = min(m, n): A itself when m ≥ n, Aᴴ otherwise
 * (then A = V'·S·U'ᴴ swaps the roles of the factors). The workspace holds every buffer, so calls with a given
 * workspace do not allocate (the divide-and-conquer path adds about 5·N² doubles to it).
 */

import { gemmF64 } from '@tapegrad/core/internal';
import { type BdsdcWorkspace, bdsdc, createBdsdcWorkspace } from './bdsdc';
import { bdsqr } from './bdsqr';
import {
  gebrdComplex,
  gebrdPartSize,
  gebrdRealShared,
  orgbrPhComplex,
  orgbrPtReal,
  orgbrQtComplex,
  orgbrQtReal,
  shareableFloat64,
} from './bidiag';
import { geqrfReal, geqrfTSize, geqrfWorkSize, ormqrReal, ormqrWorkSize, transposeScaled } from './geqrf';
import { EPS, SAFMIN } from './machine';
import { ormbrWorkSize } from './ormbr';
import { applyQPReal } from './ormbr-shared';

/** dgesvd's scaling range: sqrt(safmin)/eps … its reciprocal. */
const SMLNUM = Math.sqrt(SAFMIN) / EPS;
const BIGNUM = 1 / SMLNUM;
/**
 * Smallest min(m, n) for which singular vectors come from divide and conquer (./bdsdc) rather than bdsqr. Measured on
 * Node 20 (2-core Xeon, square, reduced, CPU time): both ≈ 0.85 ms at 56, D&C 5% faster at 64 and 2.2× at 256;
 * below, the rotation sweeps on short rows are cheaper than the merges' overhead.
 */
export const DC_MIN = 60;
/**
 * The same for complex input, measured alike (equal at 32, D&C 3% faster at 40): the rotations then act on complex
 * rows, while the divide-and-conquer part stays real.
 */
export const DC_MIN_COMPLEX = 40;

/**
 * Bidiagonal SVD used when singular vectors are requested: 'auto' (default) picks divide and conquer from
 * DC_MIN / DC_MIN_COMPLEX on and bdsqr below; 'bdsqr' and 'dc' force one (for tests and measurements).
 */
export type SvdMethod = 'auto' | 'bdsqr' | 'dc';

/**
 * Whether a real M×N problem (M = max(m, n), N = min(m, n)) is reduced by QR first: from M ≥ 2·N on (dgesdd switches
 * at 11·N/6; measured on Node 20, 2-core Xeon, CPU time: QR first is at parity at 2 (400×200, 200×100) and ahead
 * beyond, e.g. 2000×50 with U, Vh 15 → 7 ms, 800×200 67 → 35 ms, 2000×200 values only 71 → 39 ms). The choice does
 * not depend on which factors are wanted, so svdvals and svd give bitwise the same values.
 */
export function usesQrFirst(m: number, n: number, complex: boolean): boolean {
  const M = Math.max(m, n);
  const N = Math.min(m, n);
  return !complex && N > 0 && M >= 2 * N;
}

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
  /** Divide and conquer (when computeUV and chosen by SvdMethod, else null): its workspace and U_Bᵀ, V_Bᵀ (N×N). */
  readonly dc: BdsdcWorkspace | null;
  readonly ub: Float64Array;
  readonly vb: Float64Array;
  /** Complex: product scratch N×M·2. Real: work of the blocked reflector application. */
  readonly prod: Float64Array;
  readonly bw: Float64Array;
  /** A copy of (d, e) for the bdsqr fallback (2N). */
  readonly saved: Float64Array;
  /** The chunk sums of the real bidiagonal reduction (./bidiag gebrdPartSize; empty when complex). */
  readonly part: Float64Array;
  /**
   * QR first (see usesQrFirst; else null): the SVD of the N×N triangular factor R, held in `r`. Then `w` holds the
   * QR reflectors (N×M, transposed), `tauq` their τ, `work` geqrf's scratch, `qt` Q·[U_R 0; 0 I] when m < n (M×N, or
   * M×M when full), `ub` U_R when full, `vt` V_Rᵀ when m < n, `bw` the work of the blocked application of Q (./geqrf's
   * ormqrReal), `ts` the T factors of the QR panels.
   */
  readonly inner: SvdWorkspace | null;
  readonly r: Float64Array;
  readonly ts: Float64Array;
  /** The exponent p of the last reduction's scaling by 2^p (see scaleExponent), read by its second stage. */
  scaleExp: number;
}

export function createSvdWorkspace(
  m: number,
  n: number,
  opts: { complex: boolean; computeUV: boolean; full: boolean; method?: SvdMethod; qrFirst?: boolean },
): SvdWorkspace {
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 0 || n < 0) {
    throw new RangeError(`createSvdWorkspace: invalid shape ${m}×${n}`);
  }
  const c = opts.complex ? 2 : 1;
  const M = Math.max(m, n);
  const N = Math.min(m, n);
  const uv = opts.computeUV;
  if (opts.qrFirst === true && (opts.complex || N === 0)) {
    throw new RangeError('createSvdWorkspace: QR first needs real non-empty input');
  }
  if (opts.qrFirst ?? usesQrFirst(m, n, opts.complex)) {
    const inner = createSvdWorkspace(N, N, { complex: false, computeUV: uv, full: false, method: opts.method });
    const none = new Float64Array(0);
    const ny = opts.full ? M : N;
    return {
      m,
      n,
      complex: false,
      computeUV: uv,
      full: opts.full,
      w: new Float64Array(M * N),
      d: none,
      e: none,
      tauq: new Float64Array(N),
      taup: none,
      vbuf: none,
      work: new Float64Array(geqrfWorkSize(M, N)),
      qt: new Float64Array(uv && m < n ? M * ny : 0),
      vt: new Float64Array(uv && m < n ? N * N : 0),
      rot: none,
      dc: inner.dc,
      ub: new Float64Array(uv && ny > N ? N * N : 0),
      vb: none,
      prod: none,
      bw: new Float64Array(uv ? ormqrWorkSize(M, N, ny) : 0),
      saved: none,
      part: none,
      inner,
      r: new Float64Array(N * N),
      ts: new Float64Array(uv ? geqrfTSize(M, N) : 0),
      scaleExp: 0,
    };
  }
  const nq = opts.full ? M : N;
  const method = opts.method ?? 'auto';
  // The real reduction's buffers can be shared with helper threads without copies (./bidiag gebrdRealShared).
  const real = (len: number) => (opts.complex ? new Float64Array(len) : shareableFloat64(len));
  const useDc =
    uv && N > 0 && (method === 'dc' || (method === 'auto' && N >= (opts.complex ? DC_MIN_COMPLEX : DC_MIN)));
  return {
    m,
    n,
    complex: opts.complex,
    computeUV: uv,
    full: opts.full,
    w: real(M * N * c),
    d: new Float64Array(N),
    e: new Float64Array(N),
    tauq: new Float64Array(N * c),
    taup: new Float64Array(N * c),
    vbuf: real(M * c),
    work: real(2 * M * c),
    qt: new Float64Array(uv ? nq * M * c : 0),
    vt: new Float64Array(uv ? N * N * c : 0),
    rot: new Float64Array(4 * N),
    dc: useDc ? createBdsdcWorkspace(N) : null,
    ub: new Float64Array(useDc ? N * N : 0),
    vb: new Float64Array(useDc ? N * N : 0),
    prod: new Float64Array(useDc && opts.complex ? N * M * c : 0),
    bw: new Float64Array(useDc && !opts.complex ? ormbrWorkSize(M, M) : 0),
    saved: new Float64Array(useDc ? 2 * N : 0),
    part: real(opts.complex ? 0 : gebrdPartSize(M, N)),
    inner: null,
    r: new Float64Array(0),
    ts: new Float64Array(0),
    scaleExp: 0,
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
export const svdReal = svdImpl.bind(null, false);

/** Complex SVD: as svdReal, with a, u, vh interleaved (re, im) and offsets in scalars; s real; Vh = Vᴴ. */
export const svdComplex = svdImpl.bind(null, true);

/**
 * Exponent p such that 2^p·amax lands just inside [SMLNUM, BIGNUM] when amax is outside it (as dgesvd scales to the
 * nearest bound, which loses the fewest small entries to underflow), else 0. Powers of two scale exactly.
 */
export function scaleExponent(amax: number): number {
  if (amax === 0 || (amax >= SMLNUM && amax <= BIGNUM)) return 0;
  if (amax > BIGNUM) return Math.floor(Math.log2(BIGNUM / amax));
  return Math.ceil(Math.log2(SMLNUM / amax));
}

/** The arguments of {@link svdReal} and {@link svdComplex}, passed on to the QR-first path. */
type SvdArgs = [
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
];

function svdImpl(cplx: boolean, ...args: SvdArgs): number {
  const [m, n, a, aOff, s, sOff, u, uOff, vh, vhOff, ws] = args;
  if (ws.m !== m || ws.n !== n || ws.complex !== cplx) {
    throw new Error(`svd: workspace is for ${ws.m}×${ws.n} ${ws.complex ? 'complex' : 'real'}, got ${m}×${n}`);
  }
  const uv = ws.computeUV;
  if (uv && (u === null || vh === null)) throw new Error('svd: workspace computes U/Vh but u or vh is null');
  const c = cplx ? 2 : 1;
  const total = m * n * c;

  const amax = maxAbs(a, aOff, total);
  if (amax < 0) return -1;

  const full = ws.full;
  const k = Math.min(m, n);
  if (k === 0) {
    if (uv && full) {
      writeIdentity(m, u as Float64Array, uOff, c);
      writeIdentity(n, vh as Float64Array, vhOff, c);
    }
    return 0;
  }
  const p = scaleExponent(amax);
  if (ws.inner !== null) return svdQrFirst(p, ...args);
  reduce(cplx, a, aOff, p, ws);
  return finish(cplx, s, sOff, u, uOff, vh, vhOff, ws);
}

/**
 * max |aᵢ| over a[off .. off + len), or −1 when an entry is NaN or ±Infinity (x·0 is 0 for finite x, NaN otherwise).
 */
export function maxAbs(a: Float64Array, off: number, len: number): number {
  let amax = 0;
  let probe = 0;
  for (let i = off, end = off + len; i < end; i++) {
    const x = a[i];
    probe += x * 0;
    const ax = Math.abs(x);
    if (ax > amax) amax = ax;
  }
  return probe === 0 ? amax : -1;
}

/**
 * The first stage of the SVD of a real m×n matrix without QR first (ws not QR-first, min(m, n) ≥ 1): the scaled
 * working copy W (A, or Aᵀ when m < n) reduced to bidiagonal form in `ws` (d, e, the reflectors in w, tauq, taup;
 * ws.scaleExp = p). Returns −1 when A holds NaN/±Infinity, else 0. {@link svdRealFinish} completes it; in between the
 * bidiagonal may be read (../kernels/pinv-bidiag.ts).
 */
export function svdRealBidiag(m: number, n: number, a: Float64Array, aOff: number, ws: SvdWorkspace): number {
  if (ws.m !== m || ws.n !== n || ws.complex || ws.inner !== null || m === 0 || n === 0) {
    throw new Error(`svdRealBidiag: needs a real non-empty direct (not QR-first) workspace for ${m}×${n}`);
  }
  const amax = maxAbs(a, aOff, m * n);
  if (amax < 0) return -1;
  reduce(false, a, aOff, scaleExponent(amax), ws);
  return 0;
}

/**
 * The second stage after {@link svdRealBidiag}: S, and U, Vh when the workspace computes them, exactly as svdReal
 * writes them. Returns 0 or a positive count of unconverged superdiagonals.
 */
export function svdRealFinish(
  s: Float64Array,
  sOff: number,
  u: Float64Array | null,
  uOff: number,
  vh: Float64Array | null,
  vhOff: number,
  ws: SvdWorkspace,
): number {
  return finish(false, s, sOff, u, uOff, vh, vhOff, ws);
}

/** Scale by 2^p into W (A, or Aᴴ when m < n) and reduce W to bidiagonal form (the first stage of svdImpl). */
function reduce(cplx: boolean, a: Float64Array, aOff: number, p: number, ws: SvdWorkspace): void {
  const { m, n } = ws;
  const c = cplx ? 2 : 1;
  const total = m * n * c;
  const tr = m < n;
  const M = tr ? n : m;
  const N = Math.min(m, n);
  const { w, d, e } = ws;
  ws.scaleExp = p;
  // Scale by 2^p (split in two factors so that each is representable); exact unless tiny entries underflow.
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
  else gebrdRealShared(M, N, w, d, e, ws.tauq, ws.taup, ws.vbuf, ws.work, ws.part);
}

/** The bidiagonal SVD and the factors (the second stage of svdImpl), after {@link reduce}. */
function finish(
  cplx: boolean,
  s: Float64Array,
  sOff: number,
  u: Float64Array | null,
  uOff: number,
  vh: Float64Array | null,
  vhOff: number,
  ws: SvdWorkspace,
): number {
  const { m, n, w, d, e, full } = ws;
  const uv = ws.computeUV;
  const c = cplx ? 2 : 1;
  const tr = m < n;
  const M = tr ? n : m;
  const N = Math.min(m, n);
  const p = ws.scaleExp;
  const p1 = p >> 1;
  const scaled = p !== 0;
  const nq = full ? M : N;
  const qt = ws.qt;
  const vt = ws.vt;
  const g1 = 2 ** -p1;
  const g2 = 2 ** (p1 - p);

  // Divide and conquer gives U_B, V_B explicitly; on non-convergence the saved bidiagonal goes to bdsqr instead.
  const dcws = uv ? ws.dc : null;
  let dcDone = false;
  if (dcws !== null) {
    const saved = ws.saved;
    for (let i = 0; i < N; i++) saved[i] = d[i];
    for (let i = 0; i < N - 1; i++) saved[N + i] = e[i];
    // Real: rows stay unsorted (realFactorsFromDc reads them through dcws.order); complex: sorted for the GEMMs.
    dcDone = bdsdc(N, d, e, ws.ub, ws.vb, dcws, cplx) === 0;
    if (!dcDone) {
      for (let i = 0; i < N; i++) d[i] = saved[i];
      for (let i = 0; i < N - 1; i++) e[i] = saved[N + i];
    }
  }

  if (dcDone && !cplx) {
    for (let i = 0; i < N; i++) s[sOff + i] = scaled ? d[i] * g1 * g2 : d[i];
    realFactorsFromDc(M, N, nq, tr, w, u as Float64Array, uOff, vh as Float64Array, vhOff, ws);
    return 0;
  }

  if (uv) {
    if (cplx) {
      orgbrQtComplex(M, N, nq, w, ws.tauq, qt, ws.vbuf);
      orgbrPhComplex(N, w, ws.taup, vt, ws.vbuf);
    } else {
      orgbrQtReal(M, N, nq, w, ws.tauq, qt, ws.vbuf, ws.work);
      orgbrPtReal(N, w, ws.taup, vt, ws.vbuf, ws.work);
    }
  }
  if (dcDone) {
    // Complex: Qᵀ[0:N] := U_Bᵀ·Qᵀ[0:N], Pᴴ := V_Bᵀ·Pᴴ, real GEMMs on rows of 2M resp. 2N scalars.
    const prod = ws.prod;
    const lq = M * c;
    gemmF64(N, lq, N, ws.ub, 0, N, 1, qt, 0, lq, 1, prod, 0);
    for (let i = 0, len = N * lq; i < len; i++) qt[i] = prod[i];
    const lv = N * c;
    gemmF64(N, lv, N, ws.vb, 0, N, 1, vt, 0, lv, 1, prod, 0);
    for (let i = 0, len = N * lv; i < len; i++) vt[i] = prod[i];
  } else {
    const info = bdsqr(N, d, e, uv ? vt : null, N * c, uv ? qt : null, M * c, ws.rot);
    if (info > 0) return info;
  }

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

/**
 * Real SVD through a QR factorization first (LAPACK dgesdd/dgesvd for M ≫ N: dgeqrf, the SVD of R, then dormqr,
 * ./geqrf):
 * W = Q·R (W = A, or Aᵀ when m < n, scaled by 2^p), R = U_R·S·V_Rᵀ, so W = (Q·U_R)·S·V_Rᵀ. The bidiagonalization and
 * the rotations of the bidiagonal SVD then act on N-vectors instead of M-vectors, and Q·U_R is formed by the blocked
 * reflector application (./geqrf ormqrReal, reusing the T factors of the QR). Backward stable as QR and the SVD of R each are (same accuracy bars as the direct
 * path; Demmel & Kahan's relative accuracy for graded matrices is not claimed by either path).
 */
function svdQrFirst(p: number, ...args: SvdArgs): number {
  const [m, n, a, aOff, s, sOff, u, uOff, vh, vhOff, ws] = args;
  const tr = m < n;
  const M = tr ? n : m;
  const N = tr ? m : n;
  const inner = ws.inner as SvdWorkspace;
  const w = ws.w;
  const r = ws.r;
  const p1 = p >> 1;
  const f = 2 ** p1 * 2 ** (p - p1);
  // Transposed storage for geqrf: row j = column j of the M×N problem (A's column j, or A's row j when m < n).
  if (tr) {
    if (p === 0) for (let i = 0, len = M * N; i < len; i++) w[i] = a[aOff + i];
    else for (let i = 0, len = M * N; i < len; i++) w[i] = a[aOff + i] * f;
  } else transposeScaled(M, N, a, aOff, p === 0 ? 1 : f, w, 0);
  geqrfReal(M, N, w, ws.tauq, ws.work, ws.computeUV ? ws.ts : null);
  // R (N×N row-major): R(i, c) = W(c, i) for c ≥ i.
  for (let i = 0; i < N; i++) {
    for (let c = 0; c < i; c++) r[i * N + c] = 0;
    for (let c = i; c < N; c++) r[i * N + c] = w[c * M + i];
  }
  const uv = ws.computeUV;
  const ny = ws.full ? M : N;
  // Y = Q·[U_R 0; 0 I] (M×ny) is U itself when m ≥ n, else scratch transposed into Vh at the end. U_R goes straight
  // to Y's top rows when ny = N; V_Rᵀ is Vh when m ≥ n (N×N in both modes).
  const y = !uv ? null : tr ? ws.qt : (u as Float64Array);
  const yOff = tr ? 0 : uOff;
  const ur = ny === N ? y : ws.ub;
  const urOff = ny === N ? yOff : 0;
  const info = svdReal(N, N, r, 0, s, sOff, ur, urOff, !uv ? null : tr ? ws.vt : vh, tr ? 0 : vhOff, inner);
  if (info !== 0) return info;
  if (p !== 0) {
    const g1 = 2 ** -p1;
    const g2 = 2 ** (p1 - p);
    for (let i = 0; i < N; i++) s[sOff + i] = s[sOff + i] * g1 * g2;
  }
  if (!uv) return 0;
  const yb = y as Float64Array;
  if (ny === N) yb.fill(0, yOff + N * N, yOff + M * N);
  else {
    yb.fill(0, yOff, yOff + M * M);
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) yb[yOff + i * M + j] = ws.ub[i * N + j];
    for (let i = N; i < M; i++) yb[yOff + i * M + i] = 1;
  }
  ormqrReal(M, N, w, ws.ts, yb, yOff, ny, ws.bw);
  if (tr) {
    // A = Wᵀ = V_R·S·Yᵀ: U = V_R (transpose of V_Rᵀ), Vh = Yᵀ.
    transposeInto(N, N, ws.vt, u as Float64Array, uOff, false, false);
    transposeInto(M, ny, yb, vh as Float64Array, vhOff, false, false);
  }
  return 0;
}

/**
 * Real factors from U_Bᵀ, V_Bᵀ (ws.ub, ws.vb; rows = singular vectors of B) and the reflectors in W = Q·B·Pᵀ (W = A,
 * or Aᵀ when tr): Q·[U_B 0; 0 I] and P·V_B by blocked reflector application (./ormbr: 2·2·N³ flops in GEMMs, which
 * measured faster than generating Q and P and multiplying at every size where divide and conquer is used), formed in
 * the output buffer when its layout is the product's.
 */
function realFactorsFromDc(
  M: number,
  N: number,
  nq: number,
  tr: boolean,
  w: Float64Array,
  u: Float64Array,
  uOff: number,
  vh: Float64Array,
  vhOff: number,
  ws: SvdWorkspace,
): void {
  const ub = ws.ub;
  const vb = ws.vb;
  const qt = ws.qt;
  const vt = ws.vt;
  const bw = ws.bw;
  const order = (ws.dc as BdsdcWorkspace).order;
  const yu = tr ? qt : u;
  const yuOff = tr ? 0 : uOff;
  gatherColumns(N, N, ub, order, yu, yuOff, nq);
  for (let r = 0; r < M; r++) {
    const o = yuOff + r * nq;
    if (r < N) {
      for (let j = N; j < nq; j++) yu[o + j] = 0;
    } else {
      for (let j = 0; j < nq; j++) yu[o + j] = j === r ? 1 : 0;
    }
  }
  const yv = tr ? u : vt;
  const yvOff = tr ? uOff : 0;
  gatherColumns(N, N, vb, order, yv, yvOff, N);
  applyQPReal(bw, M, N, w, ws.tauq, ws.taup, yu, yuOff, nq, yv, yvOff);
  // A = W: U = Q·U_B, Vh = (P·V_B)ᵀ. A = Wᵀ: U = P·V_B, Vh = (Q·U_B)ᵀ (nq × n).
  if (!tr) gatherColumns(N, N, vt, null, vh, vhOff, N);
  else gatherColumns(M, nq, qt, null, vh, vhOff, M);
}

/**
 * dst[dOff + r·ld + j] = src[row(j)·len + r] for r < len, j < cnt, row(j) = order[j] (or j when order is null): the
 * transpose of cnt rows of length len, in 16-row tiles so that each source cache line serves several r.
 */
function gatherColumns(
  cnt: number,
  len: number,
  src: Float64Array,
  order: Int32Array | null,
  dst: Float64Array,
  dOff: number,
  ld: number,
): void {
  for (let j0 = 0; j0 < cnt; j0 += 16) {
    const j1 = Math.min(j0 + 16, cnt);
    for (let r = 0; r < len; r++) {
      const o = dOff + r * ld;
      if (order === null) for (let j = j0; j < j1; j++) dst[o + j] = src[j * len + r];
      else for (let j = j0; j < j1; j++) dst[o + j] = src[order[j] * len + r];
    }
  }
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
