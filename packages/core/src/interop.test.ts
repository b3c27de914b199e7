/**
 * Interop with mathjs (docs/semantics.md §2.1): fromMathjs / toMathjs round trips with real and complex matrices, duck-typed on
 * mathjs' Matrix and Complex; products computed by mathjs serve as independent references.
 */
import * as math from 'mathjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Tensor } from './index';
import { DtypeError, fromMathjs, matmul, setDefaultDtype, tensor, toMathjs } from './index';

afterEach(() => setDefaultDtype('float32'));

const isMatrix = (v: unknown): v is math.Matrix => math.isMatrix(v);

describe('fromMathjs', () => {
  it('reads a real Matrix (shape, values; default dtype unless given)', () => {
    const m = math.matrix([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const t = fromMathjs(m);
    expect([t.shape, t.dtype]).toEqual([[2, 3], 'float32']);
    expect(t.toArray()).toEqual(m.toArray());
    const exact = fromMathjs(math.matrix([[0.1, 1 / 3]]), { dtype: 'float64' });
    expect(exact.toArray()).toEqual([[0.1, 1 / 3]]);
    setDefaultDtype('float64');
    expect(fromMathjs(math.matrix([[0.1]])).toArray()).toEqual([[0.1]]);
  });

  it('reads complex entries as complex64 (complex128 with dtype or the float64 default)', () => {
    const m = math.matrix([
      [math.complex(1, 2), 3],
      [math.complex(0, -1), math.complex(-2.5, 0.5)],
    ]);
    const t = fromMathjs(m, { dtype: 'complex128' });
    expect(t.dtype).toBe('complex128');
    expect(t.toArray()).toEqual([
      [
        { re: 1, im: 2 },
        { re: 3, im: 0 },
      ],
      [
        { re: 0, im: -1 },
        { re: -2.5, im: 0.5 },
      ],
    ]);
    expect(fromMathjs(m).dtype).toBe('complex64');
  });

  it('accepts nested arrays, numbers and Complex scalars', () => {
    expect(fromMathjs([[1, 2]]).shape).toEqual([1, 2]);
    expect(fromMathjs(5).toArray()).toBe(5);
    expect(fromMathjs(math.complex(1, -1)).item()).toEqual({ re: 1, im: -1 });
    expect(fromMathjs(true).dtype).toBe('bool');
  });

  it('reads empty matrices with their shape and the same dtype as a non-empty one', () => {
    const e = fromMathjs(math.matrix([]));
    expect([e.shape, e.dtype]).toEqual([[0], 'float32']);
    const e2 = fromMathjs(math.zeros(2, 0) as math.Matrix, { dtype: 'float64' });
    expect([e2.shape, e2.dtype]).toEqual([[2, 0], 'float64']);
  });

  it('rejects what is not a matrix, array, number or Complex', () => {
    expect(() => fromMathjs('abc')).toThrow(DtypeError);
    expect(() => fromMathjs('abc')).toThrow(/^fromMathjs: expected .* got string "abc"/);
    expect(() => fromMathjs(undefined)).toThrow(DtypeError);
    expect(() => fromMathjs(null)).toThrow(DtypeError);
  });
});

describe('toMathjs', () => {
  it('gives a mathjs Matrix equal to the source (real round trip)', () => {
    const m = math.matrix([
      [1.5, -2, 0.1],
      [4, 1e-300, -7],
    ]);
    const back = toMathjs(fromMathjs(m, { dtype: 'float64' }), math);
    expect(isMatrix(back)).toBe(true);
    expect(math.deepEqual(back as math.Matrix, m)).toBe(true);
  });

  it('complex round trip through mathjs Complex values', () => {
    const m = math.matrix([
      [math.complex(1, 2), math.complex(-0.5, 0.25)],
      [math.complex(0, 0), math.complex(3, -4)],
    ]);
    const back = toMathjs(fromMathjs(m, { dtype: 'complex128' }), math) as math.Matrix;
    expect(math.size(back)).toEqual([2, 2]);
    const entry = back.get([1, 1]) as math.Complex;
    expect(math.isComplex(entry)).toBe(true);
    expect(math.deepEqual(back, m)).toBe(true);
  });

  it('0-d tensors give a number or a Complex; bool gives booleans; views convert their logical values', () => {
    expect(toMathjs(tensor(2.5), math)).toBe(2.5);
    const c = toMathjs(tensor({ re: 1, im: 2 }, { dtype: 'complex128' }), math);
    expect(math.isComplex(c)).toBe(true);
    expect(math.equal(c as math.Complex, math.complex(1, 2))).toBe(true);
    expect((toMathjs(tensor([true, false]), math) as math.Matrix).toArray()).toEqual([true, false]);
    const t = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: 'float64' },
    );
    expect((toMathjs(t.T, math) as math.Matrix).toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
  });

  it('rejects non-tensors', () => {
    expect(() => toMathjs(5 as unknown as Tensor, math)).toThrow(/^toMathjs: expected a Tensor, got number 5/);
  });
});

describe('mathjs as an independent reference', () => {
  it('matmul agrees with math.multiply for real and complex matrices', () => {
    const a = math.matrix([
      [1, -2, 0.5],
      [3, 0.25, -1],
    ]);
    const b = math.matrix([
      [2, 1],
      [-1, 4],
      [0.5, -3],
    ]);
    const got = toMathjs(matmul(fromMathjs(a, { dtype: 'float64' }), fromMathjs(b, { dtype: 'float64' })), math);
    expect(math.deepEqual(got as math.Matrix, math.multiply(a, b))).toBe(true);

    const za = math.matrix([
      [math.complex(1, 1), math.complex(0, -2)],
      [math.complex(3, 0), math.complex(-1, 0.5)],
    ]);
    const zb = math.matrix([
      [math.complex(0.5, -1), math.complex(2, 2)],
      [math.complex(-1, 0), math.complex(0, 1)],
    ]);
    const zgot = toMathjs(
      matmul(fromMathjs(za, { dtype: 'complex128' }), fromMathjs(zb, { dtype: 'complex128' })),
      math,
    );
    const zwant = math.multiply(za, zb) as math.Matrix;
    const diff = math.subtract(zgot as math.Matrix, zwant) as math.Matrix;
    expect(math.max(math.abs(diff) as math.Matrix) as number).toBeLessThan(1e-14);
  });
});
