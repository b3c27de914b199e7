/**
 * Roots of the secular equation of the bidiagonal divide-and-conquer SVD.
 *
 * Sources: LAPACK dlasd4 (with dlasd5 for two poles and dlaed6 for the three-pole step); R.-C. Li, "Solving secular
 * equations stably and efficiently", LAPACK Working Note 89 (1994); M. Gu & S. C. Eisenstat, "A divide-and-conquer
 * algorithm for the bidiagonal SVD", SIAM J. Matrix Anal. Appl. 16(1), 1995, §3–4.
 *
 * Problem: given poles 0 ≤ d₀ < d₁ < … < d_{k−1}, a unit vector z and ρ > 0, find the i-th root σᵢ of
 *   f(σ) = 1/ρ + Σⱼ zⱼ² / ((dⱼ − σ)(dⱼ + σ)),
 * i.e. the i-th singular value of diag(d)² + ρ·z·zᵀ's square root; σᵢ ∈ (dᵢ, dᵢ₊₁), and σ_{k−1} ∈ (d_{k−1},
 * √(d_{k−1}² + ρ)). f is increasing in σ on each interval. The caller (./bdsdc) guarantees, through deflation, that
 * the poles are distinct (by a few ulps of the largest one) and that no zⱼ is negligible, and scales the problem so
 * that d_{k−1} and ρ are O(1).
 *
 * As in dlasd4, σ is represented as d_o + τ with the origin d_o the pole nearer to the root (chosen from the sign of f
 * at the midpoint of the interval), so that every difference dⱼ − σ = (dⱼ − d_o) − τ is computed to high relative
 * accuracy: the root finder returns those differences (and the sums dⱼ + σ), which is what the Löwner-theorem
 * recomputation of z and the singular vectors need. Steps are Li's rational interpolations — two poles ("middle way"
 * with the fixed-weight switch) or three poles via a Gragg-type cubically convergent iteration (dlaed6) — safeguarded
 * by a bracket [lo, hi] on τ that shrinks with every evaluation: a step leaving the bracket is replaced by a half-step
 * towards the bracket end (a geometric mean near a tiny pole, as dlasd4's GEOMAVG). Differently from dlasd4, the
 * differences are recomputed from τ at every evaluation (no accumulated update error; they are stored once, at
 * convergence), and the iteration also stops
 * when the bracket has collapsed to rounding level. Every loop is bounded: secularRoot returns NaN after `maxit`
 * evaluations without convergence. Nothing here allocates.
 */

import { EPS } from './machine';

/** Evaluations per root before reporting failure (LAPACK 3.12 dlasd4: 400). */
export const SECULAR_MAXIT = 400;
const SQRT_EPS = Math.sqrt(EPS);
/** dlaed6's scaling thresholds: powers of two near safmin^(1/3) and safmin^(2/3). */
const SMALL1 = 2 ** -340;
const SMALL2 = 2 ** -680;

/** Results of one evaluation: [psi, dpsi, phi, dphi, erretm]. */
const ev = new Float64Array(5);
/** dlaed6 inputs (three poles and numerators). */
const dd3 = new Float64Array(3);
const zz3 = new Float64Array(3);

/**
 * Sums the terms zⱼ²/((dⱼ − σ)(dⱼ + σ)) at σ = dO + τ, with dⱼ − σ = (dⱼ − dO) − τ and dⱼ + σ = (dⱼ + dO) + τ: psi over
 * j < lo, phi over j > hi (indices lo..hi excluded), their derivatives and dlasd4's running error bound → ev.
 */
