/**
 * The static types of grad, the functional transforms and defineFunction (checked by `tsc` over the test files:
 * a wrong `sameType` fails the typecheck, not the run), and the runtime facts those types promise.
 */
import type { Tensor } from '@tapegrad/core';
import { tensor } from '@tapegrad/core';
import { sameType } from '@tapegrad/testing/types';
import { describe, expect, it } from 'vitest';
import { defineFunction, grad, gradFn, hessian, jacobian, valueAndGrad, vjp } from './index';

type T64 = Tensor<'float64'>;
const f64 = (data: number[]) => tensor(data, { dtype: 'float64', requiresGrad: true });
const f32 = (data: number[]) => tensor(data, { dtype: 'float32', requiresGrad: true });

describe('autograd.grad types', () => {
  it('without allowUnused every gradient is a Tensor of its input dtype; an unused input throws instead of giving null', () => {
    const x = f64([1, 2]);
    const y = f32([3]);
    const loss = x.mul(x).sum();
    const [gx] = grad(loss, [x], { retainGraph: true });
    sameType<T64>()(gx);
    sameType<[T64]>()(grad(loss, x, { retainGraph: true }));
    const both = () => grad(loss, [x, y], { retainGraph: true, allowUnused: false });
    sameType<() => [T64, Tensor<'float32'>]>()(both);
    const list: Tensor[] = [x];
    sameType<Tensor[]>()(grad(loss, list, { retainGraph: true }));
    expect(gx.toArray()).toEqual([2, 4]);
    expect(both).toThrow(/input 1.*not have been used/);
    sameType<number>()(gx.sum().item());
  });

  it('allowUnused: true types the gradients Tensor | null and returns null for an unused input', () => {
    const x = f64([1, 2]);
    const y = f64([3]);
    const loss = x.sum();
    const grads = grad(loss, [x, y], { allowUnused: true, retainGraph: true });
    sameType<[T64 | null, T64 | null]>()(grads);
    expect(grads[1]).toBeNull();
    const materialized = grad(loss, [x, y], { allowUnused: true, materializeGrads: true, retainGraph: true });
    sameType<[T64, T64]>()(materialized);
    expect(materialized[1].toArray()).toEqual([0]);
    const opts: { allowUnused: boolean } = { allowUnused: true };
    sameType<[T64 | null]>()(grad(loss, [x], opts));
  });
});

describe('functional transforms and defineFunction types', () => {
  const x = f64([1, 2]);
  const y = f64([3]);

  it('jacobian and vjp follow the structure of their inputs; hessian is a Tensor', () => {
    const J = jacobian((a) => a.mul(2), x);
    sameType<T64>()(J);
    expect(J.shape).toEqual([2, 2]);
    const [Jx, Jy] = jacobian((a, b) => a.mul(b), [x, y]);
    sameType<[T64, T64]>()(jacobian((a, b) => a.mul(b), [x, y]));
    expect([Jx.shape, Jy.shape]).toEqual([
      [2, 2],
      [2, 1],
    ]);
    sameType<T64>()(hessian((a) => a.pow(3).sum(), x));
    sameType<[Tensor, T64]>()(vjp((a) => a.sum(), x));
    sameType<[Tensor, [T64, T64]]>()(vjp((a, b) => a.sum().add(b.sum()), [x, y]));
    expect(vjp((a) => a.sum(), x)[1].toArray()).toEqual([1, 1]);
  });

  it('valueAndGrad and gradFn follow argnums', () => {
    const f = (a: Tensor, b: Tensor) => a.mul(b).sum();
    const [value, g] = valueAndGrad(f)(x, x);
    sameType<Tensor>()(value);
    sameType<Tensor>()(g);
    sameType<[Tensor, Tensor]>()(valueAndGrad(f, [0, 1])(x, x)[1]);
    sameType<Tensor>()(gradFn(f, 1)(x, x));
    const [ga, gb] = gradFn(f, [0, 1])(x, x);
    expect([ga.toArray(), gb.toArray()]).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });

  it('defineFunction returns what forward returns', () => {
    const cube = defineFunction({
      name: 'cube',
      forward(ctx, a: T64) {
        ctx.saveForBackward(a);
        return a.pow(3);
      },
      backward(ctx, g) {
        const [a] = ctx.saved;
        return [g.mul(a.square()).mul(3)];
      },
    });
    sameType<(a: T64) => T64>()(cube);
    const split = defineFunction({
      name: 'split2',
      forward: (_ctx, a: Tensor, b: Tensor): [Tensor, Tensor] => [a.clone(), b.clone()],
      backward: (_ctx, ga, gb) => [ga, gb],
    });
    const [p, q] = split(x, y);
    sameType<[Tensor, Tensor]>()(split(x, y));
    expect([p.toArray(), q.toArray(), cube(x).toArray()]).toEqual([[1, 2], [3], [1, 8]]);
  });
});
