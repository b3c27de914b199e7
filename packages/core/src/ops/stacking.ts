/**
 * NumPy-style joins and grids of PyTorch: hstack, vstack, dstack, columnStack (cat after lifting every input to the
 * needed rank, as torch.atleast_1d/2d/3d do) and meshgrid (reshape + expand views). Composites of public ops, so they
 * are differentiable to any order without rules of their own.
 */
import { DtypeError, ShapeError } from '../errors';
import { readOptions } from '../options';
import { isArrayValue } from '../read';
import { checkShape, formatShape } from '../shape';
import type { Tensor } from '../tensor';
import { cat, expand, reshape, tensorList } from './movement';
import { describeValue } from './util';

/** `t` with at least `rank` dims, as torch.atleast_{1,2,3}d: 0-d → [1…], 1-D [n] → [1, n] / [1, n, 1], 2-D → [m, n, 1]. */
function atLeast(t: Tensor, rank: 1 | 2 | 3): Tensor {
  if (t.ndim >= rank) return t;
  if (t.ndim === 0) return reshape(t, Array<number>(rank).fill(1));
  if (t.ndim === 1) return reshape(t, rank === 2 ? [1, t.shape[0]] : [1, t.shape[0], 1]);
  return reshape(t, [...t.shape, 1]);
}

/** cat(ts, dim) after checking, under the public op's name, that the lifted shapes agree except in `dim`. */
function joined(op: string, ts: Tensor[], dim: number): Tensor {
  const ref = ts[0];
  for (const t of ts) {
    if (t.ndim !== ref.ndim || t.shape.some((s, i) => i !== dim && s !== ref.shape[i]))
      throw new ShapeError(
        `${op}: expected tensors of equal sizes except in dim ${dim} (after lifting to ${ref.ndim}-D), got ${formatShape(ref.shape)} and ${formatShape(t.shape)}`,
      );
  }
  checkShape(
    op,
    ref.shape.map((s, i) => (i === dim ? ts.reduce((n, t) => n + t.shape[dim], 0) : s)),
  );
  return cat(ts, dim);
}

/**
 * Concatenates horizontally (torch.hstack): along dim 0 when every input is 0-D or 1-D, else along dim 1.
 * @example `hstack([tensor([1, 2]), tensor([3])]).toArray(); // [1, 2, 3]`
 */
export function hstack(tensors: readonly Tensor[]): Tensor {
  const ts = tensorList('hstack', tensors).map((t) => atLeast(t, 1));
  return joined('hstack', ts, ts[0].ndim === 1 ? 0 : 1);
}

/**
 * Concatenates vertically (torch.vstack, alias row_stack): 1-D inputs of length n become rows [1, n], then cat along 0.
 * @example `vstack([tensor([1, 2]), tensor([3, 4])]).shape; // [2, 2]`
 */
export function vstack(tensors: readonly Tensor[]): Tensor {
  return joined(
    'vstack',
    tensorList('vstack', tensors).map((t) => atLeast(t, 2)),
    0,
  );
}

/**
 * Concatenates depth-wise (torch.dstack): inputs lifted to 3-D ([n] → [1, n, 1], [m, n] → [m, n, 1]), cat along 2.
 * @example `dstack([tensor([1, 2]), tensor([3, 4])]).shape; // [1, 2, 2]`
 */
export function dstack(tensors: readonly Tensor[]): Tensor {
  return joined(
    'dstack',
    tensorList('dstack', tensors).map((t) => atLeast(t, 3)),
    2,
  );
}

/**
 * Stacks columns (torch.column_stack): 0-D and 1-D inputs become columns [n, 1], the rest are kept; cat along dim 1.
 * @example `columnStack([tensor([1, 2]), tensor([3, 4])]).toArray(); // [[1, 3], [2, 4]]`
 */
export function columnStack(tensors: readonly Tensor[]): Tensor {
  const ts = tensorList('columnStack', tensors).map((t) => (t.ndim <= 1 ? reshape(t, [t.size, 1]) : t));
  return joined('columnStack', ts, 1);
}

/** Options of {@link meshgrid}. */
export interface MeshgridOptions {
  /** 'ij' (matrix indexing, the default — PyTorch's current behaviour) or 'xy' (Cartesian: the first two swap). */
  indexing?: 'ij' | 'xy';
}

/**
 * Coordinate grids from 1-D (or 0-D) tensors, as torch.meshgrid: with inputs of sizes n₁…n_k each output has shape
 * [n₁, …, n_k] ('ij') or [n₂, n₁, n₃, …] ('xy'). Takes the tensors as arguments or as one array followed by options.
 * The outputs are expanded views. Default indexing 'ij' without PyTorch's "will be required" warning.
 * @example
 * ```ts
 * const [gx, gy] = meshgrid([tensor([1, 2, 3]), tensor([4, 5])], { indexing: 'xy' });
 * gx.shape; // [2, 3]
 * ```
 */
export function meshgrid(tensors: readonly Tensor[], opts?: MeshgridOptions): Tensor[];
export function meshgrid(...tensors: Tensor[]): Tensor[];
export function meshgrid(...args: unknown[]): Tensor[] {
  const listForm = isArrayValue('meshgrid', args[0]);
  if (listForm && args.length > 2)
    throw new DtypeError(
      `meshgrid: expected (tensors, options?) or tensors as arguments, got ${args.length} arguments`,
    );
  const { indexing = 'ij' } = readOptions('meshgrid', listForm ? args[1] : undefined, ['indexing']);
  if (indexing !== 'ij' && indexing !== 'xy')
    throw new DtypeError(`meshgrid: expected indexing 'ij' or 'xy', got ${describeValue(indexing)}`);
  const ts = tensorList('meshgrid', listForm ? args[0] : args);
  for (const t of ts) {
    if (t.ndim > 1) throw new ShapeError(`meshgrid: expected 0-D or 1-D tensors, got ${describeValue(t)}`);
    if (t.dtype !== ts[0].dtype)
      throw new DtypeError(`meshgrid: expected tensors of one dtype, got ${ts[0].dtype} and ${t.dtype}`);
  }
  const swap = indexing === 'xy' && ts.length >= 2;
  const order = swap ? [ts[1], ts[0], ...ts.slice(2)] : ts;
  const shape = order.map((t) => t.size);
  const grids = order.map((t, i) => {
    const lifted = shape.map((s, j) => (i === j ? s : 1));
    return expand(reshape(t, lifted), shape);
  });
  return swap ? [grids[1], grids[0], ...grids.slice(2)] : grids;
}
