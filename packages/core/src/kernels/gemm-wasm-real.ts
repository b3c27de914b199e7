/**
 * WebAssembly SIMD path of the real GEMM, float64 (f64x2) and float32 (f32x4), for one product (`gemmWasmReal`,
 * `gemmWasmF32`) or a batch of equally shaped products (`gemmWasmBatch`). The kernels are those of
 * `packages/core/wasm/strided.ts` (Goto & van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS
 * 34(3), 2008; BLIS micro-kernel, Van Zee & van de Geijn, ACM TOMS 41(3), 2015): they read operands with element
 * strides and pack them themselves, so this driver only moves data: each operand's span of its array is copied into
 * the module's memory with one bulk copy (the kernel reads it with the caller's strides, which may be negative or
 * zero) — or, for a view whose span is much larger than its elements, gathered contiguous first. C is computed in
 * WebAssembly memory (loaded there first when accumulating) and copied back.
 *
 * Float64 is summed in float64; float32 in float32, as BLAS sgemm (and PyTorch's CPU matmul): an entry of C over depth
 * k carries the recursive-summation error |Δc| ≤ γ_k Σ|a||b|, γ_k = k·u/(1 − k·u), u = 2⁻²⁴ (Higham, "Accuracy and
 * Stability of Numerical Algorithms", 2nd ed., §3.1). `gemmWasmReal` also takes float32 operands (widened while
 * copied, summed in float64), as the float64 kernel always has.
 *
 * Products larger than MAX_M×MAX_N×MAX_K go in chunks so memory stays bounded; depth chunks are whole KC blocks and
 * accumulate in WebAssembly memory, so the chunking does not change the result. A batch goes in chunks of matrices
 * that fit a memory budget, each chunk one kernel call: no per-matrix JavaScript beyond two offsets.
 *
 * Assumptions: m, n, k ≥ 1, the arguments passed `checkGemm` (or, for a batch, the caller's shape checks), and C does
 * not overlap A or B. Not re-entrant (one module instance; JavaScript is single-threaded).
 */

import type { RealArray, RealGemm } from './gemm-scratch';
import { copyFromHeap, copyToHeap, type GemmKernel, wasmGemmKernel } from './gemm-wasm';

/** Chunk bounds of one product (memory ≤ 44 MiB of float64: staged operands at most twice their elements, C, work). */
const MAX_M = 1024;
const MAX_N = 1024;
const MAX_K = 1024;
/** Bound of (rows + columns) × depth of a chunk: the depth of a thin product may exceed MAX_K up to it. */
const DEPTH_BUDGET = MAX_K * (MAX_M + MAX_N);
/** Micro-tile rows, depth and row blocks of wasm/strided.ts (its work area is sized from them). */
const MR = 4;
const KC = 256;
const MC = 64;
/** A view whose span exceeds this many times its element count (plus SLACK) is gathered rather than copied whole. */
const SPAN_RATIO = 2;
const SLACK = 64;
/** Below this many scalars a span is copied with a loop (no subarray view object). */
const BULK = 256;
/** Scalars of WebAssembly memory a batch chunk may use (8 MiB of float64), so its operands stay near the caches. */
const BATCH_BUDGET = 1 << 20;

/** The per-dtype parts of the driver: the kernel's flag and memory view, and the micro-tile width. */
interface Lanes {
  /** The kernel's `f32` argument. */
  readonly f32: number;
  /** Scalars per float64 of memory (1 or 2). */
  readonly perDouble: number;
  /** Micro-tile columns of the kernel. */
  readonly nr: number;
  readonly heap: (w: GemmKernel) => RealArray;
}

const F64_LANES: Lanes = { f32: 0, perDouble: 1, nr: 4, heap: (w) => w.heap };
const F32_LANES: Lanes = { f32: 1, perDouble: 2, nr: 8, heap: (w) => w.heap32 };

/** Rounds a scalar count up to a multiple of 4 (16-byte alignment for float32, 32 bytes for float64). */
const align = (x: number) => (x + 3) & ~3;

/** Scalars of the kernel's work area for chunks n columns wide (edge tile, packed A block, packed B block). */
const workSize = (lanes: Lanes, n: number, k: number) =>
  align(MR * lanes.nr + MC * KC + Math.ceil(n / lanes.nr) * lanes.nr * Math.min(k, KC));

/** Strides of the last {@link stage}d operand in the heap (set by it; the kernel is not re-entrant). */
let stagedRs = 0;
let stagedCs = 0;

/**
 * Puts X(i, j) = x[off + i·rs + j·cs] (rows×cols) into h from dst and returns the heap index of X(0, 0), leaving its
 * strides in stagedRs/stagedCs: the whole span [lo, hi] copied as is when it is at most SPAN_RATIO times the elements
 * (and `whole` allows it), else gathered contiguous — row-major, or column-major when its columns are the contiguous
 * runs.
 */
