/** Creation functions: tensor() from JS data, constant fills, ranges, identity, random tensors. */
import type { ComplexLike, DType, FloatDType } from '../dtype';
import { defaultComplexDtype, getDefaultDtype, isComplex, isDType, isFloating, scalarsPerElement } from '../dtype';
import type { DataDType, DtypeOption, NoDtype, ScalarDType } from '../dtype-types';
import { DtypeError, ShapeError } from '../errors';
import { type ReadOptions, readOptions } from '../options';
import { belowOneF32, nextInt, nextNormal, nextUniform } from '../random';
import { copyArray } from '../read';
import { checkShape, contiguousStrides, formatShape, MAX_ELEMENTS } from '../shape';
import { Tensor } from '../tensor';
import { fromNested, readScalar, storeScalar, type TypedData, type TypedView, toInt32, typedView } from './from-data';
import { booleanArg, describeValue, empty, requireTensor } from './util';

/** Options of the creation functions. */
export interface CreationOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}
/** Options of {@link tensor}. */
export interface TensorOptions extends CreationOptions {
  /** Shape for flat typed-array data (default: 1-D), or a check for nested data. */
  shape?: readonly number[];
}
/** Scalars and nested arrays of them accepted by {@link tensor}. */
export type TensorData = number | boolean | ComplexLike | readonly TensorData[];

function checkDtype(op: string, dtype: unknown): DType | undefined {
  if (dtype === undefined) return undefined;
  if (!isDType(dtype)) {
    throw new DtypeError(
      `${op}: expected dtype one of float32, float64, complex64, complex128, int32, bool, got ${describeValue(dtype)}`,
    );
  }
  return dtype;
}

/** The validated options of a creation function (own keys read once; unknown keys are a DtypeError). */
interface Creation {
  dtype: DType | undefined;
  requiresGrad: boolean;
}

function readCreation(op: string, opts: unknown): Creation {
  const o = readOptions(op, opts, ['dtype', 'requiresGrad']);
  return creationOf(op, o.dtype, o.requiresGrad);
}

function creationOf(op: string, dtype: unknown, requiresGrad: unknown): Creation {
  const d = checkDtype(op, dtype);
  const grad = booleanArg(op, 'requiresGrad', requiresGrad, false);
  if (grad && d !== undefined) requireGradDtype(op, d);
  return { dtype: d, requiresGrad: grad };
}

function requireGradDtype(op: string, dtype: DType): void {
  if (!isFloating(dtype))
    throw new DtypeError(
      `${op}: expected a floating point or complex dtype with requiresGrad (only those can require gradients), got ${dtype}`,
    );
}

function finish(op: string, t: Tensor, requiresGrad: boolean): Tensor {
  if (requiresGrad) {
    requireGradDtype(op, t.dtype);
    t.requiresGrad_(true);
  }
  return t;
}

const NATIVE: Record<TypedView['name'], DType> = {
  Float64Array: 'float64',
  Float32Array: 'float32',
  Int32Array: 'int32',
  Uint8Array: 'bool',
};

function storageMatches(dtype: DType, name: TypedView['name']): boolean {
  if (dtype === 'complex128') return name === 'Float64Array';
  if (dtype === 'complex64') return name === 'Float32Array';
  return NATIVE[name] === dtype;
}

function fromTyped(op: string, view: TypedView, given: DType | undefined, shapeOpt: number[] | undefined): Tensor {
  const dtype = given ?? NATIVE[view.name];
  const data = view.array;
  const matches = storageMatches(dtype, view.name);
  const per = matches ? scalarsPerElement(dtype) : 1;
  if (shapeOpt === undefined && view.length % per !== 0) {
    throw new ShapeError(
      `${op}: expected an even number of values for interleaved ${dtype} data, got a typed array of length ${view.length}`,
    );
  }
  const shape = shapeOpt ?? [view.length / per];
  const size = shape.reduce((a, b) => a * b, 1);
  if (size * per !== view.length) {
    throw new ShapeError(
      `${op}: expected ${size * per} values for shape ${formatShape(shape)} of ${dtype}, got a typed array of length ${view.length}`,
    );
  }
  if (matches) {
    if (dtype === 'bool') {
      // bool storage must hold only 0 and 1 (kernels rely on it); the caller's array is not ours to rewrite.
      for (let i = 0; i < size; i++) {
        if (data[i] > 1)
          throw new DtypeError(
            `${op}: expected bool data (a Uint8Array of 0 and 1 only), got ${data[i]} at index ${i}; pass { dtype: 'int32' } or map the values to 0/1`,
          );
      }
    }
    // Zero-copy: the tensor aliases the caller's memory.
    return new Tensor(data, dtype, shape, contiguousStrides(shape), 0);
  }
  const out = empty(shape, dtype, op);
  const where = { index: [0], depth: 1 };
  for (let i = 0; i < size; i++) {
    where.index[0] = i;
    storeScalar(op, out.storage, dtype, i, data[i], where);
  }
  return out;
}

