/**
 * Sorting along a dim: sort, argsort, topk. The permutation is computed by a stable kernel (no gradient: indices are
 * int32); the values are `gather(x, dim, indices)`, so they are differentiable to any order with gather's rule.
 */
import { ShapeError } from '../errors';
import { forEachLane } from '../kernels/iterate';
import { argsortLane, sortScratch } from '../kernels/sort';
import { namedTuple, type ValuesIndices } from '../named-tuple';
import { normalizeDim } from '../shape';
import type { Tensor } from '../tensor';
import { gather } from './indexing';
import { clone } from './movement';
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
