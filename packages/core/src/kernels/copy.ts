/**
 * Strided copy with dtype conversion (the kernel behind contiguous(), clone(), casts, cat, and the scatter-style
 * backward of slicing/diagonal), and `where`. Conversions follow PyTorch: float → int32 truncates toward zero,
 * anything → bool is `x != 0`, real → complex sets im = 0, complex → real keeps the real part.
 */
import type { DType, Storage } from '../dtype';
import { isComplex } from '../dtype';
import { map1, type Row1, type Row3, type X } from './iterate';

const realToReal: Row1 = (n, x: X, xo, xs, o: X, oo, os) => {
  // Unit-stride rows of separate buffers: TypedArray.prototype.set converts exactly as the assignment below (a
  // memcpy for one element type), without the loop's polymorphic element accesses.
  if (xs === 1 && os === 1 && n >= 32 && x.buffer !== o.buffer) o.set(x.subarray(xo, xo + n), oo);
  else for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = x[xo];
};
const realToInt: Row1 = (n, x: X, xo, xs, o: X, oo, os) => {
  for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = Math.trunc(x[xo]);
};
const realToBool: Row1 = (n, x: X, xo, xs, o: X, oo, os) => {
  for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = x[xo] !== 0 ? 1 : 0;
};
const realToComplex: Row1 = (n, x: X, xo, xs, o: X, oo, os) => {
  for (let i = 0; i < n; i++, xo += xs, oo += os) {
    o[2 * oo] = x[xo];
    o[2 * oo + 1] = 0;
  }
};
const complexToComplex: Row1 = (n, x: X, xo, xs, o: X, oo, os) => {
  for (let i = 0; i < n; i++, xo += xs, oo += os) {
    o[2 * oo] = x[2 * xo];
    o[2 * oo + 1] = x[2 * xo + 1];
  }
};
const complexToReal: Row1 = (n, x: X, xo, xs, o: X, oo, os) => {
  for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = x[2 * xo];
};
const complexToInt: Row1 = (n, x: X, xo, xs, o: X, oo, os) => {
  for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = Math.trunc(x[2 * xo]);
};
const complexToBool: Row1 = (n, x: X, xo, xs, o: X, oo, os) => {
  for (let i = 0; i < n; i++, xo += xs, oo += os) o[oo] = x[2 * xo] !== 0 || x[2 * xo + 1] !== 0 ? 1 : 0;
};

/** The row function converting `from` storage to `to` storage. */
export function castRow(from: DType, to: DType): Row1 {
  const fc = isComplex(from);
  const tc = isComplex(to);
  if (fc && tc) return complexToComplex;
  if (fc) return to === 'bool' ? complexToBool : to === 'int32' ? complexToInt : complexToReal;
  if (tc) return realToComplex;
  if (to === 'bool') return realToBool;
  if (to === 'int32' && from !== 'int32' && from !== 'bool') return realToInt;
  return realToReal;
}

/**
 * The first value (real part for complex storage) that does not truncate to an int32 — NaN, ±Infinity or outside
 * [−2^31, 2^31) — or undefined when all do. Reads only.
 */
export function firstNonInt32(
  x: Storage,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  complex: boolean,
): number | undefined {
  let bad: number | undefined;
  const scale = complex ? 2 : 1;
  const check: Row1 = (n, s: X, so, ss) => {
    for (let i = 0; i < n && bad === undefined; i++, so += ss) {
      const t = Math.trunc(s[scale * so]);
      if (!(t >= -2147483648 && t <= 2147483647)) bad = s[scale * so];
    }
  };
  map1(shape, x, strides, offset, x, new Array<number>(shape.length).fill(0), 0, check);
  return bad;
}

export const whereReal: Row3 = (n, c: X, co, cs, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
  for (let i = 0; i < n; i++, co += cs, ao += as, bo += bs, oo += os) o[oo] = c[co] ? a[ao] : b[bo];
};

export const whereComplex: Row3 = (n, c: X, co, cs, a: X, ao, as, b: X, bo, bs, o: X, oo, os) => {
  for (let i = 0; i < n; i++, co += cs, ao += as, bo += bs, oo += os) {
    if (c[co]) {
      o[2 * oo] = a[2 * ao];
      o[2 * oo + 1] = a[2 * ao + 1];
    } else {
      o[2 * oo] = b[2 * bo];
      o[2 * oo + 1] = b[2 * bo + 1];
    }
  }
};
