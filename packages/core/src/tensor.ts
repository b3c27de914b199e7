/**
 * The Tensor: a strided view (shape, strides, offset — in elements) over a typed-array storage, plus the autograd
 * fields the tape fills in. Methods are thin forms of the op functions.
 */

import type { ComplexLike, DType, Storage } from './dtype';
import type { Accumulated, FloatOf, ItemOf, Promote, RealOf, WithOperand } from './dtype-types';
import { formatTensor } from './format';
import type { ValuesIndices } from './named-tuple';
import * as X from './ops/complex';
import * as C from './ops/composite';
import * as Z from './ops/discrete';
import * as E from './ops/elementwise';
import * as I from './ops/indexing';
import * as U from './ops/inplace';
import * as K from './ops/masking';
import * as L from './ops/matmul';
import * as M from './ops/movement';
import { tensorNorm } from './ops/norm';
import * as W from './ops/pointwise-composite';
import * as R from './ops/reduce';
import * as P from './ops/sampling';
import * as N from './ops/scan';
import * as S from './ops/sorting';
import * as F from './ops/special';
import * as Q from './ops/tensordot';
import { brandClass, brandedHasInstance } from './shared-state';
import { TensorViews } from './tensor-views';

/** Anything accepted where a tensor operand is expected: a tensor or a JS scalar. */
export type TensorLike = Tensor | number | boolean | ComplexLike;
/** Nested arrays as returned by {@link Tensor.toArray}. */
export type NestedArray = number | boolean | ComplexLike | NestedArray[];
/** A gradient hook: may return a replacement gradient. */
export type GradHook = (grad: Tensor) => Tensor | undefined;

/**
 * An n-dimensional array with autograd: a strided view over typed-array storage (shared by views), a dtype, and the
 * autograd fields (`requiresGrad`, `grad`, `gradFn`). Create tensors with {@link tensor} and the creation functions.
 * `D` is the set of dtypes the tensor may have (`Tensor` alone: any), inferred by the creation functions and carried
 * through the methods, so that `item()` of a real tensor is typed `number` (see dtype-types.ts).
 * @example
 * ```ts
 * const x = tensor([[1, 2], [3, 4]], { dtype: 'float64', requiresGrad: true });
 * x.matmul(x).sum().backward(); // x.grad is now set
 * ```
 */
export class Tensor<D extends DType = DType> extends TensorViews<D> {
  /**
   * `x instanceof Tensor` is also true for a tensor made by another loaded copy of tapegrad (the ESM and the CommonJS
   * build in one process), recognised by a `Symbol.for` brand.
   * @example `tensor([1]) instanceof Tensor; // true`
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof (a subclass asks about itself).
    return brandedHasInstance(this, value);
  }

  // ---- conversion ----
  /** Nested arrays of numbers (booleans for bool, `{ re, im }` objects for complex). */
  toArray(): NestedArray {
    return X.toNested(this);
  }
  /** The value of a one-element tensor. */
  item(): ItemOf<D> {
    return X.item(this) as ItemOf<D>;
  }
  /** A contiguous copy of the data (complex: interleaved re, im). */
  toTypedArray(): Storage {
    return X.toTypedArray(this);
  }
  /** Converts to `dtype` (a new tensor; differentiable between floating dtypes). */
  to<E extends DType>(dtype: E): Tensor<E> {
    return X.cast(this, dtype) as Tensor<E>;
  }
  /** `to('float64')`. */
  double(): Tensor<'float64'> {
    return X.cast(this, 'float64') as Tensor<'float64'>;
  }
  /** `to('float32')`. */
  float(): Tensor<'float32'> {
    return X.cast(this, 'float32') as Tensor<'float32'>;
  }
  /** A tensor sharing storage, cut from the graph. */
  detach(): Tensor<D> {
    return new Tensor(this.storage, this.dtype, this.shape, this.strides, this.offset) as Tensor<D>;
  }
  /** A contiguous copy (differentiable). */
  clone(): Tensor<D> {
    return M.clone(this) as Tensor<D>;
  }
  /** This tensor if already contiguous, else a contiguous copy. */
  contiguous(): Tensor<D> {
    return M.contiguous(this) as Tensor<D>;
  }
  /** A readable rendering, like torch's repr: `tensor([1., 2.], dtype=float64)`. */
  override toString(): string {
    return formatTensor(this);
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatTensor(this);
  }

