/**
 * Float64 and complex128 GEMM macro-kernels in AssemblyScript with WebAssembly SIMD (f64x2), compiled by
 * `packages/core/scripts/build-wasm.mjs` into `src/kernels/wasm/gemm-bytes.generated.ts`.
 *
 * Algorithm: the blocked loops of Goto & van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS
 * 34(3), 2008, around a BLIS-style micro-kernel (Van Zee & van de Geijn, ACM TOMS 41(3), 2015): a 4×4 tile of C is
 * held in eight f64x2 accumulators (two per row) over the whole depth of a packed block; per depth step it loads two
 * vectors of B, broadcasts four scalars of A (v128.load64_splat) and issues eight multiplies and eight adds
 * (`microTile<f64>` of tile.ts, shared with the float32 kernel at the other lane width). There is
 * no fused multiply-add in WebAssembly SIMD (relaxed-simd's is not deterministic), so each product and each sum is
 * rounded once, and each entry of C is one chain of adds per KC block, as in the packed TypeScript kernels: with the
 * same KC the results are bitwise equal to theirs. The complex kernel (`zgemm`, below) holds a 4×2 complex tile as
 * eight (re, im) accumulators.
 *
 * Assumptions (the JavaScript driver `src/kernels/gemm-wasm.ts` guarantees them): operands are already packed in this
 * module's memory as zero-padded micro-panels, per depth block of KC rows of the product's inner dimension: A's block
 * holds mp/4 panels of kc×4 values (row r of the panel at offset 4·p + r), B's block np/4 panels of kc×4 values,
 * zero-padded to mp and np (m and n rounded up to multiples of 4). C is m×n row-major with row stride ldc and does not
 * overlap the packed operands or the scratch tile. Pointers are byte offsets aligned to 16. The module allocates
 * nothing and has no globals; its memory is imported (env.memory) and sized by the caller. The float32 kernel
 * (`sgemm`) lives in `sgemm.ts` and the float32 batch-normalization loops in `batch-norm.ts`; both are exported from
 * here, so one module holds them all.
 */

export { bnBackward, bnForward } from './batch-norm';
export { moveRuns, transpose } from './layout';
export { sgemm } from './sgemm';

import { microTile, storeEdge, storeTile } from './tile';

/** Micro-tile rows. */
const MR: i32 = 4;
/** Micro-tile columns. */
const NR: i32 = 4;
/** Depth of a packed block (a kc×4 micro-panel of B, 8 KiB, stays in L1). */
const KC: i32 = 256;
/** Rows of A per macro block (MC×KC doubles, 192 KiB, stay in L2); a multiple of MR. */
const MC: i32 = 96;

/**
 * C (m×n at byte offset pc, row stride ldc doubles) = A·B for packed A (mp×k at pa) and packed B (k×np at pb), as
 * described above, with mp and np the sizes rounded up to multiples of 4. Partial edge tiles go through the
 * 16-double scratch at pt. The first depth block overwrites C unless `add`, later ones add to it.
 */
export function dgemm(m: i32, n: i32, k: i32, pa: usize, pb: usize, pc: usize, ldc: i32, pt: usize, add: bool): void {
  const mp = (m + MR - 1) & ~(MR - 1);
  const np = (n + NR - 1) & ~(NR - 1);
  const ldcb = (<usize>ldc) << 3;
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = min(KC, k - p0);
    const aBlock = pa + ((<usize>p0 * <usize>mp) << 3);
    const bBlock = pb + ((<usize>p0 * <usize>np) << 3);
    const first = p0 === 0 && !add;
    for (let i0 = 0; i0 < mp; i0 += MC) {
      const iEnd = min(mp, i0 + MC);
      for (let j = 0; j < np; j += NR) {
        const nr = min(NR, n - j);
        const bPanel = bBlock + ((<usize>j * <usize>kc) << 3);
        const cCol = pc + ((<usize>j) << 3);
        for (let i = i0; i < iEnd; i += MR) {
          const mr = min(MR, m - i);
          const aPanel = aBlock + ((<usize>i * <usize>kc) << 3);
          const cTile = cCol + <usize>i * ldcb;
          if (mr === MR && nr === NR) {
            microTile<f64>(kc, aPanel, bPanel, cTile, ldcb, first);
          } else {
            microTile<f64>(kc, aPanel, bPanel, pt, NR << 3, true);
            storeEdge<f64>(pt, NR << 3, cTile, ldcb, mr, nr, first);
          }
        }
      }
    }
  }
}

/** Complex micro-tile rows (complex elements). */
const ZMR: i32 = 4;
/** Complex micro-tile columns (complex elements). */
const ZNR: i32 = 2;
/** Depth of a packed complex block, as the TypeScript kernel's KC (a kc×2 complex micro-panel of B, stored twice, is 16 KiB). */
const ZKC: i32 = 256;
/** Rows of A per complex macro block (ZMC×ZKC complex, 256 KiB); a multiple of ZMR. */
const ZMC: i32 = 64;

