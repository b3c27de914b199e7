import type { Tensor } from '@tapegrad/core';
import { diagEmbed, eye, noGrad, warnings, zeros } from '@tapegrad/core';
import { checkGradients } from '@tapegrad/testing/linalg';
import { frob } from '@tapegrad/testing/matrices';
import { components, diagMatrix, randomTensor, relErr } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { svd, svdvals } from './svd';

type Dt = 'float64' | 'complex128';
const SHAPES: [string, number[]][] = [
  ['3×3', [3, 3]],
  ['tall 4×3', [4, 3]],
  ['wide 2×4', [2, 4]],
  ['batched 2×3×2', [2, 3, 2]],
];
const DTYPES: Dt[] = ['float64', 'complex128'];
const cases = DTYPES.flatMap((dtype) => SHAPES.map(([name, shape]) => [`${dtype} ${name}`, dtype, shape] as const));

function identity(k: number, batch: readonly number[], dtype: Dt): Tensor {
  return eye(k, { dtype }).expand([...batch, k, k]);
}

describe('svd forward', () => {
  it.each(cases)('%s: reduced and full factors are orthonormal, S descending, U S Vh = A', (_n, dtype, shape) => {
    const A = randomTensor(shape, dtype, 3 + shape[0]);
    const batch = shape.slice(0, -2);
    const [m, n] = shape.slice(-2);
    const k = Math.min(m, n);
    for (const fullMatrices of [false, true]) {
      const { U, S, Vh } = svd(A, { fullMatrices });
      expect(S.dtype).toBe('float64');
      expect([...U.shape]).toEqual([...batch, m, fullMatrices ? m : k]);
      expect([...S.shape]).toEqual([...batch, k]);
      expect([...Vh.shape]).toEqual([...batch, fullMatrices ? n : k, n]);
      const s = components(S);
      for (let i = 0; i < s.length; i++) {
        expect(s[i]).toBeGreaterThanOrEqual(0);
        if (i % k !== 0) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
      }
      expect(relErr(U.mH.matmul(U), identity(U.shape[U.ndim - 1], batch, dtype))).toBeLessThan(1e-14);
      expect(relErr(Vh.matmul(Vh.mH), identity(Vh.shape[Vh.ndim - 2], batch, dtype))).toBeLessThan(1e-14);
      const Uk = U.narrow(-1, 0, k);
      const Vhk = Vh.narrow(-2, 0, k);
      expect(relErr(Uk.mul(S.to(dtype).unsqueeze(-2)).matmul(Vhk), A)).toBeLessThan(1e-14);
    }
    // svdvals agrees with svd's S, and Σσ² = ‖A‖²_F
    expect(relErr(svdvals(A), svd(A).S)).toBe(0);
    const total = components(svdvals(A)).reduce((a, b) => a + b * b, 0);
    expect(Math.abs(total - frob(components(A)) ** 2)).toBeLessThan(1e-13 * total);
  });

  it('known singular values (diagonal with signs, permuted)', () => {
    const A = diagMatrix([-3, 5, 0, 1], 4, 5);
    expect(Array.from(components(svdvals(A)))).toEqual([5, 3, 1, 0]);
  });

  it('float32 and complex64 are computed in double precision and rounded once', () => {
    const A = randomTensor([3, 4], 'float64', 5);
    expect(svdvals(A.to('float32')).dtype).toBe('float32');
    expect(relErr(svdvals(A.to('float32')).to('float64'), svdvals(A))).toBeLessThan(1e-6);
    const C = randomTensor([3, 4], 'complex128', 6);
    const r = svd(C.to('complex64'));
    expect(r.U.dtype).toBe('complex64');
    expect(r.S.dtype).toBe('float32');
  });

  it('empty inputs give empty factors (identities in full mode)', () => {
    const { U, S, Vh } = svd(zeros([2, 0, 3], { dtype: 'float64' }));
    expect([...U.shape]).toEqual([2, 0, 0]);
    expect([...S.shape]).toEqual([2, 0]);
    expect(relErr(Vh, identity(3, [2], 'float64'))).toBe(0);
    expect([...svdvals(zeros([3, 0], { dtype: 'float64' })).shape]).toEqual([0]);
    const red = svd(zeros([0, 2], { dtype: 'complex128' }), { fullMatrices: false });
    expect([...red.Vh.shape]).toEqual([0, 2]);
  });

  it('non-contiguous input and input left unchanged', () => {
    const A = randomTensor([2, 4, 3], 'complex128', 7);
    const before = components(A);
    expect(relErr(svdvals(A.mT), svdvals(A.mT.contiguous()))).toBe(0);
    svd(A.mT);
    expect(components(A)).toEqual(before);
  });

  it('records one linalg.svd node for all three outputs', () => {
    const A = randomTensor([3, 3], 'float64', 8, { requiresGrad: true });
    const { U, S, Vh } = svd(A);
    expect(U.gradFn?.name).toBe('linalg.svd');
    expect(S.gradFn).toBe(U.gradFn);
    expect(Vh.gradFn).toBe(U.gradFn);
    expect(noGrad(() => svd(A)).U.gradFn).toBeNull();
  });
});

