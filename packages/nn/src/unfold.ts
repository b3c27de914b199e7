/**
 * Sliding windows ("im2col", Chellapilla, Puri & Simard, "High Performance Convolutional Neural Networks for Document
 * Processing", 2006) for convolution and pooling (internal). An input [N, C, *spatial] becomes [N, C, K, L]: K kernel
 * offsets × L output positions. It is one indexSelect of the flattened spatial dimension (extended by one slot that
 * holds the padding value), so its gradient is one scatterAdd (col2im) and convolution is then a single batched GEMM
 * forward and backward — no per-element JavaScript in the graph.
 *
 * Output sizes follow PyTorch: out = ⌊(size + padBefore + padAfter − dilation·(kernel − 1) − 1)/stride⌋ + 1, and in
 * ceil mode ⌈…⌉ + 1, minus one when the last window would start in the right padding.
 */
import type { Tensor } from '@tapegrad/core';
import { cat, full, ShapeError, tensor } from '@tapegrad/core';
import { describeValue, formatShape } from '@tapegrad/core/internal';

/** The geometry of one spatial dimension. */
export interface Axis {
  size: number;
  kernel: number;
  stride: number;
  dilation: number;
  padBefore: number;
  padAfter: number;
  out: number;
}

/**
 * The geometry of every spatial dimension of `input` (its trailing `kernel.length` dimensions), or a ShapeError
 * naming `op` and both shapes when a (dilated) kernel does not fit in the padded input.
 */
export function axesOf(
  op: string,
  input: Tensor,
  kernel: readonly number[],
  stride: readonly number[],
  padding: readonly (readonly [number, number])[],
  dilation: readonly number[],
  ceilMode = false,
): Axis[] {
  const n = kernel.length;
  return kernel.map((k, i) => {
    const size = input.shape[input.ndim - n + i];
    const [padBefore, padAfter] = padding[i];
    const span = dilation[i] * (k - 1) + 1;
    const room = size + padBefore + padAfter - span;
    if (room < 0)
      throw new ShapeError(
        `${op}: kernel size ${formatShape(kernel)} (dilated: ${span} in spatial dimension ${i}) is larger than the padded input (${size} + ${padBefore + padAfter}) (expected a padded input of at least ${span}, got ${describeValue(input)})`,
      );
    let out = (ceilMode ? Math.ceil(room / stride[i]) : Math.floor(room / stride[i])) + 1;
    if (ceilMode && (out - 1) * stride[i] >= size + padBefore) out -= 1;
    return { size, kernel: k, stride: stride[i], dilation: dilation[i], padBefore, padAfter, out };
  });
}

/** Number of kernel offsets and of output positions. */
export function counts(axes: readonly Axis[]): { K: number; L: number } {
  return {
    K: axes.reduce((p, a) => p * a.kernel, 1),
    L: axes.reduce((p, a) => p * a.out, 1),
  };
}

/**
 * For kernel offset k (row-major over the kernel dims) and output position l (row-major over the output dims), the
 * flat spatial index it reads, or `pad` (= number of spatial elements) when it falls in the padding.
 */
function windowIndex(axes: readonly Axis[]): { index: Int32Array; padded: boolean } {
  const { K, L } = counts(axes);
  const spatial = axes.reduce((p, a) => p * a.size, 1);
  const index = new Int32Array(K * L);
  let padded = false;
  const kIdx = new Array<number>(axes.length).fill(0);
  for (let k = 0; k < K; k++) {
    const oIdx = new Array<number>(axes.length).fill(0);
    for (let l = 0; l < L; l++) {
      let flat = 0;
      let inside = true;
      for (let d = 0; d < axes.length; d++) {
        const a = axes[d];
        const pos = oIdx[d] * a.stride - a.padBefore + kIdx[d] * a.dilation;
        if (pos < 0 || pos >= a.size) inside = false;
        flat = flat * a.size + pos;
      }
      if (!inside) padded = true;
      index[k * L + l] = inside ? flat : spatial;
      for (let d = axes.length - 1; d >= 0; d--) {
        if (++oIdx[d] < axes[d].out) break;
        oIdx[d] = 0;
      }
    }
    for (let d = axes.length - 1; d >= 0; d--) {
      if (++kIdx[d] < axes[d].kernel) break;
      kIdx[d] = 0;
    }
  }
  return { index, padded };
}

/** [N, C, *spatial] → [N, C, K, L], padding positions reading `fill`. */
export function unfold(input: Tensor, axes: readonly Axis[], fill: number): Tensor {
  const [N, C] = input.shape;
  const spatial = axes.reduce((p, a) => p * a.size, 1);
  const { K, L } = counts(axes);
  const { index, padded } = windowIndex(axes);
  let flat = input.reshape([N, C, spatial]);
  if (padded) flat = cat([flat, full([N, C, 1], fill, { dtype: input.dtype })], 2);
  return flat.indexSelect(2, tensor(index, { shape: [K * L] })).reshape([N, C, K, L]);
}
