/**
 * The worker side of the SVD's splits (./split-bdsdc.ts, ./split-ormbr.ts), run by pool workers from the linalg worker
 * bundle and by the calling thread for its own part. Buffers are kept between calls (per thread: each worker has its
 * own copy of this module).
 */
import { type BdsdcWorkspace, bdsdcSubtree, createBdsdcWorkspace } from '../kernels/bdsdc';
import { applyPReal, applyQReal, ormbrWorkSize } from '../kernels/ormbr';

let dcWorkspace: BdsdcWorkspace | null = null;
let ormbrWork = new Float64Array(0);

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
  let buf = work;
  if (buf === undefined) {
    const need = ormbrWorkSize(Math.max(M, N), Math.max(cu, cv));
    if (ormbrWork.length < need) ormbrWork = new Float64Array(need);
    buf = ormbrWork;
  }
  applyQReal(M, N, w, tauq, yu, 0, cu, buf);
  applyPReal(N, w, taup, yv, 0, cv, buf);
}
