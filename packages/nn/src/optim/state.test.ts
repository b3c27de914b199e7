/** Hostile optimizer and scheduler state (reliability issue, item 7): refused with typed errors, nothing changed. */
import '@tapegrad/autograd';
import { DtypeError, tensor } from '@tapegrad/core';
import { describe, expect, it } from 'vitest';
import {
  Adadelta,
  Adagrad,
  Adam,
  Adamax,
  CosineAnnealingLR,
  lrScheduler,
  NAdam,
  RAdam,
  RMSprop,
  SGD,
  StepLR,
} from './index';

function param() {
  return tensor([1, 2], { dtype: 'float64', requiresGrad: true });
}

function stepOnce<T extends { step(): unknown }>(opt: T, p: ReturnType<typeof param>): T {
  p.grad = tensor([0.5, -0.25], { dtype: 'float64' });
  opt.step();
  return opt;
}

describe('optimizer state dicts', () => {
  it('Adamax, NAdam, RAdam and Adadelta resume from a saved state exactly as if never stopped', () => {
    for (const Ctor of [Adamax, NAdam, RAdam, Adadelta]) {
      const [a, b] = [param(), param()];
      const first = new Ctor([a], { lr: 0.05 });
      for (let k = 0; k < 3; k++) stepOnce(first, a);
      const saved = JSON.parse(JSON.stringify(first.stateDict()));
      b.detach().copy_(a.detach());
      const second = new Ctor([b], { lr: 0.05 });
      second.loadStateDict(saved);
      for (let k = 0; k < 3; k++) {
        stepOnce(first, a);
        stepOnce(second, b);
      }
      expect(b.toArray(), Ctor.name).toEqual(a.toArray());
    }
  });

  it('refuse negative or NaN second-moment state (Adam expAvgSq = [−1, −1] would give NaN parameters)', () => {
    const cases = [
      { make: (p: ReturnType<typeof param>) => new Adam([p]), key: 'expAvgSq' },
      { make: (p: ReturnType<typeof param>) => new Adam([p], { amsgrad: true }), key: 'maxExpAvgSq' },
      { make: (p: ReturnType<typeof param>) => new RMSprop([p]), key: 'squareAvg' },
      { make: (p: ReturnType<typeof param>) => new Adagrad([p]), key: 'sum' },
      { make: (p: ReturnType<typeof param>) => new Adamax([p]), key: 'expInf' },
      { make: (p: ReturnType<typeof param>) => new NAdam([p]), key: 'expAvgSq' },
      { make: (p: ReturnType<typeof param>) => new RAdam([p]), key: 'expAvgSq' },
      { make: (p: ReturnType<typeof param>) => new Adadelta([p]), key: 'accDelta' },
    ];
    for (const { make, key } of cases) {
      const p = param();
      const opt = stepOnce(make(p), p);
      const saved = JSON.parse(JSON.stringify(opt.stateDict()));
      const before = JSON.stringify(opt.stateDict());
      for (const bad of [
        [-1, -1],
        ['NaN', 0],
        [0, -1e-300],
      ]) {
        const hostile = structuredClone(saved);
        hostile.state['0'][key].data = bad;
        expect(() => opt.loadStateDict(hostile)).toThrow(DtypeError);
        expect(() => opt.loadStateDict(hostile)).toThrow(new RegExp(`state\\["0"\\]\\.${key} to hold`));
      }
      expect(JSON.stringify(opt.stateDict())).toBe(before);
      opt.loadStateDict(saved); // the genuine state still loads
    }
  });

  it('refuse NaN in first-moment and momentum buffers', () => {
    const p = param();
    const opt = stepOnce(new SGD([p], { lr: 0.1, momentum: 0.9 }), p);
    const hostile = JSON.parse(JSON.stringify(opt.stateDict()));
    hostile.state['0'].momentumBuffer.data = ['NaN', 1];
    expect(() => opt.loadStateDict(hostile)).toThrow(/momentumBuffer to hold no NaN/);
  });

  it('RMSprop and Adagrad state round-trips through JSON and resumes identically', () => {
    for (const make of [
      (p: ReturnType<typeof param>) => new RMSprop([p], { momentum: 0.5, centered: true }),
      (p: ReturnType<typeof param>) => new Adagrad([p], { lrDecay: 0.1, initialAccumulatorValue: 0.2 }),
    ]) {
      const a = param();
      const b = param();
      const optA = stepOnce(make(a), a);
      const optB = make(b);
      stepOnce(optB, b);
      optB.loadStateDict(JSON.parse(JSON.stringify(optA.stateDict())));
      stepOnce(optA, a);
      stepOnce(optB, b);
      expect(b.toArray()).toEqual(a.toArray());
    }
  });
});

