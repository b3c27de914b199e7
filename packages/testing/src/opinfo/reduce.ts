/**
 * OpInfo entries of the reductions (core ops/reduce.ts).
 * Test-only.
 */

import type { DType } from '@tapegrad/core';
import * as core from '@tapegrad/core';
import {
  ALL,
  COMPLEX,
  FLOAT_COMPLEX,
  INTEGRAL,
  isComplexDtype,
  isIntegralDtype,
  REAL,
  type Ref,
  randomRef,
  realOf,
  refOf,
  type Scalar,
} from './reference';
import { argExtreme, prodValues, Rejected, reduceRef, reductionDims, sumValues, varianceValues } from './refops';

import { api, calls, define, type OpInfo, type Sample } from './types';

// Reductions.

type Dim = number | number[] | undefined;
const REDUCE_SAMPLES: readonly (readonly [readonly number[], Dim, boolean])[] = [
  [[2, 3, 4], undefined, false],
  [[2, 3, 4], 1, false],
  [[2, 3, 4], -1, true],
  [[2, 3, 4], [0, 2], false],
  [[2, 3, 4], [0, 2], true],
  [[2, 3, 4], [], false],
  [[5], 0, false],
  [[], undefined, false],
  [[], 0, true],
  [[0, 3], 0, false],
  [[0, 3], 1, true],
  [[3, 0], undefined, false],
];

export const sumOut = (d: DType): DType => (isIntegralDtype(d) ? 'int32' : d);

function reduction(
  name: 'sum' | 'mean',
  value: (vals: Scalar[], d: DType) => Scalar,
  out: (d: DType) => DType,
  dtypes: readonly DType[],
  rejects?: readonly DType[],
): OpInfo {
  return define<[Dim, boolean]>({
    ...calls(name, 'reduce'),
    ref: ([x], [dim, keepdim]) => {
      if (rejects?.includes(x.dtype)) throw new Rejected();
      return reduceRef(x, reductionDims(x.shape.length, dim), keepdim, out(x.dtype), (v) => value(v, x.dtype));
    },
    dtypes,
    rejects,
    samples: (dtype, rng) =>
      REDUCE_SAMPLES.map(([shape, dim, keepdim]) => ({
        inputs: [randomRef(shape, dtype, 'any', rng)],
        args: [dim, keepdim],
      })),
  });
}

/** all/any: whether every / some value is non-zero (NaN and non-zero imaginary parts count), as bool. */
function truthEntry(name: 'all' | 'any'): OpInfo {
  const truthy = (v: Scalar): boolean => (typeof v === 'object' ? v.re !== 0 || v.im !== 0 : v !== 0 && v !== false);
  return define<[Dim, boolean]>({
    ...calls(name, 'reduce'),
    ref: ([x], [dim, keepdim]) =>
      reduceRef(x, reductionDims(x.shape.length, dim), keepdim, 'bool', (v) =>
        name === 'all' ? v.every(truthy) : v.some(truthy),
      ),
    dtypes: ALL,
    samples: (dtype, rng) =>
      REDUCE_SAMPLES.map(([shape, dim, keepdim]) => ({
        inputs: [randomRef(shape, dtype, 'tiny', rng)],
        args: [dim, keepdim],
      })),
  });
}

const mean = (vals: Scalar[], d: DType): Scalar => {
  const s = sumValues(vals, d);
  const n = vals.length;
  return typeof s === 'object' ? { re: s.re / n, im: s.im / n } : (s as number) / n;
};

