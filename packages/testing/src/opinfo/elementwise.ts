/**
 * OpInfo entries of the elementwise ops (core ops/elementwise.ts): the unary and binary builders, unary math,
 * binary arithmetic and the `alpha` forms of add/sub.
 * Test-only.
 */

import type { ComplexLike, DType, Tensor, TensorLike } from '@tapegrad/core';
import * as core from '@tapegrad/core';
import * as math from 'mathjs';
import {
  ALL,
  asComplex,
  asNumber,
  COMPLEX,
  coerce,
  FLOAT,
  floatOut,
  fromMath,
  isComplexDtype,
  type Kind,
  mapRefs,
  mc,
  NUMERIC,
  REAL,
  REAL_NUMERIC,
  type Ref,
  randomRef,
  realOf,
  refOf,
  refResultType,
  type Scalar,
  type Tolerance,
} from './reference';
import { Rejected } from './refops';

import {
  api,
  BINARY_SHAPES,
  calls,
  define,
  type Group,
  type MethodOp,
  MIXED_SHAPES,
  type OpInfo,
  type Sample,
  specialValues,
  UNARY_SHAPES,
  Unspecified,
} from './types';

// Elementwise builders.

interface UnarySpec<A extends readonly unknown[]> {
  name: string;
  op?: string;
  group?: Group;
  /** Without `fn` (and `method`): the public function and the Tensor method named `name`, see {@link calls}. */
  fn?: (x: Tensor, args: A) => Tensor;
  method?: (x: Tensor, args: A) => Tensor;
  /** Float (and, without `int`, int32/bool read as numbers) reference. */
  real?: (x: number, args: A) => Scalar;
  int?: (x: number, args: A) => Scalar;
  complex?: (z: ComplexLike, args: A) => Scalar;
  out: (d: DType) => DType;
  dtypes: readonly DType[];
  rejects?: readonly DType[];
  kind?: Kind;
  specials?: boolean;
  argSets?: readonly A[];
  tol?: Partial<Tolerance>;
}

export function unary<A extends readonly unknown[] = []>(s: UnarySpec<A>): OpInfo {
  const argSets = s.argSets ?? [[] as unknown as A];
  const group = s.group ?? 'elementwise';
  const { fn, method } = s;
  const onFirst =
    (f: (x: Tensor, args: A) => Tensor) =>
    (xs: readonly Tensor[], args: A): Tensor =>
      f(xs[0], args);
  const own = fn ? { fn: onFirst(fn), method: method && onFirst(method) } : calls(s.name as MethodOp, group);
  return define<A>({
    name: s.name,
    op: s.op ?? s.name,
    group,
    fn: own.fn,
    method: own.method,
    ref: ([x], args) => {
      if (s.rejects?.includes(x.dtype)) throw new Rejected();
      if (!s.dtypes.includes(x.dtype)) throw new Unspecified();
      return mapRefs([x], s.out(x.dtype), ([v]) => {
        if (isComplexDtype(x.dtype)) return s.complex!(asComplex(v), args);
        if (x.dtype === 'int32' && s.int) return s.int(v as number, args);
        return s.real!(asNumber(v), args);
      });
    },
    dtypes: s.dtypes,
    rejects: s.rejects,
    tol: s.tol,
    samples: (dtype, rng) => {
      const out: Sample<A>[] = [];
      for (const args of argSets) {
        for (const shape of UNARY_SHAPES) out.push({ inputs: [randomRef(shape, dtype, s.kind ?? 'any', rng)], args });
        if (s.specials && (dtype === 'float32' || dtype === 'float64')) {
          out.push({ inputs: [refOf(specialValues, [specialValues.length], dtype)], args });
        }
      }
      return out;
    },
  });
}

export interface BinarySpec {
  name: string;
  group?: Group;
  /** Without `fn` (and `method`): the public function and the Tensor method named `name`. */
  fn?: (a: TensorLike, b: TensorLike) => Tensor;
  method?: (a: Tensor, b: TensorLike) => Tensor;
  real: (x: number, y: number) => Scalar;
  int?: (x: number, y: number) => Scalar;
  bool?: (x: boolean, y: boolean) => Scalar;
  complex?: (x: ComplexLike, y: ComplexLike) => Scalar;
  /** Dtype the values are computed in, from the promoted dtype (div: floating). */
  compute?: (d: DType) => DType;
  /** Result dtype from the compute dtype (comparisons: bool). */
  out?: (d: DType) => DType;
  /** Any bool operand is refused (sub, as torch). */
  rejectBool?: boolean;
  /** No result checked when the operands promote to bool (left unspecified). */
  boolUnspecified?: boolean;
  /** Operands are read by truthiness, without promotion (logical ops). */
  logical?: boolean;
  dtypes: readonly DType[];
  rejects?: readonly DType[];
  kinds?: readonly [Kind, Kind];
  specials?: readonly [readonly number[], readonly number[]];
  tol?: Partial<Tolerance>;
}

