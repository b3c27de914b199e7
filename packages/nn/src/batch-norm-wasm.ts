/**
 * The float32 path of training-mode batch normalization (internal; batch-norm-train.ts decides when it runs): the
 * WebAssembly SIMD loops of @tapegrad/core's module (packages/core/wasm/batch-norm.ts, which states the precision:
 * PyTorch's CPU kernels — float64 statistics, float32 elementwise arithmetic). The operands are copied into the
 * module's memory with one bulk copy each and the results copied back. Both functions return false (having written
 * nothing) when the WebAssembly path is unavailable; the caller then runs the TypeScript loops.
 *
 * Assumptions: x, g and y are contiguous [N, C, *] float32, weight (if any) float32 [C], N·C ≥ 1. Not re-entrant.
 */
import type { Tensor } from '@tapegrad/core';
import { allocUnfilled, wasmGemmKernel } from '@tapegrad/core/internal';

/** Rounds a float count up to a multiple of 4 (16-byte alignment). */
const align = (n: number) => (n + 3) & ~3;

/** h[at + c] = t[c] for c < C (a 1-D float32 tensor, any strides), or `fill` when t is null. */
function putChannels(h: Float32Array, at: number, t: Tensor | null, C: number, fill: number): void {
  if (t === null) {
    h.fill(fill, at, at + C);
    return;
  }
  const s = t.storage as Float32Array;
  for (let c = 0; c < C; c++) h[at + c] = s[t.offset + c * t.strides[0]];
}

/** Per-channel statistics of a forward: mean, biased variance and 1/√(variance + eps), all unrounded float64. */
export interface WasmBatchStats {
  mean: Float64Array;
  variance: Float64Array;
  invstd: Float64Array;
}

/** The [N, C, S] geometry of x. */
function geometry(x: Tensor): [number, number, number] {
  const [N, C] = x.shape;
  return [N, C, x.size / (N * C)];
}

/**
 * y = batchNorm(x) (relu of it with `relu`) into `y` (float32, x's layout from 0), returning the statistics, or null
 * when the WebAssembly path is unavailable.
 */
export function batchNormForwardWasm(
  x: Tensor,
  weight: Tensor | null,
  bias: Tensor | null,
  eps: number,
  relu: boolean,
  y: Float32Array,
): WasmBatchStats | null {
  const [N, C, S] = geometry(x);
  const T = x.size;
  const py = align(T);
  const pw = py + align(T);
  const pstats = pw + align(2 * C);
  const kernel = wasmGemmKernel(Math.ceil((pstats + 6 * C) / 2));
  if (kernel === null) return null;
  const h = kernel.heap32;
  h.set((x.storage as Float32Array).subarray(x.offset, x.offset + T), 0);
  putChannels(h, pw, weight, C, 1);
  putChannels(h, pw + C, bias, C, 0);
  kernel.bnForward(N, C, S, 0, 4 * py, 4 * pw, 4 * pstats, eps, relu ? 1 : 0);
  y.set(h.subarray(py, py + T));
  const d = kernel.heap;
  const s = pstats / 2;
  return { mean: d.slice(s, s + C), variance: d.slice(s + C, s + 2 * C), invstd: d.slice(s + 2 * C, s + 3 * C) };
}

/**
 * The first-order backward: the gradients of x, weight and bias (float32; those of absent parameters computed all the
 * same) from x and the output gradient g (gs from gOff, x's layout); with `relu`, g masked where the forward's output
 * was not positive (recomputed from x, weight, bias and the statistics exactly as the forward computed it). Null when
 * the WebAssembly path is unavailable.
 */
export function batchNormBackwardWasm(
  x: Tensor,
  weight: Tensor | null,
  bias: Tensor | null,
  gs: Float32Array,
  gOff: number,
  relu: boolean,
  stats: WasmBatchStats,
): { x: Tensor; w: Tensor; b: Tensor } | null {
  const [N, C, S] = geometry(x);
  const T = x.size;
  const pg = align(T);
  const pgx = pg + align(T);
  const pw = pgx + align(T);
  const pstats = pw + align(2 * C);
  const pgrads = pstats + 4 * C;
  const kernel = wasmGemmKernel(Math.ceil((pgrads + 4 * C) / 2));
  if (kernel === null) return null;
  const h = kernel.heap32;
  h.set((x.storage as Float32Array).subarray(x.offset, x.offset + T), 0);
  h.set(gs.subarray(gOff, gOff + T), pg);
  putChannels(h, pw, weight, C, 1);
  putChannels(h, pw + C, bias, C, 0);
  const d = kernel.heap;
  d.set(stats.mean, pstats / 2);
  d.set(stats.invstd, pstats / 2 + C);
  kernel.bnBackward(N, C, S, 0, 4 * pg, 4 * pgx, 4 * pw, 4 * pstats, 4 * pgrads, relu ? 1 : 0);
  const gx = allocUnfilled(x.shape, 'float32'); // all three overwritten below
  const gw = allocUnfilled([C], 'float32');
  const gb = allocUnfilled([C], 'float32');
  (gx.storage as Float32Array).set(h.subarray(pgx, pgx + T));
  (gw.storage as Float32Array).set(d.subarray(pgrads / 2, pgrads / 2 + C));
  (gb.storage as Float32Array).set(d.subarray(pgrads / 2 + C, pgrads / 2 + 2 * C));
  return { x: gx, w: gw, b: gb };
}
