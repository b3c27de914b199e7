/**
 * Reference implementations (plain loops over multi-indices on {@link Ref}s) of the reductions, shape/view ops,
 * index ops and matrix products of core, following the PyTorch documentation of each op. Test-only.
 */

import type { DType } from '@tapegrad/core';
import * as math from 'mathjs';
import {
  asComplex,
  asNumber,
  broadcastShape,
  castRef,
  coerce,
  fromFn,
  fromMath,
  get,
  getBroadcast,
  indices,
  isComplexDtype,
  mc,
  permuteRef,
  type Ref,
  realOf,
  refPromoteTypes,
  type Scalar,
} from './reference';

/** Thrown by a reference to say "the op must reject these inputs with a DtypeError". */
export class Rejected extends Error {}

const wrap = (d: number, nd: number): number => (d < 0 ? d + Math.max(nd, 1) : d);

/** Normalized reduction dims (undefined/null/[] → all). */
export function reductionDims(nd: number, dim: number | readonly number[] | null | undefined): number[] {
  if (dim === undefined || dim === null) return Array.from({ length: nd }, (_, i) => i);
  const list = typeof dim === 'number' ? [dim] : [...dim];
  if (list.length === 0) return Array.from({ length: nd }, (_, i) => i);
  if (nd === 0) return [];
  return list.map((d) => wrap(d, nd)).sort((a, b) => a - b);
}

/**
 * Applies `f` to the values of each reduced slice (row-major order over the reduced dims); kept dims in order,
 * reduced dims dropped or kept as size 1.
 */
export function reduceRef(
  a: Ref,
  dims: readonly number[],
  keepdim: boolean,
  dtype: DType,
  f: (vals: Scalar[]) => Scalar,
): Ref {
  const nd = a.shape.length;
  const outShape: number[] = [];
  for (let d = 0; d < nd; d++) {
    if (!dims.includes(d)) outShape.push(a.shape[d]);
    else if (keepdim) outShape.push(1);
  }
  const redShape = dims.map((d) => a.shape[d]);
  return fromFn(outShape, dtype, (outIdx) => {
    const base: number[] = [];
    let k = 0;
    for (let d = 0; d < nd; d++) {
      if (!dims.includes(d)) base.push(outIdx[k++]);
      else {
        base.push(0);
        if (keepdim) k++;
      }
    }
    const vals = indices(redShape).map((r) => {
      const idx = [...base];
      dims.forEach((d, i) => {
        idx[d] = r[i];
      });
      return get(a, idx);
    });
    return f(vals);
  });
}

/** Σ of values of `dtype` (bool counts). */
export function sumValues(vals: readonly Scalar[], dtype: DType): Scalar {
  if (isComplexDtype(dtype)) {
    let re = 0;
    let im = 0;
    for (const v of vals) {
      const z = asComplex(v);
      re += z.re;
      im += z.im;
    }
    return { re, im };
  }
  let s = 0;
  for (const v of vals) s += asNumber(v);
  return s;
}

/** Π of values of `dtype` (int32 wraps like two's complement). */
export function prodValues(vals: readonly Scalar[], dtype: DType): Scalar {
  if (isComplexDtype(dtype)) {
    let p = math.complex(1, 0);
    for (const v of vals) p = math.multiply(p, mc(asComplex(v))) as math.Complex;
    return fromMath(p);
  }
  if (dtype === 'int32' || dtype === 'bool') {
    let p = 1;
    for (const v of vals) p = Math.imul(p, asNumber(v));
    return p;
  }
  let p = 1;
  for (const v of vals) p *= asNumber(v);
  return p;
}

/** Index of the extreme value (first occurrence; the first NaN wins, as torch.argmax). */
export function argExtreme(vals: readonly Scalar[], max: boolean): number {
  let best = 0;
  for (let i = 0; i < vals.length; i++) {
    const v = asNumber(vals[i]);
    if (Number.isNaN(v)) return i;
    const b = asNumber(vals[best]);
    if (max ? v > b : v < b) best = i;
  }
  return best;
}

