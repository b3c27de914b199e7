/**
 * Closed forms, finite differences and the edges PyTorch cannot serve as a reference for (its overflows and its
 * float32 constant in hardsigmoid's backward) of the activations in activation-functions.ts and their modules. The
 * PyTorch comparison to second order is functional-torch.test.ts.
 */
import '@tapegrad/autograd';
import { grad, gradcheck, gradgradcheck } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { tensor } from '@tapegrad/core';
import { describe, expect, it } from 'vitest';
import * as F from './functional';
import * as nn from './index';

const f64 = (data: number[]) => tensor(data, { dtype: 'float64' });
const leaf = (data: number[]) => tensor(data, { dtype: 'float64', requiresGrad: true });
/** f′ and f″ of an elementwise function at each point (gradients of Σf and of Σf′). */
function derivatives(fn: (x: Tensor) => Tensor, data: number[]): { d1: number[]; d2: number[] } {
  const x = leaf(data);
  const [g] = grad(fn(x).sum(), [x], { createGraph: true });
  // A piecewise-linear function's derivative is piecewise constant: no graph, second derivative 0.
  const [h] = (g as Tensor).requiresGrad ? grad((g as Tensor).sum(), [x], { allowUnused: true }) : [null];
  return { d1: (g as Tensor).toArray() as number[], d2: h === null ? data.map(() => 0) : (h.toArray() as number[]) };
}

// Smooth points only (no kink inside a finite-difference step).
const smooth = [-2.3, -0.7, 0.4, 1.9, 3.7];

