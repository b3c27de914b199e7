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
 * Where WebAssembly SIMD is available, float64 and float32 products above a small size (`wasmGemmWorthwhile`) run the
 * f64x2 kernel of `gemm-wasm.ts` instead (same blocking, about 4× faster from 128³); the kernels here are its fallback
 * and handle the rest. TAPEGRAD_NO_WASM=1 forces them everywhere.
 *
 * The float32 copies of the unpacked kernels are deliberate: V8 keeps type feedback per function, and one function
 * fed both Float32Array and Float64Array makes every element load polymorphic (measured 20–30% slower).
 *
 * Assumptions: strides are integers (0 allowed); C is written contiguous row-major (row stride n) from cOff and must
 * not overlap A or B. Not re-entrant (module-level scratch; JavaScript is single-threaded). Complex variants live in
 * `gemm-complex.ts` and are re-exported here.
 */

export { gemmC64, gemmC128 } from './gemm-complex';

import { checkGemm } from './gemm-check';
import { gemmWasmReal, wasmGemmWorthwhile } from './gemm-wasm';

/** Real typed arrays the float kernels read and write. */
type RealArray = Float64Array | Float32Array;

/** Micro-tile rows (register block). */
const MR = 4;
/** Micro-tile columns (register block). */
const NR = 4;
/** Depth of a packed block: a KC×NR micro-panel of B (8 KiB) stays in L1. */
const KC = 256;
/** Rows of the packed A block: MC×KC doubles (256 KiB) stay in L2. */
const MC = 128;
/** Columns of the packed B block. */
const NC = 2048;
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

let packedA = new Float64Array(0);
let packedB = new Float64Array(0);
const tile = new Float64Array(MR * NR);

/** Returns a scratch buffer of at least `size` doubles for packed A, growing it when needed. */
function scratchA(size: number): Float64Array {
  if (packedA.length < size) packedA = new Float64Array(size);
  return packedA;
}

/** Returns a scratch buffer of at least `size` doubles for packed B, growing it when needed. */
function scratchB(size: number): Float64Array {
  if (packedB.length < size) packedB = new Float64Array(size);
  return packedB;
}

/**
 * Packs the mc×kc block of A starting at `base` into MR-row micro-panels: panel q holds, for p = 0..kc-1, the MR values
 * A(q·MR + r, p) consecutively. Rows past mc are zero.
 */
function packRealA(
  mc: number,
  kc: number,
  a: RealArray,
  base: number,
  rs: number,
  cs: number,
  dst: Float64Array,
): void {
  let o = 0;
  for (let i0 = 0; i0 < mc; i0 += MR) {
    let p0 = base + i0 * rs;
    if (mc - i0 >= MR) {
      let p1 = p0 + rs;
      let p2 = p1 + rs;
      let p3 = p2 + rs;
      for (let p = 0; p < kc; p++) {
        dst[o] = a[p0];
        dst[o + 1] = a[p1];
        dst[o + 2] = a[p2];
        dst[o + 3] = a[p3];
        o += MR;
        p0 += cs;
        p1 += cs;
        p2 += cs;
        p3 += cs;
      }
    } else {
      const rows = mc - i0;
      for (let p = 0; p < kc; p++) {
        let src = p0;
        for (let r = 0; r < MR; r++) {
          dst[o + r] = r < rows ? a[src] : 0;
          src += rs;
        }
        o += MR;
        p0 += cs;
      }
    }
  }
}

/**
 * Packs the kc×nc block of B starting at `base` into NR-column micro-panels: panel q holds, for p = 0..kc-1, the NR
 * values B(p, q·NR + c) consecutively. Columns past nc are zero.
 */
function packRealB(
  kc: number,
  nc: number,
  b: RealArray,
  base: number,
  rs: number,
  cs: number,
  dst: Float64Array,
): void {
  let o = 0;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    let p0 = base + j0 * cs;
    if (nc - j0 >= NR) {
      const c2 = cs + cs;
      const c3 = c2 + cs;
      for (let p = 0; p < kc; p++) {
        dst[o] = b[p0];
        dst[o + 1] = b[p0 + cs];
        dst[o + 2] = b[p0 + c2];
        dst[o + 3] = b[p0 + c3];
        o += NR;
        p0 += rs;
      }
    } else {
      const cols = nc - j0;
      for (let p = 0; p < kc; p++) {
        let src = p0;
        for (let c = 0; c < NR; c++) {
          dst[o + c] = c < cols ? b[src] : 0;
          src += cs;
        }
        o += NR;
        p0 += rs;
      }
    }
  }
}

