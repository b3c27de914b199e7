/**
 * Sorting along a dim: sort, argsort, topk, and the order statistics kthvalue and median. The permutation is computed by a stable kernel (no gradient: indices are
 * int32); the values are `gather(x, dim, indices)`, so they are differentiable to any order with gather's rule.
 */
import { noGrad } from '../dispatch';
import { isFloating } from '../dtype';
import { ShapeError } from '../errors';
import { forEachLane } from '../kernels/iterate';
import { argsortLane, sortScratch } from '../kernels/sort';
import { namedTuple, type ValuesIndices } from '../named-tuple';
import { normalizeDim } from '../shape';
import type { Tensor } from '../tensor';
import { full } from './creation';
import { div, eq, isnan, sub, where } from './elementwise';
import { gather } from './indexing';
import { clone, reshape, squeeze } from './movement';
import { sum } from './reduce';
import { booleanArg, describeTensor, describeValue, empty, requireRealTensor } from './util';

/** The first `k` positions of each stably sorted lane along `dim` (int32, shape of `x` with `k` at `dim`). */
function sortedIndices(x: Tensor, dim: number, k: number, descending: boolean): Tensor {
  const shape = x.shape.slice();
  if (x.ndim > 0) shape[dim] = k;
  const out = empty(shape, 'int32');
  if (x.ndim === 0) return out;
  const n = x.shape[dim];
  const scratch = sortScratch(n);
  const xs = x.strides[dim];
  const os = out.strides[dim];
  forEachLane(x.shape, dim, [x.strides, out.strides], [x.offset, 0], (o) =>
    argsortLane(n, k, x.storage, o[0], xs, out.storage, o[1], os, descending, scratch),
  );
  return out;
}

function checkedDim(op: string, x: Tensor, dim: unknown): number {
  requireRealTensor(op, x);
  return normalizeDim(op, dim, x.ndim);
}

function valuesAt(x: Tensor, dim: number, indices: Tensor): Tensor {
  return x.ndim === 0 ? clone(x) : gather(x, dim, indices);
}

/**
 * Sorts along `dim` (stable: equal values keep their order; NaN is largest), as `torch.sort(stable=True)`. Returns a
 * named tuple: `const { values, indices } = sort(x)` or `const [values, indices] = sort(x)`. Values are differentiable.
 * @example `sort(tensor([3, 1, 2])).indices.toArray(); // [1, 2, 0]`
 */
export function sort(x: Tensor, dim = -1, descending = false): ValuesIndices {
  const d = checkedDim('sort', x, dim);
  booleanArg('sort', 'descending', descending, false);
  const indices = sortedIndices(x, d, x.ndim === 0 ? 1 : x.shape[d], descending);
  return namedTuple(['values', 'indices'], [valuesAt(x, d, indices), indices] as const);
}

/**
 * The indices that sort `x` along `dim` (stable), as `torch.argsort`.
 * @example `argsort(tensor([3, 1, 2]), -1, true).toArray(); // [0, 2, 1]`
 */
export function argsort(x: Tensor, dim = -1, descending = false): Tensor {
  const d = checkedDim('argsort', x, dim);
  booleanArg('argsort', 'descending', descending, false);
  return sortedIndices(x, d, x.ndim === 0 ? 1 : x.shape[d], descending);
}

/**
 * The `k` largest (or smallest) entries along `dim` and their indices, as a named tuple `{ values, indices }` /
 * `[values, indices]`. Always sorted; among equal values the lower index comes first (PyTorch leaves the order of ties
 * unspecified, so its indices may differ there — its values never do).
 * @example `topk(tensor([1, 5, 3]), 2).values.toArray(); // [5, 3]`
 */
export function topk(x: Tensor, k: number, dim = -1, largest = true, sorted = true): ValuesIndices {
  const d = checkedDim('topk', x, dim);
  booleanArg('topk', 'largest', largest, true);
  booleanArg('topk', 'sorted', sorted, true);
  const n = x.ndim === 0 ? 1 : x.shape[d];
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > n)
    throw new ShapeError(
      `topk: expected k to be an integer in [0, ${n}] (the size of dim ${d}), got ${describeValue(k)} for ${describeTensor(x)}`,
    );
  const indices = sortedIndices(x, d, k, largest);
  return namedTuple(['values', 'indices'], [valuesAt(x, d, indices), indices] as const);
}

