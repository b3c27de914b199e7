/**
 * Householder tridiagonalization of a Hermitian / real symmetric matrix: Qᴴ·A·Q = T with T real symmetric
 * tridiagonal (LAPACK dsytd2 / zhetd2 with uplo = 'L'; Golub & Van Loan, "Matrix Computations" 4th ed., §8.3.1).
 *
 * Layout (./eigh): W is n×n row-major holding the LOWER triangle of A transposed, W[c·n + r] = A(r, c) for r ≥ c, so
 * the column each reflector annihilates is a contiguous row of W. Reflector i is left in row i of W from column i+1
 * (v(i+1) = 1 implicit), τ in tau[i]; T's diagonal goes to d and its off-diagonal to e. y: n (2n) scalars of scratch.
 */

import { gemmF64 } from '@tapegrad/core/internal';
import { larfgComplex, larfgReal } from './reflector';

/** The signature of {@link tridiagonalizeReal} and {@link tridiagonalizeComplex}. */
export type Tridiagonalize = (
  n: number,
  work: Float64Array,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
  y: Float64Array,
) => void;

/** The arrays of one real reduction, as the arguments of {@link Tridiagonalize}. */
export interface RealReduction {
  n: number;
  work: Float64Array;
  d: Float64Array;
  e: Float64Array;
  tau: Float64Array;
  y: Float64Array;
}

/**
 * y[q] = Σ_p A₂₂(q, p)·v(p) for q > i (dsymv on the stored lower triangle of the trailing matrix, rows/columns > i),
 * v = row i of W from column i+1. Rows of W are taken four at a time, so each y[q] and v[q] is loaded once per four
 * matrix entries; the 4×4 diagonal blocks and the leftover rows go entry by entry.
 */
function symvTrailing(n: number, work: Float64Array, i: number, y: Float64Array): void {
  const row = i * n;
  for (let q = i + 1; q < n; q++) y[q] = 0;
  let p = i + 1;
  for (; p + 3 < n; p += 4) {
    const r0 = p * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    const v0 = work[row + p];
    const v1 = work[row + p + 1];
    const v2 = work[row + p + 2];
    const v3 = work[row + p + 3];
    // The diagonal block, rows p … p+3.
    const a01 = work[r0 + p + 1];
    const a02 = work[r0 + p + 2];
    const a03 = work[r0 + p + 3];
    const a12 = work[r1 + p + 2];
    const a13 = work[r1 + p + 3];
    const a23 = work[r2 + p + 3];
    let acc0 = work[r0 + p] * v0 + a01 * v1 + a02 * v2 + a03 * v3;
    let acc1 = a01 * v0 + work[r1 + p + 1] * v1 + a12 * v2 + a13 * v3;
    let acc2 = a02 * v0 + a12 * v1 + work[r2 + p + 2] * v2 + a23 * v3;
    let acc3 = a03 * v0 + a13 * v1 + a23 * v2 + work[r3 + p + 3] * v3;
    for (let q = p + 4; q < n; q++) {
      const a0 = work[r0 + q];
      const a1 = work[r1 + q];
      const a2 = work[r2 + q];
      const a3 = work[r3 + q];
      const vq = work[row + q];
      y[q] += a0 * v0 + a1 * v1 + a2 * v2 + a3 * v3;
      acc0 += a0 * vq;
      acc1 += a1 * vq;
      acc2 += a2 * vq;
      acc3 += a3 * vq;
    }
    y[p] += acc0;
    y[p + 1] += acc1;
    y[p + 2] += acc2;
    y[p + 3] += acc3;
  }
  for (; p < n; p++) {
    const rp = p * n;
    const vp = work[row + p];
    let acc = work[rp + p] * vp;
    for (let q = p + 1; q < n; q++) {
      const a = work[rp + q];
      y[q] += a * vp;
      acc += a * work[row + q];
    }
    y[p] += acc;
  }
}