describe('svd gradcheck and gradgradcheck (gauge-invariant losses)', () => {
  it.each(cases)('%s: reconstruction U·diag(S)·Vh', (_n, dtype, shape) => {
    const A = randomTensor(shape, dtype, 11 + shape[0], { requiresGrad: true });
    checkGradients((X) => {
      const { U, S, Vh } = svd(X, { fullMatrices: false });
      return U.matmul(diagEmbed(S).to(U.dtype)).matmul(Vh);
    }, A);
  });

  it.each(cases)('%s: weighted |U|² and |Vh|² sums plus S', (_n, dtype, shape) => {
    const A = randomTensor(shape, dtype, 21 + shape[0], { requiresGrad: true });
    const [m, n] = shape.slice(-2);
    const k = Math.min(m, n);
    const wU = randomTensor([m, k], 'float64', 22);
    const wV = randomTensor([k, n], 'float64', 23);
    checkGradients((X) => {
      const { U, S, Vh } = svd(X, { fullMatrices: false });
      return U.abs().square().mul(wU).sum().add(Vh.abs().square().mul(wV).sum()).add(S.mul(S).sum());
    }, A);
  });

  it.each(cases)('%s: projectors U·Uᴴ and Vhᴴ·Vh', (_n, dtype, shape) => {
    const A = randomTensor(shape, dtype, 31 + shape[0], { requiresGrad: true });
    checkGradients(
      (X) => {
        const { U, Vh } = svd(X, { fullMatrices: false });
        const proj = U.narrow(-1, 0, 1);
        return proj.matmul(proj.mH).add(Vh.mH.matmul(Vh).sum());
      },
      A,
      false,
    );
  });

  it.each(cases)('%s: S alone and svdvals', (_n, dtype, shape) => {
    const A = randomTensor(shape, dtype, 41 + shape[0], { requiresGrad: true });
    checkGradients((X) => svd(X).S, A);
    checkGradients((X) => svdvals(X), A);
  });

  it('full matrices: only the first k columns of U / rows of Vh are differentiated', () => {
    const A = randomTensor([4, 2], 'float64', 51, { requiresGrad: true });
    checkGradients((X) => {
      const { U, S, Vh } = svd(X, { fullMatrices: true });
      return U.narrow(-1, 0, 2).mul(S.unsqueeze(-2)).matmul(Vh);
    }, A);
  });

  it('svdvals gradient is finite and correct at repeated singular values', () => {
    // A = diag(1, 1, 0.5): d(σ₁ + σ₂ + σ₃)/dA = U Vᴴ = I (the polar factor), although σ₁ = σ₂
    const A = diagMatrix([1, 1, 0.5], 3, 3, true);
    const rec = warnings.record(() => {
      svdvals(A).sum().backward();
    });
    expect(rec.warnings).toEqual([]);
    expect(relErr(A.grad!, eye(3, { dtype: 'float64' }))).toBeLessThan(1e-15);
  });
});
