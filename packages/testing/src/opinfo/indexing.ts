/**
 * OpInfo entries of the index ops (core ops/indexing.ts).
 * Test-only.
 */

import * as core from '@tapegrad/core';
import { shaped, shapedOp } from './movement';
import { sumOut } from './reduce';
import { ALL, coerce, fromFn, NUMERIC, type Ref, randomRef, refOf, tensorOf } from './reference';
import {
  diagEmbedRef,
  diagonalRef,
  diagRef,
  gatherRef,
  indexSelectRef,
  scatterAddRef,
  sumValues,
  triangleRef,
} from './refops';
import { define, type OpInfo } from './types';

// Index ops.

function intRef(values: readonly number[], shape: readonly number[]): Ref {
  return refOf(values, shape, 'int32');
}

function randomIndex(shape: readonly number[], bound: number, rng: () => number): Ref {
  return fromFn(shape, 'int32', () => Math.floor(rng() * bound));
}

export const INDEXING: OpInfo[] = [
  define<[number, number[]]>({
    name: 'indexSelect',
    op: 'indexSelect',
    group: 'indexing',
    fn: ([x], [d, i]) => core.indexSelect(x, d, i),
    method: ([x], [d, i]) => x.indexSelect(d, tensorOf(intRef(i, [i.length]))),
    ref: ([x], [d, i]) => indexSelectRef(x, d, i),
    dtypes: ALL,
    copy: true,
    samples: (dtype, rng) =>
      (
        [
          [[4, 3], 0, [3, 0, 0, 1]],
          [[4, 3], 1, [2]],
          [[4, 3], -1, []],
          [[5], 0, [4, 1, 0]],
          [[2, 3, 4], 1, [2, 1]],
        ] as const
      ).map(([shape, d, i]) => ({ inputs: [randomRef(shape, dtype, 'any', rng)], args: [d, [...i]] })),
  }),
  define<[number, Ref]>({
    name: 'gather',
    op: 'gather',
    group: 'indexing',
    fn: ([x], [d, i]) => core.gather(x, d, tensorOf(i)),
    method: ([x], [d, i]) => x.gather(d, tensorOf(i)),
    ref: ([x], [d, i]) => gatherRef(x, d, i),
    dtypes: ALL,
    copy: true,
    samples: (dtype, rng) => [
      { inputs: [randomRef([3, 4], dtype, 'any', rng)], args: [1, randomIndex([3, 2], 4, rng)] },
      { inputs: [randomRef([3, 4], dtype, 'any', rng)], args: [0, randomIndex([2, 4], 3, rng)] },
      { inputs: [randomRef([3, 4], dtype, 'any', rng)], args: [-1, randomIndex([2, 3], 4, rng)] },
      { inputs: [randomRef([4], dtype, 'any', rng)], args: [0, randomIndex([6], 4, rng)] },
      { inputs: [randomRef([2, 3, 4], dtype, 'any', rng)], args: [2, randomIndex([2, 3, 1], 4, rng)] },
      { inputs: [randomRef([3, 4], dtype, 'any', rng)], args: [1, intRef([], [3, 0])] },
    ],
  }),
  define<[number, Ref]>({
    name: 'scatterAdd',
    op: 'scatterAdd',
    group: 'indexing',
    fn: ([x, s], [d, i]) => core.scatterAdd(x, d, tensorOf(i), s),
    method: ([x, s], [d, i]) => x.scatterAdd(d, tensorOf(i), s),
    ref: ([x, s], [d, i]) => scatterAddRef(x, d, i, s),
    dtypes: NUMERIC,
    copy: true,
    samples: (dtype, rng) => [
      {
        inputs: [randomRef([3, 4], dtype, 'any', rng), randomRef([3, 4], dtype, 'any', rng)],
        args: [1, randomIndex([3, 4], 4, rng)],
      },
      {
        inputs: [randomRef([3, 4], dtype, 'any', rng), randomRef([5, 4], dtype, 'any', rng)],
        args: [0, randomIndex([2, 4], 3, rng)],
      },
      {
        inputs: [randomRef([4], dtype, 'any', rng), randomRef([6], dtype, 'any', rng)],
        args: [0, intRef([1, 1, 1, 0, 3, 1], [6])],
      },
    ],
  }),
  shapedOp(
    'diag',
    diagRef,
    [
      ['4', [0], [1], [-2]],
      ['3x4', [0], [1], [-1]],
      ['0', [0]],
    ],
    { group: 'indexing' },
  ),
  shapedOp(
    'diagEmbed',
    diagEmbedRef,
    [
      ['3', [0, -2, -1]],
      ['2x3', [1, -2, -1], [-1, 0, 2], [1, 2, 0]],
      ['2x0', [0, -2, -1]],
    ],
    { group: 'indexing', copy: true },
  ),
  ...(['triu', 'tril'] as const).map((name) =>
    shapedOp(
      name,
      (x, k: number) => triangleRef(x, k, name === 'triu'),
      [
        ['4x5', [0], [1], [-2]],
        ['2x3x3', [0]],
        ['0x3', [0]],
        ['3x3', [10], [-10]],
      ],
      { group: 'indexing', copy: true },
    ),
  ),
  shaped(
    'trace',
    (x) => core.trace(x),
    (x) => x.trace(),
    (x) => {
      const d = diagonalRef(x, 0, 0, 1);
      return { shape: [], dtype: sumOut(x.dtype), data: [coerce(sumValues(d.data, x.dtype), sumOut(x.dtype))] };
    },
    [
      ['3x4', []],
      ['4x4', []],
      ['0x0', []],
    ],
    { group: 'indexing' },
  ),
];
