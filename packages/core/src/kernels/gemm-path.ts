/**
 * The algorithm choice of the real GEMM entry points (./gemm.ts) and the code that runs a chosen algorithm — shared by
 * the entry points and by the worker pool's row panels (./gemm-panel.ts), so that a panel computed on a worker goes
 * through exactly the kernel the calling thread would have used for the whole product.
 */
import { blockedReal, MR, NR } from './gemm-blocked';
import { directF32, directF64 } from './gemm-direct';
import type { RealArray } from './gemm-scratch';
import { thinF32, thinF64 } from './gemm-thin';
import { wasmGemmWorthwhile } from './gemm-wasm';
import { gemmWasmF32, gemmWasmReal } from './gemm-wasm-real';

/** Below this many multiply-adds (m·n·k), packing does not pay off. */
const SMALL_WORK = 32 * 32 * 32;
/** Largest m·k + k·n (elements) for which the unpacked kernel's strided re-reads of A and B stay in cache. */
const DIRECT_ELEMS = 65536;

/** The algorithms of the float kernels. @internal */
export type GemmPath = 'thinRows' | 'thinCols' | 'direct' | 'blocked';

/**
 * Picks the algorithm for an m×k by k×n float product (m, n, k ≥ 1): dot/axpy loops when A has fewer than MR rows or B
 * fewer than NR columns, the unpacked micro-kernel when the product is small or thin and its operands fit in cache,
 * else the packed, blocked kernel. @internal
 */
export function gemmPath(m: number, n: number, k: number): GemmPath {
  if (m < MR || n < NR) return m <= n ? 'thinRows' : 'thinCols';
  if (m * n * k < SMALL_WORK) return 'direct';
  if ((m < 16 || n < 16) && m * k + k * n <= DIRECT_ELEMS) return 'direct';
  return 'blocked';
}

/** The per-dtype kernels of the float entry points (V8 keeps type feedback per function: see ./gemm.ts). */
export interface RealKernels {
  readonly op: 'gemmF64' | 'gemmF32';
  readonly kind: Float64ArrayConstructor | Float32ArrayConstructor;
  readonly thin: typeof thinF64;
  readonly direct: typeof directF64;
}

export const F64: RealKernels = { op: 'gemmF64', kind: Float64Array, thin: thinF64, direct: directF64 };
export const F32: RealKernels = { op: 'gemmF32', kind: Float32Array, thin: thinF32, direct: directF32 };

/** The algorithm of a whole product: the WebAssembly kernel when it is worth it, else {@link gemmPath}'s choice. */
export function realPath(m: number, n: number, k: number): GemmPath | 'wasm' {
  return wasmGemmWorthwhile(m, n, k) ? 'wasm' : gemmPath(m, n, k);
}

/**
 * Runs algorithm `path` for checked operands with m, n, k ≥ 1 ('wasm' falls back to {@link gemmPath}'s choice when the
 * WebAssembly kernel is unavailable).
 */
export function runRealPath(
  kernels: RealKernels,
  path: GemmPath | 'wasm',
  m: number,
  n: number,
  k: number,
  a: RealArray,
  aOff: number,
  aRs: number,
  aCs: number,
  b: RealArray,
  bOff: number,
  bRs: number,
  bCs: number,
  c: RealArray,
  cOff: number,
  accumulate: boolean,
): void {
  if (path === 'wasm') {
    if (
      kernels === F32
        ? gemmWasmF32(
            m,
            n,
            k,
            a as Float32Array,
            aOff,
            aRs,
            aCs,
            b as Float32Array,
            bOff,
            bRs,
            bCs,
            c as Float32Array,
            cOff,
            accumulate,
          )
        : gemmWasmReal(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, accumulate)
    )
      return;
    path = gemmPath(m, n, k);
  }
  if (path === 'thinRows') {
    kernels.thin(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, n, 1, accumulate);
  } else if (path === 'thinCols') {
    // C^T = B^T·A^T: few rows of B^T, written down the columns of C.
    kernels.thin(n, m, k, b, bOff, bCs, bRs, a, aOff, aCs, aRs, c, cOff, 1, n, accumulate);
  } else if (path === 'direct') {
    kernels.direct(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, accumulate);
  } else {
    blockedReal(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, accumulate);
  }
}
