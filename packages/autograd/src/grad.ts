import type { GradOf, Tensor } from '@tapegrad/core';
import { AutogradError, DtypeError, ShapeError, zerosLike } from '@tapegrad/core';
import { readOptions } from '@tapegrad/core/internal';
import { describeValue } from './describe';
import { runBackward } from './engine';

/** Options of {@link grad}. */
export interface GradOptions {
  /** Cotangents for the outputs (default: 1 for scalar outputs). For complex y, the gradient is that of Re(Σ conj(v)·y). */
  gradOutputs?: Tensor | readonly (Tensor | null)[];
  /** Keep the graph for another backward (defaults to `createGraph`). */
  retainGraph?: boolean;
  /** Record the backward pass so the returned gradients can be differentiated again. */
  createGraph?: boolean;
  /** Return null (instead of throwing) for inputs the outputs do not depend on. */
  allowUnused?: boolean;
  /** Return zeros instead of null for unused inputs (implies allowUnused). */
  materializeGrads?: boolean;
}

const GRAD_OPTION_KEYS = ['gradOutputs', 'retainGraph', 'createGraph', 'allowUnused', 'materializeGrads'] as const;

function asList<T>(value: T | readonly T[]): T[] {
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

/**
 * One gradient per input, in the inputs' order, each of its input's dtype: `[g]` for a single input tensor, a tuple of
 * the same length for a tuple of inputs, an array for an array. `Null` is `null` with `allowUnused: true`.
 */
export type Gradients<I extends Tensor | readonly Tensor[], Null = never> = I extends readonly Tensor[]
  ? { -readonly [K in keyof I]: GradOf<I[K]> | Null }
  : [GradOf<I> | Null];

/**
 * Gradients of `outputs` with respect to `inputs` (torch.autograd.grad), without touching `.grad`. An input the
 * outputs do not depend on is an AutogradError, so every gradient is a `Tensor` — unless `allowUnused: true`, which
 * returns null for it (typed `Tensor | null`), or `materializeGrads: true`, which returns zeros for it.
 * @example
 * ```ts
 * const x = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
 * const [g] = autograd.grad(x.mul(x).sum(), [x], { createGraph: true }); // g = 2x, differentiable again
 * ```
 */
export function grad<const I extends Tensor | readonly Tensor[]>(
  outputs: Tensor | readonly Tensor[],
  inputs: I,
  opts?: GradOptions & { allowUnused?: false },
): Gradients<I>;
/** {@link grad} with `materializeGrads: true`: zeros for unused inputs, so every gradient is a `Tensor`. */
export function grad<const I extends Tensor | readonly Tensor[]>(
  outputs: Tensor | readonly Tensor[],
  inputs: I,
  opts: GradOptions & { materializeGrads: true },
): Gradients<I>;
/** {@link grad} with `allowUnused` (or options not known statically): null for the inputs the outputs do not use. */
export function grad<const I extends Tensor | readonly Tensor[]>(
  outputs: Tensor | readonly Tensor[],
  inputs: I,
  opts: GradOptions,
): Gradients<I, null>;
export function grad<I extends Tensor | readonly Tensor[]>(
  outputs: Tensor | readonly Tensor[],
  inputs: I,
  opts: GradOptions = {},
): Gradients<I, null> {
  // One entry per input; null only with allowUnused (gradWithOp throws for an unused input otherwise).
  return gradWithOp('autograd.grad', outputs, inputs, opts) as Gradients<I, null>;
}

/** {@link grad} under the public name (`autograd.grad`, `vjp`, …) that its errors start with. @internal */
export function gradWithOp(
  op: string,
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  opts: GradOptions = {},
): (Tensor | null)[] {
  opts = readOptions(op, opts, GRAD_OPTION_KEYS) as GradOptions;
  const outs = asList(outputs);
  const ins = asList(inputs);
  if (outs.length === 0) throw new ShapeError(`${op}: expected at least one output, got none`);
  if (ins.length === 0) throw new ShapeError(`${op}: expected at least one input, got none`);
  const gos = opts.gradOutputs === undefined ? outs.map(() => null) : asList(opts.gradOutputs);
  if (gos.length !== outs.length) {
    throw new ShapeError(`${op}: expected ${outs.length} gradOutputs (one per output), got ${gos.length}`);
  }
  for (const key of ['allowUnused', 'materializeGrads'] as const) {
    if (opts[key] !== undefined && typeof opts[key] !== 'boolean')
      throw new DtypeError(`${op}: expected ${key} to be a boolean, got ${describeValue(opts[key])}`);
  }
  const createGraph = opts.createGraph ?? false;
  const result = runBackward(op, outs, gos, ins, {
    createGraph,
    retainGraph: opts.retainGraph ?? createGraph,
  });
  return result.map((g, i) => {
    if (g !== null) return g;
    if (opts.materializeGrads) return zerosLike(ins[i]);
    if (!opts.allowUnused) {
      throw new AutogradError(
        `${op}: one of the differentiated tensors (input ${i}) appears to not have been used in the graph; set allowUnused: true if this is the desired behavior (expected inputs the outputs depend on, got input ${i}, which they do not)`,
      );
    }
    return null;
  });
}
