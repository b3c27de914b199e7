import '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { linspace, manualSeed, tensor } from '@tapegrad/core';
import { expect, it } from 'vitest';
import { functional as F, Linear, Module, optim, Sequential, Tanh } from './index';

it('fits y = 3x − 1 with a Linear layer and SGD', () => {
  manualSeed(1);
  const model = new Linear(1, 1, { dtype: 'float64' });
  const x = linspace(-1, 1, 32, { dtype: 'float64' }).reshape([32, 1]);
  const y = x.mul(3).sub(1);
  const opt = new optim.SGD(model.parameters(), { lr: 0.2, momentum: 0.5 });
  let loss = Number.POSITIVE_INFINITY;
  for (let step = 0; step < 200; step++) {
    opt.zeroGrad();
    const l = F.mseLoss(model.forward(x), y);
    l.backward();
    opt.step();
    loss = l.item() as number;
  }
  expect(loss).toBeLessThan(1e-10);
  expect(model.weight.item()).toBeCloseTo(3, 6);
  expect(model.bias!.item()).toBeCloseTo(-1, 6);
});

it('learns XOR with an MLP, Adam and a scheduler; the loss falls below 0.01', () => {
  manualSeed(0);
  class Mlp extends Module {
    body = new Sequential(new Linear(2, 8), new Tanh(), new Linear(8, 2));
    forward(x: Tensor): Tensor {
      return this.body.forward(x);
    }
  }
  const model = new Mlp();
  const x = tensor([
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]);
  const labels = tensor([0, 1, 1, 0], { dtype: 'int32' });
  const opt = new optim.AdamW(model.parameters(), { lr: 0.05, weightDecay: 1e-4 });
  const scheduler = new optim.StepLR(opt, { stepSize: 150, gamma: 0.5 });
  const losses: number[] = [];
  for (let step = 0; step < 300; step++) {
    opt.zeroGrad();
    const loss = F.crossEntropy(model.forward(x), labels);
    loss.backward();
    opt.step();
    scheduler.step();
    losses.push(loss.item() as number);
  }
  expect(losses[0]).toBeGreaterThan(0.5);
  expect(losses[losses.length - 1]).toBeLessThan(0.01);
  expect(model.eval().forward(x).argmax(1).toArray()).toEqual([0, 1, 1, 0]);
});
