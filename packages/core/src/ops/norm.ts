/**
 * `Tensor.norm(p, dim, keepdim)` with PyTorch's semantics (torch.Tensor.norm, which is torch.linalg.vector_norm for a
 * numeric p): the p-norm over `dim` (every element when `dim` is omitted or null), 'fro' being the 2-norm over `dim`.
 * Derivatives at zeros follow torch's norm_backward (see {@link pNorm} and `sqrtZeroGradAtZero`).
 */
import { noGrad } from '../dispatch';
import { isComplex } from '../dtype';
import { DtypeError } from '../errors';
import { normalizeDims } from '../shape';
import type { Tensor } from '../tensor';
import { real } from './complex';
import { abs, conj, div, eq, isfinite, logicalAnd, mul, ne, pow, where } from './elementwise';
import { sqrtZeroGradAtZero } from './masked-sqrt';
import { amax, amin, sum } from './reduce';
import { describeValue, requireTensor } from './util';

/** The order p of {@link tensorNorm}: a number (±Infinity, 0 and any p ≠ 0 included) or 'fro' (= 2). */
type NormOrd = number | 'fro';

/** Reduction dims of a norm: one dim, several, or null/undefined for every element. */
type NormDims = number | readonly number[] | null | undefined;

/** Validates the arguments of the norm plumbing (its public callers validate theirs under their own names). */
function checkNormArgs(op: string, a: Tensor, ord: number, dims: NormDims, keepdim: boolean): void {
  requireTensor(op, a);
  if (typeof ord !== 'number' || Number.isNaN(ord))
    throw new DtypeError(`${op}: expected a numeric order, got ${describeValue(ord)}`);
  if (typeof keepdim !== 'boolean')
    throw new DtypeError(`${op}: expected keepdim to be a boolean, got ${describeValue(keepdim)}`);
  if (dims !== null && dims !== undefined) normalizeDims(op, dims, a.ndim);
}

/**
 * (Σ|x|ᵖ)^(1/p) over `dims` of a = |x|, with torch's derivative at zeros (norm_backward): for p > 0, 0 where the norm is
 * 0, and for p < 1 also 0 at the entries a_i = 0 (where aᵖ has an infinite slope). Both with the "double where" pattern
 * (the masked power is fed 1), so no 0·∞ = NaN reaches the gradient or its derivatives. `a` must be |x| (real, ≥ 0).
 */
export function pNorm(a: Tensor, ord: number, dims: NormDims, keepdim: boolean): Tensor {
  checkNormArgs('pNorm', a, ord, dims, keepdim);
  let powered: Tensor;
  if (ord > 0 && ord < 1) {
    const zeroEntry = eq(a, 0);
    powered = where(zeroEntry, 0, pow(where(zeroEntry, 1, a), ord));
  } else powered = pow(a, ord);
  const total = sum(powered, dims, keepdim);
  if (ord < 0) return pow(total, 1 / ord);
  const zeroNorm = eq(total, 0);
  return where(zeroNorm, 0, pow(where(zeroNorm, 1, total), 1 / ord));
}

/**
 * The p-norm of `x` over `dim` (torch.Tensor.norm): `x.norm()` is the 2-norm of all elements, `x.norm(1, 1)` the
 * 1-norm of each row, `x.norm(2, -1, true)` keeps the reduced dim. Complex inputs give a real result.
 */