describe('schedulers cannot bypass the optimizer lr validation', () => {
  const sgd = (lr = 1) => new SGD([param()], { lr });

  it('refuse negative decay factors and minimum lrs at construction', () => {
    expect(() => new StepLR(sgd(), { stepSize: 1, gamma: -1 })).toThrow(
      /optim\.StepLR: expected gamma to be a finite number ≥ 0/,
    );
    expect(() => new CosineAnnealingLR(sgd(), { tMax: 5, etaMin: -10 })).toThrow(DtypeError);
    expect(() => new lrScheduler.ExponentialLR(sgd(), { gamma: -0.5 })).toThrow(DtypeError);
    expect(() => new lrScheduler.ReduceLROnPlateau(sgd(), { minLr: -1 })).toThrow(DtypeError);
    expect(() => new StepLR(sgd(), { stepSize: 1, gama: 0.5 } as never)).toThrow(/unknown option "gama"/);
  });

  it('a schedule that overflows to Infinity throws at that step and changes nothing', () => {
    const opt = sgd();
    const scheduler = new StepLR(opt, { stepSize: 1, gamma: 1e300 });
    scheduler.step(); // lr 1e300: finite, allowed
    expect(opt.paramGroups[0].lr).toBe(1e300);
    expect(() => scheduler.step()).toThrow(
      /optim\.StepLR\.step: the schedule gives parameter group 0 an invalid lr at epoch 2 \(expected a finite number ≥ 0, got number Infinity\)/,
    );
    expect(opt.paramGroups[0].lr).toBe(1e300);
    expect(scheduler.lastEpoch).toBe(1);
  });

  it('LambdaLR results are validated (negative, NaN, non-numbers)', () => {
    for (const f of [() => -1, () => Number.NaN, () => 'x' as unknown as number]) {
      const opt = sgd();
      expect(() => new lrScheduler.LambdaLR(opt, (e) => (e === 0 ? 1 : f()))).not.toThrow();
      const s = new lrScheduler.LambdaLR(opt, (e) => (e === 0 ? 1 : f()));
      expect(() => s.step()).toThrow(DtypeError);
      expect(opt.paramGroups[0].lr).toBe(1);
    }
    expect(() => new lrScheduler.LambdaLR(sgd(), [() => 1, () => 1])).toThrow(/expected 1 lrLambda function/);
  });

  it('loadStateDict refuses a state whose lr would be invalid', () => {
    const opt = sgd();
    const s = new lrScheduler.ExponentialLR(opt, { gamma: 10 });
    expect(() => s.loadStateDict({ lastEpoch: 400, baseLrs: [1] })).toThrow(DtypeError);
    expect(s.lastEpoch).toBe(0);
    expect(s.baseLrs).toEqual([1]);
  });

  it('OneCycleLR refuses stepping past totalSteps and momentum out of range for Adam', () => {
    const opt = sgd();
    const s = new lrScheduler.OneCycleLR(opt, { maxLr: 0.1, totalSteps: 2, cycleMomentum: false });
    s.step();
    s.step();
    expect(() => s.step()).toThrow(/tried to step 3 times/);
    const adam = new Adam([param()]);
    expect(() => new lrScheduler.OneCycleLR(adam as never, { maxLr: 0.1, totalSteps: 5, maxMomentum: 1 })).toThrow(
      /maxMomentum to be a number in \[0, 1\)/,
    );
    expect(() => new lrScheduler.OneCycleLR(new Adagrad([param()]) as never, { maxLr: 0.1, totalSteps: 5 })).toThrow(
      /does not support momentum/,
    );
  });
});
