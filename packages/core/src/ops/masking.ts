/**
 * Ops driven by a boolean mask or by special values: maskedFill, maskedSelect, nanToNum. Composites of where,
 * expand and indexSelect, so their gradients (to any order) come from those rules.
 */
import type { ComplexLike } from '../dtype';
import { isComplex, isFloating } from '../dtype';
import { DtypeError } from '../errors';
import { readOptions } from '../options';
import { broadcastShapes } from '../shape';
import { Tensor } from '../tensor';
import { complex, imag, real } from './complex';
import { tensor } from './creation';
import { eq, isnan, where } from './elementwise';
import { indexSelect } from './indexing';
import { clone, expand, reshape } from './movement';
import { describeTensor, describeValue, isComplexLike, requireTensor, scalarTensor } from './util';

/** A bool mask (PyTorch refuses other mask dtypes). */
function requireMask(op: string, mask: unknown): Tensor {
  const m = requireTensor(op, mask);
  if (m.dtype !== 'bool') throw new DtypeError(`${op}: expected a bool mask, got ${describeTensor(m)}`);
  return m;
}

/**
 * The fill value of `x`'s dtype: a JS scalar, or a 0-d tensor (differentiable). A complex value for a real `x`, or
 * a non-integral float for an integral `x` is refused (the value would be silently changed).
 */
export function fillValue(op: string, x: Tensor, value: unknown): Tensor {
  if (value instanceof Tensor) {
    if (value.ndim !== 0)
      throw new DtypeError(`${op}: expected a number or a 0-d tensor value, got ${describeTensor(value)}`);
    if (isComplex(value.dtype) && !isComplex(x.dtype))
      throw new DtypeError(`${op}: expected a real value for the ${x.dtype} tensor, got ${describeTensor(value)}`);
    return value.dtype === x.dtype ? value : value.to(x.dtype);
  }
  if (typeof value === 'boolean') return scalarTensor(value, x.dtype);
  if (isComplexLike(value) && isComplex(x.dtype)) return scalarTensor(value, x.dtype);
  if (typeof value !== 'number')
    throw new DtypeError(
      `${op}: expected a ${isComplex(x.dtype) ? 'number, { re, im }' : 'number'} or 0-d tensor value for the ${x.dtype} tensor, got ${describeValue(value)}`,
    );
  if (!isFloating(x.dtype) && !Number.isInteger(value))
    throw new DtypeError(`${op}: expected an integer value for the ${x.dtype} tensor, got ${describeValue(value)}`);
  return scalarTensor(value, x.dtype);
}

/**
 * `value` where `mask` is true, `x` elsewhere (`torch.masked_fill`); mask (bool) and x broadcast together. The value
 * is a number (or `{ re, im }`) or a 0-d tensor, cast to x's dtype; gradients flow to x where the mask is false and
 * to a tensor value from every filled position.
 * @example `maskedFill(tensor([1, 2, 3]), tensor([false, true, false]), 0).toArray(); // [1, 0, 3]`
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number | boolean | ComplexLike | Tensor): Tensor {
  requireTensor('maskedFill', x);
  const m = requireMask('maskedFill', mask);
  broadcastShapes('maskedFill', x.shape, m.shape);
  return where(m, fillValue('maskedFill', x, value), x);
}

/**
 * The entries of `x` where `mask` is true, as a 1-D tensor in row-major order (`torch.masked_select`); x and mask
 * broadcast together. Differentiable with respect to x.
 * @example `maskedSelect(tensor([[1, 2], [3, 4]]), tensor([[true, false], [false, true]])).toArray(); // [1, 4]`
 */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  requireTensor('maskedSelect', x);
  const m = requireMask('maskedSelect', mask);
  const shape = broadcastShapes('maskedSelect', x.shape, m.shape);
  const flags = expand(m, shape).toTypedArray();
  // Counted first, then typed storage: a JS array of ~1.3e8 positions would abort the process.
  let hits = 0;
  for (let i = 0; i < flags.length; i++) if (flags[i] !== 0) hits++;
  const positions = new Int32Array(hits);
  for (let i = 0, r = 0; i < flags.length; i++) if (flags[i] !== 0) positions[r++] = i;
  const flat = reshape(expand(x, shape), [flags.length]);
  return indexSelect(flat, 0, tensor(positions));
}

/** Options of {@link nanToNum}: the replacements of NaN, +∞ and −∞. */
export interface NanToNumOptions {
  nan?: number;
  posinf?: number;
  neginf?: number;
}

const LARGEST: Record<'float32' | 'float64', number> = { float32: 3.4028234663852886e38, float64: Number.MAX_VALUE };

/**
 * Replaces NaN by `nan` (0), +∞ by `posinf` and −∞ by `neginf` (the largest / lowest finite value of the dtype by
 * default), as `torch.nan_to_num`; complex tensors are treated part by part, integral ones are copied. The gradient
 * passes where x is finite and is 0 elsewhere.
 * @example `nanToNum(tensor([NaN, 1]), { nan: -1 }).toArray(); // [-1, 1]`
 */
export function nanToNum(x: Tensor, opts?: NanToNumOptions): Tensor {
  requireTensor('nanToNum', x);
  const o = readOptions('nanToNum', opts, ['nan', 'posinf', 'neginf']);
  for (const key of ['nan', 'posinf', 'neginf'] as const) {
    const v = o[key];
    if (v !== undefined && typeof v !== 'number')
      throw new DtypeError(`nanToNum: expected ${key} to be a number, got ${describeValue(v)}`);
  }
  if (!isFloating(x.dtype)) return clone(x);
  if (isComplex(x.dtype)) return complex(nanToNum(real(x), opts), nanToNum(imag(x), opts));
  const largest = LARGEST[x.dtype as 'float32' | 'float64'];
  const nan = (o.nan as number | undefined) ?? 0;
  const posinf = (o.posinf as number | undefined) ?? largest;
  const neginf = (o.neginf as number | undefined) ?? -largest;
  return where(
    isnan(x),
    nan,
    where(eq(x, Number.POSITIVE_INFINITY), posinf, where(eq(x, Number.NEGATIVE_INFINITY), neginf, x)),
  );
}
