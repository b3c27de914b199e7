/**
 * Complex matrix-multiply kernels: C = op(A)·op(B) (or C += …) for one m×k by k×n product, where op conjugates when
 * `conjA` / `conjB` is set (so A^H·B is a transposed-stride view of A plus `conjA`, with no copy).
 *
 * Storage is interleaved (re, im); offsets and strides count COMPLEX elements, so A(i, p) is at scalar index
 * 2·(aOff + i·aRowStride + p·aColStride) (+1 for the imaginary part). C is written contiguous row-major from cOff.
 *
 * Algorithm: as the real kernels in `gemm.ts` — the packed, cache-blocked five-loop scheme of Goto & van de Geijn,
 * "Anatomy of high-performance matrix multiplication", ACM TOMS 34(3), 2008, with a BLIS-style register-blocked
 * micro-kernel, here 2×2 complex (eight float64 accumulators, four real multiply-adds per complex product).
 * Conjugation is applied while packing (negated imaginary parts), so the micro-kernel has a single form. Small
 * products use the same micro-kernel on unpacked, strided operands; a single row or column uses dot / axpy loops.
 * float32 (complex64) operands are widened while packing and accumulated in float64. Where WebAssembly SIMD is
 * available, products above a small size (`wasmComplexGemmWorthwhile`) run the f64x2 kernel of `gemm-wasm-complex.ts`
 * instead (about 3× faster from 64³); the kernels here are its fallback. TAPEGRAD_NO_WASM=1 forces them everywhere.
 *
 * Assumptions: strides are integers (0 allowed); C must not overlap A or B. Scratch and packing are shared with the
 * real kernels (`gemm-scratch.ts`, `gemm-pack.ts`).
 */

import { checkGemm } from './gemm-check';
import { packComplexPanels } from './gemm-pack';
import { type ComplexGemm, type GemmOperands, type RealArray, scratchA, scratchB, storeTile } from './gemm-scratch';
import { gemmWasmComplex, wasmComplexGemmWorthwhile } from './gemm-wasm-complex';

/** Micro-tile rows, in complex elements. */
const MR = 2;
/** Micro-tile columns, in complex elements. */
const NR = 2;
/** Depth of a packed block: a KC×NR complex micro-panel of B (8 KiB) stays in L1. */
const KC = 256;
/** Rows of the packed A block: MC×KC complex (256 KiB) stay in L2. */
const MC = 64;
/** Columns of the packed B block. */
const NC = 1024;
/** Below this many complex multiply-adds (m·n·k), packing does not pay off. */
const SMALL_WORK = 16 * 16 * 16;
/** Largest m·k + k·n (complex elements) for which the unpacked kernel's strided re-reads stay in cache. */
const DIRECT_ELEMS = 32768;

/** Row-major 2×2 complex tile (re, im interleaved) for partial edge tiles. */
const tile = new Float64Array(2 * MR * NR);

/**
 * Multiplies packed mc×kc A by packed kc×nc B into C from scalar index `cBase` (scalar row stride ldc), overwriting or
 * (add) accumulating.
 */
