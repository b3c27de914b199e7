/**
 * Shape and view ops. reshape, permute, expand, slice and diagonal are view primitives (they share storage, like
 * PyTorch views); the rest are written in terms of them. cat and copy are copying primitives.
 */
import { record } from '../dispatch';
import type { DType } from '../dtype';
import { promoteTypes } from '../dtype';
import { ShapeError } from '../errors';
import { copyArray, isArrayValue } from '../read';
import {
  checkShape,
  contiguousStrides,
  formatShape,
  inferShape,
  isContiguous,
  MAX_DIMS,
  MAX_ELEMENTS,
  normalizeDim,
  normalizeDims,
  readDims,
  sameShape,
} from '../shape';
import { Tensor } from '../tensor';
import { cast, copyStrided } from './complex';
import { describeTensor, describeValue, empty, requireTensor, shown, viewOf } from './util';

/** Accepts `f(2, 3)` and `f([2, 3])` forms of shape/dims arguments (the array is read later, once, by the op). */
export function shapeArgs(args: number[] | [readonly number[]]): number[] {
  if (args.length === 1 && isArrayValue('shape', args[0])) return args[0] as number[];
  return args as number[];
}

/**
 * Largest number of pieces split/chunk return: each piece is a tensor object, so a request for billions of them
 * (`split(1)` of an expanded dim of 2e9, `chunk(2 ** 31)` of an empty dim) is a ShapeError, not an out-of-memory crash.
 */
export const MAX_PIECES = 2 ** 20;

function requirePieces(op: string, count: number): void {
  if (count > MAX_PIECES)
    throw new ShapeError(`${op}: expected at most ${MAX_PIECES} pieces, got a request for ${count}`);
}

/** A tensor with at least one dimension (ops that index along a dim). */
function requireDims(op: string, x: unknown): Tensor {
  const t = requireTensor(op, x);
  if (t.ndim === 0)
    throw new ShapeError(`${op}: expected a tensor with at least 1 dimension, got ${describeTensor(t)}`);
  return t;
}

/**
 * Strides that view (shape, strides) with `newShape` without copying, or null when impossible. The old dims are
 * grouped into maximal runs that are contiguous within themselves ("chunks"); the new dims, walked from the
 * right, must tile each chunk exactly, and then get strides inside it.
 */
function viewStrides(
  shape: readonly number[],
  strides: readonly number[],
  newShape: readonly number[],
): number[] | null {
  if (newShape.includes(0) || shape.includes(0)) return contiguousStrides(newShape);
  const chunks: { numel: number; stride: number }[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] === 1) continue;
    const last = chunks[chunks.length - 1];
    if (last && strides[d] === last.stride * last.numel) last.numel *= shape[d];
    else chunks.push({ numel: shape[d], stride: strides[d] });
  }
  const out = new Array<number>(newShape.length);
  let c = 0;
  let filled = 1;
  for (let v = newShape.length - 1; v >= 0; v--) {
    const size = newShape[v];
    if (size === 1) {
      out[v] = c < chunks.length ? chunks[c].stride * filled : 1;
      continue;
    }
    if (c >= chunks.length) return null;
    out[v] = chunks[c].stride * filled;
    filled *= size;
    if (filled > chunks[c].numel || chunks[c].numel % filled !== 0) return null;
    if (filled === chunks[c].numel) {
      c++;
      filled = 1;
    }
  }
  return c === chunks.length ? out : null;
}

function reshapeImpl(op: string, x: Tensor, shape: readonly number[], allowCopy: boolean): Tensor {
  requireTensor(op, x);
  const target = inferShape(op, shape, x.size);
  if (sameShape(target, x.shape)) return x;
  let strides = viewStrides(x.shape, x.strides, target);
  let source = x;
  if (strides === null) {
    if (!allowCopy) {
      throw new ShapeError(
        `${op}: expected a shape compatible with the input's size and strides (a view cannot merge dims that are not contiguous with each other), got ${describeTensor(x)} viewed as ${formatShape(target)}; use reshape() instead`,
      );
    }
    source = contiguous(x);
    strides = contiguousStrides(target);
  }
  const out = viewOf(source, target, strides, source.offset);
  return record('reshape', [x], out, { shape: target });
}

