import '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { DtypeError, manualSeed, ones, randn, ShapeError, tensor } from '@tapegrad/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { Linear } from '../layers';
import { Adam, AdamW, type Optimizer, SGD } from './index';
import type { BaseOptions, ParamState } from './optimizer';
import type { SGDOptions } from './sgd';

type AnyOptimizer = Optimizer<BaseOptions, ParamState>;
/** A parsed optimizer state dict, typed loosely enough to corrupt it in tests. */
type LooseStateDict = Record<string, unknown> & {
  paramGroups: Record<string, unknown>[];
  state: Record<string, Record<string, unknown> & { expAvg: { shape: number[]; data: unknown[] } }>;
};

/**
 * Independent plain-JS implementations of the update equations as printed in the torch.optim documentation
 * (https://pytorch.org/docs/stable/generated/torch.optim.SGD.html, .Adam.html, .AdamW.html), one element at a time.
 */
function sgdReference(o: SGDOptions) {
  let b: number[] | null = null;
  return (theta: number[], grad: number[]): number[] =>
    theta.map((th, i) => {
      let g = o.maximize ? -grad[i] : grad[i];
      if (o.weightDecay !== 0) g = g + o.weightDecay * th;
      if (o.momentum !== 0) {
        if (b === null) b = new Array(theta.length).fill(Number.NaN);
        b[i] = Number.isNaN(b[i]) ? g : o.momentum * b[i] + (1 - o.dampening) * g;
        g = o.nesterov ? g + o.momentum * b[i] : b[i];
      }
      return th - o.lr * g;
    });
}

interface AdamRef {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  decoupled: boolean;
  maximize: boolean;
}
function adamReference(o: AdamRef) {
  let t = 0;
  let m: number[] = [];
  let v: number[] = [];
  let vMax: number[] = [];
  return (theta: number[], grad: number[]): number[] => {
    t += 1;
    if (t === 1) {
      m = theta.map(() => 0);
      v = theta.map(() => 0);
      vMax = theta.map(() => 0);
    }
    return theta.map((th0, i) => {
      let th = th0;
      let g = o.maximize ? -grad[i] : grad[i];
      if (o.decoupled) th = th - o.lr * o.weightDecay * th;
      else if (o.weightDecay !== 0) g = g + o.weightDecay * th;
      m[i] = o.beta1 * m[i] + (1 - o.beta1) * g;
      v[i] = o.beta2 * v[i] + (1 - o.beta2) * g * g;
      const mHat = m[i] / (1 - o.beta1 ** t);
      let vHat: number;
      if (o.amsgrad) {
        vMax[i] = Math.max(vMax[i], v[i]);
        vHat = vMax[i] / (1 - o.beta2 ** t);
      } else vHat = v[i] / (1 - o.beta2 ** t);
      return th - (o.lr * mHat) / (Math.sqrt(vHat) + o.eps);
    });
  };
}

/** A smooth test gradient that changes sign and size from step to step. */
function gradientAt(theta: number[]): number[] {
  return theta.map((th, i) => 0.5 * (i + 1) * th + Math.cos(3 * th + i) - 0.2);
}

function values(t: Tensor): number[] {
  return [...t.toTypedArray()] as number[];
}

function maxRelativeError(a: number[], b: number[]): number {
  return Math.max(...a.map((x, i) => Math.abs(x - b[i]) / Math.max(1, Math.abs(b[i]))));
}

