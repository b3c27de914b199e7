/**
 * The worker pool behind `setNumThreads(n)`: n − 1 `node:worker_threads` workers plus the calling thread, driven
 * synchronously. A parallel op splits its work into parts; part 0 runs on the calling thread while the others are
 * posted to workers, and the caller then blocks in `Atomics.wait` (allowed on Node's main thread) until every worker
 * has flipped its slot of the shared control block. Data moves through SharedArrayBuffer scratch ({@link sharedFloat64}):
 * the caller copies a part's inputs in and its outputs out, O(data) against O(n³) work.
 *
 * Protocol (one 64-byte slot per worker in an Int32Array over a SharedArrayBuffer; states in ./bootstrap.ts): the
 * worker boots, sets IDLE and sleeps in Atomics.wait while its slot is not TASK. The caller posts the task (kernel
 * name, arguments — SharedArrayBuffer views are shared, not copied — and, the first time, the kernel module's code) on
 * a MessageChannel, stores TASK and notifies; the worker takes the message with `receiveMessageOnPort`, runs it, posts
 * the result or error, stores DONE or FAILED and notifies. The caller reads the reply the same way and stores IDLE.
 *
 * Guarantees: workers and ports are unref'd, so an idle pool never keeps the process alive; waits are bounded (a
 * worker that does not answer in time is a TapegradError, and the pool is shut down); an error thrown in a worker is
 * rethrown on the caller as the same tapegrad error class with the same message; the pool is not re-entrant — a
 * parallel op reached while a split is running (say a GEMM inside a batched pinv part) runs serially. The kernels run
 * in a worker are bundled from the same TypeScript sources as the caller's, so a part computes exactly what the
 * caller would have computed for it. Where `node:worker_threads` or SharedArrayBuffer is missing (browsers, Node
 * < 20.16 which lacks `process.getBuiltinModule`), everything runs on the calling thread.
 *
 * State is per process (`sharedSlot`): the ESM and CommonJS builds loaded together share one pool.
 */
import type * as WorkerThreads from 'node:worker_threads';
import { describeValue } from '../describe';
import * as errorClasses from '../errors';
import { DtypeError, ShapeError, TapegradError } from '../errors';
import { sharedSlot } from '../shared-state';
import { BOOTING, DONE, IDLE, type ScriptModule, TASK, workerScript } from './bootstrap';

type NodeWorkerThreads = typeof WorkerThreads;

/**
 * A bundle of kernels a worker can run: `code` is a self-contained script (scripts/build-worker.mjs) that declares
 * `var <global> = { kernelName: function, … }`. @internal
 */
export interface WorkerModule {
  readonly name: string;
  readonly code: string;
  readonly global: string;
}

/** One call of a kernel of a {@link WorkerModule} on a worker. @internal */
export interface RemoteCall {
  readonly fn: string;
  readonly args: readonly unknown[];
}

interface Handle {
  readonly worker: WorkerThreads.Worker;
  readonly port: WorkerThreads.MessagePort;
  readonly slot: number;
}

interface PoolState {
  /** What `getNumThreads()` reports: 1 + the number of running workers. */
  threads: number;
  handles: Handle[];
  ctl: Int32Array | null;
  busy: boolean;
  scratch: Map<string, Float64Array>;
  /** `node:worker_threads` of the running pool. */
  api: NodeWorkerThreads | null;
  /** Tasks sent to workers since the process started (for tests). */
  dispatched: number;
  /** The kernel modules the workers were started with, by key (a module first used later restarts them). */
  modules: Map<string, ScriptModule>;
}

const pool = sharedSlot<PoolState>('threads', () => ({
  threads: 1,
  handles: [],
  ctl: null,
  busy: false,
  scratch: new Map(),
  api: null,
  dispatched: 0,
  modules: new Map(),
}));

/** Ints per worker slot (64 bytes: one cache line, so two workers never write the same line). */
const SLOT_INTS = 16;
/** How long `setNumThreads` waits for a new worker to start. */
const BOOT_TIMEOUT_MS = 20_000;
/** Base of a task's time limit; the limit grows with the task's work (see {@link runParallel}). */
const TASK_TIMEOUT_MS = 60_000;
/** How long the calling thread polls a worker's slot before it sleeps in Atomics.wait (see runParallel). */
const CALLER_SPIN_MS = 0.05;
/** Hard cap of setNumThreads, whatever the machine. */
const MAX_THREADS_CAP = 64;
/** Below this many flops a job is not split: dispatch and copies cost tens of microseconds. */
export const MIN_PARALLEL_WORK = 2e6;

