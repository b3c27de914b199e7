/**
 * Rows of the PyTorch-parity tensor ops (issue 13): einsum, scans, sorting, masks, tiling, the matrix aliases,
 * sampling and the in-place ops — function and method forms. In-place rows write only into tensors they do not track
 * (the destination of a valid call); failed calls must leave every tracked tensor, destination included, unchanged.
 */
import type { Tensor } from 'tapegrad';
import * as tg from 'tapegrad';
import { as, type BadCase, bad, bool, c128, f64, i32, NOT_TENSORS, type Row, type Table, type Track } from './types';

const x = (t: Track, shape: number[] = [2, 3]): Tensor => t(f64(shape));
const mask23 = (): Tensor =>
  bool([
    [true, false, true],
    [false, false, true],
  ]);

function notTensor(call: (v: Tensor) => unknown, which = 'input'): BadCase[] {
  return NOT_TENSORS.map(([label, v]) => bad(`${which} is ${label}`, 'DtypeError', () => call(as<Tensor>(v))));
}

function dimCases(call: (a: Tensor, dim: number) => unknown): BadCase[] {
  return [
    bad('dim 2 of a 2-D tensor', 'ShapeError', (t) => call(x(t), 2)),
    bad('dim -3 of a 2-D tensor', 'ShapeError', (t) => call(x(t), -3)),
    bad('dim 0.5', 'ShapeError', (t) => call(x(t), 0.5)),
    bad('dim "1"', 'ShapeError', (t) => call(x(t), as<number>('1'))),
  ];
}

const unary = (call: (a: Tensor) => Tensor): Row => ({
  ok: (t) => call(x(t)),
  bad: [...notTensor(call)],
});

const scan = (call: (a: Tensor, dim: number) => Tensor): Row => ({
  ok: (t) => call(x(t), 1),
  bad: [...notTensor((v) => call(v, 0)), ...dimCases(call)],
});

const sortRow = (call: (a: Tensor, dim: number, flag: boolean) => unknown): Row => ({
  ok: (t) => call(x(t), 0, true),
  bad: [
    ...notTensor((v) => call(v, 0, false)),
    ...dimCases((a, d) => call(a, d, false)),
    bad('a complex tensor', 'DtypeError', (t) => call(t(c128()), 0, false)),
    bad('descending "yes"', 'DtypeError', (t) => call(x(t), 0, as<boolean>('yes'))),
  ],
});

const topkRow = (call: (a: Tensor, k: number, dim?: number, largest?: boolean) => unknown): Row => ({
  ok: (t) => call(x(t), 2, 1, false),
  bad: [
    ...notTensor((v) => call(v, 1)),
    ...dimCases((a, d) => call(a, 1, d)),
    bad('k larger than the dim', 'ShapeError', (t) => call(x(t), 4)),
    bad('k -1', 'ShapeError', (t) => call(x(t), -1)),
    bad('k 1.5', 'ShapeError', (t) => call(x(t), 1.5)),
    bad('k "1"', 'ShapeError', (t) => call(x(t), as<number>('1'))),
    bad('a complex tensor', 'DtypeError', (t) => call(t(c128()), 1)),
    bad('largest 1', 'DtypeError', (t) => call(x(t), 1, -1, as<boolean>(1))),
  ],
});

const maskedFillRow = (call: (a: Tensor, m: Tensor, v: unknown) => unknown): Row => ({
  ok: (t) => call(x(t), t(mask23()), 0.5),
  bad: [
    ...notTensor((v) => call(v, mask23(), 0)),
    bad('a float mask', 'DtypeError', (t) => call(x(t), x(t), 0)),
    bad('a mask that does not broadcast', 'ShapeError', (t) => call(x(t), t(bool([true, false])), 0)),
    bad('a string value', 'DtypeError', (t) => call(x(t), t(mask23()), 'x')),
    bad('a 1-D tensor value', 'DtypeError', (t) => call(x(t), t(mask23()), x(t, [1]))),
    bad('a complex value for a real tensor', 'DtypeError', (t) => call(x(t), t(mask23()), { re: 1, im: 1 })),
    bad('a fractional value for an int32 tensor', 'DtypeError', (t) => call(t(i32([1, 2])), t(bool()), 0.5)),
  ],
});

