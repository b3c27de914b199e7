/** Batched SVD on raw float64 buffers (no tensors, nothing recorded): the common engine of svd, svdvals, pinv, rank. */
import type { MatrixBatch } from '../batch';
import { svdComplex, svdReal } from '../kernels/svd';
import { nonFinite, notConverged } from '../validate';
import { scratch, svdWorkspace } from './kernels-cache';

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

/**
 * SVD of every matrix of the batch. With `transientFactors`, U and Vh live in reused scratch buffers (valid until the
 * next transient call) — for callers that consume them at once, like pinv; S is always a fresh array.
 */
export function svdRaw(
  op: string,
  b: MatrixBatch,
  computeUV: boolean,
  full: boolean,
  transientFactors = false,
): RawSvd {
  const { m, n, count, complex, data } = b;
  const k = Math.min(m, n);
  const uCols = full ? m : k;
  const vhRows = full ? n : k;
  const w = complex ? 2 : 1;
  const S = new Float64Array(count * k);
  const uSize = count * m * uCols * w;
  const vhSize = count * vhRows * n * w;
  const fresh = !transientFactors || k === 0;
  const U = computeUV ? (fresh ? new Float64Array(uSize) : scratch('svdRaw.U', uSize)) : null;
  const Vh = computeUV ? (fresh ? new Float64Array(vhSize) : scratch('svdRaw.Vh', vhSize)) : null;
  if (count === 0) return { S, U, Vh, k, uCols, vhRows };
  if (k === 0) {
    // Empty matrices: full factors are identities, as LAPACK returns.
    if (full && U) for (let t = 0; t < count; t++) for (let i = 0; i < m; i++) U[w * (t * m * m + i * m + i)] = 1;
    if (full && Vh) for (let t = 0; t < count; t++) for (let i = 0; i < n; i++) Vh[w * (t * n * n + i * n + i)] = 1;
    return { S, U, Vh, k, uCols, vhRows };
  }
  const ws = svdWorkspace(m, n, complex, computeUV, full);
  const kernel = complex ? svdComplex : svdReal;
  for (let t = 0; t < count; t++) {
    const info = kernel(m, n, data, t * m * n * w, S, t * k, U, t * m * uCols * w, Vh, t * vhRows * n * w, ws);
    if (info < 0) nonFinite(op);
    if (info > 0) notConverged(op, info);
  }
  return { S, U, Vh, k, uCols, vhRows };
}
