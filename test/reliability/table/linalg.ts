/**
 * Rows of `linalg.*` (and the top-level `pinverse`): wrong rank and dtype, non-square input, NaN/±Infinity, options of
 * the wrong type, tolerance tensors of the wrong shape or dtype (complex tolerances are rejected, as in PyTorch),
 * `out=` misuse, singular and non-positive-definite input.
 */

import * as li from '@tapegrad/linalg/internal';
import { quiet } from '@tapegrad/testing/linalg';
import type { Tensor } from 'tapegrad';
import { linalg, pinverse, tensor } from 'tapegrad';
import { as, type BadCase, bad, bool, c128, f64, i32, type Row, spd, type Table, type Track } from './types';

type MatrixOp = (A: Tensor) => unknown;

/** 4·I₃ with one non-finite entry below the diagonal. */
const poisoned = (value: number) => (): Tensor =>
  tensor(
    [
      [4, 0, 0],
      [value, 4, 0],
      [0, 0, 4],
    ],
    { dtype: 'float64' },
  );
const nanMatrix = poisoned(Number.NaN);
const infMatrix = poisoned(Number.NEGATIVE_INFINITY);

/** The bad inputs every matrix op shares. */
function matrixCases(op: MatrixOp, opts: { square?: boolean; finite?: boolean } = {}): BadCase[] {
  const cases: BadCase[] = [
    bad('a 1-D tensor', 'ShapeError', (t) => op(t(f64([3])))),
    bad('a 0-d tensor', 'ShapeError', (t) => op(t(f64([])))),
    bad('an int32 matrix', 'DtypeError', (t) =>
      op(
        t(
          i32([
            [1, 2],
            [3, 4],
          ]),
        ),
      ),
    ),
    bad('a bool matrix', 'DtypeError', (t) => op(t(bool([[true]])))),
    bad('a nested array', 'DtypeError', () =>
      op(
        as<Tensor>([
          [1, 2],
          [3, 4],
        ]),
      ),
    ),
    bad('null', 'DtypeError', () => op(as<Tensor>(null))),
    bad('a number', 'DtypeError', () => op(as<Tensor>(3))),
  ];
  if (opts.square) cases.push(bad('a 3×2 matrix (not square)', 'ShapeError', (t) => op(t(f64([3, 2])))));
  if (opts.finite !== false) {
    cases.push(
      bad('a NaN entry', 'LinalgError', (t) => op(t(nanMatrix()))),
      bad('a -Infinity entry', 'LinalgError', (t) => op(t(infMatrix()))),
      bad('a NaN imaginary part in the second matrix of a complex128 batch', 'LinalgError', (t) => {
        const data = new Float64Array(2 * 3 * 3 * 2).map((_, i) => (i % 5) + (i % 7 === 0 ? 4 : 0));
        data[27] = Number.NaN;
        return op(t(tensor(data, { dtype: 'complex128', shape: [2, 3, 3] })));
      }),
      bad('a NaN entry of a matrix that requires grad', 'LinalgError', () => op(nanMatrix().requiresGrad_())),
    );
  }
  return cases;
}

const optionObjectCases = (call: (opts: unknown) => unknown): BadCase[] => [
  bad('options null', 'DtypeError', () => call(null)),
  bad('options a number', 'DtypeError', () => call(0.1)),
];

const A33 = (t: Track): Tensor =>
  t(
    f64([3, 3]).add(
      tensor(
        [
          [3, 0, 0],
          [0, 3, 0],
          [0, 0, 3],
        ],
        { dtype: 'float64' },
      ),
    ),
  );

const tolCases = (name: string, call: (opts: Record<string, unknown>) => unknown): BadCase[] => [
  bad(`${name}: "x"`, 'DtypeError', () => call({ [name]: 'x' })),
  bad(`${name}: NaN`, 'DtypeError', () => call({ [name]: Number.NaN })),
  bad(`${name}: null`, 'DtypeError', () => call({ [name]: null })),
  bad(`${name}: a complex tensor (rejected, as in PyTorch)`, 'DtypeError', (t) =>
    call({ [name]: t(tensor([{ re: 0.1, im: 0 }], { dtype: 'complex128' })) }),
  ),
  bad(`${name}: an int32 tensor`, 'DtypeError', (t) => call({ [name]: t(i32([1])) })),
  bad(`${name}: a tensor that does not broadcast to the batch`, 'ShapeError', (t) => call({ [name]: t(f64([2])) })),
  bad(`${name}: a tensor with more dims than the batch`, 'ShapeError', (t) => call({ [name]: t(f64([1, 1])) })),
  bad(`${name}: a 0-d tensor holding NaN`, 'DtypeError', (t) =>
    call({ [name]: t(tensor(Number.NaN, { dtype: 'float64' })) }),
  ),
];

