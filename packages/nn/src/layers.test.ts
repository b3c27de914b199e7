import { gradcheck } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { DtypeError, manualSeed, ones, randn, ShapeError, setDefaultDtype, tensor } from '@tapegrad/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Dropout,
  functional as F,
  Flatten,
  GELU,
  Identity,
  LeakyReLU,
  Linear,
  LogSoftmax,
  ReLU,
  Sequential,
  Sigmoid,
  SiLU,
  Softmax,
  Softplus,
  Tanh,
} from './index';

const f64 = { dtype: 'float64' } as const;

function values(t: Tensor): number[] {
  return [...t.toTypedArray()] as number[];
}

afterEach(() => setDefaultDtype('float32'));

describe('Linear', () => {
  it('has PyTorch shapes and draws weight and bias from U(−1/√in, 1/√in)', () => {
    manualSeed(0);
    const fc = new Linear(64, 300, f64);
    expect(fc.weight.shape).toEqual([300, 64]);
    expect(fc.bias!.shape).toEqual([300]);
    expect(fc.weight.requiresGrad && fc.weight.isLeaf).toBe(true);
    const bound = 1 / 8;
    const w = values(fc.weight);
    const b = values(fc.bias!);
    for (const v of [...w, ...b]) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
    // Uniform on [−b, b]: mean 0, variance b²/3, extremes near ±b (19 200 samples).
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const variance = w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length;
    expect(Math.abs(mean)).toBeLessThan(0.004 * bound * 3);
    expect(variance / (bound * bound)).toBeCloseTo(1 / 3, 1.5);
    expect(Math.max(...w)).toBeGreaterThan(0.999 * bound);
    expect(Math.min(...w)).toBeLessThan(-0.999 * bound);
    expect(Math.max(...b)).toBeGreaterThan(0.9 * bound);
  });

  it('is reproducible under manualSeed and follows the default dtype', () => {
    manualSeed(42);
    const a = new Linear(3, 4);
    manualSeed(42);
    const b = new Linear(3, 4);
    const c = new Linear(3, 4);
    expect(a.weight.dtype).toBe('float32');
    expect(values(b.weight)).toEqual(values(a.weight));
    expect(values(b.bias!)).toEqual(values(a.bias!));
    expect(values(c.weight)).not.toEqual(values(a.weight));
    setDefaultDtype('float64');
    expect(new Linear(1, 1).weight.dtype).toBe('float64');
  });

  it('computes x Wᵀ + b (checked by hand), for batched and 1-D inputs', () => {
    const fc = new Linear(3, 2, f64);
    fc.loadStateDict({
      weight: tensor(
        [
          [1, 2, 3],
          [-1, 0, 0.5],
        ],
        f64,
      ),
      bias: tensor([0.25, -2], f64),
    });
    const x = tensor(
      [
        [1, 1, 1],
        [2, 0, -2],
      ],
      f64,
    );
    expect(fc.forward(x).toArray()).toEqual([
      [1 + 2 + 3 + 0.25, -1 + 0.5 - 2],
      [2 - 6 + 0.25, -2 - 1 - 2],
    ]);
    expect(fc.forward(tensor([1, 1, 1], f64)).toArray()).toEqual([6.25, -2.5]);
    expect(fc.forward(ones([2, 5, 3], f64)).shape).toEqual([2, 5, 2]);
    const noBias = new Linear(3, 2, { bias: false, dtype: 'float64' });
    expect(noBias.bias).toBe(null);
    expect(noBias.namedParameters().map(([n]) => n)).toEqual(['weight']);
    expect(noBias.forward(ones([3], f64)).toArray()).toEqual(values(noBias.weight.sum(1)));
  });

  it('has correct gradients (gradcheck, float64) and matches functional.linear', () => {
    const fc = new Linear(3, 2, f64);
    const x = randn([4, 3], { dtype: 'float64', requiresGrad: true });
    expect(gradcheck((xx, w, b) => F.linear(xx, w, b), [x, fc.weight, fc.bias!])).toBe(true);
    expect(fc.forward(x).allclose(F.linear(x, fc.weight, fc.bias))).toBe(true);
  });

  it('rejects bad arguments with typed errors', () => {
    expect(() => new Linear(-1, 2)).toThrow(ShapeError);
    expect(() => new Linear(1.5, 2)).toThrow(/nn\.Linear: expected inFeatures to be a non-negative integer/);
    expect(() => new Linear(2, 2, { dtype: 'int32' })).toThrow(DtypeError);
    expect(() => new Linear(3, 2).forward(ones([4, 2]))).toThrow(
      /nn\.Linear\.forward: expected an input whose last dimension is 3, got float32 tensor of shape \[4, 2\]/,
    );
    expect(() => new Linear(3, 2).forward([1, 2, 3] as unknown as Tensor)).toThrow(DtypeError);
  });
});

