/**
 * Rows of `Tensor.prototype`: methods and getters. Method forms of the ops report the op's public name (the function
 * name, e.g. `reshape:`); members that exist only on Tensor report `Tensor.<member>:`.
 */

import type * as tg from 'tapegrad';
import type { Tensor } from 'tapegrad';
import { as, type BadCase, bad, bool, c128, f64, i32, type Row, type Table, type Track } from './types';

const x = (t: Track, shape: number[] = [2, 3]): Tensor => t(f64(shape));

/** Dim-taking method cases: out of range, non-integer, string. */
function dims(op: string, call: (x: Tensor, d: number) => unknown): BadCase[] {
  return [
    bad('dim 2 of a 2-D tensor', 'ShapeError', (t) => call(x(t), 2), op),
    bad('dim -3 of a 2-D tensor', 'ShapeError', (t) => call(x(t), -3), op),
    bad('dim 1.5', 'ShapeError', (t) => call(x(t), 1.5), op),
    bad('dim "1"', 'ShapeError', (t) => call(x(t), as<number>('1')), op),
  ];
}

const keepdims = (op: string, call: (x: Tensor, k: boolean) => unknown): BadCase[] => [
  bad('keepdim "true" (not a boolean)', 'DtypeError', (t) => call(x(t), as<boolean>('true')), op),
];

function binaryMethod(name: keyof Tensor & string): Row {
  const call = (a: Tensor, b: unknown): unknown => (a[name] as (o: unknown) => unknown).call(a, b);
  return {
    ok: (t) => call(x(t), x(t, [3])),
    bad: [
      bad('shapes [2, 3] and [2]', 'ShapeError', (t) => call(x(t), x(t, [2]))),
      bad('a string operand', 'DtypeError', (t) => call(x(t), 'x')),
      bad('null', 'DtypeError', (t) => call(x(t), null)),
    ],
  };
}

function unaryMethod(name: keyof Tensor & string, rejected: [string, () => Tensor][] = [], op = name): Row {
  const call = (a: Tensor): unknown => (a[name] as () => unknown).call(a);
  return {
    op,
    ok: (t) => call(x(t)),
    bad: rejected.map(([what, make]) => bad(what, 'DtypeError', (t) => call(t(make())))),
    noBadInput: rejected.length === 0 ? 'takes no arguments and accepts every dtype' : undefined,
  };
}

const complex: [string, () => Tensor] = ['a complex tensor', () => c128()];
const boolean: [string, () => Tensor] = ['a bool tensor', () => bool()];

const reduction = (name: 'sum' | 'mean' | 'amax' | 'amin' | 'logsumexp'): Row => ({
  ok: (t) => x(t)[name](1, true),
  bad: [
    ...dims(name, (a, d) => a[name](d)),
    ...keepdims(name, (a, k) => a[name](0, k)),
    bad('a repeated dim', 'ShapeError', (t) => x(t)[name]([1, 1])),
  ],
});

