/**
 * Elementwise primitives: validation, type promotion, broadcasting, kernel dispatch and recording.
 * Numbers, booleans and `{ re, im }` are accepted wherever a tensor operand is (weakly typed, as Python scalars).
 */
import { record } from '../dispatch';
import type { DType } from '../dtype';
import { getDefaultDtype, isComplex, isFloating } from '../dtype';
import { DtypeError } from '../errors';
import { type BinaryKernelName, complexBinary, intBinary, realBinary } from '../kernels/binary';
import { whereComplex, whereReal } from '../kernels/copy';
import { map1, map2, map3 } from '../kernels/iterate';
import { complexUnary, realUnary, type UnaryKernelName } from '../kernels/unary';
import { readOptions } from '../options';
import type { PrimitiveName } from '../primitives';
import { broadcastShapes } from '../shape';
import { Tensor, type TensorLike } from '../tensor';
import { cast, toTypedArray } from './complex';
import { readScalar } from './from-data';
import {
  broadcastOperand,
  describeTensor,
  describeValue,
  empty,
  floatingOf,
  requireTensor,
  resultType,
  scalarKind,
  scalarTensor,
} from './util';

function toOperand(op: string, value: TensorLike, dtype: DType): Tensor {
  if (value instanceof Tensor) return cast(value, dtype);
  scalarKind(op, value); // DtypeError unless a number, boolean or { re, im }
  return scalarTensor(value, dtype, op);
}

/**
 * An operand read once: a usable Tensor, or a JS scalar copied (a `{ re, im }` getter or Proxy is read once), else a
 * DtypeError naming `op`. Everything after works on the copy.
 */
function operand(op: string, value: unknown): TensorLike {
  if (value instanceof Tensor) return requireTensor(op, value);
  const v = readScalar(op, value);
  if (v === undefined)
    throw new DtypeError(
      `${op}: expected a Tensor, number, boolean or { re, im } operand, got ${describeValue(value)}`,
    );
  return v;
}

type UnaryMode = 'float' | 'any' | 'noBool' | 'real';

function unary(name: UnaryKernelName & PrimitiveName, x: Tensor, mode: UnaryMode): Tensor {
  requireTensor(name, x);
  let input = x;
  if (mode === 'float' && !isFloating(x.dtype)) input = cast(x, getDefaultDtype());
  if (mode === 'noBool' && x.dtype === 'bool')
    throw new DtypeError(`${name}: expected a numeric tensor, got ${describeTensor(x)}`);
  const complex = isComplex(input.dtype);
  const row = complex ? complexUnary[name] : realUnary[name];
  if (row === null || (mode === 'real' && complex)) {
    throw new DtypeError(
      `${name}: expected a real tensor (the op is not defined for complex numbers), got ${describeTensor(x)}`,
    );
  }
  const toReal = complex && (name === 'abs' || name === 'angle');
  const outDtype: DType = toReal ? (input.dtype === 'complex64' ? 'float32' : 'float64') : input.dtype;
  const out = empty(input.shape, outDtype, name);
  map1(input.shape, input.storage, input.strides, input.offset, out.storage, out.strides, 0, row);
  return record(name, [input], out, {});
}

/** −x. @example `neg(tensor([1, -2])).toArray(); // [-1, 2]` */
export const neg = (x: Tensor): Tensor => unary('neg', x, 'noBool');
/** eˣ (complex: e^a(cos b + i sin b)). @example `exp(tensor([0])).item(); // 1` */
export const exp = (x: Tensor): Tensor => unary('exp', x, 'float');
/** Natural logarithm (principal branch for complex). */
export const log = (x: Tensor): Tensor => unary('log', x, 'float');
/** log(1 + x), accurate for small x. */
export const log1p = (x: Tensor): Tensor => unary('log1p', x, 'float');
/**
 * eˣ − 1, accurate for small x (complex too).
 * @example `expm1(tensor([1e-10], { dtype: 'float64' })).item(); // 1.00000000005e-10`
 */
export const expm1 = (x: Tensor): Tensor => unary('expm1', x, 'float');
/**
 * Base-2 logarithm (exact at powers of two; principal branch for complex).
 * @example `log2(tensor([8])).item(); // 3`
 */
export const log2 = (x: Tensor): Tensor => unary('log2', x, 'float');
/**
 * Base-10 logarithm (exact at powers of ten; principal branch for complex).
 * @example `log10(tensor([1000])).item(); // 3`
 */
