/**
 * The small PyTorch-parity additions: matrix-product aliases with their rank checks, t(), the Tensor conveniences
 * (numel, dim, isContiguous, double, float), expm1/log2/log10 accuracy, all/any, and named tuples from max/min(dim).
 */
import { expectTypedError } from '@tapegrad/testing/errors';
import { describe, expect, it } from 'vitest';
import { all, any, bmm, expm1, log2, log10, matmul, max, min, mm, mv, randn, t, tensor } from '../index';

describe('mm / bmm / mv / t', () => {
  it('equal matmul on the ranks they accept, and refuse every other rank', () => {
    const a = randn([2, 3], { dtype: 'float64' });
    const b = randn([3, 4], { dtype: 'float64' });
    expect(mm(a, b).toArray()).toEqual(matmul(a, b).toArray());
    const x = randn([5, 2, 3], { dtype: 'float64' });
    const y = randn([5, 3, 2], { dtype: 'float64' });
    expect(bmm(x, y).toArray()).toEqual(matmul(x, y).toArray());
    const v = randn([3], { dtype: 'float64' });
    expect(mv(a, v).toArray()).toEqual(matmul(a, v).toArray());
    expectTypedError(() => mm(x, y), 'ShapeError', 'mm');
    expectTypedError(() => mm(a, a), 'ShapeError', 'mm');
    expectTypedError(() => bmm(x, randn([4, 3, 2])), 'ShapeError', 'bmm');
    expectTypedError(() => mv(a, b), 'ShapeError', 'mv');
  });

  it('t transposes 2-D tensors and returns 0-D/1-D tensors as they are', () => {
    const a = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t(a).toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(a.t().storage).toBe(a.storage);
    const v = tensor([1, 2]);
    expect(v.t()).toBe(v);
    expectTypedError(() => t(randn([2, 2, 2])), 'ShapeError', 't');
  });
});

describe('Tensor conveniences', () => {
  it('numel, dim, isContiguous, double, float', () => {
    const a = randn([2, 3]);
    expect(a.numel()).toBe(6);
    expect(a.dim()).toBe(2);
    expect(a.isContiguous()).toBe(true);
    expect(a.T.isContiguous()).toBe(false);
    expect(a.slice(1, 0, 3, 2).isContiguous()).toBe(false);
    expect(a.double().dtype).toBe('float64');
    expect(a.double().float().toArray()).toEqual(a.toArray());
    expect(tensor([1.5], { dtype: 'int32' }).float().dtype).toBe('float32');
  });

  it('max/min along a dim are named tuples: { values, indices } and [values, indices]', () => {
    const x = tensor([
      [1, 5],
      [7, 2],
    ]);
    const r = max(x, 1);
    const [values, indices] = r;
    expect(values).toBe(r.values);
    expect(indices).toBe(r.indices);
    expect(indices.toArray()).toEqual([1, 0]);
    const [mv2, mi] = x.min(0, true);
    expect(mv2.toArray()).toEqual([[1, 2]]);
    expect(mi.toArray()).toEqual([[0, 1]]);
    expect(Object.isFrozen(min(x, 0))).toBe(true);
  });
});

describe('expm1 / log2 / log10', () => {
  it('are accurate where the naive formulas are not', () => {
    expect(expm1(tensor([1e-10], { dtype: 'float64' })).item()).toBe(Math.expm1(1e-10));
    const powers = Array.from({ length: 121 }, (_, i) => 2 ** (i - 60));
    expect(log2(tensor(powers, { dtype: 'float64' })).toArray()).toEqual(powers.map((_, i) => i - 60));
    const tens = Array.from({ length: 41 }, (_, i) => Number(`1e${i - 20}`));
    expect(log10(tensor(tens, { dtype: 'float64' })).toArray()).toEqual(tens.map((_, i) => i - 20));
    expect(log2(tensor([8])).item()).toBe(3);
  });

  it('complex expm1 keeps relative accuracy for small z; complex log2/log10 are log(z)/ln(base)', () => {
    const z = tensor([{ re: 1e-9, im: 1e-9 }], { dtype: 'complex128' });
    const e = expm1(z).item() as { re: number; im: number };
    // e^z − 1 = z + z²/2 + …: z² = 2i·1e-18, so re = 1e-9 + O(1e-27) and im = 1e-9 + 1e-18.
    expect(Math.abs(e.re - 1e-9) / 1e-9).toBeLessThan(1e-15);
    expect(Math.abs(e.im - (1e-9 + 1e-18)) / 1e-9).toBeLessThan(1e-15);
    const w = tensor([{ re: -8, im: 0 }], { dtype: 'complex128' });
    const l = log2(w).item() as { re: number; im: number };
    expect(l.re).toBeCloseTo(3, 14);
    expect(l.im).toBeCloseTo(Math.PI / Math.LN2, 14);
    const m = log10(tensor([{ re: 0, im: 100 }], { dtype: 'complex128' })).item() as { re: number; im: number };
    expect(m.re).toBeCloseTo(2, 14);
    expect(m.im).toBeCloseTo(Math.PI / 2 / Math.LN10, 14);
  });
});

describe('all / any', () => {
  it('reduce truth values (NaN is true) over all elements or a dim, as bool tensors', () => {
    const x = tensor([
      [1, Number.NaN, 0],
      [2, 3, 4],
    ]);
    expect(all(x).item()).toBe(false);
    expect(any(x).item()).toBe(true);
    expect(all(x, 1).toArray()).toEqual([false, true]);
    expect(x.any(0, true).toArray()).toEqual([[true, true, true]]);
    expect(all(tensor([])).item()).toBe(true);
    expect(any(tensor([])).item()).toBe(false);
    expect(any(tensor([{ re: 0, im: 1 }])).item()).toBe(true);
    expect(all(x, [0, 1]).dtype).toBe('bool');
  });
});
