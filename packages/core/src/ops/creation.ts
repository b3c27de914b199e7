/** Creation functions: tensor() from JS data, constant fills, ranges, identity, random tensors. */
import type { ComplexLike, DType, FloatDType, Storage } from '../dtype';
import { defaultComplexDtype, getDefaultDtype, isComplex, isDType, isFloating, scalarsPerElement } from '../dtype';
import type { DataDType, DtypeOption, NoDtype, ScalarDType } from '../dtype-types';
import { DtypeError, ShapeError } from '../errors';
import { readOptions } from '../options';
import { belowOneF32, nextInt, nextNormal, nextUniform } from '../random';
import { checkShape, contiguousStrides, formatShape, MAX_DIMS, MAX_ELEMENTS } from '../shape';
import { Tensor } from '../tensor';
import { describeValue, empty, isComplexLike, requireTensor } from './util';

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
type TypedData = Float32Array | Float64Array | Int32Array | Uint8Array;

function checkDtype(op: string, dtype: unknown): DType | undefined {
  if (dtype === undefined) return undefined;
  if (!isDType(dtype)) {
    throw new DtypeError(
      `${op}: expected dtype one of float32, float64, complex64, complex128, int32, bool, got ${String(dtype)}`,
    );
  }
  return dtype;
}

const CREATION_KEYS = ['dtype', 'requiresGrad'] as const;
const TENSOR_OPTION_KEYS = ['dtype', 'requiresGrad', 'shape'] as const;

/**
 * Reads the options of a creation function (unknown keys are a DtypeError naming the key) and validates requiresGrad
 * before anything is allocated; callers use the returned copy.
 */
function checkOptions(op: string, opts: unknown, keys: readonly string[] = CREATION_KEYS): TensorOptions {
  const o = readOptions(op, opts, keys) as TensorOptions;
  if (o.requiresGrad !== undefined && typeof o.requiresGrad !== 'boolean')
    throw new DtypeError(`${op}: expected requiresGrad to be a boolean, got ${describeValue(o.requiresGrad)}`);
  return o;
}

function finish(t: Tensor, opts: CreationOptions | undefined): Tensor {
  if (opts?.requiresGrad) t.requiresGrad_(true);
  return t;
}

function isTypedData(value: unknown): value is TypedData {
  return (
    value instanceof Float32Array ||
    value instanceof Float64Array ||
    value instanceof Int32Array ||
    value instanceof Uint8Array
  );
}

function nativeDtype(data: TypedData): DType {
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  return 'bool';
}

function storageMatches(dtype: DType, data: TypedData): boolean {
  if (dtype === 'float64' || dtype === 'complex128') return data instanceof Float64Array;
  if (dtype === 'float32' || dtype === 'complex64') return data instanceof Float32Array;
  if (dtype === 'int32') return data instanceof Int32Array;
  return data instanceof Uint8Array;
}

function fromTyped(data: TypedData, opts: TensorOptions): Tensor {
  const dtype = checkDtype('tensor', opts.dtype) ?? nativeDtype(data);
  const per = scalarsPerElement(dtype);
  if (opts.shape === undefined && storageMatches(dtype, data) && data.length % per !== 0) {
    throw new ShapeError(
      `tensor: expected an even number of values for interleaved ${dtype} data, got a typed array of length ${data.length}`,
    );
  }
  const shape =
    opts.shape === undefined
      ? [data.length / (storageMatches(dtype, data) ? per : 1)]
      : checkShape('tensor', opts.shape);
  const size = shape.reduce((a, b) => a * b, 1);
  if (storageMatches(dtype, data)) {
    if (size * per !== data.length) {
      throw new ShapeError(
        `tensor: expected ${size * per} values for shape ${formatShape(shape)} of ${dtype}, got a typed array of length ${data.length}`,
      );
    }
    // Zero-copy: the tensor aliases the caller's array.
    return new Tensor(data, dtype, shape, contiguousStrides(shape), 0);
  }
  if (size !== data.length) {
    throw new ShapeError(
      `tensor: expected ${size} values for shape ${formatShape(shape)}, got a typed array of length ${data.length}`,
    );
  }
  const out = empty(shape, dtype);
  const s = out.storage;
  for (let i = 0; i < size; i++) writeScalar(s, dtype, i, data[i]);
  return out;
}

