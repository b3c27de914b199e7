/**
 * OpInfo entries of sorting (core ops/sorting.ts): sort, argsort, topk against a stable insertion sort with NaN
 * largest, written independently of the kernel. Samples hold small integers, so ties are frequent. Test-only.
 */
import { asNumber, COMPLEX, fromFn, get, REAL, type Ref, randomRef } from './reference';
import { Rejected } from './refops';
import { calls, define, type OpInfo } from './types';

/** The stable order of one lane: ascending or descending by value (NaN largest), ties by position. */
function laneOrder(values: readonly number[], descending: boolean): number[] {
  const key = (v: number) => (Number.isNaN(v) ? [1, 0] : [0, v]);
  const before = (a: number, b: number): boolean => {
    const [na, va] = key(values[a]);
    const [nb, vb] = key(values[b]);
    if (na !== nb) return descending ? na > nb : na < nb;
    return descending ? va > vb : va < vb;
  };
  const order: number[] = [];
  for (let i = 0; i < values.length; i++) {
    let j = order.length;
    while (j > 0 && before(i, order[j - 1])) j--;
    order.splice(j, 0, i);
  }
  return order;
}

/** Values and indices of the first `k` of each stably sorted lane along `dim`. */
function sortRef(a: Ref, dim: number, descending: boolean, k?: number): [Ref, Ref] {
  if (a.dtype === 'complex64' || a.dtype === 'complex128') throw new Rejected();
  const nd = a.shape.length;
  if (nd === 0) return [a, fromFn([], 'int32', () => 0)];
  const d = dim < 0 ? dim + nd : dim;
  const shape = [...a.shape];
  shape[d] = k ?? a.shape[d];
  const orderAt = (idx: readonly number[]): number[] => {
    const lane = Array.from({ length: a.shape[d] }, (_, i) => {
      const at = [...idx];
      at[d] = i;
      return asNumber(get(a, at));
    });
    return laneOrder(lane, descending);
  };
  const indices = fromFn(shape, 'int32', (idx) => orderAt(idx)[idx[d]]);
  const values = fromFn(shape, a.dtype, (idx) => {
    const at = [...idx];
    at[d] = orderAt(idx)[idx[d]];
    return get(a, at);
  });
  return [values, indices];
}

const SHAPES: readonly (readonly [readonly number[], number])[] = [
  [[2, 5, 3], 1],
  [[2, 5, 3], -1],
  [[2, 5, 3], 0],
  [[7], 0],
  [[], 0],
  [[0, 4], 1],
];

const samples = (withFlag: boolean) => (dtype: Parameters<OpInfo['samples']>[0], rng: () => number) =>
  SHAPES.flatMap(([shape, dim]) =>
    (withFlag ? [false, true] : [false]).map((flag) => ({
      inputs: [randomRef(shape, dtype, 'small', rng)],
      args: [dim, flag] as [number, boolean],
    })),
  );

export const SORTING: OpInfo[] = [
  // sort gives (values, indices), argsort the indices alone.
  ...(['sort', 'argsort'] as const).map((name) =>
    define<[number, boolean]>({
      ...calls(name, 'sorting'),
      ref: ([x], [dim, descending]) => {
        const sorted = sortRef(x, dim, descending);
        return name === 'sort' ? sorted : sorted[1];
      },
      dtypes: REAL,
      rejects: COMPLEX,
      samples: samples(true),
    }),
  ),
  define<[number, number, boolean]>({
    ...calls('topk', 'sorting'),
    ref: ([x], [k, dim, largest]) => sortRef(x, dim, largest, x.shape.length === 0 ? undefined : k),
    dtypes: REAL,
    rejects: COMPLEX,
    samples: (dtype, rng) =>
      samples(true)(dtype, rng).map((s) => {
        const [dim, largest] = s.args;
        const n = s.inputs[0].shape.length === 0 ? 1 : (s.inputs[0].shape.at(dim) ?? 0);
        return { inputs: s.inputs, args: [Math.min(2, n), dim, largest] as [number, number, boolean] };
      }),
  }),
];
