// Class weights and ignoreIndex of crossEntropy/nllLoss and their modules. Values and derivatives of every
// combination are checked against PyTorch in test/derivatives/differential.test.ts; here: closed forms, the module
// buffer, PyTorch's edge cases (all targets ignored, ignoreIndex out of range) and bad input.
import { DtypeError, ShapeError, tensor } from '@tapegrad/core';
import { describe, expect, it } from 'vitest';
import { crossEntropy, nllLoss } from './loss-functions';
import { CrossEntropyLoss, NLLLoss } from './losses';

const f64 = (data: number[][]) => tensor(data, { dtype: 'float64' });
const i32 = (data: number[]) => tensor(data, { dtype: 'int32' });

describe('weight and ignoreIndex (PyTorch semantics)', () => {
  // log-probabilities of 3 samples over 2 classes, and class weights [1, 3]
  const logp = f64([
    [Math.log(0.25), Math.log(0.75)],
    [Math.log(0.5), Math.log(0.5)],
    [Math.log(0.9), Math.log(0.1)],
  ]);
  const weight = tensor([1, 3], { dtype: 'float64' });
  const t = i32([1, 0, 1]);
  const terms = [-3 * Math.log(0.75), -1 * Math.log(0.5), -3 * Math.log(0.1)];

  it("'mean' divides by the sum of the targets' weights, 'sum' and 'none' do not", () => {
    expect(nllLoss(logp, t, { weight }).item()).toBeCloseTo((terms[0] + terms[1] + terms[2]) / 7, 14);
    expect(nllLoss(logp, t, { weight, reduction: 'sum' }).item()).toBeCloseTo(terms[0] + terms[1] + terms[2], 14);
    const none = nllLoss(logp, t, { weight, reduction: 'none' }).toArray() as number[];
    for (const [i, v] of none.entries()) expect(v).toBeCloseTo(terms[i], 14);
  });

  it('ignored positions count neither in the loss nor in the denominator', () => {
    expect(nllLoss(logp, i32([1, -100, 1]), { weight }).item()).toBeCloseTo((terms[0] + terms[2]) / 6, 14);
    expect(nllLoss(logp, t, { ignoreIndex: 0 }).item()).toBeCloseTo((-Math.log(0.75) - Math.log(0.1)) / 2, 14);
    expect((nllLoss(logp, t, { ignoreIndex: 0, reduction: 'none' }).toArray() as number[])[1]).toBe(0);
  });

  it('crossEntropy(x, t, opts) = nllLoss(logSoftmax(x), t, opts), with and without label smoothing', () => {
    const x = f64([
      [0.3, -1.2, 2],
      [1, 1, 0.5],
    ]);
    const w = tensor([0.5, 2, 1], { dtype: 'float64' });
    const target = i32([2, 1]);
    const a = crossEntropy(x, target, { weight: w, ignoreIndex: 1 }).item();
    const b = nllLoss(x.logSoftmax(1), target, { weight: w, ignoreIndex: 1 }).item() as number;
    expect(a).toBeCloseTo(b, 14);
    // One position left (target 2, weight 1): smoothing ε mixes in −Σ_c w_c·logp_c / C over the kept position.
    const lp = x.logSoftmax(1).toArray() as number[][];
    const smooth = -(0.5 * lp[0][0] + 2 * lp[0][1] + lp[0][2]);
    const eps = 0.3;
    const want = (1 - eps) * -lp[0][2] + (eps / 3) * smooth;
    expect(crossEntropy(x, target, { weight: w, ignoreIndex: 1, labelSmoothing: eps }).item()).toBeCloseTo(want, 14);
  });

  it("every target ignored: 'mean' is NaN (0/0, as PyTorch), 'sum' is 0", () => {
    expect(crossEntropy(logp, i32([4, 4, 4]), { ignoreIndex: 4 }).item()).toBeNaN();
    expect(crossEntropy(logp, i32([4, 4, 4]), { ignoreIndex: 4, reduction: 'sum' }).item()).toBe(0);
  });

  it('the gradient skips ignored positions and scales by the weight', () => {
    const x = f64([
      [0, 0],
      [0, 0],
    ]).requiresGrad_();
    crossEntropy(x, i32([1, 0]), { weight, ignoreIndex: 0 }).backward();
    // only row 0 (target 1, weight 3 / denominator 3): softmax − onehot = [0.5, −0.5]
    expect(x.grad?.toArray()).toEqual([
      [0.5, -0.5],
      [0, 0],
    ]);
  });

  it('the modules keep the weight as a buffer (state dict key "weight", cast by to())', () => {
    const loss = new CrossEntropyLoss({ weight, ignoreIndex: 0 });
    expect(Object.keys(loss.stateDict())).toEqual(['weight']);
    expect(Object.keys(new NLLLoss().stateDict())).toEqual([]);
    expect(loss.forward(logp, t).item()).toBeCloseTo(
      crossEntropy(logp, t, { weight, ignoreIndex: 0 }).item() as number,
      15,
    );
    loss.to('float32');
    expect(loss.weight?.dtype).toBe('float32');
    const nll = new NLLLoss({ weight, reduction: 'sum' });
    expect(nll.forward(logp, t).item()).toBeCloseTo(terms[0] + terms[1] + terms[2], 14);
  });
});

describe('bad input', () => {
  const x = f64([[0, 0, 0]]);
  it('a weight of the wrong shape or dtype, a non-integer ignoreIndex', () => {
    expect(() => crossEntropy(x, i32([0]), { weight: tensor([1, 2], { dtype: 'float64' }) })).toThrow(
      new ShapeError('nn.functional.crossEntropy: expected a weight of shape [3] (one per class), got [2]'),
    );
    expect(() => nllLoss(x, i32([0]), { weight: tensor([1, 2, 3], { dtype: 'float32' }) })).toThrow(DtypeError);
    expect(() => nllLoss(x, i32([0]), { weight: tensor([1, 2, 3], { dtype: 'int32' }) })).toThrow(/float32\/float64/);
    expect(() => nllLoss(x, i32([0]), { ignoreIndex: 1.5 })).toThrow(
      /^nn\.functional\.nllLoss: expected ignoreIndex to be an integer, got .*1\.5/,
    );
    expect(() => new CrossEntropyLoss({ weight: [1, 2, 3] as never })).toThrow(
      /^nn\.CrossEntropyLoss: expected weight/,
    );
    expect(() => new NLLLoss({ ignoreIndex: '0' as never })).toThrow(DtypeError);
  });
  it('out-of-range targets are still refused unless they equal ignoreIndex', () => {
    expect(() => crossEntropy(x, i32([3]))).toThrow(ShapeError);
    expect(() => crossEntropy(x, i32([-1]), { ignoreIndex: 5 })).toThrow(/target -1 is out of bounds/);
    expect(crossEntropy(x, i32([-1]), { ignoreIndex: -1, reduction: 'sum' }).item()).toBe(0);
  });
  it('class probabilities cannot take a non-negative ignoreIndex (as PyTorch)', () => {
    expect(() => crossEntropy(x, f64([[0.2, 0.3, 0.5]]), { ignoreIndex: 0 })).toThrow(
      /ignoreIndex is not supported with class-probability targets/,
    );
    expect(crossEntropy(x, f64([[0.2, 0.3, 0.5]]), { ignoreIndex: -1 }).item()).toBeCloseTo(Math.log(3), 14);
  });
});
