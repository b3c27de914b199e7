/**
 * Sliding windows ("im2col", Chellapilla, Puri & Simard, "High Performance Convolutional Neural Networks for Document
 * Processing", 2006) for convolution and pooling (internal). An input [N, C, *spatial] becomes [N, C, K, L]: K kernel
 * offsets × L output positions. `unfold` is one strided copy through a cached table of window offsets and is recorded
 * as one node; its backward is its adjoint `fold` (col2im: accumulate each window element into the position it was
 * read from), whose backward is `unfold` again — so derivatives of every order work, and convolution is a single
 * batched GEMM forward and backward around them.
 *
 * Output sizes follow PyTorch: out = ⌊(size + padBefore + padAfter − dilation·(kernel − 1) − 1)/stride⌋ + 1, and in
 * ceil mode ⌈…⌉ + 1, minus one when the last window would start in the right padding.
 */

import { recordNode } from '@tapegrad/autograd/internal';
import type { Tensor } from '@tapegrad/core';
import { ShapeError } from '@tapegrad/core';
import { alloc, describeValue, formatShape } from '@tapegrad/core/internal';

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
 * storage offset (Σ position·stride over the spatial dims, `strides` being the spatial strides of the tensor read or
 * written) of the element it touches, or −1 when it falls in the padding. The last few tables are cached: a network
 * unfolds the same geometries every step.
 */
export function windowOffsets(axes: readonly Axis[], strides: readonly number[]): Int32Array {
  const key = `${axes.map((a) => `${a.size},${a.kernel},${a.stride},${a.dilation},${a.padBefore},${a.out}`).join(';')}|${strides.join(',')}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const { K, L } = counts(axes);
  const table = new Int32Array(K * L);
  const kIdx = new Array<number>(axes.length).fill(0);
  const oIdx = new Array<number>(axes.length).fill(0);
  for (let k = 0; k < K; k++) {
    oIdx.fill(0);
    for (let l = 0; l < L; l++) {
      let at = 0;
      for (let d = 0; d < axes.length; d++) {
        const a = axes[d];
        const pos = oIdx[d] * a.stride - a.padBefore + kIdx[d] * a.dilation;
        if (pos < 0 || pos >= a.size) {
          at = -1;
          break;
        }
        at += pos * strides[d];
      }
      table[k * L + l] = at;
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
  if (offsetCache.size >= 32) offsetCache.delete(offsetCache.keys().next().value as string);
  offsetCache.set(key, table);
  return table;
}
const offsetCache = new Map<string, Int32Array>();

/** Number of elements of one spatial plane (Π size). */
function planeSize(axes: readonly Axis[]): number {
  return axes.reduce((p, a) => p * a.size, 1);
}

/**
 * {@link windowOffsets} for a contiguous plane with the padding entries (−1) replaced by the plane size S: the index
 * of a spare slot after the plane, which holds the fill value (unfold) or absorbs what is added there (fold).
 */
function sentinelOffsets(axes: readonly Axis[]): Int32Array {
  const strides = axes.map((_, d) => axes.slice(d + 1).reduce((p, a) => p * a.size, 1));
  const table = windowOffsets(axes, strides);
  const hit = sentinelCache.get(table);
  if (hit !== undefined) return hit;
  const S = planeSize(axes);
  const out = table.map((at) => (at < 0 ? S : at));
  sentinelCache.set(table, out);
  return out;
}
const sentinelCache = new WeakMap<Int32Array, Int32Array>();

/**
 * Layout of the windows: 'NCKL' = [N, C, K, L] (pooling reduces over K), 'CKNL' = [C, K, N, L] (convolution: one
 * GEMM [O, C·K] × [C·K, N·L] per group, so the weight gradient needs no sum over the batch).
 */
export type WindowLayout = 'NCKL' | 'CKNL';

function windowShape(layout: WindowLayout, N: number, C: number, K: number, L: number): number[] {
  return layout === 'NCKL' ? [N, C, K, L] : [C, K, N, L];
}

/** Strides of the window tensor's n, c, k, l indices, in that order. */
function windowStrides(layout: WindowLayout, t: Tensor): [number, number, number, number] {
  const [a, b, c, d] = t.strides;
  return layout === 'NCKL' ? [a, b, c, d] : [c, a, b, d];
}

/**
 * [N, C, *spatial] → the windows (im2col) in `layout`, padding positions reading `fill`: one strided copy through the
 * window table, recorded as one node whose backward is {@link fold} (its adjoint), so every order of derivative works.
 * Real floating input (the callers check).
 */
export function unfold(input: Tensor, axes: readonly Axis[], fill: number, layout: WindowLayout = 'NCKL'): Tensor {
  const x = input.isContiguous() ? input : input.contiguous();
  const [N, C] = x.shape;
  const { K, L } = counts(axes);
  const S = planeSize(axes);
  const table = sentinelOffsets(axes);
  const out = alloc(windowShape(layout, N, C, K, L), x.dtype);
  const src = x.storage as Float64Array | Float32Array;
  const dst = out.storage as Float64Array | Float32Array;
  // One input plane at a time, copied next to a slot holding `fill` that the padding entries of the table point at:
  // the gather below then has no data-dependent branch.
  const plane = x.dtype === 'float32' ? new Float32Array(S + 1) : new Float64Array(S + 1);
  plane[S] = fill;
  const [dN, dC, dK] = windowStrides(layout, out);
  for (let b = 0; b < N; b++)
    for (let c = 0; c < C; c++) {
      const base = x.offset + (b * C + c) * S;
      plane.set(src.subarray(base, base + S));
      for (let k = 0; k < K; k++) {
        const row = b * dN + c * dC + k * dK;
        for (let l = 0, j = k * L; l < L; l++, j++) dst[row + l] = plane[table[j]];
      }
    }
  const shape = x.shape.slice(0, 2 + axes.length);
  recordNode('nn.unfold', [x], [out], ([g]) => [g === null ? null : fold(g, axes, shape, layout)]);
  return out;
}

/**
 * The adjoint of {@link unfold} (col2im): windows in `layout` → `shape` = [N, C, *spatial], each window element added
 * to the input position it was read from (padding positions dropped), so ⟨fold(y), x⟩ = ⟨y, unfold(x, 0)⟩. Its
 * backward is `unfold(·, 0)`. Real floating input (the callers check).
 */
export function fold(
  cols: Tensor,
  axes: readonly Axis[],
  shape: readonly number[],
  layout: WindowLayout = 'NCKL',
): Tensor {
  const [N, C] = shape;
  const { K, L } = counts(axes);
  const S = planeSize(axes);
  const out = alloc(shape, cols.dtype);
  const table = sentinelOffsets(axes);
  const src = cols.storage as Float64Array | Float32Array;
  const dst = out.storage as Float64Array | Float32Array;
  const [sN, sC, sK, sL] = windowStrides(layout, cols);
  // Accumulate one output plane at a time with a spare slot that absorbs the padding entries (no branch per element).
  const plane = cols.dtype === 'float32' ? new Float32Array(S + 1) : new Float64Array(S + 1);
  for (let b = 0; b < N; b++)
    for (let c = 0; c < C; c++) {
      const from = cols.offset + b * sN + c * sC;
      plane.fill(0);
      for (let k = 0; k < K; k++) {
        const row = from + k * sK;
        for (let l = 0, j = k * L; l < L; l++, j++) plane[table[j]] += src[row + l * sL];
      }
      dst.set(plane.subarray(0, S), (b * C + c) * S);
    }
  recordNode('nn.fold', [cols], [out], ([g]) => [g === null ? null : unfold(g, axes, 0, layout)]);
  return out;
}
