/**
 * Composite ops (written with public ops). The OpInfo table checks them against direct formulas; the cases below pin
 * PyTorch behaviours at the edges: clamp with min > max, numerically stable softmax/logsumexp with huge and infinite
 * inputs, known values of gelu and softplus, isclose with infinities.
 */

import { opsIn, runOpInfo } from '@tapegrad/testing/opinfo';
import { f64 } from '@tapegrad/testing/tensors';
import { afterEach, describe, expect, it } from 'vitest';
import { setDefaultDtype } from '../dtype';
import {
  allclose,
  clamp,
  gelu,
  isclose,
  logSoftmax,
  logsumexp,
  reciprocal,
  softmax,
  softplus,
  square,
  trace,
} from './composite';
import { tensor, zeros } from './creation';

runOpInfo(opsIn('composite'));

afterEach(() => setDefaultDtype('float32'));

describe('clamp', () => {
  it('min > max sets everything to max (torch.clamp)', () => {
    expect(clamp(f64([-5, 0, 0.5, 5]), 1, 0).toArray()).toEqual([0, 0, 0, 0]);
  });
  it('NaN passes through; one-sided bounds; integer tensors with float bounds promote', () => {
    expect(clamp(f64([Number.NaN, 2]), 0, 1).toArray()).toEqual([Number.NaN, 1]);
    expect(clamp(f64([-2, 2]), null, 1).toArray()).toEqual([-2, 1]);
    expect(clamp(f64([-2, 2]), -1).toArray()).toEqual([-1, 2]);
    const c = clamp(tensor([1, 2, 3], { dtype: 'int32' }), 1.5);
    expect([c.dtype, c.toArray()]).toEqual(['float32', [1.5, 2, 3]]);
  });
});

describe('softmax family', () => {
  it('is stable for huge inputs', () => {
    const e = Math.E;
    const s = softmax(f64([1000, 1001]), 0).toArray() as number[];
    expect(s[0]).toBeCloseTo(1 / (1 + e), 15);
    expect(s[1]).toBeCloseTo(e / (1 + e), 15);
    expect(logsumexp(f64([1000, 1000]), 0).item()).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSoftmax(f64([-1000, 0]), 0).toArray()).toEqual([-1000, 0]);
  });

  it('handles infinities like torch', () => {
    expect(softmax(f64([Number.NEGATIVE_INFINITY, 0]), 0).toArray()).toEqual([0, 1]);
    expect(logsumexp(f64([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]), 0).item()).toBe(-Infinity);
    expect(logsumexp(f64([Infinity, 1]), 0).item()).toBe(Infinity);
    expect(softmax(f64([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]), 0).toArray()).toEqual([
      Number.NaN,
      Number.NaN,
    ]);
  });

  it('empty reductions: logsumexp over an empty dim is −inf, softmax of an empty dim is empty', () => {
    expect(logsumexp(zeros([2, 0]), 1).toArray()).toEqual([-Infinity, -Infinity]);
    expect(softmax(zeros([2, 0]), 1).shape).toEqual([2, 0]);
  });

  it('integer inputs give the default float dtype', () => {
    const x = tensor([0, 0], { dtype: 'int32' });
    expect(logsumexp(x, 0).dtype).toBe('float32');
    setDefaultDtype('float64');
    expect(logsumexp(x, 0).item()).toBe(Math.LN2);
  });
});

describe('known values', () => {
  it('gelu(1) = Φ(1); the tanh form is close to it', () => {
    expect(gelu(f64([1])).item()).toBeCloseTo(0.8413447460685429, 15);
    expect(gelu(f64([1]), { approximate: 'tanh' }).item()).toBeCloseTo(
      0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * 1.044715)),
      15,
    );
    expect(gelu(f64([0])).item()).toBe(0);
  });

  it('softplus is linear above the threshold and log1p(e^x) below', () => {
    expect(softplus(f64([30])).item()).toBe(30);
    expect(softplus(f64([-30])).item()).toBeCloseTo(Math.log1p(Math.exp(-30)), 25);
    expect(softplus(f64([1]), { beta: 2 }).item()).toBeCloseTo(Math.log1p(Math.exp(2)) / 2, 15);
  });

  it('square of a complex number is z², not |z|²; reciprocal of ints is floating', () => {
    expect(square(tensor([{ re: 1, im: 1 }], { dtype: 'complex128' })).toArray()).toEqual([{ re: 0, im: 2 }]);
    expect(reciprocal(tensor([2, 4], { dtype: 'int32' })).toArray()).toEqual([0.5, 0.25]);
    expect(
      trace(
        tensor([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ).item(),
    ).toBe(6);
  });
});

describe('isclose / allclose', () => {
  it('a finite value is never close to an infinity; equal infinities are', () => {
    expect(isclose(f64([1, Infinity, -Infinity, 1e308]), Infinity).toArray()).toEqual([false, true, false, false]);
    expect(allclose(f64([1]), Infinity)).toBe(false);
    expect(allclose(f64([Infinity]), f64([Infinity]))).toBe(true);
  });
  it('NaN is close to NaN only with equalNan; tolerances are atol + rtol·|b|', () => {
    expect(allclose(f64([Number.NaN]), f64([Number.NaN]))).toBe(false);
    expect(allclose(f64([Number.NaN]), f64([Number.NaN]), { equalNan: true })).toBe(true);
    expect(allclose(f64([100]), f64([100.0009]))).toBe(true);
    expect(allclose(f64([100]), f64([100.002]))).toBe(false);
    expect(allclose(f64([0]), f64([1e-9]))).toBe(true);
    expect(allclose(f64([1]), f64([1.5]), { atol: 0.5 })).toBe(true);
    expect(allclose(tensor([true, false]), tensor([true, false]))).toBe(true);
    expect(allclose(tensor([true, false]), tensor([true, true]))).toBe(false);
  });
});
