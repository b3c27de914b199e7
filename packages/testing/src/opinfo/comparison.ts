/**
 * OpInfo entries of comparisons, closeness, `where` and `clamp` (core ops/elementwise.ts, ops/composite.ts).
 * Test-only.
 */

import type { ComplexLike, DType } from '@tapegrad/core';
import * as core from '@tapegrad/core';
import { type BinarySpec, binary } from './elementwise';
import {
  ALL,
  asComplex,
  asNumber,
  COMPLEX,
  coerce,
  fromFn,
  get,
  isComplexDtype,
  mapRefs,
  REAL,
  REAL_NUMERIC,
  type Ref,
  randomRef,
  refOf,
  refResultType,
  weakRef,
} from './reference';
import { Rejected } from './refops';
import { api, calls, define, type OpInfo, type Sample, specialValues, UNARY_SHAPES } from './types';

/** A comparison row: core's function and the method of the same name, on small operands. */
function comparison(
  name: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'logicalAnd' | 'logicalOr',
  spec: Omit<BinarySpec, 'name' | 'group' | 'fn' | 'method' | 'kinds'> & Partial<Pick<BinarySpec, 'method'>>,
): OpInfo {
  return binary({
    name,
    group: 'comparison',
    fn: (a, b) => api[name](a, b),
    method: (a, b) => api[name](a, b),
    kinds: ['small', 'small'],
    ...spec,
  });
}

export const COMPARISONS: OpInfo[] = [
  ...(
    [
      ['eq', (x: number, y: number) => x === y],
      ['ne', (x: number, y: number) => x !== y],
    ] as const
  ).map(([name, f]) =>
    comparison(name, {
      method: (a, b) => a[name](b),
      real: f,
      complex: (x, y) => (name === 'eq' ? x.re === y.re && x.im === y.im : x.re !== y.re || x.im !== y.im),
      out: () => 'bool',
      dtypes: ALL,
      specials: [
        [Number.NaN, Infinity, 0],
        [Number.NaN, Infinity, -0],
      ],
    }),
  ),
  ...(
    [
      ['lt', (x: number, y: number) => x < y],
      ['le', (x: number, y: number) => x <= y],
      ['gt', (x: number, y: number) => x > y],
      ['ge', (x: number, y: number) => x >= y],
    ] as const
  ).map(([name, f]) =>
    comparison(name, {
      method: (a, b) => a[name](b),
      real: f,
      out: () => 'bool',
      dtypes: REAL,
      rejects: COMPLEX,
      specials: [
        [Number.NaN, 1, -Infinity],
        [1, Number.NaN, -Infinity],
      ],
    }),
  ),
  ...(
    [
      ['logicalAnd', (x: boolean, y: boolean) => x && y],
      ['logicalOr', (x: boolean, y: boolean) => x || y],
    ] as const
  ).map(([name, f]) => comparison(name, { real: () => false, bool: f, logical: true, dtypes: ALL })),
  define<[{ rtol?: number; atol?: number; equalNan?: boolean }]>({
    ...calls('allclose', 'comparison'),
    ref: ([a, b], [o]) => closeRef(a, b, o).data.every((v) => v === true),
    dtypes: ALL,
    samples: closeSamples,
  }),
  define<[{ rtol?: number; atol?: number; equalNan?: boolean }]>({
    name: 'isclose',
    op: 'isclose',
    group: 'comparison',
    fn: ([a, b], [o]) => core.isclose(a, b, o),
    ref: ([a, b], [o]) => closeRef(a, b, o),
    dtypes: ALL,
    samples: closeSamples,
  }),
];

/** torch.isclose: a == b, or (equalNan and both NaN), or |a − b| finite and ≤ atol + rtol·|b|. */
function closeRef(a: Ref, b: Ref, o: { rtol?: number; atol?: number; equalNan?: boolean }): Ref {
  const rtol = o.rtol ?? 1e-5;
  const atol = o.atol ?? 1e-8;
  return mapRefs([a, b], 'bool', ([x, y]) => {
    const p = asComplex(x);
    const q = asComplex(y);
    if (p.re === q.re && p.im === q.im) return true;
    const nan = (z: ComplexLike) => Number.isNaN(z.re) || Number.isNaN(z.im);
    if (o.equalNan && nan(p) && nan(q)) return true;
    const err = Math.hypot(p.re - q.re, p.im - q.im);
    return Number.isFinite(err) && err <= atol + rtol * Math.hypot(q.re, q.im);
  });
}

