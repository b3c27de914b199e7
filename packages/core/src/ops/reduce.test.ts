/**
 * Reductions. The OpInfo table covers every dim/keepdim combination, dtype and layout against loop references; the
 * cases below pin accuracy, empty reductions and PyTorch's tie/NaN rules.
 */

import { opsIn, runOpInfo } from '@tapegrad/testing/opinfo';
import { describe, expect, it } from 'vitest';
import { full, tensor, zeros } from './creation';
import { transpose } from './movement';
import { amax, argmax, argmin, max, mean, min, prod, std, sum, variance } from './reduce';

runOpInfo(opsIn('reduce'));

describe('accuracy and edge cases', () => {
  it('sums over outer dims (the row-accumulating path) equal a loop in the same order, bit for bit', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const [A, B, K] = [5, 7, 40];
      const values = Array.from({ length: A * B * K }, (_, i) => Math.sin(i * 0.37) * 10 ** (i % 5));
      const x = tensor(values, { dtype, shape: [A, B, K] });
      const v = x.toArray() as number[][][];
      const ref = (keepB: boolean, keepA: boolean) => {
        const out: number[] = [];
        for (let a = 0; a < (keepA ? A : 1); a++)
          for (let b = 0; b < (keepB ? B : 1); b++)
            for (let k = 0; k < K; k++) {
              let s = 0;
              for (let i = 0; i < A; i++)
                for (let j = 0; j < B; j++) if ((!keepA || i === a) && (!keepB || j === b)) s += v[i][j][k];
              out.push(dtype === 'float32' ? Math.fround(s) : s);
            }
        return out;
      };
      expect((sum(x, [0, 1]).toArray() as number[]).flat()).toEqual(ref(false, false));
      expect((sum(x, 0).toArray() as number[][]).flat()).toEqual(ref(true, false));
      expect((sum(x, 1, true).toArray() as number[][][]).flat(2)).toEqual(ref(false, true));
      // A strided view: [B, A, K] summed over its first dim is the sum over b for every a.
      expect((sum(transpose(x, 0, 1), 0).toArray() as number[][]).flat()).toEqual(ref(false, true));
    }
  });

  it('float32 sums of 10⁵ terms accumulate in float64 (no drift)', () => {
    const x = full([100_000], 0.1);
    const exact = Math.fround(0.1) * 100_000;
    expect(Math.abs((sum(x).item() as number) - exact)).toBeLessThanOrEqual(exact * 2 ** -24);
    expect(Math.abs((mean(x).item() as number) - Math.fround(0.1))).toBeLessThanOrEqual(2 ** -26);
  });

  it('empty reductions: sum 0, prod 1, mean NaN; var with too large a correction is inf', () => {
    expect(sum(zeros([0])).item()).toBe(0);
    expect(prod(zeros([0])).item()).toBe(1);
    expect(Number.isNaN(mean(zeros([0])).item() as number)).toBe(true);
    expect(sum(zeros([0, 3]), 0).toArray()).toEqual([0, 0, 0]);
    expect(variance(tensor([1, 2], { dtype: 'float64' }), 0, { correction: 2 }).item()).toBe(Infinity);
  });

  it('unsorted and negative dim lists reduce the same dims', () => {
    const x = tensor([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ]);
    expect(sum(x, [2, 0]).toArray()).toEqual([1 + 2 + 5 + 6, 3 + 4 + 7 + 8]);
    expect(sum(x, [-1, 0], true).shape).toEqual([1, 2, 1]);
  });

  it('ties give the first index; NaN counts as the extreme (torch)', () => {
    const t = tensor([
      [1, 5, 5],
      [7, 7, 2],
    ]);
    expect(argmax(t, 1).toArray()).toEqual([1, 0]);
    expect(max(t, 1).indices.toArray()).toEqual([1, 0]);
    expect(argmin(t).item()).toBe(0);
    const n = tensor([1, Number.NaN, 3, Number.NaN]);
    expect(argmax(n).item()).toBe(1);
    expect(argmin(n).item()).toBe(1);
    expect(Number.isNaN(max(n).item() as number)).toBe(true);
    expect(Number.isNaN(amax(n).item() as number)).toBe(true);
    expect(min(tensor([3, -Infinity, 2])).item()).toBe(-Infinity);
  });

  it('max/min with a dim return values and indices with the dim removed or kept', () => {
    const t = tensor([
      [3, 1],
      [0, 4],
    ]);
    const r = max(t, 0, true);
    expect([r.values.toArray(), r.indices.toArray()]).toEqual([[[3, 4]], [[0, 1]]]);
    expect(r.indices.dtype).toBe('int32');
    const m = min(t.T, 1);
    expect([m.values.toArray(), m.indices.toArray()]).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('var/std of complex values are real: E|z − mean|²', () => {
    const z = tensor(
      [
        { re: 1, im: 2 },
        { re: 3, im: -2 },
      ],
      { dtype: 'complex128' },
    );
    expect(variance(z).dtype).toBe('float64');
    expect(variance(z).item()).toBe((1 + 4 + (1 + 4)) / 1);
    expect(std(z, 0, { correction: 0 }).item()).toBe(Math.sqrt(5));
  });
});
