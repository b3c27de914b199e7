/**
 * linalg.matrixRank (int32, non-differentiable; pinv's tolerance semantics, hermitian) and linalg.lstsq (minimum-norm
 * least squares; residuals, rank, singular values; the solution is differentiable through pinv).
 */
import { gradcheck, gradgradcheck } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { DtypeError, epsOf, ShapeError, tensor, warnings, zeros } from '@tapegrad/core';
import { components, diagMatrix, f64, randomTensor, relErr } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { solve } from './lu';
import { pinv } from './pinv';
import { qr } from './qr';
import { lstsq, matrixRank } from './rank';
import { svdvals } from './svd';

/** The orthonormal Q of a tall random matrix. */
function qrQ(X: Tensor): Tensor {
  return qr(X).Q;
}

describe('matrixRank', () => {
  it('counts σ > max(atol, rtol·σ₁) with pinv defaults', () => {
    const A = diagMatrix([2, 1, 0.5, 0], 4, 5);
    expect(matrixRank(A).item()).toBe(3);
    expect(matrixRank(A, { atol: 0.5 }).item()).toBe(2); // strict
    expect(matrixRank(A, { atol: 0.49 }).item()).toBe(3);
    expect(matrixRank(A, { rtol: 0.5 }).item()).toBe(1); // cutoff 0.5·2 = 1: σ = 1 dropped (strict)
    expect(matrixRank(A, { rtol: 0.3 }).item()).toBe(2); // cutoff 0.6
    expect(matrixRank(A, { atol: 0.1, rtol: 0.3 }).item()).toBe(2);
    // atol > 0 alone sets rtol = 0
    const tiny = diagMatrix([1, 1e-17], 2, 2);
    expect(matrixRank(tiny).item()).toBe(1);
    expect(matrixRank(tiny, { atol: 1e-20 }).item()).toBe(2);
    // default rtol = max(m, n)·eps (dtype)
    expect(matrixRank(diagMatrix([1, 1.5 * 3 * epsOf('float64')], 3, 2)).item()).toBe(2);
    expect(matrixRank(diagMatrix([1, 0.5 * 3 * epsOf('float64')], 3, 2)).item()).toBe(1);
    expect(matrixRank(diagMatrix([1, 1e-5], 3, 2).to('float32')).item()).toBe(2);
    expect(matrixRank(diagMatrix([1, 1e-7], 3, 2).to('float32')).item()).toBe(1);
  });

  it('int32 output of the batch shape; batches, complex and exactly rank-deficient products', () => {
    const B = randomTensor([2, 3, 5, 2], 'complex128', 1);
    const C = randomTensor([2, 3, 2, 4], 'complex128', 2);
    const r = matrixRank(B.matmul(C));
    expect(r.dtype).toBe('int32');
    expect([...r.shape]).toEqual([2, 3]);
    expect(Array.from(components(r))).toEqual([2, 2, 2, 2, 2, 2]);
    expect(matrixRank(randomTensor([4, 6], 'float64', 3)).item()).toBe(4);
  });

  it('tolerance tensors broadcast over the batch, elementwise defaults as in pinv', () => {
    const A = tensor(
      [
        [
          [1, 0],
          [0, 1e-17],
        ],
        [
          [1, 0],
          [0, 0.3],
        ],
      ],
      { dtype: 'float64' },
    );
    // matrix 0: atol 0 → default rtol drops 1e-17; matrix 1: atol 0.5 drops 0.3
    expect(Array.from(components(matrixRank(A, { atol: tensor([0, 0.5], { dtype: 'float64' }) })))).toEqual([1, 1]);
    // atol 1e-20 > 0 sets rtol = 0 for matrix 0 only
    expect(Array.from(components(matrixRank(A, { atol: tensor([1e-20, 0], { dtype: 'float64' }) })))).toEqual([2, 2]);
    expect(Array.from(components(matrixRank(A, { rtol: tensor(0.5, { dtype: 'float64' }) })))).toEqual([1, 1]);
    expect(() => matrixRank(A, { atol: tensor([1, 2, 3], { dtype: 'float64' }) })).toThrow(ShapeError);
  });

  it('hermitian: thresholds |λ| of the lower triangle', () => {
    const A = f64([
      [-3, 99],
      [0, 1e-20],
    ]);
    expect(matrixRank(A, { hermitian: true }).item()).toBe(1);
    const S = f64([
      [1, 2],
      [2, 1],
    ]); // eigenvalues 3, −1
    expect(matrixRank(S, { hermitian: true }).item()).toBe(2);
    expect(matrixRank(S, { hermitian: true, atol: 1 }).item()).toBe(1);
  });

  it('empty inputs have rank 0', () => {
    expect(matrixRank(zeros([0, 3], { dtype: 'float64' })).item()).toBe(0);
    const r = matrixRank(zeros([2, 3, 0], { dtype: 'float64' }));
    expect(Array.from(components(r))).toEqual([0, 0]);
  });

  it('is not differentiable: no graph, int32 result even when the input requires grad', () => {
    const A = randomTensor([3, 3], 'float64', 4, { requiresGrad: true });
    const r = matrixRank(A);
    expect(r.dtype).toBe('int32');
    expect(r.requiresGrad).toBe(false);
    expect(r.gradFn).toBeNull();
  });

  it('rejects non-numeric tolerances', () => {
    expect(() => matrixRank(f64([[1]]), { atol: 'x' as unknown as number })).toThrow(DtypeError);
    expect(() => matrixRank(f64([[1]]), { rtol: Number.NaN })).toThrow(/^linalg\.matrixRank/);
  });
});

