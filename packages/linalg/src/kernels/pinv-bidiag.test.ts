import { kahanMatrix, matmul, matrixWithSingularValues, randomMatrix, relErrOf } from '@tapegrad/testing/matrices';
import { Lcg } from '@tapegrad/testing/random';
import { describe, expect, it } from 'vitest';
import { applyPReal, ormbrWorkSize } from './ormbr';
import {
  bidiagInverseColumns,
  createPinvBidiagWorkspace,
  MIN_SIGMA,
  pinvBidiagApply,
  pinvBidiagCertify,
  pinvBidiagInvertible,
  pinvBidiagSigma,
} from './pinv-bidiag';
import { createSvdWorkspace, svdReal, svdRealBidiag, svdRealFinish } from './svd';

const EPS = 2 ** -52;

/** σ and V·diag(1/σ)·Uᵀ (every σ kept) by the full SVD, the reference of the bidiagonal route. */
function viaSvd(m: number, n: number, a: Float64Array): { s: Float64Array; p: Float64Array } {
  const k = Math.min(m, n);
  const ws = createSvdWorkspace(m, n, { complex: false, computeUV: true, full: false });
  const s = new Float64Array(k);
  const u = new Float64Array(m * k);
  const vh = new Float64Array(k * n);
  expect(svdReal(m, n, a, 0, s, 0, u, 0, vh, 0, ws)).toBe(0);
  const p = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let acc = 0;
      for (let l = 0; l < k; l++) acc += (vh[l * n + i] * u[j * k + l]) / s[l];
      p[i * m + j] = acc;
    }
  return { s, p };
}

/** The bidiagonal route: σ from the bidiagonal, the certificate (atol = rtol = 0, κ_F ≤ 1e30), and P. */
function viaBidiag(m: number, n: number, a: Float64Array) {
  const k = Math.min(m, n);
  const ws = createSvdWorkspace(m, n, { complex: false, computeUV: true, full: false });
  const pw = createPinvBidiagWorkspace(m, n);
  expect(svdRealBidiag(m, n, a, 0, ws)).toBe(0);
  const certified = pinvBidiagCertify(ws, pw, 0, 0, 1e30);
  const s = new Float64Array(k);
  expect(pinvBidiagSigma(ws, pw, s, 0)).toBe(0);
  const p = new Float64Array(n * m + 3).fill(7);
  const invertible = pinvBidiagInvertible(pw);
  if (invertible) pinvBidiagApply(ws, pw, p, 3);
  expect(p.subarray(0, 3)).toEqual(new Float64Array(3).fill(7));
  return { s, p: p.subarray(3), certified, invertible };
}

/** max of the four Penrose residuals, each relative to its own ‖·‖_F. */
function penrose(m: number, n: number, a: Float64Array, p: Float64Array): number {
  const ap = matmul(m, n, m, a, p);
  const pa = matmul(n, m, n, p, a);
  const sym = (r: number, x: Float64Array) => {
    const y = new Float64Array(r * r);
    for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) y[i * r + j] = x[j * r + i];
    return relErrOf(y, x);
  };
  return Math.max(relErrOf(matmul(m, m, n, ap, a), a), relErrOf(matmul(n, n, m, pa, p), p), sym(m, ap), sym(n, pa));
}

