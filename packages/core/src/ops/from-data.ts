/**
 * Reading user data into tensor storage — the one place that touches the caller's values. Every value is read exactly
 * once (array lengths and elements, the `re`/`im` of complex objects, the internals of typed arrays), then validated
 * from that copy, so getters, Proxies and subclasses cannot pass a check with one value and store another. Nested
 * arrays are converted in one streaming pass straight into the output storage (O(1) extra memory per element, no
 * recursion), and a bad element is reported before anything large is allocated when it is the first one.
 */
import { describeValue } from '../describe';
import type { ComplexLike, DType, Storage } from '../dtype';
import { defaultComplexDtype, getDefaultDtype, isComplex } from '../dtype';
import { DtypeError, ShapeError } from '../errors';
import { isArrayValue, readLength, readProperty } from '../read';
import { formatShape, MAX_DIMS, MAX_ELEMENTS } from '../shape';
import { allocateFor } from './util';

/** A JS scalar as read once from user data: a number, a boolean or a fresh `{ re, im }` copy. */
export type Scalar = number | boolean | ComplexLike;

/**
 * `re`/`im` of a complex-like object read once each, as a fresh plain `{ re, im }`; undefined unless both are numbers.
 * Fields inherited from `Object.prototype` are ignored (prototype pollution by another library cannot turn `{}` into
 * a complex number); own fields, class getters and mathjs Complex instances are read.
 */
export function readComplex(op: string, value: object): ComplexLike | undefined {
  if (!hasField(value, 're') || !hasField(value, 'im')) return undefined;
  const re = readProperty(op, value, 're', 'complex values');
  const im = readProperty(op, value, 'im', 'complex values');
  if (typeof re !== 'number' || typeof im !== 'number') return undefined;
  return { re, im };
}

/** Own `key`, or `key` from a prototype below Object.prototype; false for objects that cannot be inspected. */
function hasField(value: object, key: string): boolean {
  try {
    return Object.hasOwn(value, key) || inheritedBelowObject(value, key);
  } catch {
    return false; // a revoked Proxy, or a Proxy whose getOwnPropertyDescriptor trap throws
  }
}

/** Whether `key` is defined on a prototype of `value` other than Object.prototype. */
function inheritedBelowObject(value: object, key: string): boolean {
  let proto: object | null;
  try {
    proto = Object.getPrototypeOf(value) as object | null;
    for (let depth = 0; proto !== null && proto !== Object.prototype && depth < 64; depth++) {
      if (Object.hasOwn(proto, key)) return true;
      proto = Object.getPrototypeOf(proto) as object | null;
    }
  } catch {
    return false; // a Proxy whose getPrototypeOf trap throws: not a complex number
  }
  return false;
}

/** A user scalar read once: number, boolean or a `{ re, im }` copy; undefined for anything else. */
export function readScalar(op: string, value: unknown): Scalar | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'object' || value === null || isArrayValue(op, value)) return undefined;
  return readComplex(op, value);
}

// ---------------------------------------------------------------------------------------------------------------
// Typed arrays, read through the intrinsic %TypedArray%.prototype getters (a subclass cannot lie about its length).

/** The typed arrays a tensor can alias. */
export type TypedData = Float32Array | Float64Array | Int32Array | Uint8Array;

const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype) as object;
const intrinsic = (key: PropertyKey): ((this: unknown) => unknown) =>
  Object.getOwnPropertyDescriptor(typedArrayProto, key)!.get as (this: unknown) => unknown;
const TAG = intrinsic(Symbol.toStringTag);
const LENGTH = intrinsic('length');
const BUFFER = intrinsic('buffer');
const BYTE_OFFSET = intrinsic('byteOffset');
const RESIZABLE = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'resizable')?.get;
const apply = Reflect.apply;

const TYPED: Record<string, new (buffer: ArrayBufferLike, byteOffset: number, length: number) => TypedData> = {
  Float32Array,
  Float64Array,
  Int32Array,
  Uint8Array,
};

/** The real type name of a typed array ('Float64Array', …), or undefined for anything else (Proxies included). */
export function typedArrayName(value: unknown): string | undefined {
  return apply(TAG, value, []) as string | undefined;
}

/** What a typed array really is: its type, length and a plain (non-subclass) view of the same memory. */
export interface TypedView {
  name: 'Float32Array' | 'Float64Array' | 'Int32Array' | 'Uint8Array';
  /** The caller's array when it is a plain instance, else a plain view of the same memory (still zero-copy). */
  array: TypedData;
  length: number;
}

/**
 * The typed array `value` as a {@link TypedView}, or undefined when it is not one of the four storage types.
 * A subclass (Node's Buffer included) is re-viewed as its base type over the same memory, so overridden `length`,
 * `subarray` or `fill` are never consulted. Resizable buffers are refused: they can shrink under a tensor.
 */
