/** Helpers shared by the op modules: operand conversion, result dtypes, fresh outputs, error text. */

import { describeValue } from '../describe';
import type { ComplexLike, DType, ScalarKind } from '../dtype';
import {
  allocate,
  defaultComplexDtype,
  getDefaultDtype,
  isComplex,
  isDType,
  isFloating,
  promoteTypes,
  promoteWithScalar,
  toComplexDtype,
} from '../dtype';
import { DtypeError } from '../errors';
import type { Strided } from '../kernels/iterate';
import { broadcastStrides, checkShape, contiguousStrides, formatShape } from '../shape';
import { Tensor, type TensorLike } from '../tensor';

export { describeValue };

/**
 * `x` itself when it is a Tensor; otherwise a DtypeError naming `op` (a non-tensor is an argument of the wrong type).
 * Internal: shared by the op modules of core and by sibling packages.
 * @example `requireTensor('relu', ones([2])).shape; // [2]`
 */
export function requireTensor(op: string, x: unknown): Tensor {
  if (!(x instanceof Tensor)) throw new DtypeError(`${op}: expected a Tensor, got ${describeValue(x)}`);
  return x;
}

/** `t` read through broadcast strides over `shape` (stride 0 along the dims it is broadcast over), for map2/map3. */
export function broadcastOperand(t: Tensor, shape: readonly number[]): Strided {
  return { storage: t.storage, strides: broadcastStrides(t.shape, t.strides, shape), offset: t.offset };
}

/** A fresh contiguous, zero-filled tensor. */
export function empty(shape: readonly number[], dtype: DType): Tensor {
  let size = 1;
  for (let i = 0; i < shape.length; i++) size *= shape[i];
  return new Tensor(allocate(dtype, size), dtype, shape.slice(), contiguousStrides(shape), 0);
}

/**
 * A fresh zero-filled tensor of `shape` and `dtype`, both validated before anything is allocated.
 * @example `alloc([2, 3], 'float64').shape; // [2, 3]`
 */
export function alloc(shape: readonly number[], dtype: DType): Tensor {
  const dims = checkShape('alloc', shape);
  if (!isDType(dtype))
    throw new DtypeError(
      `alloc: expected dtype one of float32, float64, complex64, complex128, int32, bool, got ${String(dtype)}`,
    );
  return empty(dims, dtype);
}

/**
 * A view of `x`'s storage with another geometry (and dtype, for real/imag views of complex storage). It remembers the
 * root it views (the tensor owning the storage), which in-place ops need to keep gradient histories right.
 */
export function viewOf(
  x: Tensor,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  dtype: DType = x.dtype,
): Tensor {
  const out = new Tensor(x.storage, dtype, shape, strides, offset);
  out._base = x._base ?? x;
  return out;
}

/** `x` when it is a real (not complex) Tensor, else a DtypeError naming `op`. */
export function requireRealTensor(op: string, x: unknown): Tensor {
  const t = requireTensor(op, x);
  if (isComplex(t.dtype)) throw new DtypeError(`${op}: expected a real tensor, got ${describeTensor(t)}`);
  return t;
}

/** "int32 tensor of shape [3]" — the "got" part of error messages. */
export function describeTensor(t: Tensor): string {
  if (!(t instanceof Tensor)) throw new DtypeError(`describeTensor: expected a Tensor, got ${describeValue(t)}`);
  return `${t.dtype} tensor of shape ${formatShape(t.shape)}`;
}

/** `value` when it is a boolean (or `fallback` when undefined); else a DtypeError naming `op` and the option. */
export function booleanArg(op: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    throw new DtypeError(`${op}: expected ${name} to be a boolean, got ${describeValue(value)}`);
  return value;
}

export function isComplexLike(value: unknown): value is ComplexLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ComplexLike).re === 'number' &&
    typeof (value as ComplexLike).im === 'number'
  );
}

export function scalarKind(op: string, value: unknown): ScalarKind {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (isComplexLike(value)) return 'complex';
  throw new DtypeError(`${op}: expected a Tensor, number, boolean or { re, im } operand, got ${describeValue(value)}`);
}

const CATEGORY: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 2, complex64: 3, complex128: 3 };
const KIND_CATEGORY: Record<ScalarKind, number> = { bool: 0, int: 1, float: 2, complex: 3 };

/**
 * torch.result_type: dimensioned tensors decide the dtype; 0-d tensors and JS scalars only raise the category
 * (bool < int < float < complex).
 */
export function resultType(op: string, operands: readonly TensorLike[]): DType {
  let dim: DType | null = null;
  let zero: DType | null = null;
  let kind: ScalarKind | null = null;
  for (const v of operands) {
    if (v instanceof Tensor) {
      if (v.ndim > 0) dim = dim === null ? v.dtype : promoteTypes(dim, v.dtype);
      else zero = zero === null ? v.dtype : promoteTypes(zero, v.dtype);
    } else {
      const k = scalarKind(op, v);
      if (kind === null || KIND_CATEGORY[k] > KIND_CATEGORY[kind]) kind = k;
    }
  }
  let result: DType | null = dim;
  if (result === null) result = zero;
  else if (zero !== null && CATEGORY[zero] > CATEGORY[result]) result = raiseCategory(result, zero);
  if (result === null) {
    if (kind === 'complex') return defaultComplexDtype();
    if (kind === 'float') return getDefaultDtype();
    return kind === 'bool' ? 'bool' : 'int32';
  }
  return kind === null ? result : promoteWithScalar(result, kind);
}

/**
 * A dimensioned result dtype raised to the higher category of a 0-d operand (torch's `combine_categories`): a complex
 * 0-d operand makes a floating result complex of the result's own precision (float32 ⊕ complex128 0-d → complex64).
 */
function raiseCategory(result: DType, zero: DType): DType {
  if (isComplex(zero) && (result === 'float32' || result === 'float64')) return toComplexDtype(result);
  return promoteTypes(result, zero);
}

/** A 0-d tensor holding a JS scalar, of the given dtype. */
export function scalarTensor(value: number | boolean | ComplexLike, dtype: DType): Tensor {
  const t = empty([], dtype);
  const s = t.storage;
  if (isComplexLike(value)) {
    if (isComplex(dtype)) {
      s[0] = value.re;
      s[1] = value.im;
    } else s[0] = value.re;
  } else {
    const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    s[0] = dtype === 'bool' ? (v !== 0 ? 1 : 0) : dtype === 'int32' ? Math.trunc(v) : v;
  }
  return t;
}

/** Float dtype used when an integral input goes through a floating op (exp, div, mean, ...). */
export function floatingOf(dtype: DType): DType {
  return isFloating(dtype) ? dtype : getDefaultDtype();
}
