/**
 * Property tests (fast-check, fixed seeds) over random shapes — 0-sized, 1×n, n×1, batched — real and complex,
 * exactly rank-deficient inputs (A = B·C) and scales 1e±300 (docs/semantics.md §4.1, §4.3): the Penrose identities,
 * pinv(pinv(A)) = A, pinv(Aᴴ) = pinv(A)ᴴ, hermitian pinv, svd reconstruction and orthogonality, singular values
 * accurate to ~eps·σ₁, matrixRank, eigh orthogonality and reconstruction.
 */
import { grad } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { diagEmbed, eye, tensor, warnings } from '@tapegrad/core';
import { penroseResiduals, quiet } from '@tapegrad/testing/linalg';
import { frob } from '@tapegrad/testing/matrices';
import { components, maxAbs, randomTensor, relErr } from '@tapegrad/testing/tensors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pinvJvp } from './derivations/pinv';
import { eigh, eigvalsh } from './ops/eigh';
import { pinv } from './ops/pinv';
import { matrixRank } from './ops/rank';
import { svd, svdvals } from './ops/svd';

const EPS = 2 ** -52;
const RUNS = 150;

interface Case {
  batch: number[];
  m: number;
  n: number;
  /** How many of the min(m, n) singular values are exactly zero (A = B·C with inner dimension r). */
  deficit: number;
  complex: boolean;
  exponent: number;
  seed: number;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  batch: fc.constantFrom<number[]>([], [], [1], [2], [0], [2, 1]),
  m: fc.integer({ min: 0, max: 5 }),
  n: fc.integer({ min: 0, max: 5 }),
  deficit: fc.constantFrom(0, 0, 1, 2),
  complex: fc.boolean(),
  exponent: fc.oneof(fc.constantFrom(0, 0, 300, -300, 150, -150), fc.integer({ min: -300, max: 300 })),
  seed: fc.integer({ min: 1, max: 0x7fffffff }),
});

interface Built {
  A: Tensor;
  rank: number;
  scale: number;
  /** σ₁/σ_r over the kept spectrum of each matrix (1 when rank 0), from a separate computation. */
  kappa: number;
}

function build(c: Case): Built {
  const dtype = c.complex ? 'complex128' : 'float64';
  const k = Math.min(c.m, c.n);
  const rank = Math.max(0, k - c.deficit);
  const scale = 10 ** c.exponent;
  const base =
    rank === k
      ? randomTensor([...c.batch, c.m, c.n], dtype, c.seed)
      : randomTensor([...c.batch, c.m, rank], dtype, c.seed).matmul(
          randomTensor([...c.batch, rank, c.n], dtype, c.seed + 1),
        );
  // κ of the unscaled matrix (scaling by a power of ten does not change it beyond rounding).
  let kappa = 1;
  if (rank > 0) {
    const s = components(svdvals(base));
    for (let t = 0; t < s.length / k; t++) kappa = Math.max(kappa, s[t * k] / s[t * k + rank - 1]);
  }
  return { A: base.mul(scale), rank, scale, kappa };
}

/** Splits a batch into its matrices (none for an empty batch). */
function matrices(A: Tensor): Tensor[] {
  const count = A.shape.slice(0, -2).reduce((a, b) => a * b, 1);
  const flat = A.reshape([count, A.shape[A.ndim - 2], A.shape[A.ndim - 1]]);
  return Array.from({ length: flat.shape[0] }, (_, i) => flat.select(0, i));
}

const WELL_CONDITIONED = 1e6;

