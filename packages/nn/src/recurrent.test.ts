/**
 * nn.RNN, nn.LSTM and nn.GRU against PyTorch 1.13 in float64 (fixtures from scripts/fixtures/nn_recurrent.py):
 * PyTorch's state dict loads under its own names, and the outputs, final states and the gradients with respect to the
 * input, the initial states and every parameter agree. Second derivatives are checked by gradgradcheck.
 */
import '@tapegrad/autograd';
import { gradcheck, gradgradcheck } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { manualSeed, ones, randn, ShapeError, tensor } from '@tapegrad/core';
import { describe, expect, it } from 'vitest';
import fixture from '../../../test/fixtures/nn/torch-recurrent.json';
import { GRU, LSTM, RNN, type RNNOptions } from './index';

interface Encoded {
  shape: number[];
  data: number[];
}
const decode = (e: Encoded): Tensor => tensor(e.data, { dtype: 'float64', shape: e.shape });

function expectClose(actual: Tensor | null | undefined, expected: Encoded, what: string): void {
  expect(actual, what).toBeTruthy();
  const a = actual as Tensor;
  expect(a.shape, what).toEqual(expected.shape);
  const values = Array.from(a.toTypedArray() as Float64Array);
  values.forEach((v, i) => {
    expect(Math.abs(v - (expected.data[i] as number)), `${what}[${i}]`).toBeLessThanOrEqual(1e-12);
  });
}

const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

describe('recurrent layers agree with PyTorch 1.13 (float64)', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const opts = { ...(c.opts as RNNOptions), dtype: 'float64' as const };
      const [inputSize, hiddenSize] = c.args as [number, number];
      const m =
        c.kind === 'RNN'
          ? new RNN(inputSize, hiddenSize, opts)
          : c.kind === 'LSTM'
            ? new LSTM(inputSize, hiddenSize, opts)
            : new GRU(inputSize, hiddenSize, opts);
      const state = Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, decode(v as Encoded)]));
      m.loadStateDict(state, { names: 'pytorch' });
      const x = decode(c.input as Encoded).requiresGrad_(true);
      const states = c.states.map((s) => decode(s as Encoded).requiresGrad_(true));
      let outs: Tensor[];
      if (m instanceof LSTM) {
        const [out, [h, cN]] = m.forward(x, states.length ? [states[0] as Tensor, states[1] as Tensor] : null);
        outs = [out, h, cN];
      } else {
        const [out, h] = (m as RNN | GRU).forward(x, states[0] ?? null);
        outs = [out, h];
      }
      for (const [i, t] of outs.entries()) expectClose(t, c.outputs[i] as Encoded, `output ${i}`);
      outs
        .map((t, i) => t.mul(decode(c.cotangents[i] as Encoded)).sum())
        .reduce((a, b) => a.add(b))
        .backward();
      expectClose(x.grad, c.inputGrad as Encoded, 'input grad');
      for (const [i, s] of states.entries()) expectClose(s.grad, c.stateGrads[i] as Encoded, `state ${i} grad`);
      const grads = c.paramGrads as Record<string, Encoded>;
      const named = m.namedParameters();
      expect(named.map(([n]) => snake(n))).toEqual(Object.keys(grads)); // PyTorch's order and names
      for (const [name, p] of named) expectClose(p.grad, grads[snake(name)] as Encoded, `${name} grad`);
    });
  }
});

describe('recurrent layers', () => {
  it('second derivatives (gradgradcheck) through LSTM and GRU steps', () => {
    manualSeed(3);
    const lstm = new LSTM(2, 2, { dtype: 'float64' });
    const gru = new GRU(2, 2, { dtype: 'float64', bidirectional: true });
    const x = randn([3, 1, 2], { dtype: 'float64', requiresGrad: true });
    expect(gradgradcheck((t) => lstm.forward(t)[0], [x])).toBe(true);
    expect(gradgradcheck((t) => gru.forward(t)[1], [x])).toBe(true);
    const rnn = new RNN(2, 3, { dtype: 'float64', nonlinearity: 'relu' });
    expect(gradcheck((t) => rnn.forward(t)[0], [x])).toBe(true);
  });

  it('PyTorch initialization bound 1/√H, parameter order and state dict names', () => {
    manualSeed(0);
    const m = new LSTM(3, 4, { numLayers: 2, bidirectional: true });
    const names = Object.keys(m.stateDict({ names: 'pytorch' }));
    expect(names.slice(0, 8)).toEqual([
      'weight_ih_l0',
      'weight_hh_l0',
      'bias_ih_l0',
      'bias_hh_l0',
      'weight_ih_l0_reverse',
      'weight_hh_l0_reverse',
      'bias_ih_l0_reverse',
      'bias_hh_l0_reverse',
    ]);
    expect(names).toHaveLength(16);
    expect(m.weightIhL0.shape).toEqual([16, 3]);
    expect((m as unknown as Record<string, Tensor>).weightIhL1?.shape).toEqual([16, 8]);
    for (const p of m.parameters()) expect(p.abs().max().item()).toBeLessThanOrEqual(0.5);
  });

  it('dropout acts between layers in training mode only', () => {
    manualSeed(1);
    const m = new GRU(2, 3, { numLayers: 2, dropout: 0.5, dtype: 'float64' });
    const x = ones([4, 1, 2], { dtype: 'float64' });
    const a = m.eval().forward(x)[0].toArray();
    expect(m.forward(x)[0].toArray()).toEqual(a);
    manualSeed(2);
    expect(m.train().forward(x)[0].toArray()).not.toEqual(a);
  });

  it('refuses inputs that do not fit', () => {
    const m = new LSTM(3, 2);
    expect(() => m.forward(randn([5, 2, 4]))).toThrow(/^nn\.LSTM\.forward: expected input of 3 features/);
    expect(() => m.forward(randn([5, 2, 3]), [randn([1, 2, 2]), randn([2, 2, 2])])).toThrow(/initial state of shape/);
    expect(() => m.forward(randn([5, 2, 3], { dtype: 'float64' }))).toThrow(/float32 input/);
    expect(() => new RNN(3, 2, { nonlinearity: 'sigmoid' as 'relu' })).toThrow(/nonlinearity/);
    expect(() => new GRU(3, 0)).toThrow(/hiddenSize/);
  });
  it('refuses absurd sizes before allocating (no heap exhaustion, no hang)', () => {
    expect(() => new LSTM(1, 1, { numLayers: 1e9 })).toThrow(/^nn\.LSTM: expected numLayers·directions of at most/);
    expect(() => new GRU(1, 1, { numLayers: 40000, bidirectional: true })).toThrow(ShapeError);
    // 30000 gate rows × (30000 + 10000 + 2), then 2 × 30000 × (10000 + 10000 + 2): each weight fits, not the sum.
    expect(() => new GRU(30000, 10000, { numLayers: 3 })).toThrow(/expected at most 2\^31 − 1 parameters in all/);
  });
});
