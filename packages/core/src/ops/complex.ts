/** Dtype conversion, complex construction and views, and conversion to JS values. */
import { record } from '../dispatch';
import type { ComplexLike, DType, Storage } from '../dtype';
import { isComplex, isDType, isFloating, toComplexDtype, toRealDtype } from '../dtype';
import { DtypeError, ShapeError } from '../errors';
import { castRow, firstNonInt32 } from '../kernels/copy';
import { map1, map2 } from '../kernels/iterate';
import { broadcastShapes, contiguousStrides } from '../shape';
import { type NestedArray, Tensor } from '../tensor';
import { broadcastOperand, describeTensor, describeValue, empty, requireTensor, viewOf } from './util';

/** Copies `src` (any strides) into `dst` (any strides) of the same shape, converting dtypes (unchecked, internal). */
export function copyStrided(src: Tensor, dst: Tensor): void {
  map1(
    src.shape,
    src.storage,
    src.strides,
    src.offset,
    dst.storage,
    dst.strides,
    dst.offset,
    castRow(src.dtype, dst.dtype),
  );
}

/**
 * Before a float/complex → int32 conversion: a DtypeError naming `op` unless every value (the real part of complex
 * ones) truncates to an int32 — NaN, ±Infinity and values outside [−2^31, 2^31) never wrap silently.
 */
export function requireInt32Values(op: string, x: Tensor, dtype: DType): void {
  if (dtype !== 'int32' || x.dtype === 'int32' || x.dtype === 'bool') return;
  const bad = firstNonInt32(x.storage, x.shape, x.strides, x.offset, isComplex(x.dtype));
  if (bad !== undefined)
    throw new DtypeError(
      `${op}: expected values representable as int32 (finite, in [-2^31, 2^31)) to convert ${describeTensor(x)} to int32, got ${bad}`,
    );
}

/**
 * Converts to `dtype`; returns the input itself when the dtype already matches (as `torch.Tensor.to`).
 * Differentiable between floating dtypes (complex → real keeps the real part, like PyTorch).
 * @example `tensor([1.7, -2.2]).to('int32').toArray(); // [1, -2]`
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  requireTensor('to', x);
  if (!isDType(dtype))
    throw new DtypeError(
      `to: expected one of float32, float64, complex64, complex128, int32, bool, got ${describeValue(dtype)}`,
    );
  if (x.dtype === dtype) return x;
  requireInt32Values('to', x, dtype);
  const out = empty(x.shape, dtype, 'to');
  copyStrided(x, out);
  if (isFloating(dtype)) record('cast', [x], out, { dtype });
  return out;
}

/** Real part: a view of a complex tensor, or the tensor itself when it is real (as `torch.real`). */
export function real(x: Tensor): Tensor {
  requireTensor('real', x);
  if (!isComplex(x.dtype)) return x;
  const out = viewOf(
    x,
    x.shape,
    x.strides.map((s) => 2 * s),
    2 * x.offset,
    toRealDtype(x.dtype),
  );
  return record('real', [x], out, {});
}

/** Imaginary part: a view of a complex tensor. */
export function imag(x: Tensor): Tensor {
  requireTensor('imag', x);
  if (!isComplex(x.dtype)) throw new DtypeError(`imag: expected a complex tensor, got ${describeTensor(x)}`);
  const out = viewOf(
    x,
    x.shape,
    x.strides.map((s) => 2 * s),
    2 * x.offset + 1,
    toRealDtype(x.dtype),
  );
  return record('imag', [x], out, {});
}

/**
 * Builds a complex tensor from real and imaginary parts of the same floating dtype (broadcasting), as `torch.complex`.
 * @example `complex(tensor([1]), tensor([2])).item(); // { re: 1, im: 2 }`
 */
export function complex(re: Tensor, im: Tensor): Tensor {
  if (!(re instanceof Tensor) || !(im instanceof Tensor)) {
    throw new DtypeError(`complex: expected two tensors, got ${describeValue(re)} and ${describeValue(im)}`);
  }
  if (re.dtype !== im.dtype || (re.dtype !== 'float32' && re.dtype !== 'float64')) {
    throw new DtypeError(
      `complex: expected real and imag of the same dtype, float32 or float64, got ${re.dtype} and ${im.dtype}`,
    );
  }
  const shape = broadcastShapes('complex', re.shape, im.shape);
  const out = empty(shape, toComplexDtype(re.dtype), 'complex');
  map2(shape, broadcastOperand(re, shape), broadcastOperand(im, shape), out, (n, a, ao, as, b, bo, bs, o, oo, os) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += os) {
      o[2 * oo] = a[ao];
      o[2 * oo + 1] = b[bo];
    }
  });
  return record('complex', [re, im], out, {});
}

/** A contiguous copy of the data as a typed array (complex: interleaved). */
export function toTypedArray(x: Tensor, op = 'toTypedArray'): Storage {
  requireTensor(op, x);
  if (x.offset === 0 && isContiguousFull(x))
    return x.storage.slice(0, x.size * (isComplex(x.dtype) ? 2 : 1)) as Storage;
  const out = empty(x.shape, x.dtype, op);
  copyStrided(x, out);
  return out.storage;
}

function isContiguousFull(x: Tensor): boolean {
  const expected = contiguousStrides(x.shape);
  for (let i = 0; i < x.ndim; i++) if (x.shape[i] !== 1 && x.strides[i] !== expected[i]) return false;
  return true;
}

function valueAt(data: Storage, dtype: DType, i: number): number | boolean | ComplexLike {
  if (dtype === 'bool') return data[i] !== 0;
  if (isComplex(dtype)) return { re: data[2 * i], im: data[2 * i + 1] };
  return data[i];
}

/** Nested arrays (bool → booleans, complex → `{ re, im }`). */
/** The longest JS array V8 can hold (FixedArray::kMaxLength on 64-bit builds): a longer dim cannot be an array. */
const MAX_JS_ARRAY_LENGTH = 134_217_725;

export function toNested(x: Tensor): NestedArray {
  requireTensor('toArray', x);
  if (x.shape.some((n) => n > MAX_JS_ARRAY_LENGTH))
    throw new ShapeError(
      `toArray: expected dimensions of at most ${MAX_JS_ARRAY_LENGTH} (the longest JS array), got ${describeTensor(x)}; use toTypedArray() instead`,
    );
  const data = toTypedArray(x, 'toArray');
  if (x.ndim === 0) return valueAt(data, x.dtype, 0);
  let pos = 0;
  const build = (dim: number): NestedArray[] => {
    const n = x.shape[dim];
    const out: NestedArray[] = new Array(n);
    if (dim === x.ndim - 1) for (let i = 0; i < n; i++) out[i] = valueAt(data, x.dtype, pos++);
    else for (let i = 0; i < n; i++) out[i] = build(dim + 1);
    return out;
  };
  try {
    return build(0); // recursion depth ≤ MAX_DIMS (64): every op refuses to make more dims
  } catch (error) {
    // JS arrays hold at most ~2^27 elements in V8 ("Invalid array length"); say so, naming the op.
    if (!(error instanceof RangeError)) throw error;
    throw new ShapeError(
      `toArray: expected a tensor whose dimensions fit in JS arrays, got ${describeTensor(x)} (${error.message}); use toTypedArray() instead`,
    );
  }
}

/** The value of a one-element tensor. */
export function item(x: Tensor): number | boolean | ComplexLike {
  requireTensor('item', x);
  if (x.size !== 1) throw new ShapeError(`item: expected a tensor with one element, got ${describeTensor(x)}`);
  return valueAt(x.storage, x.dtype, x.offset);
}