/**
 * Complex C[4×2 at pc, row stride ldc bytes] (+)= A panel · B panel over kc depth steps. Per step the A panel holds
 * four (re, im) pairs and the B panel, per column, (re, im) then (−im, re), so that
 * c += splat(re a)·(re b, im b) + splat(im a)·(−im b, re b) is the complex product without shuffles.
 */
function zmicro(kc: i32, pa: usize, pb: usize, pc: usize, ldc: usize, first: bool): void {
  let c00 = f64x2.splat(0);
  let c01 = f64x2.splat(0);
  let c10 = f64x2.splat(0);
  let c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0);
  let c21 = f64x2.splat(0);
  let c30 = f64x2.splat(0);
  let c31 = f64x2.splat(0);
  const end = pa + ((<usize>kc) << 6);
  while (pa < end) {
    const b0 = v128.load(pb);
    const s0 = v128.load(pb, 16);
    const b1 = v128.load(pb, 32);
    const s1 = v128.load(pb, 48);
    let re = v128.load64_splat(pa);
    let im = v128.load64_splat(pa, 8);
    c00 = f64x2.add(c00, f64x2.add(f64x2.mul(re, b0), f64x2.mul(im, s0)));
    c01 = f64x2.add(c01, f64x2.add(f64x2.mul(re, b1), f64x2.mul(im, s1)));
    re = v128.load64_splat(pa, 16);
    im = v128.load64_splat(pa, 24);
    c10 = f64x2.add(c10, f64x2.add(f64x2.mul(re, b0), f64x2.mul(im, s0)));
    c11 = f64x2.add(c11, f64x2.add(f64x2.mul(re, b1), f64x2.mul(im, s1)));
    re = v128.load64_splat(pa, 32);
    im = v128.load64_splat(pa, 40);
    c20 = f64x2.add(c20, f64x2.add(f64x2.mul(re, b0), f64x2.mul(im, s0)));
    c21 = f64x2.add(c21, f64x2.add(f64x2.mul(re, b1), f64x2.mul(im, s1)));
    re = v128.load64_splat(pa, 48);
    im = v128.load64_splat(pa, 56);
    c30 = f64x2.add(c30, f64x2.add(f64x2.mul(re, b0), f64x2.mul(im, s0)));
    c31 = f64x2.add(c31, f64x2.add(f64x2.mul(re, b1), f64x2.mul(im, s1)));
    pa += 64;
    pb += 64;
  }
  storeTile<f64>(pc, ldc, first, c00, c01, c10, c11, c20, c21, c30, c31);
}

/**
 * Complex C (m×n, interleaved, at byte offset pc, row stride ldc complex elements) = A·B for packed A (per ZKC block,
 * mp/4 panels of kc×4 (re, im) pairs) and packed B (per ZKC block, np/2 panels of kc×2 columns, each column as
 * (re, im, −im, re)), with mp and np the sizes rounded up to multiples of 4 and 2. Partial edge tiles go through the
 * 16-double scratch at pt. The first depth block overwrites C unless `add`, later ones add to it.
 */
export function zgemm(m: i32, n: i32, k: i32, pa: usize, pb: usize, pc: usize, ldc: i32, pt: usize, add: bool): void {
  const mp = (m + ZMR - 1) & ~(ZMR - 1);
  const np = (n + ZNR - 1) & ~(ZNR - 1);
  const ldcb = (<usize>ldc) << 4;
  for (let p0 = 0; p0 < k; p0 += ZKC) {
    const kc = min(ZKC, k - p0);
    const aBlock = pa + ((<usize>p0 * <usize>mp) << 4);
    const bBlock = pb + ((<usize>p0 * <usize>np) << 5);
    const first = p0 === 0 && !add;
    for (let i0 = 0; i0 < mp; i0 += ZMC) {
      const iEnd = min(mp, i0 + ZMC);
      for (let j = 0; j < np; j += ZNR) {
        const nr = min(ZNR, n - j);
        const bPanel = bBlock + ((<usize>j * <usize>kc) << 5);
        const cCol = pc + ((<usize>j) << 4);
        for (let i = i0; i < iEnd; i += ZMR) {
          const mr = min(ZMR, m - i);
          const aPanel = aBlock + ((<usize>i * <usize>kc) << 4);
          const cTile = cCol + <usize>i * ldcb;
          if (mr === ZMR && nr === ZNR) {
            zmicro(kc, aPanel, bPanel, cTile, ldcb, first);
          } else {
            zmicro(kc, aPanel, bPanel, pt, ZNR << 4, true);
            storeEdge<f64>(pt, ZNR << 4, cTile, ldcb, mr, 2 * nr, first);
          }
        }
      }
    }
  }
}
