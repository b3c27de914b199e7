/**
 * Hermitian / real symmetric eigendecomposition A = V·diag(w)·Vᴴ (LAPACK dsyev / zheev).
 *
 * 1. Scale A into [√(safmin/eps), √(eps/safmin)] by an exact power of two when its largest entry lies outside (dsyev).
 * 2. Householder tridiagonalization Qᴴ·A·Q = T, T real symmetric tridiagonal (dsytd2 / zhetd2 with uplo = 'L';
 *    Golub & Van Loan, "Matrix Computations" 4th ed., §8.3.1). Only the triangle named by `uplo` is read.
 * 3. Q formed explicitly by backward accumulation of the reflectors (dorgtr → dorg2r, zungtr → zung2r).
 * 4. Implicit QL/QR with Wilkinson shifts on T, accumulating the plane rotations into Q (dsteqr; Golub & Van Loan
 *    §8.3.3–8.3.5), at most 30·n sweeps in total; then eigenvalues sorted ascending with their vectors.
 *
 * Internal layout: the working copy W is n×n row-major holding the LOWER triangle of A transposed, i.e.
 * W[c·n + r] = A(r, c) for r ≥ c, so the column that each reflector annihilates is a contiguous row of W. The
 * eigenvector matrix is kept transposed (row j = eigenvector j) so every rotation touches two contiguous rows; for
 * complex A the rotations are real and act on rows of 2n scalars. Q overwrites W in place.
 */

import { EPS, lapy2, larfgComplex, larfgReal, SAFE_MIN } from './reflector';
import { isFiniteTriangle, type Uplo } from './triangular';

/** Preallocated scratch for {@link eighReal} / {@link eighComplex}; reusable for any order ≤ `n`. */
export interface EighWorkspace {
  /** Largest order this workspace supports. */
  readonly n: number;
  /** Whether it was sized for complex matrices. */
  readonly complex: boolean;
  /** Working matrix (n² or 2n² scalars): reduced matrix, then Qᵀ, then the transposed eigenvectors. */
  readonly w: Float64Array;
  /** Diagonal of T (n). */
  readonly d: Float64Array;
  /** Off-diagonal of T (n). */
  readonly e: Float64Array;
  /** Reflector scalars τ (n or 2n). */
  readonly tau: Float64Array;
  /** Matrix–vector product scratch (n or 2n). */
  readonly y: Float64Array;
  /** Cosines and sines of one QL/QR sweep (n each). */
  readonly rotC: Float64Array;
  readonly rotS: Float64Array;
}

/** Allocates scratch for eigendecompositions of order up to `n`. */
export function createEighWorkspace(n: number, complex: boolean): EighWorkspace {
  const width = complex ? 2 : 1;
  return {
    n,
    complex,
    w: new Float64Array(width * n * n),
    d: new Float64Array(n),
    e: new Float64Array(n),
    tau: new Float64Array(width * n),
    y: new Float64Array(width * n),
    rotC: new Float64Array(n),
    rotS: new Float64Array(n),
  };
}

const MAX_SWEEPS_PER_EIGENVALUE = 30;
/** Eigenvector rows up to this many scalars are rotated inside the QL/QR sweep rather than after it. */
const INLINE_ROTATION_MAX = 16;
const EPS2 = EPS * EPS;
const SAFE_MAX = 1 / SAFE_MIN;
/** dsteqr block scaling thresholds. */
const SSFMAX = Math.sqrt(SAFE_MAX) / 3;
const SSFMIN = Math.sqrt(SAFE_MIN) / EPS2;
/** dsyev matrix scaling range. */
const RMIN = Math.sqrt(SAFE_MIN / (2 * EPS));
const RMAX = Math.sqrt((2 * EPS) / SAFE_MIN);
/** dlartg safe range. */
const RTMIN = Math.sqrt(SAFE_MIN);
const RTMAX = Math.sqrt(SAFE_MAX / 2);

/** Scratch outputs of {@link lartg} (c, s, r) and {@link laev2} (rt1, rt2, cs, sn). */
const rot = new Float64Array(4);

