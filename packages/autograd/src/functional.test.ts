/**
 * Functional helpers (valueAndGrad, gradFn, autograd.functional.jacobian / hessian / vjp / jvp / hvp) and
 * higher-order derivatives: Hessians, Hessian-vector products and third derivatives of composites against closed forms.
 */
import type { Tensor } from '@tapegrad/core';
import { diag, matmul, tensor } from '@tapegrad/core';
import { components, f64, maxAbsDiff, sample } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import * as autograd from './index';
import { functional, grad, gradFn, hessian, hvp, jacobian, jvp, valueAndGrad, vjp } from './index';

const A = f64([1, 2, -1, 0.5, 3, -2, 0.25, 1, 4], [3, 3]);
const asList = (t: Tensor | Tensor[]): Tensor[] => (Array.isArray(t) ? t : [t]);
const asOne = (t: Tensor | Tensor[]): Tensor => (Array.isArray(t) ? t[0] : t);

describe('valueAndGrad / gradFn', () => {
  it('returns the value and the gradient without touching the arguments', () => {
    const x = f64([1, 2]);
    const [value, g] = valueAndGrad((t: Tensor) => t.square().sum())(x);
    expect(components(value)).toEqual([5]);
    expect(value.requiresGrad).toBe(false);
    expect(components(asOne(g))).toEqual([2, 4]);
    expect(x.requiresGrad).toBe(false);
    expect(x.grad).toBeNull();
    const w = f64([3], [1], true);
    valueAndGrad((t: Tensor) => t.square().sum())(w);
    expect(w.grad).toBeNull();
  });

  it('argnums as a number and as an array', () => {
    const f = (a: Tensor, b: Tensor) => a.mul(b.exp()).sum();
    const a = f64([1, 2]);
    const b = f64([0, 1]);
    const gb = gradFn(f, 1)(a, b) as Tensor;
    expect(maxAbsDiff(gb, [1, 2 * Math.E])).toBeLessThan(1e-12);
    const [value, gs] = valueAndGrad(f, [0, 1])(a, b);
    expect(Math.abs(components(value)[0] - (1 + 2 * Math.E))).toBeLessThan(1e-12);
    const [ga, gb2] = gs as Tensor[];
    expect(maxAbsDiff(ga, [1, Math.E])).toBeLessThan(1e-12);
    expect(maxAbsDiff(gb2, gb)).toBe(0);
    expect(() => gradFn(f, 2)(a, b)).toThrow(/argument 2 is not a Tensor/);
    expect(() => gradFn((t: Tensor) => t.mul(2))(a)).toThrow(/scalar outputs/);
  });

  it('nests: gradFn(gradFn(f)) and gradFn³ give second and third derivatives', () => {
    const f = (x: Tensor) => x.sin().mul(x.square()); // x² sin x
    const d1 = gradFn(f);
    const d2 = gradFn((x: Tensor) => asOne(d1(x)));
    const d3 = gradFn((x: Tensor) => asOne(d2(x)));
    const x0 = 0.7;
    const x = tensor(x0, { dtype: 'float64' });
    const s = Math.sin(x0);
    const c = Math.cos(x0);
    expect(Math.abs(components(asOne(d1(x)))[0] - (2 * x0 * s + x0 * x0 * c))).toBeLessThan(1e-12);
    expect(Math.abs(components(asOne(d2(x)))[0] - (2 * s + 4 * x0 * c - x0 * x0 * s))).toBeLessThan(1e-12);
    expect(Math.abs(components(asOne(d3(x)))[0] - (6 * c - 6 * x0 * s - x0 * x0 * c))).toBeLessThan(1e-12);
    expect(asOne(d3(x)).requiresGrad).toBe(false);
  });

  it('stays differentiable when called inside an outer computation that requires grad', () => {
    const w = f64([0.5, -1.5], [2], true);
    const [value, g] = valueAndGrad((t: Tensor) => t.pow(3).sum())(w);
    expect(value.requiresGrad).toBe(true);
    const [gw] = grad(asOne(g).sum(), w); // d/dw Σ 3w² = 6w
    expect(components(gw!)).toEqual([3, -9]);
  });

  it('a function that does not depend on its argument has a zero gradient', () => {
    const x = f64([1, 2]);
    expect(components(asOne(gradFn((_t: Tensor) => f64([3], []))(x)))).toEqual([0, 0]);
    expect(components(asOne(gradFn((t: Tensor) => t.sum().mul(0).add(1))(x)))).toEqual([0, 0]);
  });
});

