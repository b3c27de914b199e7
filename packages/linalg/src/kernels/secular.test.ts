import { Lcg } from '@tapegrad/testing/random';
import { describe, expect, it } from 'vitest';
import { secularRoot } from './secular';

const EPS = 2 ** -52;

/** f(σ) = 1/ρ + Σ zⱼ²/((dⱼ − σ)(dⱼ + σ)), evaluated plainly. */
function f(d: Float64Array, z: Float64Array, rho: number, s: number): number {
  let acc = 1 / rho;
  for (let j = 0; j < d.length; j++) acc += (z[j] * z[j]) / ((d[j] - s) * (d[j] + s));
  return acc;
}

/** The i-th root by plain bisection on (dᵢ, dᵢ₊₁) (or (d_{k−1}, √(d_{k−1}² + ρ))); f is increasing there. */
function bisect(d: Float64Array, z: Float64Array, rho: number, i: number): number {
  const k = d.length;
  let lo = d[i];
  let hi = i < k - 1 ? d[i + 1] : Math.sqrt(d[k - 1] * d[k - 1] + rho);
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (f(d, z, rho, mid) < 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

function problem(rng: Lcg, k: number, spread: (t: number) => number): { d: Float64Array; z: Float64Array } {
  const d = new Float64Array(k);
  for (let j = 1; j < k; j++) d[j] = d[j - 1] + spread(rng.next()) + 1e-3;
  const dmax = d[k - 1] || 1;
  for (let j = 0; j < k; j++) d[j] /= dmax;
  const z = new Float64Array(k);
  let nz = 0;
  for (let j = 0; j < k; j++) {
    z[j] = rng.normal();
    nz += z[j] * z[j];
  }
  for (let j = 0; j < k; j++) z[j] /= Math.sqrt(nz);
  return { d, z };
}

/**
 * Every root: interlacing, agreement with bisection (on every `stride`-th root), the residual of the secular equation
 * evaluated with the returned differences and sums (the quantity the solver drives to zero), their signs, and their
 * agreement with dⱼ − σ where that difference is not itself at rounding level.
 */
function checkAll(d: Float64Array, z: Float64Array, rho: number, stride = 1): void {
  const k = d.length;
  const delta = new Float64Array(k);
  const sum = new Float64Array(k);
  let prev = -1;
  for (let i = 0; i < k; i++) {
    const s = secularRoot(k, i, d, z, rho, delta, 0, sum, 0);
    expect(Number.isNaN(s)).toBe(false);
    expect(s).toBeGreaterThanOrEqual(d[i]);
    if (i < k - 1) expect(s).toBeLessThanOrEqual(d[i + 1]);
    expect(s).toBeGreaterThanOrEqual(prev);
    prev = s;
    if (i % stride === 0) {
      const ref = bisect(d, z, rho, i);
      expect(Math.abs(s - ref)).toBeLessThanOrEqual(8 * EPS * Math.max(s, d[k - 1]));
    }
    let res = 1 / rho;
    let scale = 1 / rho;
    let badSign = 0;
    let errSum = 0; // in units of the allowed error
    let errDelta = 0;
    for (let j = 0; j < k; j++) {
      const t = (z[j] * z[j]) / (delta[j] * sum[j]);
      res += t;
      scale += Math.abs(t);
      if (j <= i ? !(delta[j] < 0) : !(delta[j] > 0)) badSign++;
      errSum = Math.max(errSum, Math.abs(sum[j] - (d[j] + s)) / (4 * EPS * (d[j] + s)));
      const diff = d[j] - s;
      if (Math.abs(diff) > 1e-6 * Math.max(s, d[j])) {
        errDelta = Math.max(errDelta, Math.abs(delta[j] - diff) / (4 * EPS * Math.max(Math.abs(d[j]), s)));
      }
    }
    expect(badSign).toBe(0);
    expect(errSum).toBeLessThanOrEqual(1);
    expect(errDelta).toBeLessThanOrEqual(1);
    expect(Math.abs(res)).toBeLessThanOrEqual(16 * k * EPS * scale);
  }
}

describe('secular equation roots (dlasd4)', () => {
  it('k = 1 and k = 2 closed forms', () => {
    checkAll(Float64Array.of(0.3), Float64Array.of(1), 0.7);
    const rng = new Lcg(3);
    for (let t = 0; t < 50; t++) {
      const d0 = rng.next() * 0.5;
      const d1 = d0 + 1e-3 + rng.next();
      const a = rng.normal();
      const b = rng.normal();
      const n = Math.hypot(a, b);
      checkAll(Float64Array.of(d0, d1), Float64Array.of(a / n, b / n), 0.1 + 3 * rng.next());
    }
  });

  it('random poles, uniform and clustered, several ρ', () => {
    const rng = new Lcg(5);
    for (const k of [3, 4, 10, 57, 160]) {
      for (const rho of [1e-3, 1, 30]) {
        const stride = k > 60 ? 9 : 1;
        const p = problem(rng, k, (u) => u);
        checkAll(p.d, p.z, rho, stride);
        const q = problem(rng, k, (u) => u ** 8); // gaps of very different sizes
        checkAll(q.d, q.z, rho, stride);
      }
    }
  });

  it('a tiny pole next to 0 and tiny weights: roots within an ulp of their poles keep exact differences', () => {
    const k = 12;
    const d = new Float64Array(k);
    d[1] = 1e-14;
    for (let j = 2; j < k; j++) d[j] = j / k;
    const z = new Float64Array(k).fill(1e-9);
    z[0] = 1e-9;
    z[k - 1] = 1;
    let nz = 0;
    for (let j = 0; j < k; j++) nz += z[j] * z[j];
    for (let j = 0; j < k; j++) z[j] /= Math.sqrt(nz);
    checkAll(d, z, 1);
  });

  it('bounded iterations: reports NaN when the cap is too small', () => {
    const rng = new Lcg(7);
    const { d, z } = problem(rng, 40, (u) => u);
    const delta = new Float64Array(40);
    const sum = new Float64Array(40);
    let failed = 0;
    for (let i = 0; i < 40; i++) if (Number.isNaN(secularRoot(40, i, d, z, 1, delta, 0, sum, 0, 1))) failed++;
    expect(failed).toBeGreaterThan(0);
  });
});
