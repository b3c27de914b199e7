import { bidiagResidual, bidiagSingularValuesBisection, matmul, orthogonalityError } from '@tapegrad/testing/matrices';
import { Lcg } from '@tapegrad/testing/random';
import { describe, expect, it } from 'vitest';
import { bdsqr, lartg, las2, lasv2, rotOut } from './bdsqr';

const EPS = 2 ** -52;

describe('2×2 kernels', () => {
  it('lartg: [c s; −s c]·(f; g) = (r; 0), c² + s² = 1, also at extreme magnitudes', () => {
    const rng = new Lcg(1);
    const cases: [number, number][] = [
      [0, 0],
      [3, 0],
      [0, -2],
      [1e-300, 3e-300],
      [4e300, -3e300],
      [1e-320, 1],
      [-5, 1e-200],
    ];
    for (let t = 0; t < 20; t++) cases.push([rng.normal(), rng.normal()]);
    for (const [f, g] of cases) {
      lartg(f, g);
      const [c, s, r] = [rotOut[0], rotOut[1], rotOut[2]];
      expect(Math.abs(c * c + s * s - 1)).toBeLessThanOrEqual(4 * EPS);
      expect(c).toBeGreaterThanOrEqual(0);
      const scale = Math.max(Math.abs(f), Math.abs(g), Number.MIN_VALUE);
      expect(Math.abs((c * f) / scale + (s * g) / scale - r / scale)).toBeLessThanOrEqual(4 * EPS);
      expect(Math.abs((-s * f) / scale + (c * g) / scale)).toBeLessThanOrEqual(4 * EPS);
    }
  });

  it('las2 and lasv2 agree with the closed form and lasv2 diagonalizes', () => {
    const rng = new Lcg(2);
    const cases: [number, number, number][] = [
      [1, 0, 1],
      [0, 1, 0],
      [1, 1e20, 1],
      [1e-10, 1, 1e10],
      [3, -4, 0],
      [0, 0, 0],
      [-2, 5e-17, 7],
    ];
    for (let t = 0; t < 30; t++) cases.push([rng.normal(), rng.normal(), rng.normal()]);
    for (const [f, g, h] of cases) {
      // closed form: σ₁σ₂ = |f·h|, σ₁² + σ₂² = f² + g² + h²  ⇒  σ₁ = (x + y)/2, σ₂ = |x − y|/2
      const x = Math.hypot(f + h, g);
      const y = Math.hypot(f - h, g);
      const smax = (x + y) / 2;
      const smin = smax === 0 ? 0 : Math.abs(f * h) / smax;
      las2(f, g, h);
      expect(Math.abs(rotOut[0] - smin)).toBeLessThanOrEqual(8 * EPS * smin);
      expect(Math.abs(rotOut[1] - smax)).toBeLessThanOrEqual(8 * EPS * smax);
      lasv2(f, g, h);
      const [ssmin, ssmax, snr, csr, snl, csl] = Array.from(rotOut);
      expect(Math.abs(Math.abs(ssmin) - smin)).toBeLessThanOrEqual(8 * EPS * smin);
      expect(Math.abs(Math.abs(ssmax) - smax)).toBeLessThanOrEqual(8 * EPS * smax);
      const L = Float64Array.of(csl, snl, -snl, csl);
      const B = Float64Array.of(f, g, 0, h);
      const R = Float64Array.of(csr, -snr, snr, csr);
      const D = matmul(2, 2, 2, matmul(2, 2, 2, L, B), R);
      const tol = 8 * EPS * smax;
      expect(Math.abs(D[0] - ssmax)).toBeLessThanOrEqual(tol);
      expect(Math.abs(D[3] - ssmin)).toBeLessThanOrEqual(tol);
      expect(Math.abs(D[1])).toBeLessThanOrEqual(tol);
      expect(Math.abs(D[2])).toBeLessThanOrEqual(tol);
    }
  });
});

/** Runs bdsqr with vectors on copies, starting from identities; returns d, UT, VT, info. */
function runBdsqr(d0: number[], e0: number[], maxitr?: number) {
  const n = d0.length;
  const d = Float64Array.from(d0);
  const e = new Float64Array(n);
  e.set(e0);
  const vt = new Float64Array(n * n);
  const ut = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    vt[i * n + i] = 1;
    ut[i * n + i] = 1;
  }
  const info = bdsqr(n, d, e, vt, n, ut, n, new Float64Array(4 * n), maxitr);
  return { d, e, vt, ut, info };
}