function evaluate(k: number, lo: number, hi: number, d: Float64Array, z: Float64Array, dO: number, tau: number): void {
  let psi = 0;
  let dpsi = 0;
  let err = 0;
  for (let j = 0; j < lo; j++) {
    const dj = d[j];
    const t = z[j] / ((dj - dO - tau) * (dj + dO + tau));
    psi += z[j] * t;
    dpsi += t * t;
    err += psi;
  }
  err = Math.abs(err);
  let phi = 0;
  let dphi = 0;
  for (let j = k - 1; j > hi; j--) {
    const dj = d[j];
    const t = z[j] / ((dj - dO - tau) * (dj + dO + tau));
    phi += z[j] * t;
    dphi += t * t;
    err += phi;
  }
  ev[0] = psi;
  ev[1] = dpsi;
  ev[2] = phi;
  ev[3] = dphi;
  ev[4] = err;
}

/** (dⱼ − σ)(dⱼ + σ) = dⱼ² − σ² at σ = dO + τ, from the origin-relative differences. */
function dsq(d: Float64Array, j: number, dO: number, tau: number): number {
  const dj = d[j];
  return (dj - dO - tau) * (dj + dO + tau);
}

/** The outputs at the converged σ = dO + τ: delta[j] = dⱼ − σ, sum[j] = dⱼ + σ; returns σ. */
function finish(
  k: number,
  d: Float64Array,
  dO: number,
  tau: number,
  delta: Float64Array,
  dOff: number,
  sum: Float64Array,
  sOff: number,
): number {
  for (let j = 0; j < k; j++) {
    const dj = d[j];
    delta[dOff + j] = dj - dO - tau;
    sum[sOff + j] = dj + dO + tau;
  }
  return dO + tau;
}

/** Root of the quadratic model c·η² − a·η + b = 0 picked as in dlasd4 (the one continuous in c → 0); also ./laed4's step. */
export function quadraticStep(a: number, b: number, c: number): number {
  const disc = Math.sqrt(Math.abs(a * a - 4 * b * c));
  return a <= 0 ? (a - disc) / (2 * c) : (2 * b) / (a + disc);
}

/**
 * Index i of k roots (0-based). d, z: k entries at offset 0 (‖z‖ = 1); rho > 0. Writes delta[deltaOff + j] = dⱼ − σᵢ
 * and sum[sumOff + j] = dⱼ + σᵢ (j < k) and returns σᵢ, or NaN when the iteration did not converge.
 */
export function secularRoot(
  k: number,
  i: number,
  d: Float64Array,
  z: Float64Array,
  rho: number,
  delta: Float64Array,
  deltaOff: number,
  sum: Float64Array,
  sumOff: number,
  maxit: number = SECULAR_MAXIT,
): number {
  if (k === 1) {
    const sigma = Math.sqrt(d[0] * d[0] + rho * z[0] * z[0]);
    delta[deltaOff] = d[0] - sigma;
    sum[sumOff] = d[0] + sigma;
    return sigma;
  }
  if (k === 2) return twoPoles(i, d, z, rho, delta, deltaOff, sum, sumOff);
  if (i === k - 1) return lastRoot(k, d, z, rho, delta, deltaOff, sum, sumOff, maxit);
  return innerRoot(k, i, d, z, rho, delta, deltaOff, sum, sumOff, maxit);
}

