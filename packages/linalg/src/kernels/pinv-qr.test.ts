import { matmul, matrixWithSingularValues, randomMatrix, relErrOf } from '@tapegrad/testing/matrices';
import { Lcg } from '@tapegrad/testing/random';
import { describe, expect, it } from 'vitest';
import { createPinvQrWorkspace, KAPPA_MAX, pinvQrApply, pinvQrApplyCertified, pinvQrFactor } from './pinv-qr';
import { createSvdWorkspace, svdReal } from './svd';

const EPS = 2 ** -52;

/** pinv through the QR kernel keeping the first `rank` singular values (rank = min(m, n) when omitted). */
function viaQr(m: number, n: number, a: Float64Array, rank?: number): { s: Float64Array; p: Float64Array } {
  const k = Math.min(m, n);
  const ws = createPinvQrWorkspace(m, n);
  const s = new Float64Array(k + 2);
  expect(pinvQrFactor(m, n, a, 0, s, 2, ws)).toBe(0);
  const r = rank ?? k;
  const inv = new Float64Array(k);
  for (let l = 0; l < r; l++) inv[l] = 1 / s[2 + l];
  const p = new Float64Array(n * m + 5).fill(7);
  pinvQrApply(ws, inv, r, p, 5);
  expect(p.subarray(0, 5)).toEqual(new Float64Array(5).fill(7));
  return { s: s.subarray(2), p: p.subarray(5) };
}

/** V·diag(1/σ)·Uᵀ over the first `rank` triplets of the direct SVD (no QR first). */
function viaSvd(m: number, n: number, a: Float64Array, rank?: number): { s: Float64Array; p: Float64Array } {
  const k = Math.min(m, n);
  const ws = createSvdWorkspace(m, n, { complex: false, computeUV: true, full: false, qrFirst: false });
  const s = new Float64Array(k);
  const u = new Float64Array(m * k);
  const vh = new Float64Array(k * n);
  expect(svdReal(m, n, a, 0, s, 0, u, 0, vh, 0, ws)).toBe(0);
  const r = rank ?? k;
  const p = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let acc = 0;
      for (let l = 0; l < r; l++) acc += (vh[l * n + i] * u[j * k + l]) / s[l];
      p[i * m + j] = acc;
    }
  return { s, p };
}