/**
 * Creates a tensor from a number, boolean, `{ re, im }`, nested arrays of those, or a typed array (zero-copy when the
 * array type matches the dtype; `opts.shape` then gives the shape, default 1-D).
 * Numbers get the default dtype (float32 unless {@link setDefaultDtype}); any complex entry makes it complex.
 * Every value is read once (getters and Proxies cannot change a value after it was checked); nested arrays are
 * converted in one streaming pass. A zero-copy tensor sees later writes by the caller into its typed array, which
 * tapegrad cannot validate or track (as with `torch.from_numpy`).
 * @example
 * ```ts
 * tensor([[1, 2], [3, 4]], { dtype: 'float64' }).shape; // [2, 2]
 * tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] }).dtype; // 'float64'
 * ```
 */
export function tensor<const T extends TensorData | TypedData, O extends TensorOptions = NoDtype>(
  data: T,
  opts?: O,
): Tensor<DtypeOption<O, DataDType<T>>>;
export function tensor(data: TensorData | TypedData, opts: TensorOptions = {}): Tensor {
  return tensorAs('tensor', data, readOptions('tensor', opts, ['dtype', 'requiresGrad', 'shape']));
}

/** tensor() under the name of the public op (tensor, fromMathjs) that errors start with; options already read. */
export function tensorAs(op: string, data: unknown, o: ReadOptions<'dtype' | 'requiresGrad' | 'shape'>): Tensor {
  const { dtype, requiresGrad } = creationOf(op, o.dtype, o.requiresGrad);
  const shape = o.shape === undefined ? undefined : checkShape(op, o.shape);
  const view = typedView(op, data);
  if (view !== undefined) return finish(op, fromTyped(op, view, dtype, shape), requiresGrad);
  const converted = fromNested(op, data, dtype);
  const size = converted.shape.reduce((a, b) => a * b, 1);
  let target = converted.shape;
  if (shape !== undefined) {
    const wanted = shape.reduce((a, b) => a * b, 1);
    if (wanted !== size)
      throw new ShapeError(`${op}: expected data with ${wanted} elements for shape ${formatShape(shape)}, got ${size}`);
    target = shape;
  }
  const out = new Tensor(converted.storage, converted.dtype, target, contiguousStrides(target), 0);
  return finish(op, out, requiresGrad);
}

/** @internal an int32 tensor from a list of indices (`op` names the public op in error messages). */
export function tensorFromIndices(values: readonly number[], op = 'index'): Tensor {
  const copy = copyArray(op, values, 'an array of indices', MAX_ELEMENTS);
  if (copy === undefined || copy.some((v) => !Number.isInteger(v)))
    throw new DtypeError(`${op}: expected an array of integers, got ${describeValue(values)}`);
  const out = empty([copy.length], 'int32', op);
  for (let i = 0; i < copy.length; i++) out.storage[i] = toInt32(op, copy[i] as number);
  return out;
}

type ShapeArg = number | readonly number[];

function shapeOf(op: string, shape: ShapeArg): number[] {
  return checkShape(op, typeof shape === 'number' ? [shape] : shape);
}

/**
 * A tensor filled with `value`; the dtype follows the value (bool, int32, default float or complex) unless given.
 * @example `full([2], 7).toArray(); // [7, 7]`
 */