function varEntry(name: 'var' | 'std'): OpInfo {
  type O = { correction?: number; keepdim?: boolean };
  return define<[Dim, O]>({
    name,
    op: name,
    group: 'reduce',
    fn: ([x], [dim, o]) => (name === 'var' ? core.var(x, dim, o) : core.std(x, dim, o)),
    method: ([x], [dim, o]) => (name === 'var' ? x.var(dim, o) : x.std(dim, o)),
    ref: ([x], [dim, o]) => {
      if (isIntegralDtype(x.dtype)) throw new Rejected();
      return reduceRef(x, reductionDims(x.shape.length, dim), o.keepdim ?? false, realOf(x.dtype), (vals) => {
        const v = varianceValues(vals, x.dtype, o.correction ?? 1);
        return name === 'var' ? v : Math.sqrt(v);
      });
    },
    dtypes: FLOAT_COMPLEX,
    rejects: INTEGRAL,
    samples: (dtype, rng) =>
      (
        [
          [[2, 3, 4], undefined, {}],
          [[2, 3, 4], 1, {}],
          [[2, 3, 4], [0, 2], { correction: 0 }],
          [[2, 3, 4], -1, { keepdim: true, correction: 2 }],
          [[6], 0, {}],
          [[], undefined, { correction: 0 }],
          [[0, 3], 1, {}],
          [[3, 0], 1, {}],
        ] as const
      ).map(([shape, dim, o]) => ({
        inputs: [randomRef(shape, dtype, 'any', rng)],
        args: [typeof dim === 'object' ? [...dim] : dim, o],
      })),
  });
}

function prodEntry(): OpInfo {
  return define<[number | undefined, boolean]>({
    ...calls('prod', 'reduce'),
    ref: ([x], [dim, keepdim]) =>
      reduceRef(x, reductionDims(x.shape.length, dim), keepdim, sumOut(x.dtype), (v) => prodValues(v, x.dtype)),
    dtypes: ALL,
    samples: (dtype, rng) =>
      REDUCE_SAMPLES.filter(([, dim]) => !Array.isArray(dim)).map(([shape, dim, keepdim]) => ({
        inputs: [randomRef(shape, dtype, isIntegralDtype(dtype) ? 'small' : 'any', rng)],
        args: [dim as number | undefined, keepdim],
      })),
  });
}

/** The largest (`max`) or smallest element over `dim` (NaN propagates); real dtypes only. */
function extremeRef(x: Ref, dim: Dim, keepdim: boolean, max: boolean): Ref {
  if (isComplexDtype(x.dtype)) throw new Rejected();
  return reduceRef(x, reductionDims(x.shape.length, dim), keepdim, x.dtype, (v) => v[argExtreme(v, max)]);
}

/** max()/min() without dim: the extreme element (NaN propagates). */
function extremeAll(name: 'max' | 'min'): OpInfo {
  return define<[]>({
    name: `${name}()`,
    op: name,
    group: 'reduce',
    fn: ([x]) => api[name](x),
    method: ([x]) => x[name](),
    ref: ([x]) => extremeRef(x, undefined, false, name === 'max'),
    dtypes: REAL,
    rejects: COMPLEX,
    samples: (dtype, rng) => {
      const out: Sample<[]>[] = [[], [5], [3, 4], [2, 3, 4]].map((shape) => ({
        inputs: [randomRef(shape, dtype, 'small', rng)],
        args: [],
      }));
      if (dtype === 'float32' || dtype === 'float64') {
        out.push({ inputs: [refOf([1, Number.NaN, 3, -Infinity], [2, 2], dtype)], args: [] });
      }
      return out;
    },
  });
}

const DIM_SAMPLES: readonly (readonly [readonly number[], number, boolean])[] = [
  [[3, 4], 1, false],
  [[3, 4], 0, true],
  [[2, 3, 4], -2, false],
  [[5], 0, false],
  [[], 0, false],
  [[3, 0], 0, false],
];

