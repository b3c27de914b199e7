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