/**
 * Multiplies packed mc×kc A by packed kc×nc B into C (row stride ldc) from `cBase`, overwriting or (add) accumulating.
 */
function macroReal(
  mc: number,
  nc: number,
  kc: number,
  pa: Float64Array,
  pb: Float64Array,
  c: RealArray,
  cBase: number,
  ldc: number,
  add: boolean,
): void {
  const t = tile;
  const aStep = kc * MR;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const bStart = j0 * kc;
    const nr = Math.min(nc - j0, NR);
    for (let i0 = 0; i0 < mc; i0 += MR) {
      let ai = i0 * kc;
      let bi = bStart;
      const end = ai + aStep;
      let c00 = 0;
      let c01 = 0;
      let c02 = 0;
      let c03 = 0;
      let c10 = 0;
      let c11 = 0;
      let c12 = 0;
      let c13 = 0;
      let c20 = 0;
      let c21 = 0;
      let c22 = 0;
      let c23 = 0;
      let c30 = 0;
      let c31 = 0;
      let c32 = 0;
      let c33 = 0;
      while (ai < end) {
        const b0 = pb[bi];
        const b1 = pb[bi + 1];
        const b2 = pb[bi + 2];
        const b3 = pb[bi + 3];
        let x = pa[ai];
        c00 += x * b0;
        c01 += x * b1;
        c02 += x * b2;
        c03 += x * b3;
        x = pa[ai + 1];
        c10 += x * b0;
        c11 += x * b1;
        c12 += x * b2;
        c13 += x * b3;
        x = pa[ai + 2];
        c20 += x * b0;
        c21 += x * b1;
        c22 += x * b2;
        c23 += x * b3;
        x = pa[ai + 3];
        c30 += x * b0;
        c31 += x * b1;
        c32 += x * b2;
        c33 += x * b3;
        ai += MR;
        bi += NR;
      }
      let o = cBase + i0 * ldc + j0;
      const mr = Math.min(mc - i0, MR);
      if (mr === MR && nr === NR) {
        if (add) {
          c[o] += c00;
          c[o + 1] += c01;
          c[o + 2] += c02;
          c[o + 3] += c03;
          o += ldc;
          c[o] += c10;
          c[o + 1] += c11;
          c[o + 2] += c12;
          c[o + 3] += c13;
          o += ldc;
          c[o] += c20;
          c[o + 1] += c21;
          c[o + 2] += c22;
          c[o + 3] += c23;
          o += ldc;
          c[o] += c30;
          c[o + 1] += c31;
          c[o + 2] += c32;
          c[o + 3] += c33;
        } else {
          c[o] = c00;
          c[o + 1] = c01;
          c[o + 2] = c02;
          c[o + 3] = c03;
          o += ldc;
          c[o] = c10;
          c[o + 1] = c11;
          c[o + 2] = c12;
          c[o + 3] = c13;
          o += ldc;
          c[o] = c20;
          c[o + 1] = c21;
          c[o + 2] = c22;
          c[o + 3] = c23;
          o += ldc;
          c[o] = c30;
          c[o + 1] = c31;
          c[o + 2] = c32;
          c[o + 3] = c33;
        }
      } else {
        t[0] = c00;
        t[1] = c01;
        t[2] = c02;
        t[3] = c03;
        t[4] = c10;
        t[5] = c11;
        t[6] = c12;
        t[7] = c13;
        t[8] = c20;
        t[9] = c21;
        t[10] = c22;
        t[11] = c23;
        t[12] = c30;
        t[13] = c31;
        t[14] = c32;
        t[15] = c33;
        storeTile(c, o, ldc, mr, nr, add);
      }
    }
  }
}

/** Packed, blocked product (the five loops of BLIS around the micro-kernel). */
function blockedReal(
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
  const kcMax = Math.min(k, KC);
  const mcMax = Math.min(m, MC);
  const ncMax = Math.min(n, NC);
  const pa = scratchA(Math.ceil(mcMax / MR) * MR * kcMax);
  const pb = scratchB(Math.ceil(ncMax / NR) * NR * kcMax);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(n - jc, NC);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(k - pc, KC);
      packRealB(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, pb);
      const add = accumulate || pc > 0;
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(m - ic, MC);
        packRealA(mc, kc, a, aOff + ic * aRs + pc * aCs, aRs, aCs, pa);
        macroReal(mc, nc, kc, pa, pb, c, cOff + ic * n + jc, n, add);
      }
    }
  }
}

