/**
 * Creation functions: zeros/ones/full/eye (both eye forms), arange, linspace, *Like; dtypes, options and edge sizes.
 * Expected values come from the definitions (loops), not from the implementation.
 */

import { rows } from '@tapegrad/testing/literals';
import { ALL, flatValues } from '@tapegrad/testing/reference';
import { afterEach, describe, expect, it } from 'vitest';
import type { DType } from '../dtype';
import { setDefaultDtype } from '../dtype';
import { arange, eye, full, fullLike, linspace, ones, onesLike, tensor, zeros, zerosLike } from './creation';

afterEach(() => setDefaultDtype('float32'));

const zeroOf = (d: DType): unknown => (d === 'bool' ? false : d.startsWith('complex') ? { re: 0, im: 0 } : 0);
const oneOf = (d: DType): unknown => (d === 'bool' ? true : d.startsWith('complex') ? { re: 1, im: 0 } : 1);

describe('zeros, ones, full', () => {
  it('accept a shape array or a single size, in every dtype', () => {
    for (const dtype of ALL) {
      const z = zeros([2, 3], { dtype });
      expect([z.shape, z.dtype]).toEqual([[2, 3], dtype]);
      expect(flatValues(z).every((v) => JSON.stringify(v) === JSON.stringify(zeroOf(dtype)))).toBe(true);
      const o = ones(4, { dtype });
      expect([o.shape, o.dtype]).toEqual([[4], dtype]);
      expect(flatValues(o).every((v) => JSON.stringify(v) === JSON.stringify(oneOf(dtype)))).toBe(true);
    }
  });

  it('default to the default dtype; 0-d and 0-sized shapes work', () => {
    expect(zeros([2]).dtype).toBe('float32');
    expect(ones([]).toArray()).toBe(1);
    expect(zeros([0, 3]).size).toBe(0);
    setDefaultDtype('float64');
    expect([zeros([1]).dtype, ones([1]).dtype, full([1], 0.1).dtype]).toEqual(['float64', 'float64', 'float64']);
    expect(full([1], 0.1).item()).toBe(0.1);
  });

  it('full infers the dtype from the fill value (bool, default float, complex) unless given', () => {
    expect(full([2], true).toArray()).toEqual([true, true]);
    expect(full([2], 7).dtype).toBe('float32');
    expect(full([2], { re: 1, im: -1 }).toArray()).toEqual([
      { re: 1, im: -1 },
      { re: 1, im: -1 },
    ]);
    expect(full([2], { re: 1, im: -1 }).dtype).toBe('complex64');
    expect(full([3], 2.9, { dtype: 'int32' }).toArray()).toEqual([2, 2, 2]);
    expect(full([2], -0.5, { dtype: 'bool' }).toArray()).toEqual([true, true]);
    expect(full([2], 3, { dtype: 'complex128' }).toArray()).toEqual([
      { re: 3, im: 0 },
      { re: 3, im: 0 },
    ]);
    expect(Number.isNaN(full([1], Number.NaN).item() as number)).toBe(true);
    expect(full([2, 2], 0).toArray()).toEqual(rows('0 0; 0 0'));
  });

  it('requiresGrad option marks the new leaf', () => {
    expect(zeros([2], { requiresGrad: true }).requiresGrad).toBe(true);
    expect(full([2], 1, { requiresGrad: true, dtype: 'float64' }).requiresGrad).toBe(true);
    expect(ones([2]).requiresGrad).toBe(false);
  });
});

describe('eye', () => {
  const identity = (n: number, m: number): number[][] =>
    Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => (i === j ? 1 : 0)));

  it('eye(n), eye(n, { dtype }) and eye(n, m, { dtype }) all work', () => {
    expect(eye(3).toArray()).toEqual(identity(3, 3));
    expect(eye(3).dtype).toBe('float32');
    const e64 = eye(3, { dtype: 'float64' });
    expect([e64.dtype, e64.shape]).toEqual(['float64', [3, 3]]);
    expect(e64.toArray()).toEqual(identity(3, 3));
    const rect = eye(2, 4, { dtype: 'int32' });
    expect([rect.dtype, rect.shape]).toEqual(['int32', [2, 4]]);
    expect(rect.toArray()).toEqual(identity(2, 4));
    expect(eye(4, 2).toArray()).toEqual(identity(4, 2));
    expect(eye(3, undefined, { dtype: 'float64' }).dtype).toBe('float64');
    expect(eye(0).shape).toEqual([0, 0]);
    expect(eye(2, 0).shape).toEqual([2, 0]);
  });

  it('complex and bool identities, requiresGrad in both forms', () => {
    expect(eye(2, { dtype: 'complex128' }).toArray()).toEqual([
      [
        { re: 1, im: 0 },
        { re: 0, im: 0 },
      ],
      [
        { re: 0, im: 0 },
        { re: 1, im: 0 },
      ],
    ]);
    expect(eye(2, 3, { dtype: 'bool' }).toArray()).toEqual([
      [true, false, false],
      [false, true, false],
    ]);
    expect(eye(2, { requiresGrad: true }).requiresGrad).toBe(true);
    expect(eye(2, 2, { requiresGrad: true }).requiresGrad).toBe(true);
  });
});

