/**
 * The piecewise and smooth activations of torch.nn.functional beyond relu/gelu/silu: elu, selu, celu, hardtanh,
 * relu6, hardsigmoid, hardswish, mish, softsign, tanhshrink, hardshrink, softshrink, threshold, softmin, glu and
 * prelu. They are written with differentiable core ops, so every order of derivative exists.
 *
 * At a kink, the one-sided derivative is PyTorch 1.13's (its `*_backward` kernels in ATen, and their double backward
 * in derivatives.yaml), checked to second order against PyTorch in activation-functions.test.ts:
 * - elu/selu/celu take the negative branch at x = 0 (`x <= 0`); hardshrink/softshrink/threshold/prelu as well;
 * - hardtanh, relu6 and hardsigmoid have derivative 0 on their boundaries (`x <= min || x >= max`);
 * - hardswish has derivative x/3 + ½ on [−3, 3) and 1 from 3 on (PyTorch's vectorized kernel; its scalar kernel,
 *   used for tensors of under 8 elements, gives 1.5 at exactly 3), and second derivative 1/3 only on (−3, 3);
 * - elu/selu/celu have second derivative 0 at x = 0 (PyTorch's double backward masks x < 0).
 * Each exponential branch gets an input clamped to its own side (the "double where"), so a large input never makes
 * an ∞ that a zero gradient would turn into NaN.
 */
import { recordNode } from '@tapegrad/autograd/internal';
import type { Tensor } from '@tapegrad/core';
import { DtypeError, expm1, logicalAnd, noGrad, ShapeError, softmax, softplus, where } from '@tapegrad/core';
import { describeValue, normalizeDim } from '@tapegrad/core/internal';
import { numberOption, requireRealFloating } from './checks';

/**
 * One recorded node with value `value(x)` and derivative `slope(x)`. The slope is a differentiable composite, so its
 * own derivatives give the second, third, … derivatives: this is how each order gets PyTorch's one-sided choice at a
 * kink where the value's own composite would give another (derivatives.yaml's `*_backward` and its double backward).
 */
function withSlope(name: string, x: Tensor, value: (x: Tensor) => Tensor, slope: (x: Tensor) => Tensor): Tensor {
  const y = noGrad(() => value(x));
  recordNode(name, [x], [y], ([g]) => [g === null ? null : g.mul(slope(x))]);
  return y;
}

/**
 * λ·x for x > 0 and λ·α·(e^(x·s) − 1) otherwise: ATen's elu kernel, shared by elu, selu and celu. Its backward takes
 * the exponential side at x ≤ 0 (elu_backward), its double backward only at x < 0 (elu_double_backward), so at 0 the
 * first derivative is λ·α·s and the second 0. The exponential gets min(x, 0), so a large x never makes ∞.
 */
function eluForm(name: string, x: Tensor, alpha: number, scale: number, s: number): Tensor {
  return withSlope(
    name,
    x,
    (v) => {
      const positive = v.gt(0);
      // + 0: ATen's (eˣ − 1)·α gives +0 at x = −0, where expm1 keeps the sign.
      return where(
        positive,
        v.mul(scale),
        expm1(where(positive, 0, v).mul(s))
          .mul(alpha * scale)
          .add(0),
      );
    },
    (v) =>
      where(
        v.le(0),
        expm1(where(v.lt(0), v, 0).mul(s))
          .add(1)
          .mul(alpha * scale * s),
        scale,
      ),
  );
}

/**
 * x for x > 0, α·(eˣ − 1) otherwise (torch.nn.functional.elu; α = 1).
 * @example `elu(tensor([-1, 2], { dtype: 'float64' })).toArray(); // [-0.632…, 2]`
 */
export function elu(input: Tensor, alpha = 1): Tensor {
  const op = 'nn.functional.elu';
  const x = requireRealFloating(op, input);
  return eluForm(op, x, numberOption(op, 'alpha', alpha), 1, 1);
}

/** SELU's constants (Klambauer et al., "Self-normalizing neural networks", NeurIPS 2017), as PyTorch's. */
const SELU_ALPHA = 1.6732632423543772; // 1.6732632423543772848170429916717
const SELU_SCALE = 1.0507009873554805; // 1.0507009873554804934193349852946

/**
 * λ·elu(x, α) with the self-normalizing constants λ ≈ 1.0507, α ≈ 1.6733 (torch.nn.functional.selu).
 * @example `selu(tensor([0, 1], { dtype: 'float64' })).toArray(); // [0, 1.0507009873554805]`
 */
export function selu(input: Tensor): Tensor {
  const op = 'nn.functional.selu';
  return eluForm(op, requireRealFloating(op, input), SELU_ALPHA, SELU_SCALE, 1);
}

