/**
 * The OpInfo table of core (after PyTorch's `common_methods_invocations.py`): one entry per public op of SPEC §2.1
 * with its function form, method form, a reference written with plain loops (or mathjs for complex arithmetic),
 * input generators and the dtypes it supports or must reject. `driver.ts` runs every entry on contiguous and
 * non-contiguous inputs, broadcasting pairs, every dtype, 0-d and 0-sized tensors. Test-only.
 */
import * as math from 'mathjs';
import type { ComplexLike, DType } from '../dtype';
import * as core from '../index';
import type { Tensor, TensorLike } from '../tensor';
import {
  ALL,
  asComplex,
  asNumber,
  COMPLEX,
  castRef,
  coerce,
  FLOAT,
  FLOAT_COMPLEX,
  floatOut,
  fromFn,
  fromMath,
  get,
  INTEGRAL,
  indices,
  isComplexDtype,
  isIntegralDtype,
  type Kind,
  mapRefs,
  mc,
  NUMERIC,
  numel,
  permuteRef,
  REAL,
  REAL_NUMERIC,
  type Ref,
  randomRef,
  realOf,
  refOf,
  refResultType,
  type Scalar,
  type Tolerance,
  tensorOf,
  weakRef,
} from './reference';
import {
  argExtreme,
  catRef,
  chunkRef,
  diagEmbedRef,
  diagonalRef,
  diagRef,
  expandRef,
  flattenRef,
  flipRef,
  gatherRef,
  imagRef,
  indexSelectRef,
  matmulRef,
  narrowRef,
  prodValues,
  Rejected,
  realRef,
  reduceRef,
  reductionDims,
  reshapeRef,
  scatterAddRef,
  selectRef,
  sliceRef,
  splitRef,
  squeezeRef,
  stackRef,
  sumValues,
  transposeRef,
  triangleRef,
  unsqueezeRef,
  varianceValues,
} from './refops';

/** The public API as a plain object, for entries that look functions up by name. */
const api = { ...core };

/** Thrown by a reference for inputs whose behaviour is left unspecified (not checked either way). */
export class Unspecified extends Error {}

export type Out = Tensor | readonly Tensor[] | boolean;
export type RefOut = Ref | readonly Ref[] | boolean;
export type Group =
  | 'elementwise'
  | 'comparison'
  | 'composite'
  | 'reduce'
  | 'movement'
  | 'indexing'
  | 'matmul'
  | 'complex';

/** One call of an op: tensor inputs (layouts apply to each) and the other arguments. */
export interface Sample<A extends readonly unknown[] = readonly unknown[]> {
  inputs: Ref[];
  args: A;
}

export interface OpInfo<A extends readonly unknown[] = readonly unknown[]> {
  /** Name of the entry (unique). */
  name: string;
  /** Public op name that error messages start with. */
  op: string;
  group: Group;
  fn: (xs: readonly Tensor[], args: A) => Out;
  method?: (xs: readonly Tensor[], args: A) => Out;
  /** Expected result; throws {@link Rejected} when the op must raise DtypeError, {@link Unspecified} to skip. */
  ref: (xs: readonly Ref[], args: A) => RefOut;
  dtypes: readonly DType[];
  rejects?: readonly DType[];
  samples: (dtype: DType, rng: () => number) => Sample<A>[];
  tol?: Partial<Tolerance>;
  /** `always`: every output shares the first input's storage; `contiguous`: when that input is contiguous. */
  view?: 'always' | 'contiguous';
  /** The output never shares storage with an input. */
  copy?: boolean;
  /** Binary form accepting JS scalars for either operand (checked with numbers, booleans and `{ re, im }`). */
  binary?: (a: TensorLike, b: TensorLike) => Tensor;
  /** Shapes and kinds of the two operands of the mixed-dtype promotion check (every pair of dtypes). */
  mixed?: { shapes: readonly (readonly [readonly number[], readonly number[]])[]; kinds: readonly [Kind, Kind] };
  /** Only contiguous inputs (e.g. `view`, which may legitimately refuse a non-contiguous one). */
  contiguousOnly?: boolean;
  /** A property of Tensor (T, mT): there is no function form to call with a non-tensor. */
  getter?: boolean;
}

function define<A extends readonly unknown[]>(info: OpInfo<A>): OpInfo {
  return info as unknown as OpInfo;
}

const specialValues: readonly number[] = [Number.NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, 30, -30];
const UNARY_SHAPES: readonly (readonly number[])[] = [[], [0], [5], [3, 4], [2, 0, 3], [2, 3, 4]];
const BINARY_SHAPES: readonly (readonly [readonly number[], readonly number[]])[] = [
  [
    [3, 4],
    [3, 4],
  ],
  [[3, 4], [4]],
  [
    [2, 1, 4],
    [3, 1],
  ],
  [[], [2, 3]],
  [[2, 3], []],
  [[], []],
  [
    [0, 3],
    [1, 3],
  ],
  [[4, 1], [0]],
  [
    [2, 3, 4],
    [2, 1, 4],
  ],
];

const MIXED_SHAPES: readonly (readonly [readonly number[], readonly number[]])[] = [
  [[3, 4], [4]],
  [[3, 4], []],
  [[], [4]],
  [[], []],
];

const cx = (v: Scalar): math.Complex => mc(asComplex(v));

// ---------------------------------------------------------------------------------------------------------------
// Elementwise builders.

