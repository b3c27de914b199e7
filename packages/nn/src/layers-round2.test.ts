/** Round-2 layers: higher derivatives (gradcheck/gradgradcheck), semantics PyTorch documents, and bad input. */
import '@tapegrad/autograd';
import { grad, gradcheck, gradgradcheck } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { DtypeError, eye, manualSeed, ones, randn, ShapeError, tensor, zeros } from '@tapegrad/core';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  AvgPool2d,
  BatchNorm1d,
  BatchNorm2d,
  Conv1d,
  Conv2d,
  Embedding,
  functional as F,
  LayerNorm,
  Linear,
  MaxPool2d,
  MultiheadAttention,
} from './index';

beforeEach(() => manualSeed(0));
const f64 = (shape: number[]) => randn(shape, { dtype: 'float64', requiresGrad: true });

describe('first and second derivatives by finite differences (float64)', () => {
  const cases: [string, (...xs: Tensor[]) => Tensor, Tensor[]][] = [
    [
      'conv2d stride/pad/dilation/groups',
      (x, w, b) => F.conv2d(x, w, b, { stride: [2, 1], padding: 1, dilation: [1, 2], groups: 2 }),
      [f64([1, 4, 5, 5]), f64([2, 2, 3, 2]), f64([2])],
    ],
    ['conv1d same', (x, w) => F.conv1d(x, w, null, { padding: 'same' }), [f64([2, 2, 6]), f64([3, 2, 4])]],
    ['maxPool2d with padding', (x) => F.maxPool2d(x, 3, { stride: 2, padding: 1 }), [f64([1, 2, 5, 5])]],
    [
      'avgPool2d exclude pad, ceil',
      (x) => F.avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }),
      [f64([1, 1, 6, 5])],
    ],
    ['layerNorm affine', (x, w, b) => F.layerNorm(x, [4], w, b), [f64([3, 4]), f64([4]), f64([4])]],
    ['batchNorm training', (x, w, b) => F.batchNorm(x, null, null, w, b, true), [f64([5, 3]), f64([3]), f64([3])]],
    [
      'scaledDotProductAttention causal',
      (q, k, v) => F.scaledDotProductAttention(q, k, v, { isCausal: true }),
      [f64([2, 3, 4]), f64([2, 3, 4]), f64([2, 3, 2])],
    ],
    [
      'pad reflect + circular',
      (x) => F.pad(F.pad(x, [2, 1], { mode: 'reflect' }), [1, 1, 2, 0], { mode: 'circular' }),
      [f64([2, 3, 4])],
    ],
    [
      'embedding (weight)',
      (w) =>
        F.embedding(
          tensor(
            [
              [1, 0],
              [2, 1],
            ],
            { dtype: 'int32' },
          ),
          w,
        ),
      [f64([3, 2])],
    ],
    [
      'logsigmoid (incl. 0 and −0)',
      (x) => F.logsigmoid(x),
      [tensor([-30, -1, 0, -0, 0.5, 30], { dtype: 'float64', requiresGrad: true })],
    ],
  ];
  for (const [name, fn, inputs] of cases) {
    it(name, () => {
      expect(gradcheck(fn, inputs)).toBe(true);
      expect(gradgradcheck(fn, inputs)).toBe(true);
    });
  }

  it('MultiheadAttention (query and key/value; parameter gradients are checked against PyTorch)', () => {
    const mha = new MultiheadAttention(4, 2, { dtype: 'float64', batchFirst: true });
    const fn = (q: Tensor, kv: Tensor) => mha.forward(q, kv, kv, { keyPaddingMask: tensor([[false, true, false]]) })[0];
    expect(gradcheck(fn, [f64([1, 2, 4]), f64([1, 3, 4])])).toBe(true);
    expect(gradgradcheck(fn, [f64([1, 2, 4]), f64([1, 3, 4])])).toBe(true);
  });
});