export function full<V extends number | boolean | ComplexLike, O extends CreationOptions = NoDtype>(
  shape: ShapeArg,
  value: V,
  opts?: O,
): Tensor<DtypeOption<O, ScalarDType<V>>>;
export function full(shape: ShapeArg, value: number | boolean | ComplexLike, opts: CreationOptions = {}): Tensor {
  return filled('full', shapeOf('full', shape), value, readCreation('full', opts), undefined);
}

/** full() under the name of the public op (full, ones, onesLike, fullLike) used in error messages. */
function filled(op: string, dims: number[], value: unknown, c: Creation, like: DType | undefined): Tensor {
  const v = readScalar(op, value);
  // JS cannot tell 1 from 1.0, so numbers fill the default float dtype (not an integer dtype as torch.full(…, 1)).
  if (v === undefined)
    throw new DtypeError(`${op}: expected a number, boolean or { re, im } fill value, got ${describeValue(value)}`);
  const inferred = typeof v === 'boolean' ? 'bool' : typeof v === 'object' ? defaultComplexDtype() : getDefaultDtype();
  const dtype = c.dtype ?? like ?? inferred;
  if (c.requiresGrad) requireGradDtype(op, dtype);
  // Validate the value against the dtype before allocating.
  const cell = empty([], dtype, op);
  storeScalar(op, cell.storage, dtype, 0, v, { index: [], depth: 0 });
  const out = empty(dims, dtype, op);
  const s = out.storage;
  if (isComplex(dtype)) {
    const re = cell.storage[0];
    const im = cell.storage[1];
    if (re !== 0 || im !== 0 || Object.is(re, -0) || Object.is(im, -0))
      for (let i = 0; i < out.size; i++) {
        s[2 * i] = re;
        s[2 * i + 1] = im;
      }
  } else if (cell.storage[0] !== 0 || Object.is(cell.storage[0], -0)) s.fill(cell.storage[0]);
  return finish(op, out, c.requiresGrad);
}

/** Zeros of the given shape (default float dtype). @example `zeros([2, 3]).shape; // [2, 3]` */
export function zeros<O extends CreationOptions = NoDtype>(
  shape: ShapeArg,
  opts?: O,
): Tensor<DtypeOption<O, FloatDType>>;
export function zeros(shape: ShapeArg, opts: CreationOptions = {}): Tensor {
  const c = readCreation('zeros', opts);
  const dims = shapeOf('zeros', shape);
  return finish('zeros', empty(dims, c.dtype ?? getDefaultDtype(), 'zeros'), c.requiresGrad);
}

/** Ones of the given shape. */
export function ones<O extends CreationOptions = NoDtype>(
  shape: ShapeArg,
  opts?: O,
): Tensor<DtypeOption<O, FloatDType>>;
export function ones(shape: ShapeArg, opts: CreationOptions = {}): Tensor {
  const c = readCreation('ones', opts);
  return filled('ones', shapeOf('ones', shape), 1, c, getDefaultDtype());
}

/** Zeros with the shape (and, by default, dtype) of `x`. */
export function zerosLike<D extends DType, O extends CreationOptions = NoDtype>(
  x: Tensor<D>,
  opts?: O,
): Tensor<DtypeOption<O, D>>;
export function zerosLike(x: Tensor, opts: CreationOptions = {}): Tensor {
  requireTensor('zerosLike', x);
  const c = readCreation('zerosLike', opts);
  const dtype = c.dtype ?? x.dtype;
  if (c.requiresGrad) requireGradDtype('zerosLike', dtype);
  return finish('zerosLike', empty(x.shape, dtype, 'zerosLike'), c.requiresGrad);
}

/** Ones with the shape (and, by default, dtype) of `x`. */
export function onesLike<D extends DType, O extends CreationOptions = NoDtype>(
  x: Tensor<D>,
  opts?: O,
): Tensor<DtypeOption<O, D>>;
export function onesLike(x: Tensor, opts: CreationOptions = {}): Tensor {
  requireTensor('onesLike', x);
  return filled('onesLike', [...x.shape], 1, readCreation('onesLike', opts), x.dtype);
}

