/**
 * Module forms of the activations in activation-functions.ts (torch.nn.ELU, …, torch.nn.PReLU): constructor
 * arguments are PyTorch's, positional, checked when the module is built; `forward` calls the functional form.
 */
import type { DType, Tensor } from '@tapegrad/core';
import { DtypeError, full, isComplex, ShapeError } from '@tapegrad/core';
import { describeValue, readOptions } from '@tapegrad/core/internal';
import * as A from './activation-functions';
import { checkSameDtype, floatingDtypeOption, integerOption, numberOption, requireRealFloating } from './checks';
import { Module } from './module';
import { markParameter } from './parameter';

/** An integer dim (checked against the input's rank at forward), else a ShapeError, as nn.Softmax's. */
function dimOption(op: string, dim: unknown): number {
  if (typeof dim !== 'number' || !Number.isSafeInteger(dim))
    throw new ShapeError(`${op}: expected an integer dim, got ${describeValue(dim)}`);
  return dim;
}

/** A module with no settings whose forward is one activation function. */
abstract class Pointwise extends Module {
  protected abstract readonly fn: (x: Tensor) => Tensor;

  forward(input: Tensor): Tensor {
    return this.fn(input);
  }
}

/**
 * elu(x, α) (torch.nn.ELU; α = 1).
 * @example `new nn.ELU().forward(tensor([0])).toArray(); // [0]`
 */
export class ELU extends Pointwise {
  readonly alpha: number;
  protected readonly fn = (x: Tensor): Tensor => A.elu(x, this.alpha);

  constructor(alpha = 1) {
    super();
    this.alpha = numberOption('nn.ELU', 'alpha', alpha);
  }
}

/**
 * celu(x, α) (torch.nn.CELU; α = 1).
 * @example `new nn.CELU().forward(tensor([0])).toArray(); // [0]`
 */
export class CELU extends Pointwise {
  readonly alpha: number;
  protected readonly fn = (x: Tensor): Tensor => A.celu(x, this.alpha);

  constructor(alpha = 1) {
    super();
    this.alpha = numberOption('nn.CELU', 'alpha', alpha);
    if (this.alpha === 0) throw new DtypeError('nn.CELU: expected a non-zero alpha, got 0');
  }
}

/**
 * selu(x) (torch.nn.SELU).
 * @example `new nn.SELU().forward(tensor([0])).toArray(); // [0]`
 */
export class SELU extends Pointwise {
  protected readonly fn = A.selu;
}

/**
 * hardtanh(x, minVal, maxVal) (torch.nn.Hardtanh; −1, 1).
 * @example `new nn.Hardtanh(-2, 2).forward(tensor([-3, 1, 3])).toArray(); // [-2, 1, 2]`
 */
export class Hardtanh extends Pointwise {
  readonly minVal: number;
  readonly maxVal: number;
  protected readonly fn = (x: Tensor): Tensor => A.hardtanh(x, this.minVal, this.maxVal);

  constructor(minVal = -1, maxVal = 1) {
    super();
    this.minVal = numberOption('nn.Hardtanh', 'minVal', minVal);
    this.maxVal = numberOption('nn.Hardtanh', 'maxVal', maxVal);
    if (this.minVal > this.maxVal)
      throw new DtypeError(`nn.Hardtanh: expected minVal ≤ maxVal, got ${this.minVal} > ${this.maxVal}`);
  }
}

/**
 * relu6(x) (torch.nn.ReLU6).
 * @example `new nn.ReLU6().forward(tensor([-1, 7])).toArray(); // [0, 6]`
 */
export class ReLU6 extends Pointwise {
  protected readonly fn = A.relu6;
}

/**
 * hardsigmoid(x) (torch.nn.Hardsigmoid).
 * @example `new nn.Hardsigmoid().forward(tensor([0])).toArray(); // [0.5]`
 */
export class Hardsigmoid extends Pointwise {
  protected readonly fn = A.hardsigmoid;
}

/**
 * hardswish(x) (torch.nn.Hardswish).
 * @example `new nn.Hardswish().forward(tensor([4])).toArray(); // [4]`
 */
export class Hardswish extends Pointwise {
  protected readonly fn = A.hardswish;
}

/**
 * mish(x) (torch.nn.Mish).
 * @example `new nn.Mish().forward(tensor([0])).toArray(); // [0]`
 */
export class Mish extends Pointwise {
  protected readonly fn = A.mish;
}

