/**
 * lerp, addcmul, addcdiv, logaddexp and logit against closed forms (plain loops over the same broadcast), at the
 * edges PyTorch pins: lerp's two-sided formula (weight 1 gives `end` exactly), logaddexp of infinities and huge
 * values, logit's eps clamp. Gradients of every order are checked against PyTorch in test/derivatives/differential.
 */
import { f64 } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { DtypeError, ShapeError } from '../errors';
import { tensor } from './creation';
import { addcdiv, addcmul, lerp, logaddexp, logit } from './pointwise-composite';

describe('lerp', () => {
  it('is start + w·(end − start) below |w| = ½ and end − (end − start)(1 − w) from there (exact at w = 0 and 1)', () => {
    const a = f64([0.1, -3, 7.25]);
    const b = f64([0.7, 5, -1e-3]);
    for (const w of [0, 0.25, 0.5, 0.9, 1, -0.75, 1.5]) {
      const want = [0.1, -3, 7.25].map((s, i) => {
        const e = [0.7, 5, -1e-3][i];
        return Math.abs(w) < 0.5 ? s + (e - s) * w : e - (e - s) * (1 - w);
      });
      expect(lerp(a, b, w).toArray()).toEqual(want);
    }
    expect(lerp(a, b, 1).toArray()).toEqual([0.7, 5, -1e-3]);
  });
  it('takes a tensor weight, broadcast, choosing the formula per element', () => {
    const out = lerp(f64([[0], [10]]), f64([1, 2]), f64([0.25, 1]));
    expect(out.shape).toEqual([2, 2]);
    expect(out.toArray()).toEqual([
      [0.25, 2],
      [10 + 0.25 * -9, 2],
    ]);
  });
});

describe('addcmul / addcdiv', () => {
  it('are input + (value·t1)·t2 and input + (value·t1)/t2, broadcast', () => {
    const x = f64([1, 2, 3]);
    const t1 = f64([[2], [4]]);
    const t2 = f64([8, 16, 32]);
    expect(addcmul(x, t1, t2, { value: 0.5 }).toArray()).toEqual([
      [9, 18, 35],
      [17, 34, 67],
    ]);
    expect(addcdiv(x, t1, t2, { value: 4 }).toArray()).toEqual([
      [2, 2.5, 3.25],
      [3, 3, 3.5],
    ]);
    expect(addcmul(x, x, x).toArray()).toEqual([2, 6, 12]);
  });
  it('promote int32 and float32 operands as the underlying ops do', () => {
    const i = tensor([1, 2], { dtype: 'int32' });
    expect(addcmul(i, i, i).dtype).toBe('int32');
    expect(addcdiv(i, i, i).dtype).toBe('float32');
  });
});

describe('logaddexp', () => {
  it('is log(eᵃ + eᵇ) without overflow, with −∞ and +∞ handled', () => {
    const a = f64([0, 1000, -1000, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, 3, -2]);
    const b = f64([0, 1000, -1001, Number.NEGATIVE_INFINITY, 1, Number.NEGATIVE_INFINITY, 5]);
    const got = logaddexp(a, b).toArray() as number[];
    expect(got[0]).toBeCloseTo(Math.LN2, 15);
    expect(got[1]).toBeCloseTo(1000 + Math.LN2, 12);
    expect(got[2]).toBeCloseTo(-1000 + Math.log1p(Math.exp(-1)), 12);
    expect(got.slice(3, 6)).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, 3]);
    expect(got[6]).toBeCloseTo(5 + Math.log1p(Math.exp(-7)), 14);
  });
  it('refuses complex tensors and shapes that do not broadcast, naming logaddexp', () => {
    expect(() => logaddexp(tensor([{ re: 1, im: 0 }]), f64([1]))).toThrow(DtypeError);
    expect(() => logaddexp(f64([1, 2]), f64([1, 2, 3]))).toThrow(/^logaddexp: /);
    expect(() => logaddexp(f64([1, 2]), f64([1, 2, 3]))).toThrow(ShapeError);
  });
});

describe('logit', () => {
  it('is log(p/(1 − p)), ±∞ at 0 and 1, NaN outside [0, 1]; eps clamps first', () => {
    const got = logit(f64([0.5, 0.25, 0.9, 0, 1, -0.5])).toArray() as number[];
    expect(got[0]).toBe(0);
    expect(got[1]).toBeCloseTo(Math.log(1 / 3), 15);
    expect(got[2]).toBeCloseTo(Math.log(9), 14);
    expect(got.slice(3)).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NaN]);
    const clamped = logit(f64([0, 1, 0.5]), 0.1).toArray() as number[];
    expect(clamped[0]).toBeCloseTo(Math.log(0.1 / 0.9), 14);
    expect(clamped[1]).toBeCloseTo(Math.log(0.9 / 0.1), 14);
    expect(() => logit(f64([0.5]), 0.7)).toThrow(/^logit: expected eps in \[0, 0.5\]/);
  });
});