/**
 * Returns a tensor with the given shape (a view when strides allow, else a copy); one dim may be −1.
 * @example `arange(6).reshape([2, 3]).shape; // [2, 3]`
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  return reshapeImpl('reshape', x, shape, true);
}

/** Like reshape, but throws ShapeError when the result cannot be a view. */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  return reshapeImpl('view', x, shape, false);
}

/** Flattens dims startDim..endDim into one. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  requireTensor('flatten', x);
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeDim('flatten', startDim, x.ndim);
  const e = normalizeDim('flatten', endDim, x.ndim);
  if (s > e) throw new ShapeError(`flatten: expected startDim <= endDim, got ${startDim} and ${endDim}`);
  const shape = [...x.shape.slice(0, s), x.shape.slice(s, e + 1).reduce((a, b) => a * b, 1), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

/** Removes size-1 dims (all, or the given ones when they have size 1). */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  requireTensor('squeeze', x);
  const dims = dim === undefined ? null : normalizeDims('squeeze', dim, x.ndim);
  const shape = x.shape.filter((s, i) => !(s === 1 && (dims === null || dims.includes(i))));
  return reshape(x, shape);
}

/** Inserts a size-1 dim at `dim` (−ndim−1 ≤ dim ≤ ndim). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  requireTensor('unsqueeze', x);
  if (x.ndim >= MAX_DIMS)
    throw new ShapeError(`unsqueeze: expected a result of at most ${MAX_DIMS} dimensions, got ${describeTensor(x)}`);
  const d = normalizeDim('unsqueeze', dim, x.ndim + 1);
  const shape = [...x.shape];
  shape.splice(d, 0, 1);
  return reshape(x, shape);
}

/**
 * Permutes dims (a view).
 * @example `zeros([2, 3, 4]).permute([2, 0, 1]).shape; // [4, 2, 3]`
 */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  requireTensor('permute', x);
  const list = readDims('permute', dims, 'a list of dims');
  if (list.length !== x.ndim) {
    throw new ShapeError(
      `permute: expected ${x.ndim} dims for a tensor of shape ${formatShape(x.shape)}, got ${list.length} dims`,
    );
  }
  const nd = list.map((d) => normalizeDim('permute', d, x.ndim));
  if (new Set(nd).size !== nd.length) throw new ShapeError(`permute: expected each dim once, got [${nd.join(', ')}]`);
  let identity = true;
  for (let i = 0; i < nd.length; i++) if (nd[i] !== i) identity = false;
  if (identity) return x;
  const out = viewOf(
    x,
    nd.map((d) => x.shape[d]),
    nd.map((d) => x.strides[d]),
    x.offset,
  );
  return record('permute', [x], out, { dims: nd });
}

/** Swaps two dims (a view). */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  requireTensor('transpose', x);
  if (x.ndim < 2 && x.ndim === 0) return x;
  const a = normalizeDim('transpose', dim0, x.ndim);
  const b = normalizeDim('transpose', dim1, x.ndim);
  const dims = Array.from({ length: x.ndim }, (_, i) => i);
  dims[a] = b;
  dims[b] = a;
  return permute(x, dims);
}

/**
 * Transpose of a tensor with at most 2 dims (`torch.t`): 0-D and 1-D tensors are returned as they are.
 * @example `t(ones([2, 3])).shape; // [3, 2]`
 */
export function t(x: Tensor): Tensor {
  requireTensor('t', x);
  if (x.ndim > 2)
    throw new ShapeError(
      `t: expected a tensor with at most 2 dimensions (use transpose or mT), got ${describeTensor(x)}`,
    );
  return x.ndim < 2 ? x : permute(x, [1, 0]);
}

