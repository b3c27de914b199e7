import { gradcheck } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { DtypeError, manualSeed, randn, ShapeError, tensor } from '@tapegrad/core';
import * as math from 'mathjs';
import { beforeEach, describe, expect, it } from 'vitest';
import { BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, functional as F, L1Loss, MSELoss, NLLLoss } from './index';

const f64 = { dtype: 'float64' } as const;
const i32 = { dtype: 'int32' } as const;

function values(t: Tensor): number[] {
  return [...t.toTypedArray()] as number[];
}

/** Reference cross-entropy of one row of logits against a probability vector, by mathjs. */
function referenceCrossEntropy(logits: number[], probs: number[]): number {
  const lse = math.log(math.sum(logits.map((v) => math.exp(v)))) as number;
  return -math.sum(probs.map((p, c) => p * (logits[c] - lse)));
}

const logitRows = [
  [0.3, -1.2, 2.0, 0.5],
  [-0.7, 0.1, 0.0, -2.5],
  [1.5, 1.5, -0.3, 0.9],
];
const classes = [2, 0, 3];
const oneHot = classes.map((c) => [0, 1, 2, 3].map((k) => (k === c ? 1 : 0)));

beforeEach(() => manualSeed(0));

describe('mseLoss / l1Loss', () => {
  const x = tensor(
    [
      [1, 2],
      [3, 4],
    ],
    f64,
  );
  const y = tensor(
    [
      [0, 2.5],
      [5, 4],
    ],
    f64,
  );
  const sq = [1, 0.25, 4, 0];
  const ab = [1, 0.5, 2, 0];

  it('match the formulas for every reduction', () => {
    expect(F.mseLoss(x, y).item()).toBe(5.25 / 4);
    expect(F.mseLoss(x, y, { reduction: 'sum' }).item()).toBe(5.25);
    expect(values(F.mseLoss(x, y, { reduction: 'none' }))).toEqual(sq);
    expect(F.l1Loss(x, y).item()).toBe(3.5 / 4);
    expect(F.l1Loss(x, y, { reduction: 'sum' }).item()).toBe(3.5);
    expect(values(F.l1Loss(x, y, { reduction: 'none' }))).toEqual(ab);
    expect(new MSELoss().forward(x, y).item()).toBe(5.25 / 4);
    expect(new L1Loss({ reduction: 'sum' }).forward(x, y).item()).toBe(3.5);
  });

  it('have correct gradients (gradcheck, float64)', () => {
    const a = randn([3, 2], { dtype: 'float64', requiresGrad: true });
    const b = randn([3, 2], { dtype: 'float64', requiresGrad: true });
    expect(gradcheck((p, q) => F.mseLoss(p, q), [a, b])).toBe(true);
    expect(gradcheck((p, q) => F.mseLoss(p, q, { reduction: 'none' }), [a, b])).toBe(true);
    expect(gradcheck((p, q) => F.l1Loss(p, q, { reduction: 'sum' }), [a, b])).toBe(true);
  });

  it('refuse mismatched shapes (no silent broadcasting), bad dtypes and bad reductions', () => {
    expect(() => F.mseLoss(randn([4, 1]), randn([4]))).toThrow(
      /nn\.functional\.mseLoss: expected target of the same shape as input \[4, 1\], got \[4\]/,
    );
    expect(() => F.l1Loss(randn([2]), randn([3]))).toThrow(ShapeError);
    expect(() => F.mseLoss(tensor([1], i32), tensor([1], i32))).toThrow(DtypeError);
    expect(() => F.mseLoss(x, y, { reduction: 'avg' as 'mean' })).toThrow(/reduction 'mean', 'sum' or 'none'/);
  });
});