/** Writes the leading mr×nr part of the row-major 4×4 `tile` to C at `o` (row stride ldc). */
function storeTile(c: RealArray, o: number, ldc: number, mr: number, nr: number, add: boolean): void {
  const t = tile;
  for (let r = 0; r < mr; r++) {
    const tr = r * NR;
    for (let q = 0; q < nr; q++) {
      if (add) c[o + q] += t[tr + q];
      else c[o + q] = t[tr + q];
    }
    o += ldc;
  }
}

/**
 * Unpacked product for small sizes: the 4×4 register-blocked kernel reading A and B through their strides. Edge tiles
 * re-read the last valid row/column (clamped offsets) and store only their valid part.
 */
function directF64(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Float64Array,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float64Array,
  cOff: number,
  add: boolean,
): void {
  const t = tile;
  for (let i0 = 0; i0 < m; i0 += MR) {
    const mr = Math.min(m - i0, MR);
    const ar = aOff + i0 * aRs;
    const s1 = mr > 1 ? aRs : 0;
    const s2 = mr > 2 ? s1 + aRs : s1;
    const s3 = mr > 3 ? s2 + aRs : s2;
    for (let j0 = 0; j0 < n; j0 += NR) {
      const nr = Math.min(n - j0, NR);
      const d1 = nr > 1 ? bCs : 0;
      const d2 = nr > 2 ? d1 + bCs : d1;
      const d3 = nr > 3 ? d2 + bCs : d2;
      let p0 = ar;
      let p1 = ar + s1;
      let p2 = ar + s2;
      let p3 = ar + s3;
      let q = bOff + j0 * bCs;
      let c00 = 0;
      let c01 = 0;
      let c02 = 0;
      let c03 = 0;
      let c10 = 0;
      let c11 = 0;
      let c12 = 0;
      let c13 = 0;
      let c20 = 0;
      let c21 = 0;
      let c22 = 0;
      let c23 = 0;
      let c30 = 0;
      let c31 = 0;
      let c32 = 0;
      let c33 = 0;
      for (let p = 0; p < k; p++) {
        const b0 = b[q];
        const b1 = b[q + d1];
        const b2 = b[q + d2];
        const b3 = b[q + d3];
        let x = a[p0];
        c00 += x * b0;
        c01 += x * b1;
        c02 += x * b2;
        c03 += x * b3;
        x = a[p1];
        c10 += x * b0;
        c11 += x * b1;
        c12 += x * b2;
        c13 += x * b3;
        x = a[p2];
        c20 += x * b0;
        c21 += x * b1;
        c22 += x * b2;
        c23 += x * b3;
        x = a[p3];
        c30 += x * b0;
        c31 += x * b1;
        c32 += x * b2;
        c33 += x * b3;
        p0 += aCs;
        p1 += aCs;
        p2 += aCs;
        p3 += aCs;
        q += bRs;
      }
      let o = cOff + i0 * n + j0;
      if (mr === MR && nr === NR && !add) {
        c[o] = c00;
        c[o + 1] = c01;
        c[o + 2] = c02;
        c[o + 3] = c03;
        o += n;
        c[o] = c10;
        c[o + 1] = c11;
        c[o + 2] = c12;
        c[o + 3] = c13;
        o += n;
        c[o] = c20;
        c[o + 1] = c21;
        c[o + 2] = c22;
        c[o + 3] = c23;
        o += n;
        c[o] = c30;
        c[o + 1] = c31;
        c[o + 2] = c32;
        c[o + 3] = c33;
      } else {
        t[0] = c00;
        t[1] = c01;
        t[2] = c02;
        t[3] = c03;
        t[4] = c10;
        t[5] = c11;
        t[6] = c12;
        t[7] = c13;
        t[8] = c20;
        t[9] = c21;
        t[10] = c22;
        t[11] = c23;
        t[12] = c30;
        t[13] = c31;
        t[14] = c32;
        t[15] = c33;
        storeTile(c, o, n, mr, nr, add);
      }
    }
  }
}

