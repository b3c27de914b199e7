/**
 * Special functions of PyTorch beyond erf: digamma and polygamma (one primitive, `polygamma` with its order n, so that
 * each derivative is the next order: ψ⁽ⁿ⁾′ = ψ⁽ⁿ⁺¹⁾ and every derivative order is right), and xlogy (a composite; see
 * its note on x = 0). erfinv and lgamma are unary primitives of elementwise.ts. Kernels: kernels/special.ts.
 */
import { record } from '../dispatch';
import { getDefaultDtype, isComplex, isFloating } from '../dtype';
import { DtypeError } from '../errors';
import type { Row1, X } from '../kernels/iterate';
import { map1 } from '../kernels/iterate';
import { polygammaScalar } from '../kernels/special';
import { broadcastShapes } from '../shape';
import { Tensor, type TensorLike } from '../tensor';
import { cast } from './complex';
import { add, eq, isposinf, le, log, logicalAnd, logicalOr, mul, where } from './elementwise';
import { describeTensor, describeValue, empty, floatingOf, requireTensor, resultType, scalarTensor } from './util';

/** The largest polygamma order accepted: n! stays finite in float64 up to 170. */
const MAX_ORDER = 170;

/**
 * ψ⁽ⁿ⁾(x), the n-th derivative of the digamma function (torch.polygamma; n = 0 is digamma), for real tensors
 * (integers become the default float dtype). Poles at 0 and the negative integers give ±∞ (n ≥ 1) as PyTorch 1.13.
 * Differentiable to every order (the derivative is polygamma(n + 1)).
 * @example `polygamma(1, tensor([1], { dtype: 'float64' })).item(); // 1.6449340668482264 (π²/6)`
 */
export function polygamma(n: number, x: Tensor): Tensor {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_ORDER)
    throw new DtypeError(`polygamma: expected n to be an integer in [0, ${MAX_ORDER}], got ${describeValue(n)}`);
  return polygammaOf('polygamma', n, x);
}

function polygammaOf(op: string, n: number, x: Tensor): Tensor {
  requireTensor(op, x);
  if (isComplex(x.dtype)) throw new DtypeError(`${op}: expected a real tensor, got ${describeTensor(x)}`);
  const input = isFloating(x.dtype) ? x : cast(x, getDefaultDtype());
  const out = empty(input.shape, input.dtype, op);
  const row: Row1 = (len, xs: X, xo, xst, o: X, oo, os) => {
    for (let i = 0; i < len; i++, xo += xst, oo += os) o[oo] = polygammaScalar(n, xs[xo]);
  };
  map1(input.shape, input.storage, input.strides, input.offset, out.storage, out.strides, 0, row);
  return record('polygamma', [input], out, { n });
}

/**
 * ψ(x) = Γ′(x)/Γ(x) (torch.digamma): −∞ at +0, +∞ at −0, NaN at the negative integers, as PyTorch. Its derivative is
 * polygamma(1, x), so second and higher derivatives are right too.
 * @example `digamma(tensor([1], { dtype: 'float64' })).item(); // -0.5772156649015329 (−γ)`
 */
export function digamma(x: Tensor): Tensor {
  return polygammaOf('digamma', 0, x);
}

function operandOf(op: string, value: TensorLike, dtype: 'float32' | 'float64'): Tensor {
  if (value instanceof Tensor) return cast(requireTensor(op, value), dtype);
  if (typeof value !== 'number' && typeof value !== 'boolean')
    throw new DtypeError(`${op}: expected a real Tensor or number operand, got ${describeValue(value)}`);
  return scalarTensor(value, dtype, op);
}

/**
 * x·log(y) with 0 where x = 0 and y is not NaN (torch.xlogy), broadcast; real, promoted to floating. Derivatives: by
 * x log y and by y x/y wherever x ≠ 0 or 0 < y < ∞ — including x = 0 with y > 0, as PyTorch. At x = 0 with y ≤ 0 or
 * y = +∞ (where x·log y has no derivative in x) both are 0 at every order: PyTorch gives 0 by x there too, but NaN
 * by y at (0, 0) and +∞ by x at (0, +∞).
 * @example `xlogy(tensor([0, 2]), tensor([0, Math.E])).toArray(); // [0, 2]`
 */
export function xlogy(x: TensorLike, y: TensorLike): Tensor {
  const op = 'xlogy';
  for (const v of [x, y]) if (v instanceof Tensor) requireTensor(op, v);
  const promoted = resultType(op, [x, y]);
  if (isComplex(promoted))
    throw new DtypeError(`${op}: expected real operands, got ${describeValue(x)} and ${describeValue(y)}`);
  const dtype = floatingOf(promoted) as 'float32' | 'float64';
  const a = operandOf(op, x, dtype);
  const b = operandOf(op, y, dtype);
  broadcastShapes(op, a.shape, b.shape);
  // Where the value is pinned to 0 ("double where": the masked log is fed 1, so no NaN or ∞ reaches a derivative).
  const pinned = logicalAnd(eq(a, 0), logicalOr(le(b, 0), isposinf(b)));
  const value = where(pinned, 0, mul(a, log(where(pinned, 1, b))));
  // x·log y is ±0 wherever x = ±0; torch gives +0 there (x = −0 included). Adding +0 turns −0 into +0 and leaves
  // every derivative as it is.
  return where(eq(a, 0), add(value, 0), value);
}
