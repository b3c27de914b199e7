/**
 * Batched 2-D transposes of flat real arrays (internal; the layout passes of conv-fused.ts): for b < batch, i < rows,
 * j < cols,
 *   dst[dOff + b·dB + j·dR + i] = src[sOff + b·sB + i·sR + j] (+ bias[b] when given).
 * float32 runs on the WebAssembly module's SIMD transpose (4×4 blocks; core wasm/layout.ts): the source span is copied
 * into its memory, transposed there and the destination span copied back, so the destination must be exactly the
 * batch·rows·cols elements written (a dense permutation; the callers' layouts are). Otherwise, and for float64, a
 * loop. Values are moved exactly (one float32 or float64 rounding with a bias). Not re-entrant.
 */
import { wasmGemmKernel } from '@tapegrad/core/internal';

type Real = Float64Array | Float32Array;

/** Layout of one side: offset, batch stride, row stride (element counts; the column stride is 1 on the source). */
export interface Side {
  array: Real;
  offset: number;
  batch: number;
  row: number;
}

/** Elements from the first to the last one a side addresses (its span), for batch × rows × cols. */
function span(s: Side, batch: number, rows: number, cols: number): number {
  return (batch - 1) * s.batch + (rows - 1) * s.row + cols;
}

/** See the file comment: `src` addressed (b, i, j), `dst` addressed (b, j, i). */
export function transposeInto(
  batch: number,
  rows: number,
  cols: number,
  src: Side,
  dst: Side,
  bias: Real | null,
): void {
  const count = batch * rows * cols;
  if (count === 0) return;
  const inSpan = span(src, batch, rows, cols);
  const outSpan = span(dst, batch, cols, rows);
  const f32 = src.array instanceof Float32Array && dst.array instanceof Float32Array;
  const align = (n: number) => (n + 3) & ~3;
  const kernel =
    f32 && outSpan === count ? wasmGemmKernel(Math.ceil((align(inSpan) + align(count) + batch) / 2)) : null;
  if (kernel !== null) {
    const h = kernel.heap32;
    const pout = align(inSpan);
    const pbias = pout + align(count);
    h.set(src.array.subarray(src.offset, src.offset + inSpan), 0);
    if (bias !== null) h.set(bias.subarray(0, batch), pbias);
    kernel.transpose(batch, rows, cols, 0, src.batch, src.row, 4 * pout, dst.batch, dst.row, 4 * pbias, bias ? 1 : 0);
    dst.array.set(h.subarray(pout, pout + count), dst.offset);
    return;
  }
  const s = src.array;
  const d = dst.array;
  for (let b = 0; b < batch; b++) {
    const add = bias === null ? 0 : bias[b];
    for (let i = 0; i < rows; i++) {
      const from = src.offset + b * src.batch + i * src.row;
      let to = dst.offset + b * dst.batch + i;
      if (bias === null) for (let j = 0; j < cols; j++, to += dst.row) d[to] = s[from + j];
      else for (let j = 0; j < cols; j++, to += dst.row) d[to] = s[from + j] + add;
    }
  }
}
