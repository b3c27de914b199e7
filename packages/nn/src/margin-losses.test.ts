/**
 * Closed forms and the edges where PyTorch is no reference (its overflows, its −1 subgradient of smoothL1Loss with
 * β = 0) for the distances (distance.ts) and the losses of robust-losses.ts, likelihood-losses.ts and
 * margin-losses.ts, plus gradcheck/gradgradcheck at smooth points. The PyTorch comparison to second order is
 * functional-torch.test.ts.
 */
import '@tapegrad/autograd';
import { grad, gradcheck, gradgradcheck } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { tensor } from '@tapegrad/core';
import { describe, expect, it } from 'vitest';
import * as F from './functional';
import * as nn from './index';

const f64 = (data: number[]) => tensor(data, { dtype: 'float64' });
const leaf = (data: number[]) => tensor(data, { dtype: 'float64', requiresGrad: true });

describe('distances', () => {
  it('normalize: unit rows; a zero row stays 0 with gradient G/ε (PyTorch’s first derivative)', () => {
    expect(F.normalize(f64([3, 4, 0, 0]).reshape([2, 2])).toArray()).toEqual([
      [0.6, 0.8],
      [0, 0],
    ]);
    const x = leaf([0, 0]);
    const [g] = grad(
      F.normalize(x, { dim: 0, eps: 0.5 })
        .mul(f64([1, 2]))
        .sum(),
      [x],
    );
    expect(g?.toArray()).toEqual([2, 4]);
  });

  it('cosineSimilarity and pairwiseDistance: closed forms, broadcasting, second derivatives', () => {
    expect(F.cosineSimilarity(f64([1, 0]), f64([1, 1]), { dim: 0 }).item()).toBeCloseTo(Math.SQRT1_2, 15);
    expect(F.cosineSimilarity(f64([1, 0, 0, 0]).reshape([2, 2]), f64([0, 0]), { dim: 1 }).toArray()).toEqual([0, 0]);
    expect(F.pairwiseDistance(f64([0, 0]).reshape([1, 2]), f64([3, 4]), { eps: 0 }).toArray()).toEqual([5]);
    const a = leaf([0.3, -1.2, 0.5, 2]).reshape([2, 2]).detach().requiresGrad_(true);
    const b = leaf([1.1, 0.4, -0.7, 0.9]).reshape([2, 2]).detach().requiresGrad_(true);
    expect(gradgradcheck((p, q) => F.cosineSimilarity(p, q), [a, b])).toBe(true);
    expect(gradgradcheck((p, q) => F.pairwiseDistance(p, q, { p: 3 }), [a, b])).toBe(true);
  });
  it('cosineSimilarity at norms over 1e154, where PyTorch 1.13’s ‖x‖² overflows to 0: the closed form, not NaN', () => {
    // Scale-free: cos = a·b/(‖a‖‖b‖) = 24/25 and 7/(5√2); ∇ₐcos = (b/‖b‖ − cos·a/‖a‖)/‖a‖ = [0.224, −0.168]/5e200.
    const a = tensor([[3e200, 4e200]], { dtype: 'float64', requiresGrad: true });
    const cos = F.cosineSimilarity(a, f64([4e200, 3e200, 1, 1]).reshape([2, 2]));
    const [c0, c1] = cos.toArray() as number[];
    expect([c0, c1 * 5 * Math.SQRT2]).toEqual([expect.closeTo(0.96, 15), expect.closeTo(7, 14)]);
    const [g] = grad(cos.select(0, 0), [a]);
    const [g0, g1] = (g.toArray() as number[][])[0];
    expect([g0 / 4.48e-202, g1 / -3.36e-202]).toEqual([expect.closeTo(1, 13), expect.closeTo(1, 13)]);
  });
});

