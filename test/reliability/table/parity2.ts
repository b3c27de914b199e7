/**
 * Rows of the second PyTorch-parity batch (ops/stacking, tensordot, distance, and the index and special functions
 * that follow): function and method forms, each bad call with its error class.
 */
import type { Tensor } from 'tapegrad';
import * as tg from 'tapegrad';
import { as, bad, c128, f64, i32, notTensor, type Row, type Table } from './types';

/** The method form of a row: the receiver is always a tensor, so "input is not a tensor" cases go. */
const method = (row: Row): Row => ({ ...row, bad: row.bad.filter((c) => !/^input is /.test(c.what)) });

const joinRow = (call: (ts: Tensor[]) => unknown): Row => ({
  ok: (t) => call([t(f64([2, 3])), t(f64([2, 3]))]),
  bad: [
    bad('an empty list', 'ShapeError', () => call([])),
    bad('a number in the list', 'DtypeError', () => call([f64(), as<Tensor>(5)])),
    bad('sizes that differ outside the joined dim', 'ShapeError', (t) => call([t(f64([2, 3])), t(f64([3, 4, 5]))])),
  ],
});

const kronRow = (call: (a: Tensor, b: Tensor) => unknown): Row => ({
  ok: (t) => call(t(f64([2, 3])), t(f64([2]))),
  bad: [
    ...notTensor((v) => call(v, f64())),
    bad('a result of 1e12 elements', 'ShapeError', () => call(tg.zeros([1e6, 1]), tg.zeros([1e6, 1]))),
  ],
});

const table: Table = {
  hstack: joinRow((ts) => tg.hstack(ts)),
  vstack: joinRow((ts) => tg.vstack(ts)),
  dstack: joinRow((ts) => tg.dstack(ts)),
  columnStack: joinRow((ts) => tg.columnStack(ts)),
  meshgrid: {
    ok: (t) => tg.meshgrid([t(f64([3])), t(f64([2]))], { indexing: 'xy' }),
    bad: [
      bad('a 2-D tensor', 'ShapeError', (t) => tg.meshgrid(t(f64([2, 2])))),
      bad('mixed dtypes', 'DtypeError', (t) => tg.meshgrid(t(f64([2])), t(i32([1, 2])))),
      bad("indexing 'yx'", 'DtypeError', (t) => tg.meshgrid([t(f64([2]))], { indexing: as<'xy'>('yx') })),
      bad('a number', 'DtypeError', () => tg.meshgrid(as<Tensor>(3))),
      bad('a list and two more arguments', 'DtypeError', () => tg.meshgrid(...as<Tensor[]>([[f64([2])], {}, {}]))),
    ],
  },
  tensordot: {
    ok: (t) => tg.tensordot(t(f64([2, 3])), t(f64([3, 2])), 1),
    bad: [
      ...notTensor((v) => tg.tensordot(v, f64())),
      bad('dims 3 for 2-D tensors', 'ShapeError', (t) => tg.tensordot(t(f64()), t(f64()), 3)),
      bad('dims 1.5', 'ShapeError', (t) => tg.tensordot(t(f64()), t(f64()), 1.5)),
      bad('contracted sizes 3 and 2', 'ShapeError', (t) => tg.tensordot(t(f64([2, 3])), t(f64([2, 3])), 1)),
      bad('dim lists of lengths 1 and 2', 'ShapeError', (t) => tg.tensordot(t(f64()), t(f64()), [[1], [0, 1]])),
      bad('a repeated dim', 'ShapeError', (t) =>
        tg.tensordot(t(f64([3, 3])), t(f64([3, 3])), [
          [0, 0],
          [0, 1],
        ]),
      ),
      bad('dims "2"', 'DtypeError', (t) => tg.tensordot(t(f64()), t(f64()), as<number>('2'))),
      bad('bool tensors', 'DtypeError', () => tg.tensordot(tg.tensor([true]), tg.tensor([false]), 1)),
    ],
  },
  kron: kronRow((a, b) => tg.kron(a, b)),
  'Tensor#kron': method(kronRow((a, b) => a.kron(b))),
  cdist: {
    ok: (t) => tg.cdist(t(f64([2, 3])), t(f64([4, 3])), 1),
    bad: [
      ...notTensor((v) => tg.cdist(v, f64())),
      bad('int32 tensors', 'DtypeError', () => tg.cdist(i32([[1, 2]]), i32([[1, 2]]))),
      bad('complex tensors', 'DtypeError', (t) => tg.cdist(t(c128()), t(c128()))),
      bad('float32 and float64', 'DtypeError', (t) => tg.cdist(tg.randn([2, 3]), t(f64([2, 3])))),
      bad('3 and 2 columns', 'ShapeError', (t) => tg.cdist(t(f64([2, 3])), t(f64([2, 2])))),
      bad('a 1-D tensor', 'ShapeError', (t) => tg.cdist(t(f64([3])), t(f64([2, 3])))),
      bad('batch dims that do not broadcast', 'ShapeError', (t) => tg.cdist(t(f64([2, 1, 3])), t(f64([3, 1, 3])))),
      bad('p -1', 'DtypeError', (t) => tg.cdist(t(f64()), t(f64()), -1)),
      bad('p NaN', 'DtypeError', (t) => tg.cdist(t(f64()), t(f64()), Number.NaN)),
    ],
  },
};

export default table;
