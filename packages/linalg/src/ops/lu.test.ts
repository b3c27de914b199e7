/**
 * LU-based ops: linalg.solve (matrix and vector right-hand sides, batch broadcasting), inv, det (including the
 * singular-matrix gradient through the adjugate), slogdet (logabsdet, complex sign): forward values and
 * gradcheck / gradgradcheck.
 */
import { grad, gradcheck } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { eye, tensor, warnings } from '@tapegrad/core';
import { checkGradients } from '@tapegrad/testing/linalg';
import { f64, maxAbsDiff, randomTensor, relErr } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { det, inv, slogdet, solve } from './lu';

type Dt = 'float64' | 'complex128';

/** A well-conditioned square matrix: random + n·I. */
function wellConditioned(shape: number[], dtype: Dt, seed: number, requiresGrad = false): Tensor {
  const n = shape[shape.length - 1];
  const X = randomTensor(shape, dtype, seed).add(eye(n, { dtype }).mul(n));
  return requiresGrad ? X.detach().requiresGrad_(true) : X;
}

describe('solve', () => {
  it('matrix and vector right-hand sides', () => {
    const A = f64([
      [2, 1],
      [1, 3],
    ]);
    const x = solve(A, tensor([3, 5], { dtype: 'float64' }));
    expect(relErr(x, tensor([0.8, 1.4], { dtype: 'float64' }))).toBeLessThan(1e-15);
    const B = f64([
      [3, 1],
      [5, 0],
    ]);
    const X = solve(A, B);
    expect(relErr(A.matmul(X), B)).toBeLessThan(1e-15);
  });

  it.each(['float64', 'complex128'] as Dt[])('%s: batched, broadcasting, A X = B', (dtype) => {
    const A = wellConditioned([2, 1, 3, 3], dtype, 1);
    const B = randomTensor([4, 3, 2], dtype, 2);
    const X = solve(A, B);
    expect([...X.shape]).toEqual([2, 4, 3, 2]);
    expect(relErr(A.matmul(X), B.expand([2, 4, 3, 2]))).toBeLessThan(1e-14);
    // a batch of vectors: B of shape A.shape[:-1]
    const A2 = wellConditioned([2, 3, 3], dtype, 3);
    const b = randomTensor([2, 3], dtype, 4);
    const x = solve(A2, b);
    expect([...x.shape]).toEqual([2, 3]);
    expect(relErr(A2.matmul(x.unsqueeze(-1)).squeeze(-1), b)).toBeLessThan(1e-14);
  });

  it('promotes mixed dtypes', () => {
    const A = wellConditioned([2, 2], 'float64', 5);
    const b = randomTensor([2], 'complex128', 6);
    expect(solve(A, b).dtype).toBe('complex128');
    expect(solve(A.to('float32'), b.real.to('float32')).dtype).toBe('float32');
  });

  it.each([
    ['float64 3×3, matrix B', 'float64', [3, 3], [3, 2]],
    ['float64 vector B', 'float64', [3, 3], [3]],
    ['float64 broadcasting batch', 'float64', [2, 1, 2, 2], [3, 2, 1]],
    ['complex128 matrix B', 'complex128', [2, 2], [2, 2]],
    ['complex128 batched vector B', 'complex128', [2, 2, 2], [2, 2]],
  ] as [string, Dt, number[], number[]][])('%s: gradcheck and gradgradcheck', (_n, dtype, aShape, bShape) => {
    const A = wellConditioned(aShape, dtype, 7, true);
    const B = randomTensor(bShape, dtype, 8, { requiresGrad: true });
    checkGradients((a, b) => solve(a, b), [A, B]);
  });
});

describe('inv', () => {
  it('known inverse and batched A·A⁻¹ = I', () => {
    expect(
      relErr(
        inv(
          f64([
            [4, 7],
            [2, 6],
          ]),
        ),
        f64([
          [0.6, -0.7],
          [-0.2, 0.4],
        ]),
      ),
    ).toBeLessThan(1e-15);
    const A = wellConditioned([2, 3, 3], 'complex128', 9);
    expect(relErr(A.matmul(inv(A)), eye(3, { dtype: 'complex128' }).expand([2, 3, 3]))).toBeLessThan(1e-14);
  });

  it.each([
    ['float64 3×3', 'float64', [3, 3]],
    ['float64 batched 2×2×2', 'float64', [2, 2, 2]],
    ['complex128 2×2', 'complex128', [2, 2]],
  ] as [string, Dt, number[]][])('%s: gradcheck and gradgradcheck', (_n, dtype, shape) => {
    checkGradients((a) => inv(a), [wellConditioned(shape, dtype, 10, true)]);
  });
});

