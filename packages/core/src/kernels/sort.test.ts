/**
 * The merge-sort path of sortOrder (taken above V8's comparator-sort limit of 134 217 725 elements, where
 * TypedArray.prototype.sort throws) forced with a small limit, against the engine's sort of the same total order:
 * NaN, ±0 and ties, lengths around the insertion-run size and its powers of two.
 */
import { describe, expect, it } from 'vitest';
import { argsortLane, sortOrder, sortScratch } from './sort';

const byValueThenIndex = (v: Float64Array) => (i: number, j: number) =>
  v[i] < v[j] || (v[j] !== v[j] && v[i] === v[i]) ? -1 : v[i] > v[j] || (v[i] !== v[i] && v[j] === v[j]) ? 1 : i - j;

describe('sortOrder', () => {
  it('merge path equals the built-in sort for every length 0…300 and 1000', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const n of [...Array.from({ length: 301 }, (_, i) => i), 1000]) {
      const pick = [Number.NaN, -0, 0, 1, -1, 2.5];
      const v = Float64Array.from({ length: n }, () => (next() < 0.5 ? pick[Math.floor(next() * 6)] : next() * 10 - 5));
      const merged = Int32Array.from({ length: n }, (_, i) => i);
      const builtin = merged.slice();
      sortOrder(merged, byValueThenIndex(v), 0);
      builtin.sort(byValueThenIndex(v));
      expect(merged).toEqual(builtin);
    }
  });
  it('argsortLane: ascending stable order with NaN last ([2, NaN, -0, 0, 1, 2] → [2, 3, 4, 0, 5, 1])', () => {
    const x = Float64Array.from([2, Number.NaN, -0, 0, 1, 2]);
    const out = new Int32Array(6);
    argsortLane(6, 6, x, 0, 1, out, 0, 1, false, sortScratch(6));
    expect(Array.from(out)).toEqual([2, 3, 4, 0, 5, 1]);
  });
});
