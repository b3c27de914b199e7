/** linalg.eigh and linalg.eigvalsh: forward on the float64 kernels, one tape node 'linalg.eigh'. */

import { recordNode } from '@tapegrad/autograd/internal';
import type { DType, RealOf, Tensor } from '@tapegrad/core';
import { DtypeError, isGradEnabled } from '@tapegrad/core';
import { fromFloat64, realDtypeOf, toBatch } from '../batch';
import { eighBackward } from '../derivations/eigh';
import { checkMatrix, optionsObject } from '../validate';
import { eighRaw } from './eigh-raw';

/** Options of {@link eigh}: which triangle is read (the other is ignored). */
export interface EighOptions {
  UPLO?: 'L' | 'U';
}

/** Result of {@link eigh}. */
export interface EighResult {
  eigenvalues: Tensor;
  eigenvectors: Tensor;
}

function uploOf(op: string, opts: EighOptions): 'L' | 'U' {
  const uplo = optionsObject(op, opts, ['UPLO']).UPLO ?? 'L';
  if (uplo !== 'L' && uplo !== 'U') throw new DtypeError(`${op}: expected UPLO 'L' or 'U', got ${String(uplo)}`);
  return uplo;
}

/**
 * Eigendecomposition of a batch of Hermitian (real symmetric) matrices `(*, n, n)` (torch.linalg.eigh): real
 * eigenvalues ascending, orthonormal eigenvectors as columns. Only the triangle named by `UPLO` (default 'L') is read.
 * @example
 * ```ts
 * const { eigenvalues, eigenvectors } = linalg.eigh(tensor([[2, 1], [1, 2]], { dtype: 'float64' }));
 * eigenvalues.toArray(); // [1, 3]
 * ```
 */
export function eigh(A: Tensor, opts: EighOptions = {}): EighResult {
  checkMatrix('linalg.eigh', A, { square: true });
  return eighAs('linalg.eigh', A, uploOf('linalg.eigh', opts));
}

/** eigh of a checked A under the public name (`linalg.eigh`, `linalg.eigvalsh`) that its errors start with. */
function eighAs(op: string, A: Tensor, uplo: 'L' | 'U'): EighResult {
  const b = toBatch(A);
  const raw = eighRaw(op, b, uplo, true);
  const n = b.n;
  const eigenvalues = fromFloat64(raw.L, [...b.batchShape, n], realDtypeOf(A.dtype));
  const eigenvectors = fromFloat64(raw.V!, [...b.batchShape, n, n], A.dtype);
  if (isGradEnabled() && A.requiresGrad) {
    recordNode('linalg.eigh', [A], [eigenvalues, eigenvectors], ([gL, gV]) => [
      eighBackward(eigenvalues, eigenvectors, gL, gV),
    ]);
  }
  return { eigenvalues, eigenvectors };
}

/**
 * Eigenvalues of a batch of Hermitian matrices, ascending (torch.linalg.eigvalsh). Its gradient V·diag(gΛ)·Vᴴ has no
 * division, so it is finite at repeated eigenvalues.
 */
export function eigvalsh<D extends DType>(A: Tensor<D>, opts?: EighOptions): Tensor<RealOf<D>>;
export function eigvalsh(A: Tensor, opts: EighOptions = {}): Tensor {
  checkMatrix('linalg.eigvalsh', A, { square: true });
  const uplo = uploOf('linalg.eigvalsh', opts);
  if (isGradEnabled() && A.requiresGrad) return eighAs('linalg.eigvalsh', A, uplo).eigenvalues;
  const b = toBatch(A);
  const raw = eighRaw('linalg.eigvalsh', b, uplo, false);
  return fromFloat64(raw.L, [...b.batchShape, b.n], realDtypeOf(A.dtype));
}
