/**
 * OpInfo entries of the composite ops (core ops/composite.ts): unary composites and the softmax family.
 * Test-only.
 */

import type { DType } from '@tapegrad/core';
import * as core from '@tapegrad/core';
import * as math from 'mathjs';
import { erf, same, unary } from './elementwise';
import {
  ALL,
  asNumber,
  COMPLEX,
  coerce,
  FLOAT,
  FLOAT_COMPLEX,
  floatOut,
  fromMath,
  indices,
  isComplexDtype,
  mc,
  NUMERIC,
  numel,
  type Ref,
  randomRef,
  type Scalar,
} from './reference';
import { Rejected, reduceRef, reductionDims } from './refops';
import { calls, define, type OpInfo } from './types';

export const COMPOSITE_UNARY: OpInfo[] = [
  unary({
    name: 'square',
    group: 'composite',
    real: (x) => x * x,
    int: (x) => Math.imul(x, x),
    complex: (z) => fromMath(math.multiply(mc(z), mc(z))),
    out: same,
    dtypes: NUMERIC,
  }),
  unary({
    name: 'reciprocal',
    group: 'composite',
    real: (x) => 1 / x,
    complex: (z) => fromMath(math.divide(1, mc(z))),
    out: floatOut,
    dtypes: ALL,
    kind: 'nonzero',
    specials: true,
  }),
  unary({
    name: 'logit',
    group: 'composite',
    real: (x) => Math.log(x / (1 - x)),
    out: floatOut,
    dtypes: [...FLOAT, 'int32', 'bool'],
    rejects: COMPLEX,
    kind: 'unit',
    specials: true,
  }),
  unary({
    name: 'rsqrt',
    group: 'composite',
    real: (x) => 1 / Math.sqrt(x),
    complex: (z) => fromMath(math.divide(1, math.sqrt(mc(z)))),
    out: floatOut,
    dtypes: FLOAT_COMPLEX,
    kind: 'pos',
  }),
  unary<[{ approximate?: 'none' | 'tanh' }]>({
    name: 'gelu',
    group: 'composite',
    fn: (x, [o]) => core.gelu(x, o),
    method: (x, [o]) => x.gelu(o),
    real: (x, [o]) =>
      o.approximate === 'tanh'
        ? 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)))
        : 0.5 * x * (1 + erf(x / Math.SQRT2)),
    out: same,
    dtypes: FLOAT,
    rejects: COMPLEX,
    argSets: [[{}], [{ approximate: 'tanh' }]],
    tol: { atol: 1e-6 },
  }),
  unary<[{ beta?: number; threshold?: number }]>({
    name: 'softplus',
    group: 'composite',
    fn: (x, [o]) => core.softplus(x, o),
    method: (x, [o]) => x.softplus(o),
    real: (x, [o]) => {
      const beta = o.beta ?? 1;
      const z = beta * x;
      return z > (o.threshold ?? 20) ? x : Math.log1p(Math.exp(z)) / beta;
    },
    out: same,
    dtypes: FLOAT,
    rejects: COMPLEX,
    argSets: [[{}], [{ beta: 2 }], [{ beta: 0.5, threshold: 0.5 }]],
  }),
];

// Softmax family (along one dim).

/** Maps each 1-D slice along `dim` (a 0-d tensor is one slice of length 1). */
function alongDim(a: Ref, dim: number, dtype: DType, f: (vals: number[]) => number[]): Ref {
  if (a.shape.length === 0) return { shape: [], dtype, data: [coerce(f([asNumber(a.data[0])])[0], dtype)] };
  const d = dim < 0 ? dim + a.shape.length : dim;
  const out = new Array<Scalar>(a.data.length);
  const outer = a.shape.map((s, i) => (i === d ? 1 : s));
  const strides = a.shape.map((_, i) => numel(a.shape.slice(i + 1)));
  for (const idx of indices(outer)) {
    const base = idx.reduce((acc, v, i) => acc + v * strides[i], 0);
    const pos = Array.from({ length: a.shape[d] }, (_, k) => base + k * strides[d]);
    const res = f(pos.map((p) => asNumber(a.data[p])));
    pos.forEach((p, k) => {
      out[p] = coerce(res[k], dtype);
    });
  }
  return { shape: [...a.shape], dtype, data: out };
}

function softmaxValues(v: number[], log: boolean): number[] {
  const m = Math.max(...v);
  const s = v.reduce((acc, x) => acc + Math.exp(x - m), 0);
  return v.map((x) => (log ? x - m - Math.log(s) : Math.exp(x - m) / s));
}

const SOFTMAX_SAMPLES: readonly (readonly [readonly number[], number])[] = [
  [[5], 0],
  [[3, 4], 1],
  [[3, 4], -2],
  [[2, 3, 4], 1],
  [[], 0],
  [[0, 3], 1],
  [[3, 0], 1],
];

export const SOFTMAX: OpInfo[] = [
  ...(['softmax', 'logSoftmax'] as const).map((name) =>
    define<[number]>({
      ...calls(name, 'composite'),
      ref: ([x], [dim]) => {
        if (isComplexDtype(x.dtype)) throw new Rejected();
        return alongDim(x, dim, x.dtype, (v) => softmaxValues(v, name === 'logSoftmax'));
      },
      dtypes: FLOAT,
      rejects: COMPLEX,
      samples: (dtype, rng) =>
        SOFTMAX_SAMPLES.map(([shape, dim]) => ({ inputs: [randomRef(shape, dtype, 'any', rng)], args: [dim] })),
    }),
  ),
  define<[number | number[] | undefined, boolean]>({
    ...calls('logsumexp', 'composite'),
    ref: ([x], [dim, keepdim]) => {
      if (isComplexDtype(x.dtype)) throw new Rejected();
      const dims = reductionDims(x.shape.length, dim);
      return reduceRef(x, dims, keepdim, floatOut(x.dtype), (vals) => {
        const v = vals.map(asNumber);
        const m = Math.max(...v);
        if (!Number.isFinite(m)) return Math.log(v.reduce((acc, t) => acc + Math.exp(t), 0));
        return m + Math.log(v.reduce((acc, t) => acc + Math.exp(t - m), 0));
      });
    },
    dtypes: [...FLOAT, 'int32'],
    rejects: COMPLEX,
    samples: (dtype, rng) =>
      (
        [
          [[5], 0, false],
          [[3, 4], 1, false],
          [[3, 4], -1, true],
          [[2, 3, 4], [0, 2], false],
          [[2, 3, 4], undefined, false],
          [[], 0, false],
          [[3, 0], 0, false],
        ] as const
      ).map(([shape, dim, keepdim]) => ({
        inputs: [randomRef(shape, dtype, 'any', rng)],
        args: [typeof dim === 'object' ? [...dim] : dim, keepdim],
      })),
  }),
];