describe('losses', () => {
  it('smoothL1Loss/huberLoss: closed forms; huber = β·smoothL1 with β = δ', () => {
    const x = f64([0, 3, -0.5]);
    const y = f64([0.5, 0, 0]);
    expect(F.smoothL1Loss(x, y, { reduction: 'none' }).toArray()).toEqual([0.125, 2.5, 0.125]);
    const beta = 2;
    const h = F.huberLoss(x, y, { delta: beta, reduction: 'sum' }).item() as number;
    expect(h).toBeCloseTo(beta * (F.smoothL1Loss(x, y, { beta, reduction: 'sum' }).item() as number), 14);
  });

  it('smoothL1Loss with β = 0 is l1Loss, gradient 0 at a zero difference (PyTorch’s smooth_l1 kernel gives −1)', () => {
    const x = leaf([0, 2, -1]);
    const y = f64([0, 1, 1]);
    const [g] = grad(F.smoothL1Loss(x, y, { beta: 0 }), [x]);
    const x2 = leaf([0, 2, -1]);
    const [g2] = grad(F.l1Loss(x2, y), [x2]);
    expect(g?.toArray()).toEqual(g2?.toArray());
    expect((g as Tensor).toArray()).toEqual([0, 1 / 3, -1 / 3]);
  });

  it('klDiv: Σ t·(log t − x), 0·log 0 = 0, batchmean divides by the batch; 0 for equal distributions', () => {
    const p = f64([0.25, 0.75, 0, 1]).reshape([2, 2]);
    const logq = f64([0.5, 0.5, 0.5, 0.5]).reshape([2, 2]).log();
    const want = (0.25 * Math.log(0.25 / 0.5) + 0.75 * Math.log(0.75 / 0.5) + Math.log(1 / 0.5)) / 2;
    expect(F.klDiv(logq, p, { reduction: 'batchmean' }).item()).toBeCloseTo(want, 15);
    expect(F.klDiv(p.add(1).log(), p.add(1).log(), { reduction: 'sum', logTarget: true }).item()).toBe(0);
  });

  it('softMarginLoss: log(1 + e^(−yx)) without overflow at ±800; gradgradcheck', () => {
    const x = leaf([800, -800, 0]);
    const y = f64([-1, -1, 1]);
    const loss = F.softMarginLoss(x, y, { reduction: 'none' });
    expect(loss.toArray()).toEqual([800, 0, Math.LN2]);
    const [g] = grad(loss.sum(), [x]);
    expect(g?.toArray()).toEqual([1, -0, -0.5]);
    expect(gradgradcheck((a) => F.softMarginLoss(a, f64([1, -1, 1])), [leaf([0.3, -2, 1.5])])).toBe(true);
  });

  it('poissonNllLoss and gaussianNllLoss: closed forms; the variance is clamped at ε in the forward only', () => {
    expect(F.poissonNllLoss(f64([Math.log(2)]), f64([3])).item()).toBeCloseTo(2 - 3 * Math.log(2), 15);
    const full = F.poissonNllLoss(f64([0]), f64([3]), { full: true }).item() as number;
    expect(full).toBeCloseTo(1 + 3 * Math.log(3) - 3 + 0.5 * Math.log(2 * Math.PI * 3), 14);
    expect(F.gaussianNllLoss(f64([1]), f64([3]), f64([2])).item()).toBeCloseTo(0.5 * (Math.log(2) + 2), 15);
    const v = leaf([1e-9]);
    const [gv] = grad(F.gaussianNllLoss(f64([0]), f64([1]), v, { eps: 1e-3 }), [v]);
    expect(gv?.item()).toBeCloseTo(0.5 * (1 / 1e-3 - 1 / 1e-6), 6); // d/dv at the clamped value, passed through
    expect(gradgradcheck((a, b) => F.gaussianNllLoss(a, f64([0.2, -1]), b), [leaf([0.5, 1]), leaf([0.7, 2])])).toBe(
      true,
    );
    // torch: gaussian_nll_loss(1, 1, var=inf, reduction='none') = inf, every gradient 0 (not NaN from ∞ − ∞).
    const inf = leaf([Infinity]);
    const loss = F.gaussianNllLoss(f64([1]), f64([1]), inf, { reduction: 'none' });
    expect(loss.toArray()).toEqual([Infinity]);
    expect(grad(loss.sum(), [inf])[0].toArray()).toEqual([0]);
  });

  it('smoothL1Loss/huberLoss at ±∞: gradient ±1 (±δ), not NaN (torch: huber_loss(±inf, 0, delta=0.5) grad ±0.5)', () => {
    const x = leaf([Infinity, -Infinity]);
    expect(grad(F.huberLoss(x, f64([0, 0]), { delta: 0.5, reduction: 'sum' }), [x])[0].toArray()).toEqual([0.5, -0.5]);
    expect(grad(F.smoothL1Loss(x, f64([0, 0]), { reduction: 'sum' }), [x])[0].toArray()).toEqual([1, -1]);
  });

  it('margin losses: closed forms and gradcheck', () => {
    expect(
      F.marginRankingLoss(f64([1, 3]), f64([2, 1]), f64([1, -1]), { margin: 0.5, reduction: 'none' }).toArray(),
    ).toEqual([1.5, 2.5]);
    expect(F.hingeEmbeddingLoss(f64([0.3, 0.3, 2]), f64([1, -1, -1]), { reduction: 'none' }).toArray()).toEqual([
      0.3, 0.7, 0,
    ]);
    expect(F.cosineEmbeddingLoss(f64([1, 0]), f64([0, 1]), tensor(1, { dtype: 'float64' })).item()).toBeCloseTo(1, 12);
    expect(
      F.tripletMarginLoss(f64([0, 0]).reshape([1, 2]), f64([0, 0]).reshape([1, 2]), f64([3, 4]).reshape([1, 2]), {
        eps: 0,
      }).item(),
    ).toBe(0);
    const [a, p, q] = [
      [0.1, 0.9],
      [0.4, -0.3],
      [1.2, 0.8],
    ].map((d) => leaf(d).reshape([1, 2]).detach().requiresGrad_(true));
    expect(
      gradcheck((u, v, w) => F.tripletMarginLoss(u, v, w, { margin: 3 }), [a as Tensor, p as Tensor, q as Tensor]),
    ).toBe(true);
    const ml = (x: Tensor) => F.multilabelSoftMarginLoss(x, f64([1, 0, 0.5, 1]).reshape([2, 2]));
    expect(gradgradcheck(ml, [leaf([0.2, -1, 3, 0.5]).reshape([2, 2]).detach().requiresGrad_(true)])).toBe(true);
  });

  it('loss modules pass their settings to the functional forms; MultiLabelSoftMarginLoss keeps weight as a buffer', () => {
    const x = f64([0.5, -1, 2]);
    const y = f64([1, 0, 1.5]);
    expect(new nn.SmoothL1Loss({ beta: 2 }).forward(x, y).item()).toBe(F.smoothL1Loss(x, y, { beta: 2 }).item());
    expect(new nn.HuberLoss({ delta: 0.5 }).delta).toBe(0.5);
    expect(new nn.MarginRankingLoss({ margin: 2 }).margin).toBe(2);
    const m = new nn.MultiLabelSoftMarginLoss({ weight: f64([1, 2]) });
    expect(Object.keys(m.stateDict())).toEqual(['weight']);
  });
});
