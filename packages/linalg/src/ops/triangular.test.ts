/**
 * linalg.solveTriangular: upper/lower, left/right, unitriangular, batch broadcasting; only the named triangle is read;
 * gradcheck / gradgradcheck with respect to A and B.
 */
import { gradcheck, gradgradcheck } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { DtypeError, eye, LinalgError, warnings } from '@tapegrad/core';
import { f64, randomTensor, relErr } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { solveTriangular } from './triangular';

type Dt = 'float64' | 'complex128';

/** A random matrix with a dominant diagonal (well-conditioned triangles). */
function base(shape: number[], dtype: Dt, seed: number, requiresGrad = false): Tensor {
  const n = shape[shape.length - 1];
  const X = randomTensor(shape, dtype, seed).add(eye(n, { dtype }).mul(n + 1));
  return requiresGrad ? X.detach().requiresGrad_(true) : X;
}

const VARIANTS = [
  { upper: true, left: true },
  { upper: false, left: true },
  { upper: true, left: false },
  { upper: false, left: false },
] as const;

describe('solveTriangular forward', () => {
  it.each(VARIANTS)('upper=$upper left=$left: solves with the triangle, ignores the rest', ({ upper, left }) => {
    for (const dtype of ['float64', 'complex128'] as Dt[]) {
      const A = base([2, 3, 3], dtype, 1);
      const T = upper ? A.triu() : A.tril();
      const B = randomTensor(left ? [2, 3, 2] : [2, 2, 3], dtype, 2);
      const X = solveTriangular(A, B, { upper, left });
      expect(relErr(left ? T.matmul(X) : X.matmul(T), B)).toBeLessThan(1e-14);
      expect(relErr(solveTriangular(T, B, { upper, left }), X)).toBe(0);
      // unit diagonal: the stored diagonal is not read
      const Tu = T.sub(T.diagonal(0, -2, -1).diagEmbed()).add(eye(3, { dtype }));
      const Xu = solveTriangular(A, B, { upper, left, unitriangular: true });
      expect(relErr(left ? Tu.matmul(Xu) : Xu.matmul(Tu), B)).toBeLessThan(1e-14);
    }
  });

  it('broadcasts batch dims', () => {
    const A = base([2, 1, 3, 3], 'float64', 3);
    const B = randomTensor([4, 3, 1], 'float64', 4);
    const X = solveTriangular(A, B, { upper: false });
    expect([...X.shape]).toEqual([2, 4, 3, 1]);
    expect(relErr(A.tril().matmul(X), B.expand([2, 4, 3, 1]))).toBeLessThan(1e-14);
  });

  it('requires the upper option and a non-singular triangle', () => {
    const A = f64([
      [1, 0],
      [2, 0],
    ]);
    const B = f64([[1], [1]]);
    expect(() => solveTriangular(A, B, {} as { upper: boolean })).toThrow(DtypeError);
    expect(() => solveTriangular(A, B, { upper: false })).toThrow(LinalgError);
    expect(() => solveTriangular(A, B, { upper: false })).toThrow(/^linalg\.solveTriangular/);
  });
});

describe('solveTriangular gradcheck and gradgradcheck', () => {
  const cases = (['float64', 'complex128'] as Dt[]).flatMap((dtype) =>
    VARIANTS.map((v) => [`${dtype} upper=${v.upper} left=${v.left}`, dtype, v] as const),
  );
  it.each(cases)('%s', (_n, dtype, { upper, left }) => {
    const A = base([3, 3], dtype, 11, true);
    const B = randomTensor(left ? [3, 2] : [2, 3], dtype, 12, { requiresGrad: true });
    const rec = warnings.record(() => {
      const fn = (a: Tensor, b: Tensor) => solveTriangular(a, b, { upper, left });
      expect(gradcheck(fn, [A, B])).toBe(true);
      expect(gradgradcheck(fn, [A, B])).toBe(true);
      const unit = (a: Tensor, b: Tensor) => solveTriangular(a, b, { upper, left, unitriangular: true });
      expect(gradcheck(unit, [A, B])).toBe(true);
    });
    expect(rec.warnings).toEqual([]);
  });

  it('batched with broadcasting', () => {
    const A = base([2, 1, 2, 2], 'float64', 13, true);
    const B = randomTensor([3, 2, 2], 'float64', 14, { requiresGrad: true });
    const fn = (a: Tensor, b: Tensor) => solveTriangular(a, b, { upper: true });
    expect(gradcheck(fn, [A, B])).toBe(true);
    expect(gradgradcheck(fn, [A, B])).toBe(true);
  });
});