function macroComplex(
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
  const aStep = 2 * MR * kc;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const bStart = 2 * j0 * kc;
    const nr = Math.min(nc - j0, NR);
    for (let i0 = 0; i0 < mc; i0 += MR) {
      let ai = 2 * i0 * kc;
      let bi = bStart;
      const end = ai + aStep;
      let r00 = 0;
      let i00 = 0;
      let r01 = 0;
      let i01 = 0;
      let r10 = 0;
      let i10 = 0;
      let r11 = 0;
      let i11 = 0;
      while (ai < end) {
        const br0 = pb[bi];
        const bi0 = pb[bi + 1];
        const br1 = pb[bi + 2];
        const bi1 = pb[bi + 3];
        let xr = pa[ai];
        let xi = pa[ai + 1];
        r00 += xr * br0 - xi * bi0;
        i00 += xr * bi0 + xi * br0;
        r01 += xr * br1 - xi * bi1;
        i01 += xr * bi1 + xi * br1;
        xr = pa[ai + 2];
        xi = pa[ai + 3];
        r10 += xr * br0 - xi * bi0;
        i10 += xr * bi0 + xi * br0;
        r11 += xr * br1 - xi * bi1;
        i11 += xr * bi1 + xi * br1;
        ai += 2 * MR;
        bi += 2 * NR;
      }
      const o = cBase + i0 * ldc + 2 * j0;
      const mr = Math.min(mc - i0, MR);
      if (mr === MR && nr === NR && !add) {
        c[o] = r00;
        c[o + 1] = i00;
        c[o + 2] = r01;
        c[o + 3] = i01;
        c[o + ldc] = r10;
        c[o + ldc + 1] = i10;
        c[o + ldc + 2] = r11;
        c[o + ldc + 3] = i11;
      } else {
        t[0] = r00;
        t[1] = i00;
        t[2] = r01;
        t[3] = i01;
        t[4] = r10;
        t[5] = i10;
        t[6] = r11;
        t[7] = i11;
        storeTile(t, 2 * NR, c, o, ldc, mr, 2 * nr, add);
      }
    }
  }
}

/** Packed, blocked complex product (the five loops of BLIS around the micro-kernel). */
function blockedComplex(
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
  signA: number,
  signB: number,
  accumulate: boolean,
): void {
  const kcMax = Math.min(k, KC);
  const mcMax = Math.min(m, MC);
  const ncMax = Math.min(n, NC);
  const pa = scratchA(2 * Math.ceil(mcMax / MR) * MR * kcMax);
  const pb = scratchB(2 * Math.ceil(ncMax / NR) * NR * kcMax);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(n - jc, NC);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(k - pc, KC);
      packComplexPanels(NR, nc, kc, b, bOff + pc * bRs + jc * bCs, bCs, bRs, signB, pb, 0);
      const add = accumulate || pc > 0;
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(m - ic, MC);
        packComplexPanels(MR, mc, kc, a, aOff + ic * aRs + pc * aCs, aRs, aCs, signA, pa, 0);
        macroComplex(mc, nc, kc, pa, pb, c, 2 * (cOff + ic * n + jc), 2 * n, add);
      }
    }
  }
}

/**
 * Unpacked complex product for small sizes: the 2×2 micro-kernel reading A and B through their (scalar) strides, with
 * conjugation by sign multipliers. Edge tiles re-read the last valid row/column and store only their valid part.
 */
function directComplex(
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
  signA: number,
  signB: number,
  add: boolean,
): void {
  const t = tile;
  const aRs2 = 2 * aRs;
  const aCs2 = 2 * aCs;
  const bRs2 = 2 * bRs;
  const bCs2 = 2 * bCs;
  const ldc = 2 * n;
  for (let i0 = 0; i0 < m; i0 += MR) {
    const mr = Math.min(m - i0, MR);
    const ar = 2 * (aOff + i0 * aRs);
    const s1 = mr > 1 ? aRs2 : 0;
    for (let j0 = 0; j0 < n; j0 += NR) {
      const nr = Math.min(n - j0, NR);
      const d1 = nr > 1 ? bCs2 : 0;
      let p0 = ar;
      let q = 2 * (bOff + j0 * bCs);
      let r00 = 0;
      let i00 = 0;
      let r01 = 0;
      let i01 = 0;
      let r10 = 0;
      let i10 = 0;
      let r11 = 0;
      let i11 = 0;
      for (let p = 0; p < k; p++) {
        const br0 = b[q];
        const bi0 = signB * b[q + 1];
        const br1 = b[q + d1];
        const bi1 = signB * b[q + d1 + 1];
        let xr = a[p0];
        let xi = signA * a[p0 + 1];
        r00 += xr * br0 - xi * bi0;
        i00 += xr * bi0 + xi * br0;
        r01 += xr * br1 - xi * bi1;
        i01 += xr * bi1 + xi * br1;
        xr = a[p0 + s1];
        xi = signA * a[p0 + s1 + 1];
        r10 += xr * br0 - xi * bi0;
        i10 += xr * bi0 + xi * br0;
        r11 += xr * br1 - xi * bi1;
        i11 += xr * bi1 + xi * br1;
        p0 += aCs2;
        q += bRs2;
      }
      const o = 2 * (cOff + i0 * n + j0);
      if (mr === MR && nr === NR && !add) {
        c[o] = r00;
        c[o + 1] = i00;
        c[o + 2] = r01;
        c[o + 3] = i01;
        c[o + ldc] = r10;
        c[o + ldc + 1] = i10;
        c[o + ldc + 2] = r11;
        c[o + ldc + 3] = i11;
      } else {
        t[0] = r00;
        t[1] = i00;
        t[2] = r01;
        t[3] = i01;
        t[4] = r10;
        t[5] = i10;
        t[6] = r11;
        t[7] = i11;
        storeTile(t, 2 * NR, c, o, ldc, mr, 2 * nr, add);
      }
    }
  }
}