function writeScalar(s: Storage, dtype: DType, i: number, v: number | boolean | ComplexLike, op = 'tensor'): void {
  if (isComplex(dtype)) {
    if (typeof v === 'object') {
      s[2 * i] = v.re;
      s[2 * i + 1] = v.im;
    } else {
      s[2 * i] = Number(v);
      s[2 * i + 1] = 0;
    }
    return;
  }
  const x = typeof v === 'object' ? v.re : Number(v);
  if (typeof v === 'object' && v.im !== 0 && !isComplex(dtype)) {
    throw new DtypeError(
      `${op}: expected real values for dtype ${dtype}, got the complex value ${v.re}${v.im < 0 ? '-' : '+'}${Math.abs(v.im)}i`,
    );
  }
  if (dtype === 'int32' && !(Math.trunc(x) >= -2147483648 && Math.trunc(x) <= 2147483647))
    throw new DtypeError(`${op}: expected values representable as int32 (finite, in [-2^31, 2^31)), got ${x}`);
  s[i] = dtype === 'bool' ? (x !== 0 ? 1 : 0) : dtype === 'int32' ? Math.trunc(x) : x;
}

/** Infers the shape of nested arrays (rejecting ragged ones) and the kind of the leaves, then flattens. */
function flattenNested(data: TensorData): {
  shape: number[];
  values: (number | boolean | ComplexLike)[];
  kind: 'bool' | 'real' | 'complex';
} {
  const shape: number[] = [];
  let probe: unknown = data;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (shape.length > MAX_DIMS)
      throw new ShapeError(`tensor: expected nested arrays at most ${MAX_DIMS} deep, got deeper nesting`);
    probe = probe[0];
  }
  let total = 1;
  for (const d of shape) total *= d;
  if (total > MAX_ELEMENTS)
    throw new ShapeError(`tensor: expected at most ${MAX_ELEMENTS} elements, got shape ${formatShape(shape)}`);
  const values: (number | boolean | ComplexLike)[] = [];
  let allBool = true;
  let anyComplex = false;
  // Iterative walk with an explicit stack of (array, depth, path) — no recursion on user data.
  const stack: { node: unknown; depth: number; path: number[] }[] = [{ node: data, depth: 0, path: [] }];
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop()!;
    if (depth < shape.length) {
      if (!Array.isArray(node) || node.length !== shape[depth]) {
        const got = Array.isArray(node) ? `length ${node.length}` : describeValue(node);
        throw new ShapeError(
          `tensor: expected a rectangular nested array of shape ${formatShape(shape)}, got ${got} at index [${path.join(', ')}] (ragged nested arrays are not supported)`,
        );
      }
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], depth: depth + 1, path: [...path, i] });
      continue;
    }
    if (Array.isArray(node)) {
      throw new ShapeError(
        `tensor: expected a rectangular nested array of shape ${formatShape(shape)}, got a deeper array at index [${path.join(', ')}]`,
      );
    }
    if (typeof node === 'number') allBool = false;
    else if (typeof node === 'boolean') {
      // keeps allBool
    } else if (isComplexLike(node)) {
      allBool = false;
      anyComplex = true;
    } else {
      throw new DtypeError(
        `tensor: expected numbers, booleans or { re, im } objects, got ${describeValue(node)} at index [${path.join(', ')}]`,
      );
    }
    values.push(node as number | boolean | ComplexLike);
  }
  const kind = anyComplex ? 'complex' : allBool && values.length > 0 ? 'bool' : 'real';
  return { shape, values, kind };
}