  // ---- sorting and masks ----
  /** Stable sort along `dim`: `{ values, indices }` / `[values, indices]`. */
  sort(dim = -1, descending = false): ValuesIndices {
    return S.sort(this, dim, descending);
  }
  /** The indices that sort along `dim` (stable). */
  argsort(dim = -1, descending = false): Tensor<'int32'> {
    return S.argsort(this, dim, descending) as Tensor<'int32'>;
  }
  /** The `k` largest (or smallest) entries along `dim`: `{ values, indices }` / `[values, indices]`. */
  topk(k: number, dim = -1, largest = true, sorted = true): ValuesIndices {
    return S.topk(this, k, dim, largest, sorted);
  }
  /** `value` where `mask` is true, this elsewhere. */
  maskedFill(mask: Tensor, value: number | boolean | ComplexLike | Tensor): Tensor<D> {
    return K.maskedFill(this, mask, value) as Tensor<D>;
  }
  /** The entries where `mask` is true, as a 1-D tensor. */
  maskedSelect(mask: Tensor): Tensor<D> {
    return K.maskedSelect(this, mask) as Tensor<D>;
  }
  /** NaN, +∞, −∞ replaced by finite values. */
  nanToNum(opts?: K.NanToNumOptions): Tensor<D> {
    return K.nanToNum(this, opts) as Tensor<D>;
  }
  /** Category indices drawn from the weights in this 1-D or 2-D tensor. */
  multinomial(numSamples: number, opts?: { replacement?: boolean }): Tensor<'int32'> {
    return P.multinomial(this, numSamples, opts) as Tensor<'int32'>;
  }

  // ---- indexing ----
  /** Entries along `dim` picked by a 1-D index. */
  indexSelect(dim: number, index: Tensor | readonly number[]): Tensor<D> {
    return I.indexSelect(this, dim, index) as Tensor<D>;
  }
  /** Entries along `dim` picked elementwise by `index` (torch.gather). */
  gather(dim: number, index: Tensor): Tensor<D> {
    return I.gather(this, dim, index) as Tensor<D>;
  }
  /** A copy with `src` added at the positions `index` names along `dim`. */
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor {
    return I.scatterAdd(this, dim, index, src);
  }
  /** 1-D: a matrix with this on a diagonal; 2-D: that diagonal. */
  diag(diagonal = 0): Tensor<D> {
    return I.diag(this, diagonal) as Tensor<D>;
  }
  /** A tensor whose planes (dim1, dim2) have the last dim of this on a diagonal. */
  diagEmbed(offset = 0, dim1 = -2, dim2 = -1): Tensor<D> {
    return I.diagEmbed(this, offset, dim1, dim2) as Tensor<D>;
  }
  /** Upper triangle (j − i ≥ diagonal) of the last two dims. */
  triu(diagonal = 0): Tensor<D> {
    return I.triu(this, diagonal) as Tensor<D>;
  }
  /** Lower triangle (j − i ≤ diagonal) of the last two dims. */
  tril(diagonal = 0): Tensor<D> {
    return I.tril(this, diagonal) as Tensor<D>;
  }
  /** Sum of the main diagonal of a 2-D tensor. */
  trace(): Tensor<Accumulated<D>> {
    return C.trace(this) as Tensor<Accumulated<D>>;
  }

