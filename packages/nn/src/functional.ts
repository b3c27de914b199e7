/**
 * nn.functional: stateless forms of the layers, activations and losses (torch.nn.functional), all written with
 * differentiable core ops, so they need no gradient rules and support double backward.
 */
import type { Tensor } from '@tapegrad/core';
import {
  DtypeError,
  isComplex,
  isFloating,
  mul,
  rand,
  ShapeError,
  sigmoid,
  Tensor as TensorClass,
  toRealDtype,
  where,
} from '@tapegrad/core';
import { checkDropoutProbability } from './checks';
import { describe } from './state-dict';

export { gelu, logSoftmax, relu, sigmoid, softmax, softplus, tanh } from '@tapegrad/core';
export type { LossOptions, Reduction } from './loss-functions';
export {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  crossEntropy,
  l1Loss,
  mseLoss,
  nllLoss,
} from './loss-functions';

function requireTensor(op: string, x: unknown): Tensor {
  if (!(x instanceof TensorClass)) throw new DtypeError(`${op}: expected a Tensor, got ${describe(x)}`);
  return x;
}

/**
 * x for x ≥ 0, negativeSlope·x otherwise (torch.nn.functional.leaky_relu).
 * @example `leakyRelu(tensor([-2, 3], { dtype: 'float64' }), 0.5).toArray(); // [-1, 3]`
 */
export function leakyRelu(input: Tensor, negativeSlope = 0.01): Tensor {
  const op = 'nn.functional.leakyRelu';
  const x = requireTensor(op, input);
  if (isComplex(x.dtype)) throw new DtypeError(`${op}: expected a real tensor, got ${describe(x)}`);
  if (typeof negativeSlope !== 'number' || Number.isNaN(negativeSlope))
    throw new DtypeError(`${op}: expected negativeSlope to be a number, got ${describe(negativeSlope)}`);
  // x > 0 (not ≥): at 0 the derivative is the negative slope, as torch's leaky_relu_backward.
  return where(x.gt(0), x, x.mul(negativeSlope));
}

/**
 * x·sigmoid(x), also called swish (torch.nn.functional.silu).
 * @example `silu(tensor([0])).toArray(); // [0]`
 */
export function silu(input: Tensor): Tensor {
  const x = requireTensor('nn.functional.silu', input);
  return mul(x, sigmoid(x));
}

/**
 * x Wᵀ + b (torch.nn.functional.linear): input [..., in], weight [out, in], bias [out].
 * @example `linear(ones([2, 3]), ones([4, 3])).shape; // [2, 4]`
 */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const op = 'nn.functional.linear';
  const x = requireTensor(op, input);
  const w = requireTensor(op, weight);
  if (w.ndim !== 2) throw new ShapeError(`${op}: expected a 2-D weight, got ${describe(w)}`);
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== w.shape[1])
    throw new ShapeError(`${op}: expected an input whose last dimension is ${w.shape[1]}, got ${describe(x)}`);
  if (bias !== undefined && bias !== null) {
    const b = requireTensor(op, bias);
    if (b.ndim > 1 || (b.ndim === 1 && b.shape[0] !== w.shape[0] && b.shape[0] !== 1))
      throw new ShapeError(`${op}: expected a bias of shape [${w.shape[0]}], got ${describe(b)}`);
  }
  const out = x.matmul(w.T);
  return bias === undefined || bias === null ? out : out.add(bias);
}

/** Options of {@link dropout}. */
export interface DropoutOptions {
  /** Probability of zeroing an element (default 0.5). */
  p?: number;
  /** Apply dropout (default true); false returns the input itself. */
  training?: boolean;
}

/**
 * Zeroes each element with probability p and scales the rest by 1/(1 − p) ("inverted" dropout, so the expectation
 * is unchanged), drawing from the seeded generator (`manualSeed`); the identity when `training` is false or p = 0
 * (torch.nn.functional.dropout). Gradients flow through the kept elements, scaled by the same factor.
 * @example `dropout(ones([3]), { p: 0.5, training: false }).toArray(); // [1, 1, 1]`
 */
export function dropout(input: Tensor, opts: DropoutOptions = {}): Tensor {
  const op = 'nn.functional.dropout';
  const x = requireTensor(op, input);
  if (typeof opts !== 'object' || opts === null)
    throw new DtypeError(`${op}: expected an options object, got ${describe(opts)}`);
  const p = checkDropoutProbability(op, opts.p ?? 0.5);
  if (opts.training !== undefined && typeof opts.training !== 'boolean')
    throw new DtypeError(`${op}: expected training to be a boolean, got ${describe(opts.training)}`);
  if (!isFloating(x.dtype)) throw new DtypeError(`${op}: expected a floating or complex tensor, got ${describe(x)}`);
  if (opts.training === false || p === 0) return x;
  const maskDtype = isComplex(x.dtype) ? toRealDtype(x.dtype) : x.dtype;
  const mask = rand(x.shape, { dtype: 'float64' });
  const m = mask.storage;
  const scale = p === 1 ? 0 : 1 / (1 - p);
  for (let i = 0; i < m.length; i++) m[i] = m[i] < p ? 0 : scale;
  return mul(x, mask.to(maskDtype));
}