const table: Table = {
  // ---------------------------------------------------------------- autograd members
  'Tensor#requiresGrad': {
    op: 'Tensor.requiresGrad_',
    ok: (t) => {
      const a = f64();
      a.requiresGrad = true;
      return t(a).requiresGrad;
    },
    bad: [
      bad('set on an int32 tensor', 'DtypeError', (t) => {
        t(i32([1])).requiresGrad = true;
      }),
      bad('set to "yes" (not a boolean)', 'DtypeError', (t) => {
        x(t).requiresGrad = as<boolean>('yes');
      }),
    ],
  },
  'Tensor#requiresGrad_': {
    op: 'Tensor.requiresGrad_',
    ok: () => f64().requiresGrad_(),
    bad: [
      bad('an int32 tensor', 'DtypeError', (t) => t(i32([1])).requiresGrad_()),
      bad('a bool tensor', 'DtypeError', (t) => t(bool()).requiresGrad_()),
      bad('false on a non-leaf', 'AutogradError', (t) => t(f64().requiresGrad_().mul(2)).requiresGrad_(false)),
      bad('flag "no" (not a boolean)', 'DtypeError', (t) => x(t).requiresGrad_(as<boolean>('no'))),
    ],
  },
  'Tensor#gradFn': { ok: (t) => x(t).gradFn, bad: [], noBadInput: 'a read-only property' },
  'Tensor#isLeaf': { ok: (t) => x(t).isLeaf, bad: [], noBadInput: 'a read-only property' },
  'Tensor#isComplex': { ok: (t) => x(t).isComplex, bad: [], noBadInput: 'a read-only property' },
  'Tensor#retainGrad': {
    op: 'Tensor.retainGrad',
    ok: () => f64().requiresGrad_().mul(2).retainGrad(),
    bad: [bad('a tensor that does not require grad', 'AutogradError', (t) => x(t).retainGrad())],
  },
  'Tensor#registerHook': {
    op: 'Tensor.registerHook',
    ok: () =>
      f64()
        .requiresGrad_()
        .registerHook(() => undefined),
    bad: [
      bad('a tensor that does not require grad', 'AutogradError', (t) => x(t).registerHook(() => undefined)),
      bad('a hook that is not a function', 'DtypeError', () =>
        f64().requiresGrad_().registerHook(as<tg.GradHook>('x')),
      ),
    ],
  },
  'Tensor#backward': {
    op: 'Tensor.backward',
    ok: () => f64().requiresGrad_().sum().backward(),
    bad: [
      bad('a tensor that does not require grad', 'AutogradError', (t) => x(t).sum().backward()),
      bad('a non-scalar without a gradient', 'AutogradError', () => f64().requiresGrad_().mul(2).backward()),
      bad('a complex scalar without a gradient', 'AutogradError', () => c128([1]).requiresGrad_().sum().backward()),
      bad('a gradient of the wrong shape', 'ShapeError', (t) =>
        f64()
          .requiresGrad_()
          .mul(2)
          .backward(t(f64([3]))),
      ),
      bad('a gradient that is not a tensor', 'DtypeError', () =>
        f64()
          .requiresGrad_()
          .mul(2)
          .backward(as<Tensor>([1, 2])),
      ),
      bad('retainGraph "yes" (not a boolean)', 'DtypeError', () =>
        f64()
          .requiresGrad_()
          .sum()
          .backward(undefined, { retainGraph: as<boolean>('yes') }),
      ),
      bad('a second backward through a freed graph', 'AutogradError', () => {
        const y = f64().requiresGrad_().exp().sum();
        y.backward();
        y.backward();
      }),
    ],
  },
  // ---------------------------------------------------------------- conversion
  'Tensor#toArray': { ok: (t) => x(t).toArray(), bad: [], noBadInput: 'takes no arguments' },
  'Tensor#toTypedArray': { ok: (t) => x(t).toTypedArray(), bad: [], noBadInput: 'takes no arguments' },
  'Tensor#toString': { ok: (t) => x(t).toString(), bad: [], noBadInput: 'takes no arguments' },
  'Tensor#detach': { ok: (t) => x(t).detach(), bad: [], noBadInput: 'takes no arguments' },
  'Tensor#clone': { ok: (t) => x(t).clone(), bad: [], noBadInput: 'takes no arguments' },
  'Tensor#contiguous': { ok: (t) => x(t).T.contiguous(), bad: [], noBadInput: 'takes no arguments' },
  'Tensor#item': {
    ok: (t) => t(c128([1])).item(),
    bad: [
      bad('two elements', 'ShapeError', (t) => x(t, [2]).item()),
      bad('no element', 'ShapeError', (t) => x(t, [0]).item()),
    ],
  },
  'Tensor#to': {
    ok: (t) => x(t).to('int32'),
    bad: [
      bad('dtype "float16"', 'DtypeError', (t) => x(t).to(as<tg.DType>('float16'))),
      bad('no dtype', 'DtypeError', (t) => x(t).to(as<tg.DType>(undefined))),
    ],
  },
  // ---------------------------------------------------------------- views
  'Tensor#T': { op: 'permute', ok: (t) => x(t, [2, 3, 4]).T, bad: [], noBadInput: 'a property defined for every rank' },
  'Tensor#mT': {
    op: 'Tensor.mT',
    ok: (t) => x(t).mT,
    bad: [bad('a vector', 'ShapeError', (t) => x(t, [3]).mT), bad('a 0-d tensor', 'ShapeError', (t) => x(t, []).mT)],
  },
  'Tensor#mH': {
    op: 'Tensor.mH',
    ok: (t) => t(c128()).mH,
    bad: [bad('a vector', 'ShapeError', (t) => x(t, [3]).mH), bad('a 0-d tensor', 'ShapeError', (t) => x(t, []).mH)],
  },
  'Tensor#real': { op: 'real', ok: (t) => t(c128()).real, bad: [], noBadInput: 'a property defined for every dtype' },
  'Tensor#imag': { op: 'imag', ok: (t) => t(c128()).imag, bad: [bad('a real tensor', 'DtypeError', (t) => x(t).imag)] },
  'Tensor#reshape': {
    ok: (t) => x(t).reshape(3, 2),
    bad: [
      bad('the wrong element count', 'ShapeError', (t) => x(t).reshape(4)),
      bad('two -1', 'ShapeError', (t) => x(t).reshape([-1, -1])),
      bad('a string size', 'ShapeError', (t) => x(t).reshape(as<number>('6'))),
    ],
  },
  'Tensor#view': {
    ok: (t) => x(t).view(-1),
    bad: [
      bad('a non-contiguous merge', 'ShapeError', (t) => x(t).T.view(6)),
      bad('a NaN size', 'ShapeError', (t) => x(t).view(Number.NaN)),
    ],
  },
  'Tensor#flatten': { ok: (t) => x(t).flatten(), bad: dims('flatten', (a, d) => a.flatten(d)) },
  'Tensor#squeeze': { ok: (t) => x(t, [1, 3]).squeeze(0), bad: dims('squeeze', (a, d) => a.squeeze(d)) },
  'Tensor#unsqueeze': {
    ok: (t) => x(t).unsqueeze(2),
    bad: [
      bad('dim 4 of a 2-D tensor', 'ShapeError', (t) => x(t).unsqueeze(4)),
      bad('dim 0.5', 'ShapeError', (t) => x(t).unsqueeze(0.5)),
    ],
  },
  'Tensor#transpose': { ok: (t) => x(t).transpose(1, 0), bad: dims('transpose', (a, d) => a.transpose(0, d)) },
  'Tensor#permute': {
    ok: (t) => x(t).permute(1, 0),
    bad: [
      bad('a repeated dim', 'ShapeError', (t) => x(t).permute(1, 1)),
      bad('too many dims', 'ShapeError', (t) => x(t).permute(0, 1, 2)),
    ],
  },
  'Tensor#expand': {
    ok: (t) => x(t, [3, 1]).expand(3, 4),
    bad: [
      bad('a non-singleton dim', 'ShapeError', (t) => x(t).expand(4, 3)),
      bad('a negative size', 'ShapeError', (t) => x(t, [1]).expand(-2)),
    ],
  },
  'Tensor#expandAs': {
    op: 'expand',
    ok: (t) => x(t, [3]).expandAs(x(t)),
    bad: [
      bad('an incompatible tensor', 'ShapeError', (t) => x(t, [2]).expandAs(x(t))),
      bad('a number', 'DtypeError', (t) => x(t).expandAs(as<Tensor>(3)), 'Tensor.expandAs'),
      bad('null', 'DtypeError', (t) => x(t).expandAs(as<Tensor>(null)), 'Tensor.expandAs'),
    ],
  },
  'Tensor#broadcastTo': {
    ok: (t) => x(t, [3]).broadcastTo([2, 3]),
    bad: [
      bad('an incompatible shape', 'ShapeError', (t) => x(t).broadcastTo([3, 3])),
      bad('a number', 'ShapeError', (t) => x(t).broadcastTo(as<number[]>(3))),
    ],
  },
  'Tensor#narrow': {
    ok: (t) => x(t).narrow(1, 1, 2),
    bad: [
      ...dims('narrow', (a, d) => a.narrow(d, 0, 1)),
      bad('past the end', 'ShapeError', (t) => x(t).narrow(1, 2, 2)),
    ],
  },
  'Tensor#select': {
    ok: (t) => x(t).select(0, 1),
    bad: [
      ...dims('select', (a, d) => a.select(d, 0)),
      bad('index out of range', 'ShapeError', (t) => x(t).select(1, 3)),
    ],
  },
  'Tensor#slice': {
    ok: (t) => x(t).slice(1, 0, 3, 2),
    bad: [...dims('slice', (a, d) => a.slice(d)), bad('step 0', 'ShapeError', (t) => x(t).slice(0, 0, 2, 0))],
  },
  'Tensor#split': {
    ok: (t) => x(t).split(2, 1),
    bad: [
      ...dims('split', (a, d) => a.split(1, d)),
      bad('sizes not summing to the dim', 'ShapeError', (t) => x(t).split([1, 1], 1)),
    ],
  },
  'Tensor#chunk': {
    ok: (t) => x(t).chunk(2, 1),
    bad: [...dims('chunk', (a, d) => a.chunk(1, d)), bad('0 chunks', 'ShapeError', (t) => x(t).chunk(0))],
  },
  'Tensor#diagonal': {
    ok: (t) => x(t).diagonal(-1),
    bad: [
      bad('the same dim twice', 'ShapeError', (t) => x(t).diagonal(0, 1, 1)),
      bad('a vector', 'ShapeError', (t) => x(t, [3]).diagonal()),
    ],
  },
  'Tensor#flip': { ok: (t) => x(t).flip(1), bad: dims('flip', (a, d) => a.flip(d)) },
  // ---------------------------------------------------------------- indexing
  'Tensor#indexSelect': {
    ok: (t) => x(t).indexSelect(1, [0, 0]),
    bad: [
      bad('an index out of bounds', 'ShapeError', (t) => x(t).indexSelect(0, [2])),
      bad('a float index', 'DtypeError', (t) => x(t).indexSelect(0, x(t, [1]))),
    ],
  },
  'Tensor#gather': {
    ok: (t) => x(t).gather(1, t(i32([[2], [0]]))),
    bad: [
      bad('an index out of bounds', 'ShapeError', (t) => x(t).gather(1, t(i32([[3], [0]])))),
      bad('a float index', 'DtypeError', (t) => x(t).gather(1, x(t))),
    ],
  },
  'Tensor#scatterAdd': {
    ok: (t) => x(t).scatterAdd(0, t(i32([[1, 0, 1]])), x(t)),
    bad: [
      bad('an index out of bounds', 'ShapeError', (t) => x(t).scatterAdd(0, t(i32([[2, 0, 1]])), x(t))),
      bad('a src of another dtype', 'DtypeError', (t) => x(t).scatterAdd(0, t(i32([[1, 0, 1]])), t(c128([2, 3])))),
    ],
  },
  'Tensor#diag': {
    ok: (t) => x(t, [3]).diag(1),
    bad: [bad('a 3-D tensor', 'ShapeError', (t) => x(t, [1, 1, 1]).diag())],
  },
  'Tensor#diagEmbed': {
    ok: (t) => x(t).diagEmbed(),
    bad: [bad('the same dim twice', 'ShapeError', (t) => x(t).diagEmbed(0, 1, 1))],
  },
  'Tensor#triu': {
    ok: (t) => x(t).triu(),
    bad: [
      bad('a vector', 'ShapeError', (t) => x(t, [3]).triu()),
      bad('diagonal 0.5', 'ShapeError', (t) => x(t).triu(0.5)),
    ],
  },
  'Tensor#tril': { ok: (t) => x(t).tril(1), bad: [bad('a vector', 'ShapeError', (t) => x(t, [3]).tril())] },
  'Tensor#trace': { ok: (t) => x(t).trace(), bad: [bad('a 3-D tensor', 'ShapeError', (t) => x(t, [1, 1, 1]).trace())] },
  // ---------------------------------------------------------------- elementwise
  'Tensor#add': {
    ...binaryMethod('add'),
    bad: [...binaryMethod('add').bad, bad('alpha "2"', 'DtypeError', (t) => x(t).add(1, { alpha: as<number>('2') }))],
  },
  'Tensor#sub': {
    ...binaryMethod('sub'),
    bad: [...binaryMethod('sub').bad, bad('a bool operand', 'DtypeError', (t) => x(t).sub(t(bool([true]))))],
  },
  'Tensor#mul': binaryMethod('mul'),
  'Tensor#div': binaryMethod('div'),
  'Tensor#pow': binaryMethod('pow'),
  'Tensor#hypot': binaryMethod('hypot'),
  'Tensor#fmod': binaryMethod('fmod'),
  'Tensor#remainder': binaryMethod('remainder'),
  'Tensor#logaddexp': {
    op: 'logaddexp',
    ok: (t) => x(t).logaddexp(x(t, [3])),
    bad: [
      bad('shapes [2, 3] and [2]', 'ShapeError', (t) => x(t).logaddexp(x(t, [2]))),
      bad('a number', 'DtypeError', (t) => x(t).logaddexp(as<Tensor>(2))),
    ],
  },
  'Tensor#lerp': {
    op: 'lerp',
    ok: (t) => x(t).lerp(x(t, [3]), 0.25),
    bad: [
      bad('shapes [2, 3] and [2]', 'ShapeError', (t) => x(t).lerp(x(t, [2]), 0.25)),
      bad('a string weight', 'DtypeError', (t) => x(t).lerp(x(t), as<number>('w'))),
    ],
  },
  'Tensor#addcmul': {
    op: 'addcmul',
    ok: (t) => x(t).addcmul(x(t, [3]), x(t)),
    bad: [bad('a null operand', 'DtypeError', (t) => x(t).addcmul(as<Tensor>(null), x(t)))],
  },
  'Tensor#addcdiv': {
    op: 'addcdiv',
    ok: (t) => x(t).addcdiv(x(t, [3]), x(t)),
    bad: [bad('an unknown option', 'DtypeError', (t) => x(t).addcdiv(x(t), x(t), as<{ value: number }>({ alpha: 2 })))],
  },
  'Tensor#logit': {
    op: 'logit',
    ok: (t) => x(t).logit(),
    bad: [
      bad('eps −1', 'DtypeError', (t) => x(t).logit(-1)),
      bad('a complex tensor', 'DtypeError', (t) => t(c128()).logit()),
    ],
  },
  'Tensor#maximum': {
    ...binaryMethod('maximum'),
    bad: [...binaryMethod('maximum').bad, bad('a complex operand', 'DtypeError', (t) => x(t).maximum(t(c128([3]))))],
  },
  'Tensor#minimum': {
    ...binaryMethod('minimum'),
    bad: [
      ...binaryMethod('minimum').bad,
      bad('a complex operand', 'DtypeError', (t) => x(t).minimum({ re: 0, im: 1 })),
    ],
  },
  'Tensor#eq': binaryMethod('eq'),
  'Tensor#ne': binaryMethod('ne'),
  'Tensor#lt': binaryMethod('lt'),
  'Tensor#le': binaryMethod('le'),
  'Tensor#gt': binaryMethod('gt'),
  'Tensor#ge': binaryMethod('ge'),
  'Tensor#neg': unaryMethod('neg', [boolean]),
  'Tensor#square': unaryMethod('square'),
  'Tensor#sqrt': unaryMethod('sqrt'),
  'Tensor#rsqrt': unaryMethod('rsqrt'),
  'Tensor#exp': unaryMethod('exp'),
  'Tensor#log': unaryMethod('log'),
  'Tensor#log1p': unaryMethod('log1p'),
  'Tensor#abs': unaryMethod('abs', [boolean]),
  'Tensor#sign': unaryMethod('sign', [boolean]),
  'Tensor#sgn': unaryMethod('sgn', [boolean], 'sign'),
  'Tensor#conj': unaryMethod('conj'),
  'Tensor#angle': unaryMethod('angle'),
  'Tensor#reciprocal': unaryMethod('reciprocal'),
  'Tensor#sin': unaryMethod('sin'),
  'Tensor#cos': unaryMethod('cos'),
  'Tensor#tanh': unaryMethod('tanh'),
  'Tensor#sigmoid': unaryMethod('sigmoid'),
  'Tensor#relu': unaryMethod('relu', [complex, boolean]),
  'Tensor#erf': unaryMethod('erf', [complex]),
  'Tensor#isfinite': unaryMethod('isfinite'),
  'Tensor#isnan': unaryMethod('isnan'),
  'Tensor#isinf': unaryMethod('isinf'),
  'Tensor#isposinf': unaryMethod('isposinf', [complex]),
  'Tensor#isneginf': unaryMethod('isneginf', [complex]),
  'Tensor#floor': unaryMethod('floor', [complex, boolean]),
  'Tensor#ceil': unaryMethod('ceil', [complex, boolean]),
  'Tensor#round': unaryMethod('round', [complex, boolean]),
  'Tensor#trunc': unaryMethod('trunc', [complex, boolean]),
  'Tensor#frac': unaryMethod('frac', [complex, boolean]),
  'Tensor#tan': unaryMethod('tan', [complex]),
  'Tensor#asin': unaryMethod('asin', [complex]),
  'Tensor#acos': unaryMethod('acos', [complex]),
  'Tensor#atan': unaryMethod('atan', [complex]),
  'Tensor#sinh': unaryMethod('sinh', [complex]),
  'Tensor#cosh': unaryMethod('cosh', [complex]),
  'Tensor#asinh': unaryMethod('asinh', [complex]),
  'Tensor#acosh': unaryMethod('acosh', [complex]),
  'Tensor#atanh': unaryMethod('atanh', [complex]),
  'Tensor#norm': {
    op: 'Tensor.norm',
    ok: (t) => x(t).norm(),
    bad: [
      bad('an int32 tensor', 'DtypeError', (t) => t(i32([1])).norm()),
      bad("p 'nuc' (needs an SVD)", 'DtypeError', (t) => x(t).norm(as<number>('nuc'))),
      bad('p NaN', 'DtypeError', (t) => x(t).norm(Number.NaN)),
      bad('a dim out of range', 'ShapeError', (t) => x(t).norm(2, 5)),
      bad('a repeated dim', 'ShapeError', (t) => x(t).norm(2, [0, 0])),
      bad('dim {} (not a dim)', 'ShapeError', (t) => x(t).norm(2, as<number>({}))),
      bad('keepdim "yes" (not a boolean)', 'DtypeError', (t) => x(t).norm(2, 0, as<boolean>('yes'))),
    ],
  },
  'Tensor#gelu': {
    ok: (t) => x(t).gelu(),
    bad: [
      bad('a complex tensor', 'DtypeError', (t) => t(c128()).gelu()),
      bad('approximate "none " (unknown)', 'DtypeError', (t) => x(t).gelu({ approximate: as<'none'>('none ') })),
    ],
  },
  'Tensor#softplus': {
    ok: (t) => x(t).softplus({ beta: 0.5 }),
    bad: [
      bad('beta "1"', 'DtypeError', (t) => x(t).softplus({ beta: as<number>('1') })),
      bad('threshold NaN', 'DtypeError', (t) => x(t).softplus({ threshold: Number.NaN })),
    ],
  },
  'Tensor#clamp': {
    ok: (t) => x(t).clamp(null, 0),
    bad: [
      bad('neither bound', 'DtypeError', (t) => x(t).clamp()),
      bad('a complex tensor', 'DtypeError', (t) => t(c128()).clamp(0, 1)),
    ],
  },
  'Tensor#softmax': { ok: (t) => x(t).softmax(1), bad: dims('softmax', (a, d) => a.softmax(d)) },
  'Tensor#logSoftmax': { ok: (t) => x(t).logSoftmax(0), bad: dims('logSoftmax', (a, d) => a.logSoftmax(d)) },
  'Tensor#logsumexp': reduction('logsumexp'),
  'Tensor#where': {
    ok: (t) => x(t).where(t(bool([true, false, true])), 0),
    bad: [
      bad('a condition that does not broadcast', 'ShapeError', (t) => x(t).where(t(bool([true, false])), 0)),
      bad('a string condition', 'DtypeError', (t) => x(t).where(as<Tensor>('c'), 0)),
    ],
  },
  'Tensor#allclose': {
    ok: (t) => x(t).allclose(x(t)),
    bad: [
      bad('atol "x"', 'DtypeError', (t) => x(t).allclose(x(t), { atol: as<number>('x') })),
      bad('shapes that do not broadcast', 'ShapeError', (t) => x(t).allclose(x(t, [2]))),
    ],
  },
  // ---------------------------------------------------------------- reductions
  'Tensor#sum': reduction('sum'),
  'Tensor#mean': {
    ...reduction('mean'),
    bad: [...reduction('mean').bad, bad('an int32 tensor', 'DtypeError', (t) => t(i32([1])).mean())],
  },
  'Tensor#amax': reduction('amax'),
  'Tensor#amin': reduction('amin'),
  'Tensor#prod': {
    ok: (t) => x(t).prod(1),
    bad: [...dims('prod', (a, d) => a.prod(d)), ...keepdims('prod', (a, k) => a.prod(0, k))],
  },
  'Tensor#max': {
    ok: (t) => x(t).max(1),
    bad: [
      ...dims('max', (a, d) => a.max(d)),
      ...keepdims('max', (a, k) => a.max(0, k)),
      bad('an empty tensor', 'ShapeError', (t) => x(t, [0]).max()),
    ],
  },
  'Tensor#min': {
    ok: (t) => x(t).min(),
    bad: [...dims('min', (a, d) => a.min(d)), bad('a complex tensor', 'DtypeError', (t) => t(c128()).min())],
  },
  'Tensor#argmax': {
    ok: (t) => x(t).argmax(1),
    bad: [...dims('argmax', (a, d) => a.argmax(d)), ...keepdims('argmax', (a, k) => a.argmax(0, k))],
  },
  'Tensor#argmin': {
    ok: (t) => x(t).argmin(),
    bad: [...dims('argmin', (a, d) => a.argmin(d)), bad('an empty tensor', 'ShapeError', (t) => x(t, [0]).argmin())],
  },
  'Tensor#var': {
    ok: (t) => x(t).var(1, { correction: 0 }),
    bad: [
      ...dims('var', (a, d) => a.var(d)),
      bad('correction "1"', 'DtypeError', (t) => x(t).var(0, { correction: as<number>('1') })),
      bad('correction NaN', 'DtypeError', (t) => x(t).var(0, { correction: Number.NaN })),
      bad('keepdim "yes"', 'DtypeError', (t) => x(t).var(0, { keepdim: as<boolean>('yes') })),
    ],
  },
  'Tensor#std': {
    ok: (t) => x(t).std(null, { keepdim: true }),
    bad: [
      ...dims('std', (a, d) => a.std(d)),
      bad('correction "0"', 'DtypeError', (t) => x(t).std(0, { correction: as<number>('0') })),
    ],
  },
  // ---------------------------------------------------------------- products
  'Tensor#matmul': {
    ok: (t) => x(t).matmul(x(t, [3])),
    bad: [
      bad('inner dimensions 3 and 2', 'ShapeError', (t) => x(t).matmul(x(t))),
      bad('a number', 'DtypeError', (t) => x(t).matmul(as<Tensor>(2))),
    ],
  },
  'Tensor#dot': {
    ok: (t) => x(t, [3]).dot(x(t, [3])),
    bad: [bad('sizes 3 and 2', 'ShapeError', (t) => x(t, [3]).dot(x(t, [2])))],
  },
  'Tensor#outer': {
    ok: (t) => x(t, [3]).outer(x(t, [2])),
    bad: [bad('a matrix', 'ShapeError', (t) => x(t, [3]).outer(x(t)))],
  },
};

export default table;
