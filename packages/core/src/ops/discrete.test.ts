/**
 * searchsorted, bincount, nonzero, unique, randperm, kthvalue and median against values printed by PyTorch 1.13
 * (/usr/bin/python3, the probe calls are quoted next to each case) and against their definitions. Where torch's
 * result is unspecified (kthvalue's index among ties, unique's unsorted order) the stable choice is asserted.
 */
import { f64 } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { DtypeError, ShapeError } from '../errors';
import { manualSeed } from '../random';
import { randperm, tensor } from './creation';
import { bincount, MAX_BINS, nonzero, searchsorted, unique } from './discrete';
import { kthvalue, median } from './sorting';

const i32 = (data: number[]) => tensor(data, { dtype: 'int32' });
const NaN_ = Number.NaN;

describe('searchsorted', () => {
  it('gives torch left/right insertion points, 1-D and batched, NaN last, and a number value', () => {
    const seq = tensor([1, 3, 5, 7]);
    expect(searchsorted(seq, tensor([3, 6, 9])).toArray()).toEqual([1, 3, 4]);
    expect(searchsorted(seq, tensor([3, 6, 9]), { right: true }).toArray()).toEqual([2, 3, 4]);
    // torch.searchsorted(tensor([[1.,3,5,7],[2,4,6,8]]), tensor([[3.,6,9],[1.,4.,8.]]), side='right')
    const rows = searchsorted(
      tensor([
        [1, 3, 5, 7],
        [2, 4, 6, 8],
      ]),
      tensor([
        [3, 6, 9],
        [1, 4, 8],
      ]),
      { side: 'right' },
    );
    expect(rows.toArray()).toEqual([
      [2, 3, 4],
      [0, 2, 4],
    ]);
    expect(searchsorted(tensor([1, 3, 5, NaN_]), tensor([NaN_, 5, 6])).toArray()).toEqual([4, 2, 4]);
    const scalar = searchsorted(tensor([1, 3, 5, 7]), 3);
    expect([scalar.shape, scalar.item(), scalar.dtype]).toEqual([[], 1, 'int32']);
  });
  it('refuses contradicting side/right, mismatched leading dims and complex input', () => {
    expect(() => searchsorted(tensor([1, 2]), tensor([1]), { side: 'left', right: true })).toThrow(DtypeError);
    expect(() => searchsorted(tensor([[1, 2]]), tensor([[1], [2]]))).toThrow(ShapeError);
    expect(() => searchsorted(tensor([1, 2]), tensor([1]), { side: 'up' as 'left' })).toThrow(/^searchsorted: /);
  });
});

describe('bincount', () => {
  it('counts (int32) or sums weights, with minlength', () => {
    expect(bincount(i32([0, 1, 1, 3])).toArray()).toEqual([1, 2, 0, 1]);
    expect(bincount(i32([0, 1, 1, 3]), { minlength: 6 }).toArray()).toEqual([1, 2, 0, 1, 0, 0]);
    expect(bincount(i32([])).toArray()).toEqual([]);
    const w = bincount(i32([0, 1, 1, 3]), { weights: f64([0.5, 1, 1.25, 2]) });
    expect([w.dtype, w.toArray()]).toEqual(['float64', [0.5, 2.25, 0, 2]]);
    expect(bincount(i32([1, 1, 3]), { weights: i32([1, 2, 3]) }).dtype).toBe('float64');
    expect(bincount(i32([1]), { weights: tensor([2]) }).dtype).toBe('float32');
  });
  it('refuses negative values, non-int32 input and a huge max value without allocating it', () => {
    expect(() => bincount(i32([1, -1]))).toThrow(DtypeError);
    expect(() => bincount(tensor([1.5]))).toThrow(DtypeError);
    expect(() => bincount(i32([2 ** 31 - 1]))).toThrow(new RegExp(`^bincount: expected at most ${MAX_BINS} bins`));
    expect(() => bincount(i32([1]), { weights: f64([1, 2]) })).toThrow(ShapeError);
    expect(() => bincount(i32([1]), { minlength: -1 })).toThrow(DtypeError);
  });
});

describe('nonzero', () => {
  it('lists indices row-major (NaN is non-zero), or one index tensor per dim', () => {
    const x = tensor([
      [0, NaN_],
      [1, 0],
    ]);
    expect(nonzero(x).toArray()).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(nonzero(x, { asTuple: true }).map((t) => t.toArray())).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(nonzero(tensor(5)).shape).toEqual([1, 0]);
    expect(nonzero(tensor(0)).shape).toEqual([0, 0]);
    expect(nonzero(tensor(5), { asTuple: true }).map((t) => t.toArray())).toEqual([[0]]);
    expect(
      nonzero(
        tensor([
          { re: 0, im: 1 },
          { re: 0, im: 0 },
        ]),
      ).toArray(),
    ).toEqual([[0]]);
  });
});

