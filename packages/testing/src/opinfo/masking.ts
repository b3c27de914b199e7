/**
 * OpInfo entries of the mask-driven ops (core ops/masking.ts): maskedFill, maskedSelect, nanToNum. Masks travel in the
 * arguments (as bool tensors), so the layouts apply to the data operand. Test-only.
 */
import type { Tensor } from '@tapegrad/core';
import * as core from '@tapegrad/core';
import {
  ALL,
  asComplex,
  broadcastShape,
  coerce,
  FLOAT_COMPLEX,
  fromFn,
  getBroadcast,
  INTEGRAL,
  isComplexDtype,
  numel,
  type Ref,
  randomRef,
  refOf,
  type Scalar,
} from './reference';
import { define, type OpInfo } from './types';

/** A seeded bool mask of `shape`, as a ref and as a tensor. */
function mask(shape: readonly number[], rng: () => number): { ref: Ref; t: Tensor } {
  const ref = randomRef(shape, 'bool', 'any', rng);
  return { ref, t: core.tensor(ref.data as boolean[], { dtype: 'bool', shape: [...shape] }) };
}

const MASK_SHAPES: readonly (readonly [readonly number[], readonly number[]])[] = [
  [
    [3, 4],
    [3, 4],
  ],
  [[3, 4], [4]],
  [
    [2, 1, 4],
    [3, 1],
  ],
  [[], [2]],
  [[0, 3], [3]],
];

type MaskArgs = [Ref, Tensor, number];

export const MASKING: OpInfo[] = [
  define<MaskArgs>({
    name: 'maskedFill',
    op: 'maskedFill',
    group: 'masking',
    fn: ([x], [, m, v]) => core.maskedFill(x, m, v),
    method: ([x], [, m, v]) => x.maskedFill(m, v),
    ref: ([x], [m, , v]) => {
      const shape = broadcastShape(x.shape, m.shape);
      return fromFn(shape, x.dtype, (idx) => (getBroadcast(m, idx) ? coerce(v, x.dtype) : getBroadcast(x, idx)));
    },
    dtypes: ALL,
    samples: (dtype, rng) =>
      MASK_SHAPES.map(([sx, sm]) => {
        const m = mask(sm, rng);
        return { inputs: [randomRef(sx, dtype, 'any', rng)], args: [m.ref, m.t, dtype === 'bool' ? 1 : -3] };
      }),
  }),
  define<[Ref, Tensor]>({
    name: 'maskedSelect',
    op: 'maskedSelect',
    group: 'masking',
    fn: ([x], [, m]) => core.maskedSelect(x, m),
    method: ([x], [, m]) => x.maskedSelect(m),
    ref: ([x], [m]) => {
      const shape = broadcastShape(x.shape, m.shape);
      const picked: Scalar[] = [];
      fromFn(shape, 'bool', (idx) => {
        if (getBroadcast(m, idx)) picked.push(getBroadcast(x, idx));
        return false;
      });
      return refOf(picked, [picked.length], x.dtype);
    },
    dtypes: ALL,
    copy: true,
    samples: (dtype, rng) =>
      MASK_SHAPES.map(([sx, sm]) => {
        const m = mask(sm, rng);
        return { inputs: [randomRef(sx, dtype, 'any', rng)], args: [m.ref, m.t] };
      }),
  }),
  define<[core.NanToNumOptions | undefined]>({
    name: 'nanToNum',
    op: 'nanToNum',
    group: 'masking',
    fn: ([x], [opts]) => core.nanToNum(x, opts),
    method: ([x], [opts]) => x.nanToNum(opts),
    ref: ([x], [opts]) => {
      const big = x.dtype === 'float32' || x.dtype === 'complex64' ? 3.4028234663852886e38 : Number.MAX_VALUE;
      const fix = (v: number): number => {
        if (Number.isNaN(v)) return opts?.nan ?? 0;
        if (v === Number.POSITIVE_INFINITY) return opts?.posinf ?? big;
        if (v === Number.NEGATIVE_INFINITY) return opts?.neginf ?? -big;
        return v;
      };
      return fromFn(x.shape, x.dtype, (idx) => {
        const v = x.data[idx.reduce((f, i, d) => f * x.shape[d] + i, 0)];
        if (INTEGRAL.includes(x.dtype)) return v;
        if (isComplexDtype(x.dtype)) {
          const z = asComplex(v);
          return { re: fix(z.re), im: fix(z.im) };
        }
        return fix(v as number);
      });
    },
    dtypes: ALL,
    copy: true,
    samples: (dtype, rng) => {
      const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1.5, -2];
      const values = (n: number): Scalar[] =>
        Array.from({ length: n }, (_, i) => {
          if (!FLOAT_COMPLEX.includes(dtype)) return randomRef([], dtype, 'any', rng).data[0];
          const re = specials[i % specials.length];
          // Complex parts pair non-finite with non-finite (the comparison scales by |z|, NaN for NaN + finite).
          return isComplexDtype(dtype)
            ? { re, im: specials[i % 3 === i % specials.length ? (i + 1) % 3 : 3 + ((i + 1) % 3)] }
            : re;
        });
      return [
        [[2, 6], undefined],
        [[12], { nan: 1, posinf: 2, neginf: -3 }],
        [[], { nan: 4 }],
        [[0, 2], undefined],
      ].map(([shape, opts]) => ({
        inputs: [refOf(values(numel(shape as number[])), shape as number[], dtype)],
        args: [opts as core.NanToNumOptions | undefined],
      }));
    },
  }),
];