/** {@link directF64} for float32 (a separate copy keeps each kernel's element loads monomorphic in V8). */
function directF32(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Float32Array,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float32Array,
  cOff: number,
  add: boolean,
): void {
  const t = tile;
  for (let i0 = 0; i0 < m; i0 += MR) {
    const mr = Math.min(m - i0, MR);
    const ar = aOff + i0 * aRs;
    const s1 = mr > 1 ? aRs : 0;
    const s2 = mr > 2 ? s1 + aRs : s1;
    const s3 = mr > 3 ? s2 + aRs : s2;
    for (let j0 = 0; j0 < n; j0 += NR) {
      const nr = Math.min(n - j0, NR);
      const d1 = nr > 1 ? bCs : 0;
      const d2 = nr > 2 ? d1 + bCs : d1;
      const d3 = nr > 3 ? d2 + bCs : d2;
      let p0 = ar;
      let p1 = ar + s1;
      let p2 = ar + s2;
      let p3 = ar + s3;
      let q = bOff + j0 * bCs;
      let c00 = 0;
      let c01 = 0;
      let c02 = 0;
      let c03 = 0;
      let c10 = 0;
      let c11 = 0;
      let c12 = 0;
      let c13 = 0;
      let c20 = 0;
      let c21 = 0;
      let c22 = 0;
      let c23 = 0;
      let c30 = 0;
      let c31 = 0;
      let c32 = 0;
      let c33 = 0;
      for (let p = 0; p < k; p++) {
        const b0 = b[q];
        const b1 = b[q + d1];
        const b2 = b[q + d2];
        const b3 = b[q + d3];
        let x = a[p0];
        c00 += x * b0;
        c01 += x * b1;
        c02 += x * b2;
        c03 += x * b3;
        x = a[p1];
        c10 += x * b0;
        c11 += x * b1;
        c12 += x * b2;
        c13 += x * b3;
        x = a[p2];
        c20 += x * b0;
        c21 += x * b1;
        c22 += x * b2;
        c23 += x * b3;
        x = a[p3];
        c30 += x * b0;
        c31 += x * b1;
        c32 += x * b2;
        c33 += x * b3;
        p0 += aCs;
        p1 += aCs;
        p2 += aCs;
        p3 += aCs;
        q += bRs;
      }
      let o = cOff + i0 * n + j0;
      if (mr === MR && nr === NR && !add) {
        c[o] = c00;
        c[o + 1] = c01;
        c[o + 2] = c02;
        c[o + 3] = c03;
        o += n;
        c[o] = c10;
        c[o + 1] = c11;
        c[o + 2] = c12;
        c[o + 3] = c13;
        o += n;
        c[o] = c20;
        c[o + 1] = c21;
        c[o + 2] = c22;
        c[o + 3] = c23;
        o += n;
        c[o] = c30;
        c[o + 1] = c31;
        c[o + 2] = c32;
        c[o + 3] = c33;
      } else {
        t[0] = c00;
        t[1] = c01;
        t[2] = c02;
        t[3] = c03;
        t[4] = c10;
        t[5] = c11;
        t[6] = c12;
        t[7] = c13;
        t[8] = c20;
        t[9] = c21;
        t[10] = c22;
        t[11] = c23;
        t[12] = c30;
        t[13] = c31;
        t[14] = c32;
        t[15] = c33;
        storeTile(c, o, n, mr, nr, add);
      }
    }
  }
}

/**
 * Product with fewer than MR rows of A (callers pass the transposed problem when n is the thin side): each row of C is
 * either a sum of rows of B scaled by A(i, p) (when B's rows are contiguous) or dot products of the row of A with four
 * columns of B at a time. C(i, j) is `c[cOff + i·cRs + j·cCs]`. Accumulates in a float64 scratch row.
 */
