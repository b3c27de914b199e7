/**
 * vectorNorm, matrixNorm ('fro', 'nuc', ±2, ±1, ±inf), norm and cond: values against plain computations on the
 * entries and singular values, dims/keepdim, and gradcheck / gradgradcheck in float64 and complex128.
 */
import { grad } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { DtypeError, ShapeError, tensor, zeros } from '@tapegrad/core';
import { checkGradients } from '@tapegrad/testing/linalg';
import { components, f64, randomTensor, relErr } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { inv } from './lu';
import { cond, type MatrixOrd, matrixNorm, norm, vectorNorm } from './norms';
import { svdvals } from './svd';

type Dt = 'float64' | 'complex128';

/** |entries| of a matrix as rows (complex: moduli). */
function absRows(A: Tensor): number[][] {
  const [m, n] = A.shape;
  const c = components(A);
  const w = A.isComplex ? 2 : 1;
  return Array.from({ length: m }, (_, i) =>
    Array.from({ length: n }, (_, j) =>
      w === 2 ? Math.hypot(c[2 * (i * n + j)], c[2 * (i * n + j) + 1]) : Math.abs(c[i * n + j]),
    ),
  );
}

function expectedMatrixNorm(A: Tensor, ord: MatrixOrd): number {
  const rows = absRows(A);
  const colSums = rows[0].map((_, j) => rows.reduce((s, r) => s + r[j], 0));
  const rowSums = rows.map((r) => r.reduce((s, v) => s + v, 0));
  const s = Array.from(components(svdvals(A)));
  switch (ord) {
    case 'fro':
      return Math.sqrt(rows.flat().reduce((t, v) => t + v * v, 0));
    case 'nuc':
      return s.reduce((t, v) => t + v, 0);
    case 2:
      return Math.max(...s);
    case -2:
      return Math.min(...s);
    case 1:
      return Math.max(...colSums);
    case -1:
      return Math.min(...colSums);
    case Number.POSITIVE_INFINITY:
      return Math.max(...rowSums);
    default:
      return Math.min(...rowSums);
  }
}

