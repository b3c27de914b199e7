/**
 * nn.init: in-place initializers with PyTorch's formulas (torch.nn.init), drawing from the seeded generator
 * (`manualSeed`). Each writes under noGrad (so parameters that require grad can be initialized, as PyTorch's
 * `with torch.no_grad()`), bumps the tensor's version, and returns the tensor.
 * Fans (`_calculate_fan_in_and_fan_out`): for a weight of shape [out, in, *kernel], fanIn = in·∏kernel and
 * fanOut = out·∏kernel. Xavier: Glorot & Bengio, "Understanding the difficulty of training deep feedforward neural
 * networks", AISTATS 2010. Kaiming: He et al., "Delving Deep into Rectifiers", ICCV 2015. Orthogonal: Saxe et al.,
 * "Exact solutions to the nonlinear dynamics of learning in deep linear neural networks", ICLR 2014.
 */
import type { Tensor } from '@tapegrad/core';
import { DtypeError, isFloating, noGrad, rand, randn, ShapeError, Tensor as TensorClass, tensor } from '@tapegrad/core';
import { copyIntoAs, describeValue } from '@tapegrad/core/internal';
import { qr } from '@tapegrad/linalg';

/** Nonlinearities known to {@link calculateGain} (PyTorch's names; camelCase `leakyRelu` is accepted too). */
export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'conv_transpose1d'
  | 'conv_transpose2d'
  | 'conv_transpose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'leakyRelu'
  | 'selu';

/** Which fan Kaiming initialization preserves: the forward pass ('fan_in') or the backward pass ('fan_out'). */
export type FanMode = 'fan_in' | 'fan_out' | 'fanIn' | 'fanOut';

function requireFloating(op: string, t: unknown): Tensor {
  if (!(t instanceof TensorClass)) throw new DtypeError(`${op}: expected a Tensor, got ${describeValue(t)}`);
  if (!isFloating(t.dtype))
    throw new DtypeError(`${op}: expected a floating or complex tensor, got ${describeValue(t)}`);
  return t;
}

function finiteNumber(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new DtypeError(`${op}: expected ${name} to be a finite number, got ${describeValue(value)}`);
  return value;
}

/** Writes `values` (same shape) into `t` in place, outside autograd. */
function fill(op: string, t: Tensor, make: () => Tensor): Tensor {
  noGrad(() => copyIntoAs(op, t, make()));
  return t;
}

/**
 * The recommended gain for a nonlinearity (torch.nn.init.calculate_gain): 1 for linear/conv/sigmoid, 5/3 for tanh,
 * √2 for relu, √(2/(1 + slope²)) for leaky_relu (slope `param`, default 0.01), 3/4 for selu.
 * @example `nn.init.calculateGain('relu'); // 1.4142135623730951`
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  const op = 'nn.init.calculateGain';
  switch (nonlinearity) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'conv_transpose1d':
    case 'conv_transpose2d':
    case 'conv_transpose3d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu':
    case 'leakyRelu': {
      const slope = param === undefined ? 0.01 : finiteNumber(op, 'the negative slope', param);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new DtypeError(
        `${op}: unsupported nonlinearity (expected linear, conv1d, conv2d, conv3d, conv_transpose1d/2d/3d, sigmoid, tanh, relu, leaky_relu or selu, got ${describeValue(nonlinearity)})`,
      );
  }
}

/**
 * fanIn and fanOut of a weight of shape [out, in, *kernel] (at least 2 dimensions).
 * @example `nn.init.calculateFanInAndFanOut(zeros([8, 3, 5, 5])); // [75, 200]`
 */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  return fansOf('nn.init.calculateFanInAndFanOut', t);
}

