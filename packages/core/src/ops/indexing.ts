/**
 * Index-based ops: gather / scatterAdd (each other's gradient), the zero-embedding scatters that are the gradients of
 * slicing and diagonal views, triangular masks, and the composites indexSelect, diag, diagEmbed.
 */
import { record } from '../dispatch';
import { isComplex } from '../dtype';
import { DtypeError, ShapeError } from '../errors';
import { checkShape, formatShape, normalizeDim, normalizeDims } from '../shape';
import { Tensor } from '../tensor';
import { copyStrided } from './complex';
import { tensor, tensorFromIndices } from './creation';
import { clone, diagonal, expand, reshape } from './movement';
import { describeTensor, describeValue, empty, requireTensor, shown } from './util';

function checkIndex(op: string, x: Tensor, dim: number, index: Tensor, exact: boolean): number {
  requireTensor(op, index);
  if (index.dtype !== 'int32')
    throw new DtypeError(`${op}: expected an int32 index tensor, got ${describeTensor(index)}`);
  const d = normalizeDim(op, dim, x.ndim);
  if (index.ndim !== x.ndim && !(x.ndim === 0 && index.ndim <= 1)) {
    throw new ShapeError(
      `${op}: expected index with the same number of dims as the input (${x.ndim}), got ${describeTensor(index)}`,
    );
  }
  for (let i = 0; i < index.ndim; i++) {
    if (i !== d && (exact ? index.shape[i] !== x.shape[i] : index.shape[i] > x.shape[i])) {
      throw new ShapeError(
        `${op}: expected index size ${exact ? '==' : '<='} input size at dim ${i}, got index shape ${formatShape(index.shape)} and input shape ${formatShape(x.shape)}`,
      );
    }
  }
  return d;
}

/**
 * Visits every element of `index` with the storage offsets of the corresponding element in `a` (whose position
 * along `dim` is replaced by the index value) and in `b` (same position as in index).
 */
function forEachIndexed(
  op: string,
  index: Tensor,
  dim: number,
  a: Tensor,
  b: Tensor,
  visit: (aOffset: number, bOffset: number) => void,
): void {
  const nd = index.ndim;
  const n = index.size;
  if (n === 0) return;
  const counter = new Array<number>(nd).fill(0);
  const limit = a.ndim === 0 ? 1 : a.shape[dim];
  const idx = index.storage;
  for (let k = 0; k < n; k++) {
    let io = index.offset;
    let ao = a.offset;
    let bo = b.offset;
    for (let d = 0; d < nd; d++) {
      io += counter[d] * index.strides[d];
      bo += counter[d] * b.strides[d];
      if (d !== dim) ao += counter[d] * a.strides[d];
    }
    let j = idx[io];
    if (j < -limit || j >= limit) {
      throw new ShapeError(
        `${op}: expected indices in [${-limit}, ${limit - 1}] for dim ${dim} of size ${limit}, got ${j}`,
      );
    }
    if (j < 0) j += limit;
    if (a.ndim > 0) ao += j * a.strides[dim];
    visit(ao, bo);
    for (let d = nd - 1; d >= 0; d--) {
      if (++counter[d] < index.shape[d]) break;
      counter[d] = 0;
    }
  }
}

/**
 * out[i][j] = x[i][index[i][j]] for dim = 1 (torch.gather).
 * @example `gather(tensor([[1, 2], [3, 4]]), 1, tensor([[1], [0]], { dtype: 'int32' })).toArray(); // [[2], [3]]`
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  requireTensor('gather', x);
  const d = checkIndex('gather', x, dim, index, false);
  const out = empty(index.shape, x.dtype, 'gather');
  const src = x.storage;
  const dst = out.storage;
  const c = isComplex(x.dtype);
  forEachIndexed('gather', index, d, x, out, (xo, oo) => {
    if (c) {
      dst[2 * oo] = src[2 * xo];
      dst[2 * oo + 1] = src[2 * xo + 1];
    } else dst[oo] = src[xo];
  });
  return record('gather', [x], out, { dim: d, index });
}

/**
 * A copy of `x` with `src` added at the positions `index` names along `dim` (torch.scatter_add; not in place).
 */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  requireTensor('scatterAdd', x);
  requireTensor('scatterAdd', src);
  if (src.dtype !== x.dtype)
    throw new DtypeError(`scatterAdd: expected src of dtype ${x.dtype}, got ${describeTensor(src)}`);
  const d = checkIndex('scatterAdd', x, dim, index, false);
  if (src.ndim !== index.ndim)
    throw new ShapeError(
      `scatterAdd: expected src with the same number of dims as index (${index.ndim}), got ${describeTensor(src)}`,
    );
  for (let i = 0; i < index.ndim; i++) {
    if (index.shape[i] > src.shape[i]) {
      throw new ShapeError(
        `scatterAdd: expected index size <= src size at dim ${i}, got ${formatShape(index.shape)} and ${formatShape(src.shape)}`,
      );
    }
  }
  const out = empty(x.shape, x.dtype, 'scatterAdd');
  copyStrided(x, out);
  const dst = out.storage;
  const s = src.storage;
  const c = isComplex(x.dtype);
  forEachIndexed('scatterAdd', index, d, out, src, (oo, so) => {
    if (c) {
      dst[2 * oo] += s[2 * so];
      dst[2 * oo + 1] += s[2 * so + 1];
    } else dst[oo] += s[so];
  });
  return record('scatterAdd', [x, src], out, { dim: d, index });
}

