/**
 * Bad input (docs/semantics.md §2.5, §4.3): every failure is a typed TapegradError whose `name` is the class name and whose message
 * starts with the public op name and says what was expected and what was got. Shapes whose element count overflows
 * are refused before anything is allocated (a RangeError from the typed-array constructor would mean the check
 * came too late).
 */

import { type ErrorName, expectTypedError } from '@tapegrad/testing/errors';
import { describe, expect, it } from 'vitest';
import type { DType, Tensor, TensorData } from './index';
import {
  AutogradError,
  add,
  amax,
  arange,
  argmax,
  cat,
  chunk,
  clamp,
  complex,
  DtypeError,
  diag,
  diagEmbed,
  diagonal,
  dot,
  erf,
  exp,
  expand,
  eye,
  flatten,
  flip,
  full,
  GradcheckError,
  gather,
  gelu,
  imag,
  indexSelect,
  LinalgError,
  linspace,
  logSoftmax,
  logsumexp,
  lt,
  manualSeed,
  matmul,
  max,
  maximum,
  mean,
  min,
  narrow,
  neg,
  ones,
  outer,
  permute,
  prod,
  rand,
  randint,
  randn,
  relu,
  reshape,
  ShapeError,
  scatterAdd,
  select,
  setDefaultDtype,
  slice,
  softmax,
  split,
  squeeze,
  stack,
  std,
  sub,
  sum,
  TapegradError,
  TapegradWarningError,
  tensor,
  trace,
  transpose,
  triu,
  unsqueeze,
  var as variance,
  view,
  warnings,
  where,
  zeros,
  zerosLike,
} from './index';

type Case = readonly [description: string, call: () => unknown, name: ErrorName, op: string];

const bad = (v: unknown): Tensor => v as Tensor;
const i32 = (data: TensorData, shape?: number[]): Tensor => tensor(data, { dtype: 'int32', shape });
const m23 = (): Tensor => ones([2, 3]);
const z = (): Tensor => tensor([{ re: 1, im: 2 }]);

function runCases(cases: readonly Case[]): void {
  for (const [description, call, name, op] of cases) {
    it(`${op}: ${description} → ${name}`, () => expectTypedError(call, name, op));
  }
}

describe('error classes', () => {
  it('every class is a TapegradError and an Error with its own name', () => {
    const classes = [ShapeError, DtypeError, LinalgError, AutogradError, GradcheckError] as const;
    for (const C of classes) {
      const e = new C('op: expected x, got y');
      expect(e).toBeInstanceOf(TapegradError);
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(C.name);
      expect(e.message).toBe('op: expected x, got y');
      expect(String(e)).toBe(`${C.name}: op: expected x, got y`);
    }
    const w = new TapegradWarningError('msg', 'CODE', 'NumericalWarning');
    expect(w).toBeInstanceOf(TapegradError);
    expect([w.name, w.code, w.category]).toEqual(['TapegradWarningError', 'CODE', 'NumericalWarning']);
  });

  it('the SPEC example: matmul of [2, 3] and [2, 3] is a ShapeError naming matmul', () => {
    expect(() => matmul(ones([2, 3]), ones([2, 3]))).toThrow(ShapeError);
    expect(() => matmul(ones([2, 3]), ones([2, 3]))).toThrow(/matmul/);
    expect(() => matmul(ones([2, 3]), ones([2, 3]))).toThrow(/^matmul: expected .*got .*\[2, 3\]/);
  });
});

