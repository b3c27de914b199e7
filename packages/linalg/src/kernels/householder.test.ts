import { adjoint, matmul, matmulComplex, randomMatrix } from '@tapegrad/testing/matrices';
import { Lcg } from '@tapegrad/testing/random';
import { describe, expect, it } from 'vitest';
import {
  applyLeftComplex,
  applyLeftReal,
  applyRightComplex,
  applyRightReal,
  dotReal,
  larfgComplex,
  larfgReal,
  nrm2Complex,
  nrm2Real,
  safeHypot,
  safeHypot3,
} from './householder';

const EPS = 2 ** -52;

/** Explicit H = I − τ·v·vᴴ (complex interleaved; real when ti = 0 and v real) of order n. */
function explicitReflector(n: number, tr: number, ti: number, v: Float64Array): Float64Array {
  const h = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const vr = v[2 * i];
      const vi = v[2 * i + 1];
      const wr = v[2 * j];
      const wi = -v[2 * j + 1];
      const pr = vr * wr - vi * wi;
      const pi = vr * wi + vi * wr;
      h[2 * (i * n + j)] = (i === j ? 1 : 0) - (tr * pr - ti * pi);
      h[2 * (i * n + j) + 1] = -(tr * pi + ti * pr);
    }
  }
  return h;
}

describe('norms and hypot', () => {
  it('safe hypot without overflow/underflow', () => {
    expect(safeHypot(3e300, 4e300)).toBeCloseTo(5e300, -286);
    expect(safeHypot(3e-300, 4e-300) / 5e-300).toBeCloseTo(1, 15);
    expect(safeHypot(0, -2)).toBe(2);
    expect(safeHypot3(2e-200, 3e-200, 6e-200) / 7e-200).toBeCloseTo(1, 15);
    expect(safeHypot3(0, 0, 0)).toBe(0);
    expect(safeHypot3(2e300, 3e300, 6e300) / 7e300).toBeCloseTo(1, 14);
  });

  it('nrm2 handles extreme magnitudes and strides', () => {
    const x = Float64Array.of(1e-200, 99, 1e-200, 99, 1e-200);
    expect(nrm2Real(3, x, 0, 2) / (Math.sqrt(3) * 1e-200)).toBeCloseTo(1, 14);
    const y = Float64Array.of(3e200, 4e200);
    expect(nrm2Real(2, y, 0, 1) / 5e200).toBeCloseTo(1, 14);
    const z = Float64Array.of(3e-170, 0, 7, 7, 0, 4e-170);
    expect(nrm2Complex(2, z, 0, 4) / 5e-170).toBeCloseTo(1, 14);
    expect(nrm2Real(0, x, 0, 1)).toBe(0);
    expect(nrm2Real(2, Float64Array.of(3e-320, 4e-320), 0, 1) / 5e-320).toBeCloseTo(1, 2);
    expect(nrm2Complex(2, Float64Array.of(1e300, 1e300, 1e300, 1e300), 0, 1) / 2e300).toBeCloseTo(1, 14);
    expect(nrm2Complex(0, new Float64Array(0), 0, 1)).toBe(0);
    const rng = new Lcg(1);
    const r = randomMatrix(rng, 17, 1);
    expect(dotReal(17, r, 0, r, 0)).toBeCloseTo(nrm2Real(17, r, 0, 1) ** 2, 12);
  });
});

describe('reflector generation', () => {
  it('real: H·(α; x) = (β; 0), |β| = ‖(α; x)‖, τ ∈ [1, 2]', () => {
    const rng = new Lcg(2);
    for (const scale of [1, 1e-300, 1e300, 1e-310]) {
      for (let len = 1; len <= 6; len++) {
        const a = randomMatrix(rng, len + 1, 1).map((x) => x * scale);
        const orig = a.slice();
        const tau = new Float64Array(1);
        larfgReal(len, a, 0, 1, 1, tau, 0);
        const beta = a[0];
        let nrm = 0;
        const mx = Math.max(...orig.map(Math.abs));
        for (const t of orig) nrm += (t / mx) ** 2;
        nrm = mx * Math.sqrt(nrm);
        expect(Math.abs(Math.abs(beta) - nrm)).toBeLessThanOrEqual(scale < 1e-300 ? 1e-12 * nrm : 4 * EPS * nrm);
        expect(tau[0]).toBeGreaterThanOrEqual(1);
        expect(tau[0]).toBeLessThanOrEqual(2);
        // Apply H = I − τ v vᵀ (v = (1, x')) to the original vector.
        const v = Float64Array.from(a);
        v[0] = 1;
        let dot = 0;
        for (let i = 0; i <= len; i++) dot += (v[i] * orig[i]) / scale;
        for (let i = 0; i <= len; i++) {
          const hx = orig[i] / scale - tau[0] * v[i] * dot;
          const target = i === 0 ? beta / scale : 0;
          expect(Math.abs(hx - target)).toBeLessThanOrEqual(scale < 1e-300 ? 1e-10 : 16 * EPS * (nrm / scale));
        }
      }
    }
  });

  it('real: zero x gives τ = 0 and leaves α', () => {
    const a = Float64Array.of(-3, 0, 0);
    const tau = Float64Array.of(9);
    larfgReal(2, a, 0, 1, 1, tau, 0);
    expect(tau[0]).toBe(0);
    expect(a[0]).toBe(-3);
    larfgReal(0, a, 0, 1, 1, tau, 0);
    expect(tau[0]).toBe(0);
  });

  it('complex: Hᴴ·(α; x) = (β; 0) with β real, 1 ≤ Re τ ≤ 2, |τ − 1| ≤ 1 (also len = 0)', () => {
    const rng = new Lcg(3);
    for (let len = 0; len <= 5; len++) {
      for (let t = 0; t < 5; t++) {
        const a = randomMatrix(rng, len + 1, 1, true);
        const orig = a.slice();
        const tau = new Float64Array(2);
        larfgComplex(len, a, 0, 2, 2, tau, 0);
        expect(a[1]).toBe(0);
        const [tr, ti] = tau;
        expect(tr).toBeGreaterThanOrEqual(1);
        expect(tr).toBeLessThanOrEqual(2);
        expect(Math.hypot(tr - 1, ti)).toBeLessThanOrEqual(1 + 1e-15);
        const v = a.slice();
        v[0] = 1;
        v[1] = 0;
        const n = len + 1;
        const h = explicitReflector(n, tr, ti, v);
        const hOrig = matmulComplex(n, n, 1, adjoint(n, n, h), orig);
        for (let i = 0; i < n; i++) {
          expect(Math.abs(hOrig[2 * i] - (i === 0 ? a[0] : 0))).toBeLessThan(1e-14);
          expect(Math.abs(hOrig[2 * i + 1])).toBeLessThan(1e-14);
        }
      }
    }
  });

  it('complex: real α with zero x gives τ = 0', () => {
    const a = Float64Array.of(2, 0, 0, 0);
    const tau = Float64Array.of(5, 5);
    larfgComplex(1, a, 0, 2, 2, tau, 0);
    expect(Array.from(tau)).toEqual([0, 0]);
  });
});

