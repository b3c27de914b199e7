/**
 * tensor() from JS data and the Tensor class itself: shape/dtype inference, zero-copy typed arrays, conversion back to
 * JS values (toArray, item, toTypedArray), properties, the view getters and printing.
 */
import * as math from 'mathjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  complex,
  type DType,
  DtypeError,
  getDefaultDtype,
  ones,
  ShapeError,
  setDefaultDtype,
  Tensor,
  type TensorData,
  tensor,
  zeros,
} from './index';

afterEach(() => setDefaultDtype('float32'));

describe('tensor() from nested arrays', () => {
  it('infers the shape and keeps row-major order', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect([t.ndim, t.size]).toEqual([2, 6]);
    expect(Array.from(t.toTypedArray())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const deep = tensor([
      [[1], [2]],
      [[3], [4]],
      [[5], [6]],
    ]);
    expect(deep.shape).toEqual([3, 2, 1]);
    expect(deep.toArray()).toEqual([
      [[1], [2]],
      [[3], [4]],
      [[5], [6]],
    ]);
  });

  it('numbers take the default dtype (float32, or float64 after setDefaultDtype)', () => {
    expect(tensor([1, 2]).dtype).toBe('float32');
    expect(tensor(1.5).dtype).toBe('float32');
    setDefaultDtype('float64');
    expect(getDefaultDtype()).toBe('float64');
    expect(tensor([1, 2]).dtype).toBe('float64');
    expect(tensor([0.1]).toArray()).toEqual([0.1]);
  });

  it('float32 rounds values, float64 keeps them', () => {
    expect(tensor([0.1]).toArray()).toEqual([Math.fround(0.1)]);
    expect(tensor([0.1], { dtype: 'float64' }).toArray()).toEqual([0.1]);
  });

  it('booleans give bool; mixed booleans and numbers give numbers', () => {
    const b = tensor([true, false, true]);
    expect(b.dtype).toBe('bool');
    expect(b.toArray()).toEqual([true, false, true]);
    expect(Array.from(b.toTypedArray())).toEqual([1, 0, 1]);
    const m = tensor([true, 2]);
    expect(m.dtype).toBe('float32');
    expect(m.toArray()).toEqual([1, 2]);
    expect(tensor(true).item()).toBe(true);
  });

  it('{ re, im } objects and mathjs Complex give complex64 (complex128 with the float64 default)', () => {
    const z = tensor([{ re: 1, im: -2 }, math.complex(3, 4), 5]);
    expect(z.dtype).toBe('complex64');
    expect(z.toArray()).toEqual([
      { re: 1, im: -2 },
      { re: 3, im: 4 },
      { re: 5, im: 0 },
    ]);
    expect(Array.from(z.toTypedArray())).toEqual([1, -2, 3, 4, 5, 0]);
    expect(tensor(math.complex(0.1, 0.2), { dtype: 'complex128' }).item()).toEqual({ re: 0.1, im: 0.2 });
    setDefaultDtype('float64');
    expect(tensor([{ re: 0.1, im: 0 }]).dtype).toBe('complex128');
  });

  it('an explicit dtype converts values as PyTorch does', () => {
    expect(tensor([1.7, -1.7, 2.5], { dtype: 'int32' }).toArray()).toEqual([1, -1, 2]);
    expect(tensor([0, 2, -0.5], { dtype: 'bool' }).toArray()).toEqual([false, true, true]);
    expect(tensor([true, false], { dtype: 'float64' }).toArray()).toEqual([1, 0]);
    expect(tensor([1, 2], { dtype: 'complex128' }).toArray()).toEqual([
      { re: 1, im: 0 },
      { re: 2, im: 0 },
    ]);
    expect(tensor([{ re: 3, im: 0 }], { dtype: 'float64' }).toArray()).toEqual([3]);
  });

  it('scalars give 0-d tensors, [] gives a 0-sized one', () => {
    const s = tensor(3.5);
    expect([s.shape, s.ndim, s.size, s.item()]).toEqual([[], 0, 1, 3.5]);
    expect(s.toArray()).toBe(3.5);
    const e = tensor([]);
    expect([e.shape, e.size, e.dtype]).toEqual([[0], 0, 'float32']);
    expect(e.toArray()).toEqual([]);
    expect(tensor([[], []]).shape).toEqual([2, 0]);
  });

  it('opts.shape reshapes nested data', () => {
    const t = tensor([1, 2, 3, 4, 5, 6], { shape: [3, 2] });
    expect(t.toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(tensor([], { shape: [0, 4] }).shape).toEqual([0, 4]);
    expect(tensor([7], { shape: [] }).toArray()).toBe(7);
  });

  it('NaN and infinities survive', () => {
    const t = tensor([Number.NaN, Infinity, -Infinity, -0], { dtype: 'float64' });
    const a = t.toArray() as number[];
    expect(Number.isNaN(a[0])).toBe(true);
    expect(a.slice(1, 3)).toEqual([Infinity, -Infinity]);
    expect(Object.is(a[3], -0)).toBe(true);
  });
});

describe('tensor() from typed arrays (zero-copy)', () => {
  it('aliases the caller’s array when its type matches the dtype', () => {
    const data = new Float64Array([1, 2, 3, 4, 5, 6]);
    const t = tensor(data, { shape: [2, 3] });
    expect(t.dtype).toBe('float64');
    expect(t.storage).toBe(data);
    data[4] = 50;
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 50, 6],
    ]);
  });

  it('infers the dtype from the array type, 1-D by default', () => {
    expect(tensor(new Float32Array(3)).dtype).toBe('float32');
    expect(tensor(new Float64Array(3)).shape).toEqual([3]);
    expect(tensor(new Int32Array([1, -2])).toArray()).toEqual([1, -2]);
    expect(tensor(new Uint8Array([1, 0])).toArray()).toEqual([true, false]);
  });

  it('interleaved complex storage aliases too', () => {
    const data = new Float64Array([1, 2, 3, 4]);
    const z = tensor(data, { dtype: 'complex128' });
    expect(z.shape).toEqual([2]);
    expect(z.storage).toBe(data);
    data[3] = -4;
    expect(z.toArray()).toEqual([
      { re: 1, im: 2 },
      { re: 3, im: -4 },
    ]);
    const z32 = tensor(new Float32Array([1, 2, 3, 4]), { dtype: 'complex64', shape: [2, 1] });
    expect(z32.shape).toEqual([2, 1]);
  });

  it('copies (and converts) when the array type does not match the dtype', () => {
    const data = new Int32Array([1, 2, 3]);
    const t = tensor(data, { dtype: 'float64' });
    expect(t.storage).not.toBe(data);
    expect(t.storage).toBeInstanceOf(Float64Array);
    data[0] = 100;
    expect(t.toArray()).toEqual([1, 2, 3]);
    expect(tensor(new Float64Array([1.9, -1.9]), { dtype: 'int32' }).toArray()).toEqual([1, -1]);
    expect(tensor(new Int32Array([1, 2]), { dtype: 'complex64' }).toArray()).toEqual([
      { re: 1, im: 0 },
      { re: 2, im: 0 },
    ]);
  });

  it('a subarray view is honoured (its own offset into the buffer)', () => {
    const buffer = new Float64Array([9, 9, 1, 2, 3, 4]);
    const t = tensor(buffer.subarray(2), { shape: [2, 2] });
    expect(t.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});

describe('conversion to JS values', () => {
  it('toTypedArray is a contiguous copy, also of views', () => {
    const t = tensor(new Float64Array([1, 2, 3, 4, 5, 6]), { shape: [2, 3] });
    const copy = t.toTypedArray();
    expect(copy).not.toBe(t.storage);
    copy[0] = 99;
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(Array.from(t.T.toTypedArray())).toEqual([1, 4, 2, 5, 3, 6]);
    expect(Array.from(t.slice(1, 0, 3, 2).toTypedArray())).toEqual([1, 3, 4, 6]);
    expect(Array.from(t.select(0, 1).toTypedArray())).toEqual([4, 5, 6]);
    expect(t.toTypedArray()).toBeInstanceOf(Float64Array);
    expect(ones([2], { dtype: 'int32' }).toTypedArray()).toBeInstanceOf(Int32Array);
    expect(ones([2], { dtype: 'bool' }).toTypedArray()).toBeInstanceOf(Uint8Array);
  });

  it('item reads the element of a one-element view at its offset', () => {
    const t = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(t.select(0, 1).select(0, 0).item()).toBe(3);
    expect(tensor([[7]]).item()).toBe(7);
    const z = tensor(
      [
        { re: 1, im: 2 },
        { re: 3, im: 4 },
      ],
      { dtype: 'complex128' },
    );
    expect(z.select(0, 1).item()).toEqual({ re: 3, im: 4 });
    expect(() => t.item()).toThrow(ShapeError);
  });

  it('toArray of 0-sized tensors keeps the nesting', () => {
    expect(zeros([2, 0]).toArray()).toEqual([[], []]);
    expect(zeros([0, 2]).toArray()).toEqual([]);
  });

  it('round trip: tensor(t.toArray(), { dtype }) reproduces t for every dtype', () => {
    const real: TensorData = [
      [1.5, -2],
      [0, 3],
    ];
    const cplx: TensorData = [
      [
        { re: 1, im: -1 },
        { re: 0, im: 2 },
      ],
      [
        { re: -3, im: 0.5 },
        { re: 4, im: 4 },
      ],
    ];
    const cases: [TensorData, DType][] = [
      [real, 'float32'],
      [real, 'float64'],
      [real, 'int32'],
      [real, 'bool'],
      [cplx, 'complex64'],
      [cplx, 'complex128'],
    ];
    for (const [data, dtype] of cases) {
      const t = tensor(data, { dtype });
      const back = tensor(t.toArray() as TensorData, { dtype });
      expect(back.dtype).toBe(dtype);
      expect(back.toArray()).toEqual(t.toArray());
    }
  });
});

describe('Tensor properties', () => {
  it('shape, ndim, size, dtype; leaves without grad by default', () => {
    const t = zeros([2, 3, 4]);
    expect([t.shape, t.ndim, t.size, t.dtype]).toEqual([[2, 3, 4], 3, 24, 'float32']);
    expect([t.requiresGrad, t.grad, t.gradFn, t.isLeaf]).toEqual([false, null, null, true]);
    expect(t).toBeInstanceOf(Tensor);
    expect(t.isComplex).toBe(false);
    expect(tensor([{ re: 0, im: 1 }]).isComplex).toBe(true);
  });

  it('requiresGrad_ sets the flag on floating leaves and returns the tensor', () => {
    const t = ones([2], { dtype: 'float64' });
    expect(t.requiresGrad_()).toBe(t);
    expect(t.requiresGrad).toBe(true);
    t.requiresGrad = false;
    expect(t.requiresGrad).toBe(false);
    expect(ones([2], { requiresGrad: true }).requiresGrad).toBe(true);
    expect(tensor([{ re: 1, im: 1 }], { requiresGrad: true }).requiresGrad).toBe(true);
    expect(() => ones([2], { dtype: 'int32' }).requiresGrad_()).toThrow(DtypeError);
  });

  it('detach shares storage and drops requiresGrad', () => {
    const t = ones([3], { requiresGrad: true });
    const d = t.detach();
    expect(d.storage).toBe(t.storage);
    expect(d.requiresGrad).toBe(false);
    expect(d.toArray()).toEqual([1, 1, 1]);
  });

  it('the view getters: T reverses dims, mT swaps the last two, mH also conjugates, real/imag', () => {
    const m = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.T.toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(m.T.storage).toBe(m.storage);
    expect(zeros([2, 3, 4]).T.shape).toEqual([4, 3, 2]);
    expect(zeros([2, 3, 4]).mT.shape).toEqual([2, 4, 3]);
    const z = complex(tensor([[1, 2]], { dtype: 'float64' }), tensor([[3, -4]], { dtype: 'float64' }));
    expect(z.mH.toArray()).toEqual([[{ re: 1, im: -3 }], [{ re: 2, im: 4 }]]);
    expect(m.mH.toArray()).toEqual(m.mT.toArray());
    expect(z.real.toArray()).toEqual([[1, 2]]);
    expect(z.imag.toArray()).toEqual([[3, -4]]);
    expect(m.real).toBe(m);
  });

  it('toString prints values like torch, with dtype when not float32', () => {
    expect(tensor([1, 2.5]).toString()).toBe('tensor([1., 2.5])');
    expect(tensor([1, 2], { dtype: 'int32' }).toString()).toBe('tensor([1, 2], dtype=int32)');
    expect(tensor(true).toString()).toBe('tensor(true, dtype=bool)');
    expect(tensor([{ re: 1, im: -2 }]).toString()).toBe('tensor([1.-2.j], dtype=complex64)');
    expect(
      tensor([
        [1, 2],
        [3, 4],
      ]).toString(),
    ).toBe('tensor([[1., 2.],\n        [3., 4.]])');
    expect(ones([2], { requiresGrad: true }).toString()).toBe('tensor([1., 1.], requiresGrad=true)');
    expect(zeros([40, 40]).toString()).toBe('tensor(<shape [40, 40]>)');
  });
});
