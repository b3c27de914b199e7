/**
 * Reading user values exactly once — arrays (shapes, dims, lists of sizes, nested data) and their elements. A getter,
 * Proxy or revoked Proxy is consulted once per element; what it throws becomes a DtypeError naming the op. Callers
 * validate the returned copy, never the original.
 */
import { describeValue } from './describe';
import { DtypeError, ShapeError } from './errors';

/** The message of something thrown, whatever it is (never throws itself). */
export function errorText(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'an unprintable error';
  }
}

/** Validates the op name and description that the read helpers put in their messages (they are plumbing). */
function checkReadArgs(fn: string, op: unknown, what: unknown): void {
  if (typeof op !== 'string') throw new DtypeError(`${fn}: expected an op name (a string), got ${describeValue(op)}`);
  if (typeof what !== 'string')
    throw new DtypeError(`${fn}: expected a description of the value (a string), got ${describeValue(what)}`);
}

/** `Array.isArray` that turns a revoked Proxy into a DtypeError naming `op`. */
export function isArrayValue(op: string, value: unknown): value is readonly unknown[] {
  try {
    return Array.isArray(value);
  } catch (error) {
    throw new DtypeError(`${op}: expected readable data, got an unreadable object (${errorText(error)})`);
  }
}

/** Reads `object[key]` once; a throwing getter or Proxy trap becomes a DtypeError naming `op` and `what`. */
export function readProperty(op: string, object: object, key: PropertyKey, what: string): unknown {
  checkReadArgs('readProperty', op, what);
  if ((typeof object !== 'object' && typeof object !== 'function') || object === null)
    throw new DtypeError(`readProperty: expected an object, got ${describeValue(object)}`);
  if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'symbol')
    throw new DtypeError(`readProperty: expected a property key, got ${describeValue(key)}`);
  try {
    return (object as Record<PropertyKey, unknown>)[key];
  } catch (error) {
    throw new DtypeError(`${op}: expected readable ${what}, got a read that threw (${errorText(error)})`);
  }
}

/** The length of a user array, read once and checked to be a valid array length. */
export function readLength(op: string, array: readonly unknown[], what: string): number {
  const length = readProperty(op, array, 'length', what);
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0)
    throw new DtypeError(`${op}: expected ${what} with a valid length, got length ${describeValue(length)}`);
  return length;
}

/**
 * A copy of a user array (or `undefined` when `value` is not an array), reading its length once and each element
 * once; longer than `maxLength` is a ShapeError before any element is read.
 */
export function copyArray(op: string, value: unknown, what: string, maxLength: number): unknown[] | undefined {
  if (!isArrayValue(op, value)) return undefined;
  const length = readLength(op, value, what);
  if (length > maxLength)
    throw new ShapeError(`${op}: expected ${what} of at most ${maxLength} entries, got ${length}`);
  const out = new Array<unknown>(length);
  for (let i = 0; i < length; i++) out[i] = readProperty(op, value, i, what);
  return out;
}

/**
 * A copy of a user iterable (an array, a Set, a generator, `module.parameters()`…), or `undefined` when `value` is not
 * an object with `Symbol.iterator`. Whatever the iteration throws (a revoked Proxy, a throwing getter or generator)
 * becomes a DtypeError naming `op` and `what`; more than `maxLength` items is a ShapeError (an endless generator
 * cannot hang the call).
 */
export function copyIterable(op: string, value: unknown, what: string, maxLength: number): unknown[] | undefined {
  checkReadArgs('copyIterable', op, what);
  if (typeof maxLength !== 'number' || !(maxLength >= 0))
    throw new DtypeError(`copyIterable: expected a maximum length, got ${describeValue(maxLength)}`);
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
  if (isArrayValue(op, value)) return copyArray(op, value, what, maxLength);
  let iterator: unknown;
  try {
    iterator = (value as { [Symbol.iterator]?: unknown })[Symbol.iterator];
  } catch (error) {
    throw new DtypeError(`${op}: expected ${what} that can be read, got a read that threw (${errorText(error)})`);
  }
  if (typeof iterator !== 'function') return undefined;
  const out: unknown[] = [];
  try {
    for (const item of value as Iterable<unknown>) {
      if (out.length === maxLength)
        throw new ShapeError(`${op}: expected ${what} of at most ${maxLength} entries, got more`);
      out.push(item);
    }
  } catch (error) {
    if (error instanceof ShapeError) throw error;
    throw new DtypeError(`${op}: expected ${what} that can be read, got an iteration that threw (${errorText(error)})`);
  }
  return out;
}

/**
 * A null-prototype copy of the own enumerable string-keyed entries of a plain record (a state dict, a metadata map),
 * each read once; `undefined` when `value` is not a non-null, non-array object. What the object throws while being
 * read (a revoked Proxy, a throwing getter) becomes a DtypeError naming `op` and `what`.
 */
export function copyRecord(op: string, value: unknown, what: string): Record<string, unknown> | undefined {
  checkReadArgs('copyRecord', op, what);
  if (typeof value !== 'object' || value === null || isArrayValue(op, value)) return undefined;
  let keys: string[];
  try {
    keys = Object.keys(value);
  } catch (error) {
    throw new DtypeError(
      `${op}: expected ${what} that can be read, got an object whose keys could not be read (${errorText(error)})`,
    );
  }
  const out: Record<string, unknown> = Object.create(null);
  for (const key of keys) out[key] = readProperty(op, value, key, what);
  return out;
}
