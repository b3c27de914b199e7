/**
 * pinv's products without singular vectors (../kernels/pinv-bidiag.ts) over two threads, in two rounds split by
 * columns: X = P·B⁻¹ (the calling thread forms columns [0, h), a pool worker [h, N), both into one SharedArrayBuffer
 * copy of X), then rows [0, h) and [h, N) of pinv(W) = X·[I 0]·Qᵀ, each thread from its rows of X (../kernels
 * pinvSlabQ); the calling thread writes its part of P in place and copies the worker's in. Each column of a product
 * R·Y depends only on that column of Y, and every slab is computed by the code the one-thread path runs, so P is
 * bit-identical to one thread's.
 */
import { parallelParts, runParallel, type WorkerModule } from '@tapegrad/core/internal';
import type { PinvApplyOperands } from '../kernels/pinv-bidiag';
import { buf, sharedReflectors, slab } from './split-ormbr';
import { pinvRoundP, pinvRoundQ } from './svd-kernels';

/** Where round 1 splits X's columns, as a fraction of N: the root of 3x² − x³ = 1 (see pinvApplySplit). */
const P_SPLIT = 0.6527;

/** Smallest order N = min(m, n) shared: below it both rounds take under a millisecond. */
export const PINV_APPLY_SPLIT_MIN = 128;

/**
 * The driver of ../kernels/pinv-bidiag's setPinvApplySplitter: false (nothing done) when N is below
 * PINV_APPLY_SPLIT_MIN or the pool is off, busy or in a worker.
 */
export function pinvApplySplit(module: WorkerModule, ...args: PinvApplyOperands): boolean {
  const [m, n, w, d, e, tauq, taup, f1, f2, p, pOff] = args;
  const M = Math.max(m, n);
  const N = Math.min(m, n);
  if (N < PINV_APPLY_SPLIT_MIN) return false;
  const work = 2 * N * N * (2 * M + N);
  if (parallelParts(work, 2, module) < 2) return false;
  // Round 1 splits X's columns where the work (column j costs about j·(N − j/2): P·B⁻¹ skips B⁻¹'s zeros) halves,
  // round 2 splits the rows of pinv(W) in the middle.
  const h1 = Math.round(P_SPLIT * N);
  const h = N >> 1;
  const c = N - h;
  const [sw, stq, stp] = sharedReflectors(M, N, w, tauq, taup);
  const sd = buf('d', N);
  const se = buf('e', N);
  sd.set(d.subarray(0, N));
  se.set(e.subarray(0, N));
  const sx = buf('x', N * N);
  const so = buf('out', M * c);
  const round = (fn: string, args: unknown[], here: () => void) =>
    runParallel('pinv', module, [{ fn, args }], here, work / 2);
  round('pinvRoundP', [N, sd, se, sw, stp, h1, N - h1, sx], () => pinvRoundP(N, d, e, w, taup, 0, h1, sx));
  // The worker's rows of P (m ≥ n) as they lie in P, or its columns (m < n) as an M×c block.
  round('pinvRoundQ', [m, n, sw, stq, sx, h, c, f1, f2, so, 0, c], () =>
    pinvRoundQ(m, n, w, tauq, sx, 0, h, f1, f2, p, pOff, N),
  );
  if (m >= n) p.set(so.subarray(0, c * M), pOff + h * M);
  else slab(p, pOff, N, M, h, c, so, true);
  return true;
}
