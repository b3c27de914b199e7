import { tensor } from '@tapegrad/core';
import { kahanMatrix, matmul, matrixWithSingularValues, randomMatrix, relErrOf } from '@tapegrad/testing/matrices';
import { Lcg } from '@tapegrad/testing/random';
import { describe, expect, it } from 'vitest';
import { pinv } from '../ops/pinv';
import { svdPinvBatch } from '../ops/pinv-batch';
import { svd } from '../ops/svd';
import { createPinvQrCertifiedWorkspace, pinvQrCertified, usesCertifiedQr } from './pinv-qr-certified';
import { usesQrFirst } from './svd';

const EPS = 2 ** -52;
/** The κ_F bound linalg.pinv passes for float64 (half of 1/√eps). */
const KAPPA_MAX = 1 / Math.sqrt(EPS) / 2;

/** pinvQrCertified with PyTorch's default tolerances (atol 0, rtol max(m, n)·eps); P or null. Checks the guard. */
function certified(m: number, n: number, a: Float64Array, atol = 0, rtol = Math.max(m, n) * EPS) {
  const p = new Float64Array(m * n + 3).fill(7);
  const ok = pinvQrCertified(createPinvQrCertifiedWorkspace(m, n), a, 0, p, 3, atol, rtol, KAPPA_MAX);
  expect(p.subarray(0, 3)).toEqual(new Float64Array(3).fill(7));
  if (!ok) expect(p.subarray(3)).toEqual(new Float64Array(m * n).fill(7)); // declined: nothing written
  return ok ? p.subarray(3) : null;
}

/** V·diag(1/σ)·Uᵀ over the σ > cut, through linalg.svd (the SVD route's definition of pinv): Vhᵀ times the rows Uᵀ/σ. */
function svdPinv(m: number, n: number, a: Float64Array, cut = 0): Float64Array {
  const k = Math.min(m, n);
  const r = svd(tensor(a, { dtype: 'float64', shape: [m, n] }), { fullMatrices: false });
  const [u, s, vh] = [r.U, r.S, r.Vh].map((x) => x.toTypedArray() as Float64Array);
  const scaledUt = Float64Array.from({ length: k * m }, (_, i) => {
    const l = Math.floor(i / m);
    return s[l] > cut ? u[(i % m) * k + l] / s[l] : 0;
  });
  const v = Float64Array.from({ length: n * k }, (_, i) => vh[(i % k) * n + Math.floor(i / k)]);
  return matmul(n, k, m, v, scaledUt);
}

/** max |P·A − I| (m ≥ n) or max |A·P − I| (m < n): the identity a full-rank pseudo-inverse satisfies. */
function inverseResidual(m: number, n: number, a: Float64Array, p: Float64Array): number {
  const k = Math.min(m, n);
  const g = m >= n ? matmul(n, m, n, p, a) : matmul(m, n, m, a, p);
  for (let i = 0; i < k; i++) g[i * k + i] -= 1;
  return Math.max(...g.map(Math.abs));
}

const geometric = (k: number, kappa: number) => Array.from({ length: k }, (_, i) => kappa ** (-i / Math.max(1, k - 1)));

