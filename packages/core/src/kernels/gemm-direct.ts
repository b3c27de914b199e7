/**
 * Unpacked real GEMM kernels for small products (and thin ones whose operands fit in cache): the 4×4 register block of
 * `gemm-blocked.ts` reading A and B through their strides, with no packing.
 *
 * The float32 copy of the kernel is deliberate: V8 keeps type feedback per function, and one function fed both
 * Float32Array and Float64Array makes every element load polymorphic (measured 20–30% slower). Keep the two in step;
 * both are typed `RealArray` so that the driver can hold either, but each is only ever called with one array type.
 *
 * Assumptions: m, n, k ≥ 1; C(i, j) is `c[cOff + i·n + j]` and does not overlap A or B.
 */

import { MR, NR, tile } from './gemm-blocked';
import { type RealArray, storeTile } from './gemm-scratch';

/**
 * Unpacked product for small sizes: the 4×4 register-blocked kernel reading A and B through their strides. Edge tiles
 * re-read the last valid row/column (clamped offsets) and store only their valid part.
 */
export function directF64(
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
        storeTile(t, NR, c, o, n, mr, nr, add);
      }
    }
  }
}

/** {@link directF64} for float32 (a separate copy keeps each kernel's element loads monomorphic in V8). */
export function directF32(
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
        storeTile(t, NR, c, o, n, mr, nr, add);
      }
    }
  }
}
