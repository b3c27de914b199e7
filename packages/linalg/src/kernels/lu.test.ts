import { matmul, matmulComplex } from '@tapegrad/testing/matrices';
import { signedLcg } from '@tapegrad/testing/random';
import { lusolve, inv as mathInv } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { luFactorComplex, luFactorReal, luInverseComplex, luInverseReal, luSolveComplex, luSolveReal } from './lu';

const EPS = 2.220446049250313e-16;

function randomMatrix(len: number, rand: () => number): Float64Array {
  return Float64Array.from({ length: len }, rand);
}

/** ‖P·A − L·U‖_F / ‖A‖_F, with P applied from the pivot sequence (real storage). */
function factorResidual(n: number, a: Float64Array, lu: Float64Array, piv: Int32Array): number {
  const pa = a.slice();
  for (let j = 0; j < n; j++) {
    const p = piv[j];
    for (let c = 0; c < n; c++) {
      const t = pa[j * n + c];
      pa[j * n + c] = pa[p * n + c];
      pa[p * n + c] = t;
    }
  }
  let res = 0;
  let an = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k <= Math.min(i, j); k++) s += (k === i ? 1 : lu[i * n + k]) * lu[k * n + j];
      res += (s - pa[i * n + j]) ** 2;
      an += pa[i * n + j] ** 2;
    }
  return Math.sqrt(res / an);
}

describe('luFactorReal / luSolveReal', () => {
  it('factors random matrices with small backward error and bounded multipliers', () => {
    const rand = signedLcg(1);
    for (const n of [1, 2, 3, 7, 16, 33, 60]) {
      const a = randomMatrix(n * n, rand);
      const copy = a.slice();
      const lu = new Float64Array(n * n);
      const piv = new Int32Array(n);
      expect(luFactorReal(n, a, 0, lu, 0, piv, 0)).toBe(0);
      expect(a).toEqual(copy);
      expect(factorResidual(n, a, lu, piv)).toBeLessThan(4 * n * EPS);
      for (let i = 0; i < n; i++) {
        expect(piv[i]).toBeGreaterThanOrEqual(i);
        for (let j = 0; j < i; j++) expect(Math.abs(lu[i * n + j])).toBeLessThanOrEqual(1);
      }
    }
  });

  it('solves for a known solution and agrees with mathjs lusolve', () => {
    const rand = signedLcg(2);
    for (const n of [1, 4, 12, 40]) {
      const nrhs = 3;
      const a = randomMatrix(n * n, rand);
      const xTrue = randomMatrix(n * nrhs, rand);
      const b = matmul(n, n, nrhs, a, xTrue);
      const lu = new Float64Array(n * n);
      const piv = new Int32Array(n);
      expect(luFactorReal(n, a, 0, lu, 0, piv, 0)).toBe(0);
      const x = new Float64Array(n * nrhs);
      expect(luSolveReal(n, nrhs, lu, 0, piv, 0, b, 0, x, 0)).toBe(0);
      // Backward error ‖b − A·x‖ / (‖A‖·‖x‖), and the forward error for these well-conditioned matrices.
      let res = 0;
      let an = 0;
      let xn = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < nrhs; j++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += a[i * n + k] * x[k * nrhs + j];
          res += (s - b[i * nrhs + j]) ** 2;
          xn += x[i * nrhs + j] ** 2;
        }
      for (const t of a) an += t * t;
      expect(Math.sqrt(res) / Math.sqrt(an * xn)).toBeLessThan(4 * n * EPS);
      for (let k = 0; k < n * nrhs; k++) expect(x[k]).toBeCloseTo(xTrue[k], 8);
      const rows = Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, i * n + n)));
      const ref = lusolve(
        rows,
        Array.from({ length: n }, (_, i) => [b[i * nrhs]]),
      ) as unknown as number[][];
      for (let i = 0; i < n; i++) expect(x[i * nrhs]).toBeCloseTo(ref[i][0], 9);
    }
  });

  it('computes the inverse (mathjs reference) and supports offsets and in-place solves', () => {
    const rand = signedLcg(3);
    const n = 6;
    const a = new Float64Array(4 + n * n);
    a.set(randomMatrix(n * n, rand), 4);
    const lu = new Float64Array(1 + n * n);
    const piv = new Int32Array(2 + n);
    expect(luFactorReal(n, a, 4, lu, 1, piv, 2)).toBe(0);
    const inv = new Float64Array(n * n);
    expect(luInverseReal(n, lu, 1, piv, 2, inv, 0)).toBe(0);
    const rows = Array.from({ length: n }, (_, i) => Array.from(a.subarray(4 + i * n, 4 + i * n + n)));
    const ref = mathInv(rows);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(inv[i * n + j]).toBeCloseTo(ref[i][j], 10);
    const b = Float64Array.from({ length: n }, (_, i) => i - 2);
    const x = new Float64Array(n);
    luSolveReal(n, 1, lu, 1, piv, 2, b, 0, x, 0);
    expect(luSolveReal(n, 1, lu, 1, piv, 2, b, 0, b, 0)).toBe(0);
    expect(Array.from(b)).toEqual(Array.from(x));
    // In-place factorization.
    const inPlace = a.slice();
    expect(luFactorReal(n, inPlace, 4, inPlace, 4, piv, 0)).toBe(0);
    expect(Array.from(inPlace.subarray(4))).toEqual(Array.from(lu.subarray(1)));
  });

  it('reports the first exactly-zero pivot of singular matrices', () => {
    const piv = new Int32Array(3);
    const lu = new Float64Array(9);
    // Rank 2 with exact elimination: pivots 2, −1, then an exact 0.
    expect(luFactorReal(3, Float64Array.of(1, 2, 3, 2, 4, 6, 1, 1, 1), 0, lu, 0, piv, 0)).toBe(3);
    expect(Array.from(piv)).toEqual([1, 2, 2]);
    expect(luFactorReal(3, Float64Array.of(0, 1, 2, 0, 3, 4, 0, 5, 6), 0, lu, 0, piv, 0)).toBe(1);
    expect(luFactorReal(3, Float64Array.of(1, 2, 3, 2, 4, 7, 3, 6, 8), 0, lu, 0, piv, 0)).toBe(2);
    expect(luFactorReal(3, new Float64Array(9), 0, lu, 0, piv, 0)).toBe(1);
    const x = new Float64Array(3).fill(5);
    expect(luSolveReal(3, 1, lu, 0, piv, 0, new Float64Array(3), 0, x, 0)).toBe(1);
    expect(Array.from(x)).toEqual([5, 5, 5]);
    expect(luInverseReal(3, lu, 0, piv, 0, new Float64Array(9), 0)).toBe(1);
    expect(luFactorReal(0, new Float64Array(0), 0, lu, 0, piv, 0)).toBe(0);
  });

  it('handles tiny pivots and reports NaN/Infinity with -1', () => {
    const lu = new Float64Array(4);
    const piv = new Int32Array(2);
    const a = Float64Array.of(1e-310, 1, 2e-310, 3);
    expect(luFactorReal(2, a, 0, lu, 0, piv, 0)).toBe(0);
    expect(lu[2]).toBeCloseTo(0.5, 2);
    expect(luFactorReal(2, Float64Array.of(1, Number.NaN, 0, 1), 0, lu, 0, piv, 0)).toBe(-1);
    expect(luFactorReal(2, Float64Array.of(1, 0, 0, 1), 0, lu, 0, piv, 0)).toBe(0);
    const x = new Float64Array(2);
    expect(luSolveReal(2, 1, lu, 0, piv, 0, Float64Array.of(1, Number.NEGATIVE_INFINITY), 0, x, 0)).toBe(-1);
  });
});

