/**
 * Loading of the WebAssembly GEMM module (compiled from `packages/core/wasm/gemm.ts`) and the helpers its drivers
 * share: `gemm-wasm-real.ts` (float64 and float32, one product or a batch), `gemm-wasm-complex.ts` (complex128 and
 * complex64), and the float32 layout and batch-normalization loops of packages/nn.
 *
 * C is computed in WebAssembly memory (loaded there first when accumulating) and moved with one TypedArray.set when it
 * is a contiguous block of at least BULK scalars — one small view object per call, no buffers — else with loops.
 *
 * Loading is lazy and synchronous (`new WebAssembly.Module` at first use, no side effects on import). The path is off
 * when WebAssembly or its SIMD proposal is missing (the module fails `WebAssembly.validate`), when instantiation
 * fails, or when the environment variable TAPEGRAD_NO_WASM is set to anything but '' or '0'; the callers then run the
 * TypeScript kernels. The memory is reused; when a product needs more, a new instance with a larger memory replaces the
 * old one (see `instantiate`). Not re-entrant (one module instance; JavaScript is single-threaded).
 */

import type { RealArray } from './gemm-scratch';
import { GEMM_WASM_BASE64 } from './wasm/gemm-bytes.generated';

/** The parts of the WebAssembly JavaScript API used here (the project's `lib` does not declare them). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
}

/**
 * zgemm: complex C (m×n at byte offset pc, row stride ldc elements) = A·B, or += with add = 1, for A and B packed at
 * byte offsets pa and pb; pt is the byte offset of the edge-tile scratch (see wasm/gemm.ts).
 */
type PackedGemm = (
  m: number,
  n: number,
  k: number,
  pa: number,
  pb: number,
  pc: number,
  ldc: number,
  pt: number,
  add: number,
) => void;

/**
 * One instance of the module: the real and complex GEMM kernels, the float32 batch-normalization loops
 * (wasm/batch-norm.ts: bnForward(n, c, s, px, py, pw, pstats, eps, relu) and bnBackward(n, c, s, px, pg, pgx, pw,
 * pstats, pgrads, relu), byte offsets, relu 0 or 1), the batched float32 transpose and the im2col/col2im run copies
 * (wasm/layout.ts), and float64, float32 and int32 views of its memory. @internal
 */
export interface GemmKernel {
  /**
   * realGemm(f32, count, m, n, k, pa, ars, acs, pb, brs, bcs, poff, pc, ldc, pw, add): count real products C_t = A_t·B_t
   * (or +=, add = 1) in float32 (f32 = 1) or float64, operands at byte offsets pa, pb plus the element offsets in the
   * int32 pair at poff + 8t, with element strides; C_t at byte offset pc + t·m·ldc scalars, row stride ldc; pw the work
   * area (see wasm/strided.ts).
   */
  realGemm: (...args: number[]) => void;
  zgemm: PackedGemm;
  bnForward: (...args: number[]) => void;
  bnBackward: (...args: number[]) => void;
  transpose: (...args: number[]) => void;
  moveRuns: (...args: number[]) => void;
  heap: Float64Array;
  heap32: Float32Array;
  heapI32: Int32Array;
}

const PAGE = 65536;
/**
 * Cap of the doubling growth (32 MiB): larger requests get what they ask for (the largest, a float64 chunk of
 * gemm-wasm-real.ts with all of its operands strided, about 42 MiB).
 */
const CAP_PAGES = 512;
/** Memory of the first instance (1 MiB: a 128³ product). */
const FIRST_PAGES = 16;

let api: WasmApi | null = null;
let compiled: object | null = null;
/** undefined: not loaded yet; null: unavailable or disabled. */
let kernel: GemmKernel | null | undefined;