export function typedView(op: string, value: unknown): TypedView | undefined {
  const name = typedArrayName(value);
  if (name === undefined || !Object.hasOwn(TYPED, name)) return undefined;
  const ctor = TYPED[name];
  const length = apply(LENGTH, value, []) as number;
  const buffer = apply(BUFFER, value, []) as ArrayBufferLike;
  if (RESIZABLE !== undefined && buffer instanceof ArrayBuffer && apply(RESIZABLE, buffer, []) === true)
    throw new DtypeError(
      `${op}: expected a typed array over a fixed-length ArrayBuffer (a resizable one can shrink under the tensor), got a ${name} over a resizable ArrayBuffer; copy it with .slice() first`,
    );
  const plain = Object.getPrototypeOf(value) === ctor.prototype;
  const array = plain ? (value as TypedData) : new ctor(buffer, apply(BYTE_OFFSET, value, []) as number, length);
  return { name: name as TypedView['name'], array, length };
}

// ---------------------------------------------------------------------------------------------------------------
// Nested arrays: one streaming pass.

type Kind = 'bool' | 'real' | 'complex';

/** Where a value sits in nested data (for messages only: the text is built when an error is thrown). */
export interface Where {
  index: readonly number[];
  depth: number;
}

function whereText(where: Where): string {
  return ` at index [${where.index.slice(0, where.depth).join(', ')}]`;
}

/** Writes scalars into storage of a fixed dtype, validating each (int32 range, real-only, bool canonical 0/1). */
export function storeScalar(op: string, s: Storage, dtype: DType, i: number, v: Scalar, where: Where): void {
  if (typeof v === 'object') {
    if (isComplex(dtype)) {
      s[2 * i] = v.re;
      s[2 * i + 1] = v.im;
      return;
    }
    if (v.im !== 0 && !Number.isNaN(v.im))
      throw new DtypeError(
        `${op}: expected real values for dtype ${dtype}, got the complex value ${v.re}${v.im < 0 ? '-' : '+'}${Math.abs(v.im)}i${whereText(where)}`,
      );
    storeReal(op, s, dtype, i, v.re, where);
    return;
  }
  const x = typeof v === 'boolean' ? (v ? 1 : 0) : v;
  if (isComplex(dtype)) {
    s[2 * i] = x;
    s[2 * i + 1] = 0;
  } else storeReal(op, s, dtype, i, x, where);
}

/** The int32 value of `x` (truncated toward zero, as torch), or a DtypeError when it is not representable. */
export function toInt32(op: string, x: number, where = ''): number {
  const t = Math.trunc(x);
  if (!(t >= -2147483648 && t <= 2147483647))
    throw new DtypeError(`${op}: expected values representable as int32 (finite, in [-2^31, 2^31)), got ${x}${where}`);
  return t;
}

function storeReal(op: string, s: Storage, dtype: DType, i: number, x: number, where: Where): void {
  if (dtype === 'int32') {
    const t = Math.trunc(x);
    s[i] = t >= -2147483648 && t <= 2147483647 ? t : toInt32(op, x, whereText(where)); // (throws)
  } else if (dtype === 'bool') s[i] = x !== 0 ? 1 : 0;
  else s[i] = x;
}

function kindOf(v: Scalar): Kind {
  return typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'real' : 'complex';
}

function dtypeOfKind(kind: Kind): DType {
  return kind === 'complex' ? defaultComplexDtype() : kind === 'bool' ? 'bool' : getDefaultDtype();
}

/** Storage of `dtype` for `size` elements holding the first `count` values of `from` (an inferred-dtype upgrade). */
function upgrade(from: Storage, fromDtype: DType, dtype: DType, size: number, count: number, op: string): Storage {
  const to = allocateFor(op, dtype, size);
  const per = isComplex(dtype) ? 2 : 1;
  for (let i = 0; i < count; i++) to[per * i] = from[isComplex(fromDtype) ? 2 * i : i];
  return to;
}

/** The result of {@link fromNested}: contiguous storage of `dtype` with `shape`. */
export interface Converted {
  storage: Storage;
  dtype: DType;
  shape: number[];
}

/**
 * Converts nested arrays of numbers / booleans / `{ re, im }` (or one scalar) into contiguous storage. With `dtype`
 * the values are validated against it and written straight in; without it the dtype is inferred (any complex →
 * default complex, all booleans → bool, else the default float dtype) and the storage is widened at most twice.
 */