/** `value` with the shape (and, by default, dtype) of `x`. */
export function fullLike<D extends DType, O extends CreationOptions = NoDtype>(
  x: Tensor<D>,
  value: number | boolean | ComplexLike,
  opts?: O,
): Tensor<DtypeOption<O, D>>;
export function fullLike(x: Tensor, value: number | boolean | ComplexLike, opts: CreationOptions = {}): Tensor {
  requireTensor('fullLike', x);
  return filled('fullLike', [...x.shape], value, readCreation('fullLike', opts), x.dtype);
}

/**
 * Identity-like n×m matrix: `eye(3)`, `eye(3, { dtype })`, `eye(3, 4, { dtype })`.
 * @example `eye(2).toArray(); // [[1, 0], [0, 1]]`
 */
export function eye<O extends CreationOptions = NoDtype>(
  n: number,
  m?: number | O,
  opts?: O,
): Tensor<DtypeOption<O, FloatDType>>;
export function eye(n: number, m?: number | CreationOptions, opts?: CreationOptions): Tensor {
  if (m !== undefined && typeof m !== 'number' && (typeof m !== 'object' || m === null))
    throw new DtypeError(`eye: expected a number of columns or an options object, got ${describeValue(m)}`);
  const cols = typeof m === 'number' ? m : n;
  const c = readCreation('eye', typeof m === 'object' ? m : opts);
  const dims = checkShape('eye', [n, cols]);
  const out = empty(dims, c.dtype ?? getDefaultDtype(), 'eye');
  const w = scalarsPerElement(out.dtype);
  for (let i = 0; i < Math.min(n, cols); i++) out.storage[w * (i * cols + i)] = 1;
  return finish('eye', out, c.requiresGrad);
}

/**
 * Values from start (inclusive) to end (exclusive) by step: `arange(end)` or `arange(start, end, step?)`.
 * Integer arguments give int32 (as torch gives its integer dtype), otherwise the default float dtype; int32 values
 * outside [−2^31, 2^31) are a DtypeError (never a wrap), and a bool dtype is refused as in torch.
 * @example `arange(1, 7, 2).toArray(); // [1, 3, 5]`
 */
export function arange<O extends CreationOptions = NoDtype>(
  start: number,
  end?: number | O,
  step?: number | O,
  opts?: O,
): Tensor<DtypeOption<O, 'int32' | FloatDType>>;
export function arange(
  start: number,
  end?: number | CreationOptions,
  step?: number | CreationOptions,
  opts?: CreationOptions,
): Tensor {
  let options: unknown = opts;
  let s = start;
  let e: number;
  let st = 1;
  if (typeof end !== 'number') {
    options = end === undefined ? options : end;
    e = start;
    s = 0;
  } else {
    e = end;
    if (typeof step === 'number') st = step;
    else if (step !== undefined) options = step;
  }
  for (const v of [s, e, st]) {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new DtypeError(`arange: expected finite numbers, got ${describeValue(v)}`);
  }
  const c = readCreation('arange', options);
  if (st === 0) throw new ShapeError('arange: expected a non-zero step, got 0');
  if ((st > 0 && e < s) || (st < 0 && e > s)) {
    throw new ShapeError(
      `arange: expected end >= start for a positive step and end <= start for a negative one, got start ${s}, end ${e}, step ${st}`,
    );
  }
  const count = Math.max(0, Math.ceil((e - s) / st));
  const integral = Number.isInteger(s) && Number.isInteger(e) && Number.isInteger(st);
  const dtype = c.dtype ?? (integral ? 'int32' : getDefaultDtype());
  if (dtype === 'bool') throw new DtypeError('arange: expected a numeric dtype (as torch, no bool ranges), got bool');
  const dims = checkShape('arange', [count]);
  if (dtype === 'int32' && count > 0) {
    // The values are monotone: the first and the last decide whether all are representable.
    toInt32('arange', s);
    toInt32('arange', s + (count - 1) * st);
  }
  const out = empty(dims, dtype, 'arange');
  const w = scalarsPerElement(dtype);
  for (let i = 0; i < count; i++) out.storage[w * i] = dtype === 'int32' ? Math.trunc(s + i * st) : s + i * st;
  return finish('arange', out, c.requiresGrad);
}

/**
 * `steps` evenly spaced values from start to end inclusive (default float dtype); one step gives `[start]`. Any two
 * finite endpoints work (the step is formed without overflow); int32 endpoints must be representable.
 * @example `linspace(0, 1, 3).toArray(); // [0, 0.5, 1]`
 */
