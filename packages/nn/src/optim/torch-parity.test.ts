/**
 * Optimizers and schedulers against PyTorch 1.13, step for step (fixtures from scripts/fixtures/nn_optim.py):
 * parameters agree to 1e-12 relative in float64, lrs and momenta to 1e-12.
 */
import '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { tensor } from '@tapegrad/core';
import { describe, expect, it } from 'vitest';
import fixture from '../../../../test/fixtures/nn/torch-optim.json';
import {
  Adadelta,
  Adagrad,
  Adam,
  Adamax,
  AdamW,
  lrScheduler,
  NAdam,
  type Optimizer,
  RAdam,
  RMSprop,
  SGD,
} from './index';
import type { BaseOptions, ParamState } from './optimizer';

type AnyOptimizer = Optimizer<BaseOptions, ParamState>;

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function makeOptimizer(kind: string, params: Tensor[], torchOptions: Record<string, unknown>): AnyOptimizer {
  const options: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(torchOptions)) options[camel(k)] = v;
  const classes: Record<string, new (p: Tensor[], o: Record<string, unknown>) => unknown> = {
    RMSprop,
    Adagrad,
    Adam,
    AdamW,
    SGD,
    Adamax,
    NAdam,
    RAdam,
    Adadelta,
  };
  return new classes[kind](params, options) as AnyOptimizer;
}

function expectClose(actual: ArrayLike<number>, expected: number[], rel: number) {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(...expected.map(Math.abs), 1e-300);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(rel * scale);
}

describe('optimizers match PyTorch step for step (float64)', () => {
  for (const c of fixture.optimizers) {
    it(c.name, () => {
      const p = tensor(c.initial, { dtype: 'float64', shape: c.shape }).requiresGrad_();
      const opt = makeOptimizer(c.optimizer, [p], c.options);
      c.grads.forEach((g, k) => {
        p.grad = tensor(g, { dtype: 'float64', shape: c.shape });
        opt.step();
        expectClose(p.toTypedArray(), c.params[k], 1e-12);
      });
    });
  }
});

function schedulerCase(name: string, opt: AnyOptimizer): { step(metric?: number): void } {
  const S = lrScheduler;
  switch (name) {
    case 'lambda':
      return new S.LambdaLR(opt, (e) => 0.9 ** e + 0.01 * e);
    case 'lambda per group':
      return new S.LambdaLR(opt, [(e) => 1 / (1 + e), (e) => Math.cos(e) ** 2]);
    case 'exponential':
      return new S.ExponentialLR(opt, { gamma: 0.93 });
    case 'linear default':
      return new S.LinearLR(opt);
    case 'linear decay':
      return new S.LinearLR(opt, { startFactor: 1, endFactor: 0.1, totalIters: 7 });
    case 'onecycle cos':
      return new S.OneCycleLR(opt, { maxLr: [0.4, 1.0], totalSteps: 20 });
    case 'onecycle linear three phase adam':
      return new S.OneCycleLR(opt, {
        maxLr: 0.01,
        epochs: 3,
        stepsPerEpoch: 5,
        pctStart: 0.25,
        annealStrategy: 'linear',
        threePhase: true,
        divFactor: 10,
        finalDivFactor: 100,
      });
    case 'onecycle no momentum':
      return new S.OneCycleLR(opt, { maxLr: 0.3, totalSteps: 10, cycleMomentum: false });
    case 'plateau min rel': {
      const s = new S.ReduceLROnPlateau(opt, { patience: 2, factor: 0.5, cooldown: 1, minLr: [0.01, 0.02] });
      return { step: (m) => s.step(m as number) };
    }
    case 'plateau max abs': {
      const s = new S.ReduceLROnPlateau(opt, {
        mode: 'max',
        threshold: 0.05,
        thresholdMode: 'abs',
        patience: 1,
        factor: 0.3,
      });
      return { step: (m) => s.step(m as number) };
    }
    default:
      throw new Error(`no scheduler for ${name}`);
  }
}

describe('schedulers match PyTorch step for step', () => {
  for (const c of fixture.schedulers) {
    it(c.name, () => {
      const groups = c.lrs.map((lr) => ({ params: [tensor([0], { dtype: 'float64', requiresGrad: true })], lr }));
      const opt = (c.optimizer === 'adam'
        ? new Adam(groups, { lr: c.lrs[0] })
        : new SGD(groups, { lr: c.lrs[0], momentum: 0.9 })) as unknown as AnyOptimizer;
      const scheduler = schedulerCase(c.name, opt);
      const momentum = () =>
        opt.paramGroups.map((g) => {
          const r = g as unknown as { betas?: number[]; momentum?: number };
          return r.betas !== undefined ? r.betas[0] : (r.momentum as number);
        });
      c.trace.forEach((expected, k) => {
        if (k > 0) scheduler.step(c.metrics === null ? undefined : c.metrics[k - 1]);
        expectClose(
          opt.paramGroups.map((g) => g.lr),
          expected.lr,
          1e-12,
        );
        expectClose(momentum(), expected.momentum, 1e-12);
      });
    });
  }
});
