/** Shapes, strides, broadcasting and dimension arguments. Every check throws before anything is allocated. */
import { describeValue } from './describe';
import { DtypeError, ShapeError } from './errors';
import { copyArray } from './read';

/** Largest element count a tensor may have (typed arrays are limited to 2^32 − 1 elements; complex uses two). */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/**
 * Largest number of dimensions of a user-given shape or nested array (as NumPy 2's NPY_MAXDIMS): deeper input is a
 * ShapeError rather than a stack overflow in the recursive conversions (toArray, printing).
 */
export const MAX_DIMS = 64;

/** Formats a shape for messages: `[2, 3]`. */
export function formatShape(shape: readonly number[]): string {
  const copy = copyArray('formatShape', shape, 'a shape', Number.MAX_SAFE_INTEGER);
  if (copy === undefined) throw new ShapeError(`formatShape: expected a shape (an array), got ${describe(shape)}`);
  return `[${copy.map((d) => (typeof d === 'number' ? String(d) : describeValue(d))).join(', ')}]`;
}

/** `op` itself when it is a string (plumbing functions take the name of the op to report), else a DtypeError. */
export function requireOpName(fn: string, op: unknown): string {
  if (typeof op !== 'string') throw new DtypeError(`${fn}: expected an op name (a string), got ${describeValue(op)}`);
  return op;
}

/**
 * A user array of sizes/dims read once (length, then each element) into a copy of at most {@link MAX_DIMS} entries;
 * not an array is a ShapeError naming `op`.
 */
export function readDims(op: string, value: unknown, what = 'a shape'): unknown[] {
  const copy = copyArray(op, value, what, MAX_DIMS);
  if (copy === undefined)
    throw new ShapeError(`${op}: expected ${what} (an array of integers), got ${describeValue(value)}`);
  return copy;
}

