/**
 * Composite ops, written only in terms of public ops so they need no gradient rules of their own and their double
 * backward comes for free.
 */
import { noGrad } from '../dispatch';
import { isComplex } from '../dtype';
import { DtypeError, ShapeError } from '../errors';
import { readOptions } from '../options';
import { broadcastShapes, normalizeDim, normalizeDims } from '../shape';
import { Tensor, type TensorLike } from '../tensor';
import {
  abs,
  add,
  div,
  eq,
  erf,
  exp,
  gt,
  isfinite,
  isnan,
  le,
  log,
  logicalAnd,
  logicalOr,
  lt,
  mul,
  softplusPrimitive,
  sqrt,
  sub,
  tanh,
  toFloating,
  where,
} from './elementwise';
import { diagonal } from './movement';
import { amax, sum } from './reduce';
import { booleanArg, describeTensor, describeValue, requireTensor, resultType, scalarKind, scalarTensor } from './util';

/** A real tensor (the op is not defined for complex numbers). */
function requireReal(op: string, x: unknown): Tensor {
  const t = requireTensor(op, x);
  if (isComplex(t.dtype)) throw new DtypeError(`${op}: expected a real tensor, got ${describeTensor(t)}`);
  return t;
}

/** x·x (for complex: z², not |z|²). */
export const square = (x: Tensor): Tensor => mul(requireTensor('square', x), x);
/** 1/x. */
export const reciprocal = (x: Tensor): Tensor => div(1, requireTensor('reciprocal', x));
/** 1/√x. */
export const rsqrt = (x: Tensor): Tensor => reciprocal(sqrt(requireTensor('rsqrt', x)));

/**
 * Clamps into [min, max] (either bound may be omitted): min(max(x, min), max), so `max` wins when min > max; the
 * gradient passes where min ≤ x ≤ max, as torch.clamp.
 * @example `clamp(tensor([-2, 0.5, 3]), 0, 1).toArray(); // [0, 0.5, 1]`
 */
export function clamp(x: Tensor, min?: TensorLike | null, max?: TensorLike | null): Tensor {
  requireReal('clamp', x);
  if ((min === undefined || min === null) && (max === undefined || max === null)) {
    throw new DtypeError(
      `clamp: expected at least one of min and max, got ${describeValue(min)} and ${describeValue(max)}`,
    );
  }
  // Bounds are checked here so that errors name clamp (not the comparisons it is written with).
  for (const bound of [min, max]) {
    if (bound === undefined || bound === null) continue;
    if (bound instanceof Tensor) {
      if (isComplex(bound.dtype)) throw new DtypeError(`clamp: expected real bounds, got ${describeTensor(bound)}`);
      broadcastShapes('clamp', x.shape, bound.shape);
    } else if (scalarKind('clamp', bound) === 'complex')
      throw new DtypeError(`clamp: expected real bounds, got ${describeValue(bound)}`);
  }
  let out = x;
  if (min !== undefined && min !== null) out = where(lt(out, min), min, out);
  if (max !== undefined && max !== null) out = where(gt(out, max), max, out);
  return out;
}

/**
 * GELU: x·Φ(x) with the exact erf form (default) or the tanh approximation, as torch.nn.functional.gelu.
 */
export function gelu(x: Tensor, opts: { approximate?: 'none' | 'tanh' } = {}): Tensor {
  requireReal('gelu', x);
  opts = readOptions('gelu', opts, ['approximate']) as typeof opts;
  if (opts.approximate !== undefined && opts.approximate !== 'none' && opts.approximate !== 'tanh')
    throw new DtypeError(`gelu: expected approximate 'none' or 'tanh', got ${describeValue(opts.approximate)}`);
  if (opts.approximate === 'tanh') {
    const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
    return mul(mul(x, 0.5), add(tanh(inner), 1));
  }
  return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
}

/**
 * softplus(x) = log(1 + e^(βx))/β, and x itself where βx > threshold (as torch; `threshold: Infinity` never switches).
 * log(1 + e^z) is one primitive with derivative σ(z), so that the derivatives of every order are exact at every z —
 * the stable rewrite max(z, 0) + log1p(e^(−|z|)) in ops would lose the curvature at z = 0 (STYLE.md, last section).
 * @example `softplus(tensor([0])).item(); // Math.LN2`
 */
export function softplus(x: Tensor, opts: { beta?: number; threshold?: number } = {}): Tensor {
  requireReal('softplus', x);
  if (x.dtype === 'bool') throw new DtypeError(`softplus: expected a numeric tensor, got ${describeTensor(x)}`);
  opts = readOptions('softplus', opts, ['beta', 'threshold']) as typeof opts;
  const beta = opts.beta ?? 1;
  const threshold = opts.threshold ?? 20;
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta === 0)
    throw new DtypeError(`softplus: expected beta to be a finite non-zero number, got ${describeValue(beta)}`);
  if (typeof threshold !== 'number' || Number.isNaN(threshold))
    throw new DtypeError(`softplus: expected threshold to be a number, got ${describeValue(threshold)}`);
  const z = beta === 1 ? x : mul(x, beta);
  const smooth = beta === 1 ? softplusPrimitive(z) : div(softplusPrimitive(z), beta);
  if (threshold === Number.POSITIVE_INFINITY) return smooth;
  return where(gt(z, threshold), x, smooth);
}

