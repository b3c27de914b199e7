/**
 * Test helpers of the autograd suite (not exported from the package): seeded inputs away from non-differentiable
 * points, and comparisons of tensors with plain numbers.
 */
import type { Tensor } from '@tapegrad/core';
import { isComplex, tensor } from '@tapegrad/core';

/** What values an input holds: `any` has |x| in [0.3, 1.3) with a random sign; `pos` lies in [0.5, 1.5). */
export type ValueKind = 'any' | 'pos';

/** A small deterministic generator (LCG), uniform in [0, 1). */
export function seededUniform(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

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

/** A float64 / complex128 tensor of the given shape with seeded values. */
export function sample(
  shape: readonly number[],
  opts: { kind?: ValueKind; complex?: boolean; seed: number; requiresGrad?: boolean },
): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = sampleData(opts.kind ?? 'any', size, opts.complex ?? false, seededUniform(opts.seed));
  return tensor(data, {
    dtype: opts.complex ? 'complex128' : 'float64',
    shape: [...shape],
    requiresGrad: opts.requiresGrad ?? false,
  });
}

/** A float64 tensor from plain numbers. */
export function f64(data: readonly number[], shape: readonly number[] = [data.length], requiresGrad = false): Tensor {
  return tensor(Float64Array.from(data), { shape: [...shape], requiresGrad });
}

/** The real components of a tensor as plain numbers (complex: re, im interleaved). */
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
