/** Argument checks shared by a module and its functional form (internal). */
import type { DType, Tensor } from '@tapegrad/core';
import { DtypeError, getDefaultDtype, Tensor as TensorClass } from '@tapegrad/core';
import { describeValue, requireTensor as requireUsableTensor } from '@tapegrad/core/internal';

/** Validates a dropout probability (torch: "dropout probability has to be between 0 and 1"). */
export function checkDropoutProbability(op: string, p: unknown): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1))
    throw new DtypeError(`${op}: expected a dropout probability between 0 and 1, got ${describeValue(p)}`);
  return p;
}

/** `x` as a usable Tensor (not one over a detached ArrayBuffer), or a DtypeError naming `op`. */
export function requireTensor(op: string, x: unknown, name = 'input'): Tensor {
  if (!(x instanceof TensorClass))
    throw new DtypeError(`${op}: expected ${name} to be a Tensor, got ${describeValue(x)}`);
  return requireUsableTensor(op, x);
}

/**
 * A layer's input must have its parameters' dtype, as in PyTorch ("expected scalar type Float but found Double"):
 * a float32 module given float64 input (or the reverse) is a DtypeError rather than a silent promotion.
 */
export function checkSameDtype(op: string, x: Tensor, dtype: DType, what = "the module's parameters"): void {
  if (x.dtype !== dtype)
    throw new DtypeError(`${op}: expected a ${dtype} input (the dtype of ${what}), got ${describeValue(x)}`);
}

/** A real floating input (float32 / float64). */
export function requireRealFloating(op: string, x: unknown, name = 'input'): Tensor {
  const t = requireTensor(op, x, name);
  if (t.dtype !== 'float32' && t.dtype !== 'float64')
    throw new DtypeError(`${op}: expected ${name} to be a float32 or float64 tensor, got ${describeValue(t)}`);
  return t;
}

/** An integer ≥ `min`. */
export function integerOption(op: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)
    throw new DtypeError(`${op}: expected ${name} to be an integer ≥ ${min}, got ${describeValue(value)}`);
  return value;
}

/** A finite number, optionally > 0 / ≥ 0. */
export function numberOption(
  op: string,
  name: string,
  value: unknown,
  sign: 'any' | 'positive' | 'nonNegative' = 'any',
): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (sign === 'any' || (sign === 'positive' ? value > 0 : value >= 0));
  if (!ok) {
    const what =
      sign === 'any' ? 'a finite number' : sign === 'positive' ? 'a finite number > 0' : 'a finite number ≥ 0';
    throw new DtypeError(`${op}: expected ${name} to be ${what}, got ${describeValue(value)}`);
  }
  return value as number;
}

/** A boolean option with a default. */
export function booleanOption(op: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    throw new DtypeError(`${op}: expected ${name} to be a boolean, got ${describeValue(value)}`);
  return value;
}

/** A floating dtype option (default: the default dtype). */
export function floatingDtypeOption(op: string, value: unknown): DType {
  const dtype = value ?? getDefaultDtype();
  if (typeof dtype !== 'string' || !['float32', 'float64', 'complex64', 'complex128'].includes(dtype))
    throw new DtypeError(`${op}: expected dtype to be a floating or complex dtype, got ${describeValue(dtype)}`);
  return dtype as DType;
}

/** The most tensors an iterable of parameters (or modules) may yield: a bound, so an endless generator cannot hang. */
export const MAX_PARAMETERS = 10_000_000;