function pinvRow(): Row {
  const P = (A: Tensor, opts?: unknown) => quiet(() => linalg.pinv(A, as<linalg.PinvOptions>(opts)));
  return {
    ok: (t) => P(t(f64([2, 3, 4])), { atol: t(f64([2]).abs()), rtol: 1e-8 }),
    bad: [
      ...matrixCases((A) => P(A)),
      ...optionObjectCases((o) => P(f64(), o)),
      ...tolCases('atol', (o) => P(f64(), o)),
      ...tolCases('rtol', (o) => P(f64(), o)),
      bad('hermitian: 1', 'DtypeError', (t) => P(A33(t), { hermitian: 1 })),
      bad('hermitian: true on a 2×3 matrix', 'ShapeError', (t) => P(t(f64([2, 3])), { hermitian: true })),
      bad('hermitian: true with a NaN in the lower triangle', 'LinalgError', (t) =>
        P(t(nanMatrix()), { hermitian: true }),
      ),
      bad('rcond: "x"', 'DtypeError', (t) => P(A33(t), { rcond: 'x' })),
      bad('rcond combined with rtol', 'DtypeError', (t) => P(A33(t), { rcond: 0.1, rtol: 0.1 })),
      bad('out of the wrong shape', 'ShapeError', (t) => P(A33(t), { out: t(f64([2, 2])) })),
      bad('out of the wrong dtype', 'DtypeError', (t) =>
        P(A33(t), { out: t(tensor(new Float32Array(9), { shape: [3, 3] })) }),
      ),
      bad('out that is not a tensor', 'DtypeError', (t) => P(A33(t), { out: [[0]] })),
      bad('out when the input requires grad', 'AutogradError', (t) =>
        P(f64([3, 3]).requiresGrad_(), { out: t(f64([3, 3])) }),
      ),
      bad('out that is a broadcast view (overlapping elements)', 'ShapeError', (t) =>
        P(A33(t), { out: t(tensor([0], { dtype: 'float64' })).expand([3, 3]) }),
      ),
    ],
  };
}