describe('ragged and non-numeric data', () => {
  runCases([
    ['ragged rows', () => tensor([[1, 2], [3]] as TensorData), 'ShapeError', 'tensor'],
    ['a scalar where a row is expected', () => tensor([[1, 2], 3] as TensorData), 'ShapeError', 'tensor'],
    ['an array where a number is expected', () => tensor([1, [2]] as TensorData), 'ShapeError', 'tensor'],
    [
      'a deeper ragged level',
      () =>
        tensor([
          [[1], [2]],
          [[3], [4, 5]],
        ] as TensorData),
      'ShapeError',
      'tensor',
    ],
    ['a string leaf', () => tensor(['a'] as unknown as TensorData), 'DtypeError', 'tensor'],
    ['a null leaf', () => tensor([1, null] as unknown as TensorData), 'DtypeError', 'tensor'],
    ['an undefined leaf', () => tensor([1, undefined] as unknown as TensorData), 'DtypeError', 'tensor'],
    ['an object without im', () => tensor([{ re: 1 }] as unknown as TensorData), 'DtypeError', 'tensor'],
    ['undefined data', () => tensor(undefined as unknown as TensorData), 'DtypeError', 'tensor'],
    ['a tensor as data', () => tensor(ones([2]) as unknown as TensorData), 'DtypeError', 'tensor'],
    ['an unsupported typed array', () => tensor(new Int16Array(2) as unknown as TensorData), 'DtypeError', 'tensor'],
    [
      'a complex value for a real dtype',
      () => tensor([{ re: 1, im: 2 }], { dtype: 'float32' }),
      'DtypeError',
      'tensor',
    ],
    ['an unknown dtype', () => tensor([1], { dtype: 'float16' as DType }), 'DtypeError', 'tensor'],
    ['typed data of the wrong length', () => tensor(new Float64Array(4), { shape: [3] }), 'ShapeError', 'tensor'],
    [
      'odd-length interleaved complex data',
      () => tensor(new Float64Array(3), { dtype: 'complex128' }),
      'ShapeError',
      'tensor',
    ],
    ['nested data of the wrong size', () => tensor([1, 2, 3], { shape: [2, 2] }), 'ShapeError', 'tensor'],
    ['a negative shape', () => tensor(new Float64Array(2), { shape: [-2] }), 'ShapeError', 'tensor'],
    ['int data that requires grad', () => tensor([1], { dtype: 'int32', requiresGrad: true }), 'DtypeError', 'tensor'],
  ]);
});

describe('negative, non-integer and overflowing sizes (refused before allocating)', () => {
  runCases([
    ['zeros([-1])', () => zeros([-1]), 'ShapeError', 'zeros'],
    ['zeros([2.5])', () => zeros([2.5]), 'ShapeError', 'zeros'],
    ['zeros([NaN])', () => zeros([Number.NaN]), 'ShapeError', 'zeros'],
    ['zeros("3")', () => zeros('3' as unknown as number[]), 'ShapeError', 'zeros'],
    ['zeros([1e6, 1e6])', () => zeros([1e6, 1e6]), 'ShapeError', 'zeros'],
    ['ones([Infinity])', () => ones([Infinity]), 'ShapeError', 'ones'],
    ['full([2, -2], 1)', () => full([2, -2], 1), 'ShapeError', 'full'],
    ['full([1e6, 1e6], 1)', () => full([1e6, 1e6], 1), 'ShapeError', 'full'],
    ['eye(-1)', () => eye(-1), 'ShapeError', 'eye'],
    ['eye(2.5)', () => eye(2.5), 'ShapeError', 'eye'],
    ['eye(3, -1)', () => eye(3, -1), 'ShapeError', 'eye'],
    ['eye(1e6)', () => eye(1e6), 'ShapeError', 'eye'],
    ['rand([-1])', () => rand([-1]), 'ShapeError', 'rand'],
    ['randn([1e6, 1e6])', () => randn([1e6, 1e6]), 'ShapeError', 'randn'],
    ['randint(0, 5, [2.5])', () => randint(0, 5, [2.5]), 'ShapeError', 'randint'],
    ['randint(3, 3, [2])', () => randint(3, 3, [2]), 'ShapeError', 'randint'],
    ['arange(1e12)', () => arange(1e12), 'ShapeError', 'arange'],
    ['arange(0, 5, 0)', () => arange(0, 5, 0), 'ShapeError', 'arange'],
    ['arange(0, 5, -1) (step sign against the range)', () => arange(0, 5, -1), 'ShapeError', 'arange'],
    ['arange(NaN)', () => arange(Number.NaN), 'DtypeError', 'arange'],
    ['linspace(0, 1, -1)', () => linspace(0, 1, -1), 'ShapeError', 'linspace'],
    ['linspace(0, 1, 2.5)', () => linspace(0, 1, 2.5), 'ShapeError', 'linspace'],
    ['linspace(0, 1, 1e12)', () => linspace(0, 1, 1e12), 'ShapeError', 'linspace'],
    [
      'tensor(typed, { shape: [1e6, 1e6] })',
      () => tensor(new Float64Array(2), { shape: [1e6, 1e6] }),
      'ShapeError',
      'tensor',
    ],
    ['a broadcast of 1e10 elements', () => add(ones([1e5, 1]), ones([1, 1e5])), 'ShapeError', 'add'],
    ['a matmul result of 1e10 elements', () => matmul(ones([1e5, 1]), ones([1, 1e5])), 'ShapeError', 'matmul'],
    ['an outer product of 1e10 elements', () => outer(ones([1e5]), ones([1e5])), 'ShapeError', 'outer'],
    ['reshape to a negative size', () => reshape(ones([4]), [-2, -2]), 'ShapeError', 'reshape'],
    ['reshape to 2.5', () => reshape(ones([4]), [2.5]), 'ShapeError', 'reshape'],
    ['reshape with two -1', () => reshape(ones([4]), [-1, -1]), 'ShapeError', 'reshape'],
    ['reshape to the wrong element count', () => reshape(ones([6]), [4]), 'ShapeError', 'reshape'],
    ['expand to a negative size', () => expand(ones([1]), [-2]), 'ShapeError', 'expand'],
    ['split by 0', () => split(ones([3]), 0), 'ShapeError', 'split'],
    ['split sizes not summing to the dim', () => split(ones([3]), [1, 1]), 'ShapeError', 'split'],
    ['chunk into 0', () => chunk(ones([3]), 0), 'ShapeError', 'chunk'],
    ['narrow with a negative length', () => narrow(ones([3]), 0, 0, -1), 'ShapeError', 'narrow'],
    ['narrow past the end', () => narrow(ones([3]), 0, 2, 2), 'ShapeError', 'narrow'],
    ['slice with step 0', () => slice(ones([3]), 0, 0, 3, 0), 'ShapeError', 'slice'],
    ['slice with a negative step', () => slice(ones([3]), 0, 0, 3, -1), 'ShapeError', 'slice'],
  ]);
});