export const log10 = (x: Tensor): Tensor => unary('log10', x, 'float');
/** Sine (complex: sin a·cosh b + i·cos a·sinh b). */
export const sin = (x: Tensor): Tensor => unary('sin', x, 'float');
/** Cosine. */
export const cos = (x: Tensor): Tensor => unary('cos', x, 'float');
/** Hyperbolic tangent. */
export const tanh = (x: Tensor): Tensor => unary('tanh', x, 'float');
/** 1 / (1 + e⁻ˣ). */
export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x, 'float');
/**
 * log(1 + eˣ) as one primitive (real only), whose derivative σ(x) has its own rule, so every derivative order is
 * exact at every x — the public `softplus` (beta, threshold) is composed around it. Internal to core.
 */
export const softplusPrimitive = (x: Tensor): Tensor => unary('softplus', x, 'float');
/** Square root (principal branch for complex; NaN for negative reals, as torch). */
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x, 'float');
/** Gauss error function (real only). */
export const erf = (x: Tensor): Tensor => unary('erf', x, 'float');
/** |x| (complex → real modulus). */
export const abs = (x: Tensor): Tensor => unary('abs', x, 'noBool');
/** Sign: −1, 0, 1 for reals; z/|z| for complex (torch.sgn). */
export const sign = (x: Tensor): Tensor => unary('sign', x, 'noBool');
/** max(x, 0) (real only). */
export const relu = (x: Tensor): Tensor => unary('relu', x, 'noBool');
/**
 * Largest integer ≤ x (integer tensors are returned as a copy; real only). Its gradient is zero, as torch's.
 * @example `floor(tensor([-1.5, 2.5])).toArray(); // [-2, 2]`
 */
export const floor = (x: Tensor): Tensor => unary('floor', x, 'noBool');
/** Smallest integer ≥ x (real only; zero gradient). @example `ceil(tensor([-1.5, 2.5])).toArray(); // [-1, 3]` */
export const ceil = (x: Tensor): Tensor => unary('ceil', x, 'noBool');
/** x rounded toward zero (real only; zero gradient). @example `trunc(tensor([-1.5, 2.5])).toArray(); // [-1, 2]` */
export const trunc = (x: Tensor): Tensor => unary('trunc', x, 'noBool');
/**
 * Rounds to the nearest integer, ties to even (as torch.round and NumPy), or to `decimals` decimal places: torch's
 * formula round(x·10ᵈ)/10ᵈ (d > 0) or round(x/10⁻ᵈ)·10⁻ᵈ (d < 0), in the tensor's dtype. Real only; zero gradient.
 * @example `round(tensor([0.5, 1.5, 2.5, -0.5])).toArray(); // [0, 2, 2, -0]`
 */
export function round(x: Tensor, opts?: { decimals?: number }): Tensor {
  const { decimals } = readOptions('round', opts, ['decimals']);
  if (decimals === undefined || decimals === 0) return unary('round', x, 'noBool');
  if (typeof decimals !== 'number' || !Number.isInteger(decimals) || Math.abs(decimals) > 300)
    throw new DtypeError(`round: expected an integer decimals in [-300, 300], got ${describeValue(decimals)}`);
  requireTensor('round', x);
  if (!isFloating(x.dtype) || isComplex(x.dtype))
    throw new DtypeError(`round: expected a real floating tensor with decimals, got ${describeTensor(x)}`);
  const scale = 10 ** Math.abs(decimals);
  return decimals > 0
    ? div(unary('round', mul(x, scale), 'noBool'), scale)
    : mul(unary('round', div(x, scale), 'noBool'), scale);
}
/**
 * The fractional part x − trunc(x), with the sign of x (floating real tensors; gradient 1, as torch.frac).
 * @example `frac(tensor([-1.25, 2.5])).toArray(); // [-0.25, 0.5]`
 */
