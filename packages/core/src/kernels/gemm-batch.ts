/**
 * Batched real products C_t = A_t·B_t (the batch loop of matmul): small and medium matrices go to the batched
 * WebAssembly kernel (`gemmWasmBatch`, one call per chunk of matrices, no per-matrix JavaScript), the rest — large
 * matrices, which the entry points may split over the thread pool, or no WebAssembly — one by one through
 * `gemmF64` / `gemmF32`. Results per matrix are those of the WebAssembly kernels (float64 summed in float64, float32 in
 * float32, one chain of adds per entry and KC block).
 */
import { gemmF32, gemmF64 } from './gemm';
import { BATCH_MAX_MATRIX, gemmWasmBatch } from './gemm-wasm-real';

/** Matrices of at least this many multiply-adds go one by one (the entry points' thread split starts at 160³). */
const BATCH_MAX_WORK = 160 * 160 * 160;

/**
 * For t < count: C_t (m×n, c[cOff + t·m·n + i·n + j]) = A_t·B_t with A_t(i, p) = a[aOffs[t] + i·aRs + p·aCs] and
 * B_t(p, j) = b[bOffs[t] + p·bRs + j·bCs]. a, b and c are all Float64Array or all Float32Array; C overlaps neither.
 */
export function gemmBatchReal(
  count: number,
  m: number,
  n: number,
  k: number,
  a: Float64Array | Float32Array,
  aOffs: ArrayLike<number>,
  aRs: number,
  aCs: number,
  b: Float64Array | Float32Array,
  bOffs: ArrayLike<number>,
  bRs: number,
  bCs: number,
  c: Float64Array | Float32Array,
  cOff: number,
): void {
  if (
    count > 1 &&
    m > 0 &&
    n > 0 &&
    k > 0 &&
    m * n * k < BATCH_MAX_WORK &&
    m * k + k * n + m * n <= BATCH_MAX_MATRIX &&
    gemmWasmBatch(count, m, n, k, a, aOffs, aRs, aCs, b, bOffs, bRs, bCs, c, cOff)
  )
    return;
  if (c instanceof Float32Array) {
    const [fa, fb] = [a as Float32Array, b as Float32Array];
    for (let t = 0; t < count; t++)
      gemmF32(m, n, k, fa, aOffs[t], aRs, aCs, fb, bOffs[t], bRs, bCs, c, cOff + t * m * n);
  } else {
    const [fa, fb] = [a as Float64Array, b as Float64Array];
    for (let t = 0; t < count; t++)
      gemmF64(m, n, k, fa, aOffs[t], aRs, aCs, fb, bOffs[t], bRs, bCs, c, cOff + t * m * n);
  }
}