/** k = 2 in closed form (dlasd5): the quadratic in σ² for the origin nearer to the root. */
function twoPoles(
  i: number,
  d: Float64Array,
  z: Float64Array,
  rho: number,
  delta: Float64Array,
  dOff: number,
  sum: Float64Array,
  sOff: number,
): number {
  const d0 = d[0];
  const d1 = d[1];
  const del = d1 - d0;
  const delsq = del * (d1 + d0);
  const z0s = z[0] * z[0];
  const z1s = z[1] * z[1];
  if (i === 0) {
    // Sign of f at the midpoint σ² = (d0² + d1²)/2 … written as in dlasd5 (exact algebra, no cancellation).
    const w = 1 + (4 * rho * (z1s / (d0 + 3 * d1) - z0s / (3 * d0 + d1))) / del;
    if (w > 0) {
      // Root nearer d0: τ² = σ² − d0² solves τ²² − b·τ² + c = 0 (smaller root).
      const b = delsq + rho * (z0s + z1s);
      const c = rho * z0s * delsq;
      let tau = (2 * c) / (b + Math.sqrt(Math.abs(b * b - 4 * c)));
      tau /= d0 + Math.sqrt(d0 * d0 + tau);
      delta[dOff] = -tau;
      delta[dOff + 1] = del - tau;
      sum[sOff] = 2 * d0 + tau;
      sum[sOff + 1] = d0 + tau + d1;
      return d0 + tau;
    }
  }
  // Origin d1 (σ² − d1² < 0 for i = 0, > 0 for i = 1).
  const b = -delsq + rho * (z0s + z1s);
  const c = rho * z1s * delsq;
  let tau: number;
  if (i === 0) tau = b > 0 ? (-2 * c) / (b + Math.sqrt(b * b + 4 * c)) : (b - Math.sqrt(b * b + 4 * c)) / 2;
  else tau = b > 0 ? (b + Math.sqrt(b * b + 4 * c)) / 2 : (2 * c) / (-b + Math.sqrt(b * b + 4 * c));
  tau /= d1 + Math.sqrt(Math.abs(d1 * d1 + tau));
  delta[dOff] = -(del + tau);
  delta[dOff + 1] = -tau;
  sum[sOff] = d0 + tau + d1;
  sum[sOff + 1] = 2 * d1 + tau;
  return d1 + tau;
}

/** The largest root, origin d_{k−1}: σ ∈ (d_{k−1}, √(d_{k−1}² + ρ)). */
function lastRoot(
  k: number,
  d: Float64Array,
  z: Float64Array,
  rho: number,
  delta: Float64Array,
  dOff: number,
  sum: Float64Array,
  sOff: number,
  maxit: number,
): number {
  const n1 = k - 1;
  const n2 = k - 2;
  const dn = d[n1];
  const rhoinv = 1 / rho;
  const zn1s = z[n2] * z[n2];
  const zns = z[n1] * z[n1];

  // Initial guess from the sign of f at σ² = dn² + ρ/2 and a two-pole model (dlasd4).
  const half = rho / 2;
  const tau0 = half / (dn + Math.sqrt(dn * dn + half));
  evaluate(k, n2, n1, d, z, dn, tau0);
  const c0 = rhoinv + ev[0];
  const w0 = c0 + zn1s / dsq(d, n2, dn, tau0) + zns / dsq(d, n1, dn, tau0);
  const delsq = (dn - d[n2]) * (dn + d[n2]);
  let tau2: number;
  const t1 = Math.sqrt(dn * dn + rho);
  // When f ≤ 0 there, the root is in [dn² + ρ/2, dn² + ρ]: f at the upper end decides between the end and the model.
  if (w0 <= 0 && c0 <= zn1s / ((d[n2] + t1) * (dn - d[n2] + rho / (dn + t1))) + zns / rho) {
    tau2 = rho;
  } else {
    const a = -c0 * delsq + zn1s + zns;
    const b = zns * delsq;
    const disc = Math.sqrt(a * a + 4 * b * c0);
    tau2 = a < 0 ? (2 * b) / (disc - a) : (a + disc) / (2 * c0);
  }
  let tau = tau2 / (dn + Math.sqrt(dn * dn + tau2));
  let lo = 0;
  let hi = rho / (dn + Math.sqrt(dn * dn + rho));
  if (!(tau > lo && tau <= hi)) tau = hi / 2;

  for (let iter = 1; iter <= maxit; iter++) {
    evaluate(k, n1, n1, d, z, dn, tau);
    const psi = ev[0];
    const dpsi = ev[1];
    const dtnsq1 = dsq(d, n2, dn, tau);
    const dtnsq = dsq(d, n1, dn, tau);
    const t = z[n1] / dtnsq;
    const phi = z[n1] * t;
    const dphi = t * t;
    const w = rhoinv + phi + psi;
    const erretm = 8 * (-phi - psi) + ev[4] - phi + rhoinv;
    if (Math.abs(w) <= EPS * erretm) return finish(k, d, dn, tau, delta, dOff, sum, sOff);
    if (w < 0) lo = Math.max(lo, tau);
    else hi = Math.min(hi, tau);
    if (hi - lo <= 4 * EPS * hi) return finish(k, d, dn, tau, delta, dOff, sum, sOff);

    // Two-pole rational model on the poles d_{k−2}, d_{k−1} (η in σ² units).
    let c = w - dtnsq1 * dpsi - dtnsq * dphi;
    const a = (dtnsq + dtnsq1) * w - dtnsq * dtnsq1 * (dpsi + dphi);
    const b = dtnsq * dtnsq1 * w;
    if (iter === 1 && c < 0) c = -c;
    let eta: number;
    if (c === 0) eta = -w / (dpsi + dphi);
    else if (a >= 0) eta = (a + Math.sqrt(Math.abs(a * a - 4 * b * c))) / (2 * c);
    else eta = (2 * b) / (a - Math.sqrt(Math.abs(a * a - 4 * b * c)));
    // η must have the sign of −w; otherwise take a Newton step.
    if (w * eta > 0 || !Number.isFinite(eta)) eta = -w / (dpsi + dphi);
    const sigma = dn + tau;
    eta /= sigma + Math.sqrt(Math.abs(sigma * sigma + eta));
    let next = tau + eta;
    if (!(next > lo && next < hi)) next = w < 0 ? tau + (hi - tau) / 2 : tau + (lo - tau) / 2;
    tau = next;
  }
  return Number.NaN;
}

