/**
 * The back-transformation of the divide-and-conquer SVD (./svd.ts): Y_U := Q·Y_U and Y_V := P·Y_V by ./ormbr, as one
 * step that a splitter installed on the calling thread (../threads/split-ormbr.ts) may share among threads by column
 * slabs — each column of a product Q·Y depends only on that column of Y, so the slabs are independent.
 */
import { applyPReal, applyQReal } from './ormbr';

/**
 * The operands of the step: Q is applied to Y_U (M×nq at yu[yuOff..]) and P to Y_V (N×N at yv[yvOff..]), with the
 * reflectors of gebrdReal's W (M×N) and τ.
 */
export type QPOperands = [
  M: number,
  N: number,
  w: Float64Array,
  tauq: Float64Array,
  taup: Float64Array,
  yu: Float64Array,
  yuOff: number,
  nq: number,
  yv: Float64Array,
  yvOff: number,
];

/** Does the step and returns true, or returns false (nothing done) when it declines the job. */
export type OrmbrSplitter = (...args: QPOperands) => boolean;

let splitter: OrmbrSplitter | null = null;

/** Installs the multi-threaded driver (../threads/split-batch.ts does, on the calling thread only). */
export function setOrmbrSplitter(f: OrmbrSplitter | null): void {
  splitter = f;
}

/**
 * Y_U := Q·Y_U (M×nq) and Y_V := P·Y_V (N×N), shared among threads by the installed splitter when it takes the job;
 * `work` holds ormbrWorkSize(max(M, N), nq) entries.
 */
export function applyQPReal(work: Float64Array, ...args: QPOperands): void {
  if (splitter?.(...args)) return;
  const [M, N, w, tauq, taup, yu, yuOff, nq, yv, yvOff] = args;
  applyQReal(M, N, w, tauq, yu, yuOff, nq, work);
  applyPReal(N, w, taup, yv, yvOff, N, work);
}
