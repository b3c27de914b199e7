/**
 * defineFunction: user ops with their own backward (torch.autograd.Function). A correct op passes gradcheck and
 * gradgradcheck (its backward is recorded and differentiated), a wrong one is caught with the documented message,
 * and a backward returning the wrong number of gradients is an AutogradError.
 */
import type { Tensor } from '@tapegrad/core';
import { AutogradError, DtypeError, GradcheckError, TapegradError, tensor, zeros } from '@tapegrad/core';
import { unaryFunction } from '@tapegrad/testing/functions';
import { components, f64, maxAbsDiff, sample } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { defineFunction, type FunctionContext, grad, gradcheck, gradgradcheck } from './index';

const one = (t: Tensor | Tensor[]): Tensor => (Array.isArray(t) ? t[0] : t);

const cube = defineFunction({
  name: 'cube',
  forward(ctx, x: Tensor) {
    ctx.saveForBackward(x);
    return x.mul(x).mul(x);
  },
  backward(ctx, g) {
    const [x] = ctx.saved;
    // g·conj(f′(x)): the conj makes the rule right for complex inputs too (docs/semantics.md §3.1).
    return [g.mul(x.square().conj()).mul(3)];
  },
});

/** x·x with a deliberately wrong backward (3·g·x instead of 2·g·x). */
const badSquare = unaryFunction(
  'badSquare',
  (x) => x.mul(x),
  (x, g) => g.mul(x).mul(3),
);

