/**
 * Float32 GEMM macro-kernel in AssemblyScript with WebAssembly SIMD (f32x4), exported by the module entry
 * `gemm.ts` and compiled with it.
 *
 * Algorithm: the blocked loops of Goto & van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS
 * 34(3), 2008 (a KC-deep block of B packed once, an MC×KC block of A packed per row block), around a BLIS-style
 * micro-kernel (Van Zee & van de Geijn, ACM TOMS 41(3), 2015): a 4×8 tile of C is held in eight f32x4 accumulators
 * (two per row) over the whole depth of a packed block; per depth step it loads two vectors of B, broadcasts four
 * scalars of A (v128.load32_splat) and issues eight multiplies and eight adds (`microTile<f32>` of tile.ts, the float64
 * kernel's code at the other lane width). Products and sums are rounded to
 * float32 (no fused multiply-add: relaxed-simd's is not deterministic), as in single-precision BLAS (sgemm); each
 * entry of C is one chain of adds per KC block, the block sums added to C in depth order.
 *
 * Unlike the float64 kernel, the packing runs here too: the driver (`src/kernels/gemm-wasm-f32.ts`) copies each
 * operand's span into this module's memory with one bulk copy (or a gather, for sparse strided views) and passes
 * element strides, which may be negative or zero.
 *
 * Assumptions: X(i, p) is the f32 at byte offset px + 4·(i·rs + p·cs) for both operands (the wrap-around of i32
 * arithmetic makes negative strides work); C is m×n row-major with row stride ldc elements and overlaps neither the
 * operands nor the work area; the work area at pw (16-aligned) holds TILE + MC·KC + ⌈n/8⌉·8·KC floats. The module
 * allocates nothing and has no globals.
 */

import { microTile, storeEdge } from './tile';

/** Micro-tile rows. */
const MR: i32 = 4;
/** Micro-tile columns (two f32x4 vectors). */
const NR: i32 = 8;
/** Depth of a packed block (a kc×8 micro-panel of B, 8 KiB, stays in L1). */
const KC: i32 = 256;
/** Rows of A per packed block (MC×KC floats, 64 KiB, stay in L2); a multiple of MR. */
const MC: i32 = 64;
/** Floats of the edge-tile scratch at the start of the work area. */
const TILE: i32 = MR * NR;

/**
 * Packs `count` vectors of length `depth` (vector v, step p at byte px + 4·(v·vs + p·ds)) into ⌈count/W⌉ zero-padded
 * panels of depth×W floats at dst, W = 4 or 8 (per step the W vectors' values side by side). Vector by vector, so
 * the reads run along the depth; when the vectors are adjacent in memory (vs = 1) a whole step is one or two v128
 * copies instead.
 */
function pack(w: i32, count: i32, depth: i32, px: usize, vs: i32, ds: i32, dst: usize): void {
  const step = <usize>(w << 2);
  for (let v0 = 0; v0 < count; v0 += w) {
    const valid = min(w, count - v0);
    const panel = dst + <usize>v0 * <usize>depth * 4;
    if (vs === 1 && valid === w) {
      let s = px + <usize>(v0 << 2);
      const dsb = <usize>(ds << 2);
      let d = panel;
      const end = panel + <usize>depth * step;
      if (w === 8) {
        for (; d < end; d += step, s += dsb) {
          v128.store(d, v128.load(s));
          v128.store(d, v128.load(s, 16), 16);
        }
      } else {
        for (; d < end; d += step, s += dsb) v128.store(d, v128.load(s));
      }
      continue;
    }
    for (let r = 0; r < w; r++) {
      let d = panel + <usize>(r << 2);
      const end = d + <usize>depth * step;
      if (r < valid) {
        let s = px + <usize>((v0 + r) * vs * 4);
        const dsb = <usize>(ds << 2);
        for (; d < end; d += step, s += dsb) store<f32>(d, load<f32>(s));
      } else {
        for (; d < end; d += step) store<f32>(d, 0);
      }
    }
  }
}

/**
 * C (m×n at byte offset pc, row stride ldc elements) = A·B, or += when `add`, for A(i, p) at pa + 4·(i·ars + p·acs)
 * and B(p, j) at pb + 4·(p·brs + j·bcs), with the work area at pw (see the assumptions above).
 */
export function sgemm(
  m: i32,
  n: i32,
  k: i32,
  pa: usize,
  ars: i32,
  acs: i32,
  pb: usize,
  brs: i32,
  bcs: i32,
  pc: usize,
  ldc: i32,
  pw: usize,
  add: bool,
): void {
  const np = (n + NR - 1) & ~(NR - 1);
  const ldcb = (<usize>ldc) << 2;
  const pt = pw;
  const aw = pw + <usize>(TILE << 2);
  const bw = aw + <usize>((MC * KC) << 2);
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = min(KC, k - p0);
    const first = p0 === 0 && !add;
    // B's block as np/8 panels: vectors are B's columns (stride bcs), the depth runs down its rows (stride brs).
    pack(NR, n, kc, pb + <usize>(p0 * brs * 4), bcs, brs, bw);
    for (let i0 = 0; i0 < m; i0 += MC) {
      const mc = min(MC, m - i0);
      pack(MR, mc, kc, pa + <usize>((i0 * ars + p0 * acs) * 4), ars, acs, aw);
      const cRow = pc + <usize>i0 * ldcb;
      for (let j = 0; j < np; j += NR) {
        const nr = min(NR, n - j);
        const bPanel = bw + ((<usize>j * <usize>kc) << 2);
        const cCol = cRow + ((<usize>j) << 2);
        for (let i = 0; i < mc; i += MR) {
          const mr = min(MR, mc - i);
          const aPanel = aw + ((<usize>i * <usize>kc) << 2);
          const cTile = cCol + <usize>i * ldcb;
          if (mr === MR && nr === NR) {
            microTile<f32>(kc, aPanel, bPanel, cTile, ldcb, first);
          } else {
            microTile<f32>(kc, aPanel, bPanel, pt, NR << 2, true);
            storeEdge<f32>(pt, NR << 2, cTile, ldcb, mr, nr, first);
          }
        }
      }
    }
  }
}
