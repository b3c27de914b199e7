/**
 * Every failure is a typed TapegradError naming the op (docs/semantics.md §2.5, §4.3): wrong rank or dtype, non-finite input,
 * non-square where square is required, singular or non-PD input, phase-dependent complex losses, wrong option types
 * and shapes. Bad input never hangs and never corrupts the input tensor.
 */
import { grad } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { DtypeError, LinalgError, ShapeError, TapegradError, tensor } from '@tapegrad/core';
import { thrown } from '@tapegrad/testing/errors';
import { quiet } from '@tapegrad/testing/linalg';
import { components, f64, randomTensor } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { eigh, eigvalsh } from './ops/eigh';
import { det, inv, slogdet, solve } from './ops/lu';
import { cond, matrixNorm } from './ops/norms';
import { type PinvOptions, pinv, pinverse } from './ops/pinv';
import { cholesky, qr } from './ops/qr';
import { lstsq, matrixRank } from './ops/rank';
import { svd, svdvals } from './ops/svd';
import { solveTriangular } from './ops/triangular';

type ErrorClass = typeof ShapeError | typeof DtypeError | typeof LinalgError;

function expectError(fn: () => unknown, cls: ErrorClass, pattern: RegExp): void {
  const caught = thrown(fn);
  expect(caught).toBeInstanceOf(cls);
  expect(caught).toBeInstanceOf(TapegradError);
  expect((caught as Error).name).toBe(cls.name);
  expect((caught as Error).message).toMatch(pattern);
}

/** Every matrix op with the public name it reports. */
const MATRIX_OPS: [string, (A: Tensor) => unknown][] = [
  ['linalg.pinv', (A) => pinv(A)],
  ['pinverse', (A) => quiet(() => pinverse(A))],
  ['linalg.svd', (A) => svd(A)],
  ['linalg.svdvals', (A) => svdvals(A)],
  ['linalg.eigh', (A) => eigh(A)],
  ['linalg.eigvalsh', (A) => eigvalsh(A)],
  ['linalg.qr', (A) => qr(A)],
  ['linalg.cholesky', (A) => cholesky(A)],
  ['linalg.solve', (A) => solve(A, f64([[1], [1], [1]]))],
  ['linalg.inv', (A) => inv(A)],
  ['linalg.det', (A) => det(A)],
  ['linalg.slogdet', (A) => slogdet(A)],
  ['linalg.solveTriangular', (A) => solveTriangular(A, f64([[1], [1], [1]]), { upper: false })],
  ['linalg.lstsq', (A) => lstsq(A, f64([[1], [1], [1]]))],
  ['linalg.matrixRank', (A) => matrixRank(A)],
];
const SQUARE_OPS = new Set([
  'linalg.eigh',
  'linalg.eigvalsh',
  'linalg.cholesky',
  'linalg.solve',
  'linalg.inv',
  'linalg.det',
  'linalg.slogdet',
  'linalg.solveTriangular',
]);
const escapeDots = (s: string) => s.replace(/\./g, '\\.');

