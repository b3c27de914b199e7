/**
 * Hermitian / real symmetric eigendecomposition A = V·diag(w)·Vᴴ (LAPACK dsyev / zheev, and dsyevd for real
 * eigenvectors of order ≥ EIGH_DC_MIN).
 *
 * 1. Scale A into [√(safmin/eps), √(eps/safmin)] by an exact power of two when its largest entry lies outside (dsyev).
 * 2. Householder tridiagonalization Qᴴ·A·Q = T, T real symmetric tridiagonal (./sytrd: dsytd2 / zhetd2 with
 *    uplo = 'L', blocked dsytrd for real orders above SYTRD_NX; Golub & Van Loan, "Matrix Computations" 4th ed.,
 *    §8.3.1). Only the triangle named by `uplo` is read.
 * 3. Real, order ≥ EIGH_DC_MIN, with eigenvectors (dsyevd): divide and conquer on T (./stedc: dstedc), then V = Q·Z by
 *    the blocked reflectors (dormtr through ./geqrf's larftReal and ormqrReal).
 * 4. Otherwise: Q formed explicitly by backward accumulation of the reflectors (./orgtr: dorgtr → dorg2r, zungtr →
 *    zung2r), and implicit QL/QR with Wilkinson shifts on T accumulating the plane rotations into Q (./steqr: dsteqr;
 *    Golub & Van Loan §8.3.3–8.3.5), at most 30·n sweeps in total; then eigenvalues sorted ascending with their
 *    vectors. Eigenvalues alone always take QL/QR without vectors.
 *
 * Internal layout: the working copy W is n×n row-major holding the LOWER triangle of A transposed, i.e.
 * W[c·n + r] = A(r, c) for r ≥ c, so the column that each reflector annihilates is a contiguous row of W. On the
 * QL/QR path the eigenvector matrix is kept transposed (row j = eigenvector j) so every rotation touches two
 * contiguous rows; for complex A the rotations are real and act on rows of 2n scalars. Q overwrites W in place.
 */

import { geqrfTSize, larftReal, larftWorkSize, ormqrReal, ormqrWorkSize } from './geqrf';
import { EPS, SAFMIN } from './machine';
import { formQtComplex, formQtReal } from './orgtr';
import { createStedcWorkspace, type StedcWorkspace, stedcReal } from './stedc';
import { sortEigen, tridiagonalEigen } from './steqr';
import {
  SYTRD_NX,
  sytrdPanelSize,
  tridiagonalizeComplex,
  tridiagonalizeReal,
  tridiagonalizeRealBlocked,
} from './sytrd';
import { isFiniteTriangle, type Uplo } from './triangular';

/** Preallocated scratch for {@link eighReal} / {@link eighComplex}; reusable for any order ≤ `n`. */
export interface EighWorkspace {
  /** Largest order this workspace supports. */
  readonly n: number;
  /** Whether it was sized for complex matrices. */
  readonly complex: boolean;
  /** Working matrix (n² or 2n² scalars): reduced matrix, then Qᵀ, then the transposed eigenvectors. */
  readonly w: Float64Array;
  /** Diagonal of T (n). */
  readonly d: Float64Array;
  /** Off-diagonal of T (n). */
  readonly e: Float64Array;
  /** Reflector scalars τ (n or 2n). */
  readonly tau: Float64Array;
  /** Matrix–vector product scratch, then the first reflector of a pair while Q is formed (n or 2n). */
  readonly y: Float64Array;
  /** The second reflector of a pair while Q is formed (n or 2n). */
  readonly y2: Float64Array;
  /** Cosines and sines of one QL/QR sweep (n each). */
  readonly rotC: Float64Array;
  readonly rotS: Float64Array;
  /**
   * Real orders ≥ EIGH_DC_MIN: the divide-and-conquer scratch (5n² doubles), allocated by the first call that wants
   * eigenvectors (null until then); the T factors and back-transformation work below (else empty).
   */
  dc: StedcWorkspace | null;
  readonly ts: Float64Array;
  readonly bw: Float64Array;
  /** Real orders above SYTRD_NX (else empty): the blocked tridiagonalization's panel. */
  readonly panel: Float64Array;
}

