/**
 * OpInfo entries of shapes and views (core ops/movement.ts), over every dtype.
 * Test-only.
 */

import type { Tensor } from '@tapegrad/core';
import * as core from '@tapegrad/core';
import { dims } from '../literals';
import { ALL, permuteRef, type Ref, randomRef } from './reference';
import {
  catRef,
  chunkRef,
  diagonalRef,
  expandRef,
  flattenRef,
  flipRef,
  narrowRef,
  reshapeRef,
  selectRef,
  sliceRef,
  splitRef,
  squeezeRef,
  stackRef,
  transposeRef,
  unsqueezeRef,
} from './refops';
import { api, calls, define, type MethodOp, type OpInfo, type Out, type RefOut } from './types';

// Shapes and views (every dtype).

/**
 * One row of a {@link shaped} table: the input shape (`'2x3x4'`, `'scalar'` for [], or an array), then every argument
 * list tried on an input of that shape.
 */
export type ShapedRow<A> = readonly [string | readonly number[], ...A[]];

/**
 * An OpInfo entry of a one-input op over every dtype: `fn`, `method` and `ref` take the input and one argument list;
 * the samples are the rows of `cases`, in order.
 */
export function shaped<A extends readonly unknown[]>(
  name: string,
  fn: (x: Tensor, args: A) => Out,
  method: ((x: Tensor, args: A) => Out) | undefined,
  ref: (x: Ref, args: A) => RefOut,
  cases: readonly ShapedRow<A>[],
  extra: Partial<OpInfo<A>> = {},
): OpInfo {
  return define<A>({
    name,
    op: name,
    group: 'movement',
    fn: (xs, args) => fn(xs[0], args),
    method: method ? (xs, args) => method(xs[0], args) : undefined,
    ref: (xs, args) => ref(xs[0], args),
    dtypes: ALL,
    samples: (dtype, rng) =>
      cases.flatMap(([shape, ...argLists]) =>
        argLists.map((args) => ({ inputs: [randomRef(dims(shape), dtype, 'any', rng)], args })),
      ),
    ...extra,
  });
}

/**
 * {@link shaped} for an op that is both a public function and a Tensor method named `op` ({@link calls}), checked
 * against `ref(x, ...args)`.
 */
export function shapedOp<A extends readonly unknown[]>(
  op: MethodOp,
  ref: (x: Ref, ...args: A) => RefOut,
  cases: readonly ShapedRow<A>[],
  extra: Partial<OpInfo<A>> = {},
): OpInfo {
  const { fn, method } = calls(op, 'movement');
  return shaped<A>(
    op,
    (x, args) => fn([x], args),
    (x, args) => method!([x], args),
    (x, args) => ref(x, ...args),
    cases,
    extra,
  );
}

/** cat/stack: the inputs of each case joined along its dim (copies, never views). */
function joined(
  name: 'cat' | 'stack',
  ref: (xs: readonly Ref[], d: number) => Ref,
  cases: readonly (readonly [readonly (readonly number[])[], number])[],
): OpInfo {
  return define<[number]>({
    name,
    op: name,
    group: 'movement',
    fn: (xs, [d]) => api[name](xs, d),
    ref: (xs, [d]) => ref(xs, d),
    dtypes: ALL,
    copy: true,
    samples: (dtype, rng) =>
      cases.map(([shapes, d]) => ({ inputs: shapes.map((s) => randomRef(s, dtype, 'any', rng)), args: [d] })),
  });
}

const RESHAPES: readonly ShapedRow<[number[]]>[] = [
  ['2x3x4', [[4, 6]], [[-1]], [[3, -1, 2]], [[2, 3, 4]]],
  ['6', [[2, 3]]],
  ['scalar', [[1, 1]]],
  ['1', [[]]],
  ['0x3', [[3, 0, 1]]],
];