describe('semantics', () => {
  it('Embedding: paddingIdx row starts at zero and gets no gradient; fromPretrained freezes', () => {
    const emb = new Embedding(4, 3, { paddingIdx: -1, dtype: 'float64' });
    expect(emb.paddingIdx).toBe(3);
    expect(emb.weight.select(0, 3).toArray()).toEqual([0, 0, 0]);
    emb
      .forward(tensor([3, 1, 3], { dtype: 'int32' }))
      .sum()
      .backward();
    expect(emb.weight.grad?.toArray()).toEqual([
      [0, 0, 0],
      [1, 1, 1],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    const pre = Embedding.fromPretrained(eye(3));
    expect(pre.weight.requiresGrad).toBe(false);
    expect(pre.parameters()).toEqual([pre.weight]);
    expect(Embedding.fromPretrained(eye(3), { freeze: false }).weight.requiresGrad).toBe(true);
  });

  it('BatchNorm: eval uses running statistics; numBatchesTracked counts only accepted training batches', () => {
    const bn = new BatchNorm1d(2, { dtype: 'float64' });
    const x = tensor(
      [
        [1, 2],
        [3, 6],
      ],
      { dtype: 'float64' },
    );
    bn.forward(x);
    expect(bn.runningMean?.toArray()).toEqual([0.2, 0.4]);
    expect(Array.from(bn.runningVar?.toTypedArray() ?? []).map((v) => Number(v.toFixed(12)))).toEqual([1.1, 1.7]); // 0.9 + 0.1·unbiased var
    expect(() => bn.forward(tensor([[1, 2, 3]], { dtype: 'float64' }))).toThrow(ShapeError);
    expect(() => bn.forward(tensor([[1, 2]], { dtype: 'float64' }))).toThrow(/more than 1 value per channel/);
    expect(bn.numBatchesTracked?.item()).toBe(1);
    bn.eval();
    const y = bn.forward(x);
    expect(y.toTypedArray()[0]).toBeCloseTo((1 - 0.2) / Math.sqrt(1.1 + 1e-5), 12);
    expect(bn.numBatchesTracked?.item()).toBe(1);
    bn.resetRunningStats();
    expect(bn.runningMean?.toArray()).toEqual([0, 0]);
    expect(bn.numBatchesTracked?.item()).toBe(0);
    expect(new BatchNorm2d(3, { trackRunningStats: false }).buffers()).toEqual([]);
  });

  it('logsigmoid: value and derivatives of every order at 0 are the closed forms (−log 2, 1/2, −1/4, 0)', () => {
    for (const z of [0, -0]) {
      const x = tensor([z], { dtype: 'float64', requiresGrad: true });
      const y = F.logsigmoid(x);
      const [d1] = grad(y.sum(), [x], { createGraph: true });
      const [d2] = grad((d1 as Tensor).sum(), [x], { createGraph: true });
      const [d3] = grad((d2 as Tensor).sum(), [x]);
      expect(y.item()).toBe(-Math.LN2);
      expect(d1?.item()).toBe(0.5);
      expect(d2?.item()).toBe(-0.25);
      expect(d3?.item()).toBeCloseTo(0, 15);
    }
    expect(F.logsigmoid(tensor([-800, 800], { dtype: 'float64' })).toArray()).toEqual([-800, -0]);
  });

  it('LayerNorm normalizes each sample to mean 0 and variance 1', () => {
    const y = new LayerNorm(6, { dtype: 'float64', eps: 0 }).forward(randn([3, 6], { dtype: 'float64' }).mul(5).add(2));
    expect(y.mean(-1).abs().max().item()).toBeLessThan(1e-14);
    expect(y.square().mean(-1).sub(1).abs().max().item()).toBeLessThan(1e-13);
  });

  it('Conv2d: PyTorch init bounds (±1/√fanIn) and the sizes of a small CNN', () => {
    const conv = new Conv2d(3, 8, 3);
    const bound = 1 / Math.sqrt(27);
    expect(conv.weight.abs().max().item()).toBeLessThanOrEqual(bound);
    expect(conv.bias?.abs().max().item()).toBeLessThanOrEqual(bound);
    const x = randn([2, 3, 8, 8]);
    const h = new MaxPool2d(2).forward(new BatchNorm2d(8).forward(new Conv2d(3, 8, 3, { padding: 'same' }).forward(x)));
    expect(h.shape).toEqual([2, 8, 4, 4]);
    expect(new AvgPool2d(2, { stride: 1 }).forward(h).shape).toEqual([2, 8, 3, 3]);
  });

  it('MultiheadAttention: PyTorch names and layout; attention weights are distributions', () => {
    const mha = new MultiheadAttention(6, 3, { batchFirst: true });
    expect(Object.entries(mha.stateDict({ names: 'pytorch' })).map(([k, v]) => [k, v.shape])).toEqual([
      ['in_proj_weight', [18, 6]],
      ['in_proj_bias', [18]],
      ['out_proj.weight', [6, 6]],
      ['out_proj.bias', [6]],
    ]);
    const x = randn([2, 4, 6]);
    const [, w] = mha.forward(x, x, x, { isCausal: true });
    expect(w?.sum(-1).sub(1).abs().max().item()).toBeLessThan(1e-6);
    expect(w?.select(1, 0).narrow(1, 1, 3).abs().max().item()).toBe(0); // causal: the first query sees only itself
  });
});

describe('bad input names the module and both shapes', () => {
  it('channels, kernels, heads, masks', () => {
    expect(() => new Conv2d(3, 4, 3).forward(randn([1, 2, 8, 8]))).toThrow(
      /^nn\.Conv2d\.forward: expected input with 3 channels \(weight of shape \[4, 3, 3, 3\]\), got float32 tensor of shape \[1, 2, 8, 8\]$/,
    );
    expect(() => new Conv2d(1, 1, 5).forward(randn([1, 1, 3, 8]))).toThrow(
      /nn\.Conv2d\.forward: kernel size \[5, 5\].*larger than the padded input.*got float32 tensor of shape \[1, 1, 3, 8\]/,
    );
    expect(() => new MaxPool2d(4).forward(randn([1, 1, 3, 3]))).toThrow(/nn\.MaxPool2d\.forward: kernel size/);
    expect(() => new MaxPool2d(2, { padding: 2 })).not.toThrow();
    expect(() => new MaxPool2d(2, { padding: 2 }).forward(randn([1, 1, 4, 4]))).toThrow(
      /at most half of effective kernel size/,
    );
    expect(() => new MultiheadAttention(6, 4)).toThrow(/embedDim must be divisible by numHeads/);
    const mha = new MultiheadAttention(4, 2);
    expect(() => mha.forward(randn([3, 2, 5]), randn([3, 2, 5]), randn([3, 2, 5]))).toThrow(
      /nn\.MultiheadAttention\.forward: expected query of shape \[L, N, E\] with E = 4, got float32 tensor of shape \[3, 2, 5\]/,
    );
    const q = randn([3, 2, 4]);
    expect(() => mha.forward(q, q, q, { attnMask: zeros([2, 3]) })).toThrow(
      /attnMask of shape \[3, 3\] or \[4, 3, 3\]/,
    );
    expect(() => mha.forward(q, q, q, { keyPaddingMask: zeros([3, 2]) })).toThrow(/keyPaddingMask of shape \[2, 3\]/);
    expect(() => new LayerNorm([3, 4]).forward(randn([2, 4, 3]))).toThrow(
      /nn\.LayerNorm\.forward: expected an input whose last 2 dimension\(s\) are \[3, 4\], got float32 tensor of shape \[2, 4, 3\]/,
    );
    expect(() => new BatchNorm2d(3).forward(randn([2, 3, 4]))).toThrow(
      /nn\.BatchNorm2d\.forward: expected a 4-D input/,
    );
    expect(() => new Embedding(3, 2).forward(tensor([3], { dtype: 'int32' }))).toThrow(
      /nn\.Embedding\.forward: index out of range/,
    );
    expect(() => F.scaledDotProductAttention(randn([2, 3]), randn([4, 2]), randn([4, 2]))).toThrow(ShapeError);
    expect(() =>
      F.scaledDotProductAttention(randn([2, 3]), randn([2, 3]), randn([2, 3]), {
        isCausal: true,
        attnMask: ones([2, 2]),
      }),
    ).toThrow(/either attnMask or isCausal/);
  });

  it('dtypes: a float32 module refuses float64 input, as PyTorch', () => {
    const x64 = randn([2, 3, 5], { dtype: 'float64' });
    expect(() => new Conv1d(3, 2, 2).forward(x64)).toThrow(
      /^nn\.Conv1d\.forward: expected a float32 input \(the dtype of the weight\), got float64/,
    );
    expect(() => new LayerNorm(5).forward(x64)).toThrow(DtypeError);
    expect(() => new BatchNorm1d(3).forward(x64)).toThrow(DtypeError);
    expect(() => new Embedding(3, 2).forward(tensor([1.5]))).toThrow(/expected int32 indices/);
    expect(() => new Conv1d(3, 2, 2, { padding: 'same', stride: 2 })).toThrow(/not supported for strided/);
    expect(() => new Conv2d(3, 2, 2, { groups: 2 })).toThrow(/divisible by groups/);
    expect(() => new Linear(2, 2).to('float64').forward(randn([1, 2], { dtype: 'float64' }))).not.toThrow();
  });

  it('pad and oneHot', () => {
    expect(() => F.pad(randn([2, 3]), [4, 0], { mode: 'reflect' })).toThrow(
      /reflect padding of dimension 1 \(size 3\) must be between 0 and 2/,
    );
    expect(() => F.pad(randn([2, 3]), [1])).toThrow(ShapeError);
    expect(() => F.pad(randn([2, 3]), [1, 1], { mode: 'edge' as never })).toThrow(DtypeError);
    expect(F.oneHot(tensor([[0], [2]], { dtype: 'int32' })).toArray()).toEqual([[[1, 0, 0]], [[0, 0, 1]]]);
    expect(() => F.oneHot(tensor([3], { dtype: 'int32' }), 2)).toThrow(/smaller than numClasses/);
  });
});