/**
 * Broadcasts size-1 dims to larger sizes without copying (−1 keeps a size).
 * @example `tensor([[1], [2]]).expand([2, 3]).shape; // [2, 3]`
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  return expandAs('expand', x, shape);
}

/** expand under the name of the public op (expand or broadcastTo) used in error messages. */
function expandAs(op: string, x: Tensor, sizes: readonly number[]): Tensor {
  requireTensor(op, x);
  const shape = readDims(op, sizes) as number[];
  if (shape.length < x.ndim) {
    throw new ShapeError(
      `${op}: expected a shape with at least ${x.ndim} dims, got ${formatShape(shape)} for ${describeTensor(x)}`,
    );
  }
  const lead = shape.length - x.ndim;
  const target = new Array<number>(shape.length);
  const strides = new Array<number>(shape.length);
  for (let i = 0; i < shape.length; i++) {
    const want = shape[i];
    const have = i < lead ? 1 : x.shape[i - lead];
    const size = want === -1 && i >= lead ? have : want;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
      throw new ShapeError(`${op}: expected non-negative sizes (or -1 for existing dims), got ${formatShape(shape)}`);
    }
    if (have !== size && have !== 1) {
      throw new ShapeError(
        `${op}: expected the expanded size (${size}) to match the existing size (${have}) at non-singleton dimension ${i}, got target ${formatShape(shape)} for ${describeTensor(x)}`,
      );
    }
    target[i] = size;
    strides[i] = i < lead || have !== size ? 0 : x.strides[i - lead];
  }
  checkShape(op, target);
  if (sameShape(target, x.shape)) return x;
  const out = viewOf(x, target, strides, x.offset);
  return record('expand', [x], out, { shape: target });
}

/** expand with broadcasting semantics (torch.broadcast_to). */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  return expandAs('broadcastTo', x, shape);
}

/**
 * Elements start, start+step, … < end along `dim` (a view). Negative start/end count from the end; bounds are clamped.
 * @example `arange(5).slice(0, 1, 4, 2).toArray(); // [1, 3]`
 */
export function slice(x: Tensor, dim: number, start = 0, end?: number, step = 1): Tensor {
  requireTensor('slice', x);
  if (x.ndim === 0) throw new ShapeError('slice: expected a tensor with at least 1 dimension, got a 0-d tensor');
  const d = normalizeDim('slice', dim, x.ndim);
  const n = x.shape[d];
  if (!Number.isInteger(step) || step <= 0)
    throw new ShapeError(`slice: expected a positive integer step, got ${shown(step)}`);
  if (!Number.isInteger(start) || (end !== undefined && !Number.isInteger(end))) {
    throw new ShapeError(`slice: expected integer start and end, got ${shown(start)} and ${shown(end)}`);
  }
  let s = start < 0 ? start + n : start;
  let e = end === undefined ? n : end < 0 ? end + n : end;
  s = Math.min(Math.max(s, 0), n);
  e = Math.min(Math.max(e, s), n);
  const length = Math.ceil((e - s) / step);
  if (s === 0 && length === n && step === 1) return x;
  const shape = [...x.shape];
  shape[d] = length;
  const strides = [...x.strides];
  strides[d] = x.strides[d] * step;
  const out = viewOf(x, shape, strides, x.offset + s * x.strides[d]);
  return record('slice', [x], out, { dim: d, start: s, step, length });
}

