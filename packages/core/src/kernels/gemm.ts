/**
 * Matrix-multiply kernels: C = A·B (or C += A·B) for one m×k by k×n product.
 *
 * Algorithm: the layered blocking of Goto & van de Geijn, "Anatomy of high-performance matrix multiplication",
 * ACM TOMS 34(3), 2008, in the five-loop form of BLIS (Van Zee & van de Geijn, ACM TOMS 41(3), 2015). A KC×NC block
 * of B and an MC×KC block of A are packed into module-level Float64Array scratch (grown on demand, reused across
 * calls) as zero-padded micro-panels, and a 4×4 register-blocked micro-kernel of local variables accumulates each
 * tile of C over the KC loop. Packing reads A and B through arbitrary element strides, so transposed, strided and
 * broadcast (stride 0) views need no copy; float32 inputs are widened while packing and accumulated in float64.
 * Small products (and thin ones whose operands fit in cache) skip packing: the same 4×4 register block reads A and B
 * through their strides. Products with fewer than 4 rows or columns (matrix-vector) use dot-product or axpy loops,
 * whichever keeps the innermost loop on unit stride. The thresholds were measured on V8 (Node 20); V8 never fuses or
 * vectorises the multiply-adds, so the micro-kernel runs at about two scalar flops per cycle.
 *
 * Where WebAssembly SIMD is available, products above a small size (`wasmGemmWorthwhile`) run WebAssembly instead
 * (`gemm-wasm-real.ts`): float64 the f64x2 kernel (same blocking and summation order, about 4× faster from 128³),
 * float32 the f32x4 kernel in single-precision arithmetic, as BLAS sgemm and PyTorch (2–3× faster than the f64x2 kernel
 * on the shapes of a small CNN). The kernels here are their fallback and handle the rest. TAPEGRAD_NO_WASM=1 forces
 * them everywhere. Batches of products (matmul's batch loop) go through `gemm-batch.ts`, one WebAssembly call per chunk
 * of matrices.
 *
 * The float32 copies of the unpacked kernels are deliberate: V8 keeps type feedback per function, and one function
 * fed both Float32Array and Float64Array makes every element load polymorphic (measured 20–30% slower).
 *
 * Files: this driver picks the algorithm; `gemm-blocked.ts` (packed kernel), `gemm-direct.ts` (unpacked),
 * `gemm-thin.ts` (dot/axpy loops), `gemm-pack.ts` (packing, shared with the WebAssembly drivers), `gemm-scratch.ts`
 * (scratch buffers and edge-tile stores, shared with the complex kernels), `gemm-check.ts` (argument checks).
 *
 * Assumptions: strides are integers (0 allowed); C is written contiguous row-major (row stride n) from cOff and must
 * not overlap A or B. Not re-entrant (module-level scratch; JavaScript is single-threaded). Complex variants live in
 * `gemm-complex.ts` and are re-exported here.
 */

export { gemmC64, gemmC128 } from './gemm-complex';

import { checkGemm } from './gemm-check';
import { F32, F64, type GemmPath, type RealKernels, realPath, runRealPath } from './gemm-path';
import type { GemmOperands, RealArray } from './gemm-scratch';
import { splitGemm } from './gemm-split';

export { type GemmPath, gemmPath } from './gemm-path';

/** The signature of the entry points: operands as {@link GemmOperands}, then `accumulate` (default false). */
export type GemmEntry<T> = (...args: [...GemmOperands<T>, accumulate?: boolean]) => void;

/**
 * The float entry point for one dtype (gemmF64 or gemmF32): checks the arguments, then runs the WebAssembly kernel or
 * the TypeScript algorithm `gemmPath` picks — for a large product split by row panels over the threads of
 * setNumThreads (./gemm-split.ts).
 */
function realEntry<T extends RealArray>(kernels: RealKernels): GemmEntry<T> {
  return (m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, accumulate = false) => {
    checkGemm(kernels.op, kernels.kind, 1, m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff);
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
      if (!accumulate) c.fill(0, cOff, cOff + m * n);
      return;
    }
    const path: GemmPath | 'wasm' = realPath(m, n, k);
    if (
      (path === 'wasm' || path === 'blocked') &&
      splitGemm(path, m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, accumulate)
    )
      return;
    runRealPath(kernels, path, m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, accumulate);
  };
}

/**
 * Float64 matrix product C = A·B (or C += A·B with `accumulate`, default false).
 *
 * Arguments as {@link GemmOperands}: A(i, p) is `a[aOff + i·aRs + p·aCs]`, B(p, j) is `b[bOff + p·bRs + j·bCs]`;
 * strides are arbitrary integers (0 broadcasts), so transposed and strided views need no copy. C(i, j) is written to
 * `c[cOff + i·n + j]` (contiguous row-major). C must not overlap A or B. With k = 0, C is zero-filled.
 * @example
 * ```ts
 * // C (2×2) = A (2×3, row-major) · Bᵀ where B is stored row-major as 2×3
 * gemmF64(2, 2, 3, a, 0, 3, 1, b, 0, 1, 3, c, 0);
 * ```
 */
export const gemmF64: GemmEntry<Float64Array> = realEntry(F64);

/**
 * Float32 matrix product C = A·B (or C += A·B with `accumulate`). Products that go to WebAssembly are summed in
 * float32, as BLAS sgemm (error within γ_k·Σ|a||b|, γ_k ≈ k·2⁻²⁴); the TypeScript kernels (small products, or no
 * WebAssembly) sum in float64 and round to float32 on store. Arguments as {@link gemmF64}.
 * @example
 * ```ts
 * gemmF32(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0); // contiguous row-major A, B, C
 * ```
 */
export const gemmF32: GemmEntry<Float32Array> = realEntry(F32);

/**
 * Int32 matrix product C = A·B (or C += A·B with `accumulate`) with two's-complement wrap-around (as PyTorch int32).
 * Arguments as {@link gemmF64}.
 * @example
 * ```ts
 * gemmI32(2, 2, 2, Int32Array.of(1, 2, 3, 4), 0, 2, 1, Int32Array.of(5, 6, 7, 8), 0, 2, 1, c, 0); // c = [19, 22, 43, 50]
 * ```
 */
export const gemmI32: GemmEntry<Int32Array> = (m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, add = false) => {
  if (m <= 0 || n <= 0) return;
  if (!add) c.fill(0, cOff, cOff + m * n);
  let ci = cOff;
  let ar = aOff;
  for (let i = 0; i < m; i++) {
    const cEnd = ci + n;
    let ap = ar;
    let bp = bOff;
    for (let p = 0; p < k; p++) {
      const x = a[ap];
      let bj = bp;
      for (let j = ci; j < cEnd; j++) {
        c[j] = (c[j] + Math.imul(x, b[bj])) | 0;
        bj += bCs;
      }
      ap += aCs;
      bp += bRs;
    }
    ci = cEnd;
    ar += aRs;
  }
};