/** Runs `steps` updates of `make(params)` and of `reference` side by side from the same start. */
function compare(
  make: (params: Tensor[]) => AnyOptimizer,
  reference: (theta: number[], grad: number[]) => number[],
  steps = 12,
  dtype: 'float64' | 'float32' = 'float64',
): number {
  const start = [0.8, -1.3, 0.05, 2.2, -0.4, 1e-3];
  const w = tensor(start.slice(0, 4), { dtype, requiresGrad: true });
  const b = tensor(start.slice(4), { dtype, requiresGrad: true });
  const opt = make([w, b]);
  let theta = [...start];
  let worst = 0;
  for (let s = 0; s < steps; s++) {
    // The gradient is computed in plain JS from our parameters and given to both implementations.
    const current = [...values(w), ...values(b)];
    const grad = gradientAt(current);
    w.grad = tensor(grad.slice(0, 4), { dtype });
    b.grad = tensor(grad.slice(4), { dtype });
    opt.step();
    theta = reference(current, grad);
    worst = Math.max(worst, maxRelativeError([...values(w), ...values(b)], theta));
  }
  return worst;
}

beforeEach(() => manualSeed(0));

describe('SGD', () => {
  const base: SGDOptions = { lr: 0.05, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false };
  const cases: [string, Partial<SGDOptions>][] = [
    ['plain', {}],
    ['momentum', { momentum: 0.9 }],
    ['momentum + dampening', { momentum: 0.8, dampening: 0.3 }],
    ['nesterov', { momentum: 0.9, nesterov: true }],
    ['weight decay', { weightDecay: 0.1 }],
    ['everything', { momentum: 0.7, nesterov: true, weightDecay: 0.05, maximize: true }],
  ];
  for (const [name, options] of cases) {
    it(`${name}: follows torch's equations step by step (float64)`, () => {
      const o = { ...base, ...options };
      expect(compare((p) => new SGD(p, o), sgdReference(o))).toBeLessThan(1e-15);
    });
  }

  it('matches steps computed by hand', () => {
    // f(w) = w², ∇ = 2w, lr 0.1, momentum 0.9: w 1 → 0.8 → 0.46 (b = 2, then 0.9·2 + 1.6 = 3.4).
    const w = tensor([1], { dtype: 'float64', requiresGrad: true });
    const opt = new SGD([w], { lr: 0.1, momentum: 0.9 });
    for (const expected of [0.8, 0.46]) {
      w.square().sum().backward();
      opt.step();
      opt.zeroGrad();
      expect(w.item()).toBeCloseTo(expected, 15);
    }
    expect(values(opt.state.get(w)!.momentumBuffer!)).toEqual([3.4000000000000004]);
  });
});