/**
 * Creates a tensor from a number, boolean, `{ re, im }`, nested arrays of those, or a typed array (zero-copy when the
 * array type matches the dtype; `opts.shape` then gives the shape, default 1-D).
 * Numbers get the default dtype (float32 unless {@link setDefaultDtype}); any complex entry makes it complex.
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
  opts = checkOptions('tensor', opts, TENSOR_OPTION_KEYS);
  checkDtype('tensor', opts.dtype);
  if (isTypedData(data)) return finish(fromTyped(data, opts), opts);
  const { shape, values, kind } = flattenNested(data as TensorData);
  const dtype =
    opts.dtype ?? (kind === 'complex' ? defaultComplexDtype() : kind === 'bool' ? 'bool' : getDefaultDtype());
  const out = empty(shape, dtype);
  for (let i = 0; i < values.length; i++) writeScalar(out.storage, dtype, i, values[i]);
  let result = out;
  if (opts.shape !== undefined) {
    const target = checkShape('tensor', opts.shape);
    if (target.reduce((a, b) => a * b, 1) !== out.size) {
      throw new ShapeError(
        `tensor: expected data with ${target.reduce((a, b) => a * b, 1)} elements for shape ${formatShape(target)}, got ${out.size}`,
      );
    }
    result = new Tensor(out.storage, dtype, target, contiguousStrides(target), 0);
  }
  return finish(result, opts);
}

/** @internal an int32 tensor from a list of indices (`op` names the public op in error messages). */
export function tensorFromIndices(values: readonly number[], op = 'index'): Tensor {
  if (!Array.isArray(values) || values.some((v) => !Number.isInteger(v))) {
    throw new DtypeError(`${op}: expected an array of integers, got ${describeValue(values)}`);
  }
  return tensor(values as number[], { dtype: 'int32' });
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
  return filled('full', shape, value, opts);
}

/** full() under the name of the public op (full, ones, onesLike, fullLike) used in error messages. */
function filled(op: string, shape: ShapeArg, value: number | boolean | ComplexLike, opts: CreationOptions): Tensor {
  opts = checkOptions(op, opts);
  const dims = shapeOf(op, shape);
  // JS cannot tell 1 from 1.0, so numbers fill the default float dtype (not an integer dtype as torch.full(…, 1)).
  let inferred: DType;
  if (typeof value === 'boolean') inferred = 'bool';
  else if (isComplexLike(value)) inferred = defaultComplexDtype();
  else if (typeof value === 'number') inferred = getDefaultDtype();
  else throw new DtypeError(`${op}: expected a number, boolean or { re, im } fill value, got ${describeValue(value)}`);
  const dtype = checkDtype(op, opts.dtype) ?? inferred;
  const out = empty(dims, dtype);
  if (!(typeof value === 'number' && value === 0)) {
    const s = out.storage;
    if (isComplex(dtype)) {
      const re = typeof value === 'object' ? value.re : Number(value);
      const im = typeof value === 'object' ? value.im : 0;
      for (let i = 0; i < out.size; i++) {
        s[2 * i] = re;
        s[2 * i + 1] = im;
      }
    } else {
      writeScalar(s, dtype, 0, value, op);
      s.fill(s[0]);
    }
  }
  return finish(out, opts);
}

/** Zeros of the given shape (default float dtype). @example `zeros([2, 3]).shape; // [2, 3]` */
export function zeros<O extends CreationOptions = NoDtype>(
  shape: ShapeArg,
  opts?: O,
): Tensor<DtypeOption<O, FloatDType>>;
export function zeros(shape: ShapeArg, opts: CreationOptions = {}): Tensor {
  opts = checkOptions('zeros', opts);
  return finish(empty(shapeOf('zeros', shape), checkDtype('zeros', opts.dtype) ?? getDefaultDtype()), opts);
}