function stage(
  x: RealArray,
  off: number,
  rows: number,
  cols: number,
  rs: number,
  cs: number,
  h: RealArray,
  dst: number,
  whole = true,
): number {
  const lo = off + Math.min(0, (rows - 1) * rs) + Math.min(0, (cols - 1) * cs);
  const hi = off + Math.max(0, (rows - 1) * rs) + Math.max(0, (cols - 1) * cs) + 1;
  if (whole && hi - lo <= SPAN_RATIO * rows * cols + SLACK) {
    copySpan(x, lo, hi, h, dst);
    stagedRs = rs;
    stagedCs = cs;
    return dst + off - lo;
  }
  if (cs === 1 || rs === 1) {
    // Rows (or columns) are contiguous runs: one bulk copy each, keeping their orientation.
    const [lines, len, ls] = cs === 1 ? [rows, cols, rs] : [cols, rows, cs];
    for (let i = 0; i < lines; i++) copySpan(x, off + i * ls, off + i * ls + len, h, dst + i * len);
    stagedRs = cs === 1 ? cols : 1;
    stagedCs = cs === 1 ? 1 : rows;
    return dst;
  }
  for (let i = 0, d = dst; i < rows; i++) for (let j = 0, s = off + i * rs; j < cols; j++, s += cs) h[d++] = x[s];
  stagedRs = cols;
  stagedCs = 1;
  return dst;
}

/** h[dst…] = x[lo, hi). */
function copySpan(x: RealArray, lo: number, hi: number, h: RealArray, dst: number): void {
  if (hi - lo >= BULK) h.set(x.subarray(lo, hi), dst);
  else for (let s = lo, d = dst; s < hi; s++, d++) h[d] = x[s];
}

/** Scalars of a staged operand of rows×cols (the span bound of {@link stage}). */
const stagedSize = (rows: number, cols: number) => align(SPAN_RATIO * rows * cols + SLACK);

/** The one-product driver for one dtype (see the file comment). */
function single(lanes: Lanes): RealGemm<boolean> {
  return (m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, accumulate) => {
    const mMax = Math.min(m, MAX_M);
    const nMax = Math.min(n, MAX_N);
    // A deep product with few rows and columns (a weight gradient) takes more depth per chunk, up to the budget;
    // chunks are whole KC blocks, so the kernel's depth blocking (and the result) does not depend on the chunking.
    const kMax = Math.min(k, Math.max(MAX_K, KC * Math.floor(DEPTH_BUDGET / (mMax + nMax) / KC)));
    // Work area (edge tile, packed A block, packed B block), a zero offset pair, C, then the staged operands.
    const pOff = workSize(lanes, nMax, kMax);
    const pc = pOff + 4;
    const pa = pc + align(mMax * nMax);
    const pb = pa + stagedSize(mMax, kMax);
    const scalars = pb + stagedSize(kMax, nMax);
    const wasm = wasmGemmKernel(Math.ceil(scalars / lanes.perDouble));
    if (wasm === null) return false;
    const h = lanes.heap(wasm);
    const bytes = 8 / lanes.perDouble;
    wasm.heapI32.fill(0, (pOff * bytes) / 4, (pOff * bytes) / 4 + 2);
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
          const [pa0, pb0, add] = [bytes * aBase, bytes * bBase, accumulate || p0 > 0 ? 1 : 0];
          wasm.realGemm(
            lanes.f32,
            1,
            mb,
            nb,
            kb,
            pa0,
            ars,
            acs,
            pb0,
            stagedRs,
            stagedCs,
            bytes * pOff,
            bytes * pc,
            nb,
            0,
            add,
          );
        }
        copyFromHeap(h, pc, mb, nb, c, cStart, n);
      }
    }
    return true;
  };
}

/**
 * C = A·B (or C += A·B) in float64 with the WebAssembly kernel; arguments as `gemmF64` (float32 operands are widened
 * and the product summed in float64). Returns false, having touched nothing, when the kernel is unavailable or its
 * memory cannot grow; the caller then runs the TypeScript kernel.
 */
export const gemmWasmReal: RealGemm<boolean> = single(F64_LANES);

/**
 * C = A·B (or C += A·B) in float32 with the WebAssembly kernel; arguments as `gemmF32`. Returns false, having touched
 * nothing, when the kernel is unavailable or its memory cannot grow; the caller then runs the TypeScript kernel.
 */
export const gemmWasmF32 = single(F32_LANES) as (
  ...args: [
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
  ]
) => boolean;

/**
 * Largest matrices (m·k + k·n + m·n scalars) a batch chunk takes; larger products go one by one through the entry
 * points (which split big ones over the thread pool).
 */
export const BATCH_MAX_MATRIX = BATCH_BUDGET / 8;

