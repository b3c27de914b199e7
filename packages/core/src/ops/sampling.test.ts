import { expectTypedError } from '@tapegrad/testing/errors';
import { describe, expect, it } from 'vitest';
import { manualSeed, randLike, randnLike, tensor, zeros } from '../index';
import { multinomial } from './sampling';

describe('multinomial', () => {
  it('is reproducible with manualSeed and follows the weights (χ² test, 20 000 draws)', () => {
    const weights = [0.1, 0.2, 0.3, 0.4];
    manualSeed(42);
    const a = multinomial(tensor(weights), 20_000, { replacement: true });
    manualSeed(42);
    const b = multinomial(tensor(weights), 20_000, { replacement: true });
    expect(a.toArray()).toEqual(b.toArray());
    expect(a.dtype).toBe('int32');
    const counts = [0, 0, 0, 0];
    for (const i of a.toArray() as number[]) counts[i]++;
    const chi2 = counts.reduce((s, c, i) => s + (c - 20_000 * weights[i]) ** 2 / (20_000 * weights[i]), 0);
    expect(chi2).toBeLessThan(16.27); // χ²(3 dof) 99.9 % quantile
  });

  it('without replacement draws distinct categories, never zero weights, in proportion to the weights', () => {
    manualSeed(1);
    const rows = tensor([
      [1, 0, 3, 1],
      [0, 2, 0, 2],
    ]);
    const firsts = [0, 0, 0, 0];
    for (let trial = 0; trial < 2000; trial++) {
      const s = multinomial(rows, 2).toArray() as number[][];
      expect(new Set(s[0]).size).toBe(2);
      expect(s[0]).not.toContain(1);
      expect([...s[1]].sort()).toEqual([1, 3]);
      firsts[s[0][0]]++;
    }
    // The first draw picks category 2 with probability 3/5.
    expect(Math.abs(firsts[2] / 2000 - 0.6)).toBeLessThan(0.05);
    expect(multinomial(tensor([0, 0, 5]), 1).toArray()).toEqual([2]);
  });

  it('validates before drawing (a bad row leaves the generator untouched)', () => {
    manualSeed(3);
    expectTypedError(
      () =>
        multinomial(
          tensor([
            [1, 1],
            [0, 0],
          ]),
          1,
        ),
      'DtypeError',
      'multinomial',
    );
    const after = multinomial(tensor([1, 1, 1, 1]), 4).toArray();
    manualSeed(3);
    expect(multinomial(tensor([1, 1, 1, 1]), 4).toArray()).toEqual(after);
  });
});

describe('randLike / randnLike', () => {
  it('take the shape and dtype of the input unless a dtype is given', () => {
    const x = zeros([300, 100], { dtype: 'float64' });
    const n = randnLike(x);
    const u = randLike(x, { dtype: 'float32' });
    expect(n.shape).toEqual([300, 100]);
    expect(n.dtype).toBe('float64');
    expect(u.dtype).toBe('float32');
    const mean = (n.mean().item() as number) ** 2;
    expect(mean).toBeLessThan(1e-3);
    expect(Math.abs((n.var().item() as number) - 1)).toBeLessThan(0.03);
    const values = u.toArray() as number[][];
    expect(values.flat().every((v) => v >= 0 && v < 1)).toBe(true);
    const z = randnLike(zeros([1000], { dtype: 'complex128' }));
    expect(Math.abs((z.abs().square().mean().item() as number) - 1)).toBeLessThan(0.15);
  });
});
