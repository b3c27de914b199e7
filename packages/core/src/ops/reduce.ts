/** Reductions: sum and prod are primitives; mean, var, std, max/min and friends are composites. */

import { noGrad, record } from '../dispatch';
import type { DType } from '../dtype';
import { isComplex, isFloating } from '../dtype';
import { DtypeError, ShapeError } from '../errors';
import { type ReduceKind, reduce } from '../kernels/reduce';
import { namedTuple, type ValuesIndices } from '../named-tuple';
import { readOptions } from '../options';
import { normalizeDim, normalizeDims } from '../shape';
import type { Tensor } from '../tensor';
import { real } from './complex';
import { add, conj, div, eq, mul, ne, sub, where } from './elementwise';
import { gather } from './indexing';
import { sqrtZeroGradAtZero } from './masked-sqrt';
import { reshape, squeeze } from './movement';
import { booleanArg, describeTensor, describeValue, empty, requireTensor } from './util';

type Dims = number | readonly number[] | null | undefined;

function reducedShape(shape: readonly number[], dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (dims.includes(i)) {
      if (keepdim) out.push(1);
    } else out.push(shape[i]);
  }
  return out;
}

/** Runs a reduction kernel (nothing recorded). */
function reduceRaw(kind: ReduceKind, x: Tensor, dims: readonly number[], keepdim: boolean, dtype: DType): Tensor {
  const out = empty(reducedShape(x.shape, dims, keepdim), dtype, kind === 'sumExact' ? 'sum' : kind);
  const flags = x.shape.map((_, i) => dims.includes(i));
  reduce(kind, isComplex(x.dtype), x.storage, x.shape, x.strides, x.offset, flags, out.storage);
  return out;
}

function dimsOf(op: string, x: Tensor, dim: Dims): number[] {
  if (Array.isArray(dim) && dim.length === 0) return normalizeDims(op, null, x.ndim);
  return normalizeDims(op, dim as number | readonly number[] | null | undefined, x.ndim);
}

/**
 * Sum over `dim` (all dims by default); bool and int32 inputs sum to int32, exactly: an int32 sum outside
 * [−2^31, 2^31) is a DtypeError (PyTorch would give int64), never a wrapped value.
 * @example `tensor([[1, 2], [3, 4]]).sum(0).toArray(); // [4, 6]`
 */
export function sum(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  requireTensor('sum', x);
  booleanArg('sum', 'keepdim', keepdim, false);
  const dims = dimsOf('sum', x, dim);
  if (x.dtype === 'int32') return int32Result('sum', reduceRaw('sumExact', x, dims, keepdim, 'float64'));
  const dtype = x.dtype === 'bool' ? 'int32' : x.dtype;
  const out = reduceRaw('sum', x, dims, keepdim, dtype);
  return record('sum', [x], out, { dims, keepdim });
}

/**
 * An exact float64 reduction result as int32, or a DtypeError naming `op`: PyTorch reduces int32 into int64, which
 * tapegrad does not have, so a result outside [−2^31, 2^31) is refused rather than wrapped.
 */
export function int32Result(op: string, exact: Tensor): Tensor {
  const s = exact.storage;
  for (let i = 0; i < s.length; i++) {
    if (!(s[i] >= -2147483648 && s[i] <= 2147483647))
      throw new DtypeError(
        `${op}: expected a result representable as int32 (int32 reductions and scans do not wrap; convert with .to('float64') first), got ${s[i]}`,
      );
  }
  const out = empty(exact.shape, 'int32', op);
  out.storage.set(s);
  return out;
}

/** Product over one dim (or all). */
export function prod(x: Tensor, dim?: number | null, keepdim = false): Tensor {
  requireTensor('prod', x);
  booleanArg('prod', 'keepdim', keepdim, false);
  const dims =
    dim === undefined || dim === null ? normalizeDims('prod', null, x.ndim) : [normalizeDim('prod', dim, x.ndim)];
  if (x.dtype === 'int32') {
    // |partial products| never decrease over non-zero integers, so an in-range result was computed exactly; NaN
    // can only be ∞·0, whose exact value is 0.
    const exact = reduceRaw('prod', x, dims, keepdim, 'float64');
    const s = exact.storage;
    for (let i = 0; i < s.length; i++) if (Number.isNaN(s[i])) s[i] = 0;
    return int32Result('prod', exact);
  }
  const dtype = x.dtype === 'bool' ? 'int32' : x.dtype;
  const out = reduceRaw('prod', x, dims, keepdim, dtype);
  return record('prod', [x], out, { dims, keepdim });
}