export function frac(x: Tensor): Tensor {
  requireTensor('frac', x);
  if (!isFloating(x.dtype) || isComplex(x.dtype))
    throw new DtypeError(`frac: expected a real floating tensor, got ${describeTensor(x)}`);
  return sub(x, trunc(x));
}
/** Tangent (real only). @example `tan(tensor([0])).item(); // 0` */
export const tan = (x: Tensor): Tensor => unary('tan', x, 'float');
/** Arcsine, in [−π/2, π/2]; NaN outside [−1, 1] (real only). @example `asin(tensor([1])).item(); // 1.5707963705062866` */
export const asin = (x: Tensor): Tensor => unary('asin', x, 'float');
/** Arccosine, in [0, π]; NaN outside [−1, 1] (real only). @example `acos(tensor([1])).item(); // 0` */
export const acos = (x: Tensor): Tensor => unary('acos', x, 'float');
/** Arctangent, in (−π/2, π/2) (real only; see {@link atan2} for the angle of a point). @example `atan(tensor([0])).item(); // 0` */
export const atan = (x: Tensor): Tensor => unary('atan', x, 'float');
/** Hyperbolic sine (real only). @example `sinh(tensor([0])).item(); // 0` */
export const sinh = (x: Tensor): Tensor => unary('sinh', x, 'float');
/** Hyperbolic cosine (real only). @example `cosh(tensor([0])).item(); // 1` */
export const cosh = (x: Tensor): Tensor => unary('cosh', x, 'float');
/** Inverse hyperbolic sine (real only). @example `asinh(tensor([0])).item(); // 0` */
export const asinh = (x: Tensor): Tensor => unary('asinh', x, 'float');
/** Inverse hyperbolic cosine; NaN below 1 (real only). @example `acosh(tensor([1])).item(); // 0` */
export const acosh = (x: Tensor): Tensor => unary('acosh', x, 'float');
/** Inverse hyperbolic tangent; ±∞ at ±1, NaN outside [−1, 1] (real only). @example `atanh(tensor([0])).item(); // 0` */
export const atanh = (x: Tensor): Tensor => unary('atanh', x, 'float');
/**
 * The inverse error function on [−1, 1] (±∞ at ±1, NaN outside; real only): Giles' approximation refined by Halley
 * steps to float64 accuracy (kernels/special.ts). @example `erfinv(tensor([0.5], { dtype: 'float64' })).item(); // 0.4769362762044699`
 */
export const erfinv = (x: Tensor): Tensor => unary('erfinv', x, 'float');
/** log|Γ(x)| (+∞ at 0 and the negative integers; real only). @example `lgamma(tensor([3])).item(); // 0.6931471824645996` */
export const lgamma = (x: Tensor): Tensor => unary('lgamma', x, 'float');
/** Argument of a complex number (0 or π for reals), as a real tensor. */
export function angle(x: Tensor): Tensor {
  requireTensor('angle', x);
  return unary('angle', isFloating(x.dtype) ? x : cast(x, getDefaultDtype()), 'any');
}

/** Complex conjugate; returns the input itself for real tensors (no copy, nothing recorded). */
export function conj(x: Tensor): Tensor {
  requireTensor('conj', x);
  if (!isComplex(x.dtype)) return x;
  return unary('conj', x, 'any');
}

function predicate(name: 'isfinite' | 'isnan' | 'logicalNot' | 'isinf' | 'isposinf' | 'isneginf', x: Tensor): Tensor {
  requireTensor(name, x);
  const row = isComplex(x.dtype) ? complexUnary[name] : realUnary[name];
  if (row === null)
    throw new DtypeError(
      `${name}: expected a real tensor (the op is not defined for complex numbers), got ${describeTensor(x)}`,
    );
  const out = empty(x.shape, 'bool', name);
  map1(x.shape, x.storage, x.strides, x.offset, out.storage, out.strides, 0, row);
  return out;
}
/** Whether each element is finite (both parts for complex), as a bool tensor. */
export const isfinite = (x: Tensor): Tensor => predicate('isfinite', x);
/** Whether each element is NaN (either part for complex), as a bool tensor. */
export const isnan = (x: Tensor): Tensor => predicate('isnan', x);
/** Whether each element is +∞ or −∞ (either part for complex), as a bool tensor. @example `isinf(tensor([1, -Infinity])).toArray(); // [false, true]` */
export const isinf = (x: Tensor): Tensor => predicate('isinf', x);
/** Whether each element is +∞ (real only), as a bool tensor. @example `isposinf(tensor([Infinity, -Infinity])).toArray(); // [true, false]` */
export const isposinf = (x: Tensor): Tensor => predicate('isposinf', x);
/** Whether each element is −∞ (real only), as a bool tensor. @example `isneginf(tensor([Infinity, -Infinity])).toArray(); // [false, true]` */
export const isneginf = (x: Tensor): Tensor => predicate('isneginf', x);
/** Elementwise logical not (x == 0), as a bool tensor. */
export const logicalNot = (x: Tensor): Tensor => predicate('logicalNot', x);

type BinaryMode = 'arith' | 'float' | 'real' | 'compare' | 'equality' | 'logical';

