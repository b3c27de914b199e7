/**
 * Dtype conversion (to / cast), complex construction and the real/imag views. The OpInfo table checks every
 * conversion pair and layout; the cases below pin PyTorch's casting rules.
 */

import { opsIn, runOpInfo } from '@tapegrad/testing/opinfo';
import { describe, expect, it } from 'vitest';
import { cast, complex, imag, real } from './complex';
import { tensor } from './creation';

runOpInfo(opsIn('complex'));

describe('casting rules (PyTorch)', () => {
  it('to() of the same dtype returns the tensor itself', () => {
    const x = tensor([1, 2]);
    expect(x.to('float32')).toBe(x);
    expect(cast(x, 'float32')).toBe(x);
  });

  it('float → int32 truncates toward zero; anything → bool is x != 0 (NaN is true)', () => {
    expect(tensor([-1.7, -0.5, 0.5, 1.7, 2.5], { dtype: 'float64' }).to('int32').toArray()).toEqual([-1, 0, 0, 1, 2]);
    expect(tensor([0, -0, Number.NaN, 0.1], { dtype: 'float64' }).to('bool').toArray()).toEqual([
      false,
      false,
      true,
      true,
    ]);
    expect(
      tensor([
        { re: 0, im: 1 },
        { re: 0, im: 0 },
      ])
        .to('bool')
        .toArray(),
    ).toEqual([true, false]);
  });

  it('complex → real keeps the real part; real → complex sets im = 0; float64 → float32 rounds', () => {
    expect(
      tensor([{ re: 1.5, im: -3 }], { dtype: 'complex128' })
        .to('float64')
        .toArray(),
    ).toEqual([1.5]);
    expect(
      tensor([{ re: 2.7, im: 9 }])
        .to('int32')
        .toArray(),
    ).toEqual([2]);
    expect(tensor([true, false]).to('complex128').toArray()).toEqual([
      { re: 1, im: 0 },
      { re: 0, im: 0 },
    ]);
    expect(tensor([0.1], { dtype: 'float64' }).to('float32').toArray()).toEqual([Math.fround(0.1)]);
    expect(tensor([0.1], { dtype: 'complex128' }).to('complex64').toArray()).toEqual([{ re: Math.fround(0.1), im: 0 }]);
  });
});

describe('complex(), real, imag', () => {
  it('complex broadcasts its parts and keeps their precision', () => {
    const z = complex(tensor([[1], [2]], { dtype: 'float64' }), tensor([3, 4], { dtype: 'float64' }));
    expect([z.dtype, z.shape]).toEqual(['complex128', [2, 2]]);
    expect(z.toArray()).toEqual([
      [
        { re: 1, im: 3 },
        { re: 1, im: 4 },
      ],
      [
        { re: 2, im: 3 },
        { re: 2, im: 4 },
      ],
    ]);
    expect(complex(tensor([1]), tensor([2])).dtype).toBe('complex64');
  });

  it('real/imag of complex64 are float32 views; real of a real tensor is the tensor itself', () => {
    const z = tensor([{ re: 1, im: 2 }]);
    expect([real(z).dtype, imag(z).dtype]).toEqual(['float32', 'float32']);
    expect(real(z).storage).toBe(z.storage);
    const x = tensor([1, 2]);
    expect(real(x)).toBe(x);
    expect(complex(real(z), imag(z)).toArray()).toEqual(z.toArray());
  });
});