/** `length` elements from `start` along `dim` (a view). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  requireDims('narrow', x);
  const d = normalizeDim('narrow', dim, x.ndim);
  const n = x.shape[d];
  const s = start < 0 ? start + n : start;
  if (!Number.isInteger(s) || !Number.isInteger(length) || s < 0 || length < 0 || s + length > n) {
    throw new ShapeError(
      `narrow: expected 0 <= start <= start + length <= ${n} along dim ${d}, got start ${shown(start)} and length ${shown(length)}`,
    );
  }
  return slice(x, d, s, s + length);
}

/** The slice at `index` along `dim`, with that dim removed (a view). */
export function select(x: Tensor, dim: number, index: number): Tensor {
  requireDims('select', x);
  const d = normalizeDim('select', dim, x.ndim);
  const n = x.shape[d];
  if (!Number.isInteger(index) || index < -n || index >= n) {
    throw new ShapeError(
      `select: expected index in range [${-n}, ${n - 1}] for dim ${d} of size ${n}, got ${shown(index)}`,
    );
  }
  const i = index < 0 ? index + n : index;
  const shape = x.shape.filter((_, k) => k !== d);
  return reshape(slice(x, d, i, i + 1), shape);
}

/** Splits into chunks of `splitSize` (last may be smaller) or of the given sizes along `dim`. */
export function split(x: Tensor, splitSize: number | readonly number[], dim = 0): Tensor[] {
  requireDims('split', x);
  const d = normalizeDim('split', dim, x.ndim);
  const n = x.shape[d];
  const out: Tensor[] = [];
  if (typeof splitSize === 'number') {
    if (!Number.isInteger(splitSize) || splitSize <= 0)
      throw new ShapeError(`split: expected a positive integer size, got ${shown(splitSize)}`);
    requirePieces('split', Math.ceil(n / splitSize));
    for (let s = 0; s < n || (n === 0 && out.length === 0); s += splitSize)
      out.push(slice(x, d, s, Math.min(s + splitSize, n)));
    return out;
  }
  const sizes = copyArray('split', splitSize, 'a list of sizes', MAX_PIECES) as number[] | undefined;
  if (sizes === undefined)
    throw new ShapeError(`split: expected a split size or an array of sizes, got ${describeValue(splitSize)}`);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total !== n || sizes.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new ShapeError(
      `split: expected sizes summing to ${n} (the size of dim ${d}), got [${sizes.map((v) => describeValue(v)).join(', ')}]`,
    );
  }
  let s = 0;
  for (const size of sizes) {
    out.push(slice(x, d, s, s + size));
    s += size;
  }
  return out;
}

/** Splits into `chunks` nearly equal parts along `dim` (torch.chunk; an empty dim gives `chunks` empty parts). */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  requireDims('chunk', x);
  if (!Number.isInteger(chunks) || chunks <= 0)
    throw new ShapeError(`chunk: expected a positive integer number of chunks, got ${shown(chunks)}`);
  const d = normalizeDim('chunk', dim, x.ndim);
  if (x.shape[d] === 0) {
    requirePieces('chunk', chunks);
    return Array.from({ length: chunks }, () => slice(x, d, 0, 0));
  }
  requirePieces('chunk', Math.ceil(x.shape[d] / Math.ceil(x.shape[d] / chunks)));
  return split(x, Math.ceil(x.shape[d] / chunks), d);
}

/** The diagonal with the given offset of the planes (dim1, dim2), appended as the last dim (a view). */
export function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  requireTensor('diagonal', x);
  if (x.ndim < 2)
    throw new ShapeError(`diagonal: expected a tensor with at least 2 dimensions, got ${describeTensor(x)}`);
  const d1 = normalizeDim('diagonal', dim1, x.ndim);
  const d2 = normalizeDim('diagonal', dim2, x.ndim);
  if (d1 === d2) throw new ShapeError(`diagonal: expected two different dims, got ${shown(dim1)} and ${shown(dim2)}`);
  if (!Number.isInteger(offset)) throw new ShapeError(`diagonal: expected an integer offset, got ${shown(offset)}`);
  const n1 = x.shape[d1];
  const n2 = x.shape[d2];
  const length = Math.max(0, offset >= 0 ? Math.min(n1, n2 - offset) : Math.min(n1 + offset, n2));
  const shape: number[] = [];
  const strides: number[] = [];
  for (let i = 0; i < x.ndim; i++) {
    if (i === d1 || i === d2) continue;
    shape.push(x.shape[i]);
    strides.push(x.strides[i]);
  }
  shape.push(length);
  strides.push(x.strides[d1] + x.strides[d2]);
  let start = x.offset;
  if (length > 0) start += offset >= 0 ? offset * x.strides[d2] : -offset * x.strides[d1];
  const out = viewOf(x, shape, strides, start);
  return record('diagonal', [x], out, { offset, dim1: d1, dim2: d2 });
}