const table: Table = {
  'linalg.pinv': pinvRow(),
  pinverse: {
    ok: (t) => quiet(() => pinverse(t(f64([3, 2])), 1e-10)),
    bad: [
      ...matrixCases((A) => quiet(() => pinverse(A))),
      bad('rcond "x"', 'DtypeError', (t) => quiet(() => pinverse(A33(t), as<number>('x')))),
      bad('a complex rcond tensor', 'DtypeError', (t) =>
        quiet(() => pinverse(A33(t), as<number>(t(c128([1]).narrow(0, 0, 1))))),
      ),
    ],
  },
  'linalg.svd': {
    ok: (t) => linalg.svd(t(c128([2, 3])), { fullMatrices: false }),
    bad: [
      ...matrixCases((A) => linalg.svd(A)),
      ...optionObjectCases((o) => linalg.svd(f64(), as<{ fullMatrices: boolean }>(o))),
      bad('fullMatrices: 1', 'DtypeError', (t) => linalg.svd(t(f64()), { fullMatrices: as<boolean>(1) })),
    ],
  },
  'linalg.svdvals': {
    ok: (t) => linalg.svdvals(t(f64([2, 2, 3]))),
    bad: matrixCases((A) => linalg.svdvals(A)),
  },
  'linalg.eigh': {
    ok: (t) => linalg.eigh(t(spd()), { UPLO: 'U' }),
    bad: [
      ...matrixCases((A) => linalg.eigh(A), { square: true }),
      ...optionObjectCases((o) => linalg.eigh(spd(), as<linalg.EighOptions>(o))),
      bad('UPLO "l"', 'DtypeError', (t) => linalg.eigh(t(spd()), { UPLO: as<'L'>('l') })),
      bad('a NaN in the upper triangle with UPLO "U"', 'LinalgError', (t) =>
        linalg.eigh(t(nanMatrix().mT.contiguous()), { UPLO: 'U' }),
      ),
    ],
  },
  'linalg.eigvalsh': {
    ok: (t) => linalg.eigvalsh(t(spd())),
    bad: [
      ...matrixCases((A) => linalg.eigvalsh(A), { square: true }),
      ...optionObjectCases((o) => linalg.eigvalsh(spd(), as<linalg.EighOptions>(o))),
      bad('UPLO 0', 'DtypeError', (t) => linalg.eigvalsh(t(spd()), { UPLO: as<'L'>(0) })),
    ],
  },
  'linalg.qr': {
    ok: (t) => linalg.qr(t(f64([4, 3])), { mode: 'complete' }),
    bad: [
      ...matrixCases((A) => linalg.qr(A)),
      ...optionObjectCases((o) => linalg.qr(f64(), as<{ mode: 'r' }>(o))),
      bad('mode "economic"', 'DtypeError', (t) => linalg.qr(t(f64()), { mode: as<'r'>('economic') })),
    ],
  },
  'linalg.cholesky': {
    ok: (t) => linalg.cholesky(t(spd()), { upper: true }),
    bad: [
      ...matrixCases((A) => linalg.cholesky(A), { square: true }),
      ...optionObjectCases((o) => linalg.cholesky(spd(), as<{ upper: boolean }>(o))),
      bad('upper: "yes"', 'DtypeError', (t) => linalg.cholesky(t(spd()), { upper: as<boolean>('yes') })),
      bad('a matrix that is not positive definite', 'LinalgError', (t) =>
        linalg.cholesky(
          t(
            tensor(
              [
                [1, 2],
                [2, 1],
              ],
              { dtype: 'float64' },
            ),
          ),
        ),
      ),
    ],
  },
  'linalg.solve': {
    ok: (t) => linalg.solve(t(spd()), t(f64([2, 3, 2]))),
    bad: [
      ...matrixCases((A) => linalg.solve(A, f64([3, 1])), { square: true }),
      bad('a singular matrix', 'LinalgError', (t) =>
        linalg.solve(
          t(
            tensor(
              [
                [1, 2],
                [2, 4],
              ],
              { dtype: 'float64' },
            ),
          ),
          t(f64([2, 1])),
        ),
      ),
      bad('B with the wrong number of rows', 'ShapeError', (t) => linalg.solve(t(spd()), t(f64([2, 1])))),
      bad('batch dims that do not broadcast', 'ShapeError', (t) =>
        linalg.solve(t(spd().expand([2, 3, 3])), t(f64([3, 3, 1]))),
      ),
      bad('an int32 B', 'DtypeError', (t) => linalg.solve(t(spd()), t(i32([1, 2, 3])))),
      bad('B that is not a tensor', 'DtypeError', (t) => linalg.solve(t(spd()), as<Tensor>([1, 2, 3]))),
      bad('a NaN in B', 'LinalgError', (t) =>
        linalg.solve(t(spd()), t(tensor([1, Number.NaN, 3], { dtype: 'float64' }))),
      ),
    ],
  },
  'linalg.solveTriangular': {
    ok: (t) =>
      linalg.solveTriangular(t(spd().triu()), t(f64([3, 2])), { upper: true, left: true, unitriangular: false }),
    bad: [
      ...matrixCases((A) => linalg.solveTriangular(A, f64([3, 1]), { upper: false }), { square: true }),
      bad('no options (upper is required)', 'DtypeError', (t) =>
        linalg.solveTriangular(t(spd()), t(f64([3, 1])), as<linalg.SolveTriangularOptions>(undefined)),
      ),
      bad('upper: "yes"', 'DtypeError', (t) =>
        linalg.solveTriangular(t(spd()), t(f64([3, 1])), { upper: as<boolean>('yes') }),
      ),
      bad('left: 0', 'DtypeError', (t) =>
        linalg.solveTriangular(t(spd()), t(f64([3, 1])), { upper: true, left: as<boolean>(0) }),
      ),
      bad('a zero on the diagonal', 'LinalgError', (t) =>
        linalg.solveTriangular(
          t(
            tensor(
              [
                [1, 0],
                [1, 0],
              ],
              { dtype: 'float64' },
            ),
          ),
          t(f64([2, 1])),
          { upper: false },
        ),
      ),
      bad('a 1-D B', 'ShapeError', (t) => linalg.solveTriangular(t(spd()), t(f64([3])), { upper: true })),
      bad('B with the wrong number of rows', 'ShapeError', (t) =>
        linalg.solveTriangular(t(spd()), t(f64([2, 1])), { upper: true }),
      ),
    ],
  },
  'linalg.inv': {
    ok: (t) =>
      linalg.inv(
        t(
          c128([2, 2]).add(
            tensor(
              [
                [3, 0],
                [0, 3],
              ],
              { dtype: 'complex128' },
            ),
          ),
        ),
      ),
    bad: [
      ...matrixCases((A) => linalg.inv(A), { square: true }),
      bad('a singular matrix', 'LinalgError', (t) => linalg.inv(t(tensor([[0]], { dtype: 'float64' })))),
    ],
  },
  'linalg.det': { ok: (t) => linalg.det(t(f64([2, 3, 3]))), bad: matrixCases((A) => linalg.det(A), { square: true }) },
  'linalg.slogdet': {
    ok: (t) => linalg.slogdet(t(spd())),
    bad: matrixCases((A) => linalg.slogdet(A), { square: true }),
  },
  'linalg.lstsq': {
    ok: (t) => linalg.lstsq(t(f64([4, 3])), t(f64([4, 2])), { rcond: 1e-10 }),
    bad: [
      ...matrixCases((A) => linalg.lstsq(A, f64([3, 1]))),
      ...optionObjectCases((o) => linalg.lstsq(f64([3, 3]), f64([3, 1]), as<{ rcond: number }>(o))),
      bad('B with the wrong number of rows', 'ShapeError', (t) => linalg.lstsq(t(f64([4, 3])), t(f64([3, 1])))),
      bad('B that is not a tensor', 'DtypeError', (t) => linalg.lstsq(t(f64([4, 3])), as<Tensor>([[1]]))),
      bad('a NaN in B', 'LinalgError', (t) =>
        linalg.lstsq(t(f64([2, 2])), t(tensor([[1], [Number.NaN]], { dtype: 'float64' }))),
      ),
      bad('rcond "x"', 'DtypeError', (t) => linalg.lstsq(t(f64([4, 3])), t(f64([4, 1])), { rcond: as<number>('x') })),
      bad('a complex B for a real A (would drop the imaginary part)', 'DtypeError', (t) =>
        linalg.lstsq(t(f64([2, 2])), t(c128([2, 1]))),
      ),
    ],
  },
  'linalg.matrixRank': {
    ok: (t) => linalg.matrixRank(t(f64([2, 3, 3])), { atol: t(f64([2]).abs()), hermitian: false }),
    bad: [
      ...matrixCases((A) => linalg.matrixRank(A)),
      ...optionObjectCases((o) => linalg.matrixRank(f64(), as<{ hermitian: boolean }>(o))),
      ...tolCases('atol', (o) => linalg.matrixRank(f64(), o)),
      ...tolCases('rtol', (o) => linalg.matrixRank(f64(), o)),
      bad('hermitian: 1', 'DtypeError', (t) => linalg.matrixRank(t(spd()), { hermitian: as<boolean>(1) })),
      bad('hermitian: true on a 2×3 matrix', 'ShapeError', (t) =>
        linalg.matrixRank(t(f64([2, 3])), { hermitian: true }),
      ),
    ],
  },
  'linalg.vectorNorm': {
    ok: (t) => linalg.vectorNorm(t(f64()), 3, [0, 1], true),
    bad: [
      bad('an int32 tensor', 'DtypeError', (t) => linalg.vectorNorm(t(i32([1, 2])))),
      bad('a nested array', 'DtypeError', () => linalg.vectorNorm(as<Tensor>([1, 2]))),
      bad('ord "fro" (a matrix order)', 'DtypeError', (t) => linalg.vectorNorm(t(f64()), as<number>('fro'))),
      bad('ord NaN', 'DtypeError', (t) => linalg.vectorNorm(t(f64()), Number.NaN)),
      bad('dim 2 of a 2-D tensor', 'ShapeError', (t) => linalg.vectorNorm(t(f64()), 2, 2)),
      bad('dim 0.5', 'ShapeError', (t) => linalg.vectorNorm(t(f64()), 1, 0.5)),
      bad('a repeated dim', 'ShapeError', (t) => linalg.vectorNorm(t(f64()), 2, [0, 0])),
      bad('keepdim "yes"', 'DtypeError', (t) => linalg.vectorNorm(t(f64()), 2, 0, as<boolean>('yes'))),
    ],
  },
  'linalg.matrixNorm': {
    ok: (t) => linalg.matrixNorm(t(f64([2, 3, 3])), 'nuc', [0, 2], true),
    bad: [
      bad('an int32 matrix', 'DtypeError', (t) => linalg.matrixNorm(t(i32([[1]])))),
      bad('a 1-D tensor', 'ShapeError', (t) => linalg.matrixNorm(t(f64([3])))),
      bad('ord 3', 'DtypeError', (t) => linalg.matrixNorm(t(f64()), 3)),
      bad('ord "max"', 'DtypeError', (t) => linalg.matrixNorm(t(f64()), as<'fro'>('max'))),
      bad('dim [0, 0]', 'ShapeError', (t) => linalg.matrixNorm(t(f64()), 'fro', [0, 0])),
      bad('dim [0, 2] of a 2-D tensor', 'ShapeError', (t) => linalg.matrixNorm(t(f64()), 1, [0, 2])),
      bad('a dim that is not a pair', 'ShapeError', (t) => linalg.matrixNorm(t(f64()), 'fro', as<[number, number]>(0))),
      bad('keepdim 1', 'DtypeError', (t) => linalg.matrixNorm(t(f64()), 'fro', [0, 1], as<boolean>(1))),
      bad('a NaN entry with ord 2 (needs an SVD)', 'LinalgError', (t) =>
        linalg.matrixNorm(t(tensor([[Number.NaN]], { dtype: 'float64' })), 2),
      ),
    ],
  },
  'linalg.norm': {
    ok: (t) => linalg.norm(t(f64()), 'fro'),
    bad: [
      bad('an int32 tensor', 'DtypeError', (t) => linalg.norm(t(i32([1])))),
      bad('ord "max"', 'DtypeError', (t) => linalg.norm(t(f64()), as<'fro'>('max'))),
      bad('dim 5', 'ShapeError', (t) => linalg.norm(t(f64()), undefined, 5)),
      bad('keepdim "yes"', 'DtypeError', (t) => linalg.norm(t(f64()), undefined, undefined, as<boolean>('yes'))),
    ],
  },
  'linalg.cond': {
    ok: (t) => linalg.cond(t(spd()), 'fro'),
    bad: [
      ...matrixCases((A) => linalg.cond(A)).filter((c) => !c.what.startsWith('a 1-D') && !c.what.startsWith('a 0-d')),
      bad('a 1-D tensor', 'ShapeError', (t) => linalg.cond(t(f64([3])))),
      bad('p "fro" on a 2×3 matrix (needs square)', 'ShapeError', (t) => linalg.cond(t(f64()), 'fro')),
      bad('p 3', 'DtypeError', (t) => linalg.cond(t(spd()), 3)),
      bad('p "max"', 'DtypeError', (t) => linalg.cond(t(spd()), as<'fro'>('max'))),
      bad('a singular matrix with p 1', 'LinalgError', (t) =>
        linalg.cond(
          t(
            tensor(
              [
                [1, 2],
                [2, 4],
              ],
              { dtype: 'float64' },
            ),
          ),
          1,
        ),
      ),
    ],
  },
  'internal.linalg.pinvJvp': {
    ok: (t) => {
      const A = t(f64([3, 2]));
      return li.pinvJvp(A, linalg.pinv(A), t(f64([3, 2], 5)));
    },
    bad: [
      bad('A that is not a tensor', 'DtypeError', (t) => li.pinvJvp(as<Tensor>(1), t(f64([2, 3])), t(f64([3, 2])))),
      bad('P of the wrong shape', 'ShapeError', (t) => li.pinvJvp(t(f64([3, 2])), t(f64([3, 2])), t(f64([3, 2])))),
      bad('dA of the wrong shape', 'ShapeError', (t) => li.pinvJvp(t(f64([3, 2])), t(f64([2, 3])), t(f64([2, 3])))),
      bad('an int32 A', 'DtypeError', (t) => li.pinvJvp(t(i32([[1]])), t(f64([1, 1])), t(f64([1, 1])))),
    ],
  },
};

export default table;