/** Throws unless every index value lies in [−size, size). */
function checkBounds(op: string, index: Tensor, size: number, dim: number): void {
  const values = index.toTypedArray();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < -size || v >= size) {
      throw new ShapeError(
        `${op}: expected indices in [${-size}, ${size - 1}] for dim ${dim} of size ${size}, got ${v}`,
      );
    }
  }
}

/** Selects entries along `dim` by a 1-D index (torch.index_select). */
export function indexSelect(x: Tensor, dim: number, index: Tensor | readonly number[]): Tensor {
  requireTensor('indexSelect', x);
  const idx = index instanceof Tensor ? index : tensorFromIndices(index, 'indexSelect');
  if (idx.dtype !== 'int32') throw new DtypeError(`indexSelect: expected an int32 index, got ${describeTensor(idx)}`);
  if (idx.ndim > 1) throw new ShapeError(`indexSelect: expected a 0-D or 1-D index, got ${describeTensor(idx)}`);
  const d = normalizeDim('indexSelect', dim, x.ndim);
  checkBounds('indexSelect', idx, x.ndim === 0 ? 1 : x.shape[d], d);
  if (x.ndim === 0) return gather(x, 0, reshape(idx, []));
  const viewShape = x.shape.map((_, i) => (i === d ? idx.size : 1));
  const fullShape = x.shape.map((s, i) => (i === d ? idx.size : s));
  return gather(x, d, expand(reshape(idx, viewShape), fullShape));
}

/** zeros(shape) with `src` written into the slice (dim, start::step) — the gradient of slice. */
export function sliceScatter(src: Tensor, shape: readonly number[], dim: number, start: number, step: number): Tensor {
  const op = 'sliceScatter';
  requireTensor(op, src);
  const dims = checkShape(op, shape);
  if (dims.length === 0 || src.ndim !== dims.length)
    throw new ShapeError(
      `${op}: expected src with as many dims as shape ${formatShape(dims)} (at least 1), got ${describeTensor(src)}`,
    );
  const d = normalizeDim(op, dim, dims.length);
  if (!Number.isInteger(start) || !Number.isInteger(step) || start < 0 || step < 1)
    throw new ShapeError(
      `${op}: expected an integer start ≥ 0 and step ≥ 1, got start ${shown(start)} and step ${shown(step)}`,
    );
  const n = src.shape[d];
  const fits = src.shape.every((s, i) => i === d || s === dims[i]) && (n === 0 || start + (n - 1) * step < dims[d]);
  if (!fits)
    throw new ShapeError(
      `${op}: expected src to fit the slice (dim ${d}, start ${shown(start)}, step ${shown(step)}) of shape ${formatShape(dims)}, got ${describeTensor(src)}`,
    );
  const out = empty(dims, src.dtype, op);
  const strides = [...out.strides];
  strides[d] *= step;
  copyStrided(src, new Tensor(out.storage, out.dtype, src.shape, strides, start * out.strides[d]));
  return record('sliceScatter', [src], out, { shape: dims, dim: d, start, step });
}

/** zeros(shape) with `src` written into the diagonal (offset, dim1, dim2) — the gradient of diagonal. */
export function diagonalScatter(
  src: Tensor,
  shape: readonly number[],
  offset: number,
  dim1: number,
  dim2: number,
): Tensor {
  return scatterDiagonal('diagonalScatter', src, shape, offset, dim1, dim2);
}

