/**
 * Real GEMM kernels in AssemblyScript with WebAssembly SIMD, written once for both lane types T (f64: f64x2, f32:
 * f32x4) and exported from the module entry `gemm.ts` as `realGemm`: a batch of equally shaped products in one call
 * (one product is a batch of one), so a batch of small matrices pays no per-matrix JavaScript.
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
 * here. Small products (up to DIRECT_WORK multiply-adds, depth ≤ KC) skip packing: the same tiles read A through its
 * strides and B along its rows (`direct`). Products with fewer than four columns (matrix–vector shapes in a batch)
 * take one dot product per entry (`thin`). All keep the depth order of the packed loops, so every path gives the same
 * bits.
 *
 * Assumptions: X(i, p) is the T at byte offset px + sizeof T·(i·rs + p·cs) for both operands (the wrap-around of i32
 * arithmetic makes negative strides work); C overlaps neither the operands nor the work area; the work area (16-aligned)
 * holds MR·NR + MC·KC + ⌈n/NR⌉·NR·min(k, KC) scalars. The module allocates nothing. The geometry shared by the
 * functions below (depth, strides, C's row stride, work area) sits in module globals set by `realGemm`, so each
 * function takes only what differs between its calls.
 */

import { microTile, storeEdge } from './tile';

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

/** Depth of the products. */
let K: i32 = 0;
/** Element strides of A (rows, depth) and B (depth, columns); B's change when a matrix of B is copied row-major. */
let ARS: i32 = 0;
let ACS: i32 = 0;
let BRS: i32 = 0;
let BCS: i32 = 0;
/** Row stride of C (elements) and the byte offset of the work area. */
let LDC: i32 = 0;
let PW: usize = 0;

/** Micro-tile columns: two vectors (4 doubles or 8 floats). */
function nrOf<T>(): i32 {
  return 32 / sizeof<T>();
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
 * For t < count: C_t (m×n at pc + s·t·m·ldc, row stride ldc, s = sizeof T) = A_t·B_t, or += when `add`, where
 * A_t(i, p) is at pa + s·(offA_t + i·ars + p·acs) and B_t(p, j) at pb + s·(offB_t + p·brs + j·bcs), the element
 * offsets offA_t, offB_t being the i32 pair at poff + 8t; float32 when `f32`, else float64; pw is the work area.
 */
export function realGemm(
  f32: bool,
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
  ldc: i32,
  pw: usize,
  add: bool,
): void {
  K = k;
  ARS = ars;
  ACS = acs;
  LDC = ldc;
  PW = pw;
  for (let t = 0; t < count; t++) {
    const offs = poff + ((<usize>t) << 3);
    BRS = brs;
    BCS = bcs;
    if (f32)
      product<f32>(
        m,
        n,
        pa + <usize>load<i32>(offs) * 4,
        pb + <usize>load<i32>(offs, 4) * 4,
        pc + <usize>(t * m * ldc) * 4,
        add,
      );
    else
      product<f64>(
        m,
        n,
        pa + <usize>load<i32>(offs) * 8,
        pb + <usize>load<i32>(offs, 4) * 8,
        pc + <usize>(t * m * ldc) * 8,
        add,
      );
  }
}

/** One product C (m×n at pc) (+)= A (at pa) · B (at pb): picks {@link thin}, {@link direct} or {@link packed}. */
function product<T>(m: i32, n: i32, pa: usize, pb: usize, pc: usize, add: bool): void {
  if (n < 4 || (m < MR && K > KC)) {
    thin<T>(m, n, pa, pb, pc, !add);
  } else if (K <= KC && m * n * K <= DIRECT_WORK) {
    // Small: no packing. B is read along its rows, so one whose columns are not adjacent is copied row-major first.
    if (BCS !== 1) {
      copyRows<T>(n, pb);
      pb = PW;
    }
    direct<T>(m, n, pa, pb, pc, !add);
  } else {
    packed<T>(m, n, pa, pb, pc, add);
  }
}

/** C (m×n at pc) (+)= A·B through packed blocks (the file comment's algorithm). */
function packed<T>(m: i32, n: i32, pa: usize, pb: usize, pc: usize, add: bool): void {
  const s = <usize>sizeof<T>();
  const nr0 = nrOf<T>();
  const np = (n + nr0 - 1) & ~(nr0 - 1);
  const ldcb = <usize>LDC * s;
  const pt = PW;
  const aw = PW + <usize>(MR * nr0) * s;
  const bw = aw + <usize>(MC * KC) * s;
  for (let p0 = 0; p0 < K; p0 += KC) {
    const kc = min(KC, K - p0);
    const first = p0 === 0 && !add;
    // B's block as np/NR panels: vectors are B's columns (stride bcs), the depth runs down its rows (stride brs).
    pack<T>(nr0, n, kc, pb + <usize>(p0 * BRS) * s, BCS, BRS, bw);
    for (let i0 = 0; i0 < m; i0 += MC) {
      const mc = min(MC, m - i0);
      pack<T>(MR, mc, kc, pa + <usize>(i0 * ARS + p0 * ACS) * s, ARS, ACS, aw);
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
            microTile<T, u8>(kc, aPanel, 0, 0, bPanel, 0, cTile, ldcb, first);
          } else {
            microTile<T, u8>(kc, aPanel, 0, 0, bPanel, 0, pt, <usize>nr0 * s, true);
            storeEdge<T>(pt, <usize>nr0 * s, cTile, ldcb, mr, nr, first);
          }
        }
      }
    }
  }
}

