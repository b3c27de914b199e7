/**
 * The worker side of the SVD's and pinv's splits (./split-bdsdc.ts, ./split-ormbr.ts, ./split-pinv.ts,
 * ./split-pinv-qr.ts), run by pool workers from the linalg worker bundle and by the calling thread for its own part.
 * Buffers are kept between calls (per thread: each worker has its
 * own copy of this module).
 */
import { type BdsdcWorkspace, bdsdcSubtree, createBdsdcWorkspace } from '../kernels/bdsdc';
import { ormqrReal, ormqrWorkSize } from '../kernels/geqrf';
import { applyPReal, applyQReal, ormbrWorkSize } from '../kernels/ormbr';
import { bidiagInverseColumns, pinvSlabQ, type SlabQOperands } from '../kernels/pinv-bidiag';

let dcWorkspace: BdsdcWorkspace | null = null;
let ormbrWork = new Float64Array(0);
let slabBuf = new Float64Array(0);
let upperBuf = new Float64Array(0);

/** This thread's ormbr work buffer for vectors of length ≤ len and `cols` columns. */
function ormbrScratch(len: number, cols: number): Float64Array {
  const need = ormbrWorkSize(len, cols);
  if (ormbrWork.length < need) ormbrWork = new Float64Array(need);
  return ormbrWork;
}

/** This thread's scratch of applyPReal's upper triangular mode, at least `len` entries. */
function upperScratch(len: number): Float64Array {
  if (upperBuf.length < len) upperBuf = new Float64Array(len);
  return upperBuf;
}

/** This thread's slab buffer of at least `len` entries. */
function slabScratch(len: number): Float64Array {
  if (slabBuf.length < len) slabBuf = new Float64Array(len);
  return slabBuf;
}

/**
 * Solves the n×(n+1) upper bidiagonal (d: n entries, e: n) by divide and conquer with the given leaf size and secular
 * iteration limit: ut (n×n) and vt ((n+1)×(n+1)) with row stride n + 1, the values in d, their ascending order in
 * idxq; returns bdsdc's status.
 */
export function bdsdcLeftChild(
  n: number,
  leafSize: number,
  maxit: number,
  d: Float64Array,
  e: Float64Array,
  ut: Float64Array,
  vt: Float64Array,
  idxq: Float64Array,
): number {
  if (dcWorkspace === null || dcWorkspace.n !== n + 1 || dcWorkspace.leafSize !== leafSize) {
    dcWorkspace = createBdsdcWorkspace(n + 1, leafSize);
  }
  dcWorkspace.maxit = maxit;
  return bdsdcSubtree(n, d, e, ut, vt, idxq, dcWorkspace);
}

/**
 * Y_U (M×cu, contiguous) := Q·Y_U and Y_V (N×cv) := P·Y_V with the reflectors of gebrdReal's W (M×N) and τ (../kernels/ormbr);
 * `work` (ormbrWorkSize(max(M, N), max(cu, cv)) entries) defaults to a buffer kept by this thread.
 */
export function applySlabs(
  M: number,
  N: number,
  cu: number,
  cv: number,
  w: Float64Array,
  tauq: Float64Array,
  taup: Float64Array,
  yu: Float64Array,
  yv: Float64Array,
  work?: Float64Array,
): void {
  const buf = work ?? ormbrScratch(Math.max(M, N), Math.max(cu, cv));
  applyQReal(M, N, w, tauq, yu, 0, cu, buf);
  applyPReal(N, w, taup, yv, 0, cv, buf);
}

/**
 * pinv's first round (../kernels/pinv-bidiag.ts, ./split-pinv.ts): columns [c0, c0 + cols) of X = P·B⁻¹ (B from d, e;
 * P from gebrdReal's W, N×N here, and τp) into x (N×N, row-major).
 */
export function pinvRoundP(
  N: number,
  d: Float64Array,
  e: Float64Array,
  w: Float64Array,
  taup: Float64Array,
  c0: number,
  cols: number,
  x: Float64Array,
): void {
  const y = slabScratch(N * cols);
  bidiagInverseColumns(N, d, e, c0, cols, y);
  applyPReal(N, w, taup, y, 0, cols, ormbrScratch(N, cols), upperScratch(N * cols), c0);
  for (let r = 0; r < N; r++) x.set(y.subarray(r * cols, (r + 1) * cols), r * N + c0);
}

/** pinv's second round: ../kernels/pinv-bidiag pinvSlabQ with this thread's scratch. */
export function pinvRoundQ(...args: SlabQOperands): void {
  const M = Math.max(args[0], args[1]);
  const cols = args[6];
  pinvSlabQ(slabScratch(M * cols), ormbrScratch(M, cols), ...args);
}

/** pinv's application of Q by column slabs (./split-pinv-qr.ts): Y (M×cols) := Q·Y with this thread's scratch. */
export function pinvRoundQr(
  M: number,
  N: number,
  w: Float64Array,
  ts: Float64Array,
  y: Float64Array,
  cols: number,
): void {
  const need = ormqrWorkSize(M, N, cols);
  if (ormbrWork.length < need) ormbrWork = new Float64Array(need);
  ormqrReal(M, N, w, ts, y, 0, cols, ormbrWork);
}
