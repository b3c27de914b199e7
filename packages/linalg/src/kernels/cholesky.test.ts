import { adjoint, asComplex, frob, frobDiff, matmulComplex, realParts } from '@tapegrad/testing/matrices';
import { signedLcg } from '@tapegrad/testing/random';
import { describe, expect, it } from 'vitest';
import { choleskyComplex, choleskyReal } from './cholesky';

const EPS = 2.220446049250313e-16;

/** B·Bᴴ + n·I for a random complex (or real, width 1) B: Hermitian positive definite. */
function randomHpd(n: number, rand: () => number, width: 1 | 2): Float64Array {
  const b = asComplex(Float64Array.from({ length: width * n * n }, rand), width);
  const a = matmulComplex(n, n, n, b, adjoint(n, n, b));
  for (let i = 0; i < n; i++) a[2 * (i * n + i)] += n;
  return width === 2 ? a : realParts(a);
}

/** ‖F·Fᴴ − A‖_F / ‖A‖_F for lower F (or ‖Fᴴ·F − A‖ for upper F), plus the largest entry of F's other triangle. */
function residual(n: number, a: Float64Array, f: Float64Array, upper: boolean, width: 1 | 2) {
  const fc = asComplex(f, width);
  const fh = adjoint(n, n, fc);
  const ac = asComplex(a, width);
  let other = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (upper ? j < i : j > i)
        other = Math.max(other, Math.abs(fc[2 * (i * n + j)]), Math.abs(fc[2 * (i * n + j) + 1]));
  return {
    res: frobDiff(upper ? matmulComplex(n, n, n, fh, fc) : matmulComplex(n, n, n, fc, fh), ac) / frob(ac),
    other,
  };
}

describe('choleskyReal', () => {
  it('factors random SPD matrices (lower and upper) reading one triangle only', () => {
    const rand = signedLcg(1);
    for (const n of [1, 2, 3, 8, 25, 60]) {
      const a = randomHpd(n, rand, 1);
      for (const upper of [false, true]) {
        const g = a.slice();
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (upper ? j < i : j > i) g[i * n + j] = Number.NaN;
        const l = new Float64Array(n * n).fill(9);
        expect(choleskyReal(n, g, 0, l, 0, upper)).toBe(0);
        const { res, other } = residual(n, a, l, upper, 1);
        expect(res).toBeLessThan(4 * n * EPS);
        expect(other).toBe(0);
        for (let i = 0; i < n; i++) expect(l[i * n + i]).toBeGreaterThan(0);
      }
    }
  });

  it('matches a hand-computed factor', () => {
    const l = new Float64Array(9);
    expect(choleskyReal(3, Float64Array.of(4, 12, -16, 12, 37, -43, -16, -43, 98), 0, l, 0)).toBe(0);
    expect(Array.from(l)).toEqual([2, 0, 0, 6, 1, 0, -8, 5, 3]);
  });

  it('reports the order of the first non-positive-definite leading minor', () => {
    const l = new Float64Array(9);
    expect(choleskyReal(3, Float64Array.of(-1, 0, 0, 0, 1, 0, 0, 0, 1), 0, l, 0)).toBe(1);
    // Leading 2×2 minor singular: [[1, 2], [2, 4]].
    expect(choleskyReal(3, Float64Array.of(1, 2, 0, 2, 4, 0, 0, 0, 1), 0, l, 0)).toBe(2);
    expect(choleskyReal(3, Float64Array.of(1, 2, 0, 2, 4, 0, 0, 0, 1), 0, l, 0, true)).toBe(2);
    // Indefinite only at order 3.
    const a = Float64Array.of(2, 1, 1, 1, 2, 1, 1, 1, -3);
    expect(choleskyReal(3, a, 0, l, 0)).toBe(3);
    expect(choleskyReal(3, a, 0, l, 0, true)).toBe(3);
    expect(choleskyReal(0, new Float64Array(0), 0, l, 0)).toBe(0);
  });

  it('reports NaN/Infinity in the read triangle with -1', () => {
    const l = new Float64Array(4).fill(5);
    expect(choleskyReal(2, Float64Array.of(1, 0, Number.POSITIVE_INFINITY, 1), 0, l, 0)).toBe(-1);
    expect(Array.from(l)).toEqual([5, 5, 5, 5]);
    expect(choleskyReal(2, Float64Array.of(1, 0, Number.POSITIVE_INFINITY, 1), 0, l, 0, true)).toBe(0);
  });

  it('supports offsets and in-place use', () => {
    const rand = signedLcg(2);
    const n = 5;
    const a = randomHpd(n, rand, 1);
    const buf = new Float64Array(3 + n * n);
    buf.set(a, 3);
    const ref = new Float64Array(n * n);
    choleskyReal(n, a, 0, ref, 0);
    expect(choleskyReal(n, buf, 3, buf, 3)).toBe(0);
    expect(Array.from(buf.subarray(3))).toEqual(Array.from(ref));
  });
});

describe('choleskyComplex', () => {
  it('factors random HPD matrices with a real positive diagonal', () => {
    const rand = signedLcg(3);
    for (const n of [1, 2, 4, 17, 40]) {
      const a = randomHpd(n, rand, 2);
      for (const upper of [false, true]) {
        const g = a.slice();
        for (let i = 0; i < n; i++) {
          g[2 * (i * n + i) + 1] = 7; // diagonal imaginary parts are ignored
          for (let j = 0; j < n; j++) if (upper ? j < i : j > i) g[2 * (i * n + j)] = Number.NaN;
        }
        const l = new Float64Array(2 * n * n);
        expect(choleskyComplex(n, g, 0, l, 0, upper)).toBe(0);
        const { res, other } = residual(n, a, l, upper, 2);
        expect(res).toBeLessThan(4 * n * EPS);
        expect(other).toBe(0);
        for (let i = 0; i < n; i++) {
          expect(l[2 * (i * n + i)]).toBeGreaterThan(0);
          expect(l[2 * (i * n + i) + 1]).toBe(0);
        }
      }
    }
  });

  it('reports non-positive-definite Hermitian matrices', () => {
    // [[1, i], [−i, 1]] is singular.
    const l = new Float64Array(8);
    expect(choleskyComplex(2, Float64Array.of(1, 0, 0, 1, 0, -1, 1, 0), 0, l, 0)).toBe(2);
    expect(choleskyComplex(2, Float64Array.of(1, 0, 0, 1, 0, -1, 1, 0), 0, l, 0, true)).toBe(2);
    expect(choleskyComplex(1, Float64Array.of(0, 1), 0, l, 0)).toBe(1);
  });
});
