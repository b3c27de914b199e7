/**
 * PyTorch's composite pointwise ops — lerp, addcmul, addcdiv, logaddexp, logit — written with public differentiable
 * ops (no rules of their own; every derivative order follows), each in the arithmetic order ATen uses so that the
 * values match torch's bit for bit where the formula allows.
 */
import { noGrad } from '../dispatch';
import { isComplex } from '../dtype';
import { DtypeError } from '../errors';
import { readOptions } from '../options';
import { broadcastShapes } from '../shape';
import { Tensor, type TensorLike } from '../tensor';
import { clamp } from './composite';
import { abs, add, exp, isfinite, log, log1p, lt, maximum, mul, neg, sub, toFloating, where } from './elementwise';
import { describeValue, requireTensor } from './util';

function realTensor(op: string, x: unknown): Tensor {
  const t = requireTensor(op, x);
  if (isComplex(t.dtype)) throw new DtypeError(`${op}: expected a real tensor, got ${describeValue(t)}`);
  return t;
}

/**
 * start + weight·(end − start), with ATen's two-sided formula: end − (end − start)·(1 − weight) for |weight| ≥ 0.5, so
 * that weight = 1 gives `end` exactly. `weight` is a number or a tensor (broadcast). Differentiable in all three.
 * @example `lerp(tensor([0, 10]), tensor([10, 20]), 0.5).toArray(); // [5, 15]`
 */
export function lerp(start: Tensor, end: Tensor, weight: TensorLike): Tensor {
  requireTensor('lerp', start);
  requireTensor('lerp', end);
  requireBroadcast('lerp', start, end, ...(weight instanceof Tensor ? [weight] : []));
  const diff = sub(end, start);
  if (typeof weight === 'number') {
    return Math.abs(weight) < 0.5 ? add(start, mul(diff, weight)) : sub(end, mul(diff, 1 - weight));
  }
  if (!(weight instanceof Tensor))
    throw new DtypeError(`lerp: expected a number or Tensor weight, got ${describeValue(weight)}`);
  const low = add(start, mul(weight, diff));
  const high = sub(end, mul(diff, sub(1, weight)));
  return where(lt(abs(weight), 0.5), low, high);
}

/** The operands' shapes broadcast together, else a ShapeError naming `op` (checked before any work). */
function requireBroadcast(op: string, ...xs: Tensor[]): void {
  xs.reduce<readonly number[]>((shape, x) => broadcastShapes(op, shape, x.shape), []);
}

function scaleOption(op: string, opts: unknown): number {
  const { value } = readOptions(op, opts, ['value']);
  if (value === undefined) return 1;
  if (typeof value !== 'number') throw new DtypeError(`${op}: expected a number value, got ${describeValue(value)}`);
  return value;
}

/**
 * input + value·t1·t2 (broadcast), as torch.addcmul.
 * @example `addcmul(tensor([1, 1]), tensor([2, 3]), tensor([4, 5]), { value: 0.5 }).toArray(); // [5, 8.5]`
 */
export function addcmul(input: Tensor, t1: Tensor, t2: Tensor, opts?: { value?: number }): Tensor {
  const value = scaleOption('addcmul', opts);
  for (const t of [input, t1, t2]) requireTensor('addcmul', t);
  requireBroadcast('addcmul', input, t1, t2);
  return add(input, mul(value === 1 ? t1 : mul(t1, value), t2));
}

/**
 * input + value·t1/t2 (broadcast), as torch.addcdiv (Adam's update step).
 * @example `addcdiv(tensor([1, 1]), tensor([2, 3]), tensor([4, 6]), { value: 2 }).toArray(); // [2, 2]`
 */
export function addcdiv(input: Tensor, t1: Tensor, t2: Tensor, opts?: { value?: number }): Tensor {
  const value = scaleOption('addcdiv', opts);
  for (const t of [input, t1, t2]) requireTensor('addcdiv', t);
  requireBroadcast('addcdiv', input, t1, t2);
  return add(input, (value === 1 ? t1 : mul(t1, value)).div(t2));
}

/**
 * log(eᵃ + eᵇ) without overflow (real; broadcast): m + log(e^(a−m) + e^(b−m)) with m = max(a, b) held constant, so
 * the gradient is the softmax weight of each side at every order, ½ each at a tie; −∞ and −∞ give −∞.
 * @example `logaddexp(tensor([0]), tensor([0])).item(); // Math.LN2`
 */
export function logaddexp(a: Tensor, b: Tensor): Tensor {
  const x = toFloating(realTensor('logaddexp', a));
  const y = toFloating(realTensor('logaddexp', b));
  requireBroadcast('logaddexp', x, y);
  const m = noGrad(() => {
    const big = maximum(x.detach(), y.detach());
    return where(isfinite(big), big, 0);
  });
  return add(m, log(add(exp(sub(x, m)), exp(sub(y, m)))));
}

/**
 * log(p/(1 − p)), as log p − log1p(−p); with `eps`, p is first clamped to [eps, 1 − eps] (the gradient is then 0
 * outside, as torch.logit).
 * @example `logit(tensor([0.5])).item(); // 0`
 */
export function logit(p: Tensor, eps?: number | null): Tensor {
  const x = toFloating(realTensor('logit', p));
  if (eps !== undefined && eps !== null && (typeof eps !== 'number' || !(eps >= 0 && eps <= 0.5)))
    throw new DtypeError(`logit: expected eps in [0, 0.5] or null, got ${describeValue(eps)}`);
  const z = eps === undefined || eps === null ? x : clamp(x, eps, 1 - eps);
  return sub(log(z), log1p(neg(z)));
}
