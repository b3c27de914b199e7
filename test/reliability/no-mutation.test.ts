/**
 * Nothing is left half-written (docs/semantics.md §4.3). The bad-input table already checks that every refused call leaves its
 * inputs untouched and that every valid call leaves them untouched too; this file covers what a table row cannot:
 * in-place operations that fail part-way (optimizer steps, backward passes, loads, `out=`), aliasing, and global state
 * (grad mode, default dtype, the random generator, warning recorders) after a throw.
 */

import { expectRejected, sameBits, stableJson, Tracker } from '@tapegrad/testing/reliability';
import { f64, seeded } from '@tapegrad/testing/tensors';
import {
  AutogradError,
  autograd,
  copyInto,
  DtypeError,
  enableGrad,
  getDefaultDtype,
  isGradEnabled,
  LinalgError,
  linalg,
  manualSeed,
  nn,
  noGrad,
  optim,
  rand,
  ShapeError,
  setDefaultDtype,
  TapegradWarningError,
  type Tensor,
  tensor,
  warnings,
  zeros,
} from 'tapegrad';
import { afterEach, describe, expect, it } from 'vitest';

afterEach(() => warnings.resetFilters());

function throwsAnything(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('copyInto (the public in-place copy)', () => {
  it('reads an aliased source completely before writing: copyInto(x.T, x) transposes', () => {
    const x = f64([
      [1, 2],
      [3, 4],
    ]);
    copyInto(x.T, x);
    expect(x.toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
  });

  it('a refused copy writes nothing, whatever the reason', () => {
    const dst = f64([[7, 8, 9]]);
    const before = dst.storage.slice();
    for (const src of [
      f64([[1, 2]]),
      tensor(
        [
          [
            { re: 1, im: 1 },
            { re: 0, im: 0 },
            { re: 0, im: 0 },
          ],
        ],
        { dtype: 'complex128' },
      ),
    ])
      expect(() => copyInto(src, dst)).toThrow(src.isComplex ? DtypeError : ShapeError);
    expect(() => copyInto(f64([[1, 2, 3]]), tensor([0], { dtype: 'float64' }).expand([1, 3]))).toThrow(ShapeError);
    expect(sameBits(dst.storage, before)).toBe(true);
  });
});

describe('linalg.pinv with out=', () => {
  it('a failing computation (non-finite input) leaves out untouched', () => {
    const out = f64([
      [1, 2],
      [3, 4],
    ]);
    const before = out.storage.slice();
    expect(() =>
      linalg.pinv(
        f64([
          [1, Number.NaN],
          [0, 1],
        ]),
        { out },
      ),
    ).toThrow(LinalgError);
    expect(sameBits(out.storage, before)).toBe(true);
  });

  it('out may be A itself (square): the result is the pseudo-inverse of the original A', () => {
    const A = f64([
      [2, 1],
      [1, 3],
    ]);
    const expected = linalg.pinv(A.clone());
    linalg.pinv(A, { out: A });
    expect(A.allclose(expected, { rtol: 1e-12, atol: 1e-12 })).toBe(true);
  });

  it('out refused because the input requires grad: out untouched', () => {
    const out = zeros([2, 2], { dtype: 'float64' });
    expectRejected(
      (t) =>
        linalg.pinv(
          f64([
            [1, 0],
            [0, 2],
          ]).requiresGrad_(),
          { out: t(out) },
        ),
      'AutogradError',
      'linalg.pinv',
    );
  });
});

describe('optimizers', () => {
  function setup(name: 'SGD' | 'Adam' | 'AdamW') {
    manualSeed(3);
    const model = new nn.Sequential(
      new nn.Linear(3, 4, { dtype: 'float64' }),
      new nn.Tanh(),
      new nn.Linear(4, 2, { dtype: 'float64' }),
    );
    const Ctor = optim[name] as unknown as new (
      p: Tensor[],
      o: object,
    ) => optim.Optimizer<optim.BaseOptions, optim.ParamState>;
    const opt = new Ctor(model.parameters(), name === 'SGD' ? { lr: 0.1, momentum: 0.9 } : { lr: 0.1, amsgrad: true });
    const x = seeded([5, 3], 11);
    model.forward(x).square().sum().backward();
    opt.step();
    model.zeroGrad();
    model.forward(x).square().sum().backward();
    return { model, opt };
  }

  for (const name of ['SGD', 'Adam', 'AdamW'] as const) {
    it(`${name}: a bad gradient on any parameter (first, middle or last) updates nothing`, () => {
      for (const index of [0, 2, 3]) {
        const { model, opt } = setup(name);
        model.parameters()[index].grad = zeros([9], { dtype: 'float64' });
        const tracker = new Tracker();
        tracker.track(model);
        tracker.track(opt);
        expect(() => opt.step()).toThrow(ShapeError);
        expect(tracker.changes()).toEqual([]);
      }
    });

    it(`${name}: a closure that throws leaves parameters and state untouched`, () => {
      const { model, opt } = setup(name);
      const tracker = new Tracker();
      tracker.track(model);
      tracker.track(opt);
      expect(() =>
        opt.step(() => {
          throw new Error('user error in the closure');
        }),
      ).toThrow('user error in the closure');
      expect(tracker.changes()).toEqual([]);
    });

    it(`${name}: a refused loadStateDict keeps the state, then a valid one round-trips bit for bit`, () => {
      const { opt } = setup(name);
      const saved = JSON.parse(JSON.stringify(opt.stateDict()));
      const spoiled = JSON.parse(JSON.stringify(saved));
      spoiled.paramGroups[0].lr = 'fast';
      const before = stableJson(opt.stateDict());
      expect(() => opt.loadStateDict(spoiled)).toThrow(DtypeError);
      expect(stableJson(opt.stateDict())).toBe(before);
      opt.loadStateDict(saved);
      expect(stableJson(opt.stateDict())).toBe(stableJson(saved));
    });
  }
});

describe('backward that fails part-way', () => {
  it('a custom backward throwing deep in the graph leaves every leaf .grad untouched', () => {
    const boom = autograd.defineFunction({
      name: 'boom',
      forward: (_ctx, x: Tensor) => x.mul(1),
      backward: () => {
        throw new AutogradError('boom: expected nothing, got a deliberate failure');
      },
    });
    const a = f64([[1, 2]]).requiresGrad_();
    const b = f64([[3, 4]]).requiresGrad_();
    a.grad = f64([[10, 20]]);
    const aGrad = a.grad;
    const aBefore = aGrad.storage.slice();
    // b's branch is reached first (it is nearer the output), a's only through boom
    const loss = (boom(a) as Tensor).mul(b).exp().sum().add(b.square().sum());
    expect(() => loss.backward()).toThrow(/boom/);
    expect(a.grad).toBe(aGrad);
    expect(sameBits(a.grad.storage, aBefore)).toBe(true);
    expect(b.grad).toBeNull();
  });

  it('a warning turned into an error inside pinv backward leaves .grad untouched', () => {
    warnings.filter('error', { code: 'TAPEGRAD_PINV_UNSTABLE' });
    // σ = 1 and 1e-20: with atol = 1e-20 the small one sits on the cutoff (a rank-ambiguous input)
    const A = f64([
      [1, 0],
      [0, 1e-20],
    ]).requiresGrad_();
    const e = throwsAnything(() => linalg.pinv(A, { atol: 1e-20 }).sum().backward());
    expect(e).toBeInstanceOf(TapegradWarningError);
    expect(A.grad).toBeNull();
  });

  it('a second backward through a freed graph throws and does not double-accumulate', () => {
    const x = f64([[1, 2]]).requiresGrad_();
    const y = x.exp().sum();
    y.backward();
    const once = x.grad!.storage.slice();
    expect(() => y.backward()).toThrow(AutogradError);
    expect(sameBits(x.grad!.storage, once)).toBe(true);
  });

  it('autograd.grad never writes .grad, even when it throws', () => {
    const x = f64([[1, 2]]).requiresGrad_();
    const unused = f64([[3]]).requiresGrad_();
    expect(() => autograd.grad(x.sum(), [x, unused])).toThrow(AutogradError);
    expect(x.grad).toBeNull();
    expect(unused.grad).toBeNull();
  });
});

describe('module state after refused loads', () => {
  it('a state dict whose last entry is bad loads none of the earlier entries', () => {
    const model = new nn.Sequential(
      new nn.Linear(2, 2, { dtype: 'float64' }),
      new nn.Linear(2, 1, { dtype: 'float64' }),
    );
    const other = new nn.Sequential(
      new nn.Linear(2, 2, { dtype: 'float64' }),
      new nn.Linear(2, 1, { dtype: 'float64' }),
    );
    const sd = JSON.parse(JSON.stringify(other.stateDict()));
    sd['1.bias'].data[0] = 'not a number';
    const tracker = new Tracker();
    tracker.track(model);
    expect(() => model.loadStateDict(sd)).toThrow(DtypeError);
    expect(tracker.changes()).toEqual([]);
  });

  it('a refused Tensor-valued entry (wrong shape) after valid Tensor entries changes nothing', () => {
    const model = new nn.Linear(3, 2, { dtype: 'float64' });
    const tracker = new Tracker();
    tracker.track(model);
    expect(() =>
      model.loadStateDict({ weight: zeros([2, 3], { dtype: 'float64' }), bias: zeros([3], { dtype: 'float64' }) }),
    ).toThrow(ShapeError);
    expect(tracker.changes()).toEqual([]);
  });
});

describe('global state survives throws', () => {
  it('enableGrad inside noGrad restores grad mode when its function throws (a throw in noGrad: dispatch.test.ts)', () => {
    expect(isGradEnabled()).toBe(true);
    noGrad(() => {
      expect(() =>
        enableGrad(() => {
          throw new Error('y');
        }),
      ).toThrow('y');
      expect(isGradEnabled()).toBe(false);
    });
    expect(isGradEnabled()).toBe(true);
  });

  it('a refused setDefaultDtype / manualSeed keeps the previous default dtype and generator state', () => {
    expect(() => setDefaultDtype('int32' as 'float32')).toThrow(DtypeError);
    expect(getDefaultDtype()).toBe('float32');
    manualSeed(42);
    const expected = rand([4], { dtype: 'float64' }).toTypedArray();
    manualSeed(42);
    expect(() => manualSeed(Number.NaN)).toThrow(DtypeError);
    expect(sameBits(rand([4], { dtype: 'float64' }).toTypedArray(), expected)).toBe(true);
  });

  it('warnings.record stops recording when its function throws (later warnings are not swallowed)', () => {
    expect(() =>
      warnings.record(() => {
        throw new Error('inside record');
      }),
    ).toThrow('inside record');
    const outer = warnings.record(() => warnings.warn('NumericalWarning', 'TAPEGRAD_TEST_OUTER', 'test: outer'));
    expect(outer.warnings.map((w) => w.code)).toEqual(['TAPEGRAD_TEST_OUTER']);
  });

  it('a refused backward (a bad option) leaves grad mode on and the graph usable', () => {
    const x = f64([[1, 2]]).requiresGrad_();
    const y = x.square().sum();
    expect(() => y.backward(undefined, { createGraph: 'yes' as unknown as boolean })).toThrow(DtypeError);
    expect(isGradEnabled()).toBe(true);
    y.backward();
    expect(x.grad!.toArray()).toEqual([[2, 4]]);
  });
});
