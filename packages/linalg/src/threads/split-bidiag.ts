/**
 * The real bidiagonal reduction shared among the threads of `setNumThreads` (../kernels/bidiag-lockstep.ts): runs the
 * lock-step reduction on the calling thread while pool workers run `gebrdRowsHelper` for its whole duration, on W and
 * its work buffers in place when they lie in shared memory (as ../kernels/svd's workspaces allocate them), else on
 * SharedArrayBuffer copies (W copied back). Bit-identical to one thread (the chunked accumulation of ../kernels/bidiag
 * gebrdReal does not depend on who computes a chunk).
 */
import { TapegradError } from '@tapegrad/core';
import { parallelParts, runParallel, sharedFloat64, type WorkerModule } from '@tapegrad/core/internal';
import { GEBRD_CHUNK, type GebrdSplitter } from '../kernels/bidiag';
import { gebrdLockstep, type LockstepBuffers, lockstepSizes, SYNC_INTS } from '../kernels/bidiag-lockstep';

/** Smallest N worth sharing: each of the N steps costs a wake-up of every helper. */
export const GEBRD_SPLIT_MIN = 128;
/** Steps whose trailing rows hold fewer multiply-adds stay on the calling thread. */
const STEP_MIN_WORK = 64 * 64;

/**
 * Reduces W (M×N, M ≥ N) as gebrdReal does, shared among the pool's threads; returns false (nothing done) when N is
 * below GEBRD_SPLIT_MIN or the pool is off, busy or inside a worker.
 */
export function gebrdSplit(module: WorkerModule, ...args: Parameters<GebrdSplitter>): boolean {
  const [M, N, w, d, e, tauq, taup, ubuf, work, part] = args;
  if (N < GEBRD_SPLIT_MIN) return false;
  // At most 16 threads: the control block has room for 15 helpers (and more would only wait on each other).
  const threads = parallelParts(4 * M * N * N, Math.min(16, Math.floor(M / (2 * GEBRD_CHUNK))), module);
  if (threads < 2) return false;
  const sz = lockstepSizes(M, N);
  // The caller's buffer when it is shared and large enough, else the pool's scratch `name`.
  const buf = (name: string, len: number, own?: Float64Array) =>
    own !== undefined && own.buffer instanceof SharedArrayBuffer && own.length >= len
      ? own.subarray(0, len)
      : sharedFloat64(`gebrd.${name}`, len).subarray(0, len);
  const control = sharedFloat64('gebrd.sync', SYNC_INTS / 2);
  const b: LockstepBuffers = {
    w: buf('w', sz.w, w),
    work: buf('work', sz.work, work),
    ubuf: buf('ubuf', sz.ubuf, ubuf),
    part: buf('part', sz.part, part),
    par: buf('par', sz.par),
    sync: new Int32Array(control.buffer, control.byteOffset, SYNC_INTS),
  };
  b.sync.fill(0);
  const copy = b.w.buffer !== w.buffer;
  if (copy) b.w.set(w.subarray(0, M * N));
  const calls = [];
  for (let t = 1; t < threads; t++) calls.push({ fn: 'gebrdRowsHelper', args: [t, threads, M, N, b] });
  const fail = () =>
    new TapegradError('svd: expected a worker thread to finish its rows of the bidiagonal reduction, got no answer');
  runParallel(
    'svd',
    module,
    calls,
    () => gebrdLockstep(M, N, d, e, tauq, taup, b, threads, STEP_MIN_WORK, fail),
    4 * M * N * N,
  );
  if (copy) w.set(b.w);
  return true;
}
