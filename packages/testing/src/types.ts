/**
 * Static type assertions for tests, checked by `tsc` (pnpm typecheck) and free at run time. vitest's expectTypeOf
 * gives up on the recursive generic Tensor class, so identity is checked with the usual mutual-assignability trick.
 */

/** `true` when `X` and `Y` are the same type (not merely assignable to each other). */
export type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;

/** Compiles only when the type of `value` is exactly `Expected`: `sameType<Tensor<'float64'>>()(x)`. */
export function sameType<Expected>(): <Actual>(
  value: Actual,
  ...proof: Equal<Actual, Expected> extends true ? [] : [never]
) => void {
  return () => {};
}