describe('pinv of full-rank matrices from the QR factorization under a certificate (pinvQrCertified)', () => {
  it('equals the SVD pinv on square, tall and wide matrices, across QR panels and the triangular recursion', () => {
    const rng = new Lcg(11);
    // Not QR-first (m/n < 2); N from 2 to past 2·32 (the triangular inverse recurses above 32, geqrf panels of 32).
    const shapes: [number, number, number][] = [
      [2, 2, 3],
      [7, 5, 10],
      [5, 7, 10],
      [33, 33, 100],
      [90, 70, 1e3],
      [70, 90, 1e3],
      [100, 66, 30],
    ];
    for (const [m, n, kappa] of shapes) {
      expect(usesQrFirst(m, n, false)).toBe(false);
      expect(usesCertifiedQr(m, n)).toBe(true);
      const a = matrixWithSingularValues(rng, m, n, geometric(Math.min(m, n), kappa));
      const p = certified(m, n, a);
      expect(p, `${m}×${n}`).not.toBeNull();
      const tol = 20 * Math.max(m, n) * EPS * kappa;
      expect(relErrOf(p!, svdPinv(m, n, a)), `${m}×${n}`).toBeLessThan(tol);
      expect(inverseResidual(m, n, a, p!), `${m}×${n}`).toBeLessThan(tol);
    }
    // A Gaussian 150×130 (three levels of the triangular recursion, five QR panels).
    const [m, n] = [150, 130];
    const a = randomMatrix(rng, m, n);
    const s = svd(tensor(a, { dtype: 'float64', shape: [m, n] }), { fullMatrices: false }).S.toTypedArray();
    const p = certified(m, n, a);
    expect(p).not.toBeNull();
    const tol = 20 * m * EPS * (s[0] / s[n - 1]);
    expect(relErrOf(p!, svdPinv(m, n, a))).toBeLessThan(tol);
    expect(inverseResidual(m, n, a, p!)).toBeLessThan(tol);
  });

  it('is exact up to the power-of-two scaling for entries near the ends of the range', () => {
    const rng = new Lcg(12);
    const [m, n] = [40, 30];
    const a = matrixWithSingularValues(rng, m, n, geometric(n, 50));
    const p = certified(m, n, a)!;
    for (const f of [2 ** 700, 2 ** -700]) {
      const q = certified(
        m,
        n,
        a.map((x) => x * f),
      );
      expect(q).not.toBeNull();
      expect(
        relErrOf(
          q!.map((x) => x * f),
          p,
        ),
      ).toBeLessThan(1e-13);
    }
  });

  it('declines rank-deficient, ill-conditioned, near-cutoff, zero and non-finite input', () => {
    const rng = new Lcg(13);
    const [m, n] = [24, 20];
    const good = matrixWithSingularValues(rng, m, n, geometric(n, 10));
    expect(certified(m, n, good)).not.toBeNull();
    const deficient = geometric(n, 10);
    deficient[n - 1] = 0;
    const cases: [string, Float64Array, number?][] = [
      ['rank 19 of 20', matrixWithSingularValues(rng, m, n, deficient)],
      ['κ = 1e12', matrixWithSingularValues(rng, m, n, geometric(n, 1e12))],
      ['atol just below σ_n = 0.1', good, 0.099],
      ['zero', new Float64Array(m * n)],
      ['a NaN', good.map((x, i) => (i === 5 ? Number.NaN : x))],
      ['an Infinity', good.map((x, i) => (i === 9 ? Number.NEGATIVE_INFINITY : x))],
    ];
    for (const [name, a, atol] of cases) expect(certified(m, n, a, atol ?? 0), name).toBeNull();
  });

  it('keeps graded and Kahan matrices as accurate as the SVD route (P·A = I to eps·κ)', () => {
    const rng = new Lcg(14);
    const mats: [string, number, number, Float64Array][] = [];
    // Columns graded over six decades, tall and wide (κ ~ 1e6).
    const g = randomMatrix(rng, 60, 45).map((x, i) => x * 10 ** ((-6 * (i % 45)) / 45));
    mats.push(['graded columns 60×45', 60, 45, g]);
    const h = randomMatrix(rng, 45, 60).map((x, i) => x * 10 ** ((-6 * Math.floor(i / 60)) / 45));
    mats.push(['graded rows 45×60', 45, 60, h]);
    mats.push(['Kahan 40, c = 0.2', 40, 40, kahanMatrix(40, 0.2)]);
    for (const [name, m, n, a] of mats) {
      const ref = svdPinv(m, n, a);
      const p = certified(m, n, a);
      expect(p, name).not.toBeNull();
      const { S } = svd(tensor(a, { dtype: 'float64', shape: [m, n] }), { fullMatrices: false });
      const s = S.toTypedArray() as Float64Array;
      const kappa = s[0] / s[s.length - 1];
      expect(kappa, name).toBeGreaterThan(100);
      expect(relErrOf(p!, ref), name).toBeLessThan(50 * Math.max(m, n) * EPS * kappa);
      expect(inverseResidual(m, n, a, p!), name).toBeLessThan(50 * Math.max(m, n) * EPS * kappa);
    }
  });

  it('in linalg.pinv: a batch mixing certified and declined matrices equals the SVD pinv of each, marked by NaN', () => {
    const rng = new Lcg(15);
    const [m, n] = [9, 7];
    const kappas = [5, 1e4, 1e8, 300];
    const mats = [
      matrixWithSingularValues(rng, m, n, geometric(n, kappas[0])), // certified
      matrixWithSingularValues(rng, m, n, [1, 0.5, 0.2, 0.1, 1e-4, 0, 0]), // rank 5: SVD
      matrixWithSingularValues(rng, m, n, geometric(n, kappas[2])), // κ_F above the bound: SVD
      matrixWithSingularValues(rng, m, n, geometric(n, kappas[3])), // certified
    ];
    const data = new Float64Array(4 * m * n);
    for (const [t, a] of mats.entries()) data.set(a, t * m * n);
    const P = pinv(tensor(data, { dtype: 'float64', shape: [4, m, n] })).toTypedArray() as Float64Array;
    mats.forEach((a, t) => {
      const ref = svdPinv(m, n, a, m * EPS);
      const tol = 100 * m * EPS * kappas[t];
      expect(relErrOf(P.subarray(t * m * n, (t + 1) * m * n), ref), `matrix ${t}`).toBeLessThan(tol);
    });
    const S = new Float64Array(4 * n);
    const cutoff = new Float64Array(4);
    const ins = [data, new Float64Array(4), new Float64Array(4).fill(m * EPS)];
    const params = { m, n, complex: false, bidiagKappaMax: KAPPA_MAX };
    expect(svdPinvBatch(params, 4, ins, [S, new Float64Array(4 * m * n), cutoff])).toBe(0);
    expect(Array.from(cutoff, Number.isNaN)).toEqual([true, false, false, true]);
    expect(Number.isNaN(S[0]) && !Number.isNaN(S[n])).toBe(true);
  });

  it('in linalg.pinv: the gradient on the certified path matches central differences', () => {
    const rng = new Lcg(16);
    const [m, n] = [6, 5];
    const a = matrixWithSingularValues(rng, m, n, geometric(n, 4));
    const gOut = randomMatrix(rng, n, m);
    const loss = (x: Float64Array) => {
      const p = pinv(tensor(x, { dtype: 'float64', shape: [m, n] })).toTypedArray() as Float64Array;
      return p.reduce((s, v, i) => s + v * gOut[i], 0);
    };
    const A = tensor(a, { dtype: 'float64', shape: [m, n], requiresGrad: true });
    pinv(A).backward(tensor(gOut, { dtype: 'float64', shape: [n, m] }));
    const grad = A.grad!.toTypedArray() as Float64Array;
    const h = 1e-6;
    for (const i of [0, 7, 29]) {
      const up = a.slice();
      const dn = a.slice();
      up[i] += h;
      dn[i] -= h;
      expect(Math.abs(grad[i] - (loss(up) - loss(dn)) / (2 * h))).toBeLessThan(1e-7 * (1 + Math.abs(grad[i])));
    }
  });
});