describe('activation functions', () => {
  it('elu, selu, celu: closed forms, and gradcheck/gradgradcheck away from 0', () => {
    const x = f64([-1, 0, 2]);
    expect(F.elu(x).toArray()).toEqual([Math.expm1(-1), 0, 2]);
    expect(F.celu(x, 2).toArray()).toEqual([2 * Math.expm1(-0.5), 0, 2]);
    const [a, s] = [1.6732632423543772, 1.0507009873554805];
    expect(F.selu(x).toArray()).toEqual([s * a * Math.expm1(-1), 0, 2 * s]);
    for (const fn of [(t: Tensor) => F.elu(t, 0.7), F.selu, (t: Tensor) => F.celu(t, 1.5)]) {
      expect(gradcheck(fn, [leaf(smooth)])).toBe(true);
      expect(gradgradcheck(fn, [leaf(smooth)])).toBe(true);
    }
  });

  it('elu at 0: derivative α (the exponential side), second derivative 0 (PyTorch); no overflow at ±1000', () => {
    const { d1, d2 } = derivatives((t) => F.elu(t, 0.5), [0, -0, 1000, -1000]);
    expect(d1).toEqual([0.5, 0.5, 1, 0.5 * Math.exp(-1000)]);
    expect(d2).toEqual([0, 0, 0, 0.5 * Math.exp(-1000)]);
  });

  it('hardsigmoid: derivative exactly 1/6 inside, 0 on and beyond ±3 (PyTorch carries a float32 1/6)', () => {
    const { d1, d2 } = derivatives(F.hardsigmoid, [-4, -3, 0, 2.5, 3, 4]);
    expect(d1).toEqual([0, 0, 1 / 6, 1 / 6, 0, 0]);
    expect(d2).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('hardswish: values, derivative −½ at −3 and 1 at 3, second derivative 1/3 only on (−3, 3)', () => {
    const data = [-4, -3, -1.5, 0, 3, 4];
    expect(F.hardswish(f64(data)).toArray()).toEqual([0, -0, -0.375, 0, 3, 4]);
    const { d1, d2 } = derivatives(F.hardswish, data);
    expect(d1).toEqual([0, -0.5, 0, 0.5, 1, 1]);
    expect(d2).toEqual([0, 0, 1 / 3, 1 / 3, 0, 0]);
    expect(gradgradcheck(F.hardswish, [leaf([-2.5, -1, 0.5, 2.5])])).toBe(true);
  });

  it('mish: finite value and derivatives at ±800 (PyTorch overflows there); gradgradcheck', () => {
    const { d1, d2 } = derivatives(F.mish, [800, -800]);
    expect(F.mish(f64([800, -800])).toArray()).toEqual([800, -0]);
    expect(d1).toEqual([1, 0]);
    expect(d2).toEqual([0, 0]);
    expect(gradgradcheck(F.mish, [leaf(smooth)])).toBe(true);
  });

  it('hardtanh, relu6: clamp values, derivative 0 on the boundaries; NaN passes through', () => {
    expect(F.hardtanh(f64([-2, -1, 0.5, 1, 2])).toArray()).toEqual([-1, -1, 0.5, 1, 1]);
    expect(derivatives(F.hardtanh, [-2, -1, 0.5, 1, 2]).d1).toEqual([0, 0, 1, 0, 0]);
    expect(derivatives(F.relu6, [0, 3, 6]).d1).toEqual([0, 1, 0]);
    expect(Number.isNaN(F.relu6(f64([Number.NaN])).item())).toBe(true);
  });

  it('softsign, tanhshrink, hardshrink, softshrink, threshold: closed forms', () => {
    expect(F.softsign(f64([-3, 0, 1])).toArray()).toEqual([-0.75, 0, 0.5]);
    expect(F.tanhshrink(f64([0.5])).item()).toBeCloseTo(0.5 - Math.tanh(0.5), 15);
    expect(F.hardshrink(f64([-0.5, -0.6, 0.5, 0.7])).toArray()).toEqual([0, -0.6, 0, 0.7]);
    expect(F.softshrink(f64([-1, 0.25, 0.75]), 0.5).toArray()).toEqual([-0.5, 0, 0.25]);
    expect(F.threshold(f64([0.5, 1, 2]), 1, -5).toArray()).toEqual([-5, -5, 2]);
    for (const fn of [F.softsign, F.tanhshrink]) expect(gradgradcheck(fn, [leaf(smooth)])).toBe(true);
  });

  it('softmin is softmax of −x; glu is a·σ(b) of the halves', () => {
    const x = f64([1, 2, 3]);
    expect(F.softmin(x, 0).toArray()).toEqual(F.softmax(x.neg(), 0).toArray());
    const y = F.glu(f64([1, 2, 0, Math.log(3)]), 0).toArray() as number[];
    expect(y[0]).toBeCloseTo(0.5, 15);
    expect(y[1]).toBeCloseTo(2 * 0.75, 15);
    expect(gradgradcheck((t) => F.glu(t, -1), [leaf([0.3, -1.2, 0.8, 2.1])])).toBe(true);
  });

  it('prelu: one slope or one per channel; gradients reach the weight', () => {
    const x = f64([-1, 2, -3, 4]).reshape([1, 2, 2]);
    expect(F.prelu(x, f64([0.5, 0.1])).toArray()).toEqual([
      [
        [-0.5, 2],
        [-0.30000000000000004, 4],
      ],
    ]);
    const w = leaf([0.25, 0.5]);
    expect(
      gradcheck((a, b) => F.prelu(a, b), [leaf([-1, 2, -3, 4]).reshape([2, 2]).detach().requiresGrad_(true), w]),
    ).toBe(true);
  });

  it('NaN, +∞ and −0 as PyTorch 1.13 (F.threshold(nan) is nan; elu/selu/celu(−0) are +0; prelu ∂/∂w with x = +∞)', () => {
    expect(F.threshold(f64([Number.NaN, 0.5, 2]), 1, -7).toArray()).toEqual([Number.NaN, -7, 2]);
    for (const y of [F.elu(f64([-0])), F.selu(f64([-0])), F.celu(f64([-0]), 2)])
      expect(Object.is(y.item(), 0)).toBe(true);
    // torch: F.prelu(tensor([inf, -2.]), w).sum().backward() gives w.grad = [-2.] (not NaN from ∞·0).
    const w = leaf([0.25]);
    const [gw] = grad(F.prelu(f64([Infinity, -2]), w).sum(), [w]);
    expect(gw.toArray()).toEqual([-2]);
  });

  it('float32 inputs give float32 outputs', () => {
    const x = tensor([-1, 0.5, 4]);
    for (const fn of [F.elu, F.selu, F.hardswish, F.hardsigmoid, F.mish, F.softsign, F.relu6])
      expect(fn(x).dtype).toBe('float32');
  });
});

describe('activation modules', () => {
  it('forward is the functional form with the module settings', () => {
    const x = f64([-3, -0.5, 0, 0.5, 3]);
    expect(new nn.ELU(0.3).forward(x).toArray()).toEqual(F.elu(x, 0.3).toArray());
    expect(new nn.Hardtanh(-0.5, 2).forward(x).toArray()).toEqual(F.hardtanh(x, -0.5, 2).toArray());
    expect(new nn.Softshrink(0.4).forward(x).toArray()).toEqual(F.softshrink(x, 0.4).toArray());
    expect(new nn.Threshold(0.1, 9).forward(x).toArray()).toEqual([9, 9, 9, 0.5, 3]);
  });

  it('PReLU: a learnable weight of numParameters slopes (state dict key "weight"), trained by backward', () => {
    const m = new nn.PReLU(2, 0.25, { dtype: 'float64' });
    expect(m.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([['weight', [2]]]);
    expect(Object.keys(m.stateDict())).toEqual(['weight']);
    const x = f64([-2, 1, -4, 3]).reshape([2, 2]);
    m.forward(x).sum().backward();
    expect(m.weight.grad?.toArray()).toEqual([-2 + -4, 0]); // channel 0 holds −2 and −4, channel 1 is positive
  });
});