describe('pinv from the bidiagonal reduction (pinv-bidiag)', () => {
  it('equals V·S⁻¹·Uᵀ of the SVD on square, tall and wide matrices (not QR-first), across reflector blocks', () => {
    const rng = new Lcg(31);
    for (const [m, n] of [
      [1, 1],
      [2, 2],
      [5, 4],
      [4, 5],
      [33, 33],
      [70, 40],
      [40, 70],
      [100, 100],
    ]) {
      const a = randomMatrix(rng, m, n);
      const b = viaBidiag(m, n, a);
      const d = viaSvd(m, n, a);
      const k = Math.min(m, n);
      for (let i = 0; i < k; i++) expect(Math.abs(b.s[i] - d.s[i])).toBeLessThanOrEqual(8 * k * EPS * d.s[0]);
      expect(b.invertible).toBe(true);
      expect(b.certified).toBe(true);
      const kappa = d.s[0] / d.s[k - 1];
      expect(relErrOf(b.p, d.p)).toBeLessThanOrEqual(1e-13 * kappa);
      expect(penrose(m, n, a, b.p)).toBeLessThanOrEqual(1e-13 * kappa);
    }
  });

  it('applies P to columns of B⁻¹ skipping its zeros, for any slab of columns, as the full product does', () => {
    const rng = new Lcg(34);
    for (const [m, n] of [
      [70, 70],
      [100, 64],
    ]) {
      const N = Math.min(m, n);
      const ws = createSvdWorkspace(m, n, { complex: false, computeUV: true, full: false });
      expect(svdRealBidiag(m, n, randomMatrix(rng, m, n), 0, ws)).toBe(0);
      const x = new Float64Array(N * N);
      bidiagInverseColumns(N, ws.d, ws.e, 0, N, x);
      const work = new Float64Array(ormbrWorkSize(N, N));
      applyPReal(N, ws.w, ws.taup, x, 0, N, work); // the dense product, no zeros skipped
      for (const [c0, cols] of [
        [0, N],
        [0, 20],
        [17, 33],
        [N - 5, 5],
      ]) {
        const y = new Float64Array(N * cols);
        bidiagInverseColumns(N, ws.d, ws.e, c0, cols, y);
        applyPReal(N, ws.w, ws.taup, y, 0, cols, work, new Float64Array(N * cols), c0);
        const ref = new Float64Array(N * cols);
        for (let r = 0; r < N; r++) ref.set(x.subarray(r * N + c0, r * N + c0 + cols), r * cols);
        expect(relErrOf(y, ref)).toBeLessThanOrEqual(4 * N * EPS);
      }
    }
  });

  it('keeps the Penrose identities on graded matrices (Kahan, σ from 1 to 1e-12), scaled by tiny and huge powers', () => {
    const rng = new Lcg(32);
    const kahan = kahanMatrix(60, 0.3);
    const graded = matrixWithSingularValues(
      rng,
      50,
      40,
      Array.from({ length: 40 }, (_, i) => 10 ** ((-12 * i) / 39)),
    );
    for (const [m, n, a] of [
      [60, 60, kahan],
      [50, 40, graded],
    ] as const) {
      const d = viaSvd(m, n, a);
      const kappa = d.s[0] / d.s[Math.min(m, n) - 1];
      const b = viaBidiag(m, n, a);
      expect(penrose(m, n, a, b.p)).toBeLessThanOrEqual(1e-12 * kappa);
      // Scaling by 2^±900 (./svd scales W back into range): P scales by the inverse power exactly up to rounding.
      for (const f of [2 ** 900, 2 ** -900]) {
        const bs = viaBidiag(
          m,
          n,
          a.map((x) => x * f),
        );
        expect(
          relErrOf(
            bs.p.map((x) => x * f),
            b.p,
          ),
        ).toBeLessThanOrEqual(1e-15 * kappa);
        expect(bs.s[0] / f / b.s[0]).toBeCloseTo(1, 14);
      }
    }
  });

  it('certifies only well inside the cutoff and the κ bound; refuses 1/σ_N beyond 2^1000 and singular B', () => {
    const rng = new Lcg(33);
    const n = 40;
    const sigma = Array.from({ length: n }, (_, i) => 2 ** (-i / (n - 1))); // κ = 2, ‖A‖_F ≈ 4.6
    const a = matrixWithSingularValues(rng, n, n, sigma);
    const ws = createSvdWorkspace(n, n, { complex: false, computeUV: true, full: false });
    const pw = createPinvBidiagWorkspace(n, n);
    expect(svdRealBidiag(n, n, a, 0, ws)).toBe(0);
    expect(pinvBidiagCertify(ws, pw, 0, 0, 1e3)).toBe(true);
    // ‖A⁻¹‖_F ≈ 9.4: σ_N = 0.5 is certified above atol = 0.05 but not above 0.1 (margin 2, Frobenius bounds).
    expect(pinvBidiagCertify(ws, pw, 0.05, 0, 1e3)).toBe(true);
    expect(pinvBidiagCertify(ws, pw, 0.1, 0, 1e3)).toBe(false);
    expect(pinvBidiagCertify(ws, pw, 0, 0.01, 1e3)).toBe(true);
    expect(pinvBidiagCertify(ws, pw, 0, 0.03, 1e3)).toBe(false);
    // κ_F = ‖A‖_F·‖A⁻¹‖_F ≈ 43 against the caller's bound.
    expect(pinvBidiagCertify(ws, pw, 0, 0, 30)).toBe(false);
    // Singular (a zero row): computed σ_N is O(eps·σ₁), below the default cutoff n·eps·σ₁ within the margin: not certified.
    const sing = a.slice();
    for (let j = 0; j < n; j++) sing[5 * n + j] = 0;
    expect(svdRealBidiag(n, n, sing, 0, ws)).toBe(0);
    expect(pinvBidiagCertify(ws, pw, 0, n * EPS, 1e30)).toBe(false);
    const s = new Float64Array(n);
    expect(pinvBidiagSigma(ws, pw, s, 0)).toBe(0);
    expect(s[n - 1]).toBeLessThanOrEqual(n * EPS * s[0]);
    // An exactly zero pivot: B⁻¹ is not finite, nothing certified even with cutoff 0.
    const zero = new Float64Array(n * n);
    for (let i = 1; i < n; i++) zero[i * n + i] = 1;
    expect(svdRealBidiag(n, n, zero, 0, ws)).toBe(0);
    expect(pinvBidiagCertify(ws, pw, 0, 0, Number.POSITIVE_INFINITY)).toBe(false);
    expect(pinvBidiagSigma(ws, pw, s, 0)).toBe(0);
    expect(pinvBidiagInvertible(pw)).toBe(false);
    // σ_N = 2^-1010 with σ₁ = 1 (no scaling of W applies): 1/σ_N is not formed here.
    const tiny = new Float64Array(4);
    tiny[0] = 1;
    tiny[3] = 2 ** -1010;
    const w2 = createSvdWorkspace(2, 2, { complex: false, computeUV: true, full: false });
    const p2 = createPinvBidiagWorkspace(2, 2);
    expect(svdRealBidiag(2, 2, tiny, 0, w2)).toBe(0);
    expect(pinvBidiagCertify(w2, p2, 0, 0, Number.POSITIVE_INFINITY)).toBe(false);
    expect(pinvBidiagSigma(w2, p2, new Float64Array(2), 0)).toBe(0);
    expect(pinvBidiagInvertible(p2)).toBe(false);
    expect(2 ** -1010 < MIN_SIGMA).toBe(true);
  });

  it('svdRealBidiag + svdRealFinish equal svdReal bitwise (bdsqr and divide-and-conquer sizes, tall and wide)', () => {
    const rng = new Lcg(34);
    for (const [m, n] of [
      [9, 7],
      [7, 9],
      [80, 64],
      [64, 80],
    ]) {
      const a = randomMatrix(rng, m, n);
      const k = Math.min(m, n);
      const run = (split: boolean) => {
        const ws = createSvdWorkspace(m, n, { complex: false, computeUV: true, full: false });
        const s = new Float64Array(k);
        const u = new Float64Array(m * k);
        const vh = new Float64Array(k * n);
        if (split) {
          expect(svdRealBidiag(m, n, a, 0, ws)).toBe(0);
          expect(svdRealFinish(s, 0, u, 0, vh, 0, ws)).toBe(0);
        } else expect(svdReal(m, n, a, 0, s, 0, u, 0, vh, 0, ws)).toBe(0);
        return [s, u, vh];
      };
      expect(run(true)).toEqual(run(false));
    }
    const ws = createSvdWorkspace(3, 3, { complex: false, computeUV: true, full: false });
    expect(svdRealBidiag(3, 3, new Float64Array(9).fill(Number.NaN), 0, ws)).toBe(-1);
    expect(() => svdRealBidiag(3, 2, new Float64Array(6), 0, ws)).toThrow(/svdRealBidiag/);
  });
});
