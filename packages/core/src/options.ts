/**
 * Reading user option objects — the one home for it. An options object is read exactly once: its own enumerable
 * string keys are copied into a null-prototype record (so getters and Proxies are consulted once, and properties
 * inherited from a polluted `Object.prototype` are never seen), unknown keys are rejected with a `DtypeError` naming
 * the key and the op, and anything the object throws while being read becomes a typed error. Callers then validate
 * the values of the copy, never the original.
 */
import { describeValue } from './describe';
import { DtypeError } from './errors';
import { errorText, isArrayValue } from './read';

/** The own, known options of a call: every key optional, values not yet validated. */
export type ReadOptions<K extends string> = { readonly [P in K]?: unknown };

/**
 * Copies the options `opts` of op `op` after checking that every own key is one of `keys`. `undefined` gives an
 * empty record; anything else that is not a plain object (null, arrays, numbers, tensors…) is a `DtypeError`.
 * Keys whose value is `undefined` are treated as absent, as in PyTorch's keyword defaults.
 * @example
 * ```ts
 * const o = readOptions('linalg.pinv', { atol: 1e-3 }, ['atol', 'rtol', 'hermitian']); // o.atol === 1e-3
 * readOptions('linalg.pinv', { atoll: 1e-3 }, ['atol', 'rtol']); // DtypeError: linalg.pinv: unknown option "atoll" …
 * ```
 */
export function readOptions<K extends string>(op: string, opts: unknown, keys: readonly K[]): ReadOptions<K> {
  if (typeof op !== 'string')
    throw new DtypeError(`readOptions: expected an op name (a string), got ${describeValue(op)}`);
  if (!isArrayValue('readOptions', keys))
    throw new DtypeError(`readOptions: expected an array of option names, got ${describeValue(keys)}`);
  const out: Record<string, unknown> = Object.create(null);
  if (opts === undefined) return out as ReadOptions<K>;
  if (!isOptionsObject(opts))
    throw new DtypeError(`${op}: expected an options object (or nothing), got ${describeValue(opts)}`);
  let ownKeys: string[];
  try {
    ownKeys = Object.keys(opts);
  } catch (error) {
    throw new DtypeError(`${op}: could not read the options object (${errorText(error)}), got an unreadable object`);
  }
  for (const key of ownKeys) {
    if (!(keys as readonly string[]).includes(key)) {
      const expected = keys.length === 0 ? 'no options' : `one of ${keys.join(', ')}`;
      throw new DtypeError(
        `${op}: unknown option ${JSON.stringify(key)} (expected ${expected}, got ${JSON.stringify(key)})`,
      );
    }
    let value: unknown;
    try {
      value = (opts as Record<string, unknown>)[key];
    } catch (error) {
      throw new DtypeError(`${op}: could not read option ${JSON.stringify(key)} (${errorText(error)})`);
    }
    if (value !== undefined) out[key] = value;
  }
  return out as ReadOptions<K>;
}

/** Whether `value` can be an options object: a non-null, non-array object that is not a class instance of ours. */
function isOptionsObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  try {
    if (Array.isArray(value)) return false;
  } catch {
    return false; // a revoked Proxy
  }
  return true;
}