/** Ones of the given shape. */
export function ones<O extends CreationOptions = NoDtype>(
  shape: ShapeArg,
  opts?: O,
): Tensor<DtypeOption<O, FloatDType>>;
export function ones(shape: ShapeArg, opts: CreationOptions = {}): Tensor {
  opts = checkOptions('ones', opts);
  return filled('ones', shape, 1, { dtype: opts.dtype ?? getDefaultDtype(), requiresGrad: opts.requiresGrad });
}

/** Zeros with the shape (and, by default, dtype) of `x`. */
export function zerosLike<D extends DType, O extends CreationOptions = NoDtype>(
  x: Tensor<D>,
  opts?: O,
): Tensor<DtypeOption<O, D>>;
export function zerosLike(x: Tensor, opts: CreationOptions = {}): Tensor {
  requireTensor('zerosLike', x);
  opts = checkOptions('zerosLike', opts);
  return zeros(x.shape, { dtype: checkDtype('zerosLike', opts.dtype) ?? x.dtype, requiresGrad: opts.requiresGrad });
}

/** Ones with the shape (and, by default, dtype) of `x`. */
export function onesLike<D extends DType, O extends CreationOptions = NoDtype>(
  x: Tensor<D>,
  opts?: O,
): Tensor<DtypeOption<O, D>>;
export function onesLike(x: Tensor, opts: CreationOptions = {}): Tensor {
  requireTensor('onesLike', x);
  opts = checkOptions('onesLike', opts);
  return filled('onesLike', x.shape, 1, { dtype: opts.dtype ?? x.dtype, requiresGrad: opts.requiresGrad });
}

/** `value` with the shape (and, by default, dtype) of `x`. */
export function fullLike<D extends DType, O extends CreationOptions = NoDtype>(
  x: Tensor<D>,
  value: number | boolean | ComplexLike,
  opts?: O,
): Tensor<DtypeOption<O, D>>;
export function fullLike(x: Tensor, value: number | boolean | ComplexLike, opts: CreationOptions = {}): Tensor {
  requireTensor('fullLike', x);
  opts = checkOptions('fullLike', opts);
  return filled('fullLike', x.shape, value, { dtype: opts.dtype ?? x.dtype, requiresGrad: opts.requiresGrad });
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
  const options = checkOptions('eye', typeof m === 'object' ? m : opts);
  const out = zeros(checkShape('eye', [n, cols]), { dtype: checkDtype('eye', options.dtype) });
  const w = scalarsPerElement(out.dtype);
  for (let i = 0; i < Math.min(n, cols); i++) out.storage[w * (i * cols + i)] = 1;
  return finish(out, options);
}

/**
 * Values from start (inclusive) to end (exclusive) by step: `arange(end)` or `arange(start, end, step?)`.
 * Integer arguments give int32 (as torch gives its integer dtype), otherwise the default float dtype.
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
  let options: CreationOptions = opts ?? {};
  let s = start;
  let e: number;
  let st = 1;
  if (typeof end !== 'number') {
    options = end ?? options;
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
  options = checkOptions('arange', options);
  if (st === 0) throw new ShapeError('arange: expected a non-zero step, got 0');
  if ((st > 0 && e < s) || (st < 0 && e > s)) {
    throw new ShapeError(
      `arange: expected end >= start for a positive step and end <= start for a negative one, got start ${s}, end ${e}, step ${st}`,
    );
  }
  const count = Math.max(0, Math.ceil((e - s) / st));
  const integral = Number.isInteger(s) && Number.isInteger(e) && Number.isInteger(st);
  const dtype = checkDtype('arange', options.dtype) ?? (integral ? 'int32' : getDefaultDtype());
  const out = empty(checkShape('arange', [count]), dtype);
  const w = scalarsPerElement(dtype);
  for (let i = 0; i < count; i++) out.storage[w * i] = s + i * st;
  return finish(out, options);
}

/** `steps` evenly spaced values from start to end inclusive (default float dtype); one step gives `[start]`. */
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
  opts = checkOptions('linspace', opts);
  if (!Number.isInteger(steps) || steps < 0)
    throw new ShapeError(`linspace: expected a non-negative integer number of steps, got ${steps}`);
  const dtype = checkDtype('linspace', opts.dtype) ?? getDefaultDtype();
  const out = empty(checkShape('linspace', [steps]), dtype);
  const w = scalarsPerElement(dtype);
  if (steps === 1) {
    out.storage[0] = start;
    return finish(out, opts);
  }
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Symmetric evaluation from both ends, as torch, so the last value is exactly `end`.
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) out.storage[w * i] = i < half ? start + i * step : end - (steps - 1 - i) * step;
  return finish(out, opts);
}

