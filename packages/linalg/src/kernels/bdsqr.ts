/**
 * SVD of a real upper bidiagonal matrix by implicit-shift QR with the zero-shift sweep.
 *
 * Sources: LAPACK dbdsqr (with dlartg, dlas2, dlasv2, dlasr); J. Demmel & W. Kahan, "Accurate singular values of
 * bidiagonal matrices", SIAM J. Sci. Stat. Comput. 11(5), 1990; E. Anderson, "Algorithm 978: Safe scaling in the
 * Level 1 BLAS", ACM TOMS 44(1), 2017 (dlartg).
 *
 * B (n×n, diagonal d, superdiagonal e) is overwritten so that B = U_B·diag(d)·V_Bᵀ with d ≥ 0 sorted descending.
 * Singular-vector matrices are updated along ROWS (contiguous memory):
 *   vt (rows 0..n−1, `vtLen` scalars each, row stride vtLen):  VT := V_Bᵀ·VT
 *   ut (rows 0..n−1, `utLen` scalars each, row stride utLen):  UT := U_Bᵀ·UT   (UT holds Uᵀ: U := U·U_B)
 * The rotations are real, so rows may hold real or interleaved complex data alike (pass lengths in scalars).
 * Pass null (or length 0) to skip either update. Relative accuracy: tol = 10…100·eps as in LAPACK (tol > 0 path).
 * Returns 0, or the number of superdiagonals that did not converge within MAXITR·n² inner steps (vectors and d are
 * then only partially processed). work: ≥ 4n scalars. `maxitr` (default 6, as LAPACK) exists for testing the
 * non-convergence path. Nothing here allocates.
 */

import { EPS, SAFMIN as UNFL } from './machine';
import { lartg, RTMAX, RTMIN, rotOut, rotRows, swapRows } from './rotation';

export { lartg, rotOut } from './rotation';

const MAXITR = 6;
const TOL = Math.max(10, Math.min(100, EPS ** -0.125)) * EPS;
const HNDRTH = 0.01;

/** Singular values of [f g; 0 h] (LAPACK dlas2). Writes rotOut = [ssmin, ssmax]. */
export function las2(f: number, g: number, h: number): void {
  const fa = Math.abs(f);
  const ga = Math.abs(g);
  const ha = Math.abs(h);
  const fhmn = Math.min(fa, ha);
  const fhmx = Math.max(fa, ha);
  if (fhmn === 0) {
    rotOut[0] = 0;
    if (fhmx === 0) rotOut[1] = ga;
    else {
      const mx = Math.max(fhmx, ga);
      const q = Math.min(fhmx, ga) / mx;
      rotOut[1] = mx * Math.sqrt(1 + q * q);
    }
    return;
  }
  if (ga < fhmx) {
    const as = 1 + fhmn / fhmx;
    const at = (fhmx - fhmn) / fhmx;
    const q = ga / fhmx;
    const au = q * q;
    const c = 2 / (Math.sqrt(as * as + au) + Math.sqrt(at * at + au));
    rotOut[0] = fhmn * c;
    rotOut[1] = fhmx / c;
    return;
  }
  const au = fhmx / ga;
  if (au === 0) {
    // Avoid underflow of (fhmn·fhmx)/ga computed in another order.
    rotOut[0] = (fhmn * fhmx) / ga;
    rotOut[1] = ga;
    return;
  }
  const as = 1 + fhmn / fhmx;
  const at = (fhmx - fhmn) / fhmx;
  const p = as * au;
  const q = at * au;
  const c = 1 / (Math.sqrt(1 + p * p) + Math.sqrt(1 + q * q));
  const smin = fhmn * c * au;
  rotOut[0] = smin + smin;
  rotOut[1] = ga / (c + c);
}

function sign(a: number, b: number): number {
  return b >= 0 ? Math.abs(a) : -Math.abs(a);
}

