/**
 * Grad mode and the one narrow hook through which a tape (installed by @tapegrad/autograd) records primitive ops.
 * Core knows nothing else about autograd: without a hook nothing is recorded and backward() says how to fix it.
 */
import { describeValue } from './describe';
import { AutogradError, DtypeError } from './errors';
import { hasMembers } from './members';
import type { PrimitiveAttrs, PrimitiveName } from './primitives';
import { sharedSlot } from './shared-state';
import { Tensor } from './tensor';

function requireFunction(op: string, fn: unknown): void {
  if (typeof fn !== 'function') throw new DtypeError(`${op}: expected a function, got ${describeValue(fn)}`);
}

/** A node of the autograd graph as seen from core (implemented by autograd). */
export interface GradNode {
  /** Public name of the op that produced the tensor, e.g. `'mul'` or `'linalg.pinv'`. */
  readonly name: string;
  /** The nodes producing the inputs of this node, with the output index used (PyTorch's next_functions). */
  readonly nextFunctions: readonly (readonly [GradNode | null, number])[];
  /** Keeps `tensor` (output `index` of this node) reachable for its hooks / retained grad during backward. */
  retainOutput(index: number, tensor: Tensor): void;
}

/** Options of Tensor.backward. */
export interface BackwardOptions {
  retainGraph?: boolean;
  createGraph?: boolean;
}

/** What autograd provides to core. */
export interface TapeHook {
  /** Records primitive `op` (called only when grad mode is on and an input requires grad). */
  record<P extends PrimitiveName>(op: P, inputs: readonly Tensor[], output: Tensor, attrs: PrimitiveAttrs[P]): void;
  /** Runs Tensor.backward. */
  backward(tensor: Tensor, gradient: Tensor | undefined, opts: BackwardOptions): void;
}

// One per process, shared by every loaded copy of tapegrad (see shared-state.ts).
const state = sharedSlot('dispatch', () => ({ hook: null as TapeHook | null, gradEnabled: true }));

/** Installs the tape hook (called once by @tapegrad/autograd). */
export function installTapeHook(h: TapeHook): void {
  // A bad hook would break every later op and backward: refuse it and keep the current one.
  if (!isHook(h))
    throw new DtypeError(
      `installTapeHook: expected a hook { record(op, inputs, output, attrs), backward(tensor, gradient, opts) }, got ${describeValue(h)}`,
    );
  state.hook = h;
}

function isHook(h: unknown): h is TapeHook {
  return hasMembers(h, 'function', 'record', 'backward');
}

export function getTapeHook(): TapeHook {
  const hook = state.hook;
  if (hook === null) {
    throw new AutogradError(
      "Tensor.backward: expected the autograd engine to be loaded (import it from 'tapegrad' or '@tapegrad/autograd'), got no engine",
    );
  }
  return hook;
}

/** Whether ops currently record onto the tape. @example `isGradEnabled(); // true` */
export function isGradEnabled(): boolean {
  return state.gradEnabled;
}

/** Sets grad mode and returns the previous value (prefer {@link noGrad} / {@link enableGrad}). */
export function setGradEnabled(enabled: boolean): boolean {
  if (typeof enabled !== 'boolean')
    throw new DtypeError(`setGradEnabled: expected a boolean, got ${describeValue(enabled)}`);
  const previous = state.gradEnabled;
  state.gradEnabled = enabled;
  return previous;
}

/**
 * Runs `fn` with recording disabled (PyTorch's `torch.no_grad()`).
 * @example
 * ```ts
 * const y = noGrad(() => x.mul(2)); y.requiresGrad; // false
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode('noGrad', false, fn);
}

/** Runs `fn` with recording enabled, even inside {@link noGrad}. */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode('enableGrad', true, fn);
}

/** Runs `fn` (checked under the public name `op`) with grad mode `enabled`, restoring the previous mode after. */
function withGradMode<T>(op: string, enabled: boolean, fn: () => T): T {
  requireFunction(op, fn);
  const previous = setGradEnabled(enabled);
  try {
    return fn();
  } finally {
    setGradEnabled(previous);
  }
}

/** Records `op` when grad mode is on and any input requires grad; returns `output`. */
export function record<P extends PrimitiveName>(
  op: P,
  inputs: readonly Tensor[],
  output: Tensor,
  attrs: PrimitiveAttrs[P],
): Tensor {
  if (!Array.isArray(inputs) || !(output instanceof Tensor))
    throw new DtypeError(
      `record: expected an array of input tensors and an output tensor, got ${describeValue(inputs)} and ${describeValue(output)}`,
    );
  const hook = state.hook;
  if (!state.gradEnabled || hook === null) return output;
  for (let i = 0; i < inputs.length; i++) {
    const input: unknown = inputs[i];
    if (!(input instanceof Tensor)) throw new DtypeError(`record: expected input tensors, got ${describeValue(input)}`);
    if (input.requiresGrad) {
      hook.record(op, inputs, output, attrs);
      break;
    }
  }
  return output;
}