  // ---- elementwise ----
  /** this + alpha·other, broadcasting, with PyTorch's type promotion. */
  add<O extends TensorLike>(other: O, opts?: { alpha?: number }): Tensor<WithOperand<D, O>> {
    return E.add(this, other, opts) as Tensor<WithOperand<D, O>>;
  }
  /** this − alpha·other. */
  sub<O extends TensorLike>(other: O, opts?: { alpha?: number }): Tensor<WithOperand<D, O>> {
    return E.sub(this, other, opts) as Tensor<WithOperand<D, O>>;
  }
  /** Elementwise product. */
  mul<O extends TensorLike>(other: O): Tensor<WithOperand<D, O>> {
    return E.mul(this, other) as Tensor<WithOperand<D, O>>;
  }
  /** True division (integer inputs give the default float dtype). */
  div<O extends TensorLike>(other: O): Tensor<FloatOf<WithOperand<D, O>>> {
    return E.div(this, other) as Tensor<FloatOf<WithOperand<D, O>>>;
  }
  /** √(this² + other²) without overflow (real). */
  hypot<O extends TensorLike>(other: O): Tensor<FloatOf<WithOperand<D, O>>> {
    return E.hypot(this, other) as Tensor<FloatOf<WithOperand<D, O>>>;
  }
  /** Remainder with the sign of this (C's fmod; real). */
  fmod<O extends TensorLike>(other: O): Tensor<WithOperand<D, O>> {
    return E.fmod(this, other) as Tensor<WithOperand<D, O>>;
  }
  /** Remainder with the sign of the divisor (Python's %; real). */
  remainder<O extends TensorLike>(other: O): Tensor<WithOperand<D, O>> {
    return E.remainder(this, other) as Tensor<WithOperand<D, O>>;
  }
  /** this + weight·(end − this). */
  lerp<E extends DType>(end: Tensor<E>, weight: TensorLike): Tensor<Promote<D, E>> {
    return W.lerp(this, end, weight) as Tensor<Promote<D, E>>;
  }
  /** this + value·t1·t2. */
  addcmul(t1: Tensor, t2: Tensor, opts?: { value?: number }): Tensor {
    return W.addcmul(this, t1, t2, opts);
  }
  /** this + value·t1/t2. */
  addcdiv(t1: Tensor, t2: Tensor, opts?: { value?: number }): Tensor {
    return W.addcdiv(this, t1, t2, opts);
  }
  /** log(eᵗʰⁱˢ + eᵒᵗʰᵉʳ) without overflow (real). */
  logaddexp<E extends DType>(other: Tensor<E>): Tensor<FloatOf<Promote<D, E>>> {
    return W.logaddexp(this, other) as Tensor<FloatOf<Promote<D, E>>>;
  }
  /** log(p/(1 − p)), p clamped to [eps, 1 − eps] when eps is given. */
  logit(eps?: number | null): Tensor<FloatOf<D>> {
    return W.logit(this, eps) as Tensor<FloatOf<D>>;
  }
  /** this·log(other), 0 where this is 0 (and other is not NaN). */
  xlogy<O extends TensorLike>(other: O): Tensor<FloatOf<WithOperand<D, O>>> {
    return F.xlogy(this, other) as Tensor<FloatOf<WithOperand<D, O>>>;
  }
  /** The inverse error function (real). */
  erfinv(): Tensor<FloatOf<D>> {
    return E.erfinv(this) as Tensor<FloatOf<D>>;
  }
  /** log|Γ(this)| (real). */
  lgamma(): Tensor<FloatOf<D>> {
    return E.lgamma(this) as Tensor<FloatOf<D>>;
  }
  /** ψ(this) = Γ′/Γ (real). */
  digamma(): Tensor<FloatOf<D>> {
    return F.digamma(this) as Tensor<FloatOf<D>>;
  }
  /** ψ⁽ⁿ⁾(this), the n-th derivative of digamma (real). */
  polygamma(n: number): Tensor<FloatOf<D>> {
    return F.polygamma(n, this) as Tensor<FloatOf<D>>;
  }
  /** this ** exponent (principal branch for complex). */
  pow<O extends TensorLike>(exponent: O): Tensor<Accumulated<WithOperand<D, O>>> {
    return E.pow(this, exponent) as Tensor<Accumulated<WithOperand<D, O>>>;
  }
  /** −this. */
  neg(): Tensor<D> {
    return E.neg(this) as Tensor<D>;
  }
  /** this·this (for complex z², not |z|²). */
  square(): Tensor<D> {
    return C.square(this) as Tensor<D>;
  }
  /** Square root. */
  sqrt(): Tensor<FloatOf<D>> {
    return E.sqrt(this) as Tensor<FloatOf<D>>;
  }
  /** 1/√this. */
  rsqrt(): Tensor<FloatOf<D>> {
    return C.rsqrt(this) as Tensor<FloatOf<D>>;
  }
  /** eˣ. */
  exp(): Tensor<FloatOf<D>> {
    return E.exp(this) as Tensor<FloatOf<D>>;
  }
  /** Natural logarithm. */
  log(): Tensor<FloatOf<D>> {
    return E.log(this) as Tensor<FloatOf<D>>;
  }
  /** log(1 + x), accurate for small x. */
  log1p(): Tensor<FloatOf<D>> {
    return E.log1p(this) as Tensor<FloatOf<D>>;
  }
  /** eˣ − 1, accurate for small x. */
  expm1(): Tensor<FloatOf<D>> {
    return E.expm1(this) as Tensor<FloatOf<D>>;
  }
  /** Base-2 logarithm. */
  log2(): Tensor<FloatOf<D>> {
    return E.log2(this) as Tensor<FloatOf<D>>;
  }
  /** Base-10 logarithm. */
  log10(): Tensor<FloatOf<D>> {
    return E.log10(this) as Tensor<FloatOf<D>>;
  }
  /** |x| (the modulus, as a real tensor, for complex). */
  abs(): Tensor<RealOf<D>> {
    return E.abs(this) as Tensor<RealOf<D>>;
  }
  /** −1, 0 or 1 for reals; z/|z| for complex. */
  sign(): Tensor<D> {
    return E.sign(this) as Tensor<D>;
  }
  /** z/|z| for complex (the sign for reals), as torch.sgn. */
  sgn(): Tensor<D> {
    return E.sign(this) as Tensor<D>;
  }
  /** Complex conjugate (this tensor itself when real). */
  conj(): Tensor<D> {
    return E.conj(this) as Tensor<D>;
  }
  /** Argument of complex numbers (0 or π for reals). */
  angle(): Tensor<RealOf<FloatOf<D>>> {
    return E.angle(this) as Tensor<RealOf<FloatOf<D>>>;
  }
  /** 1/x. */
  reciprocal(): Tensor<FloatOf<D>> {
    return C.reciprocal(this) as Tensor<FloatOf<D>>;
  }
  /** Elementwise maximum (NaN propagates). */
  maximum<O extends TensorLike>(other: O): Tensor<WithOperand<D, O>> {
    return E.maximum(this, other) as Tensor<WithOperand<D, O>>;
  }
  /** Elementwise minimum (NaN propagates). */
  minimum<O extends TensorLike>(other: O): Tensor<WithOperand<D, O>> {
    return E.minimum(this, other) as Tensor<WithOperand<D, O>>;
  }
  /** Clamps into [min, max]; either bound may be omitted. */
  clamp<O extends TensorLike>(min?: O | null, max?: O | null): Tensor<WithOperand<D, O>> {
    return C.clamp(this, min, max) as Tensor<WithOperand<D, O>>;
  }
  /** Sine. */
  sin(): Tensor<FloatOf<D>> {
    return E.sin(this) as Tensor<FloatOf<D>>;
  }
  /** Cosine. */
  cos(): Tensor<FloatOf<D>> {
    return E.cos(this) as Tensor<FloatOf<D>>;
  }
  /** Hyperbolic tangent. */
  tanh(): Tensor<FloatOf<D>> {
    return E.tanh(this) as Tensor<FloatOf<D>>;
  }
  /** 1/(1 + e⁻ˣ). */
  sigmoid(): Tensor<FloatOf<D>> {
    return E.sigmoid(this) as Tensor<FloatOf<D>>;
  }
  /** max(x, 0). */
  relu(): Tensor<D> {
    return E.relu(this) as Tensor<D>;
  }
  /** Gauss error function. */
  erf(): Tensor<FloatOf<D>> {
    return E.erf(this) as Tensor<FloatOf<D>>;
  }
  /** Largest integer ≤ x (zero gradient). */
  floor(): Tensor<D> {
    return E.floor(this) as Tensor<D>;
  }
  /** Smallest integer ≥ x (zero gradient). */
  ceil(): Tensor<D> {
    return E.ceil(this) as Tensor<D>;
  }
  /** x rounded toward zero (zero gradient). */
  trunc(): Tensor<D> {
    return E.trunc(this) as Tensor<D>;
  }
  /** Rounds half to even, or to `decimals` places (zero gradient). */
  round(opts?: { decimals?: number }): Tensor<D> {
    return E.round(this, opts) as Tensor<D>;
  }
  /** The fractional part x − trunc(x). */
  frac(): Tensor<D> {
    return E.frac(this) as Tensor<D>;
  }
  /** Tangent. */
  tan(): Tensor<FloatOf<D>> {
    return E.tan(this) as Tensor<FloatOf<D>>;
  }
  /** Arcsine. */
  asin(): Tensor<FloatOf<D>> {
    return E.asin(this) as Tensor<FloatOf<D>>;
  }
  /** Arccosine. */
  acos(): Tensor<FloatOf<D>> {
    return E.acos(this) as Tensor<FloatOf<D>>;
  }
  /** Arctangent. */
  atan(): Tensor<FloatOf<D>> {
    return E.atan(this) as Tensor<FloatOf<D>>;
  }
  /** Hyperbolic sine. */
  sinh(): Tensor<FloatOf<D>> {
    return E.sinh(this) as Tensor<FloatOf<D>>;
  }
  /** Hyperbolic cosine. */
  cosh(): Tensor<FloatOf<D>> {
    return E.cosh(this) as Tensor<FloatOf<D>>;
  }
  /** Inverse hyperbolic sine. */
  asinh(): Tensor<FloatOf<D>> {
    return E.asinh(this) as Tensor<FloatOf<D>>;
  }
  /** Inverse hyperbolic cosine. */
  acosh(): Tensor<FloatOf<D>> {
    return E.acosh(this) as Tensor<FloatOf<D>>;
  }
  /** Inverse hyperbolic tangent. */
  atanh(): Tensor<FloatOf<D>> {
    return E.atanh(this) as Tensor<FloatOf<D>>;
  }
  /** GELU (exact erf form, or the tanh approximation). */
  gelu(opts?: { approximate?: 'none' | 'tanh' }): Tensor<FloatOf<D>> {
    return C.gelu(this, opts) as Tensor<FloatOf<D>>;
  }
  /** log(1 + e^(βx))/β, linear above `threshold`. */
  softplus(opts?: { beta?: number; threshold?: number }): Tensor<FloatOf<D>> {
    return C.softplus(this, opts) as Tensor<FloatOf<D>>;
  }
  /** Softmax along `dim`. */
  softmax(dim: number): Tensor<FloatOf<D>> {
    return C.softmax(this, dim) as Tensor<FloatOf<D>>;
  }
  /** log(softmax(x)) along `dim`, computed stably. */
  logSoftmax(dim: number): Tensor<FloatOf<D>> {
    return C.logSoftmax(this, dim) as Tensor<FloatOf<D>>;
  }
  /** log Σ exp(x) over dims, computed stably. */
  logsumexp(dim?: number | readonly number[], keepdim = false): Tensor<FloatOf<D>> {
    return C.logsumexp(this, dim, keepdim) as Tensor<FloatOf<D>>;
  }
  /** `condition ? this : other`, broadcasting. */
  where<O extends TensorLike>(condition: Tensor, other: O): Tensor<WithOperand<D, O>> {
    return E.where(condition, this, other) as Tensor<WithOperand<D, O>>;
  }

