/**
 * Named tuples, PyTorch's `torch.return_types`: a result of several tensors that destructures both by name
 * (`const { values, indices } = sort(x)`) and by position (`const [values, indices] = sort(x)`). It is a real,
 * frozen array (so `length`, iteration and spreading work) whose elements are also readable under their names.
 */
import type { Tensor } from './tensor';

/** A tuple of `T` values that are also readable by the names `K` (in order). */
export type NamedTuple<K extends string, T extends readonly unknown[]> = T & { readonly [P in K]: T[number] };

/** Values and indices (sort, topk, max/min along a dim): `{ values, indices }` or `[values, indices]`. */
export type ValuesIndices = NamedTuple<'values' | 'indices', readonly [values: Tensor, indices: Tensor]>;

/**
 * Builds a frozen named tuple: `names[i]` reads `values[i]`.
 * @example
 * ```ts
 * const t = namedTuple(['values', 'indices'], [a, b] as const);
 * const [v] = t; t.indices === b; // true
 * ```
 */
export function namedTuple<const K extends readonly string[], const T extends readonly unknown[]>(
  names: K,
  values: T,
): NamedTuple<K[number], T> {
  const tuple: unknown[] = [...values];
  for (let i = 0; i < names.length; i++) {
    Object.defineProperty(tuple, names[i], { value: values[i], enumerable: true });
  }
  return Object.freeze(tuple) as unknown as NamedTuple<K[number], T>;
}
