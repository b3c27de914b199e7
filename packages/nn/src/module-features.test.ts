import '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { DtypeError, ones, ShapeError, tensor, zeros } from '@tapegrad/core';
import { describe, expect, it } from 'vitest';
import { Linear, Module, ModuleDict, ModuleList, optim, Parameter, ReLU, Sequential, Tanh } from './index';

class Block extends Module {
  inProjWeight = Parameter(ones([3, 2], { dtype: 'float64' }));
  outProj = new Linear(2, 2, { dtype: 'float64' });
  constructor() {
    super();
    this.registerBuffer('runningMean', zeros([2], { dtype: 'float64' }));
    this.registerBuffer('numBatchesTracked', zeros([], { dtype: 'int32' }));
    this.registerBuffer('cache', ones([2]), { persistent: false });
  }
  forward(x: Tensor): Tensor {
    return this.outProj.forward(x);
  }
}

describe('buffers', () => {
  it('registerBuffer: buffers are listed, persistent ones are in the state dict', () => {
    const b = new Block();
    expect(b.namedBuffers().map(([n]) => n)).toEqual(['runningMean', 'numBatchesTracked', 'cache']);
    expect(b.namedParameters().map(([n]) => n)).toEqual(['inProjWeight', 'outProj.weight', 'outProj.bias']);
    expect(Object.keys(b.stateDict())).toEqual([
      'inProjWeight',
      'runningMean',
      'numBatchesTracked',
      'outProj.weight',
      'outProj.bias',
    ]);
    expect(() => b.registerBuffer('forward', zeros([1]))).toThrow(/attribute "forward" already exists/);
    expect(() => b.registerBuffer('inProjWeight', zeros([1]))).toThrow(DtypeError);
    expect(() => b.registerBuffer('a.b', zeros([1]))).toThrow(DtypeError);
    expect(() => b.registerBuffer('x', [1] as never)).toThrow(DtypeError);
    expect(() => b.registerBuffer('x', zeros([1]), { persistant: true } as never)).toThrow(
      /unknown option "persistant"/,
    );
    b.registerBuffer('runningMean', ones([2], { dtype: 'float64' })); // replacing a buffer is fine
    expect(b.stateDict().runningMean.data).toEqual([1, 1]);
  });
});

describe('parameters', () => {
  it('nn.Parameter shares storage and stays a parameter when it does not require grad', () => {
    const data = zeros([2]);
    const p = Parameter(data);
    expect(p.requiresGrad && p.isLeaf).toBe(true);
    expect(p.storage).toBe(data.storage);
    const frozen = new Parameter(ones([1]), false);
    class M extends Module {
      w = frozen;
      forward(x: Tensor) {
        return x;
      }
    }
    expect(new M().parameters()).toEqual([frozen]);
    expect(new M().buffers()).toEqual([]);
    expect(() => Parameter(tensor([1], { dtype: 'int32' }))).toThrow(DtypeError);
  });

  it('requiresGrad_(false) freezes without turning parameters into buffers', () => {
    const model = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
    model.at(0).requiresGrad_(false);
    expect(model.parameters().map((p) => p.requiresGrad)).toEqual([false, false, true, true]);
    expect(model.buffers()).toEqual([]);
    const opt = new optim.SGD(
      model.parameters().filter((p) => p.requiresGrad),
      { lr: 0.1 },
    );
    model
      .forward(ones([1, 2]))
      .sum()
      .backward();
    opt.step();
    expect(model.parameters()[0].grad).toBeNull();
    model.requiresGrad_();
    expect(model.parameters().every((p) => p.requiresGrad)).toBe(true);
  });
});

