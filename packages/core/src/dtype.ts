/**
 * Dtypes, their storage and PyTorch's type promotion (docs/semantics.md §3.1).
 * Complex tensors store interleaved (re, im) pairs in a Float32Array (complex64) or Float64Array (complex128).
 */
import { describeValue } from './describe';
import { DtypeError } from './errors';
import { sharedSlot } from './shared-state';
import { takeStorage } from './storage-pool';

/** Element types of a tensor. */
export type DType = 'float32' | 'float64' | 'complex64' | 'complex128' | 'int32' | 'bool';
/** Floating dtypes that can be the default dtype. */
export type FloatDType = 'float32' | 'float64';
/** The typed arrays backing tensors. */
export type Storage = Float32Array | Float64Array | Int32Array | Uint8Array;
/** A complex number; plain objects and mathjs Complex both fit. */
export interface ComplexLike {
  re: number;
  im: number;
}

export const DTYPES: readonly DType[] = ['float32', 'float64', 'complex64', 'complex128', 'int32', 'bool'];

const defaults = sharedSlot('dtype', () => ({ dtype: 'float32' as FloatDType }));

/**
 * Sets the dtype of tensors created from plain numbers (float32 unless changed, as in PyTorch).
 * @example
 * ```ts
 * setDefaultDtype('float64'); tensor([1, 2]).dtype; // 'float64'
 * ```
 */
export function setDefaultDtype(dtype: FloatDType): void {
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new DtypeError(`setDefaultDtype: expected 'float32' or 'float64', got ${describeValue(dtype)}`);
  }
  defaults.dtype = dtype;
}

/** The current default floating dtype. @example `getDefaultDtype(); // 'float32'` */
export function getDefaultDtype(): FloatDType {
  return defaults.dtype;
}

/** The complex dtype paired with the default floating dtype. */
export function defaultComplexDtype(): DType {
  return defaults.dtype === 'float64' ? 'complex128' : 'complex64';
}

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && (DTYPES as readonly string[]).includes(value);
}

/** Whether a dtype is complex64 or complex128. */
export function isComplex(dtype: DType): boolean {
  return dtype === 'complex64' || dtype === 'complex128';
}

/** float or complex: the dtypes that can require gradients. */
export function isFloating(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'complex64' || dtype === 'complex128';
}

export function isIntegral(dtype: DType): boolean {
  return dtype === 'int32' || dtype === 'bool';
}

/** A DtypeError naming `op` unless `dtype` is one of the six dtype names. */
function requireDtype(op: string, dtype: unknown): DType {
  if (!isDType(dtype))
    throw new DtypeError(
      `${op}: expected one of float32, float64, complex64, complex128, int32, bool, got ${describeValue(dtype)}`,
    );
  return dtype;
}

/** The real dtype of a complex dtype (complex128 → float64); identity for real dtypes. */
export function toRealDtype(dtype: DType): DType {
  requireDtype('toRealDtype', dtype);
  if (dtype === 'complex64') return 'float32';
  if (dtype === 'complex128') return 'float64';
  return dtype;
}

/** The complex dtype with the same precision (float64 → complex128; int/bool → default complex). */
export function toComplexDtype(dtype: DType): DType {
  requireDtype('toComplexDtype', dtype);
  if (dtype === 'float64' || dtype === 'complex128') return 'complex128';
  if (dtype === 'float32' || dtype === 'complex64') return 'complex64';
  return defaultComplexDtype();
}

/** Number of storage scalars per element (2 for complex). */
export function scalarsPerElement(dtype: DType): number {
  return dtype === 'complex64' || dtype === 'complex128' ? 2 : 1;
}

/** Allocates zeroed storage for `size` elements of `dtype` (a reused buffer when storage-pool.ts has one free). */
export function allocate(dtype: DType, size: number): Storage {
  switch (dtype) {
    case 'float32':
      return takeStorage(Float32Array, size);
    case 'float64':
      return takeStorage(Float64Array, size);
    case 'complex64':
      return takeStorage(Float32Array, 2 * size);
    case 'complex128':
      return takeStorage(Float64Array, 2 * size);
    case 'int32':
      return takeStorage(Int32Array, size);
    case 'bool':
      return takeStorage(Uint8Array, size);
  }
}

/** Machine epsilon of a floating dtype (of its real part for complex). */
export function epsOf(dtype: DType): number {
  if (!isFloating(requireDtype('epsOf', dtype)))
    throw new DtypeError(
      `epsOf: expected a floating or complex dtype (integers have no machine epsilon), got ${dtype}`,
    );
  return dtype === 'float32' || dtype === 'complex64' ? 2 ** -23 : 2 ** -52;
}

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3, complex64: 4, complex128: 5 };

/**
 * PyTorch's promotion of two tensor dtypes: bool < int32 < float < complex, with precision kept
 * (complex64 ⊕ float64 → complex128).
 */
export function promoteTypes(a: DType, b: DType): DType {
  requireDtype('promoteTypes', a);
  if (a === b) return a;
  requireDtype('promoteTypes', b);
  const complex = isComplex(a) || isComplex(b);
  const wide = a === 'float64' || b === 'float64' || a === 'complex128' || b === 'complex128';
  if (complex) return wide ? 'complex128' : 'complex64';
  return RANK[a] >= RANK[b] ? a : b;
}

/** Kind of a JS scalar operand, which participates in promotion only by category (weakly typed, as Python scalars). */
export type ScalarKind = 'bool' | 'int' | 'float' | 'complex';

/**
 * Result dtype of `tensor ⊕ scalar`: the scalar raises the category (int → float → complex) but not the precision,
 * as PyTorch does for Python scalars.
 */
export function promoteWithScalar(dtype: DType, kind: ScalarKind): DType {
  if (kind === 'complex')
    return isComplex(dtype)
      ? dtype
      : dtype === 'float64'
        ? 'complex128'
        : isFloating(dtype)
          ? 'complex64'
          : defaultComplexDtype();
  if (kind === 'float') return isIntegral(dtype) ? defaults.dtype : dtype;
  if (kind === 'int') return dtype === 'bool' ? 'int32' : dtype;
  return dtype;
}