/** Root i < k − 1 (k ≥ 3): σ ∈ (dᵢ, dᵢ₊₁). */
function innerRoot(
  k: number,
  i: number,
  d: Float64Array,
  z: Float64Array,
  rho: number,
  delta: Float64Array,
  dOff: number,
  sum: Float64Array,
  sOff: number,
  maxit: number,
): number {
  const ip1 = i + 1;
  const di = d[i];
  const dip1 = d[ip1];
  const rhoinv = 1 / rho;
  const delsq = (dip1 - di) * (dip1 + di);
  const delsq2 = delsq / 2;
  const sq2 = Math.sqrt((di * di + dip1 * dip1) / 2);
  const zis = z[i] * z[i];
  const zip1s = z[ip1] * z[ip1];

  // The sign of f at the midpoint σ² = (dᵢ² + dᵢ₊₁²)/2 picks the origin.
  const tauMid = delsq2 / (di + sq2);
  evaluate(k, i, ip1, d, z, di, tauMid);
  const c0 = rhoinv + ev[0] + ev[2];
  const w0 = c0 + zis / dsq(d, i, di, tauMid) + zip1s / dsq(d, ip1, di, tauMid);

  const orgati = w0 > 0;
  let geomavg = false;
  let ii: number;
  let lo: number;
  let hi: number;
  let tau: number;
  if (orgati) {
    // dᵢ² < σ² < (dᵢ² + dᵢ₊₁²)/2: origin dᵢ.
    ii = i;
    lo = 0;
    hi = delsq2 / (di + sq2);
    const a = c0 * delsq + zis + zip1s;
    const b = zis * delsq;
    const disc = Math.sqrt(Math.abs(a * a - 4 * b * c0));
    const t2 = a > 0 ? (2 * b) / (a + disc) : (a - disc) / (2 * c0);
    tau = t2 / (di + Math.sqrt(di * di + t2));
    if (di <= SQRT_EPS * dip1 && Math.abs(z[i]) <= SQRT_EPS && di > 0) {
      // A tiny pole with a tiny weight: the root may be many orders of magnitude above dᵢ; bisect geometrically.
      tau = Math.min(10 * di, hi);
      geomavg = true;
    }
  } else {
    // (dᵢ² + dᵢ₊₁²)/2 ≤ σ² < dᵢ₊₁²: origin dᵢ₊₁.
    ii = ip1;
    lo = -delsq2 / (dip1 + sq2);
    hi = 0;
    const a = c0 * delsq - zis - zip1s;
    const b = zip1s * delsq;
    const disc = Math.sqrt(Math.abs(a * a + 4 * b * c0));
    const t2 = a < 0 ? (2 * b) / (a - disc) : -(a + disc) / (2 * c0);
    tau = t2 / (dip1 + Math.sqrt(Math.abs(dip1 * dip1 + t2)));
  }
  if (!(tau > lo && tau < hi)) tau = (lo + hi) / 2;
  const dO = d[ii];
  const iim1 = ii - 1;
  const iip1 = ii + 1;
  // Three-pole steps when the root lies on the far side of the origin's neighbour (not at the ends of the range).
  let swtch3 = false;
  let swtch = false;
  let prew = 0;

  for (let iter = 1; iter <= maxit; iter++) {
    evaluate(k, ii, ii, d, z, dO, tau);
    let dpsi = ev[1];
    let dphi = ev[3];
    const psi = ev[0];
    const phi = ev[2];
    const wRest = rhoinv + phi + psi;
    if (iter === 1) {
      swtch3 = orgati ? wRest < 0 : wRest > 0;
      if (ii === 0 || ii === k - 1) swtch3 = false;
    }
    const dtii = dsq(d, ii, dO, tau);
    const tt = z[ii] / dtii;
    const dw = dpsi + dphi + tt * tt;
    const tz = z[ii] * tt;
    const w = wRest + tz;
    const erretm = 8 * (phi - psi) + ev[4] + 2 * rhoinv + 3 * Math.abs(tz);
    if (Math.abs(w) <= EPS * erretm) return finish(k, d, dO, tau, delta, dOff, sum, sOff);
    if (w <= 0) lo = Math.max(lo, tau);
    else hi = Math.min(hi, tau);
    if (hi - lo <= 4 * EPS * Math.max(Math.abs(lo), Math.abs(hi))) return finish(k, d, dO, tau, delta, dOff, sum, sOff);
    if (iter === 2) swtch = orgati ? -w > Math.abs(prew) / 10 : w > Math.abs(prew) / 10;
    else if (iter > 2 && w * prew > 0 && Math.abs(w) > Math.abs(prew) / 10) swtch = !swtch;

    // Next step η in σ² units.
    let eta = Number.NaN;
    if (swtch3) {
      const dtiim = dsq(d, iim1, dO, tau);
      const dtiip = dsq(d, iip1, dO, tau);
      const temp = rhoinv + psi + phi;
      let c: number;
      if (swtch) {
        c = temp - dtiim * dpsi - dtiip * dphi;
        zz3[0] = dtiim * dtiim * dpsi;
        zz3[2] = dtiip * dtiip * dphi;
      } else if (orgati) {
        const t1 = (z[iim1] / dtiim) ** 2;
        c = temp - dtiip * (dpsi + dphi) - (d[iim1] - d[iip1]) * (d[iim1] + d[iip1]) * t1;
        zz3[0] = z[iim1] * z[iim1];
        zz3[2] = dpsi < t1 ? dtiip * dtiip * dphi : dtiip * dtiip * (dpsi - t1 + dphi);
      } else {
        const t1 = (z[iip1] / dtiip) ** 2;
        c = temp - dtiim * (dpsi + dphi) - (d[iip1] - d[iim1]) * (d[iim1] + d[iip1]) * t1;
        zz3[0] = dphi < t1 ? dtiim * dtiim * dpsi : dtiim * dtiim * (dpsi + (dphi - t1));
        zz3[2] = z[iip1] * z[iip1];
      }
      zz3[1] = z[ii] * z[ii];
      dd3[0] = dtiim;
      dd3[1] = dtii;
      dd3[2] = dtiip;
      eta = threePoleStep(iter === 1, orgati, c, w);
    }
    if (Number.isNaN(eta)) {
      // Two-pole model on dᵢ, dᵢ₊₁ (also the fallback when the three-pole iteration failed).
      const dtipsq = dsq(d, ip1, dO, tau);
      const dtisq = dsq(d, i, dO, tau);
      let c: number;
      if (!swtch) {
        c = orgati ? w - dtipsq * dw + delsq * (z[i] / dtisq) ** 2 : w - dtisq * dw - delsq * (z[ip1] / dtipsq) ** 2;
      } else {
        if (orgati) dpsi += tt * tt;
        else dphi += tt * tt;
        c = w - dtisq * dpsi - dtipsq * dphi;
      }
      let a = (dtipsq + dtisq) * w - dtipsq * dtisq * dw;
      const b = dtipsq * dtisq * w;
      if (c === 0) {
        if (a === 0) {
          if (!swtch) a = orgati ? zis + dtipsq * dtipsq * (dpsi + dphi) : zip1s + dtisq * dtisq * (dpsi + dphi);
          else a = dtisq * dtisq * dpsi + dtipsq * dtipsq * dphi;
        }
        eta = b / a;
      } else {
        eta = quadraticStep(a, b, c);
      }
    }
    // η must have the sign of −w; otherwise take a Newton step.
    if (w * eta >= 0 || !Number.isFinite(eta)) eta = -w / dw;
    const sigma = dO + tau;
    eta /= sigma + Math.sqrt(Math.abs(sigma * sigma + eta));
    let next = tau + eta;
    if (!(next > lo && next < hi)) {
      // Out of the bracket: half-way to its far end (geometrically for the tiny-pole case).
      next = w < 0 ? tau + (hi - tau) / 2 : tau + (lo - tau) / 2;
      if (geomavg) {
        if (w < 0 && tau > 0) next = Math.sqrt(hi * tau);
        else if (w >= 0 && lo > 0) next = Math.sqrt(lo * tau);
      }
      if (!(next > lo && next < hi)) next = lo + (hi - lo) / 2;
    }
    prew = w;
    tau = next;
  }
  return Number.NaN;
}