export const MOVEMENT: OpInfo[] = [
  shapedOp('reshape', reshapeRef, RESHAPES, {
    view: 'contiguous',
  }),
  shaped(
    'reshape(...sizes)',
    (x, [s]) => core.reshape(x, s),
    (x, [s]) => x.reshape(...s),
    (x, [s]) => reshapeRef(x, s),
    RESHAPES,
    {
      op: 'reshape',
      view: 'contiguous',
    },
  ),
  shapedOp('view', reshapeRef, RESHAPES, {
    view: 'always',
    contiguousOnly: true,
  }),
  shapedOp(
    'flatten',
    flattenRef,
    [
      ['2x3x4', [0, -1], [1, 2], [0, 1], [1, 1]],
      ['scalar', [0, -1]],
      ['5', [0, 0]],
      ['2x0x3', [0, 1]],
    ],
    { view: 'contiguous' },
  ),
  shapedOp(
    'squeeze',
    squeezeRef,
    [
      ['1x3x1x4', [undefined], [0], [[0, 2]], [1], [-2]],
      ['scalar', [undefined]],
      ['1', [0]],
    ],
    { view: 'always' },
  ),
  shapedOp(
    'unsqueeze',
    unsqueezeRef,
    [
      ['3x4', [0], [-1], [1], [-3]],
      ['scalar', [0]],
      ['0', [1]],
    ],
    { view: 'always' },
  ),
  shaped(
    't',
    (x) => core.t(x),
    (x) => x.t(),
    (x) => (x.shape.length < 2 ? x : transposeRef(x, 0, 1)),
    [
      ['3x4', []],
      ['5', []],
      ['scalar', []],
      ['0x2', []],
    ],
    { view: 'always' },
  ),
  shapedOp(
    'transpose',
    transposeRef,
    [
      ['3x4', [0, 1]],
      ['2x3x4', [0, 2], [-1, -2]],
      ['5', [0, -1]],
      ['scalar', [0, -1]],
      ['0x3', [1, 0]],
    ],
    { view: 'always' },
  ),
  shaped(
    'permute',
    (x, [d]) => core.permute(x, d),
    (x, [d]) => x.permute(d),
    (x, [d]) =>
      permuteRef(
        x,
        d.map((v) => (v < 0 ? v + x.shape.length : v)),
      ),
    [
      ['2x3x4', [[2, 0, 1]], [[-1, 0, 1]]],
      ['3x4', [[1, 0]]],
      ['2x3x4', [[0, 1, 2]]],
      ['scalar', [[]]],
    ],
    { view: 'always' },
  ),
  shaped(
    'permute(...dims)',
    (x, [d]) => core.permute(x, d),
    (x, [d]) => x.permute(...d),
    (x, [d]) => permuteRef(x, d),
    [[[2, 3, 4], [[1, 2, 0]]]],
    { op: 'permute', view: 'always' },
  ),
  shaped(
    'T',
    (x) => x.T,
    undefined,
    (x) =>
      permuteRef(
        x,
        x.shape.map((_, i) => x.shape.length - 1 - i),
      ),
    [
      ['3x4', []],
      ['5', []],
      ['scalar', []],
      ['2x3x4', []],
    ],
    { view: 'always', getter: true },
  ),
  shaped(
    'mT',
    (x) => x.mT,
    undefined,
    (x) => transposeRef(x, -2, -1),
    [
      ['3x4', []],
      ['2x3x4', []],
    ],
    { view: 'always', op: 'Tensor.mT', getter: true },
  ),
  ...(['expand', 'broadcastTo'] as const).map((name) =>
    shapedOp(
      name,
      expandRef,
      [
        ['3x1', [[3, 4]], [[2, 3, 4]]],
        ['1', [[5]]],
        ['scalar', [[2, 2]]],
        ['3x1', [[-1, 4]]],
        ['2x1', [[2, 0]]],
        ['3x4', [[3, 4]]],
      ],
      { view: 'always' },
    ),
  ),
  shaped(
    'expand(...sizes)',
    (x, [s]: [number[]]) => core.expand(x, s),
    (x, [s]) => x.expand(...s),
    (x, [s]) => expandRef(x, s),
    [[[3, 1], [[2, 3, 4]]]],
    { view: 'always', op: 'expand' },
  ),
  shapedOp(
    'split',
    splitRef,
    [
      ['5x2', [2, 0], [[1, 4], 0]],
      ['3x4', [3, 1], [[2, 0, 2], -1]],
      ['0x2', [2, 0]],
    ],
    { view: 'always' },
  ),
  shapedOp(
    'chunk',
    chunkRef,
    [
      ['5x2', [2, 0], [3, 0]],
      ['3x6', [4, 1], [6, -1]],
      ['0x2', [3, 0]],
    ],
    { view: 'always' },
  ),
  shapedOp('narrow', narrowRef, [['4x5', [0, 1, 2], [1, -3, 2], [-1, 0, 0], [0, 0, 4], [0, 4, 0]]], { view: 'always' }),
  shapedOp(
    'select',
    selectRef,
    [
      ['4x5', [0, 2], [1, -1]],
      ['3', [0, 1]],
      ['2x3x4', [-2, 0]],
    ],
    { view: 'always' },
  ),
  shapedOp(
    'slice',
    sliceRef,
    [['6x5', [0, 1, 5, 2], [1, -3, undefined, 1], [0, -100, 100, 3], [1, 4, 2, 1], [0], [-1, 0, undefined, 4]]],
    { view: 'always' },
  ),
  shapedOp(
    'diagonal',
    diagonalRef,
    [
      ['4x5', [0, 0, 1], [1, 0, 1], [-2, 0, 1]],
      ['2x3x4', [0, 1, 2], [1, 2, 0], [-1, -1, 0]],
      ['3x3', [5, 0, 1]],
    ],
    { view: 'always' },
  ),
  shapedOp(
    'clone',
    (x) => x,
    [
      ['3x4', []],
      ['scalar', []],
      ['0x2', []],
    ],
    {
      copy: true,
    },
  ),
  shapedOp('contiguous', (x) => x, [
    ['3x4', []],
    ['scalar', []],
    ['2x3x4', []],
  ]),
  shapedOp(
    'flip',
    flipRef,
    [
      ['3x4', [[0]], [[0, 1]]],
      ['2x3x4', [[-1]]],
      ['scalar', [[]]],
      ['0x3', [[1]]],
    ],
    { copy: true, group: 'indexing' },
  ),
  joined('cat', catRef, [
    // (shape, dim, sizes): one input per size, `shape` with that size at dim.
    ...(
      [
        [[2, 3], 0, [2, 4]],
        [[2, 3], 1, [3, 1]],
        [[2, 3], -1, [3, 0, 2]],
        [[3], 0, [3, 2, 1]],
        [[2, 3], 0, [2]],
      ] as const
    ).map(
      ([shape, d, sizes]) =>
        [sizes.map((n) => shape.map((s, i) => (i === (d + shape.length) % shape.length ? n : s))), d] as const,
    ),
    [[[0], [2, 3]], 0], // a legacy empty 1-D input is skipped (as torch.cat)
  ]),
  joined(
    'stack',
    stackRef,
    // (shape, count, dim): `count` inputs of the same shape.
    (
      [
        [[2, 3], 2, 0],
        [[2, 3], 3, 2],
        [[2, 3], 2, -1],
        [[], 2, 0],
        [[0, 2], 2, 1],
      ] as const
    ).map(([shape, count, d]) => [Array.from({ length: count }, () => shape), d] as const),
  ),
];
