import '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { DtypeError, eye, manualSeed, ones, ShapeError, tensor, zeros } from '@tapegrad/core';
import { beforeEach, describe, expect, it } from 'vitest';
import fixture from '../../../test/fixtures/nn/torch-optim.json';
import { init, utils } from './index';

beforeEach(() => manualSeed(0));

function stats(t: Tensor) {
  const v = Array.from(t.toTypedArray() as Float64Array);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length;
  return { mean, std: Math.sqrt(variance), min: Math.min(...v), max: Math.max(...v), n: v.length };
}

describe('nn.init formulas (PyTorch)', () => {
  it('calculateGain and fans', () => {
    expect(init.calculateGain('linear')).toBe(1);
    expect(init.calculateGain('conv2d')).toBe(1);
    expect(init.calculateGain('tanh')).toBe(5 / 3);
    expect(init.calculateGain('relu')).toBe(Math.SQRT2);
    expect(init.calculateGain('leaky_relu')).toBe(Math.sqrt(2 / (1 + 0.01 ** 2)));
    expect(init.calculateGain('leakyRelu', 0.2)).toBe(Math.sqrt(2 / 1.04));
    expect(init.calculateGain('selu')).toBe(0.75);
    expect(() => init.calculateGain('swish' as never)).toThrow(/unsupported nonlinearity/);
    expect(init.calculateFanInAndFanOut(zeros([8, 3, 5, 5]))).toEqual([75, 200]);
    expect(() => init.calculateFanInAndFanOut(zeros([3]))).toThrow(ShapeError);
  });

  it('uniform bounds and moments: uniform_, xavierUniform_, kaimingUniform_', () => {
    const cases: [Tensor, number][] = [
      [init.uniform_(zeros([200, 100], { dtype: 'float64' }), -2, 3), Number.NaN],
      [init.xavierUniform_(zeros([200, 100], { dtype: 'float64' }), 2), 2 * Math.sqrt(6 / 300)],
      [
        init.kaimingUniform_(zeros([200, 100], { dtype: 'float64' }), 0, 'fan_in', 'relu'),
        Math.SQRT2 * Math.sqrt(3 / 100),
      ],
      [
        init.kaimingUniform_(zeros([50, 40, 3], { dtype: 'float64' }), 0.1, 'fan_out'),
        Math.sqrt(2 / 1.01) * Math.sqrt(3 / 150),
      ],
    ];
    const first = stats(cases[0][0]);
    expect(first.min).toBeGreaterThanOrEqual(-2);
    expect(first.max).toBeLessThan(3);
    expect(first.mean).toBeCloseTo(0.5, 1);
    for (const [t, bound] of cases.slice(1)) {
      const s = stats(t);
      expect(s.min).toBeGreaterThanOrEqual(-bound);
      expect(s.max).toBeLessThanOrEqual(bound);
      expect(s.max).toBeGreaterThan(0.99 * bound); // 20 000 draws reach the edges
      expect(Math.abs(s.std / (bound / Math.sqrt(3)) - 1)).toBeLessThan(0.02);
    }
  });

  it('normal moments: normal_, xavierNormal_, kaimingNormal_', () => {
    const cases: [Tensor, number, number][] = [
      [init.normal_(zeros([200, 100], { dtype: 'float64' }), 1.5, 0.2), 1.5, 0.2],
      [init.xavierNormal_(zeros([200, 100], { dtype: 'float64' })), 0, Math.sqrt(2 / 300)],
      [
        init.kaimingNormal_(zeros([200, 100], { dtype: 'float64' }), 0, 'fan_out', 'relu'),
        0,
        Math.SQRT2 / Math.sqrt(200),
      ],
    ];
    for (const [t, mean, std] of cases) {
      const s = stats(t);
      expect(Math.abs(s.mean - mean)).toBeLessThan((5 * std) / Math.sqrt(s.n));
      expect(Math.abs(s.std / std - 1)).toBeLessThan(0.02);
    }
  });

  it('constant_, zeros_, ones_ on any dtype; writes in place into parameters that require grad', () => {
    const w = ones([2, 2], { dtype: 'float64', requiresGrad: true });
    const y = w.mul(w).sum();
    expect(init.constant_(w, 0.25)).toBe(w);
    expect(w.toArray()).toEqual([
      [0.25, 0.25],
      [0.25, 0.25],
    ]);
    expect(() => y.backward()).toThrow(/modified/); // the version counter saw the write
    expect(init.zeros_(tensor([1, 2], { dtype: 'int32' })).toArray()).toEqual([0, 0]);
    expect(init.ones_(zeros([1])).toArray()).toEqual([1]);
  });

  it('orthogonal_ gives Q with QᵀQ = I (tall, wide, conv-shaped) times gain', () => {
    const tall = init.orthogonal_(zeros([6, 3], { dtype: 'float64' }));
    expect(tall.T.matmul(tall).allclose(eye(3, { dtype: 'float64' }), { rtol: 1e-12, atol: 1e-12 })).toBe(true);
    const wide = init.orthogonal_(zeros([3, 6], { dtype: 'float64' }), 2);
    expect(wide.matmul(wide.T).allclose(eye(3, { dtype: 'float64' }).mul(4), { rtol: 1e-12, atol: 1e-12 })).toBe(true);
    const conv = init.orthogonal_(zeros([4, 2, 2, 2], { dtype: 'float64' }));
    const flat = conv.reshape([4, 8]);
    expect(flat.matmul(flat.T).allclose(eye(4, { dtype: 'float64' }), { rtol: 1e-12, atol: 1e-12 })).toBe(true);
    expect(() => init.orthogonal_(zeros([3]))).toThrow(ShapeError);
  });

  it('refuses bad arguments', () => {
    expect(() => init.uniform_(tensor([1], { dtype: 'int32' }))).toThrow(DtypeError);
    expect(() => init.uniform_(zeros([2]), 1, 0)).toThrow(/expected a ≤ b/);
    expect(() => init.normal_(zeros([2]), 0, -1)).toThrow(/std ≥ 0/);
    expect(() => init.kaimingUniform_(zeros([2, 2]), 0, 'fan_avg' as never)).toThrow(/mode 'fan_in' or 'fan_out'/);
    expect(() => init.kaimingUniform_(zeros([2, 0]))).toThrow(/zero fan_in/);
    expect(() => init.normal_([1] as never)).toThrow(DtypeError);
  });
});