function closeSamples(
  dtype: DType,
  rng: () => number,
): Sample<[{ rtol?: number; atol?: number; equalNan?: boolean }]>[] {
  const a = randomRef([3, 4], dtype, 'any', rng);
  const nudge = (eps: number): Ref =>
    fromFn(a.shape, dtype, (idx) => {
      const v = get(a, idx);
      if (typeof v === 'boolean') return v;
      const z = asComplex(v);
      return isComplexDtype(dtype)
        ? { re: z.re * (1 + eps), im: z.im }
        : z.re * (1 + eps) + (dtype === 'int32' ? 1 : 0);
    });
  const out: Sample<[{ rtol?: number; atol?: number; equalNan?: boolean }]>[] = [
    { inputs: [a, a], args: [{}] },
    { inputs: [a, nudge(1e-7)], args: [{}] },
    { inputs: [a, nudge(1e-3)], args: [{}] },
    { inputs: [a, nudge(1e-3)], args: [{ rtol: 1e-2 }] },
    { inputs: [a, nudge(0.2)], args: [{ atol: 1 }] },
    { inputs: [a, nudge(0.2)], args: [{ rtol: 0, atol: 0 }] },
    { inputs: [randomRef([3, 1], dtype, 'small', rng), randomRef([4], dtype, 'small', rng)], args: [{}] },
    { inputs: [randomRef([0], dtype, 'any', rng), randomRef([0], dtype, 'any', rng)], args: [{}] },
  ];
  if (dtype === 'float32' || dtype === 'float64') {
    const x = refOf([1, Infinity, Number.NaN, Infinity, -Infinity, 1e10], [6], dtype);
    const y = refOf([Infinity, Infinity, Number.NaN, -Infinity, -Infinity, 1.00001e10], [6], dtype);
    out.push({ inputs: [x, y], args: [{}] }, { inputs: [x, y], args: [{ equalNan: true }] });
    const ok = refOf([Infinity, Number.NaN, 2], [3], dtype);
    out.push({ inputs: [ok, ok], args: [{ equalNan: true }] }, { inputs: [ok, ok], args: [{}] });
  }
  return out;
}

export const WHERE = define<[]>({
  name: 'where',
  op: 'where',
  group: 'elementwise',
  fn: ([c, a, b]) => core.where(c, a, b),
  method: ([c, a, b]) => a.where(c, b),
  ref: ([c, a, b]) => {
    const dtype = refResultType([a, b]);
    return mapRefs([c, a, b], dtype, ([cv, av, bv]) => coerce(cv ? av : bv, dtype));
  },
  dtypes: ALL,
  samples: (dtype, rng) =>
    (
      [
        [
          [3, 4],
          [3, 4],
          [3, 4],
        ],
        [[3, 1], [1, 4], [4]],
        [[], [2, 3], []],
        [[2, 0], [2, 1], [1]],
        [[5], [5], []],
        [[], [], []],
      ] as const
    ).map(([sc, sa, sb]) => ({
      inputs: [randomRef(sc, 'bool', 'any', rng), randomRef(sa, dtype, 'any', rng), randomRef(sb, dtype, 'any', rng)],
      args: [],
    })),
});

type Bound = number | null;
export const CLAMP: OpInfo[] = [
  define<[Bound, Bound]>({
    ...calls('clamp', 'composite'),
    ref: ([x], [lo, hi]) => {
      if (isComplexDtype(x.dtype)) throw new Rejected();
      const ops = [x, ...[lo, hi].filter((v): v is number => v !== null).map(weakRef)];
      const dtype = refResultType(ops);
      return mapRefs([x], dtype, ([v]) => clampValue(asNumber(coerce(v, dtype)), lo, hi));
    },
    dtypes: REAL_NUMERIC,
    rejects: COMPLEX,
    samples: (dtype, rng) => {
      const bounds: [Bound, Bound][] =
        dtype === 'int32'
          ? [
              [-1, 2],
              [null, 1],
              [0, null],
              [2, -2],
              [-1.5, 1.5],
            ]
          : [
              [-0.5, 0.5],
              [null, 0.25],
              [-0.25, null],
              [1, -1],
              [-1, 1],
            ];
      const out: Sample<[Bound, Bound]>[] = [];
      for (const b of bounds) {
        for (const shape of UNARY_SHAPES) out.push({ inputs: [randomRef(shape, dtype, 'any', rng)], args: b });
        if (dtype !== 'int32') out.push({ inputs: [refOf(specialValues, [specialValues.length], dtype)], args: b });
      }
      return out;
    },
  }),
  define<[]>({
    ...calls('clamp', 'composite'),
    name: 'clamp(tensor bounds)',
    ref: ([x, lo, hi]) => {
      if (isComplexDtype(x.dtype)) throw new Rejected();
      const dtype = refResultType([x, lo, hi]);
      return mapRefs([x, lo, hi], dtype, ([v, l, h]) =>
        clampValue(asNumber(coerce(v, dtype)), asNumber(coerce(l, dtype)), asNumber(coerce(h, dtype))),
      );
    },
    dtypes: REAL_NUMERIC,
    rejects: COMPLEX,
    samples: (dtype, rng) =>
      (
        [
          [
            [3, 4],
            [3, 4],
            [3, 4],
          ],
          [[3, 4], [4], [3, 1]],
          [[5], [], []],
        ] as const
      ).map(([sx, sl, sh]) => ({
        inputs: [randomRef(sx, dtype, 'any', rng), randomRef(sl, dtype, 'any', rng), randomRef(sh, dtype, 'any', rng)],
        args: [],
      })),
  }),
];

/** torch.clamp: min(max(x, lo), hi) — so hi wins when lo > hi — with NaN propagated. */
function clampValue(v: number, lo: Bound, hi: Bound): number {
  if (Number.isNaN(v)) return v;
  let r = v;
  if (lo !== null) r = Math.max(r, lo);
  if (hi !== null) r = Math.min(r, hi);
  return r;
}