describe('pinv properties', () => {
  it('result shape (*, n, m) and dtype; the four Penrose identities (≤ 1e-12·κ, scale-invariant)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { A, kappa } = build(c);
        fc.pre(kappa <= WELL_CONDITIONED);
        const P = pinv(A);
        expect([...P.shape]).toEqual([...c.batch, c.n, c.m]);
        expect(P.dtype).toBe(A.dtype);
        expect(components(P).every(Number.isFinite)).toBe(true);
        for (const [Ai, Pi] of matrices(A).map((Ai, i) => [Ai, matrices(P)[i]] as const)) {
          const res = penroseResiduals(Ai, Pi);
          expect(Math.max(...res)).toBeLessThanOrEqual(1e-12 * kappa);
        }
      }),
      { seed: 20240601, numRuns: RUNS },
    );
  });

  it('pinv(pinv(A)) = A and matrixRank(A) = rank, including rank-deficient inputs', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { A, rank, kappa } = build(c);
        fc.pre(kappa <= WELL_CONDITIONED);
        const r = components(matrixRank(A));
        expect(r.every((v) => v === rank)).toBe(true);
        const PP = pinv(pinv(A));
        if (A.size === 0) return;
        expect(relErr(PP, A)).toBeLessThanOrEqual(1e-12 * kappa * kappa);
      }),
      { seed: 777, numRuns: RUNS },
    );
  });

  it('pinv(Aᴴ) = pinv(A)ᴴ', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { A, kappa } = build(c);
        fc.pre(kappa <= WELL_CONDITIONED);
        const lhs = pinv(A.mH);
        const rhs = pinv(A).mH;
        expect([...lhs.shape]).toEqual([...rhs.shape]);
        if (A.size === 0) return;
        expect(relErr(lhs, rhs)).toBeLessThanOrEqual(1e-12 * kappa);
      }),
      { seed: 4242, numRuns: RUNS },
    );
  });

  it('hermitian pinv of H = X·Xᴴ·s (PSD, possibly rank-deficient) or X + Xᴴ (indefinite) equals the SVD pinv', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), (c, psd) => {
        const dtype = c.complex ? 'complex128' : 'float64';
        const n = c.n;
        const rank = Math.max(0, n - c.deficit);
        const X = randomTensor([...c.batch, n, psd ? rank : n], dtype, c.seed);
        const H = (psd ? X.matmul(X.mH) : X.add(X.mH)).mul(10 ** c.exponent);
        const values = components(eigvalsh(H.div(10 ** c.exponent))).map(Math.abs);
        const kept = values.filter((v) => v > 1e-10 * Math.max(...values, 0));
        const kappa = kept.length === 0 ? 1 : Math.max(...kept) / Math.min(...kept);
        fc.pre(kappa <= WELL_CONDITIONED);
        const Ph = pinv(H, { hermitian: true });
        expect([...Ph.shape]).toEqual([...c.batch, n, n]);
        if (H.size === 0) return;
        expect(relErr(Ph, pinv(H))).toBeLessThanOrEqual(1e-12 * kappa);
      }),
      { seed: 99, numRuns: RUNS },
    );
  });
});

/** A and a direction U tangent to its rank (A = B·C, U = dB·C + B·dC when rank-deficient). */
function withTangent(c: Case): { A: Tensor; U: Tensor; kappa: number; rank: number } {
  const dtype = c.complex ? 'complex128' : 'float64';
  const k = Math.min(c.m, c.n);
  const rank = Math.max(0, k - c.deficit);
  const scale = 10 ** Math.max(-100, Math.min(100, c.exponent));
  const r = (shape: number[], seed: number) => randomTensor([...c.batch, ...shape], dtype, seed, { scale });
  const B = r([c.m, rank], c.seed);
  const C = r([rank, c.n], c.seed + 1).div(scale);
  const A = rank === k ? r([c.m, c.n], c.seed + 2) : B.matmul(C);
  const U =
    rank === k
      ? r([c.m, c.n], c.seed + 3)
      : r([c.m, rank], c.seed + 4)
          .matmul(C)
          .add(B.matmul(r([rank, c.n], c.seed + 5).div(scale)));
  let kappa = 1;
  if (rank > 0) {
    const s = components(svdvals(A.div(scale)));
    for (let t = 0; t < s.length / k; t++) kappa = Math.max(kappa, s[t * k] / s[t * k + rank - 1]);
  }
  return { A, U, kappa, rank };
}

/** Re⟨x, y⟩ over real components. */
function inner(x: Tensor, y: Tensor): number {
  const a = components(x);
  const b = components(y);
  return a.reduce((t, v, i) => t + v * b[i], 0);
}

