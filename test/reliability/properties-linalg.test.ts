/**
 * The docs/semantics.md §4.3 linalg properties where packages/linalg/src/properties.test.ts does not reach: that file draws
 * float64/complex128 matrices of at most 5×5; here the same identities run on sizes that take the divide-and-conquer
 * SVD (min(m, n) from 40 to 72) as well as small ones, on all four floating dtypes (float32 and complex64 are computed
 * in float64 and rounded), rank-deficient inputs, batches, and scales 1, 1e±300 and subnormal (1e-310):
 * the Penrose identities (≤ c·κ·eps, scale-invariant), pinv(pinv(A)) = A, pinv(Aᴴ) = pinv(A)ᴴ, and the reconstruction
 * and orthogonality of svd.
 */

import { frob } from '@tapegrad/testing/matrices';
import { components, seeded } from '@tapegrad/testing/tensors';
import fc from 'fast-check';
import { type DType, linalg, type Tensor, tensor } from 'tapegrad';
import { describe, expect, it } from 'vitest';

type FloatDType = 'float64' | 'complex128' | 'float32' | 'complex64';

interface Case {
  batch: number[];
  m: number;
  n: number;
  deficit: number;
  dtype: FloatDType;
  exponent: number;
  seed: number;
}

const sizeArb = fc.oneof(
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 8 }) },
  { weight: 1, arbitrary: fc.integer({ min: 40, max: 72 }) },
);
const caseArb: fc.Arbitrary<Case> = fc.record({
  batch: fc.constantFrom<number[]>([], [], [2]),
  m: sizeArb,
  n: sizeArb,
  deficit: fc.constantFrom(0, 0, 1, 5),
  dtype: fc.constantFrom<FloatDType>('float64', 'complex128', 'float32', 'complex64'),
  exponent: fc.constantFrom(0, 0, 300, -300, -310),
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
});

const single = (d: DType) => d === 'float32' || d === 'complex64';
const epsOf = (d: DType) => (single(d) ? 2 ** -23 : 2 ** -52);
/** The scale exponent, mapped into the single-precision range (±30, no subnormals) for float32 / complex64. */
const exponentOf = (c: Case) =>
  single(c.dtype) ? Math.sign(c.exponent) * Math.min(30, Math.abs(c.exponent)) : c.exponent;

interface Built {
  A: Tensor;
  /** σ₁/σ_r of the kept spectrum over the batch (from the float64 original). */
  kappa: number;
  rank: number;
}

/** A = B·C of rank min(m, n) − deficit (float64 or complex128), scaled, then cast to the case's dtype. */
function build(c: Case): Built {
  const wide = c.dtype === 'complex128' || c.dtype === 'complex64' ? 'complex128' : 'float64';
  const k = Math.min(c.m, c.n);
  const rank = Math.max(1, k - c.deficit);
  const B = seeded([...c.batch, c.m, rank], c.seed, wide);
  const C = seeded([...c.batch, rank, c.n], c.seed + 1, wide);
  const base = B.matmul(C);
  const s = components(linalg.svdvals(base));
  let kappa = 1;
  for (let t = 0; t < s.length / k; t++) kappa = Math.max(kappa, s[t * k] / s[t * k + rank - 1]);
  // a power-of-ten scale applied in two steps (1e-310 alone is subnormal: the entries become subnormal)
  const e = exponentOf(c);
  const A = base
    .mul(10 ** Math.trunc(e / 2))
    .mul(10 ** (e - Math.trunc(e / 2)))
    .to(c.dtype);
  return { A, kappa, rank };
}

/** Matrices of a batch as a list. */
function matrices(A: Tensor): Tensor[] {
  const [m, n] = A.shape.slice(-2);
  const flat = A.reshape([-1, m, n]);
  return Array.from({ length: flat.shape[0] }, (_, i) => flat.select(0, i));
}

/** A power of two near max|x| (exact scaling). */
function scaleOf(x: Tensor): number {
  const v = components(x);
  let best = 0;
  for (let i = 0; i < v.length; i++) best = Math.max(best, Math.abs(v[i]));
  return best === 0 ? 1 : 2 ** Math.floor(Math.log2(best));
}

function rel(x: Tensor, y: Tensor): number {
  const a = components(x);
  const b = components(y);
  const d = a.map((v, i) => v - b[i]);
  const den = frob(b);
  return den === 0 ? frob(d) : frob(d) / den;
}

/** Subnormal inputs carry fewer significant bits: their results are compared at the precision the input has. */
const inputPrecision = (c: Case) => (exponentOf(c) === -310 ? 2 ** -40 : 0);