const maskedSelectRow = (call: (a: Tensor, m: Tensor) => unknown): Row => ({
  ok: (t) => call(x(t), t(mask23())),
  bad: [
    ...notTensor((v) => call(v, mask23())),
    bad('an int32 mask', 'DtypeError', (t) => call(x(t), t(i32([1, 0, 1])))),
    bad('a mask that does not broadcast', 'ShapeError', (t) => call(x(t), t(bool([true, false])))),
  ],
});

const nanToNumRow = (call: (a: Tensor, opts?: tg.NanToNumOptions) => unknown): Row => ({
  ok: (t) => call(x(t), { nan: 1, posinf: 2, neginf: -2 }),
  bad: [
    ...notTensor((v) => call(v)),
    bad('an unknown option key', 'DtypeError', (t) => call(x(t), as<tg.NanToNumOptions>({ nann: 1 }))),
    bad('nan "0"', 'DtypeError', (t) => call(x(t), as<tg.NanToNumOptions>({ nan: '0' }))),
    bad('options null', 'DtypeError', (t) => call(x(t), as<tg.NanToNumOptions>(null))),
  ],
});

const repeatRow = (call: (a: Tensor, sizes: number[]) => unknown): Row => ({
  ok: (t) => call(x(t), [2, 1, 2]),
  bad: [
    ...notTensor((v) => call(v, [1, 1])),
    bad('a negative count', 'ShapeError', (t) => call(x(t), [2, -1])),
    bad('a fractional count', 'ShapeError', (t) => call(x(t), [2, 1.5])),
    bad('a string count', 'ShapeError', (t) => call(x(t), as<number[]>(['2', 1]))),
    bad('a result of 1e12 elements', 'ShapeError', (t) => call(x(t), [1e6, 1e6])),
  ],
});

const rollRow = (call: (a: Tensor, s: number | number[], d?: number | number[]) => unknown): Row => ({
  ok: (t) => call(x(t), [1, -1], [0, 1]),
  bad: [
    ...notTensor((v) => call(v, 1)),
    bad('more shifts than dims', 'ShapeError', (t) => call(x(t), [1, 2], [0])),
    bad('two shifts without dims', 'ShapeError', (t) => call(x(t), [1, 2])),
    bad('a fractional shift', 'ShapeError', (t) => call(x(t), 0.5, 0)),
    bad('dim 2 of a 2-D tensor', 'ShapeError', (t) => call(x(t), 1, 2)),
  ],
});

const product = (call: (a: Tensor, b: Tensor) => unknown, shapes: [number[], number[]], wrong: number[]): Row => ({
  ok: (t) => call(x(t, shapes[0]), x(t, shapes[1])),
  bad: [
    ...notTensor((v) => call(v, f64(shapes[1]))),
    ...notTensor((v) => call(f64(shapes[0]), v), 'second operand'),
    bad(`a second operand of shape [${wrong.join(', ')}]`, 'ShapeError', (t) => call(x(t, shapes[0]), x(t, wrong))),
  ],
});

const truth = (call: (a: Tensor, dim?: number, keepdim?: boolean) => unknown): Row => ({
  ok: (t) => call(x(t), 1, true),
  bad: [
    ...notTensor((v) => call(v)),
    ...dimCases((a, d) => call(a, d)),
    bad('keepdim "yes"', 'DtypeError', (t) => call(x(t), 0, as<boolean>('yes'))),
  ],
});

