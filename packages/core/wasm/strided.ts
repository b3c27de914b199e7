/**
 * Real GEMM macro-kernels in AssemblyScript with WebAssembly SIMD, written once for both lane types T (f64: f64x2,
 * f32: f32x4) and exported from the module entry `gemm.ts` as dgemm/sgemm (one product) and dgemmBatch/sgemmBatch
 * (a batch of equally shaped products in one call, so a batch of small matrices pays no per-matrix JavaScript).
 *
 * Algorithm: the blocked loops of Goto & van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS
 * 34(3), 2008 (a KC-deep block of B packed once, an MC×KC block of A packed per row block), around a BLIS-style
 * micro-kernel (Van Zee & van de Geijn, ACM TOMS 41(3), 2015): a 4×(32 / sizeof T) tile of C (4×4 doubles, 4×8
 * floats) in eight accumulators, two vectors per row (`microTile<T>` of tile.ts). Products and sums are rounded in T
 * (no fused multiply-add: relaxed-simd's is not deterministic), as in BLAS dgemm/sgemm; each entry of C is one chain
 * of adds per KC block, the block sums added to C in depth order. The depth blocking depends on k only, so a product
 * split into row panels (the thread pool's split) gives bit-identical results.
 *
 * The driver (`src/kernels/gemm-wasm-real.ts`) copies each operand's span into this module's memory with bulk copies
 * (or a gather, for sparse strided views) and passes element strides, which may be negative or zero; the packing runs
 * here. Small products (up to DIRECT_WORK multiply-adds, depth ≤ KC) skip packing: the same 4-row tiles read A through
 * its strides and B along its rows (`direct`). Products with fewer than four rows or columns (matrix–vector shapes in a
 * batch) take one dot product per entry (`thin`). Both keep the depth order of the packed loops, so every path gives
 * the same bits.
 *
 * Assumptions: X(i, p) is the T at byte offset px + sizeof T·(i·rs + p·cs) for both operands (the wrap-around of i32
 * arithmetic makes negative strides work); C is m×n row-major with row stride ldc elements and overlaps neither the
 * operands nor the work area; the work area at pw (16-aligned) holds {@link workSize} scalars. The module allocates
 * nothing and has no globals.
 */

import { microTile, storeEdge, storeTile } from './tile';

/** Micro-tile rows. */
const MR: i32 = 4;
/** Depth of a packed block (a kc×NR micro-panel of B, 8 KiB, stays in L1). */
const KC: i32 = 256;
/** Rows of A per packed block (MC×KC scalars, 128 KiB of f64, stay in L2); a multiple of MR. */
const MC: i32 = 64;
/**
 * Largest m·n·k of a product run without packing ({@link direct}): its operands stay in L1 and L2 anyway, and packing
 * cost 15–40% of such products (measured on 8³–64³ batches, Node 20).
 */
const DIRECT_WORK: i32 = 64 * 64 * 64;

/** Micro-tile columns: two vectors (4 doubles or 8 floats). */
function nrOf<T>(): i32 {
  return 32 / sizeof<T>();
}

/** Scalars of the work area for products n columns wide: edge tile, packed A block, packed B block. */
export function workSize<T>(n: i32): i32 {
  const nr = nrOf<T>();
  return MR * nr + MC * KC + ((n + nr - 1) / nr) * nr * KC;
}

/**
 * Packs `count` vectors of length `depth` (vector v, step p at byte px + s·(v·vs + p·ds), s = sizeof T) into
 * ⌈count/w⌉ zero-padded panels of depth×w scalars at dst (per step the w vectors' values side by side). Vector by
 * vector, so the reads run along the depth; when the vectors are adjacent in memory (vs = 1) and the panel is 16 or 32
 * bytes wide, a whole step is one or two v128 copies instead.
 */