describe('Module.to, apply, children', () => {
  it('to(dtype) converts floating parameters, buffers and gradients, keeps int buffers', () => {
    const b = new Block().to('float32');
    b.forward(ones([1, 2], { dtype: 'float32' }))
      .sum()
      .backward();
    expect(b.outProj.weight.grad?.dtype).toBe('float32');
    b.to('float64');
    expect(b.inProjWeight.dtype).toBe('float64');
    expect(b.outProj.weight.grad?.dtype).toBe('float64');
    expect(b.buffers().map((t) => t.dtype)).toEqual(['float64', 'int32', 'float64']);
    expect(b.namedParameters().map(([n]) => n)).toEqual(['inProjWeight', 'outProj.weight', 'outProj.bias']);
    expect(b.stateDict().cache).toBeUndefined();
    expect(() => b.to('int32')).toThrow(/nn\.Module\.to: expected a floating or complex dtype/);
    const frozen = new Linear(2, 2).requiresGrad_(false).to('float64');
    expect(frozen.parameters().length).toBe(2);
  });

  it('apply visits children before parents, each module once', () => {
    const shared = new ReLU();
    const model = new Sequential(new Sequential(new Tanh(), shared), shared, new Linear(1, 1));
    const seen: string[] = [];
    model.apply((m) => seen.push(m.constructor.name));
    expect(seen).toEqual(['Tanh', 'ReLU', 'Sequential', 'Linear', 'Sequential']);
    expect(model.children().length).toBe(3);
    expect(model.namedModules().map(([n]) => n)).toEqual(['', '0', '0.0', '0.1', '2']);
  });
});

describe("state dicts with PyTorch's names", () => {
  it('spells every dotted segment in snake_case and loads it back', () => {
    const a = new Block();
    const sd = a.stateDict({ names: 'pytorch' });
    expect(Object.keys(sd)).toEqual([
      'in_proj_weight',
      'running_mean',
      'num_batches_tracked',
      'out_proj.weight',
      'out_proj.bias',
    ]);
    const b = new Block();
    expect(b.outProj.weight.toArray()).not.toEqual(a.outProj.weight.toArray());
    b.loadStateDict(JSON.parse(JSON.stringify(sd)), { names: 'pytorch' });
    expect(b.outProj.weight.toArray()).toEqual(a.outProj.weight.toArray());
    expect(() => b.loadStateDict(sd)).toThrow(/unexpected key\(s\) "in_proj_weight"/);
    expect(() => b.loadStateDict(sd, { names: 'torch' as never })).toThrow(DtypeError);
  });

  it('refuses a module whose names collide in snake_case', () => {
    class Clash extends Module {
      fooBar = Parameter(zeros([1]));
      foo_bar = Parameter(zeros([1]));
      forward(x: Tensor) {
        return x;
      }
    }
    expect(() => new Clash().loadStateDict({}, { names: 'pytorch' })).toThrow(/both spelled "foo_bar"/);
  });
});

describe('ModuleList and ModuleDict', () => {
  it('register children with numeric and named prefixes', () => {
    const list = new ModuleList([new Linear(2, 2), new ReLU()]).append(new Linear(2, 1));
    expect(list.length).toBe(3);
    expect([...list].map((m) => m.constructor.name)).toEqual(['Linear', 'ReLU', 'Linear']);
    expect(list.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(list.at(-1)).toBe(list.at(2));
    expect(() => list.at(3)).toThrow(ShapeError);
    expect(() => list.append({} as never)).toThrow(DtypeError);
    expect(() => list.forward()).toThrow(/has no forward/);
    const dict = new ModuleDict({ enc: new Linear(2, 2), act: new ReLU() });
    dict.set('dec', new Linear(2, 1));
    expect(dict.keys()).toEqual(['enc', 'act', 'dec']);
    expect(dict.namedParameters().map(([n]) => n)).toEqual(['enc.weight', 'enc.bias', 'dec.weight', 'dec.bias']);
    expect(dict.pop('act')).toBeInstanceOf(ReLU);
    expect(dict.size).toBe(2);
    expect(() => dict.get('act')).toThrow(/no module under that key \(expected one of enc, dec, got string "act"\)/);
    expect(() => dict.set('forward', new ReLU())).toThrow(/shadow/);
    expect(() => dict.set('training', new ReLU())).toThrow(/shadow/);
    expect(() => new ModuleDict({ 'a.b': new ReLU() })).toThrow(DtypeError);
    expect(new ModuleDict([['x', new ReLU()]]).keys()).toEqual(['x']);
  });
});