/** The values and indices at sorted position `pos` (int32, keepdim shape) of each lane along `d`. */
function selectAt(x: Tensor, d: number, pos: Tensor, keepdim: boolean): ValuesIndices {
  if (x.ndim === 0) return namedTuple(['values', 'indices'], [clone(x), empty([], 'int32')] as const);
  const order = sortedIndices(x, d, x.shape[d], false);
  const indices = gather(order, d, pos);
  const values = gather(x, d, indices);
  const fit = (t: Tensor) => (keepdim ? t : squeeze(t, d));
  return namedTuple(['values', 'indices'], [fit(values), fit(indices)] as const);
}

function lanePositions(x: Tensor, d: number, at: (nanCount: number) => number): Tensor {
  const shape = x.shape.map((s, i) => (i === d ? 1 : s));
  const nans = sum(isnan(x), d, true);
  const counts = nans.toTypedArray();
  const out = empty(shape, 'int32');
  const o = out.storage as Int32Array;
  for (let i = 0; i < o.length; i++) o[i] = at(counts[i]);
  return out;
}

/**
 * The k-th smallest element (k from 1) of each lane along `dim` and its index, as torch.kthvalue: a named tuple
 * `{ values, indices }`. NaN counts as the largest value. Among equal values the index is the one a stable sort puts
 * at position k (torch leaves it unspecified). The gradient flows to the selected element.
 * @example `kthvalue(tensor([3, 1, 2]), 2).values.item(); // 2`
 */
export function kthvalue(x: Tensor, k: number, dim = -1, keepdim = false): ValuesIndices {
  const d = checkedDim('kthvalue', x, dim);
  booleanArg('kthvalue', 'keepdim', keepdim, false);
  const n = x.ndim === 0 ? 1 : x.shape[d];
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > n)
    throw new ShapeError(
      `kthvalue: expected k to be an integer in [1, ${n}] (the size of dim ${d}), got ${describeValue(k)} for ${describeTensor(x)}`,
    );
  return selectAt(
    x,
    d,
    lanePositions(x, d, () => k - 1),
    keepdim,
  );
}

/**
 * The median, as torch.median: the LOWER median (element (n − 1)/2, rounded down, of the sorted values), NaN when a
 * NaN is present. Without `dim` a tensor over all elements, whose gradient is shared evenly among the elements equal
 * to it (torch's evenly_distribute_backward); with `dim` a named tuple `{ values, indices }` whose gradient flows to
 * the selected element (the first NaN of a lane that has one).
 * @example `median(tensor([3, 1, 4, 2])).item(); // 2`
 */
export function median(x: Tensor): Tensor;
export function median(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function median(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  requireRealTensor('median', x);
  if (dim === undefined) {
    if (x.size === 0) {
      // torch gives NaN for floating tensors and an arbitrary integer (INT_MIN) for integer ones.
      if (!isFloating(x.dtype))
        throw new ShapeError(
          `median: expected a non-empty tensor (only a floating one has a NaN median), got ${describeTensor(x)}`,
        );
      return full([], Number.NaN, { dtype: x.dtype });
    }
    const flat = reshape(x, [-1]);
    const { values } = median(flat, 0);
    if (!isFloating(x.dtype)) return values; // no gradient; the dtype stays (torch: the median of ints is an int)
    // v − Σ_{x_i = v}(x_i.detach() − x_i)/count: exactly v (the sign of zero kept), gradient 1/count on each tie.
    const ties = noGrad(() => (isnan(values).item() ? isnan(flat) : eq(flat, values)));
    const count = noGrad(() => sum(ties).item() as number);
    const shift = div(sum(where(ties, sub(flat.detach(), flat), 0)), count);
    return sub(values.detach(), shift);
  }
  const d = checkedDim('median', x, dim);
  booleanArg('median', 'keepdim', keepdim, false);
  const n = x.ndim === 0 ? 1 : x.shape[d];
  if (n === 0) throw new ShapeError(`median: expected a non-empty dim ${d}, got ${describeTensor(x)}`);
  return selectAt(
    x,
    d,
    lanePositions(x, d, (nan) => (nan > 0 ? n - nan : (n - 1) >> 1)),
    keepdim,
  );
}
