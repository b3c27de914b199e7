/**
 * Duck-typing of user values: whether an object has the members an interface needs. Never throws — a revoked Proxy
 * or a throwing getter simply does not have them — so callers can test first and then report with a typed error.
 */

/** Whether `value` is a non-null object whose members `a` and `b` both have the JS type `type`. */
export function hasMembers(value: unknown, type: 'number' | 'function', a: string, b: string): boolean {
  try {
    return (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as Record<string, unknown>)[a] === type &&
      typeof (value as Record<string, unknown>)[b] === type
    );
  } catch {
    return false; // a revoked Proxy or a throwing getter
  }
}
