/**
 * Declared options: a functional form and its module (nn.functional.huberLoss and nn.HuberLoss, …) read the same
 * options with the same rules and defaults, so each function declares them once as a schema — a default and a check
 * per key — and both forms read options through it.
 */

import type { Tensor } from '@tapegrad/core';
import { readOptions } from '@tapegrad/core/internal';
import { booleanOption, numberOption } from './checks';
import { Module } from './module';

/** One declared option: PyTorch's default and the check a given value must pass (returns the value to use). */
export interface Setting<T> {
  fallback: T;
  check(op: string, key: string, value: unknown): T;
}

/** The values a schema reads. */
export type Settings<S> = { [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

/** A number option: finite, and > 0 or ≥ 0 when `sign` says so. */
export function numberSetting(fallback: number, sign: 'any' | 'positive' | 'nonNegative' = 'any'): Setting<number> {
  // null reads as the default, as `options.eps ?? 1e-8` always has here
  return { fallback, check: (op, key, value) => numberOption(op, key, value ?? fallback, sign) };
}

/** A boolean option. */
export function booleanSetting(fallback: boolean): Setting<boolean> {
  return { fallback, check: (op, key, value) => booleanOption(op, key, value, fallback) };
}

/**
 * Checks the keys of `read` (an already read-once copy of the user's options) that `schema` declares, filling in
 * the defaults.
 */
export function readSettings<S extends Record<string, Setting<unknown>>>(
  op: string,
  read: object,
  schema: S,
): Settings<S> {
  const values = read as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(schema)) {
    const value = values[key];
    out[key] = value === undefined ? schema[key].fallback : schema[key].check(op, key, value);
  }
  return out as Settings<S>;
}

/** Reads an options object that has exactly the keys of `schema` (unknown keys are a DtypeError naming `op`). */
export function readDeclared<S extends Record<string, Setting<unknown>>>(
  op: string,
  opts: unknown,
  schema: S,
): Settings<S> {
  return readSettings(op, readOptions(op, opts, Object.keys(schema)), schema);
}

/**
 * The module form of a function with declared options (nn.HuberLoss of nn.functional.huberLoss, …): the options are
 * read under the module's name at construction and kept as its properties, as PyTorch modules keep their
 * constructor arguments as attributes (subclasses `declare` them for the type checker); `forward(...inputs)` calls
 * the function with them.
 */
export abstract class DeclaredModule<S extends Record<string, Setting<unknown>>, I extends Tensor[]> extends Module {
  /** What `forward` passes to the function. */
  protected readonly options: Settings<S>;
  readonly #fn: (...args: [...I, Settings<S>]) => Tensor;

  protected constructor(op: string, opts: unknown, schema: S, fn: (...args: [...I, Settings<S>]) => Tensor) {
    super();
    this.options = readDeclared(op, opts, schema);
    this.#fn = fn;
    Object.assign(this, this.options);
  }

  forward(...inputs: I): Tensor {
    return this.#fn(...inputs, this.options);
  }
}