  // ---- in place (recorded on the tape when grad is involved; see ops/inplace.ts) ----
  /** In place: this += alpha·other. Returns this. */
  add_(other: TensorLike, opts?: { alpha?: number }): this {
    U.add_(this, other, opts);
    return this;
  }
  /** In place: this −= alpha·other. Returns this. */
  sub_(other: TensorLike, opts?: { alpha?: number }): this {
    U.sub_(this, other, opts);
    return this;
  }
  /** In place: this ·= other. Returns this. */
  mul_(other: TensorLike): this {
    U.mul_(this, other);
    return this;
  }
  /** In place: this /= other. Returns this. */
  div_(other: TensorLike): this {
    U.div_(this, other);
    return this;
  }
  /** In place: clamps into [min, max]. Returns this. */
  clamp_(min?: TensorLike | null, max?: TensorLike | null): this {
    U.clamp_(this, min, max);
    return this;
  }
  /** In place: every element becomes `value`. Returns this. */
  fill_(value: number | boolean | ComplexLike | Tensor): this {
    U.fill_(this, value);
    return this;
  }
  /** In place: zeros. Returns this. */
  zero_(): this {
    U.zero_(this);
    return this;
  }
  /** In place: copies `src` (broadcast to this shape, converted to this dtype). Returns this. */
  copy_(src: Tensor): this {
    U.copy_(this, src);
    return this;
  }
  /** In place: `value` where `mask` is true. Returns this. */
  maskedFill_(mask: Tensor, value: number | boolean | ComplexLike | Tensor): this {
    U.maskedFill_(this, mask, value);
    return this;
  }
  /** In place: normal samples (seeded by manualSeed). Returns this. */
  normal_(mean = 0, std = 1): this {
    U.normal_(this, mean, std);
    return this;
  }
  /** In place: uniform samples in [from, to). Returns this. */
  uniform_(from = 0, to = 1): this {
    U.uniform_(this, from, to);
    return this;
  }

