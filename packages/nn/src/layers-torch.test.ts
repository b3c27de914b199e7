/**
 * Every layer's forward, gradients (of Σ output·G with respect to inputs and parameters) and updated buffers against
 * PyTorch 1.13 in float64 (fixtures from scripts/fixtures/nn_layers.py). Parameters are loaded through
 * `loadStateDict(…, { names: 'pytorch' })`, so PyTorch's names are exercised too.
 */
import '@tapegrad/autograd';
import { grad } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { tensor } from '@tapegrad/core';
import { describe, expect, it } from 'vitest';
import fixture from '../../../test/fixtures/nn/torch-layers.json';
import {
  AvgPool1d,
  AvgPool2d,
  BatchNorm1d,
  BatchNorm2d,
  Conv1d,
  Conv2d,
  Embedding,
  functional as F,
  LayerNorm,
  MaxPool1d,
  MaxPool2d,
  type Module,
  MultiheadAttention,
} from './index';

interface Encoded {
  shape: number[];
  dtype: string;
  data: (number | string | boolean)[];
}
type Case = (typeof fixture.cases)[number];

const decodeNumber = (v: number | string | boolean) =>
  typeof v === 'number' ? v : typeof v === 'boolean' ? v : Number(String(v).replace('inf', 'Infinity'));

function decode(e: Encoded): Tensor {
  const values = e.data.map(decodeNumber);
  if (e.dtype === 'bool') return tensor(values as boolean[], { dtype: 'bool', shape: e.shape });
  return tensor(values as number[], { dtype: e.dtype as 'float64' | 'int32', shape: e.shape });
}

function expectClose(actual: Tensor, expected: Encoded, what: string) {
  expect(actual.shape, what).toEqual(expected.shape);
  const a = Array.from(actual.toTypedArray() as ArrayLike<number>);
  const b = expected.data.map((v) => Number(decodeNumber(v)));
  const scale = Math.max(1, ...b.filter(Number.isFinite).map(Math.abs));
  a.forEach((v, i) => {
    if (!Number.isFinite(b[i])) expect(v, `${what}[${i}]`).toBe(b[i]);
    else expect(Math.abs(v - b[i]), `${what}[${i}]: ${v} vs ${b[i]}`).toBeLessThanOrEqual(1e-11 * scale);
  });
}

type Config = Record<string, unknown>;
const num = (c: Config, k: string) => c[k] as number;

