/** linalg.solveTriangular (LAPACK dtrtrs/dtrsm), differentiable. */

import { recordNode } from '@tapegrad/autograd/internal';
import type { DType, Promote, Tensor } from '@tapegrad/core';
import { DtypeError, isGradEnabled, LinalgError, matmul, neg, tril, triu } from '@tapegrad/core';
import { fromFloat64 } from '../batch';
import { mH } from '../derivations/common';
import { trsmComplex, trsmReal } from '../kernels/triangular';
import { booleanOption, checkMatrix, nonFinite, optionsObject } from '../validate';
import { pairBatch } from './pair-batch';

/** Options of {@link solveTriangular}. */
export interface SolveTriangularOptions {
  /** A is upper (true) or lower (false) triangular; only that triangle is read. Required, as in torch. */
  upper: boolean;
  /** Solve A·X = B (default) or X·A = B (`left: false`). */
  left?: boolean;
  /** Assume a unit diagonal (not read). */
  unitriangular?: boolean;
}

/**
 * Solves A·X = B (or X·A = B) for triangular A `(*, n, n)` and B `(*, n, k)` (torch.linalg.solve_triangular).
 * Differentiable: gB = solveTriangular(Aᴴ, G), gA = −(gB·Xᴴ) restricted to A's triangle.
 */
export function solveTriangular<DA extends DType, DB extends DType>(
  A: Tensor<DA>,
  B: Tensor<DB>,
  opts: SolveTriangularOptions,
): Tensor<Promote<DA, DB>>;
export function solveTriangular(A: Tensor, B: Tensor, opts: SolveTriangularOptions): Tensor {
  const op = 'linalg.solveTriangular';
  checkMatrix(op, A, { square: true });
  checkMatrix(op, B);
  opts = optionsObject(op, opts, ['upper', 'left', 'unitriangular']);
  if (typeof opts?.upper !== 'boolean')
    throw new DtypeError(`${op}: expected the option upper to be a boolean, got ${typeof opts?.upper}`);
  const left = booleanOption(op, 'left', opts.left, true);
  const unit = booleanOption(op, 'unitriangular', opts.unitriangular, false);
  if (!left) {
    // X·A = B ⇔ Aᴴ·Xᴴ = Bᴴ
    return mH(solveTriangular(mH(A), mH(B), { upper: !opts.upper, left: true, unitriangular: unit }));
  }
  const { a, b, batchShape, dtype } = pairBatch(op, A, B);
  const n = a.n;
  const k = b.n;
  const w = a.complex ? 2 : 1;
  const X = Float64Array.from(b.data);
  const uplo = opts.upper ? 'U' : 'L';
  for (let t = 0; t < a.count; t++) {
    const info = a.complex
      ? trsmComplex(uplo, 'N', unit ? 'U' : 'N', n, k, a.data, t * n * n * w, X, t * n * k * w)
      : trsmReal(uplo, 'N', unit ? 'U' : 'N', n, k, a.data, t * n * n * w, X, t * n * k * w);
    if (info < 0) nonFinite(op);
    if (info > 0)
      throw new LinalgError(
        `${op}: the triangular matrix is singular (expected non-zero diagonal elements, got a zero at diagonal element ${info})`,
      );
  }
  const out = fromFloat64(X, [...batchShape, n, k], dtype);
  if (isGradEnabled() && (A.requiresGrad || B.requiresGrad)) {
    recordNode(op, [A, B], [out], ([G]) => {
      if (G === null) return [null, null];
      const gB = solveTriangular(mH(A.to(dtype)), G, { upper: !opts.upper, unitriangular: unit });
      let gA = neg(matmul(gB, mH(out)));
      gA = opts.upper ? triu(gA, unit ? 1 : 0) : tril(gA, unit ? -1 : 0);
      return [gA, gB];
    });
  }
  return out;
}
