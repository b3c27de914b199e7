/**
 * Batched SVD on raw float64 buffers (no tensors, nothing recorded): the common engine of svd, svdvals, rank; large
 * batches are split over the threads of setNumThreads (../threads/split-batch.ts).
 */
import type { MatrixBatch } from '../batch';
import { splitBatch } from '../threads/split-batch';
import { nonFinite, notConverged } from '../validate';
import { svdBatch } from './decomp-batch';

const EMPTY = new Float64Array(0);

export interface RawSvd {
  /** Singular values, count × k, descending. */
  S: Float64Array;
  /** Left singular vectors, count × m × (full ? m : k), or null. */
  U: Float64Array | null;
  /** Vᴴ, count × (full ? n : k) × n, or null. */
  Vh: Float64Array | null;
  k: number;
  uCols: number;
  vhRows: number;
}

/** SVD of every matrix of the batch (fresh arrays). */
export function svdRaw(op: string, b: MatrixBatch, computeUV: boolean, full: boolean): RawSvd {
  const { m, n, count, complex, data } = b;
  const k = Math.min(m, n);
  const uCols = full ? m : k;
  const vhRows = full ? n : k;
  const w = complex ? 2 : 1;
  const S = new Float64Array(count * k);
  const uSize = count * m * uCols * w;
  const vhSize = count * vhRows * n * w;
  const U = computeUV ? new Float64Array(uSize) : null;
  const Vh = computeUV ? new Float64Array(vhSize) : null;
  if (count === 0) return { S, U, Vh, k, uCols, vhRows };
  if (k === 0) {
    // Empty matrices: full factors are identities, as LAPACK returns.
    if (full && U) for (let t = 0; t < count; t++) for (let i = 0; i < m; i++) U[w * (t * m * m + i * m + i)] = 1;
    if (full && Vh) for (let t = 0; t < count; t++) for (let i = 0; i < n; i++) Vh[w * (t * n * n + i * n + i)] = 1;
    return { S, U, Vh, k, uCols, vhRows };
  }
  const info = splitBatch(
    op,
    'svdBatch',
    svdBatch,
    { m, n, complex, computeUV, full },
    count,
    (complex ? 4 : 1) * (computeUV ? 12 : 4) * Math.max(m, n) * k * k,
    [{ data, per: m * n * w }],
    [
      { data: S, per: k },
      { data: U ?? EMPTY, per: U === null ? 0 : m * uCols * w },
      { data: Vh ?? EMPTY, per: Vh === null ? 0 : vhRows * n * w },
    ],
  );
  if (info < 0) nonFinite(op);
  if (info > 0) notConverged(op, info);
  return { S, U, Vh, k, uCols, vhRows };
}