describe('input rank and dtype', () => {
  it('pinv of a 1-D tensor is a ShapeError', () => {
    expectError(() => pinv(tensor([3, 4], { dtype: 'float64' })), ShapeError, /^linalg\.pinv/);
  });

  it('pinv of int32 is a DtypeError with exactly the docs/semantics.md §2.5 message', () => {
    expectError(
      () => pinv(tensor([1, 2, 3], { dtype: 'int32' })),
      DtypeError,
      /^linalg\.pinv: expected a tensor with 2 or more dimensions of float32, float64, complex64 or complex128 dtype, got int32 tensor of shape \[3\]$/,
    );
    expectError(
      () =>
        pinv(
          tensor(
            [
              [1, 2],
              [3, 4],
            ],
            { dtype: 'int32' },
          ),
        ),
      DtypeError,
      /^linalg\.pinv: .*got int32 tensor of shape \[2, 2\]$/,
    );
  });

  it.each(MATRIX_OPS)('%s: 1-D, bool and non-tensor inputs are typed errors naming the op', (name, fn) => {
    const re = new RegExp(`^${escapeDots(name)}: `);
    expectError(() => fn(tensor([1, 2, 3], { dtype: 'float64' })), ShapeError, re);
    expectError(() => fn(tensor([[true]], { dtype: 'bool' })), DtypeError, re);
    expectError(
      () =>
        fn([
          [1, 2],
          [3, 4],
        ] as unknown as Tensor),
      DtypeError,
      re,
    );
    expectError(() => fn(null as unknown as Tensor), DtypeError, re);
  });

  it.each(MATRIX_OPS.filter(([name]) => SQUARE_OPS.has(name)))('%s: non-square input is a ShapeError', (name, fn) => {
    expectError(() => fn(randomTensor([3, 2], 'float64', 2)), ShapeError, new RegExp(`^${escapeDots(name)}: .*square`));
  });

  it('pinv with hermitian=true and matrixRank with hermitian=true require square input', () => {
    expectError(
      () => pinv(randomTensor([2, 3], 'float64', 3), { hermitian: true }),
      ShapeError,
      /^linalg\.pinv: .*square/,
    );
    expectError(
      () => matrixRank(randomTensor([2, 3], 'float64', 3), { hermitian: true }),
      ShapeError,
      /^linalg\.matrixRank: .*square/,
    );
  });

  it('cond with an order other than ±2 requires square input (the error names linalg.cond)', () => {
    expectError(() => cond(randomTensor([2, 3], 'float64', 4), 'fro'), ShapeError, /^linalg\.cond: .*square/);
    expect(() => cond(randomTensor([2, 3], 'float64', 4), 2)).not.toThrow();
  });

  it('norms reject integer input', () => {
    expectError(() => matrixNorm(tensor([[1]], { dtype: 'int32' })), DtypeError, /^linalg\.matrixNorm/);
    expectError(() => cond(tensor([[1]], { dtype: 'int32' })), DtypeError, /^linalg\.cond/);
  });
});

describe('inputs are never modified', () => {
  it.each(MATRIX_OPS)('%s leaves its input (a strided view of a larger tensor) unchanged', (_name, fn) => {
    for (const dtype of ['float64', 'complex128', 'float32'] as const) {
      const base = randomTensor([2, 3, 4], dtype, 3);
      const X = base.narrow(2, 1, 3).select(0, 1); // 3×3, offset and non-unit strides
      const A = X.matmul(X.mH).add(
        tensor(
          [
            [3, 0, 0],
            [0, 3, 0],
            [0, 0, 3],
          ],
          { dtype },
        ),
      ); // SPD, for cholesky
      const before = components(A);
      const baseBefore = components(base);
      fn(A);
      try {
        fn(X); // may legitimately fail (cholesky of a non-PD matrix), but must not write into base
      } catch (e) {
        expect(e).toBeInstanceOf(LinalgError);
      }
      expect(components(A)).toEqual(before);
      expect(components(base)).toEqual(baseBefore);
    }
  });
});