describe('Adam / AdamW', () => {
  const base: AdamRef = {
    lr: 0.01,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    weightDecay: 0,
    amsgrad: false,
    decoupled: false,
    maximize: false,
  };
  const cases: [string, Partial<AdamRef>][] = [
    ['Adam', {}],
    ['Adam + L2 weight decay', { weightDecay: 0.1 }],
    ['Adam + amsgrad', { amsgrad: true, beta2: 0.9 }],
    ['Adam + maximize, other betas', { maximize: true, beta1: 0.5, beta2: 0.8, eps: 1e-3 }],
    ['Adam with β₁ = 0.3 (lerp weight ≥ 0.5)', { beta1: 0.3 }],
  ];
  const optionsOf = (o: AdamRef) => ({
    lr: o.lr,
    betas: [o.beta1, o.beta2] as [number, number],
    eps: o.eps,
    weightDecay: o.weightDecay,
    amsgrad: o.amsgrad,
    maximize: o.maximize,
  });
  for (const [name, options] of cases) {
    it(`${name}: follows torch's equations step by step (float64)`, () => {
      const o = { ...base, ...options };
      expect(compare((p) => new Adam(p, optionsOf(o)), adamReference(o), 20)).toBeLessThan(1e-13);
    });
  }
  for (const [name, options] of [
    ['AdamW', { weightDecay: 0.01 }],
    ['AdamW, strong decay + amsgrad', { weightDecay: 0.5, amsgrad: true }],
  ] as [string, Partial<AdamRef>][]) {
    it(`${name}: decoupled decay follows torch's equations step by step (float64)`, () => {
      const o = { ...base, ...options, decoupled: true };
      expect(compare((p) => new AdamW(p, optionsOf(o)), adamReference(o), 20)).toBeLessThan(1e-13);
    });
  }

  it('float32 parameters agree with the float64 reference to float32 accuracy', () => {
    const o = { ...base, weightDecay: 0.01 };
    expect(compare((p) => new Adam(p, optionsOf(o)), adamReference(o), 20, 'float32')).toBeLessThan(1e-6);
  });

  it('takes a first step of exactly lr·g/(|g| + ε) (bias correction), checked by hand', () => {
    const w = tensor([1, -2, 0.5], { dtype: 'float64', requiresGrad: true });
    const opt = new Adam([w], { lr: 0.1 });
    w.grad = tensor([4, -0.25, 1e-9], { dtype: 'float64' });
    opt.step();
    const expected = [
      1 - (0.1 * 4) / (4 + 1e-8),
      -2 + (0.1 * 0.25) / (0.25 + 1e-8),
      0.5 - (0.1 * 1e-9) / (1e-9 + 1e-8),
    ];
    values(w).forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i], 15);
    });
    const state = opt.state.get(w)!;
    expect(state.step).toBe(1);
    expect(values(state.expAvg)[0]).toBeCloseTo(0.4, 15);
    expect(values(state.expAvgSq)[0]).toBeCloseTo(0.016, 15);
  });

  it('AdamW defaults to weightDecay 1e-2 and Adam to 0, as PyTorch', () => {
    const w = ones([1], { requiresGrad: true });
    expect(new AdamW([w]).defaults).toEqual({
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 1e-2,
      amsgrad: false,
      maximize: false,
    });
    expect(new Adam([w]).defaults.weightDecay).toBe(0);
  });

  it('updates complex parameters as pairs of reals (torch.view_as_real)', () => {
    const z = tensor([{ re: 1, im: -2 }], { dtype: 'complex128', requiresGrad: true });
    const opt = new Adam([z], { lr: 0.1 });
    z.grad = tensor([{ re: 3, im: -0.5 }], { dtype: 'complex128' });
    opt.step();
    const [re, im] = values(z);
    expect(re).toBeCloseTo(1 - 0.1 * (3 / (3 + 1e-8)), 15);
    expect(im).toBeCloseTo(-2 + 0.1 * (0.5 / (0.5 + 1e-8)), 15);
  });
});