/**
 * C (m×n at pc) = A·B (or += unless `first`) without packing, one dot product per entry over the depth in order (one
 * chain of adds per KC block, as {@link packed}, so the two agree bitwise): for products with fewer than four columns,
 * where the tiles would be mostly padding, and the right edge of {@link direct}.
 */
function thin<T>(m: i32, n: i32, pa: usize, pb: usize, pc: usize, first: bool): void {
  const s = <usize>sizeof<T>();
  const acsb = <usize>ACS * s;
  const brsb = <usize>BRS * s;
  const k = K;
  for (let i = 0; i < m; i++) {
    const ar = pa + <usize>(i * ARS) * s;
    const cr = pc + <usize>(i * LDC) * s;
    for (let j = 0; j < n; j++) {
      const bc = pb + <usize>(j * BCS) * s;
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

/** One row of C, 32 bytes at pc, (+)= A·B over k steps: the row of A at pa (stepping acs bytes), B from pb. */
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
 * C (m×n at pc) = A·B (or += unless `first`) without packing, for small products (depth ≤ KC) whose B has unit column
 * stride: whole 4×NR tiles by `microTile` on the operands themselves, the last m mod 4 rows by {@link rowTile}, the
 * right edge (n mod NR columns) by {@link thin}. The same products and chains of adds as {@link packed}.
 */
function direct<T>(m: i32, n: i32, pa: usize, pb: usize, pc: usize, first: bool): void {
  const s = <usize>sizeof<T>();
  const nr = nrOf<T>();
  const nf = n - (n % nr);
  const arsb = <usize>ARS * s;
  const acsb = <usize>ACS * s;
  const brsb = <usize>BRS * s;
  const ldcb = <usize>LDC * s;
  // Per block of rows whose part of C stays in L2 (about 128 KiB): column tiles outside, row tiles inside, so a k×NR
  // panel of B stays in L1 while A streams past.
  const rb = max(MR, (<i32>((128 * 1024) / (<usize>n * s)) / MR) * MR);
  for (let i0 = 0; i0 < m; i0 += rb) {
    const i1 = min(m, i0 + rb);
    for (let j = 0; j < nf; j += nr) {
      const bc = pb + <usize>j * s;
      const cc = pc + <usize>j * s;
      let i = i0;
      for (; i + MR <= i1; i += MR) {
        microTile<T, u16>(K, pa + <usize>i * arsb, arsb, acsb, bc, brsb, cc + <usize>i * ldcb, ldcb, first);
      }
      for (; i < i1; i++) rowTile<T>(K, pa + <usize>i * arsb, acsb, bc, brsb, cc + <usize>i * ldcb, first);
    }
  }
  if (nf < n) thin<T>(m, n - nf, pa, pb + <usize>nf * s, pc + <usize>nf * s, first);
}

/** The work area = B (K×n at pb, strides BRS, BCS) row-major; BRS, BCS then describe the copy. */
function copyRows<T>(n: i32, pb: usize): void {
  const s = <usize>sizeof<T>();
  const csb = <usize>BCS * s;
  let dst = PW;
  for (let i = 0; i < K; i++) {
    let src = pb + <usize>(i * BRS) * s;
    const end = dst + <usize>n * s;
    for (; dst < end; dst += s, src += csb) store<T>(dst, load<T>(src));
  }
  BRS = n;
  BCS = 1;
}
