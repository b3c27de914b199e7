/**
 * The divide-and-conquer path of svdReal/svdComplex (./bdsdc + ./ormbr) against the bdsqr path on the same inputs:
 * random matrices of sizes straddling the dispatch thresholds (up to 300), every layout (tall/wide, full/reduced,
 * real/complex), structured and badly scaled matrices, the automatic dispatch, the bdsqr fallback, workspace reuse.
 */

import { sizes } from '@tapegrad/testing/literals';
import {
  checkSvd,
  frob,
  kahanMatrix,
  matmul,
  matrixWithSingularValues,
  orthogonalityError,
  randomMatrix,
  reconstructionError,
  runSvd,
  type SvdResult,
} from '@tapegrad/testing/matrices';
import { Lcg } from '@tapegrad/testing/random';
import { describe, expect, it } from 'vitest';
import type { BdsdcWorkspace } from './bdsdc';
import * as svdKernels from './svd';
import { createSvdWorkspace, DC_MIN, DC_MIN_COMPLEX, type SvdMethod, svdComplex, svdReal } from './svd';

const EPS = 2 ** -52;

function run(
  m: number,
  n: number,
  a: Float64Array,
  complex: boolean,
  full: boolean,
  method: SvdMethod,
  computeUV = true,
): SvdResult {
  const r = runSvd(svdKernels, m, n, a, complex, full, { computeUV, method });
  if (computeUV && Math.min(m, n) > 0) expect(r.usesDc).toBe(method === 'dc');
  return r;
}

/**
 * D&C against bdsqr: singular values to O(max(m, n)·eps·σ₁), and for every singular value separated from its
 * neighbours by a relative gap g the singular vectors agree up to a unit factor, |⟨x_dc, x_qr⟩| ≥ 1 − (n·eps/g)².
 */
function compare(m: number, n: number, a: Float64Array, complex: boolean, full: boolean): void {
  const dc = run(m, n, a, complex, full, 'dc');
  const qr = run(m, n, a, complex, full, 'bdsqr');
  checkSvd(m, n, a, dc, complex);
  checkSvd(m, n, a, qr, complex);
  const k = Math.min(m, n);
  const s1 = qr.s[0];
  for (let i = 0; i < k; i++) expect(Math.abs(dc.s[i] - qr.s[i])).toBeLessThanOrEqual(Math.max(m, n) * EPS * s1);
  if (s1 === 0) return;
  const c = complex ? 2 : 1;
  for (let i = 0; i < k; i++) {
    const gap = Math.min(i > 0 ? qr.s[i - 1] - qr.s[i] : s1, i < k - 1 ? qr.s[i] - qr.s[i + 1] : s1) / s1;
    if (gap < 1e-3) continue;
    const bound = 1 - (Math.max(m, n) * 16 * EPS) / gap;
    // U columns (stride ucols) and Vh rows; |⟨x, y⟩| over complex entries.
    for (const [x, y, len, at] of [
      [dc.u, qr.u, m, (t: number) => c * (t * dc.ucols + i)],
      [dc.vh, qr.vh, n, (t: number) => c * (i * n + t)],
    ] as const) {
      let re = 0;
      let im = 0;
      for (let t = 0; t < len; t++) {
        const o = at(t);
        if (complex) {
          re += x[o] * y[o] + x[o + 1] * y[o + 1];
          im += x[o] * y[o + 1] - x[o + 1] * y[o];
        } else re += x[o] * y[o];
      }
      expect(Math.hypot(re, im)).toBeGreaterThanOrEqual(bound);
    }
  }
}

describe('svd divide and conquer vs bdsqr: random matrices', () => {
  const shapes = sizes('1x1 2x2 3x5 5x3 17x9 9x17 26x26 39x41 41x39 59x59 60x60 61x75 75x61 100x100 130x97 97x130');
  for (const complex of [false, true]) {
    for (const full of [false, true]) {
      it(`${complex ? 'complex' : 'real'}, ${full ? 'full' : 'reduced'}`, () => {
        const rng = new Lcg(complex ? 211 : 207);
        for (const [m, n] of shapes) compare(m, n, randomMatrix(rng, m, n, complex), complex, full);
      });
    }
  }

  it('real 300×300 and 300×180 (full)', () => {
    const rng = new Lcg(301);
    compare(300, 300, randomMatrix(rng, 300, 300), false, false);
    compare(300, 180, randomMatrix(rng, 300, 180), false, true);
  });
});

