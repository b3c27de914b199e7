/**
 * Moving tensors in and out of the float64 kernels: a batch of matrices as one contiguous Float64Array (complex
 * interleaved), and results back into tensors of the caller's dtype (float32/complex64 inputs are computed in
 * float64 and rounded once at the end).
 */
import type { DType, Tensor } from '@tapegrad/core';
import { cast, contiguous, isComplex, noGrad, tensor } from '@tapegrad/core';

export interface MatrixBatch {
  /** Contiguous float64 data of all matrices (complex: interleaved), row-major. Do not modify. */
  readonly data: Float64Array;
  readonly batchShape: number[];
  readonly count: number;
  readonly m: number;
  readonly n: number;
  readonly complex: boolean;
}

/** The float64 compute dtype of a dtype (float32 → float64, complex64 → complex128). */
export function computeDtype(dtype: DType): 'float64' | 'complex128' {
  return isComplex(dtype) ? 'complex128' : 'float64';
}

/** The real dtype matching the precision of `dtype` (the dtype of singular values and eigenvalues). */
export function realDtypeOf(dtype: DType): 'float32' | 'float64' {
  return dtype === 'float32' || dtype === 'complex64' ? 'float32' : 'float64';
}

/** A contiguous float64 view or copy of a batch of matrices (zero-copy when already contiguous float64). */
export function toBatch(A: Tensor): MatrixBatch {
  const m = A.shape[A.ndim - 2];
  const n = A.shape[A.ndim - 1];
  const batchShape = A.shape.slice(0, -2);
  let count = 1;
  for (const s of batchShape) count *= s;
  const c = noGrad(() => contiguous(cast(A, computeDtype(A.dtype))));
  const width = isComplex(A.dtype) ? 2 : 1;
  const data = c.storage as Float64Array;
  const view =
    c.offset === 0 && data.length === count * m * n * width
      ? data
      : data.subarray(width * c.offset, width * (c.offset + count * m * n));
  return { data: view, batchShape, count, m, n, complex: isComplex(A.dtype) };
}

/** A tensor of `dtype` and `shape` from float64 data (complex interleaved), rounding to single precision if needed. */
export function fromFloat64(data: Float64Array, shape: readonly number[], dtype: DType): Tensor {
  const wide = computeDtype(dtype);
  const t = tensor(data, { dtype: wide, shape: [...shape] });
  return t.dtype === dtype ? t : noGrad(() => cast(t, dtype));
}

/** Whether any entry of the batch is NaN or ±Infinity. */
export function hasNonFinite(data: Float64Array): boolean {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0) return true;
  }
  return false;
}
