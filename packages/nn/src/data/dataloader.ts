/** DataLoader (torch.utils.data.DataLoader, single process): batches of a dataset, optionally shuffled. */
import { DtypeError } from '@tapegrad/core';
import { describeValue, readOptions } from '@tapegrad/core/internal';
import { type Collated, defaultCollate } from './collate';
import { type Dataset, datasetLength } from './dataset';
import { checkSeed, drawSeed, ShuffleGenerator } from './random';

/** Options of {@link DataLoader}. */
export interface DataLoaderOptions<T, B> {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /** Draw a new random order at the start of every iteration (default false). */
  shuffle?: boolean;
  /** Drop the last batch when it is smaller than batchSize (default false). */
  dropLast?: boolean;
  /**
   * Seed of the loader's own generator (as `generator=torch.Generator().manual_seed(seed)`): the sequence of epoch
   * orders is then reproducible and independent of `manualSeed`. Without it, each epoch's order comes from the global
   * generator.
   */
  seed?: number;
  /** Turns a list of samples into a batch (default {@link defaultCollate}). */
  collateFn?: (samples: T[]) => B;
}

/**
 * Iterates over a dataset in batches: `for (const [xb, yb] of loader) …`. Each `for … of` is one epoch; with
 * `shuffle` each epoch has a new order. The dataset's length is read when an epoch starts.
 * @example
 * ```ts
 * const loader = new data.DataLoader(new data.TensorDataset(randn([10, 3]), arange(10)), { batchSize: 4, shuffle: true, seed: 0 });
 * loader.length; // 3 batches (4, 4, 2)
 * for (const [xb, yb] of loader) xb.shape; // [4, 3], [4, 3], [2, 3]
 * ```
 */
export class DataLoader<T, B = Collated<T>> implements Iterable<B> {
  readonly dataset: Dataset<T>;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly #collate: ((samples: T[]) => B) | null;
  readonly #generator: ShuffleGenerator | null;

  constructor(dataset: Dataset<T>, opts?: DataLoaderOptions<T, B>) {
    const op = 'data.DataLoader';
    datasetLength(op, dataset);
    const o = readOptions(op, opts, ['batchSize', 'shuffle', 'dropLast', 'seed', 'collateFn']);
    const batchSize = o.batchSize ?? 1;
    if (typeof batchSize !== 'number' || !Number.isSafeInteger(batchSize) || batchSize < 1)
      throw new DtypeError(`${op}: expected batchSize to be a positive integer, got ${describeValue(batchSize)}`);
    for (const key of ['shuffle', 'dropLast'] as const) {
      if (o[key] !== undefined && typeof o[key] !== 'boolean')
        throw new DtypeError(`${op}: expected ${key} to be a boolean, got ${describeValue(o[key])}`);
    }
    if (o.collateFn !== undefined && typeof o.collateFn !== 'function')
      throw new DtypeError(`${op}: expected collateFn to be a function, got ${describeValue(o.collateFn)}`);
    this.#generator = o.seed === undefined ? null : new ShuffleGenerator(checkSeed(op, o.seed));
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = o.shuffle === true;
    this.dropLast = o.dropLast === true;
    this.#collate = (o.collateFn as ((samples: T[]) => B) | undefined) ?? null;
  }

  /** Number of batches in an epoch (as `len(loader)`). */
  get length(): number {
    const n = datasetLength('data.DataLoader', this.dataset);
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** One epoch of batches. */
  *[Symbol.iterator](): Iterator<B> {
    const n = datasetLength('data.DataLoader', this.dataset);
    const order = this.shuffle
      ? (this.#generator ?? new ShuffleGenerator(drawSeed())).permutation(n)
      : Array.from({ length: n }, (_, i) => i);
    // With the default collation, a dataset's own batched read (getBatch) replaces get + stack.
    const batchedRead = this.#collate === null ? this.dataset.getBatch : undefined;
    for (let start = 0; start < n; start += this.batchSize) {
      const indices = order.slice(start, start + this.batchSize);
      if (indices.length < this.batchSize && this.dropLast) return;
      const batch = typeof batchedRead === 'function' ? batchedRead.call(this.dataset, indices) : undefined;
      if (batch !== undefined) yield batch as B;
      else {
        const samples = indices.map((i) => this.dataset.get(i));
        yield this.#collate === null ? (defaultCollate(samples) as B) : this.#collate(samples);
      }
    }
  }
}