describe('unique', () => {
  it('sorts and deduplicates, with inverse indices and counts (torch 1.13 values)', () => {
    expect(unique(i32([3, 1, 3, 2])).toArray()).toEqual([1, 2, 3]);
    const [u, inv, counts] = unique(i32([3, 1, 3, 2]), { returnInverse: true, returnCounts: true });
    expect([u.toArray(), inv.toArray(), counts.toArray()]).toEqual([
      [1, 2, 3],
      [2, 0, 2, 1],
      [1, 1, 2],
    ]);
    const byName = unique(i32([2, 2, 5]), { returnCounts: true });
    expect([byName.length, byName.output.toArray(), byName.counts.toArray()]).toEqual([2, [2, 5], [2, 1]]);
  });
  it('finds unique slices along dim (torch 1.13 values)', () => {
    const r = unique(i32([2, 1, 2, 1, 0, 5, 0, 4]).reshape([4, 2]), {
      dim: 0,
      returnInverse: true,
      returnCounts: true,
    });
    expect(r.map((t) => t.toArray())).toEqual([
      [
        [0, 4],
        [0, 5],
        [2, 1],
      ],
      [2, 2, 1, 0],
      [1, 1, 2],
    ]);
    const c = unique(i32([2, 1, 2, 0, 1, 0]).reshape([2, 3]), { dim: 1, returnInverse: true });
    expect(c.map((t) => t.toArray())).toEqual([
      [
        [1, 2],
        [1, 0],
      ],
      [1, 0, 1],
    ]);
  });
  it('keeps every NaN distinct and last (torch 1.13 CPU reports them first with count 0)', () => {
    const [u, inv, counts] = unique(
      tensor([
        [2, 1],
        [NaN_, NaN_],
      ]),
      { returnInverse: true, returnCounts: true },
    );
    expect([u.toArray(), inv.toArray(), counts.toArray()]).toEqual([
      [1, 2, NaN_, NaN_],
      [
        [1, 0],
        [2, 3],
      ],
      [1, 1, 1, 1],
    ]);
  });
});

describe('randperm', () => {
  it('is a permutation, reproducible with manualSeed, in the requested dtype', () => {
    manualSeed(7);
    const a = randperm(50);
    manualSeed(7);
    const b = randperm(50, { dtype: 'float64' });
    expect(a.dtype).toBe('int32');
    expect(b.toArray()).toEqual(a.toArray());
    expect([...(a.toTypedArray() as Int32Array)].sort((p, q) => p - q)).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    );
    expect(randperm(0).shape).toEqual([0]);
    expect(() => randperm(-1)).toThrow(ShapeError);
    expect(() => randperm(3, { dtype: 'bool' })).toThrow(DtypeError);
  });
});

describe('kthvalue / median', () => {
  const x = tensor([
    [3, 1, 4, 1, 5],
    [9, 2, 6, 5, 3],
    [5, NaN_, 5, 1, NaN_],
  ]);
  it('kthvalue: torch 1.13 values; indices stable among ties', () => {
    const k2 = kthvalue(x, 2, 1);
    expect([k2.values.toArray(), k2.indices.toArray()]).toEqual([
      [1, 3, 5],
      [3, 4, 0], // torch: [3, 4, 2] — its index among the tied 5s is unspecified
    ]);
    const k5 = kthvalue(x, 5);
    expect([k5.values.toArray(), k5.indices.toArray()]).toEqual([
      [5, 9, NaN_],
      [4, 0, 4],
    ]);
    expect(kthvalue(x, 1, 0, true).values.shape).toEqual([1, 5]);
    expect(() => kthvalue(x, 6)).toThrow(ShapeError);
    expect(() => kthvalue(x, 0)).toThrow(ShapeError);
  });
  it('median: the lower median, NaN and the first NaN index when present (torch 1.13 values)', () => {
    const m = median(x, 1);
    expect([m.values.toArray(), m.indices.toArray()]).toEqual([
      [3, 5, NaN_],
      [0, 3, 1],
    ]);
    const top = median(x.narrow(0, 0, 2), 0, true);
    expect([top.values.toArray(), top.indices.toArray()]).toEqual([[[3, 1, 4, 1, 3]], [[0, 0, 0, 0, 1]]]);
    expect(median(tensor([3, 1, 4, 2])).item()).toBe(2);
    expect(median(x).item()).toBeNaN();
    expect(Object.is(median(f64([-0, 1, -0])).item(), -0)).toBe(true);
    expect(median(tensor([])).item()).toBeNaN();
    // torch.median(torch.tensor([3, 1, 2, 2], dtype=torch.int32)) is tensor(2, dtype=torch.int32); of an empty int32
    // tensor torch returns INT_MIN, so an error here.
    const intMedian = median(i32([3, 1, 2, 2]));
    expect([intMedian.dtype, intMedian.item()]).toEqual(['int32', 2]);
    expect(() => median(i32([]))).toThrow(/^median: expected a non-empty tensor/);
    expect(() => median(tensor([[]]), 1)).toThrow(ShapeError);
  });
});