function randomFloat(op: string, shape: ShapeArg, opts: CreationOptions, draw: () => number): Tensor {
  opts = checkOptions(op, opts);
  const dtype = checkDtype(op, opts.dtype) ?? getDefaultDtype();
  if (!isFloating(dtype)) throw new DtypeError(`${op}: expected a floating or complex dtype, got ${dtype}`);
  const out = empty(shapeOf(op, shape), dtype);
  const s = out.storage;
  if (isComplex(dtype)) {
    // torch: real and imaginary parts each with variance 1/2 for randn.
    const scale = op.startsWith('randn') ? Math.SQRT1_2 : 1;
    for (let i = 0; i < 2 * out.size; i++) s[i] = draw() * scale;
  } else for (let i = 0; i < out.size; i++) s[i] = draw();
  return finish(out, opts);
}

/** Standard normal samples from the seeded generator ({@link manualSeed}). */
export function randn<O extends CreationOptions = NoDtype>(
  shape: ShapeArg,
  opts?: O,
): Tensor<DtypeOption<O, FloatDType>>;
export function randn(shape: ShapeArg, opts: CreationOptions = {}): Tensor {
  return randomFloat('randn', shape, opts, nextNormal);
}

/** Uniform samples in [0, 1) from the seeded generator. */
export function rand<O extends CreationOptions = NoDtype>(
  shape: ShapeArg,
  opts?: O,
): Tensor<DtypeOption<O, FloatDType>>;
export function rand(shape: ShapeArg, opts: CreationOptions = {}): Tensor {
  opts = checkOptions('rand', opts);
  const single = (opts.dtype ?? getDefaultDtype()) === 'float32' || opts.dtype === 'complex64';
  return randomFloat('rand', shape, opts, single ? uniformF32 : nextUniform);
}

const uniformF32 = (): number => belowOneF32(nextUniform());

/** Uniform integers in [low, high) (int32 unless a dtype is given). */
export function randint<O extends CreationOptions = NoDtype>(
  low: number,
  high: number,
  shape: ShapeArg,
  opts?: O,
): Tensor<DtypeOption<O, 'int32'>>;
export function randint(low: number, high: number, shape: ShapeArg, opts: CreationOptions = {}): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ShapeError(`randint: expected integers low < high, got ${low} and ${high}`);
  }
  opts = checkOptions('randint', opts);
  const dtype = checkDtype('randint', opts.dtype) ?? 'int32';
  const out = empty(shapeOf('randint', shape), dtype);
  const w = scalarsPerElement(dtype);
  for (let i = 0; i < out.size; i++) out.storage[w * i] = nextInt(low, high);
  return finish(out, opts);
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
  checkOptions('randnLike', opts);
  return randomFloat(
    'randnLike',
    x.shape,
    { ...opts, dtype: checkDtype('randnLike', opts.dtype) ?? x.dtype },
    nextNormal,
  );
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
  checkOptions('randLike', opts);
  const dtype = checkDtype('randLike', opts.dtype) ?? x.dtype;
  const single = dtype === 'float32' || dtype === 'complex64';
  return randomFloat('randLike', x.shape, { ...opts, dtype }, single ? uniformF32 : nextUniform);
}