describe('pinv derivative properties', () => {
  it('⟨v, J u⟩ = ⟨Jᵀ v, u⟩: pinvJvp is the adjoint of the backward, on every shape and rank', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { A, U, kappa } = withTangent(c);
        fc.pre(kappa <= 1e4);
        const Ag = A.detach().requiresGrad_(true);
        const P = pinv(Ag);
        const v = randomTensor([...P.shape], P.dtype, c.seed + 9);
        const [JTv] = quiet(() => grad(P, [Ag], { gradOutputs: v }));
        expect([...JTv!.shape]).toEqual([...A.shape]);
        const Ju = pinvJvp(A, P.detach(), U);
        expect([...Ju.shape]).toEqual([...P.shape]);
        const lhs = inner(v, Ju);
        const rhs = inner(JTv!, U);
        const size = Math.sqrt(inner(v, v) * inner(Ju, Ju)) + Math.sqrt(inner(JTv!, JTv!) * inner(U, U));
        expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-13 * kappa * kappa * size + Number.MIN_VALUE);
      }),
      { seed: 5150, numRuns: RUNS },
    );
  });

  it('no instability warning for well-conditioned or exactly rank-deficient inputs, double backward included', () => {
    const small = caseArb.map((c) => ({ ...c, m: Math.min(c.m, 4), n: Math.min(c.n, 4), exponent: c.exponent % 50 }));
    fc.assert(
      fc.property(small, (c) => {
        const { A, kappa, rank } = withTangent(c);
        // (rank 0 is the zero matrix, where the cutoff is 0 too: that warns, see warnings.test.ts)
        fc.pre(kappa <= 1e3 && rank > 0);
        const Ag = A.detach().requiresGrad_(true);
        const rec = warnings.record(() => {
          const [gA] = grad(pinv(Ag).abs().sum(), [Ag], { createGraph: true });
          if (gA!.requiresGrad) grad(gA!.abs().sum(), [Ag], { allowUnused: true });
        });
        expect(rec.warnings).toEqual([]);
      }),
      { seed: 6021, numRuns: 60 },
    );
  });
});

