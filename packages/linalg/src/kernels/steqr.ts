/**
 * Eigenvalues and eigenvectors of a real symmetric tridiagonal matrix by the implicit QL/QR iteration with Wilkinson
 * shifts (LAPACK dsteqr with dlaev2, dlasr, dlartg; Golub & Van Loan, "Matrix Computations" 4th ed., §8.3.3–8.3.5),
 * at most 30·n sweeps in total, then the final selection sort (ascending).
 *
 * Eigenvectors are kept as ROWS (row j = eigenvector j), so every rotation touches two contiguous rows; the rotations
 * are real, so rows may hold real or interleaved complex data alike (lengths in scalars).
 */

import { EPS, SAFMAX, SAFMIN } from './machine';
import { lapy2 } from './reflector';
import { lartg, rotOut, rotRows } from './rotation';

const MAX_SWEEPS_PER_EIGENVALUE = 30;
/** Eigenvector rows up to this many scalars are rotated inside the QL/QR sweep rather than after it. */
const INLINE_ROTATION_MAX = 16;
const EPS2 = EPS * EPS;
/** dsteqr block scaling thresholds. */
const SSFMAX = Math.sqrt(SAFMAX) / 3;
const SSFMIN = Math.sqrt(SAFMIN) / EPS2;

/** Scratch outputs of {@link laev2} (rt1, rt2, cs, sn). */
const rot = new Float64Array(4);

/**
 * Plane rotation of rows j and j+1 of z (each `len` scalars), LAPACK dlasr('R', 'V', ·) column convention:
 * z_{j+1} ← c·z_{j+1} − s·z_j, z_j ← s·z_{j+1} + c·z_j.
 */
function rotateRows(z: Float64Array, j: number, len: number, c: number, s: number): void {
  rotRows(z, (j + 1) * len, j * len, len, c, -s);
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
          if (t * t <= EPS2 * Math.abs(d[m]) * Math.abs(d[m + 1]) + SAFMIN) break;
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
          c = rotOut[0];
          s = rotOut[1];
          if (i !== m - 1) e[i + 1] = rotOut[2];
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
          if (t * t <= EPS2 * Math.abs(d[m]) * Math.abs(d[m - 1]) + SAFMIN) break;
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
          c = rotOut[0];
          s = rotOut[1];
          if (i !== m) e[i - 1] = rotOut[2];
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
export function sortEigen(n: number, d: Float64Array, z: Float64Array | null, rowLen: number): void {
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
