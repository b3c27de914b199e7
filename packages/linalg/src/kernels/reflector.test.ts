import { signedLcg } from '@tapegrad/testing/random';
import { describe, expect, it } from 'vitest';
import { larfgComplex, larfgReal, nrm2Complex, nrm2Real } from './reflector';

/** Applies Hᴴ = I − conj(τ)·v·vᴴ (v(0) = 1) to the complex vector y (interleaved), returning the result. */
function applyReflectorH(len: number, v: Float64Array, tr: number, ti: number, y: Float64Array): Float64Array {
  let sr = 0;
  let si = 0;
  for (let k = 0; k < len; k++) {
    const vr = k === 0 ? 1 : v[2 * k];
    const vi = k === 0 ? 0 : v[2 * k + 1];
    sr += vr * y[2 * k] + vi * y[2 * k + 1];
    si += vr * y[2 * k + 1] - vi * y[2 * k];
  }
  const fr = tr * sr + ti * si; // conj(τ)·s
  const fi = tr * si - ti * sr;
  const out = y.slice();
  for (let k = 0; k < len; k++) {
    const vr = k === 0 ? 1 : v[2 * k];
    const vi = k === 0 ? 0 : v[2 * k + 1];
    out[2 * k] -= fr * vr - fi * vi;
    out[2 * k + 1] -= fr * vi + fi * vr;
  }
  return out;
}

// lapy2/lapy3/nrm2 are the ./householder functions themselves (aliases): householder.test.ts checks them.

describe('larfgReal', () => {
  it('maps (α; x) to (β; 0) with |β| = ‖(α; x)‖ and τ ∈ [1, 2]', () => {
    const rand = signedLcg(1);
    for (const scale of [1, 1e300, 1e-300, 1e-310]) {
      const len = 6;
      const x = Float64Array.from({ length: len }, () => rand() * scale);
      const orig = x.slice();
      const norm = nrm2Real(len, orig, 0, 1);
      const tau = larfgReal(len, x, 0, 1, 1);
      const beta = x[0];
      expect(Math.abs(beta) / norm).toBeCloseTo(1, scale < 1e-305 ? 3 : 14);
      expect(Math.sign(beta)).toBe(-Math.sign(orig[0]));
      expect(tau).toBeGreaterThanOrEqual(1);
      expect(tau).toBeLessThanOrEqual(2);
      // H·(α; x) with v = (1; x_out): (α; x) − τ·(vᵀ(α; x))·v must equal (β; 0).
      let s = orig[0];
      for (let k = 1; k < len; k++) s += x[k] * orig[k];
      s *= tau;
      expect(Math.abs((orig[0] - s - beta) / beta)).toBeLessThan(1e-14);
      for (let k = 1; k < len; k++)
        expect(Math.abs((orig[k] - s * x[k]) / beta)).toBeLessThan(scale < 1e-305 ? 1e-3 : 1e-14);
    }
  });

  it('returns τ = 0 for a zero tail and for len ≤ 1, and honours strides and offsets', () => {
    const x = Float64Array.of(5, 0, 0);
    expect(larfgReal(3, x, 0, 1, 1)).toBe(0);
    expect(x[0]).toBe(5);
    expect(larfgReal(1, Float64Array.of(-2), 0, 1, 1)).toBe(0);
    const y = Float64Array.of(9, 3, 9, 4, 9);
    const tau = larfgReal(2, y, 1, 3, 2);
    expect(y[1]).toBeCloseTo(-5, 14);
    expect(tau).toBeCloseTo(1.6, 14);
    expect(y[3]).toBeCloseTo(0.5, 14);
    expect([y[0], y[2], y[4]]).toEqual([9, 9, 9]);
  });
});

describe('larfgComplex', () => {
  it('maps (α; x) to (β; 0) with real β, also for len = 1', () => {
    const rand = signedLcg(2);
    for (const [len, scale] of [
      [5, 1],
      [5, 1e-300],
      [3, 1e300],
      [1, 1],
    ] as const) {
      const x = Float64Array.from({ length: 2 * len }, () => rand() * scale);
      const orig = x.slice();
      const tau = new Float64Array(2);
      larfgComplex(len, x, 0, 2, 1, tau, 0);
      expect(x[1]).toBe(0);
      const beta = x[0];
      expect(Math.abs(beta) / nrm2Complex(len, orig, 0, 1)).toBeCloseTo(1, 14);
      const out = applyReflectorH(len, x, tau[0], tau[1], orig);
      expect(Math.abs(out[0] - beta) / Math.abs(beta)).toBeLessThan(1e-14);
      for (let k = 1; k < 2 * len; k++) expect(Math.abs(out[k]) / Math.abs(beta)).toBeLessThan(1e-14);
    }
  });

  it('is the identity (τ = 0) for a real α and zero tail', () => {
    const x = Float64Array.of(-3, 0, 0, 0);
    const tau = Float64Array.of(7, 7);
    larfgComplex(2, x, 0, 2, 1, tau, 0);
    expect(Array.from(tau)).toEqual([0, 0]);
    expect(x[0]).toBe(-3);
  });
});
