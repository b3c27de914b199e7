import type { Tensor } from '@tapegrad/core';
import { DtypeError, eye, noGrad, tensor, warnings, zeros } from '@tapegrad/core';
import { checkGradients } from '@tapegrad/testing/linalg';
import { components, randomTensor, relErr } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { eigh, eigvalsh } from './eigh';

type Dt = 'float64' | 'complex128';
const CASES: [string, Dt, number[]][] = [
  ['float64 3×3', 'float64', [3, 3]],
  ['float64 batched 2×3×3', 'float64', [2, 3, 3]],
  ['float64 1×1', 'float64', [1, 1]],
  ['complex128 3×3', 'complex128', [3, 3]],
  ['complex128 batched 2×2×2', 'complex128', [2, 2, 2]],
];

const sym = (X: Tensor) => X.add(X.mH).div(2);

describe('eigh forward', () => {
  it.each(CASES)('%s: ascending real eigenvalues, orthonormal eigenvectors, V Λ Vᴴ = A', (_n, dtype, shape) => {
    const A = sym(randomTensor(shape, dtype, 3 + shape.length));
    const n = shape[shape.length - 1];
    const { eigenvalues: L, eigenvectors: V } = eigh(A);
    expect(L.dtype).toBe('float64');
    expect(V.dtype).toBe(dtype);
    const l = components(L);
    for (let i = 0; i < l.length; i++) if (i % n !== 0) expect(l[i]).toBeGreaterThanOrEqual(l[i - 1]);
    const I = eye(n, { dtype }).expand([...shape.slice(0, -2), n, n]);
    expect(relErr(V.mH.matmul(V), I)).toBeLessThan(1e-14);
    expect(relErr(V.mul(L.to(dtype).unsqueeze(-2)).matmul(V.mH), A)).toBeLessThan(1e-14);
    expect(relErr(eigvalsh(A), L)).toBe(0);
  });

  it('reads only the triangle named by UPLO', () => {
    const H = sym(randomTensor([4, 4], 'complex128', 5));
    const junk = randomTensor([4, 4], 'complex128', 6, { scale: 100 });
    const lower = H.tril().add(junk.triu(1));
    const upper = H.triu().add(junk.tril(-1));
    const ref = eigvalsh(H);
    expect(relErr(eigvalsh(lower), ref)).toBeLessThan(1e-14);
    expect(relErr(eigvalsh(upper, { UPLO: 'U' }), ref)).toBeLessThan(1e-14);
    expect(relErr(eigh(upper, { UPLO: 'U' }).eigenvalues, ref)).toBeLessThan(1e-14);
  });

  it('known spectrum', () => {
    const A = tensor(
      [
        [2, 1],
        [1, 2],
      ],
      { dtype: 'float64' },
    );
    expect(Array.from(components(eigvalsh(A)))).toEqual([1, 3]);
  });

  it('float32 input gives float32 outputs close to float64', () => {
    const A = sym(randomTensor([4, 4], 'float64', 7));
    const L32 = eigvalsh(A.to('float32'));
    expect(L32.dtype).toBe('float32');
    expect(relErr(L32.to('float64'), eigvalsh(A))).toBeLessThan(1e-6);
  });

  it('empty input', () => {
    const r = eigh(zeros([2, 0, 0], { dtype: 'float64' }));
    expect([...r.eigenvalues.shape]).toEqual([2, 0]);
    expect([...r.eigenvectors.shape]).toEqual([2, 0, 0]);
  });

  it('rejects a bad UPLO', () => {
    const A = eye(2, { dtype: 'float64' });
    expect(() => eigh(A, { UPLO: 'X' as 'L' })).toThrow(DtypeError);
    expect(() => eigvalsh(A, { UPLO: 'X' as 'L' })).toThrow(/^linalg\.eigvalsh/);
  });

  it('leaves its input unchanged and records one node', () => {
    const A = sym(randomTensor([3, 3], 'float64', 8)).requiresGrad_(true);
    const before = components(A);
    const { eigenvalues, eigenvectors } = eigh(A);
    expect(components(A)).toEqual(before);
    expect(eigenvalues.gradFn?.name).toBe('linalg.eigh');
    expect(eigenvectors.gradFn).toBe(eigenvalues.gradFn);
    expect(noGrad(() => eigh(A)).eigenvalues.gradFn).toBeNull();
  });
});

describe('eigh gradcheck and gradgradcheck', () => {
  it.each(CASES)('%s: eigenvalues', (_n, dtype, shape) => {
    checkGradients(
      (X) => eigh(sym(X)).eigenvalues,
      randomTensor(shape, dtype, 11 + shape.length, { requiresGrad: true }),
    );
  });

  it.each(CASES)('%s: eigvalsh', (_n, dtype, shape) => {
    checkGradients((X) => eigvalsh(sym(X)), randomTensor(shape, dtype, 21 + shape.length, { requiresGrad: true }));
  });

  it.each(CASES)('%s: Σ w·|V|² + λ·c', (_n, dtype, shape) => {
    const n = shape[shape.length - 1];
    const w = randomTensor([n, n], 'float64', 31);
    const c = randomTensor([n], 'float64', 32);
    checkGradients(
      (X) => {
        const { eigenvalues, eigenvectors } = eigh(sym(X));
        return eigenvectors.abs().square().mul(w).sum().add(eigenvalues.mul(c).sum());
      },
      randomTensor(shape, dtype, 33 + shape.length, { requiresGrad: true }),
    );
  });

  it.each(CASES)('%s: reconstruction V·diag(λ)·Vᴴ and UPLO="U"', (_n, dtype, shape) => {
    checkGradients(
      (X) => {
        const { eigenvalues, eigenvectors } = eigh(sym(X), { UPLO: 'U' });
        return eigenvectors.mul(eigenvalues.to(dtype).unsqueeze(-2)).matmul(eigenvectors.mH);
      },
      randomTensor(shape, dtype, 41 + shape.length, { requiresGrad: true }),
    );
  });

  it('eigvalsh gradient is finite at repeated eigenvalues: d(Σλ)/dA = I', () => {
    const A = tensor(
      [
        [2, 0, 0],
        [0, 2, 0],
        [0, 0, 1],
      ],
      { dtype: 'float64', requiresGrad: true },
    );
    const rec = warnings.record(() => eigvalsh(A).sum().backward());
    expect(rec.warnings).toEqual([]);
    expect(relErr(A.grad!, eye(3, { dtype: 'float64' }))).toBeLessThan(1e-15);
  });
});