describe('reflector application', () => {
  const rng = new Lcg(4);
  const mr = 5;
  const nc = 4;
  const lda = 7;
  const off = 2;

  it('real left/right application matches the explicit product', () => {
    const v = randomMatrix(rng, mr, 1);
    v[0] = 1;
    const tau = 1.3;
    const a = randomMatrix(rng, mr * lda + off, 1);
    const block = new Float64Array(mr * nc);
    for (let i = 0; i < mr; i++) for (let j = 0; j < nc; j++) block[i * nc + j] = a[off + i * lda + j];
    const h = new Float64Array(mr * mr);
    for (let i = 0; i < mr; i++) for (let j = 0; j < mr; j++) h[i * mr + j] = (i === j ? 1 : 0) - tau * v[i] * v[j];
    const expected = matmul(mr, mr, nc, h, block);
    const b = a.slice();
    applyLeftReal(mr, nc, tau, v, 0, b, off, lda, new Float64Array(nc));
    for (let i = 0; i < mr; i++)
      for (let j = 0; j < nc; j++) expect(b[off + i * lda + j]).toBeCloseTo(expected[i * nc + j], 14);
    expect(b[off + nc]).toBe(a[off + nc]); // outside the block

    const w = randomMatrix(rng, nc, 1);
    const g = new Float64Array(nc * nc);
    for (let i = 0; i < nc; i++) for (let j = 0; j < nc; j++) g[i * nc + j] = (i === j ? 1 : 0) - tau * w[i] * w[j];
    const expected2 = matmul(mr, nc, nc, block, g);
    const c = a.slice();
    applyRightReal(mr, nc, tau, w, 0, c, off, lda);
    for (let i = 0; i < mr; i++)
      for (let j = 0; j < nc; j++) expect(c[off + i * lda + j]).toBeCloseTo(expected2[i * nc + j], 14);
  });

  it('complex left/right application matches the explicit product', () => {
    const v = randomMatrix(rng, mr, 1, true);
    const [tr, ti] = [1.2, -0.4];
    const ldc = 2 * lda;
    const a = randomMatrix(rng, mr * lda + off, 1, true);
    const block = new Float64Array(2 * mr * nc);
    for (let i = 0; i < mr; i++) {
      for (let j = 0; j < 2 * nc; j++) block[2 * i * nc + j] = a[2 * off + i * ldc + j];
    }
    const expected = matmulComplex(mr, mr, nc, explicitReflector(mr, tr, ti, v), block);
    const b = a.slice();
    applyLeftComplex(mr, nc, tr, ti, v, 0, b, 2 * off, ldc, new Float64Array(2 * nc));
    for (let i = 0; i < mr; i++) {
      for (let j = 0; j < 2 * nc; j++) expect(b[2 * off + i * ldc + j]).toBeCloseTo(expected[2 * i * nc + j], 13);
    }
    const w = randomMatrix(rng, nc, 1, true);
    const expected2 = matmulComplex(mr, nc, nc, block, explicitReflector(nc, tr, ti, w));
    const c = a.slice();
    applyRightComplex(mr, nc, tr, ti, w, 0, c, 2 * off, ldc);
    for (let i = 0; i < mr; i++) {
      for (let j = 0; j < 2 * nc; j++) expect(c[2 * off + i * ldc + j]).toBeCloseTo(expected2[2 * i * nc + j], 13);
    }
  });
});