describe('mismatched and non-broadcastable shapes', () => {
  runCases([
    ['add [2, 3] and [3, 2]', () => add(ones([2, 3]), ones([3, 2])), 'ShapeError', 'add'],
    ['maximum [2] and [3]', () => maximum(ones([2]), ones([3])), 'ShapeError', 'maximum'],
    [
      'where with a condition of another shape',
      () => where(tensor([true, false]), ones([3]), 0),
      'ShapeError',
      'where',
    ],
    ['matmul [3] and [4]', () => matmul(ones([3]), ones([4])), 'ShapeError', 'matmul'],
    ['matmul of a 0-d tensor', () => matmul(ones([]), ones([3])), 'ShapeError', 'matmul'],
    [
      'matmul with batch dims that do not broadcast',
      () => matmul(ones([2, 2, 3]), ones([3, 3, 4])),
      'ShapeError',
      'matmul',
    ],
    ['dot of different sizes', () => dot(ones([3]), ones([4])), 'ShapeError', 'dot'],
    ['dot of matrices', () => dot(m23(), m23()), 'ShapeError', 'dot'],
    ['outer of a matrix', () => outer(ones([2, 2]), ones([2])), 'ShapeError', 'outer'],
    ['cat of different widths', () => cat([m23(), ones([2, 4])], 0), 'ShapeError', 'cat'],
    ['cat of different ranks', () => cat([ones([2]), ones([2, 2])]), 'ShapeError', 'cat'],
    ['cat of 0-d tensors', () => cat([ones([])]), 'ShapeError', 'cat'],
    ['cat of nothing', () => cat([]), 'ShapeError', 'cat'],
    ['stack of different shapes', () => stack([ones([2]), ones([3])]), 'ShapeError', 'stack'],
    ['stack of nothing', () => stack([]), 'ShapeError', 'stack'],
    ['view of a transposed matrix as a vector', () => view(m23().T, [-1]), 'ShapeError', 'view'],
    ['expand of a non-singleton dim', () => expand(ones([3]), [4]), 'ShapeError', 'expand'],
    ['expand to fewer dims', () => expand(m23(), [3]), 'ShapeError', 'expand'],
    ['broadcastTo an incompatible shape', () => m23().broadcastTo([3, 3]), 'ShapeError', 'broadcastTo'],
    ['complex of [2] and [3]', () => complex(ones([2]), ones([3])), 'ShapeError', 'complex'],
    [
      'scatterAdd with an index larger than the input',
      () => scatterAdd(ones([2, 2]), 0, i32([[0, 1, 0]]), ones([2, 2])),
      'ShapeError',
      'scatterAdd',
    ],
    ['gather with an index of another rank', () => gather(ones([2, 2]), 0, i32([0])), 'ShapeError', 'gather'],
    ['gather out of bounds', () => gather(ones([2, 2]), 0, i32([[5, 0]])), 'ShapeError', 'gather'],
    ['indexSelect out of bounds', () => indexSelect(ones([3]), 0, [5]), 'ShapeError', 'indexSelect'],
    ['indexSelect below -size', () => indexSelect(ones([3]), 0, [-4]), 'ShapeError', 'indexSelect'],
    ['item of two elements', () => ones([2]).item(), 'ShapeError', 'item'],
    ['trace of a 3-D tensor', () => trace(ones([2, 2, 2])), 'ShapeError', 'trace'],
    ['diag of a 3-D tensor', () => diag(ones([2, 2, 2])), 'ShapeError', 'diag'],
    ['triu of a vector', () => triu(ones([2])), 'ShapeError', 'triu'],
    ['diagonal of a vector', () => diagonal(ones([3])), 'ShapeError', 'diagonal'],
    ['mT of a vector', () => ones([3]).mT, 'ShapeError', 'Tensor.mT'],
    ['mH of a 0-d tensor', () => ones([]).mH, 'ShapeError', 'Tensor.mH'],
    ['select on a 0-d tensor', () => select(ones([]), 0, 0), 'ShapeError', 'select'],
    ['narrow on a 0-d tensor', () => narrow(ones([]), 0, 0, 1), 'ShapeError', 'narrow'],
    ['split of a 0-d tensor', () => split(ones([]), 1), 'ShapeError', 'split'],
    ['chunk of a 0-d tensor', () => chunk(ones([]), 1), 'ShapeError', 'chunk'],
    ['max of an empty tensor', () => max(zeros([0])), 'ShapeError', 'max'],
    ['min of an empty tensor', () => min(zeros([2, 0])), 'ShapeError', 'min'],
    ['argmax of an empty tensor', () => argmax(zeros([0])), 'ShapeError', 'argmax'],
    ['amax over an empty dim', () => amax(zeros([0, 2]), 0), 'ShapeError', 'amax'],
    ['max along an empty dim', () => max(zeros([0, 2]), 0), 'ShapeError', 'max'],
  ]);
});

