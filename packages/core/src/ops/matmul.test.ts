/**
 * matmul, dot, outer. The OpInfo table covers PyTorch's shape rules (1-D promotion, batch broadcasting, empty
 * operands) on every dtype and layout against a loop reference; the cases below compare larger products with mathjs
 * and pin dtype and error behaviour.
 */

import { opsIn, runOpInfo } from '@tapegrad/testing/opinfo';
import { lcg } from '@tapegrad/testing/random';
import * as math from 'mathjs';
import { describe, expect, it } from 'vitest';
import { DtypeError, ShapeError } from '../errors';
import type { Tensor } from '../tensor';
import { tensor } from './creation';
import { dot, matmul, outer } from './matmul';

runOpInfo(opsIn('matmul'));

function randomMatrix(rows: number, cols: number, seed: number): number[][] {
  const rng = lcg(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng() * 2 - 1));
}

function maxAbsDiff(a: Tensor, b: math.Matrix): number {
  const got = a.toArray() as number[][];
  const want = b.toArray() as number[][];
  let m = 0;
  got.forEach((row, i) => {
    row.forEach((v, j) => {
      m = Math.max(m, Math.abs(v - want[i][j]));
    });
  });
  return m;
}

describe('against mathjs', () => {
  it('float64 products of odd sizes (blocked kernel paths), also with transposed operands', () => {
    const a = randomMatrix(37, 29, 1);
    const b = randomMatrix(29, 41, 2);
    const want = math.multiply(math.matrix(a), math.matrix(b));
    const ta = tensor(a, { dtype: 'float64' });
    const tb = tensor(b, { dtype: 'float64' });
    expect(maxAbsDiff(matmul(ta, tb), want)).toBeLessThan(1e-13);
    const taT = tensor(math.transpose(a), { dtype: 'float64' }).T;
    const tbT = tensor(math.transpose(b), { dtype: 'float64' }).T;
    expect(maxAbsDiff(matmul(taT, tbT), want)).toBeLessThan(1e-13);
    expect(maxAbsDiff(taT.matmul(tb), want)).toBeLessThan(1e-13);
  });

  it('float32 products are accurate to float32 (relative to Σ|a||b|)', () => {
    const a = randomMatrix(20, 33, 3);
    const b = randomMatrix(33, 7, 4);
    const want = math.multiply(
      math.matrix(a.map((r) => r.map(Math.fround))),
      math.matrix(b.map((r) => r.map(Math.fround))),
    );
    expect(maxAbsDiff(matmul(tensor(a), tensor(b)), want)).toBeLessThan(33 * 2 ** -23);
  });

  it('complex128 products match math.multiply of Complex matrices', () => {
    const rng = lcg(5);
    const entry = () => math.complex(rng() * 2 - 1, rng() * 2 - 1);
    const a = Array.from({ length: 6 }, () => Array.from({ length: 5 }, entry));
    const b = Array.from({ length: 5 }, () => Array.from({ length: 4 }, entry));
    const want = math.multiply(math.matrix(a), math.matrix(b)).toArray() as math.Complex[][];
    const got = matmul(tensor(a, { dtype: 'complex128' }), tensor(b, { dtype: 'complex128' })).toArray() as {
      re: number;
      im: number;
    }[][];
    got.forEach((row, i) => {
      row.forEach((z, j) => {
        expect(Math.hypot(z.re - want[i][j].re, z.im - want[i][j].im)).toBeLessThan(1e-14);
      });
    });
  });
});

describe('shapes, dtypes and errors', () => {
  it('batch dims broadcast: (2, 1, 3, 4) @ (5, 4, 2) → (2, 5, 3, 2)', () => {
    const a = tensor(randomMatrix(1, 24, 6)[0], { dtype: 'float64', shape: [2, 1, 3, 4] });
    const b = tensor(randomMatrix(1, 40, 7)[0], { dtype: 'float64', shape: [5, 4, 2] });
    const c = matmul(a, b);
    expect(c.shape).toEqual([2, 5, 3, 2]);
    const slice = matmul(a.select(0, 1).select(0, 0), b.select(0, 3));
    expect(c.select(0, 1).select(0, 3).toArray()).toEqual(slice.toArray());
  });

  it.each([
    ['float64', 5, 6, 7, 1e-14],
    ['float64', 16, 16, 16, 1e-14],
    ['float32', 12, 8, 33, 33 * 2 ** -23],
  ] as const)(
    'batched %s products of %i×%i by %i×… with broadcast and transposed operands match mathjs per matrix',
    (dtype, m, n, k, tol) => {
      // a: (3, 1, m, k) as the transpose of a (3, 1, k, m) tensor; b: (4, k, n) broadcast against it → (3, 4, m, n).
      const flatA = randomMatrix(1, 3 * k * m, 8)[0];
      const flatB = randomMatrix(1, 4 * k * n, 9)[0];
      const a = tensor(flatA, { dtype, shape: [3, 1, k, m] }).transpose(-1, -2);
      const b = tensor(flatB, { dtype, shape: [4, k, n] });
      const c = matmul(a, b);
      expect(c.shape).toEqual([3, 4, m, n]);
      const round = dtype === 'float32' ? Math.fround : (v: number) => v;
      for (let s = 0; s < 3; s++) {
        for (let t = 0; t < 4; t++) {
          const am = Array.from({ length: m }, (_, i) =>
            Array.from({ length: k }, (_, p) => round(flatA[s * k * m + p * m + i])),
          );
          const bm = Array.from({ length: k }, (_, p) =>
            Array.from({ length: n }, (_, j) => round(flatB[t * k * n + p * n + j])),
          );
          const want = math.multiply(math.matrix(am), math.matrix(bm));
          expect(maxAbsDiff(c.select(0, s).select(0, t), want)).toBeLessThan(tol);
        }
      }
    },
  );

  it('int32 products are exact and stay int32; dot does not conjugate', () => {
    const a = tensor(
      [
        [1, -2],
        [3, 4],
      ],
      { dtype: 'int32' },
    );
    const p = matmul(a, a);
    expect([p.dtype, p.toArray()]).toEqual([
      'int32',
      [
        [-5, -10],
        [15, 10],
      ],
    ]);
    const z = tensor([{ re: 0, im: 1 }], { dtype: 'complex128' });
    expect(dot(z, z).item()).toEqual({ re: -1, im: 0 });
    expect(outer(tensor([1, 2]), tensor([3, 4, 5])).toArray()).toEqual([
      [3, 4, 5],
      [6, 8, 10],
    ]);
  });

  it('refuses mismatched inner dims, bool and non-tensors', () => {
    expect(() => matmul(tensor([[1, 2, 3]]), tensor([[1, 2, 3]]))).toThrow(ShapeError);
    expect(() => matmul(tensor([[true]]), tensor([[1]]))).toThrow(DtypeError);
    expect(() => dot(tensor([1]), 1 as unknown as Tensor)).toThrow(/^dot: expected two tensors, got/);
  });
});
