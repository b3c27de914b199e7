/**
 * Interop with mathjs, duck-typed (no runtime import of mathjs): a mathjs Matrix exposes `toArray()` and `size()`,
 * a mathjs Complex has numeric `re`/`im`.
 */
import type { ComplexLike } from './dtype';
import { getDefaultDtype } from './dtype';
import { DtypeError } from './errors';
import { type TensorData, type TensorOptions, tensor } from './ops/creation';
import { describeValue } from './ops/util';
import { readOptions } from './options';
import { Tensor } from './tensor';

interface MathjsMatrixLike {
  toArray(): unknown;
  size(): number[];
}

/** The part of the mathjs instance that toMathjs uses. */
export interface MathjsLike {
  /** mathjs' `matrix(data)`. */
  matrix(data: unknown): unknown;
  /** mathjs' `complex(re, im)`. */
  complex(re: number, im: number): unknown;
}

function isMatrixLike(value: unknown): value is MathjsMatrixLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as MathjsMatrixLike).toArray === 'function' &&
    typeof (value as MathjsMatrixLike).size === 'function'
  );
}

/**
 * A tensor from a mathjs Matrix, a nested array (possibly holding mathjs Complex values), or a number/Complex.
 * @example
 * ```ts
 * fromMathjs(math.matrix([[1, 2], [3, 4]]), { dtype: 'float64' }).shape; // [2, 2]
 * ```
 */
export function fromMathjs(value: unknown, options: TensorOptions = {}): Tensor {
  const opts = readOptions('fromMathjs', options, ['dtype', 'requiresGrad', 'shape']) as TensorOptions;
  const data = isMatrixLike(value) ? value.toArray() : value;
  if (isMatrixLike(value) && value.size().includes(0)) {
    // The same dtype as a non-empty matrix of numbers would get.
    return tensor(new Float64Array(0), { ...opts, dtype: opts.dtype ?? getDefaultDtype(), shape: value.size() });
  }
  if (data === null || (typeof data !== 'number' && typeof data !== 'boolean' && typeof data !== 'object')) {
    throw new DtypeError(
      `fromMathjs: expected a mathjs Matrix, nested array, number or Complex, got ${describeValue(value)}`,
    );
  }
  return tensor(data as TensorData, opts);
}

/**
 * Converts a tensor to a mathjs Matrix (0-d → number or Complex), using the mathjs instance passed in.
 * @example
 * ```ts
 * import * as math from 'mathjs';
 * toMathjs(tensor([[1, 2]]), math); // Matrix [[1, 2]]
 * ```
 */
export function toMathjs(t: Tensor, math: MathjsLike): unknown {
  if (!(t instanceof Tensor)) throw new DtypeError(`toMathjs: expected a Tensor, got ${describeValue(t)}`);
  if (
    typeof math !== 'object' ||
    math === null ||
    typeof math.matrix !== 'function' ||
    typeof math.complex !== 'function'
  )
    throw new DtypeError(
      `toMathjs: expected a mathjs instance with matrix() and complex(), got ${describeValue(math)}`,
    );
  const convert = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(convert);
    if (typeof v === 'object' && v !== null) return math.complex((v as ComplexLike).re, (v as ComplexLike).im);
    return v;
  };
  const nested = convert(t.toArray());
  return t.ndim === 0 ? nested : math.matrix(nested);
}
