/**
 * The type-level dtypes (dtype-types.ts) agree with the runtime. Three links, each checked by a tool:
 * 1. every table below `satisfies` its type function (tsc): each runtime dtype written in it is one the type allows;
 * 2. every op list is typed by its category (tsc): `x.exp()` must return `Tensor<FloatOf<D>>` for any `D`;
 * 3. at run time every op of a list, on every dtype it accepts, returns exactly the dtype of the table (vitest).
 * So the dtype an op returns is always in the set its type names, and `item()` is typed by what it returns.
 */
import { describe, expect, it } from 'vitest';
import type { ComplexLike, DType } from './dtype';
import type { Accumulated, FloatOf, ItemOf, Promote, RealOf, WithScalar } from './dtype-types';
import { arange, full, ones, promoteTypes, randn, type Tensor, tensor, zeros } from './index';

const DTYPES: readonly DType[] = ['float32', 'float64', 'complex64', 'complex128', 'int32', 'bool'];

// The tables use the default dtype float32 (integers and bools → float32, complex scalars → complex64).
/** Row a, column b (in DTYPES order): the promoted dtype of a and b. */
const PROMOTE = {
  float32: ['float32', 'float64', 'complex64', 'complex128', 'float32', 'float32'],
  float64: ['float64', 'float64', 'complex128', 'complex128', 'float64', 'float64'],
  complex64: ['complex64', 'complex128', 'complex64', 'complex128', 'complex64', 'complex64'],
  complex128: ['complex128', 'complex128', 'complex128', 'complex128', 'complex128', 'complex128'],
  int32: ['float32', 'float64', 'complex64', 'complex128', 'int32', 'int32'],
  bool: ['float32', 'float64', 'complex64', 'complex128', 'int32', 'bool'],
} as const satisfies {
  [A in DType]: readonly [
    Promote<A, 'float32'>,
    Promote<A, 'float64'>,
    Promote<A, 'complex64'>,
    Promote<A, 'complex128'>,
    Promote<A, 'int32'>,
    Promote<A, 'bool'>,
  ];
};
const promoted = (a: DType, b: DType): DType => PROMOTE[a][DTYPES.indexOf(b)];

/** Per dtype D, the result dtype of each method category: [FloatOf, RealOf, RealOf∘FloatOf, Accumulated, D itself]. */
const CATEGORIES = {
  float32: ['float32', 'float32', 'float32', 'float32', 'float32'],
  float64: ['float64', 'float64', 'float64', 'float64', 'float64'],
  complex64: ['complex64', 'float32', 'float32', 'complex64', 'complex64'],
  complex128: ['complex128', 'float64', 'float64', 'complex128', 'complex128'],
  int32: ['float32', 'int32', 'float32', 'int32', 'int32'],
  bool: ['float32', 'bool', 'float32', 'int32', 'bool'],
} as const satisfies { [D in DType]: readonly [FloatOf<D>, RealOf<D>, RealOf<FloatOf<D>>, Accumulated<D>, D] };
const column = (k: number): Record<DType, DType> =>
  Object.fromEntries(DTYPES.map((d) => [d, CATEGORIES[d][k]])) as Record<DType, DType>;
const [FLOAT_OF, REAL_OF, REAL_FLOAT, ACCUMULATED, SAME] = [0, 1, 2, 3, 4].map(column);

/** tensor ⊕ 2, ⊕ 2.5, ⊕ true, ⊕ { re, im }. */
const WITH_SCALAR = {
  float32: ['float32', 'float32', 'float32', 'complex64'],
  float64: ['float64', 'float64', 'float64', 'complex128'],
  complex64: ['complex64', 'complex64', 'complex64', 'complex64'],
  complex128: ['complex128', 'complex128', 'complex128', 'complex128'],
  int32: ['int32', 'float32', 'int32', 'complex64'],
  bool: ['int32', 'float32', 'bool', 'complex64'],
} as const satisfies {
  [D in DType]: readonly [
    WithScalar<D, number>,
    WithScalar<D, number>,
    WithScalar<D, boolean>,
    WithScalar<D, ComplexLike>,
  ];
};

