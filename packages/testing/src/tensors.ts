/**
 * Tensor-level test helpers: seeded tensors, tensors from plain numbers, and their components, norms and errors
 * computed on plain arrays (independent of the ops under test).
 */
import type { DType, Tensor } from '@tapegrad/core';
import { isComplex, tensor } from '@tapegrad/core';
import { relErrOf } from './matrices';
import { Lcg, lcg } from './random';

export type ValueKind = 'any' | 'pos';

function draw(kind: ValueKind, rand: () => number): number {
  if (kind === 'pos') return 0.5 + rand();
  const magnitude = 0.3 + rand();
  return rand() < 0.5 ? -magnitude : magnitude;
}

/**
 * Seeded float64 or complex128 values of the given kind. Complex `pos` values have a positive real part (away from
 * the branch cut of log, sqrt and pow); complex `any` values have both parts away from 0.
 */
export function sampleData(kind: ValueKind, size: number, complex: boolean, rand: () => number): Float64Array {
  const out = new Float64Array(complex ? 2 * size : size);
  for (let i = 0; i < size; i++) {
    if (!complex) out[i] = draw(kind, rand);
    else {
      out[2 * i] = draw(kind, rand);
      out[2 * i + 1] = kind === 'pos' ? (rand() - 0.5) * 1.2 : draw('any', rand);
    }
  }
  return out;
}

/** A float64 / complex128 tensor of the given shape with seeded values (|x| in [0.3, 1.3), or [0.5, 1.5) for `pos`). */
export function sample(
  shape: readonly number[],
  opts: { kind?: ValueKind; complex?: boolean; seed: number; requiresGrad?: boolean },
): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = sampleData(opts.kind ?? 'any', size, opts.complex ?? false, lcg(opts.seed));
  return tensor(data, {
    dtype: opts.complex ? 'complex128' : 'float64',
    shape: [...shape],
    requiresGrad: opts.requiresGrad ?? false,
  });
}

/** Converts float64 components to the storage of `dtype` (float32/complex64 round to single precision). */
function typed(data: Float64Array, dtype: DType): Float64Array | Float32Array {
  return dtype === 'float32' || dtype === 'complex64' ? Float32Array.from(data) : data;
}

/** A deterministic N(0, 1) tensor (complex: N(0, 1) real and imaginary parts) of the given shape, times `scale`. */
export function randomTensor(
  shape: readonly number[],
  dtype: DType,
  seed: number,
  opts: { scale?: number; requiresGrad?: boolean } = {},
): Tensor {
  const rng = new Lcg(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size * (isComplex(dtype) ? 2 : 1));
  const scale = opts.scale ?? 1;
  for (let i = 0; i < data.length; i++) data[i] = rng.normal() * scale;
  return tensor(typed(data, dtype), { dtype, shape: [...shape], requiresGrad: opts.requiresGrad ?? false });
}

/** A floating tensor of N(0, 1)-ish values from a seed (Box–Muller on a {@link lcg} stream). */
export function seeded(shape: readonly number[], seed: number, dtype: DType = 'float64'): Tensor {
  const next = lcg(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size * (isComplex(dtype) ? 2 : 1));
  for (let i = 0; i < data.length; i++) {
    const u = Math.max(next(), 1e-12);
    data[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  }
  return tensor(typed(data, dtype), { dtype, shape: [...shape] });
}

type Rows = readonly number[] | readonly (readonly number[])[] | readonly (readonly (readonly number[])[])[];

/**
 * A float64 tensor from plain numbers: nested rows (shape inferred), or flat values with an explicit shape.
 * `f64([[1, 2], [3, 4]], true)` and `f64([1, 2, 3, 4], [2, 2], true)` are the same leaf.
 */
export function f64(rows: Rows, requiresGrad?: boolean): Tensor;
export function f64(data: readonly number[], shape: readonly number[], requiresGrad?: boolean): Tensor;
export function f64(values: Rows, shapeOrGrad?: readonly number[] | boolean, requiresGrad = false): Tensor {
  if (Array.isArray(shapeOrGrad)) {
    return tensor(Float64Array.from(values as readonly number[]), { shape: [...shapeOrGrad], requiresGrad });
  }
  return tensor(values as number[][], { dtype: 'float64', requiresGrad: shapeOrGrad === true });
}

/** An m×n float64 matrix with the given diagonal (zeros elsewhere). */
export function diagMatrix(values: readonly number[], m: number, n: number, requiresGrad = false): Tensor {
  const rows = Array.from({ length: m }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j && i < values.length ? values[i] : 0)),
  );
  return f64(rows, requiresGrad);
}

/** The real components of a tensor as plain numbers (complex: re, im interleaved), in row-major order. */
export function components(t: Tensor): number[] {
  return Array.from(t.contiguous().toTypedArray() as ArrayLike<number>);
}

/** The largest elementwise |a − b| over real components (throws when the shapes or dtype kinds differ). */
export function maxAbsDiff(a: Tensor, b: Tensor | readonly number[]): number {
  const x = components(a);
  let y: number[];
  if (Array.isArray(b)) y = [...(b as readonly number[])];
  else {
    const t = b as Tensor;
    if (t.shape.length !== a.shape.length || t.shape.some((s, i) => s !== a.shape[i]))
      throw new Error(`maxAbsDiff: shapes differ: [${a.shape.join(', ')}] vs [${t.shape.join(', ')}]`);
    if (isComplex(t.dtype) !== isComplex(a.dtype)) throw new Error(`maxAbsDiff: dtypes ${a.dtype} vs ${t.dtype}`);
    y = components(t);
  }
  if (x.length !== y.length) throw new Error(`maxAbsDiff: ${x.length} vs ${y.length} components`);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return Number.isNaN(m) || x.some(Number.isNaN) || y.some(Number.isNaN) ? Number.NaN : m;
}

/** Largest |entry| over the real components. */
export function maxAbs(t: Tensor): number {
  let best = 0;
  for (const c of components(t)) best = Math.max(best, Math.abs(c));
  return best;
}

/** Relative Frobenius error of tensor `a` against tensor `b` (same shape). */
export function relErr(a: Tensor, b: Tensor): number {
  if (JSON.stringify([...a.shape]) !== JSON.stringify([...b.shape])) {
    throw new Error(`shape ${JSON.stringify(a.shape)} != ${JSON.stringify(b.shape)}`);
  }
  return relErrOf(components(a), components(b));
}