describe('invalid dims (out of range, non-integer, repeated)', () => {
  const x = (): Tensor => ones([2, 3]);
  const dimOps: readonly (readonly [string, (d: unknown) => unknown])[] = [
    ['sum', (d) => sum(x(), d as number)],
    ['mean', (d) => mean(x(), d as number)],
    ['prod', (d) => prod(x(), d as number)],
    ['var', (d) => variance(x(), d as number)],
    ['std', (d) => std(x(), d as number)],
    ['amax', (d) => amax(x(), d as number)],
    ['argmax', (d) => argmax(x(), d as number)],
    ['max', (d) => max(x(), d as number)],
    ['min', (d) => min(x(), d as number)],
    ['softmax', (d) => softmax(x(), d as number)],
    ['logSoftmax', (d) => logSoftmax(x(), d as number)],
    ['logsumexp', (d) => logsumexp(x(), d as number)],
    ['squeeze', (d) => squeeze(x(), d as number)],
    ['unsqueeze', (d) => unsqueeze(x(), d as number)],
    ['transpose', (d) => transpose(x(), 0, d as number)],
    ['flatten', (d) => flatten(x(), d as number)],
    ['narrow', (d) => narrow(x(), d as number, 0, 1)],
    ['select', (d) => select(x(), d as number, 0)],
    ['slice', (d) => slice(x(), d as number)],
    ['split', (d) => split(x(), 1, d as number)],
    ['chunk', (d) => chunk(x(), 1, d as number)],
    ['cat', (d) => cat([x(), x()], d as number)],
    ['stack', (d) => stack([x(), x()], d as number)],
    ['diagonal', (d) => diagonal(x(), 0, 0, d as number)],
    ['diagEmbed', (d) => diagEmbed(x(), 0, 0, d as number)],
    ['gather', (d) => gather(x(), d as number, i32([[0]]))],
    ['indexSelect', (d) => indexSelect(x(), d as number, [0])],
    ['flip', (d) => flip(x(), [d as number])],
    ['permute', (d) => permute(x(), [0, d as number])],
  ];
  for (const [op, call] of dimOps) {
    it(`${op}: dims 5, -4, 0.5 and "0" are ShapeErrors naming ${op}`, () => {
      for (const d of [5, -4, 0.5, '0']) expectTypedError(() => call(d), 'ShapeError', op);
    });
  }
  runCases([
    ['a repeated dim in a list', () => sum(ones([2, 3]), [0, 0]), 'ShapeError', 'sum'],
    ['a repeated dim in permute', () => permute(ones([2, 3]), [0, 0]), 'ShapeError', 'permute'],
    ['too few dims in permute', () => permute(ones([2, 3]), [0]), 'ShapeError', 'permute'],
    ['flatten with start > end', () => flatten(ones([2, 3]), 1, 0), 'ShapeError', 'flatten'],
    ['diagonal with the same dim twice', () => diagonal(ones([2, 3]), 0, 1, 1), 'ShapeError', 'diagonal'],
    ['diagEmbed with the same dim twice', () => diagEmbed(ones([2]), 0, 0, 0), 'ShapeError', 'diagEmbed'],
    ['select an index out of range', () => select(ones([3]), 0, 7), 'ShapeError', 'select'],
    ['a list of dims in prod', () => prod(ones([2, 2]), [0] as unknown as number), 'ShapeError', 'prod'],
  ]);
});

