/**
 * nn.functional: stateless forms of the layers, activations and losses (torch.nn.functional), all written with
 * differentiable core ops, so they need no gradient rules and support double backward.
 */
import type { Tensor } from '@tapegrad/core';
import {
  arange,
  gelu as coreGelu,
  relu as coreRelu,
  DtypeError,
  isComplex,
  isFloating,
  mul,
  rand,
  ShapeError,
  sigmoid,
  where,
} from '@tapegrad/core';
import { describeValue, readOptions, requireTensor, toRealDtype } from '@tapegrad/core/internal';
import { checkDropoutProbability, checkSameDtype } from './checks';
import { geluExact } from './gelu-exact';
import { reluFused } from './relu-fused';

export { logSoftmax, sigmoid, softmax, softplus, tanh } from '@tapegrad/core';
export {
  celu,
  elu,
  glu,
  hardshrink,
  hardsigmoid,
  hardswish,
  hardtanh,
  mish,
  prelu,
  relu6,
  selu,
  softmin,
  softshrink,
  softsign,
  tanhshrink,
  threshold,
} from './activation-functions';
export { type AttentionOptions, scaledDotProductAttention } from './attention';
export { type ConvOptions, conv1d, conv2d } from './conv';
export {
  type CosineSimilarityOptions,
  cosineSimilarity,
  type NormalizeOptions,
  normalize,
  type PairwiseDistanceOptions,
  pairwiseDistance,
} from './distance';
export { embedding } from './embedding';
export {
  type GaussianNllLossOptions,
  gaussianNllLoss,
  type KlDivOptions,
  type KlDivReduction,
  klDiv,
  type PoissonNllLossOptions,
  poissonNllLoss,
} from './likelihood-losses';
export { logsigmoid } from './log-sigmoid';
export type { LossOptions, Reduction } from './loss-functions';
export {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  crossEntropy,
  l1Loss,
  mseLoss,
  nllLoss,
} from './loss-functions';
export {
  cosineEmbeddingLoss,
  hingeEmbeddingLoss,
  type MarginLossOptions,
  type MultilabelSoftMarginLossOptions,
  marginRankingLoss,
  multilabelSoftMarginLoss,
  softMarginLoss,
  type TripletMarginLossOptions,
  tripletMarginLoss,
} from './margin-losses';
export { batchNorm, layerNorm } from './normalization';
export { type PadMode, type PadOptions, pad } from './padding';
export { type AvgPoolOptions, avgPool1d, avgPool2d, type MaxPoolOptions, maxPool1d, maxPool2d } from './pooling';
export { type HuberLossOptions, huberLoss, type SmoothL1LossOptions, smoothL1Loss } from './robust-losses';

function isRealFloating(x: Tensor): boolean {
  return x.dtype === 'float32' || x.dtype === 'float64';
}

/**
 * max(x, 0) (torch.nn.functional.relu): core `relu`'s values and derivatives (NaN propagates, −0 → 0, ∂ = 0 at 0);
 * a real floating input is one fused node (relu-fused.ts).
 * @example `nn.functional.relu(tensor([-1, 2])).toArray(); // [0, 2]`
 */
export function relu(input: Tensor): Tensor {
  const op = 'nn.functional.relu';
  const x = requireTensor(op, input);
  if (isRealFloating(x)) return reluFused(x);
  if (x.dtype !== 'int32')
    throw new DtypeError(`${op}: expected a float32, float64 or int32 tensor, got ${describeValue(x)}`);
  return coreRelu(x);
}

/**
 * x·Φ(x), exact (erf, the default) or with the tanh approximation (torch.nn.functional.gelu): core `gelu`'s values
 * and derivatives of every order; the exact form of a real floating input is one fused node (gelu-exact.ts).
 * @example `nn.functional.gelu(tensor([0])).toArray(); // [0]`
 */
export function gelu(input: Tensor, opts: { approximate?: 'none' | 'tanh' } = {}): Tensor {
  const op = 'nn.functional.gelu';
  const x = requireTensor(op, input);
  const o = readOptions(op, opts, ['approximate']) as typeof opts;
  if (o.approximate !== undefined && o.approximate !== 'none' && o.approximate !== 'tanh')
    throw new DtypeError(`${op}: expected approximate 'none' or 'tanh', got ${describeValue(o.approximate)}`);
  if (isComplex(x.dtype)) throw new DtypeError(`${op}: expected a real tensor, got ${describeValue(x)}`);
  return o.approximate !== 'tanh' && isRealFloating(x) ? geluExact(x) : coreGelu(x, o);
}

