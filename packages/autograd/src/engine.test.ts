/**
 * The engine: define-by-run tape, backward() and autograd.grad() (accumulation, retainGraph, freed graphs, pruning,
 * unused inputs, non-leaf inputs, several roots, seeding checks), hooks, retainGrad, grad mode, requiresGrad_,
 * detach, broadcasting and dtype restoration of gradients, a 100 000-op chain and determinism.
 */
import type { Tensor } from '@tapegrad/core';
import {
  AutogradError,
  add,
  DtypeError,
  enableGrad,
  isGradEnabled,
  mul,
  noGrad,
  ones,
  ShapeError,
  sum,
  TapegradError,
  tensor,
  zeros,
} from '@tapegrad/core';
import { thrown } from '@tapegrad/testing/errors';
import { components, f64, maxAbsDiff, sample } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { defineFunction, grad } from './index';

const asTensor = (t: Tensor | Tensor[]): Tensor => (Array.isArray(t) ? t[0] : t);

describe('leaf gradients', () => {
  it('backward() fills .grad of the leaves with the gradient', () => {
    const x = f64([1, -2, 3], [3], true);
    x.mul(x).sum().backward();
    expect(components(x.grad!)).toEqual([2, -4, 6]);
    expect(x.grad!.requiresGrad).toBe(false);
    expect(x.grad!.gradFn).toBeNull();
  });

  it('accumulates into .grad across two backward calls (new graphs and a retained one)', () => {
    const x = f64([1, -2, 3], [3], true);
    x.mul(x).sum().backward();
    x.mul(3).sum().backward();
    expect(components(x.grad!)).toEqual([5, -1, 9]);
    const y = x.exp().sum();
    y.backward(undefined, { retainGraph: true });
    y.backward();
    const e = [1, -2, 3].map(Math.exp);
    expect(maxAbsDiff(x.grad!, [5 + 2 * e[0], -1 + 2 * e[1], 9 + 2 * e[2]])).toBeLessThan(1e-12);
  });

  it('a leaf used several times gets the sum of the contributions', () => {
    const x = f64([2], [1], true);
    const y = x.mul(x).add(x.mul(3)).add(x.exp().mul(x)).sum();
    y.backward();
    // d/dx (x² + 3x + x·eˣ) = 2x + 3 + eˣ(1 + x)
    expect(Math.abs(components(x.grad!)[0] - (4 + 3 + Math.exp(2) * 3))).toBeLessThan(1e-12);
  });

  it('non-scalar backward takes an explicit gradient', () => {
    const x = f64([1, 2, 3, 4], [2, 2], true);
    x.mul(x).backward(f64([1, 0, 0.5, -1], [2, 2]));
    expect(components(x.grad!)).toEqual([2, 0, 3, -8]);
  });

  it('.grad is a dense tensor of its own (not a broadcast view, not shared with another gradient)', () => {
    const a = f64([1, 2, 3, 4, 5, 6], [2, 3], true);
    const b = f64([1, 2, 3, 4, 5, 6], [2, 3], true);
    a.add(b).sum().backward(); // sum's gradient is a stride-0 expand; add passes the same tensor to both inputs
    expect(a.grad!.strides).toEqual([3, 1]);
    expect(a.grad!.offset).toBe(0);
    expect(a.grad!.storage.length).toBe(6);
    expect(a.grad!.storage).not.toBe(b.grad!.storage);
    const v = f64([1, 2, 3, 4, 5, 6], [2, 3]);
    const c = f64([0, 0, 0, 0, 0, 0], [2, 3], true);
    c.mul(1).backward(v);
    expect(c.grad!.storage).not.toBe(v.storage);
    const h = a.mul(2).retainGrad();
    h.sum().backward();
    expect(h.grad!.strides).toEqual([3, 1]);
    expect(h.grad!.storage.length).toBe(6);
  });

  it('un-broadcasts gradients to the input shapes (leading dims, size-1 dims, 0-d)', () => {
    const a = f64([1, 2, 3], [3], true);
    const b = f64([10, 20], [2, 1], true);
    const s = f64([2], [], true);
    const y = a.add(b).mul(s); // [2, 3]
    y.sum().backward();
    expect(a.grad!.shape).toEqual([3]);
    expect(components(a.grad!)).toEqual([4, 4, 4]);
    expect(b.grad!.shape).toEqual([2, 1]);
    expect(components(b.grad!)).toEqual([6, 6]);
    expect(s.grad!.shape).toEqual([]);
    expect(components(s.grad!)).toEqual([2 * 6 + 3 * 30]);
  });

  it('restores the dtype of the leaf (float32 leaf in a float64 computation, real leaf of a complex one)', () => {
    const x32 = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const y = x32
      .to('float64')
      .mul(f64([3, 4]))
      .sum();
    y.backward();
    expect(x32.grad!.dtype).toBe('float32');
    expect(components(x32.grad!)).toEqual([3, 4]);
    const r = f64([1, 2], [2], true);
    const c = tensor(
      [
        { re: 1, im: 2 },
        { re: 0, im: -1 },
      ],
      { dtype: 'complex128' },
    );
    // L = Re Σ (r·c) = Σ r·Re(c): dL/dr = Re(c)
    r.mul(c).real.sum().backward();
    expect(r.grad!.dtype).toBe('float64');
    expect(components(r.grad!)).toEqual([1, 0]);
  });

  it('gradients of a non-contiguous leaf have its shape and are laid out logically', () => {
    const base = f64([1, 2, 3, 4, 5, 6], [2, 3]);
    const x = base.T.detach().requiresGrad_(); // [3, 2], non-contiguous
    x.mul(f64([1, 2, 3, 4, 5, 6], [3, 2]))
      .sum()
      .backward();
    expect(x.grad!.shape).toEqual([3, 2]);
    expect(components(x.grad!)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('retainGraph and freed graphs', () => {
  it('a second backward through a freed graph throws AutogradError', () => {
    const x = f64([1, 2], [2], true);
    const y = x.exp().mul(2).sum();
    y.backward();
    expect(() => y.backward()).toThrow(AutogradError);
    expect(() => y.backward()).toThrow(/second time/);
    expect(() => grad(y, x)).toThrow(AutogradError);
  });

  it('retainGraph: true allows another backward; then the graph is freed', () => {
    const x = f64([1, 2], [2], true);
    const y = x.sin().sum();
    y.backward(undefined, { retainGraph: true });
    y.backward(undefined, { retainGraph: true });
    y.backward();
    expect(maxAbsDiff(x.grad!, [3 * Math.cos(1), 3 * Math.cos(2)])).toBeLessThan(1e-12);
    expect(() => y.backward()).toThrow(AutogradError);
  });

  it('a new graph built on a freed intermediate cannot reach through it', () => {
    const x = f64([1, 2], [2], true);
    const h = x.tanh();
    h.sum().backward();
    const z = h.mul(3).sum();
    expect(() => z.backward()).toThrow(AutogradError);
  });

  it('grad() frees the graph unless retainGraph (or createGraph) is set', () => {
    const x = f64([1, 2], [2], true);
    const y = x.square().sum();
    grad(y, x, { retainGraph: true });
    grad(y, x);
    expect(() => grad(y, x)).toThrow(AutogradError);
    const y2 = x.square().sum();
    grad(y2, x, { createGraph: true });
    expect(components(grad(y2, x)[0]!)).toEqual([2, 4]);
  });
});

describe('autograd.grad', () => {
  it('returns gradients without touching .grad', () => {
    const x = f64([1, 2, 3], [3], true);
    const [g] = grad(x.square().sum(), x);
    expect(components(g!)).toEqual([2, 4, 6]);
    expect(x.grad).toBeNull();
  });

  it('prunes the walk to what the requested inputs need: an unrelated branch is not executed', () => {
    let calls = 0;
    const boom = defineFunction({
      name: 'boom',
      forward: (_ctx, t: Tensor) => t.mul(1),
      backward: () => {
        calls++;
        throw new Error('boom: this backward must not run');
      },
    });
    const x = f64([1, 2], [2], true);
    const w = f64([3, 4], [2], true);
    const y = x
      .mul(2)
      .sum()
      .add(asTensor(boom(w)).sum());
    const [gx] = grad(y, x, { retainGraph: true });
    expect(components(gx!)).toEqual([2, 2]);
    expect(calls).toBe(0);
    expect(w.grad).toBeNull();
    expect(() => grad(y, w)).toThrow(/must not run/);
    expect(calls).toBe(1);
  });

  it('does not execute the subgraph below a requested non-leaf input', () => {
    let calls = 0;
    const spy = defineFunction({
      name: 'spy',
      forward: (_ctx, t: Tensor) => t.mul(2),
      backward: (_ctx, g: Tensor) => {
        calls++;
        return [g.mul(2)];
      },
    });
    const x = f64([1, 2], [2], true);
    const h = asTensor(spy(x));
    const y = h.square().sum();
    const [gh] = grad(y, h);
    expect(components(gh!)).toEqual([4, 8]);
    expect(calls).toBe(0);
  });

  it('allowUnused and materializeGrads', () => {
    const x = f64([1, 2], [2], true);
    const unused = f64([5], [1], true);
    const y = x.square().sum();
    expect(() => grad(y, [x, unused], { retainGraph: true })).toThrow(AutogradError);
    expect(() => grad(y, [x, unused], { retainGraph: true })).toThrow(/not have been used/);
    const [gx, gu] = grad(y, [x, unused], { allowUnused: true, retainGraph: true });
    expect(components(gx!)).toEqual([2, 4]);
    expect(gu).toBeNull();
    const [, gz] = grad(y, [x, unused], { materializeGrads: true });
    expect(gz!.shape).toEqual([1]);
    expect(components(gz!)).toEqual([0]);
  });

  it('non-leaf inputs: the gradient with respect to an intermediate tensor', () => {
    const x = f64([1, 2], [2], true);
    const h = x.mul(3);
    const y = h.square().sum();
    const [gh, gx] = grad(y, [h, x]);
    expect(components(gh!)).toEqual([6, 12]);
    expect(components(gx!)).toEqual([18, 36]);
    // The same input twice gets the full gradient in both places.
    const [g1, g2] = grad(x.square().sum(), [x, x]);
    expect(components(g1!)).toEqual([2, 4]);
    expect(components(g2!)).toEqual([2, 4]);
    // An output with respect to itself is the seed.
    const z = x.exp();
    const [gz] = grad(z, z, { gradOutputs: f64([2, 3]) });
    expect(components(gz!)).toEqual([2, 3]);
  });

  it('several roots with gradOutputs (including a root that feeds another)', () => {
    const x = f64([1, 2], [2], true);
    const y1 = x.mul(x); // [2]
    const y2 = y1.mul(3).sum(); // depends on y1
    const v1 = f64([1, -1]);
    const [g] = grad([y1, y2], [x], { gradOutputs: [v1, f64([2], [])] });
    // J1ᵀv1 = 2x·v1; d(3Σx²)·2 = 12x
    expect(components(g!)).toEqual([2 * 1 * 1 + 12 * 1, 2 * 2 * -1 + 12 * 2]);
    const a = f64([0.5], [1], true);
    const [ga] = grad([a.sin().sum(), a.cos().sum()], a, { gradOutputs: [null, null] });
    expect(Math.abs(components(ga!)[0] - (Math.cos(0.5) - Math.sin(0.5)))).toBeLessThan(1e-15);
  });

  it('implicit gradients only for real scalar outputs', () => {
    const x = f64([1, 2], [2], true);
    expect(() => x.mul(2).backward()).toThrow(AutogradError);
    expect(() => x.mul(2).backward()).toThrow(/implicitly created only for scalar outputs/);
    expect(() => grad(x.mul(2), x)).toThrow(/implicitly created only for scalar outputs/);
    const z = x.to('complex128').sum();
    expect(() => z.backward()).toThrow(/real scalar outputs/);
    // A one-element (not 0-d) output is fine.
    const [g] = grad(x.sum().reshape([1, 1]), x);
    expect(components(g!)).toEqual([1, 1]);
  });

  it('gradOutputs must match the shape of the outputs', () => {
    const x = f64([1, 2, 3, 4, 5, 6], [6], true);
    const y = x.reshape([2, 3]).exp();
    expect(() => grad(y, x, { gradOutputs: ones([3], { dtype: 'float64' }), retainGraph: true })).toThrow(ShapeError);
    expect(() => grad(y, x, { gradOutputs: ones([3, 2], { dtype: 'float64' }), retainGraph: true })).toThrow(
      /mismatch in shape/,
    );
    expect(() => y.backward(ones([6], { dtype: 'float64' }), { retainGraph: true })).toThrow(ShapeError);
    expect(() => grad(y, x, { gradOutputs: [] })).toThrow(ShapeError);
    const [g] = grad(y, x, { gradOutputs: ones([2, 3], { dtype: 'float64' }) });
    expect(maxAbsDiff(g!, [1, 2, 3, 4, 5, 6].map(Math.exp))).toBeLessThan(1e-12);
  });

  it('errors: an input or output that does not require grad, empty lists', () => {
    const x = f64([1, 2], [2], true);
    const c = f64([1, 2], [2]);
    expect(() => grad(x.sum(), c)).toThrow(/does not require grad/);
    expect(() => grad(c.sum(), x)).toThrow(/does not require grad/);
    expect(() => c.sum().backward()).toThrow(AutogradError);
    expect(() => grad([], x)).toThrow(ShapeError);
    expect(() => grad(x.sum(), [])).toThrow(ShapeError);
  });

  it('createGraph: gradients are differentiable and leaf .grad keeps its graph', () => {
    const x = f64([0.5, -1], [2], true);
    const [g] = grad(x.pow(3).sum(), x, { createGraph: true });
    expect(g!.requiresGrad).toBe(true);
    const [h] = grad(g!.sum(), x);
    expect(maxAbsDiff(h!, [3, -6])).toBeLessThan(1e-12);
    const w = f64([2], [1], true);
    w.pow(3).sum().backward(undefined, { createGraph: true });
    expect(w.grad!.gradFn).not.toBeNull();
    const [ww] = grad(w.grad!.sum(), w);
    expect(components(ww!)).toEqual([12]);
  });
});

describe('hooks and retainGrad', () => {
  it('registerHook on a leaf sees the gradient and may replace it; removal stops it', () => {
    const x = f64([1, 2], [2], true);
    const seen: number[][] = [];
    const remove = x.registerHook((g) => {
      seen.push(components(g));
      return g.mul(10);
    });
    x.square().sum().backward();
    expect(seen).toEqual([[2, 4]]);
    expect(components(x.grad!)).toEqual([20, 40]);
    remove();
    remove(); // idempotent
    x.grad = null;
    x.square().sum().backward();
    expect(components(x.grad!)).toEqual([2, 4]);
    expect(seen.length).toBe(1);
  });

  it('registerHook on a non-leaf replaces the gradient flowing further down', () => {
    const x = f64([1, 2], [2], true);
    const h = x.mul(3);
    const observed: number[][] = [];
    h.registerHook((g) => {
      observed.push(components(g));
      return undefined;
    });
    h.registerHook((g) => g.mul(0.5));
    h.square().sum().backward();
    expect(observed).toEqual([[6, 12]]);
    expect(components(x.grad!)).toEqual([9, 18]); // 3 · (0.5 · 2h)
    expect(h.grad).toBeNull();
  });

  it('removing one hook keeps the others, also when the remover is called twice', () => {
    const x = f64([1], [1], true);
    const calls: string[] = [];
    const r1 = x.registerHook(() => {
      calls.push('a');
      return undefined;
    });
    x.registerHook(() => {
      calls.push('b');
      return undefined;
    });
    r1();
    r1();
    x.sum().backward();
    expect(calls).toEqual(['b']);
  });

  it('hooks also apply to the gradients autograd.grad returns (leaf and non-leaf)', () => {
    const x = f64([1, 2], [2], true);
    x.registerHook((g) => g.mul(2));
    const h = x.mul(1);
    h.registerHook((g) => g.add(1));
    const y = h.square().sum();
    const [gh, gx] = grad(y, [h, x]);
    expect(components(gh!)).toEqual([3, 5]);
    expect(components(gx!)).toEqual([6, 10]);
  });

  it('retainGrad keeps .grad of a non-leaf; without it the non-leaf .grad stays null', () => {
    const x = f64([1, 2], [2], true);
    const h = x.mul(3).retainGrad();
    const k = h.exp();
    k.sum().backward();
    expect(components(h.grad!)).toEqual([Math.exp(3), Math.exp(6)]);
    expect(k.grad).toBeNull();
    expect(() => f64([1]).retainGrad()).toThrow(AutogradError);
    expect(() => f64([1]).registerHook((g) => g)).toThrow(AutogradError);
  });
});

describe('grad mode, requiresGrad_, detach', () => {
  // Exception safety and return values of noGrad/enableGrad are tested where they live (core dispatch.test.ts).
  it('noGrad / enableGrad nest, restore the mode and switch recording on and off', () => {
    const x = f64([1, 2], [2], true);
    expect(isGradEnabled()).toBe(true);
    noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      expect(x.mul(2).requiresGrad).toBe(false);
      enableGrad(() => {
        expect(isGradEnabled()).toBe(true);
        const y = x.mul(2);
        expect(y.requiresGrad).toBe(true);
        expect(y.gradFn).not.toBeNull();
        noGrad(() => expect(isGradEnabled()).toBe(false));
        expect(isGradEnabled()).toBe(true);
      });
      expect(isGradEnabled()).toBe(false);
    });
    expect(isGradEnabled()).toBe(true);
  });

  it('requiresGrad_: leaves only (false on a non-leaf throws), floating dtypes only', () => {
    const x = f64([1, 2], [2], true);
    const y = x.mul(2);
    expect(y.requiresGrad_()).toBe(y);
    expect(() => y.requiresGrad_(false)).toThrow(AutogradError);
    expect(() => tensor([1, 2], { dtype: 'int32' }).requiresGrad_()).toThrow(DtypeError);
    expect(() => tensor([true], { dtype: 'bool' }).requiresGrad_()).toThrow(/floating point or complex/);
    expect(() => tensor([1, 2], { dtype: 'int32', requiresGrad: true })).toThrow(DtypeError);
    expect(tensor([1, 2], { dtype: 'int32' }).requiresGrad_(false).requiresGrad).toBe(false);
    const c = tensor([{ re: 1, im: 1 }], { dtype: 'complex64' }).requiresGrad_();
    expect(c.requiresGrad).toBe(true);
    const leaf = f64([1]);
    leaf.requiresGrad = true;
    expect(leaf.requiresGrad && leaf.isLeaf).toBe(true);
    leaf.requiresGrad_(false);
    expect(leaf.requiresGrad).toBe(false);
  });

  it('detach shares storage, is a leaf without grad, and stops the gradient', () => {
    const x = f64([1, 2], [2], true);
    const h = x.mul(3);
    const d = h.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.isLeaf).toBe(true);
    expect(d.storage).toBe(h.storage);
    const y = h.mul(d).sum(); // d/dx (3x · const) = 3·d
    y.backward();
    expect(components(x.grad!)).toEqual([9, 18]);
    expect(x.detach().requiresGrad).toBe(false);
  });

  it('ops on tensors that do not require grad record nothing', () => {
    const a = f64([1, 2]);
    const y = a.mul(2).exp();
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(y.isLeaf).toBe(true);
  });

  it('integer outputs (argmax, comparisons) never require grad', () => {
    const x = f64([1, 3, 2], [3], true);
    expect(x.argmax().requiresGrad).toBe(false);
    expect(x.gt(1).requiresGrad).toBe(false);
    expect(x.max(0).indices.requiresGrad).toBe(false);
  });
});

describe('values at non-differentiable points (as PyTorch)', () => {
  const gradOf = (f: (t: Tensor) => Tensor, values: number[]): number[] => {
    const x = f64(values, [values.length], true);
    const [g] = grad(f(x).sum(), x);
    return components(g!);
  };

  it('relu, abs, sign, clamp bounds, pow at 0', () => {
    expect(gradOf((t) => t.relu(), [-1, 0, 2])).toEqual([0, 0, 1]);
    expect(gradOf((t) => t.abs(), [-1, 0, 2])).toEqual([-1, 0, 1]);
    expect(gradOf((t) => t.sign(), [-1, 0, 2])).toEqual([0, 0, 0]);
    expect(gradOf((t) => t.clamp(0, 1), [-0.5, 0, 0.5, 1, 1.5])).toEqual([0, 1, 1, 1, 0]);
    expect(gradOf((t) => t.pow(0), [0, 2])).toEqual([0, 0]);
    expect(gradOf((t) => t.pow(2), [0, 2])).toEqual([0, 4]);
    const y = f64([0.5, 2], [2], true);
    const [gy] = grad(f64([0, 0]).pow(y).sum(), y); // d(0^y)/dy = 0 for y ≥ 0
    expect(components(gy!)).toEqual([0, 0]);
  });

  it('ties: maximum/minimum split evenly, max()/amax share evenly, max(dim) picks its index', () => {
    const a = f64([1, 2, 3], [3], true);
    const b = f64([1, 5, 0], [3], true);
    const [ga, gb] = grad(a.maximum(b).sum(), [a, b]);
    expect(components(ga!)).toEqual([0.5, 0, 1]);
    expect(components(gb!)).toEqual([0.5, 1, 0]);
    const [ma, mb] = grad(a.minimum(b).sum(), [a, b]);
    expect(components(ma!)).toEqual([0.5, 1, 0]);
    expect(components(mb!)).toEqual([0.5, 0, 1]);
    expect(gradOf((t) => t.max(), [1, 3, 3])).toEqual([0, 0.5, 0.5]);
    expect(gradOf((t) => t.min(), [1, 3, 1])).toEqual([0.5, 0, 0.5]);
    expect(gradOf((t) => t.amax(0), [3, 1, 3])).toEqual([0.5, 0, 0.5]);
    expect(gradOf((t) => t.max(0).values, [1, 3, 3])).toEqual([0, 1, 0]);
  });

  it('prod with zeros: the product of the others, exactly', () => {
    expect(gradOf((t) => t.prod(), [0, 2, 3])).toEqual([6, 0, 0]);
    expect(gradOf((t) => t.prod(), [0, 0, 3])).toEqual([0, 0, 0]);
    expect(gradOf((t) => t.prod(), [4, 2, 3])).toEqual([6, 12, 8]);
    const x = f64([0, 2, 3, 4, 0, 5], [2, 3], true);
    const [g] = grad(x.prod(1).sum(), x);
    expect(components(g!)).toEqual([6, 0, 0, 0, 20, 0]);
    // Second derivative at a zero: ∂²(x₀x₁x₂)/∂x₀∂x₁ = x₂.
    const z = f64([0, 2, 3], [3], true);
    const [g1] = grad(z.prod(), z, { createGraph: true });
    const [h0] = grad(g1!.select(0, 0), z);
    expect(components(h0!)).toEqual([0, 3, 2]);
  });
});

describe('long chains and determinism', () => {
  it('backward through a 100 000-op chain without overflowing the stack', () => {
    const x0 = f64([1, 2], [2], true);
    let x = x0;
    const n = 100_000;
    for (let i = 0; i < n; i++) x = x.mul(1.0000001);
    const y = x.sum();
    y.backward();
    const expected = 1.0000001 ** n;
    expect(maxAbsDiff(x0.grad!, [expected, expected])).toBeLessThan(1e-9);
  }, 60_000);

  it('grad() through a 100 000-op chain as well', () => {
    const x0 = f64([0.5], [1], true);
    let x = x0;
    for (let i = 0; i < 100_000; i++) x = x.mul(1.0000001);
    const [g] = grad(x.sum(), x0);
    expect(Math.abs(components(g!)[0] - 1.0000001 ** 100_000)).toBeLessThan(1e-9);
  }, 60_000);

  it('the same computation gives bit-identical gradients', () => {
    const run = (): number[] => {
      const x = sample([4], { seed: 42, requiresGrad: true });
      const w = sample([4, 4], { seed: 43, requiresGrad: true });
      let h: Tensor = x;
      for (let i = 0; i < 5; i++) h = w.matmul(h).tanh().add(h.mul(0.5));
      const branches = [h.exp(), h.sin(), h.square()].map((t): Tensor => t.sum());
      branches.reduce((a, b) => add(a, b)).backward();
      return [...components(x.grad!), ...components(w.grad!)];
    };
    const first = run();
    for (let k = 0; k < 3; k++) expect(run()).toEqual(first);
  });
});

describe('errors are typed', () => {
  it('every autograd misuse throws a TapegradError subclass', () => {
    const x = f64([1, 2], [2], true);
    const cases: (() => unknown)[] = [
      () => x.mul(2).backward(),
      () => grad(x.sum(), f64([1])),
      () => x.mul(2).requiresGrad_(false),
      () => grad(x.mul(2), x, { gradOutputs: zeros([3], { dtype: 'float64' }) }),
    ];
    for (const c of cases) expect(thrown(c)).toBeInstanceOf(TapegradError);
    // The functional forms record too.
    const z = sum(mul(x, x));
    expect(z.gradFn?.name).toBe('sum');
  });
});