describe('linalg properties on larger sizes, every floating dtype, extreme scales', () => {
  it('Penrose identities, pinv(pinv(A)) = A and pinv(Aᴴ) = pinv(A)ᴴ', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { A, kappa } = build(c);
        fc.pre(kappa < 1e5);
        const P = linalg.pinv(A);
        expect([...P.shape]).toEqual([...c.batch, c.n, c.m]);
        expect(P.dtype).toBe(A.dtype);
        if (components(P).some(Number.isNaN)) expect.fail(`NaN in pinv (${JSON.stringify(c)})`);
        // pinv(A·2^k) = pinv(A)·2^-k: is the pseudo-inverse itself within the float range?
        const k2 = -Math.log2(scaleOf(A));
        const reference = components(linalg.pinv(A.mul(2 ** Math.trunc(k2 / 2)).mul(2 ** (k2 - Math.trunc(k2 / 2)))));
        const log2Max = Math.log2(Math.max(...reference.map(Math.abs))) + k2;
        if (log2Max >= (single(c.dtype) ? 127.5 : 1023.5)) return; // beyond the range: ±Infinity is the rounding
        if (!components(P).every(Number.isFinite)) expect.fail(`non-finite pinv (${JSON.stringify(c)})`);
        const eps = epsOf(c.dtype);
        const tol = 50 * Math.max(c.m, c.n) * (eps + inputPrecision(c)) * kappa;
        const Ps = matrices(P);
        matrices(A).forEach((Ai, i) => {
          const a = scaleOf(Ai);
          const p = scaleOf(Ps[i]);
          const As = Ai.to(c.dtype.startsWith('complex') ? 'complex128' : 'float64').div(a);
          const Pi = Ps[i].to(As.dtype).div(p);
          const AP = As.matmul(Pi).mul(a * p);
          const PA = Pi.matmul(As).mul(a * p);
          expect(rel(AP.matmul(As), As)).toBeLessThanOrEqual(tol);
          expect(rel(PA.matmul(Pi), Pi)).toBeLessThanOrEqual(tol);
          expect(rel(AP, AP.mH)).toBeLessThanOrEqual(tol);
          expect(rel(PA, PA.mH)).toBeLessThanOrEqual(tol);
        });
        if (c.exponent !== 0) return; // the double pseudo-inverse of a 1e-300 matrix passes through 1e300 entries
        expect(rel(linalg.pinv(P), A)).toBeLessThanOrEqual(tol * kappa);
        expect(rel(linalg.pinv(A.mH), P.mH)).toBeLessThanOrEqual(tol);
      }),
      { seed: 9101, numRuns: 60 },
    );
  });

  it('svd: U·S·Vh = A, UᴴU = I, Vh·Vhᴴ = I, σ ≥ 0 descending (scale-invariant)', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), (c, fullMatrices) => {
        const { A } = build(c);
        const { U, S, Vh } = linalg.svd(A, { fullMatrices });
        const k = Math.min(c.m, c.n);
        const s = components(S);
        for (let i = 0; i < s.length; i++) {
          expect(s[i]).toBeGreaterThanOrEqual(0);
          if (i % k !== 0) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
        }
        const wide = c.dtype.startsWith('complex') ? 'complex128' : 'float64';
        const tol = 50 * Math.max(c.m, c.n) * (epsOf(c.dtype) + inputPrecision(c));
        const eye = (d: number) =>
          tensor(
            Float64Array.from({ length: d * d }, (_, i) => (i % (d + 1) === 0 ? 1 : 0)),
            { shape: [d, d] },
          ).to(wide);
        const Us = matrices(U.to(wide));
        const Vs = matrices(Vh.to(wide));
        const Ss = matrices(S.unsqueeze(-1).to(wide));
        matrices(A.to(wide)).forEach((Ai, i) => {
          const a = scaleOf(Ai);
          const Uk = Us[i].narrow(1, 0, k);
          const Vk = Vs[i].narrow(0, 0, k);
          const rec = Uk.mul(Ss[i].div(a).mT).matmul(Vk);
          expect(rel(rec, Ai.div(a))).toBeLessThanOrEqual(tol);
          expect(rel(Us[i].mH.matmul(Us[i]), eye(Us[i].shape[1]))).toBeLessThanOrEqual(tol);
          expect(rel(Vs[i].matmul(Vs[i].mH), eye(Vs[i].shape[0]))).toBeLessThanOrEqual(tol);
        });
      }),
      { seed: 9202, numRuns: 60 },
    );
  });
});