/**
 * SVD of the 2×2 upper triangular [f g; 0 h] (LAPACK dlasv2):
 *   [csl snl; −snl csl]·[f g; 0 h]·[csr −snr; snr csr] = diag(ssmax, ssmin), |ssmax| ≥ |ssmin| (signed).
 * Writes rotOut = [ssmin, ssmax, snr, csr, snl, csl].
 */
export function lasv2(f: number, g: number, h: number): void {
  let ft = f;
  let fa = Math.abs(ft);
  let ht = h;
  let ha = Math.abs(h);
  let pmax = 1; // which entry has the largest magnitude: 1 = f, 2 = g, 3 = h
  const swap = ha > fa;
  if (swap) {
    pmax = 3;
    let t = ft;
    ft = ht;
    ht = t;
    t = fa;
    fa = ha;
    ha = t;
  }
  const gt = g;
  const ga = Math.abs(gt);
  let ssmin: number;
  let ssmax: number;
  let clt: number;
  let crt: number;
  let slt: number;
  let srt: number;
  if (ga === 0) {
    ssmin = ha;
    ssmax = fa;
    clt = 1;
    crt = 1;
    slt = 0;
    srt = 0;
  } else {
    let gasmal = true;
    ssmin = 0;
    ssmax = 0;
    clt = 1;
    crt = 1;
    slt = 0;
    srt = 0;
    if (ga > fa) {
      pmax = 2;
      if (fa / ga < EPS) {
        // g dominates: very large off-diagonal.
        gasmal = false;
        ssmax = ga;
        ssmin = ha > 1 ? fa / (ga / ha) : (fa / ga) * ha;
        clt = 1;
        slt = ht / gt;
        srt = 1;
        crt = ft / gt;
      }
    }
    if (gasmal) {
      const dd = fa - ha;
      let l = dd === fa ? 1 : dd / fa;
      const m = gt / ft;
      let t = 2 - l;
      const mm = m * m;
      const tt = t * t;
      const s = Math.sqrt(tt + mm);
      const r = l === 0 ? Math.abs(m) : Math.sqrt(l * l + mm);
      const a = 0.5 * (s + r);
      ssmin = ha / a;
      ssmax = fa * a;
      if (mm === 0) {
        if (l === 0) t = sign(2, ft) * sign(1, gt);
        else t = gt / sign(dd, ft) + m / t;
      } else {
        t = (m / (s + t) + m / (r + l)) * (1 + a);
      }
      l = Math.sqrt(t * t + 4);
      crt = 2 / l;
      srt = t / l;
      clt = (crt + srt * m) / a;
      slt = ((ht / ft) * srt) / a;
    }
  }
  let csl: number;
  let snl: number;
  let csr: number;
  let snr: number;
  if (swap) {
    csl = srt;
    snl = crt;
    csr = slt;
    snr = clt;
  } else {
    csl = clt;
    snl = slt;
    csr = crt;
    snr = srt;
  }
  let tsign: number;
  if (pmax === 1) tsign = sign(1, csr) * sign(1, csl) * sign(1, f);
  else if (pmax === 2) tsign = sign(1, snr) * sign(1, csl) * sign(1, g);
  else tsign = sign(1, snr) * sign(1, snl) * sign(1, h);
  rotOut[1] = sign(ssmax, tsign);
  rotOut[0] = sign(ssmin, tsign * sign(1, f) * sign(1, h));
  rotOut[2] = snr;
  rotOut[3] = csr;
  rotOut[4] = snl;
  rotOut[5] = csl;
}

/**
 * LAPACK dlasr('L', 'V', dir) on rows off, off+stride, …: for j = 0..cnt−2 (forward) or reverse (backward), rows j
 * and j+1 become (c·rⱼ + s·rⱼ₊₁, c·rⱼ₊₁ − s·rⱼ) with c = cs[j], s = sn[j]. Adjacent rotations are fused pairwise so
 * that each pass over memory applies two rotations.
 */
