/**
 * linalg.qr (modes reduced, complete, r) and linalg.cholesky: forward structure and gradcheck / gradgradcheck.
 */
import { grad } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { AutogradError, DtypeError, eye, zeros } from '@tapegrad/core';
import { checkGradients } from '@tapegrad/testing/linalg';
import { components, randomTensor, relErr } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { cholesky, qr } from './qr';

type Dt = 'float64' | 'complex128';
const SHAPES: [string, Dt, number[]][] = [
  ['float64 tall 4×3', 'float64', [4, 3]],
  ['float64 square 3×3', 'float64', [3, 3]],
  ['float64 wide 2×4', 'float64', [2, 4]],
  ['float64 batched 2×3×2', 'float64', [2, 3, 2]],
  ['complex128 tall 3×2', 'complex128', [3, 2]],
  ['complex128 wide 2×3', 'complex128', [2, 3]],
];

function isUpper(R: Tensor): boolean {
  const r = components(R.contiguous());
  const [rows, cols] = R.shape.slice(-2);
  const w = R.isComplex ? 2 : 1;
  for (let i = 0; i < r.length / w; i++) {
    const row = Math.floor(i / cols) % rows;
    const col = i % cols;
    if (row > col && (r[w * i] !== 0 || (w === 2 && r[w * i + 1] !== 0))) return false;
  }
  return true;
}

describe('qr forward', () => {
  it.each(SHAPES)('%s: Q orthonormal, R upper triangular, QR = A in every mode', (_n, dtype, shape) => {
    const A = randomTensor(shape, dtype, 1 + shape[0]);
    const [m, n] = shape.slice(-2);
    const batch = shape.slice(0, -2);
    const k = Math.min(m, n);
    const reduced = qr(A);
    expect([...reduced.Q.shape]).toEqual([...batch, m, k]);
    expect([...reduced.R.shape]).toEqual([...batch, k, n]);
    const complete = qr(A, { mode: 'complete' });
    expect([...complete.Q.shape]).toEqual([...batch, m, m]);
    expect([...complete.R.shape]).toEqual([...batch, m, n]);
    for (const { Q, R } of [reduced, complete]) {
      const c = Q.shape[Q.ndim - 1];
      expect(relErr(Q.mH.matmul(Q), eye(c, { dtype }).expand([...batch, c, c]))).toBeLessThan(1e-14);
      expect(isUpper(R)).toBe(true);
      expect(relErr(Q.matmul(R), A)).toBeLessThan(1e-14);
    }
    const rOnly = qr(A, { mode: 'r' });
    expect([...rOnly.Q.shape]).toEqual([...batch, m, 0]);
    expect(relErr(rOnly.R, reduced.R)).toBe(0);
  });

  it('rejects an unknown mode', () => {
    expect(() => qr(eye(2, { dtype: 'float64' }), { mode: 'full' as 'r' })).toThrow(DtypeError);
  });

  it('empty input', () => {
    const { Q, R } = qr(zeros([0, 3], { dtype: 'float64' }));
    expect([...Q.shape]).toEqual([0, 0]);
    expect([...R.shape]).toEqual([0, 3]);
  });
});

describe('qr gradients', () => {
  it.each(SHAPES)('%s: reduced Q and R', (_n, dtype, shape) => {
    checkGradients(
      (X) => {
        const { Q, R } = qr(X);
        return [Q, R];
      },
      [randomTensor(shape, dtype, 11 + shape[0], { requiresGrad: true })],
    );
  });

  it('complete mode is differentiable when m ≤ n', () => {
    checkGradients(
      (X) => {
        const { Q, R } = qr(X, { mode: 'complete' });
        return [Q, R];
      },
      [randomTensor([2, 3], 'float64', 21, { requiresGrad: true })],
    );
  });

  it("complete mode with m > n and mode 'r' refuse the backward with AutogradError", () => {
    const A = randomTensor([3, 2], 'float64', 22, { requiresGrad: true });
    expect(() => grad(qr(A, { mode: 'complete' }).Q.sum(), [A])).toThrow(AutogradError);
    expect(() => grad(qr(A, { mode: 'r' }).R.sum(), [A])).toThrow(/^linalg\.qr/);
  });
});

describe('cholesky', () => {
  const spd = (X: Tensor) => {
    const n = X.shape[X.ndim - 1];
    return X.matmul(X.mH).add(eye(n, { dtype: X.dtype }).mul(n));
  };
  const CASES: [string, Dt, number[]][] = [
    ['float64 3×3', 'float64', [3, 3]],
    ['float64 batched 2×2×2', 'float64', [2, 2, 2]],
    ['complex128 3×3', 'complex128', [3, 3]],
  ];

  it.each(CASES)('%s: L lower triangular with positive real diagonal, L Lᴴ = A; upper gives Lᴴ', (_n, dtype, shape) => {
    const A = spd(randomTensor(shape, dtype, 31));
    const L = cholesky(A);
    expect(isUpper(L.mH)).toBe(true);
    const d = components(L.diagonal(0, -2, -1).contiguous());
    for (let i = 0; i < d.length; i += dtype === 'complex128' ? 2 : 1) {
      expect(d[i]).toBeGreaterThan(0);
      if (dtype === 'complex128') expect(d[i + 1]).toBe(0);
    }
    expect(relErr(L.matmul(L.mH), A)).toBeLessThan(1e-14);
    expect(relErr(cholesky(A, { upper: true }), L.mH)).toBe(0);
  });

  it('reads only the lower triangle', () => {
    const A = spd(randomTensor([3, 3], 'float64', 32));
    const junk = A.tril().add(randomTensor([3, 3], 'float64', 33).triu(1));
    expect(relErr(cholesky(junk), cholesky(A))).toBe(0);
  });

  it.each(CASES)('%s: gradcheck and gradgradcheck of cholesky(X·Xᴴ + n·I)', (_n, dtype, shape) => {
    checkGradients((X) => cholesky(spd(X)), [randomTensor(shape, dtype, 41, { requiresGrad: true })]);
    checkGradients((X) => cholesky(spd(X), { upper: true }), [randomTensor(shape, dtype, 42, { requiresGrad: true })]);
  });
});