/** dsytd2 (uplo 'L') steps i = from … n−2 on W, then the last diagonal entry. */
function unblockedFrom(r: RealReduction, from: number): void {
  const { n, work, d, e, tau, y } = r;
  for (let i = from; i < n - 1; i++) {
    const row = i * n; // v(q) = work[row + q] for q > i
    const head = row + i + 1;
    const taui = larfgReal(n - i - 1, work, head, head + 1, 1);
    e[i] = work[head];
    if (taui !== 0) {
      work[head] = 1;
      symvTrailing(n, work, i, y);
      let dot = 0;
      for (let q = i + 1; q < n; q++) {
        y[q] *= taui;
        dot += y[q] * work[row + q];
      }
      // y ← y − ½τ(yᵀv)·v, then the rank-2 update A₂₂ ← A₂₂ − v·yᵀ − y·vᵀ (dsyr2).
      const alpha = -0.5 * taui * dot;
      for (let q = i + 1; q < n; q++) y[q] += alpha * work[row + q];
      for (let p = i + 1; p < n; p++) {
        const rp = p * n;
        const vp = work[row + p];
        const yp = y[p];
        for (let q = p; q < n; q++) work[rp + q] -= work[row + q] * yp + y[q] * vp;
      }
      work[head] = e[i];
    }
    d[i] = work[row + i];
    tau[i] = taui;
  }
  d[n - 1] = work[n * n - 1];
}

/**
 * dsytd2 (uplo 'L') on W: reflector i is stored in row i of W from column i+1 (v(i+1) = 1 implicit), τ in tau[i];
 * T's diagonal goes to d and its off-diagonal to e.
 */
export const tridiagonalizeReal: Tridiagonalize = (n, work, d, e, tau, y) =>
  unblockedFrom({ n, work, d, e, tau, y }, 0);

/** Panel width of {@link tridiagonalizeRealBlocked} (dsytrd's NB). */
export const SYTRD_NB = 32;
/** Trailing columns left to the unblocked steps (dsytrd's crossover NX). */
export const SYTRD_NX = 64;
/** Rows of the trailing update per GEMM pair. */
const UPDATE_ROWS = 64;

/** Size of the `panel` scratch of {@link tridiagonalizeRealBlocked}: the panel's Y, the update product, dots. */
export function sytrdPanelSize(n: number): number {
  return (SYTRD_NB + UPDATE_ROWS) * n + 4 * SYTRD_NB;
}

/**
 * Blocked dsytrd (uplo 'L') on W, the same reflectors as {@link tridiagonalizeReal} up to rounding: panels of
 * SYTRD_NB columns are reduced by dlatrd — each column is first brought up to date with the panel's earlier
 * reflectors (A −= V·Yᵀ + Y·Vᵀ on that column only), and A₂₂·v is corrected by V·(Yᵀv) + Y·(Vᵀv) — and the trailing
 * matrix then takes the rank-2·NB update A₂₂ −= V·Yᵀ + Y·Vᵀ (dsyr2k) as GEMMs over row blocks of its stored triangle.
 * The last SYTRD_NX columns run unblocked. panel: sytrdPanelSize(n) doubles.
 */
export function tridiagonalizeRealBlocked(r: RealReduction, panel: Float64Array): void {
  const { n, work, e } = r;
  // Panel layout: Y (NB rows of n), the update product (UPDATE_ROWS rows of n), dlatrd's dots (4·NB).
  const nb = SYTRD_NB;
  const prod = nb * n;
  const dots = panel.subarray(prod + UPDATE_ROWS * n);
  let i0 = 0;
  for (; n - i0 - nb > SYTRD_NX; i0 += nb) {
    latrd(r, panel, i0, nb, dots);
    // A₂₂ −= V·Yᵀ + Y·Vᵀ on rows/columns ≥ t; V(p, j) = W[(i0 + j)·n + p] (the unit of the panel's last reflector
    // included), Y(p, j) = panel[j·n + p].
    const t = i0 + nb;
    for (let p0 = t; p0 < n; p0 += UPDATE_ROWS) {
      const rows = Math.min(UPDATE_ROWS, n - p0);
      const cols = n - p0;
      gemmF64(rows, cols, nb, work, i0 * n + p0, 1, n, panel, p0, n, 1, panel, prod);
      gemmF64(rows, cols, nb, panel, p0, 1, n, work, i0 * n + p0, n, 1, panel, prod, true);
      for (let r = 0; r < rows; r++) {
        const dst = (p0 + r) * n + p0;
        const src = prod + r * cols;
        for (let q = r; q < cols; q++) work[dst + q] -= panel[src + q];
      }
    }
    for (let i = i0; i < t; i++) work[i * n + i + 1] = e[i];
  }
  unblockedFrom(r, i0);
}

