/**
 * nn.Sequential's fused pairs (fusion.ts): a training-mode BatchNorm followed by a ReLU runs as one node
 * (batch-norm-train.ts with relu) and must be indistinguishable from the two modules run one after the other — values,
 * gradients of the input and parameters, running statistics — and its derivatives of every order must be right.
 */
import '@tapegrad/autograd';
import { grad, gradcheck, gradgradcheck } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { AutogradError, manualSeed, noGrad, randn, tensor } from '@tapegrad/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { BatchNorm1d, BatchNorm2d, ReLU, Sequential } from './index';

beforeEach(() => manualSeed(0));

type Dtype = 'float32' | 'float64';

/** The same model built twice (same parameters): fused in a Sequential, and the modules called one by one. */
function pair(dtype: Dtype, channels = 3) {
  const bn = new BatchNorm2d(channels, { dtype });
  const bn2 = new BatchNorm2d(channels, { dtype });
  const w = randn([channels], { dtype });
  const b = randn([channels], { dtype });
  noGrad(() => {
    for (const m of [bn, bn2]) {
      m.weight?.copy_(w);
      m.bias?.copy_(b);
    }
  });
  return { fused: new Sequential(bn, new ReLU()), bn, bn2, relu: new ReLU() };
}

const bits = (t: Tensor | null | undefined) => Array.from((t as Tensor).toArray() as unknown as number[]).flat(4);

describe('BatchNorm followed by ReLU in a Sequential', () => {
  for (const dtype of ['float32', 'float64'] as const)
    it(`is one node with the values, gradients and running statistics of the separate modules (${dtype})`, () => {
      const { fused, bn, bn2, relu } = pair(dtype);
      // Zeros in x and ties make some pre-activations exactly 0 (relu's derivative there is 0).
      const x0 = randn([4, 3, 5, 5], { dtype });
      const xa = x0.clone().requiresGrad_();
      const xb = x0.clone().requiresGrad_();
      const g = randn([4, 3, 5, 5], { dtype });
      const ya = fused.forward(xa);
      const yb = relu.forward(bn2.forward(xb));
      expect(ya.gradFn?.name).toBe('nn.batchNormRelu');
      expect(yb.gradFn?.name).toBe('nn.relu');
      expect(bits(ya)).toEqual(bits(yb));
      ya.backward(g);
      yb.backward(g);
      expect(bits(xa.grad)).toEqual(bits(xb.grad));
      expect(bits(bn.weight?.grad)).toEqual(bits(bn2.weight?.grad));
      expect(bits(bn.bias?.grad)).toEqual(bits(bn2.bias?.grad));
      expect(bits(bn.runningMean)).toEqual(bits(bn2.runningMean));
      expect(bits(bn.runningVar)).toEqual(bits(bn2.runningVar));
      expect(bn.numBatchesTracked?.item()).toBe(1);
    });

  it('masks the gradient where the output is 0, also at an exact 0 pre-activation (closed form), and keeps NaN', () => {
    // Channel values ±1 with eps 0 normalize exactly to ±1; bias 1 → pre-activations exactly 0 and 2.
    const bn = new BatchNorm1d(1, { dtype: 'float64', eps: 0 });
    noGrad(() => bn.bias?.copy_(tensor([1], { dtype: 'float64' })));
    const model = new Sequential(bn, new ReLU());
    const x = tensor([[-1], [1], [-1], [1]], { dtype: 'float64', requiresGrad: true });
    const y = model.forward(x);
    expect(y.gradFn?.name).toBe('nn.batchNormRelu');
    expect(y.toArray()).toEqual([[0], [2], [0], [2]]);
    // g = (1, 2, 3, 4) masked to gm = (0, 2, 0, 4); ∂x = gm − mean(gm) − x̂·mean(gm·x̂) = (0, −1, 0, 1) with x̂ = ±1
    // (a mask that let the zeros through would give (−1, −1, 1, 1)).
    const [gx] = grad([y], [x], { gradOutputs: [tensor([[1], [2], [3], [4]], { dtype: 'float64' })] });
    expect((gx as Tensor).toArray()).toEqual([[0], [-1], [0], [1]]);
    const nan = new Sequential(new BatchNorm1d(1, { dtype: 'float64' }), new ReLU());
    expect(nan.forward(tensor([[Number.NaN], [1]], { dtype: 'float64' })).toArray()).toEqual([
      [Number.NaN],
      [Number.NaN],
    ]);
  });

  it('gradcheck and gradgradcheck (float64) through input and parameters, including the createGraph backward', () => {
    const { fused, bn } = pair('float64', 2);
    const x = randn([3, 2, 2, 2], { dtype: 'float64', requiresGrad: true });
    const fn = (t: Tensor) => fused.forward(t);
    expect(gradcheck(fn, [x])).toBe(true);
    expect(gradgradcheck(fn, [x])).toBe(true);
    const w = bn.weight as Tensor;
    const viaWeight = (v: Tensor) => {
      const saved = bn.weight;
      bn.weight = v;
      try {
        return fused.forward(x.detach());
      } finally {
        bn.weight = saved;
      }
    };
    expect(gradcheck(viaWeight, [w.detach().requiresGrad_()])).toBe(true);
  });

  it('is not fused in eval mode, with a replaced forward, or for a ReLU subclass — same values either way', () => {
    const { fused, bn, bn2, relu } = pair('float64');
    const x = randn([2, 3, 2, 2], { dtype: 'float64' });
    fused.forward(x); // one training step each: the same running statistics
    relu.forward(bn2.forward(x));
    fused.eval();
    bn2.eval();
    const evalOut = fused.forward(x);
    expect(evalOut.gradFn?.name).toBe('nn.relu');
    expect(bits(evalOut)).toEqual(bits(relu.forward(bn2.forward(x))));
    fused.train();
    const own = new Sequential(bn, new ReLU());
    const spy: { calls: number } = { calls: 0 };
    const forward = bn.forward.bind(bn);
    bn.forward = (t: Tensor) => {
      spy.calls++;
      return forward(t);
    };
    const y = own.forward(x);
    expect([spy.calls, y.gradFn?.name]).toEqual([1, 'nn.relu']);
    class LoudReLU extends ReLU {}
    const sub = new Sequential(new BatchNorm2d(3, { dtype: 'float64' }), new LoudReLU());
    expect(sub.forward(x).gradFn?.name).toBe('nn.batchNormRelu'); // the same forward: fused
    class Shifted extends ReLU {
      override forward(t: Tensor): Tensor {
        return super.forward(t).add(1);
      }
    }
    const shifted = new Sequential(new BatchNorm2d(3, { dtype: 'float64' }), new Shifted());
    expect(shifted.forward(x).gradFn?.name).toBe('add');
  });

  it('an in-place write to the output before backward is a version error (the node saves it), as PyTorch', () => {
    const { fused } = pair('float64');
    const x = randn([2, 3, 2, 2], { dtype: 'float64', requiresGrad: true });
    const y = fused.forward(x);
    y.mul_(2);
    expect(() => y.sum().backward()).toThrow(AutogradError);
  });
});
