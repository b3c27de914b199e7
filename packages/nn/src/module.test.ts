import '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { DtypeError, manualSeed, ones, ShapeError, type TapegradError, tensor, zeros } from '@tapegrad/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { Dropout, Linear, Module, ReLU, Sequential, Tanh } from './index';

class Mlp extends Module {
  fc1 = new Linear(2, 3, { dtype: 'float64' });
  act = new Tanh();
  fc2 = new Linear(3, 1, { dtype: 'float64' });
  forward(x: Tensor): Tensor {
    return this.fc2.forward(this.act.forward(this.fc1.forward(x)));
  }
}

class WithBuffer extends Module {
  scale = tensor([2], { dtype: 'float64', requiresGrad: true });
  running = zeros([2], { dtype: 'float64' }); // a buffer: a leaf that does not require grad
  steps = 3; // not a tensor: ignored
  cached: Tensor | null = null;
  #hidden = ones([4], { requiresGrad: true }); // #private: ignored
  forward(x: Tensor): Tensor {
    this.cached = x.mul(this.scale); // a non-leaf: ignored
    return this.cached.add(this.#hidden.sum());
  }
}

/** The bits of every value, so -0 / NaN / subnormals are compared exactly. */
function bits(t: Tensor): bigint[] {
  const data = t.toTypedArray();
  if (!(data instanceof Float64Array)) throw new Error('expected float64');
  return [...new BigUint64Array(data.buffer, data.byteOffset, data.length)];
}

function snapshot(m: Module): string {
  return JSON.stringify(m.stateDict());
}

beforeEach(() => manualSeed(0));

describe('parameter discovery', () => {
  it('names parameters of nested modules in declaration order, own tensors before children', () => {
    const m = new Mlp();
    expect(m.namedParameters().map(([n]) => n)).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
    expect(m.parameters()).toEqual([m.fc1.weight, m.fc1.bias, m.fc2.weight, m.fc2.bias]);
    expect(m.namedChildren().map(([n]) => n)).toEqual(['fc1', 'act', 'fc2']);
    expect(m.namedModules().map(([n]) => n)).toEqual(['', 'fc1', 'act', 'fc2']);
  });

  it('uses PyTorch names for Sequential and deeper nesting', () => {
    const inner = new Sequential(new Linear(2, 2), new ReLU());
    const outer = new Sequential(inner, new Linear(2, 1, { bias: false }));
    expect(outer.namedParameters().map(([n]) => n)).toEqual(['0.0.weight', '0.0.bias', '1.weight']);
    expect(outer.namedModules().map(([n]) => n)).toEqual(['', '0', '0.0', '0.1', '1']);
  });

  it('discovers buffers and ignores numbers, non-leaf tensors and #private fields', () => {
    const m = new WithBuffer();
    m.forward(ones([2], { dtype: 'float64' }));
    expect(m.namedParameters().map(([n]) => n)).toEqual(['scale']);
    expect(Object.keys(m.stateDict())).toEqual(['scale', 'running']);
  });

  it('treats arrays of modules as children named key.i', () => {
    class Stack extends Module {
      layers = [new Linear(2, 2), new Linear(2, 2)];
      forward(x: Tensor): Tensor {
        return this.layers.reduce((h, l) => l.forward(h), x);
      }
    }
    expect(new Stack().namedParameters().map(([n]) => n)).toEqual([
      'layers.0.weight',
      'layers.0.bias',
      'layers.1.weight',
      'layers.1.bias',
    ]);
  });

  it('lists a shared parameter once and a shared module once, and survives cycles', () => {
    class Tied extends Module {
      a = new Linear(2, 2);
      b = new Linear(2, 2);
      again: Module;
      constructor() {
        super();
        this.b.weight = this.a.weight;
        this.again = this.a;
      }
      forward(x: Tensor): Tensor {
        return this.b.forward(this.a.forward(x));
      }
    }
    const m = new Tied();
    expect(m.namedParameters().map(([n]) => n)).toEqual(['a.weight', 'a.bias', 'b.bias']);
    // The state dict keeps every name of a tied tensor, as PyTorch's.
    expect(Object.keys(m.stateDict())).toEqual(['a.weight', 'a.bias', 'b.weight', 'b.bias']);
    class Cyclic extends Module {
      child = new Sequential(new Linear(1, 1));
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const c = new Cyclic();
    Object.assign(c.child, { parent: c });
    expect(c.namedModules().map(([n]) => n)).toEqual(['', 'child', 'child.0']);
  });
});

describe('train / eval / zeroGrad', () => {
  it('propagates the mode to every descendant', () => {
    const m = new Sequential(new Linear(2, 2), new Sequential(new Dropout(0.5)));
    expect(m.modules().every((x) => x.training)).toBe(true);
    expect(m.eval()).toBe(m);
    expect(m.modules().every((x) => !x.training)).toBe(true);
    m.train();
    expect(m.modules().every((x) => x.training)).toBe(true);
    m.train(false);
    expect(m.at(1).training).toBe(false);
    expect(() => m.train('yes' as unknown as boolean)).toThrow(DtypeError);
  });

  it('zeroGrad sets every gradient to null', () => {
    const m = new Mlp();
    m.forward(ones([4, 2], { dtype: 'float64' }))
      .sum()
      .backward();
    expect(m.parameters().every((p) => p.grad !== null)).toBe(true);
    m.zeroGrad();
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
  });
});

describe('stateDict / loadStateDict', () => {
  const special = [0.1, 1 / 3, 1e-310, 5e-324, -0, 0, Number.NaN, Infinity, -Infinity, -1.7976931348623157e308];

  it('round-trips every float64 bit through JSON, including -0, NaN, ±Infinity and subnormals', () => {
    const a = new Linear(5, 2, { dtype: 'float64' });
    a.weight.storage.set(special);
    const json = JSON.stringify(a.stateDict());
    const b = new Linear(5, 2, { dtype: 'float64' });
    const result = b.loadStateDict(JSON.parse(json));
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(bits(b.weight)).toEqual(bits(a.weight));
    expect(bits(b.bias!)).toEqual(bits(a.bias!));
    expect(Object.is(b.weight.toTypedArray()[4], -0)).toBe(true);
    // Random weights too: every value's shortest representation parses back to the same double.
    const c = new Mlp();
    const d = new Mlp();
    d.loadStateDict(JSON.parse(JSON.stringify(c.stateDict())));
    c.parameters().forEach((p, i) => {
      expect(bits(d.parameters()[i])).toEqual(bits(p));
    });
  });

  it('writes the documented format', () => {
    const a = new Linear(2, 1, { dtype: 'float64' });
    a.weight.storage.set([-0, Number.NaN]);
    a.bias!.storage.set([Infinity]);
    expect(JSON.parse(JSON.stringify(a.stateDict()))).toEqual({
      weight: { dtype: 'float64', shape: [1, 2], data: ['-0', 'NaN'] },
      bias: { dtype: 'float64', shape: [1], data: ['Infinity'] },
    });
  });

  it('loads in place (optimizers keep their references) and accepts Tensor values', () => {
    const a = new Linear(2, 1, { dtype: 'float64' });
    const weight = a.weight;
    a.loadStateDict({ weight: tensor([[1, 2]], { dtype: 'float64' }), bias: tensor([3], { dtype: 'float64' }) });
    expect(a.weight).toBe(weight);
    expect(a.weight.toArray()).toEqual([[1, 2]]);
    expect(a.bias!.toArray()).toEqual([3]);
  });

  it('casts within a kind (float64 state into a float32 model) as PyTorch copy_ does', () => {
    const a = new Linear(2, 1, { dtype: 'float64' });
    const b = new Linear(2, 1, { dtype: 'float32' });
    b.loadStateDict(JSON.parse(JSON.stringify(a.stateDict())));
    expect(b.weight.dtype).toBe('float32');
    expect(b.weight.toArray()).toEqual([[...a.weight.toTypedArray()].map(Math.fround)]);
  });

  it('non-strict loading reports missing and unexpected keys and loads the rest', () => {
    const a = new Linear(2, 1, { dtype: 'float64' });
    const { bias: _bias, ...partial } = new Linear(2, 1, { dtype: 'float64' }).stateDict();
    const result = a.loadStateDict({ ...partial, extra: partial.weight }, { strict: false });
    expect(result).toEqual({ missingKeys: ['bias'], unexpectedKeys: ['extra'] });
  });

  describe('rejects a bad state dict with a typed error and leaves the model unchanged', () => {
    function attempt(
      mutate: (sd: Record<string, unknown>) => Record<string, unknown> | undefined | unknown,
      errorClass: typeof TapegradError,
      re: RegExp,
    ) {
      const model = new Mlp();
      const before = snapshot(model);
      // A valid state dict of another model, so a partial load would be visible.
      const original: Record<string, unknown> = JSON.parse(JSON.stringify(new Mlp().stateDict()));
      const replaced = mutate(original);
      const sd = typeof replaced === 'object' && replaced !== null && !Array.isArray(replaced) ? replaced : original;
      let error: unknown;
      try {
        model.loadStateDict(sd);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(errorClass);
      expect((error as Error).message).toMatch(/^nn\.Module\.loadStateDict: /);
      expect((error as Error).message).toMatch(re);
      expect(snapshot(model)).toBe(before);
    }
    const entry = (sd: Record<string, unknown>, key: string) => sd[key] as { shape: number[]; data: unknown[] };

    it('unexpected key', () =>
      attempt(
        (sd) => Object.assign(sd, { 'fc3.weight': sd['fc1.bias'] }),
        DtypeError,
        /unexpected key\(s\) "fc3.weight"/,
      ));
    it('missing key', () => attempt((sd) => delete sd['fc2.bias'], DtypeError, /missing key\(s\) "fc2.bias"/));
    it('wrong shape', () =>
      attempt(
        (sd) => {
          entry(sd, 'fc2.bias').shape = [2];
        },
        ShapeError,
        /size mismatch for "fc2.bias": expected shape \[1\], got \[2\]/,
      ));
    it('wrong data length', () =>
      attempt(
        (sd) => {
          entry(sd, 'fc2.weight').data.pop();
        },
        ShapeError,
        /"fc2.weight".data to hold 3 values, got 2/,
      ));
    it('non-numeric value', () =>
      attempt(
        (sd) => {
          entry(sd, 'fc2.bias').data[0] = 'abc';
        },
        DtypeError,
        /number at "fc2.bias".data\[0\], got string "abc"/,
      ));
    it('null value', () =>
      attempt(
        (sd) => {
          entry(sd, 'fc2.weight').data[1] = null;
        },
        DtypeError,
        /number at "fc2.weight".data\[1\], got null/,
      ));
    it('nested array value', () =>
      attempt(
        (sd) => {
          entry(sd, 'fc2.weight').data[1] = [1];
        },
        DtypeError,
        /got an array/,
      ));
    it('entry is not an object', () =>
      attempt(
        (sd) => {
          sd['fc1.bias'] = 42;
        },
        DtypeError,
        /"fc1.bias" to be a Tensor or \{ dtype, shape, data \}/,
      ));
    it('dtype of another kind', () =>
      attempt(
        (sd) => {
          Object.assign(entry(sd, 'fc1.bias'), { dtype: 'int32' });
        },
        DtypeError,
        /dtype mismatch for "fc1.bias": expected float64, got int32/,
      ));
    it('unknown dtype', () =>
      attempt(
        (sd) => {
          Object.assign(entry(sd, 'fc1.bias'), { dtype: 'float16' });
        },
        DtypeError,
        /dtype name/,
      ));
    it('a "__proto__" key (JSON.parse makes it an own key)', () =>
      attempt(
        (sd) => JSON.parse(JSON.stringify(sd).replace('{', `{"__proto__": ${JSON.stringify(sd['fc1.bias'])},`)),
        DtypeError,
        /unexpected key\(s\) "__proto__"/,
      ));

    it('not an object at all', () => {
      const m = new Mlp();
      for (const bad of [null, 3, 'sd', [1, 2], tensor([1])]) expect(() => m.loadStateDict(bad)).toThrow(DtypeError);
    });
  });

  it('is not a prototype-pollution vector: "__proto__" and "constructor" are ordinary keys', () => {
    const evil = JSON.parse(
      '{"__proto__": {"polluted": true, "weight": 1}, "constructor": {"prototype": {"polluted": true}}}',
    );
    const a = new Linear(2, 1, { dtype: 'float64' });
    const good = JSON.parse(JSON.stringify(new Linear(2, 1, { dtype: 'float64' }).stateDict()));
    Object.assign(evil, good);
    expect(() => a.loadStateDict(evil)).toThrow(/unexpected key\(s\) "__proto__", "constructor"/);
    const result = a.loadStateDict(evil, { strict: false });
    expect(result.unexpectedKeys).toEqual(['__proto__', 'constructor']);
    expect(a.weight.toArray()).toEqual(tensor(good.weight.data, { dtype: 'float64' }).reshape([1, 2]).toArray());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    // Fields inherited from a prototype are never read: an entry must own dtype/shape/data.
    const inherited = { ...good, bias: Object.create(good.bias) };
    expect(() => a.loadStateDict(inherited)).toThrow(/"bias".shape to be an array/);
    // Keys on the state dict's prototype do not count as entries.
    expect(() => a.loadStateDict(Object.create(good))).toThrow(/missing key\(s\) "weight", "bias"/);
  });

  it('returns a null-prototype object whose keys are only the state names', () => {
    const sd = new Linear(1, 1).stateDict();
    expect(Object.getPrototypeOf(sd)).toBe(null);
    expect(Object.keys(sd)).toEqual(['weight', 'bias']);
  });
});