function applyRotationSequence(
  forward: boolean,
  cnt: number,
  work: Float64Array,
  csOff: number,
  snOff: number,
  x: Float64Array,
  off: number,
  stride: number,
  len: number,
): void {
  if (forward) {
    let j = 0;
    for (; j + 1 < cnt - 1; j += 2) {
      const c1 = work[csOff + j];
      const s1 = work[snOff + j];
      const c2 = work[csOff + j + 1];
      const s2 = work[snOff + j + 1];
      const o0 = off + j * stride;
      const o1 = o0 + stride;
      const o2 = o1 + stride;
      if (s1 === 0 && c1 === 1) {
        if (!(s2 === 0 && c2 === 1)) rotRows(x, o1, o2, len, c2, s2);
        continue;
      }
      if (s2 === 0 && c2 === 1) {
        rotRows(x, o0, o1, len, c1, s1);
        continue;
      }
      for (let k = 0; k < len; k++) {
        const a0 = x[o0 + k];
        const a1 = x[o1 + k];
        const a2 = x[o2 + k];
        x[o0 + k] = c1 * a0 + s1 * a1;
        const b1 = c1 * a1 - s1 * a0;
        x[o1 + k] = c2 * b1 + s2 * a2;
        x[o2 + k] = c2 * a2 - s2 * b1;
      }
    }
    if (j < cnt - 1) {
      const c = work[csOff + j];
      const s = work[snOff + j];
      if (!(s === 0 && c === 1)) rotRows(x, off + j * stride, off + (j + 1) * stride, len, c, s);
    }
  } else {
    let j = cnt - 2;
    for (; j - 1 >= 0; j -= 2) {
      const c1 = work[csOff + j];
      const s1 = work[snOff + j];
      const c2 = work[csOff + j - 1];
      const s2 = work[snOff + j - 1];
      const o1 = off + j * stride;
      const o2 = o1 + stride;
      const o0 = o1 - stride;
      if (s1 === 0 && c1 === 1) {
        if (!(s2 === 0 && c2 === 1)) rotRows(x, o0, o1, len, c2, s2);
        continue;
      }
      if (s2 === 0 && c2 === 1) {
        rotRows(x, o1, o2, len, c1, s1);
        continue;
      }
      for (let k = 0; k < len; k++) {
        const a0 = x[o0 + k];
        const a1 = x[o1 + k];
        const a2 = x[o2 + k];
        // rotation j on rows (1, 2), then rotation j−1 on rows (0, 1)
        x[o2 + k] = c1 * a2 - s1 * a1;
        const b1 = c1 * a1 + s1 * a2;
        x[o0 + k] = c2 * a0 + s2 * b1;
        x[o1 + k] = c2 * b1 - s2 * a0;
      }
    }
    if (j === 0) {
      const c = work[csOff];
      const s = work[snOff];
      if (!(s === 0 && c === 1)) rotRows(x, off, off + stride, len, c, s);
    }
  }
}

