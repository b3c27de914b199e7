/**
 * Mistakes that used to be accepted silently (issue #11 item 8), each now a typed error as in PyTorch: a float target
 * of the wrong shape for crossEntropy (torch: "expected scalar type Long but found Float"), and layers given an input
 * of another floating dtype than their parameters (torch: "mat1 and mat2 must have the same dtype" for Linear,
 * "Input type (double) and bias type (float) should be the same" for Conv, "expected scalar type" for LayerNorm).
 * Unknown option keys: ./unknown-options.test.ts; `x.norm(p, dim)`: ../tensor-norm.test.ts.
 */

import { rows } from '@tapegrad/testing/literals';
import { DtypeError, nn, ones, ShapeError, tensor } from 'tapegrad';
import { describe, expect, it } from 'vitest';

describe('crossEntropy with class indices given as floats', () => {
  const logits = () => tensor(rows('1 2 3; 1 0 0; 0 5 1'), { dtype: 'float32' });

  it('says that class indices must be an int32 tensor and shows how to make one', () => {
    const call = () => nn.functional.crossEntropy(logits(), tensor([0, 1, 2]));
    expect(call).toThrow(DtypeError);
    expect(call).toThrow(/^nn\.functional\.crossEntropy: class indices must be an int32 tensor/);
    expect(call).toThrow("tensor([0, 1, 2], { dtype: 'int32' })");
    expect(call).toThrow(/expected int32 class indices of shape \[3\] or float probabilities of shape \[3, 3\]/);
    expect(() => new nn.CrossEntropyLoss().forward(logits(), tensor([0, 1, 2]))).toThrow(/must be an int32 tensor/);
    // probabilities of another shape than the logits stay a ShapeError, with the same hint
    expect(() => nn.functional.crossEntropy(logits(), tensor([[0.5, 0.5]]))).toThrow(ShapeError);
    expect(() => nn.functional.crossEntropy(logits(), tensor([[0.5, 0.5]]))).toThrow(/must be an int32 tensor/);
  });

  it('the suggested fix works: int32 indices, and float probabilities of the logits shape still mean soft targets', () => {
    const hard = nn.functional.crossEntropy(logits(), tensor([0, 1, 2], { dtype: 'int32' })).item();
    const soft = nn.functional.crossEntropy(logits(), tensor(rows('1 0 0; 0 1 0; 0 0 1'), { dtype: 'float32' })).item();
    expect(soft).toBeCloseTo(hard as number, 6);
  });
});

describe('a layer given an input of another dtype than its parameters raises (no silent promotion)', () => {
  it('nn.Linear (float32) refuses float64 input, and the reverse; nn.functional.linear likewise', () => {
    const f32 = new nn.Linear(3, 2);
    expect(() => f32.forward(ones([4, 3], { dtype: 'float64' }))).toThrow(DtypeError);
    expect(() => f32.forward(ones([4, 3], { dtype: 'float64' }))).toThrow(
      /^nn\.Linear\.forward: expected a float32 input .*got .*float64/,
    );
    const f64 = new nn.Linear(3, 2, { dtype: 'float64' });
    expect(() => f64.forward(ones([4, 3], { dtype: 'float32' }))).toThrow(/expected a float64 input/);
    expect(f64.forward(ones([4, 3], { dtype: 'float64' })).dtype).toBe('float64');
    const w = ones([2, 3], { dtype: 'float32' });
    expect(() => nn.functional.linear(ones([1, 3], { dtype: 'float64' }), w)).toThrow(
      /^nn\.functional\.linear: expected a float32 input/,
    );
    expect(() => nn.functional.linear(ones([1, 3]), w, ones([2], { dtype: 'float64' }))).toThrow(DtypeError);
  });

  it('Conv1d/Conv2d, LayerNorm and BatchNorm1d are consistent with Linear; Embedding takes int32 indices only', () => {
    expect(() => new nn.Conv1d(1, 1, 3).forward(ones([1, 1, 5], { dtype: 'float64' }))).toThrow(DtypeError);
    expect(() => new nn.Conv2d(1, 1, 3).forward(ones([1, 1, 4, 4], { dtype: 'float64' }))).toThrow(DtypeError);
    expect(() => new nn.LayerNorm(3).forward(ones([2, 3], { dtype: 'float64' }))).toThrow(DtypeError);
    expect(() => new nn.BatchNorm1d(3).forward(ones([2, 3], { dtype: 'float64' }))).toThrow(DtypeError);
    const emb = new nn.Embedding(4, 2);
    expect(() => emb.forward(tensor([0, 1], { dtype: 'float64' }))).toThrow(/expected int32 indices/);
    expect(emb.forward(tensor([0, 1], { dtype: 'int32' })).dtype).toBe('float32');
  });
});
