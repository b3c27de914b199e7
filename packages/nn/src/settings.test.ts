/**
 * Declared options (settings.ts): a functional form and its module read one schema, so they accept and refuse the
 * same values, fill in the same defaults, and the module keeps them as properties.
 */
import { DtypeError, ShapeError, tensor } from '@tapegrad/core';
import { describe, expect, it } from 'vitest';
import * as F from './functional';
import * as nn from './index';

const f64 = (data: number[]) => tensor(data, { dtype: 'float64' });

describe('declared options', () => {
  it('modules keep PyTorch’s defaults and the given values as properties', () => {
    expect(new nn.HuberLoss().delta).toBe(1);
    expect(new nn.SmoothL1Loss({ beta: 0.5 }).beta).toBe(0.5);
    expect(new nn.HingeEmbeddingLoss().margin).toBe(1);
    expect(new nn.MarginRankingLoss().margin).toBe(0);
    const triplet = new nn.TripletMarginLoss({ p: Number.POSITIVE_INFINITY, swap: true });
    expect([triplet.margin, triplet.p, triplet.eps, triplet.swap, triplet.reduction]).toEqual([
      1,
      Number.POSITIVE_INFINITY,
      1e-6,
      true,
      'mean',
    ]);
    const poisson = new nn.PoissonNLLLoss({ logInput: false, eps: null as unknown as number });
    expect([poisson.logInput, poisson.full, poisson.eps]).toEqual([false, false, 1e-8]);
    const pd = new nn.PairwiseDistance({ keepdim: true });
    expect([pd.p, pd.eps, pd.keepdim]).toEqual([2, 1e-6, true]);
    expect(new nn.CosineSimilarity({ dim: 0 }).dim).toBe(0);
  });

  it('a module and its functional form refuse the same values, each under its own name', () => {
    const x = f64([0, 3]);
    const y = f64([0.5, 0]);
    expect(() => F.huberLoss(x, y, { delta: 0 })).toThrow(
      /^nn\.functional\.huberLoss: expected delta to be a finite number > 0, got /,
    );
    expect(() => new nn.HuberLoss({ delta: 0 })).toThrow(
      /^nn\.HuberLoss: expected delta to be a finite number > 0, got /,
    );
    expect(() => F.smoothL1Loss(x, y, { beta: -1 })).toThrow(DtypeError);
    expect(() => new nn.SmoothL1Loss({ beta: -1 })).toThrow(DtypeError);
    // the functional triplet loss checks p itself (it used to leave it to pairwiseDistance, under that name)
    const a = f64([0, 0]).reshape([1, 2]);
    expect(() => F.tripletMarginLoss(a, a, a, { p: -1 })).toThrow(/^nn\.functional\.tripletMarginLoss: expected p/);
    expect(() => new nn.TripletMarginLoss({ p: -1 })).toThrow(/^nn\.TripletMarginLoss: expected p/);
    expect(() => new nn.CosineSimilarity({ dim: 0.5 })).toThrow(ShapeError);
    expect(() => F.cosineSimilarity(x, y, { dim: 0.5 })).toThrow(ShapeError);
    expect(() => new nn.GaussianNLLLoss({ full: 1 as unknown as boolean })).toThrow(
      /^nn\.GaussianNLLLoss: expected full to be a boolean/,
    );
    expect(() => new nn.KLDivLoss({ reduction: 'batch' as 'sum' })).toThrow(/^nn\.KLDivLoss: expected reduction/);
    expect(new nn.KLDivLoss({ reduction: 'batchmean' }).reduction).toBe('batchmean');
  });

  it('a module computes what its functional form computes with the same options', () => {
    const x = f64([0, 3, -2]);
    const y = f64([0.5, 0, 1]);
    const opts = { reduction: 'sum' as const, delta: 0.7 };
    expect(new nn.HuberLoss(opts).forward(x, y).item()).toBe(F.huberLoss(x, y, opts).item());
    const t = f64([1, -1, 1]);
    expect(new nn.HingeEmbeddingLoss({ margin: 2 }).forward(x, t).item()).toBe(
      F.hingeEmbeddingLoss(x, t, { margin: 2 }).item(),
    );
  });
});
