import { expectTypedError } from '@tapegrad/testing/errors';
import { opsIn, runOpInfo } from '@tapegrad/testing/opinfo';
import { describe, expect, it } from 'vitest';
import { arange, tensor } from '../index';
import { repeat, roll, tile } from './tiling';

runOpInfo(opsIn('tiling'));

describe('repeat / tile / roll', () => {
  const x = tensor([
    [1, 2],
    [3, 4],
  ]);

  it('repeat tiles every dim and adds leading dims (torch.Tensor.repeat)', () => {
    expect(x.repeat(1, 2).toArray()).toEqual([
      [1, 2, 1, 2],
      [3, 4, 3, 4],
    ]);
    expect(repeat(tensor([1, 2]), [2, 2]).toArray()).toEqual([
      [1, 2, 1, 2],
      [1, 2, 1, 2],
    ]);
    expect(x.T.repeat(2, 1, 1).shape).toEqual([2, 2, 2]);
    expect(x.T.repeat(2, 1, 1).toArray()).toEqual([
      [
        [1, 3],
        [2, 4],
      ],
      [
        [1, 3],
        [2, 4],
      ],
    ]);
    expect(repeat(x, [0, 1]).shape).toEqual([0, 2]);
    const same = x.repeat(1, 1);
    expect(same).not.toBe(x);
    expect(same.toArray()).toEqual(x.toArray());
  });

  it('tile pads missing counts with leading 1s (torch.tile)', () => {
    expect(tile(x, [2]).toArray()).toEqual([
      [1, 2, 1, 2],
      [3, 4, 3, 4],
    ]);
    expect(tile(tensor([1, 2]), [2, 1, 2]).shape).toEqual([2, 1, 4]);
  });

  it('roll moves element i to i + shift along each dim, or on the flattened tensor', () => {
    const y = arange(6).reshape([2, 3]);
    expect(roll(y, 1, 1).toArray()).toEqual([
      [2, 0, 1],
      [5, 3, 4],
    ]);
    expect(roll(y, -4, 1).toArray()).toEqual([
      [1, 2, 0],
      [4, 5, 3],
    ]);
    expect(y.roll(2).toArray()).toEqual([
      [4, 5, 0],
      [1, 2, 3],
    ]);
    expect(roll(y, [1, 1], [0, 1]).toArray()).toEqual([
      [5, 3, 4],
      [2, 0, 1],
    ]);
    expect(roll(y.T, 1, 0).toArray()).toEqual([
      [2, 5],
      [0, 3],
      [1, 4],
    ]);
  });

  it('refuses too few counts, negative counts and mismatched shifts', () => {
    expectTypedError(() => repeat(x, [2]), 'ShapeError', 'repeat');
    expectTypedError(() => tile(x, [-1]), 'ShapeError', 'tile');
    expectTypedError(() => roll(x, [1, 2], 0), 'ShapeError', 'roll');
  });
});