const multinomialRow = (call: (p: Tensor, n: number, o?: { replacement?: boolean }) => unknown): Row => ({
  ok: (t) => call(t(tg.tensor([0.2, 0.3, 0.5], { dtype: 'float64' })), 2),
  bad: [
    ...notTensor((v) => call(v, 1)),
    bad('a negative weight', 'DtypeError', (t) => call(t(tg.tensor([0.5, -0.1])), 1)),
    bad('a NaN weight', 'DtypeError', (t) => call(t(tg.tensor([0.5, Number.NaN])), 1)),
    bad('an infinite weight', 'DtypeError', (t) => call(t(tg.tensor([0.5, Number.POSITIVE_INFINITY])), 1)),
    bad('all-zero weights', 'DtypeError', (t) => call(t(tg.tensor([0, 0])), 1)),
    bad('3-D weights', 'ShapeError', (t) => call(x(t, [1, 2, 2]), 1)),
    bad('more samples than categories without replacement', 'ShapeError', (t) => call(t(tg.tensor([1, 1])), 3)),
    bad('more samples than non-zero weights without replacement', 'ShapeError', (t) =>
      call(t(tg.tensor([1, 0, 1])), 3),
    ),
    bad('numSamples 0', 'ShapeError', (t) => call(t(tg.tensor([1, 1])), 0)),
    bad('numSamples 1.5', 'ShapeError', (t) => call(t(tg.tensor([1, 1])), 1.5)),
    bad('complex weights', 'DtypeError', (t) => call(t(c128([2])), 1)),
    bad('replacement "yes"', 'DtypeError', (t) =>
      call(t(tg.tensor([1, 1])), 1, as<{ replacement: boolean }>({ replacement: 'yes' })),
    ),
    bad('an unknown option key', 'DtypeError', (t) =>
      call(t(tg.tensor([1, 1])), 1, as<{ replacement: boolean }>({ replace: true })),
    ),
  ],
});

const likeRow = (call: (a: Tensor, o?: tg.CreationOptions) => unknown): Row => ({
  ok: (t) => call(x(t), { dtype: 'complex64' }),
  bad: [
    ...notTensor((v) => call(v)),
    bad('an int32 tensor (no integer samples)', 'DtypeError', (t) => call(t(i32([1, 2])))),
    bad('dtype "float16"', 'DtypeError', (t) => call(x(t), { dtype: as<tg.DType>('float16') })),
  ],
});

// ---- in place ----

/** A fresh destination (not tracked: a valid in-place call writes into it). */
const dst = (shape: number[] = [2, 3]): Tensor => f64(shape);

/** Cases every in-place op shares: bad destinations (all tracked: they must stay unchanged). */
function destinationCases(call: (d: Tensor) => unknown): BadCase[] {
  return [
    ...notTensor(call, 'destination'),
    bad('a broadcast (stride-0) destination', 'ShapeError', (t) => call(t(f64([1, 3])).expand([2, 3]))),
    bad('a leaf that requires grad, outside noGrad', 'AutogradError', (t) => call(t(f64([2, 3]).requiresGrad_()))),
    bad('a view of a leaf that requires grad', 'AutogradError', (t) =>
      call(t(f64([3, 3]).requiresGrad_()).narrow(0, 0, 2)),
    ),
  ];
}

function binaryInPlace(call: (d: Tensor, o: unknown) => unknown, intRefuses: boolean): Row {
  return {
    ok: (t) => call(dst(), x(t, [3])),
    bad: [
      ...destinationCases((d) => call(d, 1)),
      bad('an operand [2, 1, 3] that broadcasts beyond the destination', 'ShapeError', (t) =>
        call(t(dst()), x(t, [2, 1, 3])),
      ),
      bad('an operand [3, 2] that does not broadcast', 'ShapeError', (t) => call(t(dst()), x(t, [3, 2]))),
      bad('a complex operand into a real destination', 'DtypeError', (t) => call(t(dst()), t(c128([3])))),
      bad('a float operand into an int32 destination', 'DtypeError', (t) => call(t(i32([1, 2])), 0.5)),
      ...(intRefuses
        ? [bad('an int32 destination (true division)', 'DtypeError', (t) => call(t(i32([1, 2])), 2))]
        : []),
      bad('a string operand', 'DtypeError', (t) => call(t(dst()), 'x')),
    ],
  };
}

const fillRow = (call: (d: Tensor, v: unknown) => unknown): Row => ({
  ok: () => call(dst(), 7),
  bad: [
    ...destinationCases((d) => call(d, 1)),
    bad('a 1-D tensor value', 'DtypeError', (t) => call(t(dst()), x(t, [1]))),
    bad('a complex value into a real destination', 'DtypeError', (t) => call(t(dst()), { re: 1, im: 2 })),
    bad('a fractional value into an int32 destination', 'DtypeError', (t) => call(t(i32([1, 2])), 0.5)),
    bad('a string value', 'DtypeError', (t) => call(t(dst()), 'x')),
  ],
});