export function linspace<O extends CreationOptions = NoDtype>(
  start: number,
  end: number,
  steps: number,
  opts?: O,
): Tensor<DtypeOption<O, FloatDType>>;
export function linspace(start: number, end: number, steps: number, opts: CreationOptions = {}): Tensor {
  if (typeof start !== 'number' || typeof end !== 'number' || !Number.isFinite(start) || !Number.isFinite(end))
    throw new DtypeError(
      `linspace: expected finite numbers start and end, got ${describeValue(start)} and ${describeValue(end)}`,
    );
  const c = readCreation('linspace', opts);
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 0)
    throw new ShapeError(`linspace: expected a non-negative integer number of steps, got ${describeValue(steps)}`);
  const dtype = c.dtype ?? getDefaultDtype();
  if (dtype === 'int32') {
    toInt32('linspace', start);
    toInt32('linspace', end);
  }
  const out = empty(checkShape('linspace', [steps]), dtype, 'linspace');
  const values = new Float64Array(steps);
  if (steps === 1) values[0] = start;
  else if (steps > 1) {
    // (end − start) can overflow for endpoints of opposite sign near ±1.8e308; their halves cannot.
    const width = end - start;
    const step = Number.isFinite(width) ? width / (steps - 1) : end / (steps - 1) - start / (steps - 1);
    // Symmetric evaluation from both ends, as torch, so the last value is exactly `end`.
    const half = Math.floor(steps / 2);
    for (let i = 0; i < steps; i++) values[i] = i < half ? start + i * step : end - (steps - 1 - i) * step;
  }
  const where = { index: [0], depth: 1 };
  for (let i = 0; i < steps; i++) {
    where.index[0] = i;
    storeScalar('linspace', out.storage, dtype, i, values[i], where);
  }
  return finish('linspace', out, c.requiresGrad);
}

function randomFloat(op: string, shape: ShapeArg, c: Creation, draw: () => number): Tensor {
  const dtype = c.dtype ?? getDefaultDtype();
  if (!isFloating(dtype)) throw new DtypeError(`${op}: expected a floating or complex dtype, got ${dtype}`);
  const out = empty(shapeOf(op, shape), dtype, op);
  const s = out.storage;
  if (isComplex(dtype)) {
    // torch: real and imaginary parts each with variance 1/2 for randn.
    const scale = op.startsWith('randn') ? Math.SQRT1_2 : 1;
    for (let i = 0; i < 2 * out.size; i++) s[i] = draw() * scale;
  } else for (let i = 0; i < out.size; i++) s[i] = draw();
  return finish(op, out, c.requiresGrad);
}

/** Standard normal samples from the seeded generator ({@link manualSeed}). */
export function randn<O extends CreationOptions = NoDtype>(
  shape: ShapeArg,
  opts?: O,
): Tensor<DtypeOption<O, FloatDType>>;
export function randn(shape: ShapeArg, opts: CreationOptions = {}): Tensor {
  return randomFloat('randn', shape, readCreation('randn', opts), nextNormal);
}

/** Uniform samples in [0, 1) from the seeded generator. */
export function rand<O extends CreationOptions = NoDtype>(
  shape: ShapeArg,
  opts?: O,
): Tensor<DtypeOption<O, FloatDType>>;
export function rand(shape: ShapeArg, opts: CreationOptions = {}): Tensor {
  const c = readCreation('rand', opts);
  const single = (c.dtype ?? getDefaultDtype()) === 'float32' || c.dtype === 'complex64';
  return randomFloat('rand', shape, c, single ? uniformF32 : nextUniform);
}

const uniformF32 = (): number => belowOneF32(nextUniform());

/** The inclusive range of values randint may draw for `dtype` (exactly representable integers). */
const RANDINT_RANGE: Partial<Record<DType, [number, number]>> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  bool: [0, 1],
  float32: [-(2 ** 24), 2 ** 24],
  complex64: [-(2 ** 24), 2 ** 24],
};

/**
 * Uniform integers in [low, high) (int32 unless a dtype is given). Every value in the range must be representable in
 * the dtype: int32 in [−2^31, 2^31), bool in [0, 2), float32 in [−2^24, 2^24], float64 in [−2^53, 2^53].
 */