describe('non-finite input', () => {
  const bad = [
    ['NaN', Number.NaN],
    ['+Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
  ] as const;

  it.each(MATRIX_OPS)('%s: NaN / ±Infinity is a LinalgError mentioning non-finite values', (name, fn) => {
    for (const [, v] of bad) {
      for (const dtype of ['float64', 'complex128', 'float32'] as const) {
        // the bad entry on the diagonal's lower side, so that every op reads it
        const A = tensor(
          [
            [4, 0, 0],
            [v, 4, 0],
            [0, 0, 4],
          ],
          { dtype },
        );
        const before = components(A);
        expectError(() => fn(A), LinalgError, new RegExp(`^${escapeDots(name)}: .*non-finite`));
        expect(Object.is(components(A)[dtype === 'complex128' ? 6 : 3], before[dtype === 'complex128' ? 6 : 3])).toBe(
          true,
        );
      }
    }
  });

  it('pinv: the documented message', () => {
    expectError(
      () =>
        pinv(
          f64([
            [1, Number.NaN],
            [0, 1],
          ]),
        ),
      LinalgError,
      /^linalg\.pinv: the input contains non-finite values/,
    );
    expectError(
      () =>
        pinv(
          f64([
            [1, 0],
            [Number.NaN, 1],
          ]),
          { hermitian: true },
        ),
      LinalgError,
      /non-finite/,
    );
    expectError(
      () => pinv(randomTensor([2, 2, 3], 'float64', 1).mul(f64([[Number.POSITIVE_INFINITY]]))),
      LinalgError,
      /non-finite/,
    );
  });

  it('a non-finite right-hand side of solve / solveTriangular / lstsq is a LinalgError', () => {
    const A = f64([
      [2, 0],
      [0, 2],
    ]);
    const B = f64([[1], [Number.NaN]]);
    expectError(() => solve(A, B), LinalgError, /^linalg\.solve: .*non-finite/);
    expectError(() => solveTriangular(A, B, { upper: true }), LinalgError, /^linalg\.solveTriangular: .*non-finite/);
    expectError(() => lstsq(A, B), LinalgError, /^linalg\.lstsq: .*non-finite/);
  });
});

describe('singular and non-positive-definite input', () => {
  const singular = f64([
    [1, 2],
    [2, 4],
  ]);

  it('solve and inv of a singular matrix are LinalgErrors', () => {
    expectError(() => solve(singular, f64([[1], [1]])), LinalgError, /^linalg\.solve: .*singular/);
    expectError(() => inv(singular), LinalgError, /^linalg\.inv: .*singular/);
    expectError(() => inv(f64([[0]])), LinalgError, /^linalg\.inv/);
  });

  it('cholesky of a non-positive-definite matrix is a LinalgError', () => {
    expectError(() => cholesky(singular), LinalgError, /^linalg\.cholesky: .*positive-definite/);
    expectError(
      () =>
        cholesky(
          f64([
            [1, 0],
            [0, -1],
          ]),
        ),
      LinalgError,
      /^linalg\.cholesky: .*order 2/,
    );
  });

  it('a singular triangular system is a LinalgError', () => {
    expectError(
      () =>
        solveTriangular(
          f64([
            [1, 0],
            [1, 0],
          ]),
          f64([[1], [1]]),
          { upper: false },
        ),
      LinalgError,
      /^linalg\.solveTriangular: .*singular/,
    );
  });
});

describe('phase-dependent complex losses', () => {
  const A = () =>
    tensor(
      [
        [
          { re: 1, im: 2 },
          { re: 0.5, im: -1 },
        ],
        [
          { re: -1, im: 0.3 },
          { re: 2, im: 1 },
        ],
      ],
      { dtype: 'complex128', requiresGrad: true },
    );

  it('svd: a loss on U.real is ill-defined (PyTorch text)', () => {
    const X = A();
    const { U } = svd(X);
    expectError(
      () => grad(U.real.sum(), [X]),
      LinalgError,
      /^svd_backward: The singular vectors in the complex case are specified up to multiplication by e\^\{i phi\}\. The specified loss function depends on this phase term, making it ill-defined\.$/,
    );
    const Y = A();
    expectError(() => grad(svd(Y).Vh.imag.sum(), [Y]), LinalgError, /ill-defined/);
  });

  it('eigh: a loss on the eigenvectors’ real part is ill-defined (PyTorch text)', () => {
    const X = A();
    const H = X.add(X.mH);
    const { eigenvectors } = eigh(H);
    expectError(
      () => grad(eigenvectors.real.sum(), [X]),
      LinalgError,
      /^eigh_backward: The eigenvectors in the complex case are specified up to multiplication by e\^\{i phi\}\. The specified loss function depends on this phase term, making it ill-defined\.$/,
    );
  });

  it('phase-invariant losses of the same factors are fine', () => {
    const X = A();
    const { U, S, Vh } = svd(X);
    expect(() => grad(U.abs().sum().add(S.sum()).add(Vh.abs().square().sum()), [X])).not.toThrow();
  });
});

describe('options', () => {
  const A = randomTensor([3, 3], 'float64', 5);
  const bad = <T>(v: unknown) => v as T;

  it.each([
    ['atol: "x"', { atol: bad<number>('x') }, DtypeError],
    ['rtol: "x"', { rtol: bad<number>('x') }, DtypeError],
    ['atol: NaN', { atol: Number.NaN }, DtypeError],
    ['atol: null', { atol: bad<number>(null) }, DtypeError],
    ['hermitian: 1', { hermitian: bad<boolean>(1) }, DtypeError],
    ['hermitian: "true"', { hermitian: bad<boolean>('true') }, DtypeError],
    ['rcond: "x"', { rcond: bad<number>('x') }, DtypeError],
    ['rcond with rtol', { rcond: 0.1, rtol: 0.1 }, DtypeError],
    ['atol of the wrong shape', { atol: tensor([0.1, 0.2], { dtype: 'float64' }) }, ShapeError],
    ['atol int32 tensor', { atol: tensor([1], { dtype: 'int32' }) }, DtypeError],
    ['out not a tensor', { out: bad<Tensor>([[0]]) }, DtypeError],
  ] as [string, PinvOptions, ErrorClass][])('pinv %s → typed error naming the op', (_n, opts, cls) => {
    expectError(() => quiet(() => pinv(A, opts)), cls, /^linalg\.pinv: /);
  });

  it('pinv options must be an object', () => {
    expectError(() => pinv(A, bad<PinvOptions>(null)), DtypeError, /^linalg\.pinv: /);
    expectError(() => pinv(A, bad<PinvOptions>(0.1)), DtypeError, /^linalg\.pinv: /);
  });

  it('pinverse rcond must be a number or tensor', () => {
    expectError(() => quiet(() => pinverse(A, bad<number>('x'))), DtypeError, /^pinverse: /);
  });

  it('other ops reject options of the wrong type', () => {
    expectError(() => svd(A, { fullMatrices: bad<boolean>(1) }), DtypeError, /^linalg\.svd: /);
    expectError(() => eigh(A, { UPLO: bad<'L'>('l') }), DtypeError, /^linalg\.eigh: /);
    expectError(() => qr(A, { mode: bad<'r'>('economic') }), DtypeError, /^linalg\.qr: /);
    expectError(() => cholesky(A, { upper: bad<boolean>('yes') }), DtypeError, /^linalg\.cholesky: /);
    expectError(
      () => solveTriangular(A, A, { upper: true, left: bad<boolean>(0) }),
      DtypeError,
      /^linalg\.solveTriangular: /,
    );
    expectError(() => lstsq(A, A, { rcond: bad<number>('x') }), DtypeError, /^linalg\.lstsq: /);
    expectError(() => matrixRank(A, { hermitian: bad<boolean>(1) }), DtypeError, /^linalg\.matrixRank: /);
  });

  it('solve rejects a right-hand side of the wrong shape or dtype', () => {
    expectError(() => solve(A, f64([[1], [2]])), ShapeError, /^linalg\.solve: /);
    expectError(() => solve(A, tensor([1, 2, 3], { dtype: 'int32' })), DtypeError, /^linalg\.solve: /);
    expectError(
      () => solve(randomTensor([2, 3, 3], 'float64', 1), randomTensor([3, 3, 1], 'float64', 2)),
      ShapeError,
      /^linalg\.solve/,
    );
  });
});