/** `node:worker_threads` when this is Node ≥ 20.16 on its main thread or in a user's worker, else null. */
function workerThreads(): NodeWorkerThreads | null {
  const host = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
  if ((globalThis as Record<symbol, unknown>)[Symbol.for('tapegrad.poolWorker')] === true) return null;
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return null;
  const get = host.process?.getBuiltinModule;
  if (typeof get !== 'function') return null;
  try {
    return (get.call(host.process, 'node:worker_threads') as NodeWorkerThreads | undefined) ?? null;
  } catch {
    return null;
  }
}

/** Logical cores: os.availableParallelism() on Node, navigator.hardwareConcurrency elsewhere, else 1. */
function coreCount(): number {
  const host = globalThis as {
    process?: { getBuiltinModule?: (id: string) => unknown };
    navigator?: { hardwareConcurrency?: number };
  };
  try {
    const os = host.process?.getBuiltinModule?.call(host.process, 'node:os') as
      | { availableParallelism?: () => number; cpus: () => unknown[] }
      | undefined;
    if (os !== undefined) return os.availableParallelism?.() ?? os.cpus().length;
  } catch {}
  const hc = host.navigator?.hardwareConcurrency;
  return typeof hc === 'number' && hc >= 1 ? hc : 1;
}

/** The largest value setNumThreads accepts: 4 × the logical cores, at most 64. @internal */
export function maxThreads(): number {
  return Math.min(MAX_THREADS_CAP, 4 * Math.max(1, coreCount()));
}

/** Stops every worker (asynchronously; they are unref'd) and drops the shared scratch. */
function shutdown(): void {
  for (const h of pool.handles) {
    h.port.close();
    h.worker.terminate().catch(() => {});
  }
  pool.handles = [];
  pool.ctl = null;
  pool.api = null;
  pool.threads = 1;
  pool.scratch.clear();
}

/** Starts `count` workers and waits until each runs its loop; returns false (nothing left running) on failure. */
function spawn(wt: NodeWorkerThreads, count: number): boolean {
  const ctl = new Int32Array(new SharedArrayBuffer(count * SLOT_INTS * 4));
  const handles: Handle[] = [];
  const script = workerScript([...pool.modules.values()]);
  try {
    for (let i = 0; i < count; i++) {
      const slot = i * SLOT_INTS;
      const { port1, port2 } = new wt.MessageChannel();
      const worker = new wt.Worker(script, {
        eval: true,
        workerData: { ctl, slot, port: port2 },
        transferList: [port2],
      });
      worker.unref();
      port1.unref();
      // A worker that dies outside a task reports here (when the event loop runs); the waits below are bounded anyway.
      worker.on('error', () => {});
      handles.push({ worker, port: port1, slot });
    }
    const deadline = Date.now() + BOOT_TIMEOUT_MS;
    for (const h of handles) {
      while (Atomics.load(ctl, h.slot) === BOOTING) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('worker did not start');
        Atomics.wait(ctl, h.slot, BOOTING, left);
      }
    }
  } catch {
    pool.handles = handles;
    shutdown();
    return false;
  }
  pool.handles = handles;
  pool.ctl = ctl;
  pool.api = wt;
  pool.threads = count + 1;
  return true;
}

/**
 * Sets the number of threads tapegrad uses for large matrix products and batched linear algebra (as
 * `torch.set_num_threads`): the calling thread plus `n − 1` worker threads, started now (this call blocks until they
 * run, typically 50–200 ms). `setNumThreads(1)` stops them. The default is 1: tapegrad starts no thread unless asked.
 *
 * Results do not depend on the thread count: work is split by whole matrices of a batch, by row panels of a product,
 * by rows of the SVD's bidiagonal reduction, by the two halves of its divide and conquer and by column slabs of its
 * back-transformation, and every part runs the same kernels with the same arithmetic, so they are bit-identical to
 * one thread.
 * Workers never keep the process alive. Where threads are unavailable (browsers, bundles without
 * `node:worker_threads`, Node < 20.16) the call is accepted and {@link getNumThreads} keeps reporting 1.
 * @param n - threads to use, an integer from 1 to 4 × the logical cores (at most 64)
 * @throws DtypeError when `n` is not an integer in that range
 * @example
 * ```ts
 * setNumThreads(2);
 * const P = linalg.pinv(randn([1000, 8, 8], { dtype: 'float64' })); // the batch is split over 2 threads
 * setNumThreads(1);
 * ```
 */