/**
 * Eigendecomposition of a real symmetric n×n matrix.
 *
 * @param a row-major n×n input at `aOff`; only the `uplo` triangle is read, and `a` is not modified.
 * @param w receives the n eigenvalues in ascending order at `wOff`.
 * @param v null for eigenvalues only, else receives the n×n row-major eigenvector matrix at `vOff`
 *   (column j is the unit eigenvector of w[j]; columns orthonormal).
 * @param ws optional scratch from `createEighWorkspace(≥n, false)`; allocated when absent or unsuitable.
 * @returns 0 on success; -1 if the triangle holds NaN/±Infinity (outputs untouched); k > 0 if the QL/QR iteration
 *   did not converge within 30·n sweeps, k off-diagonals remaining (LAPACK info; outputs then unspecified).
 */
export function eighReal(
  n: number,
  a: Float64Array,
  aOff: number,
  uplo: Uplo,
  w: Float64Array,
  wOff: number,
  v: Float64Array | null,
  vOff: number,
  ws?: EighWorkspace,
): number {
  if (!isFiniteTriangle(n, a, aOff, uplo, 1)) return -1;
  if (n === 0) return 0;
  if (ws === undefined || ws.complex || ws.n < n) ws = createEighWorkspace(n, false);
  const { w: work, d, e, tau, y } = ws;
  const scale = loadReal(n, a, aOff, uplo, work);
  tridiagonalizeReal(n, work, d, e, tau, y);
  if (v !== null) formQtReal(n, work, tau);
  const info = tridiagonalEigen(n, d, e, v === null ? null : work, n, ws.rotC, ws.rotS);
  sortEigen(n, d, v === null ? null : work, n);
  const unscale = 1 / scale;
  for (let j = 0; j < n; j++) w[wOff + j] = d[j] * unscale;
  if (v !== null) {
    for (let k = 0; k < n; k++) {
      const out = vOff + k * n;
      for (let j = 0; j < n; j++) v[out + j] = work[j * n + k];
    }
  }
  return info;
}

/**
 * Eigendecomposition of a complex Hermitian n×n matrix (interleaved re/im, offsets in scalars). The imaginary parts
 * of the diagonal are ignored. Eigenvalues `w` are real (n scalars); `v` is complex n×n (2n² scalars), column j the
 * unit eigenvector of w[j]. Other arguments and the status as {@link eighReal}; `ws` from
 * `createEighWorkspace(≥n, true)`.
 */
export function eighComplex(
  n: number,
  a: Float64Array,
  aOff: number,
  uplo: Uplo,
  w: Float64Array,
  wOff: number,
  v: Float64Array | null,
  vOff: number,
  ws?: EighWorkspace,
): number {
  if (!isFiniteTriangle(n, a, aOff, uplo, 2)) return -1;
  if (n === 0) return 0;
  if (ws === undefined || !ws.complex || ws.n < n) ws = createEighWorkspace(n, true);
  const { w: work, d, e, tau, y } = ws;
  const scale = loadComplex(n, a, aOff, uplo, work);
  tridiagonalizeComplex(n, work, d, e, tau, y);
  if (v !== null) formQtComplex(n, work, tau);
  const info = tridiagonalEigen(n, d, e, v === null ? null : work, 2 * n, ws.rotC, ws.rotS);
  sortEigen(n, d, v === null ? null : work, 2 * n);
  const unscale = 1 / scale;
  for (let j = 0; j < n; j++) w[wOff + j] = d[j] * unscale;
  if (v !== null) {
    for (let k = 0; k < n; k++) {
      const out = vOff + 2 * k * n;
      for (let j = 0; j < n; j++) {
        const src = 2 * (j * n + k);
        v[out + 2 * j] = work[src];
        v[out + 2 * j + 1] = work[src + 1];
      }
    }
  }
  return info;
}

/** Power of two bringing a largest magnitude `amax` into [RMIN, RMAX] (1 when already inside or zero). */
function scaleFactor(amax: number): number {
  if (amax === 0 || (amax >= RMIN && amax <= RMAX)) return 1;
  return 2 ** Math.round(Math.log2((amax < RMIN ? RMIN : RMAX) / amax));
}