describe('crossEntropy', () => {
  const logits = tensor(logitRows, f64);
  const indices = tensor(classes, i32);
  const probs = tensor(oneHot, f64);
  const perRow = logitRows.map((row, n) => referenceCrossEntropy(row, oneHot[n]));

  it('matches mathjs for class indices, with every reduction', () => {
    values(F.crossEntropy(logits, indices, { reduction: 'none' })).forEach((v, n) => {
      expect(v).toBeCloseTo(perRow[n], 13);
    });
    expect(F.crossEntropy(logits, indices).item()).toBeCloseTo(perRow.reduce((s, v) => s + v) / 3, 13);
    expect(F.crossEntropy(logits, indices, { reduction: 'sum' }).item()).toBeCloseTo(
      perRow.reduce((s, v) => s + v),
      13,
    );
    expect(new CrossEntropyLoss().forward(logits, indices).item()).toBe(F.crossEntropy(logits, indices).item());
  });

  it('gives the same loss and gradient for indices and one-hot probabilities', () => {
    const a = logits.detach().requiresGrad_();
    const b = logits.detach().requiresGrad_();
    const la = F.crossEntropy(a, indices);
    const lb = F.crossEntropy(b, probs);
    expect(lb.item()).toBeCloseTo(la.item() as number, 14);
    la.backward();
    lb.backward();
    expect(a.grad!.allclose(b.grad!, { rtol: 1e-14, atol: 1e-15 })).toBe(true);
    // d/dlogits of the mean loss = (softmax − onehot)/N.
    const expected = logitRows.map((row, n) => {
      const z = row.reduce((s, v) => s + Math.exp(v), 0);
      return row.map((v, c) => (Math.exp(v) / z - oneHot[n][c]) / 3);
    });
    expect(a.grad!.allclose(tensor(expected, f64), { rtol: 1e-12, atol: 1e-15 })).toBe(true);
  });

  it('accepts soft probability targets and label smoothing (indices ≡ smoothed one-hot)', () => {
    const soft = [
      [0.1, 0.2, 0.3, 0.4],
      [0.25, 0.25, 0.25, 0.25],
      [1, 0, 0, 0],
    ];
    values(F.crossEntropy(logits, tensor(soft, f64), { reduction: 'none' })).forEach((v, n) => {
      expect(v).toBeCloseTo(referenceCrossEntropy(logitRows[n], soft[n]), 13);
    });
    const eps = 0.1;
    const smoothed = oneHot.map((row) => row.map((p) => (1 - eps) * p + eps / 4));
    const expected = logitRows.map((row, n) => referenceCrossEntropy(row, smoothed[n]));
    values(F.crossEntropy(logits, indices, { reduction: 'none', labelSmoothing: eps })).forEach((v, n) => {
      expect(v).toBeCloseTo(expected[n], 13);
    });
    expect(F.crossEntropy(logits, probs, { labelSmoothing: eps }).item()).toBeCloseTo(
      F.crossEntropy(logits, indices, { labelSmoothing: eps }).item() as number,
      14,
    );
  });

  it('handles unbatched [C] logits and [N, C, d] inputs', () => {
    expect(F.crossEntropy(tensor(logitRows[0], f64), tensor(2, i32)).item()).toBeCloseTo(perRow[0], 13);
    // [N=1, C=4, d=3]: the class dim is 1; three positions each with their own class.
    const spatial = tensor([logitRows[0].map((_, c) => logitRows.map((row) => row[c]))], f64);
    expect(spatial.shape).toEqual([1, 4, 3]);
    const loss = F.crossEntropy(spatial, tensor([classes], i32), { reduction: 'none' });
    expect(loss.shape).toEqual([1, 3]);
    values(loss).forEach((v, n) => {
      expect(v).toBeCloseTo(perRow[n], 13);
    });
  });

  it('is numerically stable for logits of ±1e4 (float64 and float32)', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const big = tensor(
        [
          [1e4, -1e4, 0],
          [-1e4, -1e4, -1e4],
        ],
        { dtype, requiresGrad: true },
      );
      const loss = F.crossEntropy(big, tensor([1, 2], i32), { reduction: 'none' });
      const v = values(loss);
      expect(v[0]).toBe(2e4); // −log softmax = 1e4 − (−1e4), exactly
      // float32: log 3 is added to −1e4 and subtracted again, so only ~3 digits survive (as in PyTorch).
      expect(v[1]).toBeCloseTo(Math.log(3), dtype === 'float64' ? 10 : 3);
      loss.sum().backward();
      expect(values(big.grad!).every(Number.isFinite)).toBe(true);
      expect(
        values(
          F.crossEntropy(
            big.detach(),
            tensor(
              [
                [0, 1, 0],
                [0, 0, 1],
              ],
              { dtype },
            ),
          ),
        ).every(Number.isFinite),
      ).toBe(true);
    }
  });

  it('has correct gradients (gradcheck, float64) for indices and probabilities', () => {
    const x = randn([4, 5], { dtype: 'float64', requiresGrad: true });
    const t = tensor([0, 4, 2, 2], i32);
    expect(gradcheck((l) => F.crossEntropy(l, t), [x])).toBe(true);
    expect(gradcheck((l) => F.crossEntropy(l, t, { labelSmoothing: 0.2, reduction: 'sum' }), [x])).toBe(true);
    const p = randn([4, 5], f64).softmax(1).requiresGrad_();
    expect(gradcheck((l, q) => F.crossEntropy(l, q), [x, p])).toBe(true);
  });

  it('nllLoss(logSoftmax(x)) equals crossEntropy(x)', () => {
    const logp = logits.logSoftmax(1);
    expect(F.nllLoss(logp, indices).item()).toBeCloseTo(F.crossEntropy(logits, indices).item() as number, 14);
    expect(new NLLLoss({ reduction: 'sum' }).forward(tensor([[-1, -2]], f64), tensor([1], i32)).item()).toBe(2);
  });

  it('rejects bad targets with typed errors', () => {
    expect(() => F.crossEntropy(logits, tensor([0, 4, 1], i32))).toThrow(
      /nn\.functional\.crossEntropy: target 4 is out of bounds for 4 classes/,
    );
    expect(() => F.crossEntropy(logits, tensor([0, -1, 1], i32))).toThrow(ShapeError);
    expect(() => F.crossEntropy(logits, tensor([0, 1], i32))).toThrow(/class indices of shape \[3\]/);
    expect(() => F.crossEntropy(logits, tensor([[0.5, 0.5]], f64))).toThrow(ShapeError);
    expect(() => F.crossEntropy(logits, tensor([true, false, true]))).toThrow(DtypeError);
    expect(() => F.crossEntropy(logits, indices, { labelSmoothing: 2 })).toThrow(DtypeError);
    expect(() => F.crossEntropy(tensor(1, f64), tensor(0, i32))).toThrow(ShapeError);
    expect(() => F.nllLoss(logits, tensor(classes, f64))).toThrow(DtypeError);
  });
});