/** Mean over `dim` (floating and complex inputs only, as torch.mean). */
export function mean(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  requireTensor('mean', x);
  if (!isFloating(x.dtype)) {
    throw new DtypeError(`mean: expected a floating point or complex tensor, got ${describeTensor(x)}`);
  }
  booleanArg('mean', 'keepdim', keepdim, false);
  const dims = dimsOf('mean', x, dim);
  let count = 1;
  for (const d of dims) count *= x.shape[d];
  return div(sum(x, dims, keepdim), count);
}

/** argmax/argmin; `op` names the public op (argmax, max, ...) in error messages. */
function argReduce(
  kind: 'argmax' | 'argmin',
  x: Tensor,
  dim: number | null | undefined,
  keepdim: boolean,
  op: string = kind,
): Tensor {
  requireTensor(op, x);
  if (isComplex(x.dtype)) throw new DtypeError(`${op}: expected a real tensor, got ${describeTensor(x)}`);
  booleanArg(op, 'keepdim', keepdim, false);
  if (dim === undefined || dim === null) {
    if (x.size === 0) throw new ShapeError(`${op}: expected a non-empty tensor, got ${describeTensor(x)}`);
    const out = reduceRaw(kind, x, normalizeDims(op, null, x.ndim), false, 'int32');
    return keepdim
      ? reshape(
          out,
          x.shape.map(() => 1),
        )
      : out;
  }
  const d = normalizeDim(op, dim, x.ndim);
  if (x.ndim > 0 && x.shape[d] === 0)
    throw new ShapeError(`${op}: expected a non-empty dim ${d}, got ${describeTensor(x)}`);
  return reduceRaw(kind, x, x.ndim === 0 ? [] : [d], keepdim, 'int32');
}

/** Index of the maximum (flat index without `dim`); first occurrence, NaN counts as maximal. */
export function argmax(x: Tensor, dim?: number | null, keepdim = false): Tensor {
  return argReduce('argmax', x, dim, keepdim);
}
/** Index of the minimum (flat index without `dim`). */
export function argmin(x: Tensor, dim?: number | null, keepdim = false): Tensor {
  return argReduce('argmin', x, dim, keepdim);
}

function valuesIndices(kind: 'argmax' | 'argmin', x: Tensor, dim: number, keepdim: boolean): ValuesIndices {
  const op = kind === 'argmax' ? 'max' : 'min';
  booleanArg(op, 'keepdim', keepdim, false);
  const d = normalizeDim(op, dim, x.ndim);
  if (x.ndim === 0) return namedTuple(['values', 'indices'], [x, empty([], 'int32')] as const);
  const index = argReduce(kind, x, d, true, op);
  const values = gather(x, d, index);
  const pair = keepdim ? ([values, index] as const) : ([squeeze(values, d), squeeze(index, d)] as const);
  return namedTuple(['values', 'indices'], pair);
}

/**
 * amax/amin: the extreme value over dims; the gradient is shared evenly among ties (as torch.amax). Computed as
 * v + Σ((x − v)·mask)/count with v the detached extreme, so the value is exact and the derivative is mask/count.
 */
function extreme(op: 'amax' | 'amin', x: Tensor, dim: Dims, keepdim: boolean): Tensor {
  requireTensor(op, x);
  if (isComplex(x.dtype)) throw new DtypeError(`${op}: expected a real tensor, got ${describeTensor(x)}`);
  booleanArg(op, 'keepdim', keepdim, false);
  const dims = dimsOf(op, x, dim);
  for (const d of dims) {
    if (x.shape[d] === 0)
      throw new ShapeError(`${op}: expected a non-empty reduction over dim ${d}, got ${describeTensor(x)}`);
  }
  const kind = op === 'amax' ? 'argmax' : 'argmin';
  const v = noGrad(() => {
    // Reduce one dim at a time with gather of the arg index (exact values, NaN propagates).
    let t = x.detach();
    for (let k = dims.length - 1; k >= 0; k--) t = gather(t, dims[k], argReduce(kind, t, dims[k], true));
    return t;
  });
  if (!x.requiresGrad) return keepdim ? v : reshape(v, reducedShape(x.shape, dims, false));
  const mask = where(eq(x, v), 1, 0).to(x.dtype);
  const count = sum(mask, dims, true);
  const out = add(v, div(sum(mul(sub(x, v), mask), dims, true), count));
  return keepdim ? out : reshape(out, reducedShape(x.shape, dims, false));
}

