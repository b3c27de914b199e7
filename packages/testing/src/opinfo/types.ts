/**
 * The OpInfo types (after PyTorch's `common_methods_invocations.py`) and what the per-family tables share:
 * sample shapes and the entry constructor.
 * Test-only.
 */

import type { DType, Tensor, TensorLike } from '@tapegrad/core';
import * as core from '@tapegrad/core';
import type * as math from 'mathjs';
import { asComplex, type Kind, mc, type Ref, type Scalar, type Tolerance } from './reference';
import { Rejected } from './refops';

/** The public API as a plain object, for entries that look functions up by name. */
export const api = { ...core };

/** A public op that is also a Tensor method of the same name. */
export type MethodOp = keyof typeof api & keyof Tensor;
type Call = (...a: readonly unknown[]) => Out;

/**
 * The name, `op`, `group`, `fn` and `method` of an entry for an op that is both a public function and a Tensor method
 * named `op`, taking the entry's inputs then its arguments: `fn` calls api[op](...inputs, ...args) and `method`
 * inputs[0][op](...otherInputs, ...args).
 */
export function calls(op: MethodOp, group: Group): Pick<OpInfo, 'name' | 'op' | 'group' | 'fn' | 'method'> {
  const fn = api[op] as unknown as Call;
  return {
    name: op,
    op,
    group,
    fn: (xs, args) => fn(...xs, ...args),
    method: ([x, ...rest], args) => (x[op] as unknown as Call).call(x, ...rest, ...args),
  };
}

/** Thrown by a reference for inputs whose behaviour is left unspecified (not checked either way). */
export class Unspecified extends Error {}

export type Out = Tensor | readonly Tensor[] | boolean;
export type RefOut = Ref | readonly Ref[] | boolean;
export type Group =
  | 'elementwise'
  | 'comparison'
  | 'composite'
  | 'reduce'
  | 'movement'
  | 'indexing'
  | 'matmul'
  | 'complex'
  | 'scan'
  | 'sorting'
  | 'masking'
  | 'tiling';

/** One call of an op: tensor inputs (layouts apply to each) and the other arguments. */
export interface Sample<A extends readonly unknown[] = readonly unknown[]> {
  inputs: Ref[];
  args: A;
}

export interface OpInfo<A extends readonly unknown[] = readonly unknown[]> {
  /** Name of the entry (unique). */
  name: string;
  /** Public op name that error messages start with. */
  op: string;
  group: Group;
  fn: (xs: readonly Tensor[], args: A) => Out;
  method?: (xs: readonly Tensor[], args: A) => Out;
  /** Expected result; throws {@link Rejected} when the op must raise DtypeError, {@link Unspecified} to skip. */
  ref: (xs: readonly Ref[], args: A) => RefOut;
  dtypes: readonly DType[];
  rejects?: readonly DType[];
  samples: (dtype: DType, rng: () => number) => Sample<A>[];
  tol?: Partial<Tolerance>;
  /** `always`: every output shares the first input's storage; `contiguous`: when that input is contiguous. */
  view?: 'always' | 'contiguous';
  /** The output never shares storage with an input. */
  copy?: boolean;
  /** Binary form accepting JS scalars for either operand (checked with numbers, booleans and `{ re, im }`). */
  binary?: (a: TensorLike, b: TensorLike) => Tensor;
  /** Shapes and kinds of the two operands of the mixed-dtype promotion check (every pair of dtypes). */
  mixed?: { shapes: readonly (readonly [readonly number[], readonly number[]])[]; kinds: readonly [Kind, Kind] };
  /** Only contiguous inputs (e.g. `view`, which may legitimately refuse a non-contiguous one). */
  contiguousOnly?: boolean;
  /** A property of Tensor (T, mT): there is no function form to call with a non-tensor. */
  getter?: boolean;
}

export function define<A extends readonly unknown[]>(info: OpInfo<A>): OpInfo {
  return info as unknown as OpInfo;
}

export const specialValues: readonly number[] = [Number.NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, 30, -30];
export const UNARY_SHAPES: readonly (readonly number[])[] = [[], [0], [5], [3, 4], [2, 0, 3], [2, 3, 4]];
export const BINARY_SHAPES: readonly (readonly [readonly number[], readonly number[]])[] = [
  [
    [3, 4],
    [3, 4],
  ],
  [[3, 4], [4]],
  [
    [2, 1, 4],
    [3, 1],
  ],
  [[], [2, 3]],
  [[2, 3], []],
  [[], []],
  [
    [0, 3],
    [1, 3],
  ],
  [[4, 1], [0]],
  [
    [2, 3, 4],
    [2, 1, 4],
  ],
];

export const MIXED_SHAPES: readonly (readonly [readonly number[], readonly number[]])[] = [
  [[3, 4], [4]],
  [[3, 4], []],
  [[], [4]],
  [[], []],
];

export const cx = (v: Scalar): math.Complex => mc(asComplex(v));