export function setNumThreads(n: number): void {
  const max = maxThreads();
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > max) {
    throw new DtypeError(
      `setNumThreads: expected an integer number of threads from 1 to ${max} (4 × the logical cores, at most ${MAX_THREADS_CAP}), got ${describeValue(n)}`,
    );
  }
  if (pool.busy)
    throw new DtypeError('setNumThreads: expected no parallel operation in progress, got a call from inside one');
  if (n === pool.threads) return;
  shutdown();
  if (n === 1) return;
  const wt = workerThreads();
  if (wt !== null) spawn(wt, n - 1);
}

/**
 * The number of threads tapegrad uses (see {@link setNumThreads}): 1 by default, and 1 where worker threads are
 * unavailable whatever was requested.
 * @example
 * ```ts
 * setNumThreads(2);
 * getNumThreads(); // 2 on Node, 1 in a browser
 * ```
 */
export function getNumThreads(): number {
  return pool.threads;
}

/** `module` when it has the shape of a {@link WorkerModule}, else a DtypeError naming `op`. */
function checkModule(op: string, module: WorkerModule): WorkerModule {
  let ok = false;
  try {
    ok =
      module !== null &&
      typeof module === 'object' &&
      typeof module.name === 'string' &&
      typeof module.code === 'string' &&
      typeof module.global === 'string';
  } catch {
    // A revoked Proxy or a throwing getter is not a module.
  }
  if (!ok) throw new DtypeError(`${op}: expected a worker module { name, code, global }, got ${describeValue(module)}`);
  return module;
}

/**
 * Makes `module` part of the workers' script from the next start of the pool. Split drivers call it when they are
 * loaded, so that `setNumThreads(n)` starts workers that already hold their kernels (a module first seen by
 * {@link parallelParts} restarts the workers instead). @internal
 */
export function registerWorkerModule(module: WorkerModule): void {
  const key = keyOf(checkModule('registerWorkerModule', module));
  if (!pool.modules.has(key)) pool.modules.set(key, { key, code: module.code, global: module.global });
}

/**
 * How many parts a job of `work` flops that runs kernels of `module` should be split into, at most `maxParts`: 1 (run
 * it serially) when the pool is off or busy, inside a worker, or when the work is below {@link MIN_PARALLEL_WORK}. The
 * first time a module is needed, the workers are restarted with it (once per process, ~0.1 s; a failure to restart
 * leaves one thread). @internal
 */
export function parallelParts(work: number, maxParts: number, module: WorkerModule): number {
  if (typeof work !== 'number' || typeof maxParts !== 'number' || Number.isNaN(work) || Number.isNaN(maxParts))
    throw new DtypeError(
      `parallelParts: expected a number of flops and a maximum number of parts, got ${describeValue(work)} and ${describeValue(maxParts)}`,
    );
  if (pool.threads === 1 || pool.busy || !(work >= MIN_PARALLEL_WORK) || maxParts < 2) return 1;
  const key = keyOf(checkModule('parallelParts', module));
  if (!pool.modules.has(key)) {
    pool.modules.set(key, { key, code: module.code, global: module.global });
    const threads = pool.threads;
    shutdown();
    const wt = workerThreads();
    if (wt !== null) spawn(wt, threads - 1);
    if (pool.threads === 1) return 1;
  }
  return Math.min(pool.threads, Math.floor(maxParts));
}

/**
 * A Float64Array of at least `length` elements over a SharedArrayBuffer, reused per `name` (grown on demand, dropped
 * when the pool stops): the inputs and outputs of a worker part. Contents are unspecified. @internal
 */
export function sharedFloat64(name: string, length: number): Float64Array {
  if (typeof name !== 'string')
    throw new DtypeError(`sharedFloat64: expected a buffer name string, got ${describeValue(name)}`);
  if (!Number.isSafeInteger(length) || length < 0 || length > 2 ** 30)
    throw new ShapeError(`sharedFloat64: expected a length from 0 to 2^30 elements, got ${describeValue(length)}`);
  let buf = pool.scratch.get(name);
  if (buf === undefined || buf.length < length) {
    buf = new Float64Array(new SharedArrayBuffer(8 * Math.max(length, 64)));
    pool.scratch.set(name, buf);
  }
  return buf;
}

const moduleKeys = new WeakMap<WorkerModule, string>();

/** `name` plus an FNV-1a hash of the code: two builds of a module (two installed versions) never share a key. */
function keyOf(module: WorkerModule): string {
  let key = moduleKeys.get(module);
  if (key === undefined) {
    let h = 0x811c9dc5;
    const { code } = module;
    for (let i = 0; i < code.length; i++) h = Math.imul(h ^ code.charCodeAt(i), 0x01000193);
    key = `${module.name}:${(h >>> 0).toString(16)}:${code.length}`;
    moduleKeys.set(module, key);
  }
  return key;
}

