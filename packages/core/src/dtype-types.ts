/**
 * Type-level dtypes: what a tensor's type parameter `D` (the set of dtypes it may have) becomes through an op, so
 * that `item()` of a real tensor is a `number` for the compiler too. Each type mirrors a runtime rule of dtype.ts
 * (promoteTypes, promoteWithScalar, toRealDtype); dtype-types.test.ts checks every pair against the runtime.
 * `D` is a union when the dtype is not known statically (`Tensor` alone is `Tensor<DType>`): each type distributes
 * over it, so the result is the set of dtypes the op may give.
 */
import type { ComplexLike, DType, FloatDType } from './dtype';
import type { TensorData } from './ops/creation';
import type { Tensor } from './tensor';

/** The complex dtypes. */
export type ComplexDType = 'complex64' | 'complex128';

/** The dtypes whose elements are JavaScript numbers: the real floating dtypes and int32. */
export type RealDType = 'float32' | 'float64' | 'int32';

/** What `item()` (and each element) of a tensor of dtype `D` is: a number, a boolean, or `{ re, im }` for complex. */
export type ItemOf<D extends DType> = D extends 'bool' ? boolean : D extends ComplexDType ? ComplexLike : number;

/** PyTorch's promotion of two tensor dtypes (runtime: `promoteTypes`): bool < int32 < float < complex. */
export type Promote<A extends DType, B extends DType> = A extends DType
  ? B extends DType
    ? A extends B
      ? A
      : A | B extends RealDType | 'bool'
        ? 'float64' extends A | B
          ? 'float64'
          : 'float32' extends A | B
            ? 'float32'
            : 'int32'
        : Extract<A | B, 'float64' | 'complex128'> extends never
          ? 'complex64'
          : 'complex128'
    : never
  : never;

/**
 * The dtype of `D ⊕ scalar` (runtime: `promoteWithScalar`). A `number` may be an integer or not, so an integer tensor
 * may stay int32 or become the default float dtype.
 */
export type WithScalar<D extends DType, S> = D extends DType
  ? S extends boolean
    ? D
    : S extends number
      ? D extends 'bool'
        ? 'int32' | FloatDType
        : D extends 'int32'
          ? 'int32' | FloatDType
          : D
      : S extends ComplexLike
        ? D extends ComplexDType
          ? D
          : D extends 'float64'
            ? 'complex128'
            : ComplexDType
        : DType
  : never;

/** The dtype of `D ⊕ operand` for an operand that is a tensor of dtypes `E` or a JavaScript scalar. */
export type WithOperand<D extends DType, O> = O extends Tensor<infer E> ? Promote<D, E> : WithScalar<D, O>;

/** A floating result of `D` (exp, sqrt, true division, mean, …): integers and bools give the default float dtype. */
export type FloatOf<D extends DType> = D extends 'int32' | 'bool' ? FloatDType : D;

/** The real dtype of `D` (abs, real, imag, norms of complex tensors; runtime: `toRealDtype`). */
export type RealOf<D extends DType> = D extends 'complex64' ? 'float32' : D extends 'complex128' ? 'float64' : D;

/** The dtype of a sum or product of `D` (sum, prod, cumsum, cumprod, trace; pow of bools): bools count as int32. */
export type Accumulated<D extends DType> = D extends 'bool' ? 'int32' : D;

/** Options that give no dtype (the default type argument of the creation functions' options). */
export interface NoDtype {
  /** Absent: the dtype follows the data, the value or the default dtype. */
  dtype?: undefined;
}

/**
 * The dtype a creation function gives with options `O`: their `dtype` when it is known statically, `Default` when
 * there is none, any dtype when the options are only known as {@link CreationOptions}-like.
 */
export type DtypeOption<O, Default extends DType> = O extends { dtype: infer D extends DType }
  ? D
  : O extends NoDtype
    ? Default
    : DType;

/** The leaf types of nested array data (all of them for data typed only as {@link TensorData}). */
type Leaves<T> = T extends readonly (infer E)[] ? (TensorData extends E ? Leaf : Leaves<E>) : T;
type Leaf = number | boolean | ComplexLike;

/**
 * The dtype `tensor(data)` gives without a dtype option: a typed array's own dtype; numbers the default float dtype;
 * booleans only: bool; `{ re, im }` entries: complex (the default complex dtype).
 */
export type DataDType<T> = T extends Float32Array
  ? 'float32'
  : T extends Float64Array
    ? 'float64'
    : T extends Int32Array
      ? 'int32'
      : T extends Uint8Array
        ? 'bool'
        : LeafDType<Leaves<T>>;

type LeafDType<L> = [L] extends [number]
  ? FloatDType
  : [L] extends [boolean]
    ? 'bool'
    : [L] extends [number | boolean]
      ? FloatDType | 'bool'
      : [L] extends [ComplexLike]
        ? ComplexDType
        : FloatDType | ComplexDType | 'bool';

/** The dtype a scalar fill value gives (full): bool, the default float dtype, or complex. */
export type ScalarDType<V> = V extends boolean ? 'bool' : V extends number ? FloatDType : ComplexDType;

/** The tensor a gradient of (or a result per) tensor `X` is: a tensor of X's dtype. */
export type GradOf<X> = X extends Tensor<infer D> ? Tensor<D> : Tensor;