describe('unsupported dtypes and dtype combinations', () => {
  runCases([
    ['maximum of complex', () => maximum(z(), 1), 'DtypeError', 'maximum'],
    ['lt of complex', () => lt(z(), z()), 'DtypeError', 'lt'],
    ['matmul of bool', () => matmul(tensor([[true]]), tensor([[true]])), 'DtypeError', 'matmul'],
    ['matmul of float and bool', () => matmul(ones([1, 1]), tensor([[true]])), 'DtypeError', 'matmul'],
    ['dot of bool', () => dot(tensor([true]), tensor([true])), 'DtypeError', 'dot'],
    ['relu of complex', () => relu(z()), 'DtypeError', 'relu'],
    ['erf of complex', () => erf(z()), 'DtypeError', 'erf'],
    ['gelu of complex', () => gelu(z()), 'DtypeError', 'gelu'],
    ['softmax of complex', () => softmax(z(), 0), 'DtypeError', 'softmax'],
    ['clamp of complex', () => clamp(z(), 0, 1), 'DtypeError', 'clamp'],
    ['argmax of complex', () => argmax(z()), 'DtypeError', 'argmax'],
    ['max of complex', () => max(z()), 'DtypeError', 'max'],
    ['mean of int32', () => mean(i32([1, 2])), 'DtypeError', 'mean'],
    ['var of bool', () => variance(tensor([true])), 'DtypeError', 'var'],
    ['std of int32', () => std(i32([1, 2])), 'DtypeError', 'std'],
    ['neg of bool', () => neg(tensor([true])), 'DtypeError', 'neg'],
    ['sub of bools', () => sub(tensor([true]), tensor([false])), 'DtypeError', 'sub'],
    ['sub of a JS boolean', () => sub(ones([2]), true), 'DtypeError', 'sub'],
    ['imag of a real tensor', () => imag(ones([2])), 'DtypeError', 'imag'],
    ['complex of int32 parts', () => complex(i32([1]), i32([2])), 'DtypeError', 'complex'],
    [
      'complex of float32 and float64',
      () => complex(ones([1]), ones([1], { dtype: 'float64' })),
      'DtypeError',
      'complex',
    ],
    ['cast to float16', () => ones([2]).to('float16' as DType), 'DtypeError', 'to'],
    ['randn of int32', () => randn([2], { dtype: 'int32' }), 'DtypeError', 'randn'],
    ['rand of bool', () => rand([2], { dtype: 'bool' }), 'DtypeError', 'rand'],
    ['zeros of an unknown dtype', () => zeros([2], { dtype: 'x' as DType }), 'DtypeError', 'zeros'],
    ['eye of an unknown dtype', () => eye(2, { dtype: 'x' as DType }), 'DtypeError', 'eye'],
    ['zerosLike of an unknown dtype', () => zerosLike(ones([2]), { dtype: 'x' as DType }), 'DtypeError', 'zerosLike'],
    ['setDefaultDtype(int32)', () => setDefaultDtype('int32' as 'float32'), 'DtypeError', 'setDefaultDtype'],
    ['setDefaultDtype(complex64)', () => setDefaultDtype('complex64' as 'float32'), 'DtypeError', 'setDefaultDtype'],
    ['gather with a float index', () => gather(ones([2, 2]), 0, ones([2, 2])), 'DtypeError', 'gather'],
    ['indexSelect with a float index', () => indexSelect(ones([3]), 0, ones([1])), 'DtypeError', 'indexSelect'],
    ['indexSelect with fractional indices', () => indexSelect(ones([3]), 0, [1.5]), 'DtypeError', 'indexSelect'],
    [
      'scatterAdd with another src dtype',
      () => scatterAdd(ones([2]), 0, i32([0]), i32([1])),
      'DtypeError',
      'scatterAdd',
    ],
    ['requiresGrad_ on int32', () => i32([1]).requiresGrad_(), 'DtypeError', 'Tensor.requiresGrad_'],
    ['requiresGrad_ on bool', () => tensor([true]).requiresGrad_(), 'DtypeError', 'Tensor.requiresGrad_'],
  ]);
});