export function tensorNorm(x: Tensor, p: NormOrd = 'fro', dim?: NormDims, keepdim = false): Tensor {
  const op = 'Tensor.norm';
  requireTensor(op, x);
  if (x.dtype === 'bool' || x.dtype === 'int32')
    throw new DtypeError(`${op}: expected a floating point or complex tensor, got ${describeValue(x)}`);
  if (p === ('nuc' as NormOrd))
    throw new DtypeError(
      `${op}: the nuclear norm needs an SVD: use linalg.matrixNorm(x, 'nuc') (expected a number or 'fro', got 'nuc')`,
    );
  if (p !== 'fro' && (typeof p !== 'number' || Number.isNaN(p)))
    throw new DtypeError(`${op}: expected p to be a number or 'fro', got ${describeValue(p)}`);
  if (typeof keepdim !== 'boolean')
    throw new DtypeError(`${op}: expected keepdim to be a boolean, got ${describeValue(keepdim)}`);
  const dims = dim === undefined || dim === null ? null : normalizeDims(op, dim, x.ndim);
  if (p === 'fro' || p === 2) {
    const plain = twoNormOf(x, dims, keepdim);
    if (x.size === 0 || !needsScaling(plain)) return plain;
    // m·‖x/m‖₂ with m = max|x| held constant: an identity, so every derivative is unchanged (dnrm2's scaling).
    const m = normScale(abs(x), dims);
    return fitKeepdim(mul(twoNormOf(div(x, m), dims, true), m), plain.shape);
  }
  return scaledPNorm(abs(x), p, dims, keepdim);
}

function twoNormOf(x: Tensor, dims: number[] | null, keepdim: boolean): Tensor {
  const squares = isComplex(x.dtype) ? real(mul(x, conj(x))) : mul(x, x);
  return sqrtZeroGradAtZero(sum(squares, dims, keepdim));
}

function fitKeepdim(kept: Tensor, shape: readonly number[]): Tensor {
  return kept.shape.length === shape.length ? kept : kept.reshape([...shape]);
}

/**
 * The smallest 2-norm computed without scaling that cannot have lost digits to underflow: when ‖x‖ ≥ √(tiny/eps),
 * every square that flushed to zero contributes less than eps·‖x‖² (the thresholds of Blue's algorithm, used by
 * LAPACK 3.10's dnrm2).
 */
const UNSCALED_MIN: Readonly<Record<string, number>> = {
  float64: Math.sqrt(2 ** -1022 / 2 ** -52),
  float32: Math.sqrt(2 ** -126 / 2 ** -23),
};

/** Whether some 2-norm in `value` overflowed to ∞ or may have underflowed (NaN means a NaN input: keep it). */
export function needsScaling(value: Tensor): boolean {
  requireTensor('needsScaling', value);
  const v = value.storage;
  const small = UNSCALED_MIN[value.dtype] ?? UNSCALED_MIN.float64;
  for (let i = 0; i < v.length; i++) if (v[i] === Number.POSITIVE_INFINITY || (v[i] as number) < small) return true;
  return false;
}

/** m = max|x| over dims (kept), replaced by 1 where it is 0 or not finite; a constant for autograd. a = |x|. */
function normScale(a: Tensor, dims: number[] | null): Tensor {
  return noGrad(() => {
    const big = amax(a, dims, true);
    return where(logicalAnd(isfinite(big), ne(big, 0)), big, 1);
  });
}

/**
 * The p-norm of a = |x| for any numeric ord (Tensor.norm and linalg.vectorNorm past their 2-norm): max/min of a for
 * ±∞, the count of nonzeros for 0, Σa for 1, else m·‖a/m‖_p with m = max|x| held constant (an identity for any m > 0,
 * so every derivative is unchanged): no overflow or underflow of aᵖ for entries near 1e±300 (the scaling of LAPACK's
 * dnrm2).
 */
export function scaledPNorm(a: Tensor, ord: number, dims: number[] | null, keepdim: boolean): Tensor {
  checkNormArgs('scaledPNorm', a, ord, dims, keepdim);
  if (ord === Number.POSITIVE_INFINITY) return amax(a, dims, keepdim);
  if (ord === Number.NEGATIVE_INFINITY) return amin(a, dims, keepdim);
  if (ord === 0) return sum(ne(a, 0).to(a.dtype), dims, keepdim);
  if (ord === 1) return sum(a, dims, keepdim);
  if (a.size === 0) return pNorm(a, ord, dims, keepdim);
  const m = normScale(a, dims);
  const scaled = pNorm(div(a, m), ord, dims, true).mul(m);
  return keepdim ? scaled : scaled.reshape(scaled.shape.filter((_, i) => dims !== null && !dims.includes(i)));
}