describe('arange', () => {
  it('arange(end) and integer arguments give int32, as torch gives its integer dtype', () => {
    const a = arange(5);
    expect([a.dtype, a.toArray()]).toEqual(['int32', [0, 1, 2, 3, 4]]);
    expect(arange(1, 7, 2).toArray()).toEqual([1, 3, 5]);
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(arange(-3, 0).toArray()).toEqual([-3, -2, -1]);
    expect(arange(0).shape).toEqual([0]);
    expect(arange(3, 3).shape).toEqual([0]);
  });

  it('fractional arguments give the default float dtype with ceil((end − start)/step) values', () => {
    const a = arange(0, 1, 0.25);
    expect([a.dtype, a.toArray()]).toEqual(['float32', [0, 0.25, 0.5, 0.75]]);
    expect(arange(0, 1, 0.1).size).toBe(10);
    expect(arange(0.5, 3).toArray()).toEqual([0.5, 1.5, 2.5]);
    setDefaultDtype('float64');
    const b = arange(0, 0.3, 0.1);
    expect(b.dtype).toBe('float64');
    expect(b.size).toBe(Math.ceil(0.3 / 0.1));
    (b.toArray() as number[]).forEach((v, i) => {
      expect(v).toBe(i * 0.1);
    });
  });

  it('takes options in every position', () => {
    expect(arange(3, { dtype: 'float64' }).toArray()).toEqual([0, 1, 2]);
    expect(arange(3, { dtype: 'float64' }).dtype).toBe('float64');
    expect(arange(1, 3, { dtype: 'complex64' }).toArray()).toEqual([
      { re: 1, im: 0 },
      { re: 2, im: 0 },
    ]);
    expect(arange(0, 6, 3, { dtype: 'float32', requiresGrad: true }).requiresGrad).toBe(true);
  });
});

describe('linspace', () => {
  it('steps evenly from start to end inclusive; the end value is exact', () => {
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(-1, 1, 3).toArray()).toEqual([-1, 0, 1]);
    for (const [start, end, steps] of rows('0 0.3 4; 1 2 7; -5 3.3 11; 2 -2 6')) {
      const v = linspace(start, end, steps, { dtype: 'float64' }).toArray() as number[];
      expect(v).toHaveLength(steps);
      expect(v[0]).toBe(start);
      expect(v[steps - 1]).toBe(end);
      const step = (end - start) / (steps - 1);
      v.forEach((x, i) => {
        expect(Math.abs(x - (start + i * step))).toBeLessThan(4e-16 * Math.max(Math.abs(start), Math.abs(end)));
      });
    }
  });

  it('one step gives [start] (as torch), zero steps an empty tensor', () => {
    expect(linspace(0, 1, 1).toArray()).toEqual([0]);
    expect(linspace(3, -7, 1).toArray()).toEqual([3]);
    expect(linspace(0, 1, 0).shape).toEqual([0]);
  });

  it('uses the default dtype unless given', () => {
    expect(linspace(0, 1, 3).dtype).toBe('float32');
    setDefaultDtype('float64');
    expect(linspace(0, 1, 3).dtype).toBe('float64');
    expect(linspace(0, 1, 3, { dtype: 'complex128' }).toArray()).toEqual([
      { re: 0, im: 0 },
      { re: 0.5, im: 0 },
      { re: 1, im: 0 },
    ]);
  });
});

describe('zerosLike, onesLike, fullLike', () => {
  it('copy the shape and dtype (of views too), and allow overriding the dtype', () => {
    const x = tensor(rows('1 2 3; 4 5 6'), { dtype: 'float64' }).T;
    const z = zerosLike(x);
    expect([z.shape, z.dtype, z.toArray()]).toEqual([[3, 2], 'float64', rows('0 0; 0 0; 0 0')]);
    expect(z.storage).not.toBe(x.storage);
    expect(onesLike(x, { dtype: 'int32' }).toArray()).toEqual(rows('1 1; 1 1; 1 1'));
    expect(fullLike(tensor([1, 2]), 9).toArray()).toEqual([9, 9]);
    expect(onesLike(tensor([{ re: 1, im: 1 }])).toArray()).toEqual([{ re: 1, im: 0 }]);
    expect(zerosLike(tensor(5)).shape).toEqual([]);
    expect(onesLike(tensor([true])).dtype).toBe('bool');
  });
});
