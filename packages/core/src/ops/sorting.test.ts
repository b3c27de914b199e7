import { expectTypedError } from '@tapegrad/testing/errors';
import { opsIn, runOpInfo } from '@tapegrad/testing/opinfo';
import { lcg } from '@tapegrad/testing/random';
import { describe, expect, it } from 'vitest';
import { tensor } from '../index';
import { argsort, sort, topk } from './sorting';

runOpInfo(opsIn('sorting'));

/** Reference: a stable sort of (value, index) pairs with NaN largest, written independently of the kernel. */
function refOrder(values: readonly number[], descending: boolean): number[] {
  const key = (v: number) => (Number.isNaN(v) ? Number.POSITIVE_INFINITY : v);
  const rank = (v: number) => (Number.isNaN(v) ? 1 : 0);
  const idx = values.map((_, i) => i);
  // Insertion sort: stable by construction.
  for (let i = 1; i < idx.length; i++) {
    const cur = idx[i];
    let j = i - 1;
    const before = (a: number, b: number) => {
      const ka = key(values[a]);
      const kb = key(values[b]);
      if (ka !== kb) return descending ? ka > kb : ka < kb;
      return descending ? rank(values[a]) > rank(values[b]) : rank(values[a]) < rank(values[b]);
    };
    while (j >= 0 && before(cur, idx[j])) {
      idx[j + 1] = idx[j];
      j--;
    }
    idx[j + 1] = cur;
  }
  return idx;
}

describe('sort / argsort / topk', () => {
  const withTies = [1, 2, 2, 3, 2, Number.NaN, 3, -0, 0, -Number.POSITIVE_INFINITY];

  it('orders stably with NaN largest, ties (and ±0) in their original order, both directions', () => {
    for (const descending of [false, true]) {
      const [values, indices] = sort(tensor(withTies, { dtype: 'float64' }), -1, descending);
      const order = refOrder(withTies, descending);
      expect(indices.toArray()).toEqual(order);
      expect(values.toArray()).toEqual(order.map((i) => withTies[i]));
      expect(argsort(tensor(withTies), 0, descending).toArray()).toEqual(order);
    }
  });

  it('matches PyTorch 1.13 on its documented example values', () => {
    // torch.sort(torch.tensor([1., 2, 2, 3, 2, nan, 3]), descending=True)
    const { values, indices } = sort(tensor([1, 2, 2, 3, 2, Number.NaN, 3]), -1, true);
    expect(indices.toArray()).toEqual([5, 3, 6, 1, 2, 4, 0]);
    expect(values.toArray()).toEqual([Number.NaN, 3, 3, 2, 2, 2, 1]);
    expect(topk(tensor([1, 2, 2, 3, 2, Number.NaN, 3]), 3).indices.toArray()).toEqual([5, 3, 6]);
  });

  it('sorts every lane of a non-contiguous tensor along any dim', () => {
    const rand = lcg(3);
    const data = Array.from({ length: 24 }, () => Math.round(rand() * 6) - 3);
    const x = tensor(data, { dtype: 'float64' }).reshape([2, 3, 4]).permute([2, 0, 1]); // [4, 2, 3]
    const nested = x.toArray() as number[][][];
    for (const dim of [0, 1, 2]) {
      const { values, indices } = x.sort(dim, dim === 1);
      const v = values.toArray() as number[][][];
      const ix = indices.toArray() as number[][][];
      for (let a = 0; a < 4; a++)
        for (let b = 0; b < 2; b++)
          for (let c = 0; c < 3; c++) {
            const lane = (i: number) => (dim === 0 ? nested[i][b][c] : dim === 1 ? nested[a][i][c] : nested[a][b][i]);
            const n = x.shape[dim];
            const order = refOrder(
              Array.from({ length: n }, (_, i) => lane(i)),
              dim === 1,
            );
            const pos = dim === 0 ? a : dim === 1 ? b : c;
            expect(ix[a][b][c]).toBe(order[pos]);
            expect(v[a][b][c]).toBe(lane(order[pos]));
          }
    }
  });

  it('topk takes the first k of the stable order (largest or smallest), on int32 and bool too', () => {
    const x = tensor(
      [
        [4, 1, 4, 2],
        [0, 9, 9, 9],
      ],
      { dtype: 'int32' },
    );
    const largest = topk(x, 2, 1);
    expect(largest.values.toArray()).toEqual([
      [4, 4],
      [9, 9],
    ]);
    expect(largest.indices.toArray()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const [small, where] = x.topk(3, 1, false);
    expect(small.toArray()).toEqual([
      [1, 2, 4],
      [0, 9, 9],
    ]);
    expect(where.toArray()).toEqual([
      [1, 3, 0],
      [0, 1, 2],
    ]);
    expect(topk(x, 0, 0).values.shape).toEqual([0, 4]);
    expect(sort(tensor([true, false, true])).values.toArray()).toEqual([false, true, true]);
  });

  it('returns named tuples that destructure both ways and a copy for 0-d input', () => {
    const result = sort(tensor([3, 1]));
    expect(Array.isArray(result)).toBe(true);
    expect(result.length).toBe(2);
    const [v, i] = result;
    expect(v).toBe(result.values);
    expect(i).toBe(result.indices);
    const scalar = tensor(5);
    const s = sort(scalar);
    expect(s.values.item()).toBe(5);
    expect(s.values).not.toBe(scalar);
    expect(s.indices.item()).toBe(0);
  });

  it('refuses complex input, bad dims, bad k and non-boolean flags', () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    expectTypedError(() => sort(tensor([{ re: 1, im: 1 }])), 'DtypeError', 'sort');
    expectTypedError(() => sort(x, 2), 'ShapeError', 'sort');
    expectTypedError(() => argsort(x, 0, 'yes' as unknown as boolean), 'DtypeError', 'argsort');
    expectTypedError(() => topk(x, 3), 'ShapeError', 'topk');
    expectTypedError(() => topk(x, -1), 'ShapeError', 'topk');
    expectTypedError(() => topk(x, 1.5), 'ShapeError', 'topk');
    expectTypedError(() => topk(x, 1, -1, 1 as unknown as boolean), 'DtypeError', 'topk');
    expectTypedError(() => sort([1, 2] as unknown as never), 'DtypeError', 'sort');
  });
});
