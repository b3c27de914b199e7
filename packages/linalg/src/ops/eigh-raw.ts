/**
 * Batched Hermitian eigendecomposition on raw float64 buffers (no tensors, nothing recorded); large batches are split
 * over the threads of setNumThreads (../threads/split-batch.ts).
 */
import type { MatrixBatch } from '../batch';
import { splitBatch } from '../threads/split-batch';
import { nonFinite, notConverged } from '../validate';
import { eighBatch } from './decomp-batch';

const EMPTY = new Float64Array(0);

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
  const info = splitBatch(
    op,
    'eighBatch',
    eighBatch,
    { n, complex, uplo, computeV },
    count,
    (complex ? 4 : 1) * (computeV ? 9 : 4) * n * n * n,
    [{ data, per: n * n * w }],
    [
      { data: L, per: n },
      { data: V ?? EMPTY, per: V === null ? 0 : n * n * w },
    ],
  );
  if (info < 0) nonFinite(op);
  if (info > 0) notConverged(op, info);
  return { L, V };
}