describe('Sequential, Identity, Flatten', () => {
  it('composes modules in order', () => {
    const fc1 = new Linear(2, 3, f64);
    const fc2 = new Linear(3, 1, f64);
    const model = new Sequential(fc1, new Tanh(), fc2);
    const x = randn([5, 2], f64);
    expect(model.forward(x).toArray()).toEqual(fc2.forward(fc1.forward(x).tanh()).toArray());
    expect(model.length).toBe(3);
    expect(model.at(0)).toBe(fc1);
    expect(model.at(-1)).toBe(fc2);
    expect(() => model.at(3)).toThrow(ShapeError);
    expect(new Sequential().forward(x)).toBe(x);
    expect(() => new Sequential(new ReLU(), (() => 1) as unknown as ReLU)).toThrow(
      /nn\.Sequential: expected Module arguments/,
    );
  });

  it('Identity returns its input and Flatten keeps the batch dim', () => {
    const x = ones([2, 3, 4]);
    expect(new Identity().forward(x)).toBe(x);
    expect(new Flatten().forward(x).shape).toEqual([2, 12]);
    expect(new Flatten(0).forward(x).shape).toEqual([24]);
  });
});

describe('activations', () => {
  const x = tensor([-3, -0.5, 0, 0.5, 3], f64);
  const xs = [-3, -0.5, 0, 0.5, 3];
  const erf = (z: number) => {
    // Abramowitz–Stegun 7.1.26 is too coarse; integrate the series instead (|z| ≤ 3).
    let sum = 0;
    let term = z;
    for (let n = 0; n < 80; n++) {
      sum += term / (2 * n + 1);
      term *= (-z * z) / (n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  };

  it('match their formulas', () => {
    const close = (t: Tensor, expected: number[]) =>
      values(t).forEach((v, i) => {
        expect(v).toBeCloseTo(expected[i], 12);
      });
    close(
      new ReLU().forward(x),
      xs.map((v) => Math.max(v, 0)),
    );
    close(new Tanh().forward(x), xs.map(Math.tanh));
    close(
      new Sigmoid().forward(x),
      xs.map((v) => 1 / (1 + Math.exp(-v))),
    );
    close(
      new GELU().forward(x),
      xs.map((v) => 0.5 * v * (1 + erf(v / Math.SQRT2))),
    );
    close(
      new GELU({ approximate: 'tanh' }).forward(x),
      xs.map((v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))),
    );
    close(
      new Softplus().forward(x),
      xs.map((v) => Math.log1p(Math.exp(v))),
    );
    close(
      new Softplus({ beta: 2 }).forward(x),
      xs.map((v) => Math.log1p(Math.exp(2 * v)) / 2),
    );
    close(
      new LeakyReLU(0.1).forward(x),
      xs.map((v) => (v >= 0 ? v : 0.1 * v)),
    );
    close(
      new SiLU().forward(x),
      xs.map((v) => v / (1 + Math.exp(-v))),
    );
    const z = xs.reduce((s, v) => s + Math.exp(v), 0);
    close(
      new Softmax(0).forward(x),
      xs.map((v) => Math.exp(v) / z),
    );
    close(
      new LogSoftmax(-1).forward(x),
      xs.map((v) => v - Math.log(z)),
    );
  });

  it('have correct gradients (gradcheck, float64)', () => {
    const input = tensor(
      [
        [-1.3, -0.4, 0.2],
        [0.7, 1.9, -2.2],
      ],
      { dtype: 'float64', requiresGrad: true },
    );
    for (const m of [
      new Tanh(),
      new Sigmoid(),
      new GELU(),
      new Softplus(),
      new LeakyReLU(0.2),
      new SiLU(),
      new Softmax(1),
      new LogSoftmax(1),
    ]) {
      expect(gradcheck((t) => m.forward(t), [input])).toBe(true);
    }
  });
});

describe('Dropout', () => {
  it('zeroes a fraction p and scales the rest by 1/(1 − p)', () => {
    manualSeed(3);
    const p = 0.3;
    const out = values(new Dropout(p).forward(ones([100_000], f64)));
    const zeros = out.filter((v) => v === 0).length;
    expect(zeros / out.length).toBeGreaterThan(p - 0.01);
    expect(zeros / out.length).toBeLessThan(p + 0.01);
    for (const v of out) if (v !== 0) expect(v).toBe(1 / (1 - p));
    const mean = out.reduce((s, v) => s + v, 0) / out.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.02);
  });

  it('is reproducible under manualSeed and its gradient is the mask', () => {
    manualSeed(9);
    const a = values(new Dropout(0.5).forward(ones([32], f64)));
    manualSeed(9);
    const x = ones([32], { dtype: 'float64', requiresGrad: true });
    const y = new Dropout(0.5).forward(x);
    expect(values(y)).toEqual(a);
    y.sum().backward();
    expect(values(x.grad!)).toEqual(a);
  });

  it('is the identity in eval mode, for p = 0, and all zeros for p = 1', () => {
    const x = randn([10], f64);
    const drop = new Dropout(0.9);
    drop.eval();
    expect(drop.forward(x)).toBe(x);
    expect(new Dropout(0).forward(x)).toBe(x);
    expect(values(new Dropout(1).forward(x)).every((v) => v === 0)).toBe(true);
    expect(values(F.dropout(x, { p: 0.5, training: false }))).toEqual(values(x));
    expect(new Dropout(0.5).forward(ones([3], { dtype: 'float32' })).dtype).toBe('float32');
  });

  it('rejects probabilities outside [0, 1]', () => {
    expect(() => new Dropout(1.5)).toThrow(
      /nn\.Dropout: expected a dropout probability between 0 and 1, got number 1.5/,
    );
    expect(() => new Dropout(Number.NaN)).toThrow(DtypeError);
    expect(() => F.dropout(ones([2]), { p: -0.1 })).toThrow(DtypeError);
    expect(() => F.dropout(tensor([1], { dtype: 'int32' }))).toThrow(DtypeError);
  });
});
