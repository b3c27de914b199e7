/**
 * Issue #17 item 5, linear-algebra part: no NaN/±Infinity where the answer is representable. A subnormal pivot
 * (diag(1e-310, 1)) must not turn solve / solveTriangular into Infinity (1/1e-310 overflows; x/1e-310 does not), real
 * and complex; qr of entries ≥ 9e307 must give a finite orthonormal Q and R (scaled internally by a power of two), and
 * a LinalgError naming the op when R itself overflows.
 */

import { complex, LinalgError, linalg, type Tensor, tensor } from 'tapegrad';
import { describe, expect, it } from 'vitest';

const flat = (t: Tensor): number[] => (t.toArray() as number[][]).flat();

describe('solves with subnormal pivots', () => {
  const tiny = 1e-310;
  it('solve and solveTriangular of diag(1e-310, 1) give [1, 1] (NumPy/LAPACK: [1, 1])', () => {
    const A = tensor(
      [
        [tiny, 0],
        [0, 1],
      ],
      { dtype: 'float64' },
    );
    const b = tensor([[tiny], [1]], { dtype: 'float64' });
    expect(flat(linalg.solve(A, b))).toEqual([1, 1]);
    expect(flat(linalg.solveTriangular(A, b, { upper: true }))).toEqual([1, 1]);
    expect(flat(linalg.solveTriangular(A, b, { upper: false }))).toEqual([1, 1]);
  });

  it('a subnormal pivot with off-diagonal coupling: x is the exact solution', () => {
    // [[t, t], [0, 1]]·x = [2t, 1] → x = [1, 1]; [[t, 0], [t, 1]]·x = [t, 1 + t] = [t, 1] → x = [1, 1 − t] = [1, 1].
    const U = tensor(
      [
        [tiny, tiny],
        [0, 1],
      ],
      { dtype: 'float64' },
    );
    expect(flat(linalg.solveTriangular(U, tensor([[2 * tiny], [1]], { dtype: 'float64' }), { upper: true }))).toEqual([
      1, 1,
    ]);
    const L = tensor(
      [
        [tiny, 0],
        [tiny, 1],
      ],
      { dtype: 'float64' },
    );
    expect(flat(linalg.solve(L, tensor([[tiny], [1]], { dtype: 'float64' })))).toEqual([1, 1]);
  });

  it('complex: diag(1e-310·(1 + i), 1)·x = [2e-310, 1] solves to [1 − i, 1]', () => {
    const c = (re: number[][], im: number[][]) =>
      complex(tensor(re, { dtype: 'float64' }), tensor(im, { dtype: 'float64' }));
    const A = c(
      [
        [tiny, 0],
        [0, 1],
      ],
      [
        [tiny, 0],
        [0, 0],
      ],
    );
    const b = c([[2 * tiny], [1]], [[0], [0]]); // (1 + i)·t·x₀ = 2t → x₀ = 1 − i
    for (const x of [linalg.solve(A, b), linalg.solveTriangular(A, b, { upper: true })]) {
      const re = flat(x.real);
      const im = flat(x.imag);
      expect(re).toEqual([1, 1]);
      expect(im).toEqual([-1, 0]);
    }
  });
});

describe('qr with huge entries', () => {
  it('entries ≥ 9e307: finite orthonormal Q, R finite, Q·R = A to rounding', () => {
    const rows = [
      [9e307, 1e307],
      [9e307, -9e307],
      [1e307, 5e307],
    ];
    const A = tensor(rows, { dtype: 'float64' });
    const { Q, R } = linalg.qr(A);
    const q = Q.toArray() as number[][];
    const r = R.toArray() as number[][];
    for (const v of [...q.flat(), ...r.flat()]) expect(Number.isFinite(v)).toBe(true);
    // QᵀQ = I
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++) {
        const dot = q.reduce((acc, row) => acc + row[i] * row[j], 0);
        expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-15);
      }
    // Q·R = A, relative to 9e307 (products computed on halves to stay finite)
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 2; j++) {
        let acc = 0;
        for (let l = 0; l < 2; l++) acc += q[i][l] * (r[l][j] / 2);
        expect(Math.abs(acc - rows[i][j] / 2) / 9e307).toBeLessThan(1e-15);
      }
    // |R₀₀| = ‖first column‖ = 1e307·√163
    expect(Math.abs(Math.abs(r[0][0]) / (1e307 * Math.sqrt(163)) - 1)).toBeLessThan(1e-15);
  });

  it('a column whose norm exceeds the float64 range: LinalgError naming linalg.qr', () => {
    const A = tensor(
      [
        [1.7e308, 1],
        [1.7e308, 2],
      ],
      { dtype: 'float64' },
    );
    expect(() => linalg.qr(A)).toThrow(LinalgError);
    expect(() => linalg.qr(A)).toThrow(/^linalg\.qr: R is not representable/);
  });
});
