/** randomSplit (torch.utils.data.random_split). */
import { DtypeError, ShapeError } from '@tapegrad/core';
import { copyIterable, describeValue, readOptions } from '@tapegrad/core/internal';
import { type Dataset, datasetLength, Subset } from './dataset';
import { checkSeed, drawSeed, ShuffleGenerator } from './random';

/**
 * Splits a dataset into non-overlapping random subsets of the given lengths: integers summing to the dataset's
 * length, or fractions summing to 1 (each subset gets ⌊fraction·length⌋ items and the remainder is dealt one by one
 * to the subsets in order, as PyTorch). `seed` makes the split reproducible without touching the global generator.
 * @example
 * ```ts
 * const [train, val] = data.randomSplit(new data.TensorDataset(arange(10)), [0.8, 0.2], { seed: 0 });
 * [train.length, val.length]; // [8, 2]
 * ```
 */
export function randomSplit<T>(
  dataset: Dataset<T>,
  lengthsArg: readonly number[],
  opts?: { seed?: number },
): Subset<T>[] {
  const op = 'data.randomSplit';
  const n = datasetLength(op, dataset);
  const o = readOptions(op, opts, ['seed']);
  // Read once, then validated and used from the copy.
  const given = copyIterable(op, lengthsArg, 'lengths', 2 ** 31 - 1);
  if (given === undefined || given.length === 0)
    throw new DtypeError(
      `${op}: expected lengths to be a non-empty array of numbers, got ${describeValue(lengthsArg)}`,
    );
  for (const l of given) {
    if (typeof l !== 'number' || !Number.isFinite(l) || l < 0)
      throw new DtypeError(`${op}: expected lengths to be non-negative numbers, got ${describeValue(l)}`);
  }
  const lengths = given as number[];
  const total = lengths.reduce((a: number, b: number) => a + b, 0);
  let sizes: number[];
  if (lengths.every((l) => Number.isInteger(l)) && total === n) sizes = [...lengths];
  else if (Math.abs(total - 1) < 1e-9 && lengths.every((l) => l <= 1)) {
    sizes = lengths.map((f) => Math.floor(n * f));
    const remainder = n - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length] += 1;
  } else
    throw new ShapeError(
      `${op}: sum of input lengths does not equal the length of the input dataset (expected integers summing to ${n} or fractions summing to 1, got [${lengths.join(', ')}])`,
    );
  const seed = o.seed === undefined ? drawSeed() : checkSeed(op, o.seed);
  const order = new ShuffleGenerator(seed).permutation(n);
  const out: Subset<T>[] = [];
  let start = 0;
  for (const size of sizes) {
    out.push(new Subset(dataset, order.slice(start, start + size)));
    start += size;
  }
  return out;
}
