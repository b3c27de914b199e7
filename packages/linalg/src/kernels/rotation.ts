/**
 * Plane (Givens) rotations: generation (LAPACK 3.10 dlartg, after E. Anderson, "Algorithm 978: Safe scaling in the
 * Level 1 BLAS", ACM TOMS 44(1), 2017) and application to two rows (BLAS drot), and the swap of two rows (BLAS dswap). The one home of these for the
 * bidiagonal SVD (./bdsqr, ./bdsdc), the tridiagonal eigensolver (./steqr) and the LU pivoting (./lu).
 */

import { SAFMAX, SAFMIN } from './machine';

/** dlartg's safe range: f² + g² neither overflows nor underflows inside it. */
export const RTMIN = Math.sqrt(SAFMIN);
export const RTMAX = Math.sqrt(SAFMAX / 2);

/** Outputs of lartg and of ./bdsqr's las2 / lasv2 (avoids allocating result objects). */
export const rotOut = new Float64Array(6);

/** Plane rotation [c s; −s c]·(f; g) = (r; 0) with c ≥ 0 (dlartg). Writes rotOut = [c, s, r]. */
export function lartg(f: number, g: number): void {
  if (g === 0) {
    rotOut[0] = 1;
    rotOut[1] = 0;
    rotOut[2] = f;
    return;
  }
  if (f === 0) {
    rotOut[0] = 0;
    rotOut[1] = g > 0 ? 1 : -1;
    rotOut[2] = Math.abs(g);
    return;
  }
  const f1 = Math.abs(f);
  const g1 = Math.abs(g);
  if (f1 > RTMIN && f1 < RTMAX && g1 > RTMIN && g1 < RTMAX) {
    const dd = Math.sqrt(f * f + g * g);
    const r = f > 0 ? dd : -dd;
    rotOut[0] = f1 / dd;
    rotOut[1] = g / r;
    rotOut[2] = r;
    return;
  }
  const u = Math.min(SAFMAX, Math.max(SAFMIN, f1, g1));
  const fs = f / u;
  const gs = g / u;
  const dd = Math.sqrt(fs * fs + gs * gs);
  const r = f > 0 ? dd : -dd;
  rotOut[0] = Math.abs(fs) / dd;
  rotOut[1] = gs / r;
  rotOut[2] = r * u;
}

/** x := c·x + s·y, y := c·y − s·x on the rows of `len` scalars at xo and yo of `a` (BLAS drot). */
export function rotRows(a: Float64Array, xo: number, yo: number, len: number, c: number, s: number): void {
  for (let k = 0; k < len; k++) {
    const x = a[xo + k];
    const y = a[yo + k];
    a[xo + k] = c * x + s * y;
    a[yo + k] = c * y - s * x;
  }
}

/** Swaps the rows x[ao..ao+len) and x[bo..bo+len) (BLAS dswap, unit stride). */
export function swapRows(x: Float64Array, ao: number, bo: number, len: number): void {
  for (let k = 0; k < len; k++) {
    const t = x[ao + k];
    x[ao + k] = x[bo + k];
    x[bo + k] = t;
  }
}