function pack<T>(w: i32, count: i32, depth: i32, px: usize, vs: i32, ds: i32, dst: usize): void {
  const s = <usize>sizeof<T>();
  const step = <usize>w * s;
  for (let v0 = 0; v0 < count; v0 += w) {
    const valid = min(w, count - v0);
    const panel = dst + <usize>v0 * <usize>depth * s;
    if (vs === 1 && valid === w && (step === 32 || step === 16)) {
      let src = px + <usize>v0 * s;
      const dsb = <usize>ds * s;
      let d = panel;
      const end = panel + <usize>depth * step;
      if (step === 32) {
        for (; d < end; d += step, src += dsb) {
          v128.store(d, v128.load(src));
          v128.store(d, v128.load(src, 16), 16);
        }
      } else {
        for (; d < end; d += step, src += dsb) v128.store(d, v128.load(src));
      }
      continue;
    }
    for (let r = 0; r < w; r++) {
      let d = panel + <usize>r * s;
      const end = d + <usize>depth * step;
      if (r < valid) {
        let src = px + <usize>((v0 + r) * vs) * s;
        const dsb = <usize>ds * s;
        for (; d < end; d += step, src += dsb) store<T>(d, load<T>(src));
      } else {
        for (; d < end; d += step) store<T>(d, <T>0);
      }
    }
  }
}

/**
 * C (m×n at byte offset pc, row stride ldc elements) = A·B, or += when `add`, for A(i, p) at pa + s·(i·ars + p·acs)
 * and B(p, j) at pb + s·(p·brs + j·bcs), with the work area at pw (see the assumptions above).
 */
export function gemmStrided<T>(
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
  if (n >= 4 && k <= KC && m * n * k <= DIRECT_WORK) {
    // Small: no packing. B is read along its rows, so one whose columns are not adjacent is copied row-major first.
    if (bcs !== 1) {
      copyRows<T>(k, n, pb, brs, bcs, pw);
      direct<T>(m, n, k, pa, ars, acs, pw, n, pc, ldc, !add);
    } else direct<T>(m, n, k, pa, ars, acs, pb, brs, pc, ldc, !add);
    return;
  }
  const s = <usize>sizeof<T>();
  const nr0 = nrOf<T>();
  const np = (n + nr0 - 1) & ~(nr0 - 1);
  const ldcb = <usize>ldc * s;
  const pt = pw;
  const aw = pw + <usize>(MR * nr0) * s;
  const bw = aw + <usize>(MC * KC) * s;
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = min(KC, k - p0);
    const first = p0 === 0 && !add;
    // B's block as np/NR panels: vectors are B's columns (stride bcs), the depth runs down its rows (stride brs).
    pack<T>(nr0, n, kc, pb + <usize>(p0 * brs) * s, bcs, brs, bw);
    for (let i0 = 0; i0 < m; i0 += MC) {
      const mc = min(MC, m - i0);
      pack<T>(MR, mc, kc, pa + <usize>(i0 * ars + p0 * acs) * s, ars, acs, aw);
      const cRow = pc + <usize>i0 * ldcb;
      for (let j = 0; j < np; j += nr0) {
        const nr = min(nr0, n - j);
        const bPanel = bw + <usize>j * <usize>kc * s;
        const cCol = cRow + <usize>j * s;
        for (let i = 0; i < mc; i += MR) {
          const mr = min(MR, mc - i);
          const aPanel = aw + <usize>i * <usize>kc * s;
          const cTile = cCol + <usize>i * ldcb;
          if (mr === MR && nr === nr0) {
            microTile<T>(kc, aPanel, bPanel, cTile, ldcb, first);
          } else {
            microTile<T>(kc, aPanel, bPanel, pt, <usize>nr0 * s, true);
            storeEdge<T>(pt, <usize>nr0 * s, cTile, ldcb, mr, nr, first);
          }
        }
      }
    }
  }
}

/**
 * C (m×n, row stride ldc) = A·B (or += unless `first`) without packing, one dot product per entry over the depth in order (one chain of
 * adds per KC block, as {@link gemmStrided}, so the two agree bitwise): for products with fewer than four rows or
 * columns, where the 4-row tiles would be mostly padding.
 */