  // ---- comparison ----
  /** Elementwise ==, as a bool tensor. */
  eq(other: TensorLike): Tensor<'bool'> {
    return E.eq(this, other) as Tensor<'bool'>;
  }
  /** Elementwise !=, as a bool tensor. */
  ne(other: TensorLike): Tensor<'bool'> {
    return E.ne(this, other) as Tensor<'bool'>;
  }
  /** Elementwise <, as a bool tensor. */
  lt(other: TensorLike): Tensor<'bool'> {
    return E.lt(this, other) as Tensor<'bool'>;
  }
  /** Elementwise <=, as a bool tensor. */
  le(other: TensorLike): Tensor<'bool'> {
    return E.le(this, other) as Tensor<'bool'>;
  }
  /** Elementwise >, as a bool tensor. */
  gt(other: TensorLike): Tensor<'bool'> {
    return E.gt(this, other) as Tensor<'bool'>;
  }
  /** Elementwise >=, as a bool tensor. */
  ge(other: TensorLike): Tensor<'bool'> {
    return E.ge(this, other) as Tensor<'bool'>;
  }
  /** Whether each element is finite, as a bool tensor. */
  isfinite(): Tensor<'bool'> {
    return E.isfinite(this) as Tensor<'bool'>;
  }
  /** Whether each element is NaN, as a bool tensor. */
  isnan(): Tensor<'bool'> {
    return E.isnan(this) as Tensor<'bool'>;
  }
  /** Whether each element is +∞ or −∞, as a bool tensor. */
  isinf(): Tensor<'bool'> {
    return E.isinf(this) as Tensor<'bool'>;
  }
  /** Whether each element is +∞, as a bool tensor. */
  isposinf(): Tensor<'bool'> {
    return E.isposinf(this) as Tensor<'bool'>;
  }
  /** Whether each element is −∞, as a bool tensor. */
  isneginf(): Tensor<'bool'> {
    return E.isneginf(this) as Tensor<'bool'>;
  }
  /** Whether every element is close to `other` (rtol 1e-5, atol 1e-8 by default). */
  allclose(other: TensorLike, opts?: { rtol?: number; atol?: number; equalNan?: boolean }): boolean {
    return C.allclose(this, other, opts);
  }

