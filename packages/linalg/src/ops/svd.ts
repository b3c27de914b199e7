/** linalg.svd and linalg.svdvals: forward on the float64 kernels, one tape node 'linalg.svd'. */

import { recordNode } from '@tapegrad/autograd/internal';
import type { DType, RealOf, Tensor } from '@tapegrad/core';
import { isGradEnabled, narrow, noGrad } from '@tapegrad/core';
import { fromFloat64, realDtypeOf, toBatch } from '../batch';
import { svdBackward } from '../derivations/svd';
import { booleanOption, checkMatrix, optionsObject } from '../validate';
import { svdRaw } from './svd-raw';

/** Result of {@link svd}. */
export interface SvdResult {
  U: Tensor;
  S: Tensor;
  Vh: Tensor;
}

/**
 * Singular value decomposition A = U·diag(S)·Vh of a batch `(*, m, n)` (torch.linalg.svd). S is real, descending.
 * `fullMatrices` (default true) gives square U (m×m) and Vh (n×n); otherwise k = min(m, n) columns/rows.
 * Differentiable (gauge-invariant losses); see the README for when its gradient is unstable.
 * @example
 * ```ts
 * const { U, S, Vh } = linalg.svd(A, { fullMatrices: false });
 * U.matmul(S.diagEmbed().to(U.dtype)).matmul(Vh); // ≈ A
 * ```
 */
export function svd(A: Tensor, opts: { fullMatrices?: boolean } = {}): SvdResult {
  checkMatrix('linalg.svd', A);
  const full = booleanOption(
    'linalg.svd',
    'fullMatrices',
    optionsObject('linalg.svd', opts, ['fullMatrices']).fullMatrices,
    true,
  );
  return svdAs('linalg.svd', A, full);
}

/** svd of a checked A under the public name (`linalg.svd`, `linalg.svdvals`, …) that its errors start with. */
function svdAs(op: string, A: Tensor, full: boolean): SvdResult {
  const b = toBatch(A);
  const raw = svdRaw(op, b, true, full);
  const { m, n, batchShape } = b;
  const U = fromFloat64(raw.U!, [...batchShape, m, raw.uCols], A.dtype);
  const S = fromFloat64(raw.S, [...batchShape, raw.k], realDtypeOf(A.dtype));
  const Vh = fromFloat64(raw.Vh!, [...batchShape, raw.vhRows, n], A.dtype);
  if (isGradEnabled() && A.requiresGrad) {
    const k = raw.k;
    recordNode('linalg.svd', [A], [U, S, Vh], ([gU, gS, gVh]) => {
      // With full matrices only the first k columns of U / rows of Vh are differentiable (as PyTorch).
      const Uk = full && U.shape[U.ndim - 1] !== k ? narrow(U, -1, 0, k) : U;
      const Vhk = full && Vh.shape[Vh.ndim - 2] !== k ? narrow(Vh, -2, 0, k) : Vh;
      const gUk = gU && full && gU.shape[gU.ndim - 1] !== k ? narrow(gU, -1, 0, k) : gU;
      const gVhk = gVh && full && gVh.shape[gVh.ndim - 2] !== k ? narrow(gVh, -2, 0, k) : gVh;
      return [svdBackward(Uk, S, Vhk, gUk, gS, gVhk)];
    });
  }
  return { U, S, Vh };
}

/**
 * Singular values of a batch `(*, m, n)`, descending (torch.linalg.svdvals). Its gradient U·diag(gS)·Vh involves no
 * division, so it is finite even at repeated singular values.
 * @example `linalg.svdvals(tensor([[3, 0], [0, -4]], { dtype: 'float64' })).toArray(); // [4, 3]`
 */
export function svdvals<D extends DType>(A: Tensor<D>): Tensor<RealOf<D>>;
export function svdvals(A: Tensor): Tensor {
  return svdvalsAs('linalg.svdvals', A);
}

/**
 * svdvals under the public name of the op that uses it (`linalg.svdvals`, `linalg.cond`, `linalg.matrixNorm`, …), so
 * that errors name the op the user called. @internal
 */
export function svdvalsAs(op: string, A: Tensor): Tensor {
  checkMatrix(op, A);
  if (isGradEnabled() && A.requiresGrad) return svdAs(op, A, false).S;
  const b = toBatch(A);
  const raw = noGrad(() => svdRaw(op, b, false, false));
  return fromFloat64(raw.S, [...b.batchShape, raw.k], realDtypeOf(A.dtype));
}
