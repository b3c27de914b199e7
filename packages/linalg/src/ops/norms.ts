/** Vector and matrix norms and the condition number (torch.linalg.vector_norm / matrix_norm / norm / cond). */

import { recordNode } from '@tapegrad/autograd/internal';
import type { DType, RealOf, Tensor } from '@tapegrad/core';
import {
  abs,
  amax,
  amin,
  conj,
  DtypeError,
  div,
  eq,
  isFloating,
  isfinite,
  isGradEnabled,
  LinalgError,
  logicalAnd,
  mul,
  ne,
  noGrad,
  real,
  ShapeError,
  sqrt,
  sum,
  Tensor as TensorClass,
  where,
  zeros,
} from '@tapegrad/core';
import { describeTensor, needsScaling, normalizeDim, scaledPNorm, toRealDtype } from '@tapegrad/core/internal';
import { hasNonFinite, toBatch } from '../batch';
import { checkMatrix, nonFinite } from '../validate';
import { inv } from './lu';
import { svdvalsAs } from './svd';

/** Norm order: a number (including ±Infinity). */
export type VectorOrd = number;
/** Matrix norm order. */
export type MatrixOrd = 'fro' | 'nuc' | number;

function requireFloating(op: string, x: unknown): Tensor {
  if (!(x instanceof TensorClass) || !isFloating(x.dtype)) {
    throw new DtypeError(
      `${op}: expected a floating point or complex tensor, got ${x instanceof TensorClass ? describeTensor(x) : typeof x}`,
    );
  }
  return x;
}

/**
 * ‖x‖₂ over dims as m·√Σ(|x|/m)² with m = max|x| (LAPACK dnrm2's scaling): right for entries near 1e±300, where the
 * plain sum of squares overflows to ∞ or underflows to 0. An infinite entry gives ∞, NaN propagates, all zeros give 0.
 */
function scaledTwoNorm(x: Tensor, dims: number[] | null, keepdim: boolean, shape: readonly number[]): Tensor {
  const a = abs(x);
  const m = amax(a, dims, true);
  const usable = logicalAnd(isfinite(m), ne(m, 0));
  const safe = where(usable, m, 1);
  const r = div(a, safe);
  const value = where(isfinite(m), mul(safe, sqrt(sum(mul(r, r), dims, true))), m);
  return keepdim ? value : value.reshape(shape);
}

/**
 * The 2-norm over dims as one tape node, so that its gradient g·x/‖x‖ is taken as 0 at x = 0 (as PyTorch) instead of
 * NaN; the backward is written with differentiable ops. The forward tries the plain sum of squares and rescales
 * (see {@link scaledTwoNorm}) only when that overflowed or may have underflowed.
 */
function twoNorm(x: Tensor, dims: number[] | null, keepdim: boolean): Tensor {
  const value = noGrad(() => {
    const squares = x.isComplex ? real(mul(x, conj(x))) : mul(x, x);
    const plain = sqrt(sum(squares, dims, keepdim));
    return x.size > 0 && plain.size > 0 && needsScaling(plain) ? scaledTwoNorm(x, dims, keepdim, plain.shape) : plain;
  });
  if (isGradEnabled() && x.requiresGrad) {
    recordNode('linalg.vectorNorm', [x], [value], ([g]) => {
      if (g === null) return [null];
      const shape = x.shape.map((s, i) => (dims === null || dims.includes(i) || dims.includes(i - x.ndim) ? 1 : s));
      const nk = keepdim ? value : value.reshape(shape);
      const gk = keepdim ? g : g.reshape(shape);
      // g·(x/‖x‖): x/‖x‖ ≤ 1 cannot overflow (g/‖x‖ can, for tiny norms); 0 where the norm is 0 (as torch), with
      // divisor 1 there ("double where") so that differentiating this rule again gives 0 instead of 0·∞ = NaN.
      const zero = eq(nk, 0);
      return [where(zero, 0, mul(gk, div(x, where(zero, 1, nk))))];
    });
  }
  return value;
}