function decodeBase64(text: string): Uint8Array {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** True when TAPEGRAD_NO_WASM asks for the TypeScript kernels. */
function disabledByEnv(): boolean {
  const env = typeof process === 'object' && process !== null ? process.env : undefined;
  const flag = env?.TAPEGRAD_NO_WASM;
  return flag !== undefined && flag !== '' && flag !== '0';
}

/**
 * Instantiates the compiled module over a new memory of `pages` pages. The memory is never grown: growing detaches the
 * old ArrayBuffer, and the first detach in a V8 isolate permanently slows every optimized typed-array access in it
 * (the "array buffer detaching" protector; measured +10% on linalg.pinv of 8×8 batches). A larger instance replaces
 * this one instead, and the old memory is garbage-collected.
 */
function instantiate(pages: number): GemmKernel | null {
  if (api === null || compiled === null) return null;
  try {
    const memory = new api.Memory({ initial: pages });
    const exports = new api.Instance(compiled, { env: { memory } }).exports;
    const { realGemm, zgemm, bnForward, bnBackward, transpose, moveRuns } = exports;
    const kernels = [realGemm, zgemm, bnForward, bnBackward, transpose, moveRuns];
    if (kernels.some((f) => typeof f !== 'function')) return null;
    return {
      realGemm: realGemm as GemmKernel['realGemm'],
      zgemm: zgemm as PackedGemm,
      bnForward: bnForward as GemmKernel['bnForward'],
      bnBackward: bnBackward as GemmKernel['bnBackward'],
      transpose: transpose as GemmKernel['transpose'],
      moveRuns: moveRuns as GemmKernel['moveRuns'],
      heap: new Float64Array(memory.buffer),
      heap32: new Float32Array(memory.buffer),
      heapI32: new Int32Array(memory.buffer),
    };
  } catch {
    return null;
  }
}

function load(): GemmKernel | null {
  if (disabledByEnv()) return null;
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return null;
  try {
    const bytes = decodeBase64(GEMM_WASM_BASE64);
    if (!wasm.validate(bytes)) return null; // no SIMD support
    api = wasm;
    compiled = compiled ?? new wasm.Module(bytes);
  } catch {
    return null;
  }
  return instantiate(FIRST_PAGES);
}

/** True when the WebAssembly kernel can run (loads it on the first call). */
export function wasmGemmAvailable(): boolean {
  if (kernel === undefined) kernel = load();
  return kernel !== null;
}

/**
 * Turns the WebAssembly path off (false) or back on (true: reload, honouring TAPEGRAD_NO_WASM) — for tests that
 * compare it with the TypeScript kernels. @internal
 */
export function setWasmGemmEnabled(enabled: boolean): void {
  kernel = enabled ? load() : null;
}

/**
 * The kernel with memory for at least `doubles` float64 values (a larger instance, with twice the memory up to
 * 32 MiB, replaces a too small one), or null when the WebAssembly path is unavailable, disabled, or out of memory.
 * Loads the module on the first call. @internal
 */
export function wasmGemmKernel(doubles: number): GemmKernel | null {
  if (!wasmGemmAvailable()) return null;
  const current = kernel!;
  if (current.heap.length >= doubles) return current;
  const doubled = Math.min(CAP_PAGES, Math.ceil((2 * current.heap.length * 8) / PAGE));
  const pages = Math.max(Math.ceil((doubles * 8) / PAGE), doubled);
  const bigger = instantiate(pages);
  if (bigger === null) return null;
  kernel = bigger;
  return bigger;
}

/** Smallest m·n·k sent to WebAssembly (≈ 13³): below it a product takes about a microsecond either way. */
const MIN_WORK = 2048;

/**
 * Whether an m×k by k×n real product (m, n, k ≥ 1) goes to the WebAssembly kernel. Measured on Node 20 (2-core Xeon,
 * TypeScript kernel vs this path): 1.1–1.7× at 8³–16³, 3.4× at 64×64×32, 4–4.5× from 128³, 2.2× for rank-1 updates
 * of 100×100; but 0.9–1× when A has fewer than 4 rows or B fewer than 4 columns (the 4×4 tiles are mostly padding,
 * and the TypeScript dot/axpy loops are at their best), so those stay in TypeScript, as do products below MIN_WORK.
 * Does not load the module. @internal
 */
export function wasmGemmWorthwhile(m: number, n: number, k: number): boolean {
  return m >= 4 && n >= 4 && m * n * k >= MIN_WORK;
}

/** Doubles at the start of the memory for the kernel's edge-tile scratch (the packed operands follow). @internal */
export const TILE_SCRATCH = 16;
/** From this many scalars, C is moved with TypedArray.set (memcpy, 6–8× faster than a loop) through one view. */
const BULK = 1024;
/**
 * From this many scalars per row, a strided C (a column chunk of a product wider than MAX_N) is moved row by row with
 * TypedArray.set: one view per row instead of a loop (a P of 64×4096 went through the loop).
 */
const ROW_BULK = 256;

/**
 * Copies `rows` rows of `cols` scalars from c[src…] (row stride ldc) to h[dst…] (contiguous). @internal
 */
export function copyToHeap(
  c: RealArray,
  src: number,
  rows: number,
  cols: number,
  ldc: number,
  h: RealArray,
  dst: number,
): void {
  if (cols === ldc && rows * cols >= BULK) {
    h.set(c.subarray(src, src + rows * cols), dst);
    return;
  }
  if (cols >= ROW_BULK) {
    for (let i = 0; i < rows; i++, src += ldc, dst += cols) h.set(c.subarray(src, src + cols), dst);
    return;
  }
  for (let i = 0; i < rows; i++) {
    const end = src + cols;
    for (let s = src; s < end; s++) h[dst++] = c[s];
    src += ldc;
  }
}

/** Copies `rows` rows of `cols` scalars from h[src…] (contiguous) to c[dst…] (row stride ldc). @internal */
export function copyFromHeap(
  h: RealArray,
  src: number,
  rows: number,
  cols: number,
  c: RealArray,
  dst: number,
  ldc: number,
): void {
  if (cols === ldc && rows * cols >= BULK) {
    c.set(h.subarray(src, src + rows * cols), dst);
    return;
  }
  if (cols >= ROW_BULK) {
    for (let i = 0; i < rows; i++, src += cols, dst += ldc) c.set(h.subarray(src, src + cols), dst);
    return;
  }
  for (let i = 0; i < rows; i++) {
    const end = dst + cols;
    for (let o = dst; o < end; o++) c[o] = h[src++];
    dst += ldc;
  }
}
