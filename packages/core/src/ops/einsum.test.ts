import { expectTypedError } from '@tapegrad/testing/errors';
import { einsumRef } from '@tapegrad/testing/opinfo/einsum-ref';
import { EINSUM_SAMPLES } from '@tapegrad/testing/opinfo/matmul';
import { lcg } from '@tapegrad/testing/random';
import { flatValues, mismatch } from '@tapegrad/testing/reference';
import { describe, expect, it } from 'vitest';
import { randn, type Tensor, tensor } from '../index';
import { einsum } from './einsum';

function expectMatches(equation: string, operands: readonly Tensor[]): void {
  const got = einsum(equation, ...operands);
  const refs = operands.map((t) => ({ shape: [...t.shape], dtype: t.dtype, data: flatValues(t) }));
  const want = einsumRef(equation, refs, got.dtype);
  expect(mismatch(got, want)).toBeNull();
}

const r = (shape: readonly number[]) => randn(shape, { dtype: 'float64' });
const c = (shape: readonly number[]) => randn(shape, { dtype: 'complex128' });

describe('einsum against its definition (loops over every label assignment)', () => {
  // Equations only this test covers, then the OpInfo table's einsum samples.
  const own: [string, number[][]][] = [
    ['ij', [[2, 3]]],
    ['ji', [[2, 3]]],
    ['iii->i', [[2, 2, 2]]],
    ['iji->j', [[2, 3, 2]]],
    ['ij->', [[2, 3]]],
    ['i,i->i', [[4], [4]]],
    ['i,i->i', [[4], [1]]],
    ['i,j', [[3], [2]]],
    [
      'bij,bjk->bik',
      [
        [2, 2, 3],
        [2, 3, 4],
      ],
    ],
    [
      'bij,bjk,bkl->bil',
      [
        [2, 2, 3],
        [2, 3, 2],
        [2, 2, 5],
      ],
    ],
    [
      'ij,jk,kl,lm->im',
      [
        [2, 3],
        [3, 4],
        [4, 2],
        [2, 3],
      ],
    ],
    [
      'ab,cd,bc->ad',
      [
        [2, 3],
        [4, 2],
        [3, 4],
      ],
    ],
    [
      '...ij,...jk->...ik',
      [
        [2, 3],
        [3, 2],
      ],
    ],
    ['i...->...', [[3, 4]]],
    ['...,...->...', [[2, 1], [3]]],
    [
      'bA,ab',
      [
        [2, 3],
        [4, 2],
      ],
    ],
    [
      'ijk,ikj->i',
      [
        [2, 3, 4],
        [2, 4, 3],
      ],
    ],
    [
      'ij,kl->ijkl',
      [
        [2, 1],
        [1, 3],
      ],
    ],
    ['i,ij,j->', [[2], [2, 3], [3]]],
    ['', [[]]],
    ['->', [[]]],
    [',i->i', [[], [3]]],
    [
      'ij,jk->ik',
      [
        [2, 0],
        [0, 2],
      ],
    ],
  ];
  const cases = [...own, ...EINSUM_SAMPLES];
  it.each(cases)('%s on shapes %j (float64)', (equation, shapes) => {
    expectMatches(
      equation,
      shapes.map((s) => r(s)),
    );
  });
  it.each(cases.slice(0, 20))('%s on shapes %j (complex128, no conjugation)', (equation, shapes) => {
    expectMatches(
      equation,
      shapes.map((s) => c(s)),
    );
  });

  it('accepts spaces, an operand array, and promotes mixed dtypes', () => {
    const a = r([2, 3]);
    const b = c([3]);
    expectMatches('i j , j -> i', [a, b]);
    expect(einsum('ij,j->i', [a, b]).dtype).toBe('complex128');
    expect(
      einsum('ij,j->i', tensor([[1, 2]], { dtype: 'int32' }), tensor([3, 4], { dtype: 'int32' })).toArray(),
    ).toEqual([11]);
  });

  it('contracts random chains in any order to the same value', () => {
    const rand = lcg(7);
    for (let trial = 0; trial < 5; trial++) {
      const d = Array.from({ length: 5 }, () => 1 + Math.floor(rand() * 4));
      expectMatches('ab,bc,cd,de->ae', [r([d[0], d[1]]), r([d[1], d[2]]), r([d[2], d[3]]), r([d[3], d[4]])]);
    }
  });
});

describe('einsum errors', () => {
  const a = r([2, 3]);
  it.each([
    ['ij,jk', [a], 'ShapeError'],
    ['ijk', [a], 'ShapeError'],
    ['i', [a], 'ShapeError'],
    ['ij,jk', [a, r([4, 2])], 'ShapeError'],
    ['ii', [a], 'ShapeError'],
    ['ij->ii', [a], 'DtypeError'],
    ['ij->k', [a], 'DtypeError'],
    ['i1', [a], 'DtypeError'],
    ['i....j', [a], 'DtypeError'],
    ['...i...', [a], 'DtypeError'],
    ['ij->i->j', [a], 'DtypeError'],
  ] as const)('%s with %d operand(s) → %s', (equation, operands, error) => {
    expectTypedError(() => einsum(equation, ...operands), error, 'einsum');
  });
  it('refuses no operands, non-tensors, bool operands and non-string equations', () => {
    expectTypedError(() => einsum('i'), 'ShapeError', 'einsum');
    expectTypedError(() => einsum('i', [1, 2] as unknown as Tensor), 'DtypeError', 'einsum');
    expectTypedError(() => einsum('i', tensor([true])), 'DtypeError', 'einsum');
    expectTypedError(() => einsum(5 as unknown as string, a), 'DtypeError', 'einsum');
  });
});
