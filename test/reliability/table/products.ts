/** Rows of core's products (matmul, dot, outer) and of the raw GEMM kernels of `@tapegrad/core/internal`. */
import * as ci from '@tapegrad/core/internal';
import type { Tensor } from 'tapegrad';
import * as tg from 'tapegrad';
import { as, bad, bool, f64, type Row, type Table } from './types';

const table: Table = {
  // ---------------------------------------------------------------- products
  matmul: {
    ok: (t) => tg.matmul(t(f64([2, 2, 3])), t(f64([3, 4]))),
    bad: [
      bad('inner dimensions 3 and 2', 'ShapeError', (t) => tg.matmul(t(f64([2, 3])), t(f64([2, 3])))),
      bad('a 0-d operand', 'ShapeError', (t) => tg.matmul(t(f64([])), t(f64([3])))),
      bad('batch dims that do not broadcast', 'ShapeError', (t) => tg.matmul(t(f64([2, 2, 3])), t(f64([3, 3, 4])))),
      bad('a result of 1e10 elements', 'ShapeError', (t) =>
        tg.matmul(t(tg.zeros([100_000, 1])), t(tg.zeros([1, 100_000]))),
      ),
      bad('bool operands', 'DtypeError', (t) => tg.matmul(t(bool([[true]])), t(bool([[true]])))),
      bad('a number operand', 'DtypeError', (t) => tg.matmul(t(f64()), as<Tensor>(2))),
      bad('a nested-array operand', 'DtypeError', (t) => tg.matmul(as<Tensor>([[1]]), t(f64([1, 1])))),
    ],
  },
  dot: {
    ok: (t) => tg.dot(t(f64([3])), t(f64([3], 2))),
    bad: [
      bad('sizes 3 and 4', 'ShapeError', (t) => tg.dot(t(f64([3])), t(f64([4])))),
      bad('matrices', 'ShapeError', (t) => tg.dot(t(f64()), t(f64()))),
      bad('bool vectors', 'DtypeError', (t) => tg.dot(t(bool()), t(bool()))),
      bad('a number operand', 'DtypeError', (t) => tg.dot(t(f64([3])), as<Tensor>(2))),
    ],
  },
  outer: {
    ok: (t) => tg.outer(t(f64([3])), t(f64([2]))),
    bad: [
      bad('a matrix operand', 'ShapeError', (t) => tg.outer(t(f64([2, 2])), t(f64([2])))),
      bad('a result of 1e10 elements', 'ShapeError', (t) => tg.outer(t(tg.zeros([100_000])), t(tg.zeros([100_000])))),
      bad('a number operand', 'DtypeError', (t) => tg.outer(t(f64([3])), as<Tensor>(2))),
    ],
  },
  // ---------------------------------------------------------------- GEMM kernels (internal low-level API)
  ...Object.fromEntries(
    Object.entries({ gemmF64: ci.gemmF64, gemmF32: ci.gemmF32, gemmC128: ci.gemmC128, gemmC64: ci.gemmC64 }).map(
      ([name, kernel]) => {
        const complex = name.startsWith('gemmC');
        const Arr = name === 'gemmF64' || name === 'gemmC128' ? Float64Array : Float32Array;
        const w = complex ? 2 : 1;
        type G = (...args: unknown[]) => void;
        const fn = kernel as unknown as G;
        const call = (
          m: number,
          n: number,
          k: number,
          aLen: number,
          bLen: number,
          cLen: number,
          extra: unknown[] = [],
        ) => fn(m, n, k, new Arr(aLen * w), 0, k, 1, new Arr(bLen * w), 0, n, 1, new Arr(cLen * w), 0, ...extra);
        const row: Row = {
          ok: () => call(2, 3, 4, 8, 12, 6),
          bad: [
            bad('an A too short for m×k', 'ShapeError', () => call(2, 3, 4, 7, 12, 6)),
            bad('a B too short for k×n', 'ShapeError', () => call(2, 3, 4, 8, 11, 6)),
            bad('a C too short for m×n', 'ShapeError', () => call(2, 3, 4, 8, 12, 5)),
            bad('a negative m', 'ShapeError', () => call(-1, 3, 4, 8, 12, 6)),
            bad('a non-integer k', 'ShapeError', () => call(2, 3, 1.5, 8, 12, 6)),
            bad('a negative offset', 'ShapeError', () =>
              fn(1, 1, 1, new Arr(w), -1, 1, 1, new Arr(w), 0, 1, 1, new Arr(w), 0),
            ),
            bad('C aliasing A', 'ShapeError', () => {
              const a = new Arr(4 * w);
              fn(2, 2, 2, a, 0, 2, 1, new Arr(4 * w), 0, 2, 1, a, 0);
            }),
            bad('a plain array for A', 'DtypeError', () =>
              fn(1, 1, 1, [1], 0, 1, 1, new Arr(w), 0, 1, 1, new Arr(w), 0),
            ),
          ],
          op: name,
        };
        return [`internal.core.${name}`, row];
      },
    ),
  ),
};

export default table;