/**
 * dlatrd (uplo 'L') on columns i0 … i0+nb−1: reflectors into W (their unit heads stored as 1 until the caller's
 * trailing update), τ, d, e; Y_j (j = i − i0) into panel[j·n …] (zero up to index i). Of the panel's corrections (the
 * dgemv calls of dlatrd), the dot products go through gemmF64 and the updates over four earlier reflectors per pass.
 * dots: 4·nb doubles of scratch.
 */
function latrd(r: RealReduction, panel: Float64Array, i0: number, nb: number, dots: Float64Array): void {
  const { n, work, d, e, tau, y } = r;
  const interleaved = dots.subarray(2 * nb);
  for (let j = 0; j < nb; j++) {
    const i = i0 + j;
    const row = i * n;
    // Column i (row i of W, indices ≥ i) −= V·Y(i, :)ᵀ + Y·V(i, :)ᵀ over the panel's earlier reflectors.
    for (let jj = 0; jj < j; jj++) {
      interleaved[2 * jj] = panel[jj * n + i];
      interleaved[2 * jj + 1] = work[(i0 + jj) * n + i];
    }
    subtractPairs(n, work, panel, i0, j, interleaved, row, i, work);
    const head = row + i + 1;
    const taui = larfgReal(n - i - 1, work, head, head + 1, 1);
    e[i] = work[head];
    work[head] = 1;
    d[i] = work[row + i];
    tau[i] = taui;
    // y = A₂₂·v − V·(Yᵀv) − Y·(Vᵀv) on indices > i, then y ← τ·y − ½τ²(yᵀv)·v.
    symvTrailing(n, work, i, y);
    // Yᵀv and Vᵀv (dgemv), interleaved as subtractPairs takes them.
    const len = n - i - 1;
    gemmF64(j, 1, len, panel, i + 1, n, 1, work, head, 1, 0, dots, 0);
    gemmF64(j, 1, len, work, i0 * n + i + 1, n, 1, work, head, 1, 0, dots, nb);
    for (let jj = 0; jj < j; jj++) {
      interleaved[2 * jj] = dots[jj];
      interleaved[2 * jj + 1] = dots[nb + jj];
    }
    subtractPairs(n, work, panel, i0, j, interleaved, 0, i + 1, y);
    let dot = 0;
    for (let q = i + 1; q < n; q++) {
      y[q] *= taui;
      dot += y[q] * work[row + q];
    }
    const alpha = -0.5 * taui * dot;
    const yr = j * n;
    panel.fill(0, yr, yr + i + 1);
    for (let q = i + 1; q < n; q++) panel[yr + q] = y[q] + alpha * work[row + q];
  }
}

/**
 * x[xOff + q] −= Σ_{jj<j} V_jj(q)·c[2jj] + Y_jj(q)·c[2jj+1] for q = from … n−1 (V_jj = row i0+jj of W, Y_jj = row jj
 * of the panel), four reflectors per pass.
 */
function subtractPairs(
  n: number,
  work: Float64Array,
  panel: Float64Array,
  i0: number,
  j: number,
  c: Float64Array,
  xOff: number,
  from: number,
  x: Float64Array,
): void {
  let jj = 0;
  for (; jj + 3 < j; jj += 4) {
    const v0 = (i0 + jj) * n;
    const v1 = v0 + n;
    const v2 = v1 + n;
    const v3 = v2 + n;
    const y0 = jj * n;
    const y1 = y0 + n;
    const y2 = y1 + n;
    const y3 = y2 + n;
    const a0 = c[2 * jj];
    const b0 = c[2 * jj + 1];
    const a1 = c[2 * jj + 2];
    const b1 = c[2 * jj + 3];
    const a2 = c[2 * jj + 4];
    const b2 = c[2 * jj + 5];
    const a3 = c[2 * jj + 6];
    const b3 = c[2 * jj + 7];
    for (let q = from; q < n; q++) {
      x[xOff + q] -=
        work[v0 + q] * a0 +
        panel[y0 + q] * b0 +
        work[v1 + q] * a1 +
        panel[y1 + q] * b1 +
        work[v2 + q] * a2 +
        panel[y2 + q] * b2 +
        work[v3 + q] * a3 +
        panel[y3 + q] * b3;
    }
  }
  for (; jj < j; jj++) {
    const v0 = (i0 + jj) * n;
    const y0 = jj * n;
    const a0 = c[2 * jj];
    const b0 = c[2 * jj + 1];
    for (let q = from; q < n; q++) x[xOff + q] -= work[v0 + q] * a0 + panel[y0 + q] * b0;
  }
}

