/**
 * `x.norm(p, dim, keepdim)` with PyTorch's semantics (issue #11 item 8: `x.norm(2, 1)` used to return the norm of
 * every element). Values against closed forms and linalg.vectorNorm (an independent implementation path for p = 2),
 * derivatives against finite differences (gradcheck/gradgradcheck), torch's zero subgradient at a zero row.
 */
import { autograd, DtypeError, linalg, tensor } from 'tapegrad';
import { describe, expect, it } from 'vitest';

const A = () =>
  tensor(
    [
      [3, -4],
      [6, 8],
    ],
    { dtype: 'float64' },
  );

describe('Tensor.norm(p, dim, keepdim)', () => {
  it('reduces over dim with the given p (closed forms)', () => {
    expect(A().norm().item()).toBeCloseTo(Math.sqrt(9 + 16 + 36 + 64), 12);
    expect(A().norm('fro').item()).toBeCloseTo(Math.sqrt(125), 12);
    expect(A().norm(2, 1).toArray()).toEqual([5, 10]);
    expect(A().norm(2, 0).toArray()).toEqual([Math.sqrt(45), Math.sqrt(80)]);
    expect(A().norm(1, 1).toArray()).toEqual([7, 14]);
    expect(A().norm(Number.POSITIVE_INFINITY, 1).toArray()).toEqual([4, 8]);
    expect(A().norm(Number.NEGATIVE_INFINITY, 0).toArray()).toEqual([3, 4]);
    expect(
      tensor(
        [
          [0, 2],
          [0, 0],
        ],
        { dtype: 'float64' },
      )
        .norm(0, 1)
        .toArray(),
    ).toEqual([1, 0]);
    const p3 = A().norm(3, 1).toArray() as number[];
    expect(p3[0]).toBeCloseTo((27 + 64) ** (1 / 3), 12);
    expect(p3[1]).toBeCloseTo((216 + 512) ** (1 / 3), 12);
  });

  it('keepdim keeps the reduced dim; several dims reduce together', () => {
    expect(A().norm(2, 1, true).shape).toEqual([2, 1]);
    expect(A().norm(2, [0, 1]).item()).toBeCloseTo(Math.sqrt(125), 12);
    const x = tensor([1, -2, 3, 0.5, 2, -1, 0, 4], { dtype: 'float64', shape: [2, 2, 2] });
    expect(x.norm(2, -1).allclose(linalg.vectorNorm(x, 2, -1))).toBe(true);
    expect(x.norm(1.5, [0, 2], true).allclose(linalg.vectorNorm(x, 1.5, [0, 2], true))).toBe(true);
  });

  it('complex input gives a real norm of the moduli', () => {
    const z = tensor(
      [
        { re: 3, im: 4 },
        { re: 0, im: 1 },
      ],
      { dtype: 'complex128' },
    );
    expect(z.norm().item()).toBeCloseTo(Math.sqrt(26), 12);
    expect(z.norm(1).item()).toBeCloseTo(6, 12);
  });

  it('derivatives of every order match finite differences (p = 2, 3, 1.5, fro over dims)', () => {
    const x = tensor(
      [
        [0.3, -1.2, 0.7],
        [2.1, 0.4, -0.9],
      ],
      { dtype: 'float64', requiresGrad: true },
    );
    for (const p of [2, 3, 1.5, 'fro'] as const) {
      expect(autograd.gradcheck((t) => t.norm(p, 1), [x])).toBe(true);
      expect(autograd.gradgradcheck((t) => t.norm(p, 0, true), [x])).toBe(true);
    }
  });

  it('the gradient at a zero row is 0, as torch (no NaN)', () => {
    const x = tensor(
      [
        [0, 0],
        [3, 4],
      ],
      { dtype: 'float64', requiresGrad: true },
    );
    x.norm(2, 1).sum().backward();
    const g = x.grad?.toArray() as number[][];
    expect(g[0]).toEqual([0, 0]);
    expect(g[1][0]).toBeCloseTo(0.6, 14);
    expect(g[1][1]).toBeCloseTo(0.8, 14);
  });

  it('bad p, keepdim and dtypes are DtypeErrors that start with Tensor.norm', () => {
    expect(() => A().norm('nuc' as 'fro')).toThrow(DtypeError);
    expect(() => A().norm('nuc' as 'fro')).toThrow(/^Tensor\.norm: .*linalg\.matrixNorm/);
    expect(() => A().norm(Number.NaN)).toThrow(/^Tensor\.norm: expected p/);
    expect(() => A().norm(2, 1, 1 as unknown as boolean)).toThrow(/^Tensor\.norm: expected keepdim/);
    expect(() => tensor([1, 2], { dtype: 'int32' }).norm()).toThrow(/^Tensor\.norm: expected a floating/);
  });
});
