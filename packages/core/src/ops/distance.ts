/**
 * Pairwise distances (torch.cdist) as the p-norm of broadcast differences: ‖x1[…, i, :] − x2[…, j, :]‖_p with
 * Tensor.norm's derivatives, so the gradient at coincident points is the zero subgradient at every order (PyTorch's
 * cdist gives 0 there too for p = 2; never NaN). Memory is B·P·R·M for the differences (small-model sizes).
 */

import { isComplex, isFloating } from '../dtype';
import { DtypeError, ShapeError } from '../errors';
import { broadcastShapes, checkShape } from '../shape';
import type { Tensor } from '../tensor';
import { sub } from './elementwise';
import { unsqueeze } from './movement';
import { tensorNorm } from './norm';
import { describeTensor, describeValue, requireTensor } from './util';

/**
 * Distances between the rows of x1 ([*, P, M]) and of x2 ([*, R, M]) in the p-norm (p ≥ 0, ∞ allowed; default 2):
 * a [*, P, R] tensor (batch dims broadcast). Real floating tensors of one dtype, as torch.cdist. Differentiable to any
 * order; for p = ∞ the gradient at tied maxima is shared among them (Tensor.norm's rule; torch.cdist gives each tie the
 * whole sign).
 * @example `cdist(tensor([[0, 0]]), tensor([[3, 4], [0, 1]])).toArray(); // [[5, 1]]`
 */
export function cdist(x1: Tensor, x2: Tensor, p = 2): Tensor {
  for (const x of [x1, x2]) {
    requireTensor('cdist', x);
    if (!isFloating(x.dtype) || isComplex(x.dtype))
      throw new DtypeError(`cdist: expected real floating tensors, got ${describeTensor(x)}`);
    if (x.ndim < 2)
      throw new ShapeError(`cdist: expected tensors with at least 2 dimensions, got ${describeTensor(x)}`);
  }
  if (x1.dtype !== x2.dtype)
    throw new DtypeError(`cdist: expected tensors of one dtype, got ${describeTensor(x1)} and ${describeTensor(x2)}`);
  if (x1.shape[x1.ndim - 1] !== x2.shape[x2.ndim - 1])
    throw new ShapeError(
      `cdist: expected the same number of columns, got ${describeTensor(x1)} and ${describeTensor(x2)}`,
    );
  if (typeof p !== 'number' || !(p >= 0))
    throw new DtypeError(`cdist: expected p to be a non-negative number, got ${describeValue(p)}`);
  const batch = broadcastShapes('cdist', x1.shape.slice(0, -2), x2.shape.slice(0, -2));
  checkShape('cdist', [...batch, x1.shape[x1.ndim - 2], x2.shape[x2.ndim - 2], x1.shape[x1.ndim - 1]]);
  const diff = sub(unsqueeze(x1, -2), unsqueeze(x2, -3));
  return tensorNorm(diff, p, -1);
}
