import { signedLcg } from '@tapegrad/testing/random';
import { describe, expect, it } from 'vitest';
import { laed4 } from './laed4';

const EPS = 2.220446049250313e-16;

/** Ascending distinct poles and a unit z with no zero entry. */
function problem(k: number, seed: number, gap: (i: number) => number) {
  const rand = signedLcg(seed);
  const d = new Float64Array(k);
  for (let i = 1; i < k; i++) d[i] = d[i - 1] + gap(i);
  const z = Float64Array.from({ length: k }, () => rand() + (rand() < 0 ? -0.6 : 0.6));
  const nz = Math.hypot(...z);
  for (let i = 0; i < k; i++) z[i] /= nz;
  return { d, z };
}

/** All k roots and the delta rows (delta[j·k + i] = dᵢ − λⱼ). */
function roots(d: Float64Array, z: Float64Array, rho: number) {
  const k = d.length;
  const lam = new Float64Array(k);
  const delta = new Float64Array(k * k);
  for (let j = 0; j < k; j++) lam[j] = laed4({ k, d, z, rho }, j, delta, j * k);
  return { lam, delta };
}

describe('laed4', () => {
  it('matches the closed form of the 2×2 matrix diag(d) + ρ·z·zᵀ', () => {
    const rand = signedLcg(3);
    for (let t = 0; t < 40; t++) {
      const d = Float64Array.of(rand(), 0);
      d[1] = d[0] + 0.01 + Math.abs(rand());
      const z = Float64Array.of(rand() + 0.7, rand() - 0.7);
      const nz = Math.hypot(z[0], z[1]);
      z[0] /= nz;
      z[1] /= nz;
      const rho = 0.1 + Math.abs(rand()) * 3;
      const a = d[0] + rho * z[0] * z[0];
      const c = d[1] + rho * z[1] * z[1];
      const b = rho * z[0] * z[1];
      const mid = (a + c) / 2;
      const rad = Math.hypot((a - c) / 2, b);
      const { lam, delta } = roots(d, z, rho);
      expect(Math.abs(lam[0] - (mid - rad))).toBeLessThan(8 * EPS * (Math.abs(mid) + rad));
      expect(Math.abs(lam[1] - (mid + rad))).toBeLessThan(8 * EPS * (Math.abs(mid) + rad));
      expect(delta[0]).toBeCloseTo(d[0] - lam[0], 14);
    }
  });

  it('interlaces the poles and preserves the trace and the trace of the square', () => {
    for (const [k, seed, rho, gap] of [
      [7, 1, 0.5, () => 0.3],
      [40, 2, 2, (i: number) => 0.01 + (i % 5) * 0.2],
      [200, 3, 1, () => 1 / 200],
      [64, 4, 1e-3, (i: number) => 10 ** -(i % 9)],
    ] as const) {
      const { d, z } = problem(k, seed, gap);
      const { lam, delta } = roots(d, z, rho);
      let tr = rho;
      let tr2 = rho * rho;
      for (let i = 0; i < k; i++) {
        tr += d[i];
        tr2 += d[i] * d[i] + 2 * rho * d[i] * z[i] * z[i];
      }
      let s = 0;
      let s2 = 0;
      let worst = 0;
      for (let j = 0; j < k; j++) {
        expect(lam[j]).toBeGreaterThanOrEqual(d[j]);
        if (j < k - 1) expect(lam[j]).toBeLessThanOrEqual(d[j + 1]);
        else expect(lam[j]).toBeLessThanOrEqual(d[j] + rho);
        s += lam[j];
        s2 += lam[j] * lam[j];
        // The differences are those of the returned root.
        for (let i = 0; i < k; i++) {
          const err = Math.abs(delta[j * k + i] - (d[i] - lam[j])) / (Math.abs(d[i]) + Math.abs(lam[j]));
          worst = Math.max(worst, err);
        }
      }
      expect(worst).toBeLessThan(4 * EPS);
      const scale = Math.abs(d[k - 1]) + rho;
      expect(Math.abs(s - tr)).toBeLessThan(4 * k * EPS * scale);
      expect(Math.abs(s2 - tr2)).toBeLessThan(8 * k * EPS * scale * scale);
    }
  });

  it('makes the secular function small at every root, also for poles a few ulps apart', () => {
    const { d, z } = problem(30, 9, (i) => (i % 3 === 0 ? 1 : 4e-15 * (i % 7)) + 1e-15);
    const rho = 0.7;
    const { lam, delta } = roots(d, z, rho);
    const k = d.length;
    for (let j = 0; j < k; j++) {
      expect(Number.isFinite(lam[j])).toBe(true);
      let f = 1 / rho;
      let bound = 1 / rho;
      for (let i = 0; i < k; i++) {
        const t = (z[i] * z[i]) / delta[j * k + i];
        f += t;
        bound += Math.abs(t);
      }
      expect(Math.abs(f)).toBeLessThan(16 * k * EPS * bound);
    }
  });

  it('handles a single pole and reports NaN when the evaluation budget is exhausted', () => {
    const delta = new Float64Array(1);
    expect(laed4({ k: 1, d: Float64Array.of(2), z: Float64Array.of(1), rho: 3 }, 0, delta, 0)).toBe(5);
    expect(delta[0]).toBe(-3);
    const { d, z } = problem(5, 5, () => 1);
    expect(laed4({ k: 5, d, z, rho: 1 }, 2, new Float64Array(5), 0, 0)).toBeNaN();
    expect(laed4({ k: 5, d, z, rho: 1 }, 4, new Float64Array(5), 0, 0)).toBeNaN();
  });
});
