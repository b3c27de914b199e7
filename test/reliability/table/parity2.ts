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

const ints = (data: number[]): Tensor => i32(data);

const orderRow = (call: (a: Tensor, dim: number, keepdim?: boolean) => unknown): Row => ({
  ok: (t) => call(t(f64([2, 3])), 1, true),
  bad: [
    ...notTensor((v) => call(v, 0)),
    bad('dim 2 of a 2-D tensor', 'ShapeError', (t) => call(t(f64()), 2)),
    bad('dim 0.5', 'ShapeError', (t) => call(t(f64()), 0.5)),
    bad('a complex tensor', 'DtypeError', (t) => call(t(c128()), 0)),
    bad('keepdim "yes"', 'DtypeError', (t) => call(t(f64()), 0, as<boolean>('yes'))),
    bad('an empty dim', 'ShapeError', () => call(tg.zeros([2, 0]), 1)),
  ],
});

const kthRow = (call: (a: Tensor, k: number, dim?: number) => unknown): Row => ({
  ok: (t) => call(t(f64([2, 3])), 2, 1),
  bad: [
    ...notTensor((v) => call(v, 1)),
    bad('k 0', 'ShapeError', (t) => call(t(f64()), 0)),
    bad('k larger than the dim', 'ShapeError', (t) => call(t(f64()), 4)),
    bad('k 1.5', 'ShapeError', (t) => call(t(f64()), 1.5)),
    bad('dim 2 of a 2-D tensor', 'ShapeError', (t) => call(t(f64()), 1, 2)),
    bad('a complex tensor', 'DtypeError', (t) => call(t(c128()), 1)),
  ],
});

const bincountRow = (call: (a: Tensor, o?: tg.BincountOptions) => unknown): Row => ({
  ok: (t) => call(t(ints([0, 2, 2])), { weights: t(f64([3])), minlength: 4 }),
  bad: [
    ...notTensor((v) => call(v)),
    bad('a float tensor', 'DtypeError', (t) => call(t(f64([3])))),
    bad('a 2-D tensor', 'ShapeError', () => call(i32([[1, 2]]))),
    bad('a negative value', 'DtypeError', () => call(ints([1, -2]))),
    bad('a value of 2^31 − 1 (too many bins)', 'ShapeError', () => call(ints([2 ** 31 - 1]))),
    bad('minlength 1e9 (too many bins)', 'ShapeError', () => call(ints([1]), { minlength: 1e9 })),
    bad('minlength -1', 'DtypeError', () => call(ints([1]), { minlength: -1 })),
    bad('weights of another length', 'ShapeError', (t) => call(ints([1, 2]), { weights: t(f64([3])) })),
    bad('complex weights', 'DtypeError', () => call(ints([1, 0]), { weights: tg.tensor([{ re: 1, im: 0 }, 2]) })),
    bad('weights "w"', 'DtypeError', () => call(ints([1]), { weights: as<Tensor>('w') })),
  ],
});

const nonzeroRow = (call: (a: Tensor, o?: { asTuple?: boolean }) => unknown): Row => ({
  ok: (t) => call(t(f64()), { asTuple: true }),
  bad: [
    ...notTensor((v) => call(v)),
    bad('asTuple 1', 'DtypeError', (t) => call(t(f64()), { asTuple: as<boolean>(1) })),
  ],
});

const uniqueRow = (call: (a: Tensor, o?: tg.UniqueOptions) => unknown): Row => ({
  ok: (t) => call(t(f64()), { dim: 1, returnInverse: true, returnCounts: true }),
  bad: [
    ...notTensor((v) => call(v)),
    bad('a complex tensor', 'DtypeError', (t) => call(t(c128()))),
    bad('dim 2 of a 2-D tensor', 'ShapeError', (t) => call(t(f64()), { dim: 2 })),
    bad('returnCounts "yes"', 'DtypeError', (t) => call(t(f64()), { returnCounts: as<boolean>('yes') })),
    bad('sorted 0', 'DtypeError', (t) => call(t(f64()), { sorted: as<boolean>(0) })),
  ],
});

const specialRow = (call: (a: Tensor) => unknown): Row => ({
  ok: (t) => call(t(f64())),
  bad: [...notTensor((v) => call(v)), bad('a complex tensor', 'DtypeError', (t) => call(t(c128())))],
});

const polygammaRow = (call: (n: number, a: Tensor) => unknown): Row => ({
  ok: (t) => call(2, t(f64())),
  bad: [
    ...notTensor((v) => call(1, v)),
    bad('a complex tensor', 'DtypeError', (t) => call(1, t(c128()))),
    bad('n -1', 'DtypeError', (t) => call(-1, t(f64()))),
    bad('n 1.5', 'DtypeError', (t) => call(1.5, t(f64()))),
    bad('n 171 (n! overflows)', 'DtypeError', (t) => call(171, t(f64()))),
    bad('n "1"', 'DtypeError', (t) => call(as<number>('1'), t(f64()))),
  ],
});

