/**
 * max(x, 0) of nn.ReLU and nn.functional.relu as one recorded node (internal), with core `relu`'s values (NaN
 * propagates, −0 → 0) and derivative: ∂x = g where x > 0, else 0 (0 at x = 0 and at NaN, as PyTorch's
 * threshold_backward). The backward is one pass over x and g instead of core's `gt` + `where` (two passes and a bool
 * temporary); when it is recorded (createGraph) it is exactly core's rule, `where(x > 0, g, 0)`, so higher
 * derivatives are unchanged.
 *
 * float32 runs on the IEEE-754 bit patterns (Int32Array views), without a data-dependent branch: on random signs a
 * compare-and-branch per element mispredicts half the time, which costs several times the arithmetic. With b the
 * bits of x as a signed 32-bit integer: x < 0 or x = −0 ⇔ b < 0 unless x is a NaN (|b| > 0x7f800000), and
 * x > 0 ⇔ 1 ≤ b ≤ 0x7f800000 (+∞ included, NaN excluded).
 */
import type { Tensor } from '@tapegrad/core';
import { gt, where } from '@tapegrad/core';
import { alloc } from '@tapegrad/core/internal';
import { dense, recordFused } from './fused';

type Real = Float64Array | Float32Array;

/** The Int32Array view of a float32 tensor's storage. */
function bitsOf(t: Tensor): Int32Array {
  const s = t.storage as Float32Array;
  return new Int32Array(s.buffer, s.byteOffset, s.length);
}

/** relu of a real floating tensor (the caller checks). */
export function reluFused(input: Tensor): Tensor {
  const x = dense(input);
  const n = x.size;
  const y = alloc(x.shape, x.dtype);
  if (x.dtype === 'float32') {
    const src = bitsOf(x);
    const dst = bitsOf(y);
    for (let i = 0, j = x.offset; i < n; i++, j++) {
      const b = src[j];
      const nan = (((b & 0x7fffffff) - 0x7f800001) >>> 31) ^ 1; // 1 for a NaN of either sign
      dst[i] = b & ~((b >> 31) & (nan - 1)); // clears a negative (or −0) non-NaN
    }
  } else {
    const src = x.storage as Real;
    const dst = y.storage as Real;
    for (let i = 0, j = x.offset; i < n; i++, j++) {
      const v = src[j];
      dst[i] = v > 0 ? v : v !== v ? v : 0;
    }
  }
  recordFused(
    'nn.relu',
    [x],
    y,
    [x],
    (g) => [where(gt(x, 0), g, 0)],
    (gIn) => {
      const g = dense(gIn);
      const gx = alloc(x.shape, x.dtype);
      if (x.dtype === 'float32' && g.dtype === 'float32') {
        const xs = bitsOf(x);
        const gs = bitsOf(g);
        const out = bitsOf(gx);
        for (let i = 0, j = x.offset, k = g.offset; i < n; i++, j++, k++) {
          const t = (xs[j] - 1) | 0; // x > 0 ⇔ 0 ≤ t < 0x7f800000
          out[i] = gs[k] & (~t >> 31) & ((t - 0x7f800000) >> 31);
        }
      } else {
        const xs = x.storage as Real;
        const gs = g.storage as Real;
        const out = gx.storage as Real;
        for (let i = 0, j = x.offset, k = g.offset; i < n; i++, j++, k++) out[i] = xs[j] > 0 ? gs[k] : 0;
      }
      return [gx];
    },
  );
  return y;
}
