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

/**
 * y[q] = Σ_p A₂₂(q, p)·v(p) for q > i (dsymv on the stored lower triangle of the trailing matrix, rows/columns > i,
 * one pass over each row of W), v = row i of W from column i+1.
 */
function symvTrailing(n: number, work: Float64Array, i: number, y: Float64Array): void {
  const row = i * n;
  for (let q = i + 1; q < n; q++) y[q] = 0;
  for (let p = i + 1; p < n; p++) {
    const rp = p * n;
    const vp = work[row + p];
    // Two accumulators break the floating-point add dependency chain.
    let acc0 = work[rp + p] * vp;
    let acc1 = 0;
    let q = p + 1;
    for (; q + 1 < n; q += 2) {
      const a0 = work[rp + q];
      const a1 = work[rp + q + 1];
      y[q] += a0 * vp;
      y[q + 1] += a1 * vp;
      acc0 += a0 * work[row + q];
      acc1 += a1 * work[row + q + 1];
    }
    if (q < n) {
      const a0 = work[rp + q];
      y[q] += a0 * vp;
      acc0 += a0 * work[row + q];
    }
    y[p] += acc0 + acc1;
  }
}

/** dsytd2 (uplo 'L') steps i = from … n−2 on W, then the last diagonal entry. */
function unblockedFrom(
  n: number,
  work: Float64Array,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
  y: Float64Array,
  from: number,
): void {
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
export const tridiagonalizeReal: Tridiagonalize = (n, work, d, e, tau, y) => unblockedFrom(n, work, d, e, tau, y, 0);

/** Panel width of {@link tridiagonalizeRealBlocked} (dsytrd's NB). */
export const SYTRD_NB = 32;
/** Trailing columns left to the unblocked steps (dsytrd's crossover NX). */
export const SYTRD_NX = 64;
/** Rows of the trailing update per GEMM pair. */
const UPDATE_ROWS = 64;

/** Size of the `panel` scratch of {@link tridiagonalizeRealBlocked}: the panel's Y, then the update product. */
export function sytrdPanelSize(n: number): number {
  return SYTRD_NB * n + UPDATE_ROWS * n;
}

/**
 * Blocked dsytrd (uplo 'L') on W, the same reflectors as {@link tridiagonalizeReal} up to rounding: panels of
 * SYTRD_NB columns are reduced by dlatrd — each column is first brought up to date with the panel's earlier
 * reflectors (A −= V·Yᵀ + Y·Vᵀ on that column only), and A₂₂·v is corrected by V·(Yᵀv) + Y·(Vᵀv) — and the trailing
 * matrix then takes the rank-2·NB update A₂₂ −= V·Yᵀ + Y·Vᵀ (dsyr2k) as GEMMs over row blocks of its stored triangle.
 * The last SYTRD_NX columns run unblocked. panel: sytrdPanelSize(n) doubles.
 */
export function tridiagonalizeRealBlocked(
  n: number,
  work: Float64Array,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
  y: Float64Array,
  panel: Float64Array,
): void {
  const nb = SYTRD_NB;
  const prod = nb * n;
  let i0 = 0;
  for (; n - i0 - nb > SYTRD_NX; i0 += nb) {
    latrd(n, work, d, e, tau, y, panel, i0, nb);
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
  unblockedFrom(n, work, d, e, tau, y, i0);
}

/**
 * dlatrd (uplo 'L') on columns i0 … i0+nb−1: reflectors into W (their unit heads stored as 1 until the caller's
 * trailing update), τ, d, e; Y_j (j = i − i0) into panel[j·n …] (zero up to index i).
 */
function latrd(
  n: number,
  work: Float64Array,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
  y: Float64Array,
  panel: Float64Array,
  i0: number,
  nb: number,
): void {
  for (let j = 0; j < nb; j++) {
    const i = i0 + j;
    const row = i * n;
    // Column i (row i of W, indices ≥ i) −= V·Y(i, :)ᵀ + Y·V(i, :)ᵀ over the panel's earlier reflectors.
    for (let jj = 0; jj < j; jj++) {
      const vr = (i0 + jj) * n;
      const yr = jj * n;
      const yi = panel[yr + i];
      const vi = work[vr + i];
      for (let q = i; q < n; q++) work[row + q] -= work[vr + q] * yi + panel[yr + q] * vi;
    }
    const head = row + i + 1;
    const taui = larfgReal(n - i - 1, work, head, head + 1, 1);
    e[i] = work[head];
    work[head] = 1;
    d[i] = work[row + i];
    tau[i] = taui;
    // y = A₂₂·v − V·(Yᵀv) − Y·(Vᵀv) on indices > i, then y ← τ·y − ½τ²(yᵀv)·v.
    symvTrailing(n, work, i, y);
    for (let jj = 0; jj < j; jj++) {
      const vr = (i0 + jj) * n;
      const yr = jj * n;
      let sy = 0;
      let sv = 0;
      for (let q = i + 1; q < n; q++) {
        sy += panel[yr + q] * work[row + q];
        sv += work[vr + q] * work[row + q];
      }
      for (let q = i + 1; q < n; q++) y[q] -= work[vr + q] * sy + panel[yr + q] * sv;
    }
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