describe('lstsq', () => {
  it('tall full rank: the normal-equations solution, residuals, rank and singular values', () => {
    const A = randomTensor([5, 3], 'float64', 11);
    const B = randomTensor([5, 2], 'float64', 12);
    const { solution, residuals, rank, singularValues } = lstsq(A, B);
    const normal = solve(A.mT.matmul(A), A.mT.matmul(B));
    expect(relErr(solution, normal)).toBeLessThan(1e-13);
    const r = A.matmul(solution).sub(B);
    expect(relErr(residuals, r.square().sum(-2))).toBeLessThan(1e-12);
    expect(rank.item()).toBe(3);
    // The normal-equations path (well conditioned): σ = √λ(AᵀA), within O(eps·κ²) of svdvals.
    expect(relErr(singularValues, svdvals(A))).toBeLessThan(1e-13);
  });

  it('tall: the normal-equations path (κ ≤ 64) and the SVD path (κ > 64, or on the tape) agree', () => {
    // Singular values 1..1/κ: κ = 8 takes the normal equations, κ = 1e6 the pinv path (svdvals bitwise).
    for (const kappa of [8, 1e6]) {
      const sigma = Array.from({ length: 40 }, (_, i) => kappa ** (-i / 39));
      const U = qrQ(randomTensor([300, 40], 'float64', 31));
      const V = qrQ(randomTensor([40, 40], 'float64', 32));
      const A = U.mul(tensor(sigma, { dtype: 'float64' })).matmul(V.mT);
      const B = randomTensor([300, 3], 'float64', 33);
      const { solution, residuals, rank, singularValues } = lstsq(A, B);
      // The least-squares solution satisfies the normal equations Aᵀ(A·X − B) = 0 (relative to ‖A‖²·‖X‖).
      const normalResidual = A.mT.matmul(A.matmul(solution).sub(B));
      expect(relErr(normalResidual.add(solution), solution)).toBeLessThan(1e-13 * kappa);
      expect(relErr(solution, pinv(A).matmul(B))).toBeLessThan(1e-14 * kappa * kappa);
      expect(rank.item()).toBe(40);
      expect(relErr(singularValues, tensor(sigma, { dtype: 'float64' }))).toBeLessThan(1e-13);
      if (kappa > 64) expect(relErr(singularValues, svdvals(A))).toBe(0);
      expect(relErr(residuals, A.matmul(solution).sub(B).square().sum(-2))).toBeLessThan(1e-12);
      const onTape = lstsq(A.detach().requiresGrad_(true), B).solution.detach();
      expect(relErr(onTape, solution)).toBeLessThan(1e-14 * kappa * kappa);
    }
  });

  it('wide and rank-deficient: the minimum-norm solution pinv(A)·B, empty residuals', () => {
    const A = randomTensor([3, 2], 'float64', 13).matmul(randomTensor([2, 5], 'float64', 14));
    const B = randomTensor([3, 2], 'float64', 15);
    const { solution, residuals, rank } = lstsq(A, B);
    expect(relErr(solution, pinv(A).matmul(B))).toBeLessThan(1e-14);
    expect([...residuals.shape]).toEqual([0]);
    expect(rank.item()).toBe(2);
  });

  it('vector right-hand side, batches, complex, and rcond', () => {
    const A = randomTensor([2, 4, 3], 'complex128', 16);
    const b = randomTensor([2, 4], 'complex128', 17);
    const { solution } = lstsq(A, b);
    expect([...solution.shape]).toEqual([2, 3]);
    expect(relErr(solution, pinv(A).matmul(b.unsqueeze(-1)).squeeze(-1))).toBeLessThan(1e-14);
    const D = diagMatrix([1, 0.01], 3, 2);
    const ones = f64([[1], [1], [1]]);
    expect(Array.from(components(lstsq(D, ones, { rcond: 0.1 }).solution))).toEqual([1, 0]);
    expect(lstsq(D, ones, { rcond: 0.1 }).rank.item()).toBe(1);
  });

  it('rejects a right-hand side with the wrong number of rows (ShapeError naming the op)', () => {
    const A = randomTensor([4, 3], 'float64', 18);
    expect(() => lstsq(A, randomTensor([3, 2], 'float64', 19))).toThrow(ShapeError);
    expect(() => lstsq(A, randomTensor([3, 2], 'float64', 19))).toThrow(/^linalg\.lstsq/);
  });

  it.each([
    ['tall float64', 'float64', [4, 2], [4, 2]],
    ['wide float64', 'float64', [2, 3], [2, 1]],
    ['complex128 vector B', 'complex128', [3, 2], [3]],
    ['batched float64', 'float64', [2, 3, 2], [2, 3, 1]],
  ] as [string, 'float64' | 'complex128', number[], number[]][])(
    '%s: solution gradcheck and gradgradcheck',
    (_n, dtype, aShape, bShape) => {
      const A = randomTensor(aShape, dtype, 21, { requiresGrad: true });
      const B = randomTensor(bShape, dtype, 22, { requiresGrad: true });
      const fn = (a: Tensor, b: Tensor) => lstsq(a, b).solution;
      const rec = warnings.record(() => {
        expect(gradcheck(fn, [A, B])).toBe(true);
        expect(gradgradcheck(fn, [A, B])).toBe(true);
      });
      expect(rec.warnings).toEqual([]);
    },
  );

  it('solution of a 1×1 system', () => {
    const { solution } = lstsq(f64([[2]]), tensor([[6]], { dtype: 'float64' }));
    expect(solution.item()).toBe(3);
  });
});
