/** A clamp applied to the value only, as PyTorch's in-place clamp under no_grad (internal). */
import type { Tensor } from '@tapegrad/core';
import { where } from '@tapegrad/core';

/**
 * max(t, min) in the forward, with the gradient passed to t as if unclamped: t + (max(t, min) − t) with the
 * correction detached. PyTorch 1.13 clamps this way inside gaussian_nll_loss (`var.clamp_(min=eps)` on a clone
 * under no_grad) and cosine_similarity (the squared norms), so their gradients reach clamped entries.
 */
export function clampForwardOnly(t: Tensor, min: number): Tensor {
  // Only entries below min get the correction: at t = +∞ it would be ∞ − ∞ = NaN (and NaN stays NaN).
  return where(t.lt(min), t.add(t.clamp(min).sub(t).detach()), t);
}