/** Σ|x − mean|² / (N − correction) with a real result. */
export function varianceValues(vals: readonly Scalar[], dtype: DType, correction: number): number {
  const n = vals.length;
  if (isComplexDtype(dtype)) {
    const m = sumValues(vals, dtype) as { re: number; im: number };
    const mr = m.re / n;
    const mi = m.im / n;
    let s = 0;
    for (const v of vals) {
      const z = asComplex(v);
      s += (z.re - mr) ** 2 + (z.im - mi) ** 2;
    }
    return s / Math.max(n - correction, 0);
  }
  const mean = (sumValues(vals, dtype) as number) / n;
  let s = 0;
  for (const v of vals) s += (asNumber(v) - mean) ** 2;
  return s / Math.max(n - correction, 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Shapes and views.

/** Resolves one −1 in a target shape. */
export function inferRefShape(shape: readonly number[], size: number): number[] {
  const known = shape.filter((s) => s !== -1).reduce((a, b) => a * b, 1);
  return shape.map((s) => (s === -1 ? size / known : s));
}

export function reshapeRef(a: Ref, shape: readonly number[]): Ref {
  return { shape: inferRefShape(shape, a.data.length), dtype: a.dtype, data: [...a.data] };
}

export function flattenRef(a: Ref, start: number, end: number): Ref {
  if (a.shape.length === 0) return reshapeRef(a, [1]);
  const s = wrap(start, a.shape.length);
  const e = wrap(end, a.shape.length);
  const merged = a.shape.slice(s, e + 1).reduce((x, y) => x * y, 1);
  return reshapeRef(a, [...a.shape.slice(0, s), merged, ...a.shape.slice(e + 1)]);
}

export function squeezeRef(a: Ref, dim?: number | readonly number[]): Ref {
  const nd = a.shape.length;
  const dims = dim === undefined ? null : (typeof dim === 'number' ? [dim] : [...dim]).map((d) => wrap(d, nd));
  return reshapeRef(
    a,
    a.shape.filter((s, i) => !(s === 1 && (dims === null || dims.includes(i)))),
  );
}

export function unsqueezeRef(a: Ref, dim: number): Ref {
  const d = dim < 0 ? dim + a.shape.length + 1 : dim;
  const shape = [...a.shape];
  shape.splice(d, 0, 1);
  return reshapeRef(a, shape);
}

export function transposeRef(a: Ref, d0: number, d1: number): Ref {
  const nd = a.shape.length;
  if (nd === 0) return a;
  const dims = Array.from({ length: nd }, (_, i) => i);
  const x = wrap(d0, nd);
  const y = wrap(d1, nd);
  dims[x] = y;
  dims[y] = x;
  return permuteRef(a, dims);
}

export function expandRef(a: Ref, shape: readonly number[]): Ref {
  const lead = shape.length - a.shape.length;
  const target = shape.map((s, i) => (s === -1 ? a.shape[i - lead] : s));
  return fromFn(target, a.dtype, (idx) => getBroadcast(a, idx));
}

/** Python slicing x[start:end:step] along `dim` (positive step, bounds clamped). */
export function sliceRef(a: Ref, dim: number, start = 0, end?: number, step = 1): Ref {
  const d = wrap(dim, a.shape.length);
  const n = a.shape[d];
  const clampIndex = (v: number): number => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  const s = clampIndex(start);
  const e = Math.max(clampIndex(end ?? n), s);
  const picked: number[] = [];
  for (let i = s; i < e; i += step) picked.push(i);
  const shape = [...a.shape];
  shape[d] = picked.length;
  return fromFn(shape, a.dtype, (idx) =>
    get(
      a,
      idx.map((v, k) => (k === d ? picked[v] : v)),
    ),
  );
}

export function narrowRef(a: Ref, dim: number, start: number, length: number): Ref {
  const d = wrap(dim, a.shape.length);
  const s = start < 0 ? start + a.shape[d] : start;
  return sliceRef(a, d, s, s + length);
}

export function selectRef(a: Ref, dim: number, index: number): Ref {
  const d = wrap(dim, a.shape.length);
  const i = index < 0 ? index + a.shape[d] : index;
  const shape = a.shape.filter((_, k) => k !== d);
  return fromFn(shape, a.dtype, (idx) => {
    const full = [...idx];
    full.splice(d, 0, i);
    return get(a, full);
  });
}

export function catRef(xs: readonly Ref[], dim: number): Ref {
  const dtype = xs.map((x) => x.dtype).reduce(refPromoteTypes);
  const parts = xs.filter((x) => !(x.shape.length === 1 && x.shape[0] === 0));
  if (parts.length === 0) return { shape: [0], dtype, data: [] };
  const d = wrap(dim, parts[0].shape.length);
  const shape = [...parts[0].shape];
  shape[d] = parts.reduce((acc, x) => acc + x.shape[d], 0);
  return fromFn(shape, dtype, (idx) => {
    let i = idx[d];
    for (const x of parts) {
      if (i < x.shape[d])
        return coerce(
          get(
            x,
            idx.map((v, k) => (k === d ? i : v)),
          ),
          dtype,
        );
      i -= x.shape[d];
    }
    throw new Error('catRef: out of range');
  });
}

export function stackRef(xs: readonly Ref[], dim: number): Ref {
  const d = dim < 0 ? dim + xs[0].shape.length + 1 : dim;
  return catRef(
    xs.map((x) => unsqueezeRef(x, d)),
    d,
  );
}

export function splitRef(a: Ref, size: number | readonly number[], dim: number): Ref[] {
  const d = wrap(dim, a.shape.length);
  const n = a.shape[d];
  const sizes: number[] = [];
  if (typeof size === 'number') {
    for (let s = 0; s < n; s += size) sizes.push(Math.min(size, n - s));
    if (n === 0) sizes.push(0);
  } else sizes.push(...size);
  const out: Ref[] = [];
  let start = 0;
  for (const s of sizes) {
    out.push(sliceRef(a, d, start, start + s));
    start += s;
  }
  return out;
}

/** torch.chunk: split by ceil(n / chunks), or `chunks` empty pieces of an empty dim. */
export function chunkRef(a: Ref, chunks: number, dim: number): Ref[] {
  const d = wrap(dim, a.shape.length);
  const n = a.shape[d];
  if (n === 0) return Array.from({ length: chunks }, () => sliceRef(a, d, 0, 0));
  return splitRef(a, Math.ceil(n / chunks), d);
}

export function diagonalRef(a: Ref, offset: number, dim1: number, dim2: number): Ref {
  const nd = a.shape.length;
  const d1 = wrap(dim1, nd);
  const d2 = wrap(dim2, nd);
  const rest = a.shape.map((_, i) => i).filter((i) => i !== d1 && i !== d2);
  const n1 = a.shape[d1];
  const n2 = a.shape[d2];
  const length = Math.max(0, offset >= 0 ? Math.min(n1, n2 - offset) : Math.min(n1 + offset, n2));
  const shape = [...rest.map((i) => a.shape[i]), length];
  return fromFn(shape, a.dtype, (idx) => {
    const full = new Array<number>(nd);
    rest.forEach((r, k) => {
      full[r] = idx[k];
    });
    const t = idx[idx.length - 1];
    full[d1] = offset >= 0 ? t : t - offset;
    full[d2] = offset >= 0 ? t + offset : t;
    return get(a, full);
  });
}

export function flipRef(a: Ref, dims: readonly number[]): Ref {
  const ds = dims.map((d) => wrap(d, a.shape.length));
  return fromFn(a.shape, a.dtype, (idx) =>
    get(
      a,
      idx.map((v, k) => (ds.includes(k) ? a.shape[k] - 1 - v : v)),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Index ops.

export function indexSelectRef(a: Ref, dim: number, index: readonly number[]): Ref {
  if (a.shape.length === 0) return a;
  const d = wrap(dim, a.shape.length);
  const shape = [...a.shape];
  shape[d] = index.length;
  return fromFn(shape, a.dtype, (idx) =>
    get(
      a,
      idx.map((v, k) => (k === d ? index[v] : v)),
    ),
  );
}

/** out[i][j] = a[i][index[i][j]] (for dim 1), index given as a ref of int32. */
export function gatherRef(a: Ref, dim: number, index: Ref): Ref {
  const d = wrap(dim, a.shape.length);
  return fromFn(index.shape, a.dtype, (idx) => {
    const j = asNumber(get(index, idx));
    return get(
      a,
      idx.map((v, k) => (k === d ? (j < 0 ? j + a.shape[d] : j) : v)),
    );
  });
}

export function scatterAddRef(a: Ref, dim: number, index: Ref, src: Ref): Ref {
  const d = wrap(dim, a.shape.length);
  const out = a.data.map((v) => (isComplexDtype(a.dtype) ? { ...asComplex(v) } : v));
  for (const idx of indices(index.shape)) {
    const j = asNumber(get(index, idx));
    const target = idx.map((v, k) => (k === d ? j : v));
    let flat = 0;
    for (let k = 0; k < a.shape.length; k++) flat = flat * a.shape[k] + target[k];
    const s = get(src, idx);
    if (isComplexDtype(a.dtype)) {
      const o = out[flat] as { re: number; im: number };
      const z = asComplex(s);
      out[flat] = { re: o.re + z.re, im: o.im + z.im };
    } else out[flat] = coerce(asNumber(out[flat]) + asNumber(s), a.dtype);
  }
  return { shape: [...a.shape], dtype: a.dtype, data: out.map((v) => coerce(v, a.dtype)) };
}

/** The result of writing the last dim of `a` on the diagonal (offset) of planes (dim1, dim2), zeros elsewhere. */
export function diagEmbedRef(a: Ref, offset: number, dim1: number, dim2: number): Ref {
  const nd = a.shape.length + 1;
  const d1 = wrap(dim1, nd);
  const d2 = wrap(dim2, nd);
  const n = a.shape[a.shape.length - 1] + Math.abs(offset);
  const rest = a.shape.slice(0, -1);
  const shape: number[] = [];
  for (let i = 0, r = 0; i < nd; i++) shape.push(i === d1 || i === d2 ? n : rest[r++]);
  return fromFn(shape, a.dtype, (idx) => {
    const i1 = idx[d1];
    const i2 = idx[d2];
    if (i2 - i1 !== offset) return coerce(0, a.dtype);
    const k = Math.min(i1, i2);
    const batch = idx.filter((_, i) => i !== d1 && i !== d2);
    return get(a, [...batch, k]);
  });
}

export function diagRef(a: Ref, k: number): Ref {
  if (a.shape.length === 1) return diagEmbedRef(a, k, 0, 1);
  return diagonalRef(a, k, 0, 1);
}

export function triangleRef(a: Ref, k: number, upper: boolean): Ref {
  const nd = a.shape.length;
  return fromFn(a.shape, a.dtype, (idx) => {
    const keep = upper ? idx[nd - 1] - idx[nd - 2] >= k : idx[nd - 1] - idx[nd - 2] <= k;
    return keep ? get(a, idx) : coerce(0, a.dtype);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Products.

function mulAdd(acc: Scalar, x: Scalar, y: Scalar, dtype: DType): Scalar {
  if (isComplexDtype(dtype)) {
    const a = asComplex(acc);
    const p = asComplex(x);
    const q = asComplex(y);
    return { re: a.re + p.re * q.re - p.im * q.im, im: a.im + p.re * q.im + p.im * q.re };
  }
  if (dtype === 'int32') return (asNumber(acc) + Math.imul(asNumber(x), asNumber(y))) | 0;
  return asNumber(acc) + asNumber(x) * asNumber(y);
}

/** torch.matmul: 1-D operands promoted to matrices and the added dims removed; batch dims broadcast. */
export function matmulRef(x: Ref, y: Ref, dtype: DType): Ref {
  const a = castRef(x, dtype);
  const b = castRef(y, dtype);
  const a2 = a.shape.length === 1 ? { ...a, shape: [1, a.shape[0]] } : a;
  const b2 = b.shape.length === 1 ? { ...b, shape: [b.shape[0], 1] } : b;
  const m = a2.shape[a2.shape.length - 2];
  const k = a2.shape[a2.shape.length - 1];
  const n = b2.shape[b2.shape.length - 1];
  const batch = broadcastShape(a2.shape.slice(0, -2), b2.shape.slice(0, -2));
  const full = fromFn([...batch, m, n], dtype, (idx) => {
    const bi = idx.slice(0, -2);
    const i = idx[idx.length - 2];
    const j = idx[idx.length - 1];
    let acc: Scalar = coerce(0, dtype);
    for (let t = 0; t < k; t++) {
      const av = getBroadcast(a2, [...bi, i, t]);
      const bv = getBroadcast(b2, [...bi, t, j]);
      acc = mulAdd(acc, av, bv, dtype);
    }
    return acc;
  });
  const shape = [...full.shape];
  if (b.shape.length === 1) shape.pop();
  if (a.shape.length === 1) shape.splice(shape.length - (b.shape.length === 1 ? 1 : 2), 1);
  return { ...full, shape };
}

/** The real part (complex → real of the same precision); the ref itself when real. */
export function realRef(a: Ref): Ref {
  if (!isComplexDtype(a.dtype)) return a;
  return { shape: [...a.shape], dtype: realOf(a.dtype), data: a.data.map((v) => asComplex(v).re) };
}

export function imagRef(a: Ref): Ref {
  if (!isComplexDtype(a.dtype)) throw new Rejected();
  return { shape: [...a.shape], dtype: realOf(a.dtype), data: a.data.map((v) => asComplex(v).im) };
}
