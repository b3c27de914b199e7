/**
 * Elementwise ops and comparisons. The OpInfo table (@tapegrad/testing/opinfo) runs every op against plain-JS references and
 * mathjs complex arithmetic on every dtype and layout; the cases below pin specific values: complex results checked
 * against mathjs at hand-picked points, extreme magnitudes, IEEE special values, PyTorch's integer and bool rules.
 */

import { opsIn, runOpInfo } from '@tapegrad/testing/opinfo';
import { fromMath } from '@tapegrad/testing/reference';
import * as math from 'mathjs';
import { afterEach, describe, expect, it } from 'vitest';
import { setDefaultDtype } from '../dtype';
import { DtypeError } from '../errors';
import type { Tensor } from '../tensor';
import { complex } from './complex';
import { tensor } from './creation';
import {
  abs,
  add,
  angle,
  cos,
  div,
  eq,
  exp,
  log,
  logicalAnd,
  maximum,
  minimum,
  mul,
  ne,
  pow,
  sigmoid,
  sign,
  sin,
  sqrt,
  sub,
  tanh,
  where,
} from './elementwise';

runOpInfo(opsIn('elementwise', 'comparison'));

afterEach(() => setDefaultDtype('float32'));

const c128 = (re: number, im: number): Tensor => tensor([{ re, im }], { dtype: 'complex128' });
const one = (t: Tensor): { re: number; im: number } => t.item() as { re: number; im: number };

function expectComplexClose(got: { re: number; im: number }, want: { re: number; im: number }, rtol = 1e-14): void {
  const scale = Math.max(Math.hypot(want.re, want.im), 1e-300);
  expect(Math.hypot(got.re - want.re, got.im - want.im) / scale).toBeLessThanOrEqual(rtol);
}