/** Allocates scratch for eigendecompositions of order up to `n`. */
export function createEighWorkspace(n: number, complex: boolean): EighWorkspace {
  const width = complex ? 2 : 1;
  /** n real scalars, or n complex ones when `complex`. */
  const vector = () => new Float64Array(width * n);
  return {
    n,
    complex,
    w: new Float64Array(width * n * n),
    d: new Float64Array(n),
    e: new Float64Array(n),
    tau: vector(),
    y: vector(),
    y2: vector(),
    rotC: new Float64Array(n),
    rotS: new Float64Array(n),
    ...divideAndConquerBuffers(n, complex),
    panel: new Float64Array(!complex && n > SYTRD_NX ? sytrdPanelSize(n) : 0),
  };
}

/**
 * Real orders from which eigenvectors take the divide-and-conquer path (dsyevd's SMLSIZ is 25; here, measured on
 * V8, QL/QR with the Householder Q formed explicitly is as fast up to 40).
 */
export const EIGH_DC_MIN = 41;

/** Whether real eigenvectors of order n take the divide-and-conquer path. */
function usesDivideAndConquer(n: number, complex: boolean): boolean {
  return !complex && n >= EIGH_DC_MIN;
}

function divideAndConquerBuffers(n: number, complex: boolean): Pick<EighWorkspace, 'dc' | 'ts' | 'bw'> {
  if (!usesDivideAndConquer(n, complex)) return { dc: null, ts: new Float64Array(0), bw: new Float64Array(0) };
  const m = n - 1;
  return {
    dc: null,
    ts: new Float64Array(geqrfTSize(m, m)),
    bw: new Float64Array(Math.max(larftWorkSize(m, m), ormqrWorkSize(m, m, n))),
  };
}

/** dsyev matrix scaling range. */
const RMIN = Math.sqrt(SAFMIN / (2 * EPS));
const RMAX = Math.sqrt((2 * EPS) / SAFMIN);

/** The body of {@link eighReal} and {@link eighComplex} (dsyev: scale, tridiagonalize, form Q, QL/QR, sort). */
function eighImpl(
  complex: boolean,
  n: number,
  a: Float64Array,
  aOff: number,
  uplo: Uplo,
  w: Float64Array,
  wOff: number,
  v: Float64Array | null,
  vOff: number,
  ws?: EighWorkspace,
): number {
  const width = complex ? 2 : 1;
  if (!isFiniteTriangle(n, a, aOff, uplo, width)) return -1;
  if (n === 0) return 0;
  if (ws === undefined || ws.complex !== complex || ws.n < n) ws = createEighWorkspace(n, complex);
  const { w: work, d, e, tau, y } = ws;
  const scale = complex ? loadComplex(n, a, aOff, uplo, work) : loadReal(n, a, aOff, uplo, work);
  if (complex) tridiagonalizeComplex(n, work, d, e, tau, y);
  else if (n > SYTRD_NX) tridiagonalizeRealBlocked({ n, work, d, e, tau, y }, ws.panel);
  else tridiagonalizeReal(n, work, d, e, tau, y);
  if (v !== null && usesDivideAndConquer(n, complex)) return divideAndConquer(n, ws, scale, w, wOff, v, vOff);
  if (v !== null) {
    if (complex) formQtComplex(n, work, tau, y, ws.y2);
    else formQtReal(n, work, tau, y, ws.y2);
  }
  const info = tridiagonalEigen(n, d, e, v === null ? null : work, width * n, ws.rotC, ws.rotS);
  sortEigen(n, d, v === null ? null : work, width * n);
  const unscale = 1 / scale;
  for (let j = 0; j < n; j++) w[wOff + j] = d[j] * unscale;
  // V = (Qᵀ rows)ᵀ: column k of V is row k of the work matrix.
  if (v !== null) {
    for (let k = 0; k < n; k++) {
      const out = vOff + width * k * n;
      for (let j = 0; j < n; j++) {
        const src = width * (j * n + k);
        v[out + width * j] = work[src];
        if (complex) v[out + 2 * j + 1] = work[src + 1];
      }
    }
  }
  return info;
}

/**
 * Eigenvectors of the tridiagonal in `ws` by divide and conquer (./stedc) straight into V, then V := Q·V by the
 * blocked application of the reflectors (dormtr through dormqr: Q = diag(1, Q'), Q' = H₀⋯H_{n−2} held in W from
 * column 1 on, reflector i in row i) — LAPACK dsyevd's steps after dsytrd.
 */
