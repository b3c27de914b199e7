import { expectTypedError } from '@tapegrad/testing/errors';
import { opsIn, runOpInfo } from '@tapegrad/testing/opinfo';
import { describe, expect, it } from 'vitest';
import { tensor } from '../index';
import { maskedFill, maskedSelect, nanToNum } from './masking';

runOpInfo(opsIn('masking'));

const F32_MAX = 3.4028234663852886e38;

describe('maskedFill / maskedSelect', () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const rowMask = tensor([true, false, true]);

  it('fills where the mask is true, broadcasting mask and input together', () => {
    expect(maskedFill(x, rowMask, -1).toArray()).toEqual([
      [-1, 2, -1],
      [-1, 5, -1],
    ]);
    expect(x.T.maskedFill(tensor([[true], [false], [false]]), 0).toArray()).toEqual([
      [0, 0],
      [2, 5],
      [3, 6],
    ]);
    expect(maskedFill(tensor([1, 2]), tensor([[true], [false]]), 9).toArray()).toEqual([
      [9, 9],
      [1, 2],
    ]);
  });

  it('keeps the input dtype: a 0-d tensor value is cast, a complex value fills a complex tensor', () => {
    const i = maskedFill(tensor([1, 2], { dtype: 'int32' }), tensor([false, true]), tensor(7, { dtype: 'float64' }));
    expect(i.dtype).toBe('int32');
    expect(i.toArray()).toEqual([1, 7]);
    const z = maskedFill(tensor([{ re: 1, im: 1 }]), tensor([true]), { re: 0, im: -1 });
    expect(z.toArray()).toEqual([{ re: 0, im: -1 }]);
  });

  it('selects row-major, after broadcasting', () => {
    expect(maskedSelect(x, rowMask).toArray()).toEqual([1, 3, 4, 6]);
    expect(maskedSelect(x.T, tensor([true, false])).toArray()).toEqual([1, 2, 3]);
    expect(maskedSelect(x, tensor(false)).shape).toEqual([0]);
  });

  it('refuses non-bool masks and masks that do not broadcast', () => {
    expectTypedError(() => maskedFill(x, tensor([1, 0, 1]), 0), 'DtypeError', 'maskedFill');
    expectTypedError(() => maskedSelect(x, tensor([true, false])), 'ShapeError', 'maskedSelect');
  });
});

describe('nanToNum', () => {
  it('replaces NaN, +inf and -inf by 0 and the extreme finite values of the dtype (PyTorch defaults)', () => {
    const special = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1.5];
    expect(nanToNum(tensor(special, { dtype: 'float64' })).toArray()).toEqual([
      0,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      -0,
      1.5,
    ]);
    expect(nanToNum(tensor(special)).toArray()).toEqual([0, F32_MAX, -F32_MAX, -0, 1.5]);
    expect(nanToNum(tensor(special), { nan: 1, posinf: 2, neginf: -2 }).toArray()).toEqual([1, 2, -2, -0, 1.5]);
  });

  it('treats complex parts separately and copies integral tensors', () => {
    const z = tensor([{ re: Number.NaN, im: Number.POSITIVE_INFINITY }], { dtype: 'complex128' });
    expect(nanToNum(z, { nan: 3 }).toArray()).toEqual([{ re: 3, im: Number.MAX_VALUE }]);
    const i = tensor([1, 2], { dtype: 'int32' });
    const copy = nanToNum(i);
    expect(copy).not.toBe(i);
    expect(copy.toArray()).toEqual([1, 2]);
  });
});
