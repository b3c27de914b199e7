/**
 * Second derivatives of linalg.det at and near singular matrices (issue #10 item 3), against exact values: det is a
 * polynomial, so ∂²det(A + sV + tE_pq)/∂s∂t is computed exactly below with hyper-dual numbers (a + b·ε₁ + c·ε₂ +
 * d·ε₁ε₂, ε₁² = ε₂² = 0) over Gaussian integers — integer arithmetic, exact in doubles for these small entries.
 */
import { autograd, linalg, type Tensor, tensor } from 'tapegrad';
import { describe, expect, it } from 'vitest';

type C = [number, number];
/** A hyper-dual number with complex parts: [value, ∂/∂s, ∂/∂t, ∂²/∂s∂t]. */
type HyperDual = [C, C, C, C];

const cadd = (a: C, b: C): C => [a[0] + b[0], a[1] + b[1]];
const cmul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const hadd = (a: HyperDual, b: HyperDual): HyperDual => [
  cadd(a[0], b[0]),
  cadd(a[1], b[1]),
  cadd(a[2], b[2]),
  cadd(a[3], b[3]),
];
const hmul = (a: HyperDual, b: HyperDual): HyperDual => [
  cmul(a[0], b[0]),
  cadd(cmul(a[0], b[1]), cmul(a[1], b[0])),
  cadd(cmul(a[0], b[2]), cmul(a[2], b[0])),
  cadd(cadd(cmul(a[0], b[3]), cmul(a[3], b[0])), cadd(cmul(a[1], b[2]), cmul(a[2], b[1]))),
];
const hneg = (a: HyperDual): HyperDual => a.map(([re, im]) => [-re, -im]) as HyperDual;

/** Determinant by cofactor expansion (exact for integer entries). */
function hdet(M: HyperDual[][]): HyperDual {
  const n = M.length;
  if (n === 1) return M[0][0];
  let total: HyperDual = [
    [0, 0],
    [0, 0],
    [0, 0],
    [0, 0],
  ];
  for (let j = 0; j < n; j++) {
    const minor = M.slice(1).map((row) => row.filter((_, k) => k !== j));
    const term = hmul(M[0][j], hdet(minor));
    total = hadd(total, j % 2 === 0 ? term : hneg(term));
  }
  return total;
}

/**
 * The exact second derivative that `secondDerivative` computes: entry (p, q) is conj(∂²det(A + sV + tE_pq)/∂s∂t)
 * (the conjugate-Wirtinger gradient of the real loss Re Σ V∘∇det; V real).
 */
function exactSecond(A: C[][], V: number[][]): C[][] {
  return A.map((row, p) =>
    row.map((_, q) => {
      const M = A.map((r, i) =>
        r.map((a, j): HyperDual => [a, [V[i][j], 0], i === p && j === q ? [1, 0] : [0, 0], [0, 0]]),
      );
      const [re, im] = hdet(M)[3];
      return [re, -im] as C;
    }),
  );
}

/** {@link exactSecond} of a real matrix. */
const exactSecondReal = (M: number[][], V: number[][]): C[][] =>
  exactSecond(
    M.map((r) => r.map((v): C => [v, 0])),
    V,
  );

const re = (t: Tensor): Tensor => (t.isComplex ? t.real : t);

/** ∂/∂A of Re Σ V∘(∂det/∂A) by double backward. */
function secondDerivative(A: Tensor, V: number[][]): Tensor {
  const [g] = autograd.grad(re(linalg.det(A)), [A], { createGraph: true });
  if (g === null) throw new Error('no gradient');
  const [h] = autograd.grad(re(g.mul(tensor(V, { dtype: 'float64' })).sum()), [A]);
  if (h === null) throw new Error('no second derivative');
  return h;
}

const components = (t: Tensor): C[] => {
  const data = Array.from(t.toTypedArray(), Number);
  return t.isComplex
    ? data.flatMap((_, i) => (i % 2 === 0 ? [[data[i], data[i + 1]] as C] : []))
    : data.map((v) => [v, 0]);
};

function maxError(got: Tensor, want: C[][]): number {
  const flat = want.flat();
  return Math.max(...components(got).map(([re, im], i) => Math.hypot(re - flat[i][0], im - flat[i][1])));
}

const issueMatrix = [
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
];
const diag123 = [
  [1, 0, 0],
  [0, 2, 0],
  [0, 0, 3],
];

/** The float64 second derivative of det at the real matrix M along diag(1, 2, 3) matches the exact one. */
function expectExactReal(M: number[][]): void {
  const A = tensor(M, { dtype: 'float64', requiresGrad: true });
  expect(maxError(secondDerivative(A, diag123), exactSecondReal(M, diag123))).toBeLessThan(1e-12);
}