describe('nn.utils.clipGradNorm_ / clipGradValue_', () => {
  for (const c of fixture.clipping) {
    it(`matches PyTorch: ${c.name}`, () => {
      const params = c.shapes.map((shape, i) => {
        const p = zeros(shape, { dtype: 'float64', requiresGrad: true });
        p.grad = tensor(c.grads[i], { dtype: 'float64', shape });
        return p;
      });
      const total = utils.clipGradNorm_(params, c.maxNorm, c.normType === 'inf' ? Infinity : (c.normType as number));
      expect(Math.abs(total - c.total)).toBeLessThanOrEqual(1e-12 * c.total);
      params.forEach((p, i) => {
        const got = Array.from(p.grad?.toTypedArray() as Float64Array);
        for (const [j, g] of got.entries())
          expect(Math.abs(g - c.clipped[i][j])).toBeLessThanOrEqual(1e-12 * Math.abs(c.clipped[i][j]) + 1e-300);
      });
    });
  }

  it('does not overflow, skips parameters without gradients, validates', () => {
    const p = zeros([2], { dtype: 'float64', requiresGrad: true });
    p.grad = tensor([3e300, 4e300], { dtype: 'float64' });
    const q = zeros([1], { requiresGrad: true });
    expect(Math.abs(utils.clipGradNorm_([p, q], 1) / 5e300 - 1)).toBeLessThan(1e-15);
    expect(p.grad.toArray()).toEqual([0.6, 0.8].map((v) => expect.closeTo(v, 12)));
    expect(utils.clipGradNorm_([q], 1)).toBe(0);
    p.grad = tensor([Number.NaN, 1], { dtype: 'float64' });
    expect(() => utils.clipGradNorm_(p, 1, 2, true)).toThrow(/non-finite/);
    expect(Array.from(p.grad.toTypedArray())).toEqual([Number.NaN, 1]);
    expect(() => utils.clipGradNorm_(p, -1)).toThrow(DtypeError);
    expect(() => utils.clipGradNorm_(p, 1, 0)).toThrow(DtypeError);
    expect(() => utils.clipGradNorm_(5 as never, 1)).toThrow(DtypeError);
  });

  it('clipGradValue_ clamps in place', () => {
    const p = zeros([3], { dtype: 'float64', requiresGrad: true });
    p.grad = tensor([-2, 0.3, 5], { dtype: 'float64' });
    utils.clipGradValue_([p], 1);
    expect(p.grad.toArray()).toEqual([-1, 0.3, 1]);
    expect(() => utils.clipGradValue_([p], -1)).toThrow(DtypeError);
  });
});