function thinF64(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Float64Array,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float64Array,
  cOff: number,
  cRs: number,
  cCs: number,
  add: boolean,
): void {
  const row = scratchA(n);
  const k4 = k - (k & 3);
  for (let i = 0; i < m; i++) {
    const ar = aOff + i * aRs;
    if (bCs === 1) {
      for (let j = 0; j < n; j++) row[j] = 0;
      let ap = ar;
      let q = bOff;
      const b2 = bRs + bRs;
      const b3 = b2 + bRs;
      const a2 = aCs + aCs;
      const a3 = a2 + aCs;
      for (let p = 0; p < k4; p += 4) {
        const x0 = a[ap];
        const x1 = a[ap + aCs];
        const x2 = a[ap + a2];
        const x3 = a[ap + a3];
        let q0 = q;
        for (let j = 0; j < n; j++) {
          row[j] += x0 * b[q0] + x1 * b[q0 + bRs] + x2 * b[q0 + b2] + x3 * b[q0 + b3];
          q0++;
        }
        ap += a3 + aCs;
        q += b3 + bRs;
      }
      for (let p = k4; p < k; p++) {
        const x = a[ap];
        let q0 = q;
        for (let j = 0; j < n; j++) row[j] += x * b[q0++];
        ap += aCs;
        q += bRs;
      }
    } else {
      const n4 = n - (n & 3);
      const d2 = bCs + bCs;
      const d3 = d2 + bCs;
      for (let j0 = 0; j0 < n4; j0 += 4) {
        let ap = ar;
        let q = bOff + j0 * bCs;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let p = 0; p < k; p++) {
          const x = a[ap];
          s0 += x * b[q];
          s1 += x * b[q + bCs];
          s2 += x * b[q + d2];
          s3 += x * b[q + d3];
          ap += aCs;
          q += bRs;
        }
        row[j0] = s0;
        row[j0 + 1] = s1;
        row[j0 + 2] = s2;
        row[j0 + 3] = s3;
      }
      for (let j = n4; j < n; j++) {
        let ap = ar;
        let q = bOff + j * bCs;
        let s = 0;
        for (let p = 0; p < k; p++) {
          s += a[ap] * b[q];
          ap += aCs;
          q += bRs;
        }
        row[j] = s;
      }
    }
    let o = cOff + i * cRs;
    if (add) {
      for (let j = 0; j < n; j++) {
        c[o] += row[j];
        o += cCs;
      }
    } else {
      for (let j = 0; j < n; j++) {
        c[o] = row[j];
        o += cCs;
      }
    }
  }
}

/** {@link thinF64} for float32 (a separate copy keeps each kernel's element loads monomorphic in V8). */
function thinF32(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Float32Array,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float32Array,
  cOff: number,
  cRs: number,
  cCs: number,
  add: boolean,
): void {
  const row = scratchA(n);
  const k4 = k - (k & 3);
  for (let i = 0; i < m; i++) {
    const ar = aOff + i * aRs;
    if (bCs === 1) {
      for (let j = 0; j < n; j++) row[j] = 0;
      let ap = ar;
      let q = bOff;
      const b2 = bRs + bRs;
      const b3 = b2 + bRs;
      const a2 = aCs + aCs;
      const a3 = a2 + aCs;
      for (let p = 0; p < k4; p += 4) {
        const x0 = a[ap];
        const x1 = a[ap + aCs];
        const x2 = a[ap + a2];
        const x3 = a[ap + a3];
        let q0 = q;
        for (let j = 0; j < n; j++) {
          row[j] += x0 * b[q0] + x1 * b[q0 + bRs] + x2 * b[q0 + b2] + x3 * b[q0 + b3];
          q0++;
        }
        ap += a3 + aCs;
        q += b3 + bRs;
      }
      for (let p = k4; p < k; p++) {
        const x = a[ap];
        let q0 = q;
        for (let j = 0; j < n; j++) row[j] += x * b[q0++];
        ap += aCs;
        q += bRs;
      }
    } else {
      const n4 = n - (n & 3);
      const d2 = bCs + bCs;
      const d3 = d2 + bCs;
      for (let j0 = 0; j0 < n4; j0 += 4) {
        let ap = ar;
        let q = bOff + j0 * bCs;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let p = 0; p < k; p++) {
          const x = a[ap];
          s0 += x * b[q];
          s1 += x * b[q + bCs];
          s2 += x * b[q + d2];
          s3 += x * b[q + d3];
          ap += aCs;
          q += bRs;
        }
        row[j0] = s0;
        row[j0 + 1] = s1;
        row[j0 + 2] = s2;
        row[j0 + 3] = s3;
      }
      for (let j = n4; j < n; j++) {
        let ap = ar;
        let q = bOff + j * bCs;
        let s = 0;
        for (let p = 0; p < k; p++) {
          s += a[ap] * b[q];
          ap += aCs;
          q += bRs;
        }
        row[j] = s;
      }
    }
    let o = cOff + i * cRs;
    if (add) {
      for (let j = 0; j < n; j++) {
        c[o] += row[j];
        o += cCs;
      }
    } else {
      for (let j = 0; j < n; j++) {
        c[o] = row[j];
        o += cCs;
      }
    }
  }
}