/**
 * softsign(x) (torch.nn.Softsign).
 * @example `new nn.Softsign().forward(tensor([1])).toArray(); // [0.5]`
 */
export class Softsign extends Pointwise {
  protected readonly fn = A.softsign;
}

/**
 * tanhshrink(x) (torch.nn.Tanhshrink).
 * @example `new nn.Tanhshrink().forward(tensor([0])).toArray(); // [0]`
 */
export class Tanhshrink extends Pointwise {
  protected readonly fn = A.tanhshrink;
}

/**
 * hardshrink(x, λ) (torch.nn.Hardshrink; λ = 0.5).
 * @example `new nn.Hardshrink().forward(tensor([0.2, 1])).toArray(); // [0, 1]`
 */
export class Hardshrink extends Pointwise {
  readonly lambd: number;
  protected readonly fn = (x: Tensor): Tensor => A.hardshrink(x, this.lambd);

  constructor(lambd = 0.5) {
    super();
    this.lambd = numberOption('nn.Hardshrink', 'lambd', lambd, 'nonNegative');
  }
}

/**
 * softshrink(x, λ) (torch.nn.Softshrink; λ = 0.5).
 * @example `new nn.Softshrink().forward(tensor([0.2, 1])).toArray(); // [0, 0.5]`
 */
export class Softshrink extends Pointwise {
  readonly lambd: number;
  protected readonly fn = (x: Tensor): Tensor => A.softshrink(x, this.lambd);

  constructor(lambd = 0.5) {
    super();
    this.lambd = numberOption('nn.Softshrink', 'lambd', lambd, 'nonNegative');
  }
}

/**
 * threshold(x, threshold, value) (torch.nn.Threshold).
 * @example `new nn.Threshold(0.1, 20).forward(tensor([0, 1])).toArray(); // [20, 1]`
 */
export class Threshold extends Pointwise {
  readonly threshold: number;
  readonly value: number;
  protected readonly fn = (x: Tensor): Tensor => A.threshold(x, this.threshold, this.value);

  constructor(threshold: number, value: number) {
    super();
    this.threshold = numberOption('nn.Threshold', 'threshold', threshold);
    this.value = numberOption('nn.Threshold', 'value', value);
  }
}

/**
 * softmin along `dim` (torch.nn.Softmin).
 * @example `new nn.Softmin(0).forward(tensor([1, 1])).toArray(); // [0.5, 0.5]`
 */
export class Softmin extends Pointwise {
  readonly dim: number;
  protected readonly fn = (x: Tensor): Tensor => A.softmin(x, this.dim);

  constructor(dim: number) {
    super();
    this.dim = dimOption('nn.Softmin', dim);
  }
}

/**
 * glu along `dim` (torch.nn.GLU; dim −1).
 * @example `new nn.GLU().forward(tensor([[1, 0]])).toArray(); // [[0.5]]`
 */
export class GLU extends Pointwise {
  readonly dim: number;
  protected readonly fn = (x: Tensor): Tensor => A.glu(x, this.dim);

  constructor(dim = -1) {
    super();
    this.dim = dimOption('nn.GLU', dim);
  }
}

/** Options of {@link PReLU}. */
export interface PReLUOptions {
  /** The weight's dtype (default: the default dtype). */
  dtype?: DType;
}

/**
 * prelu(x, weight) with a learnable `weight` of `numParameters` slopes (1, or the input's channels), all `init`
 * (torch.nn.PReLU; 1, 0.25).
 * @example `new nn.PReLU().forward(tensor([-4, 2])).toArray(); // [-1, 2]`
 */
export class PReLU extends Module {
  readonly numParameters: number;
  /** Shape [numParameters]. */
  weight: Tensor;

  constructor(numParameters = 1, init = 0.25, opts: PReLUOptions = {}) {
    super();
    const op = 'nn.PReLU';
    const o = readOptions(op, opts, ['dtype']) as PReLUOptions;
    this.numParameters = integerOption(op, 'numParameters', numParameters, 1);
    const dtype = floatingDtypeOption(op, o.dtype);
    if (isComplex(dtype)) throw new DtypeError(`${op}: expected a real floating dtype, got ${dtype}`);
    this.weight = markParameter(
      full([this.numParameters], numberOption(op, 'init', init), { dtype }).requiresGrad_(true),
    );
  }

  forward(input: Tensor): Tensor {
    const x = requireRealFloating('nn.PReLU.forward', input);
    checkSameDtype('nn.PReLU.forward', x, this.weight.dtype);
    return A.prelu(x, this.weight);
  }
}
