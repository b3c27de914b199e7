import { sizes } from '@tapegrad/testing/literals';
import {
  bidiagSingularValuesBisection,
  checkSvd,
  frob,
  KAHAN_CASES,
  kahanMatrix,
  matrixWithSingularValues,
  orthogonalityError,
  randomMatrix,
  runSvd as runSvdWith,
} from '@tapegrad/testing/matrices';
import { Lcg } from '@tapegrad/testing/random';
import { describe, expect, it } from 'vitest';
import * as svdKernels from './svd';
import { createSvdWorkspace, DC_MIN, DC_MIN_COMPLEX, svdComplex, svdReal } from './svd';

const EPS = 2 ** -52;

const runSvd = (m: number, n: number, a: Float64Array, complex: boolean, full: boolean, computeUV = true) =>
  runSvdWith(svdKernels, m, n, a, complex, full, { computeUV });

const SHAPES: [number, number][] = sizes('1x1 1x6 6x1 2x2 3x3 5x3 3x5 8x8 17x9 9x17 33x33 60x41 41x60');

describe('svd of random matrices', () => {
  for (const complex of [false, true]) {
    for (const full of [false, true]) {
      it(`${complex ? 'complex' : 'real'}, ${full ? 'full' : 'reduced'}: all shapes`, () => {
        const rng = new Lcg(complex ? 11 : 7);
        for (const [m, n] of SHAPES) {
          const a = randomMatrix(rng, m, n, complex);
          const copy = a.slice();
          const r = runSvd(m, n, a, complex, full);
          checkSvd(m, n, a, r, complex);
          expect(a).toEqual(copy); // input untouched
          // values-only mode gives the same values (to rounding when both use bdsqr; with singular vectors from
          // min(m, n) ≥ DC_MIN the bidiagonal SVD is divide and conquer, another backward-stable algorithm: O(n·eps·σ₁))
          const rv = runSvd(m, n, a, complex, full, false);
          expect(rv.info).toBe(0);
          const dc = Math.min(m, n) >= (complex ? DC_MIN_COMPLEX : DC_MIN);
          const tolS = (dc ? Math.max(m, n) : 8) * EPS * r.s[0];
          for (let i = 0; i < r.s.length; i++) expect(Math.abs(rv.s[i] - r.s[i])).toBeLessThanOrEqual(tolS);
        }
      });
    }
  }

  it('a real matrix and its transpose have the same singular values', () => {
    const rng = new Lcg(3);
    const a = randomMatrix(rng, 7, 12);
    const at = new Float64Array(84);
    for (let i = 0; i < 7; i++) for (let j = 0; j < 12; j++) at[j * 7 + i] = a[i * 12 + j];
    const r1 = runSvd(7, 12, a, false, false);
    const r2 = runSvd(12, 7, at, false, false);
    for (let i = 0; i < 7; i++) expect(r1.s[i]).toBeCloseTo(r2.s[i], 13);
  });

  it('a real matrix embedded as complex gives the same singular values', () => {
    const rng = new Lcg(5);
    const a = randomMatrix(rng, 9, 6);
    const ac = new Float64Array(2 * a.length);
    for (let i = 0; i < a.length; i++) ac[2 * i] = a[i];
    const r1 = runSvd(9, 6, a, false, false);
    const r2 = runSvd(9, 6, ac, true, false);
    for (let i = 0; i < 6; i++) expect(Math.abs(r1.s[i] - r2.s[i])).toBeLessThanOrEqual(8 * EPS * r1.s[0]);
  });
});

