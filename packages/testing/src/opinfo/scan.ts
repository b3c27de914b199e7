/**
 * OpInfo entries of the scans (core ops/scan.ts): cumsum and cumprod against running sums/products written as loops.
 * Test-only.
 */
import type { DType } from '@tapegrad/core';
import { ALL, asComplex, asNumber, fromFn, get, isComplexDtype, type Ref, randomRef, type Scalar } from './reference';
import { calls, define, type OpInfo } from './types';

const SAMPLES: readonly (readonly [readonly number[], number])[] = [
  [[2, 3, 4], 0],
  [[2, 3, 4], 1],
  [[2, 3, 4], -1],
  [[5], 0],
  [[], 0],
  [[0, 3], 1],
  [[3, 0], 0],
];

/** Running sum or product along `dim` (bool and int32 scan as int32). */
function scanRef(a: Ref, dim: number, product: boolean): Ref {
  const nd = a.shape.length;
  const d = dim < 0 ? dim + Math.max(nd, 1) : dim;
  const dtype: DType = a.dtype === 'bool' ? 'int32' : a.dtype;
  return fromFn(a.shape, dtype, (idx) => {
    if (nd === 0) return get(a, idx);
    let re = product ? 1 : 0;
    let im = 0;
    for (let k = 0; k <= idx[d]; k++) {
      const at = [...idx];
      at[d] = k;
      const v: Scalar = get(a, at);
      if (isComplexDtype(dtype)) {
        const z = asComplex(v);
        if (product) [re, im] = [re * z.re - im * z.im, re * z.im + im * z.re];
        else [re, im] = [re + z.re, im + z.im];
      } else re = product ? re * asNumber(v) : re + asNumber(v);
    }
    return isComplexDtype(dtype) ? { re, im } : re;
  });
}

function scanEntry(name: 'cumsum' | 'cumprod'): OpInfo {
  return define<[number]>({
    ...calls(name, 'scan'),
    ref: ([x], [dim]) => scanRef(x, dim, name === 'cumprod'),
    dtypes: ALL,
    copy: true,
    samples: (dtype, rng) =>
      SAMPLES.map(([shape, dim]) => ({ inputs: [randomRef(shape, dtype, 'unit', rng)], args: [dim] })),
  });
}

export const SCANS: OpInfo[] = [scanEntry('cumsum'), scanEntry('cumprod')];