/** calculateFanInAndFanOut under the name of the public op (an initializer) that its errors start with. */
function fansOf(op: string, t: Tensor): [number, number] {
  if (!(t instanceof TensorClass)) throw new DtypeError(`${op}: expected a Tensor, got ${describeValue(t)}`);
  if (t.ndim < 2)
    throw new ShapeError(
      `${op}: fan in and fan out can not be computed for a tensor with fewer than 2 dimensions (expected 2 or more, got ${describeValue(t)})`,
    );
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

function fanOf(op: string, t: Tensor, mode: unknown): number {
  if (mode !== 'fan_in' && mode !== 'fan_out' && mode !== 'fanIn' && mode !== 'fanOut')
    throw new DtypeError(`${op}: expected mode 'fan_in' or 'fan_out', got ${describeValue(mode)}`);
  const [fanIn, fanOut] = fansOf(op, t);
  const fan = mode === 'fan_in' || mode === 'fanIn' ? fanIn : fanOut;
  if (fan === 0)
    throw new ShapeError(
      `${op}: cannot initialize a tensor with a zero ${mode} (expected a non-empty ${mode}, got ${describeValue(t)})`,
    );
  return fan;
}

/**
 * Fills with U(a, b) (torch.nn.init.uniform_). Complex tensors draw both parts.
 * @example `nn.init.uniform_(zeros([3]), -1, 1); // values in [−1, 1)`
 */
export function uniform_(t: Tensor, a = 0, b = 1): Tensor {
  return uniformAs('nn.init.uniform_', t, a, b);
}

function uniformAs(op: string, t: Tensor, a: number, b: number): Tensor {
  const x = requireFloating(op, t);
  const low = finiteNumber(op, 'a', a);
  const high = finiteNumber(op, 'b', b);
  if (low > high) throw new DtypeError(`${op}: expected a ≤ b, got a = ${low} and b = ${high}`);
  return fill(op, x, () =>
    rand(x.shape, { dtype: x.dtype })
      .mul(high - low)
      .add(low),
  );
}

/**
 * Fills with N(mean, std²) (torch.nn.init.normal_).
 * @example `nn.init.normal_(zeros([3]), 0, 0.02);`
 */
export function normal_(t: Tensor, mean = 0, std = 1): Tensor {
  return normalAs('nn.init.normal_', t, mean, std);
}

function normalAs(op: string, t: Tensor, mean: number, std: number): Tensor {
  const x = requireFloating(op, t);
  const m = finiteNumber(op, 'mean', mean);
  const s = finiteNumber(op, 'std', std);
  if (s < 0) throw new DtypeError(`${op}: expected std ≥ 0, got ${s}`);
  return fill(op, x, () => randn(x.shape, { dtype: x.dtype }).mul(s).add(m));
}

/**
 * Fills with a constant (torch.nn.init.constant_); any dtype.
 * @example `nn.init.constant_(zeros([2]), 0.5).toArray(); // [0.5, 0.5]`
 */
export function constant_(t: Tensor, value: number): Tensor {
  return constantAs('nn.init.constant_', t, value);
}

function constantAs(op: string, t: Tensor, value: number): Tensor {
  if (!(t instanceof TensorClass)) throw new DtypeError(`${op}: expected a Tensor, got ${describeValue(t)}`);
  if (typeof value !== 'number')
    throw new DtypeError(`${op}: expected value to be a number, got ${describeValue(value)}`);
  // A float64 scalar broadcast and cast by the copy (int32 range and NaN checks included, under this op's name).
  return fill(op, t, () => tensor(value, { dtype: 'float64' }));
}

/**
 * Fills with zeros (torch.nn.init.zeros_).
 * @example `nn.init.zeros_(ones([2])).toArray(); // [0, 0]`
 */
export function zeros_(t: Tensor): Tensor {
  return constantAs('nn.init.zeros_', t, 0);
}

/**
 * Fills with ones (torch.nn.init.ones_).
 * @example `nn.init.ones_(zeros([2])).toArray(); // [1, 1]`
 */
export function ones_(t: Tensor): Tensor {
  return constantAs('nn.init.ones_', t, 1);
}

/**
 * Glorot uniform: U(−a, a) with a = gain·√(6/(fanIn + fanOut)) (torch.nn.init.xavier_uniform_).
 * @example `nn.init.xavierUniform_(zeros([64, 32])); // |w| ≤ √(6/96) = 0.25`
 */
export function xavierUniform_(t: Tensor, gain = 1): Tensor {
  const op = 'nn.init.xavierUniform_';
  const x = requireFloating(op, t);
  const [fanIn, fanOut] = fansOf(op, x);
  const bound = finiteNumber(op, 'gain', gain) * Math.sqrt(6 / (fanIn + fanOut));
  return uniformAs(op, x, -bound, bound);
}

/**
 * Glorot normal: N(0, std²) with std = gain·√(2/(fanIn + fanOut)) (torch.nn.init.xavier_normal_).
 * @example `nn.init.xavierNormal_(zeros([64, 32]));`
 */
export function xavierNormal_(t: Tensor, gain = 1): Tensor {
  const op = 'nn.init.xavierNormal_';
  const x = requireFloating(op, t);
  const [fanIn, fanOut] = fansOf(op, x);
  return normalAs(op, x, 0, finiteNumber(op, 'gain', gain) * Math.sqrt(2 / (fanIn + fanOut)));
}

/**
 * He uniform: U(−b, b) with b = gain·√(3/fan), gain = calculateGain(nonlinearity, a)
 * (torch.nn.init.kaiming_uniform_; `a` is the negative slope of leaky_relu).
 * @example `nn.init.kaimingUniform_(zeros([16, 8]), 0, 'fan_in', 'relu'); // |w| ≤ √2·√(3/8)`
 */
export function kaimingUniform_(
  t: Tensor,
  a = 0,
  mode: FanMode = 'fan_in',
  nonlinearity: Nonlinearity = 'leaky_relu',
): Tensor {
  const op = 'nn.init.kaimingUniform_';
  const x = requireFloating(op, t);
  const bound = (calculateGain(nonlinearity, finiteNumber(op, 'a', a)) * Math.sqrt(3)) / Math.sqrt(fanOf(op, x, mode));
  return uniformAs(op, x, -bound, bound);
}

/**
 * He normal: N(0, std²) with std = gain/√fan (torch.nn.init.kaiming_normal_).
 * @example `nn.init.kaimingNormal_(zeros([16, 8]), 0, 'fan_out', 'relu');`
 */
export function kaimingNormal_(
  t: Tensor,
  a = 0,
  mode: FanMode = 'fan_in',
  nonlinearity: Nonlinearity = 'leaky_relu',
): Tensor {
  const op = 'nn.init.kaimingNormal_';
  const x = requireFloating(op, t);
  return normalAs(op, x, 0, calculateGain(nonlinearity, finiteNumber(op, 'a', a)) / Math.sqrt(fanOf(op, x, mode)));
}

/**
 * A (semi-)orthogonal matrix times `gain` (torch.nn.init.orthogonal_): the tensor, viewed as [shape[0], rest], gets
 * the Q factor of linalg.qr of a Gaussian matrix (of its transpose when it is wide), with Q's columns multiplied by
 * the signs of R's diagonal so the result is uniformly (Haar) distributed (Mezzadri, "How to generate random
 * matrices from the classical compact groups", Notices AMS 54, 2007).
 * @example
 * ```ts
 * const w = nn.init.orthogonal_(zeros([4, 4], { dtype: 'float64' }));
 * w.matmul(w.T).allclose(eye(4, { dtype: 'float64' })); // true
 * ```
 */
export function orthogonal_(t: Tensor, gain = 1): Tensor {
  const op = 'nn.init.orthogonal_';
  const x = requireFloating(op, t);
  const g = finiteNumber(op, 'gain', gain);
  if (x.ndim < 2) throw new ShapeError(`${op}: expected a tensor with 2 or more dimensions, got ${describeValue(x)}`);
  if (x.size === 0) return x;
  const rows = x.shape[0];
  const cols = x.size / rows;
  return fill(op, x, () => {
    const wide = rows < cols;
    const gaussian = randn(wide ? [cols, rows] : [rows, cols], { dtype: x.dtype });
    const { Q, R } = qr(gaussian);
    const signs = R.diagonal(0, -2, -1).sgn();
    const q = Q.mul(signs);
    return (wide ? q.T : q).mul(g).reshape([...x.shape]);
  });
}