/** zhetd2 (uplo 'L') on W; as {@link tridiagonalizeReal} with complex τ (tau[2i], tau[2i+1]) and real d, e. */
export const tridiagonalizeComplex: Tridiagonalize = (n, work, d, e, tau, y) => {
  const rowLen = 2 * n;
  for (let i = 0; i < n - 1; i++) {
    const row = i * rowLen; // v(q) = work[row + 2q] (+1)
    const head = row + 2 * (i + 1);
    larfgComplex(n - i - 1, work, head, head + 2, 1, tau, 2 * i);
    e[i] = work[head];
    const tr = tau[2 * i];
    const ti = tau[2 * i + 1];
    if (tr !== 0 || ti !== 0) {
      work[head] = 1;
      work[head + 1] = 0;
      // y = τ·A₂₂·v (zhemv): W[p][q] = A(q, p), and A(p, q) = conj(A(q, p)).
      for (let q = 2 * (i + 1); q < rowLen; q++) y[q] = 0;
      for (let p = i + 1; p < n; p++) {
        const rp = p * rowLen;
        const vpr = work[row + 2 * p];
        const vpi = work[row + 2 * p + 1];
        const diag = work[rp + 2 * p];
        let accr = diag * vpr;
        let acci = diag * vpi;
        for (let q = p + 1; q < n; q++) {
          const ar = work[rp + 2 * q];
          const ai = work[rp + 2 * q + 1];
          const vqr = work[row + 2 * q];
          const vqi = work[row + 2 * q + 1];
          y[2 * q] += ar * vpr - ai * vpi;
          y[2 * q + 1] += ar * vpi + ai * vpr;
          accr += ar * vqr + ai * vqi;
          acci += ar * vqi - ai * vqr;
        }
        y[2 * p] += accr;
        y[2 * p + 1] += acci;
      }
      // y ← τ·y; dot = yᴴv.
      let dr = 0;
      let di = 0;
      for (let q = i + 1; q < n; q++) {
        const yr = y[2 * q];
        const yi = y[2 * q + 1];
        const sr = yr * tr - yi * ti;
        const si = yr * ti + yi * tr;
        y[2 * q] = sr;
        y[2 * q + 1] = si;
        const vr = work[row + 2 * q];
        const vi = work[row + 2 * q + 1];
        dr += sr * vr + si * vi;
        di += sr * vi - si * vr;
      }
      // y ← y − ½τ(yᴴv)·v, then A₂₂ ← A₂₂ − v·yᴴ − y·vᴴ (zher2), keeping the diagonal real.
      const alr = -0.5 * (tr * dr - ti * di);
      const ali = -0.5 * (tr * di + ti * dr);
      for (let q = i + 1; q < n; q++) {
        const vr = work[row + 2 * q];
        const vi = work[row + 2 * q + 1];
        y[2 * q] += alr * vr - ali * vi;
        y[2 * q + 1] += alr * vi + ali * vr;
      }
      for (let p = i + 1; p < n; p++) {
        const rp = p * rowLen;
        const ypr = y[2 * p];
        const ypi = -y[2 * p + 1];
        const vpr = work[row + 2 * p];
        const vpi = -work[row + 2 * p + 1];
        for (let q = p; q < n; q++) {
          const vqr = work[row + 2 * q];
          const vqi = work[row + 2 * q + 1];
          const yqr = y[2 * q];
          const yqi = y[2 * q + 1];
          work[rp + 2 * q] -= vqr * ypr - vqi * ypi + yqr * vpr - yqi * vpi;
          work[rp + 2 * q + 1] -= vqr * ypi + vqi * ypr + yqr * vpi + yqi * vpr;
        }
        work[rp + 2 * p + 1] = 0;
      }
      work[head] = e[i];
      work[head + 1] = 0;
    }
    d[i] = work[row + 2 * i];
  }
  d[n - 1] = work[2 * n * n - 2];
};