describe('binary cross-entropy', () => {
  const xs = [-3, -0.5, 0, 0.7, 4];
  const ys = [0, 1, 0.5, 1, 0];
  const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
  const expected = xs.map((v, i) => -(ys[i] * Math.log(sigmoid(v)) + (1 - ys[i]) * Math.log(1 - sigmoid(v))));

  it('with logits matches −[y log σ(x) + (1 − y) log(1 − σ(x))], also with posWeight', () => {
    const loss = F.binaryCrossEntropyWithLogits(tensor(xs, f64), tensor(ys, f64), { reduction: 'none' });
    values(loss).forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i], 13);
    });
    const w = 3;
    const weighted = xs.map((v, i) => -(w * ys[i] * Math.log(sigmoid(v)) + (1 - ys[i]) * Math.log(1 - sigmoid(v))));
    const module = new BCEWithLogitsLoss({ reduction: 'none', posWeight: tensor([w], f64) });
    expect(module.stateDict()).toHaveProperty('posWeight'); // a buffer, as PyTorch's pos_weight
    values(module.forward(tensor(xs, f64), tensor(ys, f64))).forEach((v, i) => {
      expect(v).toBeCloseTo(weighted[i], 13);
    });
  });

  it('with logits is finite for |x| = 1e4 and has correct gradients', () => {
    const big = F.binaryCrossEntropyWithLogits(tensor([1e4, -1e4, 1e4], f64), tensor([0, 1, 1], f64), {
      reduction: 'none',
    });
    expect(values(big)).toEqual([1e4, 1e4, 0]);
    const x = randn([6], { dtype: 'float64', requiresGrad: true });
    const y = randn([6], f64).sigmoid().requiresGrad_();
    expect(gradcheck((a, b) => F.binaryCrossEntropyWithLogits(a, b), [x, y])).toBe(true);
    expect(gradcheck((a, b) => F.binaryCrossEntropyWithLogits(a, b, { posWeight: 2.5 }), [x, y])).toBe(true);
  });

  it('on probabilities matches the formula, clamps logs at −100 and checks its input', () => {
    const p = tensor(xs.map(sigmoid), f64);
    values(new BCELoss({ reduction: 'none' }).forward(p, tensor(ys, f64))).forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i], 12);
    });
    expect(F.binaryCrossEntropy(tensor([0], f64), tensor([1], f64)).item()).toBe(100);
    expect(() => F.binaryCrossEntropy(tensor([1.5], f64), tensor([1], f64))).toThrow(/between 0 and 1/);
    const q = tensor([0.2, 0.6, 0.9], { dtype: 'float64', requiresGrad: true });
    expect(gradcheck((a) => F.binaryCrossEntropy(a, tensor([0, 1, 0.3], f64)), [q])).toBe(true);
  });
});
