/**
 * Roots of the secular equation of the symmetric tridiagonal divide and conquer (./stedc).
 *
 * Sources: LAPACK dlaed4; R.-C. Li, "Solving secular equations stably and efficiently", LAPACK Working Note 89
 * (1994); J. R. Bunch, C. P. Nielsen & D. C. Sorensen, "Rank-one modification of the symmetric eigenproblem",
 * Numer. Math. 31 (1978).
 *
 * Problem: given poles d₀ < d₁ < … < d_{k−1}, a unit vector z with no zero entry and ρ > 0, the eigenvalues of
 * diag(d) + ρ·z·zᵀ are the roots of f(λ) = 1/ρ + Σⱼ zⱼ²/(dⱼ − λ), increasing in λ on every interval between poles;
 * λᵢ ∈ (dᵢ, dᵢ₊₁) and λ_{k−1} ∈ (d_{k−1}, d_{k−1} + ρ]. The caller deflates so that the poles are distinct and every zⱼ
 * is non-negligible, and scales the problem to O(1).
 *
 * As in dlaed4, λ is represented as d_o + τ with the origin d_o the pole nearer to the root (picked from the sign of
 * f at the midpoint of the interval), so that every difference dⱼ − λ = (dⱼ − d_o) − τ has high relative accuracy —
 * those differences are what the Löwner-formula eigenvectors need. Steps are Li's "middle way" rational
 * interpolation of the two nearest poles (dlaed4's step for the last root), safeguarded by a bracket on τ that
 * shrinks with every evaluation; a step leaving it is replaced by a half-step towards its end, and a step of the
 * wrong sign by Newton's. Differently from dlaed4 there is no fixed-weight switch, and the differences are recomputed
 * from τ at every evaluation. Convergence: |f| within dlaed4's running error bound, or a bracket collapsed to
 * rounding level; at most `maxit` evaluations (NaN is returned after that). Nothing here allocates.
 */

import { EPS } from './machine';
import { quadraticStep, SECULAR_MAXIT } from './secular';

/** The problem diag(d) + ρ·z·zᵀ of the file header (d, z: k entries at offset 0). */
export interface RankOne {
  k: number;
  d: Float64Array;
  z: Float64Array;
  rho: number;
}

/**
 * Root i (0-based) of the k-pole problem in the file header. Writes
 * delta[deltaOff + j] = dⱼ − λᵢ for j < k and returns λᵢ, or NaN when the iteration did not converge.
 */
export function laed4(
  problem: RankOne,
  i: number,
  delta: Float64Array,
  deltaOff: number,
  maxit = SECULAR_MAXIT,
): number {
  const { k, d, z, rho } = problem;
  if (k === 1) {
    const t = rho * z[0] * z[0];
    delta[deltaOff] = -t;
    return d[0] + t;
  }
  const last = i === k - 1;
  // The two-pole model uses poles p and p+1.
  const p = last ? k - 2 : i;
  const rhoinv = 1 / rho;
  // Inner roots start at the midpoint with origin dᵢ; its first evaluation picks the origin (see below).
  let dO = last ? d[k - 1] : d[i];
  let lo = 0;
  let hi = last ? rho : (d[i + 1] - d[i]) / 2;
  let tau = last ? rho / 2 : hi;
  let decided = last;
  let converged = false;
  for (let it = 0; it < maxit; it++) {
    // ψ over the poles ≤ p, φ over the others; err = dlaed4's sum of the |partial sums| (ψ summed upwards, φ
    // downwards: term j enters p − j + 1, resp. j − p, of them; with terms of one sign this is exact).
    // (Pole 0 is always in ψ: p ≥ 0.)
    const t0 = z[0] / (d[0] - dO - tau);
    let psi = z[0] * t0;
    let dpsi = t0 * t0;
    let err = Math.abs(psi) * (p + 1);
    let phi = 0;
    let dphi = 0;
    for (let j = 1; j < k; j++) {
      const t = z[j] / (d[j] - dO - tau);
      const term = z[j] * t;
      if (j <= p) {
        psi += term;
        dpsi += t * t;
        err += Math.abs(term) * (p - j + 1);
      } else {
        phi += term;
        dphi += t * t;
        err += Math.abs(term) * (j - p);
      }
    }
    const w = rhoinv + psi + phi;
    if (!decided) {
      decided = true;
      if (w < 0) {
        // f(midpoint) < 0: the root lies in (midpoint, dᵢ₊₁), origin dᵢ₊₁. The sums just taken are f at the same
        // point (through the other origin), good enough for the first step.
        const gap = d[i + 1] - d[i];
        dO = d[i + 1];
        lo = tau - gap;
        hi = 0;
        tau = lo;
      }
    }
    const bound = 8 * (Math.abs(phi) + Math.abs(psi)) + err + 2 * rhoinv + 3 * Math.abs(tau) * (dpsi + dphi);
    if (Math.abs(w) <= EPS * bound) {
      converged = true;
      break;
    }
    if (w < 0) lo = tau;
    else hi = tau;
    if (hi - lo <= 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi))) {
      converged = true;
      break;
    }
    // Middle way: c + Δₚ²ψ'/(Δₚ − η) + Δₚ₊₁²φ'/(Δₚ₊₁ − η) = 0, i.e. c·η² − a·η + b = 0.
    const dp = d[p] - dO - tau;
    const dq = d[p + 1] - dO - tau;
    let c = w - dp * dpsi - dq * dphi;
    const a = (dp + dq) * w - dp * dq * (dpsi + dphi);
    const b = dp * dq * w;
    let eta: number;
    if (last) {
      // dlaed4's choice for the root right of every pole.
      c = Math.abs(c);
      const disc = Math.sqrt(Math.abs(a * a - 4 * b * c));
      eta = c === 0 ? hi - tau : a >= 0 ? (a + disc) / (2 * c) : (2 * b) / (a - disc);
    } else if (c === 0) {
      eta = a === 0 ? Number.NaN : b / a;
    } else {
      eta = quadraticStep(a, b, c);
    }
    // f is increasing: the step must have the sign of −w.
    if (!(w * eta < 0)) eta = -w / (dpsi + dphi);
    let next = tau + eta;
    if (!(next > lo && next < hi)) next = eta > 0 ? (tau + hi) / 2 : (tau + lo) / 2;
    tau = next;
  }
  if (!converged) return Number.NaN;
  for (let j = 0; j < k; j++) delta[deltaOff + j] = d[j] - dO - tau;
  return dO + tau;
}
