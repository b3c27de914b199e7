/**
 * The static types of grad, the functional transforms and defineFunction (checked by `tsc` over the test files:
 * `expectTypeOf` fails the typecheck, not the run), and the runtime facts those types promise.
 */
import type { Tensor } from '@tapegrad/core';
import { tensor } from '@tapegrad/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineFunction, grad, gradFn, hessian, jacobian, valueAndGrad, vjp } from './index';

const f64 = (data: number[]) => tensor(data, { dtype: 'float64', requiresGrad: true });

describe('autograd.grad types', () => {
  it('without allowUnused every gradient is a Tensor; an unused input throws instead of giving null', () => {
    const x = f64([1, 2]);
    const y = f64([3]);
    const loss = x.mul(x).sum();
    const [gx] = grad(loss, [x], { retainGraph: true });
    expectTypeOf(gx).toEqualTypeOf<Tensor>();
    expectTypeOf(grad(loss, x, { retainGraph: true })).toEqualTypeOf<[Tensor]>();
    const both = () => grad(loss, [x, y], { retainGraph: true, allowUnused: false });
    expectTypeOf(both).returns.toEqualTypeOf<[Tensor, Tensor]>();
    const list: Tensor[] = [x];
    expectTypeOf(grad(loss, list, { retainGraph: true })).toEqualTypeOf<Tensor[]>();
    expect(gx.toArray()).toEqual([2, 4]);
    expect(both).toThrow(/input 1.*not have been used/);
  });

  it('allowUnused: true types the gradients Tensor | null and returns null for an unused input', () => {
    const x = f64([1, 2]);
    const y = f64([3]);
    const loss = x.sum();
    const grads = grad(loss, [x, y], { allowUnused: true, retainGraph: true });
    expectTypeOf(grads).toEqualTypeOf<[Tensor | null, Tensor | null]>();
    expect(grads[1]).toBeNull();
    const materialized = grad(loss, [x, y], { allowUnused: true, materializeGrads: true, retainGraph: true });
    expectTypeOf(materialized).toEqualTypeOf<[Tensor, Tensor]>();
    expect(materialized[1].toArray()).toEqual([0]);
    const opts: { allowUnused: boolean } = { allowUnused: true };
    expectTypeOf(grad(loss, [x], opts)).toEqualTypeOf<[Tensor | null]>();
  });
});

describe('functional transforms and defineFunction types', () => {
  const x = f64([1, 2]);
  const y = f64([3]);

  it('jacobian and vjp follow the structure of their inputs; hessian is a Tensor', () => {
    const J = jacobian((a) => a.mul(2), x);
    expectTypeOf(J).toEqualTypeOf<Tensor>();
    expect(J.shape).toEqual([2, 2]);
    const [Jx, Jy] = jacobian((a, b) => a.mul(b), [x, y]);
    expectTypeOf(jacobian((a, b) => a.mul(b), [x, y])).toEqualTypeOf<[Tensor, Tensor]>();
    expect([Jx.shape, Jy.shape]).toEqual([
      [2, 2],
      [2, 1],
    ]);
    expectTypeOf(hessian((a) => a.pow(3).sum(), x)).toEqualTypeOf<Tensor>();
    expectTypeOf(vjp((a) => a.sum(), x)).toEqualTypeOf<[Tensor, Tensor]>();
    expectTypeOf(vjp((a, b) => a.sum().add(b.sum()), [x, y])).toEqualTypeOf<[Tensor, [Tensor, Tensor]]>();
    expect(vjp((a) => a.sum(), x)[1].toArray()).toEqual([1, 1]);
  });

  it('valueAndGrad and gradFn follow argnums', () => {
    const f = (a: Tensor, b: Tensor) => a.mul(b).sum();
    expectTypeOf(valueAndGrad(f)(x, x)).toEqualTypeOf<[Tensor, Tensor]>();
    expectTypeOf(valueAndGrad(f, [0, 1])(x, x)).toEqualTypeOf<[Tensor, [Tensor, Tensor]]>();
    expectTypeOf(gradFn(f, 1)(x, x)).toEqualTypeOf<Tensor>();
    const [ga, gb] = gradFn(f, [0, 1])(x, x);
    expect([ga.toArray(), gb.toArray()]).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });

  it('defineFunction returns what forward returns', () => {
    const cube = defineFunction({
      name: 'cube',
      forward(ctx, a: Tensor) {
        ctx.saveForBackward(a);
        return a.pow(3);
      },
      backward(ctx, g) {
        const [a] = ctx.saved;
        return [g.mul(a.square()).mul(3)];
      },
    });
    expectTypeOf(cube).toEqualTypeOf<(a: Tensor) => Tensor>();
    const split = defineFunction({
      name: 'split2',
      forward: (_ctx, a: Tensor, b: Tensor): [Tensor, Tensor] => [a.clone(), b.clone()],
      backward: (_ctx, ga, gb) => [ga, gb],
    });
    const [p, q] = split(x, y);
    expectTypeOf(split(x, y)).toEqualTypeOf<[Tensor, Tensor]>();
    expect([p.toArray(), q.toArray(), cube(x).toArray()]).toEqual([[1, 2], [3], [1, 8]]);
  });
});
