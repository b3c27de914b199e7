/**
 * Test helpers of the core suite (not exported from the package): plain-JS n-d arrays ("refs") with the reference
 * semantics written as ordinary loops over multi-indices, PyTorch's type promotion transcribed from
 * `aten/src/ATen/native/TypeProperties.cpp` (`combine_categories`) and c10's promotion table, seeded input
 * generators, strided layouts that rebuild the same logical values as non-contiguous views, and comparisons.
 * Nothing here calls a tapegrad op except `tensor()` (to build inputs) and the view ops that make the layouts.
 */

import type { ComplexLike, DType, Tensor } from '@tapegrad/core';
import { getDefaultDtype, tensor } from '@tapegrad/core';
import * as math from 'mathjs';

/** One element of a ref: number (int32/float), boolean (bool) or `{ re, im }` (complex). */
export type Scalar = number | boolean | ComplexLike;

/** A plain row-major n-d array with the dtype a tensor holding it would have. */
export interface Ref {
  shape: number[];
  data: Scalar[];
  dtype: DType;
  /** A JS scalar operand (weakly typed, like a Python scalar) rather than a tensor. */
  weak?: boolean;
}

export const ALL: readonly DType[] = ['float32', 'float64', 'complex64', 'complex128', 'int32', 'bool'];
export const NUMERIC: readonly DType[] = ['float32', 'float64', 'complex64', 'complex128', 'int32'];
export const REAL: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];
export const REAL_NUMERIC: readonly DType[] = ['float32', 'float64', 'int32'];
export const FLOAT: readonly DType[] = ['float32', 'float64'];
export const FLOAT_COMPLEX: readonly DType[] = ['float32', 'float64', 'complex64', 'complex128'];
export const COMPLEX: readonly DType[] = ['complex64', 'complex128'];
export const INTEGRAL: readonly DType[] = ['int32', 'bool'];

export const isComplexDtype = (d: DType): boolean => d === 'complex64' || d === 'complex128';
export const isRealFloat = (d: DType): boolean => d === 'float32' || d === 'float64';
export const isIntegralDtype = (d: DType): boolean => d === 'int32' || d === 'bool';

// ---------------------------------------------------------------------------------------------------------------
// Type promotion, transcribed from PyTorch (c10/core/ScalarType.h promoteTypes table; TypeProperties.cpp).

const ORDER: readonly DType[] = ['bool', 'int32', 'float32', 'float64', 'complex64', 'complex128'];
// Rows/columns in ORDER; entries are indices into ORDER (torch's _promoteTypesLookup restricted to our dtypes).
const PROMOTE: readonly (readonly number[])[] = [
  /* bool       */ [0, 1, 2, 3, 4, 5],
  /* int32      */ [1, 1, 2, 3, 4, 5],
  /* float32    */ [2, 2, 2, 3, 4, 5],
  /* float64    */ [3, 3, 3, 3, 5, 5],
  /* complex64  */ [4, 4, 4, 5, 4, 5],
  /* complex128 */ [5, 5, 5, 5, 5, 5],
];

/** torch.promote_types for two dtypes. */
export function refPromoteTypes(a: DType, b: DType): DType {
  return ORDER[PROMOTE[ORDER.indexOf(a)][ORDER.indexOf(b)]];
}

type Maybe = DType | undefined;

function promoteSkipUndefined(a: Maybe, b: Maybe): Maybe {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return refPromoteTypes(a, b);
}

function toComplexType(d: DType): DType {
  return d === 'float64' ? 'complex128' : 'complex64';
}

/** combine_categories(higher, lower) from TypeProperties.cpp. */
function combineCategories(higher: Maybe, lower: Maybe): Maybe {
  if (higher !== undefined && isComplexDtype(higher)) return higher;
  if (lower !== undefined && isComplexDtype(lower)) {
    if (higher !== undefined && isRealFloat(higher)) return toComplexType(higher);
    return lower;
  }
  if (higher !== undefined && isRealFloat(higher)) return higher;
  if (higher === 'bool' || (lower !== undefined && isRealFloat(lower))) return promoteSkipUndefined(higher, lower);
  if (higher !== undefined) return higher;
  return lower;
}