describe('det and slogdet', () => {
  it('known values, sign and phase', () => {
    const A = f64([
      [0, 2],
      [3, 1],
    ]);
    expect(det(A).item()).toBeCloseTo(-6, 14);
    const { sign, logabsdet } = slogdet(A);
    expect(sign.item()).toBe(-1);
    expect(logabsdet.item()).toBeCloseTo(Math.log(6), 14);
    // complex: det(diag(i, 2)) = 2i → sign i, log 2
    const C = tensor(
      [
        [
          { re: 0, im: 1 },
          { re: 0, im: 0 },
        ],
        [
          { re: 0, im: 0 },
          { re: 2, im: 0 },
        ],
      ],
      { dtype: 'complex128' },
    );
    const s = slogdet(C);
    expect(s.sign.item()).toEqual({ re: 0, im: 1 });
    expect(s.logabsdet.dtype).toBe('float64');
    expect(s.logabsdet.item()).toBeCloseTo(Math.log(2), 15);
    expect(det(C).item()).toEqual({ re: 0, im: 2 });
  });

  it('singular matrices: det 0, sign 0, logabsdet −∞', () => {
    const A = f64([
      [1, 2],
      [2, 4],
    ]);
    expect(det(A).item()).toBe(0);
    const { sign, logabsdet } = slogdet(A);
    expect(sign.item()).toBe(0);
    expect(logabsdet.item()).toBe(Number.NEGATIVE_INFINITY);
  });

  it('large matrices do not overflow in slogdet', () => {
    const A = eye(4, { dtype: 'float64' }).mul(1e100);
    expect(slogdet(A).logabsdet.item()).toBeCloseTo(400 * Math.log(10), 10);
  });

  it.each([
    ['float64 3×3', 'float64', [3, 3]],
    ['float64 batched 2×2×2', 'float64', [2, 2, 2]],
    ['complex128 2×2', 'complex128', [2, 2]],
  ] as [string, Dt, number[]][])('%s: det, logabsdet and sign gradcheck / gradgradcheck', (_n, dtype, shape) => {
    const A = wellConditioned(shape, dtype, 11, true);
    checkGradients((a) => det(a), [A]);
    checkGradients((a) => slogdet(a).logabsdet, [A]);
    if (dtype === 'complex128') checkGradients((a) => slogdet(a).sign, [A]);
  });

  it.each([
    // [[a, b], [c, d]]: ∂det/∂A = [[d, −c], [−b, a]]; the expected cofactors row by row.
    [
      '2×2 of rank 1',
      [
        [1, 2],
        [2, 4],
      ],
      [4, -2, -2, 1],
    ],
    [
      '3×3 of rank 2',
      [
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ],
      [-3, 6, -3, 6, -12, 6, -3, 6, -3],
    ],
    [
      '3×3 of rank 1 (every cofactor vanishes)',
      [
        [1, 2, 3],
        [2, 4, 6],
        [3, 6, 9],
      ],
      new Array<number>(9).fill(0),
    ],
  ])('det gradient at a singular %s is the cofactor matrix (adjugate transpose)', (_name, a, cofactors) => {
    const A = f64(a, true);
    const [g] = grad(det(A), [A]);
    expect(maxAbsDiff(g!, cofactors)).toBeLessThan(1e-13);
  });

  it('det gradient at a singular matrix matches finite differences (gradcheck)', () => {
    const B = randomTensor([3, 2], 'float64', 12);
    const C = randomTensor([2, 3], 'float64', 13);
    const A = B.matmul(C).detach().requiresGrad_(true);
    expect(warnings.record(() => gradcheck((a) => det(a), [A])).result).toBe(true);
  });
});

describe('det and inv on the blocked factorization (orders above the block sizes)', () => {
  it('det of P·L·U with known factors, slogdet, and A·inv(A) = I', () => {
    for (const n of [65, 300]) {
      // Unit lower L and upper U with diagonal entries in [0.5, 1.5]: det(L·U) = Π u_ii; one row swap flips the sign.
      const L = randomTensor([n, n], 'float64', 41)
        .tril(-1)
        .mul(1 / n)
        .add(eye(n, { dtype: 'float64' }));
      const d = Array.from({ length: n }, (_, i) => 0.5 + ((i * 7919) % n) / n);
      const U = randomTensor([n, n], 'float64', 42)
        .triu(1)
        .mul(1 / n)
        .add(tensor(d, { dtype: 'float64' }).diagEmbed());
      const A = L.matmul(U);
      const logDet = d.reduce((s, v) => s + Math.log(v), 0);
      const swapped = A.indexSelect(0, [1, 0, ...Array.from({ length: n - 2 }, (_, i) => i + 2)]);
      expect(Math.abs((det(A).item() as number) / Math.exp(logDet) - 1)).toBeLessThan(1e-12);
      expect(Math.abs((det(swapped).item() as number) / -Math.exp(logDet) - 1)).toBeLessThan(1e-12);
      const { sign, logabsdet } = slogdet(swapped);
      expect(sign.item()).toBe(-1);
      expect(Math.abs((logabsdet.item() as number) - logDet)).toBeLessThan(1e-12 * n);
      const X = inv(A);
      expect(maxAbsDiff(A.matmul(X), eye(n, { dtype: 'float64' }))).toBeLessThan(1e-12);
    }
  });
});
