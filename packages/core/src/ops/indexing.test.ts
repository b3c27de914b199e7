/**
 * Index ops. The OpInfo table checks gather, scatterAdd, indexSelect, diag, diagEmbed, triu, tril, trace and flip
 * against loop references on every dtype and layout; the cases below are the examples of the PyTorch documentation
 * and the relations between the ops.
 */

import { rows } from '@tapegrad/testing/literals';
import { opsIn, runOpInfo } from '@tapegrad/testing/opinfo';
import { describe, expect, it } from 'vitest';
import { ShapeError } from '../errors';
import { arange, tensor, zeros } from './creation';
import {
  diag,
  diagEmbed,
  diagonalScatter,
  flip,
  gather,
  indexSelect,
  scatterAdd,
  sliceScatter,
  tril,
  triu,
} from './indexing';
import { diagonal } from './movement';

runOpInfo(opsIn('indexing'));

const i32 = (data: number[][] | number[]) => tensor(data, { dtype: 'int32' });

describe('PyTorch documentation examples', () => {
  it('gather along dim 1', () => {
    const t = tensor(rows('1 2; 3 4'));
    expect(gather(t, 1, i32(rows('0 0; 1 0'))).toArray()).toEqual(rows('1 1; 4 3'));
  });

  it('scatterAdd accumulates repeated indices and does not modify its input', () => {
    const x = zeros([3]);
    const out = scatterAdd(x, 0, i32([0, 1, 0, 2, 0]), tensor([1, 2, 3, 4, 5]));
    expect(out.toArray()).toEqual([9, 2, 4]);
    expect(x.toArray()).toEqual([0, 0, 0]);
  });

  it('gather undoes scatterAdd on distinct indices', () => {
    const src = tensor(rows('1 2 3; 4 5 6'));
    const index = i32(rows('2 0 1; 1 2 0'));
    const scattered = scatterAdd(zeros([2, 3]), 1, index, src);
    expect(gather(scattered, 1, index).toArray()).toEqual(src.toArray());
  });

  it('indexSelect picks rows or columns (with repeats) from an array or int32 tensor', () => {
    const x = arange(12, { dtype: 'float64' }).reshape(3, 4);
    expect(indexSelect(x, 0, [2, 0, 2]).toArray()).toEqual(rows('8 9 10 11; 0 1 2 3; 8 9 10 11'));
    expect(indexSelect(x, 1, i32([3, 1])).toArray()).toEqual(rows('3 1; 7 5; 11 9'));
    expect(() => indexSelect(x, 1, [4])).toThrow(ShapeError);
  });

  it('diag builds a matrix from a vector and reads a diagonal from a matrix', () => {
    expect(diag(tensor([1, 2, 3])).toArray()).toEqual(rows('1 0 0; 0 2 0; 0 0 3'));
    expect(diag(tensor([1, 2]), 1).toArray()).toEqual(rows('0 1 0; 0 0 2; 0 0 0'));
    const m = arange(9).reshape(3, 3);
    expect(diag(m).toArray()).toEqual([0, 4, 8]);
    expect(diag(m, -1).toArray()).toEqual([3, 7]);
    expect(diag(diag(tensor([5, 6]))).toArray()).toEqual([5, 6]);
  });

  it('diagEmbed of a batch puts each row on a diagonal; diagonal reads it back', () => {
    const x = tensor(rows('1 2; 3 4'));
    const e = diagEmbed(x);
    expect(e.toArray()).toEqual([rows('1 0; 0 2'), rows('3 0; 0 4')]);
    expect(diagonal(e, 0, -2, -1).toArray()).toEqual(x.toArray());
  });

  it('triu and tril with positive and negative diagonals', () => {
    const a = tensor(rows('1 2 3; 4 5 6; 7 8 9'));
    expect(triu(a).toArray()).toEqual(rows('1 2 3; 0 5 6; 0 0 9'));
    expect(triu(a, 1).toArray()).toEqual(rows('0 2 3; 0 0 6; 0 0 0'));
    expect(tril(a, -1).toArray()).toEqual(rows('0 0 0; 4 0 0; 7 8 0'));
    expect(triu(a, -1).toArray()).toEqual(rows('1 2 3; 4 5 6; 0 8 9'));
  });

  it('flip reverses the given dims and copies', () => {
    const x = arange(8).reshape(2, 2, 2);
    expect(flip(x, [0, 1]).toArray()).toEqual([rows('6 7; 4 5'), rows('2 3; 0 1')]);
    expect(flip(x, [0, 1]).storage).not.toBe(x.storage);
  });
});

describe('scatters used as gradients of views', () => {
  it('sliceScatter writes src into a zero tensor at start::step along dim', () => {
    const out = sliceScatter(tensor([[1, 2]]).T, [5, 1], 0, 1, 2);
    expect(out.toArray()).toEqual([[0], [1], [0], [2], [0]]);
  });

  it('diagonalScatter writes src on a diagonal of a zero tensor and checks its shape', () => {
    expect(diagonalScatter(tensor([7, 8]), [2, 3], 1, 0, 1).toArray()).toEqual(rows('0 7 0; 0 0 8'));
    expect(() => diagonalScatter(tensor([7, 8, 9]), [2, 3], 1, 0, 1)).toThrow(ShapeError);
  });

  it('are the adjoints of slice and diagonal: <slice(x), y> = <x, sliceScatter(y)>', () => {
    const x = arange(10, { dtype: 'float64' });
    const y = tensor([1, -2, 3], { dtype: 'float64' });
    const picked = x.slice(0, 1, 8, 3);
    const lhs = picked.mul(y).sum().item();
    const rhs = x
      .mul(sliceScatter(y, [10], 0, 1, 3))
      .sum()
      .item();
    expect(lhs).toBe(rhs);
    expect(zeros([2]).shape).toEqual([2]);
  });
});