describe('closed forms', () => {
  it('diagonal (also rectangular, negative and zero entries): σ = sorted |dᵢ|', () => {
    const diag = [3, -7, 0, 0.5, -2e-8];
    for (const [m, n] of sizes('5x5 7x5 5x9')) {
      const a = new Float64Array(m * n);
      for (let i = 0; i < 5; i++) a[i * n + i] = diag[i];
      const r = runSvd(m, n, a, false, true);
      checkSvd(m, n, a, r, false);
      expect(Array.from(r.s)).toEqual([7, 3, 0.5, 2e-8, 0]);
    }
  });

  it('rank one u·vᵀ: σ₁ = ‖u‖·‖v‖, the rest ≈ 0', () => {
    const rng = new Lcg(9);
    for (const [m, n] of sizes('6x4 4x6 10x10')) {
      const uu = randomMatrix(rng, m, 1);
      const vv = randomMatrix(rng, n, 1);
      const a = new Float64Array(m * n);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[i * n + j] = uu[i] * vv[j];
      const r = runSvd(m, n, a, false, true);
      checkSvd(m, n, a, r, false);
      const expected = frob(uu) * frob(vv);
      expect(Math.abs(r.s[0] - expected)).toBeLessThanOrEqual(8 * EPS * expected);
      for (let i = 1; i < r.s.length; i++) expect(r.s[i]).toBeLessThanOrEqual(8 * EPS * expected);
    }
  });

  it('2×2 analytic singular values', () => {
    const rng = new Lcg(21);
    for (let t = 0; t < 50; t++) {
      const [p, q, r0, s0] = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
      const a = Float64Array.of(p, q, r0, s0);
      const r = runSvd(2, 2, a, false, false);
      checkSvd(2, 2, a, r, false);
      // σ₁,₂ = (sqrt((p+s)² + (q−r)²) ± sqrt((p−s)² + (q+r)²)) / 2
      const x = Math.hypot(p + s0, q - r0);
      const y = Math.hypot(p - s0, q + r0);
      expect(Math.abs(r.s[0] - (x + y) / 2)).toBeLessThanOrEqual(4 * EPS * r.s[0]);
      expect(Math.abs(r.s[1] - Math.abs(x - y) / 2)).toBeLessThanOrEqual(4 * EPS * r.s[0]);
    }
  });

  it('exactly rank-deficient matrix: trailing σ ≈ 0 and complete orthonormal bases', () => {
    const a = Float64Array.of(1, 2, 3, 2, 4, 6, 1, 0, 1, 3, 4, 7);
    for (const full of [false, true]) {
      const r = runSvd(4, 3, a, false, full);
      checkSvd(4, 3, a, r, false);
      expect(r.s[2]).toBeLessThanOrEqual(4 * EPS * r.s[0]);
      expect(r.s[1]).toBeGreaterThan(0.1);
      // the transpose too
      const at = new Float64Array(12);
      for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) at[j * 4 + i] = a[i * 3 + j];
      const r2 = runSvd(3, 4, at, false, full);
      checkSvd(3, 4, at, r2, false);
      expect(r2.s[2]).toBeLessThanOrEqual(4 * EPS * r2.s[0]);
    }
  });

  it('zero matrices: S = 0 and orthonormal U, V', () => {
    for (const complex of [false, true]) {
      for (const [m, n] of sizes('4x3 3x4 5x5')) {
        const a = new Float64Array(m * n * (complex ? 2 : 1));
        for (const full of [false, true]) {
          const r = runSvd(m, n, a, complex, full);
          checkSvd(m, n, a, r, complex);
          expect(Array.from(r.s).every((x) => x === 0)).toBe(true);
        }
      }
    }
  });

  it('empty shapes (0×n, n×0): success, full factors are identities', () => {
    for (const [m, n] of sizes('0x3 3x0 0x0')) {
      const r = runSvd(m, n, new Float64Array(0), false, true);
      expect(r.info).toBe(0);
      expect(r.s.length).toBe(0);
      expect(orthogonalityError(m, m, r.u, false, true)).toBe(0);
      expect(orthogonalityError(n, n, r.vh, false, false)).toBe(0);
      const rc = runSvd(m, n, new Float64Array(0), true, false);
      expect(rc.info).toBe(0);
    }
  });
});

