/**
 * @tapegrad/linalg — differentiable linear algebra on own TypeScript kernels: svd, eigh, the SVD-based pseudo-inverse
 * with analytic (Golub–Pereyra) backward and double backward, qr, cholesky, solve, inv, det, slogdet, lstsq, rank,
 * norms, cond. Every op accepts batches `(*, m, n)` of float32/float64/complex64/complex128.
 * @packageDocumentation
 * @module @tapegrad/linalg
 */
export type { EighOptions, EighResult } from './ops/eigh';
export { eigh, eigvalsh } from './ops/eigh';
export type { SlogdetResult } from './ops/lu';
export { det, inv, slogdet, solve } from './ops/lu';
export type { MatrixOrd, VectorOrd } from './ops/norms';
export { cond, matrixNorm, norm, vectorNorm } from './ops/norms';
export type { PinvOptions, Tolerance } from './ops/pinv';
export { pinv, pinverse } from './ops/pinv';
export type { QrResult } from './ops/qr';
export { cholesky, qr } from './ops/qr';
export type { LstsqResult } from './ops/rank';
export { lstsq, matrixRank } from './ops/rank';
export type { SvdResult } from './ops/svd';
export { svd, svdvals } from './ops/svd';
export type { SolveTriangularOptions } from './ops/triangular';
export { solveTriangular } from './ops/triangular';
export { GAP_FACTOR, ILL_CONDITIONED_FACTOR, PINV_CUTOFF_BAND } from './thresholds';
