/**
 * The JSON-safe tensor encoding used by every state dict of this package (modules and optimizers).
 *
 * Format: `{ dtype, shape, data }` with `data` the row-major values as JSON numbers (complex: interleaved re, im;
 * bool: 0/1). `JSON.stringify` writes a finite double in its shortest round-trip form, so `JSON.parse` gives back the
 * identical float64 (and float32 values, being doubles, are exact too). The four values JSON cannot hold are written as
 * the strings `'NaN'`, `'Infinity'`, `'-Infinity'` and `'-0'`. So `JSON.parse(JSON.stringify(sd))` restores every bit of
 * every value except NaN payloads (JavaScript itself does not preserve those).
 *
 * Reading is defensive: only own properties are read, every value is validated before anything is written, and a
 * dtype may only change within its kind (float32 ↔ float64, complex64 ↔ complex128) as PyTorch's `copy_` would.
 */
import type { DType, Storage, Tensor } from '@tapegrad/core';
import {
  copy_,
  DtypeError,
  isComplex,
  isFloating,
  noGrad,
  ShapeError,
  Tensor as TensorClass,
  tensor,
} from '@tapegrad/core';
import { copyRecord, describeValue, errorText, formatShape } from '@tapegrad/core/internal';

/** The strings standing for the float values JSON has no number for. */
export type SpecialValue = 'NaN' | 'Infinity' | '-Infinity' | '-0';

/** A tensor as plain JSON data (see the module comment for the exact format). */
export interface SerializedTensor {
  dtype: DType;
  shape: number[];
  /** Row-major values (complex: interleaved re, im); NaN, ±Infinity and −0 as {@link SpecialValue} strings. */
  data: (number | SpecialValue)[];
}

const DTYPE_NAMES: readonly string[] = ['float32', 'float64', 'complex64', 'complex128', 'int32', 'bool'];
const SPECIAL: Readonly<Record<SpecialValue, number>> = {
  NaN: Number.NaN,
  Infinity: Infinity,
  '-Infinity': -Infinity,
  '-0': -0,
};

function encodeNumber(v: number): number | SpecialValue {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0 && 1 / v < 0) return '-0';
  return v;
}

/**
 * Encodes a tensor (a copy of its values, whatever its strides) as JSON-safe data.
 * @example
 * ```ts
 * serializeTensor(tensor([0.1, -0, NaN], { dtype: 'float64' }));
 * // { dtype: 'float64', shape: [3], data: [0.1, '-0', 'NaN'] }
 * ```
 */
export function serializeTensor(t: Tensor): SerializedTensor {
  if (!(t instanceof TensorClass))
    throw new DtypeError(`nn.serializeTensor: expected a Tensor, got ${describeValue(t)}`);
  const values = t.toTypedArray();
  const data = new Array<number | SpecialValue>(values.length);
  for (let i = 0; i < values.length; i++) data[i] = encodeNumber(values[i]);
  return { dtype: t.dtype, shape: [...t.shape], data };
}

/**
 * Decodes {@link serializeTensor}'s output (e.g. after a JSON round trip) into a fresh tensor.
 * @example
 * ```ts
 * const t = deserializeTensor(JSON.parse(JSON.stringify(serializeTensor(tensor([1 / 3], { dtype: 'float64' })))));
 * t.item() === 1 / 3; // true
 * ```
 */
export function deserializeTensor(value: unknown): Tensor {
  const op = 'nn.deserializeTensor';
  if (!isPlainRecord(value))
    throw new DtypeError(`${op}: expected { dtype, shape, data }, got ${describeValue(value)}`);
  const dtype = ownValue(op, value, 'dtype');
  if (!isDtypeName(dtype)) throw new DtypeError(`${op}: expected a dtype name, got ${describeValue(dtype)}`);
  const shape = ownValue(op, value, 'shape');
  if (!isShape(shape))
    throw new ShapeError(`${op}: expected shape to be an array of non-negative integers, got ${describeValue(shape)}`);
  const data = readSerializedTensor(op, 'value', value, dtype, shape);
  return tensor(data, { dtype, shape });
}

/** Whether a value of dtype `from` may be loaded into a tensor of dtype `to`. */
function canLoad(from: DType, to: DType): boolean {
  if (from === to) return true;
  if (isComplex(from) || isComplex(to)) return isComplex(from) && isComplex(to);
  return isFloating(from) && isFloating(to);
}

/**
 * Validates one state-dict entry against the tensor it will be loaded into and returns its values as fresh contiguous
 * storage of `dtype`. Accepts a {@link SerializedTensor} (dtype optional) or a Tensor. Throws ShapeError / DtypeError
 * naming `op` and `key`; never writes anywhere.
 */