function thin<T>(
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
  first: bool,
): void {
  const s = <usize>sizeof<T>();
  const acsb = <usize>acs * s;
  const brsb = <usize>brs * s;
  for (let i = 0; i < m; i++) {
    const ar = pa + <usize>(i * ars) * s;
    const cr = pc + <usize>(i * ldc) * s;
    for (let j = 0; j < n; j++) {
      const bc = pb + <usize>(j * bcs) * s;
      let total: T = 0;
      for (let p0 = 0; p0 < k; p0 += KC) {
        const end = min(k, p0 + KC);
        let x = ar + <usize>p0 * acsb;
        let y = bc + <usize>p0 * brsb;
        let acc: T = load<T>(x) * load<T>(y);
        for (let p = p0 + 1; p < end; p++) {
          x += acsb;
          y += brsb;
          acc += load<T>(x) * load<T>(y);
        }
        total = p0 === 0 ? acc : total + acc;
      }
      const o = cr + <usize>j * s;
      store<T>(o, first ? total : load<T>(o) + total);
    }
  }
}

/**
 * C[4 rows at pc, row stride ldc bytes, 32 bytes each] (+)= A·B over k depth steps without packing: the four rows of A
 * at pa + r·ars (bytes), stepping acs bytes, and B's 32-byte row segments from pb, stepping brs bytes. The same
 * products and the same chain of adds per entry as `microTile` on packed panels.
 */
function directTile<T>(
  k: i32,
  pa: usize,
  ars: usize,
  acs: usize,
  pb: usize,
  brs: usize,
  pc: usize,
  ldc: usize,
  first: bool,
): void {
  let c00 = v128.splat<T>(0);
  let c01 = v128.splat<T>(0);
  let c10 = v128.splat<T>(0);
  let c11 = v128.splat<T>(0);
  let c20 = v128.splat<T>(0);
  let c21 = v128.splat<T>(0);
  let c30 = v128.splat<T>(0);
  let c31 = v128.splat<T>(0);
  let p1 = pa + ars;
  let p2 = p1 + ars;
  let p3 = p2 + ars;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load_splat<T>(pa);
    c00 = v128.add<T>(c00, v128.mul<T>(a, b0));
    c01 = v128.add<T>(c01, v128.mul<T>(a, b1));
    a = v128.load_splat<T>(p1);
    c10 = v128.add<T>(c10, v128.mul<T>(a, b0));
    c11 = v128.add<T>(c11, v128.mul<T>(a, b1));
    a = v128.load_splat<T>(p2);
    c20 = v128.add<T>(c20, v128.mul<T>(a, b0));
    c21 = v128.add<T>(c21, v128.mul<T>(a, b1));
    a = v128.load_splat<T>(p3);
    c30 = v128.add<T>(c30, v128.mul<T>(a, b0));
    c31 = v128.add<T>(c31, v128.mul<T>(a, b1));
    pa += acs;
    p1 += acs;
    p2 += acs;
    p3 += acs;
    pb += brs;
  }
  storeTile<T>(pc, ldc, first, c00, c01, c10, c11, c20, c21, c30, c31);
}

/** One row of C, 32 bytes at pc, (+)= A·B over k steps: {@link directTile} for a single row of A (at pa, stepping acs bytes). */
function rowTile<T>(k: i32, pa: usize, acs: usize, pb: usize, brs: usize, pc: usize, first: bool): void {
  let c0 = v128.splat<T>(0);
  let c1 = v128.splat<T>(0);
  for (let p = 0; p < k; p++) {
    const a = v128.load_splat<T>(pa);
    c0 = v128.add<T>(c0, v128.mul<T>(a, v128.load(pb)));
    c1 = v128.add<T>(c1, v128.mul<T>(a, v128.load(pb, 16)));
    pa += acs;
    pb += brs;
  }
  if (!first) {
    c0 = v128.add<T>(v128.load(pc), c0);
    c1 = v128.add<T>(v128.load(pc, 16), c1);
  }
  v128.store(pc, c0);
  v128.store(pc, c1, 16);
}