/** Validated, normalized (non-negative) and distinct reduction dims of a norm. */
function normDims(op: string, dim: number | readonly number[], ndim: number): number[] {
  const list = typeof dim === 'number' ? [dim] : dim;
  if (!Array.isArray(list))
    throw new ShapeError(`${op}: expected dim to be an integer or an array of integers, got ${typeof dim}`);
  const out = list.map((d) => normalizeDim(op, d, ndim));
  if (new Set(out).size !== out.length)
    throw new ShapeError(`${op}: expected each dim at most once, got [${list.join(', ')}]`);
  return out;
}

function checkKeepdim(op: string, keepdim: unknown): void {
  if (typeof keepdim !== 'boolean')
    throw new DtypeError(`${op}: expected keepdim to be a boolean, got ${typeof keepdim} ${String(keepdim)}`);
}

/**
 * Vector norm over `dim` (all elements by default): ord 2 (default), any p > 0, 0 (count of non-zeros), ±Infinity.
 * @example `linalg.vectorNorm(tensor([3, 4])).item(); // 5`
 */
export function vectorNorm<D extends DType>(
  x: Tensor<D>,
  ord?: VectorOrd,
  dim?: number | readonly number[] | null,
  keepdim?: boolean,
): Tensor<RealOf<D>>;
export function vectorNorm(
  x: Tensor,
  ord: VectorOrd = 2,
  dim?: number | readonly number[] | null,
  keepdim = false,
): Tensor {
  return vectorNormAs('linalg.vectorNorm', x, ord, dim, keepdim);
}

/** vectorNorm under the public name (`linalg.vectorNorm`, `linalg.norm`, …) that its errors start with. */
function vectorNormAs(
  op: string,
  x: Tensor,
  ord: VectorOrd,
  dim: number | readonly number[] | null | undefined,
  keepdim: boolean,
): Tensor {
  requireFloating(op, x);
  if (typeof ord !== 'number' || Number.isNaN(ord))
    throw new DtypeError(`${op}: expected a numeric ord, got ${String(ord)}`);
  checkKeepdim(op, keepdim);
  const dims = dim === undefined || dim === null ? null : normDims(op, dim, x.ndim);
  if (ord === 2) return twoNorm(x, dims, keepdim);
  return scaledPNorm(abs(x), ord, dims, keepdim);
}

const MATRIX_ORDS: readonly MatrixOrd[] = [
  'fro',
  'nuc',
  2,
  -2,
  1,
  -1,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];

function checkMatrixOrd(op: string, name: string, ord: unknown): void {
  if (!MATRIX_ORDS.includes(ord as MatrixOrd))
    throw new DtypeError(
      `${op}: expected ${name} one of 'fro', 'nuc', 2, -2, 1, -1, Infinity, -Infinity, got ${String(ord)}`,
    );
}

/**
 * Matrix norm over the last two dims (or `dim`): 'fro' (default), 'nuc', 2, −2 (largest/smallest singular value),
 * 1, −1 (max/min column sum), ±Infinity (max/min row sum).
 */
export function matrixNorm<D extends DType>(
  A: Tensor<D>,
  ord?: MatrixOrd,
  dim?: readonly [number, number],
  keepdim?: boolean,
): Tensor<RealOf<D>>;
export function matrixNorm(
  A: Tensor,
  ord: MatrixOrd = 'fro',
  dim: readonly [number, number] = [-2, -1],
  keepdim = false,
): Tensor {
  return matrixNormAs('linalg.matrixNorm', A, ord, dim, keepdim);
}

