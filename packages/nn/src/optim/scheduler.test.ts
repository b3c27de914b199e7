import { DtypeError, ones } from '@tapegrad/core';
import { describe, expect, it } from 'vitest';
import { CosineAnnealingLR, lrScheduler, SGD, StepLR } from './index';

function optimizer(lrs: number[]) {
  return new SGD(
    lrs.map((lr) => ({ params: [ones([1], { requiresGrad: true })], lr })),
    { lr: 1 },
  );
}

describe('StepLR', () => {
  it('follows lr = base·γ^⌊epoch/stepSize⌋ for every group', () => {
    const opt = optimizer([0.1, 1]);
    const scheduler = new StepLR(opt, { stepSize: 3, gamma: 0.5 });
    expect(scheduler.lastEpoch).toBe(0);
    for (let epoch = 0; epoch <= 10; epoch++) {
      if (epoch > 0) scheduler.step();
      const factor = 0.5 ** Math.floor(epoch / 3);
      expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.1 * factor, factor]);
      expect(scheduler.getLastLr()).toEqual([0.1 * factor, factor]);
    }
  });

  it('defaults gamma to 0.1 and validates its options', () => {
    const opt = optimizer([1]);
    const scheduler = new StepLR(opt, { stepSize: 1 });
    scheduler.step();
    expect(opt.paramGroups[0].lr).toBeCloseTo(0.1, 15);
    expect(() => new StepLR(opt, { stepSize: 0 })).toThrow(/optim\.StepLR: expected stepSize to be a positive integer/);
    expect(() => new StepLR(opt, { stepSize: 2, gamma: Number.NaN })).toThrow(DtypeError);
  });
});

describe('CosineAnnealingLR', () => {
  it('follows lr = ηmin + (base − ηmin)(1 + cos(π·epoch/tMax))/2, including past tMax', () => {
    const opt = optimizer([0.2, 0.05]);
    const scheduler = new lrScheduler.CosineAnnealingLR(opt, { tMax: 8, etaMin: 0.01 });
    for (let epoch = 0; epoch <= 20; epoch++) {
      if (epoch > 0) scheduler.step();
      const expected = [0.2, 0.05].map((base) => 0.01 + ((base - 0.01) * (1 + Math.cos((Math.PI * epoch) / 8))) / 2);
      opt.paramGroups.forEach((g, i) => {
        expect(g.lr).toBeCloseTo(expected[i], 15);
      });
    }
    const fresh = optimizer([1]);
    const s = new CosineAnnealingLR(fresh, { tMax: 10 });
    for (let i = 0; i < 10; i++) s.step();
    expect(fresh.paramGroups[0].lr).toBeCloseTo(0, 15);
  });

  it('state dicts round-trip through JSON and resume the sequence', () => {
    const a = optimizer([1]);
    const sa = new CosineAnnealingLR(a, { tMax: 7 });
    for (let i = 0; i < 3; i++) sa.step();
    const saved = JSON.stringify({ opt: a.stateDict(), sched: sa.stateDict() });
    expect(JSON.parse(saved).sched).toEqual({ lastEpoch: 3, baseLrs: [1] });
    const b = optimizer([0.3]);
    const sb = new CosineAnnealingLR(b, { tMax: 7 });
    b.loadStateDict(JSON.parse(saved).opt);
    sb.loadStateDict(JSON.parse(saved).sched);
    sa.step();
    sb.step();
    expect(b.paramGroups[0].lr).toBe(a.paramGroups[0].lr);
    expect(() => sb.loadStateDict({ lastEpoch: 'x', baseLrs: [1] })).toThrow(DtypeError);
    expect(() => sb.loadStateDict({ lastEpoch: 1, baseLrs: [1, 2] })).toThrow(/array of 1 numbers/);
    expect(() => sb.loadStateDict(JSON.parse('{"lastEpoch":1,"baseLrs":[1],"__proto__":{}}'))).toThrow(
      /unexpected key "__proto__"/,
    );
    expect(sb.lastEpoch).toBe(4);
  });
});