/** A contiguous copy (always copies; differentiable). */
export function clone(x: Tensor): Tensor {
  return cloneAs('clone', x);
}

/** clone under the name of the public op (clone or contiguous) used in error messages. */
function cloneAs(op: string, x: Tensor): Tensor {
  requireTensor(op, x);
  const out = empty(x.shape, x.dtype, op);
  copyStrided(x, out);
  return record('copy', [x], out, {});
}

/** The tensor itself when already contiguous, else a contiguous copy. */
export function contiguous(x: Tensor): Tensor {
  requireTensor('contiguous', x);
  if (isContiguous(x.shape, x.strides)) return x;
  return cloneAs('contiguous', x);
}

/**
 * Concatenates tensors along an existing dim (dtypes promote as in torch.cat).
 * @example `cat([ones([1, 2]), zeros([2, 2])]).shape; // [3, 2]`
 */
export function cat(list: readonly Tensor[], dim = 0): Tensor {
  const tensors = tensorList('cat', list);
  const dtype = tensors.reduce<DType>((acc, t) => promoteTypes(acc, t.dtype), tensors[0].dtype);
  // Legacy rule kept by torch: 1-D empty tensors are skipped.
  const parts: Tensor[] = tensors.filter((t) => !(t.ndim === 1 && t.size === 0));
  if (parts.length === 0) return empty([0], dtype);
  const ref = parts[0];
  if (ref.ndim === 0)
    throw new ShapeError(`cat: expected tensors with at least 1 dimension, got ${describeTensor(ref)}`);
  const d = normalizeDim('cat', dim, ref.ndim);
  let total = 0;
  for (const t of parts) {
    if (t.ndim !== ref.ndim || t.shape.some((s, i) => i !== d && s !== ref.shape[i])) {
      throw new ShapeError(
        `cat: expected tensors with the same shape except in dim ${d}, got ${formatShape(ref.shape)} and ${formatShape(t.shape)}`,
      );
    }
    total += t.shape[d];
  }
  const shape = [...ref.shape];
  shape[d] = total;
  const out = empty(checkShape('cat', shape), dtype, 'cat');
  const inputs = parts.map((t) => cast(t, dtype));
  let start = 0;
  for (const t of inputs) {
    const n = t.shape[d];
    const dst = new Tensor(out.storage, dtype, t.shape, out.strides, start * out.strides[d]);
    copyStrided(t, dst);
    start += n;
  }
  return record('cat', inputs, out, { dim: d });
}

/** A non-empty user array of usable tensors, read once. */
export function tensorList(op: string, list: unknown): Tensor[] {
  const copy = copyArray(op, list, 'an array of tensors', MAX_ELEMENTS);
  if (copy === undefined || copy.length === 0)
    throw new ShapeError(`${op}: expected a non-empty array of tensors, got ${describeValue(list)}`);
  return copy.map((t) => requireTensor(op, t));
}

/** Stacks tensors of the same shape along a new dim. */
export function stack(list: readonly Tensor[], dim = 0): Tensor {
  const tensors = tensorList('stack', list);
  const ref = tensors[0];
  for (const t of tensors) {
    if (!sameShape(t.shape, ref.shape)) {
      throw new ShapeError(
        `stack: expected each tensor to be equal size, got ${formatShape(ref.shape)} and ${formatShape(t.shape)}`,
      );
    }
  }
  const d = normalizeDim('stack', dim, ref.ndim + 1);
  return cat(
    tensors.map((t) => unsqueeze(t, d)),
    d,
  );
}