/**
 * x for x ≥ 0, negativeSlope·x otherwise (torch.nn.functional.leaky_relu).
 * @example `leakyRelu(tensor([-2, 3], { dtype: 'float64' }), 0.5).toArray(); // [-1, 3]`
 */
export function leakyRelu(input: Tensor, negativeSlope = 0.01): Tensor {
  const op = 'nn.functional.leakyRelu';
  const x = requireTensor(op, input);
  if (isComplex(x.dtype)) throw new DtypeError(`${op}: expected a real tensor, got ${describeValue(x)}`);
  if (typeof negativeSlope !== 'number' || Number.isNaN(negativeSlope))
    throw new DtypeError(`${op}: expected negativeSlope to be a number, got ${describeValue(negativeSlope)}`);
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
  if (w.ndim !== 2) throw new ShapeError(`${op}: expected a 2-D weight, got ${describeValue(w)}`);
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== w.shape[1])
    throw new ShapeError(`${op}: expected an input whose last dimension is ${w.shape[1]}, got ${describeValue(x)}`);
  checkSameDtype(op, x, w.dtype, 'the weight');
  if (bias !== undefined && bias !== null) {
    const b = requireTensor(op, bias);
    if (b.ndim > 1 || (b.ndim === 1 && b.shape[0] !== w.shape[0] && b.shape[0] !== 1))
      throw new ShapeError(`${op}: expected a bias of shape [${w.shape[0]}], got ${describeValue(b)}`);
    checkSameDtype(op, b, w.dtype, 'the weight');
  }
  // Batch dims folded into the rows: one GEMM forward and for each gradient (the weight's needs no batch sum).
  const out =
    x.ndim > 2
      ? x
          .reshape([-1, w.shape[1]])
          .matmul(w.T)
          .reshape([...x.shape.slice(0, -1), w.shape[0]])
      : x.matmul(w.T);
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
  opts = readOptions(op, opts, ['p', 'training']) as DropoutOptions;
  const p = checkDropoutProbability(op, opts.p ?? 0.5);
  if (opts.training !== undefined && typeof opts.training !== 'boolean')
    throw new DtypeError(`${op}: expected training to be a boolean, got ${describeValue(opts.training)}`);
  if (!isFloating(x.dtype))
    throw new DtypeError(`${op}: expected a floating or complex tensor, got ${describeValue(x)}`);
  if (opts.training === false || p === 0) return x;
  const maskDtype = isComplex(x.dtype) ? toRealDtype(x.dtype) : x.dtype;
  const mask = rand(x.shape, { dtype: 'float64' });
  const m = mask.storage;
  const scale = p === 1 ? 0 : 1 / (1 - p);
  for (let i = 0; i < m.length; i++) m[i] = m[i] < p ? 0 : scale;
  return mul(x, mask.to(maskDtype));
}

/**
 * One-hot encoding (torch.nn.functional.one_hot): int32 indices [*] → int32 [*, numClasses] (PyTorch returns int64;
 * tapegrad has no int64). numClasses −1 (default) means max(input) + 1.
 * @example `oneHot(tensor([0, 2], { dtype: 'int32' }), 3).toArray(); // [[1, 0, 0], [0, 0, 1]]`
 */
export function oneHot(input: Tensor, numClasses = -1): Tensor {
  const op = 'nn.functional.oneHot';
  const idx = requireTensor(op, input);
  if (idx.dtype !== 'int32')
    throw new DtypeError(`${op}: expected an int32 tensor of class indices, got ${describeValue(idx)}`);
  if (typeof numClasses !== 'number' || !Number.isSafeInteger(numClasses) || numClasses < -1)
    throw new DtypeError(
      `${op}: expected numClasses to be −1 or a non-negative integer, got ${describeValue(numClasses)}`,
    );
  const values = idx.contiguous().toTypedArray() as Int32Array;
  let max = -1;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < 0) throw new ShapeError(`${op}: expected non-negative class values, got ${values[i]}`);
    if (values[i] > max) max = values[i];
  }
  const classes = numClasses === -1 ? max + 1 : numClasses;
  if (max >= classes)
    throw new ShapeError(
      `${op}: class values must be smaller than numClasses (expected values below ${classes}, got ${max})`,
    );
  if (numClasses === -1 && values.length === 0)
    throw new ShapeError(`${op}: cannot infer the number of classes of an empty tensor (expected numClasses, got −1)`);
  return idx
    .unsqueeze(-1)
    .eq(arange(classes, { dtype: 'int32' }))
    .to('int32');
}
