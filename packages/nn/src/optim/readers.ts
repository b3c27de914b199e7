/**
 * Readers of optimizer hyperparameters: each validates one option value and names the optimizer, the key and what
 * it got; optimizers list one reader per option key in their spec.
 */
import { DtypeError } from '@tapegrad/core';
import { describeValue } from '@tapegrad/core/internal';
import type { OptionReader } from './optimizer';

/** Reads a number ≥ 0. */
export const nonNegative: OptionReader<number> = (op, key, value) => {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value))
    throw new DtypeError(`${op}: expected ${key} to be a finite number ≥ 0, got ${describeValue(value)}`);
  return value;
};

/** Reads a number in [0, 1]. */
export const unitInterval: OptionReader<number> = (op, key, value) => {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1))
    throw new DtypeError(`${op}: expected ${key} to be a number in [0, 1], got ${describeValue(value)}`);
  return value;
};

/** Reads a finite number. */
export const finite: OptionReader<number> = (op, key, value) => {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new DtypeError(`${op}: expected ${key} to be a finite number, got ${describeValue(value)}`);
  return value;
};

/** Reads a boolean. */
export const boolean: OptionReader<boolean> = (op, key, value) => {
  if (typeof value !== 'boolean')
    throw new DtypeError(`${op}: expected ${key} to be a boolean, got ${describeValue(value)}`);
  return value;
};

/** Two numbers in [0, 1) (the `betas` of the Adam family). */
export const betas: OptionReader<[number, number]> = (op, key, value) => {
  const ok = (b: unknown): b is number => typeof b === 'number' && b >= 0 && b < 1;
  if (!Array.isArray(value) || value.length !== 2 || !ok(value[0]) || !ok(value[1]))
    throw new DtypeError(`${op}: expected ${key} to be two numbers in [0, 1), got ${describeValue(value)}`);
  return [value[0], value[1]];
};
