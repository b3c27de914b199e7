/**
 * max(x, 0) of nn.ReLU as one recorded node (internal), with core `relu`'s values (NaN propagates, −0 → 0) and
 * derivative: ∂x = g where x > 0, else 0 (0 at x = 0 and at NaN, as PyTorch's threshold_backward). The backward is
 * one pass over x and g instead of core's `gt` + `where` (two passes and a bool temporary); when it is recorded
 * (createGraph) it is exactly core's rule, `where(x > 0, g, 0)`, so higher derivatives are unchanged.
 */
import { recordNodeSaving } from '@tapegrad/autograd/internal';
import type { Tensor } from '@tapegrad/core';
import { gt, isGradEnabled, where } from '@tapegrad/core';
import { alloc } from '@tapegrad/core/internal';

type Real = Float64Array | Float32Array;

/** relu of a real floating tensor (the caller checks). */
export function reluFused(input: Tensor): Tensor {
  const x = input.isContiguous() ? input : input.contiguous();
  const n = x.size;
  const y = alloc(x.shape, x.dtype);
  const src = x.storage as Real;
  const dst = y.storage as Real;
  for (let i = 0, j = x.offset; i < n; i++, j++) {
    const v = src[j];
    dst[i] = v > 0 ? v : v !== v ? v : 0;
  }
  recordNodeSaving(
    'nn.relu',
    [x],
    [y],
    ([g]) => {
      if (g === null) return [null];
      if (isGradEnabled()) return [where(gt(x, 0), g, 0)];
      const gc = g.isContiguous() ? g : g.contiguous();
      const gs = gc.storage as Real;
      const gx = alloc(x.shape, x.dtype);
      const out = gx.storage as Real;
      for (let i = 0, j = x.offset, k = gc.offset; i < n; i++, j++, k++) out[i] = src[j] > 0 ? gs[k] : 0;
      return [gx];
    },
    [x],
  );
  return y;
}