/** The dtype a JS scalar operand contributes (torch: wrapped numbers take the default float / complex dtype). */
export function scalarDtype(value: number | boolean | ComplexLike): DType {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int32' : getDefaultDtype();
  return getDefaultDtype() === 'float64' ? 'complex128' : 'complex64';
}

/** torch.result_type over tensors (dimensioned or 0-d) and weak JS scalars. */
export function refResultType(operands: readonly Ref[]): DType {
  let dim: Maybe;
  let zero: Maybe;
  let wrapped: Maybe;
  for (const r of operands) {
    if (r.weak) wrapped = promoteSkipUndefined(wrapped, r.dtype);
    else if (r.shape.length > 0) dim = promoteSkipUndefined(dim, r.dtype);
    else zero = promoteSkipUndefined(zero, r.dtype);
  }
  const out = combineCategories(dim, combineCategories(zero, wrapped));
  if (out === undefined) throw new Error('refResultType: no operands');
  return out;
}

/** The dtype of a floating op on `d` (integral inputs go to the default float dtype). */
export function floatOut(d: DType): DType {
  return isIntegralDtype(d) ? getDefaultDtype() : d;
}

/** The real dtype of the same precision (complex128 → float64). */
export function realOf(d: DType): DType {
  if (d === 'complex64') return 'float32';
  if (d === 'complex128') return 'float64';
  return d;
}

// ---------------------------------------------------------------------------------------------------------------
// Index arithmetic.

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return idx;
}

function ravel(idx: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d] + idx[d];
  return flat;
}

/** Every multi-index of `shape` in row-major order. */
export function indices(shape: readonly number[]): number[][] {
  const n = numel(shape);
  const out: number[][] = [];
  for (let i = 0; i < n; i++) out.push(unravel(i, shape));
  return out;
}

/** A ref whose element at `idx` is `f(idx)`. */
export function fromFn(shape: readonly number[], dtype: DType, f: (idx: number[]) => Scalar): Ref {
  return { shape: [...shape], dtype, data: indices(shape).map((idx) => coerce(f(idx), dtype)) };
}

export function get(a: Ref, idx: readonly number[]): Scalar {
  return a.data[ravel(idx, a.shape)];
}

/** NumPy broadcasting of shapes (throws on mismatch). */
export function broadcastShape(...shapes: (readonly number[])[]): number[] {
  const n = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let size = 1;
    for (const s of shapes) {
      const d = s[s.length - n + i] ?? 1;
      if (d === 1) continue;
      if (size !== 1 && size !== d) throw new Error(`not broadcastable: ${shapes.map((x) => `[${x}]`).join(' ')}`);
      size = d;
    }
    out.push(size);
  }
  return out;
}

/** The element of `a` seen at `idx` of a broadcast result. */
export function getBroadcast(a: Ref, idx: readonly number[]): Scalar {
  const lead = idx.length - a.shape.length;
  return get(
    a,
    a.shape.map((s, d) => (s === 1 ? 0 : idx[d + lead])),
  );
}

/** Elementwise map with broadcasting of all operands. */
export function mapRefs(xs: readonly Ref[], dtype: DType, f: (vals: Scalar[]) => Scalar): Ref {
  const shape = broadcastShape(...xs.map((x) => x.shape));
  return fromFn(shape, dtype, (idx) => f(xs.map((x) => getBroadcast(x, idx))));
}

/** A weak JS scalar as a 0-d ref (for references of ops called with numbers). */
export function weakRef(value: number | boolean | ComplexLike): Ref {
  return { shape: [], data: [value], dtype: scalarDtype(value), weak: true };
}

// ---------------------------------------------------------------------------------------------------------------
// Scalar conversions (PyTorch casting: float → int truncates, → bool is x != 0, complex → real keeps re).

export function asComplex(v: Scalar): ComplexLike {
  if (typeof v === 'object') return v;
  return { re: Number(v), im: 0 };
}