const truthy = (v: Scalar): boolean => (typeof v === 'object' ? v.re !== 0 || v.im !== 0 : Boolean(v));

function binaryRef(s: BinarySpec, a: Ref, b: Ref): Ref {
  if (s.logical) return mapRefs([a, b], 'bool', ([x, y]) => s.bool!(truthy(x), truthy(y)));
  if (s.rejectBool && (a.dtype === 'bool' || b.dtype === 'bool')) throw new Rejected();
  const promoted = refResultType([a, b]);
  const ct = s.compute ? s.compute(promoted) : promoted;
  if (isComplexDtype(ct) && !s.complex) throw new Rejected();
  if (ct === 'bool' && s.boolUnspecified) throw new Unspecified();
  const out = s.out ? s.out(ct) : ct;
  return mapRefs([a, b], out, ([va, vb]) => {
    const x = coerce(va, ct);
    const y = coerce(vb, ct);
    if (isComplexDtype(ct)) return s.complex!(asComplex(x), asComplex(y));
    if (ct === 'bool' && s.bool) return s.bool(x as boolean, y as boolean);
    if (ct === 'int32' && s.int) return s.int(x as number, y as number);
    return s.real(asNumber(x), asNumber(y));
  });
}

/** erf⁻¹ by 200 bisection steps on mathjs' erf (an independent reference for erfinv; NaN outside [−1, 1]). */
function erfinvByBisection(x: number): number {
  if (!(x >= -1 && x <= 1)) return Number.NaN;
  if (Math.abs(x) === 1) return x * Infinity;
  let lo = -7;
  let hi = 7;
  for (let i = 0; i < 200 && lo < hi; i++) {
    const mid = (lo + hi) / 2;
    if (math.erf(mid) < x) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export function binary(s: BinarySpec): OpInfo {
  const name = s.name as MethodOp;
  const fn = s.fn ?? ((a: TensorLike, b: TensorLike) => (api[name] as (a: TensorLike, b: TensorLike) => Tensor)(a, b));
  const method = s.method ?? ((a: Tensor, b: TensorLike) => (a[name] as (b: TensorLike) => Tensor).call(a, b));
  const [ka, kb] = s.kinds ?? ['any', 'any'];
  return define<[]>({
    name: s.name,
    op: s.name,
    group: s.group ?? 'elementwise',
    fn: (xs) => fn(xs[0], xs[1]),
    method: (xs) => method(xs[0], xs[1]),
    ref: ([a, b]) => binaryRef(s, a, b),
    binary: fn,
    mixed: { shapes: MIXED_SHAPES, kinds: [ka, kb] },
    dtypes: s.dtypes,
    rejects: s.rejects,
    tol: s.tol,
    samples: (dtype, rng) => {
      const out: Sample<[]>[] = BINARY_SHAPES.map(([sa, sb]) => ({
        inputs: [randomRef(sa, dtype, ka, rng), randomRef(sb, dtype, kb, rng)],
        args: [],
      }));
      if (s.specials && (dtype === 'float32' || dtype === 'float64')) {
        const [x, y] = s.specials;
        out.push({ inputs: [refOf(x, [x.length], dtype), refOf(y, [y.length], dtype)], args: [] });
      }
      return out;
    },
  });
}

const nanMax = (x: number, y: number): number => (Number.isNaN(x) || Number.isNaN(y) ? Number.NaN : Math.max(x, y));
const nanMin = (x: number, y: number): number => (Number.isNaN(x) || Number.isNaN(y) ? Number.NaN : Math.min(x, y));
export const erf = (x: number): number => math.erf(x);
const sgn = (z: ComplexLike): Scalar => {
  const r = Math.hypot(z.re, z.im);
  return r === 0 ? { re: 0, im: 0 } : { re: z.re / r, im: z.im / r };
};
export const same = (d: DType): DType => d;
/** Round half to even, by cases (the reference for torch.round): a tie goes to the even neighbour; −0 and NaN kept. */
const halfEven = (x: number): number => {
  const f = Math.floor(x);
  const r = x - f === 0.5 ? (f % 2 === 0 ? f : f + 1) : Math.round(x);
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
};
const realOrNaN = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);

/** A float-valued unary op of every dtype, checked on the special values too: its real and complex references. */
function floating(
  name: string,
  real: (x: number) => number,
  complex: (z: math.Complex) => unknown,
  extra: Partial<UnarySpec<[]>> = {},
): OpInfo {
  return unary({
    name,
    real,
    complex: (z) => fromMath(complex(mc(z))),
    out: floatOut,
    dtypes: ALL,
    specials: true,
    ...extra,
  });
}

export const UNARY: OpInfo[] = [
  unary({
    name: 'neg',
    real: (x) => -x,
    int: (x) => -x | 0,
    complex: (z) => fromMath(math.unaryMinus(mc(z))),
    out: same,
    dtypes: NUMERIC,
    rejects: ['bool'],
    specials: true,
  }),
  // Float-valued on every dtype, checked on the special values too.
  ...(
    [
      ['exp', Math.exp, math.exp],
      ['log', Math.log, math.log],
      ['sqrt', Math.sqrt, math.sqrt],
      ['sin', Math.sin, math.sin],
      ['cos', Math.cos, math.cos],
      ['tanh', Math.tanh, math.tanh],
    ] as const
  ).map(([name, real, complex]) => floating(name, real, complex)),
  floating('expm1', Math.expm1, (z) => math.subtract(math.exp(z), 1)),
  floating('log2', Math.log2, (z) => math.divide(math.log(z), Math.LN2)),
  floating('log10', Math.log10, (z) => math.divide(math.log(z), Math.LN10)),
  floating('log1p', Math.log1p, (z) => math.log(math.add(1, z) as math.Complex), { kind: 'unit' }),
  floating(
    'sigmoid',
    (x) => 1 / (1 + Math.exp(-x)),
    (z) => math.divide(1, math.add(1, math.exp(math.unaryMinus(z)) as math.Complex)),
  ),
  unary({
    name: 'abs',
    real: Math.abs,
    int: (x) => Math.abs(x) | 0,
    complex: (z) => Math.hypot(z.re, z.im),
    out: realOf,
    dtypes: NUMERIC,
    rejects: ['bool'],
    specials: true,
  }),
  unary({
    name: 'sign',
    real: (x) => (Number.isNaN(x) ? x : Math.sign(x)),
    complex: sgn,
    out: same,
    dtypes: NUMERIC,
    specials: true,
  }),
  unary({
    name: 'sgn',
    op: 'sign',
    fn: (x) => core.sign(x),
    method: (x) => x.sgn(),
    real: (x) => (Number.isNaN(x) ? x : Math.sign(x)),
    complex: sgn,
    out: same,
    dtypes: NUMERIC,
  }),
  unary({
    name: 'conj',
    real: (x) => x,
    complex: (z) => fromMath(math.conj(mc(z))),
    out: same,
    dtypes: ALL,
  }),
  unary({
    name: 'relu',
    real: (x) => (Number.isNaN(x) ? x : Math.max(x, 0)),
    out: same,
    dtypes: REAL_NUMERIC,
    rejects: COMPLEX,
    specials: true,
  }),
  unary({
    name: 'erf',
    real: erf,
    out: floatOut,
    dtypes: [...FLOAT, 'int32'],
    rejects: COMPLEX,
    tol: { rtol: 1e-5, atol: 1e-6 },
  }),
  unary({
    name: 'angle',
    real: (x) => (Number.isNaN(x) ? x : x < 0 ? Math.PI : 0),
    complex: (z) => math.arg(mc(z)),
    out: (d) => realOf(floatOut(d)),
    dtypes: ALL,
    specials: true,
  }),
  unary({
    name: 'isfinite',
    group: 'comparison',
    real: (x) => Number.isFinite(x),
    complex: (z) => Number.isFinite(z.re) && Number.isFinite(z.im),
    out: () => 'bool',
    dtypes: ALL,
    specials: true,
  }),
  unary({
    name: 'isnan',
    group: 'comparison',
    real: (x) => Number.isNaN(x),
    complex: (z) => Number.isNaN(z.re) || Number.isNaN(z.im),
    out: () => 'bool',
    dtypes: ALL,
    specials: true,
  }),
  unary({
    name: 'logicalNot',
    group: 'comparison',
    fn: (x) => core.logicalNot(x),
    real: (x) => x === 0,
    complex: (z) => z.re === 0 && z.im === 0,
    out: () => 'bool',
    dtypes: ALL,
    kind: 'small',
  }),
  // Rounding: real only, integers copied, bool refused (as torch). Ties to even, −0 kept.
  ...(
    [
      ['floor', Math.floor],
      ['ceil', Math.ceil],
      ['trunc', Math.trunc],
      ['round', halfEven],
    ] as const
  ).map(([name, real]) =>
    unary({
      name,
      real,
      int: (x) => x,
      out: same,
      dtypes: REAL_NUMERIC,
      rejects: ['bool', ...COMPLEX],
      specials: true,
    }),
  ),
  ...([2, -1] as const).map((decimals) =>
    unary({
      name: `round(decimals=${decimals})`,
      op: 'round',
      fn: (x) => core.round(x, { decimals }),
      method: (x) => x.round({ decimals }),
      real: (x) => (decimals > 0 ? halfEven(x * 10 ** decimals) / 10 ** decimals : halfEven(x / 10) * 10),
      out: same,
      dtypes: FLOAT,
      rejects: ['int32', 'bool', ...COMPLEX],
    }),
  ),
  unary({
    name: 'frac',
    real: (x) => x - Math.trunc(x),
    out: same,
    dtypes: FLOAT,
    rejects: ['int32', 'bool', ...COMPLEX],
    specials: true,
  }),
  // Real-only math against mathjs (NaN where mathjs answers with a complex number: outside the real domain).
  ...(
    [
      ['tan', math.tan],
      ['asin', math.asin],
      ['acos', math.acos],
      ['atan', math.atan],
      ['sinh', math.sinh],
      ['cosh', math.cosh],
      ['asinh', math.asinh],
      ['acosh', math.acosh],
      ['atanh', math.atanh],
    ] as const
  ).map(([name, f]) =>
    unary({
      name,
      real: (x) => realOrNaN((f as (v: number) => unknown)(x)),
      out: floatOut,
      dtypes: REAL,
      rejects: COMPLEX,
      specials: true,
      kind: name === 'asin' || name === 'acos' || name === 'atanh' ? 'unit' : 'any',
    }),
  ),
  unary({
    name: 'isinf',
    group: 'comparison',
    real: (x) => Math.abs(x) === Infinity,
    complex: (z) => Math.abs(z.re) === Infinity || Math.abs(z.im) === Infinity,
    out: () => 'bool',
    dtypes: ALL,
    specials: true,
  }),
  ...(['isposinf', 'isneginf'] as const).map((name) =>
    unary({
      name,
      group: 'comparison',
      real: (x) => x === (name === 'isposinf' ? Infinity : -Infinity),
      out: () => 'bool',
      dtypes: REAL,
      rejects: COMPLEX,
      specials: true,
    }),
  ),
];

/** fmod (sign of the dividend: a − b·trunc(a/b)) or remainder (sign of the divisor: a − b·floor(a/b)). */
function remainderOp(name: 'fmod' | 'remainder', toInteger: (v: number) => number): OpInfo {
  const real = (x: number, y: number): number => x - y * toInteger(x / y);
  return binary({ name, kinds: ['any', 'nonzero'], boolUnspecified: true, real, dtypes: FLOAT, rejects: COMPLEX });
}

export const BINARY: OpInfo[] = [
  binary({
    name: 'add',
    real: (x, y) => x + y,
    int: (x, y) => (x + y) | 0,
    bool: (x, y) => x || y,
    complex: (x, y) => fromMath(math.add(mc(x), mc(y))),
    dtypes: ALL,
    specials: [
      [Infinity, Infinity, Number.NaN, -0],
      [-Infinity, 1, 1, -0],
    ],
  }),
  binary({
    name: 'sub',
    real: (x, y) => x - y,
    int: (x, y) => (x - y) | 0,
    complex: (x, y) => fromMath(math.subtract(mc(x), mc(y))),
    rejectBool: true,
    dtypes: NUMERIC,
    rejects: ['bool'],
  }),
  binary({
    name: 'mul',
    real: (x, y) => x * y,
    int: Math.imul,
    bool: (x, y) => x && y,
    complex: (x, y) => fromMath(math.multiply(mc(x), mc(y))),
    dtypes: ALL,
    specials: [
      [Infinity, 0, Number.NaN, -1],
      [0, -0, 1, 0],
    ],
  }),
  binary({
    name: 'div',
    real: (x, y) => x / y,
    complex: (x, y) => fromMath(math.divide(mc(x), mc(y))),
    compute: floatOut,
    dtypes: ALL,
    kinds: ['any', 'nonzero'],
    specials: [
      [1, -1, 0, Infinity, 1],
      [0, 0, 0, Infinity, -0],
    ],
  }),
  binary({
    name: 'pow',
    real: (x, y) => x ** y,
    complex: (x, y) => fromMath(math.pow(mc(x), mc(y))),
    boolUnspecified: true,
    dtypes: NUMERIC,
    kinds: ['pos', 'pos'],
    specials: [
      [-2, -2, 0, 0, Number.NaN, 2, -8],
      [2, 0.5, 0, -1, 0, Number.NaN, 3],
    ],
    tol: { rtol: 1e-11 },
  }),
  // NaN propagates; the special values include the infinity that loses.
  ...(
    [
      ['maximum', nanMax, -Infinity],
      ['minimum', nanMin, Infinity],
    ] as const
  ).map(([name, real, loser]) =>
    binary({
      name,
      real,
      dtypes: REAL,
      rejects: COMPLEX,
      kinds: ['small', 'small'],
      specials: [
        [Number.NaN, 1, loser],
        [1, Number.NaN, 3],
      ],
    }),
  ),
  unary({
    name: 'lgamma',
    // mathjs' lgamma is accurate to ~1e-15 from x ≈ 8 up (1e-12 below 1): shifted there by Γ(x + 8) = Γ(x)·x(x+1)…(x+7).
    real: (x) => math.lgamma(x + 8) - Math.log(Array.from({ length: 8 }, (_, k) => x + k).reduce((p, v) => p * v, 1)),
    out: floatOut,
    dtypes: REAL,
    rejects: COMPLEX,
    kind: 'pos',
    // The shifted mathjs value carries ~2e-13 of cancellation near the zeros at 1 and 2; float64 accuracy is checked
    // to 1e-14 against 40-digit mpmath values in core ops/special.test.ts.
    tol: { rtol: 1e-6, atol: 1e-12 },
  }),
  unary({
    name: 'erfinv',
    real: erfinvByBisection,
    out: floatOut,
    dtypes: REAL,
    rejects: COMPLEX,
    kind: 'unit',
  }),
  binary({
    name: 'xlogy',
    real: (x, y) => (x === 0 && !Number.isNaN(y) ? 0 : x * Math.log(y)),
    compute: floatOut,
    dtypes: REAL,
    rejects: COMPLEX,
  }),
  binary({
    name: 'hypot',
    real: (x, y) => Math.sqrt(x * x + y * y),
    compute: floatOut,
    dtypes: REAL,
    rejects: COMPLEX,
  }),
  remainderOp('fmod', Math.trunc),
  remainderOp('remainder', Math.floor),
  binary({
    name: 'atan2',
    fn: (a, b) => core.atan2(a, b),
    method: (a, b) => core.atan2(a, b),
    real: Math.atan2,
    compute: floatOut,
    dtypes: REAL,
    rejects: COMPLEX,
  }),
];

export const ALPHA: OpInfo[] = (['add', 'sub'] as const).map((name) =>
  define<[]>({
    name: `${name}(alpha)`,
    op: name,
    group: 'elementwise',
    fn: ([a, b]) => api[name](a, b, { alpha: 3 }),
    method: ([a, b]) => a[name](b, { alpha: 3 }),
    binary: (a, b) => api[name](a, b, { alpha: 3 }),
    ref: ([a, b]) =>
      binaryRef(
        {
          name,
          fn: api[name],
          method: (x, y) => x[name](y),
          real: (x, y) => (name === 'add' ? x + 3 * y : x - 3 * y),
          int: (x, y) => (name === 'add' ? x + 3 * y : x - 3 * y) | 0,
          complex: (x, y) => ({
            re: name === 'add' ? x.re + 3 * y.re : x.re - 3 * y.re,
            im: name === 'add' ? x.im + 3 * y.im : x.im - 3 * y.im,
          }),
          rejectBool: name === 'sub',
          boolUnspecified: true,
          dtypes: NUMERIC,
        },
        a,
        b,
      ),
    dtypes: NUMERIC,
    samples: (dtype, rng) =>
      BINARY_SHAPES.slice(0, 4).map(([sa, sb]) => ({
        inputs: [randomRef(sa, dtype, 'any', rng), randomRef(sb, dtype, 'any', rng)],
        args: [],
      })),
  }),
);