function build(c: Case): { module: Module | null; run: (...xs: Tensor[]) => Tensor[] } {
  const cfg = c.config as Config;
  const dtype = 'float64' as const;
  const pick = (keys: string[]) => Object.fromEntries(keys.filter((k) => cfg[k] !== undefined).map((k) => [k, cfg[k]]));
  const single = (m: Module & { forward(x: Tensor): Tensor }) => ({
    module: m,
    run: (x: Tensor) => [m.forward(x) as Tensor],
  });
  switch (c.kind) {
    case 'Embedding':
      return single(new Embedding(num(cfg, 'num'), num(cfg, 'dim'), { paddingIdx: num(cfg, 'paddingIdx'), dtype }));
    case 'LayerNorm':
      return single(new LayerNorm(cfg.shape as number[], { dtype, ...pick(['eps', 'elementwiseAffine']) }));
    case 'BatchNorm1d':
    case 'BatchNorm2d': {
      const Ctor = c.kind === 'BatchNorm1d' ? BatchNorm1d : BatchNorm2d;
      const m = new Ctor(num(cfg, 'num'), { dtype, ...pick(['momentum', 'affine', 'trackRunningStats']) });
      m.train(cfg.train as boolean);
      return single(m);
    }
    case 'Conv1d':
    case 'Conv2d': {
      const Ctor = c.kind === 'Conv1d' ? Conv1d : Conv2d;
      return single(
        new Ctor(num(cfg, 'in'), num(cfg, 'out'), cfg.k as number, {
          dtype,
          ...pick(['stride', 'padding', 'dilation', 'groups', 'bias', 'paddingMode']),
        }),
      );
    }
    case 'MaxPool1d':
    case 'MaxPool2d':
    case 'AvgPool1d':
    case 'AvgPool2d': {
      const Ctor = { MaxPool1d, MaxPool2d, AvgPool1d, AvgPool2d }[c.kind];
      const opts = pick(['stride', 'padding', 'dilation', 'ceilMode', 'countIncludePad', 'divisorOverride']);
      const m = new Ctor(cfg.k as number, opts);
      const functional = {
        MaxPool1d: F.maxPool1d,
        MaxPool2d: F.maxPool2d,
        AvgPool1d: F.avgPool1d,
        AvgPool2d: F.avgPool2d,
      }[c.kind];
      return {
        module: m,
        run: (x) => {
          const y = m.forward(x);
          expect(functional(x, cfg.k as number, opts).toArray()).toEqual(y.toArray());
          return [y];
        },
      };
    }
    case 'MultiheadAttention': {
      const m = new MultiheadAttention(num(cfg, 'E'), num(cfg, 'H'), { dtype, ...pick(['batchFirst', 'bias']) });
      const runs: Record<string, (...xs: Tensor[]) => [Tensor, Tensor | null]> = {
        'mha cross padding float mask': (q, k, v, mask) =>
          m.forward(q, k, v, {
            keyPaddingMask: tensor([
              [false, false, true, false, true],
              [false, false, false, false, false],
            ]),
            attnMask: mask,
          }),
        'mha self causal per-head weights': (x) => m.forward(x, x, x, { isCausal: true, averageAttnWeights: false }),
        'mha unbatched no bias': (q, k) => m.forward(q, k, k, { needWeights: false }),
      };
      return { module: m, run: (...xs) => runs[c.name](...xs).filter((t): t is Tensor => t !== null) };
    }
    case 'sdpa':
      return {
        module: null,
        run: (q, k, v, mask) => [
          F.scaledDotProductAttention(q, k, v, {
            attnMask: mask ?? null,
            isCausal: cfg.isCausal === true,
            ...pick(['scale']),
          }),
        ],
      };
    case 'pad':
      return {
        module: null,
        run: (x) => [
          F.pad(x, cfg.pad as number[], {
            mode: cfg.mode as F.PadMode,
            ...(cfg.mode === 'constant' ? { value: num(cfg, 'value') } : {}),
          }),
        ],
      };
    case 'logsigmoid':
      return { module: null, run: (x) => [F.logsigmoid(x)] };
    default:
      throw new Error(`no builder for ${c.kind}`);
  }
}

describe('layers agree with PyTorch (float64): outputs, gradients, buffers', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const { module, run } = build(c);
      if (module !== null) {
        const state: Record<string, Tensor> = {};
        for (const [k, v] of Object.entries(c.state)) state[k] = decode(v as Encoded);
        module.loadStateDict(state, { names: 'pytorch' });
      }
      const inputs = c.inputs.map((e) => {
        const t = decode(e as Encoded);
        return t.dtype === 'float64' ? t.requiresGrad_() : t;
      });
      const outputs = run(...inputs);
      expect(outputs.length).toBe(c.outputs.length);
      outputs.forEach((o, i) => {
        expectClose(o, c.outputs[i] as Encoded, `output ${i}`);
      });
      const params = module === null ? [] : module.namedParameters();
      const wrt = [...inputs.filter((t) => t.requiresGrad), ...params.map(([, p]) => p)];
      const loss = outputs.map((o, i) => o.mul(decode(c.cotangents[i] as Encoded)).sum()).reduce((a, b) => a.add(b));
      const grads = grad(loss, wrt, { allowUnused: true });
      let g = 0;
      c.inputGrads.forEach((expected, i) => {
        if (expected === null) return;
        expect(inputs[i].requiresGrad).toBe(true);
        expectClose(grads[g++] as Tensor, expected as Encoded, `input ${i} gradient`);
      });
      const paramGrads = c.paramGrads as Record<string, Encoded>;
      const pytorchNames = module === null ? [] : Object.keys(module.stateDict({ names: 'pytorch' }));
      const names = module === null ? [] : Object.keys(module.stateDict());
      for (const [name] of params) {
        const key = pytorchNames[names.indexOf(name)];
        const got = grads[g++];
        if (paramGrads[key] === undefined) expect(got === null || (got.abs().max().item() as number) === 0).toBe(true);
        else expectClose(got as Tensor, paramGrads[key], `gradient of ${key}`);
      }
      if (module !== null) {
        const after = module.stateDict({ names: 'pytorch' });
        for (const [key, expected] of Object.entries(c.stateAfter))
          expectClose(decode(after[key] as Encoded), expected as Encoded, `${key} after`);
      }
    });
  }
});