export function asNumber(v: Scalar): number {
  if (typeof v === 'object') return v.re;
  return Number(v);
}

/** Converts a value to the element representation of `dtype` (rounding float32 / complex64). */
export function coerce(v: Scalar, dtype: DType): Scalar {
  switch (dtype) {
    case 'bool':
      return typeof v === 'object' ? v.re !== 0 || v.im !== 0 : typeof v === 'boolean' ? v : v !== 0;
    case 'int32':
      return Math.trunc(asNumber(v)) | 0;
    case 'float32':
      return Math.fround(asNumber(v));
    case 'float64':
      return asNumber(v);
    case 'complex64': {
      const z = asComplex(v);
      return { re: Math.fround(z.re), im: Math.fround(z.im) };
    }
    case 'complex128': {
      const z = asComplex(v);
      return { re: z.re, im: z.im };
    }
  }
}

/** A ref converted to `dtype`. */
export function castRef(a: Ref, dtype: DType): Ref {
  return { shape: [...a.shape], dtype, data: a.data.map((v) => coerce(v, dtype)) };
}

export const mc = (z: ComplexLike): math.Complex => math.complex(z.re, z.im);
/** A mathjs result (number or Complex) as a plain `{ re, im }`. */
export function fromMath(v: unknown): ComplexLike {
  if (typeof v === 'number') return { re: v, im: 0 };
  if (typeof v === 'object' && v !== null && 're' in v && 'im' in v) {
    const z = v as ComplexLike;
    return { re: z.re, im: z.im };
  }
  throw new Error(`fromMath: not a number or Complex: ${String(v)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Seeded data.

/**
 * What values a generated input holds: `any` (−2, 2), `pos` (0.25, 2.5) with complex re > 0, `nonzero` |x| ≥ 0.5,
 * `unit` (−0.9, 0.9), `small` integers in [−2, 2] (ties and equal pairs), `tiny` integers in [−1, 1].
 */
export type Kind = 'any' | 'pos' | 'nonzero' | 'unit' | 'small' | 'tiny';

function drawReal(kind: Kind, rng: () => number, integral: boolean): number {
  switch (kind) {
    case 'any':
      return integral ? Math.floor(rng() * 9) - 4 : rng() * 4 - 2;
    case 'pos':
      return integral ? 1 + Math.floor(rng() * 4) : 0.25 + rng() * 2.25;
    case 'nonzero': {
      const m = integral ? 1 + Math.floor(rng() * 4) : 0.5 + rng() * 1.5;
      return rng() < 0.5 ? -m : m;
    }
    case 'unit':
      return integral ? Math.floor(rng() * 3) - 1 : rng() * 1.8 - 0.9;
    case 'small':
      return Math.floor(rng() * 5) - 2;
    case 'tiny':
      return Math.floor(rng() * 3) - 1;
  }
}

/** One seeded element of `dtype`. */
export function drawScalar(dtype: DType, kind: Kind, rng: () => number): Scalar {
  if (dtype === 'bool') return kind === 'pos' || kind === 'nonzero' ? true : rng() < 0.5;
  if (isComplexDtype(dtype)) {
    // Integer-valued kinds draw both parts from {-1, 0, 1} so that equal pairs occur; `pos` keeps re > 0.
    if (kind === 'small' || kind === 'tiny') {
      return coerce({ re: drawReal('tiny', rng, true), im: drawReal('tiny', rng, true) }, dtype);
    }
    const re = drawReal(kind, rng, false);
    const im = kind === 'pos' ? rng() * 2 - 1 : kind === 'unit' ? rng() * 1.8 - 0.9 : rng() * 4 - 2;
    return coerce({ re, im }, dtype);
  }
  return coerce(drawReal(kind, rng, dtype === 'int32'), dtype);
}

/** A seeded ref of the given shape, dtype and kind. */
export function randomRef(shape: readonly number[], dtype: DType, kind: Kind, rng: () => number): Ref {
  return fromFn(shape, dtype, () => drawScalar(dtype, kind, rng));
}

/** A ref holding the given values (converted to `dtype`). */
export function refOf(values: readonly Scalar[], shape: readonly number[], dtype: DType): Ref {
  if (numel(shape) !== values.length) throw new Error('refOf: size mismatch');
  return { shape: [...shape], dtype, data: values.map((v) => coerce(v, dtype)) };
}

// ---------------------------------------------------------------------------------------------------------------
// Tensors from refs, in several memory layouts with the same logical values.

/** A contiguous tensor holding the ref (built from flat data and `opts.shape`). */
export function tensorOf(a: Ref): Tensor {
  return tensor(a.data as Scalar[], { dtype: a.dtype, shape: a.shape });
}

/** Junk stored in the gaps of strided layouts: reading it by mistake shows up in the values. */
function junk(dtype: DType): Scalar {
  return coerce(isComplexDtype(dtype) ? { re: 1007, im: -1007 } : 1007, dtype);
}

export type Layout = 'contiguous' | 'transposed' | 'strided' | 'offset' | 'expanded' | 'transposed+strided';
export const LAYOUTS: readonly Layout[] = [
  'contiguous',
  'transposed',
  'strided',
  'offset',
  'expanded',
  'transposed+strided',
];

/** The ref permuted: result dim i is input dim dims[i]. */
export function permuteRef(a: Ref, dims: readonly number[]): Ref {
  const shape = dims.map((d) => a.shape[d]);
  return fromFn(shape, a.dtype, (idx) => {
    const src = new Array<number>(dims.length);
    dims.forEach((d, i) => {
      src[d] = idx[i];
    });
    return get(a, src);
  });
}

function strided(a: Ref): Tensor {
  // Values at even positions of a last dim twice as long; junk at odd ones; then a step-2 slice.
  const last = a.shape.length - 1;
  const baseShape = a.shape.map((s, d) => (d === last ? 2 * s : s));
  const base = fromFn(baseShape, a.dtype, (idx) =>
    idx[last] % 2 === 0
      ? get(
          a,
          idx.map((v, d) => (d === last ? v / 2 : v)),
        )
      : junk(a.dtype),
  );
  return tensorOf(base).slice(-1, 0, undefined, 2);
}

/**
 * A tensor with the logical values of `a` (or, for `expanded`, of `a` made constant along dim 0 — returned as the
 * new ref) laid out as a non-contiguous view; `null` when the layout does not apply to the shape.
 */
export function layoutTensor(a: Ref, layout: Layout): { t: Tensor; ref: Ref } | null {
  const nd = a.shape.length;
  const rev = Array.from({ length: nd }, (_, i) => nd - 1 - i);
  switch (layout) {
    case 'contiguous':
      return { t: tensorOf(a), ref: a };
    case 'transposed':
      if (nd < 2) return null;
      return { t: tensorOf(permuteRef(a, rev)).permute(rev), ref: a };
    case 'strided':
      if (nd < 1) return null;
      return { t: strided(a), ref: a };
    case 'transposed+strided':
      if (nd < 2) return null;
      return { t: strided(permuteRef(a, rev)).permute(rev), ref: a };
    case 'offset': {
      if (nd === 0)
        return { t: tensorOf(refOf([junk(a.dtype), a.data[0], junk(a.dtype)], [3], a.dtype)).select(0, 1), ref: a };
      const baseShape = [a.shape[0] + 2, ...a.shape.slice(1)];
      const base = fromFn(baseShape, a.dtype, (idx) =>
        idx[0] === 0 || idx[0] === a.shape[0] + 1 ? junk(a.dtype) : get(a, [idx[0] - 1, ...idx.slice(1)]),
      );
      return { t: tensorOf(base).narrow(0, 1, a.shape[0]), ref: a };
    }
    case 'expanded': {
      if (nd === 0 || a.shape[0] < 2) return null;
      const rowShape = [1, ...a.shape.slice(1)];
      const row = fromFn(rowShape, a.dtype, (idx) => get(a, idx));
      const ref = fromFn(a.shape, a.dtype, (idx) => get(a, [0, ...idx.slice(1)]));
      return { t: tensorOf(row).expand([...a.shape]), ref };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Comparison.

/** Flattens `toArray()` output (row-major). */
export function flatValues(t: Tensor): Scalar[] {
  const out: Scalar[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else out.push(v as Scalar);
  };
  walk(t.toArray());
  return out;
}

/** Tolerances by result dtype; an op may loosen them. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

export function defaultTolerance(dtype: DType): Tolerance {
  if (dtype === 'float32' || dtype === 'complex64') return { rtol: 1e-5, atol: 1e-5 };
  if (dtype === 'float64' || dtype === 'complex128') return { rtol: 1e-12, atol: 1e-13 };
  return { rtol: 0, atol: 0 };
}

function closeNumber(got: number, want: number, scale: number, tol: Tolerance): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (!Number.isFinite(want)) return got === want;
  return Math.abs(got - want) <= tol.atol + tol.rtol * scale;
}

function closeScalar(got: Scalar, want: Scalar, dtype: DType, tol: Tolerance): boolean {
  if (dtype === 'bool') return got === want;
  if (dtype === 'int32') return got === want;
  if (isComplexDtype(dtype)) {
    if (typeof got !== 'object' || typeof want !== 'object') return false;
    const scale = Math.hypot(want.re, want.im);
    return closeNumber(got.re, want.re, scale, tol) && closeNumber(got.im, want.im, scale, tol);
  }
  if (typeof got !== 'number' || typeof want !== 'number') return false;
  return closeNumber(got, want, Math.abs(want), tol);
}

const show = (v: Scalar): string =>
  typeof v === 'object' ? `${v.re}${v.im < 0 ? '-' : '+'}${Math.abs(v.im)}i` : String(v);

/**
 * Why `t` differs from the reference (dtype, shape or the first mismatching element), or `null` when it matches.
 */
export function mismatch(t: Tensor, want: Ref, tol?: Partial<Tolerance>): string | null {
  if (t.dtype !== want.dtype) return `dtype ${t.dtype}, expected ${want.dtype}`;
  if (t.shape.length !== want.shape.length || t.shape.some((s, i) => s !== want.shape[i])) {
    return `shape [${t.shape}], expected [${want.shape}]`;
  }
  const got = flatValues(t);
  if (got.length !== want.data.length) return `${got.length} values, expected ${want.data.length}`;
  const full = { ...defaultTolerance(want.dtype), ...tol };
  for (let i = 0; i < got.length; i++) {
    if (!closeScalar(got[i], want.data[i], want.dtype, full)) {
      return `element ${i} (index [${unravel(i, want.shape)}]) is ${show(got[i])}, expected ${show(want.data[i])}`;
    }
  }
  return null;
}

/** Bitwise equality of two tensors' dtype, shape and values (NaN equals NaN), for function vs method forms. */
export function sameTensor(a: Tensor, b: Tensor): boolean {
  if (a.dtype !== b.dtype || a.shape.length !== b.shape.length || a.shape.some((s, i) => s !== b.shape[i])) {
    return false;
  }
  const x = flatValues(a);
  const y = flatValues(b);
  const eq = (p: Scalar, q: Scalar): boolean =>
    typeof p === 'object' && typeof q === 'object' ? Object.is(p.re, q.re) && Object.is(p.im, q.im) : Object.is(p, q);
  return x.length === y.length && x.every((v, i) => eq(v, y[i]));
}

/** A copy of a tensor's whole backing storage (to check that an op did not write into its inputs). */
export function snapshot(t: Tensor): number[] {
  return Array.from(t.storage as ArrayLike<number>);
}

export function unchanged(t: Tensor, before: readonly number[]): boolean {
  const now = t.storage as ArrayLike<number>;
  if (now.length !== before.length) return false;
  for (let i = 0; i < before.length; i++) if (!Object.is(now[i], before[i])) return false;
  return true;
}