describe('svd divide and conquer: structured matrices', () => {
  const structuredSizes = sizes('80x80 90x70');

  function structured(rng: Lcg, m: number, n: number, complex: boolean): [string, Float64Array][] {
    const k = Math.min(m, n);
    const c = complex ? 2 : 1;
    const out: [string, Float64Array][] = [];
    const eye = new Float64Array(m * n * c);
    for (let i = 0; i < k; i++) eye[c * (i * n + i)] = 1;
    out.push(['identity', eye]);
    out.push(['zero', new Float64Array(m * n * c)]);
    // Prescribed values (real, embedded when complex): multiplicities, clusters, graded, zeros.
    const mult = Array.from({ length: k }, (_, i) => [4, 2, 2, 2, 1][i % 5]);
    const cluster = Array.from({ length: k }, (_, i) => 1 + i * 1e-14);
    const graded = Array.from({ length: k }, (_, i) => 2 ** (-i / 2));
    const rankDef = Array.from({ length: k }, (_, i) => (i < k / 3 ? 1 + i : 0));
    for (const [name, sigma] of [
      ['multiplicities', mult],
      ['cluster', cluster],
      ['graded', graded],
      ['rank deficient', rankDef],
    ] as const) {
      sigma.sort((x, y) => y - x);
      const re = matrixWithSingularValues(rng, m, n, sigma);
      if (!complex) out.push([name, re]);
      else {
        const z = new Float64Array(2 * m * n);
        // (1 + i)/√2 times a real matrix: same singular values, genuinely complex vectors.
        for (let t = 0; t < m * n; t++) {
          z[2 * t] = re[t] / Math.SQRT2;
          z[2 * t + 1] = re[t] / Math.SQRT2;
        }
        out.push([name, z]);
      }
    }
    return out;
  }

  for (const complex of [false, true]) {
    it(`${complex ? 'complex' : 'real'}: identity, zero, multiplicities, clusters, graded, rank deficient`, () => {
      const rng = new Lcg(complex ? 17 : 13);
      for (const [m, n] of structuredSizes) {
        for (const [, a] of structured(rng, m, n, complex)) {
          for (const full of [false, true]) compare(m, n, a, complex, full);
        }
      }
    });
  }

  it('Kahan matrix (n = 90): D&C agrees with bdsqr', () => {
    const k = kahanMatrix(90, 0.285);
    compare(90, 90, k, false, false);
  });

  it('exact rank: product of 100×30 and 30×100 random factors', () => {
    const rng = new Lcg(19);
    const a = matmul(100, 30, 100, randomMatrix(rng, 100, 30), randomMatrix(rng, 30, 100));
    const r = run(100, 100, a, false, false, 'dc');
    checkSvd(100, 100, a, r, false);
    for (let i = 30; i < 100; i++) expect(r.s[i]).toBeLessThanOrEqual(100 * EPS * r.s[0]);
  });

  it('scales 2^±1000 and subnormal input: scaled-consistent values, orthonormal vectors', () => {
    const rng = new Lcg(23);
    const base = randomMatrix(rng, 70, 64);
    const ref = run(70, 64, base, false, false, 'dc');
    for (const e2 of [1000, -1000, -1060]) {
      const f = 2 ** e2;
      const a = base.map((x) => x * f);
      const r = run(70, 64, a, false, false, 'dc');
      expect(r.info).toBe(0);
      for (let i = 0; i < 64; i++) {
        expect(Number.isFinite(r.s[i])).toBe(true);
        expect(Math.abs(r.s[i] - ref.s[i] * f)).toBeLessThanOrEqual(64 * EPS * ref.s[0] * f + 64 * Number.MIN_VALUE);
      }
      expect(orthogonalityError(70, 64, r.u, false, true)).toBeLessThanOrEqual(1e-13);
      expect(orthogonalityError(64, 64, r.vh, false, false)).toBeLessThanOrEqual(1e-13);
      if (e2 > -1000) expect(reconstructionError(70, 64, a, r, false)).toBeLessThanOrEqual(4 * EPS * 70);
    }
  });

  it('mixed magnitudes: a 1e-300 block beside an O(1) block (absolute accuracy)', () => {
    const rng = new Lcg(29);
    const n = 70;
    const a = new Float64Array(n * n);
    const b1 = randomMatrix(rng, 40, 40);
    const b2 = randomMatrix(rng, 30, 30);
    for (let i = 0; i < 40; i++) for (let j = 0; j < 40; j++) a[i * n + j] = b1[i * 40 + j];
    for (let i = 0; i < 30; i++) for (let j = 0; j < 30; j++) a[(40 + i) * n + 40 + j] = 1e-300 * b2[i * 30 + j];
    const r = run(n, n, a, false, true, 'dc');
    checkSvd(n, n, a, r, false);
  });
});

