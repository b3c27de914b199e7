/**
 * The back-transformation of the divide-and-conquer SVD (../kernels/ormbr-shared.ts) over two threads by column slabs:
 * the calling thread applies Q and P to the left halves of Y_U and Y_V (copied into contiguous scratch), a pool worker
 * to the right halves (copied, with the reflectors, into SharedArrayBuffer scratch: ./svd-kernels.ts), and the slabs
 * are copied back. One dispatch for the whole step, instead of one per block product. pinv's products without singular
 * vectors (../kernels/pinv-bidiag.ts) are split the same way, in two rounds (see {@link pinvApplySplit}).
 */
import { parallelParts, runParallel, sharedFloat64, type WorkerModule } from '@tapegrad/core/internal';
import { ormbrWorkSize } from '../kernels/ormbr';
import type { QPOperands } from '../kernels/ormbr-shared';
import type { PinvApplyOperands } from '../kernels/pinv-bidiag';
import { applySlabs } from './svd-kernels';

/** Smallest order N shared: below it the step costs about a millisecond. */
export const ORMBR_SPLIT_MIN = 96;

let local = new Float64Array(0);

/** The pool's scratch `ormbr.<name>`, `len` entries. */
function buf(name: string, len: number): Float64Array {
  return sharedFloat64(`ormbr.${name}`, len).subarray(0, len);
}

/** Copies of gebrdReal's W (M×N), τq and τp in SharedArrayBuffer scratch, for a pool worker. */
function sharedReflectors(M: number, N: number, w: Float64Array, tauq: Float64Array, taup: Float64Array) {
  const sw = buf('w', M * N);
  const stq = buf('tauq', N);
  const stp = buf('taup', N);
  sw.set(w.subarray(0, M * N));
  stq.set(tauq.subarray(0, N));
  stp.set(taup.subarray(0, N));
  return [sw, stq, stp];
}

/** Copies columns [c0, c0 + cols) of Y (rows × ld at off) into dst (rows × cols), or back when `back`. */
function slab(
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

/** Smallest order N whose pseudo-inverse products (../kernels/pinv-bidiag.ts) are shared. */
export const PINV_APPLY_SPLIT_MIN = 128;

/**
 * The driver of ../kernels/pinv-bidiag's setPinvApplySplitter over two threads, in two rounds, each by column slabs:
 * X := P·X (the left N×h slab here, the right one on a pool worker), then Z = [Xᵀ; 0] and Z := Q·Z (the same split of
 * Z's columns, which are rows of X). Each column of a product R·Y depends only on that column of Y, and every slab is
 * computed by the kernels the whole product uses, so the result is bit-identical to one thread. False (nothing done)
 * when N is below PINV_APPLY_SPLIT_MIN or the pool is off, busy or in a worker.
 */
export function pinvApplySplit(module: WorkerModule, ...args: PinvApplyOperands): boolean {
  const [M, N, w, tauq, taup, x, z] = args;
  if (N < PINV_APPLY_SPLIT_MIN) return false;
  const work = 2 * N * N * (2 * M + N);
  if (parallelParts(work, 2, module) < 2) return false;
  const h = N >> 1;
  const c = N - h;
  const [sw, stq, stp] = sharedReflectors(M, N, w, tauq, taup);
  const sx = buf('yv', N * c);
  const sz = buf('yu', M * c);
  const need = N * h + M * h + ormbrWorkSize(Math.max(M, N), h);
  if (local.length < need) local = new Float64Array(need);
  const lx = local.subarray(0, N * h);
  const lz = local.subarray(N * h, N * h + M * h);
  const lw = local.subarray(N * h + M * h);
  const none = new Float64Array(0);
  const round = (cu: number, cv: number, yu: Float64Array, yv: Float64Array, here: () => void) =>
    runParallel('pinv', module, [{ fn: 'applySlabs', args: [M, N, cu, cv, sw, stq, stp, yu, yv] }], here, work / 2);
  // Round 1: X[:, 0:h) := P·X[:, 0:h) here (in lx), X[:, h:N) on the worker (in sx).
  slab(x, 0, N, N, h, c, sx, false);
  round(0, c, none, sx, () => {
    slab(x, 0, N, N, 0, h, lx, false);
    applySlabs(M, N, 0, h, w, tauq, taup, none, lx, lw);
  });
  // Round 2: Z[:, 0:h) = X[0:h, :]ᵀ here (in lz), Z[:, h:N) = X[h:N, :]ᵀ on the worker (in sz); rows N.. are zero.
  for (let i = 0; i < N; i++) {
    const [src, ld, col] = i < h ? [lx, h, i] : [sx, c, i - h];
    for (let j = 0; j < h; j++) lz[i * h + j] = src[j * ld + col];
    for (let j = 0; j < c; j++) sz[i * c + j] = src[(h + j) * ld + col];
  }
  lz.fill(0, N * h);
  sz.fill(0, N * c);
  round(c, 0, sz, none, () => applySlabs(M, N, h, 0, w, tauq, taup, lz, none, lw));
  slab(z, 0, N, M, 0, h, lz, true);
  slab(z, 0, N, M, h, c, sz, true);
  return true;
}