describe('autograd.functional', () => {
  it('is exposed as a namespace with the torch.autograd.functional names', () => {
    expect(functional.jacobian).toBe(jacobian);
    expect(functional.hessian).toBe(hessian);
    expect(functional.vjp).toBe(vjp);
    expect(functional.jvp).toBe(jvp);
    expect(functional.hvp).toBe(hvp);
    expect(autograd.functional.hvp).toBe(hvp);
  });

  it('jacobian has shape [...out, ...in] and the right values', () => {
    const x = sample([2, 3], { seed: 1 });
    const W = sample([4, 6], { seed: 2 });
    const J = asOne(jacobian((t) => matmul(W, t.reshape([6])), x));
    expect(J.shape).toEqual([4, 2, 3]);
    expect(maxAbsDiff(J, components(W))).toBe(0);
    // Elementwise: the Jacobian of sin is diag(cos x) laid out as [2, 3, 2, 3].
    const Js = asOne(jacobian((t) => t.sin(), x));
    expect(Js.shape).toEqual([2, 3, 2, 3]);
    const cos = components(x).map(Math.cos);
    const expected = new Array<number>(36).fill(0);
    for (let i = 0; i < 6; i++) expected[i * 6 + i] = cos[i];
    expect(maxAbsDiff(Js, expected)).toBeLessThan(1e-15);
    // Scalar output: the shape of the input.
    expect(asOne(jacobian((t) => t.sum(), x)).shape).toEqual([2, 3]);
    // Several inputs: one Jacobian each.
    const [Ja, Jb] = asList(jacobian((a, b) => a.mul(b), [f64([1, 2]), f64([3, 4])]));
    expect(components(Ja)).toEqual([3, 0, 0, 4]);
    expect(components(Jb)).toEqual([1, 0, 0, 2]);
    // Empty output and an output that does not depend on the input.
    expect(asOne(jacobian((t) => t.slice(0, 0, 0), f64([1, 2]))).shape).toEqual([0, 2]);
    expect(components(asOne(jacobian((_t) => f64([1, 2]), f64([1, 2, 3]))))).toEqual(new Array(6).fill(0));
  });

  it('hessian of Σ xᵢ³ is diag(6x); of xᵀAx it is A + Aᵀ; of a linear function 0', () => {
    const x = f64([0.5, -1, 2]);
    const H = asOne(hessian((t) => t.pow(3).sum(), x));
    expect(H.shape).toEqual([3, 3]);
    expect(maxAbsDiff(H, diag(x.mul(6)))).toBeLessThan(1e-12);
    const Hq = asOne(hessian((t) => t.dot(matmul(A, t)), x));
    expect(maxAbsDiff(Hq, A.add(A.T))).toBeLessThan(1e-12);
    expect(components(asOne(hessian((t) => t.mul(3).sum(), x)))).toEqual(new Array(9).fill(0));
    expect(() => hessian((t) => t.sum(), [x, x] as unknown as Tensor)).toThrow(/single input/); // a JS caller's mistake
  });

  it('hessian of logsumexp is diag(p) − ppᵀ (softmax saves its output)', () => {
    const x = f64([0.3, -1.2, 0.8]);
    const H = asOne(hessian((t) => t.logsumexp(0), x));
    const e = components(x).map(Math.exp);
    const z = e.reduce((a, b) => a + b, 0);
    const p = e.map((v) => v / z);
    const expected: number[] = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expected.push((i === j ? p[i] : 0) - p[i] * p[j]);
    expect(maxAbsDiff(H, expected)).toBeLessThan(1e-12);
  });

  it('hvp matches hessian·v; jvp matches jacobian·v; vjp matches vᵀ·jacobian', () => {
    const f = (t: Tensor) => t.tanh().mul(t.exp()).sum().add(t.prod().square());
    // [value, product] of hvp/jvp against the function's value and the full matrix times v.
    const agrees = ([value, product]: readonly [Tensor, Tensor], fx: Tensor, matrixTimesV: Tensor) => {
      expect(maxAbsDiff(value, fx)).toBeLessThan(1e-14);
      expect(maxAbsDiff(product, matrixTimesV)).toBeLessThan(1e-12);
    };
    const x = sample([4], { seed: 3 });
    const v = sample([4], { seed: 4 });
    agrees(hvp(f, x, v), f(x), matmul(asOne(hessian(f, x)), v));

    const g = (t: Tensor) => matmul(A, t.sin()).mul(t.sum());
    const y = sample([3], { seed: 5 });
    const u = sample([3], { seed: 6 });
    const J = asOne(jacobian(g, y));
    agrees(jvp(g, y, u), g(y), matmul(J, u));
    const [, vJ] = vjp(g, y, u);
    expect(maxAbsDiff(asOne(vJ), matmul(u, J))).toBeLessThan(1e-12);
    // Scalar outputs need no v; several inputs give one product each.
    const [, gs] = vjp((t) => t.square().sum(), f64([1, 2]));
    expect(components(asOne(gs))).toEqual([2, 4]);
    const [, both] = vjp((a, b) => a.mul(b), [f64([1, 2]), f64([3, 4])], f64([1, -1]));
    expect(asList(both).map(components)).toEqual([
      [3, -4],
      [1, -2],
    ]);
    const [, jv2] = jvp((a, b) => a.mul(b), [f64([1, 2]), f64([3, 4])], [f64([1, 0]), f64([0, 1])]);
    expect(components(jv2)).toEqual([3, 2]);
    expect(() => jvp((a, b) => a.mul(b), [f64([1]), f64([2])], f64([1]))).toThrow(/tangent/);
  });

  it('hvp of a linear function is 0; createGraph keeps the results differentiable', () => {
    const x = f64([1, 2]);
    expect(components(hvp((t) => t.mul(2).sum(), x, f64([1, 1]))[1])).toEqual([0, 0]);
    const w = f64([0.5, -0.25], [2], true);
    const [, Hv] = hvp((t) => t.pow(4).sum(), w, f64([1, 1]), { createGraph: true });
    expect(maxAbsDiff(Hv, [12 * 0.25, 12 * 0.0625])).toBeLessThan(1e-12);
    const [d] = grad(Hv.sum(), w); // d/dw 12w² = 24w
    expect(maxAbsDiff(d!, [12, -6])).toBeLessThan(1e-12);
    const [, Jv] = jvp((t) => t.square(), w, f64([1, 1]), { createGraph: true });
    expect(Jv.requiresGrad).toBe(true);
  });

  it('Hessian-vector products of composites match closed forms', () => {
    const x = f64([0.4, -0.9, 1.3]);
    const v = f64([1, -2, 0.5]);
    const xs = components(x);
    const vs = components(v);
    // Σ sigmoid(x): H = diag(σ(1−σ)(1−2σ))
    const sig = xs.map((t) => 1 / (1 + Math.exp(-t)));
    const [, Hv1] = hvp((t) => t.sigmoid().sum(), x, v);
    expect(
      maxAbsDiff(
        Hv1,
        sig.map((s, i) => s * (1 - s) * (1 - 2 * s) * vs[i]),
      ),
    ).toBeLessThan(1e-12);
    // logsumexp: Hv = p∘v − p(pᵀv)
    const e = xs.map(Math.exp);
    const z = e.reduce((a, b) => a + b, 0);
    const p = e.map((t) => t / z);
    const pv = p.reduce((acc, pi, i) => acc + pi * vs[i], 0);
    const [, Hv2] = hvp((t) => t.logsumexp(0), x, v);
    expect(
      maxAbsDiff(
        Hv2,
        p.map((pi, i) => pi * vs[i] - pi * pv),
      ),
    ).toBeLessThan(1e-12);
    // ½‖x‖² · Σx: H = (Σx)·I + x1ᵀ + 1xᵀ
    const sx = xs.reduce((a, b) => a + b, 0);
    const sv = vs.reduce((a, b) => a + b, 0);
    const xv = xs.reduce((acc, xi, i) => acc + xi * vs[i], 0);
    const [, Hv3] = hvp((t) => t.square().sum().mul(0.5).mul(t.sum()), x, v);
    expect(
      maxAbsDiff(
        Hv3,
        xs.map((xi, i) => sx * vs[i] + xi * sv + xv),
      ),
    ).toBeLessThan(1e-12);
    // max(x)²: H = 2·e_k e_kᵀ at the argmax k (max saves its output)
    const [, Hv4] = hvp((t) => t.max().square(), x, v);
    expect(components(Hv4)).toEqual([0, 0, 2 * vs[2]]);
    // Σ softmax(x)ᵢ·cᵢ with c constant: the gradient is q = p∘(c − pᵀc); Hv is checked against central differences
    // of that closed-form gradient along v.
    const c = [1, -1, 2];
    const [, Hv5] = hvp((t) => t.softmax(0).mul(f64(c)).sum(), x, v);
    const gradAt = (t: number[]): number[] => {
      const ee = t.map(Math.exp);
      const zz = ee.reduce((a, b) => a + b, 0);
      const pp = ee.map((u) => u / zz);
      const ppc = pp.reduce((acc, pi, i) => acc + pi * c[i], 0);
      return pp.map((pi, i) => pi * (c[i] - ppc));
    };
    const h = 1e-6;
    const fd = gradAt(xs.map((t, i) => t + h * vs[i])).map(
      (gp, i) => (gp - gradAt(xs.map((t, k) => t - h * vs[k]))[i]) / (2 * h),
    );
    expect(maxAbsDiff(Hv5, fd)).toBeLessThan(1e-8);
  });

  it('third derivatives of composites via nested grad with createGraph match closed forms', () => {
    const third = (f: (t: Tensor) => Tensor, x0: number): number => {
      const x = f64([x0], [1], true);
      const [g1] = grad(f(x).sum(), x, { createGraph: true });
      const [g2] = grad(g1!.sum(), x, { createGraph: true });
      const [g3] = grad(g2!.sum(), x);
      return components(g3!)[0];
    };
    const x0 = 0.6;
    const t = Math.tanh(x0);
    const s = 1 / (1 + Math.exp(-x0));
    const cases: [string, (x: Tensor) => Tensor, number][] = [
      ['sin', (x) => x.sin(), -Math.cos(x0)],
      ['exp(2x)', (x) => x.mul(2).exp(), 8 * Math.exp(2 * x0)],
      ['x⁴', (x) => x.pow(4), 24 * x0],
      ['x·x·x·x', (x) => x.mul(x).mul(x).mul(x), 24 * x0],
      ['tanh', (x) => x.tanh(), (1 - t * t) * (6 * t * t - 2)],
      ['sigmoid', (x) => x.sigmoid(), s * (1 - s) * (1 - 6 * s + 6 * s * s)],
      ['x·eˣ', (x) => x.mul(x.exp()), (x0 + 3) * Math.exp(x0)],
      ['log(1 + x²)', (x) => x.square().log1p(), (4 * x0 * (x0 * x0 - 3)) / (1 + x0 * x0) ** 3],
      ['sqrt', (x) => x.sqrt(), (3 / 8) * x0 ** -2.5],
      ['1/x', (x) => x.reciprocal(), -6 / x0 ** 4],
      ['softplus', (x) => x.softplus(), s * (1 - s) * (1 - 2 * s)],
    ];
    for (const [name, f, expected] of cases) expect(Math.abs(third(f, x0) - expected), name).toBeLessThan(1e-10);
  });

  it('gradients of any order: the 5th derivative of exp(3x) and of sin', () => {
    let x = f64([0.2], [1], true);
    const root = x;
    let y: Tensor = x.mul(3).exp().sum();
    let z: Tensor = root.sin().sum();
    for (let k = 0; k < 5; k++) {
      [x] = grad(y, root, { createGraph: true });
      y = x.sum();
      const [dz] = grad(z, root, { createGraph: true });
      z = dz.sum();
    }
    expect(Math.abs(components(y)[0] - 243 * Math.exp(0.6))).toBeLessThan(1e-9);
    expect(Math.abs(components(z)[0] - Math.cos(0.2))).toBeLessThan(1e-12);
  });
});