/**
 * Complex product with a single row of A (callers pass the transposed problem for a single column of B): the row of C
 * is a sum of rows of B scaled by A(0, p) when B's rows are contiguous, else dot products of the row of A with two
 * columns of B at a time. C(0, j) is at complex index `cOff + j·cCs`. Accumulates in a float64 scratch row.
 */
function thinComplex(
  n: number,
  k: number,
  a: RealArray,
  aOff: number,
  aCs: number,
  b: RealArray,
  bOff: number,
  bRs: number,
  bCs: number,
  c: RealArray,
  cOff: number,
  cCs: number,
  signA: number,
  signB: number,
  add: boolean,
): void {
  const row = scratchA(2 * n);
  const aCs2 = 2 * aCs;
  const bRs2 = 2 * bRs;
  const bCs2 = 2 * bCs;
  const n2 = 2 * n;
  if (bCs === 1) {
    for (let j = 0; j < n2; j++) row[j] = 0;
    let ap = 2 * aOff;
    let q = 2 * bOff;
    for (let p = 0; p < k; p++) {
      const xr = a[ap];
      const xi = signA * a[ap + 1];
      const yi = signB * xr;
      const yr = -signB * xi;
      // row += x · op(b) with op(b) = br + i·signB·bi, i.e. re += xr·br + yr·bi, im += xi·br + yi·bi.
      let q0 = q;
      for (let j = 0; j < n2; j += 2) {
        const br = b[q0];
        const bi = b[q0 + 1];
        row[j] += xr * br + yr * bi;
        row[j + 1] += xi * br + yi * bi;
        q0 += 2;
      }
      ap += aCs2;
      q += bRs2;
    }
  } else {
    for (let j0 = 0; j0 < n; j0 += 2) {
      const pair = j0 + 1 < n;
      const d1 = pair ? bCs2 : 0;
      let ap = 2 * aOff;
      let q = 2 * (bOff + j0 * bCs);
      let r0 = 0;
      let i0 = 0;
      let r1 = 0;
      let i1 = 0;
      for (let p = 0; p < k; p++) {
        const xr = a[ap];
        const xi = signA * a[ap + 1];
        const br0 = b[q];
        const bi0 = signB * b[q + 1];
        const br1 = b[q + d1];
        const bi1 = signB * b[q + d1 + 1];
        r0 += xr * br0 - xi * bi0;
        i0 += xr * bi0 + xi * br0;
        r1 += xr * br1 - xi * bi1;
        i1 += xr * bi1 + xi * br1;
        ap += aCs2;
        q += bRs2;
      }
      row[2 * j0] = r0;
      row[2 * j0 + 1] = i0;
      if (pair) {
        row[2 * j0 + 2] = r1;
        row[2 * j0 + 3] = i1;
      }
    }
  }
  const cCs2 = 2 * cCs;
  let o = 2 * cOff;
  if (add) {
    for (let j = 0; j < n2; j += 2) {
      c[o] += row[j];
      c[o + 1] += row[j + 1];
      o += cCs2;
    }
  } else {
    for (let j = 0; j < n2; j += 2) {
      c[o] = row[j];
      c[o + 1] = row[j + 1];
      o += cCs2;
    }
  }
}

/** The algorithms of the complex kernels. @internal */
export type GemmComplexPath = 'thinRows' | 'thinCols' | 'direct' | 'blocked';