describe('Optimizer base', () => {
  it('skips parameters without gradient, and zeroGrad sets gradients to null', () => {
    const a = tensor([1], { dtype: 'float64', requiresGrad: true });
    const b = tensor([1], { dtype: 'float64', requiresGrad: true });
    const opt = new Adam([a, b], { lr: 0.1 });
    a.grad = tensor([1], { dtype: 'float64' });
    opt.step();
    expect(b.item()).toBe(1);
    expect(opt.state.has(b)).toBe(false);
    opt.zeroGrad();
    expect(a.grad).toBe(null);
  });

  it('supports parameter groups with their own options', () => {
    const fc = new Linear(2, 1, { dtype: 'float64' });
    const opt = new SGD([{ params: [fc.weight] }, { params: [fc.bias!], lr: 1 }], { lr: 0.1 });
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.1, 1]);
    const w0 = values(fc.weight);
    const b0 = values(fc.bias!);
    fc.weight.grad = tensor([[1, 1]], { dtype: 'float64' });
    fc.bias!.grad = tensor([1], { dtype: 'float64' });
    opt.step();
    expect(values(fc.weight)).toEqual(w0.map((v) => v - 0.1));
    expect(values(fc.bias!)).toEqual(b0.map((v) => v - 1));
    expect(() => opt.addParamGroup({ params: [fc.bias!] })).toThrow(/more than one parameter group/);
  });

  it('step(closure) evaluates the closure with grad enabled and returns its loss', () => {
    const w = tensor([2], { dtype: 'float64', requiresGrad: true });
    const opt = new SGD([w], { lr: 0.25 });
    const loss = opt.step(() => {
      opt.zeroGrad();
      const l = w.square().sum();
      l.backward();
      return l;
    });
    expect(loss!.item()).toBe(4);
    expect(w.item()).toBe(1);
  });

  it('does not record the update on the tape', () => {
    const w = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const opt = new Adam([w]);
    w.sum().backward();
    opt.step();
    expect(w.isLeaf).toBe(true);
    expect(w.gradFn).toBe(null);
    expect(opt.state.get(w)!.expAvg.requiresGrad).toBe(false);
  });

  it('validates parameters and options like PyTorch, with typed errors', () => {
    const w = ones([2], { requiresGrad: true });
    expect(() => new SGD([])).toThrow(/optim\.SGD: got an empty parameter list/);
    expect(() => new SGD([w], { lr: -1 })).toThrow(/optim\.SGD: expected lr to be a finite number ≥ 0, got number -1/);
    expect(() => new SGD([w], { nesterov: true })).toThrow(/Nesterov momentum requires a momentum > 0/);
    expect(() => new SGD([w], { momentum: 0.9, nesterov: true, dampening: 0.1 })).toThrow(DtypeError);
    expect(() => new Adam([w], { betas: [0.9, 1] })).toThrow(/betas to be two numbers in \[0, 1\)/);
    expect(() => new Adam([w], { eps: Number.NaN })).toThrow(DtypeError);
    expect(() => new Adam([w], { weight_decay: 0.1 } as unknown as { weightDecay: number })).toThrow(
      /optim\.Adam: unknown option "weight_decay"/,
    );
    expect(() => new SGD([w.mul(2)])).toThrow(/contiguous leaf tensors/);
    expect(() => new SGD([randn([3, 2], { requiresGrad: true }).detach().T])).toThrow(/contiguous leaf tensors/);
    expect(() => new SGD([tensor([1], { dtype: 'int32' })])).toThrow(/floating or complex parameters/);
    expect(() => new SGD(w as unknown as Tensor[])).toThrow(DtypeError);
    const opt = new SGD([w]);
    w.grad = ones([3]);
    expect(() => opt.step()).toThrow(ShapeError);
    w.grad = ones([2], { dtype: 'float64' });
    expect(() => opt.step()).toThrow(/optim\.SGD\.step: expected the gradient of a float32 parameter to be float32/);
  });
});