describe('svd divide and conquer: dispatch, fallback, workspace', () => {
  it('auto uses D&C from DC_MIN (real) and DC_MIN_COMPLEX (complex) on, only with singular vectors', () => {
    for (const [complex, t] of [
      [false, DC_MIN],
      [true, DC_MIN_COMPLEX],
    ] as const) {
      expect(createSvdWorkspace(t - 1, t - 1, { complex, computeUV: true, full: false }).dc).toBeNull();
      expect(createSvdWorkspace(t, t + 3, { complex, computeUV: true, full: true }).dc).not.toBeNull();
      expect(createSvdWorkspace(t + 5, t, { complex, computeUV: true, full: false }).dc).not.toBeNull();
      expect(createSvdWorkspace(t, t, { complex, computeUV: false, full: false }).dc).toBeNull();
      const rng = new Lcg(31);
      for (const [m, n] of [
        [t - 1, t - 1],
        [t, t],
        [t + 7, t],
      ]) {
        const a = randomMatrix(rng, m, n, complex);
        checkSvd(m, n, a, runSvd(svdKernels, m, n, a, complex, false), complex);
      }
    }
  });

  it('secular non-convergence falls back to bdsqr on the saved bidiagonal (same result as method bdsqr)', () => {
    const rng = new Lcg(37);
    for (const complex of [false, true]) {
      for (const [m, n] of sizes('70x64 64x70')) {
        const a = randomMatrix(rng, m, n, complex);
        const ref = run(m, n, a, complex, false, 'bdsqr');
        const { info, s, u, vh } = runSvd(svdKernels, m, n, a, complex, false, {
          method: 'dc',
          prepare: (ws) => {
            (ws.dc as BdsdcWorkspace).maxit = 1;
          },
        });
        expect(info).toBe(0);
        expect(s).toEqual(ref.s);
        expect(u).toEqual(ref.u);
        expect(vh).toEqual(ref.vh);
      }
    }
  });

  it('a reused D&C workspace with offsets gives identical results (batch)', () => {
    const rng = new Lcg(41);
    for (const complex of [false, true]) {
      for (const [m, n] of sizes('72x66 66x72')) {
        const c = complex ? 2 : 1;
        const k = Math.min(m, n);
        const count = 3;
        const a = randomMatrix(rng, count * m, n, complex);
        const ws = createSvdWorkspace(m, n, { complex, computeUV: true, full: true, method: 'dc' });
        const s = new Float64Array(count * k + 1);
        const u = new Float64Array(count * m * m * c + 3);
        const vh = new Float64Array(count * n * n * c + 5);
        const fn = complex ? svdComplex : svdReal;
        for (let t = 0; t < count; t++) {
          const info = fn(m, n, a, t * m * n * c, s, 1 + t * k, u, 3 + t * m * m * c, vh, 5 + t * n * n * c, ws);
          expect(info).toBe(0);
        }
        for (let t = 0; t < count; t++) {
          const one = run(m, n, a.slice(t * m * n * c, (t + 1) * m * n * c), complex, true, 'dc');
          expect(s.slice(1 + t * k, 1 + (t + 1) * k)).toEqual(one.s);
          expect(u.slice(3 + t * m * m * c, 3 + (t + 1) * m * m * c)).toEqual(one.u);
          expect(vh.slice(5 + t * n * n * c, 5 + (t + 1) * n * n * c)).toEqual(one.vh);
        }
        expect(frob(s)).toBeGreaterThan(0);
      }
    }
  });
});
