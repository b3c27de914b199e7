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
import { allocUnfilled } from '@tapegrad/core/internal';
import { dense, recordFused } from './fused';

type Real = Float64Array | Float32Array;

/** The Int32Array view of float32 storage. */
export function bitsOf(s: Float32Array): Int32Array {
  return new Int32Array(s.buffer, s.byteOffset, s.length);
}

/**
 * dst[dstOff + i] = relu(src[srcOff + i]) for i < n (one of the storages of a real floating dtype, both of it; may be
 * the same array, in place).
 */
export function reluInto(src: Real, srcOff: number, dst: Real, dstOff: number, n: number): void {
  if (src instanceof Float32Array && dst instanceof Float32Array) {
    const a = bitsOf(src);
    const d = bitsOf(dst);
    for (let i = 0, j = srcOff, o = dstOff; i < n; i++, j++, o++) {
      const b = a[j];
      const nan = (((b & 0x7fffffff) - 0x7f800001) >>> 31) ^ 1; // 1 for a NaN of either sign
      d[o] = b & ~((b >> 31) & (nan - 1)); // clears a negative (or −0) non-NaN
    }
    return;
  }
  for (let i = 0, j = srcOff, o = dstOff; i < n; i++, j++, o++) {
    const v = src[j];
    dst[o] = v > 0 ? v : v !== v ? v : 0;
  }
}

/**
 * out[outOff + i] = g[gOff + i] where x[xOff + i] > 0, else 0, for i < n (relu's first-order backward). For float32
 * all three arrays may be given as their Int32Array bit views (see {@link bitsOf}).
 */
export function reluMaskInto(
  x: Real | Int32Array,
  xOff: number,
  g: Real | Int32Array,
  gOff: number,
  out: Real | Int32Array,
  outOff: number,
  n: number,
): void {
  if (x instanceof Float32Array && g instanceof Float32Array && out instanceof Float32Array) {
    reluMaskInto(bitsOf(x), xOff, bitsOf(g), gOff, bitsOf(out), outOff, n);
    return;
  }
  if (x instanceof Int32Array && g instanceof Int32Array && out instanceof Int32Array) {
    for (let i = outOff, j = xOff, k = gOff, end = outOff + n; i < end; i++, j++, k++) {
      const t = (x[j] - 1) | 0; // x > 0 ⇔ 0 ≤ t < 0x7f800000
      out[i] = g[k] & (~t >> 31) & ((t - 0x7f800000) >> 31);
    }
    return;
  }
  for (let i = outOff, j = xOff, k = gOff, end = outOff + n; i < end; i++, j++, k++) out[i] = x[j] > 0 ? g[k] : 0;
}

/** relu of a real floating tensor (the caller checks). */
export function reluFused(input: Tensor): Tensor {
  const x = dense(input);
  const n = x.size;
  const y = allocUnfilled(x.shape, x.dtype);
  reluInto(x.storage as Real, x.offset, y.storage as Real, 0, n);
  recordFused(
    'nn.relu',
    [x],
    y,
    [x],
    (g) => [where(gt(x, 0), g, 0)],
    (gIn) => {
      const g = dense(gIn);
      const gx = allocUnfilled(x.shape, x.dtype);
      reluMaskInto(x.storage as Real, x.offset, g.storage as Real, g.offset, gx.storage as Real, 0, n);
      return [gx];
    },
  );
  return y;
}
