/**
 * Entry of the WebAssembly module (compiled by `packages/core/scripts/build-wasm.mjs` into
 * `src/kernels/wasm/gemm-bytes.generated.ts`): the real GEMM kernel of `strided.ts` (realGemm, float64 and float32,
 * one product or a batch), the complex128 kernel below (zgemm), and the float32 loops of
 * `batch-norm.ts` and `layout.ts`, so one module holds them all.
 *
 * zgemm: the blocked loops of Goto & van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS
 * 34(3), 2008, around a BLIS-style micro-kernel (Van Zee & van de Geijn, ACM TOMS 41(3), 2015) holding a 4×2 complex
 * tile as eight (re, im) f64x2 accumulators. There is no fused multiply-add in WebAssembly SIMD (relaxed-simd's is not
 * deterministic), so each product and each sum is rounded once, and each entry of C is one chain of adds per KC block,
 * as in the packed TypeScript kernels: with the same KC the results are bitwise equal to theirs.
 *
 * Assumptions of zgemm (the JavaScript driver `src/kernels/gemm-wasm-complex.ts` guarantees them): operands are already
 * packed in this module's memory as zero-padded micro-panels, per depth block of ZKC rows of the product's inner
 * dimension (layout below). C does not overlap the packed operands or the scratch tile. Pointers are byte offsets
 * aligned to 16. The module allocates nothing; its memory is imported (env.memory) and sized by the
 * caller.
 */

export { bnBackward, bnForward } from './batch-norm';
export { moveRuns, transpose } from './layout';
export { realGemm } from './strided';

import { storeEdge, storeTile } from './tile';

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