/** max(dim)/min(dim) → [values, indices] (first occurrence of the extreme; NaN counts as extreme). */
function extremeDim(name: 'max' | 'min'): OpInfo {
  const pick = (x: Ref, dim: number, keepdim: boolean, what: 'values' | 'indices'): Ref =>
    reduceRef(x, reductionDims(x.shape.length, dim), keepdim, what === 'values' ? x.dtype : 'int32', (v) => {
      const i = argExtreme(v, name === 'max');
      return what === 'values' ? v[i] : i;
    });
  return define<[number, boolean]>({
    name: `${name}(dim)`,
    op: name,
    group: 'reduce',
    fn: ([x], [dim, keepdim]) => {
      const r = api[name](x, dim, keepdim);
      return [r.values, r.indices];
    },
    method: ([x], [dim, keepdim]) => {
      const r = x[name](dim, keepdim);
      return [r.values, r.indices];
    },
    ref: ([x], [dim, keepdim]) => {
      if (isComplexDtype(x.dtype)) throw new Rejected();
      return [pick(x, dim, keepdim, 'values'), pick(x, dim, keepdim, 'indices')];
    },
    dtypes: REAL,
    rejects: COMPLEX,
    samples: (dtype, rng) => {
      const out: Sample<[number, boolean]>[] = DIM_SAMPLES.map(([shape, dim, keepdim]) => ({
        inputs: [randomRef(shape, dtype, 'small', rng)],
        args: [dim, keepdim],
      }));
      if (dtype === 'float32' || dtype === 'float64') {
        out.push({ inputs: [refOf([1, Number.NaN, 3, Number.NaN, 5, 0], [2, 3], dtype)], args: [1, false] });
      }
      return out;
    },
  });
}

function argEntry(name: 'argmax' | 'argmin'): OpInfo {
  return define<[number | undefined, boolean]>({
    ...calls(name, 'reduce'),
    ref: ([x], [dim, keepdim]) => {
      if (isComplexDtype(x.dtype)) throw new Rejected();
      const max = name === 'argmax';
      if (dim === undefined) {
        const i = argExtreme(x.data, max);
        return { shape: keepdim ? x.shape.map(() => 1) : [], dtype: 'int32', data: [i] };
      }
      return reduceRef(x, reductionDims(x.shape.length, dim), keepdim, 'int32', (v) => argExtreme(v, max));
    },
    dtypes: REAL,
    rejects: COMPLEX,
    samples: (dtype, rng) => [
      ...DIM_SAMPLES.map(([shape, dim, keepdim]) => ({
        inputs: [randomRef(shape, dtype, 'small', rng)],
        args: [dim, keepdim] as [number, boolean],
      })),
      { inputs: [randomRef([3, 4], dtype, 'small', rng)], args: [undefined, false] },
      { inputs: [randomRef([2, 3, 4], dtype, 'any', rng)], args: [undefined, true] },
      { inputs: [randomRef([], dtype, 'any', rng)], args: [undefined, false] },
    ],
  });
}

function amaxEntry(name: 'amax' | 'amin'): OpInfo {
  return define<[Dim, boolean]>({
    ...calls(name, 'reduce'),
    ref: ([x], [dim, keepdim]) => extremeRef(x, dim, keepdim, name === 'amax'),
    dtypes: REAL,
    rejects: COMPLEX,
    samples: (dtype, rng) =>
      REDUCE_SAMPLES.filter(([shape, dim]) => {
        const dims = reductionDims(shape.length, dim);
        return dims.every((d) => shape[d] > 0);
      }).map(([shape, dim, keepdim]) => ({ inputs: [randomRef(shape, dtype, 'small', rng)], args: [dim, keepdim] })),
  });
}

export const REDUCTIONS: OpInfo[] = [
  reduction('sum', sumValues, sumOut, ALL),
  reduction('mean', mean, (d) => d, FLOAT_COMPLEX, INTEGRAL),
  prodEntry(),
  varEntry('var'),
  varEntry('std'),
  extremeAll('max'),
  extremeAll('min'),
  extremeDim('max'),
  extremeDim('min'),
  argEntry('argmax'),
  argEntry('argmin'),
  amaxEntry('amax'),
  amaxEntry('amin'),
  truthEntry('all'),
  truthEntry('any'),
];