describe('defineFunction', () => {
  it('records one node named after the function; the forward itself is not recorded', () => {
    const x = f64([1, 2], [2], true);
    const y = one(cube(x));
    expect(y.gradFn?.name).toBe('cube');
    expect(y.gradFn?.nextFunctions.length).toBe(1);
    expect(y.gradFn?.nextFunctions[0][0]).toBeNull(); // x is a leaf
    expect(components(y)).toEqual([1, 8]);
    y.sum().backward();
    expect(components(x.grad!)).toEqual([3, 12]);
  });

  it('a correct custom op passes gradcheck and gradgradcheck (its backward is differentiable)', () => {
    const x = sample([2, 3], { seed: 3, requiresGrad: true });
    expect(gradcheck((t) => one(cube(t)), [x])).toBe(true);
    expect(gradgradcheck((t) => one(cube(t)), [x])).toBe(true);
    const z = sample([3], { seed: 4, complex: true, requiresGrad: true });
    expect(gradcheck((t) => one(cube(t)), [z])).toBe(true);
    expect(gradgradcheck((t) => one(cube(t)), [z])).toBe(true);
  });

  it('a holomorphic rule without the conjugate is caught on complex inputs', () => {
    const noConj = unaryFunction(
      'noConj',
      (x) => x.mul(x).mul(x),
      (x, g) => g.mul(x.square()).mul(3),
    );
    const real = sample([3], { seed: 6, requiresGrad: true });
    expect(gradcheck((t) => one(noConj(t)), [real])).toBe(true);
    const z = sample([3], { seed: 7, complex: true, requiresGrad: true });
    expect(() => gradcheck((t) => one(noConj(t)), [z])).toThrow(
      /^While considering the imaginary part of complex outputs only, Jacobian mismatch for output 0 with respect to input 0,\nnumerical:tensor\(\[\n/,
    );
  });

  it('third derivative through a custom op', () => {
    const x = f64([0.7, -1.3], [2], true);
    const [g1] = grad(one(cube(x)).sum(), x, { createGraph: true });
    const [g2] = grad(g1!.sum(), x, { createGraph: true });
    const [g3] = grad(g2!.sum(), x);
    expect(maxAbsDiff(g1!, [3 * 0.49, 3 * 1.69])).toBeLessThan(1e-12);
    expect(maxAbsDiff(g2!, [6 * 0.7, -6 * 1.3])).toBeLessThan(1e-12);
    expect(components(g3!)).toEqual([6, 6]);
  });

  it('the wrong badSquare is caught by gradcheck with the documented message', () => {
    const x = sample([3], { seed: 5, requiresGrad: true });
    const f = (t: Tensor) => one(badSquare(t));
    expect(gradcheck(f, [x], { raiseException: false })).toBe(false);
    let err: unknown = null;
    try {
      gradcheck(f, [x]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GradcheckError);
    expect(err).toBeInstanceOf(TapegradError);
    const message = (err as Error).message;
    expect((err as Error).name).toBe('GradcheckError');
    expect(message).toMatch(/^Jacobian mismatch for output 0 with respect to input 0,\nnumerical:/);
    expect(message).toContain('\nanalytical:');
    // The Jacobians are printed with rows = input elements and columns = output elements (diagonal here).
    const xs = components(x);
    expect(message).toContain(`[${(2 * xs[0]).toPrecision(6)}, 0., 0.]`);
    expect(message).toContain(`[${(3 * xs[0]).toPrecision(6)}, 0., 0.]`);
  });

  it('a backward returning the wrong number of gradients is an AutogradError', () => {
    const twoGrads = defineFunction({
      name: 'twoGrads',
      forward: (_ctx, x: Tensor) => x.mul(2),
      backward: (_ctx, g) => [g.mul(2), g],
    });
    const x = f64([1, 2], [2], true);
    expect(() => one(twoGrads(x)).sum().backward()).toThrow(AutogradError);
    const y = one(twoGrads(f64([1], [1], true))).sum();
    expect(() => y.backward()).toThrow(
      /twoGrads: backward returned an incorrect number of gradients \(expected 1, got 2\)/,
    );
  });

  it('a backward returning a gradient of the wrong shape or a non-tensor is an AutogradError', () => {
    const wrongShape = defineFunction({
      name: 'wrongShape',
      forward: (_ctx, x: Tensor) => x.mul(2),
      backward: (_ctx, g) => [g.sum(0).reshape([1, 1, 1])],
    });
    expect(() =>
      one(wrongShape(f64([1, 2, 3], [3], true)))
        .sum()
        .backward(),
    ).toThrow(AutogradError);
    const notTensor = defineFunction({
      name: 'notTensor',
      forward: (_ctx, x: Tensor) => x.mul(2),
      backward: () => [2 as unknown as Tensor],
    });
    expect(() =>
      one(notTensor(f64([1], [1], true)))
        .sum()
        .backward(),
    ).toThrow(/non-tensor gradient/);
    expect(() => defineFunction({ name: 'x' } as never)).toThrow(DtypeError);
  });

  it('several inputs and outputs, non-tensor arguments, needsInputGrad and ctx fields', () => {
    const seen: boolean[][] = [];
    const scaledSinCos = defineFunction({
      name: 'scaledSinCos',
      forward(ctx: FunctionContext, x: Tensor, k: number, w: Tensor) {
        ctx.saveForBackward(x, w);
        ctx.k = k;
        seen.push([...ctx.needsInputGrad]);
        return [x.sin().mul(k).mul(w), x.cos().mul(w)];
      },
      backward(ctx, gs, gc) {
        const [x, w] = ctx.saved;
        const k = ctx.k as number;
        const gx = gs.mul(x.cos()).mul(k).mul(w).sub(gc.mul(x.sin()).mul(w));
        const gw = gs.mul(x.sin()).mul(k).add(gc.mul(x.cos()));
        return [gx, null, gw];
      },
    });
    const x = sample([3], { seed: 8, requiresGrad: true });
    const w = sample([3], { seed: 9, requiresGrad: true });
    const f = (a: Tensor, b: Tensor) => scaledSinCos(a, 2.5, b) as Tensor[];
    expect(gradcheck(f, [x, w])).toBe(true);
    expect(gradgradcheck(f, [x, w])).toBe(true);
    expect(seen[0]).toEqual([true, false, true]);
    // Only one output used: the other's gradient is materialized as zeros.
    const [s] = f(x, w);
    const [gx] = grad(s.sum(), x);
    const xs = components(x);
    const ws = components(w);
    expect(
      maxAbsDiff(
        gx!,
        xs.map((v, i) => 2.5 * ws[i] * Math.cos(v)),
      ),
    ).toBeLessThan(1e-12);
    // A constant argument gets no gradient.
    const c = sample([3], { seed: 10 });
    const [out] = f(x, c);
    expect(out.requiresGrad).toBe(true);
    expect(one(scaledSinCos(c, 1, c)).requiresGrad).toBe(false);
  });

  it('a forward returning its input unchanged still makes a new tensor owned by the node', () => {
    const identity = defineFunction({
      name: 'identity',
      forward: (_ctx, x: Tensor) => x,
      backward: (_ctx, g) => [g.mul(2)],
    });
    const x = f64([1, 2], [2], true);
    const y = one(identity(x));
    expect(y).not.toBe(x);
    expect(y.gradFn?.name).toBe('identity');
    expect(x.gradFn).toBeNull();
    y.sum().backward();
    expect(components(x.grad!)).toEqual([2, 2]);
  });

  it('integer outputs of a custom op do not require grad', () => {
    const maxWithIndex = defineFunction({
      name: 'maxWithIndex',
      forward(ctx, x: Tensor) {
        const { values, indices } = x.max(0, true);
        ctx.index = indices;
        ctx.shape = x.shape;
        return [values, indices];
      },
      backward(ctx, g) {
        const index = ctx.index as Tensor;
        return [zeros(ctx.shape as number[], { dtype: g.dtype }).scatterAdd(0, index, g)];
      },
    });
    const x = f64([0.5, 2, -1], [3], true);
    const [values, indices] = maxWithIndex(x) as Tensor[];
    expect(values.requiresGrad).toBe(true);
    expect(indices.requiresGrad).toBe(false);
    expect(indices.gradFn).toBeNull();
    values.sum().backward();
    expect(components(x.grad!)).toEqual([0, 1, 0]);
  });

  it('complex inputs follow the convention through a custom op', () => {
    const absSq = unaryFunction(
      'absSq',
      (z) => z.mul(z.conj()).real,
      (z, g) => g.mul(z).mul(2),
    );
    const z = tensor([{ re: 1, im: -2 }], { dtype: 'complex128', requiresGrad: true });
    one(absSq(z)).sum().backward();
    expect(components(z.grad!)).toEqual([2, -4]);
    expect(gradcheck((t) => one(absSq(t)), [sample([3], { seed: 11, complex: true, requiresGrad: true })])).toBe(true);
  });
});
