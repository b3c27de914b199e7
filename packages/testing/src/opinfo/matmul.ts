/**
 * OpInfo entries of the products (core ops/matmul.ts).
 * Test-only.
 */

import * as core from '@tapegrad/core';
import * as math from 'mathjs';
import { einsumRef } from './einsum-ref';
import { ALL, coerce, fromFn, fromMath, get, isComplexDtype, NUMERIC, randomRef, refResultType } from './reference';
import { matmulRef, Rejected } from './refops';

import { calls, cx, define, type OpInfo } from './types';

// Products.

const MATMUL_SHAPES: readonly (readonly [readonly number[], readonly number[]])[] = [
  [
    [2, 3],
    [3, 4],
  ],
  [[3], [3]],
  [[3], [3, 4]],
  [[2, 3], [3]],
  [
    [2, 2, 3],
    [3, 4],
  ],
  [[3], [2, 3, 4]],
  [
    [2, 1, 2, 3],
    [3, 3, 2],
  ],
  [
    [0, 3],
    [3, 2],
  ],
  [
    [2, 0],
    [0, 3],
  ],
  [
    [1, 1],
    [1, 1],
  ],
  [
    [5, 7],
    [7, 6],
  ],
];

/**
 * matmul and its fixed-rank forms (dot, mm, bmm, mv; no broadcasting): every numeric dtype, the matmul reference;
 * samples on the given shape pairs, the left operand of `leftKind` (default small values), the right one any.
 */
function product(
  name: 'matmul' | 'dot' | 'mm' | 'bmm' | 'mv',
  fn: OpInfo['fn'],
  method: OpInfo['fn'],
  shapes: readonly (readonly [readonly number[], readonly number[]])[],
  extra: { leftKind?: 'small' | 'any'; mixed?: OpInfo['mixed'] } = {},
): OpInfo {
  return define<[]>({
    name,
    op: name,
    group: 'matmul',
    fn,
    method,
    ref: ([a, b]) => {
      if (a.dtype === 'bool' || b.dtype === 'bool') throw new Rejected();
      return matmulRef(a, b, refResultType([a, b]));
    },
    dtypes: NUMERIC,
    rejects: ['bool'],
    ...(extra.mixed ? { mixed: extra.mixed } : {}),
    samples: (dtype, rng) =>
      shapes.map(([sa, sb]) => ({
        inputs: [randomRef(sa, dtype, extra.leftKind ?? 'small', rng), randomRef(sb, dtype, 'any', rng)],
        args: [],
      })),
  });
}

/** Equations and operand shapes of the einsum rows (einsum.test.ts also checks them against the definition). */
export const EINSUM_SAMPLES: readonly (readonly [string, readonly (readonly number[])[]])[] = [
  [
    'ij,jk->ik',
    [
      [2, 3],
      [3, 4],
    ],
  ],
  [
    'ij,jk',
    [
      [2, 3],
      [3, 4],
    ],
  ],
  ['ii->i', [[3, 3]]],
  ['ii', [[3, 3]]],
  ['ij->ji', [[2, 3]]],
  ['i,i->', [[4], [4]]],
  ['i,j->ij', [[3], [2]]],
  [
    'bij,bjk,bkl->bil',
    [
      [2, 2, 3],
      [2, 3, 2],
      [2, 2, 3],
    ],
  ],
  [
    '...ij,...jk',
    [
      [2, 1, 2, 3],
      [3, 3, 2],
    ],
  ],
  [
    'ij,ij->ij',
    [
      [2, 3],
      [1, 3],
    ],
  ],
  [
    'ij,jk->ik',
    [
      [0, 3],
      [3, 2],
    ],
  ],
];

export const PRODUCTS: OpInfo[] = [
  product(
    'matmul',
    ([a, b]) => core.matmul(a, b),
    ([a, b]) => a.matmul(b),
    MATMUL_SHAPES,
    {
      mixed: {
        shapes: [
          [
            [2, 3],
            [3, 2],
          ],
          [[3], [3]],
        ],
        kinds: ['small', 'small'],
      },
    },
  ),
  product(
    'dot',
    ([a, b]) => core.dot(a, b),
    ([a, b]) => a.dot(b),
    [[5], [0], [1], [17]].map((s) => [s, s] as const),
    { leftKind: 'any' },
  ),
  define<[]>({
    ...calls('outer', 'matmul'),
    ref: ([a, b]) => {
      const dtype = refResultType([a, b]);
      return fromFn([a.shape[0], b.shape[0]], dtype, ([i, j]) => {
        const x = coerce(get(a, [i]), dtype);
        const y = coerce(get(b, [j]), dtype);
        if (isComplexDtype(dtype)) return fromMath(math.multiply(cx(x), cx(y)));
        if (dtype === 'bool') return Boolean(x) && Boolean(y);
        if (dtype === 'int32') return Math.imul(x as number, y as number);
        return (x as number) * (y as number);
      });
    },
    dtypes: ALL,
    samples: (dtype, rng) =>
      (
        [
          [[3], [4]],
          [[0], [2]],
          [[1], [1]],
        ] as const
      ).map(([sa, sb]) => ({ inputs: [randomRef(sa, dtype, 'any', rng), randomRef(sb, dtype, 'any', rng)], args: [] })),
  }),
  product(
    'mm',
    ([a, b]) => core.mm(a, b),
    ([a, b]) => a.mm(b),
    [
      [
        [2, 3],
        [3, 4],
      ],
      [
        [0, 3],
        [3, 2],
      ],
    ],
  ),
  product(
    'bmm',
    ([a, b]) => core.bmm(a, b),
    ([a, b]) => a.bmm(b),
    [
      [
        [2, 2, 3],
        [2, 3, 4],
      ],
      [
        [0, 2, 3],
        [0, 3, 1],
      ],
    ],
  ),
  product(
    'mv',
    ([a, b]) => core.mv(a, b),
    ([a, b]) => a.mv(b),
    [
      [[2, 3], [3]],
      [[2, 0], [0]],
    ],
  ),
  define<[string, number]>({
    name: 'einsum',
    op: 'einsum',
    group: 'matmul',
    fn: (xs, [eq]) => core.einsum(eq, ...xs),
    ref: (xs, [eq]) => {
      if (xs.some((x) => x.dtype === 'bool')) throw new Rejected();
      return einsumRef(eq, xs, refResultType(xs));
    },
    dtypes: NUMERIC,
    rejects: ['bool'],
    samples: (dtype, rng) =>
      EINSUM_SAMPLES.map(([eq, shapes]) => ({
        inputs: shapes.map((s) => randomRef(s, dtype, 'small', rng)),
        args: [eq, shapes.length],
      })),
  }),
];
