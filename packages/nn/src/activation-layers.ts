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
  readonly #fn: (x: Tensor) => Tensor;

  constructor(fn: (x: Tensor) => Tensor) {
    super();
    this.#fn = fn;
  }

  forward(input: Tensor): Tensor {
    return this.#fn(input);
  }
}

/**
 * elu(x, α) (torch.nn.ELU; α = 1).
 * @example `new nn.ELU().forward(tensor([0])).toArray(); // [0]`
 */
export class ELU extends Pointwise {
  readonly alpha: number;

  constructor(alpha = 1) {
    const a = numberOption('nn.ELU', 'alpha', alpha);
    super((x) => A.elu(x, a));
    this.alpha = a;
  }
}

/**
 * celu(x, α) (torch.nn.CELU; α = 1).
 * @example `new nn.CELU().forward(tensor([0])).toArray(); // [0]`
 */
export class CELU extends Pointwise {
  readonly alpha: number;

  constructor(alpha = 1) {
    const a = numberOption('nn.CELU', 'alpha', alpha);
    if (a === 0) throw new DtypeError('nn.CELU: expected a non-zero alpha, got 0');
    super((x) => A.celu(x, a));
    this.alpha = a;
  }
}

/**
 * selu(x) (torch.nn.SELU).
 * @example `new nn.SELU().forward(tensor([0])).toArray(); // [0]`
 */
export class SELU extends Pointwise {
  constructor() {
    super(A.selu);
  }
}

/**
 * hardtanh(x, minVal, maxVal) (torch.nn.Hardtanh; −1, 1).
 * @example `new nn.Hardtanh(-2, 2).forward(tensor([-3, 1, 3])).toArray(); // [-2, 1, 2]`
 */
export class Hardtanh extends Pointwise {
  readonly minVal: number;
  readonly maxVal: number;

  constructor(minVal = -1, maxVal = 1) {
    const lo = numberOption('nn.Hardtanh', 'minVal', minVal);
    const hi = numberOption('nn.Hardtanh', 'maxVal', maxVal);
    if (lo > hi) throw new DtypeError(`nn.Hardtanh: expected minVal ≤ maxVal, got ${lo} > ${hi}`);
    super((x) => A.hardtanh(x, lo, hi));
    this.minVal = lo;
    this.maxVal = hi;
  }
}

/**
 * relu6(x) (torch.nn.ReLU6).
 * @example `new nn.ReLU6().forward(tensor([-1, 7])).toArray(); // [0, 6]`
 */
export class ReLU6 extends Pointwise {
  constructor() {
    super(A.relu6);
  }
}

/**
 * hardsigmoid(x) (torch.nn.Hardsigmoid).
 * @example `new nn.Hardsigmoid().forward(tensor([0])).toArray(); // [0.5]`
 */
export class Hardsigmoid extends Pointwise {
  constructor() {
    super(A.hardsigmoid);
  }
}

/**
 * hardswish(x) (torch.nn.Hardswish).
 * @example `new nn.Hardswish().forward(tensor([4])).toArray(); // [4]`
 */
export class Hardswish extends Pointwise {
  constructor() {
    super(A.hardswish);
  }
}

/**
 * mish(x) (torch.nn.Mish).
 * @example `new nn.Mish().forward(tensor([0])).toArray(); // [0]`
 */
export class Mish extends Pointwise {
  constructor() {
    super(A.mish);
  }
}

/**
 * softsign(x) (torch.nn.Softsign).
 * @example `new nn.Softsign().forward(tensor([1])).toArray(); // [0.5]`
 */
export class Softsign extends Pointwise {
  constructor() {
    super(A.softsign);
  }
}

/**
 * tanhshrink(x) (torch.nn.Tanhshrink).
 * @example `new nn.Tanhshrink().forward(tensor([0])).toArray(); // [0]`
 */
export class Tanhshrink extends Pointwise {
  constructor() {
    super(A.tanhshrink);
  }
}

/** hardshrink's and softshrink's module form: one λ ≥ 0. */
abstract class Shrink extends Pointwise {
  readonly lambd: number;

  constructor(op: string, lambd: number, shrink: (x: Tensor, lambd: number) => Tensor) {
    const l = numberOption(op, 'lambd', lambd, 'nonNegative');
    super((x) => shrink(x, l));
    this.lambd = l;
  }
}

/**
 * hardshrink(x, λ) (torch.nn.Hardshrink; λ = 0.5).
 * @example `new nn.Hardshrink().forward(tensor([0.2, 1])).toArray(); // [0, 1]`
 */
export class Hardshrink extends Shrink {
  constructor(lambd = 0.5) {
    super('nn.Hardshrink', lambd, A.hardshrink);
  }
}

/**
 * softshrink(x, λ) (torch.nn.Softshrink; λ = 0.5).
 * @example `new nn.Softshrink().forward(tensor([0.2, 1])).toArray(); // [0, 0.5]`
 */
export class Softshrink extends Shrink {
  constructor(lambd = 0.5) {
    super('nn.Softshrink', lambd, A.softshrink);
  }
}

/**
 * threshold(x, threshold, value) (torch.nn.Threshold).
 * @example `new nn.Threshold(0.1, 20).forward(tensor([0, 1])).toArray(); // [20, 1]`
 */
export class Threshold extends Pointwise {
  readonly threshold: number;
  readonly value: number;

  constructor(threshold: number, value: number) {
    const t = numberOption('nn.Threshold', 'threshold', threshold);
    const v = numberOption('nn.Threshold', 'value', value);
    super((x) => A.threshold(x, t, v));
    this.threshold = t;
    this.value = v;
  }
}

/**
 * softmin along `dim` (torch.nn.Softmin).
 * @example `new nn.Softmin(0).forward(tensor([1, 1])).toArray(); // [0.5, 0.5]`
 */
export class Softmin extends Pointwise {
  readonly dim: number;

  constructor(dim: number) {
    const d = dimOption('nn.Softmin', dim);
    super((x) => A.softmin(x, d));
    this.dim = d;
  }
}

/**
 * glu along `dim` (torch.nn.GLU; dim −1).
 * @example `new nn.GLU().forward(tensor([[1, 0]])).toArray(); // [[0.5]]`
 */
export class GLU extends Pointwise {
  readonly dim: number;

  constructor(dim = -1) {
    const d = dimOption('nn.GLU', dim);
    super((x) => A.glu(x, d));
    this.dim = d;
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
