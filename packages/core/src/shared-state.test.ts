import { describe, expect, it } from 'vitest';
import { DtypeError, ShapeError, TapegradError } from './errors';
import { brandClass, brandedHasInstance, STATE_KEY, sharedSlot } from './shared-state';
import { Tensor } from './tensor';

/** Two classes standing for the same class loaded from two copies of a package. */
function twoCopies(): [new () => object, new () => object] {
  class CopyA {
    readonly copy = 'CopyA';
    static [Symbol.hasInstance](v: unknown): boolean {
      // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof, as in Tensor.
      return brandedHasInstance(this, v);
    }
  }
  class CopyB {
    readonly copy = 'CopyB';
    static [Symbol.hasInstance](v: unknown): boolean {
      // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof, as in Tensor.
      return brandedHasInstance(this, v);
    }
  }
  brandClass(CopyA, 'test.Copy');
  brandClass(CopyB, 'test.Copy');
  return [CopyA, CopyB];
}

describe('cross-copy brands and the shared state', () => {
  it('instanceof accepts an instance of the same-branded class of another copy, and nothing else', () => {
    const [A, B] = twoCopies();
    expect(new A() instanceof B).toBe(true);
    expect(new B() instanceof A).toBe(true);
    expect({} instanceof A).toBe(false);
    expect(brandedHasInstance(A, null)).toBe(false);
    class Other {}
    brandClass(Other, 'test.Other');
    expect(new Other() instanceof A).toBe(false);
  });

  it('a user subclass without its own brand stays exact; instances of it are instances of the branded base', () => {
    const [A, B] = twoCopies();
    class Sub extends A {}
    expect(new Sub() instanceof B).toBe(true);
    expect(new A() instanceof Sub).toBe(false);
    class MyShapeError extends ShapeError {}
    expect(new ShapeError('m') instanceof MyShapeError).toBe(false);
    expect(new MyShapeError('m') instanceof TapegradError).toBe(true);
    expect(new ShapeError('m') instanceof DtypeError).toBe(false);
  });

  it('Tensor recognises a tensor of another copy (same brand, different class)', () => {
    class OtherTensor {}
    brandClass(OtherTensor, 'Tensor');
    expect(new OtherTensor() instanceof Tensor).toBe(true);
    expect(Object.create(null) instanceof Tensor).toBe(false);
  });

  it('sharedSlot returns one object per name on globalThis[Symbol.for("tapegrad.state.v1")], created once', () => {
    let calls = 0;
    const make = () => {
      calls++;
      return { n: 1 };
    };
    const first = sharedSlot('test.slot', make);
    expect(sharedSlot('test.slot', make)).toBe(first);
    expect(calls).toBe(1);
    expect(STATE_KEY).toBe(Symbol.for('tapegrad.state.v1'));
    const host = globalThis as unknown as Record<symbol, Record<string, unknown>>;
    expect(host[STATE_KEY]?.['test.slot']).toBe(first);
    expect(Object.keys(globalThis)).not.toContain(String(STATE_KEY));
  });
});
