/**
 * The "got …" part of error messages — the one home for describing a user value. Never throws, whatever the value
 * (symbols, revoked Proxies, objects with throwing getters or `toString`), so building an error message cannot
 * itself fail with a plain TypeError.
 */
import { formatShape } from './shape';

/** Duck type of a tensor, so this module needs no import of the Tensor class (no cycle). */
interface TensorShaped {
  readonly dtype: string;
  readonly shape: readonly number[];
}

function looksLikeTensor(value: object): value is TensorShaped {
  const candidate = value as Partial<TensorShaped>;
  return 'storage' in value && typeof candidate.dtype === 'string' && Array.isArray(candidate.shape);
}

/**
 * "null", "undefined", "number 5", "string \"x\"", "an array", "an object", "float64 tensor of shape [2, 3]".
 * @example `describeValue(5); // 'number 5'`
 */
export function describeValue(value: unknown): string {
  try {
    if (value === null) return 'null';
    if (value === undefined) return 'undefined';
    switch (typeof value) {
      case 'string':
        return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
      case 'symbol':
        return `symbol ${value.description === undefined ? '' : JSON.stringify(value.description)}`.trimEnd();
      case 'function':
        return 'a function';
      case 'object':
        if (Array.isArray(value)) return 'an array';
        if (looksLikeTensor(value)) return `${value.dtype} tensor of shape ${formatShape(value.shape)}`;
        if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
        return 'an object';
      default:
        return `${typeof value} ${String(value)}`;
    }
  } catch {
    return 'an unreadable object'; // revoked Proxy, throwing getters
  }
}