/**
 * Stages operand X of the matrices [t0, t1) of a batch (X_t(i, j) = x[offs[t] + i·rs + j·cs], rows×cols, with
 * geometry = [rows, cols, rs, cs]) into h from dst and writes their element offsets from the returned base to h32[pairs + 2(t − t0) + which]; returns the heap
 * index of the base and leaves the strides in stagedRs/stagedCs. The span of all of them is copied at once when it is
 * at most SPAN_RATIO times their elements (contiguous batches, and broadcast ones, whose span is one matrix), else
 * each matrix is gathered.
 */
function stageBatch(
  x: RealArray,
  offs: ArrayLike<number>,
  t0: number,
  t1: number,
  geometry: readonly [rows: number, cols: number, rs: number, cs: number],
  h: RealArray,
  dst: number,
  h32: Int32Array,
  pairs: number,
  which: number,
): void {
  const [rows, cols, rs, cs] = geometry;
  let first = offs[t0];
  let last = first;
  for (let t = t0 + 1; t < t1; t++) {
    const o = offs[t];
    if (o < first) first = o;
    else if (o > last) last = o;
  }
  const lo = first + Math.min(0, (rows - 1) * rs) + Math.min(0, (cols - 1) * cs);
  const hi = last + Math.max(0, (rows - 1) * rs) + Math.max(0, (cols - 1) * cs) + 1;
  const size = rows * cols;
  if (hi - lo <= SPAN_RATIO * (t1 - t0) * size + SLACK) {
    copySpan(x, lo, hi, h, dst);
    for (let t = t0, q = pairs + which; t < t1; t++, q += 2) h32[q] = offs[t] - lo;
    stagedRs = rs;
    stagedCs = cs;
    return;
  }
  for (let t = t0, q = pairs + which; t < t1; t++, q += 2) {
    stage(x, offs[t], rows, cols, rs, cs, h, dst + (t - t0) * size, false);
    h32[q] = (t - t0) * size;
  }
}

/**
 * C_t = A_t·B_t for t < count, in one WebAssembly call per chunk of matrices: A_t(i, p) = a[aOffs[t] + i·aRs +
 * p·aCs], B_t(p, j) = b[bOffs[t] + p·bRs + j·bCs], C_t(i, j) = c[cOff + t·m·n + i·n + j]. Float64 arrays are summed in
 * float64, float32 arrays in float32 (as the one-product drivers). Returns false, having touched nothing, when the
 * kernel is unavailable, cannot grow, or a matrix exceeds {@link BATCH_MAX_MATRIX}; the caller then loops over the
 * entry points. m, n, k ≥ 1; C overlaps neither operand.
 */
export function gemmWasmBatch(
  count: number,
  m: number,
  n: number,
  k: number,
  a: RealArray,
  aOffs: ArrayLike<number>,
  aRs: number,
  aCs: number,
  b: RealArray,
  bOffs: ArrayLike<number>,
  bRs: number,
  bCs: number,
  c: RealArray,
  cOff: number,
): boolean {
  const perMatrix = 2 * SPAN_RATIO * (m * k + k * n) + m * n + 2;
  if (m * k + k * n + m * n > BATCH_MAX_MATRIX) return false;
  const lanes = c instanceof Float32Array ? F32_LANES : F64_LANES;
  const work = workSize(lanes, n, k);
  const chunk = Math.max(1, Math.min(count, Math.floor((BATCH_BUDGET - work - 4 * SLACK) / perMatrix)));
  // Work area, then the offset pairs (as int32), C, staged A, staged B.
  const pOff = work;
  const pc = pOff + align(2 * chunk * (lanes.perDouble === 1 ? 0.5 : 1));
  const pa = pc + align(chunk * m * n);
  const pb = pa + align(SPAN_RATIO * chunk * m * k + SLACK);
  const scalars = pb + align(SPAN_RATIO * chunk * k * n + SLACK);
  const wasm = wasmGemmKernel(Math.ceil(scalars / lanes.perDouble));
  if (wasm === null) return false;
  const h = lanes.heap(wasm);
  const h32 = wasm.heapI32;
  const bytes = 8 / lanes.perDouble;
  const pairs = (pOff * bytes) / 4;
  for (let t0 = 0; t0 < count; t0 += chunk) {
    const t1 = Math.min(count, t0 + chunk);
    stageBatch(a, aOffs, t0, t1, [m, k, aRs, aCs], h, pa, h32, pairs, 0);
    const ars = stagedRs;
    const acs = stagedCs;
    stageBatch(b, bOffs, t0, t1, [k, n, bRs, bCs], h, pb, h32, pairs, 1);
    const [cnt, brs, bcs] = [t1 - t0, stagedRs, stagedCs];
    wasm.realGemm(
      lanes.f32,
      cnt,
      m,
      n,
      k,
      bytes * pa,
      ars,
      acs,
      bytes * pb,
      brs,
      bcs,
      bytes * pOff,
      bytes * pc,
      n,
      0,
      0,
    );
    copySpan(h, pc, pc + (t1 - t0) * m * n, c, cOff + t0 * m * n);
  }
  return true;
}
