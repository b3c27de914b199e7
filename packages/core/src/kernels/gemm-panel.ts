/**
 * The worker side of a split float product (./gemm.ts): rows of C = A·B for a row panel of A (copied contiguous,
 * m×k), all of B (contiguous, k×n) and the panel of C (m×n, holding the old values when accumulating), run with the
 * algorithm chosen for the whole product. Each element of C gets the same operations in the same order as in the
 * unsplit product (the blocked kernels' depth blocking depends on k only; packing only copies), so the split result is
 * bit-identical.
 */
import { F32, F64, type GemmPath, runRealPath } from './gemm-path';

/** C(m×n) = A(m×k)·B(k×n) (or +=), all contiguous row-major, with algorithm `path`. Returns 0 (a batch-kernel status). */
export function gemmPanelF64(
  path: GemmPath | 'wasm',
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  accumulate: boolean,
): number {
  runRealPath(F64, path, m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, accumulate);
  return 0;
}

/** As {@link gemmPanelF64} for float32 operands, with the float32 kernels. */
export function gemmPanelF32(
  path: GemmPath | 'wasm',
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  accumulate: boolean,
): number {
  runRealPath(F32, path, m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, accumulate);
  return 0;
}