/** diagonalScatter under the name of the public op (diagonalScatter or diagEmbed) used in error messages. */
function scatterDiagonal(op: string, ...[src, shape, offset, dim1, dim2]: Parameters<typeof diagonalScatter>): Tensor {
  requireTensor(op, src);
  const dims = checkShape(op, shape);
  const d1 = normalizeDim(op, dim1, dims.length);
  const d2 = normalizeDim(op, dim2, dims.length);
  if (d1 === d2) throw new ShapeError(`${op}: expected two different dims, got ${shown(dim1)} and ${shown(dim2)}`);
  if (!Number.isInteger(offset))
    throw new ShapeError(`${op}: expected an integer offset, got ${describeValue(offset)}`);
  const out = empty(dims, src.dtype, op);
  const view = diagonal(out, offset, d1, d2);
  if (view.shape.length !== src.shape.length || view.shape.some((s, i) => s !== src.shape[i])) {
    throw new ShapeError(`${op}: expected src of shape ${formatShape(view.shape)}, got ${describeTensor(src)}`);
  }
  copyStrided(src, view);
  return record('diagonalScatter', [src], out, { shape: dims, offset, dim1: d1, dim2: d2 });
}

/**
 * Tensor with the last dim of `x` placed on the diagonal (offset) of the planes (dim1, dim2) of the result.
 * @example `diagEmbed(tensor([1, 2])).toArray(); // [[1, 0], [0, 2]]`
 */
export function diagEmbed(x: Tensor, offset = 0, dim1 = -2, dim2 = -1): Tensor {
  requireTensor('diagEmbed', x);
  if (x.ndim === 0) throw new ShapeError('diagEmbed: expected a tensor with at least 1 dimension, got a 0-d tensor');
  const nd = x.ndim + 1;
  const d1 = normalizeDim('diagEmbed', dim1, nd);
  const d2 = normalizeDim('diagEmbed', dim2, nd);
  if (d1 === d2) throw new ShapeError(`diagEmbed: expected two different dims, got ${shown(dim1)} and ${shown(dim2)}`);
  if (!Number.isInteger(offset)) throw new ShapeError(`diagEmbed: expected an integer offset, got ${shown(offset)}`);
  const n = x.shape[x.ndim - 1] + Math.abs(offset);
  const rest = x.shape.slice(0, -1);
  const shape: number[] = [];
  for (let i = 0, r = 0; i < nd; i++) shape.push(i === d1 || i === d2 ? n : rest[r++]);
  return scatterDiagonal('diagEmbed', x, shape, offset, d1, d2);
}

/** 1-D input: a square matrix with it on a diagonal; 2-D input: that diagonal (torch.diag). */
export function diag(x: Tensor, diagonalIndex = 0): Tensor {
  requireTensor('diag', x);
  if (!Number.isInteger(diagonalIndex))
    throw new ShapeError(`diag: expected an integer diagonal, got ${shown(diagonalIndex)}`);
  if (x.ndim === 1) return diagEmbed(x, diagonalIndex, 0, 1);
  if (x.ndim === 2) return diagonal(x, diagonalIndex, 0, 1);
  throw new ShapeError(`diag: expected a 1-D or 2-D tensor, got ${describeTensor(x)}`);
}

function triangle(op: 'triu' | 'tril', x: Tensor, k: number): Tensor {
  requireTensor(op, x);
  if (x.ndim < 2) throw new ShapeError(`${op}: expected a tensor with at least 2 dimensions, got ${describeTensor(x)}`);
  if (!Number.isInteger(k)) throw new ShapeError(`${op}: expected an integer diagonal, got ${shown(k)}`);
  const out = empty(x.shape, x.dtype, op);
  copyStrided(x, out);
  const m = x.shape[x.ndim - 2];
  const n = x.shape[x.ndim - 1];
  const w = isComplex(x.dtype) ? 2 : 1;
  const data = out.storage;
  const batches = m * n === 0 ? 0 : x.size / (m * n);
  for (let b = 0; b < batches; b++) {
    const base = b * m * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const keep = op === 'triu' ? j - i >= k : j - i <= k;
        if (!keep) {
          const p = w * (base + i * n + j);
          data[p] = 0;
          if (w === 2) data[p + 1] = 0;
        }
      }
    }
  }
  return record(op, [x], out, { diagonal: k });
}

/** Upper triangle (entries with j − i ≥ diagonal) of the last two dims. */
export const triu = (x: Tensor, diagonalIndex = 0): Tensor => triangle('triu', x, diagonalIndex);
/** Lower triangle (entries with j − i ≤ diagonal) of the last two dims. */
export const tril = (x: Tensor, diagonalIndex = 0): Tensor => triangle('tril', x, diagonalIndex);

/** Reverses the order of elements along the given dims (a copy, as torch.flip). */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  requireTensor('flip', x);
  const list = normalizeDims('flip', dims, x.ndim);
  if (list.length === 0) return clone(x);
  let out = x;
  for (const d of list) {
    const n = x.shape[d];
    const reversed = new Int32Array(n); // typed: a JS array this long could not be made for a huge dim
    for (let i = 0; i < n; i++) reversed[i] = n - 1 - i;
    out = indexSelect(out, d, tensor(reversed));
  }
  return out;
}
