import { DtypeError, ShapeError, tensor } from '@tapegrad/core';
import { rows } from '@tapegrad/testing/literals';
import { describe, expect, it } from 'vitest';
import { deserializeTensor, Linear, serializeTensor } from './index';
import { readSerializedTensor } from './state-dict';

const roundTrip = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

describe('serializeTensor / deserializeTensor', () => {
  it('round-trips every dtype through JSON', () => {
    const cases = [
      tensor([0.1, -0, Number.NaN, Infinity, -Infinity, 1e-310], { dtype: 'float64' }),
      tensor([[0.1, -2.5]], { dtype: 'float32' }),
      tensor([{ re: 1 / 3, im: -0 }], { dtype: 'complex128' }),
      tensor([{ re: 0.5, im: 2 }], { dtype: 'complex64' }),
      tensor([-2147483648, 0, 2147483647], { dtype: 'int32' }),
      tensor([true, false]),
      tensor(7, { dtype: 'float64' }),
    ];
    for (const t of cases) {
      const back = deserializeTensor(roundTrip(serializeTensor(t)));
      expect(back.dtype).toBe(t.dtype);
      expect(back.shape).toEqual(t.shape);
      const a = t.toTypedArray();
      const b = back.toTypedArray();
      expect(b.length).toBe(a.length);
      for (let i = 0; i < a.length; i++) expect(Object.is(a[i], b[i])).toBe(true);
    }
  });

  it('serializes views in logical (row-major) order', () => {
    const t = tensor(rows('1 2 3; 4 5 6'), { dtype: 'float64' }).T;
    expect(serializeTensor(t)).toEqual({ dtype: 'float64', shape: [3, 2], data: [1, 4, 2, 5, 3, 6] });
  });

  it('validates values against the dtype', () => {
    const read = (value: unknown, dtype: 'int32' | 'bool' | 'float64', shape: number[]) =>
      readSerializedTensor('test', 'x', value, dtype, shape);
    expect(() => read({ dtype: 'int32', shape: [1], data: [1.5] }, 'int32', [1])).toThrow(/int32 value/);
    expect(() => read({ dtype: 'int32', shape: [1], data: [2 ** 31] }, 'int32', [1])).toThrow(DtypeError);
    expect(() => read({ dtype: 'bool', shape: [1], data: [2] }, 'bool', [1])).toThrow(/0 or 1/);
    expect([...read({ dtype: 'bool', shape: [2], data: [true, 0] }, 'bool', [2])]).toEqual([1, 0]);
    expect(() => read({ shape: [1], data: ['Infinity '] }, 'float64', [1])).toThrow(/got string "Infinity "/);
    expect(() => read({ shape: [-1], data: [] }, 'float64', [1])).toThrow(ShapeError);
    expect(() => deserializeTensor({ dtype: 'float64', shape: 'x', data: [] })).toThrow(ShapeError);
    expect(() => deserializeTensor(null)).toThrow(DtypeError);
  });
});

describe('module state dicts of other dtypes', () => {
  it('round-trip a complex128 Linear exactly', () => {
    const a = new Linear(3, 2, { dtype: 'complex128' });
    const b = new Linear(3, 2, { dtype: 'complex128' });
    b.loadStateDict(roundTrip(a.stateDict()));
    expect([...b.weight.toTypedArray()]).toEqual([...a.weight.toTypedArray()]);
    expect(() => new Linear(3, 2, { dtype: 'float64' }).loadStateDict(roundTrip(a.stateDict()))).toThrow(
      /dtype mismatch for "weight": expected float64, got complex128/,
    );
  });
});
