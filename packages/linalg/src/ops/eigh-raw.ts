/** Batched Hermitian eigendecomposition on raw float64 buffers (no tensors, nothing recorded). */
import type { MatrixBatch } from '../batch';
import { eighComplex, eighReal } from '../kernels/eigh';
import { nonFinite, notConverged } from '../validate';
import { eighWorkspace } from './kernels-cache';

export interface RawEigh {
  /** Eigenvalues, count × n, ascending. */
  L: Float64Array;
  /** Eigenvectors (columns), count × n × n, or null. */
  V: Float64Array | null;
}

export function eighRaw(op: string, b: MatrixBatch, uplo: 'L' | 'U', computeV: boolean): RawEigh {
  const { n, count, complex, data } = b;
  const w = complex ? 2 : 1;
  const L = new Float64Array(count * n);
  const V = computeV ? new Float64Array(count * n * n * w) : null;
  if (count === 0 || n === 0) return { L, V };
  const ws = eighWorkspace(n, complex);
  const kernel = complex ? eighComplex : eighReal;
  for (let t = 0; t < count; t++) {
    const info = kernel(n, data, t * n * n * w, uplo, L, t * n, V, t * n * n * w, ws);
    if (info < 0) nonFinite(op);
    if (info > 0) notConverged(op, info);
  }
  return { L, V };
}