const xlogyRow = (call: (a: Tensor, b: Tensor) => unknown): Row => ({
  ok: (t) => call(t(f64()), t(f64([3]))),
  bad: [
    // a number is a valid operand (torch.xlogy takes Scalars)
    ...notTensor((v) => call(v, f64())).filter((c) => c.what !== 'input is a number'),
    bad('a string operand', 'DtypeError', (t) => call(t(f64()), as<Tensor>('x'))),
    bad('a complex operand', 'DtypeError', (t) => call(t(f64([2, 2])), t(c128()))),
    bad('shapes [2, 3] and [2]', 'ShapeError', (t) => call(t(f64()), t(f64([2])))),
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
  searchsorted: {
    ok: (t) => tg.searchsorted(t(f64([2, 3])), t(f64([2, 1])), { side: 'right' }),
    bad: [
      ...notTensor((v) => tg.searchsorted(v, f64())),
      bad('a string value', 'DtypeError', (t) => tg.searchsorted(t(f64([3])), as<Tensor>('x'))),
      bad('a 0-D sequence', 'ShapeError', () => tg.searchsorted(tg.tensor(1), tg.tensor([1]))),
      bad('leading dims [2] and [3]', 'ShapeError', (t) => tg.searchsorted(t(f64([2, 3])), t(f64([3, 1])))),
      bad('a complex sequence', 'DtypeError', (t) => tg.searchsorted(t(c128()), t(f64([1])))),
      bad("side 'up'", 'DtypeError', (t) => tg.searchsorted(t(f64([3])), 1, { side: as<'left'>('up') })),
      bad("side 'left' with right true", 'DtypeError', (t) =>
        tg.searchsorted(t(f64([3])), 1, { side: 'left', right: true }),
      ),
      bad('right "yes"', 'DtypeError', (t) => tg.searchsorted(t(f64([3])), 1, { right: as<boolean>('yes') })),
    ],
  },
  bincount: bincountRow((a, o) => tg.bincount(a, o)),
  'Tensor#bincount': method(bincountRow((a, o) => a.bincount(o))),
  nonzero: nonzeroRow((a, o) => tg.nonzero(a, o)),
  'Tensor#nonzero': method(nonzeroRow((a, o) => a.nonzero(as<{ asTuple: true }>(o)))),
  unique: uniqueRow((a, o) => tg.unique(a, o)),
  'Tensor#unique': method(uniqueRow((a, o) => a.unique(o))),
  randperm: {
    ok: () => tg.randperm(5, { dtype: 'float64', requiresGrad: true }),
    bad: [
      bad('n -1', 'ShapeError', () => tg.randperm(-1)),
      bad('n 2.5', 'ShapeError', () => tg.randperm(2.5)),
      bad('n "3"', 'ShapeError', () => tg.randperm(as<number>('3'))),
      bad('n 2^31 (too many elements)', 'ShapeError', () => tg.randperm(2 ** 31)),
      bad('dtype bool', 'DtypeError', () => tg.randperm(3, { dtype: 'bool' })),
      bad('float32 with n > 2^24', 'DtypeError', () => tg.randperm(2 ** 24 + 2, { dtype: 'float32' })),
      bad('requiresGrad for int32', 'DtypeError', () => tg.randperm(3, { requiresGrad: true })),
    ],
  },
  median: orderRow((a, d, k) => tg.median(a, d, k)),
  'Tensor#median': method(orderRow((a, d, k) => a.median(d, k))),
  kthvalue: kthRow((a, k, d) => tg.kthvalue(a, k, d)),
  'Tensor#kthvalue': method(kthRow((a, k, d) => a.kthvalue(k, d))),
  erfinv: specialRow((a) => tg.erfinv(a)),
  lgamma: specialRow((a) => tg.lgamma(a)),
  digamma: specialRow((a) => tg.digamma(a)),
  'Tensor#erfinv': method(specialRow((a) => a.erfinv())),
  'Tensor#lgamma': method(specialRow((a) => a.lgamma())),
  'Tensor#digamma': method(specialRow((a) => a.digamma())),
  polygamma: polygammaRow((n, a) => tg.polygamma(n, a)),
  'Tensor#polygamma': method(polygammaRow((n, a) => a.polygamma(n))),
  xlogy: xlogyRow((a, b) => tg.xlogy(a, b)),
  'Tensor#xlogy': method(xlogyRow((a, b) => a.xlogy(b))),
};

export default table;
