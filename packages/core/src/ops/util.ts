/** Helpers shared by the op modules: operand conversion, result dtypes, fresh outputs, error text. */

import { describeValue } from '../describe';
import type { ComplexLike, DType, ScalarKind, Storage } from '../dtype';
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
import { DtypeError, ShapeError } from '../errors';
import type { Strided } from '../kernels/iterate';
import { hasMembers } from '../members';
import { broadcastStrides, checkShape, contiguousStrides, formatShape, requireOpName } from '../shape';
import { Tensor, type TensorLike } from '../tensor';

export { describeValue };

/** A number as itself (`5`, `NaN`), anything else as {@link describeValue} says it — for "got …" in messages. */
export function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : describeValue(value);
}

/** `t` read through broadcast strides over `shape` (stride 0 along the dims it is broadcast over), for map2/map3. */
export function broadcastOperand(t: Tensor, shape: readonly number[]): Strided {
  return { storage: t.storage, strides: broadcastStrides(t.shape, t.strides, shape), offset: t.offset };
}

const BYTES_PER_ELEMENT: Record<DType, number> = {
  bool: 1,
  int32: 4,
  float32: 4,
  float64: 8,
  complex64: 8,
  complex128: 16,
};

/**
 * Zeroed storage for `size` elements of `dtype`; when the engine cannot allocate it (a size under the element cap
 * that does not fit in memory) a ShapeError naming `op` instead of V8's RangeError.
 */
export function allocateFor(op: string, dtype: DType, size: number): Storage {
  try {
    return allocate(dtype, size);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const bytes = size * BYTES_PER_ELEMENT[dtype];
    throw new ShapeError(
      `${op}: expected a tensor that fits in memory, got ${size} elements of ${dtype} (${(bytes / 2 ** 30).toFixed(1)} GiB) that could not be allocated`,
    );
  }
}

/** A fresh contiguous, zero-filled tensor; `op` names the public op if the allocation fails. */
export function empty(shape: readonly number[], dtype: DType, op = 'tensor'): Tensor {
  let size = 1;
  for (let i = 0; i < shape.length; i++) size *= shape[i];
  return new Tensor(allocateFor(op, dtype, size), dtype, shape.slice(), contiguousStrides(shape), 0);
}

/**
 * A fresh zero-filled tensor of `shape` and `dtype`, both validated before anything is allocated.
 * @example `alloc([2, 3], 'float64').shape; // [2, 3]`
 */
export function alloc(shape: readonly number[], dtype: DType): Tensor {
  const dims = checkShape('alloc', shape);
  if (!isDType(dtype))
    throw new DtypeError(
      `alloc: expected dtype one of float32, float64, complex64, complex128, int32, bool, got ${describeValue(dtype)}`,
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

/**
 * `x` when it is a usable Tensor, else a DtypeError naming `op`: not a tensor at all, or a (zero-copy) tensor whose
 * ArrayBuffer was detached after it was created (transferred to a worker, `structuredClone(…, { transfer })`) — which
 * would otherwise read as NaN/undefined and silently drop writes. Internal: shared by the op modules of core and by
 * sibling packages.
 * @example `requireTensor('relu', ones([2])).shape; // [2]`
 */
export function requireTensor(op: string, x: unknown): Tensor {
  if (!(x instanceof Tensor))
    throw new DtypeError(`${requireOpName('requireTensor', op)}: expected a Tensor, got ${describeValue(x)}`);
  if (x.storage.length === 0 && x.size !== 0) throw detachedError(requireOpName('requireTensor', op), x);
  return x;
}

/** The error for a tensor whose storage was detached (see {@link requireTensor}). */
export function detachedError(op: string, x: Tensor): DtypeError {
  return new DtypeError(
    `${op}: expected a tensor whose memory is usable, got ${describeTensor(x)} whose ArrayBuffer was detached (transferred) after the tensor was created`,
  );
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

/** Whether `value` has numeric `re` and `im` (never throws: a revoked Proxy or a throwing getter is not complex). */
export function isComplexLike(value: unknown): value is ComplexLike {
  return hasMembers(value, 'number', 're', 'im');
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

/** A 0-d tensor holding a JS scalar, of the given dtype (an int32 one must be representable: no silent wrap). */
export function scalarTensor(value: number | boolean | ComplexLike, dtype: DType, op = 'tensor'): Tensor {
  if (dtype === 'int32' && typeof value === 'number' && !(value >= -2147483648 && value <= 2147483647))
    throw new DtypeError(`${op}: expected an int32 operand in [-2^31, 2^31) with an int32 tensor, got ${value}`);
  const t = empty([], dtype, op);
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