describe('linalg.det: second derivative at and near singular matrices', () => {
  it('the issue example: exactly singular 3×3 (rank 2), along diag(1, 2, 3) → exact integers, as PyTorch', () => {
    const A = tensor(issueMatrix, { dtype: 'float64', requiresGrad: true });
    const h = secondDerivative(A, diag123);
    // [[33, −12, −14], [−6, 12, −8], [−6, −6, 7]] (before: [[0, 0, 0], [0, 0, 0], [0, −64, 32]]).
    const want = exactSecondReal(issueMatrix, diag123);
    expect(want.map((r) => r.map(([re]) => re))).toEqual([
      [33, -12, -14],
      [-6, 12, -8],
      [-6, -6, 7],
    ]);
    expect(maxError(h, want)).toBeLessThan(1e-12);
  });

  it('rank n − 2 (adj(A) = 0 but its derivative is not) and the zero matrix', () => {
    for (const M of [
      [
        [1, 2, 3],
        [2, 4, 6],
        [3, 6, 9],
      ],
      [
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ],
    ]) {
      expectExactReal(M);
    }
  });

  it('complex exactly singular input (row 3 = row 1 + row 2): exact, not ~1e16', () => {
    const rows: C[][] = [
      [
        [1, 1],
        [2, 0],
        [3, -1],
      ],
      [
        [0, 2],
        [5, -1],
        [1, 0],
      ],
    ];
    const M: C[][] = [...rows, rows[0].map((a, j) => cadd(a, rows[1][j]))];
    const A = tensor(
      M.map((r) => r.map(([re, im]) => ({ re, im }))),
      { dtype: 'complex128', requiresGrad: true },
    );
    const V = [
      [1, -2, 0.5],
      [0, 3, 1],
      [2, 0, -1],
    ];
    expect(maxError(secondDerivative(A, V), exactSecond(M, V))).toBeLessThan(1e-12);
  });

  it('near singular (σ_min/σ_max ≈ 1e-12): accurate to ~eps, not ~eps/s', () => {
    const M = issueMatrix.map((r, i) => r.map((v, j) => (i === 2 && j === 2 ? 9 + 2 ** -36 : v)));
    expectExactReal(M);
  });

  it('repeated singular values (the identity): tr(V)·I − Vᵀ, no division by σ gaps', () => {
    const I = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    const A = tensor(I, { dtype: 'float64', requiresGrad: true });
    const V = [
      [1, -2, 0.5],
      [0, 3, 1],
      [2, 0, -1],
    ];
    const want = exactSecondReal(I, V);
    expect(maxError(secondDerivative(A, V), want)).toBeLessThan(1e-13);
  });

  it('batched input mixing singular and invertible matrices', () => {
    const B = [
      [2, 1, 0],
      [1, 3, 1],
      [0, 1, 4],
    ];
    const A = tensor([issueMatrix, B], { dtype: 'float64', requiresGrad: true });
    const [g] = autograd.grad(linalg.det(A).sum(), [A], { createGraph: true });
    if (g === null) throw new Error('no gradient');
    const [h] = autograd.grad(g.mul(tensor(diag123, { dtype: 'float64' })).sum(), [A]);
    if (h === null) throw new Error('no second derivative');
    const want = [issueMatrix, B].map((M) => exactSecondReal(M, diag123));
    expect(maxError(h.select(0, 0), want[0])).toBeLessThan(1e-12);
    expect(maxError(h.select(0, 1), want[1])).toBeLessThan(1e-12);
  });

  it('first derivatives keep the one-LU path without createGraph, and agree with adj(A)ᵀ', () => {
    const A = tensor(issueMatrix, { dtype: 'float64', requiresGrad: true });
    const [g] = autograd.grad(linalg.det(A), [A]);
    // adj([[1,2,3],[4,5,6],[7,8,9]])ᵀ = [[−3, 6, −3], [6, −12, 6], [−3, 6, −3]].
    const want: C[][] = [
      [-3, 6, -3],
      [6, -12, 6],
      [-3, 6, -3],
    ].map((r) => r.map((v): C => [v, 0]));
    if (g === null) throw new Error('no gradient');
    expect(maxError(g, want)).toBeLessThan(1e-12);
  });

  it('third derivatives (through the SVD recorded by the adjugate backward) pass gradgradcheck at distinct σ', () => {
    const A = tensor(
      [
        [1.5, -0.3, 0.7],
        [0.2, 2.1, -1.1],
        [-0.4, 0.6, 0.9],
      ],
      { dtype: 'float64', requiresGrad: true },
    );
    const gradOfDet = (X: Tensor) => {
      const [g] = autograd.grad(linalg.det(X), [X], { createGraph: true });
      if (g === null) throw new Error('no gradient');
      return g;
    };
    expect(autograd.gradgradcheck(gradOfDet, [A])).toBe(true);
  });
});