/**
 * Float64 matrix product C = A·B (or C += A·B with `accumulate`).
 *
 * A(i, p) is `a[aOff + i·aRowStride + p·aColStride]`, B(p, j) is `b[bOff + p·bRowStride + j·bColStride]`; strides are
 * arbitrary integers (0 broadcasts), so transposed and strided views need no copy. C(i, j) is written to
 * `c[cOff + i·n + j]` (contiguous row-major). C must not overlap A or B. With k = 0, C is zero-filled.
 * @param accumulate add the product to C instead of overwriting it (default false)
 * @example
 * ```ts
 * // C (2×2) = A (2×3, row-major) · Bᵀ where B is stored row-major as 2×3
 * gemmF64(2, 2, 3, a, 0, 3, 1, b, 0, 1, 3, c, 0);
 * ```
 */
export function gemmF64(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  aRowStride: number,
  aColStride: number,
  b: Float64Array,
  bOff: number,
  bRowStride: number,
  bColStride: number,
  c: Float64Array,
  cOff: number,
  accumulate = false,
): void {
  checkGemm(
    'gemmF64',
    Float64Array,
    1,
    m,
    n,
    k,
    a,
    aOff,
    aRowStride,
    aColStride,
    b,
    bOff,
    bRowStride,
    bColStride,
    c,
    cOff,
  );
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) c.fill(0, cOff, cOff + m * n);
    return;
  }
  if (
    wasmGemmWorthwhile(m, n, k) &&
    gemmWasmReal(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff, accumulate)
  )
    return;
  const path = gemmPath(m, n, k);
  if (path === 'thinRows') {
    thinF64(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff, n, 1, accumulate);
  } else if (path === 'thinCols') {
    // C^T = B^T·A^T: few rows of B^T, written down the columns of C.
    thinF64(n, m, k, b, bOff, bColStride, bRowStride, a, aOff, aColStride, aRowStride, c, cOff, 1, n, accumulate);
  } else if (path === 'direct') {
    directF64(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff, accumulate);
  } else {
    blockedReal(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff, accumulate);
  }
}

/**
 * Float32 matrix product C = A·B (or C += A·B with `accumulate`); products are accumulated in float64 and rounded to
 * float32 on store. Arguments as {@link gemmF64}.
 * @example
 * ```ts
 * gemmF32(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0); // contiguous row-major A, B, C
 * ```
 */
export function gemmF32(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aOff: number,
  aRowStride: number,
  aColStride: number,
  b: Float32Array,
  bOff: number,
  bRowStride: number,
  bColStride: number,
  c: Float32Array,
  cOff: number,
  accumulate = false,
): void {
  checkGemm(
    'gemmF32',
    Float32Array,
    1,
    m,
    n,
    k,
    a,
    aOff,
    aRowStride,
    aColStride,
    b,
    bOff,
    bRowStride,
    bColStride,
    c,
    cOff,
  );
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) c.fill(0, cOff, cOff + m * n);
    return;
  }
  if (
    wasmGemmWorthwhile(m, n, k) &&
    gemmWasmReal(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff, accumulate)
  )
    return;
  const path = gemmPath(m, n, k);
  if (path === 'thinRows') {
    thinF32(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff, n, 1, accumulate);
  } else if (path === 'thinCols') {
    // C^T = B^T·A^T: few rows of B^T, written down the columns of C.
    thinF32(n, m, k, b, bOff, bColStride, bRowStride, a, aOff, aColStride, aRowStride, c, cOff, 1, n, accumulate);
  } else if (path === 'direct') {
    directF32(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff, accumulate);
  } else {
    blockedReal(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff, accumulate);
  }
}

/**
 * Int32 matrix product C = A·B (or C += A·B with `accumulate`) with two's-complement wrap-around (as PyTorch int32).
 * Arguments as {@link gemmF64}.
 * @example
 * ```ts
 * gemmI32(2, 2, 2, Int32Array.of(1, 2, 3, 4), 0, 2, 1, Int32Array.of(5, 6, 7, 8), 0, 2, 1, c, 0); // c = [19, 22, 43, 50]
 * ```
 */
export function gemmI32(
  m: number,
  n: number,
  k: number,
  a: Int32Array,
  aOff: number,
  aRowStride: number,
  aColStride: number,
  b: Int32Array,
  bOff: number,
  bRowStride: number,
  bColStride: number,
  c: Int32Array,
  cOff: number,
  accumulate = false,
): void {
  if (m <= 0 || n <= 0) return;
  if (!accumulate) c.fill(0, cOff, cOff + m * n);
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
        bj += bColStride;
      }
      ap += aColStride;
      bp += bRowStride;
    }
    ci = cEnd;
    ar += aRowStride;
  }
}
