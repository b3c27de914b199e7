/** Input validation shared by the linalg ops: every failure is a typed error naming the op (docs/semantics.md §2.5). */
import type { Tensor } from '@tapegrad/core';
import { DtypeError, isFloating, LinalgError, ShapeError, Tensor as TensorClass } from '@tapegrad/core';
import { describeTensor, describeValue, readOptions } from '@tapegrad/core/internal';

const EXPECTED = 'a tensor with 2 or more dimensions of float32, float64, complex64 or complex128 dtype';

/** Checks A is a (batch of) floating matrices; `square` also requires m = n. */
export function checkMatrix(op: string, A: unknown, opts: { square?: boolean } = {}): Tensor {
  if (!(A instanceof TensorClass)) throw new DtypeError(`${op}: expected ${EXPECTED}, got ${describeValue(A)}`);
  if (A.storage.length === 0 && A.size > 0)
    throw new DtypeError(
      `${op}: expected a tensor whose memory is usable, got ${describeTensor(A)} whose ArrayBuffer was detached (transferred) after the tensor was created`,
    );
  if (!isFloating(A.dtype)) throw new DtypeError(`${op}: expected ${EXPECTED}, got ${describeTensor(A)}`);
  if (A.ndim < 2) throw new ShapeError(`${op}: expected ${EXPECTED}, got ${describeTensor(A)}`);
  if (opts.square && A.shape[A.ndim - 1] !== A.shape[A.ndim - 2]) {
    throw new ShapeError(
      `${op}: expected a batch of square matrices, got ${A.shape[A.ndim - 2]} by ${A.shape[A.ndim - 1]} matrices (${describeTensor(A)})`,
    );
  }
  return A;
}

/** An optional boolean option: `fallback` when undefined, a DtypeError naming the op when not a boolean. */
export function booleanOption(op: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new DtypeError(`${op}: expected ${name} to be a boolean, got ${value === null ? 'null' : typeof value}`);
  }
  return value;
}

/**
 * The options object of an op read once with core's `readOptions` (`{}` when omitted; not an object, or a key outside
 * `keys`: a DtypeError naming the op and the key). Callers validate the values of the returned copy.
 */
export function optionsObject<T extends object>(
  op: string,
  opts: T | undefined,
  keys: readonly (keyof T & string)[],
): T {
  return readOptions(op, opts, keys) as T;
}

/** Throws the LinalgError for non-finite input, with the op's wording. */
export function nonFinite(op: string): never {
  if (op === 'linalg.pinv' || op === 'pinverse') {
    throw new LinalgError(
      `${op}: the input contains non-finite values (NaN or ±Infinity); the pseudo-inverse is not defined for them (expected finite entries, got NaN or ±Infinity)`,
    );
  }
  throw new LinalgError(
    `${op}: The algorithm failed to converge because the input matrix contained non-finite values. (expected finite entries, got NaN or ±Infinity)`,
  );
}

/** Throws the LinalgError for an iteration that did not converge within its bound. */
export function notConverged(op: string, info: number): never {
  throw new LinalgError(
    `${op}: The algorithm failed to converge because the input matrix is ill-conditioned or has too many repeated singular values (error code: ${info}; expected convergence within the iteration bound, got ${info} unconverged value(s)).`,
  );
}