describe('svd properties', () => {
  it('reconstruction and orthogonality of U and Vh (reduced and full), S ≥ 0 descending', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), (c, fullMatrices) => {
        const { A } = build(c);
        const { U, S, Vh } = svd(A, { fullMatrices });
        const k = Math.min(c.m, c.n);
        const dtype = A.dtype === 'complex128' ? 'complex128' : 'float64';
        const uCols = fullMatrices ? c.m : k;
        const vRows = fullMatrices ? c.n : k;
        expect([...U.shape]).toEqual([...c.batch, c.m, uCols]);
        expect([...S.shape]).toEqual([...c.batch, k]);
        expect([...Vh.shape]).toEqual([...c.batch, vRows, c.n]);
        const s = components(S);
        for (let i = 0; i < s.length; i++) {
          expect(s[i]).toBeGreaterThanOrEqual(0);
          if (i % k !== 0) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
        }
        const tol = 10 * EPS * Math.max(c.m, c.n, 1);
        const I = (d: number) => eye(d, { dtype }).expand([...c.batch, d, d]);
        if (U.size > 0) expect(relErr(U.mH.matmul(U), I(uCols))).toBeLessThanOrEqual(tol);
        if (Vh.size > 0) expect(relErr(Vh.matmul(Vh.mH), I(vRows))).toBeLessThanOrEqual(tol);
        if (A.size === 0) return;
        // U S Vh = A, scale-invariantly (S divided by the largest |entry| of A first)
        const a = maxAbs(A) || 1;
        const rec = U.narrow(-1, 0, k)
          .matmul(diagEmbed(S.div(a)).to(dtype))
          .matmul(Vh.narrow(-2, 0, k));
        expect(relErr(rec, A.div(a))).toBeLessThanOrEqual(tol);
      }),
      { seed: 31337, numRuns: RUNS },
    );
  });

  it('Σσ² = ‖A‖²_F and σ(A) = σ(Aᴴ) = σ(row-permuted A) to ~eps·σ₁', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { A } = build(c);
        const k = Math.min(c.m, c.n);
        if (A.size === 0 || k === 0) return;
        for (const Ai of matrices(A)) {
          const a = maxAbs(Ai) || 1;
          const s = components(svdvals(Ai));
          const fro = frob(components(Ai));
          const sum = s.reduce((t, v) => t + (v / a) ** 2, 0);
          expect(Math.abs(sum - (fro / a) ** 2)).toBeLessThanOrEqual(20 * EPS * Math.max(c.m, c.n) * (fro / a) ** 2);
          const others = [svdvals(Ai.mH), svdvals(Ai.flip(0))];
          for (const o of others) {
            const so = components(o);
            for (let i = 0; i < k; i++) expect(Math.abs(so[i] - s[i])).toBeLessThanOrEqual(20 * EPS * k * s[0]);
          }
        }
      }),
      { seed: 2718, numRuns: RUNS },
    );
  });

  it('known spectra: signed (complex: phased) permutations of diag(σ) give σ exactly to ~eps·σ₁', () => {
    const spectrumArb = fc.record({
      sigmas: fc.array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(0)), {
        minLength: 1,
        maxLength: 5,
      }),
      extraRows: fc.integer({ min: 0, max: 2 }),
      exponent: fc.integer({ min: -300, max: 300 }),
      complex: fc.boolean(),
      seed: fc.integer({ min: 1, max: 1000 }),
    });
    fc.assert(
      fc.property(spectrumArb, ({ sigmas, extraRows, exponent, complex, seed }) => {
        const k = sigmas.length;
        const m = k + extraRows;
        const scale = 10 ** exponent;
        // rows permuted by a seeded rotation, columns reversed, signs/phases from the seed
        const rows: { re: number; im: number }[][] = Array.from({ length: m }, () =>
          Array.from({ length: k }, () => ({ re: 0, im: 0 })),
        );
        for (let j = 0; j < k; j++) {
          const i = (j + seed) % m;
          const theta = complex ? (seed * (j + 1)) % 7 : (seed + j) % 2 === 0 ? 0 : Math.PI;
          const v = sigmas[j] * scale;
          rows[i][k - 1 - j] = { re: v * Math.cos(theta), im: complex ? v * Math.sin(theta) : 0 };
        }
        const A = tensor(rows, { dtype: complex ? 'complex128' : 'float64' });
        const got = components(svdvals(A));
        const want = [...sigmas].map((s) => s * scale).sort((x, y) => y - x);
        // (plus a few units of the subnormal spacing, the absolute resolution there)
        for (let i = 0; i < k; i++) {
          expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(4 * EPS * want[0] + 4 * Number.MIN_VALUE);
        }
      }),
      { seed: 1618, numRuns: RUNS },
    );
  });
});

describe('eigh properties', () => {
  it('eigenvectors orthonormal, V Λ Vᴴ = A, eigenvalues ascending, all scales and shapes', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const dtype = c.complex ? 'complex128' : 'float64';
        const X = randomTensor([...c.batch, c.n, c.n], dtype, c.seed);
        const A = X.add(X.mH).mul(10 ** c.exponent);
        const { eigenvalues: L, eigenvectors: V } = eigh(A);
        expect([...L.shape]).toEqual([...c.batch, c.n]);
        if (A.size === 0) return;
        const l = components(L);
        for (let i = 0; i < l.length; i++) if (i % c.n !== 0) expect(l[i]).toBeGreaterThanOrEqual(l[i - 1]);
        const tol = 20 * EPS * c.n;
        expect(relErr(V.mH.matmul(V), eye(c.n, { dtype }).expand([...c.batch, c.n, c.n]))).toBeLessThanOrEqual(tol);
        const a = maxAbs(A) || 1;
        const rec = V.mul(L.div(a).to(dtype).unsqueeze(-2)).matmul(V.mH);
        expect(relErr(rec, A.div(a))).toBeLessThanOrEqual(tol);
      }),
      { seed: 8080, numRuns: RUNS },
    );
  });
});
