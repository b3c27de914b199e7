/**
 * OpInfo entries of shapes and views (core ops/movement.ts), over every dtype.
 * Test-only.
 */

import type { Tensor } from '@tapegrad/core';
import * as core from '@tapegrad/core';
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

import { api, define, type OpInfo, type Out, type RefOut } from './types';

// Shapes and views (every dtype).

export function shaped<A extends readonly unknown[]>(
  name: string,
  fn: (x: Tensor, args: A) => Out,
  method: ((x: Tensor, args: A) => Out) | undefined,
  ref: (x: Ref, args: A) => RefOut,
  cases: readonly (readonly [readonly number[], A])[],
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
    samples: (dtype, rng) => cases.map(([shape, args]) => ({ inputs: [randomRef(shape, dtype, 'any', rng)], args })),
    ...extra,
  });
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

const RESHAPES: readonly (readonly [readonly number[], [number[]]])[] = [
  [[2, 3, 4], [[4, 6]]],
  [[2, 3, 4], [[-1]]],
  [[2, 3, 4], [[3, -1, 2]]],
  [[2, 3, 4], [[2, 3, 4]]],
  [[6], [[2, 3]]],
  [[], [[1, 1]]],
  [[1], [[]]],
  [[0, 3], [[3, 0, 1]]],
];