/** Validates a user-supplied shape (non-negative integers, element count representable) and returns a copy. */
export function checkShape(op: string, shape: unknown): number[] {
  const out = readDims(op, shape);
  let size = 1;
  for (let i = 0; i < out.length; i++) {
    const d = out[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${op}: expected a shape of non-negative integers, got ${describe(out)}`);
    }
    size *= d;
  }
  if (size > MAX_ELEMENTS) {
    throw new ShapeError(
      `${op}: expected at most ${MAX_ELEMENTS} elements, got shape ${formatShape(out as number[])} with ${size} elements`,
    );
  }
  return out as number[];
}

/** A shape-like argument as written (`[2, -1]`), anything else as {@link describeValue} says it. */
function describe(value: unknown): string {
  try {
    if (Array.isArray(value))
      return `[${value.map((v) => (typeof v === 'number' ? String(v) : describeValue(v))).join(', ')}]`;
  } catch {
    return describeValue(value); // a revoked Proxy or an array whose reads throw
  }
  return typeof value === 'number' ? String(value) : describeValue(value);
}

export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (let i = 0; i < shape.length; i++) size *= shape[i];
  return size;
}

/** Row-major contiguous strides (in elements). */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i];
  }
  return strides;
}

export function isContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== acc) return false;
    acc *= shape[i];
  }
  return true;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A copy of an array of non-negative integers, each entry read once (a loop: this guards every broadcasting op). */
function sizesOf(op: string, shape: unknown): number[] {
  const copy = copyArray(op, shape, 'a shape', MAX_DIMS);
  const ok = copy?.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0);
  if (!ok)
    throw new ShapeError(
      `${op}: expected shapes of non-negative integers to broadcast, got ${describe(copy ?? shape)}`,
    );
  return copy as number[];
}

/** NumPy/PyTorch broadcasting of two shapes. */
export function broadcastShapes(op: string, first: readonly number[], second: readonly number[]): number[] {
  requireOpName('broadcastShapes', op);
  const a = sizesOf(op, first);
  const b = sizesOf(op, second);
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else {
      throw new ShapeError(
        `${op}: expected shapes that broadcast, got ${formatShape(a)} and ${formatShape(b)} (size ${da} vs ${db} at dimension ${i})`,
      );
    }
  }
  const size = sizeOf(out);
  if (size > MAX_ELEMENTS) {
    throw new ShapeError(
      `${op}: expected a broadcast result of at most ${MAX_ELEMENTS} elements, got shapes ${formatShape(a)} and ${formatShape(b)} broadcasting to ${formatShape(out)} with ${size} elements`,
    );
  }
  return out;
}

/** Strides of a tensor viewed with a broadcast (larger or equal rank) shape: 0 on broadcast dims. */
export function broadcastStrides(
  shape: readonly number[],
  strides: readonly number[],
  target: readonly number[],
): number[] {
  const out = new Array<number>(target.length);
  const lead = target.length - shape.length;
  for (let i = 0; i < target.length; i++) {
    if (i < lead) out[i] = 0;
    else out[i] = shape[i - lead] === target[i] ? strides[i - lead] : 0;
  }
  return out;
}

/** Normalizes a possibly negative dim for a tensor of rank `ndim` (a 0-d tensor accepts dims −1 and 0). */
export function normalizeDim(op: string, dim: unknown, ndim: number): number {
  requireOpName('normalizeDim', op);
  if (typeof ndim !== 'number' || !Number.isInteger(ndim) || ndim < 0)
    throw new DtypeError(`normalizeDim: expected a number of dimensions, got ${describeValue(ndim)}`);
  const extent = Math.max(ndim, 1);
  if (typeof dim !== 'number' || !Number.isInteger(dim)) {
    throw new ShapeError(`${op}: expected an integer dim, got ${describe(dim)}`);
  }
  if (dim < -extent || dim >= extent) {
    throw new ShapeError(`${op}: expected dim in range [${-extent}, ${extent - 1}], got ${dim}`);
  }
  return dim < 0 ? dim + extent : dim;
}

/** Normalizes a list of dims (or one dim, or undefined = all) to sorted unique dims. */
export function normalizeDims(op: string, dims: number | readonly number[] | undefined | null, ndim: number): number[] {
  if (dims === undefined || dims === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dims === 'number' ? [dims] : copyArray(op, dims, 'a list of dims', MAX_DIMS);
  if (list === undefined)
    throw new ShapeError(`${op}: expected dim to be an integer or an array of integers, got ${describeValue(dims)}`);
  const out: number[] = [];
  if (ndim === 0) {
    // A 0-d tensor accepts dim 0 / -1, and reducing over it reduces over nothing.
    for (const d of list) normalizeDim(op, d, 0);
    return out;
  }
  for (const d of list) {
    const nd = normalizeDim(op, d, ndim);
    if (out.includes(nd)) throw new ShapeError(`${op}: expected each dim at most once, got ${describe(list)}`);
    out.push(nd);
  }
  return out.sort((x, y) => x - y);
}

/** Resolves a shape containing at most one −1 against an element count (for reshape/view). */
export function inferShape(op: string, shape: readonly number[], size: number): number[] {
  let infer = -1;
  let known = 1;
  const out = readDims(op, shape) as number[];
  for (let i = 0; i < out.length; i++) {
    const d = out[i];
    if (d === -1) {
      if (infer >= 0)
        throw new ShapeError(`${op}: expected at most one -1 (inferred dimension), got shape ${formatShape(out)}`);
      infer = i;
    } else if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${op}: expected a shape of non-negative integers or -1, got ${describe(out)}`);
    } else known *= d;
  }
  if ((infer >= 0 && (known === 0 || size % known !== 0)) || (infer < 0 && known !== size)) {
    throw new ShapeError(
      `${op}: expected a shape compatible with the input's ${size} elements, got shape ${formatShape(out)}`,
    );
  }
  if (infer >= 0) out[infer] = size / known;
  return out;
}
