import { expectTypedError } from '@tapegrad/testing/errors';
import { opsIn, runOpInfo } from '@tapegrad/testing/opinfo';
import { describe, expect, it } from 'vitest';
import { DtypeError, randn, tensor } from '../index';
import { cumprod, cumsum } from './scan';

runOpInfo(opsIn('scan'));

/** Loop reference along `dim` of a nested 2-D array. */
function scanRef(rows: number[][], dim: number, op: (a: number, b: number) => number): number[][] {
  const out = rows.map((r) => [...r]);
  if (dim === 1) for (const r of out) for (let j = 1; j < r.length; j++) r[j] = op(r[j - 1], r[j]);
  else
    for (let i = 1; i < out.length; i++)
      for (let j = 0; j < out[i].length; j++) out[i][j] = op(out[i - 1][j], out[i][j]);
  return out;
}

describe('cumsum / cumprod', () => {
  it('refuse an int32 result outside int32 instead of wrapping (torch: int64 [2^30, 2^31, 3·2^30])', () => {
    const big = tensor([2 ** 30, 2 ** 30, 2 ** 30], { dtype: 'int32' });
    expect(() => cumsum(big, 0)).toThrow(/^cumsum: expected a result representable as int32/);
    expect(() => cumprod(tensor([65536, 65536], { dtype: 'int32' }), 0)).toThrow(DtypeError);
    expect(cumsum(tensor([2 ** 30, 2 ** 30 - 1, -5], { dtype: 'int32' }), 0).toArray()).toEqual([
      2 ** 30,
      2 ** 31 - 1,
      2 ** 31 - 6,
    ]);
  });

  it('match loop references along each dim, also on a transposed (non-contiguous) input', () => {
    const x = randn([4, 3], { dtype: 'float64' });
    for (const input of [x, x.T]) {
      const rows = input.toArray() as number[][];
      for (const dim of [0, 1, -1]) {
        const d = dim < 0 ? dim + 2 : dim;
        expect(cumsum(input, dim).toArray()).toEqual(scanRef(rows, d, (a, b) => a + b));
        expect(input.cumprod(dim).toArray()).toEqual(scanRef(rows, d, (a, b) => a * b));
      }
    }
  });

  it('complex products, bool and int32 inputs (int32 results), 0-d and empty tensors', () => {
    const z = tensor(
      [
        { re: 1, im: 1 },
        { re: 0, im: 2 },
        { re: 3, im: 0 },
      ],
      { dtype: 'complex128' },
    );
    expect(cumprod(z, 0).toArray()).toEqual([
      { re: 1, im: 1 },
      { re: -2, im: 2 },
      { re: -6, im: 6 },
    ]);
    expect(cumsum(z, 0).toArray()).toEqual([
      { re: 1, im: 1 },
      { re: 1, im: 3 },
      { re: 4, im: 3 },
    ]);
    const b = cumsum(tensor([true, false, true]), 0);
    expect(b.dtype).toBe('int32');
    expect(b.toArray()).toEqual([1, 1, 2]);
    expect(cumprod(tensor([2, 3, 4], { dtype: 'int32' }), 0).toArray()).toEqual([2, 6, 24]);
    expect(cumsum(tensor(5), 0).item()).toBe(5);
    expect(cumsum(tensor([[]]), 1).shape).toEqual([1, 0]);
  });

  it('float32 accumulates in double (as PyTorch on CPU)', () => {
    const x = tensor(new Float32Array(1000).fill(0.1));
    const last = (cumsum(x, 0).toArray() as number[])[999];
    expect(last).toBe(Math.fround(Math.fround(0.1) * 1000));
  });

  it('refuses bad dims and non-tensors', () => {
    expectTypedError(() => cumsum(tensor([1, 2]), 1), 'ShapeError', 'cumsum');
    expectTypedError(() => cumprod([1, 2] as never, 0), 'DtypeError', 'cumprod');
  });
});