/** Bidiagonal SVD; see the file header for the contract. */
export function bdsqr(
  n: number,
  d: Float64Array,
  e: Float64Array,
  vt: Float64Array | null,
  vtLen: number,
  ut: Float64Array | null,
  utLen: number,
  work: Float64Array,
  maxitr: number = MAXITR,
): number {
  if (n === 0) return 0;
  const hasVt = vt !== null && vtLen > 0;
  const hasUt = ut !== null && utLen > 0;
  const nm1 = n - 1;
  const nm12 = 2 * nm1;
  const nm13 = 3 * nm1;
  let info = 0;

  if (n > 1) {
    // Lower bound on the smallest singular value (Demmel–Kahan recurrence) → absolute threshold for negligible e.
    let sminoa = Math.abs(d[0]);
    if (sminoa !== 0) {
      let mu = sminoa;
      for (let i = 1; i < n; i++) {
        mu = Math.abs(d[i]) * (mu / (mu + Math.abs(e[i - 1])));
        if (mu < sminoa) sminoa = mu;
        if (sminoa === 0) break;
      }
    }
    sminoa /= Math.sqrt(n);
    const thresh = Math.max(TOL * sminoa, MAXITR * (n * (n * UNFL)));

    const maxit = maxitr * n * n;
    let iter = 0;
    let oldll = -1;
    let oldm = -1;
    let idir = 0;
    let m = n - 1; // bottom row (0-based) of the active block
    main: while (m > 0) {
      if (iter >= maxit) {
        for (let i = 0; i < nm1; i++) if (e[i] !== 0) info++;
        return info;
      }
      // Find the top ll of the unreduced block ending at m; smax = its largest entry.
      let smax = Math.abs(d[m]);
      let ll = 0;
      let split = false;
      for (let lll = m - 1; lll >= 0; lll--) {
        const abss = Math.abs(d[lll]);
        const abse = Math.abs(e[lll]);
        if (abse <= thresh) {
          ll = lll;
          split = true;
          break;
        }
        if (abss > smax) smax = abss;
        if (abse > smax) smax = abse;
      }
      if (split) {
        e[ll] = 0;
        if (ll === m - 1) {
          m -= 1; // d[m] converged
          continue;
        }
        ll += 1;
      }

      if (ll === m - 1) {
        // 2×2 block: solve directly.
        lasv2(d[m - 1], e[m - 1], d[m]);
        const sigmn = rotOut[0];
        const sigmx = rotOut[1];
        const sinr = rotOut[2];
        const cosr = rotOut[3];
        const sinl = rotOut[4];
        const cosl = rotOut[5];
        d[m - 1] = sigmx;
        e[m - 1] = 0;
        d[m] = sigmn;
        if (hasVt) rotRows(vt, (m - 1) * vtLen, m * vtLen, vtLen, cosr, sinr);
        if (hasUt) rotRows(ut, (m - 1) * utLen, m * utLen, utLen, cosl, sinl);
        m -= 2;
        continue;
      }

      // New block: chase the bulge in the direction of decreasing diagonal magnitude.
      if (ll > oldm || m < oldll) idir = Math.abs(d[ll]) >= Math.abs(d[m]) ? 1 : 2;

      // Convergence tests (relative accuracy criteria of Demmel–Kahan).
      let sminl: number;
      if (idir === 1) {
        if (Math.abs(e[m - 1]) <= TOL * Math.abs(d[m])) {
          e[m - 1] = 0;
          continue;
        }
        let mu = Math.abs(d[ll]);
        sminl = mu;
        for (let lll = ll; lll < m; lll++) {
          const ae = Math.abs(e[lll]);
          if (ae <= TOL * mu) {
            e[lll] = 0;
            continue main;
          }
          mu = Math.abs(d[lll + 1]) * (mu / (mu + ae));
          if (mu < sminl) sminl = mu;
        }
      } else {
        if (Math.abs(e[ll]) <= TOL * Math.abs(d[ll])) {
          e[ll] = 0;
          continue;
        }
        let mu = Math.abs(d[m]);
        sminl = mu;
        for (let lll = m - 1; lll >= ll; lll--) {
          const ae = Math.abs(e[lll]);
          if (ae <= TOL * mu) {
            e[lll] = 0;
            continue main;
          }
          mu = Math.abs(d[lll]) * (mu / (mu + ae));
          if (mu < sminl) sminl = mu;
        }
      }
      oldll = ll;
      oldm = m;

      // Shift: zero when it would spoil relative accuracy, else the smaller singular value of the trailing 2×2.
      let shift = 0;
      if (!(n * TOL * (sminl / smax) <= Math.max(EPS, HNDRTH * TOL))) {
        let sll: number;
        if (idir === 1) {
          sll = Math.abs(d[ll]);
          las2(d[m - 1], e[m - 1], d[m]);
        } else {
          sll = Math.abs(d[m]);
          las2(d[ll], e[ll], d[ll + 1]);
        }
        shift = rotOut[0];
        if (sll > 0) {
          const q = shift / sll;
          if (q * q < EPS) shift = 0;
        }
      }
      iter += m - ll;
      const cnt = m - ll + 1;

      if (shift === 0) {
        if (idir === 1) {
          // Zero-shift QR, top to bottom.
          let cs = 1;
          let oldcs = 1;
          let oldsn = 0;
          for (let i = ll; i < m; i++) {
            lartg(d[i] * cs, e[i]);
            cs = rotOut[0];
            const sn = rotOut[1];
            const r = rotOut[2];
            if (i > ll) e[i - 1] = oldsn * r;
            lartg(oldcs * r, d[i + 1] * sn);
            oldcs = rotOut[0];
            oldsn = rotOut[1];
            d[i] = rotOut[2];
            const k = i - ll;
            work[k] = cs;
            work[k + nm1] = sn;
            work[k + nm12] = oldcs;
            work[k + nm13] = oldsn;
          }
          const h = d[m] * cs;
          d[m] = h * oldcs;
          e[m - 1] = h * oldsn;
          if (hasVt) applyRotationSequence(true, cnt, work, 0, nm1, vt, ll * vtLen, vtLen, vtLen);
          if (hasUt) applyRotationSequence(true, cnt, work, nm12, nm13, ut, ll * utLen, utLen, utLen);
          if (Math.abs(e[m - 1]) <= thresh) e[m - 1] = 0;
        } else {
          // Zero-shift QR, bottom to top.
          let cs = 1;
          let oldcs = 1;
          let oldsn = 0;
          for (let i = m; i > ll; i--) {
            lartg(d[i] * cs, e[i - 1]);
            cs = rotOut[0];
            const sn = rotOut[1];
            const r = rotOut[2];
            if (i < m) e[i] = oldsn * r;
            lartg(oldcs * r, d[i - 1] * sn);
            oldcs = rotOut[0];
            oldsn = rotOut[1];
            d[i] = rotOut[2];
            const k = i - ll - 1;
            work[k] = cs;
            work[k + nm1] = -sn;
            work[k + nm12] = oldcs;
            work[k + nm13] = -oldsn;
          }
          const h = d[ll] * cs;
          d[ll] = h * oldcs;
          e[ll] = h * oldsn;
          if (hasVt) applyRotationSequence(false, cnt, work, nm12, nm13, vt, ll * vtLen, vtLen, vtLen);
          if (hasUt) applyRotationSequence(false, cnt, work, 0, nm1, ut, ll * utLen, utLen, utLen);
          if (Math.abs(e[ll]) <= thresh) e[ll] = 0;
        }
      } else if (idir === 1) {
        // Shifted QR, top to bottom.
        let f = (Math.abs(d[ll]) - shift) * (sign(1, d[ll]) + shift / d[ll]);
        let g = e[ll];
        // The hot loop of the whole SVD: dlartg's common case is inlined (its other cases go through lartg).
        let di = d[ll];
        let ei = e[ll];
        for (let i = ll; i < m; i++) {
          let cosr: number;
          let sinr: number;
          let r: number;
          let fa = Math.abs(f);
          let ga = Math.abs(g);
          if (fa > RTMIN && fa < RTMAX && ga > RTMIN && ga < RTMAX) {
            const dd = Math.sqrt(f * f + g * g);
            r = f > 0 ? dd : -dd;
            cosr = fa / dd;
            sinr = g / r;
          } else {
            lartg(f, g);
            cosr = rotOut[0];
            sinr = rotOut[1];
            r = rotOut[2];
          }
          if (i > ll) e[i - 1] = r;
          const dn = d[i + 1];
          f = cosr * di + sinr * ei;
          ei = cosr * ei - sinr * di;
          g = sinr * dn;
          let dn2 = cosr * dn;
          let cosl: number;
          let sinl: number;
          fa = Math.abs(f);
          ga = Math.abs(g);
          if (fa > RTMIN && fa < RTMAX && ga > RTMIN && ga < RTMAX) {
            const dd = Math.sqrt(f * f + g * g);
            r = f > 0 ? dd : -dd;
            cosl = fa / dd;
            sinl = g / r;
          } else {
            lartg(f, g);
            cosl = rotOut[0];
            sinl = rotOut[1];
            r = rotOut[2];
          }
          d[i] = r;
          f = cosl * ei + sinl * dn2;
          dn2 = cosl * dn2 - sinl * ei;
          e[i] = ei;
          if (i < m - 1) {
            const en = e[i + 1];
            g = sinl * en;
            ei = cosl * en;
          }
          di = dn2;
          const k = i - ll;
          work[k] = cosr;
          work[k + nm1] = sinr;
          work[k + nm12] = cosl;
          work[k + nm13] = sinl;
        }
        d[m] = di;
        e[m - 1] = f;
        if (hasVt) applyRotationSequence(true, cnt, work, 0, nm1, vt, ll * vtLen, vtLen, vtLen);
        if (hasUt) applyRotationSequence(true, cnt, work, nm12, nm13, ut, ll * utLen, utLen, utLen);
        if (Math.abs(e[m - 1]) <= thresh) e[m - 1] = 0;
      } else {
        // Shifted QR, bottom to top.
        let f = (Math.abs(d[m]) - shift) * (sign(1, d[m]) + shift / d[m]);
        let g = e[m - 1];
        for (let i = m; i > ll; i--) {
          lartg(f, g);
          const cosr = rotOut[0];
          const sinr = rotOut[1];
          if (i < m) e[i] = rotOut[2];
          f = cosr * d[i] + sinr * e[i - 1];
          e[i - 1] = cosr * e[i - 1] - sinr * d[i];
          g = sinr * d[i - 1];
          d[i - 1] = cosr * d[i - 1];
          lartg(f, g);
          const cosl = rotOut[0];
          const sinl = rotOut[1];
          d[i] = rotOut[2];
          f = cosl * e[i - 1] + sinl * d[i - 1];
          d[i - 1] = cosl * d[i - 1] - sinl * e[i - 1];
          if (i > ll + 1) {
            g = sinl * e[i - 2];
            e[i - 2] = cosl * e[i - 2];
          }
          const k = i - ll - 1;
          work[k] = cosr;
          work[k + nm1] = -sinr;
          work[k + nm12] = cosl;
          work[k + nm13] = -sinl;
        }
        e[ll] = f;
        if (Math.abs(e[ll]) <= thresh) e[ll] = 0;
        if (hasVt) applyRotationSequence(false, cnt, work, nm12, nm13, vt, ll * vtLen, vtLen, vtLen);
        if (hasUt) applyRotationSequence(false, cnt, work, 0, nm1, ut, ll * utLen, utLen, utLen);
      }
    }
  }

  // Make the singular values non-negative (flipping the matching row of VT), then sort descending.
  for (let i = 0; i < n; i++) {
    if (d[i] < 0) {
      d[i] = -d[i];
      if (hasVt) {
        const o = i * vtLen;
        for (let k = 0; k < vtLen; k++) vt[o + k] = -vt[o + k];
      }
    } else if (d[i] === 0) {
      d[i] = 0; // normalize −0
    }
  }
  for (let i = 0; i < n - 1; i++) {
    let imax = i;
    let dmax = d[i];
    for (let j = i + 1; j < n; j++) {
      if (d[j] > dmax) {
        dmax = d[j];
        imax = j;
      }
    }
    if (imax !== i) {
      d[imax] = d[i];
      d[i] = dmax;
      if (hasVt) swapRows(vt, i * vtLen, imax * vtLen, vtLen);
      if (hasUt) swapRows(ut, i * utLen, imax * utLen, utLen);
    }
  }
  return 0;
}