const copyRow = (call: (d: Tensor, s: Tensor) => unknown): Row => ({
  ok: (t) => call(dst(), x(t, [3])),
  bad: [
    ...destinationCases((d) => call(d, f64([3]))),
    ...notTensor((v) => call(dst(), v), 'source'),
    bad('a source [4] that does not broadcast', 'ShapeError', (t) => call(t(dst()), x(t, [4]))),
    bad('a source [2, 2, 3] with more elements', 'ShapeError', (t) => call(t(dst()), x(t, [2, 2, 3]))),
    bad('a complex source into a real destination', 'DtypeError', (t) => call(t(dst([2, 2])), t(c128([2, 2])))),
  ],
});

const clampRow = (call: (d: Tensor, lo?: unknown, hi?: unknown) => unknown): Row => ({
  ok: (t) => call(dst(), -0.5, x(t, [3])),
  bad: [
    ...destinationCases((d) => call(d, 0, 1)),
    bad('no bounds', 'DtypeError', (t) => call(t(dst()))),
    bad('a bound that broadcasts beyond the destination', 'ShapeError', (t) => call(t(dst()), x(t, [2, 2, 3]))),
    bad('a complex destination', 'DtypeError', (t) => call(t(c128()), 0, 1)),
    bad('a float bound for an int32 destination', 'DtypeError', (t) => call(t(i32([1, 2])), 0.5)),
  ],
});

const maskedFillInPlace = (call: (d: Tensor, m: Tensor, v: unknown) => unknown): Row => ({
  ok: (t) => call(dst(), t(mask23()), 1),
  bad: [
    ...destinationCases((d) => call(d, bool([true, false, true]), 0)),
    bad('a mask [2, 2, 3] that broadcasts beyond the destination', 'ShapeError', (t) =>
      call(t(dst()), t(bool([[[true, false, true]], [[true, true, true]]]).expand([2, 2, 3])), 0),
    ),
    bad('a float mask', 'DtypeError', (t) => call(t(dst()), x(t), 0)),
    bad('a complex value into a real destination', 'DtypeError', (t) => call(t(dst()), t(mask23()), { re: 0, im: 1 })),
  ],
});

const randomFill = (call: (d: Tensor, a?: number, b?: number) => unknown, lo: string, hi: string): Row => ({
  ok: () => call(dst(), 0, 2),
  bad: [
    ...destinationCases((d) => call(d)),
    bad('an int32 destination', 'DtypeError', (t) => call(t(i32([1, 2])))),
    bad(`${lo} NaN`, 'DtypeError', (t) => call(t(dst()), Number.NaN)),
    bad(`${hi} "1"`, 'DtypeError', (t) => call(t(dst()), 0, as<number>('1'))),
    bad(`${hi} below ${lo === 'mean' ? 'zero' : lo}`, 'DtypeError', (t) => call(t(dst()), 0, -1)),
  ],
});

const einsumRow: Row = {
  ok: (t) => tg.einsum('ij,jk->ik', x(t), x(t, [3, 2])),
  bad: [
    bad('an operand that is not a tensor', 'DtypeError', () => tg.einsum('i', as<Tensor>([1, 2]))),
    bad('an equation that is not a string', 'DtypeError', (t) => tg.einsum(as<string>(5), x(t))),
    bad('no operands', 'ShapeError', () => tg.einsum('i')),
    bad('fewer operands than terms', 'ShapeError', (t) => tg.einsum('ij,jk', x(t))),
    bad('a subscript count that does not match the rank', 'ShapeError', (t) => tg.einsum('ijk', x(t))),
    bad('subscript sizes that disagree', 'ShapeError', (t) => tg.einsum('ij,jk', x(t), x(t, [4, 2]))),
    bad('a repeated subscript with unequal sizes', 'ShapeError', (t) => tg.einsum('ii', x(t))),
    bad('an invalid character', 'DtypeError', (t) => tg.einsum('i1', x(t))),
    bad('an output subscript not in the inputs', 'DtypeError', (t) => tg.einsum('ij->k', x(t))),
    bad('a repeated output subscript', 'DtypeError', (t) => tg.einsum('ij->ii', x(t))),
    bad('two ellipses in a term', 'DtypeError', (t) => tg.einsum('...i...', x(t))),
    bad('a bool operand', 'DtypeError', (t) => tg.einsum('i', t(bool()))),
  ],
};

