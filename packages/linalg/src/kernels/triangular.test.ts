import { asComplex, matmulComplex, realParts } from '@tapegrad/testing/matrices';
import { signedLcg } from '@tapegrad/testing/random';
import { describe, expect, it } from 'vitest';
import { type Diag, isFiniteRange, isFiniteTriangle, type Trans, trsmComplex, trsmReal, type Uplo } from './triangular';

/**
 * Random triangular m×m matrix (complex storage when width 2) with a well-conditioned diagonal and NaN garbage in
 * the other triangle; also returns op(A) as a dense clean matrix.
 */
function triangle(m: number, uplo: Uplo, trans: Trans, diag: Diag, width: 1 | 2, rand: () => number) {
  const a = new Float64Array(width * m * m);
  const op = new Float64Array(2 * m * m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      const inside = uplo === 'L' ? j <= i : j >= i;
      let re = 0;
      let im = 0;
      if (inside) {
        re = i === j ? 2 + rand() : rand() / m;
        im = width === 2 ? (i === j ? rand() : rand() / m) : 0;
        a[width * (i * m + j)] = re;
        if (width === 2) a[2 * (i * m + j) + 1] = im;
      } else {
        a[width * (i * m + j)] = Number.NaN;
      }
      if (i === j && diag === 'U') {
        re = 1;
        im = 0;
        a[width * (i * m + j)] = 1234; // must not be read
      }
      // op(A)(r, c)
      const [r, c] = trans === 'N' ? [i, j] : [j, i];
      op[2 * (r * m + c)] = re;
      op[2 * (r * m + c) + 1] = trans === 'C' ? -im : im;
    }
  return { a, op };
}

describe('trsmReal / trsmComplex', () => {
  it('solves op(A)·X = B for every uplo/trans/diag combination (real and complex)', () => {
    const rand = signedLcg(5);
    for (const width of [1, 2] as const)
      for (const uplo of ['L', 'U'] as const)
        for (const trans of ['N', 'T', 'C'] as const)
          for (const diag of ['N', 'U'] as const)
            for (const [m, n] of [
              [1, 1],
              [4, 3],
              [17, 5],
              [30, 1],
            ]) {
              const { a, op } = triangle(m, uplo, trans, diag, width, rand);
              const x = Float64Array.from({ length: width * m * n }, rand);
              // b = op(A)·x in complex arithmetic.
              const prod = matmulComplex(m, m, n, op, asComplex(x, width));
              const b = width === 2 ? prod : realParts(prod);
              const solve = width === 1 ? trsmReal : trsmComplex;
              expect(solve(uplo, trans, diag, m, n, a, 0, b, 0)).toBe(0);
              for (let k = 0; k < b.length; k++) expect(Math.abs(b[k] - x[k])).toBeLessThan(1e-13);
            }
  });

  it('handles offsets, empty sizes, zero diagonals and NaN', () => {
    const a = Float64Array.of(9, 2, 0, 1, 4);
    const b = Float64Array.of(7, 4, 9);
    expect(trsmReal('L', 'N', 'N', 2, 1, a, 1, b, 1)).toBe(0);
    expect(Array.from(b)).toEqual([7, 2, 1.75]);
    expect(trsmReal('L', 'N', 'N', 0, 3, a, 0, b, 0)).toBe(0);
    expect(trsmReal('U', 'N', 'N', 2, 0, Float64Array.of(1, 2, 0, 1), 0, b, 0)).toBe(0);
    const z = Float64Array.of(1, 2, 0, 0);
    const rhs = Float64Array.of(1, 1);
    expect(trsmReal('U', 'N', 'N', 2, 1, z, 0, rhs, 0)).toBe(2);
    expect(Array.from(rhs)).toEqual([1, 1]);
    expect(trsmReal('U', 'N', 'U', 2, 1, z, 0, rhs, 0)).toBe(0);
    expect(trsmReal('U', 'N', 'N', 2, 1, Float64Array.of(1, 2, 0, 1), 0, Float64Array.of(1, Number.NaN), 0)).toBe(-1);
    expect(trsmComplex('L', 'C', 'N', 1, 1, Float64Array.of(0, 0), 0, Float64Array.of(1, 1), 0)).toBe(1);
  });

  it('finite scans look only at the requested range or triangle', () => {
    const a = Float64Array.of(1, Number.NaN, 3, 4);
    expect(isFiniteRange(1, a, 0)).toBe(true);
    expect(isFiniteRange(2, a, 0)).toBe(false);
    expect(isFiniteTriangle(2, a, 0, 'L', 1)).toBe(true);
    expect(isFiniteTriangle(2, a, 0, 'U', 1)).toBe(false);
    expect(isFiniteTriangle(1, a, 0, 'U', 2)).toBe(false);
  });
});
