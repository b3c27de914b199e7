/**
 * The typed-error check of docs/semantics.md §2.5, shared by the OpInfo driver, the reliability suite and the unit tests: a bad
 * input must raise the TapegradError subclass its kind calls for, with a message that starts with the public op name
 * and says expected vs got.
 */
import { TapegradError, Tensor } from '@tapegrad/core';
import { expect } from 'vitest';

/** The error classes of docs/semantics.md §2.5. */
export type ErrorName =
  | 'ShapeError'
  | 'DtypeError'
  | 'LinalgError'
  | 'AutogradError'
  | 'GradcheckError'
  | 'TapegradWarningError';

/**
 * Why `call` did not throw a TapegradError `name` whose message starts with `op:` and says expected vs got; or null.
 * `message`, when given, replaces the prefix and expected/got checks (for message formats fixed by docs/semantics.md, such as
 * gradcheck's "Jacobian mismatch for output 0 with respect to input 0, …").
 */
export function typedErrorProblem(call: () => unknown, name: ErrorName, op: string, message?: RegExp): string | null {
  let result: unknown;
  try {
    result = call();
  } catch (e) {
    if (!(e instanceof TapegradError)) {
      const err = e as Error;
      return `threw a non-tapegrad ${err?.name ?? typeof e}: ${err?.message ?? String(e)}`;
    }
    if (e.name !== name) return `threw ${e.name} (${e.message}), expected ${name}`;
    if (message !== undefined)
      return message.test(e.message) ? null : `message does not match ${message}: ${e.message}`;
    if (!e.message.startsWith(`${op}: `)) return `message does not start with "${op}: ": ${e.message}`;
    if (!/\bexpected\b/i.test(e.message) || !/\bgot\b/i.test(e.message))
      return `message does not say "expected … got …": ${e.message}`;
    return null;
  }
  return `did not throw (returned ${describeResult(result)})`;
}

function describeResult(value: unknown): string {
  if (value instanceof Tensor) return `a ${value.dtype} tensor of shape [${value.shape.join(', ')}]`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === 'object' ? 'an object' : String(value);
}

/** Asserts that `call` throws a TapegradError `name` whose message starts with `op:` and says expected vs got. */
export function expectTypedError(call: () => unknown, name: ErrorName, op: string, message?: RegExp): void {
  expect(typedErrorProblem(call, name, op, message)).toBeNull();
}

/** What `call` threw, or null when it returned. */
export function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (e) {
    return e;
  }
  return null;
}
