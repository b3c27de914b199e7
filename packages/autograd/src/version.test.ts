// In-place modification of a tensor saved for backward is detected (PyTorch's version counter), not silently used.
import { markModified, versionOf } from '@tapegrad/core/internal';
import type { Tensor } from 'tapegrad';
import { AutogradError, copyInto, gather, indexSelect, optim, scatterAdd, tensor, where } from 'tapegrad';
import { describe, expect, it } from 'vitest';
import { defineFunction, grad } from './index';

describe('version counter', () => {
  it('copyInto and markModified bump the version shared by views', () => {
    const w = tensor([1, 2, 3], { dtype: 'float64' });
    const view = w.slice(0, 0, 1);
    expect(versionOf(w)).toBe(0);
    copyInto(tensor([9], { dtype: 'float64' }), view);
    expect(versionOf(w)).toBe(1);
    expect(versionOf(view)).toBe(1);
    markModified(w);
    expect(versionOf(view)).toBe(2);
  });

  it('backward through an op that saved a tensor modified in place throws AutogradError', () => {
    const w = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    const loss = w.mul(w).sum();
    const opt = new optim.SGD([w], { lr: 0.1 });
    w.grad = tensor([1, 1, 1], { dtype: 'float64' });
    opt.step(); // writes w in place
    expect(() => loss.backward()).toThrow(AutogradError);
    expect(() => grad(w.mul(w).sum(), [w])).not.toThrow(); // a fresh forward pass is fine
  });

  it('the error names the op and the versions', () => {
    const x = tensor([0.5, 1.5], { dtype: 'float64', requiresGrad: true });
    const y = x.exp(); // exp saves its output
    copyInto(tensor([0, 0], { dtype: 'float64' }), y.detach());
    expect(() => y.sum().backward()).toThrow(
      /modified by an in-place operation.*'exp' is at version 1; expected version 0/,
    );
  });

  it('ops whose gradient does not read values still differentiate after an in-place write (as PyTorch)', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const y = x.add(1).sum();
    markModified(x);
    const [g] = grad(y, [x]);
    expect(g?.toArray()).toEqual([1, 1]);
  });

  it('a training loop (zeroGrad → forward → backward → step) is unaffected', () => {
    const w = tensor(
      [
        [0.5, -0.2],
        [0.1, 0.3],
      ],
      { dtype: 'float64', requiresGrad: true },
    );
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: 'float64' },
    );
    const opt = new optim.Adam([w], { lr: 0.01 });
    for (let i = 0; i < 5; i++) {
      opt.zeroGrad();
      x.matmul(w).square().sum().backward();
      opt.step();
    }
    expect(versionOf(w)).toBe(5);
  });
});

// Every tensor a node keeps is version-checked, including index and condition tensors held in attributes (issue #10
// item 2): before, overwriting them after the forward pass gave a silently wrong gradient.
describe('version counter: tensors kept in attributes', () => {
  const f64 = (values: number[], requiresGrad = false) => tensor(values, { dtype: 'float64', requiresGrad });
  const i32 = (values: number[]) => tensor(values, { dtype: 'int32' });

  it('gather: overwriting the index after the forward pass makes backward throw', () => {
    const x = f64([1, 2, 3], true);
    const idx = i32([0, 0]);
    const y = gather(x, 0, idx).sum();
    copyInto(i32([2, 2]), idx);
    // Before the fix: x.grad = [0, 0, 2] (read through the new index) instead of [2, 0, 0].
    expect(() => y.backward()).toThrow(/'gather' is at version 1; expected version 0/);
    expect(x.grad).toBeNull();
  });

  it('gather: an untouched index differentiates (the check is not a blanket refusal)', () => {
    const x = f64([1, 2, 3], true);
    gather(x, 0, i32([0, 0]))
      .sum()
      .backward();
    expect(x.grad?.toArray()).toEqual([2, 0, 0]);
  });

  it('indexSelect: the index is kept through a view, so overwriting it is detected', () => {
    const x = f64([1, 2, 3], true);
    const idx = i32([1]);
    const y = indexSelect(x, 0, idx).sum();
    copyInto(i32([0]), idx);
    expect(() => grad(y, [x])).toThrow(AutogradError);
  });

  it('where: overwriting a bool condition makes backward throw', () => {
    const a = f64([1, 2], true);
    const cond = tensor([true, false], { dtype: 'bool' });
    const y = where(cond, a, 0).sum();
    copyInto(tensor([false, true], { dtype: 'bool' }), cond);
    expect(() => grad(y, [a])).toThrow(AutogradError);
  });

  it('scatterAdd: overwriting the index makes backward throw (for both the input and the source)', () => {
    const x = f64([0, 0, 0], true);
    const src = f64([5, 7], true);
    const idx = i32([2, 0]);
    const y = scatterAdd(x, 0, idx, src)
      .mul(f64([1, 2, 3]))
      .sum();
    markModified(idx);
    expect(() => grad(y, [src])).toThrow(AutogradError);
  });

  it('defineFunction: tensors saved with saveForBackward are version-checked, not only inputs and outputs', () => {
    const x = f64([3], true);
    let saved: Tensor | null = null;
    const square = defineFunction({
      name: 'squareViaSaved',
      forward(ctx, t: Tensor) {
        saved = t.mul(2); // an intermediate, neither input nor output
        ctx.saveForBackward(saved);
        return t.mul(t);
      },
      backward(ctx, g) {
        return [g.mul(ctx.saved[0])];
      },
    });
    const y = (square(x) as Tensor).sum();
    expect(grad(y, [x], { retainGraph: true })[0]?.toArray()).toEqual([6]);
    if (saved === null) throw new Error('forward did not run');
    markModified(saved);
    expect(() => grad(y, [x])).toThrow(/'squareViaSaved' is at version 1; expected version 0/);
  });
});