describe('pinv through QR (pinvQrFactor / pinvQrApply)', () => {
  it('equals V·S⁻¹·Uᵀ of the direct SVD on tall and wide matrices, across QR panels and the D&C size', () => {
    const rng = new Lcg(21);
    for (const [m, n] of [
      [2, 1],
      [1, 2],
      [9, 4],
      [4, 9],
      [130, 40],
      [40, 130],
      [300, 70],
      [70, 300],
      [300, 130],
      [130, 300],
    ]) {
      const a = randomMatrix(rng, m, n);
      const q = viaQr(m, n, a);
      const d = viaSvd(m, n, a);
      for (let i = 0; i < q.s.length; i++) expect(Math.abs(q.s[i] - d.s[i])).toBeLessThanOrEqual(8 * m * n * EPS);
      expect(relErrOf(q.p, d.p)).toBeLessThanOrEqual(1e-12);
    }
  });

  it('satisfies the Penrose conditions at a kept rank below min(m, n) (rank-deficient tall and wide)', () => {
    const rng = new Lcg(22);
    for (const [m, n, graded] of [
      [100, 30, 1],
      [30, 100, 1],
      [100, 30, 0],
      [30, 100, 0],
    ]) {
      const k = Math.min(m, n);
      // Graded kept σ (the Q path), or a well-conditioned kept part (C = V_R·S⁻²·V_Rᵀ from the SVD of R).
      const sigma = Array.from({ length: k }, (_, i) => (i < 5 ? (graded ? 10 ** -i : 1 - i / 10) : 1e-17 * (k - i)));
      const a = matrixWithSingularValues(rng, m, n, sigma);
      const { s, p } = viaQr(m, n, a, 5);
      for (let i = 0; i < 5; i++) expect(Math.abs(s[i] - sigma[i]) / sigma[i]).toBeLessThanOrEqual(1e-12);
      expect(s[5]).toBeLessThanOrEqual(1e-15);
      // A·P·A = A and P·A·P = P at rank 5 (A's trailing σ are below 1e-15·σ₁), AP and PA symmetric.
      const ap = matmul(m, n, m, a, p);
      const pa = matmul(n, m, n, p, a);
      expect(relErrOf(matmul(m, m, n, ap, a), a)).toBeLessThanOrEqual(1e-10);
      expect(relErrOf(matmul(n, n, m, pa, p), p)).toBeLessThanOrEqual(1e-10);
      const apT = new Float64Array(m * m);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) apT[i * m + j] = ap[j * m + i];
      expect(relErrOf(apT, ap)).toBeLessThanOrEqual(1e-10);
      expect(relErrOf(viaSvd(m, n, a, 5).p, p)).toBeLessThanOrEqual(1e-9);
    }
  });

  it('forms the eigenvectors of G only at a kept rank below min(m, n) on the Gram path (well-conditioned A, large atol)', () => {
    const rng = new Lcg(25);
    for (const [m, n, rank] of [
      [100, 30, 29],
      [30, 100, 7],
      [160, 64, 1],
    ]) {
      const k = Math.min(m, n);
      // κ = 2 (the Gram path); the caller keeps `rank` of the k values, as an atol between σ_rank and σ_rank+1 does.
      const sigma = Array.from({ length: k }, (_, i) => 2 ** (-i / (k - 1)));
      const a = matrixWithSingularValues(rng, m, n, sigma);
      const full = viaQr(m, n, a);
      const { s, p } = viaQr(m, n, a, rank);
      for (let i = 0; i < k; i++) expect(Math.abs(s[i] - sigma[i])).toBeLessThanOrEqual(1e-14);
      expect(relErrOf(p, viaSvd(m, n, a, rank).p)).toBeLessThanOrEqual(1e-13);
      expect(relErrOf(full.p, viaSvd(m, n, a).p)).toBeLessThanOrEqual(1e-13);
      // Rank r: P·A is the orthogonal projector onto the first r right singular vectors (trace r, idempotent).
      const pa = matmul(n, m, n, p, a);
      let trace = 0;
      for (let i = 0; i < n; i++) trace += pa[i * n + i];
      expect(Math.abs(trace - rank)).toBeLessThanOrEqual(1e-12 * k);
      expect(relErrOf(matmul(n, n, n, pa, pa), pa)).toBeLessThanOrEqual(1e-13);
    }
  });

  it('keeps the Penrose identities and agrees with the direct SVD on both sides of KAPPA_MAX (normal-equations form)', () => {
    const rng = new Lcg(24);
    const transpose = (r: number, x: Float64Array) => {
      const y = new Float64Array(r * r);
      for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) y[i * r + j] = x[j * r + i];
      return y;
    };
    for (const [m, n] of [
      [96, 24],
      [24, 96],
      [120, 56],
    ]) {
      const k = Math.min(m, n);
      // Graded σ from 1 down to 1/κ: κ just inside the bound takes C·Aᵀ, just outside the Q path.
      for (const kappa of [KAPPA_MAX * 0.9, KAPPA_MAX * 1.1, 1e6]) {
        const sigma = Array.from({ length: k }, (_, i) => kappa ** (-i / (k - 1)));
        const a = matrixWithSingularValues(rng, m, n, sigma);
        const { s, p } = viaQr(m, n, a);
        // The Gram path (κ ≤ KAPPA_MAX) has σ to O(eps·κ²) relative, the QR path to O(eps·σ₁) absolute.
        for (let i = 0; i < k; i++) expect(Math.abs(s[i] - sigma[i])).toBeLessThanOrEqual(4 * kappa * EPS);
        const ap = matmul(m, n, m, a, p);
        const pa = matmul(n, m, n, p, a);
        // docs/semantics.md §4.1: ≤ 1e-12·κ; measured ≤ 6e-15·κ at κ = KAPPA_MAX.
        for (const res of [
          relErrOf(matmul(m, m, n, ap, a), a),
          relErrOf(matmul(n, n, m, pa, p), p),
          relErrOf(transpose(m, ap), ap),
          relErrOf(transpose(n, pa), pa),
        ])
          expect(res).toBeLessThanOrEqual(1e-13 * kappa);
        expect(relErrOf(p, viaSvd(m, n, a).p)).toBeLessThanOrEqual(1e-14 * kappa * kappa);
      }
    }
  });

  it('scales by powers of two exactly (tiny and huge entries), refuses NaN, reuses its workspace', () => {
    const rng = new Lcg(23);
    const [m, n] = [90, 20];
    // Column 0 scaled by 1e-3: κ > KAPPA_MAX, so every scale takes the QR path (entries beyond 2^±300 always do).
    const a = randomMatrix(rng, m, n).map((x, i) => (i % n === 0 ? x * 1e-3 : x));
    const base = viaQr(m, n, a);
    for (const e of [-1000, 700]) {
      const scaled = a.map((x) => x * 2 ** e);
      const q = viaQr(m, n, scaled);
      for (let i = 0; i < n; i++) expect(q.s[i]).toBe(base.s[i] * 2 ** e);
      const back = q.p.map((x) => x * 2 ** e);
      expect(relErrOf(back, base.p)).toBeLessThanOrEqual(1e-14);
    }
    // A well-conditioned matrix takes the Gram path in range (2^±200) and the QR path beyond: the same P and σ.
    const g = randomMatrix(rng, m, n);
    const gBase = viaQr(m, n, g);
    for (const e of [-1000, -200, 200, 700]) {
      const q = viaQr(
        m,
        n,
        g.map((x) => x * 2 ** e),
      );
      for (let i = 0; i < n; i++)
        expect(Math.abs(q.s[i] * 2 ** -e - gBase.s[i])).toBeLessThanOrEqual(1e-14 * gBase.s[0]);
      expect(
        relErrOf(
          q.p.map((x) => x * 2 ** e),
          gBase.p,
        ),
      ).toBeLessThanOrEqual(1e-14);
    }
    const ws = createPinvQrWorkspace(m, n);
    const bad = a.slice();
    bad[17] = Number.NaN;
    const s = new Float64Array(n).fill(3);
    expect(pinvQrFactor(m, n, bad, 0, s, 0, ws)).toBe(-1);
    expect(s).toEqual(new Float64Array(n).fill(3));
    expect(() => pinvQrFactor(n, m, a, 0, s, 0, ws)).toThrow(/workspace/);
  });

  it('certifies well-conditioned input on the Gram path without eigenvalues: bitwise the full-rank result, C = (WᵀW)⁻¹', () => {
    const rng = new Lcg(31);
    const geometric = (k: number, kappa: number) => Array.from({ length: k }, (_, i) => kappa ** (-i / (k - 1)));
    for (const [m, n, kappa] of [
      [9, 4, 3],
      [4, 9, 3],
      [130, 60, 8],
      [60, 130, 8],
      [200, 90, 6],
    ]) {
      const k = Math.min(m, n);
      const a = matrixWithSingularValues(rng, m, n, geometric(k, kappa));
      const ws = createPinvQrWorkspace(m, n);
      const s = new Float64Array(k);
      expect(pinvQrFactor(m, n, a, 0, s, 0, ws, { atol: 0, rtol: Math.max(m, n) * EPS })).toBe(0);
      expect(ws.certified, `${m}×${n}`).toBe(true);
      expect(s.every(Number.isNaN)).toBe(true);
      const p = new Float64Array(n * m + 4).fill(7);
      pinvQrApplyCertified(ws, p, 4);
      expect(p.subarray(0, 4)).toEqual(new Float64Array(4).fill(7));
      const c = ws.r.slice(0, k * k);
      const q = viaQr(m, n, a); // the Gram path through pinvQrFactor + pinvQrApply (no tolerances: σ computed)
      expect(Array.from(p.subarray(4))).toEqual(Array.from(q.p));
      expect(relErrOf(p.subarray(4), viaSvd(m, n, a).p)).toBeLessThan(100 * k * EPS * kappa * kappa);
      // C·(WᵀW) = I (W = A or Aᵀ).
      const g = m >= n ? matmul(n, m, n, transpose(m, n, a), a) : matmul(m, n, m, a, transpose(m, n, a));
      const cg = matmul(k, k, k, c, g);
      for (let i = 0; i < k; i++) cg[i * k + i] -= 1;
      expect(Math.max(...cg.map(Math.abs))).toBeLessThan(100 * k * EPS * kappa * kappa);
    }
  });

  it('does not certify κ near or above KAPPA_MAX, rank deficiency, a near cutoff or out-of-range entries', () => {
    const rng = new Lcg(32);
    const [m, n] = [40, 12];
    const geometric = (kappa: number) => Array.from({ length: n }, (_, i) => kappa ** (-i / (n - 1)));
    const good = matrixWithSingularValues(rng, m, n, geometric(4));
    const ws = createPinvQrWorkspace(m, n);
    const certifies = (a: Float64Array, atol = 0) => {
      const info = pinvQrFactor(m, n, a, 0, new Float64Array(n), 0, ws, { atol, rtol: m * EPS });
      return info === 0 && ws.certified;
    };
    expect(certifies(good)).toBe(true);
    const deficient = geometric(4);
    deficient[n - 1] = 0;
    const cases: [string, Float64Array, number?][] = [
      ['κ = KAPPA_MAX', matrixWithSingularValues(rng, m, n, geometric(KAPPA_MAX))],
      ['κ = 2·KAPPA_MAX', matrixWithSingularValues(rng, m, n, geometric(2 * KAPPA_MAX))],
      ['rank 11 of 12', matrixWithSingularValues(rng, m, n, deficient)],
      ['atol just below σ_n = 0.25', good, 0.24],
      ['entries 1e100', good.map((x) => x * 1e100)],
      ['entries 1e-100', good.map((x) => x * 1e-100)],
      ['zero', new Float64Array(m * n)],
    ];
    for (const [name, a, atol] of cases) expect(certifies(a, atol ?? 0), name).toBe(false);
    // Declined, the σ are computed as without tolerances (the Gram path or the QR path).
    const a = matrixWithSingularValues(rng, m, n, geometric(2 * KAPPA_MAX));
    const s = new Float64Array(n);
    expect(pinvQrFactor(m, n, a, 0, s, 0, ws, { atol: 0, rtol: m * EPS })).toBe(0);
    expect(relErrOf(s, viaQr(m, n, a).s)).toBe(0);
  });
});

function transpose(m: number, n: number, a: Float64Array): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
  return t;
}