function binary(name: BinaryKernelName, first: TensorLike, second: TensorLike, mode: BinaryMode): Tensor {
  if (!(first instanceof Tensor) && !(second instanceof Tensor)) {
    throw new DtypeError(
      `${name}: expected at least one Tensor operand, got ${describeValue(first)} and ${describeValue(second)}`,
    );
  }
  const a = operand(name, first);
  const b = operand(name, second);
  let dtype = mode === 'logical' ? 'bool' : resultType(name, [a, b]);
  const floatOnly = name === 'atan2' || name === 'hypot';
  if ((mode === 'float' || (mode === 'real' && floatOnly)) && !isFloating(dtype)) dtype = getDefaultDtype();
  if ((name === 'fmod' || name === 'remainder') && dtype === 'bool')
    throw new DtypeError(`${name}: expected numeric operands, got ${describeValue(a)} and ${describeValue(b)}`);
  if (mode === 'arith' && dtype === 'bool') {
    // As torch: bool + bool is a logical or and bool · bool a logical and, both staying bool.
    if (name === 'add') return binary('logicalOr', a, b, 'logical');
    if (name === 'mul') return binary('logicalAnd', a, b, 'logical');
    dtype = 'int32';
  }
  if ((mode === 'real' || mode === 'compare') && isComplex(dtype)) {
    throw new DtypeError(
      `${name}: expected real operands (the op is not defined for complex numbers), got ${describeValue(a)} and ${describeValue(b)}`,
    );
  }
  const ta = toOperand(name, a, dtype);
  const tb = toOperand(name, b, dtype);
  const shape = broadcastShapes(name, ta.shape, tb.shape);
  const boolOut = mode === 'compare' || mode === 'equality' || mode === 'logical';
  const out = empty(shape, boolOut ? 'bool' : dtype, name);
  const row = isComplex(dtype) ? complexBinary[name] : (dtype === 'int32' && intBinary[name]) || realBinary[name];
  map2(shape, broadcastOperand(ta, shape), broadcastOperand(tb, shape), out, row!);
  if (boolOut) return out;
  return record(name as PrimitiveName, [ta, tb], out, {});
}

/**
 * alpha·b for add/sub: a tensor is multiplied, a JS scalar scaled in JS (it stays a weak scalar). The options are read
 * once, own keys only (an `alpha` inherited from a polluted Object.prototype is never seen).
 */
function scaled(op: string, b: TensorLike, opts: unknown): TensorLike {
  const { alpha } = readOptions(op, opts, ['alpha']);
  if (alpha === undefined || alpha === 1) return b;
  if (typeof alpha !== 'number') throw new DtypeError(`${op}: expected a number alpha, got ${describeValue(alpha)}`);
  const value = operand(op, b);
  if (value instanceof Tensor) return mul(value, alpha);
  if (typeof value === 'object') return { re: value.re * alpha, im: value.im * alpha };
  return Number(value) * alpha;
}

/**
 * a + alpha·b with broadcasting and type promotion.
 * @example `add(tensor([1, 2]), 1).toArray(); // [2, 3]`
 */
export function add(a: TensorLike, b: TensorLike, opts?: { alpha?: number }): Tensor {
  return binary('add', a, scaled('add', b, opts), 'arith');
}

const isBoolOperand = (v: TensorLike): boolean => typeof v === 'boolean' || (v instanceof Tensor && v.dtype === 'bool');

/** a − alpha·b (bool operands are refused, as torch: use logicalNot / logicalXor). */
export function sub(a: TensorLike, b: TensorLike, opts?: { alpha?: number }): Tensor {
  if (isBoolOperand(a) || isBoolOperand(b)) {
    throw new DtypeError(
      `sub: expected numeric operands (subtraction with a bool operand is not supported), got ${describeValue(a)} and ${describeValue(b)}`,
    );
  }
  return binary('sub', a, scaled('sub', b, opts), 'arith');
}
/** Elementwise product. */
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary('mul', a, b, 'arith');
/** True division (integer inputs give the default float dtype, as torch.div). */
export const div = (a: TensorLike, b: TensorLike): Tensor => binary('div', a, b, 'float');
/** aᵇ (principal branch for complex). */
export const pow = (a: TensorLike, b: TensorLike): Tensor => binary('pow', a, b, 'arith');
/** Elementwise maximum (NaN propagates). */
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binary('maximum', a, b, 'real');
/** Elementwise minimum (NaN propagates). */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binary('minimum', a, b, 'real');
/**
 * √(a² + b²) without overflow or underflow (real; integers promote to the default float). The gradient is a/hypot and
 * b/hypot, taken as 0 at the origin (where torch's is NaN; hypot has no derivative there).
 * @example
 * ```ts
 * const big = { dtype: 'float64' } as const;
 * hypot(tensor([3, 1e200], big), tensor([4, 1e200], big)).toArray(); // [5, 1.414213562373095e+200]
 * ```
 */
