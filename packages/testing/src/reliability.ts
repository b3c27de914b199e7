/**
 * Helpers of the reliability suite (test/reliability): snapshots that prove a failed (or successful) call wrote into
 * nothing it was given, and a hang watchdog. Everything is imported from the umbrella 'tapegrad' as a user would.
 */
import { writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { type DType, nn, type optim, Tensor } from 'tapegrad';
import { expect } from 'vitest';
import { type ErrorName, typedErrorProblem } from './errors';

// ---------------------------------------------------------------------------------------------------------------
// Snapshots: a tracked value must be exactly as it was (storage bits, layout, autograd fields, state).

type Storage = Tensor['storage'];

interface TensorSnapshot {
  storage: Storage;
  shape: string;
  strides: string;
  offset: number;
  dtype: DType;
  requiresGrad: boolean;
  grad: Tensor | null;
  gradData: Storage | null;
  gradFn: unknown;
}

function snapTensor(t: Tensor): TensorSnapshot {
  return {
    storage: t.storage.slice() as Storage,
    shape: JSON.stringify(t.shape),
    strides: JSON.stringify(t.strides),
    offset: t.offset,
    dtype: t.dtype,
    requiresGrad: t.requiresGrad,
    grad: t.grad,
    gradData: t.grad instanceof Tensor ? (t.grad.storage.slice() as Storage) : null,
    gradFn: t.gradFn,
  };
}

/** Bitwise equality of two storages (NaN equals NaN, −0 differs from 0). */
export function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function tensorChanges(label: string, t: Tensor, s: TensorSnapshot): string[] {
  const out: string[] = [];
  if (!sameBits(t.storage, s.storage)) out.push(`${label}: storage was written`);
  if (JSON.stringify(t.shape) !== s.shape) out.push(`${label}: shape changed from ${s.shape}`);
  if (JSON.stringify(t.strides) !== s.strides || t.offset !== s.offset) out.push(`${label}: layout changed`);
  if (t.dtype !== s.dtype) out.push(`${label}: dtype changed from ${s.dtype}`);
  if (t.requiresGrad !== s.requiresGrad) out.push(`${label}: requiresGrad changed`);
  if (t.grad !== s.grad) out.push(`${label}: .grad was replaced`);
  else if (t.grad instanceof Tensor && s.gradData !== null && !sameBits(t.grad.storage, s.gradData))
    out.push(`${label}: .grad was written`);
  if (t.gradFn !== s.gradFn) out.push(`${label}: gradFn changed`);
  return out;
}

/** Records values and reports every change made to them since. */
export class Tracker {
  readonly #checks: (() => string[])[] = [];

  /** Tracks a tensor, module, optimizer, scheduler or plain JSON-like value; returns it. */
  readonly track = <T>(value: T): T => {
    const label = `input ${this.#checks.length}`;
    this.#checks.push(snapshotOf(label, value));
    return value;
  };

  /** Everything that changed, as readable lines (empty when nothing did). */
  changes(): string[] {
    return this.#checks.flatMap((check) => check());
  }
}

/** Anything with a stateDict (modules, optimizers, schedulers). */
interface Stateful {
  stateDict(): unknown;
}

function isStateful(value: unknown): value is Stateful {
  return typeof value === 'object' && value !== null && typeof (value as Stateful).stateDict === 'function';
}

function snapshotOf(label: string, value: unknown): () => string[] {
  if (value instanceof Tensor) {
    const s = snapTensor(value);
    return () => tensorChanges(label, value, s);
  }
  if (value instanceof nn.Module) {
    const params = value.namedParameters().map(([name, p]) => [name, p, snapTensor(p)] as const);
    const state = stableJson(value.stateDict());
    const training = value.modules().map((m) => m.training);
    return () => [
      ...params.flatMap(([name, p, s]) => tensorChanges(`${label}.${name}`, p, s)),
      ...(stableJson(value.stateDict()) === state ? [] : [`${label}: state dict changed`]),
      ...(JSON.stringify(value.modules().map((m) => m.training)) === JSON.stringify(training)
        ? []
        : [`${label}: training flags changed`]),
    ];
  }
  if (isStateful(value)) {
    const state = stableJson(value.stateDict());
    const opt = value as unknown as Partial<optim.Optimizer<optim.BaseOptions, optim.ParamState>>;
    const params = (opt.paramGroups ?? []).flatMap((g) => g.params.map((p) => [p, snapTensor(p)] as const));
    const groups = opt.paramGroups === undefined ? '' : stableJson(opt.paramGroups.map(({ params: _, ...o }) => o));
    return () => [
      ...(stableJson(value.stateDict()) === state ? [] : [`${label}: state dict changed`]),
      ...params.flatMap(([p, s], i) => tensorChanges(`${label} parameter ${i}`, p, s)),
      ...(opt.paramGroups === undefined || stableJson(opt.paramGroups.map(({ params: _, ...o }) => o)) === groups
        ? []
        : [`${label}: parameter group options changed`]),
    ];
  }
  const json = stableJson(value);
  return () => (stableJson(value) === json ? [] : [`${label}: value changed`]);
}

/** JSON with NaN/±Infinity/−0 kept apart and tensors summarized bitwise. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)))
      return `#${String(Object.is(v, -0) ? '-0' : v)}`;
    if (v instanceof Tensor) return { tensor: [...v.shape], dtype: v.dtype, data: Array.from(v.storage, String) };
    return v;
  });
}

/** Asserts that a typed error is raised and that nothing tracked changed. */
export function expectRejected(call: (t: Tracker['track']) => unknown, name: ErrorName, op: string): void {
  const tracker = new Tracker();
  const problem = typedErrorProblem(() => call(tracker.track), name, op);
  expect(problem).toBeNull();
  expect(tracker.changes()).toEqual([]);
}

// ---------------------------------------------------------------------------------------------------------------
// Watchdog: a synchronous hang cannot be interrupted from the thread that hangs, so a worker thread watches a shared
// counter and, when a guarded call overruns its budget, prints which one and kills the test process (vitest then
// fails the run with "Worker exited unexpectedly" instead of waiting forever).

const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const state = new Int32Array(workerData.sab);
const label = new Uint8Array(workerData.labels);
for (;;) {
  const seq = Atomics.load(state, 0);
  if (Atomics.load(state, 1) === 1) {
    const r = Atomics.wait(state, 0, seq, Atomics.load(state, 2));
    if (r === 'timed-out' && Atomics.load(state, 0) === seq && Atomics.load(state, 1) === 1) {
      const text = Buffer.from(label.subarray(0, Atomics.load(state, 3))).toString('utf8');
      writeSync(2, '\\nreliability watchdog: "' + text + '" ran past its ' + Atomics.load(state, 2) + ' ms budget (a hang); killing the test process\\n');
      process.kill(process.pid, 'SIGKILL');
    }
  } else Atomics.wait(state, 0, seq);
}
`;

let watchdog: { state: Int32Array; labels: Uint8Array } | null = null;

function startWatchdog(): { state: Int32Array; labels: Uint8Array } {
  if (watchdog) return watchdog;
  const sab = new SharedArrayBuffer(16);
  const labels = new SharedArrayBuffer(512);
  const worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { sab, labels } });
  worker.unref();
  watchdog = { state: new Int32Array(sab), labels: new Uint8Array(labels) };
  return watchdog;
}

/**
 * Runs `fn` under the watchdog: if it has not returned (or thrown) after `budgetMs`, the process is killed with a
 * message naming `label`. A generous budget: this guards against hangs, it is not a timing assertion.
 */
export function guarded<T>(label: string, fn: () => T, budgetMs = 20_000): T {
  const { state, labels } = startWatchdog();
  const bytes = new TextEncoder().encode(label).subarray(0, labels.length);
  labels.set(bytes);
  Atomics.store(state, 3, bytes.length);
  Atomics.store(state, 2, budgetMs);
  Atomics.store(state, 1, 1);
  Atomics.add(state, 0, 1);
  Atomics.notify(state, 0);
  try {
    return fn();
  } finally {
    Atomics.store(state, 1, 0);
    Atomics.add(state, 0, 1);
    Atomics.notify(state, 0);
  }
}

/** Prints a line for the lead's report (stdout of the test process, shown by vitest). */
export function report(line: string): void {
  writeSync(1, `${line}\n`);
}
