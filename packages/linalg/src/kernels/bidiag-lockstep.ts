/**
 * The real bidiagonal reduction (./bidiag gebrdReal) with its trailing-row passes shared among threads in lock step.
 *
 * Each step of gebrdReal is a short serial part (two reflectors from one column and one row, O(N)) and one pass over
 * the trailing rows (O((M − i)·N)), and every pass needs the previous one finished. The calling thread runs the serial
 * part, publishes the step (its index, τq and τp; y and u are already in the shared work buffers) by bumping a
 * sequence number, and takes the first share of the row chunks; each helper thread — a pool worker running
 * {@link gebrdRowsHelper} for the whole reduction — takes its share and reports the step done. All matrices live in
 * SharedArrayBuffer memory. Waits spin briefly, then sleep in Atomics.wait with a deadline. The chunks (fixed row
 * ranges) and the order in which their partial sums are added do not depend on the number of threads, so the result is
 * bit-identical to one thread. Nothing here imports the pool: this file is also part of the worker bundle.
 *
 * Control block (Int32Array over a SharedArrayBuffer, SYNC_INTS entries): SEQ (the step published last), CMD (0 run,
 * 1 stop), I (the step's index), ACC (1 when the column sums are accumulated), and per helper t ≥ 1 its DONE counter at
 * 16·t (one cache line each), followed by its sleep flag for SEQ and the calling thread's sleep flag for DONE.
 */

import { GEBRD_CHUNK, gebrdChunks, gebrdPartSize, gebrdReal } from './bidiag';

const SEQ = 0;
const CMD = 1;
const I = 2;
const ACC = 3;
/** Ints in the control block: room for 15 helpers. */
export const SYNC_INTS = 256;
/** Spins (atomic loads) before a wait sleeps: a step's serial part takes microseconds. */
const SPIN = 4000;
/** A thread that has not answered within this time is an error (steps take milliseconds at most). */
const WAIT_MS = 30_000;

/**
 * The chunks [c0, c1) thread t of `threads` processes at step i (empty ranges allowed): the rows ≥ i + 2 cut into
 * near-equal row counts at the chunk boundaries nearest to the equal split (the first chunk is partial, so equal chunk
 * counts would leave thread 0 up to a chunk short).
 */
function share(i: number, M: number, t: number, threads: number): [number, number] {
  const first = Math.floor((i + 2) / GEBRD_CHUNK);
  const end = Math.ceil(M / GEBRD_CHUNK);
  const cut = (k: number) =>
    k === 0
      ? first
      : k === threads
        ? end
        : Math.min(end, Math.max(first, Math.round((i + 2 + (k * (M - i - 2)) / threads) / GEBRD_CHUNK)));
  return [cut(t), cut(t + 1)];
}

/**
 * Waits until sync[idx] ≥ value; false after WAIT_MS. While asleep, sync[flag] is 1, so that the other side calls
 * Atomics.notify (a system call) only when someone sleeps: a sleeper that flags itself too late finds idx changed and
 * Atomics.wait returns at once.
 */
function waitFor(sync: Int32Array, idx: number, value: number, flag: number): boolean {
  for (let s = 0; s < SPIN; s++) if (Atomics.load(sync, idx) >= value) return true;
  const deadline = Date.now() + WAIT_MS;
  Atomics.store(sync, flag, 1);
  try {
    for (;;) {
      const cur = Atomics.load(sync, idx);
      if (cur >= value) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      Atomics.wait(sync, idx, cur, left);
    }
  } finally {
    Atomics.store(sync, flag, 0);
  }
}

/** Stores value at sync[idx] and wakes its waiters if sync[flag] says one sleeps. */
function publish(sync: Int32Array, idx: number, value: number, flag: number): void {
  Atomics.store(sync, idx, value);
  if (Atomics.load(sync, flag) !== 0) Atomics.notify(sync, idx);
}

/** Shared buffers of one reduction: W (M×N), work (2N), u (N), the chunk sums, τq, τp and cs (3), the control block. */
export interface LockstepBuffers {
  readonly w: Float64Array;
  readonly work: Float64Array;
  readonly ubuf: Float64Array;
  readonly part: Float64Array;
  readonly par: Float64Array;
  readonly sync: Int32Array;
}

/**
 * Helper thread t (1 ≤ t < threads) of a lock-step reduction: processes its share of every published step until told
 * to stop. Returns 0, or 1 when the calling thread went silent (then the reduction is abandoned).
 */
export function gebrdRowsHelper(t: number, threads: number, M: number, N: number, b: LockstepBuffers): number {
  const { sync, par } = b;
  for (let seq = 1; ; seq++) {
    if (!waitFor(sync, SEQ, seq, 16 * t + 1)) return 1;
    if (Atomics.load(sync, CMD) !== 0) return 0;
    const i = Atomics.load(sync, I);
    const [c0, c1] = share(i, M, t, threads);
    gebrdChunks(M, N, b.w, i, N - i - 1, par[0], par[1], b.work, b.ubuf, b.part, c0, c1, sync[ACC] !== 0, par[2]);
    publish(sync, 16 * t, seq, 16 * t + 2);
  }
}

/**
 * The calling thread's side: gebrdReal on the shared buffers (W already copied in), with helpers 1..threads−1 running
 * gebrdRowsHelper. Steps with little work (`minWork` multiply-adds or fewer in the trailing rows) are not published:
 * the calling thread does them alone (the same chunks, the same result). Always tells the helpers to stop, also on an
 * error. `fail` builds the error for a helper that does not answer.
 */
export function gebrdLockstep(
  M: number,
  N: number,
  d: Float64Array,
  e: Float64Array,
  tauq: Float64Array,
  taup: Float64Array,
  b: LockstepBuffers,
  threads: number,
  minWork: number,
  fail: () => Error,
): void {
  const { sync, par } = b;
  let seq = 0;
  const all = Math.ceil(M / GEBRD_CHUNK);
  const wake = (value: number) => {
    Atomics.store(sync, SEQ, value);
    for (let t = 1; t < threads; t++) {
      if (Atomics.load(sync, 16 * t + 1) !== 0) {
        Atomics.notify(sync, SEQ);
        break;
      }
    }
  };
  const rows = (i: number, L: number, tq: number, tp: number, acc: boolean, cs: number) => {
    if ((M - i - 2) * L <= minWork) {
      gebrdChunks(M, N, b.w, i, L, tq, tp, b.work, b.ubuf, b.part, 0, all, acc, cs);
      return;
    }
    par[0] = tq;
    par[1] = tp;
    par[2] = cs;
    Atomics.store(sync, I, i);
    Atomics.store(sync, ACC, acc ? 1 : 0);
    seq++;
    wake(seq);
    const [c0, c1] = share(i, M, 0, threads);
    gebrdChunks(M, N, b.w, i, L, tq, tp, b.work, b.ubuf, b.part, c0, c1, acc, cs);
    for (let t = 1; t < threads; t++) if (!waitFor(sync, 16 * t, seq, 16 * t + 2)) throw fail();
  };
  try {
    gebrdReal(M, N, b.w, d, e, tauq, taup, b.ubuf, b.work, b.part, rows);
  } finally {
    Atomics.store(sync, CMD, 1);
    Atomics.store(sync, SEQ, seq + 1);
    Atomics.notify(sync, SEQ);
  }
}

/** Sizes of the shared buffers of an M×N reduction, in doubles (the control block is separate). */
export function lockstepSizes(M: number, N: number) {
  return { w: M * N, work: 2 * N, ubuf: N, part: gebrdPartSize(M, N), par: 3 };
}