export function readSerializedTensor(
  op: string,
  key: string,
  value: unknown,
  dtype: DType,
  shape: readonly number[],
): Storage {
  if (value instanceof TensorClass) {
    if (!canLoad(value.dtype, dtype))
      throw new DtypeError(`${op}: dtype mismatch for "${key}": expected ${dtype}, got ${value.dtype}`);
    if (!sameShape(value.shape, shape))
      throw new ShapeError(
        `${op}: size mismatch for "${key}": expected shape ${formatShape(shape)}, got ${formatShape(value.shape)}`,
      );
    return noGrad(() => value.detach().to(dtype).toTypedArray());
  }
  if (!isPlainRecord(value))
    throw new DtypeError(
      `${op}: expected "${key}" to be a Tensor or { dtype, shape, data }, got ${describeValue(value)}`,
    );
  const savedDtype = ownValue(op, value, 'dtype') ?? dtype;
  if (!isDtypeName(savedDtype))
    throw new DtypeError(`${op}: expected "${key}".dtype to be a dtype name, got ${describeValue(savedDtype)}`);
  if (!canLoad(savedDtype, dtype))
    throw new DtypeError(`${op}: dtype mismatch for "${key}": expected ${dtype}, got ${savedDtype}`);
  const savedShape = ownValue(op, value, 'shape');
  if (!isShape(savedShape))
    throw new ShapeError(
      `${op}: expected "${key}".shape to be an array of non-negative integers, got ${describeValue(savedShape)}`,
    );
  if (!sameShape(savedShape, shape))
    throw new ShapeError(
      `${op}: size mismatch for "${key}": expected shape ${formatShape(shape)}, got ${formatShape(savedShape)}`,
    );
  const data = ownValue(op, value, 'data');
  let size = 1;
  for (const s of shape) size *= s;
  const length = size * (isComplex(dtype) ? 2 : 1);
  if (!Array.isArray(data))
    throw new DtypeError(`${op}: expected "${key}".data to be an array, got ${describeValue(data)}`);
  if (data.length !== length)
    throw new ShapeError(`${op}: expected "${key}".data to hold ${length} values, got ${data.length}`);
  const out = allocateStorage(dtype, length);
  for (let i = 0; i < length; i++) out[i] = decodeNumber(op, key, i, data[i], savedDtype);
  return out;
}

function decodeNumber(op: string, key: string, index: number, raw: unknown, dtype: DType): number {
  let v: number;
  if (typeof raw === 'number') v = raw;
  else if (typeof raw === 'string' && Object.hasOwn(SPECIAL, raw)) v = SPECIAL[raw as SpecialValue];
  else if (typeof raw === 'boolean' && dtype === 'bool') v = raw ? 1 : 0;
  else throw new DtypeError(`${op}: expected a number at "${key}".data[${index}], got ${describeValue(raw)}`);
  if (dtype === 'int32' && !(Number.isInteger(v) && v >= -2147483648 && v <= 2147483647))
    throw new DtypeError(`${op}: expected an int32 value at "${key}".data[${index}], got ${String(raw)}`);
  if (dtype === 'bool' && v !== 0 && v !== 1)
    throw new DtypeError(`${op}: expected 0 or 1 at "${key}".data[${index}], got ${String(raw)}`);
  return v;
}

/**
 * Writes validated storage (from {@link readSerializedTensor}) into `target`, in place and whatever its strides.
 * This mutates a leaf's values outside autograd, exactly like PyTorch's `load_state_dict` (`copy_` under no_grad).
 */
export function writeInto(target: Tensor, data: Storage): void {
  noGrad(() => copy_(target, tensor(data, { dtype: target.dtype, shape: [...target.shape] })));
}

function allocateStorage(dtype: DType, length: number): Storage {
  if (dtype === 'float64' || dtype === 'complex128') return new Float64Array(length);
  if (dtype === 'float32' || dtype === 'complex64') return new Float32Array(length);
  if (dtype === 'int32') return new Int32Array(length);
  return new Uint8Array(length);
}

/**
 * A read-once, null-prototype copy of a plain record (a state dict, a saved entry), or undefined for anything else
 * (null, arrays, tensors, primitives); what a getter or Proxy throws while being read is a DtypeError naming `op`.
 */
export function readRecord(op: string, value: unknown, what: string): Record<string, unknown> | undefined {
  return value instanceof TensorClass ? undefined : copyRecord(op, value, what);
}

/**
 * A read-once copy of `given` (see {@link readRecord}) that has no keys but `keys` (a DtypeError naming `op`
 * otherwise): the first step of an optimizer's or a scheduler's loadStateDict.
 */
export function readStateDict(op: string, given: unknown, keys: readonly string[]): Record<string, unknown> {
  const stateDict = readRecord(op, given, 'a state dict');
  if (stateDict === undefined) throw new DtypeError(`${op}: expected a state dict object, got ${describeValue(given)}`);
  for (const key of Object.keys(stateDict)) {
    if (!keys.includes(key))
      throw new DtypeError(
        `${op}: unexpected key ${JSON.stringify(key)} (expected the keys ${keys.join(' and ')}, got ${JSON.stringify(key)})`,
      );
  }
  return stateDict;
}

/** A non-null, non-array, non-tensor object (false, not a TypeError, for a revoked Proxy). */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || value instanceof TensorClass) return false;
  try {
    return !Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * An own property of `obj`, never one inherited from a (possibly polluted) prototype; a throwing getter or Proxy
 * trap becomes a DtypeError naming `op`.
 */
export function ownValue(op: string, obj: object, key: string): unknown {
  try {
    return Object.hasOwn(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
  } catch (error) {
    throw new DtypeError(
      `${op}: expected a readable ${JSON.stringify(key)}, got a read that threw (${errorText(error)})`,
    );
  }
}

function isDtypeName(value: unknown): value is DType {
  return typeof value === 'string' && DTYPE_NAMES.includes(value);
}

function isShape(value: unknown): value is number[] {
  try {
    return Array.isArray(value) && value.every((s) => Number.isInteger(s) && s >= 0);
  } catch {
    return false; // a revoked Proxy or a throwing element getter is not a shape
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}
