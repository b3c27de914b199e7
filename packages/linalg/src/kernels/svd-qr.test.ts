import { sizes } from '@tapegrad/testing/literals';
import {
  checkSvd,
  KAHAN_CASES,
  kahanMatrix,
  matmul,
  matrixWithSingularValues,
  orthogonalityError,
  randomMatrix,
  type SvdResult,
} from '@tapegrad/testing/matrices';
import { Lcg } from '@tapegrad/testing/random';
import { describe, expect, it } from 'vitest';
import { GEQRF_NB, geqrfReal, geqrfTSize, geqrfWorkSize, ormqrReal, ormqrWorkSize } from './geqrf';
import { factorReal } from './qr';
import { createSvdWorkspace, svdReal, usesQrFirst } from './svd';

const EPS = 2 ** -52;

/** Real SVD (reduced, full, or values only) with QR first forced on or off. */
function run(m: number, n: number, a: Float64Array, qrFirst: boolean, computeUV = true, full = false): SvdResult {
  const k = Math.min(m, n);
  const ws = createSvdWorkspace(m, n, { complex: false, computeUV, full, qrFirst });
  expect(ws.inner !== null).toBe(qrFirst);
  const ucols = full ? m : k;
  const vrows = full ? n : k;
  const s = new Float64Array(k);
  const u = new Float64Array(computeUV ? m * ucols : 0);
  const vh = new Float64Array(computeUV ? vrows * n : 0);
  const info = svdReal(m, n, a, 0, s, 0, computeUV ? u : null, 0, computeUV ? vh : null, 0, ws);
  return { info, s, u, vh, ucols, vrows, usesDc: ws.dc !== null };
}

/** QR first against the direct bidiagonalization: both are SVDs, values agree to O(max(m, n)·eps·σ₁). */
function compare(m: number, n: number, a: Float64Array): SvdResult {
  const q = run(m, n, a, true);
  const d = run(m, n, a, false);
  expect(q.info).toBe(0);
  checkSvd(m, n, a, q, false);
  const tol = 4 * Math.max(m, n) * EPS * d.s[0];
  for (let i = 0; i < q.s.length; i++) expect(Math.abs(q.s[i] - d.s[i])).toBeLessThanOrEqual(tol);
  // values only: bitwise the values of the reduced run (the inner SVD of R takes the same path) when bdsqr computes
  // both, i.e. below the divide-and-conquer size; full factors: U, Vh complete and orthonormal, S unchanged.
  const qv = run(m, n, a, true, false);
  for (let i = 0; i < q.s.length; i++) expect(Math.abs(qv.s[i] - d.s[i])).toBeLessThanOrEqual(tol);
  const qf = run(m, n, a, true, true, true);
  checkSvd(m, n, a, qf, false);
  expect(qf.s).toEqual(q.s);
  return q;
}