  // ---- reductions ----
  /** Sum over `dim` (all dims by default). */
  sum(dim?: number | readonly number[] | null, keepdim = false): Tensor<Accumulated<D>> {
    return R.sum(this, dim, keepdim) as Tensor<Accumulated<D>>;
  }
  /** Mean over `dim` (all dims by default). */
  mean(dim?: number | readonly number[] | null, keepdim = false): Tensor<D> {
    return R.mean(this, dim, keepdim) as Tensor<D>;
  }
  /** Product over one dim (or all). */
  prod(dim?: number | null, keepdim = false): Tensor<Accumulated<D>> {
    return R.prod(this, dim, keepdim) as Tensor<Accumulated<D>>;
  }
  /** The maximum element, or `{ values, indices }` along `dim`. */
  max(): Tensor<D>;
  max(dim: number, keepdim?: boolean): ValuesIndices;
  max(dim?: number, keepdim = false): Tensor<D> | ValuesIndices {
    return dim === undefined ? (R.max(this) as Tensor<D>) : R.max(this, dim, keepdim);
  }
  /** The minimum element, or `{ values, indices }` along `dim`. */
  min(): Tensor<D>;
  min(dim: number, keepdim?: boolean): ValuesIndices;
  min(dim?: number, keepdim = false): Tensor<D> | ValuesIndices {
    return dim === undefined ? (R.min(this) as Tensor<D>) : R.min(this, dim, keepdim);
  }
  /** Maximum over dims (the gradient is shared among ties). */
  amax(dim?: number | readonly number[] | null, keepdim = false): Tensor<D> {
    return R.amax(this, dim, keepdim) as Tensor<D>;
  }
  /** Minimum over dims (the gradient is shared among ties). */
  amin(dim?: number | readonly number[] | null, keepdim = false): Tensor<D> {
    return R.amin(this, dim, keepdim) as Tensor<D>;
  }
  /** Index of the maximum (flat without `dim`). */
  argmax(dim?: number | null, keepdim = false): Tensor<'int32'> {
    return R.argmax(this, dim, keepdim) as Tensor<'int32'>;
  }
  /** Index of the minimum (flat without `dim`). */
  argmin(dim?: number | null, keepdim = false): Tensor<'int32'> {
    return R.argmin(this, dim, keepdim) as Tensor<'int32'>;
  }
  /** The k-th smallest element along `dim` and its index, `{ values, indices }`. */
  kthvalue(k: number, dim = -1, keepdim = false): ValuesIndices {
    return S.kthvalue(this, k, dim, keepdim);
  }
  /** The lower median of all elements, or `{ values, indices }` along `dim`. */
  median(): Tensor<D>;
  median(dim: number, keepdim?: boolean): ValuesIndices;
  median(dim?: number, keepdim = false): Tensor<D> | ValuesIndices {
    return dim === undefined ? (S.median(this) as Tensor<D>) : S.median(this, dim, keepdim);
  }
  /** Cumulative sum along `dim`. */
  cumsum(dim: number): Tensor<Accumulated<D>> {
    return N.cumsum(this, dim) as Tensor<Accumulated<D>>;
  }
  /** Cumulative product along `dim`. */
  cumprod(dim: number): Tensor<Accumulated<D>> {
    return N.cumprod(this, dim) as Tensor<Accumulated<D>>;
  }
  /** Whether every element (over `dim`) is non-zero, as a bool tensor. */
  all(dim?: number | readonly number[] | null, keepdim = false): Tensor<'bool'> {
    return R.all(this, dim, keepdim) as Tensor<'bool'>;
  }
  /** Whether some element (over `dim`) is non-zero, as a bool tensor. */
  any(dim?: number | readonly number[] | null, keepdim = false): Tensor<'bool'> {
    return R.any(this, dim, keepdim) as Tensor<'bool'>;
  }
  /** Variance (Bessel-corrected by default). */
  var(
    dim?: number | readonly number[] | null,
    opts?: { correction?: number; keepdim?: boolean },
  ): Tensor<RealOf<FloatOf<D>>> {
    return R.variance(this, dim, opts) as Tensor<RealOf<FloatOf<D>>>;
  }
  /** Standard deviation (Bessel-corrected by default). */
  std(
    dim?: number | readonly number[] | null,
    opts?: { correction?: number; keepdim?: boolean },
  ): Tensor<RealOf<FloatOf<D>>> {
    return R.std(this, dim, opts) as Tensor<RealOf<FloatOf<D>>>;
  }
  /**
   * The p-norm over `dim` (torch.Tensor.norm): p = 'fro' or 2 by default, any number incl. ±Infinity and 0; every
   * element when `dim` is omitted. @example `tensor([[3, 4], [6, 8]]).norm(2, 1).toArray(); // [5, 10]`
   */
  norm(
    p: number | 'fro' = 'fro',
    dim?: number | readonly number[] | null,
    keepdim = false,
  ): Tensor<RealOf<FloatOf<D>>> {
    return tensorNorm(this, p, dim, keepdim) as Tensor<RealOf<FloatOf<D>>>;
  }

