/**
 * Max pooling as one recorded node (internal): the forward kernel scans each window once through unfold.ts's window
 * table and keeps, per output, the flat spatial index of the input element it took (PyTorch's `indices` of
 * max_pool2d_with_indices: the first maximum in window order, padding never chosen, NaN propagates: a NaN replaces
 * the running maximum, as ATen's CPU kernel `val > max || isnan(val)`). The backward scatters the output gradient to
 * those indices; its backward gathers from them, whose backward is the scatter again ({@link throughIndices}): the
 * two are adjoint, so derivatives of every order are right (the indices are piecewise constant in the input, so the
 * input-to-gradient derivative is zero, as PyTorch's).
 */
import { recordNodeSaving } from '@tapegrad/autograd/internal';
import type { Tensor } from '@tapegrad/core';
import { alloc, allocUnfilled } from '@tapegrad/core/internal';
import { type Axis, counts, windowOffsets } from './unfold';

/** Per output position (planes of N·C, each L long), the flat spatial index taken, and the input plane size. */
interface Indices {
  readonly index: Int32Array;
  /** Spatial size of one input plane (Π size). */
  readonly plane: number;
  /** Number of output positions per plane. */
  readonly L: number;
}

/**
 * [N, C, *spatial] → [N, C, L] (L = Π output sizes): the max over each window, padding excluded. Real floating
 * input; the callers check.
 */
export function maxPoolWindows(input: Tensor, axes: readonly Axis[]): Tensor {
  const x = input.isContiguous() ? input : input.contiguous();
  const [N, C] = x.shape;
  const { K, L } = counts(axes);
  const plane = axes.reduce((p, a) => p * a.size, 1);
  const spatialStrides = x.strides.slice(2);
  const table = windowOffsets(axes, spatialStrides);
  const out = allocUnfilled([N, C, L], x.dtype); // every output written below
  const index = new Int32Array(N * C * L);
  const src = x.storage as Float64Array | Float32Array;
  const dst = out.storage as Float64Array | Float32Array;
  if (!hasPadding(table) && K === 4) scan4(src, x.offset, N * C, plane, table, L, dst, index);
  else if (!hasPadding(table)) scanFull(src, x.offset, N * C, plane, table, K, L, dst, index);
  else
    for (let p = 0; p < N * C; p++) {
      const base = x.offset + p * plane;
      const row = p * L;
      for (let l = 0; l < L; l++) {
        let best = Number.NEGATIVE_INFINITY;
        let at = -1;
        for (let k = 0, j = l; k < K; k++, j += L) {
          const t = table[j];
          if (t < 0) continue;
          const v = src[base + t];
          if (at < 0 || v > best || v !== v) {
            best = v;
            at = t;
          }
        }
        dst[row + l] = best;
        index[row + l] = at;
      }
    }
  const ix: Indices = { index, plane, L };
  const shape = x.shape.slice();
  // The backward reads only the indices (not x, not the output): nothing to version-check.
  recordNodeSaving(
    'nn.maxPool',
    [x],
    [out],
    ([g]) => [g === null ? null : throughIndices(g, ix, shape, 'scatter')],
    [],
  );
  return out;
}

/** Whether a window table has padding entries (−1), cached per table. */
function hasPadding(table: Int32Array): boolean {
  let hit = paddingCache.get(table);
  if (hit === undefined) {
    hit = table.some((t) => t < 0);
    paddingCache.set(table, hit);
  }
  return hit;
}
const paddingCache = new WeakMap<Int32Array, boolean>();

/**
 * The window scan when no window reaches into the padding, without a data-dependent branch: the running index takes
 * the candidate's under a mask from the comparison `v > best || v is NaN` (the same rule as the loop above), and the
 * running maximum is reloaded through it. On random data a compare-and-branch mispredicts often; this is ~1.6× faster.
 */
function scanFull(
  src: Float64Array | Float32Array,
  offset: number,
  planes: number,
  plane: number,
  table: Int32Array,
  K: number,
  L: number,
  dst: Float64Array | Float32Array,
  index: Int32Array,
): void {
  const KL = K * L;
  for (let p = 0; p < planes; p++) {
    const base = offset + p * plane;
    const row = p * L;
    for (let l = 0; l < L; l++) {
      let at = table[l];
      let best = src[base + at];
      for (let j = l + L; j < KL; j += L) {
        const t = table[j];
        const v = src[base + t];
        const take = -(Number(v > best) | Number(v !== v));
        at ^= (at ^ t) & take;
        best = src[base + at];
      }
      dst[row + l] = best;
      index[row + l] = at;
    }
  }
}

/**
 * {@link scanFull} for windows of four elements (a 2×2 kernel, the common case), unrolled: without padding a window is
 * its first element's offset plus the same three offsets for every output, so one table entry is read per output.
 * The same comparisons in the same order, so the same maxima and indices.
 */
function scan4(
  src: Float64Array | Float32Array,
  offset: number,
  planes: number,
  plane: number,
  table: Int32Array,
  L: number,
  dst: Float64Array | Float32Array,
  index: Int32Array,
): void {
  const o1 = table[L] - table[0];
  const o2 = table[2 * L] - table[0];
  const o3 = table[3 * L] - table[0];
  for (let p = 0; p < planes; p++) {
    const base = offset + p * plane;
    const row = p * L;
    for (let l = 0; l < L; l++) {
      const t0 = table[l];
      let at = t0;
      let best = src[base + at];
      let v = src[base + t0 + o1];
      at ^= (at ^ (t0 + o1)) & -(Number(v > best) | Number(v !== v));
      best = src[base + at];
      v = src[base + t0 + o2];
      at ^= (at ^ (t0 + o2)) & -(Number(v > best) | Number(v !== v));
      best = src[base + at];
      v = src[base + t0 + o3];
      at ^= (at ^ (t0 + o3)) & -(Number(v > best) | Number(v !== v));
      dst[row + l] = src[base + at];
      index[row + l] = at;
    }
  }
}

/**
 * 'scatter': t [N, C, L] → `shape` [N, C, *spatial], each value added at the index its output took (max pooling's
 * backward); 'gather', its adjoint: t [N, C, *spatial] → `shape` [N, C, L], the value at each output's index. Each
 * one's backward is the other.
 */
function throughIndices(t: Tensor, ix: Indices, shape: readonly number[], direction: 'scatter' | 'gather'): Tensor {
  const tc = t.isContiguous() ? t : t.contiguous();
  const scatter = direction === 'scatter';
  const out = scatter ? alloc(shape, tc.dtype) : allocUnfilled(shape, tc.dtype); // the scatter adds into zeros
  const src = tc.storage as Float64Array | Float32Array;
  const dst = out.storage as Float64Array | Float32Array;
  const { index, plane, L } = ix;
  const planes = index.length / L;
  for (let p = 0; p < planes; p++) {
    const row = p * L;
    if (scatter) for (let l = 0, from = tc.offset + row; l < L; l++) dst[p * plane + index[row + l]] += src[from + l];
    else for (let l = 0, from = tc.offset + p * plane; l < L; l++) dst[row + l] = src[from + index[row + l]];
  }
  const inShape = tc.shape.slice();
  const back = scatter ? 'gather' : 'scatter';
  recordNodeSaving(
    scatter ? 'nn.maxPoolBackward' : 'nn.maxPoolGather',
    [tc],
    [out],
    ([g]) => [g === null ? null : throughIndices(g, ix, inShape, back)],
    [],
  );
  return out;
}