const tRow = (call: (a: Tensor) => unknown): Row => ({
  ok: (t) => call(x(t)),
  bad: [...notTensor(call), bad('a 3-D tensor', 'ShapeError', (t) => call(x(t, [2, 2, 2])))],
});

/** The method form of a row: the receiver is always a tensor, so "input/destination is not a tensor" cases go. */
function method(row: Row): Row {
  return { ...row, bad: row.bad.filter((c) => !/^(input|destination) is /.test(c.what)) };
}

const table: Table = {
  einsum: einsumRow,
  cumsum: scan((a, d) => tg.cumsum(a, d)),
  cumprod: scan((a, d) => tg.cumprod(a, d)),
  'Tensor#cumsum': method(scan((a, d) => a.cumsum(d))),
  'Tensor#cumprod': method(scan((a, d) => a.cumprod(d))),
  expm1: unary((a) => tg.expm1(a)),
  log2: unary((a) => tg.log2(a)),
  log10: unary((a) => tg.log10(a)),
  'Tensor#expm1': { ok: (t) => x(t).expm1(), bad: [], noBadInput: 'takes no arguments and accepts every dtype' },
  'Tensor#log2': { ok: (t) => x(t).log2(), bad: [], noBadInput: 'takes no arguments and accepts every dtype' },
  'Tensor#log10': { ok: (t) => x(t).log10(), bad: [], noBadInput: 'takes no arguments and accepts every dtype' },
  sort: sortRow((a, d, f) => tg.sort(a, d, f)),
  argsort: sortRow((a, d, f) => tg.argsort(a, d, f)),
  'Tensor#sort': method(sortRow((a, d, f) => a.sort(d, f))),
  'Tensor#argsort': method(sortRow((a, d, f) => a.argsort(d, f))),
  topk: topkRow((a, k, d, l) => tg.topk(a, k, d, l)),
  'Tensor#topk': method(topkRow((a, k, d, l) => a.topk(k, d, l))),
  maskedFill: maskedFillRow((a, m, v) => tg.maskedFill(a, m, as<number>(v))),
  'Tensor#maskedFill': method(maskedFillRow((a, m, v) => a.maskedFill(m, as<number>(v)))),
  maskedSelect: maskedSelectRow((a, m) => tg.maskedSelect(a, m)),
  'Tensor#maskedSelect': method(maskedSelectRow((a, m) => a.maskedSelect(m))),
  nanToNum: nanToNumRow((a, o) => tg.nanToNum(a, o)),
  'Tensor#nanToNum': method(nanToNumRow((a, o) => a.nanToNum(o))),
  repeat: repeatRow((a, s) => tg.repeat(a, s)),
  'Tensor#repeat': method(repeatRow((a, s) => a.repeat(...s))),
  tile: repeatRow((a, s) => tg.tile(a, s)),
  'Tensor#tile': method(repeatRow((a, s) => a.tile(s))),
  roll: rollRow((a, s, d) => tg.roll(a, s, d)),
  'Tensor#roll': method(rollRow((a, s, d) => a.roll(s, d))),
  mm: product(
    (a, b) => tg.mm(a, b),
    [
      [2, 3],
      [3, 2],
    ],
    [3],
  ),
  'Tensor#mm': method(
    product(
      (a, b) => a.mm(b),
      [
        [2, 3],
        [3, 2],
      ],
      [2, 3, 2],
    ),
  ),
  bmm: product(
    (a, b) => tg.bmm(a, b),
    [
      [2, 2, 3],
      [2, 3, 2],
    ],
    [3, 3, 2],
  ),
  'Tensor#bmm': method(
    product(
      (a, b) => a.bmm(b),
      [
        [2, 2, 3],
        [2, 3, 2],
      ],
      [3, 2],
    ),
  ),
  mv: product((a, b) => tg.mv(a, b), [[2, 3], [3]], [3, 1]),
  'Tensor#mv': method(product((a, b) => a.mv(b), [[2, 3], [3]], [4])),
  t: tRow((a) => tg.t(a)),
  'Tensor#t': { ok: (t) => x(t).t(), bad: [bad('a 3-D tensor', 'ShapeError', (t) => x(t, [2, 2, 2]).t())] },
  all: truth((a, d, k) => tg.all(a, d, k)),
  any: truth((a, d, k) => tg.any(a, d, k)),
  'Tensor#all': method(truth((a, d, k) => a.all(d, k))),
  'Tensor#any': method(truth((a, d, k) => a.any(d, k))),
  multinomial: multinomialRow((p, n, o) => tg.multinomial(p, n, o)),
  'Tensor#multinomial': method(multinomialRow((p, n, o) => p.multinomial(n, o))),
  randnLike: likeRow((a, o) => tg.randnLike(a, o)),
  randLike: likeRow((a, o) => tg.randLike(a, o)),
  'Tensor#double': { ok: (t) => t(c128()).double(), bad: [], noBadInput: 'takes no arguments; every dtype converts' },
  'Tensor#float': {
    ok: (t) => t(i32([1, 2])).float(),
    bad: [],
    noBadInput: 'takes no arguments; every dtype converts',
  },
  'Tensor#numel': { ok: (t) => x(t).numel(), bad: [], noBadInput: 'takes no arguments' },
  'Tensor#dim': { ok: (t) => x(t).dim(), bad: [], noBadInput: 'takes no arguments' },
  'Tensor#isContiguous': { ok: (t) => x(t).T.isContiguous(), bad: [], noBadInput: 'takes no arguments' },
  add_: binaryInPlace((d, o) => tg.add_(d, as<number>(o)), false),
  sub_: binaryInPlace((d, o) => tg.sub_(d, as<number>(o)), false),
  mul_: binaryInPlace((d, o) => tg.mul_(d, as<number>(o)), false),
  div_: binaryInPlace((d, o) => tg.div_(d, as<number>(o)), true),
  'Tensor#add_': method(binaryInPlace((d, o) => d.add_(as<number>(o)), false)),
  'Tensor#sub_': method(binaryInPlace((d, o) => d.sub_(as<number>(o)), false)),
  'Tensor#mul_': method(binaryInPlace((d, o) => d.mul_(as<number>(o)), false)),
  'Tensor#div_': method(binaryInPlace((d, o) => d.div_(as<number>(o)), true)),
  clamp_: clampRow((d, lo, hi) => tg.clamp_(d, as<number>(lo), as<number>(hi))),
  'Tensor#clamp_': method(clampRow((d, lo, hi) => d.clamp_(as<number>(lo), as<number>(hi)))),
  fill_: fillRow((d, v) => tg.fill_(d, as<number>(v))),
  'Tensor#fill_': method(fillRow((d, v) => d.fill_(as<number>(v)))),
  zero_: { ok: () => tg.zero_(dst()), bad: destinationCases((d) => tg.zero_(d)) },
  'Tensor#zero_': method({ ok: () => dst().zero_(), bad: destinationCases((d) => d.zero_()) }),
  copy_: copyRow((d, s) => tg.copy_(d, s)),
  'Tensor#copy_': method(copyRow((d, s) => d.copy_(s))),
  maskedFill_: maskedFillInPlace((d, m, v) => tg.maskedFill_(d, m, as<number>(v))),
  'Tensor#maskedFill_': method(maskedFillInPlace((d, m, v) => d.maskedFill_(m, as<number>(v)))),
  normal_: randomFill((d, a, b) => tg.normal_(d, a, b), 'mean', 'std'),
  'Tensor#normal_': method(randomFill((d, a, b) => d.normal_(a, b), 'mean', 'std')),
  uniform_: randomFill((d, a, b) => tg.uniform_(d, a, b), 'from', 'to'),
  'Tensor#uniform_': method(randomFill((d, a, b) => d.uniform_(a, b), 'from', 'to')),
  'internal.core.namedTuple': {
    exempt: 'a constructor of result values for packages (named tuples), not an op on user input',
  },
  'internal.core.assertCurrentHistory': {
    exempt: 'internal plumbing between core and autograd (documented as internal)',
  },
};

export default table;