const MATRIX_ORDS: MatrixOrd[] = ['fro', 'nuc', 2, -2, 1, -1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

describe('vectorNorm', () => {
  it('values for every ord', () => {
    const x = f64([[3, -4, 0, 1]]).squeeze(0);
    const v = (ord: number) => vectorNorm(x, ord).item() as number;
    expect(v(2)).toBeCloseTo(Math.sqrt(26), 14);
    expect(v(1)).toBe(8);
    expect(v(0)).toBe(3);
    expect(v(Number.POSITIVE_INFINITY)).toBe(4);
    expect(v(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(v(3)).toBeCloseTo((27 + 64 + 1) ** (1 / 3), 13);
    expect(v(0.5)).toBeCloseTo((Math.sqrt(3) + 2 + 1) ** 2, 12);
  });

  it('dims, keepdim, complex moduli and real result dtype', () => {
    const z = tensor([[{ re: 3, im: 4 }], [{ re: 0, im: 1 }]], { dtype: 'complex128' });
    const n = vectorNorm(z, 2, 0, true);
    expect(n.dtype).toBe('float64');
    expect([...n.shape]).toEqual([1, 1]);
    expect(n.item()).toBeCloseTo(Math.sqrt(26), 14);
    const A = randomTensor([2, 3, 4], 'float64', 1);
    expect([...vectorNorm(A, 1, [0, 2]).shape]).toEqual([3]);
    expect(vectorNorm(A.to('float32')).dtype).toBe('float32');
  });

  it('2-norm gradient at 0 is 0 (as PyTorch), not NaN', () => {
    const x = zeros([3], { dtype: 'float64', requiresGrad: true });
    const [g] = grad(vectorNorm(x), [x]);
    expect(Array.from(components(g!))).toEqual([0, 0, 0]);
  });

  it.each([2, 1, 3, 0.5, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'ord %s: gradcheck and gradgradcheck (float64 and complex128, over a dim)',
    (ord) => {
      for (const dtype of ['float64', 'complex128'] as Dt[]) {
        const x = randomTensor([2, 3], dtype, 7, { requiresGrad: true });
        checkGradients((t) => vectorNorm(t, ord), x);
        checkGradients((t) => vectorNorm(t, ord, -1, true), x);
      }
    },
  );

  it('rejects integer input and a non-numeric ord', () => {
    expect(() => vectorNorm(tensor([1, 2], { dtype: 'int32' }))).toThrow(DtypeError);
    expect(() => vectorNorm(f64([[1]]), 'fro' as unknown as number)).toThrow(/^linalg\.vectorNorm/);
  });
});

describe('matrixNorm', () => {
  it.each(MATRIX_ORDS)('ord %s matches the plain computation (real and complex, batched)', (ord) => {
    for (const dtype of ['float64', 'complex128'] as Dt[]) {
      const A = randomTensor([2, 3, 4], dtype, 11);
      const N = matrixNorm(A, ord);
      expect([...N.shape]).toEqual([2]);
      expect(N.dtype).toBe('float64');
      const got = components(N);
      for (let b = 0; b < 2; b++) {
        const expected = expectedMatrixNorm(A.select(0, b), ord);
        expect(Math.abs(got[b] - expected)).toBeLessThan(1e-13 * expected);
      }
    }
  });

  it.each(MATRIX_ORDS)('ord %s over dim = [0, 2] with keepdim', (ord) => {
    const A = randomTensor([3, 2, 4], 'float64', 12);
    const N = matrixNorm(A, ord, [0, 2], true);
    expect([...N.shape]).toEqual([1, 2, 1]);
    const moved = A.permute([1, 0, 2]);
    expect(relErr(N.reshape([2]), matrixNorm(moved, ord))).toBeLessThan(1e-14);
    expect([...matrixNorm(A, ord, [0, 2]).shape]).toEqual([2]);
  });

  it.each(MATRIX_ORDS)('ord %s: gradcheck and gradgradcheck', (ord) => {
    for (const dtype of ['float64', 'complex128'] as Dt[]) {
      checkGradients((t) => matrixNorm(t, ord), randomTensor([2, 3, 2], dtype, 13, { requiresGrad: true }));
    }
  });

  it('rejects unknown ords and 1-D input', () => {
    expect(() => matrixNorm(randomTensor([2, 2], 'float64', 1), 3)).toThrow(DtypeError);
    expect(() => matrixNorm(randomTensor([2], 'float64', 1))).toThrow(ShapeError);
  });
});

describe('norm and cond', () => {
  it('norm dispatches like torch.linalg.norm', () => {
    const A = randomTensor([3, 4], 'float64', 21);
    const flat = Math.sqrt(components(A).reduce((s, v) => s + v * v, 0));
    expect(norm(A).item()).toBeCloseTo(flat, 14);
    expect(relErr(norm(A, 'nuc'), matrixNorm(A, 'nuc'))).toBe(0);
    expect(relErr(norm(A, 1), matrixNorm(A, 1))).toBe(0);
    expect(relErr(norm(A, 1, 1), vectorNorm(A, 1, 1))).toBe(0);
    expect(relErr(norm(A, 2, [0, 1]), matrixNorm(A, 2))).toBe(0);
    const v = randomTensor([5], 'float64', 22);
    expect(relErr(norm(v, 1), vectorNorm(v, 1))).toBe(0);
  });

  it('cond for p = 2, −2 and the other orders', () => {
    const A = randomTensor([2, 3, 3], 'float64', 23);
    const s = components(svdvals(A));
    const c2 = components(cond(A));
    const cm2 = components(cond(A, -2));
    for (let b = 0; b < 2; b++) {
      expect(c2[b]).toBeCloseTo(s[3 * b] / s[3 * b + 2], 10);
      expect(cm2[b]).toBeCloseTo(s[3 * b + 2] / s[3 * b], 14);
    }
    for (const p of ['fro', 'nuc', 1, -1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] as MatrixOrd[]) {
      expect(relErr(cond(A, p), matrixNorm(A, p).mul(matrixNorm(inv(A), p)))).toBeLessThan(1e-14);
    }
    // non-square matrices for p = 2
    const W = randomTensor([2, 4], 'float64', 24);
    const sw = components(svdvals(W));
    expect(cond(W).item()).toBeCloseTo(sw[0] / sw[1], 12);
  });

  it.each([2, -2, 'fro', 1, Number.POSITIVE_INFINITY] as MatrixOrd[])('cond p=%s: gradcheck and gradgradcheck', (p) => {
    checkGradients((t) => cond(t, p), randomTensor([3, 3], 'float64', 25, { requiresGrad: true }));
  });

  it('norm and cond gradcheck on complex input', () => {
    checkGradients((t) => norm(t), randomTensor([2, 3], 'complex128', 26, { requiresGrad: true }));
    checkGradients((t) => cond(t), randomTensor([2, 2], 'complex128', 27, { requiresGrad: true }));
  });
});
