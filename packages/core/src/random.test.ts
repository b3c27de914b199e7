/**
 * The seeded generator behind rand / randn / randint (manualSeed): reproducibility, independence of seeds, and
 * distribution sanity on 10⁵ samples — mean and variance within 5 standard errors of the exact moments, so a wrong
 * distribution fails while the test is deterministic for a given seed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cat, manualSeed, rand, randint, randn, setDefaultDtype, type Tensor } from './index';
import { belowOneF32 } from './random';

afterEach(() => setDefaultDtype('float32'));

const N = 100_000;
const values = (t: Tensor): number[] => Array.from(t.toTypedArray() as ArrayLike<number>);

function moments(xs: readonly number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

describe('manualSeed', () => {
  it('the same seed gives the same numbers for rand, randn and randint', () => {
    for (const seed of [0, 1, 42, 2 ** 40 + 3]) {
      manualSeed(seed);
      const a = [values(rand([50])), values(randn([7, 3], { dtype: 'float64' })), values(randint(-5, 5, [20]))];
      manualSeed(seed);
      const b = [values(rand([50])), values(randn([7, 3], { dtype: 'float64' })), values(randint(-5, 5, [20]))];
      expect(b).toEqual(a);
    }
  });

  it('different seeds (also beyond 32 bits) give different numbers', () => {
    const draw = (seed: number): number[] => {
      manualSeed(seed);
      return values(rand([8], { dtype: 'float64' }));
    };
    const seen = [0, 1, 2, 2 ** 32, 2 ** 33].map(draw);
    for (let i = 0; i < seen.length; i++) {
      for (let j = i + 1; j < seen.length; j++) expect(seen[i]).not.toEqual(seen[j]);
    }
  });

  it('the stream continues across calls: two draws equal one draw of both sizes', () => {
    manualSeed(7);
    const parts = [rand([3]), rand([5])];
    const normals = [randn([3], { dtype: 'float64' }), randn([4], { dtype: 'float64' })];
    manualSeed(7);
    expect(values(rand([8]))).toEqual(values(cat(parts)));
    expect(values(randn([7], { dtype: 'float64' }))).toEqual(values(cat(normals)));
  });

  it('rejects non-finite seeds', () => {
    expect(() => manualSeed(Number.POSITIVE_INFINITY)).toThrow(/^manualSeed: expected an integer seed/);
  });
});

describe('distributions (10⁵ samples, 5 standard errors)', () => {
  it('rand is uniform on [0, 1): mean 1/2, variance 1/12', () => {
    manualSeed(123);
    const xs = values(rand([N], { dtype: 'float64' }));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const { mean, variance } = moments(xs);
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    // Var of the sample variance of U(0,1): (μ4 − σ⁴)/n with μ4 = 1/80.
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / N));
    const below = xs.filter((x) => x < 0.25).length / N;
    expect(Math.abs(below - 0.25)).toBeLessThan(5 * Math.sqrt((0.25 * 0.75) / N));
  });

  it('randn is standard normal: mean 0, variance 1, P(|x| < 1) ≈ 0.6827, kurtosis 3', () => {
    manualSeed(321);
    const xs = values(randn([N], { dtype: 'float64' }));
    const { mean, variance } = moments(xs);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    const inside = xs.filter((x) => Math.abs(x) < 1).length / N;
    const p = 0.6826894921370859;
    expect(Math.abs(inside - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
    const kurtosis = xs.reduce((a, x) => a + (x - mean) ** 4, 0) / N / variance ** 2;
    expect(Math.abs(kurtosis - 3)).toBeLessThan(5 * Math.sqrt(24 / N));
  });

  it('complex randn has real and imaginary parts of variance 1/2 each (E|z|² = 1), as torch', () => {
    manualSeed(5);
    const z = values(randn([N], { dtype: 'complex128' }));
    const re = z.filter((_, i) => i % 2 === 0);
    const im = z.filter((_, i) => i % 2 === 1);
    for (const part of [re, im]) {
      const { mean, variance } = moments(part);
      expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(0.5 / N));
      expect(Math.abs(variance - 0.5)).toBeLessThan(5 * Math.sqrt((2 * 0.25) / N));
    }
  });

  it('randint covers [low, high) uniformly', () => {
    manualSeed(99);
    const xs = values(randint(-3, 7, [N]));
    expect(xs.every((x) => Number.isInteger(x) && x >= -3 && x < 7)).toBe(true);
    const counts = new Map<number, number>();
    for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3, 4, 5, 6]);
    const sd = Math.sqrt(N * 0.1 * 0.9);
    for (const c of counts.values()) expect(Math.abs(c - N / 10)).toBeLessThan(5 * sd);
  });
});

describe('dtypes and shapes', () => {
  it('float32 by default, float64 / complex on request, int32 for randint', () => {
    expect(rand([2]).dtype).toBe('float32');
    expect(randn([2], { dtype: 'complex64' }).dtype).toBe('complex64');
    expect(randint(0, 2, [2]).dtype).toBe('int32');
    expect(randint(0, 5, [4], { dtype: 'float64' }).dtype).toBe('float64');
    setDefaultDtype('float64');
    expect(randn([2]).dtype).toBe('float64');
    expect(randn(3).shape).toEqual([3]);
    expect(rand([]).shape).toEqual([]);
    expect(rand([0, 4]).size).toBe(0);
    expect(randn([2], { requiresGrad: true }).requiresGrad).toBe(true);
  });

  it('float32 uniforms stay below 1 even where rounding to float32 would reach 1', () => {
    expect(belowOneF32(1 - 2 ** -30)).toBeLessThan(1);
    expect(Math.fround(belowOneF32(1 - 2 ** -30))).toBe(1 - 2 ** -24);
    expect(belowOneF32(0.5)).toBe(0.5);
    manualSeed(11);
    const xs = values(rand([N]));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