export const MOVEMENT: OpInfo[] = [
  shaped(
    'reshape',
    (x, [s]) => core.reshape(x, s),
    (x, [s]) => x.reshape(s),
    (x, [s]) => reshapeRef(x, s),
    RESHAPES,
    {
      view: 'contiguous',
    },
  ),
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
  shaped(
    'view',
    (x, [s]) => core.view(x, s),
    (x, [s]) => x.view(s),
    (x, [s]) => reshapeRef(x, s),
    RESHAPES,
    {
      view: 'always',
      contiguousOnly: true,
    },
  ),
  shaped(
    'flatten',
    (x, [s, e]) => core.flatten(x, s, e),
    (x, [s, e]) => x.flatten(s, e),
    (x, [s, e]) => flattenRef(x, s, e),
    [
      [
        [2, 3, 4],
        [0, -1],
      ],
      [
        [2, 3, 4],
        [1, 2],
      ],
      [
        [2, 3, 4],
        [0, 1],
      ],
      [
        [2, 3, 4],
        [1, 1],
      ],
      [[], [0, -1]],
      [[5], [0, 0]],
      [
        [2, 0, 3],
        [0, 1],
      ],
    ],
    { view: 'contiguous' },
  ),
  shaped(
    'squeeze',
    (x, [d]) => core.squeeze(x, d),
    (x, [d]) => x.squeeze(d),
    (x, [d]) => squeezeRef(x, d),
    [
      [[1, 3, 1, 4], [undefined]],
      [[1, 3, 1, 4], [0]],
      [[1, 3, 1, 4], [[0, 2]]],
      [[1, 3, 1, 4], [1]],
      [[1, 3, 1, 4], [-2]],
      [[], [undefined]],
      [[1], [0]],
    ] as readonly (readonly [readonly number[], [number | number[] | undefined]])[],
    { view: 'always' },
  ),
  shaped(
    'unsqueeze',
    (x, [d]) => core.unsqueeze(x, d),
    (x, [d]) => x.unsqueeze(d),
    (x, [d]) => unsqueezeRef(x, d),
    [
      [[3, 4], [0]],
      [[3, 4], [-1]],
      [[3, 4], [1]],
      [[3, 4], [-3]],
      [[], [0]],
      [[0], [1]],
    ],
    { view: 'always' },
  ),
  shaped(
    't',
    (x) => core.t(x),
    (x) => x.t(),
    (x) => (x.shape.length < 2 ? x : transposeRef(x, 0, 1)),
    [
      [[3, 4], []],
      [[5], []],
      [[], []],
      [[0, 2], []],
    ],
    { view: 'always' },
  ),
  shaped(
    'transpose',
    (x, [a, b]) => core.transpose(x, a, b),
    (x, [a, b]) => x.transpose(a, b),
    (x, [a, b]) => transposeRef(x, a, b),
    [
      [
        [3, 4],
        [0, 1],
      ],
      [
        [2, 3, 4],
        [0, 2],
      ],
      [
        [2, 3, 4],
        [-1, -2],
      ],
      [[5], [0, -1]],
      [[], [0, -1]],
      [
        [0, 3],
        [1, 0],
      ],
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
      [[2, 3, 4], [[2, 0, 1]]],
      [[2, 3, 4], [[-1, 0, 1]]],
      [[3, 4], [[1, 0]]],
      [[2, 3, 4], [[0, 1, 2]]],
      [[], [[]]],
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
      [[3, 4], []],
      [[5], []],
      [[], []],
      [[2, 3, 4], []],
    ],
    { view: 'always', getter: true },
  ),
  shaped(
    'mT',
    (x) => x.mT,
    undefined,
    (x) => transposeRef(x, -2, -1),
    [
      [[3, 4], []],
      [[2, 3, 4], []],
    ],
    { view: 'always', op: 'Tensor.mT', getter: true },
  ),
  ...(['expand', 'broadcastTo'] as const).map((name) =>
    shaped(
      name,
      (x, [s]: [number[]]) => api[name](x, s),
      (x, [s]) => x[name](s),
      (x, [s]) => expandRef(x, s),
      [
        [[3, 1], [[3, 4]]],
        [[3, 1], [[2, 3, 4]]],
        [[1], [[5]]],
        [[], [[2, 2]]],
        [[3, 1], [[-1, 4]]],
        [[2, 1], [[2, 0]]],
        [[3, 4], [[3, 4]]],
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
  shaped(
    'split',
    (x, [s, d]: [number | number[], number]) => core.split(x, s, d),
    (x, [s, d]) => x.split(s, d),
    (x, [s, d]) => splitRef(x, s, d),
    [
      [
        [5, 2],
        [2, 0],
      ],
      [
        [5, 2],
        [[1, 4], 0],
      ],
      [
        [3, 4],
        [3, 1],
      ],
      [
        [3, 4],
        [[2, 0, 2], -1],
      ],
      [
        [0, 2],
        [2, 0],
      ],
    ],
    { view: 'always' },
  ),
  shaped(
    'chunk',
    (x, [c, d]: [number, number]) => core.chunk(x, c, d),
    (x, [c, d]) => x.chunk(c, d),
    (x, [c, d]) => chunkRef(x, c, d),
    [
      [
        [5, 2],
        [2, 0],
      ],
      [
        [5, 2],
        [3, 0],
      ],
      [
        [3, 6],
        [4, 1],
      ],
      [
        [3, 6],
        [6, -1],
      ],
      [
        [0, 2],
        [3, 0],
      ],
    ],
    { view: 'always' },
  ),
  shaped(
    'narrow',
    (x, [d, s, l]: [number, number, number]) => core.narrow(x, d, s, l),
    (x, [d, s, l]) => x.narrow(d, s, l),
    (x, [d, s, l]) => narrowRef(x, d, s, l),
    [
      [
        [4, 5],
        [0, 1, 2],
      ],
      [
        [4, 5],
        [1, -3, 2],
      ],
      [
        [4, 5],
        [-1, 0, 0],
      ],
      [
        [4, 5],
        [0, 0, 4],
      ],
      [
        [4, 5],
        [0, 4, 0],
      ],
    ],
    { view: 'always' },
  ),
  shaped(
    'select',
    (x, [d, i]: [number, number]) => core.select(x, d, i),
    (x, [d, i]) => x.select(d, i),
    (x, [d, i]) => selectRef(x, d, i),
    [
      [
        [4, 5],
        [0, 2],
      ],
      [
        [4, 5],
        [1, -1],
      ],
      [[3], [0, 1]],
      [
        [2, 3, 4],
        [-2, 0],
      ],
    ],
    { view: 'always' },
  ),
  shaped(
    'slice',
    (x, [d, s, e, st]: [number, number?, number?, number?]) => core.slice(x, d, s, e, st),
    (x, [d, s, e, st]) => x.slice(d, s, e, st),
    (x, [d, s, e, st]) => sliceRef(x, d, s, e, st),
    [
      [
        [6, 5],
        [0, 1, 5, 2],
      ],
      [
        [6, 5],
        [1, -3, undefined, 1],
      ],
      [
        [6, 5],
        [0, -100, 100, 3],
      ],
      [
        [6, 5],
        [1, 4, 2, 1],
      ],
      [[6, 5], [0]],
      [
        [6, 5],
        [-1, 0, undefined, 4],
      ],
    ] as readonly (readonly [readonly number[], [number, number?, number?, number?]])[],
    { view: 'always' },
  ),
  shaped(
    'diagonal',
    (x, [o, a, b]: [number, number, number]) => core.diagonal(x, o, a, b),
    (x, [o, a, b]) => x.diagonal(o, a, b),
    (x, [o, a, b]) => diagonalRef(x, o, a, b),
    [
      [
        [4, 5],
        [0, 0, 1],
      ],
      [
        [4, 5],
        [1, 0, 1],
      ],
      [
        [4, 5],
        [-2, 0, 1],
      ],
      [
        [2, 3, 4],
        [0, 1, 2],
      ],
      [
        [2, 3, 4],
        [1, 2, 0],
      ],
      [
        [2, 3, 4],
        [-1, -1, 0],
      ],
      [
        [3, 3],
        [5, 0, 1],
      ],
    ],
    { view: 'always' },
  ),
  shaped(
    'clone',
    (x) => core.clone(x),
    (x) => x.clone(),
    (x) => x,
    [
      [[3, 4], []],
      [[], []],
      [[0, 2], []],
    ],
    {
      copy: true,
    },
  ),
  shaped(
    'contiguous',
    (x) => core.contiguous(x),
    (x) => x.contiguous(),
    (x) => x,
    [
      [[3, 4], []],
      [[], []],
      [[2, 3, 4], []],
    ],
  ),
  shaped(
    'flip',
    (x, [d]: [number[]]) => core.flip(x, d),
    (x, [d]) => x.flip(d),
    (x, [d]) => flipRef(x, d),
    [
      [[3, 4], [[0]]],
      [[3, 4], [[0, 1]]],
      [[2, 3, 4], [[-1]]],
      [[], [[]]],
      [[0, 3], [[1]]],
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
