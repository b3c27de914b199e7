/** The scalar views an optimizer's update loop works on. */
import type { Tensor } from '@tapegrad/core';
import { isComplex } from '@tapegrad/core';
import type { FloatStorage } from './optimizer';

/**
 * The scalars of contiguous floating tensors as zero-based views of their storages (complex tensors as interleaved
 * real/imaginary pairs, as `view_as_real`), so an update loop indexes a parameter, its gradient and its state buffers
 * with one index.
 */
export function elements<T extends Tensor[]>(...tensors: T): { [K in keyof T]: FloatStorage } {
  return tensors.map((t) => {
    const per = isComplex(t.dtype) ? 2 : 1;
    const start = t.offset * per;
    return (t.storage as FloatStorage).subarray(start, start + t.size * per);
  }) as { [K in keyof T]: FloatStorage };
}

/**
 * The gradient an optimizer steps along at scalar `i`, as torch.optim forms it: negated when maximizing, plus the L2
 * penalty λθ (PyTorch's `grad = grad.add(param, alpha=weight_decay)`).
 */
export function gradientAt(G: FloatStorage, P: FloatStorage, i: number, weightDecay: number, maximize = false): number {
  const g = maximize ? -G[i] : G[i];
  return weightDecay !== 0 ? g + weightDecay * P[i] : g;
}