/**
 * dlaed6: the root x in (dd₁, dd₂) (orgati) or (dd₀, dd₁) of g(x) = c + Σ zzⱼ/(ddⱼ − x) with g(0) = finit, by the
 * Gragg–Thornton–Warner cubically convergent scheme, in σ² units relative to the current point. Returns NaN when it
 * does not converge in 40 steps (the caller then uses the two-pole model).
 */
function threePoleStep(first: boolean, orgati: boolean, c0: number, finit: number): number {
  let lbd = orgati ? dd3[1] : dd3[0];
  let ubd = orgati ? dd3[2] : dd3[1];
  if (finit < 0) lbd = 0;
  else ubd = 0;
  let tau = 0;
  if (first) {
    // Initial guess from the two-pole model of g, with the third pole frozen at the interval midpoint.
    let a: number;
    let b: number;
    let c: number;
    if (orgati) {
      const temp = (dd3[2] - dd3[1]) / 2;
      c = c0 + zz3[0] / (dd3[0] - dd3[1] - temp);
      a = c * (dd3[1] + dd3[2]) + zz3[1] + zz3[2];
      b = c * dd3[1] * dd3[2] + zz3[1] * dd3[2] + zz3[2] * dd3[1];
    } else {
      const temp = (dd3[0] - dd3[1]) / 2;
      c = c0 + zz3[2] / (dd3[2] - dd3[1] - temp);
      a = c * (dd3[0] + dd3[1]) + zz3[0] + zz3[1];
      b = c * dd3[0] * dd3[1] + zz3[0] * dd3[1] + zz3[1] * dd3[0];
    }
    const scale = Math.max(Math.abs(a), Math.abs(b), Math.abs(c));
    a /= scale;
    b /= scale;
    c /= scale;
    tau = c === 0 ? b / a : quadraticStep(a, b, c);
    if (!(tau >= lbd && tau <= ubd)) tau = (lbd + ubd) / 2;
    if (dd3[0] === tau || dd3[1] === tau || dd3[2] === tau) {
      tau = 0;
    } else {
      const g =
        finit +
        (tau * zz3[0]) / (dd3[0] * (dd3[0] - tau)) +
        (tau * zz3[1]) / (dd3[1] * (dd3[1] - tau)) +
        (tau * zz3[2]) / (dd3[2] * (dd3[2] - tau));
      if (g <= 0) lbd = tau;
      else ubd = tau;
      if (Math.abs(finit) <= Math.abs(g)) tau = 0;
    }
  }

  // Scale up when a pole is so close that 1/(ddⱼ − τ)³ could overflow (inputs are O(1)).
  const gap = orgati
    ? Math.min(Math.abs(dd3[1] - tau), Math.abs(dd3[2] - tau))
    : Math.min(Math.abs(dd3[0] - tau), Math.abs(dd3[1] - tau));
  let sclfac = 1;
  if (gap <= SMALL1) sclfac = gap <= SMALL2 ? 1 / SMALL2 : 1 / SMALL1;
  const s0 = dd3[0] * sclfac;
  const s1 = dd3[1] * sclfac;
  const s2 = dd3[2] * sclfac;
  const y0 = zz3[0] * sclfac;
  const y1 = zz3[1] * sclfac;
  const y2 = zz3[2] * sclfac;
  tau *= sclfac;
  lbd *= sclfac;
  ubd *= sclfac;

  let fc = 0;
  let df = 0;
  let ddf = 0;
  {
    const t0 = 1 / (s0 - tau);
    const t1 = 1 / (s1 - tau);
    const t2 = 1 / (s2 - tau);
    const a0 = y0 * t0;
    const a1 = y1 * t1;
    const a2 = y2 * t2;
    fc = a0 / s0 + a1 / s1 + a2 / s2;
    df = a0 * t0 + a1 * t1 + a2 * t2;
    ddf = a0 * t0 * t0 + a1 * t1 * t1 + a2 * t2 * t2;
  }
  let f = finit + tau * fc;
  if (Math.abs(f) <= 0) return tau / sclfac;
  if (f <= 0) lbd = tau;
  else ubd = tau;

  for (let it = 2; it <= 40; it++) {
    const t1 = orgati ? s1 - tau : s0 - tau;
    const t2 = orgati ? s2 - tau : s1 - tau;
    let a = (t1 + t2) * f - t1 * t2 * df;
    let b = t1 * t2 * f;
    let c = f - (t1 + t2) * df + t1 * t2 * ddf;
    const scale = Math.max(Math.abs(a), Math.abs(b), Math.abs(c));
    a /= scale;
    b /= scale;
    c /= scale;
    let eta = c === 0 ? b / a : quadraticStep(a, b, c);
    if (f * eta >= 0) eta = -f / df;
    tau += eta;
    if (!(tau >= lbd && tau <= ubd)) tau = (lbd + ubd) / 2;
    const u0 = 1 / (s0 - tau);
    const u1 = 1 / (s1 - tau);
    const u2 = 1 / (s2 - tau);
    const b0 = y0 * u0;
    const b1 = y1 * u1;
    const b2 = y2 * u2;
    const q0 = b0 / s0;
    const q1 = b1 / s1;
    const q2 = b2 / s2;
    fc = q0 + q1 + q2;
    const erretm0 = Math.abs(q0) + Math.abs(q1) + Math.abs(q2);
    df = b0 * u0 + b1 * u1 + b2 * u2;
    ddf = b0 * u0 * u0 + b1 * u1 * u1 + b2 * u2 * u2;
    f = finit + tau * fc;
    const erretm = 8 * (Math.abs(finit) + Math.abs(tau) * erretm0) + Math.abs(tau) * df;
    if (Math.abs(f) <= EPS * erretm) return tau / sclfac;
    if (f <= 0) lbd = tau;
    else ubd = tau;
  }
  return Number.NaN;
}
