/**
 * cosineSimilarity where PyTorch 1.13 overflows: its ‖x‖² is ∞ from |x| ≈ 1e154, so it returns 0 for any pair of
 * such vectors; the cosine is scale-free, so the values and gradients here are the closed forms of the same
 * vectors scaled down by 1e200 (cos = a·b/(‖a‖‖b‖), ∇ₐcos = (b/‖b‖ − cos·a/‖a‖)/‖a‖).
 */
import '@tapegrad/autograd';
import { grad } from '@tapegrad/autograd';
import { tensor } from '@tapegrad/core';
import { describe, expect, it } from 'vitest';
import * as F from './functional';

describe('cosineSimilarity at huge magnitudes', () => {
  it('gives the cosine and its gradient, not NaN', () => {
    const a = tensor([[3e200, 4e200]], { dtype: 'float64', requiresGrad: true });
    const b = tensor(
      [
        [4e200, 3e200],
        [1, 1],
      ],
      { dtype: 'float64' },
    );
    const cos = F.cosineSimilarity(a, b);
    const [got24, got7] = cos.toArray() as number[];
    expect(got24).toBeCloseTo(0.96, 15); // 24/25
    expect(got7).toBeCloseTo(7 / (5 * Math.SQRT2), 15);
    const [g] = grad(cos.select(0, 0), [a]);
    const [g0, g1] = (g.toArray() as number[][])[0];
    expect(g0 / 4.48e-202).toBeCloseTo(1, 13); // (0.8 − 0.96·0.6)/5e200
    expect(g1 / -3.36e-202).toBeCloseTo(1, 13); // (0.6 − 0.96·0.8)/5e200
  });
});