describe('blocked QR (geqrf)', () => {
  it('matches the unblocked factorization (R and τ to rounding) across panel boundaries, tall, square and wide', () => {
    const rng = new Lcg(3);
    for (const [M, N] of [...sizes('150x70 70x70 40x100 5x3'), [300, GEQRF_NB], [300, GEQRF_NB + 1]]) {
      const a = randomMatrix(rng, N, M); // already the transposed storage
      const w1 = a.slice();
      const w2 = a.slice();
      const k = Math.min(M, N);
      const t1 = new Float64Array(k);
      const t2 = new Float64Array(k);
      factorReal(M, N, w1, t1, new Float64Array(2 * M));
      geqrfReal(M, N, w2, t2, new Float64Array(geqrfWorkSize(M, N)));
      let scale = 0;
      for (const x of w1) scale = Math.max(scale, Math.abs(x));
      for (let i = 0; i < w1.length; i++) expect(Math.abs(w1[i] - w2[i])).toBeLessThanOrEqual(50 * M * EPS * scale);
      for (let i = 0; i < k; i++) expect(Math.abs(t1[i] - t2[i])).toBeLessThanOrEqual(50 * M * EPS);
    }
  });
  it('keeps the T factors: ormqrReal gives Q with Q·R = A and orthonormal columns (Q·[I; 0], Q·[Z; 0])', () => {
    const rng = new Lcg(4);
    for (const [M, N] of [
      [9, 9],
      [300, 2 * GEQRF_NB + 5],
      [120, GEQRF_NB],
      [64, 17],
    ]) {
      const a = randomMatrix(rng, N, M); // Aᵀ
      const w = a.slice();
      const ts = new Float64Array(geqrfTSize(M, N));
      geqrfReal(M, N, w, new Float64Array(N), new Float64Array(geqrfWorkSize(M, N)), ts);
      // Y = Q·[I_N; 0] (M×N) is the thin Q.
      const y = new Float64Array(M * N + 3);
      for (let i = 0; i < N; i++) y[3 + i * N + i] = 1;
      ormqrReal(M, N, w, ts, y, 3, N, new Float64Array(ormqrWorkSize(M, N, N)));
      const q = y.subarray(3);
      expect(orthogonalityError(M, N, q, false, true)).toBeLessThanOrEqual(20 * M * EPS);
      let worst = 0;
      let scale = 0;
      for (let i = 0; i < M; i++) {
        for (let c = 0; c < N; c++) {
          let acc = 0;
          for (let l = 0; l <= c; l++) acc += q[i * N + l] * w[c * M + l];
          worst = Math.max(worst, Math.abs(acc - a[c * M + i]));
          scale = Math.max(scale, Math.abs(a[c * M + i]));
        }
      }
      expect(worst).toBeLessThanOrEqual(20 * M * EPS * scale);
      // Linearity: Q·[Z; 0] = (Q·[I; 0])·Z for a random Z with 3 columns.
      const z = randomMatrix(rng, N, 3);
      const yz = new Float64Array(M * 3);
      yz.set(z);
      ormqrReal(M, N, w, ts, yz, 0, 3, new Float64Array(ormqrWorkSize(M, N, 3)));
      for (let i = 0; i < M; i++) {
        for (let c = 0; c < 3; c++) {
          let acc = 0;
          for (let l = 0; l < N; l++) acc += q[i * N + l] * z[l * 3 + c];
          expect(Math.abs(acc - yz[i * 3 + c])).toBeLessThanOrEqual(50 * N * EPS * 4);
        }
      }
    }
  });
});

