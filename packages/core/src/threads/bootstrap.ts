/**
 * The source of every pool worker (run by `new Worker(script, { eval: true })`, a CommonJS script): the kernel modules
 * it can run (self-contained scripts built by scripts/build-worker.mjs from the same TypeScript sources as the main
 * thread's kernels), then a loop that polls its slot of the shared control block for WORKER_SPIN_MS and then sleeps in
 * `Atomics.wait` until the main thread posts a task, takes the task from its MessagePort with `receiveMessageOnPort`
 * (synchronously: the loop never yields to an event loop), runs it, posts the result or the error back and flips the
 * slot. Protocol: ./pool.ts.
 */

/** Slot states (Int32 at ctl[slot]); shared by the bootstrap below and ./pool.ts. */
export const BOOTING = 0;
export const IDLE = 1;
export const TASK = 2;
export const DONE = 3;
export const FAILED = 4;

/**
 * After a task (and after booting), a worker polls its slot for this long before it sleeps in `Atomics.wait`: a
 * parallel op usually dispatches again within microseconds (the next product of a factorization, the next batch in a
 * loop), and a sleeping worker takes tens of microseconds to wake (a futex system call and a reschedule), a large
 * part of a small job. Spin-then-sleep as OpenMP runtimes do; bounded, so an idle pool is asleep within a quarter of a millisecond.
 */
export const WORKER_SPIN_MS = 0.25;

/** A kernel module compiled into a worker script: its key and the global its code declares. */
export interface ScriptModule {
  readonly key: string;
  readonly code: string;
  readonly global: string;
}

/**
 * The script of a pool worker: the kernel modules' code (each declares `var <global> = { kernel: function, … }`),
 * a table of them by key, and the loop. `globalThis[Symbol.for('tapegrad.poolWorker')]` tells the kernels' own copy of
 * the pool that it runs inside a worker and must never start threads itself. The script is assembled from tapegrad's
 * own bundled code only (never from data).
 */
export function workerScript(modules: readonly ScriptModule[]): string {
  const table = modules.map((m) => `[${JSON.stringify(m.key)}, ${m.global}]`).join(', ');
  return `'use strict';
globalThis[Symbol.for('tapegrad.poolWorker')] = true;
${modules.map((m) => m.code).join('\n')}
const modules = new Map([${table}]);
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { ctl, slot, port } = workerData;
Atomics.store(ctl, slot, ${IDLE});
Atomics.notify(ctl, slot);
for (;;) {
  let state = Atomics.load(ctl, slot);
  if (state !== ${TASK}) {
    const until = performance.now() + ${WORKER_SPIN_MS};
    while ((state = Atomics.load(ctl, slot)) !== ${TASK} && performance.now() < until);
  }
  while ((state = Atomics.load(ctl, slot)) !== ${TASK}) Atomics.wait(ctl, slot, state);
  const received = receiveMessageOnPort(port);
  try {
    if (received === undefined) throw new Error('no task message');
    const task = received.message;
    const kernels = modules.get(task.key);
    if (kernels === undefined || typeof kernels[task.fn] !== 'function') throw new Error('unknown kernel ' + task.fn);
    port.postMessage({ result: kernels[task.fn](...task.args) });
    Atomics.store(ctl, slot, ${DONE});
  } catch (e) {
    const error = e !== null && typeof e === 'object' ? e : { message: String(e) };
    port.postMessage({ error: { name: String(error.name), message: String(error.message) } });
    Atomics.store(ctl, slot, ${FAILED});
  }
  Atomics.notify(ctl, slot);
}
`;
}
