import { frob, matmul, matmulComplex, orthogonalityError, randomMatrix } from '@tapegrad/testing/matrices';
import { Lcg } from '@tapegrad/testing/random';
import { describe, expect, it } from 'vitest';
import {
  gebrdComplex,
  gebrdPartSize,
  gebrdReal,
  orgbrPhComplex,
  orgbrPtReal,
  orgbrQtComplex,
  orgbrQtReal,
} from './bidiag';

const EPS = 2 ** -52;

/** Runs the reduction and both generators; returns Q (M×nq), B, Pᴴ (N×N) as dense matrices (complex interleaved). */
function reduce(M: number, N: number, a: Float64Array, complex: boolean, full: boolean) {
  const c = complex ? 2 : 1;
  const nq = full ? M : N;
  const w = a.slice();
  const d = new Float64Array(N);
  const e = new Float64Array(N);
  const tauq = new Float64Array(N * c);
  const taup = new Float64Array(N * c);
  const vbuf = new Float64Array(M * c);
  const work = new Float64Array(2 * M * c);
  const qt = new Float64Array(nq * M * c);
  const ph = new Float64Array(N * N * c);
  if (complex) {
    gebrdComplex(M, N, w, d, e, tauq, taup, vbuf, work);
    orgbrQtComplex(M, N, nq, w, tauq, qt, vbuf);
    orgbrPhComplex(N, w, taup, ph, vbuf);
  } else {
    gebrdReal(M, N, w, d, e, tauq, taup, vbuf, work, new Float64Array(gebrdPartSize(M, N)));
    orgbrQtReal(M, N, nq, w, tauq, qt, vbuf, work);
    orgbrPtReal(N, w, taup, ph, vbuf, work);
  }
  // Q = (Qᵀ)ᵀ
  const q = new Float64Array(M * nq * c);
  for (let i = 0; i < nq; i++) {
    for (let j = 0; j < M; j++) {
      for (let t = 0; t < c; t++) q[c * (j * nq + i) + t] = qt[c * (i * M + j) + t];
    }
  }
  // B as an nq×N matrix (zero rows below N).
  const b = new Float64Array(nq * N * c);
  for (let i = 0; i < N; i++) {
    b[c * (i * N + i)] = d[i];
    if (i + 1 < N) b[c * (i * N + i + 1)] = e[i];
  }
  return { q, b, ph, nq };
}

describe('bidiagonalization', () => {
  const shapes: [number, number][] = [
    [1, 1],
    [4, 1],
    [2, 2],
    [5, 5],
    [9, 4],
    [16, 16],
    [23, 11],
  ];
  for (const complex of [false, true]) {
    it(`${complex ? 'complex' : 'real'}: Q·B·Pᴴ = A with unitary Q (thin and full) and P`, () => {
      const rng = new Lcg(complex ? 6 : 5);
      for (const [M, N] of shapes) {
        const a = randomMatrix(rng, M, N, complex);
        for (const full of [false, true]) {
          const { q, b, ph, nq } = reduce(M, N, a, complex, full);
          const tol = 8 * EPS * M;
          expect(orthogonalityError(M, nq, q, complex, true)).toBeLessThanOrEqual(tol);
          expect(orthogonalityError(N, N, ph, complex, false)).toBeLessThanOrEqual(tol);
          const qb = complex ? matmulComplex(M, nq, N, q, b) : matmul(M, nq, N, q, b);
          const qbp = complex ? matmulComplex(M, N, N, qb, ph) : matmul(M, N, N, qb, ph);
          for (let i = 0; i < qbp.length; i++) qbp[i] -= a[i];
          expect(frob(qbp) / frob(a)).toBeLessThanOrEqual(tol);
        }
      }
    });
  }

  it('real: Q·B·Pᵀ = A across row chunks, with columns whose sum of squares is out of range or zero', () => {
    // Each step's Householder vector comes from the previous pass's chunked sum of squares unless that sum falls
    // outside the range where it is trusted: tiny entries (2^-500: squares 2^-1000), zero columns (rank deficiency).
    const rng = new Lcg(11);
    const tiny = randomMatrix(rng, 70, 40, false).map((x) => x * 2 ** -500);
    const gaps = randomMatrix(rng, 70, 40, false);
    for (let r = 0; r < 70; r++) for (let j = 10; j < 14; j++) gaps[r * 40 + j] = 0;
    const dup = randomMatrix(rng, 45, 33, false);
    for (let r = 0; r < 45; r++) dup[r * 33 + 32] = dup[r * 33 + 3];
    for (const [M, N, a] of [
      [70, 40, randomMatrix(rng, 70, 40, false)],
      [70, 40, tiny],
      [70, 40, gaps],
      [45, 33, dup],
    ] as const) {
      const { q, b, ph, nq } = reduce(M, N, a, false, false);
      const tol = 8 * EPS * M;
      expect(orthogonalityError(M, nq, q, false, true)).toBeLessThanOrEqual(tol);
      expect(orthogonalityError(N, N, ph, false, false)).toBeLessThanOrEqual(tol);
      const qbp = matmul(M, N, N, matmul(M, nq, N, q, b), ph);
      for (let i = 0; i < qbp.length; i++) qbp[i] -= a[i];
      expect(frob(qbp) / frob(a)).toBeLessThanOrEqual(tol);
    }
  });

  it('an already bidiagonal matrix passes through exactly', () => {
    const N = 5;
    const a = new Float64Array(N * N);
    for (let i = 0; i < N; i++) {
      a[i * N + i] = i + 1;
      if (i + 1 < N) a[i * N + i + 1] = 0.5 - i;
    }
    const w = a.slice();
    const d = new Float64Array(N);
    const e = new Float64Array(N);
    const part = new Float64Array(gebrdPartSize(N, N));
    gebrdReal(
      N,
      N,
      w,
      d,
      e,
      new Float64Array(N),
      new Float64Array(N),
      new Float64Array(N),
      new Float64Array(2 * N),
      part,
    );
    expect(Array.from(d)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(e.subarray(0, N - 1))).toEqual([0.5, -0.5, -1.5, -2.5]);
  });

  it('complex input yields a real bidiagonal whose |d| match the diagonal of a complex diagonal matrix', () => {
    const N = 4;
    const a = new Float64Array(2 * N * N);
    const mags = [3, 1, 4, 2];
    for (let i = 0; i < N; i++) {
      const phase = 0.7 * i + 0.3;
      a[2 * (i * N + i)] = mags[i] * Math.cos(phase);
      a[2 * (i * N + i) + 1] = mags[i] * Math.sin(phase);
    }
    const w = a.slice();
    const d = new Float64Array(N);
    const e = new Float64Array(N);
    const z = () => new Float64Array(4 * N);
    gebrdComplex(N, N, w, d, e, z(), z(), z(), z());
    for (let i = 0; i < N; i++) expect(Math.abs(d[i])).toBeCloseTo(mags[i], 14);
    for (let i = 0; i < N - 1; i++) expect(e[i]).toBe(0);
  });
});
