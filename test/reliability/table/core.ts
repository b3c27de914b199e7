/**
 * Rows of the top-level (core) functions: creation, elementwise, reductions, dtype helpers, grad mode, interop, the
 * low-level hooks, warnings (shape and indexing ops: ./movement.ts; products and GEMM kernels: ./products.ts; the
 * plumbing of `@tapegrad/core/internal`: ./core-internal.ts).
 */

import * as ci from '@tapegrad/core/internal';
import * as math from 'mathjs';
import type { DType, MathjsLike, Tensor, TensorData } from 'tapegrad';
import * as tg from 'tapegrad';
import {
  as,
  type BadCase,
  bad,
  badDims,
  bool,
  c128,
  f32,
  f64,
  i32,
  notTensor,
  type Row,
  shapeCases,
  type Table,
  type Track,
} from './types';

type Unary = (x: Tensor) => Tensor;
type Binary = (a: tg.TensorLike, b: tg.TensorLike) => Tensor;

/** Rejected dtypes of a unary op. */
function rejects(call: (x: Tensor) => unknown, kinds: ('bool' | 'int32' | 'complex')[]): BadCase[] {
  const make: Record<string, () => Tensor> = { bool: () => bool(), int32: () => i32([1, 2]), complex: () => c128() };
  return kinds.map((k) => bad(`a ${k} tensor`, 'DtypeError', (t) => call(t(make[k]()))));
}

function unaryRow(fn: Unary, rejected: ('bool' | 'int32' | 'complex')[] = []): Row {
  return { ok: (t) => fn(t(f64())), bad: [...notTensor(fn), ...rejects(fn, rejected)] };
}

/** Broadcasting, operand-type and promotion failures of a binary op. */
function binaryRow(fn: Binary, extra: BadCase[] = []): Row {
  return {
    ok: (t) => fn(t(f64([2, 3])), t(f64([3], 1))),
    bad: [
      bad('shapes [2, 3] and [3, 2] that do not broadcast', 'ShapeError', (t) => fn(t(f64([2, 3])), t(f64([3, 2])))),
      bad('a 0-sized [0, 3] against [2, 3]', 'ShapeError', (t) => fn(t(f64([0, 3])), t(f64([2, 3])))),
      bad('a broadcast of 1e10 elements (element count overflow)', 'ShapeError', (t) =>
        fn(t(tg.zeros([100_000, 1])), t(tg.zeros([1, 100_000]))),
      ),
      bad('a string operand', 'DtypeError', (t) => fn(t(f64()), 'x' as unknown as number)),
      bad('an array operand', 'DtypeError', (t) => fn(t(f64()), as<number>([1, 2, 3]))),
      bad('an object without im', 'DtypeError', (t) => fn(t(f64()), as<number>({ re: 1 }))),
      bad('a null operand', 'DtypeError', (t) => fn(as<number>(null), t(f64()))),
      bad('two JS numbers (no tensor)', 'DtypeError', () => fn(1, 2)),
      ...extra,
    ],
  };
}

const complexRejected = (fn: Binary): BadCase[] => [
  bad('complex operands', 'DtypeError', (t) => fn(t(c128()), t(c128()))),
  bad('a complex JS scalar', 'DtypeError', (t) => fn(t(f64()), { re: 1, im: 1 })),
];

/** Invalid dims of a dim-taking op (out of range, negative out of range, non-integer, string). */
function keepdimCases(call: (x: Tensor, keepdim: boolean) => unknown): BadCase[] {
  return [
    bad('keepdim "yes" (not a boolean)', 'DtypeError', (t) => call(t(f64()), as<boolean>('yes'))),
    bad('keepdim 1 (not a boolean)', 'DtypeError', (t) => call(t(f64()), as<boolean>(1))),
  ];
}

const creationOptionCases = (call: (opts: tg.CreationOptions) => unknown): BadCase[] => [
  bad('dtype "float16" (unknown)', 'DtypeError', () => call({ dtype: as<DType>('float16') })),
  bad('dtype 5 (not a dtype name)', 'DtypeError', () => call({ dtype: as<DType>(5) })),
  bad('requiresGrad "yes" (not a boolean)', 'DtypeError', () => call({ requiresGrad: as<boolean>('yes') })),
  bad('requiresGrad with an int32 dtype', 'DtypeError', () => call({ dtype: 'int32', requiresGrad: true })),
  bad('an unknown option key', 'DtypeError', () => call(as<tg.CreationOptions>({ dtpye: 'float64' }))),
  bad('null options', 'DtypeError', () => call(as<tg.CreationOptions>(null))),
];

/** A mathjs-like object whose `matrix` and `complex` build plain values. */
const fakeMath: MathjsLike = { matrix: (d) => d, complex: (re, im) => ({ re, im }) };