export const hypot = (a: TensorLike, b: TensorLike): Tensor => binary('hypot', a, b, 'real');

function integerDivisor(op: 'fmod' | 'remainder', a: TensorLike, b: TensorLike): Tensor {
  const out = binary(op, a, b, 'real');
  if (out.dtype === 'int32') {
    // The kernel wrote 0 for x % 0 (NaN stored into int32): integer division by zero is an error, as in torch.
    const zero = b instanceof Tensor ? toTypedArray(b).includes(0) : Number(b) === 0;
    if (zero) throw new DtypeError(`${op}: expected non-zero integer divisors, got a divisor of 0`);
  }
  return out;
}

/**
 * The remainder of a / b with the sign of the dividend, as C's fmod (exact; torch.fmod). The gradient is 1 for `a`
 * and −trunc(a/b) for `b`. Integer operands stay int32; a zero integer divisor is a DtypeError.
 * @example `fmod(tensor([-3, 3]), 2).toArray(); // [-1, 1]`
 */
export const fmod = (a: TensorLike, b: TensorLike): Tensor => integerDivisor('fmod', a, b);
/**
 * The remainder of a / b with the sign of the divisor, as Python's % (exact; torch.remainder). The gradient is 1
 * for `a` and −floor(a/b) for `b`. Integer operands stay int32; a zero integer divisor is a DtypeError.
 * @example `remainder(tensor([-3, 3]), 2).toArray(); // [1, 1]`
 */
export const remainder = (a: TensorLike, b: TensorLike): Tensor => integerDivisor('remainder', a, b);

/** atan2(a, b), the angle of (b, a). */
export const atan2 = (a: TensorLike, b: TensorLike): Tensor => binary('atan2', a, b, 'real');
/** Elementwise a == b, as a bool tensor. */
export const eq = (a: TensorLike, b: TensorLike): Tensor => binary('eq', a, b, 'equality');
/** Elementwise a != b, as a bool tensor. */
export const ne = (a: TensorLike, b: TensorLike): Tensor => binary('ne', a, b, 'equality');
/** Elementwise a < b (real operands), as a bool tensor. */
export const lt = (a: TensorLike, b: TensorLike): Tensor => binary('lt', a, b, 'compare');
/** Elementwise a <= b (real operands), as a bool tensor. */
export const le = (a: TensorLike, b: TensorLike): Tensor => binary('le', a, b, 'compare');
/** Elementwise a > b (real operands), as a bool tensor. */
export const gt = (a: TensorLike, b: TensorLike): Tensor => binary('gt', a, b, 'compare');
/** Elementwise a >= b (real operands), as a bool tensor. */
export const ge = (a: TensorLike, b: TensorLike): Tensor => binary('ge', a, b, 'compare');
/** Elementwise logical and of truth values (x != 0), as a bool tensor. */
export const logicalAnd = (a: TensorLike, b: TensorLike): Tensor => binary('logicalAnd', a, b, 'logical');
/** Elementwise logical or of truth values (x != 0), as a bool tensor. */
export const logicalOr = (a: TensorLike, b: TensorLike): Tensor => binary('logicalOr', a, b, 'logical');

/**
 * Elementwise `condition ? a : b` with broadcasting of all three.
 * @example `where(tensor([true, false]), 1, 0).toArray(); // [1, 0]`
 */
export function where(condition: Tensor, first: TensorLike, second: TensorLike): Tensor {
  requireTensor('where', condition);
  const a = operand('where', first);
  const b = operand('where', second);
  const cond = condition.dtype === 'bool' ? condition : ne(condition, 0);
  const dtype = resultType('where', [a, b]);
  const ta = toOperand('where', a, dtype);
  const tb = toOperand('where', b, dtype);
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, ta.shape), tb.shape);
  const out = empty(shape, dtype, 'where');
  const [c, x, y] = [cond, ta, tb].map((t) => broadcastOperand(t, shape));
  map3(shape, c, x, y, out, isComplex(dtype) ? whereComplex : whereReal);
  if (!isFloating(dtype)) return out;
  return record('where', [ta, tb], out, { condition: cond });
}

/** Casts an integral tensor to the default float dtype; floating tensors pass through. */
export function toFloating(x: Tensor): Tensor {
  requireTensor('toFloating', x);
  return isFloating(x.dtype) ? x : cast(x, floatingOf(x.dtype));
}