export function randint<O extends CreationOptions = NoDtype>(
  low: number,
  high: number,
  shape: ShapeArg,
  opts?: O,
): Tensor<DtypeOption<O, 'int32'>>;
export function randint(low: number, high: number, shape: ShapeArg, opts: CreationOptions = {}): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ShapeError(`randint: expected integers low < high, got ${describeValue(low)} and ${describeValue(high)}`);
  }
  const c = readCreation('randint', opts);
  const dtype = c.dtype ?? 'int32';
  const [min, max] = RANDINT_RANGE[dtype] ?? [-(2 ** 53), 2 ** 53];
  if (low < min || high - 1 > max)
    throw new DtypeError(
      `randint: expected a range of values representable in ${dtype} (low >= ${min}, high <= ${max + 1}), got low ${low} and high ${high}`,
    );
  const out = empty(shapeOf('randint', shape), dtype, 'randint');
  const w = scalarsPerElement(dtype);
  for (let i = 0; i < out.size; i++) out.storage[w * i] = nextInt(low, high);
  return finish('randint', out, c.requiresGrad);
}

/**
 * A random permutation of 0…n−1 (torch.randperm; int32 unless a dtype is given), drawn with the seeded generator of
 * {@link manualSeed} by Fisher–Yates shuffling (Knuth, TAOCP vol. 2, Algorithm P); the numbers differ from PyTorch's.
 * Every value must be exact in the dtype (float32: n ≤ 2^24 + 1, as torch); bool and complex dtypes are refused.
 * @example `randperm(4).sort().values.toArray(); // [0, 1, 2, 3]`
 */
export function randperm<O extends CreationOptions = NoDtype>(n: number, opts?: O): Tensor<DtypeOption<O, 'int32'>>;
export function randperm(n: number, opts: CreationOptions = {}): Tensor {
  const c = readCreation('randperm', opts);
  const dtype = c.dtype ?? 'int32';
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    throw new ShapeError(`randperm: expected n to be a non-negative integer, got ${describeValue(n)}`);
  if (dtype === 'bool' || isComplex(dtype) || (dtype === 'float32' && n > 2 ** 24 + 1))
    throw new DtypeError(
      `randperm: expected a dtype that holds every integer below ${n} (int32, float64; float32 for n up to 2^24 + 1), got ${dtype}`,
    );
  const out = empty(shapeOf('randperm', [n]), dtype, 'randperm');
  const s = out.storage;
  for (let i = 0; i < n; i++) s[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = nextInt(0, i + 1);
    const v = s[i];
    s[i] = s[j];
    s[j] = v;
  }
  return finish('randperm', out, c.requiresGrad);
}

/**
 * Standard normal samples with the shape (and, by default, dtype) of `x` (`torch.randn_like`).
 * @example `randnLike(zeros([2, 3])).shape; // [2, 3]`
 */
export function randnLike<D extends DType, O extends CreationOptions = NoDtype>(
  x: Tensor<D>,
  opts?: O,
): Tensor<DtypeOption<O, D>>;
export function randnLike(x: Tensor, opts: CreationOptions = {}): Tensor {
  requireTensor('randnLike', x);
  const c = readCreation('randnLike', opts);
  return randomFloat('randnLike', [...x.shape], { ...c, dtype: c.dtype ?? x.dtype }, nextNormal);
}

/**
 * Uniform samples in [0, 1) with the shape (and, by default, dtype) of `x` (`torch.rand_like`).
 * @example `randLike(zeros([2])).shape; // [2]`
 */
export function randLike<D extends DType, O extends CreationOptions = NoDtype>(
  x: Tensor<D>,
  opts?: O,
): Tensor<DtypeOption<O, D>>;
export function randLike(x: Tensor, opts: CreationOptions = {}): Tensor {
  requireTensor('randLike', x);
  const c = readCreation('randLike', opts);
  const dtype = c.dtype ?? x.dtype;
  const single = dtype === 'float32' || dtype === 'complex64';
  return randomFloat('randLike', [...x.shape], { ...c, dtype }, single ? uniformF32 : nextUniform);
}
