/**
 * The shape of the bad-input table (see ./index.ts): one entry per public export of the umbrella 'tapegrad', keyed by
 * its path — `add`, `linalg.pinv`, `autograd.functional.jvp`, `nn.Linear` (the constructor), `nn.Linear#forward` (a
 * prototype method), `Tensor#mT` (a getter).
 */

import type { ErrorName } from '@tapegrad/testing/errors';
import type { Tracker } from '@tapegrad/testing/reliability';
import type { Tensor, TensorData } from 'tapegrad';
import { tensor } from 'tapegrad';

/** Registers an input whose state must be unchanged after the call (tensor, module, optimizer, JSON value). */
export type Track = Tracker['track'];

/** One bad call: it must throw `error` whose message starts with `op:` and says expected vs got. */
export interface BadCase {
  what: string;
  call: (t: Track) => unknown;
  error: ErrorName;
  /** The public name the message starts with, when it is not the row's default. */
  op?: string;
  /** A message format fixed by the SPEC (replaces the prefix and expected/got checks). */
  message?: RegExp;
}

/** The row of one public export. */
export interface Row {
  /** The public name error messages start with (default: derived from the key, see {@link defaultOp}). */
  op?: string;
  /** A valid call: it must succeed and leave every tracked input untouched. */
  ok?: (t: Track) => unknown;
  bad: BadCase[];
  /** Why `bad` is empty (e.g. the export takes no arguments). */
  noBadInput?: string;
}

/** An export that is not a user-facing op, with the reason it has no bad-input cases. */
export interface Exempt {
  exempt: string;
}

export type Entry = Row | Exempt;
export type Table = Record<string, Entry>;

/** `Tensor#add` → `add`; `nn.Linear#forward` → `nn.Linear.forward`; `linalg.pinv` → `linalg.pinv`. */
export function defaultOp(key: string): string {
  if (key.startsWith('Tensor#')) return key.slice('Tensor#'.length);
  // Internal plumbing: `internal.core.record` is core's `record`, `internal.autograd.recordNode` is autograd's.
  if (key.startsWith('internal.core.')) return key.slice('internal.core.'.length);
  if (key.startsWith('internal.')) return key.slice('internal.'.length).replace('#', '.');
  return key.replace('#', '.');
}

/** A bad case. */
export function bad(what: string, error: ErrorName, call: (t: Track) => unknown, op?: string): BadCase {
  return { what, call, error, op };
}

/** Casts a deliberately ill-typed value to the parameter type it is passed as. */
export const as = <T>(value: unknown): T => value as T;

// Small inputs, created fresh for every case (so that one case cannot disturb another).
export const f32 = (shape: number[] = [2, 3]): Tensor =>
  tensor(
    new Float32Array(shape.reduce((a, b) => a * b, 1)).map((_, i) => (i % 7) - 2.5),
    { shape },
  );
export const f64 = (shape: number[] = [2, 3], offset = 0): Tensor =>
  tensor(
    new Float64Array(shape.reduce((a, b) => a * b, 1)).map((_, i) => ((i * 37 + offset) % 11) / 4 - 1.2),
    { shape },
  );
export const i32 = (data: TensorData, shape?: number[]): Tensor => tensor(data, { dtype: 'int32', shape });
export const bool = (data: TensorData = [true, false]): Tensor => tensor(data, { dtype: 'bool' });
export const c128 = (shape: number[] = [2, 2]): Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(2 * n).map((_, i) => ((i * 13) % 7) / 3 - 1);
  return tensor(data, { dtype: 'complex128', shape });
};
export const spd = (n = 3): Tensor => {
  const rows = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? n + 1 : 1 / (1 + i + j))),
  );
  return tensor(rows, { dtype: 'float64' });
};
export const withNaN = (shape: number[] = [3, 3]): Tensor => {
  const t = spd(shape[0]).narrow(1, 0, shape[1]).contiguous().clone();
  const s = t.storage;
  s[1] = Number.NaN;
  return t;
};

/** Values that are not tensors, for "non-tensor argument" cases. */
export const NOT_TENSORS: readonly [string, unknown][] = [
  ['a number', 5],
  ['a string', 'abc'],
  ['null', null],
  ['undefined', undefined],
  ['a nested array', [[1, 2]]],
  ['a plain object', { shape: [2], data: [1, 2] }],
];

/** "not a tensor" cases for the first argument of `call`. */
export function notTensor(call: (x: Tensor) => unknown, which = 'input'): BadCase[] {
  return NOT_TENSORS.filter(([, v]) => v !== undefined || which === 'input').map(([label, v]) =>
    bad(`${which} is ${label}`, 'DtypeError', () => call(as<Tensor>(v))),
  );
}

/** Out-of-range, fractional, NaN and string dims for the dim argument of `call` (on a 2-D tensor). */
export function badDims(call: (x: Tensor, dim: number) => unknown): BadCase[] {
  return [
    bad('dim 2 of a 2-D tensor (out of range)', 'ShapeError', (t) => call(t(f64()), 2)),
    bad('dim -3 of a 2-D tensor (out of range)', 'ShapeError', (t) => call(t(f64()), -3)),
    bad('dim 0.5 (not an integer)', 'ShapeError', (t) => call(t(f64()), 0.5)),
    bad('dim NaN', 'ShapeError', (t) => call(t(f64()), Number.NaN)),
    bad('dim "0" (a string)', 'ShapeError', (t) => call(t(f64()), as<number>('0'))),
  ];
}

/** Bad shapes for a shape-taking function: negative, non-integer, NaN, infinite, string, and overflowing sizes. */
export const shapeCases = (call: (shape: number[]) => unknown): BadCase[] => [
  bad('a negative size', 'ShapeError', () => call([2, -1])),
  bad('a non-integer size', 'ShapeError', () => call([2.5])),
  bad('a NaN size', 'ShapeError', () => call([Number.NaN])),
  bad('an Infinity size', 'ShapeError', () => call([Number.POSITIVE_INFINITY])),
  bad('a string shape', 'ShapeError', () => call(as<number[]>('3'))),
  bad('a shape holding a string', 'ShapeError', () => call(as<number[]>(['3']))),
  bad('an element count of 1e12 (overflow)', 'ShapeError', () => call([1_000_000, 1_000_000])),
];
