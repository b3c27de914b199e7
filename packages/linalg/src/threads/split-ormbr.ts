/**
 * The back-transformation of the divide-and-conquer SVD (../kernels/ormbr-shared.ts) over two threads by column slabs:
 * the calling thread applies Q and P to the left halves of Y_U and Y_V (copied into contiguous scratch), a pool worker
 * to the right halves (copied, with the reflectors, into SharedArrayBuffer scratch: ./svd-kernels.ts), and the slabs
 * are copied back. One dispatch for the whole step, instead of one per block product.
 */
import { parallelParts, runParallel, sharedFloat64, type WorkerModule } from '@tapegrad/core/internal';
import { ormbrWorkSize } from '../kernels/ormbr';
import type { QPOperands } from '../kernels/ormbr-shared';
import { applySlabs } from './svd-kernels';

/** Smallest order N shared: below it the step costs about a millisecond. */
export const ORMBR_SPLIT_MIN = 96;

let local = new Float64Array(0);

/** The pool's scratch `ormbr.<name>`, `len` entries. */
export function buf(name: string, len: number): Float64Array {
  return sharedFloat64(`ormbr.${name}`, len).subarray(0, len);
}

/**
 * gebrdReal's W (M×N), τq and τp for a pool worker: W itself when it lies in shared memory (../kernels/svd's real
 * workspaces), else copies in SharedArrayBuffer scratch.
 */
export function sharedReflectors(M: number, N: number, w: Float64Array, tauq: Float64Array, taup: Float64Array) {
  const shared = w.buffer instanceof SharedArrayBuffer;
  const sw = shared ? w.subarray(0, M * N) : buf('w', M * N);
  const stq = buf('tauq', N);
  const stp = buf('taup', N);
  if (!shared) sw.set(w.subarray(0, M * N));
  stq.set(tauq.subarray(0, N));
  stp.set(taup.subarray(0, N));
  return [sw, stq, stp];
}

/** Copies columns [c0, c0 + cols) of Y (rows × ld at off) into dst (rows × cols), or back when `back`. */
export function slab(
  y: Float64Array,
  off: number,
  ld: number,
  rows: number,
  c0: number,
  cols: number,
  dst: Float64Array,
  back: boolean,
) {
  for (let r = 0; r < rows; r++) {
    const o = off + r * ld + c0;
    if (back) y.set(dst.subarray(r * cols, (r + 1) * cols), o);
    else dst.set(y.subarray(o, o + cols), r * cols);
  }
}

/** As ../kernels/ormbr-shared's OrmbrSplitter: false (nothing done) when N < ORMBR_SPLIT_MIN or the pool is off, busy or in a worker. */
export function ormbrSplit(module: WorkerModule, ...args: QPOperands): boolean {
  const [M, N, w, tauq, taup, yu, yuOff, nq, yv, yvOff] = args;
  if (N < ORMBR_SPLIT_MIN) return false;
  const work = 2 * N * (nq * (2 * M - N) + N * N);
  if (parallelParts(work, 2, module) < 2) return false;
  const hu = nq >> 1;
  const hv = N >> 1;
  const cu = nq - hu;
  const cv = N - hv;
  const [sw, stq, stp] = sharedReflectors(M, N, w, tauq, taup);
  const su = buf('yu', M * cu);
  const sv = buf('yv', N * cv);
  slab(yu, yuOff, nq, M, hu, cu, su, false);
  slab(yv, yvOff, N, N, hv, cv, sv, false);
  const need = M * hu + N * hv + ormbrWorkSize(Math.max(M, N), Math.max(hu, hv));
  if (local.length < need) local = new Float64Array(need);
  const lu = local.subarray(0, M * hu);
  const lv = local.subarray(M * hu, M * hu + N * hv);
  runParallel(
    'svd',
    module,
    [{ fn: 'applySlabs', args: [M, N, cu, cv, sw, stq, stp, su, sv] }],
    () => {
      slab(yu, yuOff, nq, M, 0, hu, lu, false);
      slab(yv, yvOff, N, N, 0, hv, lv, false);
      applySlabs(M, N, hu, hv, w, tauq, taup, lu, lv, local.subarray(M * hu + N * hv));
      slab(yu, yuOff, nq, M, 0, hu, lu, true);
      slab(yv, yvOff, N, N, 0, hv, lv, true);
    },
    work,
  );
  slab(yu, yuOff, nq, M, hu, cu, su, true);
  slab(yv, yvOff, N, N, hv, cv, sv, true);
  return true;
}