const unaryOps: [
  (keyof typeof tg & string) | `internal.core.${keyof typeof ci & string}`,
  Unary,
  ('bool' | 'int32' | 'complex')[],
][] = [
  ['neg', tg.neg, ['bool']],
  ['exp', tg.exp, []],
  ['log', tg.log, []],
  ['log1p', tg.log1p, []],
  ['sin', tg.sin, []],
  ['cos', tg.cos, []],
  ['tanh', tg.tanh, []],
  ['sigmoid', tg.sigmoid, []],
  ['sqrt', tg.sqrt, []],
  ['erf', tg.erf, ['complex']],
  ['abs', tg.abs, ['bool']],
  ['sign', tg.sign, ['bool']],
  ['relu', tg.relu, ['bool', 'complex']],
  ['angle', tg.angle, []],
  ['conj', tg.conj, []],
  ['isfinite', tg.isfinite, []],
  ['isnan', tg.isnan, []],
  ['logicalNot', tg.logicalNot, []],
  ['square', tg.square, []],
  ['reciprocal', tg.reciprocal, []],
  ['rsqrt', tg.rsqrt, []],
  ['internal.core.toFloating', ci.toFloating, []],
  ['clone', tg.clone, []],
  ['contiguous', tg.contiguous, []],
  ['real', tg.real, []],
  ['floor', tg.floor, ['bool', 'complex']],
  ['ceil', tg.ceil, ['bool', 'complex']],
  ['trunc', tg.trunc, ['bool', 'complex']],
  ['frac', tg.frac, ['bool', 'int32', 'complex']],
  ['tan', tg.tan, ['complex']],
  ['asin', tg.asin, ['complex']],
  ['acos', tg.acos, ['complex']],
  ['atan', tg.atan, ['complex']],
  ['sinh', tg.sinh, ['complex']],
  ['cosh', tg.cosh, ['complex']],
  ['asinh', tg.asinh, ['complex']],
  ['acosh', tg.acosh, ['complex']],
  ['atanh', tg.atanh, ['complex']],
  ['isinf', tg.isinf, []],
  ['isposinf', tg.isposinf, ['complex']],
  ['isneginf', tg.isneginf, ['complex']],
];

const binaryOps: [string, Binary, BadCase[]][] = [
  [
    'add',
    tg.add,
    [bad('alpha "2" (not a number)', 'DtypeError', (t) => tg.add(t(f64()), t(f64()), { alpha: as<number>('2') }))],
  ],
  [
    'sub',
    tg.sub,
    [
      bad('bool operands', 'DtypeError', (t) => tg.sub(t(bool()), t(bool()))),
      bad('alpha NaN-typed string', 'DtypeError', (t) => tg.sub(t(f64()), 1, { alpha: as<number>('x') })),
    ],
  ],
  ['mul', tg.mul, []],
  ['div', tg.div, []],
  ['pow', tg.pow, []],
  ['maximum', tg.maximum, complexRejected(tg.maximum)],
  ['minimum', tg.minimum, complexRejected(tg.minimum)],
  ['atan2', tg.atan2, complexRejected(tg.atan2)],
  ['eq', tg.eq, []],
  ['ne', tg.ne, []],
  ['lt', tg.lt, complexRejected(tg.lt)],
  ['le', tg.le, complexRejected(tg.le)],
  ['gt', tg.gt, complexRejected(tg.gt)],
  ['ge', tg.ge, complexRejected(tg.ge)],
  ['logicalAnd', tg.logicalAnd, []],
  ['logicalOr', tg.logicalOr, []],
  [
    'fmod',
    tg.fmod,
    [
      ...complexRejected(tg.fmod),
      bad('an int32 zero divisor', 'DtypeError', (t) => tg.fmod(t(i32([1, 2])), t(i32([1, 0])))),
      bad('bool operands', 'DtypeError', (t) => tg.fmod(t(bool()), t(bool()))),
    ],
  ],
  [
    'remainder',
    tg.remainder,
    [
      ...complexRejected(tg.remainder),
      bad('an int32 zero divisor (JS scalar)', 'DtypeError', (t) => tg.remainder(t(i32([1, 2])), 0)),
    ],
  ],
  ['hypot', tg.hypot, complexRejected(tg.hypot)],
];

type DimsArg = number | readonly number[] | null;
const reductions: [
  string,
  (x: Tensor, dim?: DimsArg, keepdim?: boolean) => unknown,
  ('bool' | 'int32' | 'complex')[],
][] = [
  ['sum', (x, d, k) => tg.sum(x, d, k), []],
  ['mean', (x, d, k) => tg.mean(x, d, k), ['int32', 'bool']],
  ['prod', (x, d, k) => tg.prod(x, as<number>(d), k), []],
  ['amax', (x, d, k) => tg.amax(x, d, k), ['complex']],
  ['amin', (x, d, k) => tg.amin(x, d, k), ['complex']],
  ['argmax', (x, d, k) => tg.argmax(x, as<number>(d), k), ['complex']],
  ['argmin', (x, d, k) => tg.argmin(x, as<number>(d), k), ['complex']],
  ['logsumexp', (x, d, k) => tg.logsumexp(x, as<number>(d ?? undefined), k), ['complex']],
  ['var', (x, d, k) => tg.var(x, d, { keepdim: k }), ['int32', 'bool']],
  ['std', (x, d, k) => tg.std(x, d, { keepdim: k }), ['int32', 'bool']],
];

