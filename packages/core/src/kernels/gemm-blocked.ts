/**
 * The packed, cache-blocked real GEMM kernel (Goto & van de Geijn, "Anatomy of high-performance matrix
 * multiplication", ACM TOMS 34(3), 2008, in the five-loop form of BLIS, Van Zee & van de Geijn, ACM TOMS 41(3), 2015):
 * a KC×NC block of B and an MC×KC block of A are packed (`gemm-pack.ts`) into module-level scratch as zero-padded
 * micro-panels, and a 4×4 register-blocked micro-kernel of local variables accumulates each tile of C over the KC loop.
 * One function serves float64 and float32 operands: packing widens float32, so the micro-kernel only ever reads
 * Float64Arrays, and the per-element stores to C are few.
 *
 * Assumptions: m, n, k ≥ 1; C(i, j) is `c[cOff + i·n + j]` and does not overlap A or B. Not re-entrant.
 */

import { packPanels4 } from './gemm-pack';
import { type RealArray, type RealGemm, scratchA, scratchB, storeTile } from './gemm-scratch';

/** Micro-tile rows and columns (register block). */
export const MR = 4;
export const NR = 4;
/** Depth of a packed block: a KC×NR micro-panel of B (8 KiB) stays in L1. */
const KC = 256;
/** Rows of the packed A block: MC×KC doubles (256 KiB) stay in L2. */
const MC = 128;
/** Columns of the packed B block. */
const NC = 2048;

/** Register tile for partial edge tiles (row-major MR×NR), shared with the unpacked kernels of `gemm-direct.ts`. */
export const tile = new Float64Array(MR * NR);

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
        storeTile(t, NR, c, o, ldc, mr, nr, add);
      }
    }
  }
}

/** Packed, blocked product (the five loops of BLIS around the micro-kernel). */
export const blockedReal: RealGemm = (m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, accumulate) => {
  const kcMax = Math.min(k, KC);
  const mcMax = Math.min(m, MC);
  const ncMax = Math.min(n, NC);
  const pa = scratchA(Math.ceil(mcMax / MR) * MR * kcMax);
  const pb = scratchB(Math.ceil(ncMax / NR) * NR * kcMax);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(n - jc, NC);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(k - pc, KC);
      packPanels4(nc, kc, b, bOff + pc * bRs + jc * bCs, bCs, bRs, pb, 0);
      const add = accumulate || pc > 0;
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(m - ic, MC);
        packPanels4(mc, kc, a, aOff + ic * aRs + pc * aCs, aRs, aCs, pa, 0);
        macroReal(mc, nc, kc, pa, pb, c, cOff + ic * n + jc, n, add);
      }
    }
  }
};