describe('complex values against mathjs', () => {
  const points: readonly [number, number][] = [
    [1, 0],
    [0, 1],
    [-1, 1e-300],
    [-2, 0.5],
    [3, -4],
    [1e-8, -1e-8],
    [0.5, 20],
    [-30, 2],
  ];
  const unaries: readonly (readonly [string, (x: Tensor) => Tensor, (z: math.Complex) => unknown])[] = [
    ['exp', exp, (z) => math.exp(z)],
    ['log', log, (z) => math.log(z)],
    ['sqrt', sqrt, (z) => math.sqrt(z)],
    ['sin', sin, (z) => math.sin(z)],
    ['cos', cos, (z) => math.cos(z)],
    ['tanh', tanh, (z) => math.tanh(z)],
  ];
  for (const [name, op, ref] of unaries) {
    it(`${name} at hand-picked points (complex128, and complex64 to float32 accuracy)`, () => {
      for (const [re, im] of points) {
        const want = fromMath(ref(math.complex(re, im)));
        if (!Number.isFinite(want.re) || !Number.isFinite(want.im)) continue;
        expectComplexClose(one(op(c128(re, im))), want, 1e-13);
        const z64 = tensor([{ re, im }], { dtype: 'complex64' });
        const want64 = fromMath(ref(math.complex(Math.fround(re), Math.fround(im))));
        expectComplexClose(one(op(z64)), want64, 2e-6);
      }
    });
  }

  it('arithmetic matches math.add / subtract / multiply / divide / pow', () => {
    const a = math.complex(1.5, -2);
    const b = math.complex(-0.25, 3);
    const ta = c128(1.5, -2);
    const tb = c128(-0.25, 3);
    expectComplexClose(one(add(ta, tb)), fromMath(math.add(a, b)));
    expectComplexClose(one(sub(ta, tb)), fromMath(math.subtract(a, b)));
    expectComplexClose(one(mul(ta, tb)), fromMath(math.multiply(a, b)));
    expectComplexClose(one(div(ta, tb)), fromMath(math.divide(a, b)));
    expectComplexClose(one(pow(ta, tb)), fromMath(math.pow(a, b)), 1e-13);
    expectComplexClose(one(pow(ta, 2)), fromMath(math.pow(a, 2)));
    expectComplexClose(one(pow(2, tb)), fromMath(math.pow(2, b) as math.Complex), 1e-13);
  });

  it('abs, angle and sgn match math.abs, math.arg and z/|z|', () => {
    for (const [re, im] of [
      [3, -4],
      [-1, 0],
      [0, -2],
      [-1e-100, 1e-100],
    ] as const) {
      const z = c128(re, im);
      const modulus = math.abs(math.complex(re, im)) as unknown as number;
      expect(Math.abs((abs(z).item() as number) - modulus)).toBeLessThanOrEqual(2e-16 * modulus);
      expect(angle(z).item()).toBe(math.arg(math.complex(re, im)));
      expectComplexClose(one(sign(z)), fromMath(math.divide(math.complex(re, im), math.abs(math.complex(re, im)))));
    }
    expect(one(sign(c128(0, 0)))).toEqual({ re: 0, im: 0 });
    expect(abs(c128(0, 0)).dtype).toBe('float64');
  });

  it('known identities: e^{iπ} = −1, log(−1) = iπ, sqrt(−4) = 2i, i² = −1', () => {
    expectComplexClose(one(exp(c128(0, Math.PI))), { re: -1, im: 0 }, 1e-15);
    expectComplexClose(one(log(c128(-1, 0))), { re: 0, im: Math.PI });
    expectComplexClose(one(sqrt(c128(-4, 0))), { re: 0, im: 2 });
    expect(one(sqrt(c128(-4, -0)))).toEqual({ re: 0, im: -2 });
    expect(one(mul(c128(0, 1), c128(0, 1)))).toEqual({ re: -1, im: 0 });
  });

  it('division and modulus do not overflow or underflow at extreme magnitudes', () => {
    expectComplexClose(one(div(c128(1e300, 1e300), c128(1e300, 1e300))), { re: 1, im: 0 });
    expectComplexClose(one(div(c128(1e-300, 2e-300), c128(1e-300, 0))), { re: 1, im: 2 });
    expect(abs(c128(3e200, 4e200)).item()).toBeCloseTo(5e200, -186);
    // mathjs' own modulus underflows to 0 here; hypot is the reference.
    expect(abs(c128(-1e-200, 1e-200)).item()).toBe(Math.hypot(-1e-200, 1e-200));
    expect(abs(c128(3e-200, 4e-200)).item() as number).toBeCloseTo(5e-200, 213);
    for (const [re, im] of [
      [-800, 0],
      [-800, 1],
      [800, -1],
    ] as const) {
      const s = one(sigmoid(c128(re, im)));
      const want = fromMath(math.divide(1, math.add(1, math.exp(math.complex(-re, -im)))));
      expect(Number.isFinite(s.re) && Number.isFinite(s.im)).toBe(true);
      expect(Math.abs(s.re - want.re) + Math.abs(s.im - want.im)).toBeLessThan(1e-300);
    }
    expectComplexClose(one(sigmoid(c128(-3, 2))), fromMath(math.divide(1, math.add(1, math.exp(math.complex(3, -2))))));
    const t = one(tanh(c128(40, 1)));
    expect(t.re).toBe(1);
    expect(Math.abs(t.im)).toBeLessThan(1e-30);
  });

  it('complex64 stores interleaved float32 pairs', () => {
    const z = complex(tensor([1.1, 2]), tensor([3, -4.4]));
    expect(z.dtype).toBe('complex64');
    expect(Array.from(z.toTypedArray())).toEqual([1.1, 3, 2, -4.4].map(Math.fround));
  });
});

