/**
 * `Tensor.norm(p, dim, keepdim)` with PyTorch's semantics (torch.Tensor.norm, which is torch.linalg.vector_norm for a
 * numeric p): the p-norm over `dim` (every element when `dim` is omitted or null), 'fro' being the 2-norm over `dim`.
 * Derivatives at zeros follow torch's norm_backward (see {@link pNorm} and `sqrtZeroGradAtZero`).
 */
import { isComplex } from '../dtype';
import { DtypeError } from '../errors';
import type { Tensor } from '../tensor';
import { real } from './complex';
import { abs, conj, eq, mul, ne, pow, where } from './elementwise';
import { sqrtZeroGradAtZero } from './masked-sqrt';
import { amax, amin, sum } from './reduce';
import { describeValue, requireTensor } from './util';

/** The order p of {@link tensorNorm}: a number (±Infinity, 0 and any p ≠ 0 included) or 'fro' (= 2). */
type NormOrd = number | 'fro';

/** Reduction dims of a norm: one dim, several, or null/undefined for every element. */
type NormDims = number | readonly number[] | null | undefined;

/**
 * (Σ|x|ᵖ)^(1/p) over `dims` of a = |x|, with torch's derivative at zeros (norm_backward): for p > 0, 0 where the norm is
 * 0, and for p < 1 also 0 at the entries a_i = 0 (where aᵖ has an infinite slope). Both with the "double where" pattern
 * (the masked power is fed 1), so no 0·∞ = NaN reaches the gradient or its derivatives. `a` must be |x| (real, ≥ 0).
 */
export function pNorm(a: Tensor, ord: number, dims: NormDims, keepdim: boolean): Tensor {
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
  if (p === 'fro' || p === 2) {
    const squares = isComplex(x.dtype) ? real(mul(x, conj(x))) : mul(x, x);
    return sqrtZeroGradAtZero(sum(squares, dim, keepdim));
  }
  const a = abs(x);
  if (p === Number.POSITIVE_INFINITY) return amax(a, dim, keepdim);
  if (p === Number.NEGATIVE_INFINITY) return amin(a, dim, keepdim);
  if (p === 0) return sum(ne(a, 0).to(a.dtype), dim, keepdim);
  if (p === 1) return sum(a, dim, keepdim);
  return pNorm(a, p, dim, keepdim);
}