interface UnarySpec<A extends readonly unknown[]> {
  name: string;
  op?: string;
  group?: Group;
  fn: (x: Tensor, args: A) => Tensor;
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

function unary<A extends readonly unknown[] = []>(s: UnarySpec<A>): OpInfo {
  const argSets = s.argSets ?? [[] as unknown as A];
  return define<A>({
    name: s.name,
    op: s.op ?? s.name,
    group: s.group ?? 'elementwise',
    fn: (xs, args) => s.fn(xs[0], args),
    method: s.method ? (xs, args) => s.method!(xs[0], args) : undefined,
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

interface BinarySpec {
  name: string;
  group?: Group;
  fn: (a: TensorLike, b: TensorLike) => Tensor;
  method: (a: Tensor, b: TensorLike) => Tensor;
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

function binary(s: BinarySpec): OpInfo {
  const [ka, kb] = s.kinds ?? ['any', 'any'];
  return define<[]>({
    name: s.name,
    op: s.name,
    group: s.group ?? 'elementwise',
    fn: (xs) => s.fn(xs[0], xs[1]),
    method: (xs) => s.method(xs[0], xs[1]),
    ref: ([a, b]) => binaryRef(s, a, b),
    binary: s.fn,
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
const erf = (x: number): number => math.erf(x);
const sgn = (z: ComplexLike): Scalar => {
  const r = Math.hypot(z.re, z.im);
  return r === 0 ? { re: 0, im: 0 } : { re: z.re / r, im: z.im / r };
};
const same = (d: DType): DType => d;

const UNARY: OpInfo[] = [
  unary({
    name: 'neg',
    fn: (x) => core.neg(x),
    method: (x) => x.neg(),
    real: (x) => -x,
    int: (x) => -x | 0,
    complex: (z) => fromMath(math.unaryMinus(mc(z))),
    out: same,
    dtypes: NUMERIC,
    rejects: ['bool'],
    specials: true,
  }),
  unary({
    name: 'exp',
    fn: (x) => core.exp(x),
    method: (x) => x.exp(),
    real: Math.exp,
    complex: (z) => fromMath(math.exp(mc(z))),
    out: floatOut,
    dtypes: ALL,
    specials: true,
  }),
  unary({
    name: 'log',
    fn: (x) => core.log(x),
    method: (x) => x.log(),
    real: Math.log,
    complex: (z) => fromMath(math.log(mc(z))),
    out: floatOut,
    dtypes: ALL,
    specials: true,
  }),
  unary({
    name: 'log1p',
    fn: (x) => core.log1p(x),
    method: (x) => x.log1p(),
    real: Math.log1p,
    complex: (z) => fromMath(math.log(math.add(1, mc(z)) as math.Complex)),
    out: floatOut,
    dtypes: ALL,
    kind: 'unit',
    specials: true,
  }),
  unary({
    name: 'sqrt',
    fn: (x) => core.sqrt(x),
    method: (x) => x.sqrt(),
    real: Math.sqrt,
    complex: (z) => fromMath(math.sqrt(mc(z))),
    out: floatOut,
    dtypes: ALL,
    specials: true,
  }),
  unary({
    name: 'sin',
    fn: (x) => core.sin(x),
    method: (x) => x.sin(),
    real: Math.sin,
    complex: (z) => fromMath(math.sin(mc(z))),
    out: floatOut,
    dtypes: ALL,
    specials: true,
  }),
  unary({
    name: 'cos',
    fn: (x) => core.cos(x),
    method: (x) => x.cos(),
    real: Math.cos,
    complex: (z) => fromMath(math.cos(mc(z))),
    out: floatOut,
    dtypes: ALL,
    specials: true,
  }),
  unary({
    name: 'tanh',
    fn: (x) => core.tanh(x),
    method: (x) => x.tanh(),
    real: Math.tanh,
    complex: (z) => fromMath(math.tanh(mc(z))),
    out: floatOut,
    dtypes: ALL,
    specials: true,
  }),
  unary({
    name: 'sigmoid',
    fn: (x) => core.sigmoid(x),
    method: (x) => x.sigmoid(),
    real: (x) => 1 / (1 + Math.exp(-x)),
    complex: (z) => fromMath(math.divide(1, math.add(1, math.exp(math.unaryMinus(mc(z))) as math.Complex))),
    out: floatOut,
    dtypes: ALL,
    specials: true,
  }),
  unary({
    name: 'abs',
    fn: (x) => core.abs(x),
    method: (x) => x.abs(),
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
    fn: (x) => core.sign(x),
    method: (x) => x.sign(),
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
    fn: (x) => core.conj(x),
    method: (x) => x.conj(),
    real: (x) => x,
    complex: (z) => fromMath(math.conj(mc(z))),
    out: same,
    dtypes: ALL,
  }),
  unary({
    name: 'relu',
    fn: (x) => core.relu(x),
    method: (x) => x.relu(),
    real: (x) => (Number.isNaN(x) ? x : Math.max(x, 0)),
    out: same,
    dtypes: REAL_NUMERIC,
    rejects: COMPLEX,
    specials: true,
  }),
  unary({
    name: 'erf',
    fn: (x) => core.erf(x),
    method: (x) => x.erf(),
    real: erf,
    out: floatOut,
    dtypes: [...FLOAT, 'int32'],
    rejects: COMPLEX,
    tol: { rtol: 1e-5, atol: 1e-6 },
  }),
  unary({
    name: 'angle',
    fn: (x) => core.angle(x),
    method: (x) => x.angle(),
    real: (x) => (Number.isNaN(x) ? x : x < 0 ? Math.PI : 0),
    complex: (z) => math.arg(mc(z)),
    out: (d) => realOf(floatOut(d)),
    dtypes: ALL,
    specials: true,
  }),
  unary({
    name: 'isfinite',
    group: 'comparison',
    fn: (x) => core.isfinite(x),
    method: (x) => x.isfinite(),
    real: (x) => Number.isFinite(x),
    complex: (z) => Number.isFinite(z.re) && Number.isFinite(z.im),
    out: () => 'bool',
    dtypes: ALL,
    specials: true,
  }),
  unary({
    name: 'isnan',
    group: 'comparison',
    fn: (x) => core.isnan(x),
    method: (x) => x.isnan(),
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
];

const COMPOSITE_UNARY: OpInfo[] = [
  unary({
    name: 'square',
    group: 'composite',
    fn: (x) => core.square(x),
    method: (x) => x.square(),
    real: (x) => x * x,
    int: (x) => Math.imul(x, x),
    complex: (z) => fromMath(math.multiply(mc(z), mc(z))),
    out: same,
    dtypes: NUMERIC,
  }),
  unary({
    name: 'reciprocal',
    group: 'composite',
    fn: (x) => core.reciprocal(x),
    method: (x) => x.reciprocal(),
    real: (x) => 1 / x,
    complex: (z) => fromMath(math.divide(1, mc(z))),
    out: floatOut,
    dtypes: ALL,
    kind: 'nonzero',
    specials: true,
  }),
  unary({
    name: 'rsqrt',
    group: 'composite',
    fn: (x) => core.rsqrt(x),
    method: (x) => x.rsqrt(),
    real: (x) => 1 / Math.sqrt(x),
    complex: (z) => fromMath(math.divide(1, math.sqrt(mc(z)))),
    out: floatOut,
    dtypes: FLOAT_COMPLEX,
    kind: 'pos',
  }),
  unary<[{ approximate?: 'none' | 'tanh' }]>({
    name: 'gelu',
    group: 'composite',
    fn: (x, [o]) => core.gelu(x, o),
    method: (x, [o]) => x.gelu(o),
    real: (x, [o]) =>
      o.approximate === 'tanh'
        ? 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)))
        : 0.5 * x * (1 + erf(x / Math.SQRT2)),
    out: same,
    dtypes: FLOAT,
    rejects: COMPLEX,
    argSets: [[{}], [{ approximate: 'tanh' }]],
    tol: { atol: 1e-6 },
  }),
  unary<[{ beta?: number; threshold?: number }]>({
    name: 'softplus',
    group: 'composite',
    fn: (x, [o]) => core.softplus(x, o),
    method: (x, [o]) => x.softplus(o),
    real: (x, [o]) => {
      const beta = o.beta ?? 1;
      const z = beta * x;
      return z > (o.threshold ?? 20) ? x : Math.log1p(Math.exp(z)) / beta;
    },
    out: same,
    dtypes: FLOAT,
    rejects: COMPLEX,
    argSets: [[{}], [{ beta: 2 }], [{ beta: 0.5, threshold: 0.5 }]],
  }),
];

const BINARY: OpInfo[] = [
  binary({
    name: 'add',
    fn: (a, b) => core.add(a, b),
    method: (a, b) => a.add(b),
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
    fn: (a, b) => core.sub(a, b),
    method: (a, b) => a.sub(b),
    real: (x, y) => x - y,
    int: (x, y) => (x - y) | 0,
    complex: (x, y) => fromMath(math.subtract(mc(x), mc(y))),
    rejectBool: true,
    dtypes: NUMERIC,
    rejects: ['bool'],
  }),
  binary({
    name: 'mul',
    fn: (a, b) => core.mul(a, b),
    method: (a, b) => a.mul(b),
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
    fn: (a, b) => core.div(a, b),
    method: (a, b) => a.div(b),
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
    fn: (a, b) => core.pow(a, b),
    method: (a, b) => a.pow(b),
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
  binary({
    name: 'maximum',
    fn: (a, b) => core.maximum(a, b),
    method: (a, b) => a.maximum(b),
    real: nanMax,
    dtypes: REAL,
    rejects: COMPLEX,
    kinds: ['small', 'small'],
    specials: [
      [Number.NaN, 1, -Infinity],
      [1, Number.NaN, 3],
    ],
  }),
  binary({
    name: 'minimum',
    fn: (a, b) => core.minimum(a, b),
    method: (a, b) => a.minimum(b),
    real: nanMin,
    dtypes: REAL,
    rejects: COMPLEX,
    kinds: ['small', 'small'],
    specials: [
      [Number.NaN, 1, Infinity],
      [1, Number.NaN, 3],
    ],
  }),
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

const COMPARISONS: OpInfo[] = [
  ...(
    [
      ['eq', (x: number, y: number) => x === y],
      ['ne', (x: number, y: number) => x !== y],
    ] as const
  ).map(([name, f]) =>
    binary({
      name,
      group: 'comparison',
      fn: (a, b) => api[name](a, b),
      method: (a, b) => a[name](b),
      real: f,
      complex: (x, y) => (name === 'eq' ? x.re === y.re && x.im === y.im : x.re !== y.re || x.im !== y.im),
      out: () => 'bool',
      dtypes: ALL,
      kinds: ['small', 'small'],
      specials: [
        [Number.NaN, Infinity, 0],
        [Number.NaN, Infinity, -0],
      ],
    }),
  ),
  ...(
    [
      ['lt', (x: number, y: number) => x < y],
      ['le', (x: number, y: number) => x <= y],
      ['gt', (x: number, y: number) => x > y],
      ['ge', (x: number, y: number) => x >= y],
    ] as const
  ).map(([name, f]) =>
    binary({
      name,
      group: 'comparison',
      fn: (a, b) => api[name](a, b),
      method: (a, b) => a[name](b),
      real: f,
      out: () => 'bool',
      dtypes: REAL,
      rejects: COMPLEX,
      kinds: ['small', 'small'],
      specials: [
        [Number.NaN, 1, -Infinity],
        [1, Number.NaN, -Infinity],
      ],
    }),
  ),
  ...(
    [
      ['logicalAnd', (x: boolean, y: boolean) => x && y],
      ['logicalOr', (x: boolean, y: boolean) => x || y],
    ] as const
  ).map(([name, f]) =>
    binary({
      name,
      group: 'comparison',
      fn: (a, b) => api[name](a, b),
      method: (a, b) => api[name](a, b),
      real: () => false,
      bool: f,
      logical: true,
      dtypes: ALL,
      kinds: ['small', 'small'],
    }),
  ),
  define<[{ rtol?: number; atol?: number; equalNan?: boolean }]>({
    name: 'allclose',
    op: 'allclose',
    group: 'comparison',
    fn: ([a, b], [o]) => core.allclose(a, b, o),
    method: ([a, b], [o]) => a.allclose(b, o),
    ref: ([a, b], [o]) => closeRef(a, b, o).data.every((v) => v === true),
    dtypes: ALL,
    samples: closeSamples,
  }),
  define<[{ rtol?: number; atol?: number; equalNan?: boolean }]>({
    name: 'isclose',
    op: 'isclose',
    group: 'comparison',
    fn: ([a, b], [o]) => core.isclose(a, b, o),
    ref: ([a, b], [o]) => closeRef(a, b, o),
    dtypes: ALL,
    samples: closeSamples,
  }),
];

/** torch.isclose: a == b, or (equalNan and both NaN), or |a − b| finite and ≤ atol + rtol·|b|. */
function closeRef(a: Ref, b: Ref, o: { rtol?: number; atol?: number; equalNan?: boolean }): Ref {
  const rtol = o.rtol ?? 1e-5;
  const atol = o.atol ?? 1e-8;
  return mapRefs([a, b], 'bool', ([x, y]) => {
    const p = asComplex(x);
    const q = asComplex(y);
    if (p.re === q.re && p.im === q.im) return true;
    const nan = (z: ComplexLike) => Number.isNaN(z.re) || Number.isNaN(z.im);
    if (o.equalNan && nan(p) && nan(q)) return true;
    const err = Math.hypot(p.re - q.re, p.im - q.im);
    return Number.isFinite(err) && err <= atol + rtol * Math.hypot(q.re, q.im);
  });
}

function closeSamples(
  dtype: DType,
  rng: () => number,
): Sample<[{ rtol?: number; atol?: number; equalNan?: boolean }]>[] {
  const a = randomRef([3, 4], dtype, 'any', rng);
  const nudge = (eps: number): Ref =>
    fromFn(a.shape, dtype, (idx) => {
      const v = get(a, idx);
      if (typeof v === 'boolean') return v;
      const z = asComplex(v);
      return isComplexDtype(dtype)
        ? { re: z.re * (1 + eps), im: z.im }
        : z.re * (1 + eps) + (dtype === 'int32' ? 1 : 0);
    });
  const out: Sample<[{ rtol?: number; atol?: number; equalNan?: boolean }]>[] = [
    { inputs: [a, a], args: [{}] },
    { inputs: [a, nudge(1e-7)], args: [{}] },
    { inputs: [a, nudge(1e-3)], args: [{}] },
    { inputs: [a, nudge(1e-3)], args: [{ rtol: 1e-2 }] },
    { inputs: [a, nudge(0.2)], args: [{ atol: 1 }] },
    { inputs: [a, nudge(0.2)], args: [{ rtol: 0, atol: 0 }] },
    { inputs: [randomRef([3, 1], dtype, 'small', rng), randomRef([4], dtype, 'small', rng)], args: [{}] },
    { inputs: [randomRef([0], dtype, 'any', rng), randomRef([0], dtype, 'any', rng)], args: [{}] },
  ];
  if (dtype === 'float32' || dtype === 'float64') {
    const x = refOf([1, Infinity, Number.NaN, Infinity, -Infinity, 1e10], [6], dtype);
    const y = refOf([Infinity, Infinity, Number.NaN, -Infinity, -Infinity, 1.00001e10], [6], dtype);
    out.push({ inputs: [x, y], args: [{}] }, { inputs: [x, y], args: [{ equalNan: true }] });
    const ok = refOf([Infinity, Number.NaN, 2], [3], dtype);
    out.push({ inputs: [ok, ok], args: [{ equalNan: true }] }, { inputs: [ok, ok], args: [{}] });
  }
  return out;
}

const WHERE = define<[]>({
  name: 'where',
  op: 'where',
  group: 'elementwise',
  fn: ([c, a, b]) => core.where(c, a, b),
  method: ([c, a, b]) => a.where(c, b),
  ref: ([c, a, b]) => {
    const dtype = refResultType([a, b]);
    return mapRefs([c, a, b], dtype, ([cv, av, bv]) => coerce(cv ? av : bv, dtype));
  },
  dtypes: ALL,
  samples: (dtype, rng) =>
    (
      [
        [
          [3, 4],
          [3, 4],
          [3, 4],
        ],
        [[3, 1], [1, 4], [4]],
        [[], [2, 3], []],
        [[2, 0], [2, 1], [1]],
        [[5], [5], []],
        [[], [], []],
      ] as const
    ).map(([sc, sa, sb]) => ({
      inputs: [randomRef(sc, 'bool', 'any', rng), randomRef(sa, dtype, 'any', rng), randomRef(sb, dtype, 'any', rng)],
      args: [],
    })),
});

type Bound = number | null;
const CLAMP: OpInfo[] = [
  define<[Bound, Bound]>({
    name: 'clamp',
    op: 'clamp',
    group: 'composite',
    fn: ([x], [lo, hi]) => core.clamp(x, lo, hi),
    method: ([x], [lo, hi]) => x.clamp(lo, hi),
    ref: ([x], [lo, hi]) => {
      if (isComplexDtype(x.dtype)) throw new Rejected();
      const ops = [x, ...[lo, hi].filter((v): v is number => v !== null).map(weakRef)];
      const dtype = refResultType(ops);
      return mapRefs([x], dtype, ([v]) => clampValue(asNumber(coerce(v, dtype)), lo, hi));
    },
    dtypes: REAL_NUMERIC,
    rejects: COMPLEX,
    samples: (dtype, rng) => {
      const bounds: [Bound, Bound][] =
        dtype === 'int32'
          ? [
              [-1, 2],
              [null, 1],
              [0, null],
              [2, -2],
              [-1.5, 1.5],
            ]
          : [
              [-0.5, 0.5],
              [null, 0.25],
              [-0.25, null],
              [1, -1],
              [-1, 1],
            ];
      const out: Sample<[Bound, Bound]>[] = [];
      for (const b of bounds) {
        for (const shape of UNARY_SHAPES) out.push({ inputs: [randomRef(shape, dtype, 'any', rng)], args: b });
        if (dtype !== 'int32') out.push({ inputs: [refOf(specialValues, [specialValues.length], dtype)], args: b });
      }
      return out;
    },
  }),
  define<[]>({
    name: 'clamp(tensor bounds)',
    op: 'clamp',
    group: 'composite',
    fn: ([x, lo, hi]) => core.clamp(x, lo, hi),
    method: ([x, lo, hi]) => x.clamp(lo, hi),
    ref: ([x, lo, hi]) => {
      if (isComplexDtype(x.dtype)) throw new Rejected();
      const dtype = refResultType([x, lo, hi]);
      return mapRefs([x, lo, hi], dtype, ([v, l, h]) =>
        clampValue(asNumber(coerce(v, dtype)), asNumber(coerce(l, dtype)), asNumber(coerce(h, dtype))),
      );
    },
    dtypes: REAL_NUMERIC,
    rejects: COMPLEX,
    samples: (dtype, rng) =>
      (
        [
          [
            [3, 4],
            [3, 4],
            [3, 4],
          ],
          [[3, 4], [4], [3, 1]],
          [[5], [], []],
        ] as const
      ).map(([sx, sl, sh]) => ({
        inputs: [randomRef(sx, dtype, 'any', rng), randomRef(sl, dtype, 'any', rng), randomRef(sh, dtype, 'any', rng)],
        args: [],
      })),
  }),
];

/** torch.clamp: min(max(x, lo), hi) — so hi wins when lo > hi — with NaN propagated. */
function clampValue(v: number, lo: Bound, hi: Bound): number {
  if (Number.isNaN(v)) return v;
  let r = v;
  if (lo !== null) r = Math.max(r, lo);
  if (hi !== null) r = Math.min(r, hi);
  return r;
}

const ALPHA: OpInfo[] = (['add', 'sub'] as const).map((name) =>
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

// ---------------------------------------------------------------------------------------------------------------
// Softmax family (along one dim).

/** Maps each 1-D slice along `dim` (a 0-d tensor is one slice of length 1). */
function alongDim(a: Ref, dim: number, dtype: DType, f: (vals: number[]) => number[]): Ref {
  if (a.shape.length === 0) return { shape: [], dtype, data: [coerce(f([asNumber(a.data[0])])[0], dtype)] };
  const d = dim < 0 ? dim + a.shape.length : dim;
  const out = new Array<Scalar>(a.data.length);
  const outer = a.shape.map((s, i) => (i === d ? 1 : s));
  const strides = a.shape.map((_, i) => numel(a.shape.slice(i + 1)));
  for (const idx of indices(outer)) {
    const base = idx.reduce((acc, v, i) => acc + v * strides[i], 0);
    const pos = Array.from({ length: a.shape[d] }, (_, k) => base + k * strides[d]);
    const res = f(pos.map((p) => asNumber(a.data[p])));
    pos.forEach((p, k) => {
      out[p] = coerce(res[k], dtype);
    });
  }
  return { shape: [...a.shape], dtype, data: out };
}

function softmaxValues(v: number[], log: boolean): number[] {
  const m = Math.max(...v);
  const s = v.reduce((acc, x) => acc + Math.exp(x - m), 0);
  return v.map((x) => (log ? x - m - Math.log(s) : Math.exp(x - m) / s));
}

const SOFTMAX_SAMPLES: readonly (readonly [readonly number[], number])[] = [
  [[5], 0],
  [[3, 4], 1],
  [[3, 4], -2],
  [[2, 3, 4], 1],
  [[], 0],
  [[0, 3], 1],
  [[3, 0], 1],
];

const SOFTMAX: OpInfo[] = [
  ...(['softmax', 'logSoftmax'] as const).map((name) =>
    define<[number]>({
      name,
      op: name,
      group: 'composite',
      fn: ([x], [dim]) => api[name](x, dim),
      method: ([x], [dim]) => x[name](dim),
      ref: ([x], [dim]) => {
        if (isComplexDtype(x.dtype)) throw new Rejected();
        return alongDim(x, dim, x.dtype, (v) => softmaxValues(v, name === 'logSoftmax'));
      },
      dtypes: FLOAT,
      rejects: COMPLEX,
      samples: (dtype, rng) =>
        SOFTMAX_SAMPLES.map(([shape, dim]) => ({ inputs: [randomRef(shape, dtype, 'any', rng)], args: [dim] })),
    }),
  ),
  define<[number | number[] | undefined, boolean]>({
    name: 'logsumexp',
    op: 'logsumexp',
    group: 'composite',
    fn: ([x], [dim, keepdim]) => core.logsumexp(x, dim, keepdim),
    method: ([x], [dim, keepdim]) => x.logsumexp(dim, keepdim),
    ref: ([x], [dim, keepdim]) => {
      if (isComplexDtype(x.dtype)) throw new Rejected();
      const dims = reductionDims(x.shape.length, dim);
      return reduceRef(x, dims, keepdim, floatOut(x.dtype), (vals) => {
        const v = vals.map(asNumber);
        const m = Math.max(...v);
        if (!Number.isFinite(m)) return Math.log(v.reduce((acc, t) => acc + Math.exp(t), 0));
        return m + Math.log(v.reduce((acc, t) => acc + Math.exp(t - m), 0));
      });
    },
    dtypes: [...FLOAT, 'int32'],
    rejects: COMPLEX,
    samples: (dtype, rng) =>
      (
        [
          [[5], 0, false],
          [[3, 4], 1, false],
          [[3, 4], -1, true],
          [[2, 3, 4], [0, 2], false],
          [[2, 3, 4], undefined, false],
          [[], 0, false],
          [[3, 0], 0, false],
        ] as const
      ).map(([shape, dim, keepdim]) => ({
        inputs: [randomRef(shape, dtype, 'any', rng)],
        args: [typeof dim === 'object' ? [...dim] : dim, keepdim],
      })),
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// Reductions.

type Dim = number | number[] | undefined;
const REDUCE_SAMPLES: readonly (readonly [readonly number[], Dim, boolean])[] = [
  [[2, 3, 4], undefined, false],
  [[2, 3, 4], 1, false],
  [[2, 3, 4], -1, true],
  [[2, 3, 4], [0, 2], false],
  [[2, 3, 4], [0, 2], true],
  [[2, 3, 4], [], false],
  [[5], 0, false],
  [[], undefined, false],
  [[], 0, true],
  [[0, 3], 0, false],
  [[0, 3], 1, true],
  [[3, 0], undefined, false],
];

const sumOut = (d: DType): DType => (isIntegralDtype(d) ? 'int32' : d);

function reduction(
  name: 'sum' | 'mean',
  value: (vals: Scalar[], d: DType) => Scalar,
  out: (d: DType) => DType,
  dtypes: readonly DType[],
  rejects?: readonly DType[],
): OpInfo {
  return define<[Dim, boolean]>({
    name,
    op: name,
    group: 'reduce',
    fn: ([x], [dim, keepdim]) => api[name](x, dim, keepdim),
    method: ([x], [dim, keepdim]) => x[name](dim, keepdim),
    ref: ([x], [dim, keepdim]) => {
      if (rejects?.includes(x.dtype)) throw new Rejected();
      return reduceRef(x, reductionDims(x.shape.length, dim), keepdim, out(x.dtype), (v) => value(v, x.dtype));
    },
    dtypes,
    rejects,
    samples: (dtype, rng) =>
      REDUCE_SAMPLES.map(([shape, dim, keepdim]) => ({
        inputs: [randomRef(shape, dtype, 'any', rng)],
        args: [dim, keepdim],
      })),
  });
}

const mean = (vals: Scalar[], d: DType): Scalar => {
  const s = sumValues(vals, d);
  const n = vals.length;
  return typeof s === 'object' ? { re: s.re / n, im: s.im / n } : (s as number) / n;
};

function varEntry(name: 'var' | 'std'): OpInfo {
  type O = { correction?: number; keepdim?: boolean };
  return define<[Dim, O]>({
    name,
    op: name,
    group: 'reduce',
    fn: ([x], [dim, o]) => (name === 'var' ? core.var(x, dim, o) : core.std(x, dim, o)),
    method: ([x], [dim, o]) => (name === 'var' ? x.var(dim, o) : x.std(dim, o)),
    ref: ([x], [dim, o]) => {
      if (isIntegralDtype(x.dtype)) throw new Rejected();
      return reduceRef(x, reductionDims(x.shape.length, dim), o.keepdim ?? false, realOf(x.dtype), (vals) => {
        const v = varianceValues(vals, x.dtype, o.correction ?? 1);
        return name === 'var' ? v : Math.sqrt(v);
      });
    },
    dtypes: FLOAT_COMPLEX,
    rejects: INTEGRAL,
    samples: (dtype, rng) =>
      (
        [
          [[2, 3, 4], undefined, {}],
          [[2, 3, 4], 1, {}],
          [[2, 3, 4], [0, 2], { correction: 0 }],
          [[2, 3, 4], -1, { keepdim: true, correction: 2 }],
          [[6], 0, {}],
          [[], undefined, { correction: 0 }],
          [[0, 3], 1, {}],
          [[3, 0], 1, {}],
        ] as const
      ).map(([shape, dim, o]) => ({
        inputs: [randomRef(shape, dtype, 'any', rng)],
        args: [typeof dim === 'object' ? [...dim] : dim, o],
      })),
  });
}

function prodEntry(): OpInfo {
  return define<[number | undefined, boolean]>({
    name: 'prod',
    op: 'prod',
    group: 'reduce',
    fn: ([x], [dim, keepdim]) => core.prod(x, dim, keepdim),
    method: ([x], [dim, keepdim]) => x.prod(dim, keepdim),
    ref: ([x], [dim, keepdim]) =>
      reduceRef(x, reductionDims(x.shape.length, dim), keepdim, sumOut(x.dtype), (v) => prodValues(v, x.dtype)),
    dtypes: ALL,
    samples: (dtype, rng) =>
      REDUCE_SAMPLES.filter(([, dim]) => !Array.isArray(dim)).map(([shape, dim, keepdim]) => ({
        inputs: [randomRef(shape, dtype, isIntegralDtype(dtype) ? 'small' : 'any', rng)],
        args: [dim as number | undefined, keepdim],
      })),
  });
}

/** max()/min() without dim: the extreme element (NaN propagates). */
function extremeAll(name: 'max' | 'min'): OpInfo {
  return define<[]>({
    name: `${name}()`,
    op: name,
    group: 'reduce',
    fn: ([x]) => api[name](x),
    method: ([x]) => x[name](),
    ref: ([x]) => {
      if (isComplexDtype(x.dtype)) throw new Rejected();
      return reduceRef(
        x,
        reductionDims(x.shape.length, undefined),
        false,
        x.dtype,
        (v) => v[argExtreme(v, name === 'max')],
      );
    },
    dtypes: REAL,
    rejects: COMPLEX,
    samples: (dtype, rng) => {
      const out: Sample<[]>[] = [[], [5], [3, 4], [2, 3, 4]].map((shape) => ({
        inputs: [randomRef(shape, dtype, 'small', rng)],
        args: [],
      }));
      if (dtype === 'float32' || dtype === 'float64') {
        out.push({ inputs: [refOf([1, Number.NaN, 3, -Infinity], [2, 2], dtype)], args: [] });
      }
      return out;
    },
  });
}

const DIM_SAMPLES: readonly (readonly [readonly number[], number, boolean])[] = [
  [[3, 4], 1, false],
  [[3, 4], 0, true],
  [[2, 3, 4], -2, false],
  [[5], 0, false],
  [[], 0, false],
  [[3, 0], 0, false],
];

/** max(dim)/min(dim) → [values, indices] (first occurrence of the extreme; NaN counts as extreme). */
function extremeDim(name: 'max' | 'min'): OpInfo {
  const pick = (x: Ref, dim: number, keepdim: boolean, what: 'values' | 'indices'): Ref =>
    reduceRef(x, reductionDims(x.shape.length, dim), keepdim, what === 'values' ? x.dtype : 'int32', (v) => {
      const i = argExtreme(v, name === 'max');
      return what === 'values' ? v[i] : i;
    });
  return define<[number, boolean]>({
    name: `${name}(dim)`,
    op: name,
    group: 'reduce',
    fn: ([x], [dim, keepdim]) => {
      const r = api[name](x, dim, keepdim);
      return [r.values, r.indices];
    },
    method: ([x], [dim, keepdim]) => {
      const r = x[name](dim, keepdim);
      return [r.values, r.indices];
    },
    ref: ([x], [dim, keepdim]) => {
      if (isComplexDtype(x.dtype)) throw new Rejected();
      return [pick(x, dim, keepdim, 'values'), pick(x, dim, keepdim, 'indices')];
    },
    dtypes: REAL,
    rejects: COMPLEX,
    samples: (dtype, rng) => {
      const out: Sample<[number, boolean]>[] = DIM_SAMPLES.map(([shape, dim, keepdim]) => ({
        inputs: [randomRef(shape, dtype, 'small', rng)],
        args: [dim, keepdim],
      }));
      if (dtype === 'float32' || dtype === 'float64') {
        out.push({ inputs: [refOf([1, Number.NaN, 3, Number.NaN, 5, 0], [2, 3], dtype)], args: [1, false] });
      }
      return out;
    },
  });
}

function argEntry(name: 'argmax' | 'argmin'): OpInfo {
  return define<[number | undefined, boolean]>({
    name,
    op: name,
    group: 'reduce',
    fn: ([x], [dim, keepdim]) => api[name](x, dim, keepdim),
    method: ([x], [dim, keepdim]) => x[name](dim, keepdim),
    ref: ([x], [dim, keepdim]) => {
      if (isComplexDtype(x.dtype)) throw new Rejected();
      const max = name === 'argmax';
      if (dim === undefined) {
        const i = argExtreme(x.data, max);
        return { shape: keepdim ? x.shape.map(() => 1) : [], dtype: 'int32', data: [i] };
      }
      return reduceRef(x, reductionDims(x.shape.length, dim), keepdim, 'int32', (v) => argExtreme(v, max));
    },
    dtypes: REAL,
    rejects: COMPLEX,
    samples: (dtype, rng) => [
      ...DIM_SAMPLES.map(([shape, dim, keepdim]) => ({
        inputs: [randomRef(shape, dtype, 'small', rng)],
        args: [dim, keepdim] as [number, boolean],
      })),
      { inputs: [randomRef([3, 4], dtype, 'small', rng)], args: [undefined, false] },
      { inputs: [randomRef([2, 3, 4], dtype, 'any', rng)], args: [undefined, true] },
      { inputs: [randomRef([], dtype, 'any', rng)], args: [undefined, false] },
    ],
  });
}

function amaxEntry(name: 'amax' | 'amin'): OpInfo {
  return define<[Dim, boolean]>({
    name,
    op: name,
    group: 'reduce',
    fn: ([x], [dim, keepdim]) => api[name](x, dim, keepdim),
    method: ([x], [dim, keepdim]) => x[name](dim, keepdim),
    ref: ([x], [dim, keepdim]) => {
      if (isComplexDtype(x.dtype)) throw new Rejected();
      return reduceRef(
        x,
        reductionDims(x.shape.length, dim),
        keepdim,
        x.dtype,
        (v) => v[argExtreme(v, name === 'amax')],
      );
    },
    dtypes: REAL,
    rejects: COMPLEX,
    samples: (dtype, rng) =>
      REDUCE_SAMPLES.filter(([shape, dim]) => {
        const dims = reductionDims(shape.length, dim);
        return dims.every((d) => shape[d] > 0);
      }).map(([shape, dim, keepdim]) => ({ inputs: [randomRef(shape, dtype, 'small', rng)], args: [dim, keepdim] })),
  });
}

const REDUCTIONS: OpInfo[] = [
  reduction('sum', sumValues, sumOut, ALL),
  reduction('mean', mean, (d) => d, FLOAT_COMPLEX, INTEGRAL),
  prodEntry(),
  varEntry('var'),
  varEntry('std'),
  extremeAll('max'),
  extremeAll('min'),
  extremeDim('max'),
  extremeDim('min'),
  argEntry('argmax'),
  argEntry('argmin'),
  amaxEntry('amax'),
  amaxEntry('amin'),
];

// ---------------------------------------------------------------------------------------------------------------
// Shapes and views (every dtype).

function shaped<A extends readonly unknown[]>(
  name: string,
  fn: (x: Tensor, args: A) => Out,
  method: ((x: Tensor, args: A) => Out) | undefined,
  ref: (x: Ref, args: A) => RefOut,
  cases: readonly (readonly [readonly number[], A])[],
  extra: Partial<OpInfo<A>> = {},
): OpInfo {
  return define<A>({
    name,
    op: name,
    group: 'movement',
    fn: (xs, args) => fn(xs[0], args),
    method: method ? (xs, args) => method(xs[0], args) : undefined,
    ref: (xs, args) => ref(xs[0], args),
    dtypes: ALL,
    samples: (dtype, rng) => cases.map(([shape, args]) => ({ inputs: [randomRef(shape, dtype, 'any', rng)], args })),
    ...extra,
  });
}

const RESHAPES: readonly (readonly [readonly number[], [number[]]])[] = [
  [[2, 3, 4], [[4, 6]]],
  [[2, 3, 4], [[-1]]],
  [[2, 3, 4], [[3, -1, 2]]],
  [[2, 3, 4], [[2, 3, 4]]],
  [[6], [[2, 3]]],
  [[], [[1, 1]]],
  [[1], [[]]],
  [[0, 3], [[3, 0, 1]]],
];

const MOVEMENT: OpInfo[] = [
  shaped(
    'reshape',
    (x, [s]) => core.reshape(x, s),
    (x, [s]) => x.reshape(s),
    (x, [s]) => reshapeRef(x, s),
    RESHAPES,
    {
      view: 'contiguous',
    },
  ),
  shaped(
    'reshape(...sizes)',
    (x, [s]) => core.reshape(x, s),
    (x, [s]) => x.reshape(...s),
    (x, [s]) => reshapeRef(x, s),
    RESHAPES,
    {
      op: 'reshape',
      view: 'contiguous',
    },
  ),
  shaped(
    'view',
    (x, [s]) => core.view(x, s),
    (x, [s]) => x.view(s),
    (x, [s]) => reshapeRef(x, s),
    RESHAPES,
    {
      view: 'always',
      contiguousOnly: true,
    },
  ),
  shaped(
    'flatten',
    (x, [s, e]) => core.flatten(x, s, e),
    (x, [s, e]) => x.flatten(s, e),
    (x, [s, e]) => flattenRef(x, s, e),
    [
      [
        [2, 3, 4],
        [0, -1],
      ],
      [
        [2, 3, 4],
        [1, 2],
      ],
      [
        [2, 3, 4],
        [0, 1],
      ],
      [
        [2, 3, 4],
        [1, 1],
      ],
      [[], [0, -1]],
      [[5], [0, 0]],
      [
        [2, 0, 3],
        [0, 1],
      ],
    ],
    { view: 'contiguous' },
  ),
  shaped(
    'squeeze',
    (x, [d]) => core.squeeze(x, d),
    (x, [d]) => x.squeeze(d),
    (x, [d]) => squeezeRef(x, d),
    [
      [[1, 3, 1, 4], [undefined]],
      [[1, 3, 1, 4], [0]],
      [[1, 3, 1, 4], [[0, 2]]],
      [[1, 3, 1, 4], [1]],
      [[1, 3, 1, 4], [-2]],
      [[], [undefined]],
      [[1], [0]],
    ] as readonly (readonly [readonly number[], [number | number[] | undefined]])[],
    { view: 'always' },
  ),
  shaped(
    'unsqueeze',
    (x, [d]) => core.unsqueeze(x, d),
    (x, [d]) => x.unsqueeze(d),
    (x, [d]) => unsqueezeRef(x, d),
    [
      [[3, 4], [0]],
      [[3, 4], [-1]],
      [[3, 4], [1]],
      [[3, 4], [-3]],
      [[], [0]],
      [[0], [1]],
    ],
    { view: 'always' },
  ),
  shaped(
    'transpose',
    (x, [a, b]) => core.transpose(x, a, b),
    (x, [a, b]) => x.transpose(a, b),
    (x, [a, b]) => transposeRef(x, a, b),
    [
      [
        [3, 4],
        [0, 1],
      ],
      [
        [2, 3, 4],
        [0, 2],
      ],
      [
        [2, 3, 4],
        [-1, -2],
      ],
      [[5], [0, -1]],
      [[], [0, -1]],
      [
        [0, 3],
        [1, 0],
      ],
    ],
    { view: 'always' },
  ),
  shaped(
    'permute',
    (x, [d]) => core.permute(x, d),
    (x, [d]) => x.permute(d),
    (x, [d]) =>
      permuteRef(
        x,
        d.map((v) => (v < 0 ? v + x.shape.length : v)),
      ),
    [
      [[2, 3, 4], [[2, 0, 1]]],
      [[2, 3, 4], [[-1, 0, 1]]],
      [[3, 4], [[1, 0]]],
      [[2, 3, 4], [[0, 1, 2]]],
      [[], [[]]],
    ],
    { view: 'always' },
  ),
  shaped(
    'permute(...dims)',
    (x, [d]) => core.permute(x, d),
    (x, [d]) => x.permute(...d),
    (x, [d]) => permuteRef(x, d),
    [[[2, 3, 4], [[1, 2, 0]]]],
    { op: 'permute', view: 'always' },
  ),
  shaped(
    'T',
    (x) => x.T,
    undefined,
    (x) =>
      permuteRef(
        x,
        x.shape.map((_, i) => x.shape.length - 1 - i),
      ),
    [
      [[3, 4], []],
      [[5], []],
      [[], []],
      [[2, 3, 4], []],
    ],
    { view: 'always', getter: true },
  ),
  shaped(
    'mT',
    (x) => x.mT,
    undefined,
    (x) => transposeRef(x, -2, -1),
    [
      [[3, 4], []],
      [[2, 3, 4], []],
    ],
    { view: 'always', op: 'Tensor.mT', getter: true },
  ),
  ...(['expand', 'broadcastTo'] as const).map((name) =>
    shaped(
      name,
      (x, [s]: [number[]]) => api[name](x, s),
      (x, [s]) => x[name](s),
      (x, [s]) => expandRef(x, s),
      [
        [[3, 1], [[3, 4]]],
        [[3, 1], [[2, 3, 4]]],
        [[1], [[5]]],
        [[], [[2, 2]]],
        [[3, 1], [[-1, 4]]],
        [[2, 1], [[2, 0]]],
        [[3, 4], [[3, 4]]],
      ],
      { view: 'always' },
    ),
  ),
  shaped(
    'expand(...sizes)',
    (x, [s]: [number[]]) => core.expand(x, s),
    (x, [s]) => x.expand(...s),
    (x, [s]) => expandRef(x, s),
    [[[3, 1], [[2, 3, 4]]]],
    { view: 'always', op: 'expand' },
  ),
  shaped(
    'split',
    (x, [s, d]: [number | number[], number]) => core.split(x, s, d),
    (x, [s, d]) => x.split(s, d),
    (x, [s, d]) => splitRef(x, s, d),
    [
      [
        [5, 2],
        [2, 0],
      ],
      [
        [5, 2],
        [[1, 4], 0],
      ],
      [
        [3, 4],
        [3, 1],
      ],
      [
        [3, 4],
        [[2, 0, 2], -1],
      ],
      [
        [0, 2],
        [2, 0],
      ],
    ],
    { view: 'always' },
  ),
  shaped(
    'chunk',
    (x, [c, d]: [number, number]) => core.chunk(x, c, d),
    (x, [c, d]) => x.chunk(c, d),
    (x, [c, d]) => chunkRef(x, c, d),
    [
      [
        [5, 2],
        [2, 0],
      ],
      [
        [5, 2],
        [3, 0],
      ],
      [
        [3, 6],
        [4, 1],
      ],
      [
        [3, 6],
        [6, -1],
      ],
      [
        [0, 2],
        [3, 0],
      ],
    ],
    { view: 'always' },
  ),
  shaped(
    'narrow',
    (x, [d, s, l]: [number, number, number]) => core.narrow(x, d, s, l),
    (x, [d, s, l]) => x.narrow(d, s, l),
    (x, [d, s, l]) => narrowRef(x, d, s, l),
    [
      [
        [4, 5],
        [0, 1, 2],
      ],
      [
        [4, 5],
        [1, -3, 2],
      ],
      [
        [4, 5],
        [-1, 0, 0],
      ],
      [
        [4, 5],
        [0, 0, 4],
      ],
      [
        [4, 5],
        [0, 4, 0],
      ],
    ],
    { view: 'always' },
  ),
  shaped(
    'select',
    (x, [d, i]: [number, number]) => core.select(x, d, i),
    (x, [d, i]) => x.select(d, i),
    (x, [d, i]) => selectRef(x, d, i),
    [
      [
        [4, 5],
        [0, 2],
      ],
      [
        [4, 5],
        [1, -1],
      ],
      [[3], [0, 1]],
      [
        [2, 3, 4],
        [-2, 0],
      ],
    ],
    { view: 'always' },
  ),
  shaped(
    'slice',
    (x, [d, s, e, st]: [number, number?, number?, number?]) => core.slice(x, d, s, e, st),
    (x, [d, s, e, st]) => x.slice(d, s, e, st),
    (x, [d, s, e, st]) => sliceRef(x, d, s, e, st),
    [
      [
        [6, 5],
        [0, 1, 5, 2],
      ],
      [
        [6, 5],
        [1, -3, undefined, 1],
      ],
      [
        [6, 5],
        [0, -100, 100, 3],
      ],
      [
        [6, 5],
        [1, 4, 2, 1],
      ],
      [[6, 5], [0]],
      [
        [6, 5],
        [-1, 0, undefined, 4],
      ],
    ] as readonly (readonly [readonly number[], [number, number?, number?, number?]])[],
    { view: 'always' },
  ),
  shaped(
    'diagonal',
    (x, [o, a, b]: [number, number, number]) => core.diagonal(x, o, a, b),
    (x, [o, a, b]) => x.diagonal(o, a, b),
    (x, [o, a, b]) => diagonalRef(x, o, a, b),
    [
      [
        [4, 5],
        [0, 0, 1],
      ],
      [
        [4, 5],
        [1, 0, 1],
      ],
      [
        [4, 5],
        [-2, 0, 1],
      ],
      [
        [2, 3, 4],
        [0, 1, 2],
      ],
      [
        [2, 3, 4],
        [1, 2, 0],
      ],
      [
        [2, 3, 4],
        [-1, -1, 0],
      ],
      [
        [3, 3],
        [5, 0, 1],
      ],
    ],
    { view: 'always' },
  ),
  shaped(
    'clone',
    (x) => core.clone(x),
    (x) => x.clone(),
    (x) => x,
    [
      [[3, 4], []],
      [[], []],
      [[0, 2], []],
    ],
    {
      copy: true,
    },
  ),
  shaped(
    'contiguous',
    (x) => core.contiguous(x),
    (x) => x.contiguous(),
    (x) => x,
    [
      [[3, 4], []],
      [[], []],
      [[2, 3, 4], []],
    ],
  ),
  shaped(
    'flip',
    (x, [d]: [number[]]) => core.flip(x, d),
    (x, [d]) => x.flip(d),
    (x, [d]) => flipRef(x, d),
    [
      [[3, 4], [[0]]],
      [[3, 4], [[0, 1]]],
      [[2, 3, 4], [[-1]]],
      [[], [[]]],
      [[0, 3], [[1]]],
    ],
    { copy: true, group: 'indexing' },
  ),
  define<[number]>({
    name: 'cat',
    op: 'cat',
    group: 'movement',
    fn: (xs, [d]) => core.cat(xs, d),
    ref: (xs, [d]) => catRef(xs, d),
    dtypes: ALL,
    copy: true,
    samples: (dtype, rng) =>
      (
        [
          [
            [
              [2, 3],
              [4, 3],
            ],
            0,
          ],
          [
            [
              [2, 3],
              [2, 1],
            ],
            1,
          ],
          [
            [
              [2, 3],
              [2, 0],
              [2, 2],
            ],
            -1,
          ],
          [[[0], [2, 3]], 0],
          [[[3], [2], [1]], 0],
          [[[2, 3]], 0],
        ] as const
      ).map(([shapes, d]) => ({ inputs: shapes.map((s) => randomRef(s, dtype, 'any', rng)), args: [d] })),
  }),
  define<[number]>({
    name: 'stack',
    op: 'stack',
    group: 'movement',
    fn: (xs, [d]) => core.stack(xs, d),
    ref: (xs, [d]) => stackRef(xs, d),
    dtypes: ALL,
    copy: true,
    samples: (dtype, rng) =>
      (
        [
          [
            [
              [2, 3],
              [2, 3],
            ],
            0,
          ],
          [
            [
              [2, 3],
              [2, 3],
              [2, 3],
            ],
            2,
          ],
          [
            [
              [2, 3],
              [2, 3],
            ],
            -1,
          ],
          [[[], []], 0],
          [
            [
              [0, 2],
              [0, 2],
            ],
            1,
          ],
        ] as const
      ).map(([shapes, d]) => ({ inputs: shapes.map((s) => randomRef(s, dtype, 'any', rng)), args: [d] })),
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// Index ops.

function intRef(values: readonly number[], shape: readonly number[]): Ref {
  return refOf(values, shape, 'int32');
}

function randomIndex(shape: readonly number[], bound: number, rng: () => number): Ref {
  return fromFn(shape, 'int32', () => Math.floor(rng() * bound));
}

const INDEXING: OpInfo[] = [
  define<[number, number[]]>({
    name: 'indexSelect',
    op: 'indexSelect',
    group: 'indexing',
    fn: ([x], [d, i]) => core.indexSelect(x, d, i),
    method: ([x], [d, i]) => x.indexSelect(d, tensorOf(intRef(i, [i.length]))),
    ref: ([x], [d, i]) => indexSelectRef(x, d, i),
    dtypes: ALL,
    copy: true,
    samples: (dtype, rng) =>
      (
        [
          [[4, 3], 0, [3, 0, 0, 1]],
          [[4, 3], 1, [2]],
          [[4, 3], -1, []],
          [[5], 0, [4, 1, 0]],
          [[2, 3, 4], 1, [2, 1]],
        ] as const
      ).map(([shape, d, i]) => ({ inputs: [randomRef(shape, dtype, 'any', rng)], args: [d, [...i]] })),
  }),
  define<[number, Ref]>({
    name: 'gather',
    op: 'gather',
    group: 'indexing',
    fn: ([x], [d, i]) => core.gather(x, d, tensorOf(i)),
    method: ([x], [d, i]) => x.gather(d, tensorOf(i)),
    ref: ([x], [d, i]) => gatherRef(x, d, i),
    dtypes: ALL,
    copy: true,
    samples: (dtype, rng) => [
      { inputs: [randomRef([3, 4], dtype, 'any', rng)], args: [1, randomIndex([3, 2], 4, rng)] },
      { inputs: [randomRef([3, 4], dtype, 'any', rng)], args: [0, randomIndex([2, 4], 3, rng)] },
      { inputs: [randomRef([3, 4], dtype, 'any', rng)], args: [-1, randomIndex([2, 3], 4, rng)] },
      { inputs: [randomRef([4], dtype, 'any', rng)], args: [0, randomIndex([6], 4, rng)] },
      { inputs: [randomRef([2, 3, 4], dtype, 'any', rng)], args: [2, randomIndex([2, 3, 1], 4, rng)] },
      { inputs: [randomRef([3, 4], dtype, 'any', rng)], args: [1, intRef([], [3, 0])] },
    ],
  }),
  define<[number, Ref]>({
    name: 'scatterAdd',
    op: 'scatterAdd',
    group: 'indexing',
    fn: ([x, s], [d, i]) => core.scatterAdd(x, d, tensorOf(i), s),
    method: ([x, s], [d, i]) => x.scatterAdd(d, tensorOf(i), s),
    ref: ([x, s], [d, i]) => scatterAddRef(x, d, i, s),
    dtypes: NUMERIC,
    copy: true,
    samples: (dtype, rng) => [
      {
        inputs: [randomRef([3, 4], dtype, 'any', rng), randomRef([3, 4], dtype, 'any', rng)],
        args: [1, randomIndex([3, 4], 4, rng)],
      },
      {
        inputs: [randomRef([3, 4], dtype, 'any', rng), randomRef([5, 4], dtype, 'any', rng)],
        args: [0, randomIndex([2, 4], 3, rng)],
      },
      {
        inputs: [randomRef([4], dtype, 'any', rng), randomRef([6], dtype, 'any', rng)],
        args: [0, intRef([1, 1, 1, 0, 3, 1], [6])],
      },
    ],
  }),
  shaped(
    'diag',
    (x, [k]: [number]) => core.diag(x, k),
    (x, [k]) => x.diag(k),
    (x, [k]) => diagRef(x, k),
    [
      [[4], [0]],
      [[4], [1]],
      [[4], [-2]],
      [[3, 4], [0]],
      [[3, 4], [1]],
      [[3, 4], [-1]],
      [[0], [0]],
    ],
    { group: 'indexing' },
  ),
  shaped(
    'diagEmbed',
    (x, [o, a, b]: [number, number, number]) => core.diagEmbed(x, o, a, b),
    (x, [o, a, b]) => x.diagEmbed(o, a, b),
    (x, [o, a, b]) => diagEmbedRef(x, o, a, b),
    [
      [[3], [0, -2, -1]],
      [
        [2, 3],
        [1, -2, -1],
      ],
      [
        [2, 3],
        [-1, 0, 2],
      ],
      [
        [2, 3],
        [1, 2, 0],
      ],
      [
        [2, 0],
        [0, -2, -1],
      ],
    ],
    { group: 'indexing', copy: true },
  ),
  ...(['triu', 'tril'] as const).map((name) =>
    shaped(
      name,
      (x, [k]: [number]) => api[name](x, k),
      (x, [k]) => x[name](k),
      (x, [k]) => triangleRef(x, k, name === 'triu'),
      [
        [[4, 5], [0]],
        [[4, 5], [1]],
        [[4, 5], [-2]],
        [[2, 3, 3], [0]],
        [[0, 3], [0]],
        [[3, 3], [10]],
        [[3, 3], [-10]],
      ],
      { group: 'indexing', copy: true },
    ),
  ),
  shaped(
    'trace',
    (x) => core.trace(x),
    (x) => x.trace(),
    (x) => {
      const d = diagonalRef(x, 0, 0, 1);
      return { shape: [], dtype: sumOut(x.dtype), data: [coerce(sumValues(d.data, x.dtype), sumOut(x.dtype))] };
    },
    [
      [[3, 4], []],
      [[4, 4], []],
      [[0, 0], []],
    ],
    { group: 'indexing' },
  ),
];

// ---------------------------------------------------------------------------------------------------------------
// Products.

const MATMUL_SHAPES: readonly (readonly [readonly number[], readonly number[]])[] = [
  [
    [2, 3],
    [3, 4],
  ],
  [[3], [3]],
  [[3], [3, 4]],
  [[2, 3], [3]],
  [
    [2, 2, 3],
    [3, 4],
  ],
  [[3], [2, 3, 4]],
  [
    [2, 1, 2, 3],
    [3, 3, 2],
  ],
  [
    [0, 3],
    [3, 2],
  ],
  [
    [2, 0],
    [0, 3],
  ],
  [
    [1, 1],
    [1, 1],
  ],
  [
    [5, 7],
    [7, 6],
  ],
];

const PRODUCTS: OpInfo[] = [
  define<[]>({
    name: 'matmul',
    op: 'matmul',
    group: 'matmul',
    fn: ([a, b]) => core.matmul(a, b),
    method: ([a, b]) => a.matmul(b),
    ref: ([a, b]) => {
      if (a.dtype === 'bool' || b.dtype === 'bool') throw new Rejected();
      return matmulRef(a, b, refResultType([a, b]));
    },
    dtypes: NUMERIC,
    rejects: ['bool'],
    mixed: {
      shapes: [
        [
          [2, 3],
          [3, 2],
        ],
        [[3], [3]],
      ],
      kinds: ['small', 'small'],
    },
    samples: (dtype, rng) =>
      MATMUL_SHAPES.map(([sa, sb]) => ({
        inputs: [randomRef(sa, dtype, 'small', rng), randomRef(sb, dtype, 'any', rng)],
        args: [],
      })),
  }),
  define<[]>({
    name: 'dot',
    op: 'dot',
    group: 'matmul',
    fn: ([a, b]) => core.dot(a, b),
    method: ([a, b]) => a.dot(b),
    ref: ([a, b]) => {
      if (a.dtype === 'bool' || b.dtype === 'bool') throw new Rejected();
      return matmulRef(a, b, refResultType([a, b]));
    },
    dtypes: NUMERIC,
    rejects: ['bool'],
    samples: (dtype, rng) =>
      [[5], [0], [1], [17]].map((s) => ({
        inputs: [randomRef(s, dtype, 'any', rng), randomRef(s, dtype, 'any', rng)],
        args: [],
      })),
  }),
  define<[]>({
    name: 'outer',
    op: 'outer',
    group: 'matmul',
    fn: ([a, b]) => core.outer(a, b),
    method: ([a, b]) => a.outer(b),
    ref: ([a, b]) => {
      const dtype = refResultType([a, b]);
      return fromFn([a.shape[0], b.shape[0]], dtype, ([i, j]) => {
        const x = coerce(get(a, [i]), dtype);
        const y = coerce(get(b, [j]), dtype);
        if (isComplexDtype(dtype)) return fromMath(math.multiply(cx(x), cx(y)));
        if (dtype === 'bool') return Boolean(x) && Boolean(y);
        if (dtype === 'int32') return Math.imul(x as number, y as number);
        return (x as number) * (y as number);
      });
    },
    dtypes: ALL,
    samples: (dtype, rng) =>
      (
        [
          [[3], [4]],
          [[0], [2]],
          [[1], [1]],
        ] as const
      ).map(([sa, sb]) => ({ inputs: [randomRef(sa, dtype, 'any', rng), randomRef(sb, dtype, 'any', rng)], args: [] })),
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// Complex views, construction and casts.

const COMPLEX_OPS: OpInfo[] = [
  shaped(
    'real',
    (x) => core.real(x),
    (x) => x.real,
    realRef,
    UNARY_SHAPES.map((s) => [s, []] as const),
    {
      group: 'complex',
      view: 'always',
    },
  ),
  define<[]>({
    name: 'imag',
    op: 'imag',
    group: 'complex',
    fn: ([x]) => core.imag(x),
    method: ([x]) => x.imag,
    ref: ([x]) => imagRef(x),
    dtypes: COMPLEX,
    rejects: REAL,
    view: 'always',
    samples: (dtype, rng) => UNARY_SHAPES.map((s) => ({ inputs: [randomRef(s, dtype, 'any', rng)], args: [] })),
  }),
  define<[]>({
    name: 'complex',
    op: 'complex',
    group: 'complex',
    fn: ([re, im]) => core.complex(re, im),
    ref: ([re, im]) => {
      if (re.dtype !== 'float32' && re.dtype !== 'float64') throw new Rejected();
      return mapRefs([re, im], re.dtype === 'float64' ? 'complex128' : 'complex64', ([a, b]) => ({
        re: asNumber(a),
        im: asNumber(b),
      }));
    },
    dtypes: FLOAT,
    rejects: ['int32', 'bool', 'complex64', 'complex128'],
    samples: (dtype, rng) =>
      (
        [
          [
            [3, 4],
            [3, 4],
          ],
          [[3, 1], [4]],
          [[], [2]],
          [[], []],
          [[0, 2], [2]],
        ] as const
      ).map(([sa, sb]) => ({ inputs: [randomRef(sa, dtype, 'any', rng), randomRef(sb, dtype, 'any', rng)], args: [] })),
  }),
  define<[DType]>({
    name: 'to',
    op: 'to',
    group: 'complex',
    fn: ([x], [d]) => core.cast(x, d),
    method: ([x], [d]) => x.to(d),
    ref: ([x], [d]) => castRef(x, d),
    dtypes: ALL,
    samples: (dtype, rng) =>
      ALL.flatMap((target) =>
        [[], [5], [3, 4]].map((s) => ({ inputs: [randomRef(s, dtype, 'any', rng)], args: [target] as [DType] })),
      ),
  }),
];

/** Every entry of the table. */
export const OPS: readonly OpInfo[] = [
  ...UNARY,
  ...COMPOSITE_UNARY,
  ...BINARY,
  ...ALPHA,
  ...COMPARISONS,
  WHERE,
  ...CLAMP,
  ...SOFTMAX,
  ...REDUCTIONS,
  ...MOVEMENT,
  ...INDEXING,
  ...PRODUCTS,
  ...COMPLEX_OPS,
];

/** The entries of some groups. */
export function opsIn(...groups: Group[]): OpInfo[] {
  return OPS.filter((o) => groups.includes(o.group));
}