/** The error a worker reported, rebuilt on this thread as the same tapegrad class (a TapegradError otherwise). */
function rebuildError(op: string, reported: { name: string; message: string }): Error {
  const classes = errorClasses as unknown as Record<string, new (message: string) => Error>;
  const known = ['ShapeError', 'DtypeError', 'LinalgError', 'AutogradError', 'TapegradError'];
  if (known.includes(reported.name)) return new classes[reported.name](reported.message);
  return new TapegradError(`${op}: a worker thread failed: ${reported.name}: ${reported.message}`);
}

/**
 * Runs `calls[i]` on worker i (at most getNumThreads() − 1 calls; ask {@link parallelParts}) while `local` runs on this
 * thread, waits for all, and returns the workers' results in order. An error of `local` or of a worker is thrown
 * after every part has finished (the lowest part's error first, as a serial loop would raise it). A worker silent
 * for longer than 60 s + `work`/10⁵ ms (a floor of 100 MFLOP/s) is an error naming `op`, and the pool is stopped.
 * @internal
 */
export function runParallel(
  op: string,
  module: WorkerModule,
  calls: readonly RemoteCall[],
  local: () => void,
  work: number,
  timeoutMs = TASK_TIMEOUT_MS + work / 1e5,
): unknown[] {
  const ctl = pool.ctl;
  const key = keyOf(module);
  if (pool.busy || ctl === null || calls.length > pool.handles.length || !pool.modules.has(key))
    throw new TapegradError(
      `${op}: expected an idle pool with ${calls.length} workers running module ${module.name} (ask parallelParts first), got ${pool.handles.length} workers`,
    );
  const handles = pool.handles.slice(0, calls.length);
  pool.busy = true;
  const results: unknown[] = new Array(calls.length);
  const errors: (Error | null)[] = new Array(calls.length).fill(null);
  let localError: unknown = null;
  let timedOut = -1;
  try {
    for (let i = 0; i < calls.length; i++) {
      const h = handles[i];
      h.port.postMessage({ key, fn: calls[i].fn, args: calls[i].args });
      Atomics.store(ctl, h.slot, TASK);
      Atomics.notify(ctl, h.slot);
      pool.dispatched++;
    }
    try {
      local();
    } catch (e) {
      localError = e;
    }
    const deadline = Date.now() + timeoutMs;
    for (let i = 0; i < calls.length && timedOut < 0; i++) {
      const h = handles[i];
      let state = Atomics.load(ctl, h.slot);
      // Poll briefly first: a worker given an equal share usually finishes within microseconds of this thread, and
      // waking from Atomics.wait costs tens of microseconds.
      if (state === TASK) {
        const until = performance.now() + CALLER_SPIN_MS;
        while (state === TASK && performance.now() < until) state = Atomics.load(ctl, h.slot);
      }
      while (state === TASK) {
        const left = deadline - Date.now();
        if (left <= 0) break;
        Atomics.wait(ctl, h.slot, TASK, left);
        state = Atomics.load(ctl, h.slot);
      }
      if (state === TASK) {
        timedOut = i;
        break;
      }
      const reply = pool.api?.receiveMessageOnPort(h.port)?.message as Reply | undefined;
      if (state === DONE && reply !== undefined && 'result' in reply) results[i] = reply.result;
      else errors[i] = rebuildError(op, reply !== undefined && 'error' in reply ? reply.error : NO_REPLY);
      Atomics.store(ctl, h.slot, IDLE);
    }
  } finally {
    pool.busy = false;
  }
  if (timedOut >= 0) {
    shutdown();
    throw new TapegradError(
      `${op}: expected worker thread ${timedOut + 1} to finish within ${Math.ceil(timeoutMs / 1000)} s, got no answer (the pool was stopped; setNumThreads(n) starts a new one)`,
    );
  }
  if (localError !== null) throw localError;
  for (const e of errors) if (e !== null) throw e;
  return results;
}

type Reply = { result: unknown } | { error: { name: string; message: string } };

const NO_REPLY = { name: 'Error', message: 'no reply' };

/** Counters of the pool (for tests): the threads in use and the tasks sent to workers so far. @internal */
export function poolStats(): { threads: number; dispatched: number } {
  return { threads: pool.threads, dispatched: pool.dispatched };
}