/**
 * C (m×n, row stride ldc) = A·B (or += unless `first`) without packing, for small products (k ≤ KC) whose B has unit
 * column stride: whole 4×NR tiles by {@link directTile}, the last m mod 4 rows by {@link rowTile}, the right edge
 * (n mod NR columns) by {@link thin}. The same products
 * and chains of adds as the packed loops of {@link gemmStrided}, so the same results.
 */
function direct<T>(
  m: i32,
  n: i32,
  k: i32,
  pa: usize,
  ars: i32,
  acs: i32,
  pb: usize,
  brs: i32,
  pc: usize,
  ldc: i32,
  first: bool,
): void {
  const s = <usize>sizeof<T>();
  const nr = nrOf<T>();
  const m4 = m & ~(MR - 1);
  const nf = n - (n % nr);
  const arsb = <usize>ars * s;
  const acsb = <usize>acs * s;
  const brsb = <usize>brs * s;
  const ldcb = <usize>ldc * s;
  // Column tiles outside, row tiles inside: a k×NR panel of B stays in L1 while A (m×k, in L1 or L2) streams past.
  for (let j = 0; j < nf; j += nr) {
    const bc = pb + <usize>j * s;
    const cc = pc + <usize>j * s;
    for (let i = 0; i < m4; i += MR)
      directTile<T>(k, pa + <usize>i * arsb, arsb, acsb, bc, brsb, cc + <usize>i * ldcb, ldcb, first);
    for (let i = m4; i < m; i++) rowTile<T>(k, pa + <usize>i * arsb, acsb, bc, brsb, cc + <usize>i * ldcb, first);
  }
  if (nf < n) thin<T>(m, n - nf, k, pa, ars, acs, pb + <usize>nf * s, brs, 1, pc + <usize>nf * s, ldc, first);
}

/** dst (rows×cols, contiguous row-major) = X(i, j) at px + s·(i·rs + j·cs). */
function copyRows<T>(rows: i32, cols: i32, px: usize, rs: i32, cs: i32, dst: usize): void {
  const s = <usize>sizeof<T>();
  const csb = <usize>cs * s;
  for (let i = 0; i < rows; i++) {
    let src = px + <usize>(i * rs) * s;
    const end = dst + <usize>cols * s;
    for (; dst < end; dst += s, src += csb) store<T>(dst, load<T>(src));
  }
}

/**
 * For t < count: C_t (m×n, contiguous, at pc + s·t·m·n) = A_t·B_t, where A_t(i, p) is at pa + s·(offA_t + i·ars +
 * p·acs) and B_t likewise from pb, with the element offsets offA_t, offB_t the i32 pairs at poff + 8t.
 */
export function gemmBatch<T>(
  count: i32,
  m: i32,
  n: i32,
  k: i32,
  pa: usize,
  ars: i32,
  acs: i32,
  pb: usize,
  brs: i32,
  bcs: i32,
  poff: usize,
  pc: usize,
  pw: usize,
): void {
  const s = <usize>sizeof<T>();
  const mnb = <usize>(m * n) * s;
  const small = n < 4 || (m < MR && k > KC);
  for (let t = 0; t < count; t++) {
    const a = pa + <usize>load<i32>(poff + ((<usize>t) << 3)) * s;
    const b = pb + <usize>load<i32>(poff + ((<usize>t) << 3), 4) * s;
    const c = pc + <usize>t * mnb;
    if (small) thin<T>(m, n, k, a, ars, acs, b, brs, bcs, c, n, true);
    else gemmStrided<T>(m, n, k, a, ars, acs, b, brs, bcs, c, n, pw, false);
  }
}