/**
 * Picks the algorithm for an m×k by k×n complex product (m, n, k ≥ 1): dot/axpy loops for a single row or column, the
 * unpacked micro-kernel when the product is small or thin and its operands fit in cache, else the packed, blocked
 * kernel. @internal
 */
export function gemmComplexPath(m: number, n: number, k: number): GemmComplexPath {
  if (m === 1 || n === 1) return m <= n ? 'thinRows' : 'thinCols';
  if (m * n * k < SMALL_WORK) return 'direct';
  if ((m < 8 || n < 8) && m * k + k * n <= DIRECT_ELEMS) return 'direct';
  return 'blocked';
}

/** Shared driver of {@link gemmC128} and {@link gemmC64}. */
const gemmComplex: ComplexGemm = (m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, conjA, conjB, accumulate) => {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) c.fill(0, 2 * cOff, 2 * (cOff + m * n));
    return;
  }
  const sA = conjA ? -1 : 1;
  const sB = conjB ? -1 : 1;
  if (
    wasmComplexGemmWorthwhile(m, n, k) &&
    gemmWasmComplex(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, conjA, conjB, accumulate)
  )
    return;
  const path = gemmComplexPath(m, n, k);
  if (path === 'thinRows') {
    thinComplex(n, k, a, aOff, aCs, b, bOff, bRs, bCs, c, cOff, 1, sA, sB, accumulate);
  } else if (path === 'thinCols') {
    // C^T = op(B)^T · op(A)^T: a single row of B^T times A^T, written down C's column.
    thinComplex(m, k, b, bOff, bRs, a, aOff, aCs, aRs, c, cOff, 1, sB, sA, accumulate);
  } else if (path === 'direct') {
    directComplex(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, sA, sB, accumulate);
  } else {
    blockedComplex(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, sA, sB, accumulate);
  }
};

/**
 * The signature of the complex entry points: operands as {@link GemmOperands} (in complex elements), then `conjA`,
 * `conjB` and `accumulate` (each default false).
 */
export type ComplexGemmEntry<T> = (
  ...args: [...GemmOperands<T>, conjA?: boolean, conjB?: boolean, accumulate?: boolean]
) => void;

/** The entry point for one dtype (gemmC128 or gemmC64): checks the arguments, then runs the shared driver. */
function complexEntry<T extends RealArray>(
  op: 'gemmC128' | 'gemmC64',
  kind: Float64ArrayConstructor | Float32ArrayConstructor,
): ComplexGemmEntry<T> {
  return (m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, conjA = false, conjB = false, accumulate = false) => {
    checkGemm(op, kind, 2, m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff);
    gemmComplex(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, conjA, conjB, accumulate);
  };
}

/**
 * Complex128 matrix product C = op(A)·op(B) (or C += … with `accumulate`), op conjugating when `conjA` / `conjB`
 * (with transposed strides, conjA gives A^H without a copy).
 *
 * Interleaved (re, im) storage; offsets and strides count complex elements: A(i, p) is at scalar index
 * `2·(aOff + i·aRs + p·aCs)` (+1 for the imaginary part), and likewise B(p, j); strides are arbitrary integers
 * (0 broadcasts). C(i, j) is written at scalar index `2·(cOff + i·n + j)` (contiguous row-major). C must not overlap A
 * or B. With k = 0, C is zero-filled.
 * @example
 * ```ts
 * // C (m×n) = A^H · B where A is stored k×m row-major and B is k×n row-major
 * gemmC128(m, n, k, a, 0, 1, m, b, 0, n, 1, c, 0, true);
 * ```
 */
export const gemmC128: ComplexGemmEntry<Float64Array> = complexEntry('gemmC128', Float64Array);

/**
 * Complex64 matrix product (interleaved float32 storage); products are accumulated in float64 and rounded to float32
 * on store. Arguments as {@link gemmC128}.
 * @example
 * ```ts
 * gemmC64(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0); // contiguous row-major complex A, B, C
 * ```
 */
export const gemmC64: ComplexGemmEntry<Float32Array> = complexEntry('gemmC64', Float32Array);