describe('bidiagonal QR (bdsqr)', () => {
  it('random bidiagonals: B = U·S·Vᵀ, orthogonal factors, values match bisection', () => {
    const rng = new Lcg(3);
    for (const n of [1, 2, 3, 7, 25]) {
      const d0 = Array.from({ length: n }, () => rng.normal());
      const e0 = Array.from({ length: n - 1 }, () => rng.normal());
      const r = runBdsqr(d0, e0);
      expect(r.info).toBe(0);
      expect(bidiagResidual(d0, e0, r.d, r.ut, r.vt)).toBeLessThanOrEqual(8 * n * EPS);
      expect(orthogonalityError(n, n, r.vt, false, false)).toBeLessThanOrEqual(8 * n * EPS);
      expect(orthogonalityError(n, n, r.ut, false, false)).toBeLessThanOrEqual(8 * n * EPS);
      const ref = bidiagSingularValuesBisection(d0, e0);
      for (let i = 0; i < n; i++) {
        expect(r.d[i]).toBeGreaterThanOrEqual(0);
        expect(Math.abs(r.d[i] - ref[i])).toBeLessThanOrEqual(1e-13 * ref[i]);
      }
    }
  });

  it('strongly graded bidiagonals keep every singular value to high relative accuracy', () => {
    // Chasing direction matters: grade both ways.
    for (const dir of [1, -1]) {
      const n = 16;
      const d0: number[] = [];
      const e0: number[] = [];
      for (let i = 0; i < n; i++) {
        const k = dir > 0 ? i : n - 1 - i;
        d0.push(10 ** (-5 * k));
        if (i < n - 1) e0.push(10 ** (-5 * (dir > 0 ? k : k - 1) - 1) * 3);
      }
      const r = runBdsqr(d0, e0);
      expect(r.info).toBe(0);
      const ref = bidiagSingularValuesBisection(d0, e0);
      for (let i = 0; i < n; i++) expect(Math.abs(r.d[i] - ref[i]) / ref[i]).toBeLessThanOrEqual(1e-13);
      expect(bidiagResidual(d0, e0, r.d, r.ut, r.vt)).toBeLessThanOrEqual(16 * n * EPS);
    }
  });

  it('zero diagonal entries give exact zero singular values and orthogonal factors', () => {
    const d0 = [2, 0, 3, 0, 1];
    const e0 = [1, 1, 1, 1];
    const r = runBdsqr(d0, e0);
    expect(r.info).toBe(0);
    const ref = bidiagSingularValuesBisection(d0, e0);
    for (let i = 0; i < 5; i++) expect(Math.abs(r.d[i] - ref[i])).toBeLessThanOrEqual(1e-14 * ref[0]);
    expect(r.d[4]).toBeLessThanOrEqual(1e-300);
    expect(bidiagResidual(d0, e0, r.d, r.ut, r.vt)).toBeLessThanOrEqual(64 * EPS);
    expect(orthogonalityError(5, 5, r.ut, false, false)).toBeLessThanOrEqual(64 * EPS);
  });

  it('values only (no vector updates) gives the same values', () => {
    const d0 = [1, -2, 3, -4, 5, 0.5];
    const e0 = [0.3, 0.1, -2, 0.7, 1];
    const r = runBdsqr(d0, e0);
    const d = Float64Array.from(d0);
    const e = Float64Array.from([...e0, 0]);
    expect(bdsqr(6, d, e, null, 0, null, 0, new Float64Array(24))).toBe(0);
    for (let i = 0; i < 6; i++) expect(Math.abs(d[i] - r.d[i])).toBeLessThanOrEqual(8 * EPS * r.d[0]);
  });

  it('reports unconverged superdiagonals when the iteration budget is exhausted', () => {
    const d0 = [1, 2, 3, 4, 5, 6];
    const e0 = [1, 1, 1, 1, 1];
    expect(runBdsqr(d0, e0, 0).info).toBe(5);
    const partial = runBdsqr(d0, e0, 0.05).info;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThanOrEqual(5);
    expect(runBdsqr(d0, e0).info).toBe(0);
  });
});