function shift(x: Tensor, dims: readonly number[]): Tensor {
  // The detached max, with non-finite maxima replaced by 0 so that x − m never makes inf − inf; no shift at all for
  // an empty tensor (whose max does not exist).
  if (x.size === 0) return scalarTensor(0, x.dtype);
  return noGrad(() => {
    const m = amax(x.detach(), dims, true);
    return where(isfinite(m), m, 0);
  });
}

/** Validated reduction dims of a softmax-like op (none or an empty list: all dims). */
function softmaxDims(op: string, x: Tensor, dim: number | readonly number[] | undefined): number[] {
  const all = dim === undefined || (Array.isArray(dim) && dim.length === 0);
  return normalizeDims(op, all ? null : dim, x.ndim);
}

/**
 * log Σ exp(x) over dims, stabilized by the (detached) maximum; integral inputs give the default float dtype.
 * @example `logsumexp(tensor([0, 0]), 0).item(); // Math.LN2`
 */
export function logsumexp(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  requireReal('logsumexp', x);
  booleanArg('logsumexp', 'keepdim', keepdim, false);
  const dims = softmaxDims('logsumexp', x, dim);
  const xf = toFloating(x);
  const m = shift(xf, dims);
  const s = log(sum(exp(sub(xf, m)), dims, true));
  const out = add(s, m);
  if (keepdim) return out;
  return sum(out, dims, false);
}

/** Softmax along `dim` (max-shifted). */
export function softmax(x: Tensor, dim: number): Tensor {
  requireReal('softmax', x);
  const d = normalizeDim('softmax', dim, x.ndim);
  const e = exp(sub(x, shift(x, [d])));
  return div(e, sum(e, d, true));
}

/** log(softmax(x)) computed as x − logsumexp(x). */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  requireReal('logSoftmax', x);
  const d = normalizeDim('logSoftmax', dim, x.ndim);
  return sub(x, logsumexp(x, d, true));
}

/** Sum of the main diagonal of a 2-D tensor. */
export function trace(x: Tensor): Tensor {
  requireTensor('trace', x);
  if (x.ndim !== 2) throw new ShapeError(`trace: expected a 2-D tensor, got ${describeTensor(x)}`);
  return sum(diagonal(x, 0, 0, 1));
}

/**
 * Elementwise |a − b| ≤ atol + rtol·|b| (equal infinities count as close), as torch.isclose.
 */
export function isclose(
  a: Tensor,
  b: TensorLike,
  opts: { rtol?: number; atol?: number; equalNan?: boolean } = {},
): Tensor {
  return closeness('isclose', a, b, opts);
}

/** isclose under the public name (isclose or allclose) used in error messages; arguments validated first. */
function closeness(
  op: string,
  a: Tensor,
  b: TensorLike,
  opts: { rtol?: number; atol?: number; equalNan?: boolean },
): Tensor {
  requireTensor(op, a);
  opts = readOptions(op, opts, ['rtol', 'atol', 'equalNan']) as typeof opts;
  const rtol = opts.rtol ?? 1e-5;
  const atol = opts.atol ?? 1e-8;
  for (const [name, v] of [
    ['rtol', rtol],
    ['atol', atol],
  ] as const) {
    if (typeof v !== 'number' || !(v >= 0))
      throw new DtypeError(`${op}: expected ${name} to be a number ≥ 0, got ${describeValue(v)}`);
  }
  booleanArg(op, 'equalNan', opts.equalNan, false);
  if (b instanceof Tensor) broadcastShapes(op, a.shape, b.shape);
  else scalarKind(op, b);
  return noGrad(() => {
    const bt = b instanceof Tensor ? b : scalarTensor(b, resultType('isclose', [a, b]));
    // As torch: bool operands are compared as default-dtype floats; the error must be finite (1 is not close to inf).
    const af = a.dtype === 'bool' ? toFloating(a) : a;
    const bf = bt.dtype === 'bool' ? toFloating(bt) : bt;
    const tol = add(mul(abs(bf), rtol), atol);
    const err = abs(sub(af, bf));
    let close = logicalOr(logicalAnd(isfinite(err), le(err, tol)), eq(a, bt));
    if (opts.equalNan) close = logicalOr(close, logicalAnd(isnan(a), isnan(bt)));
    return close;
  });
}

/** Whether every element of `a` is close to `b` (torch.allclose; rtol 1e-5, atol 1e-8). */
export function allclose(
  a: Tensor,
  b: TensorLike,
  opts: { rtol?: number; atol?: number; equalNan?: boolean } = {},
): boolean {
  const close = closeness('allclose', a, b, opts);
  const data = close.toTypedArray();
  for (let i = 0; i < data.length; i++) if (!data[i]) return false;
  return true;
}