describe('luFactorComplex / luSolveComplex', () => {
  it('solves random complex systems and inverts', () => {
    const rand = signedLcg(11);
    for (const n of [1, 2, 5, 20, 45]) {
      const nrhs = 2;
      const a = randomMatrix(2 * n * n, rand);
      const xTrue = randomMatrix(2 * n * nrhs, rand);
      const b = matmulComplex(n, n, nrhs, a, xTrue);
      const lu = new Float64Array(2 * n * n);
      const piv = new Int32Array(n);
      expect(luFactorComplex(n, a, 0, lu, 0, piv, 0)).toBe(0);
      const x = new Float64Array(2 * n * nrhs);
      expect(luSolveComplex(n, nrhs, lu, 0, piv, 0, b, 0, x, 0)).toBe(0);
      const ax = matmulComplex(n, n, nrhs, a, x);
      let res = 0;
      let bn = 0;
      for (let k = 0; k < ax.length; k++) {
        res += (ax[k] - b[k]) ** 2;
        bn += b[k] ** 2;
      }
      expect(Math.sqrt(res / bn)).toBeLessThan(1e-12);
      for (let k = 0; k < x.length; k++) expect(x[k]).toBeCloseTo(xTrue[k], 8);
      const inv = new Float64Array(2 * n * n);
      expect(luInverseComplex(n, lu, 0, piv, 0, inv, 0)).toBe(0);
      const eye = matmulComplex(n, n, n, a, inv);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          expect(eye[2 * (i * n + j)]).toBeCloseTo(i === j ? 1 : 0, 9);
          expect(eye[2 * (i * n + j) + 1]).toBeCloseTo(0, 9);
        }
    }
  });

  it('reports singular complex matrices and NaN', () => {
    const lu = new Float64Array(8);
    const piv = new Int32Array(2);
    // Second row = i × first row.
    expect(luFactorComplex(2, Float64Array.of(1, 1, 2, 0, -1, 1, 0, 2), 0, lu, 0, piv, 0)).toBe(2);
    expect(luFactorComplex(2, Float64Array.of(1, Number.NaN, 0, 0, 0, 0, 1, 0), 0, lu, 0, piv, 0)).toBe(-1);
  });
});
