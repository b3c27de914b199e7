/**
 * nn.Parameter: marks a tensor as a module parameter (torch.nn.Parameter). A module discovers its state from its
 * own properties (see module.ts); a leaf that requires grad is a parameter anyway, so the mark matters for
 * parameters that do not require grad (frozen with `requiresGrad_(false)` or made with `Parameter(t, false)`), which
 * stay parameters instead of becoming buffers — as in PyTorch.
 */
import type { Tensor } from '@tapegrad/core';
import { DtypeError, isFloating, Tensor as TensorClass } from '@tapegrad/core';
import { describeValue, sharedSlot } from '@tapegrad/core/internal';

// Shared by every loaded copy of nn (see core's shared-state.ts).
const marked = sharedSlot('nn.parameters', () => new WeakSet<Tensor>());

/** Marks `t` as a parameter (internal). */
export function markParameter(t: Tensor): Tensor {
  marked.add(t);
  return t;
}

/** Whether `t` was made by {@link Parameter} or frozen as a module's parameter (internal). */
export function isMarkedParameter(t: Tensor): boolean {
  return marked.has(t);
}

/** Callable with or without `new`, as `torch.nn.Parameter(data)`. */
export interface ParameterConstructor {
  (data: Tensor, requiresGrad?: boolean): Tensor;
  new (data: Tensor, requiresGrad?: boolean): Tensor;
}

/**
 * A parameter sharing `data`'s storage: a leaf (detached from any graph) with `requiresGrad` (default true),
 * marked so that modules count it as a parameter even when it does not require grad.
 * @example
 * ```ts
 * class Scale extends nn.Module {
 *   factor = nn.Parameter(ones([1]));
 *   forward(x: Tensor) { return x.mul(this.factor); }
 * }
 * new Scale().parameters().length; // 1
 * ```
 */
export const Parameter = function Parameter(data: Tensor, requiresGrad = true): Tensor {
  const op = 'nn.Parameter';
  if (!(data instanceof TensorClass)) throw new DtypeError(`${op}: expected a Tensor, got ${describeValue(data)}`);
  if (typeof requiresGrad !== 'boolean')
    throw new DtypeError(`${op}: expected requiresGrad to be a boolean, got ${describeValue(requiresGrad)}`);
  if (requiresGrad && !isFloating(data.dtype))
    throw new DtypeError(
      `${op}: expected a floating or complex tensor (only those can require gradients), got ${describeValue(data)}`,
    );
  return markParameter(data.detach().requiresGrad_(requiresGrad));
} as ParameterConstructor;
