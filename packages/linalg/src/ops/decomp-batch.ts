/**
 * The per-matrix loops of svdRaw and eighRaw as batch kernels (../threads/batch-kernel.ts), run by the calling thread
 * and by the worker pool's threads on their parts of a batch (same code, so the results are bit-identical).
 */
import { eighComplex, eighReal } from '../kernels/eigh';
import { svdComplex, svdReal } from '../kernels/svd';
import type { BatchKernel } from '../threads/batch-kernel';
import { eighWorkspace, svdWorkspace } from './kernels-cache';

/** Shapes and flags of {@link svdBatch}. */
export interface SvdBatchParams {
  readonly m: number;
  readonly n: number;
  readonly complex: boolean;
  readonly computeUV: boolean;
  readonly full: boolean;
}

/**
 * SVD of each m×n matrix (k = min(m, n) ≥ 1). ins: A (m·n); outs: S (k), U (m·uCols, empty unless computeUV), Vh
 * (vhRows·n, idem), uCols/vhRows = m/n when full else k; complex data interleaved.
 */
export const svdBatch: BatchKernel<SvdBatchParams> = ({ m, n, complex, computeUV, full }, count, ins, outs) => {
  const [data] = ins;
  const [S, U, Vh] = outs;
  const k = Math.min(m, n);
  const w = complex ? 2 : 1;
  const uSize = m * (full ? m : k) * w;
  const vhSize = (full ? n : k) * n * w;
  const ws = svdWorkspace(m, n, complex, computeUV, full);
  const kernel = complex ? svdComplex : svdReal;
  const u = computeUV ? U : null;
  const vh = computeUV ? Vh : null;
  for (let t = 0; t < count; t++) {
    const info = kernel(m, n, data, t * m * n * w, S, t * k, u, t * uSize, vh, t * vhSize, ws);
    if (info !== 0) return info;
  }
  return 0;
};

/** Order, triangle and flag of {@link eighBatch}. */
export interface EighBatchParams {
  readonly n: number;
  readonly complex: boolean;
  readonly uplo: 'L' | 'U';
  readonly computeV: boolean;
}

/** Eigendecomposition of each Hermitian n×n matrix. ins: A (n·n); outs: eigenvalues (n), V (n·n, empty unless computeV). */
export const eighBatch: BatchKernel<EighBatchParams> = ({ n, complex, uplo, computeV }, count, ins, outs) => {
  const [data] = ins;
  const [L, V] = outs;
  const w = complex ? 2 : 1;
  const ws = eighWorkspace(n, complex);
  const kernel = complex ? eighComplex : eighReal;
  for (let t = 0; t < count; t++) {
    const info = kernel(n, data, t * n * n * w, uplo, L, t * n, computeV ? V : null, t * n * n * w, ws);
    if (info !== 0) return info;
  }
  return 0;
};