describe('accuracy on hard matrices', () => {
  it('prescribed, clustered and repeated singular values are recovered', () => {
    const rng = new Lcg(33);
    const sigma = [5, 3, 3, 3, 1 + 1e-13, 1, 1e-3, 1e-10, 1e-10, 0];
    for (const [m, n] of sizes('10x10 14x10 10x13')) {
      const a = matrixWithSingularValues(rng, m, n, sigma);
      const r = runSvd(m, n, a, false, true);
      checkSvd(m, n, a, r, false);
      for (let i = 0; i < 10; i++) expect(Math.abs(r.s[i] - sigma[i])).toBeLessThanOrEqual(20 * EPS * 5);
    }
  });

  it('graded bidiagonal input keeps high relative accuracy (vs bisection on the Golub–Kahan matrix)', () => {
    const n = 12;
    const d: number[] = [];
    const e: number[] = [];
    for (let i = 0; i < n; i++) {
      d.push(10 ** (-6 * i) * (1 + 0.1 * i));
      if (i < n - 1) e.push(10 ** (-6 * i - 3) * (2 - 0.1 * i));
    }
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = d[i];
      if (i < n - 1) a[i * n + i + 1] = e[i];
    }
    const ref = bidiagSingularValuesBisection(d, e);
    const r = runSvd(n, n, a, false, false);
    checkSvd(n, n, a, r, false);
    for (let i = 0; i < n; i++) expect(Math.abs(r.s[i] - ref[i]) / ref[i]).toBeLessThanOrEqual(1e-13);
  });

  it('graded permuted diagonal: exact values', () => {
    const n = 9;
    const a = new Float64Array(n * n);
    const vals: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = 10 ** (-30 * i) * (i % 2 ? -1 : 1);
      a[i * n + ((i * 4) % n)] = v;
      vals.push(Math.abs(v));
    }
    const r = runSvd(n, n, a, false, true);
    checkSvd(n, n, a, r, false);
    expect(Array.from(r.s)).toEqual(vals);
  });

  it('Kahan matrix: agrees with the reversed (lower triangular) computation and with |det| = Πσ', () => {
    for (const [n, c] of KAHAN_CASES) {
      const k = kahanMatrix(n, c);
      const r = runSvd(n, n, k, false, true);
      checkSvd(n, n, k, r, false);
      // J·K·J (reverse rows and columns) has the same singular values but is reduced along a different path.
      const kr = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) kr[(n - 1 - i) * n + (n - 1 - j)] = k[i * n + j];
      const r2 = runSvd(n, n, kr, false, false);
      for (let i = 0; i < n; i++) expect(Math.abs(r.s[i] - r2.s[i])).toBeLessThanOrEqual(10 * n * EPS * r.s[0]);
      // log Πσ = log |det K| = (n(n−1)/2)·log s, to within the absolute accuracy of each σ.
      const s = Math.sqrt(1 - c * c);
      let logProd = 0;
      let relBound = 0;
      for (let i = 0; i < n; i++) {
        logProd += Math.log(r.s[i]);
        relBound += (10 * n * EPS * r.s[0]) / r.s[i];
      }
      expect(Math.abs(logProd - ((n * (n - 1)) / 2) * Math.log(s))).toBeLessThanOrEqual(relBound);
    }
  });
});

describe('scaling and special values', () => {
  it('entries near 1e±300 and subnormals: finite, scaled-consistent results', () => {
    const rng = new Lcg(44);
    const base = new Float64Array(30);
    for (let i = 0; i < 30; i++) base[i] = Math.round(rng.normal() * 1000); // small integers: exact when scaled
    const ref = runSvd(6, 5, base, false, true);
    for (const e2 of [1000, -1000, -1062]) {
      const f = 2 ** e2;
      const a = base.map((x) => x * f);
      for (const full of [false, true]) {
        const r = runSvd(6, 5, a, false, full);
        if (e2 > -1000) checkSvd(6, 5, a, r, false);
        else {
          // Subnormal S has few significant bits, so only the vectors are checked at full precision.
          expect(r.info).toBe(0);
          expect(orthogonalityError(6, r.ucols, r.u, false, true)).toBeLessThanOrEqual(1e-14);
          expect(orthogonalityError(r.vrows, 5, r.vh, false, false)).toBeLessThanOrEqual(1e-14);
        }
        for (let i = 0; i < 5; i++) {
          expect(Number.isFinite(r.s[i])).toBe(true);
          // subnormal values are correct up to their final rounding (a few units of 2^-1074)
          expect(Math.abs(r.s[i] - ref.s[i] * f)).toBeLessThanOrEqual(8 * EPS * ref.s[0] * f + Number.MIN_VALUE * 4);
        }
      }
    }
    const big = base.map((x) => x * 1e300);
    const rb = runSvd(6, 5, big, false, false);
    checkSvd(6, 5, big, rb, false);
    expect(Math.abs(rb.s[0] / 1e300 - ref.s[0])).toBeLessThanOrEqual(1e-14 * ref.s[0]);
  });

  it('huge scale keeps far smaller entries exact (scaling to the range bound, not to 1)', () => {
    const a = Float64Array.of(1e300, 0, 0, 0, -1e-20, 0);
    const r = runSvd(2, 3, a, false, true);
    checkSvd(2, 3, a, r, false);
    expect(Array.from(r.s)).toEqual([1e300, 1e-20]);
    const b = Float64Array.of(1e-300, 0, 0, 2e-20);
    expect(Array.from(runSvd(2, 2, b, false, false).s)).toEqual([2e-20, 1e-300]);
  });

  it('mixed magnitudes in one matrix (1 and 1e-300 blocks): tiny values stay relatively accurate', () => {
    const rng = new Lcg(45);
    const b1 = randomMatrix(rng, 3, 2);
    const b2 = randomMatrix(rng, 2, 2);
    const a = new Float64Array(20); // 5×4 block diagonal [b1 0; 0 1e-300·b2]
    for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) a[i * 4 + j] = b1[i * 2 + j];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) a[(3 + i) * 4 + 2 + j] = 1e-300 * b2[i * 2 + j];
    const r = runSvd(5, 4, a, false, true);
    checkSvd(5, 4, a, r, false);
    const s1 = runSvd(3, 2, b1, false, false).s;
    const s2 = runSvd(2, 2, b2, false, false).s;
    expect(Math.abs(r.s[0] - s1[0]) / s1[0]).toBeLessThanOrEqual(1e-15);
    expect(Math.abs(r.s[1] - s1[1]) / s1[1]).toBeLessThanOrEqual(1e-15);
    expect(Math.abs(r.s[2] - 1e-300 * s2[0]) / (1e-300 * s2[0])).toBeLessThanOrEqual(1e-14);
    expect(Math.abs(r.s[3] - 1e-300 * s2[1]) / (1e-300 * s2[1])).toBeLessThanOrEqual(1e-14);
  });

  it('subnormal complex input 1e-310', () => {
    const a = Float64Array.of(1e-310, 2e-310, -3e-310, 0, 0, 1e-310, 5e-310, -1e-310);
    const r = runSvd(2, 2, a, true, true);
    expect(r.info).toBe(0);
    expect(orthogonalityError(2, 2, r.u, true, true)).toBeLessThan(1e-15);
    expect(orthogonalityError(2, 2, r.vh, true, false)).toBeLessThan(1e-15);
    expect(r.s[0]).toBeGreaterThan(1e-310);
    expect(r.s[0]).toBeLessThan(1e-309);
  });

  it('NaN / ±Infinity anywhere → −1', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const a = Float64Array.of(1, 2, 3, 4, 5, 6);
      a[4] = bad;
      expect(runSvd(2, 3, a, false, true).info).toBe(-1);
      expect(runSvd(3, 2, a, false, false).info).toBe(-1);
      const ac = new Float64Array(12).fill(1);
      ac[7] = bad; // an imaginary part
      expect(runSvd(2, 3, ac, true, true).info).toBe(-1);
    }
  });
});

