/** Activation modules: thin wrappers over nn.functional. */
import type { Tensor } from '@tapegrad/core';
import { DtypeError, ShapeError } from '@tapegrad/core';
import { describeValue, readOptions } from '@tapegrad/core/internal';
import * as F from './functional';
import { Module } from './module';

/** The options of a constructor read once (`{}` when omitted; unknown keys: DtypeError naming the key). */
function optionsOf<T extends object>(op: string, opts: T, keys: readonly (keyof T & string)[]): T {
  return readOptions(op, opts, keys) as T;
}

function numberOption(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value))
    throw new DtypeError(`${op}: expected ${name} to be a number, got ${describeValue(value)}`);
  return value;
}

function integerDim(op: string, dim: unknown): number {
  if (typeof dim !== 'number' || !Number.isInteger(dim))
    throw new ShapeError(`${op}: expected an integer dim, got ${describeValue(dim)}`);
  return dim;
}

/**
 * max(x, 0) (torch.nn.ReLU).
 * @example `new nn.ReLU().forward(tensor([-1, 2])).toArray(); // [0, 2]`
 */
export class ReLU extends Module {
  forward(input: Tensor): Tensor {
    return F.relu(input);
  }
}

/**
 * tanh(x) (torch.nn.Tanh).
 * @example `new nn.Tanh().forward(tensor([0])).toArray(); // [0]`
 */
export class Tanh extends Module {
  forward(input: Tensor): Tensor {
    return F.tanh(input);
  }
}

/**
 * 1/(1 + e^−x) (torch.nn.Sigmoid).
 * @example `new nn.Sigmoid().forward(tensor([0])).toArray(); // [0.5]`
 */
export class Sigmoid extends Module {
  forward(input: Tensor): Tensor {
    return F.sigmoid(input);
  }
}

/**
 * x·Φ(x), exact (erf) or with the tanh approximation (torch.nn.GELU).
 * @example `new nn.GELU().forward(tensor([0])).toArray(); // [0]`
 */
export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';

  constructor(opts: { approximate?: 'none' | 'tanh' } = {}) {
    super();
    const approximate = optionsOf('nn.GELU', opts, ['approximate']).approximate ?? 'none';
    if (approximate !== 'none' && approximate !== 'tanh')
      throw new DtypeError(`nn.GELU: expected approximate 'none' or 'tanh', got ${describeValue(approximate)}`);
    this.approximate = approximate;
  }

  forward(input: Tensor): Tensor {
    return F.gelu(input, { approximate: this.approximate });
  }
}

/**
 * log(1 + e^(βx))/β, linear above `threshold` (torch.nn.Softplus; β = 1, threshold = 20).
 * @example `new nn.Softplus().forward(tensor([0], { dtype: 'float64' })).item(); // Math.LN2`
 */
export class Softplus extends Module {
  readonly beta: number;
  readonly threshold: number;

  constructor(opts: { beta?: number; threshold?: number } = {}) {
    super();
    const o = optionsOf('nn.Softplus', opts, ['beta', 'threshold']);
    this.beta = numberOption('nn.Softplus', 'beta', o.beta ?? 1);
    this.threshold = numberOption('nn.Softplus', 'threshold', o.threshold ?? 20);
  }

  forward(input: Tensor): Tensor {
    return F.softplus(input, { beta: this.beta, threshold: this.threshold });
  }
}

/**
 * x for x ≥ 0, negativeSlope·x otherwise (torch.nn.LeakyReLU; slope 0.01).
 * @example `new nn.LeakyReLU(0.1).forward(tensor([-10, 2], { dtype: 'float64' })).toArray(); // [-1, 2]`
 */
export class LeakyReLU extends Module {
  readonly negativeSlope: number;

  constructor(negativeSlope = 0.01) {
    super();
    this.negativeSlope = numberOption('nn.LeakyReLU', 'negativeSlope', negativeSlope);
  }

  forward(input: Tensor): Tensor {
    return F.leakyRelu(input, this.negativeSlope);
  }
}

/**
 * x·sigmoid(x) (torch.nn.SiLU).
 * @example `new nn.SiLU().forward(tensor([0])).toArray(); // [0]`
 */
export class SiLU extends Module {
  forward(input: Tensor): Tensor {
    return F.silu(input);
  }
}

/** A module that works along one `dim` (checked under the module's name). */
abstract class AlongDim extends Module {
  constructor(
    op: string,
    readonly dim: number,
  ) {
    super();
    integerDim(op, dim);
  }
}

/**
 * Softmax along `dim` (torch.nn.Softmax).
 * @example `new nn.Softmax(-1).forward(tensor([1, 1])).toArray(); // [0.5, 0.5]`
 */
export class Softmax extends AlongDim {
  constructor(dim: number) {
    super('nn.Softmax', dim);
  }

  forward(input: Tensor): Tensor {
    return F.softmax(input, this.dim);
  }
}

/**
 * log(softmax(x)) along `dim`, computed stably as x − logsumexp(x) (torch.nn.LogSoftmax).
 * @example `new nn.LogSoftmax(0).forward(tensor([0, 0], { dtype: 'float64' })).toArray(); // [-Math.LN2, -Math.LN2]`
 */
export class LogSoftmax extends AlongDim {
  constructor(dim: number) {
    super('nn.LogSoftmax', dim);
  }

  forward(input: Tensor): Tensor {
    return F.logSoftmax(input, this.dim);
  }
}
