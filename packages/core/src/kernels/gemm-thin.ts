/**
 * Real GEMM kernels for products with fewer than four rows of A (or, transposed, columns of B): matrix-vector and
 * thin products as dot-product or axpy loops, whichever keeps the innermost loop on unit stride.
 *
 * The float32 copy of the kernel is deliberate: V8 keeps type feedback per function, and one function fed both
 * Float32Array and Float64Array makes every element load polymorphic (measured 20–30% slower). Keep the two in step;
 * both are typed `RealArray` so that the driver can hold either, but each is only ever called with one array type.
 */

import { type RealArray, scratchA } from './gemm-scratch';

/**
 * Product with fewer than MR rows of A (callers pass the transposed problem when n is the thin side): each row of C is
 * either a sum of rows of B scaled by A(i, p) (when B's rows are contiguous) or dot products of the row of A with four
 * columns of B at a time. C(i, j) is `c[cOff + i·cRs + j·cCs]`. Accumulates in a float64 scratch row.
 */
export function thinF64(
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
export function thinF32(
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