/**
 * max(0, x) + min(0, α·(e^(x/α) − 1)) (torch.nn.functional.celu; α = 1, not 0).
 * @example `celu(tensor([-1, 2], { dtype: 'float64' }), 2).toArray(); // [-0.786…, 2]`
 */
export function celu(input: Tensor, alpha = 1): Tensor {
  const op = 'nn.functional.celu';
  const x = requireRealFloating(op, input);
  const a = numberOption(op, 'alpha', alpha);
  if (a === 0) throw new DtypeError(`${op}: expected a non-zero alpha, got 0`);
  return eluForm(op, x, a, 1, 1 / a);
}

/**
 * x clamped to [minVal, maxVal] with derivative 0 on the boundaries (torch.nn.functional.hardtanh; −1, 1).
 * @example `hardtanh(tensor([-2, 0.5, 3])).toArray(); // [-1, 0.5, 1]`
 */
export function hardtanh(input: Tensor, minVal = -1, maxVal = 1): Tensor {
  return hardtanhAs('nn.functional.hardtanh', input, minVal, maxVal);
}

function hardtanhAs(op: string, input: Tensor, minVal: number, maxVal: number): Tensor {
  const x = requireRealFloating(op, input);
  const lo = numberOption(op, 'minVal', minVal);
  const hi = numberOption(op, 'maxVal', maxVal);
  if (lo > hi) throw new DtypeError(`${op}: expected minVal ≤ maxVal, got ${lo} > ${hi}`);
  // NaN compares false both times and passes through with derivative 1, as ATen's hardtanh_backward.
  return where(x.le(lo), lo, where(x.ge(hi), hi, x));
}

/**
 * min(max(0, x), 6) (torch.nn.functional.relu6): hardtanh(x, 0, 6), derivative 0 at 0 and 6.
 * @example `relu6(tensor([-1, 3, 8])).toArray(); // [0, 3, 6]`
 */
export function relu6(input: Tensor): Tensor {
  return hardtanhAs('nn.functional.relu6', input, 0, 6);
}

/**
 * 0 for x ≤ −3, 1 for x ≥ 3, x/6 + ½ between (torch.nn.functional.hardsigmoid).
 * @example `hardsigmoid(tensor([-4, 0, 4])).toArray(); // [0, 0.5, 1]`
 */
export function hardsigmoid(input: Tensor): Tensor {
  const x = requireRealFloating('nn.functional.hardsigmoid', input);
  return where(x.le(-3), 0, where(x.ge(3), 1, x.div(6).add(0.5)));
}

/**
 * x·hardsigmoid(x): 0 for x < −3, x for x > 3, x(x + 3)/6 between (torch.nn.functional.hardswish; Howard et al.,
 * "Searching for MobileNetV3", 2019). One node whose derivative is PyTorch's, to every order (see the file header).
 * @example `hardswish(tensor([-4, 0, 1, 4])).toArray(); // [0, 0, 0.666…, 4]`
 */
export function hardswish(input: Tensor): Tensor {
  const op = 'nn.functional.hardswish';
  return withSlope(
    op,
    requireRealFloating(op, input),
    (x) => where(x.lt(-3), 0, where(x.le(3), x.mul(x.add(3)).div(6), x)),
    // PyTorch 1.13's vectorized hardswish_backward (every tensor of ≥ 8 elements): 0 below −3, 1 from 3 on, x/3 + ½
    // between; its scalar tail gives 1.5 at exactly 3. The second derivative is 1/3 only on (−3, 3) (double
    // backward mask −3 < x < 3), hence the constant at −3.
    (x) => where(x.lt(-3), 0, where(x.ge(3), 1, where(x.eq(-3), -0.5, x.div(3).add(0.5)))),
  );
}

/**
 * x·tanh(softplus(x)) (torch.nn.functional.mish; Misra, "Mish: a self regularized non-monotonic activation
 * function", 2019), with softplus linear above 20 as PyTorch's.
 * @example `mish(tensor([0])).toArray(); // [0]`
 */
export function mish(input: Tensor): Tensor {
  const x = requireRealFloating('nn.functional.mish', input);
  return x.mul(softplus(x).tanh());
}

/**
 * x/(1 + |x|) (torch.nn.functional.softsign).
 * @example `softsign(tensor([-1, 3])).toArray(); // [-0.5, 0.75]`
 */
export function softsign(input: Tensor): Tensor {
  const x = requireRealFloating('nn.functional.softsign', input);
  return x.div(x.abs().add(1));
}

/**
 * x − tanh(x) (torch.nn.functional.tanhshrink).
 * @example `tanhshrink(tensor([0])).toArray(); // [0]`
 */
export function tanhshrink(input: Tensor): Tensor {
  const x = requireRealFloating('nn.functional.tanhshrink', input);
  return x.sub(x.tanh());
}

function lambdOption(op: string, lambd: unknown): number {
  return numberOption(op, 'lambd', lambd, 'nonNegative');
}

