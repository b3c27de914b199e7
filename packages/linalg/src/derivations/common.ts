/** Small differentiable helpers shared by the derivations. */
import type { Tensor } from '@tapegrad/core';
import { conj, eye, mul, sub } from '@tapegrad/core';

/** Conjugate transpose of the last two dims. */
export const mH = (t: Tensor): Tensor => conj(t.transpose(-2, -1));

/** skew(X) = X − Xᴴ. */
export const skew = (t: Tensor): Tensor => sub(t, mH(t));

/** X with its diagonal (last two dims, square) set to zero. */
export function offDiagonal(t: Tensor): Tensor {
  const n = t.shape[t.ndim - 1];
  return mul(t, sub(1, eye(n, { dtype: t.dtype })));
}
