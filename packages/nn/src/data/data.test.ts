import { arange, DtypeError, manualSeed, randn, ShapeError, type Tensor, tensor } from '@tapegrad/core';
import { describe, expect, it } from 'vitest';
import { DataLoader, defaultCollate, randomSplit, Subset, TensorDataset } from './index';
import { ShuffleGenerator } from './random';

const ints = (n: number) => arange(n, { dtype: 'int32' });

function epoch<T>(loader: Iterable<T>): T[] {
  return [...loader];
}

describe('TensorDataset', () => {
  it('indexes every tensor along the first dimension', () => {
    const x = randn([5, 3]);
    const ds = new TensorDataset(x, ints(5));
    expect(ds.length).toBe(5);
    const [xi, yi] = ds.get(-2);
    expect(xi.toArray()).toEqual(x.select(0, 3).toArray());
    expect(yi.item()).toBe(3);
    expect(() => ds.get(5)).toThrow(ShapeError);
    expect(() => new TensorDataset(randn([5]), randn([4]))).toThrow(/size mismatch between tensors/);
    expect(() => new TensorDataset()).toThrow(ShapeError);
    expect(() => new TensorDataset(tensor(1))).toThrow(ShapeError);
  });
});

describe('DataLoader', () => {
  it('batches in order, with a smaller last batch unless dropLast', () => {
    const ds = new TensorDataset(ints(10).mul(2), ints(10));
    const loader = new DataLoader(ds, { batchSize: 4 });
    expect(loader.length).toBe(3);
    const batches = epoch(loader);
    expect(batches.map(([, y]) => y.toArray())).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    expect(batches[0][0].toArray()).toEqual([0, 2, 4, 6]);
    const dropped = new DataLoader(ds, { batchSize: 4, dropLast: true });
    expect(dropped.length).toBe(2);
    expect(epoch(dropped).length).toBe(2);
    expect(epoch(new DataLoader(ds)).length).toBe(10);
  });

  it('shuffles each epoch with a new permutation, reproducibly from the seed', () => {
    const ds = new TensorDataset(ints(20));
    const order = (loader: Iterable<Tensor[]>) => epoch(loader).flatMap((b) => b[0].toArray() as number[]);
    const a = new DataLoader(ds, { batchSize: 6, shuffle: true, seed: 42 });
    const b = new DataLoader(ds, { batchSize: 6, shuffle: true, seed: 42 });
    const a1 = order(a);
    const a2 = order(a);
    expect([...a1].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(a2).not.toEqual(a1);
    expect(order(b)).toEqual(a1);
    expect(order(b)).toEqual(a2);
    expect(order(new DataLoader(ds, { batchSize: 6, shuffle: true, seed: 43 }))).not.toEqual(a1);
    // Without a seed the global generator decides: manualSeed reproduces it.
    manualSeed(7);
    const g1 = order(new DataLoader(ds, { batchSize: 6, shuffle: true }));
    manualSeed(7);
    expect(order(new DataLoader(ds, { batchSize: 6, shuffle: true }))).toEqual(g1);
  });

  it('shuffles uniformly (chi-squared over the position of item 0)', () => {
    const g = new ShuffleGenerator(1);
    const n = 8;
    const trials = 8000;
    const counts = new Array(n).fill(0);
    for (let t = 0; t < trials; t++) counts[g.permutation(n).indexOf(0)] += 1;
    const e = trials / n;
    const chi2 = counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(24.3); // 7 degrees of freedom, p = 0.001
  });

  it('collates custom datasets of tuples, numbers, booleans, strings and objects', () => {
    const ds = {
      length: 3,
      get: (i: number) => ({ x: tensor([i, i + 0.5]), y: i, ok: i % 2 === 0, name: `s${i}`, pair: [tensor(i), 1] }),
    };
    const [batch] = epoch(new DataLoader(ds, { batchSize: 3 }));
    expect(batch.x.shape).toEqual([3, 2]);
    expect(batch.y.dtype).toBe('float64');
    expect(batch.y.toArray()).toEqual([0, 1, 2]);
    expect(batch.ok.toArray()).toEqual([true, false, true]);
    expect(batch.name).toEqual(['s0', 's1', 's2']);
    expect(batch.pair[0].toArray()).toEqual([0, 1, 2]);
    const custom = new DataLoader(ds, { batchSize: 2, collateFn: (items) => items.length });
    expect(epoch(custom)).toEqual([2, 1]);
  });

  it('gets a batch with one indexSelect through TensorDataset/Subset.getBatch, equal to get + stack', () => {
    const x = randn([7, 2]);
    const ds = new TensorDataset(x);
    const subset = new Subset(ds, [6, 0, 3, 5]);
    const fast = epoch(new DataLoader(subset, { batchSize: 3 }));
    const slow = epoch(new DataLoader(subset, { batchSize: 3, collateFn: (items) => defaultCollate(items) }));
    expect(fast.map((b) => b[0].toArray())).toEqual(slow.map((b) => b[0].toArray()));
    expect(fast[0][0].toArray()).toEqual([6, 0, 3].map((i) => x.select(0, i).toArray()));
  });

  it('validates options and samples', () => {
    const ds = new TensorDataset(ints(4));
    expect(() => new DataLoader(ds, { batchSize: 0 })).toThrow(/batchSize to be a positive integer/);
    expect(() => new DataLoader(ds, { shuffle: 'yes' as never })).toThrow(DtypeError);
    expect(() => new DataLoader(ds, { seed: 0.5 })).toThrow(/seed to be a safe integer/);
    expect(() => new DataLoader(ds, { batchsize: 2 } as never)).toThrow(/unknown option "batchsize"/);
    expect(() => new DataLoader({ length: -1, get: () => 0 })).toThrow(/non-negative integer/);
    expect(() => new DataLoader({ length: 1 } as never)).toThrow(/dataset.get to be a function/);
    const ragged = { length: 2, get: (i: number) => tensor(new Array(i + 1).fill(0)) };
    expect(() => epoch(new DataLoader(ragged, { batchSize: 2 }))).toThrow(
      /data\.defaultCollate: expected every sample to be a float32 tensor of shape \[1\], got float32 tensor of shape \[2\]/,
    );
    const mixed = { length: 2, get: (i: number) => (i === 0 ? 1 : 'a') };
    expect(() => epoch(new DataLoader(mixed, { batchSize: 2 }))).toThrow(DtypeError);
    expect(() => epoch(new DataLoader({ length: 1, get: () => null }))).toThrow(DtypeError);
  });
});

describe('randomSplit', () => {
  it('splits by lengths or fractions into disjoint covering subsets, reproducibly', () => {
    const ds = new TensorDataset(ints(10));
    const [a, b] = randomSplit(ds, [7, 3], { seed: 1 });
    expect([a.length, b.length]).toEqual([7, 3]);
    expect([...a.indices, ...b.indices].sort((x, y) => x - y)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(randomSplit(ds, [7, 3], { seed: 1 })[0].indices).toEqual(a.indices);
    // PyTorch: floor of each fraction, then the remainder dealt round-robin from the first subset.
    expect(randomSplit(ds, [0.34, 0.33, 0.33], { seed: 0 }).map((s) => s.length)).toEqual([4, 3, 3]);
    expect(randomSplit(new TensorDataset(ints(11)), [0.5, 0.5], { seed: 0 }).map((s) => s.length)).toEqual([6, 5]);
    expect(() => randomSplit(ds, [5, 4])).toThrow(/sum of input lengths does not equal/);
    expect(() => randomSplit(ds, [-1, 11])).toThrow(DtypeError);
    expect(() => randomSplit(ds, [])).toThrow(DtypeError);
  });
});