/** matrixNorm under the public name (`linalg.matrixNorm`, `linalg.norm`, `linalg.cond`) its errors start with. */
function matrixNormAs(op: string, A: Tensor, ord: MatrixOrd, dim: readonly [number, number], keepdim: boolean): Tensor {
  requireFloating(op, A);
  if (A.ndim < 2) throw new ShapeError(`${op}: expected a tensor with at least 2 dimensions, got ${describeTensor(A)}`);
  checkMatrixOrd(op, 'ord', ord);
  checkKeepdim(op, keepdim);
  if (!Array.isArray(dim) || dim.length !== 2)
    throw new ShapeError(
      `${op}: expected dim to be a pair of dims, got ${Array.isArray(dim) ? `[${dim.join(', ')}]` : typeof dim}`,
    );
  const [r, c] = normDims(op, dim, A.ndim);
  if (ord === 'fro') return vectorNormAs(op, A, 2, [r, c], keepdim);
  const moved =
    r === A.ndim - 2 && c === A.ndim - 1
      ? A
      : A.permute([...A.shape.keys()].filter((i) => i !== r && i !== c).concat([r, c]));
  // Reductions over (r, c) leave the other dims in order; keepdim re-inserts size-1 dims at r and c.
  const restore = (t: Tensor) => (keepdim ? t.unsqueeze(Math.min(r, c)).unsqueeze(Math.max(r, c)) : t);
  const squeezeRC = (t: Tensor) => (keepdim ? t : t.squeeze([r, c]));
  if (ord === 'nuc') return restore(sum(svdvalsAs(op, moved), -1));
  if (ord === 2) return restore(amax(svdvalsAs(op, moved), -1));
  if (ord === -2) return restore(amin(svdvalsAs(op, moved), -1));
  const a = abs(A);
  if (ord === 1) return squeezeRC(amax(sum(a, r, true), c, true));
  if (ord === -1) return squeezeRC(amin(sum(a, r, true), c, true));
  if (ord === Number.POSITIVE_INFINITY) return squeezeRC(amax(sum(a, c, true), r, true));
  return squeezeRC(amin(sum(a, c, true), r, true));
}

/**
 * torch.linalg.norm: without ord, the 2-norm of the flattened input (or over `dim`); with a matrix ord or a 2-element
 * `dim`, a matrix norm.
 */
export function norm<D extends DType>(
  A: Tensor<D>,
  ord?: MatrixOrd,
  dim?: number | readonly number[],
  keepdim?: boolean,
): Tensor<RealOf<D>>;
export function norm(A: Tensor, ord?: MatrixOrd, dim?: number | readonly number[], keepdim = false): Tensor {
  const op = 'linalg.norm';
  requireFloating(op, A);
  const dims = dim === undefined ? undefined : normDims(op, dim, A.ndim);
  if (ord === undefined) return vectorNormAs(op, A, 2, dims ?? null, keepdim);
  if (typeof ord === 'string' || (dims !== undefined && dims.length === 2) || (dims === undefined && A.ndim === 2)) {
    return matrixNormAs(op, A, ord, (dims ?? [-2, -1]) as [number, number], keepdim);
  }
  return vectorNormAs(op, A, ord, dims ?? null, keepdim);
}

/**
 * Condition number: σ_max/σ_min for p = 2 (default) or σ_min/σ_max for p = −2 (any shape); for other orders
 * ‖A‖_p·‖A⁻¹‖_p (square invertible A).
 */
export function cond<D extends DType>(A: Tensor<D>, p?: MatrixOrd): Tensor<RealOf<D>>;
export function cond(A: Tensor, p: MatrixOrd = 2): Tensor {
  const op = 'linalg.cond';
  requireFloating(op, A);
  checkMatrix(op, A);
  checkMatrixOrd(op, 'p', p);
  if (A.size === 0 && (p === 2 || p === -2 || A.shape[A.ndim - 1] === A.shape[A.ndim - 2])) {
    // As torch.linalg.cond: the condition number of an empty matrix is 0 (there is nothing to invert).
    return zeros(A.shape.slice(0, -2), { dtype: toRealDtype(A.dtype) });
  }
  if (p === 2 || p === -2) {
    const s = svdvalsAs(op, A);
    const ratio = div(amax(s, -1), amin(s, -1));
    return p === 2 ? ratio : div(1, ratio);
  }
  checkMatrix(op, A, { square: true });
  if (hasNonFinite(toBatch(A).data)) nonFinite(op);
  let inverse: Tensor;
  try {
    inverse = inv(A);
  } catch (e) {
    // Name the op the user called (the inverse is an implementation detail).
    if (e instanceof LinalgError) throw new LinalgError(e.message.replace(/^linalg\.inv:/, `${op}:`));
    throw e;
  }
  return mul(matrixNormAs(op, A, p, [-2, -1], false), matrixNormAs(op, inverse, p, [-2, -1], false));
}
