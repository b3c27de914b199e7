/**
 * WebAssembly SIMD path of the complex GEMM kernels (complex128 and complex64): packs op(A) and op(B) (op conjugating
 * on request) from interleaved typed arrays with any strides into the memory of the module of `gemm-wasm.ts`, runs its
 * `zgemm` macro-kernel and copies C back (overwriting or accumulating).
 *
 * Algorithm: Goto & van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS 34(3), 2008, with a
 * BLIS-style 4×2 complex micro-kernel (Van Zee & van de Geijn, ACM TOMS 41(3), 2015) keeping each entry of C as one
 * f64x2 (re, im) accumulator. B is packed with each value twice, as (re, im) and (−im, re), so the kernel forms a
 * complex product as splat(re a)·(re b, im b) + splat(im a)·(−im b, re b) with no shuffles; conjugation flips signs
 * while packing. C moves as in the real driver (`copyToHeap` / `copyFromHeap`). Products larger than MAX_M×MAX_N×MAX_K complex entries are chunked as in the real driver (the depth
 * chunks accumulating in WebAssembly memory).
 *
 * Assumptions: m, n, k ≥ 1 and the arguments passed `checkGemm`; offsets and strides count complex elements; C(i, j)
 * is at scalar index 2·(cOff + i·n + j) and does not overlap A or B. Not re-entrant.
 */

import { packComplexPanels } from './gemm-pack';
import type { ComplexGemm, RealArray } from './gemm-scratch';
import { copyFromHeap, copyToHeap, TILE_SCRATCH, wasmGemmKernel } from './gemm-wasm';

/** Micro-tile rows and columns (complex elements) and packed block depth; must match wasm/gemm.ts. */
const MR = 4;
const NR = 2;
const KC = 256;
/** Chunk bounds (complex elements): at most 28 MiB of packed operands and C. */
const MAX_M = 512;
const MAX_N = 512;
const MAX_K = 1024;
/** Smallest m·n·k (complex multiply-adds) sent to WebAssembly. */
const MIN_WORK = 512;

/**
 * Whether an m×k by k×n complex product (m, n, k ≥ 1) goes to the WebAssembly kernel. Measured on Node 20 (2-core
 * Xeon): 1.1–1.3× at 3³–8³, 3× from 64³, 2.2× for rank-1 updates of 64×64; but 0.3–0.7× when A has 1–2 rows (the
 * 4-row tiles are mostly padding), so those, and products below MIN_WORK, stay in TypeScript. @internal
 */
export function wasmComplexGemmWorthwhile(m: number, n: number, k: number): boolean {
  return m >= 3 && n >= 2 && m * n * k >= MIN_WORK;
}

/** Packs op(A) rows [0, m) × depth [0, k) (complex index base, strides rs, cs) into h from `dst`; sign −1 conjugates. */
function packA(
  m: number,
  k: number,
  a: RealArray,
  base: number,
  rs: number,
  cs: number,
  sign: number,
  h: Float64Array,
  dst: number,
): void {
  let o = dst;
  for (let p0 = 0; p0 < k; p0 += KC)
    o = packComplexPanels(MR, m, Math.min(KC, k - p0), a, base + p0 * cs, rs, cs, sign, h, o);
}

/**
 * Packs op(B) depth [0, k) × columns [0, n) into h from `dst`, each value as (re, im, −im, re); columns past n are
 * zero. sign −1 conjugates.
 */
function packB(
  n: number,
  np: number,
  k: number,
  b: RealArray,
  base: number,
  rs: number,
  cs: number,
  sign: number,
  h: Float64Array,
  dst: number,
): void {
  const rs2 = 2 * rs;
  const cs2 = 2 * cs;
  let o = dst;
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = Math.min(KC, k - p0);
    for (let j0 = 0; j0 < np; j0 += NR) {
      let s = 2 * (base + p0 * rs + j0 * cs);
      const pair = n - j0 >= NR;
      for (let p = 0; p < kc; p++) {
        const re0 = b[s];
        const im0 = sign * b[s + 1];
        h[o] = re0;
        h[o + 1] = im0;
        h[o + 2] = -im0;
        h[o + 3] = re0;
        if (pair) {
          const re1 = b[s + cs2];
          const im1 = sign * b[s + cs2 + 1];
          h[o + 4] = re1;
          h[o + 5] = im1;
          h[o + 6] = -im1;
          h[o + 7] = re1;
        } else {
          h[o + 4] = 0;
          h[o + 5] = 0;
          h[o + 6] = 0;
          h[o + 7] = 0;
        }
        o += 4 * NR;
        s += rs2;
      }
    }
  }
}

/**
 * Complex C = op(A)·op(B) (or C += …) with the WebAssembly kernel; arguments as `gemmC128` (complex64 operands are
 * widened and accumulated in float64). Returns false, having touched nothing, when the kernel is unavailable or its
 * memory cannot grow.
 */
export const gemmWasmComplex: ComplexGemm<boolean> = (
  m,
  n,
  k,
  a,
  ao,
  ars,
  acs,
  b,
  bo,
  brs,
  bcs,
  c,
  co,
  ca,
  cb,
  add,
) => {
  const mpMax = Math.ceil(Math.min(m, MAX_M) / MR) * MR;
  const npMax = Math.ceil(Math.min(n, MAX_N) / NR) * NR;
  const kbMax = Math.min(k, MAX_K);
  // Doubles: A 2·mp·kb, B 4·np·kb, C 2·mp·np.
  const wasm = wasmGemmKernel(TILE_SCRATCH + 2 * mpMax * kbMax + 4 * npMax * kbMax + 2 * mpMax * npMax);
  if (wasm === null) return false;
  const h = wasm.heap;
  const pa = TILE_SCRATCH;
  const sA = ca ? -1 : 1;
  const sB = cb ? -1 : 1;
  for (let i0 = 0; i0 < m; i0 += MAX_M) {
    const mb = Math.min(MAX_M, m - i0);
    const mp = Math.ceil(mb / MR) * MR;
    for (let j0 = 0; j0 < n; j0 += MAX_N) {
      const nb = Math.min(MAX_N, n - j0);
      const np = Math.ceil(nb / NR) * NR;
      const pb = pa + 2 * mp * kbMax;
      const pc = pb + 4 * np * kbMax;
      const cStart = 2 * (co + i0 * n + j0);
      if (add) copyToHeap(c, cStart, mb, 2 * nb, 2 * n, h, pc);
      for (let p0 = 0; p0 < k; p0 += MAX_K) {
        const kb = Math.min(MAX_K, k - p0);
        packA(mb, kb, a, ao + i0 * ars + p0 * acs, ars, acs, sA, h, pa);
        packB(nb, np, kb, b, bo + p0 * brs + j0 * bcs, brs, bcs, sB, h, pb);
        wasm.zgemm(mb, nb, kb, pa * 8, pb * 8, pc * 8, nb, 0, add || p0 > 0 ? 1 : 0);
      }
      copyFromHeap(h, pc, mb, 2 * nb, c, cStart, 2 * n);
    }
  }
  return true;
};
