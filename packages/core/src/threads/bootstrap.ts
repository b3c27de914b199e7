/**
 * The source of every pool worker (run by `new Worker(WORKER_BOOTSTRAP, { eval: true })`, a CommonJS script): a loop
 * that sleeps in `Atomics.wait` on its slot of the shared control block until the main thread posts a task, takes the
 * task from its MessagePort with `receiveMessageOnPort` (synchronously: the loop never yields to an event loop), runs
 * it, posts the result or the error back and flips the slot. A task may carry a kernel module (a self-contained
 * script built by scripts/build-worker.mjs from the same TypeScript sources as the main thread's kernels), which is
 * evaluated once and kept under its key. Protocol: ./pool.ts.
 */

/** Slot states (Int32 at ctl[slot]); shared by the bootstrap below and ./pool.ts. */
export const BOOTING = 0;
export const IDLE = 1;
export const TASK = 2;
export const DONE = 3;
export const FAILED = 4;

/** The worker script. Plain JavaScript (it is not compiled); `globalThis[Symbol.for('tapegrad.poolWorker')]` tells the
 * kernels' own copy of the pool that it runs inside a worker and must never start threads itself. */
export const WORKER_BOOTSTRAP = `'use strict';
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { ctl, slot, port } = workerData;
globalThis[Symbol.for('tapegrad.poolWorker')] = true;
const modules = new Map();
Atomics.store(ctl, slot, ${IDLE});
Atomics.notify(ctl, slot);
for (;;) {
  let state;
  while ((state = Atomics.load(ctl, slot)) !== ${TASK}) Atomics.wait(ctl, slot, state);
  const received = receiveMessageOnPort(port);
  try {
    if (received === undefined) throw new Error('no task message');
    const task = received.message;
    if (task.code !== undefined) modules.set(task.key, new Function(task.code + '\\nreturn ' + task.global + ';')());
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