/** Copies the `uplo` triangle into W (W[c·n + r] = A(r, c), r ≥ c), scaled; returns the scale factor. */
function loadReal(n: number, a: Float64Array, aOff: number, uplo: Uplo, work: Float64Array): number {
  let amax = 0;
  for (let c = 0; c < n; c++) {
    const dst = c * n;
    if (uplo === 'U') {
      // A(r, c) = A(c, r): row c of the upper triangle, contiguous.
      const src = aOff + c * n;
      for (let r = c; r < n; r++) work[dst + r] = a[src + r];
    } else {
      for (let r = c; r < n; r++) work[dst + r] = a[aOff + r * n + c];
    }
    for (let r = c; r < n; r++) {
      const t = Math.abs(work[dst + r]);
      if (t > amax) amax = t;
    }
  }
  const scale = scaleFactor(amax);
  if (scale !== 1) {
    for (let c = 0; c < n; c++) for (let r = c; r < n; r++) work[c * n + r] *= scale;
  }
  return scale;
}

/** Complex twin of {@link loadReal}: W[c][r] = A(r, c) = conj(A(c, r)); diagonal imaginary parts dropped. */
function loadComplex(n: number, a: Float64Array, aOff: number, uplo: Uplo, work: Float64Array): number {
  let amax = 0;
  for (let c = 0; c < n; c++) {
    const dst = 2 * c * n;
    if (uplo === 'U') {
      const src = aOff + 2 * c * n;
      for (let r = c; r < n; r++) {
        work[dst + 2 * r] = a[src + 2 * r];
        work[dst + 2 * r + 1] = -a[src + 2 * r + 1];
      }
    } else {
      for (let r = c; r < n; r++) {
        const src = aOff + 2 * (r * n + c);
        work[dst + 2 * r] = a[src];
        work[dst + 2 * r + 1] = a[src + 1];
      }
    }
    work[dst + 2 * c + 1] = 0;
    for (let p = dst + 2 * c, end = dst + 2 * n; p < end; p++) {
      const t = Math.abs(work[p]);
      if (t > amax) amax = t;
    }
  }
  const scale = scaleFactor(amax);
  if (scale !== 1) {
    for (let c = 0; c < n; c++) for (let p = 2 * (c * n + c), end = 2 * (c + 1) * n; p < end; p++) work[p] *= scale;
  }
  return scale;
}

/**
 * dsytd2 (uplo 'L') on W: reflector i is stored in row i of W from column i+1 (v(i+1) = 1 implicit), τ in tau[i];
 * T's diagonal goes to d and its off-diagonal to e.
 */
