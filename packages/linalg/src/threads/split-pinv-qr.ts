/**
 * The application of Q in ../kernels/pinv-qr-certified.ts (Y := Q·Y, Y = [R⁻ᵀ; 0], M×N) over two threads by column
 * slabs: each column of Q·Y depends only on that column of Y, and every slab goes through the code the one-thread
 * path runs (./geqrf ormqrReal, whose GEMMs sum each entry in the same order whatever the number of columns), so the
 * result is bit-identical to one thread's. The calling thread applies Q to the left half (copied into contiguous
 * scratch), a pool worker to the right half (copied, with the reflectors and T factors when they are not already in
 * shared memory, into SharedArrayBuffer scratch); the slabs are copied back.
 */
import { parallelParts, runParallel, type WorkerModule } from '@tapegrad/core/internal';
import { ormqrReal, ormqrWorkSize } from '../kernels/geqrf';
import type { QrApplyOperands } from '../kernels/pinv-qr-certified';
import { buf, slab } from './split-ormbr';

/** Smallest order N shared: below it the application takes about a millisecond. */
export const PINV_QR_SPLIT_MIN = 96;

let local = new Float64Array(0);

/** The pool's copy of `x` (its first `len` entries): x itself when it lies in shared memory. */
function shared(name: string, x: Float64Array, len: number): Float64Array {
  if (x.buffer instanceof SharedArrayBuffer) return x.subarray(0, len);
  const s = buf(name, len);
  s.set(x.subarray(0, len));
  return s;
}

/**
 * The driver of ../kernels/pinv-qr-certified's setPinvQrApplySplitter: false (nothing done) when N is below
 * PINV_QR_SPLIT_MIN or the pool is off, busy or in a worker.
 */
export function pinvQrApplySplit(module: WorkerModule, ...args: QrApplyOperands): boolean {
  const [M, N, w, ts, y, yOff] = args;
  if (N < PINV_QR_SPLIT_MIN) return false;
  const work = 2 * N * N * (2 * M - N);
  if (parallelParts(work, 2, module) < 2) return false;
  const h = N >> 1;
  const c = N - h;
  const sw = shared('qrw', w, M * N);
  const sts = shared('qrts', ts, ts.length);
  const sy = buf('qry', M * c);
  slab(y, yOff, N, M, h, c, sy, false);
  const need = M * h + ormqrWorkSize(M, N, h);
  if (local.length < need) local = new Float64Array(need);
  const ly = local.subarray(0, M * h);
  runParallel(
    'pinv',
    module,
    [{ fn: 'pinvRoundQr', args: [M, N, sw, sts, sy, c] }],
    () => {
      slab(y, yOff, N, M, 0, h, ly, false);
      ormqrReal(M, N, w, ts, ly, 0, h, local.subarray(M * h));
      slab(y, yOff, N, M, 0, h, ly, true);
    },
    work,
  );
  slab(y, yOff, N, M, h, c, sy, true);
  return true;
}