describe('workspace and offsets', () => {
  it('a reused workspace with offsets gives the same results as fresh calls (batch)', () => {
    const rng = new Lcg(77);
    const m = 5;
    const n = 4;
    const B = 20;
    for (const complex of [false, true]) {
      const c = complex ? 2 : 1;
      const off = 3;
      const a = randomMatrix(rng, B * m + 1, n, complex);
      const s = new Float64Array(off + B * n);
      const u = new Float64Array(off + B * m * n * c);
      const vh = new Float64Array(off + B * n * n * c);
      const ws = createSvdWorkspace(m, n, { complex, computeUV: true, full: false });
      const fn = complex ? svdComplex : svdReal;
      for (let b = 0; b < B; b++) {
        const info = fn(
          m,
          n,
          a,
          c + b * m * n * c,
          s,
          off + b * n,
          u,
          off + b * m * n * c,
          vh,
          off + b * n * n * c,
          ws,
        );
        expect(info).toBe(0);
      }
      for (let b = 0; b < B; b++) {
        const ab = a.slice(c + b * m * n * c, c + (b + 1) * m * n * c);
        const r = runSvd(m, n, ab, complex, false);
        expect(s.slice(off + b * n, off + (b + 1) * n)).toEqual(r.s);
        expect(u.slice(off + b * m * n * c, off + (b + 1) * m * n * c)).toEqual(r.u);
        expect(vh.slice(off + b * n * n * c, off + (b + 1) * n * n * c)).toEqual(r.vh);
      }
    }
  });

  it('rejects a workspace of another shape or kind', () => {
    const ws = createSvdWorkspace(3, 2, { complex: false, computeUV: false, full: false });
    const s = new Float64Array(2);
    expect(() => svdReal(2, 3, new Float64Array(6), 0, s, 0, null, 0, null, 0, ws)).toThrow();
    expect(() => svdComplex(3, 2, new Float64Array(12), 0, s, 0, null, 0, null, 0, ws)).toThrow();
    expect(() => createSvdWorkspace(-1, 2, { complex: false, computeUV: false, full: false })).toThrow();
  });
});
