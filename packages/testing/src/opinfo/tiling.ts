/**
 * OpInfo entries of the repeating copies (core ops/tiling.ts): repeat, tile, roll, by index arithmetic. Test-only.
 */
import * as core from '@tapegrad/core';
import { shaped, shapedOp } from './movement';
import { fromFn, get, numel, type Ref } from './reference';
import { reshapeRef } from './refops';
import type { OpInfo } from './types';

/** out[i] = x[i mod size] per dim, after padding x's shape with leading 1s to the count's length. */
function repeatRef(a: Ref, counts: readonly number[]): Ref {
  const lead = counts.length - a.shape.length;
  const padded = [...new Array<number>(Math.max(lead, 0)).fill(1), ...a.shape];
  const x = { ...a, shape: padded };
  return fromFn(
    padded.map((s, i) => s * counts[i]),
    a.dtype,
    (idx) =>
      get(
        x,
        idx.map((v, d) => v % padded[d]),
      ),
  );
}

/** out[i] = x[i − shift mod n] along each dim (the flattened tensor when no dims). */
function rollRef(a: Ref, shifts: readonly number[], dims: readonly number[] | undefined): Ref {
  if (dims === undefined) {
    const flat = rollRef({ ...a, shape: [numel(a.shape)] }, shifts, [0]);
    return reshapeRef(flat, a.shape);
  }
  const nd = a.shape.length;
  return fromFn(a.shape, a.dtype, (idx) => {
    const at = [...idx];
    dims.forEach((dim, k) => {
      const d = dim < 0 ? dim + nd : dim;
      const n = a.shape[d];
      at[d] = (((at[d] - shifts[k]) % n) + n) % n;
    });
    return get(a, at);
  });
}

export const TILING: OpInfo[] = [
  shaped(
    'repeat',
    (x, [c]: [number[]]) => core.repeat(x, c),
    (x, [c]) => x.repeat(...c),
    (x, [c]) => repeatRef(x, c),
    [
      ['2x3', [[2, 1]], [[1, 2, 2]]],
      ['3', [[0]]],
      ['scalar', [[2, 3]]],
      ['0x2', [[2, 2]]],
    ],
    { copy: true, group: 'tiling' },
  ),
  shaped(
    'tile',
    (x, [c]: [number[]]) => core.tile(x, c),
    (x, [c]) => x.tile(c),
    (x, [c]) => repeatRef(x, [...new Array<number>(Math.max(0, x.shape.length - c.length)).fill(1), ...c]),
    [
      ['2x3', [[2]], [[2, 2, 1]]],
      ['scalar', [[3]]],
    ],
    { copy: true, group: 'tiling' },
  ),
  shapedOp(
    'roll',
    rollRef,
    [
      [
        '3x4',
        [[1], [1]],
        [
          [-5, 2],
          [1, 0],
        ],
        [[5], undefined],
      ],
      [
        '2x3x2',
        [
          [1, 1],
          [-1, 0],
        ],
      ],
      ['scalar', [[1], undefined]],
      ['0x3', [[1], [1]]],
    ],
    { copy: true, group: 'tiling' },
  ),
];
