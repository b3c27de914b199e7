/** Shape utilities exported by core: broadcasting of shapes, dim normalization, shape formatting. */

import { broadcastShape } from '@tapegrad/testing/reference';
import { describe, expect, it } from 'vitest';
import { ShapeError } from './index';
import { broadcastShapes, formatShape, normalizeDim } from './internal';

describe('broadcastShapes', () => {
  it('agrees with the NumPy rule on a grid of shape pairs', () => {
    const shapes = [[], [1], [3], [0], [2, 1], [1, 3], [2, 3], [4, 1, 3], [1, 0], [5, 2, 1]];
    for (const a of shapes) {
      for (const b of shapes) {
        let want: number[] | null = null;
        try {
          want = broadcastShape(a, b);
        } catch {
          want = null;
        }
        if (want === null) expect(() => broadcastShapes('op', a, b), `[${a}] [${b}]`).toThrow(ShapeError);
        else expect(broadcastShapes('op', a, b), `[${a}] [${b}]`).toEqual(want);
      }
    }
  });

  it('names the op and both shapes in the error', () => {
    expect(() => broadcastShapes('myop', [2, 3], [4])).toThrow(
      /^myop: expected shapes that broadcast, got \[2, 3\] and \[4\]/,
    );
  });
});

describe('normalizeDim and formatShape', () => {
  it('wraps negative dims; a 0-d tensor accepts 0 and -1', () => {
    expect([normalizeDim('op', -1, 3), normalizeDim('op', 0, 3), normalizeDim('op', -3, 3)]).toEqual([2, 0, 0]);
    expect([normalizeDim('op', 0, 0), normalizeDim('op', -1, 0)]).toEqual([0, 0]);
    expect(() => normalizeDim('op', 3, 3)).toThrow(/^op: expected dim in range \[-3, 2\], got 3/);
    expect(() => normalizeDim('op', 1.5, 3)).toThrow(/^op: expected an integer dim, got 1.5/);
  });
  it('formats shapes like torch.Size lists', () => {
    expect([formatShape([]), formatShape([2, 3])]).toEqual(['[]', '[2, 3]']);
  });
});