describe('wrong operand types', () => {
  runCases([
    ['a string operand', () => add('a' as unknown as number, ones([2])), 'DtypeError', 'add'],
    ['two JS numbers', () => add(1, 2), 'DtypeError', 'add'],
    ['an array operand', () => add(ones([2]), [1, 2] as unknown as number), 'DtypeError', 'add'],
    [
      'an alpha that is not a number',
      () => add(ones([2]), 1, { alpha: '2' as unknown as number }),
      'DtypeError',
      'add',
    ],
    ['matmul with a number', () => matmul(ones([2, 2]), bad(2)), 'DtypeError', 'matmul'],
    ['exp of a number', () => exp(bad(2)), 'DtypeError', 'exp'],
    ['sum of an array', () => sum(bad([1, 2])), 'DtypeError', 'sum'],
    ['reshape of null', () => reshape(bad(null), [1]), 'DtypeError', 'reshape'],
    ['where with a string condition', () => where(bad('a'), 1, 2), 'DtypeError', 'where'],
    ['cat of a string', () => cat(bad('abc') as unknown as Tensor[]), 'ShapeError', 'cat'],
    ['cat of an array holding a number', () => cat([ones([2]), bad(3)]), 'DtypeError', 'cat'],
    ['clamp without bounds', () => clamp(ones([2])), 'DtypeError', 'clamp'],
    ['full with a string', () => full([2], 'x' as unknown as number), 'DtypeError', 'full'],
    ['zerosLike of a number', () => zerosLike(bad(5)), 'DtypeError', 'zerosLike'],
    ['zerosLike of null', () => zerosLike(bad(null)), 'DtypeError', 'zerosLike'],
    ['linspace from a string', () => linspace('a' as unknown as number, 1, 3), 'DtypeError', 'linspace'],
    ['manualSeed of a string', () => manualSeed('a' as unknown as number), 'DtypeError', 'manualSeed'],
    ['manualSeed of NaN', () => manualSeed(Number.NaN), 'DtypeError', 'manualSeed'],
    ['an unknown warnings action', () => warnings.filter('bogus' as 'always'), 'DtypeError', 'warnings.filter'],
    ['backward without the autograd engine', () => ones([1]).backward(), 'AutogradError', 'Tensor.backward'],
  ]);
});

describe('failed ops leave their inputs untouched', () => {
  it('a refused op does not write into its operands', () => {
    const a = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const before = Array.from(a.storage);
    expect(() => add(a, ones([3, 2]))).toThrow(ShapeError);
    expect(() => matmul(a, a)).toThrow(ShapeError);
    expect(() => reshape(a, [4])).toThrow(ShapeError);
    expect(() => indexSelect(a, 0, [9])).toThrow(ShapeError);
    expect(Array.from(a.storage)).toEqual(before);
    expect(a.shape).toEqual([2, 3]);
  });
});