describe('svd with QR first', () => {
  it('is chosen for real tall and wide problems from max ≥ 2·min on, never for complex or empty ones', () => {
    expect(usesQrFirst(2000, 50, false)).toBe(true);
    expect(usesQrFirst(50, 2000, false)).toBe(true);
    expect(usesQrFirst(100, 50, false)).toBe(true);
    expect(usesQrFirst(99, 50, false)).toBe(false);
    expect(usesQrFirst(2000, 50, true)).toBe(false);
    expect(usesQrFirst(5, 0, false)).toBe(false);
    expect(() => createSvdWorkspace(9, 3, { complex: true, computeUV: true, full: false, qrFirst: true })).toThrow();
  });

  it('agrees with the direct path on random tall and wide matrices (bdsqr and divide-and-conquer sizes)', () => {
    const rng = new Lcg(5);
    for (const [m, n] of sizes('2x1 1x7 40x3 200x20 20x200 150x64 64x150 9x9')) {
      compare(m, n, randomMatrix(rng, m, n));
    }
  });

  it('rank-deficient tall input: trailing σ ≈ 0 and orthonormal factors', () => {
    const rng = new Lcg(7);
    const [m, n, r] = [120, 30, 11];
    const b = randomMatrix(rng, m, r);
    const c = randomMatrix(rng, r, n);
    const a = matmul(m, r, n, b, c);
    const q = compare(m, n, a);
    for (let i = r; i < n; i++) expect(q.s[i]).toBeLessThanOrEqual(8 * m * EPS * q.s[0]);
    expect(orthogonalityError(m, n, q.u, false, true)).toBeLessThanOrEqual(8 * m * EPS);
    // the transpose: same values
    const at = new Float64Array(n * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) at[j * m + i] = a[i * n + j];
    const qt = compare(n, m, at);
    for (let i = 0; i < n; i++) expect(Math.abs(qt.s[i] - q.s[i])).toBeLessThanOrEqual(8 * m * EPS * q.s[0]);
  });

  it('prescribed graded spectrum at a tall shape: small σ as accurate as the direct path (absolute O(eps·σ₁))', () => {
    const rng = new Lcg(9);
    const sigma = [1, 0.5, 1e-3, 1e-6, 1e-9, 1e-12, 1e-15, 1e-18];
    const [m, n] = [64, 8];
    const a = matrixWithSingularValues(rng, m, n, sigma);
    const q = compare(m, n, a);
    const d = run(m, n, a, false);
    for (let i = 0; i < n; i++) {
      const errQ = Math.abs(q.s[i] - sigma[i]);
      const errD = Math.abs(d.s[i] - sigma[i]);
      expect(errQ).toBeLessThanOrEqual(Math.max(4 * errD, 20 * m * EPS));
    }
  });

  it('column-graded tall matrix: Householder QR is column-scaling invariant, σ keep high relative accuracy', () => {
    // A = B·D with D = diag(10^{-3j}), σ spanning 33 decades: Π σ = |det R| for A = Q·R, so Σ log σ must match
    // Σ log |r_jj| of an independent (unblocked) QR — which fails when the smallest σ lose relative accuracy.
    const rng = new Lcg(11);
    const [m, n] = [90, 12];
    const a = randomMatrix(rng, m, n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[i * n + j] *= 10 ** (-3 * j);
    const q = run(m, n, a, true, false);
    const w = new Float64Array(n * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[j * m + i] = a[i * n + j];
    factorReal(m, n, w, new Float64Array(n), new Float64Array(2 * m));
    let logR = 0;
    let logS = 0;
    for (let j = 0; j < n; j++) {
      logR += Math.log(Math.abs(w[j * m + j]));
      logS += Math.log(q.s[j]);
    }
    expect(q.s[n - 1]).toBeGreaterThan(0);
    expect(Math.abs(logS - logR)).toBeLessThanOrEqual(1e-9);
  });

  it('Kahan matrix stacked on zeros (tall): the same values as the square Kahan matrix by the direct path', () => {
    for (const [n, c] of KAHAN_CASES) {
      const kah = kahanMatrix(n, c);
      const m = 3 * n;
      const a = new Float64Array(m * n);
      a.set(kah);
      const q = compare(m, n, a);
      const d = run(n, n, kah, false);
      for (let i = 0; i < n; i++) expect(Math.abs(q.s[i] - d.s[i])).toBeLessThanOrEqual(10 * n * EPS * d.s[0]);
    }
  });

  it('huge and subnormal tall input is scaled: values scale exactly with the input', () => {
    const rng = new Lcg(13);
    const [m, n] = [50, 6];
    const base = new Float64Array(m * n);
    for (let i = 0; i < base.length; i++) base[i] = Math.round(rng.normal() * 1000);
    const ref = run(m, n, base, true);
    for (const f of [2 ** 1000, 2 ** -1000, 2 ** -1060]) {
      const a = base.map((x) => x * f); // exact
      const r = run(m, n, a, true);
      expect(r.info).toBe(0);
      // σ·f below 2^-1022 is itself subnormal: its absolute error is then an ulp 2^-1074.
      const tol = Math.max(64 * m * EPS * ref.s[0], (4 * 2 ** -1074) / f);
      for (let i = 0; i < n; i++) expect(Math.abs(r.s[i] / f - ref.s[i])).toBeLessThanOrEqual(tol);
      for (let i = 0; i < r.u.length; i++) expect(Number.isFinite(r.u[i])).toBe(true);
    }
  });

  it('a reused workspace with offsets gives identical results, and NaN gives −1', () => {
    const rng = new Lcg(17);
    for (const [m, n] of sizes('70x20 20x70')) {
      const k = Math.min(m, n);
      const count = 3;
      const a = randomMatrix(rng, count * m, n);
      const ws = createSvdWorkspace(m, n, { complex: false, computeUV: true, full: false });
      expect(ws.inner).not.toBeNull();
      const s = new Float64Array(count * k + 1);
      const u = new Float64Array(count * m * k + 3);
      const vh = new Float64Array(count * k * n + 5);
      for (let t = 0; t < count; t++) {
        expect(svdReal(m, n, a, t * m * n, s, 1 + t * k, u, 3 + t * m * k, vh, 5 + t * k * n, ws)).toBe(0);
      }
      for (let t = 0; t < count; t++) {
        const one = run(m, n, a.slice(t * m * n, (t + 1) * m * n), true);
        expect(s.slice(1 + t * k, 1 + (t + 1) * k)).toEqual(one.s);
        expect(u.slice(3 + t * m * k, 3 + (t + 1) * m * k)).toEqual(one.u);
        expect(vh.slice(5 + t * k * n, 5 + (t + 1) * k * n)).toEqual(one.vh);
      }
      const bad = a.slice(0, m * n);
      bad[7] = Number.NaN;
      expect(svdReal(m, n, bad, 0, s, 0, u, 0, vh, 0, ws)).toBe(-1);
    }
  });
});