function reductionRow(
  name: string,
  fn: (x: Tensor, dim?: DimsArg, keepdim?: boolean) => unknown,
  rejected: ('bool' | 'int32' | 'complex')[],
): Row {
  const listDims = !['prod', 'argmax', 'argmin'].includes(name);
  return {
    ok: (t) => fn(t(f64([2, 3])), 1, true),
    bad: [
      ...notTensor((x) => fn(x)),
      ...rejects((x) => fn(x), rejected),
      ...badDims((x, d) => fn(x, d)),
      ...keepdimCases((x, k) => fn(x, 0, k)),
      ...(listDims
        ? [
            bad('a repeated dim [0, 0]', 'ShapeError', (t: Track) => fn(t(f64()), [0, 0])),
            bad('a dim list holding a string', 'ShapeError', (t: Track) => fn(t(f64()), as<number[]>([0, 'x']))),
          ]
        : [bad('a list of dims (only one dim is accepted)', 'ShapeError', (t: Track) => fn(t(f64()), [0]))]),
    ],
  };
}

const table: Table = {
  // ---------------------------------------------------------------- creation
  tensor: {
    ok: (t) => tg.tensor(t(new Float64Array([1, 2, 3, 4])) as unknown as Float64Array, { shape: [2, 2] }),
    bad: [
      bad('ragged nested rows', 'ShapeError', () => tg.tensor(as<TensorData>([[1, 2], [3]]))),
      bad('a string leaf', 'DtypeError', () => tg.tensor(as<TensorData>(['1']))),
      bad('a null leaf', 'DtypeError', () => tg.tensor(as<TensorData>([1, null]))),
      bad('a bigint leaf', 'DtypeError', () => tg.tensor(as<TensorData>([1n]))),
      bad('a symbol leaf', 'DtypeError', () => tg.tensor(as<TensorData>([Symbol('x')]))),
      bad('a function leaf', 'DtypeError', () => tg.tensor(as<TensorData>([() => 1]))),
      bad('an object with a string re', 'DtypeError', () => tg.tensor(as<TensorData>([{ re: '1', im: 0 }]))),
      bad('a Date', 'DtypeError', () => tg.tensor(as<TensorData>(new Date()))),
      bad('an Int16Array', 'DtypeError', () => tg.tensor(as<TensorData>(new Int16Array(2)))),
      bad('typed data of the wrong length for the shape', 'ShapeError', () =>
        tg.tensor(new Float64Array(4), { shape: [3] }),
      ),
      bad('nested data of the wrong size for the shape', 'ShapeError', () => tg.tensor([1, 2, 3], { shape: [2, 2] })),
      bad('NaN into int32', 'DtypeError', () => tg.tensor([Number.NaN], { dtype: 'int32' })),
      bad('Infinity into int32', 'DtypeError', () => tg.tensor([Number.POSITIVE_INFINITY], { dtype: 'int32' })),
      bad('2^31 into int32 (overflow)', 'DtypeError', () => tg.tensor([2 ** 31], { dtype: 'int32' })),
      bad('a complex value into float64', 'DtypeError', () => tg.tensor([{ re: 1, im: 2 }], { dtype: 'float64' })),
      ...creationOptionCases((o) => tg.tensor([1, 2], o)),
      ...shapeCases((shape) => tg.tensor(new Float64Array(0), { shape })).filter(
        (c) => !c.what.includes('string shape'),
      ),
    ],
  },
  zeros: {
    ok: () => tg.zeros([2, 0, 3]),
    bad: [...shapeCases((s) => tg.zeros(s)), ...creationOptionCases((o) => tg.zeros([2], o))],
  },
  ones: {
    ok: () => tg.ones(3),
    bad: [...shapeCases((s) => tg.ones(s)), ...creationOptionCases((o) => tg.ones([2], o))],
  },
  full: {
    ok: () => tg.full([2], 7),
    bad: [
      ...shapeCases((s) => tg.full(s, 1)),
      ...creationOptionCases((o) => tg.full([2], 1, o)),
      bad('a string fill value', 'DtypeError', () => tg.full([2], as<number>('x'))),
      bad('NaN into int32', 'DtypeError', () => tg.full([2], Number.NaN, { dtype: 'int32' })),
    ],
  },
  eye: {
    ok: () => tg.eye(2, 3, { dtype: 'float64' }),
    bad: [
      bad('n = -1', 'ShapeError', () => tg.eye(-1)),
      bad('n = 2.5', 'ShapeError', () => tg.eye(2.5)),
      bad('m = -1', 'ShapeError', () => tg.eye(2, -1)),
      bad('n = 1e6 (element count overflow)', 'ShapeError', () => tg.eye(1e6)),
      bad('n = "3"', 'ShapeError', () => tg.eye(as<number>('3'))),
      bad('m = "3" (neither a size nor options)', 'DtypeError', () => tg.eye(2, as<number>('3'))),
      ...creationOptionCases((o) => tg.eye(2, o)),
    ],
  },
  arange: {
    ok: () => tg.arange(0, 5, 2),
    bad: [
      bad('step 0', 'ShapeError', () => tg.arange(0, 5, 0)),
      bad('a step against the range', 'ShapeError', () => tg.arange(0, 5, -1)),
      bad('end NaN', 'DtypeError', () => tg.arange(0, Number.NaN)),
      bad('end Infinity', 'DtypeError', () => tg.arange(Number.POSITIVE_INFINITY)),
      bad('a string end', 'DtypeError', () => tg.arange(as<number>('5'))),
      bad('1e12 elements (overflow)', 'ShapeError', () => tg.arange(1e12)),
      ...creationOptionCases((o) => tg.arange(3, o)),
    ],
  },
  linspace: {
    ok: () => tg.linspace(0, 1, 5),
    bad: [
      bad('steps -1', 'ShapeError', () => tg.linspace(0, 1, -1)),
      bad('steps 2.5', 'ShapeError', () => tg.linspace(0, 1, 2.5)),
      bad('steps 1e12 (overflow)', 'ShapeError', () => tg.linspace(0, 1, 1e12)),
      bad('a string start', 'DtypeError', () => tg.linspace(as<number>('0'), 1, 3)),
      bad('start NaN', 'DtypeError', () => tg.linspace(Number.NaN, 1, 3)),
      bad('end Infinity', 'DtypeError', () => tg.linspace(0, Number.POSITIVE_INFINITY, 3)),
      ...creationOptionCases((o) => tg.linspace(0, 1, 3, o)),
    ],
  },
  zerosLike: {
    ok: (t) => tg.zerosLike(t(f64())),
    bad: [...notTensor((x) => tg.zerosLike(x)), ...creationOptionCases((o) => tg.zerosLike(f64(), o))],
  },
  onesLike: {
    ok: (t) => tg.onesLike(t(f64())),
    bad: [...notTensor((x) => tg.onesLike(x)), ...creationOptionCases((o) => tg.onesLike(f64(), o))],
  },
  fullLike: {
    ok: (t) => tg.fullLike(t(f64()), 3),
    bad: [
      ...notTensor((x) => tg.fullLike(x, 1)),
      bad('a string fill value', 'DtypeError', (t) => tg.fullLike(t(f64()), as<number>('x'))),
      ...creationOptionCases((o) => tg.fullLike(f64(), 1, o)),
    ],
  },
  randn: {
    ok: () => tg.randn([2, 2], { dtype: 'complex64' }),
    bad: [
      ...shapeCases((s) => tg.randn(s)),
      bad('an int32 dtype', 'DtypeError', () => tg.randn([2], { dtype: 'int32' })),
      ...creationOptionCases((o) => tg.randn([2], o)).filter((c) => !c.what.includes('int32')),
    ],
  },
  rand: {
    ok: () => tg.rand([3]),
    bad: [
      ...shapeCases((s) => tg.rand(s)),
      bad('a bool dtype', 'DtypeError', () => tg.rand([2], { dtype: 'bool' })),
      ...creationOptionCases((o) => tg.rand([2], o)).filter((c) => !c.what.includes('int32')),
    ],
  },
  randint: {
    ok: () => tg.randint(0, 5, [4]),
    bad: [
      ...shapeCases((s) => tg.randint(0, 5, s)),
      bad('low == high', 'ShapeError', () => tg.randint(3, 3, [2])),
      bad('low > high', 'ShapeError', () => tg.randint(5, 3, [2])),
      bad('a non-integer bound', 'ShapeError', () => tg.randint(0, 2.5, [2])),
      bad('a NaN bound', 'ShapeError', () => tg.randint(Number.NaN, 3, [2])),
      ...creationOptionCases((o) => tg.randint(0, 3, [2], o)).filter((c) => !c.what.includes('int32')),
    ],
  },
  manualSeed: {
    ok: () => tg.manualSeed(0),
    bad: [
      bad('a string seed', 'DtypeError', () => tg.manualSeed(as<number>('1'))),
      bad('a NaN seed', 'DtypeError', () => tg.manualSeed(Number.NaN)),
      bad('an Infinity seed', 'DtypeError', () => tg.manualSeed(Number.POSITIVE_INFINITY)),
      bad('a non-integer seed 0.5', 'DtypeError', () => tg.manualSeed(0.5)),
      bad('a seed 2^64 (out of range)', 'DtypeError', () => tg.manualSeed(2 ** 64)),
      bad('a seed 1e300 (out of range)', 'DtypeError', () => tg.manualSeed(1e300)),
      bad('a seed below -2^63', 'DtypeError', () => tg.manualSeed(-(2 ** 64))),
    ],
  },
  setNumThreads: {
    ok: () => tg.setNumThreads(1),
    bad: [
      bad('zero threads', 'DtypeError', () => tg.setNumThreads(0)),
      bad('a negative count', 'DtypeError', () => tg.setNumThreads(-2)),
      bad('a fractional count', 'DtypeError', () => tg.setNumThreads(1.5)),
      bad('NaN', 'DtypeError', () => tg.setNumThreads(Number.NaN)),
      bad('a string', 'DtypeError', () => tg.setNumThreads(as<number>('2'))),
      bad('a count above the cap', 'DtypeError', () => tg.setNumThreads(1e6)),
    ],
  },
  getNumThreads: { ok: () => tg.getNumThreads(), bad: [], noBadInput: 'takes no arguments' },
  setDefaultDtype: {
    ok: () => tg.setDefaultDtype(tg.getDefaultDtype()),
    bad: [
      bad('int32', 'DtypeError', () => tg.setDefaultDtype(as<'float32'>('int32'))),
      bad('complex128', 'DtypeError', () => tg.setDefaultDtype(as<'float32'>('complex128'))),
      bad('undefined', 'DtypeError', () => tg.setDefaultDtype(as<'float32'>(undefined))),
    ],
  },
  getDefaultDtype: { ok: () => tg.getDefaultDtype(), bad: [], noBadInput: 'takes no arguments' },
  complex: {
    ok: (t) => tg.complex(t(f64([2, 2])), t(f64([2]))),
    bad: [
      bad('parts of shapes [2] and [3]', 'ShapeError', (t) => tg.complex(t(f64([2])), t(f64([3])))),
      bad('int32 parts', 'DtypeError', (t) => tg.complex(t(i32([1])), t(i32([2])))),
      bad('float32 and float64 parts', 'DtypeError', (t) => tg.complex(t(f32([1])), t(f64([1])))),
      bad('complex parts', 'DtypeError', (t) => tg.complex(t(c128()), t(c128()))),
      bad('a number part', 'DtypeError', (t) => tg.complex(t(f64([1])), as<Tensor>(1))),
    ],
  },
  imag: {
    ok: (t) => tg.imag(t(c128())),
    bad: [
      ...notTensor(tg.imag),
      ...rejects(tg.imag, ['int32']),
      bad('a real tensor', 'DtypeError', (t) => tg.imag(t(f64()))),
    ],
  },
  cast: {
    op: 'to',
    ok: (t) => tg.cast(t(f64()), 'complex64'),
    bad: [
      ...notTensor((x) => tg.cast(x, 'float64')),
      bad('dtype "float16"', 'DtypeError', (t) => tg.cast(t(f64()), as<DType>('float16'))),
      bad('dtype undefined', 'DtypeError', (t) => tg.cast(t(f64()), as<DType>(undefined))),
    ],
  },
  copyInto: {
    ok: (t) => tg.copyInto(t(f64([2, 3])), tg.zeros([2, 3], { dtype: 'float64' })),
    bad: [
      bad('a destination of another shape', 'ShapeError', (t) =>
        tg.copyInto(t(f64([3])), t(tg.zeros([2], { dtype: 'float64' }))),
      ),
      bad('a destination of another rank', 'ShapeError', (t) =>
        tg.copyInto(t(f64([2, 3])), t(tg.zeros([6], { dtype: 'float64' }))),
      ),
      bad('a 0-sized source into a non-empty destination', 'ShapeError', (t) =>
        tg.copyInto(t(f64([0])), t(tg.zeros([2], { dtype: 'float64' }))),
      ),
      bad('a source that is not a tensor', 'DtypeError', (t) =>
        tg.copyInto(as<Tensor>([1, 2]), t(tg.zeros([2], { dtype: 'float64' }))),
      ),
      bad('a destination that is not a tensor', 'DtypeError', (t) =>
        tg.copyInto(t(f64([2])), as<Tensor>(new Float64Array(2))),
      ),
      bad('a broadcast (stride-0) destination whose elements overlap', 'ShapeError', (t) =>
        tg.copyInto(t(f64([3])), t(tg.zeros([1], { dtype: 'float64' })).expand([3])),
      ),
      bad('a complex source into a real destination', 'DtypeError', (t) =>
        tg.copyInto(t(c128([2])), t(tg.zeros([2], { dtype: 'float64' }))),
      ),
    ],
  },
  // ---------------------------------------------------------------- elementwise
  ...Object.fromEntries(unaryOps.map(([name, fn, r]) => [name, unaryRow(fn, r)])),
  ...Object.fromEntries(binaryOps.map(([name, fn, extra]) => [name, binaryRow(fn, extra)])),
  where: {
    ok: (t) => tg.where(t(bool([true, false, true])), t(f64([3])), 0),
    bad: [
      bad('a condition that does not broadcast', 'ShapeError', (t) => tg.where(t(bool([true, false])), t(f64([3])), 0)),
      bad('a string condition', 'DtypeError', () => tg.where(as<Tensor>('a'), 1, 2)),
      bad('a string operand', 'DtypeError', (t) => tg.where(t(bool()), as<number>('a'), 2)),
    ],
  },
  clamp: {
    ok: (t) => tg.clamp(t(f64()), 0, 1),
    bad: [
      ...notTensor((x) => tg.clamp(x, 0, 1)),
      bad('neither bound', 'DtypeError', (t) => tg.clamp(t(f64()))),
      bad('a complex tensor', 'DtypeError', (t) => tg.clamp(t(c128()), 0, 1)),
      bad('a string bound', 'DtypeError', (t) => tg.clamp(t(f64()), as<number>('0')), 'clamp'),
      bad('a bound that does not broadcast', 'ShapeError', (t) => tg.clamp(t(f64([2, 3])), t(f64([2])))),
    ],
  },
  lerp: {
    ok: (t) => tg.lerp(t(f64()), t(f64([3])), t(f64([2, 1]))),
    bad: [
      ...notTensor((x) => tg.lerp(x, x, 0.5)),
      bad('a string weight', 'DtypeError', (t) => tg.lerp(t(f64()), t(f64()), as<number>('0.5'))),
      bad('shapes that do not broadcast', 'ShapeError', (t) => tg.lerp(t(f64([2, 3])), t(f64([2])), 0.5)),
    ],
  },
  addcmul: {
    ok: (t) => tg.addcmul(t(f64()), t(f64([3])), t(f64([2, 1])), { value: 2 }),
    bad: [
      ...notTensor((x) => tg.addcmul(x, x, x)),
      bad('a string value', 'DtypeError', (t) => tg.addcmul(t(f64()), t(f64()), t(f64()), { value: as<number>('2') })),
      bad('shapes that do not broadcast', 'ShapeError', (t) => tg.addcmul(t(f64([2, 3])), t(f64([2])), t(f64()))),
    ],
  },
  addcdiv: {
    ok: (t) => tg.addcdiv(t(f64()), t(f64([3])), t(f64([2, 1])), { value: 2 }),
    bad: [
      ...notTensor((x) => tg.addcdiv(x, x, x)),
      bad('a string value', 'DtypeError', (t) => tg.addcdiv(t(f64()), t(f64()), t(f64()), { value: as<number>('2') })),
      bad('shapes that do not broadcast', 'ShapeError', (t) => tg.addcdiv(t(f64([2, 3])), t(f64()), t(f64([2])))),
    ],
  },
  logaddexp: {
    ok: (t) => tg.logaddexp(t(f64()), t(f64([3]))),
    bad: [
      ...notTensor((x) => tg.logaddexp(x, x)),
      bad('a complex tensor', 'DtypeError', (t) => tg.logaddexp(t(c128()), t(f64()))),
      bad('a number operand', 'DtypeError', (t) => tg.logaddexp(t(f64()), as<Tensor>(1))),
      bad('shapes that do not broadcast', 'ShapeError', (t) => tg.logaddexp(t(f64([2, 3])), t(f64([2])))),
    ],
  },
  logit: {
    ok: (t) => tg.logit(t(f64()), 1e-6),
    bad: [
      ...notTensor((x) => tg.logit(x)),
      bad('a complex tensor', 'DtypeError', (t) => tg.logit(t(c128()))),
      bad('eps 0.6', 'DtypeError', (t) => tg.logit(t(f64()), 0.6)),
      bad('eps "0.1"', 'DtypeError', (t) => tg.logit(t(f64()), as<number>('0.1'))),
    ],
  },
  round: {
    ok: (t) => tg.round(t(f64()), { decimals: 2 }),
    bad: [
      ...notTensor((x) => tg.round(x)),
      bad('a complex tensor', 'DtypeError', (t) => tg.round(t(c128()))),
      bad('a bool tensor', 'DtypeError', (t) => tg.round(t(bool()))),
      bad('decimals with an int32 tensor', 'DtypeError', (t) => tg.round(t(i32([1])), { decimals: 1 })),
      bad('decimals 1.5', 'DtypeError', (t) => tg.round(t(f64()), { decimals: 1.5 })),
      bad('decimals "2"', 'DtypeError', (t) => tg.round(t(f64()), { decimals: as<number>('2') })),
      bad('an unknown option', 'DtypeError', (t) => tg.round(t(f64()), as<{ decimals: number }>({ digits: 2 }))),
    ],
  },
  gelu: {
    ok: (t) => tg.gelu(t(f64()), { approximate: 'tanh' }),
    bad: [
      ...notTensor((x) => tg.gelu(x)),
      bad('a complex tensor', 'DtypeError', (t) => tg.gelu(t(c128()))),
      bad('approximate "fast" (unknown)', 'DtypeError', (t) => tg.gelu(t(f64()), { approximate: as<'tanh'>('fast') })),
    ],
  },
  softplus: {
    ok: (t) => tg.softplus(t(f64()), { beta: 2, threshold: 10 }),
    bad: [
      ...notTensor((x) => tg.softplus(x)),
      bad('a complex tensor', 'DtypeError', (t) => tg.softplus(t(c128()))),
      bad('beta "2" (not a number)', 'DtypeError', (t) => tg.softplus(t(f64()), { beta: as<number>('2') })),
      bad('beta NaN', 'DtypeError', (t) => tg.softplus(t(f64()), { beta: Number.NaN })),
      bad('beta 0 (division by zero)', 'DtypeError', (t) => tg.softplus(t(f64()), { beta: 0 })),
      bad('threshold "20"', 'DtypeError', (t) => tg.softplus(t(f64()), { threshold: as<number>('20') })),
    ],
  },
  softmax: {
    ok: (t) => tg.softmax(t(f64()), -1),
    bad: [
      ...notTensor((x) => tg.softmax(x, 0)),
      ...badDims((x, d) => tg.softmax(x, d)),
      bad('a complex tensor', 'DtypeError', (t) => tg.softmax(t(c128()), 0)),
      bad('no dim', 'ShapeError', (t) => tg.softmax(t(f64()), as<number>(undefined))),
    ],
  },
  logSoftmax: {
    ok: (t) => tg.logSoftmax(t(f64()), 0),
    bad: [
      ...notTensor((x) => tg.logSoftmax(x, 0)),
      ...badDims((x, d) => tg.logSoftmax(x, d)),
      bad('a complex tensor', 'DtypeError', (t) => tg.logSoftmax(t(c128()), 0)),
    ],
  },
  isclose: {
    ok: (t) => tg.isclose(t(f64()), t(f64()), { rtol: 0, atol: 0.1, equalNan: true }),
    bad: [
      ...notTensor((x) => tg.isclose(x, 1)),
      bad('atol "x" (not a number)', 'DtypeError', (t) => tg.isclose(t(f64()), t(f64()), { atol: as<number>('x') })),
      bad('rtol NaN', 'DtypeError', (t) => tg.isclose(t(f64()), t(f64()), { rtol: Number.NaN })),
      bad('atol -1 (negative)', 'DtypeError', (t) => tg.isclose(t(f64()), t(f64()), { atol: -1 })),
      bad('equalNan "yes" (not a boolean)', 'DtypeError', (t) =>
        tg.isclose(t(f64()), t(f64()), { equalNan: as<boolean>('yes') }),
      ),
      bad('shapes that do not broadcast', 'ShapeError', (t) => tg.isclose(t(f64([2, 3])), t(f64([2])))),
      bad('a complex atol tensor', 'DtypeError', (t) =>
        tg.isclose(t(f64()), t(f64()), { atol: as<number>(c128([1])) }),
      ),
    ],
  },
  allclose: {
    ok: (t) => tg.allclose(t(f64()), t(f64())),
    bad: [
      ...notTensor((x) => tg.allclose(x, 1)),
      bad('atol "x" (not a number)', 'DtypeError', (t) => tg.allclose(t(f64()), t(f64()), { atol: as<number>('x') })),
      bad('rtol -1 (negative)', 'DtypeError', (t) => tg.allclose(t(f64()), t(f64()), { rtol: -1 })),
      bad('equalNan 1 (not a boolean)', 'DtypeError', (t) =>
        tg.allclose(t(f64()), t(f64()), { equalNan: as<boolean>(1) }),
      ),
      bad('shapes that do not broadcast', 'ShapeError', (t) => tg.allclose(t(f64([2, 3])), t(f64([2])))),
      bad('a complex rtol tensor', 'DtypeError', (t) =>
        tg.allclose(t(f64()), t(f64()), { rtol: as<number>(c128([1])) }),
      ),
    ],
  },
  // ---------------------------------------------------------------- reductions
  ...Object.fromEntries(reductions.map(([name, fn, r]) => [name, reductionRow(name, fn, r)])),
  max: {
    ok: (t) => tg.max(t(f64()), 1, true),
    bad: [
      ...notTensor((x) => tg.max(x)),
      ...badDims((x, d) => tg.max(x, d)),
      ...keepdimCases((x, k) => tg.max(x, 0, k)),
      bad('an empty tensor', 'ShapeError', (t) => tg.max(t(f64([0])))),
      bad('an empty dim', 'ShapeError', (t) => tg.max(t(f64([0, 2])), 0)),
      bad('a complex tensor', 'DtypeError', (t) => tg.max(t(c128()))),
    ],
  },
  min: {
    ok: (t) => tg.min(t(f64()), 0),
    bad: [
      ...notTensor((x) => tg.min(x)),
      ...badDims((x, d) => tg.min(x, d)),
      ...keepdimCases((x, k) => tg.min(x, 0, k)),
      bad('an empty tensor', 'ShapeError', (t) => tg.min(t(f64([2, 0])))),
      bad('a complex tensor', 'DtypeError', (t) => tg.min(t(c128()))),
    ],
  },
  trace: {
    ok: (t) => tg.trace(t(f64([3, 3]))),
    bad: [
      ...notTensor(tg.trace),
      bad('a 3-D tensor', 'ShapeError', (t) => tg.trace(t(f64([2, 2, 2])))),
      bad('a 1-D tensor', 'ShapeError', (t) => tg.trace(t(f64([3])))),
    ],
  },
  // ---------------------------------------------------------------- error classes and the Tensor class
  ...Object.fromEntries(
    Object.entries({
      TapegradError: tg.TapegradError,
      ShapeError: tg.ShapeError,
      DtypeError: tg.DtypeError,
      LinalgError: tg.LinalgError,
      AutogradError: tg.AutogradError,
      GradcheckError: tg.GradcheckError,
    }).map(([name, ErrorClass]) => [
      name,
      {
        ok: () => new ErrorClass('op: expected a, got b'),
        bad: [],
        noBadInput: 'an error class: any message is accepted',
      },
    ]),
  ),
  TapegradWarningError: {
    ok: () => new tg.TapegradWarningError('op: a warning', 'CODE', 'NumericalWarning'),
    bad: [],
    noBadInput: 'an error class: any message, code and category are accepted',
  },
  Tensor: {
    exempt:
      'the constructor is internal (@internal: a strided view over given storage, used by the ops); users create tensors with tensor() and the creation functions, whose rows cover bad data',
  },
  // ---------------------------------------------------------------- dtype and shape helpers
  epsOf: {
    ok: () => tg.epsOf('complex64'),
    bad: [
      bad('an int32 dtype (no machine epsilon)', 'DtypeError', () => tg.epsOf('int32')),
      bad('an unknown dtype', 'DtypeError', () => tg.epsOf(as<DType>('float16'))),
    ],
  },
  isComplex: {
    ok: () => tg.isComplex(as<DType>('cfloat')),
    bad: [],
    noBadInput: 'a predicate: anything that is not complex64/complex128 answers false',
  },
  isFloating: {
    ok: () => tg.isFloating(as<DType>('double')),
    bad: [],
    noBadInput: 'a predicate: anything that is not a floating dtype answers false',
  },
  promoteTypes: {
    ok: () => tg.promoteTypes('complex64', 'float64'),
    bad: [
      bad('an unknown first dtype', 'DtypeError', () => tg.promoteTypes(as<DType>('float16'), 'float32')),
      bad('an unknown second dtype', 'DtypeError', () => tg.promoteTypes('float32', as<DType>(undefined))),
    ],
  },
  // ---------------------------------------------------------------- grad mode and the tape hook
  noGrad: {
    ok: () => tg.noGrad(() => 1),
    bad: [bad('a callback that is not a function', 'DtypeError', () => tg.noGrad(as<() => void>('x')))],
  },
  enableGrad: {
    ok: () => tg.enableGrad(() => 1),
    bad: [bad('a callback that is not a function', 'DtypeError', () => tg.enableGrad(as<() => void>(null)))],
  },
  isGradEnabled: { ok: () => tg.isGradEnabled(), bad: [], noBadInput: 'takes no arguments' },
  setGradEnabled: {
    ok: () => tg.setGradEnabled(tg.isGradEnabled()),
    bad: [
      bad('"false" (a string, which is truthy)', 'DtypeError', () => tg.setGradEnabled(as<boolean>('false'))),
      bad('undefined', 'DtypeError', () => tg.setGradEnabled(as<boolean>(undefined))),
    ],
  },
  // ---------------------------------------------------------------- mathjs interop
  fromMathjs: {
    ok: () =>
      tg.fromMathjs(
        math.matrix([
          [1, 2],
          [3, 4],
        ]),
        { dtype: 'float64' },
      ),
    bad: [
      bad('a string', 'DtypeError', () => tg.fromMathjs('1,2')),
      bad('undefined', 'DtypeError', () => tg.fromMathjs(undefined)),
      bad('a ragged mathjs-like matrix', 'ShapeError', () =>
        tg.fromMathjs({ toArray: () => [[1], [2, 3]], size: () => [2, 2] }),
      ),
      bad('a matrix whose toArray returns strings', 'DtypeError', () =>
        tg.fromMathjs({ toArray: () => ['a'], size: () => [1] }),
      ),
      bad('a matrix whose size() is not a shape', 'ShapeError', () =>
        tg.fromMathjs({ toArray: () => [], size: () => [0, -1] }),
      ),
      bad('an unknown dtype', 'DtypeError', () => tg.fromMathjs([1, 2], { dtype: as<DType>('x') })),
    ],
  },
  toMathjs: {
    ok: (t) => tg.toMathjs(t(c128()), math as unknown as MathjsLike),
    bad: [
      ...notTensor((x) => tg.toMathjs(x, fakeMath)),
      bad('a math instance without matrix()', 'DtypeError', (t) => tg.toMathjs(t(f64()), as<MathjsLike>({}))),
      bad('no math instance', 'DtypeError', (t) => tg.toMathjs(t(c128()), as<MathjsLike>(undefined))),
    ],
  },
  // ---------------------------------------------------------------- warnings
  'warnings.filter': {
    ok: () => {
      tg.warnings.filter('always', { code: 'TAPEGRAD_NONE' });
      tg.warnings.resetFilters();
    },
    bad: [
      bad('an unknown action', 'DtypeError', () => tg.warnings.filter(as<'always'>('bogus'))),
      bad('a null match', 'DtypeError', () => tg.warnings.filter('ignore', as<tg.warnings.WarningMatch>(null))),
      bad('a numeric code', 'DtypeError', () => tg.warnings.filter('ignore', { code: as<string>(5) })),
      bad('an array as match', 'DtypeError', () => tg.warnings.filter('ignore', as<tg.warnings.WarningMatch>(['x']))),
    ],
  },
  'warnings.resetFilters': { ok: () => tg.warnings.resetFilters(), bad: [], noBadInput: 'takes no arguments' },
  'warnings.record': {
    ok: () => tg.warnings.record(() => 1),
    bad: [bad('a callback that is not a function', 'DtypeError', () => tg.warnings.record(as<() => void>('x')))],
  },
  'warnings.warn': {
    ok: () => tg.warnings.record(() => tg.warnings.warn('NumericalWarning', 'TAPEGRAD_TEST', 'op: a test warning')),
    bad: [
      bad('an unknown category', 'DtypeError', () => tg.warnings.warn(as<'NumericalWarning'>('UserWarning'), 'C', 'm')),
      bad('a numeric code', 'DtypeError', () => tg.warnings.warn('NumericalWarning', as<string>(1), 'm')),
      bad('a non-string message', 'DtypeError', () => tg.warnings.warn('NumericalWarning', 'C', as<string>({}))),
    ],
  },
};

export default table;