  /** Counts of each non-negative int32 value (or sums of `weights`). */
  bincount(opts?: Z.BincountOptions): Tensor {
    return Z.bincount(this, opts);
  }
  /** Indices of the non-zero elements: [count, ndim] int32, or one index tensor per dim with `asTuple`. */
  nonzero(opts?: { asTuple?: false }): Tensor<'int32'>;
  nonzero(opts: { asTuple: true }): Tensor<'int32'>[];
  nonzero(opts?: { asTuple?: boolean }): Tensor | Tensor[] {
    return Z.nonzero(this, opts);
  }
  /** The sorted unique elements (or slices along `dim`), with inverse indices and counts on request. */
  unique(opts: Z.UniqueOptions & ({ returnInverse: true } | { returnCounts: true })): Z.UniqueResult;
  unique(opts?: Z.UniqueOptions & { returnInverse?: false; returnCounts?: false }): Tensor<D>;
  unique(opts?: Z.UniqueOptions): Tensor<D> | Z.UniqueResult;
  unique(opts?: Z.UniqueOptions): Tensor | Z.UniqueResult {
    return Z.unique(this, opts);
  }

  // ---- products ----
  /** Matrix product with PyTorch's rules (1-D promotion, broadcast batch dims). */
  matmul<E extends DType>(other: Tensor<E>): Tensor<Promote<D, E>> {
    return L.matmul(this, other) as Tensor<Promote<D, E>>;
  }
  /** Matrix product of two 2-D tensors. */
  mm<E extends DType>(other: Tensor<E>): Tensor<Promote<D, E>> {
    return L.mm(this, other) as Tensor<Promote<D, E>>;
  }
  /** Batched matrix product of two 3-D tensors. */
  bmm<E extends DType>(other: Tensor<E>): Tensor<Promote<D, E>> {
    return L.bmm(this, other) as Tensor<Promote<D, E>>;
  }
  /** Matrix–vector product. */
  mv<E extends DType>(vec: Tensor<E>): Tensor<Promote<D, E>> {
    return L.mv(this, vec) as Tensor<Promote<D, E>>;
  }
  /** Inner product of two 1-D tensors. */
  dot<E extends DType>(other: Tensor<E>): Tensor<Promote<D, E>> {
    return L.dot(this, other) as Tensor<Promote<D, E>>;
  }
  /** The Kronecker product with `other`. */
  kron<E extends DType>(other: Tensor<E>): Tensor<Promote<D, E>> {
    return Q.kron(this, other) as Tensor<Promote<D, E>>;
  }
  /** Outer product of two 1-D tensors. */
  outer<E extends DType>(other: Tensor<E>): Tensor<Promote<D, E>> {
    return L.outer(this, other) as Tensor<Promote<D, E>>;
  }
}
brandClass(Tensor, 'Tensor');