type Ops<R> = Record<string, () => R>;
// Link 2: each method's declared result is checked against its category for a generic D.
const same = <D extends DType>(x: Tensor<D>): Ops<Tensor<D>> => ({
  detach: () => x.detach(),
  clone: () => x.clone(),
  reshape: () => x.reshape(-1),
  T: () => x.T,
  mT: () => x.mT,
  transpose: () => x.transpose(0, 1),
  select: () => x.select(0, 0),
  flip: () => x.flip(0),
  neg: () => x.neg(),
  square: () => x.square(),
  conj: () => x.conj(),
  relu: () => x.relu(),
  floor: () => x.floor(),
  ceil: () => x.ceil(),
  round: () => x.round(),
  trunc: () => x.trunc(),
  frac: () => x.frac(),
  mean: () => x.mean(),
  amax: () => x.amax(),
  max: () => x.max(),
  maskedFill: () => x.maskedFill(zeros([2, 2], { dtype: 'bool' }), 1),
  split: () => x.split(1)[0],
});
const floating = <D extends DType>(x: Tensor<D>): Ops<Tensor<FloatOf<D>>> => ({
  exp: () => x.exp(),
  sqrt: () => x.sqrt(),
  log1p: () => x.log1p(),
  tanh: () => x.tanh(),
  sigmoid: () => x.sigmoid(),
  softmax: () => x.softmax(0),
  logsumexp: () => x.logsumexp(0),
  reciprocal: () => x.reciprocal(),
  tan: () => x.tan(),
  asin: () => x.asin(),
  acos: () => x.acos(),
  atan: () => x.atan(),
  sinh: () => x.sinh(),
  cosh: () => x.cosh(),
  asinh: () => x.asinh(),
  acosh: () => x.acosh(),
  atanh: () => x.atanh(),
  logit: () => x.logit(),
  erfinv: () => x.erfinv(),
  lgamma: () => x.lgamma(),
  digamma: () => x.digamma(),
  polygamma: () => x.polygamma(1),
});
const real = <D extends DType>(x: Tensor<D>): Ops<Tensor<RealOf<D>>> => ({
  abs: () => x.abs(),
  real: () => x.real,
  imag: () => x.imag,
});
const realFloating = <D extends DType>(x: Tensor<D>): Ops<Tensor<RealOf<FloatOf<D>>>> => ({
  angle: () => x.angle(),
  std: () => x.std(),
  norm: () => x.norm(),
});
const accumulated = <D extends DType>(x: Tensor<D>): Ops<Tensor<Accumulated<D>>> => ({
  sum: () => x.sum(),
  prod: () => x.prod(),
  cumsum: () => x.cumsum(0),
  trace: () => x.trace(),
});

const binary = <A extends DType, B extends DType>(x: Tensor<A>, y: Tensor<B>): Ops<Tensor<Promote<A, B>>> => ({
  add: () => x.add(y),
  sub: () => x.sub(y),
  mul: () => x.mul(y),
  where: () => x.where(zeros([2, 2], { dtype: 'bool' }), y),
  matmul: () => x.matmul(y),
  maximum: () => x.maximum(y),
  kron: () => x.kron(y),
});

function dtypeOrThrow(f: () => Tensor): DType | 'throws' {
  try {
    return f().dtype;
  } catch {
    return 'throws';
  }
}

/** Each op on each dtype gives the table's dtype (or refuses the dtype); returns how many ops ran. */
function checkOps(category: (x: Tensor) => Ops<Tensor>, table: Record<DType, DType>): number {
  let ran = 0;
  for (const d of DTYPES) {
    for (const [name, op] of Object.entries(category(ones([2, 2], { dtype: d })))) {
      const got = dtypeOrThrow(op);
      if (got === 'throws') continue;
      ran++;
      expect(`${name} on ${d}: ${got}`).toBe(`${name} on ${d}: ${table[d]}`);
    }
  }
  return ran;
}

describe('type-level dtypes agree with the runtime', () => {
  it('Promote is promoteTypes, and add/mul/matmul give it', () => {
    for (const a of DTYPES)
      for (const b of DTYPES) {
        expect(promoteTypes(a, b)).toBe(promoted(a, b));
        for (const [op, f] of Object.entries(binary(ones([2, 2], { dtype: a }), ones([2, 2], { dtype: b })))) {
          const got = dtypeOrThrow(f);
          if (got !== 'throws') expect(`${op} ${a} ${b}: ${got}`).toBe(`${op} ${a} ${b}: ${promoted(a, b)}`);
        }
        const quotient = dtypeOrThrow(() => ones([2], { dtype: a }).div(ones([2], { dtype: b })));
        expect(quotient).toBe(FLOAT_OF[promoted(a, b)]);
      }
  });

  it('scalars raise the category only (WithScalar)', () => {
    const scalars = [2, 2.5, true, { re: 1, im: 2 }] as const;
    for (const d of DTYPES)
      scalars.forEach((s, k) => {
        const got = dtypeOrThrow(() => ones([2], { dtype: d }).mul(s));
        expect(`${d} · ${JSON.stringify(s)}: ${got}`).toBe(`${d} · ${JSON.stringify(s)}: ${WITH_SCALAR[d][k]}`);
      });
  });

  it('every method of a category returns the dtype its type names', () => {
    expect(checkOps(same, SAME)).toBeGreaterThan(60);
    expect(checkOps(floating, FLOAT_OF)).toBeGreaterThan(30);
    expect(checkOps(real, REAL_OF)).toBeGreaterThan(10);
    expect(checkOps(realFloating, REAL_FLOAT)).toBeGreaterThan(8);
    expect(checkOps(accumulated, ACCUMULATED)).toBeGreaterThan(15);
  });

  it('item() is a number for real tensors, a boolean for bool, { re, im } for complex', () => {
    const x = tensor([1.5, 2], { dtype: 'float64' });
    const n: ItemOf<'float64'> = x.sum().item();
    const b: boolean = x.gt(1).all().item();
    const i: number = arange(4).sum().item() + randn([3]).norm().item() + full([1], 2).item();
    const c: ComplexLike = tensor([{ re: 1, im: 2 }])
      .sum()
      .item();
    expect([n, b, typeof i, c]).toEqual([3.5, true, 'number', { re: 1, im: 2 }]);
    expect(typeof zeros([1], { dtype: 'int32' }).item()).toBe('number');
  });
});