/**
 * x where |x| > λ, else 0 (torch.nn.functional.hardshrink; λ = 0.5).
 * @example `hardshrink(tensor([-1, 0.2, 0.7])).toArray(); // [-1, 0, 0.7]`
 */
export function hardshrink(input: Tensor, lambd = 0.5): Tensor {
  const op = 'nn.functional.hardshrink';
  const x = requireRealFloating(op, input);
  const l = lambdOption(op, lambd);
  return where(logicalAnd(x.ge(-l), x.le(l)), 0, x);
}

/**
 * x − λ above λ, x + λ below −λ, else 0 (torch.nn.functional.softshrink; λ = 0.5).
 * @example `softshrink(tensor([-1, 0.2, 0.75])).toArray(); // [-0.5, 0, 0.25]`
 */
export function softshrink(input: Tensor, lambd = 0.5): Tensor {
  const op = 'nn.functional.softshrink';
  const x = requireRealFloating(op, input);
  const l = lambdOption(op, lambd);
  return where(x.gt(l), x.sub(l), where(x.lt(-l), x.add(l), 0));
}

/**
 * x where x > threshold, else `value` (torch.nn.functional.threshold).
 * @example `threshold(tensor([-1, 0.5, 2]), 1, -5).toArray(); // [-5, -5, 2]`
 */
export function threshold(input: Tensor, threshold: number, value: number): Tensor {
  const op = 'nn.functional.threshold';
  const x = requireRealFloating(op, input);
  if (typeof threshold !== 'number' || Number.isNaN(threshold))
    throw new DtypeError(`${op}: expected threshold to be a number, got ${describeValue(threshold)}`);
  if (typeof value !== 'number')
    throw new DtypeError(`${op}: expected value to be a number, got ${describeValue(value)}`);
  // x ≤ threshold selects the value, as ATen's kernel: NaN compares false and stays NaN.
  return where(x.le(threshold), value, x);
}

/**
 * softmax(−x) along `dim` (torch.nn.functional.softmin).
 * @example `softmin(tensor([0, 0]), 0).toArray(); // [0.5, 0.5]`
 */
export function softmin(input: Tensor, dim: number): Tensor {
  const op = 'nn.functional.softmin';
  const x = requireRealFloating(op, input);
  return softmax(x.neg(), normalizeDim(op, dim, x.ndim));
}

/**
 * Gated linear unit a·sigmoid(b), where a and b are the two halves of `input` along `dim` (torch.nn.functional.glu;
 * dim −1). The size along `dim` must be even.
 * @example `glu(tensor([[1, 0]]), -1).toArray(); // [[0.5]]`
 */
export function glu(input: Tensor, dim = -1): Tensor {
  const op = 'nn.functional.glu';
  const x = requireRealFloating(op, input);
  if (x.ndim === 0) throw new ShapeError(`${op}: expected a tensor with at least one dimension, got a scalar`);
  const d = normalizeDim(op, dim, x.ndim);
  const size = x.shape[d] as number;
  if (size % 2 !== 0)
    throw new ShapeError(`${op}: expected an even size along dim ${dim}, got ${size} (shape [${x.shape.join(', ')}])`);
  const half = size / 2;
  return x.narrow(d, 0, half).mul(x.narrow(d, half, half).sigmoid());
}

/**
 * x for x > 0, a·x otherwise, with `weight` a = one learnable slope, or one per channel (dim 1)
 * (torch.nn.functional.prelu).
 * @example `prelu(tensor([-2, 3]), tensor([0.25])).toArray(); // [-0.5, 3]`
 */
export function prelu(input: Tensor, weight: Tensor): Tensor {
  const op = 'nn.functional.prelu';
  const x = requireRealFloating(op, input);
  const w = requireRealFloating(op, weight, 'weight');
  if (w.dtype !== x.dtype)
    throw new DtypeError(`${op}: expected weight of the input's dtype ${x.dtype}, got ${describeValue(w)}`);
  const channels = x.ndim >= 2 ? (x.shape[1] as number) : 1;
  if (w.ndim > 1 || (w.numel() !== 1 && w.numel() !== channels))
    throw new ShapeError(
      `${op}: expected a weight with 1 or ${channels} (the input's channels) elements, got shape [${w.shape.join(', ')}]`,
    );
  // One slope per channel broadcasts along dim 1: [C, 1, …, 1].
  const slope = w.numel() === 1 || x.ndim < 2 ? w.reshape([]) : w.reshape([channels, ...x.shape.slice(2).map(() => 1)]);
  // The negative branch gets 0 where x > 0 (the "double where"): x = +∞ there must not give ∞·0 = NaN in ∂/∂slope.
  const positive = x.gt(0);
  return where(positive, x, where(positive, 0, x).mul(slope));
}