export function fromNested(op: string, data: unknown, dtype: DType | undefined): Converted {
  // 1. The shape, from the chain of first elements (each read once and kept for the pass below).
  const chain: unknown[] = [data];
  const shape: number[] = [];
  let probe = data;
  while (isArrayValue(op, probe)) {
    if (shape.length >= MAX_DIMS)
      throw new ShapeError(`${op}: expected nested arrays at most ${MAX_DIMS} deep, got deeper nesting`);
    const length = readLength(op, probe, 'nested arrays');
    shape.push(length);
    if (length === 0) break;
    probe = readProperty(op, probe, 0, 'nested arrays');
    chain.push(probe);
  }
  let total = 1;
  for (const d of shape) total *= d;
  if (total > MAX_ELEMENTS)
    throw new ShapeError(`${op}: expected at most ${MAX_ELEMENTS} elements, got shape ${formatShape(shape)}`);
  const ndim = shape.length;
  const indexText = (index: readonly number[], depth: number): string => whereText({ index, depth });
  const badLeaf = (value: unknown, index: number[], depth: number): never => {
    if (isArrayValue(op, value))
      throw new ShapeError(
        `${op}: expected a rectangular nested array of shape ${formatShape(shape)}, got a deeper array${indexText(index, depth)}`,
      );
    throw new DtypeError(
      `${op}: expected numbers, booleans or { re, im } objects, got ${describeValue(value)}${indexText(index, depth)}`,
    );
  };

  // 2. The first leaf decides the provisional dtype, before anything is allocated (a hole there fails fast).
  const index = new Array<number>(ndim).fill(0);
  let first: Scalar | undefined;
  if (total > 0) {
    first = readScalar(op, chain[ndim]);
    if (first === undefined) badLeaf(chain[ndim], index, ndim);
  }
  let kind: Kind = first === undefined ? 'real' : kindOf(first);
  let current: DType = dtype ?? dtypeOfKind(kind);
  let storage = allocateFor(op, current, total);

  // 3. One pass: an odometer over the indices, each array's length and elements read once.
  const nodes = new Array<readonly unknown[]>(ndim);
  const where: Where = { index, depth: ndim };
  let flat = 0;
  const store = (value: unknown, depth: number): void => {
    const v = flat === 0 && first !== undefined ? first : readScalar(op, value);
    if (v === undefined) {
      badLeaf(value, index, depth);
      return;
    }
    if (dtype === undefined) {
      const k = kindOf(v);
      if (k !== kind && k !== 'bool' && (kind === 'bool' || k === 'complex')) {
        const wider = dtypeOfKind(k);
        storage = upgrade(storage, current, wider, total, flat, op);
        current = wider;
        kind = k;
      }
    }
    where.depth = depth;
    storeScalar(op, storage, current, flat, v, where);
    flat++;
  };
  // Whether a plain number can be written as is (a real float storage that no number will need to widen).
  const numbersAreFast = (): boolean =>
    (dtype !== undefined || kind === 'real') && (current === 'float32' || current === 'float64');
  if (ndim === 0) {
    store(data, 0);
  } else if (total > 0 || shape.length > 1) {
    nodes[0] = data as readonly unknown[];
    let depth = 0;
    // onChain[d]: whether nodes[d] is chain[d] (every index above is 0), whose length and first element are known.
    const onChain = new Array<boolean>(ndim).fill(false);
    onChain[0] = true;
    for (;;) {
      if (index[depth] === shape[depth]) {
        if (depth === 0) break;
        depth--;
        index[depth]++;
        continue;
      }
      const i = index[depth];
      const node = nodes[depth];
      if (depth + 1 === ndim) {
        // A row of leaves: plain numbers into a real float storage take the fast path.
        const n = shape[depth];
        let j = 0;
        if (onChain[depth]) {
          store(chain[ndim], ndim);
          j = 1;
        }
        let fast = numbersAreFast();
        for (; j < n; j++) {
          const v = readProperty(op, node, j, 'nested arrays');
          if (fast && typeof v === 'number') storage[flat++] = v;
          else {
            index[depth] = j;
            store(v, ndim);
            fast = numbersAreFast();
          }
        }
        index[depth] = n;
        continue;
      }
      const cached = onChain[depth] && i === 0 && depth + 1 < chain.length;
      const child = cached ? chain[depth + 1] : readProperty(op, node, i, 'nested arrays');
      if (!isArrayValue(op, child)) {
        throw new ShapeError(
          `${op}: expected a rectangular nested array of shape ${formatShape(shape)}, got ${describeValue(child)}${indexText(index, depth + 1)} (ragged nested arrays are not supported)`,
        );
      }
      const length = cached ? shape[depth + 1] : readLength(op, child, 'nested arrays');
      if (length !== shape[depth + 1]) {
        throw new ShapeError(
          `${op}: expected a rectangular nested array of shape ${formatShape(shape)}, got length ${length}${indexText(index, depth + 1)} (ragged nested arrays are not supported)`,
        );
      }
      depth++;
      nodes[depth] = child;
      onChain[depth] = cached;
      index[depth] = 0;
    }
  }
  return { storage, dtype: current, shape };
}
