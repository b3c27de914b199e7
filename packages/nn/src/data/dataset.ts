/**
 * Datasets (torch.utils.data): any object with a `length` and `get(index)` is a dataset. A dataset may also offer
 * `getBatch(indices)` (PyTorch 2's `__getitems__`) to fetch a whole batch at once; TensorDataset and Subset do, so a
 * DataLoader over them costs one indexSelect per tensor and batch instead of one view per sample.
 */
import type { Tensor } from '@tapegrad/core';
import { DtypeError, ShapeError, Tensor as TensorClass, tensor } from '@tapegrad/core';
import { copyIterable, describeValue, readProperty } from '@tapegrad/core/internal';

/** A map-style dataset: `length` items, read with `get(i)` for 0 ≤ i < length. */
export interface Dataset<T> {
  /** Number of items. */
  readonly length: number;
  /** Item `index`, for 0 ≤ index < length. */
  get(index: number): T;
  /** Optional batched read; must equal `indices.map(get)` collated. */
  getBatch?(indices: readonly number[]): unknown;
}

/** Reads and checks `dataset.length` (a non-negative safe integer). */
export function datasetLength(op: string, dataset: unknown): number {
  if (typeof dataset !== 'object' || dataset === null)
    throw new DtypeError(`${op}: expected a dataset (an object with length and get(i)), got ${describeValue(dataset)}`);
  const length = readProperty(op, dataset, 'length', 'a dataset');
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0)
    throw new DtypeError(`${op}: expected dataset.length to be a non-negative integer, got ${describeValue(length)}`);
  const get = readProperty(op, dataset, 'get', 'a dataset');
  if (typeof get !== 'function')
    throw new DtypeError(`${op}: expected dataset.get to be a function, got ${describeValue(get)}`);
  return length;
}

/** A read-once copy of a list of indices (an array or any iterable); anything else is a DtypeError naming `op`. */
function indexList(op: string, indices: unknown): unknown[] {
  const list = copyIterable(op, indices, 'indices', MAX_INDICES);
  if (list === undefined) throw new DtypeError(`${op}: expected an array of indices, got ${describeValue(indices)}`);
  return list;
}

/** The most indices a Subset or a batch may list (a bound, so an endless generator cannot hang). */
const MAX_INDICES = 2 ** 31 - 1;

function checkIndex(op: string, index: unknown, length: number): number {
  if (typeof index !== 'number' || !Number.isInteger(index) || index < -length || index >= length)
    throw new ShapeError(
      `${op}: index out of range (expected an integer in [${-length}, ${length - 1}], got ${describeValue(index)})`,
    );
  return index < 0 ? index + length : index;
}

/**
 * Wraps tensors that share their first dimension; item i is `[t0[i], t1[i], …]` (torch.utils.data.TensorDataset).
 * @example
 * ```ts
 * const ds = new data.TensorDataset(zeros([10, 3]), arange(10));
 * ds.length; // 10
 * ds.get(2)[1].item(); // 2
 * ```
 */
export class TensorDataset implements Dataset<Tensor[]> {
  readonly tensors: readonly Tensor[];

  constructor(...tensors: Tensor[]) {
    const op = 'data.TensorDataset';
    if (tensors.length === 0) throw new ShapeError(`${op}: expected at least one tensor, got none`);
    tensors.forEach((t, i) => {
      if (!(t instanceof TensorClass))
        throw new DtypeError(`${op}: expected Tensor arguments, got ${describeValue(t)} at position ${i}`);
      if (t.ndim === 0) throw new ShapeError(`${op}: expected tensors with a first dimension, got ${describeValue(t)}`);
      if (t.shape[0] !== tensors[0].shape[0])
        throw new ShapeError(
          `${op}: size mismatch between tensors (expected every first dimension to be ${tensors[0].shape[0]}, got ${describeValue(t)} at position ${i})`,
        );
    });
    this.tensors = [...tensors];
  }

  /** Number of items (the shared first dimension). */
  get length(): number {
    return this.tensors[0].shape[0];
  }

  /**
   * Item `index` (negative counts from the end): one view per tensor.
   * @example `new data.TensorDataset(arange(4)).get(-1)[0].item(); // 3`
   */
  get(index: number): Tensor[] {
    const i = checkIndex('data.TensorDataset.get', index, this.length);
    return this.tensors.map((t) => t.select(0, i));
  }

  /**
   * The items at `indices`, already stacked: one indexSelect per tensor.
   * @example `new data.TensorDataset(arange(4)).getBatch([3, 0])[0].toArray(); // [3, 0]`
   */
  getBatch(indices: readonly number[]): Tensor[] {
    const op = 'data.TensorDataset.getBatch';
    const length = this.length;
    const rows = indexList(op, indices).map((i) => checkIndex(op, i, length));
    const index = tensor(rows, { dtype: 'int32', shape: [rows.length] });
    return this.tensors.map((t) => t.indexSelect(0, index));
  }
}

/**
 * The items of `dataset` at `indices`, in that order (torch.utils.data.Subset; what randomSplit returns).
 * @example `new data.Subset(new data.TensorDataset(arange(5)), [4, 0]).get(0)[0].item(); // 4`
 */
export class Subset<T> implements Dataset<T> {
  readonly dataset: Dataset<T>;
  readonly indices: readonly number[];

  constructor(dataset: Dataset<T>, indices: readonly number[]) {
    const op = 'data.Subset';
    const length = datasetLength(op, dataset);
    this.indices = indexList(op, indices).map((i) => checkIndex(op, i, length));
    this.dataset = dataset;
  }

  /** Number of items (of indices). */
  get length(): number {
    return this.indices.length;
  }

  /**
   * Item `index` of the subset (item `indices[index]` of the dataset).
   * @example `new data.Subset(new data.TensorDataset(arange(5)), [4, 0]).get(1)[0].item(); // 0`
   */
  get(index: number): T {
    return this.dataset.get(this.indices[checkIndex('data.Subset.get', index, this.indices.length)]);
  }

  /**
   * The underlying dataset's batched read, when it has one (see {@link Dataset.getBatch}); else undefined.
   * @example `new data.Subset(new data.TensorDataset(arange(5)), [4, 0]).getBatch([1, 0]);`
   */
  getBatch(indices: readonly number[]): unknown {
    const op = 'data.Subset.getBatch';
    const mapped = indexList(op, indices).map((i) => this.indices[checkIndex(op, i, this.indices.length)]);
    return typeof this.dataset.getBatch === 'function' ? this.dataset.getBatch(mapped) : undefined;
  }
}
