import { tensor } from '@tapegrad/core';
import { warningCodes } from '@tapegrad/testing/linalg';
import { matmul, matrixWithSingularValues, randomMatrix, relErrOf } from '@tapegrad/testing/matrices';
import { Lcg } from '@tapegrad/testing/random';
import { describe, expect, it } from 'vitest';
import { pinv } from '../ops/pinv';
import { svdPinvBatch } from '../ops/pinv-batch';
import { svd } from '../ops/svd';
import { createPinvLuWorkspace, LU_KAPPA_MAX, LU_PINV_MAX, pinvLuCertified } from './pinv-lu';

const EPS = 2 ** -52;

/** pinvLuCertified with PyTorch's default tolerances (atol 0, rtol n·eps); the inverse or null. */
function certified(n: number, a: Float64Array, atol = 0, rtol = n * EPS): Float64Array | null {
  const p = new Float64Array(n * n + 3).fill(7);
  const ok = pinvLuCertified(n, a, 0, atol, rtol, LU_KAPPA_MAX, p, 3, createPinvLuWorkspace(n));
  expect(p.subarray(0, 3)).toEqual(new Float64Array(3).fill(7));
  return ok ? p.subarray(3) : null;
}

/** V·diag(1/σ)·Uᵀ over the σ > cutoff, through linalg.svd (the SVD path's definition of pinv). */
function svdPinv(n: number, a: Float64Array, cut = 0): Float64Array {
  const { U, S, Vh } = svd(tensor(a, { dtype: 'float64', shape: [n, n] }), { fullMatrices: false });
  const u = U.toTypedArray() as Float64Array;
  const s = S.toTypedArray() as Float64Array;
  const vh = Vh.toTypedArray() as Float64Array;
  const p = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      for (let l = 0; l < n; l++) if (s[l] > cut) p[i * n + j] += (vh[l * n + i] * u[j * n + l]) / s[l];
  return p;
}

const geometric = (k: number, kappa: number) => Array.from({ length: k }, (_, i) => kappa ** (-i / Math.max(1, k - 1)));

describe('pinv of small square matrices by LU under a full-rank certificate (pinvLuCertified)', () => {
  it('equals the SVD pinv and inverts A for well-conditioned matrices up to LU_PINV_MAX', () => {
    const rng = new Lcg(5);
    const kappas = [1, 3, 10, 100, 50, 100];
    for (const [c, n] of [1, 2, 8, 8, 17, LU_PINV_MAX].entries()) {
      const kappa = kappas[c];
      const a = matrixWithSingularValues(rng, n, n, geometric(n, kappa));
      const p = certified(n, a);
      expect(p).not.toBeNull();
      expect(relErrOf(p!, svdPinv(n, a))).toBeLessThan(20 * n * EPS * kappa);
      const pa = matmul(n, n, n, p!, a);
      for (let i = 0; i < n; i++) pa[i * n + i] -= 1;
      expect(Math.max(...pa.map(Math.abs))).toBeLessThan(20 * n * EPS * kappa);
    }
  });

  it('declines singular, ill-conditioned, graded, near-cutoff, out-of-range and non-finite input', () => {
    const rng = new Lcg(6);
    const n = 8;
    const wellConditioned = matrixWithSingularValues(rng, n, n, geometric(n, 10));
    expect(certified(n, wellConditioned)).not.toBeNull();
    const cases: [string, Float64Array, number?][] = [
      ['exactly singular (a zero column)', wellConditioned.map((x, i) => (i % n === 3 ? 0 : x))],
      ['rank 6 of 8', matrixWithSingularValues(rng, n, n, [1, 1, 1, 1, 1, 1, 0, 0])],
      ['κ = 10·LU_KAPPA_MAX', matrixWithSingularValues(rng, n, n, geometric(n, 10 * LU_KAPPA_MAX))],
      ['graded rows 10^-i', randomMatrix(rng, n, n).map((x, i) => x * 10 ** -Math.floor(i / n))],
      ['atol just below σ_n = 0.1', matrixWithSingularValues(rng, n, n, geometric(n, 10)), 0.099],
      ['entries 1e300', wellConditioned.map((x) => x * 1e300)],
      ['entries 1e-300', wellConditioned.map((x) => x * 1e-300)],
      ['a NaN', wellConditioned.map((x, i) => (i === 5 ? Number.NaN : x))],
      ['an Infinity', wellConditioned.map((x, i) => (i === 9 ? Number.POSITIVE_INFINITY : x))],
    ];
    for (const [name, a, atol] of cases) expect(certified(n, a, atol ?? 0), name).toBeNull();
    // The certificate is sufficient, not necessary: far from the cutoff, atol does not matter.
    expect(certified(n, wellConditioned, 0.01)).not.toBeNull();
  });

  it('in linalg.pinv: a batch mixing certified and declined matrices equals the SVD pinv of each', () => {
    const rng = new Lcg(7);
    const n = 6;
    const mats = [
      matrixWithSingularValues(rng, n, n, geometric(n, 5)), // LU
      matrixWithSingularValues(rng, n, n, [1, 0.5, 0.2, 0.1, 0, 0]), // rank 4: SVD
      matrixWithSingularValues(rng, n, n, geometric(n, 1e6)), // ill-conditioned: SVD
      matrixWithSingularValues(rng, n, n, geometric(n, 30)), // LU
    ];
    const data = new Float64Array(4 * n * n);
    for (const [t, a] of mats.entries()) data.set(a, t * n * n);
    const P = pinv(tensor(data, { dtype: 'float64', shape: [4, n, n] })).toTypedArray() as Float64Array;
    mats.forEach((a, t) => {
      const ref = svdPinv(n, a, n * EPS);
      expect(relErrOf(P.subarray(t * n * n, (t + 1) * n * n), ref), `matrix ${t}`).toBeLessThan(1e-9);
    });
    // The kernel marks the certified ones by NaN in S and the cutoff, and only those.
    const S = new Float64Array(4 * n);
    const cutoff = new Float64Array(4);
    const ins = [data, new Float64Array(4), new Float64Array(4).fill(n * EPS)];
    const params = { m: n, n, complex: false, luKappaMax: LU_KAPPA_MAX };
    expect(svdPinvBatch(params, 4, ins, [S, new Float64Array(4 * n * n), cutoff])).toBe(0);
    expect(Array.from(cutoff, Number.isNaN)).toEqual([true, false, false, true]);
    expect(Number.isNaN(S[0]) && Number.isNaN(S[n - 1]) && !Number.isNaN(S[n])).toBe(true);
  });

  it("float32 keeps its ill-conditioning warning: κ between float32's limit (2.9e3) and LU_KAPPA_MAX takes the SVD", () => {
    const n = 8;
    const a = matrixWithSingularValues(new Lcg(8), n, n, geometric(n, 5e3));
    expect(certified(n, a)).not.toBeNull(); // float64 would take the LU path
    const A = tensor(Float32Array.from(a), { dtype: 'float32', shape: [n, n], requiresGrad: true });
    const codes = warningCodes(() => pinv(A).backward(tensor(new Float32Array(n * n).fill(1), { shape: [n, n] })));
    expect(codes).toEqual(['TAPEGRAD_PINV_UNSTABLE']);
  });
});
