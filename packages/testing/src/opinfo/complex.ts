/**
 * OpInfo entries of complex views, construction and casts (core ops/complex.ts).
 * Test-only.
 */

import type { DType } from '@tapegrad/core';
import * as core from '@tapegrad/core';
import { shaped } from './movement';
import { ALL, asNumber, COMPLEX, castRef, FLOAT, mapRefs, REAL, randomRef } from './reference';
import { imagRef, Rejected, realRef } from './refops';
import { define, type OpInfo, UNARY_SHAPES } from './types';

// Complex views, construction and casts.

export const COMPLEX_OPS: OpInfo[] = [
  shaped(
    'real',
    (x) => core.real(x),
    (x) => x.real,
    realRef,
    UNARY_SHAPES.map((s) => [s, []] as const),
    {
      group: 'complex',
      view: 'always',
    },
  ),
  define<[]>({
    name: 'imag',
    op: 'imag',
    group: 'complex',
    fn: ([x]) => core.imag(x),
    method: ([x]) => x.imag,
    ref: ([x]) => imagRef(x),
    dtypes: COMPLEX,
    rejects: REAL,
    view: 'always',
    samples: (dtype, rng) => UNARY_SHAPES.map((s) => ({ inputs: [randomRef(s, dtype, 'any', rng)], args: [] })),
  }),
  define<[]>({
    name: 'complex',
    op: 'complex',
    group: 'complex',
    fn: ([re, im]) => core.complex(re, im),
    ref: ([re, im]) => {
      if (re.dtype !== 'float32' && re.dtype !== 'float64') throw new Rejected();
      return mapRefs([re, im], re.dtype === 'float64' ? 'complex128' : 'complex64', ([a, b]) => ({
        re: asNumber(a),
        im: asNumber(b),
      }));
    },
    dtypes: FLOAT,
    rejects: ['int32', 'bool', 'complex64', 'complex128'],
    samples: (dtype, rng) =>
      (
        [
          [
            [3, 4],
            [3, 4],
          ],
          [[3, 1], [4]],
          [[], [2]],
          [[], []],
          [[0, 2], [2]],
        ] as const
      ).map(([sa, sb]) => ({ inputs: [randomRef(sa, dtype, 'any', rng), randomRef(sb, dtype, 'any', rng)], args: [] })),
  }),
  define<[DType]>({
    name: 'to',
    op: 'to',
    group: 'complex',
    fn: ([x], [d]) => core.cast(x, d),
    method: ([x], [d]) => x.to(d),
    ref: ([x], [d]) => castRef(x, d),
    dtypes: ALL,
    samples: (dtype, rng) =>
      ALL.flatMap((target) =>
        [[], [5], [3, 4]].map((s) => ({ inputs: [randomRef(s, dtype, 'any', rng)], args: [target] as [DType] })),
      ),
  }),
];