function tridiagonalizeReal(
  n: number,
  work: Float64Array,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
  y: Float64Array,
): void {
  for (let i = 0; i < n - 1; i++) {
    const row = i * n; // v(q) = work[row + q] for q > i
    const head = row + i + 1;
    const taui = larfgReal(n - i - 1, work, head, head + 1, 1);
    e[i] = work[head];
    if (taui !== 0) {
      work[head] = 1;
      // y = τ·A₂₂·v (dsymv on the stored lower triangle, one pass over each row of W).
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

/** zhetd2 (uplo 'L') on W; as {@link tridiagonalizeReal} with complex τ (tau[2i], tau[2i+1]) and real d, e. */
function tridiagonalizeComplex(
  n: number,
  work: Float64Array,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
  y: Float64Array,
): void {
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
}

/**
 * Overwrites W with Qᵀ (row j = column j of Q = H₀·H₁⋯H_{n−2}) by backward accumulation (dorgtr/dorg2r). Step i
 * reads reflector i from row i and updates rows i+1.. (whose reflectors were already consumed), then sets row i to
 * eᵢ. Steps are fused in pairs (a = i, b = i−1; a 2-column compact WY form, Schreiber & Van Loan 1989) so each row
 * is read and written once per pair: with s_a = z·v_a, s_b = z·v_b − τ_a·s_a·(v_a·v_b), z ← z − τ_a·s_a·v_a − τ_b·s_b·v_b.
 */
function formQtReal(n: number, work: Float64Array, tau: Float64Array): void {
  work.fill(0, (n - 1) * n, n * n);
  work[n * n - 1] = 1;
  let i = n - 2;
  for (; i >= 1; i -= 2) {
    const a = i;
    const rowA = a * n;
    const rowB = rowA - n;
    const ta = tau[a];
    const tb = tau[a - 1];
    work[rowA + a + 1] = 1;
    work[rowB + a] = 1;
    let vab = 0;
    for (let q = a + 1; q < n; q++) vab += work[rowA + q] * work[rowB + q];
    for (let r = a + 1; r < n; r++) {
      const rr = r * n;
      // Row r is zero before column a+1.
      let sa = 0;
      let sb = 0;
      for (let q = a + 1; q < n; q++) {
        const z = work[rr + q];
        sa += z * work[rowA + q];
        sb += z * work[rowB + q];
      }
      const ca = ta * sa;
      const cb = tb * (sb - ca * vab);
      work[rr + a] = -cb;
      for (let q = a + 1; q < n; q++) work[rr + q] -= ca * work[rowA + q] + cb * work[rowB + q];
    }
    // Row a: eₐ after step a, then step b gives eₐ − τ_b·v_b.
    work.fill(0, rowA, rowA + a);
    work[rowA + a] = 1 - tb;
    for (let q = a + 1; q < n; q++) work[rowA + q] = -tb * work[rowB + q];
    work.fill(0, rowB, rowB + n);
    work[rowB + a - 1] = 1;
  }
  if (i === 0) {
    // Remaining single step 0.
    const t0 = tau[0];
    work[1] = 1;
    for (let r = 1; r < n; r++) {
      const rr = r * n;
      let s = 0;
      for (let q = 1; q < n; q++) s += work[rr + q] * work[q];
      s *= t0;
      for (let q = 1; q < n; q++) work[rr + q] -= s * work[q];
    }
    work.fill(0, 0, n);
    work[0] = 1;
  }
}

/**
 * Complex twin of {@link formQtReal} (zungtr): with s = Σ conj(v_q)·z_q, z ← z − τ·s·v, fused in pairs the same way
 * (v_a·v_b becomes Σ conj(v_b)·v_a).
 */
function formQtComplex(n: number, work: Float64Array, tau: Float64Array): void {
  const rowLen = 2 * n;
  work.fill(0, (n - 1) * rowLen, n * rowLen);
  work[n * rowLen - 2] = 1;
  let i = n - 2;
  for (; i >= 0; i -= 2) {
    const single = i === 0;
    // Pair (a, b) = (i, i−1). A final single step b = 0 runs as a pair with τ_a = 0 (row 1 is then e₁, finite).
    const a = single ? 1 : i;
    const rowA = a * rowLen;
    const rowB = rowA - rowLen;
    const tar = single ? 0 : tau[2 * a];
    const tai = single ? 0 : tau[2 * a + 1];
    const tbr = tau[2 * a - 2];
    const tbi = tau[2 * a - 1];
    const first = 2 * (a + 1); // first column touched by reflector a
    if (!single) {
      work[rowA + first] = 1;
      work[rowA + first + 1] = 0;
    }
    work[rowB + 2 * a] = 1;
    work[rowB + 2 * a + 1] = 0;
    let vabr = 0;
    let vabi = 0;
    if (!single) {
      for (let q = first; q < rowLen; q += 2) {
        const ar = work[rowA + q];
        const ai = work[rowA + q + 1];
        const br = work[rowB + q];
        const bi = work[rowB + q + 1];
        vabr += br * ar + bi * ai;
        vabi += br * ai - bi * ar;
      }
    }
    for (let r = a + 1; r < n; r++) {
      const rr = r * rowLen;
      let sar = 0;
      let sai = 0;
      let sbr = 0;
      let sbi = 0;
      for (let q = first; q < rowLen; q += 2) {
        const zr = work[rr + q];
        const zi = work[rr + q + 1];
        const ar = work[rowA + q];
        const ai = work[rowA + q + 1];
        const br = work[rowB + q];
        const bi = work[rowB + q + 1];
        sar += ar * zr + ai * zi;
        sai += ar * zi - ai * zr;
        sbr += br * zr + bi * zi;
        sbi += br * zi - bi * zr;
      }
      const car = tar * sar - tai * sai;
      const cai = tar * sai + tai * sar;
      const tr = sbr - (car * vabr - cai * vabi);
      const ti = sbi - (car * vabi + cai * vabr);
      const cbr = tbr * tr - tbi * ti;
      const cbi = tbr * ti + tbi * tr;
      work[rr + 2 * a] = -cbr;
      work[rr + 2 * a + 1] = -cbi;
      for (let q = first; q < rowLen; q += 2) {
        const ar = work[rowA + q];
        const ai = work[rowA + q + 1];
        const br = work[rowB + q];
        const bi = work[rowB + q + 1];
        work[rr + q] -= car * ar - cai * ai + cbr * br - cbi * bi;
        work[rr + q + 1] -= car * ai + cai * ar + cbr * bi + cbi * br;
      }
    }
    // Row a: eₐ − τ_b·v_b.
    work.fill(0, rowA, rowA + 2 * a);
    work[rowA + 2 * a] = 1 - tbr;
    work[rowA + 2 * a + 1] = -tbi;
    for (let q = first; q < rowLen; q += 2) {
      const br = work[rowB + q];
      const bi = work[rowB + q + 1];
      work[rowA + q] = -(tbr * br - tbi * bi);
      work[rowA + q + 1] = -(tbr * bi + tbi * br);
    }
    work.fill(0, rowB, rowB + rowLen);
    work[rowB + 2 * (a - 1)] = 1;
  }
}

/**
 * Plane rotation of rows j and j+1 of z (each `len` scalars), LAPACK dlasr('R', 'V', ·) column convention:
 * z_{j+1} ← c·z_{j+1} − s·z_j, z_j ← s·z_{j+1} + c·z_j.
 */
function rotateRows(z: Float64Array, j: number, len: number, c: number, s: number): void {
  const p0 = j * len;
  const p1 = p0 + len;
  for (let k = 0; k < len; k++) {
    const t = z[p1 + k];
    const u = z[p0 + k];
    z[p1 + k] = c * t - s * u;
    z[p0 + k] = s * t + c * u;
  }
}

/** Plane rotation with [c s; −s c]·(f; g) = (r; 0), c ≥ 0 (LAPACK 3.10 dlartg); writes rot[0..2] = c, s, r. */
function lartg(f: number, g: number): void {
  if (g === 0) {
    rot[0] = 1;
    rot[1] = 0;
    rot[2] = f;
  } else if (f === 0) {
    rot[0] = 0;
    rot[1] = Math.sign(g);
    rot[2] = Math.abs(g);
  } else {
    const f1 = Math.abs(f);
    const g1 = Math.abs(g);
    if (f1 > RTMIN && f1 < RTMAX && g1 > RTMIN && g1 < RTMAX) {
      const dd = Math.sqrt(f * f + g * g);
      const r = f > 0 ? dd : -dd;
      rot[0] = f1 / dd;
      rot[1] = g / r;
      rot[2] = r;
    } else {
      const u = Math.min(SAFE_MAX, Math.max(SAFE_MIN, f1, g1));
      const fs = f / u;
      const gs = g / u;
      const dd = Math.sqrt(fs * fs + gs * gs);
      const r = f > 0 ? dd : -dd;
      rot[0] = Math.abs(fs) / dd;
      rot[1] = gs / r;
      rot[2] = r * u;
    }
  }
}

/**
 * Eigen-decomposition of [[a, b], [b, c]] (LAPACK dlaev2): rot[0] = rt1 (larger |·|), rot[1] = rt2, and
 * (rot[2], rot[3]) = (cs, sn) the unit eigenvector of rt1.
 */
function laev2(a: number, b: number, c: number): void {
  const sm = a + c;
  const df = a - c;
  const adf = Math.abs(df);
  const tb = b + b;
  const ab = Math.abs(tb);
  const acmx = Math.abs(a) > Math.abs(c) ? a : c;
  const acmn = Math.abs(a) > Math.abs(c) ? c : a;
  let rt: number;
  if (adf > ab) rt = adf * Math.sqrt(1 + (ab / adf) ** 2);
  else if (adf < ab) rt = ab * Math.sqrt(1 + (adf / ab) ** 2);
  else rt = ab * Math.SQRT2;
  let rt1: number;
  let rt2: number;
  let sgn1: number;
  if (sm < 0) {
    rt1 = 0.5 * (sm - rt);
    sgn1 = -1;
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else if (sm > 0) {
    rt1 = 0.5 * (sm + rt);
    sgn1 = 1;
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else {
    rt1 = 0.5 * rt;
    rt2 = -0.5 * rt;
    sgn1 = 1;
  }
  let sgn2: number;
  let cs: number;
  if (df >= 0) {
    cs = df + rt;
    sgn2 = 1;
  } else {
    cs = df - rt;
    sgn2 = -1;
  }
  let cs1: number;
  let sn1: number;
  if (Math.abs(cs) > ab) {
    const ct = -tb / cs;
    sn1 = 1 / Math.sqrt(1 + ct * ct);
    cs1 = ct * sn1;
  } else if (ab === 0) {
    cs1 = 1;
    sn1 = 0;
  } else {
    const tn = -cs / tb;
    cs1 = 1 / Math.sqrt(1 + tn * tn);
    sn1 = tn * cs1;
  }
  if (sgn1 === sgn2) {
    const tn = cs1;
    cs1 = -sn1;
    sn1 = tn;
  }
  rot[0] = rt1;
  rot[1] = rt2;
  rot[2] = cs1;
  rot[3] = sn1;
}

/** Multiplies d[lo..hi] and e[lo..hi−1] by `factor`. */
function scaleBlock(d: Float64Array, e: Float64Array, lo: number, hi: number, factor: number): void {
  for (let k = lo; k <= hi; k++) d[k] *= factor;
  for (let k = lo; k < hi; k++) e[k] *= factor;
}

/**
 * Applies the rotations j = lo..hi (rotation j mixes rows j and j+1 with (c[j], s[j]), {@link rotateRows} convention)
 * to z, in descending j order when `backward` (dlasr 'B') and ascending otherwise ('F'). Groups of four consecutive
 * rotations are fused into one pass over the rows, carrying the shared row in a register: 5 loads and stores per
 * element instead of 8.
 */
function applyRotations(
  z: Float64Array,
  len: number,
  lo: number,
  hi: number,
  c: Float64Array,
  s: Float64Array,
  backward: boolean,
): void {
  if (backward) {
    let j = hi;
    for (; j - 3 >= lo; j -= 4) {
      const c1 = c[j];
      const s1 = s[j];
      const c2 = c[j - 1];
      const s2 = s[j - 1];
      const c3 = c[j - 2];
      const s3 = s[j - 2];
      const c4 = c[j - 3];
      const s4 = s[j - 3];
      const p4 = (j - 3) * len;
      const p3 = p4 + len;
      const p2 = p3 + len;
      const p1 = p2 + len;
      const p0 = p1 + len;
      for (let k = 0; k < len; k++) {
        let x = z[p0 + k];
        let u = z[p1 + k];
        z[p0 + k] = c1 * x - s1 * u;
        x = s1 * x + c1 * u;
        u = z[p2 + k];
        z[p1 + k] = c2 * x - s2 * u;
        x = s2 * x + c2 * u;
        u = z[p3 + k];
        z[p2 + k] = c3 * x - s3 * u;
        x = s3 * x + c3 * u;
        u = z[p4 + k];
        z[p3 + k] = c4 * x - s4 * u;
        z[p4 + k] = s4 * x + c4 * u;
      }
    }
    for (; j >= lo; j--) rotateRows(z, j, len, c[j], s[j]);
  } else {
    let j = lo;
    for (; j + 3 <= hi; j += 4) {
      const c1 = c[j];
      const s1 = s[j];
      const c2 = c[j + 1];
      const s2 = s[j + 1];
      const c3 = c[j + 2];
      const s3 = s[j + 2];
      const c4 = c[j + 3];
      const s4 = s[j + 3];
      const p0 = j * len;
      const p1 = p0 + len;
      const p2 = p1 + len;
      const p3 = p2 + len;
      const p4 = p3 + len;
      for (let k = 0; k < len; k++) {
        let x = z[p0 + k];
        let t = z[p1 + k];
        z[p0 + k] = s1 * t + c1 * x;
        x = c1 * t - s1 * x;
        t = z[p2 + k];
        z[p1 + k] = s2 * t + c2 * x;
        x = c2 * t - s2 * x;
        t = z[p3 + k];
        z[p2 + k] = s3 * t + c3 * x;
        x = c3 * t - s3 * x;
        t = z[p4 + k];
        z[p3 + k] = s4 * t + c4 * x;
        z[p4 + k] = c4 * t - s4 * x;
      }
    }
    for (; j <= hi; j++) rotateRows(z, j, len, c[j], s[j]);
  }
}

/**
 * Implicit QL/QR iteration with Wilkinson shifts on the symmetric tridiagonal (d, e) (LAPACK dsteqr). Eigenvalues
 * overwrite d (unsorted); e is destroyed. When z is given, each rotation is applied to its rows, each of `rowLen`
 * scalars (z holds eigenvectors as rows). At most 30·n sweeps in total. `rotC`/`rotS` (length ≥ n) are optional
 * scratch for one sweep's rotations.
 *
 * @returns 0, or the number of off-diagonals that failed to reach zero.
 */
export function tridiagonalEigen(
  n: number,
  d: Float64Array,
  e: Float64Array,
  z: Float64Array | null,
  rowLen: number,
  rotC: Float64Array = new Float64Array(n),
  rotS: Float64Array = new Float64Array(n),
): number {
  if (n <= 1) return 0;
  // Short rows: rotate while chasing (the updates overlap the latency-bound scalar recurrence); long rows: buffer
  // the sweep and apply it fused (throughput-bound).
  const inline = z !== null && rowLen <= INLINE_ROTATION_MAX;
  const maxSweeps = MAX_SWEEPS_PER_EIGENVALUE * n;
  let sweeps = 0;
  let l1 = 0;
  while (l1 < n) {
    // Split off the next unreduced block [l1, m].
    if (l1 > 0) e[l1 - 1] = 0;
    let m = l1;
    for (; m < n - 1; m++) {
      const tst = Math.abs(e[m]);
      if (tst === 0) break;
      if (tst <= Math.sqrt(Math.abs(d[m])) * Math.sqrt(Math.abs(d[m + 1])) * EPS) {
        e[m] = 0;
        break;
      }
    }
    let l = l1;
    const lsv = l;
    let lend = m;
    const lendsv = lend;
    l1 = m + 1;
    if (lend === l) continue;
    // Scale the block when its entries are very large or very small.
    let anorm = 0;
    for (let k = l; k <= lend; k++) anorm = Math.max(anorm, Math.abs(d[k]));
    for (let k = l; k < lend; k++) anorm = Math.max(anorm, Math.abs(e[k]));
    if (anorm === 0) continue;
    let iscale = 0;
    if (anorm > SSFMAX) {
      iscale = 1;
      scaleBlock(d, e, l, lend, SSFMAX / anorm);
    } else if (anorm < SSFMIN) {
      iscale = 2;
      scaleBlock(d, e, l, lend, SSFMIN / anorm);
    }
    // QL when the bottom end is larger, QR otherwise (chases the small eigenvalues first).
    if (Math.abs(d[lend]) < Math.abs(d[l])) {
      lend = lsv;
      l = lendsv;
    }
    if (lend > l) {
      // QL iteration: look for a small subdiagonal from the top.
      while (true) {
        for (m = l; m < lend; m++) {
          const t = e[m];
          if (t * t <= EPS2 * Math.abs(d[m]) * Math.abs(d[m + 1]) + SAFE_MIN) break;
        }
        if (m < lend) e[m] = 0;
        let p = d[l];
        if (m === l) {
          l++;
          if (l <= lend) continue;
          break;
        }
        if (m === l + 1) {
          laev2(d[l], e[l], d[l + 1]);
          if (z !== null) rotateRows(z, l, rowLen, rot[2], rot[3]);
          d[l] = rot[0];
          d[l + 1] = rot[1];
          e[l] = 0;
          l += 2;
          if (l <= lend) continue;
          break;
        }
        if (sweeps === maxSweeps) break;
        sweeps++;
        // Wilkinson shift, then chase the bulge upwards.
        let g = (d[l + 1] - p) / (2 * e[l]);
        let r = lapy2(g, 1);
        g = d[m] - p + e[l] / (g + (g >= 0 ? r : -r));
        let s = 1;
        let c = 1;
        p = 0;
        for (let i = m - 1; i >= l; i--) {
          const f = s * e[i];
          const b = c * e[i];
          lartg(g, f);
          c = rot[0];
          s = rot[1];
          if (i !== m - 1) e[i + 1] = rot[2];
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          if (inline && z !== null) rotateRows(z, i, rowLen, c, -s);
          rotC[i] = c;
          rotS[i] = -s;
        }
        if (z !== null && !inline) applyRotations(z, rowLen, l, m - 1, rotC, rotS, true);
        d[l] -= p;
        e[l] = g;
      }
    } else {
      // QR iteration: look for a small subdiagonal from the bottom.
      while (true) {
        for (m = l; m > lend; m--) {
          const t = e[m - 1];
          if (t * t <= EPS2 * Math.abs(d[m]) * Math.abs(d[m - 1]) + SAFE_MIN) break;
        }
        if (m > lend) e[m - 1] = 0;
        let p = d[l];
        if (m === l) {
          l--;
          if (l >= lend) continue;
          break;
        }
        if (m === l - 1) {
          laev2(d[l - 1], e[l - 1], d[l]);
          if (z !== null) rotateRows(z, l - 1, rowLen, rot[2], rot[3]);
          d[l - 1] = rot[0];
          d[l] = rot[1];
          e[l - 1] = 0;
          l -= 2;
          if (l >= lend) continue;
          break;
        }
        if (sweeps === maxSweeps) break;
        sweeps++;
        let g = (d[l - 1] - p) / (2 * e[l - 1]);
        let r = lapy2(g, 1);
        g = d[m] - p + e[l - 1] / (g + (g >= 0 ? r : -r));
        let s = 1;
        let c = 1;
        p = 0;
        for (let i = m; i < l; i++) {
          const f = s * e[i];
          const b = c * e[i];
          lartg(g, f);
          c = rot[0];
          s = rot[1];
          if (i !== m) e[i - 1] = rot[2];
          g = d[i] - p;
          r = (d[i + 1] - g) * s + 2 * c * b;
          p = s * r;
          d[i] = g + p;
          g = c * r - b;
          if (inline && z !== null) rotateRows(z, i, rowLen, c, s);
          rotC[i] = c;
          rotS[i] = s;
        }
        if (z !== null && !inline) applyRotations(z, rowLen, m, l - 1, rotC, rotS, false);
        d[l] -= p;
        e[l - 1] = g;
      }
    }
    if (iscale === 1) scaleBlock(d, e, lsv, lendsv, anorm / SSFMAX);
    else if (iscale === 2) scaleBlock(d, e, lsv, lendsv, anorm / SSFMIN);
    if (sweeps >= maxSweeps) {
      let info = 0;
      for (let k = 0; k < n - 1; k++) if (e[k] !== 0) info++;
      return info;
    }
  }
  return 0;
}

/** Selection sort of d ascending, swapping the matching rows of z (`rowLen` scalars each) (dsteqr's final sort). */
function sortEigen(n: number, d: Float64Array, z: Float64Array | null, rowLen: number): void {
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i];
    for (let j = i + 1; j < n; j++) {
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    }
    if (k === i) continue;
    d[k] = d[i];
    d[i] = p;
    if (z !== null) {
      const pi = i * rowLen;
      const pk = k * rowLen;
      for (let t = 0; t < rowLen; t++) {
        const tmp = z[pi + t];
        z[pi + t] = z[pk + t];
        z[pk + t] = tmp;
      }
    }
  }
}
