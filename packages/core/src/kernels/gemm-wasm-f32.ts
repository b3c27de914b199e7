/**
 * WebAssembly SIMD path of the float32 GEMM: single-precision arithmetic, as sgemm in BLAS (and PyTorch's CPU
 * matmul): float32 products summed in float32, so an entry of C over depth k carries the usual recursive-summation
 * error, |Δc| ≤ γ_k Σ|a||b| with γ_k = k·u/(1 − k·u), u = 2⁻²⁴ (Higham, "Accuracy and Stability of Numerical
 * Algorithms", 2nd ed., §3.1) — larger than the float64-accumulated TypeScript kernels' single rounding.
 *
 * The driver copies each operand's span of its array into the module's memory with one bulk copy (the kernel reads
 * it with the caller's strides, which may be negative or zero) — or, for a view whose span is much larger than its
 * elements, gathers it contiguous first — and runs `sgemm` (wasm/sgemm.ts), which packs 4×8-tile panels and runs the
 * f32x4 micro-kernel (Goto & van de Geijn, ACM TOMS 34(3), 2008; Van Zee & van de Geijn, ACM TOMS 41(3), 2015). C is
 * computed in WebAssembly memory (loaded there first when accumulating) and copied back. Products larger than
 * MAX_M×MAX_N×MAX_K go in chunks so memory stays bounded; depth chunks accumulate in WebAssembly memory.
 *
 * Assumptions: m, n, k ≥ 1, the arguments passed `checkGemm`, and C does not overlap A or B. Not re-entrant.
 */

import { copyFromHeap, copyToHeap, wasmGemmKernel } from './gemm-wasm';

/** Chunk bounds (memory ≤ 22 MiB: staged operands at most twice their elements, C, packed blocks). */
const MAX_M = 1024;
const MAX_N = 1024;
const MAX_K = 1024;
/** Bound of (rows + columns) × depth of a chunk: the depth of a thin product may exceed MAX_K up to it. */
const DEPTH_BUDGET = MAX_K * (MAX_M + MAX_N);
/** Micro-tile columns, depth and row blocks of wasm/sgemm.ts (its work area is sized from them). */
const NR = 8;
const KC = 256;
const MC = 64;
/** A view whose span exceeds this many times its element count (plus SLACK) is gathered rather than copied whole. */
const SPAN_RATIO = 2;
const SLACK = 64;
/** Below this many floats a span is copied with a loop (no subarray view object). */
const BULK = 256;

/** Rounds a float count up to a multiple of 4 (16-byte alignment). */
const align = (x: number) => (x + 3) & ~3;

/** Strides of the last {@link stage}d operand in the heap (set by it; the kernel is not re-entrant). */
let stagedRs = 0;
let stagedCs = 0;

/**
 * Puts X(i, j) = x[off + i·rs + j·cs] (rows×cols) into h from dst and returns the heap index of X(0, 0), leaving its
 * strides in stagedRs/stagedCs: the whole span [lo, hi] copied as is when it is at most SPAN_RATIO times the elements,
 * else gathered row-major.
 */
function stage(
  x: Float32Array,
  off: number,
  rows: number,
  cols: number,
  rs: number,
  cs: number,
  h: Float32Array,
  dst: number,
): number {
  const lo = off + Math.min(0, (rows - 1) * rs) + Math.min(0, (cols - 1) * cs);
  const hi = off + Math.max(0, (rows - 1) * rs) + Math.max(0, (cols - 1) * cs) + 1;
  if (hi - lo <= SPAN_RATIO * rows * cols + SLACK) {
    if (hi - lo >= BULK) h.set(x.subarray(lo, hi), dst);
    else for (let s = lo, d = dst; s < hi; s++, d++) h[d] = x[s];
    stagedRs = rs;
    stagedCs = cs;
    return dst + off - lo;
  }
  if (cs === 1 || rs === 1) {
    // Rows (or columns) are contiguous runs: one bulk copy each, keeping their orientation.
    const [lines, len, ls] = cs === 1 ? [rows, cols, rs] : [cols, rows, cs];
    for (let i = 0; i < lines; i++) h.set(x.subarray(off + i * ls, off + i * ls + len), dst + i * len);
    stagedRs = cs === 1 ? cols : 1;
    stagedCs = cs === 1 ? 1 : rows;
    return dst;
  }
  for (let i = 0, d = dst; i < rows; i++) for (let j = 0, s = off + i * rs; j < cols; j++, s += cs) h[d++] = x[s];
  stagedRs = cols;
  stagedCs = 1;
  return dst;
}

/** Floats of a staged operand of rows×cols (the span bound of {@link stage}). */
const stagedSize = (rows: number, cols: number) => align(SPAN_RATIO * rows * cols + SLACK);

/**
 * C = A·B (or C += A·B) in float32 with the WebAssembly kernel; arguments as `gemmF32`. Returns false, having touched
 * nothing, when the kernel is unavailable or its memory cannot grow; the caller then runs the TypeScript kernel.
 */
export function gemmWasmF32(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Float32Array,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float32Array,
  cOff: number,
  accumulate: boolean,
): boolean {
  const mMax = Math.min(m, MAX_M);
  const nMax = Math.min(n, MAX_N);
  // A deep product with few rows and columns (a weight gradient) takes more depth per chunk, up to the budget; chunks
  // are whole KC blocks, so the kernel's depth blocking (and the result) does not depend on the chunking.
  const kMax = Math.min(k, Math.max(MAX_K, KC * Math.floor(DEPTH_BUDGET / (mMax + nMax) / KC)));
  // Work area (edge tile, packed A block, packed B block), then C, then the staged operands.
  const pw = 0;
  const pc = align(4 * NR + MC * KC + Math.ceil(nMax / NR) * NR * Math.min(kMax, KC));
  const pa = pc + align(mMax * nMax);
  const pb = pa + stagedSize(mMax, kMax);
  const floats = pb + stagedSize(kMax, nMax);
  const wasm = wasmGemmKernel(Math.ceil(floats / 2));
  if (wasm === null) return false;
  const h = wasm.heap32;
  for (let i0 = 0; i0 < m; i0 += MAX_M) {
    const mb = Math.min(MAX_M, m - i0);
    for (let j0 = 0; j0 < n; j0 += MAX_N) {
      const nb = Math.min(MAX_N, n - j0);
      const cStart = cOff + i0 * n + j0;
      if (accumulate) copyToHeap(c, cStart, mb, nb, n, h, pc);
      for (let p0 = 0; p0 < k; p0 += kMax) {
        const kb = Math.min(kMax, k - p0);
        const aBase = stage(a, aOff + i0 * aRs + p0 * aCs, mb, kb, aRs, aCs, h, pa);
        const ars = stagedRs;
        const acs = stagedCs;
        const bBase = stage(b, bOff + p0 * bRs + j0 * bCs, kb, nb, bRs, bCs, h, pb);
        wasm.sgemm(
          mb,
          nb,
          kb,
          4 * aBase,
          ars,
          acs,
          4 * bBase,
          stagedRs,
          stagedCs,
          4 * pc,
          nb,
          4 * pw,
          accumulate || p0 > 0 ? 1 : 0,
        );
      }
      copyFromHeap(h, pc, mb, nb, c, cStart, n);
    }
  }
  return true;
}
