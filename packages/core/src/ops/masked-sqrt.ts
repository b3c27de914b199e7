/**
 * √v whose derivative is taken as 0 where v = 0 — the subgradient torch uses for norms and std at zero (its backward
 * masks `result == 0`). Written with the "double where" pattern (STYLE.md): the square root is fed 1 where v = 0, so
 * the unused branch has a finite derivative and no 0·∞ = NaN reaches the gradient, at any derivative order.
 */
import type { Tensor } from '../tensor';
import { eq, sqrt, where } from './elementwise';

export function sqrtZeroGradAtZero(v: Tensor): Tensor {
  const zero = eq(v, 0);
  return where(zero, 0, sqrt(where(zero, 1, v)));
}
