/** Linear, Sequential, Identity and Flatten. */
import type { DType, Tensor } from '@tapegrad/core';
import {
  DtypeError,
  flatten,
  getDefaultDtype,
  isFloating,
  rand,
  ShapeError,
  Tensor as TensorClass,
} from '@tapegrad/core';
import { describeValue, readOptions } from '@tapegrad/core/internal';
import { checkSameDtype } from './checks';
import { childAt } from './containers';
import { linear } from './functional';
import { fusePair } from './fusion';
import { Module } from './module';

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** Add a learnable bias (default true). */
  bias?: boolean;
  /** Parameter dtype (default: the default dtype). */
  dtype?: DType;
}

/** Largest element count of a tensor (core's limit: typed arrays of up to 2^31 − 1 elements). */
const MAX_ELEMENTS = 2 ** 31 - 1;

function checkFeatures(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new ShapeError(`${op}: expected ${name} to be a non-negative integer, got ${describeValue(value)}`);
  return value;
}

/**
 * A leaf tensor requiring grad, filled from U(−bound, bound) with the seeded generator (`manualSeed`), as
 * `torch.nn.init.uniform_`. Complex dtypes draw the real and imaginary parts independently.
 */
function uniformParameter(shape: number[], bound: number, dtype: DType): Tensor {
  const t = rand(shape, { dtype });
  const s = t.storage;
  for (let i = 0; i < s.length; i++) s[i] = -bound + 2 * bound * s[i];
  return t.requiresGrad_(true);
}

/**
 * y = x Wᵀ + b (torch.nn.Linear). `weight` has shape [outFeatures, inFeatures], `bias` [outFeatures].
 * Initialization as PyTorch: weight ~ U(−1/√in, 1/√in) (kaiming_uniform with a = √5 has exactly this bound) and
 * bias ~ U(−1/√in, 1/√in), from the seeded generator, so `manualSeed` makes it reproducible.
 * @example
 * ```ts
 * const fc = new nn.Linear(3, 2);
 * fc.forward(ones([4, 3])).shape; // [4, 2]
 * ```
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** Shape [outFeatures, inFeatures]. */
  weight: Tensor;
  /** Shape [outFeatures], or null without bias. */
  bias: Tensor | null;

  constructor(inFeatures: number, outFeatures: number, opts: LinearOptions = {}) {
    super();
    const op = 'nn.Linear';
    opts = readOptions(op, opts, ['bias', 'dtype']) as LinearOptions;
    this.inFeatures = checkFeatures(op, 'inFeatures', inFeatures);
    this.outFeatures = checkFeatures(op, 'outFeatures', outFeatures);
    if (inFeatures * outFeatures > MAX_ELEMENTS)
      throw new ShapeError(
        `${op}: expected a weight of at most ${MAX_ELEMENTS} elements, got ${outFeatures}×${inFeatures} = ${inFeatures * outFeatures}`,
      );
    const dtype = opts.dtype ?? getDefaultDtype();
    if (!isFloating(dtype)) throw new DtypeError(`${op}: expected a floating or complex dtype, got ${String(dtype)}`);
    const useBias = opts.bias ?? true;
    if (typeof useBias !== 'boolean')
      throw new DtypeError(`${op}: expected bias to be a boolean, got ${describeValue(useBias)}`);
    const bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
    this.weight = uniformParameter([outFeatures, inFeatures], bound, dtype);
    this.bias = useBias ? uniformParameter([outFeatures], bound, dtype) : null;
  }

  /** x: [..., inFeatures] → [..., outFeatures]. */
  forward(input: Tensor): Tensor {
    if (!(input instanceof TensorClass))
      throw new DtypeError(`nn.Linear.forward: expected a Tensor, got ${describeValue(input)}`);
    if (input.ndim === 0 || input.shape[input.ndim - 1] !== this.inFeatures)
      throw new ShapeError(
        `nn.Linear.forward: expected an input whose last dimension is ${this.inFeatures}, got ${describeValue(input)}`,
      );
    // As torch ("mat1 and mat2 must have the same dtype"): no silent promotion of an f32 layer to f64 or back.
    checkSameDtype('nn.Linear.forward', input, this.weight.dtype);
    return linear(input, this.weight, this.bias);
  }
}

/**
 * Applies modules one after the other (torch.nn.Sequential). The i-th module is the property `"i"`, so parameter
 * names are `"0.weight"`, `"2.bias"`, ….
 * @example
 * ```ts
 * const model = new nn.Sequential(new nn.Linear(2, 4), new nn.ReLU(), new nn.Linear(4, 1));
 * model.forward(ones([5, 2])).shape; // [5, 1]
 * model.namedParameters()[2][0]; // '2.weight'
 * ```
 */
export class Sequential extends Module {
  readonly #length: number;

  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => {
      if (!(m instanceof Module))
        throw new DtypeError(`nn.Sequential: expected Module arguments, got ${describeValue(m)} at position ${i}`);
      Object.defineProperty(this, String(i), { value: m, enumerable: true, writable: true, configurable: false });
    });
    this.#length = modules.length;
  }

  /** Number of modules. */
  get length(): number {
    return this.#length;
  }

  /**
   * The i-th module (negative indices count from the end).
   * @example `new nn.Sequential(new nn.ReLU(), new nn.Tanh()).at(-1) instanceof nn.Tanh; // true`
   */
  at(index: number): Module {
    return childAt('nn.Sequential.at', this, index, this.#length);
  }

  /**
   * Feeds `input` through every module in order. Some adjacent pairs run as one fused step with the same values and
   * gradients (a BatchNorm in training mode followed by a ReLU).
   */
  forward(input: Tensor): Tensor {
    let x = input;
    for (let i = 0; i < this.#length; i++) {
      const fused = i + 1 < this.#length ? fusePair(this.at(i), this.at(i + 1), x) : null;
      const y = fused ?? this.at(i).forward(x);
      if (fused !== null) i++;
      if (!(y instanceof TensorClass))
        throw new DtypeError(`nn.Sequential.forward: expected module ${i} to return a Tensor, got ${describeValue(y)}`);
      x = y;
    }
    return x;
  }
}

/**
 * Returns its input (torch.nn.Identity).
 * @example `const x = ones([2]); new nn.Identity().forward(x) === x; // true`
 */
export class Identity extends Module {
  forward(input: Tensor): Tensor {
    return input;
  }
}

/**
 * Flattens dims startDim..endDim (default 1..−1, keeping the batch dim), as torch.nn.Flatten.
 * @example `new nn.Flatten().forward(ones([2, 3, 4])).shape; // [2, 12]`
 */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;

  constructor(startDim = 1, endDim = -1) {
    super();
    for (const d of [startDim, endDim]) {
      if (typeof d !== 'number' || !Number.isInteger(d))
        throw new ShapeError(
          `nn.Flatten: expected integer dims, got ${describeValue(startDim)} and ${describeValue(endDim)}`,
        );
    }
    this.startDim = startDim;
    this.endDim = endDim;
  }

  forward(input: Tensor): Tensor {
    return flatten(input, this.startDim, this.endDim);
  }
}