describe('optimizer state dicts', () => {
  function train(opt: AnyOptimizer, params: Tensor[], steps: number, seed: number) {
    for (let s = 0; s < steps; s++) {
      for (const p of params) {
        const grad = gradientAt(values(p)).map((g, i) => g + 0.1 * Math.sin(seed + s + i));
        p.grad = tensor(grad, { dtype: p.dtype, shape: [...p.shape] });
      }
      opt.step();
    }
  }
  function bitsOf(params: Tensor[]): bigint[] {
    return params.flatMap((p) => {
      const data = p.toTypedArray() as Float64Array;
      return [...new BigUint64Array(data.buffer, data.byteOffset, data.length)];
    });
  }
  const makers: [string, (p: Tensor[]) => AnyOptimizer][] = [
    ['SGD', (p) => new SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
    ['Adam', (p) => new Adam(p, { lr: 0.01, amsgrad: true })],
    ['AdamW', (p) => new AdamW(p, { lr: 0.01 })],
  ];

  for (const [name, make] of makers) {
    it(`${name}: resuming from a JSON state dict continues bit for bit`, () => {
      const a = new Linear(3, 2, { dtype: 'float64' });
      const optA = make(a.parameters());
      train(optA, a.parameters(), 5, 0);
      const saved = JSON.stringify({ model: a.stateDict(), opt: optA.stateDict() });
      train(optA, a.parameters(), 5, 5);

      const b = new Linear(3, 2, { dtype: 'float64' });
      const optB = make(b.parameters());
      const parsed = JSON.parse(saved);
      b.loadStateDict(parsed.model);
      optB.loadStateDict(parsed.opt);
      train(optB, b.parameters(), 5, 5);
      expect(bitsOf(b.parameters())).toEqual(bitsOf(a.parameters()));
    });
  }

  it('has torch’s layout and restores group options', () => {
    const fc = new Linear(2, 1, { dtype: 'float64' });
    const opt = new Adam([{ params: [fc.weight] }, { params: [fc.bias!], lr: 0.5 }], { lr: 0.1 });
    fc.weight.grad = tensor([[1, 2]], { dtype: 'float64' });
    opt.step();
    const sd = JSON.parse(JSON.stringify(opt.stateDict()));
    expect(Object.keys(sd.state)).toEqual(['0']);
    expect(Object.keys(sd.state['0'])).toEqual(['step', 'expAvg', 'expAvgSq']);
    expect(sd.paramGroups).toEqual([
      { lr: 0.1, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, params: [0] },
      { lr: 0.5, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, params: [1] },
    ]);
    const other = new Adam([{ params: [fc.weight] }, { params: [fc.bias!] }], { lr: 0.3 });
    other.loadStateDict(sd);
    expect(other.paramGroups.map((g) => g.lr)).toEqual([0.1, 0.5]);
    expect(other.state.get(fc.weight)!.step).toBe(1);
  });

  it('rejects a bad state dict with a typed error and changes nothing', () => {
    const fc = new Linear(2, 1, { dtype: 'float64' });
    const opt = new Adam(fc.parameters(), { lr: 0.1 });
    fc.weight.grad = tensor([[1, 2]], { dtype: 'float64' });
    opt.step();
    const good = JSON.stringify(opt.stateDict());
    const cases: [(sd: LooseStateDict) => void, RegExp][] = [
      [
        (sd) => {
          sd.extra = 1;
        },
        /unexpected key "extra"/,
      ],
      [
        (sd) => {
          sd.paramGroups.push(sd.paramGroups[0]);
        },
        /array of 1 groups/,
      ],
      [
        (sd) => {
          sd.paramGroups[0].params = [0];
        },
        /does not match the size/,
      ],
      [
        (sd) => {
          sd.paramGroups[0].params = [0, 0];
        },
        /distinct non-negative integer/,
      ],
      [
        (sd) => {
          sd.paramGroups[0].lr = 'fast';
        },
        /expected lr to be a finite number/,
      ],
      [
        (sd) => {
          sd.paramGroups[0].momentum = 0.9;
        },
        /unknown option "momentum"/,
      ],
      [
        (sd) => {
          sd.state['7'] = sd.state['0'];
        },
        /unexpected state key "7"/,
      ],
      [
        (sd) => {
          sd.state['0'].step = -1;
        },
        /step to be a non-negative integer/,
      ],
      [
        (sd) => {
          delete sd.state['0'].expAvgSq;
        },
        /missing key "expAvgSq"/,
      ],
      [
        (sd) => {
          sd.state['0'].bogus = 1;
        },
        /unexpected key "bogus"/,
      ],
      [
        (sd) => {
          sd.state['0'].expAvg.shape = [2, 1];
        },
        /size mismatch for "state.0.expAvg"/,
      ],
      [
        (sd) => {
          sd.state['0'].expAvg.data[1] = {};
        },
        /expected a number at "state.0.expAvg".data\[1\]/,
      ],
    ];
    for (const [mutate, re] of cases) {
      const sd = JSON.parse(good);
      mutate(sd);
      expect(() => opt.loadStateDict(sd)).toThrow(re);
      expect(JSON.stringify(opt.stateDict())).toBe(good);
    }
    // "__proto__" from JSON is an own key: refused, and nothing is polluted.
    const evil = JSON.parse(good.replace('"lr":', '"__proto__":{"polluted":1},"lr":'));
    expect(() => opt.loadStateDict(evil)).toThrow(/unknown option "__proto__"/);
    const evilState = JSON.parse(good.replace('"state":{', '"state":{"__proto__":{"step":1},'));
    expect(() => opt.loadStateDict(evilState)).toThrow(/unexpected state key "__proto__"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(opt.stateDict())).toBe(good);
  });
});