function divideAndConquer(
  n: number,
  ws: EighWorkspace,
  scale: number,
  w: Float64Array,
  wOff: number,
  v: Float64Array,
  vOff: number,
): number {
  const { d, e, tau, ts, bw } = ws;
  ws.dc ??= createStedcWorkspace(ws.n);
  const info = stedcReal(n, d, e, v, vOff, n, ws.dc);
  if (info !== 0) return info;
  larftReal(n - 1, n - 1, { w: ws.w, off: 1, ld: n, tau }, ts, bw);
  ormqrReal(n - 1, n - 1, ws.w, ts, v, vOff + n, n, bw, 1, n);
  const unscale = 1 / scale;
  for (let j = 0; j < n; j++) w[wOff + j] = d[j] * unscale;
  return 0;
}

/**
 * Eigendecomposition of a real symmetric n×n matrix.
 *
 * @param a row-major n×n input at `aOff`; only the `uplo` triangle is read, and `a` is not modified.
 * @param w receives the n eigenvalues in ascending order at `wOff`.
 * @param v null for eigenvalues only, else receives the n×n row-major eigenvector matrix at `vOff`
 *   (column j is the unit eigenvector of w[j]; columns orthonormal).
 * @param ws optional scratch from `createEighWorkspace(≥n, false)`; allocated when absent or unsuitable.
 * @returns 0 on success; -1 if the triangle holds NaN/±Infinity (outputs untouched); k > 0 if the QL/QR iteration
 *   did not converge within 30·n sweeps, k off-diagonals remaining (LAPACK info; outputs then unspecified).
 */
export const eighReal = eighImpl.bind(null, false);

/**
 * Eigendecomposition of a complex Hermitian n×n matrix (interleaved re/im, offsets in scalars). The imaginary parts
 * of the diagonal are ignored. Eigenvalues `w` are real (n scalars); `v` is complex n×n (2n² scalars), column j the
 * unit eigenvector of w[j]. Other arguments and the status as {@link eighReal}; `ws` from
 * `createEighWorkspace(≥n, true)`.
 */
export const eighComplex = eighImpl.bind(null, true);

/** Power of two bringing a largest magnitude `amax` into [RMIN, RMAX] (1 when already inside or zero). */
function scaleFactor(amax: number): number {
  if (amax === 0 || (amax >= RMIN && amax <= RMAX)) return 1;
  return 2 ** Math.round(Math.log2((amax < RMIN ? RMIN : RMAX) / amax));
}

/** Copies the `uplo` triangle into W (W[c·n + r] = A(r, c), r ≥ c), scaled; returns the scale factor. */
function loadReal(n: number, a: Float64Array, aOff: number, uplo: Uplo, work: Float64Array): number {
  let amax = 0;
  for (let c = 0; c < n; c++) {
    const dst = c * n;
    if (uplo === 'U') {
      // A(r, c) = A(c, r): row c of the upper triangle, contiguous.
      const src = aOff + c * n;
      for (let r = c; r < n; r++) work[dst + r] = a[src + r];
    } else {
      for (let r = c; r < n; r++) work[dst + r] = a[aOff + r * n + c];
    }
    for (let r = c; r < n; r++) {
      const t = Math.abs(work[dst + r]);
      if (t > amax) amax = t;
    }
  }
  const scale = scaleFactor(amax);
  if (scale !== 1) {
    for (let c = 0; c < n; c++) for (let r = c; r < n; r++) work[c * n + r] *= scale;
  }
  return scale;
}

/** Complex twin of {@link loadReal}: W[c][r] = A(r, c) = conj(A(c, r)); diagonal imaginary parts dropped. */
function loadComplex(n: number, a: Float64Array, aOff: number, uplo: Uplo, work: Float64Array): number {
  let amax = 0;
  for (let c = 0; c < n; c++) {
    const dst = 2 * c * n;
    if (uplo === 'U') {
      const src = aOff + 2 * c * n;
      for (let r = c; r < n; r++) {
        work[dst + 2 * r] = a[src + 2 * r];
        work[dst + 2 * r + 1] = -a[src + 2 * r + 1];
      }
    } else {
      for (let r = c; r < n; r++) {
        const src = aOff + 2 * (r * n + c);
        work[dst + 2 * r] = a[src];
        work[dst + 2 * r + 1] = a[src + 1];
      }
    }
    work[dst + 2 * c + 1] = 0;
    for (let p = dst + 2 * c, end = dst + 2 * n; p < end; p++) {
      const t = Math.abs(work[p]);
      if (t > amax) amax = t;
    }
  }
  const scale = scaleFactor(amax);
  if (scale !== 1) {
    for (let c = 0; c < n; c++) for (let p = 2 * (c * n + c), end = 2 * (c + 1) * n; p < end; p++) work[p] *= scale;
  }
  return scale;
}