/** Maximum over dims (gradient shared among ties). */
export function amax(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return extreme('amax', x, dim, keepdim);
}
/** Minimum over dims (gradient shared among ties). */
export function amin(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return extreme('amin', x, dim, keepdim);
}

/** max/min: without `dim` the extreme element (amax/amin of everything), with `dim` the values-indices pair. */
function extremeOrPair(
  op: 'max' | 'min',
  x: Tensor,
  dim: number | undefined,
  keepdim: boolean,
): Tensor | ValuesIndices {
  requireTensor(op, x);
  if (isComplex(x.dtype)) throw new DtypeError(`${op}: expected a real tensor, got ${describeTensor(x)}`);
  if (dim === undefined) {
    if (x.size === 0) throw new ShapeError(`${op}: expected a non-empty tensor, got ${describeTensor(x)}`);
    return extreme(op === 'max' ? 'amax' : 'amin', x, null, false);
  }
  return valuesIndices(op === 'max' ? 'argmax' : 'argmin', x, dim, keepdim);
}

/**
 * Without `dim`: the maximum element (as torch.max(x)). With `dim`: `{ values, indices }` along it.
 * @example `max(tensor([[1, 5], [7, 2]]), 1).indices.toArray(); // [1, 0]`
 */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return extremeOrPair('max', x, dim, keepdim);
}

/** Without `dim`: the minimum element. With `dim`: `{ values, indices }` along it. */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return extremeOrPair('min', x, dim, keepdim);
}

type VarOptions = { correction?: number; keepdim?: boolean };

/** Variance with Bessel's correction by default (`correction: 1`); complex inputs give a real variance. */
export function variance(x: Tensor, dim?: Dims, opts: VarOptions = {}): Tensor {
  return varianceOf('var', x, dim, opts);
}

/** Standard deviation: √var; its gradient where var = 0 (constant input) is 0, as torch.std. */
export function std(x: Tensor, dim?: Dims, opts: VarOptions = {}): Tensor {
  return sqrtZeroGradAtZero(varianceOf('std', x, dim, opts));
}

/** var/std share this; `op` names the public op in error messages. */
function varianceOf(op: 'var' | 'std', x: Tensor, dim: Dims, opts: VarOptions): Tensor {
  requireTensor(op, x);
  if (!isFloating(x.dtype))
    throw new DtypeError(`${op}: expected a floating point or complex tensor, got ${describeTensor(x)}`);
  opts = readOptions(op, opts, ['correction', 'keepdim']) as VarOptions;
  const correction = opts.correction ?? 1;
  if (typeof correction !== 'number' || !Number.isFinite(correction))
    throw new DtypeError(`${op}: expected correction to be a finite number, got ${describeValue(correction)}`);
  const keepdim = booleanArg(op, 'keepdim', opts.keepdim, false);
  const dims = dimsOf(op, x, dim);
  let count = 1;
  for (const d of dims) count *= x.shape[d];
  const centered = sub(x, mean(x, dims, true));
  const squares = isComplex(x.dtype) ? real(mul(centered, conj(centered))) : mul(centered, centered);
  return div(sum(squares, dims, keepdim), Math.max(count - correction, 0));
}

/** any/all: whether some / every element over `dim` is non-zero (NaN counts as non-zero), as a bool tensor. */
function truthReduce(op: 'any' | 'all', x: Tensor, dim: Dims, keepdim: boolean): Tensor {
  requireTensor(op, x);
  booleanArg(op, 'keepdim', keepdim, false);
  const dims = dimsOf(op, x, dim);
  // any: some x ≠ 0; all: no x = 0. Bool sums count as int32; nothing is recorded (bool results).
  const hits = reduceRaw('sum', op === 'any' ? ne(x, 0) : eq(x, 0), dims, keepdim, 'int32');
  return op === 'any' ? ne(hits, 0) : eq(hits, 0);
}

/**
 * Whether any element (over `dim`, or of the whole tensor) is non-zero, as a bool tensor (`torch.any`).
 * @example `any(tensor([0, 0, 1])).item(); // true`
 */
export function any(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return truthReduce('any', x, dim, keepdim);
}

/**
 * Whether every element (over `dim`, or of the whole tensor) is non-zero, as a bool tensor (`torch.all`).
 * @example `all(tensor([[1, 0], [1, 1]]), 1).toArray(); // [false, true]`
 */
export function all(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return truthReduce('all', x, dim, keepdim);
}