describe('real special values (IEEE, as torch)', () => {
  it('maximum/minimum propagate NaN; comparisons with NaN are false except ne', () => {
    const x = tensor([Number.NaN, 1, -Infinity], { dtype: 'float64' });
    const y = tensor([1, Number.NaN, 0], { dtype: 'float64' });
    expect(maximum(x, y).toArray()).toEqual([Number.NaN, Number.NaN, 0]);
    expect(minimum(x, y).toArray()).toEqual([Number.NaN, Number.NaN, -Infinity]);
    expect(eq(x, x).toArray()).toEqual([false, true, true]);
    expect(ne(x, x).toArray()).toEqual([true, false, false]);
  });

  it('division by zero, 0/0, log(0) and sqrt(−1) follow IEEE', () => {
    expect(div(tensor([1, -1, 0]), 0).toArray()).toEqual([Infinity, -Infinity, Number.NaN]);
    expect(log(tensor([0])).toArray()).toEqual([-Infinity]);
    expect(sqrt(tensor([-1])).toArray()).toEqual([Number.NaN]);
    expect(pow(tensor([0]), -1).toArray()).toEqual([Infinity]);
  });

  it('sign keeps ±0 and NaN; sigmoid saturates without overflow', () => {
    const s = sign(tensor([-0, 0, Number.NaN, -3], { dtype: 'float64' })).toArray() as number[];
    expect(Object.is(s[0], -0)).toBe(true);
    expect(Object.is(s[1], 0)).toBe(true);
    expect(s.slice(2)).toEqual([Number.NaN, -1]);
    expect(sigmoid(tensor([-1000, 1000], { dtype: 'float64' })).toArray()).toEqual([0, 1]);
  });
});

describe('integer and bool arithmetic (PyTorch rules)', () => {
  it('int32 stays int32 and wraps around like two’s complement', () => {
    const big = tensor([2 ** 20, 2 ** 30, -(2 ** 31)], { dtype: 'int32' });
    expect(mul(big, tensor([2 ** 12, 4, -1], { dtype: 'int32' })).toArray()).toEqual([0, 0, -(2 ** 31)]);
    expect(add(tensor([2 ** 31 - 1], { dtype: 'int32' }), 1).toArray()).toEqual([-(2 ** 31)]);
    expect(pow(tensor([2, 3, -2], { dtype: 'int32' }), 3).toArray()).toEqual([8, 27, -8]);
    expect(pow(tensor([3], { dtype: 'int32' }), 2).dtype).toBe('int32');
  });

  it('bool + bool is logical or and bool · bool logical and (dtype bool); sub with bool is refused', () => {
    const a = tensor([true, true, false, false]);
    const b = tensor([true, false, true, false]);
    expect(add(a, b).dtype).toBe('bool');
    expect(add(a, b).toArray()).toEqual([true, true, true, false]);
    expect(mul(a, b).toArray()).toEqual([true, false, false, false]);
    expect(add(a, 1).toArray()).toEqual([2, 2, 1, 1]);
    expect(add(a, 1).dtype).toBe('int32');
    expect(() => sub(a, b)).toThrow(DtypeError);
    expect(() => sub(1, a)).toThrow(/^sub: expected numeric operands/);
    expect(logicalAnd(a, 2).toArray()).toEqual([true, true, false, false]);
  });

  it('alpha scales the second operand, also a JS scalar one', () => {
    const x = tensor([1, 2], { dtype: 'float64' });
    expect(add(x, 2, { alpha: 3 }).toArray()).toEqual([7, 8]);
    expect(sub(x, x, { alpha: 0.5 }).toArray()).toEqual([0.5, 1]);
    expect(add(tensor([1], { dtype: 'int32' }), 2, { alpha: 3 }).dtype).toBe('int32');
    expect(add(x, { re: 0, im: 1 }, { alpha: 2 }).toArray()).toEqual([
      { re: 1, im: 2 },
      { re: 2, im: 2 },
    ]);
  });

  it('where accepts scalars and non-bool conditions (nonzero is true)', () => {
    expect(where(tensor([1, 0, 2], { dtype: 'int32' }), 1, -1).toArray()).toEqual([1, -1, 1]);
    expect(where(tensor([true, false]), tensor([1.5, 2.5]), 0).toArray()).toEqual([1.5, 0]);
  });
});
