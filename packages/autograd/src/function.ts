/**
 * User-defined differentiable ops (torch.autograd.Function): a forward computed without recording and a backward
 * that may itself be differentiable (it is recorded when the gradient is taken with createGraph).
 */
import type { Tensor } from '@tapegrad/core';
import { AutogradError, DtypeError, isComplex, noGrad, Tensor as TensorClass, zeros } from '@tapegrad/core';
import { formatShape } from '@tapegrad/core/internal';
import { describeValue } from './describe';
import { recordNodeKeeping } from './tape';

/** The `ctx` passed to forward and backward. Extra fields may hold non-tensor values for backward. */
export interface FunctionContext {
  /** Saves tensors for backward (inputs saved this way keep their graph, so backward can be differentiated). */
  saveForBackward(...tensors: Tensor[]): void;
  /** The saved tensors, in order. */
  readonly saved: readonly Tensor[];
  /** Which forward arguments need a gradient. */
  readonly needsInputGrad: readonly boolean[];
  [key: string]: unknown;
}

/**
 * The definition of a custom function: `Args` are forward's arguments after `ctx`, `Out` what forward returns (a
 * tensor, or an array or tuple of tensors), which is also what the defined function returns.
 */
export interface FunctionDefinition<
  Args extends unknown[],
  Out extends Tensor | readonly Tensor[] = Tensor | Tensor[],
> {
  name: string;
  /** Computes the outputs (run without recording); save what backward needs with `ctx.saveForBackward`. */
  forward(ctx: FunctionContext, ...args: Args): Out;
  /** One gradient per output in, one per forward argument out (null for none); may use differentiable ops. */
  backward(ctx: FunctionContext, ...grads: Tensor[]): readonly (Tensor | null | undefined)[];
}

class Context implements FunctionContext {
  [key: string]: unknown;
  private savedTensors: Tensor[] = [];
  constructor(readonly needsInputGrad: readonly boolean[]) {}
  saveForBackward(...tensors: Tensor[]): void {
    this.savedTensors = tensors;
  }
  get saved(): readonly Tensor[] {
    return this.savedTensors;
  }
}

/**
 * Defines a differentiable op from a forward and a backward.
 * @example
 * ```ts
 * const cube = autograd.defineFunction({
 *   name: 'cube',
 *   forward(ctx, x: Tensor) { ctx.saveForBackward(x); return x.pow(3); },
 *   backward(ctx, g) { const [x] = ctx.saved; return [g.mul(x.square()).mul(3)]; },
 * });
 * cube(tensor([2], { requiresGrad: true })); // tensor([8.], gradFn=<cube>), typed Tensor as forward's result
 * ```
 */
export function defineFunction<Args extends unknown[], Out extends Tensor | readonly Tensor[]>(
  def: FunctionDefinition<Args, Out>,
): (...args: Args) => Out {
  // The definition is read once (a getter or Proxy cannot swap forward/backward after they were checked).
  const { name, forward, backward } = readDefinition(def);
  return (...args: Args): Out => {
    const tensorArgs = args.filter((a): a is Tensor => a instanceof TensorClass);
    const ctx = new Context(args.map((a) => a instanceof TensorClass && a.requiresGrad));
    const raw: Tensor | readonly Tensor[] = noGrad(() => forward.call(def, ctx, ...args));
    const list = (Array.isArray(raw) ? raw : [raw]).map((t) => {
      if (!(t instanceof TensorClass))
        throw new AutogradError(
          `${name}: forward must return a Tensor or an array of Tensors (expected tensors, got ${describeValue(t)})`,
        );
      // An input returned as is becomes an alias, so the recorded node owns its output.
      return args.includes(t) ? t.detach() : t;
    });
    const argIndexOfTensor = args.map((a, i) => (a instanceof TensorClass ? i : -1)).filter((i) => i >= 0);
    // Saved tensors and tensors stored on ctx are read by backward: they are version-checked like inputs and outputs.
    const keptByContext = () => [...ctx.saved, ...Object.values(ctx).filter((v) => v instanceof TensorClass)];
    recordNodeKeeping(
      name,
      tensorArgs,
      list,
      (grads) => {
        const materialized = grads.map((g, i) => g ?? zeros(list[i].shape, { dtype: list[i].dtype }));
        const result = backward.call(def, ctx, ...materialized);
        if (!Array.isArray(result) || result.length !== args.length) {
          throw new AutogradError(
            `${name}: backward returned an incorrect number of gradients (expected ${args.length}, got ${Array.isArray(result) ? result.length : typeof result})`,
          );
        }
        return argIndexOfTensor.map((argIndex, k) => {
          const g = result[argIndex] ?? null;
          const input = tensorArgs[k];
          if (g !== null && !(g instanceof TensorClass))
            throw new AutogradError(
              `${name}: backward returned a non-tensor gradient at index ${argIndex} (expected a Tensor or null, got ${describeValue(g)})`,
            );
          if (g !== null && isComplex(g.dtype) && !isComplex(input.dtype))
            throw new AutogradError(
              `${name}: backward returned a complex gradient at index ${argIndex} for a real input (expected a real gradient for the ${input.dtype} input, got ${g.dtype}; its imaginary part would be lost)`,
            );
          if (g !== null && g.size !== input.size && !broadcastsTo(g.shape, input.shape)) {
            throw new AutogradError(
              `${name}: backward returned an invalid gradient at index ${argIndex} - got ${formatShape(g.shape)} but expected shape compatible with ${formatShape(input.shape)}`,
            );
          }
          return g;
        });
      },
      keptByContext,
    );
    // The same structure as forward's result (a tensor or an array of as many tensors): what `Out` says.
    return (Array.isArray(raw) ? list : list[0]) as Out;
  };
}

function readDefinition<Args extends unknown[], Out extends Tensor | readonly Tensor[]>(
  def: FunctionDefinition<Args, Out>,
): FunctionDefinition<Args, Out> {
  let fields: Partial<FunctionDefinition<Args, Out>> = {};
  try {
    if (typeof def === 'object' && def !== null)
      fields = { name: def.name, forward: def.forward, backward: def.backward };
  } catch {
    // unreadable (a revoked Proxy, throwing getters): reported below
  }
  const { name, forward, backward } = fields;
  if (typeof forward !== 'function' || typeof backward !== 'function' || typeof name !== 'string')
    throw new DtypeError(
      `autograd.defineFunction: expected { name: string, forward(ctx, ...inputs), backward(ctx, ...grads) }, got ${describeValue(def)}`,
    );
  return { name, forward, backward };
}

function broadcastsTo(from: readonly number[], to: readonly number[]): boolean {
  if (from.length < to.length) return false;
  const lead = from.length - to.length;
  return to.every((s, i) => s === 1 || s === from[i + lead]);
}
