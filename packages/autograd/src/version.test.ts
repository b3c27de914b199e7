// In-place modification of a tensor saved for backward is detected (PyTorch's version counter), not silently used.
import { AutogradError, copyInto, markModified, optim, tensor, versionOf } from 'tapegrad';
import { describe, expect, it } from 'vitest';
import { grad } from './index';

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
