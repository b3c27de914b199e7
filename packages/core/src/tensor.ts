/**
 * The Tensor: a strided view (shape, strides, offset — in elements) over a typed-array storage, plus the autograd
 * fields the tape fills in. Methods are thin forms of the op functions.
 */

import { describeValue } from './describe';
import type { BackwardOptions, GradNode } from './dispatch';
import { getTapeHook } from './dispatch';
import type { ComplexLike, DType, Storage } from './dtype';
import { isComplex, isFloating } from './dtype';
import { AutogradError, DtypeError, ShapeError } from './errors';
import { formatTensor } from './format';
import { refreshHistory, tick } from './history';
import type { ValuesIndices } from './named-tuple';
import * as X from './ops/complex';
import * as C from './ops/composite';
import * as E from './ops/elementwise';
import * as I from './ops/indexing';
import * as U from './ops/inplace';
import * as K from './ops/masking';
import * as L from './ops/matmul';
import * as M from './ops/movement';
import { tensorNorm } from './ops/norm';
import * as R from './ops/reduce';
import * as P from './ops/sampling';
import * as N from './ops/scan';
import * as S from './ops/sorting';
import * as G from './ops/tiling';
import { isContiguous, sizeOf } from './shape';
import { brandClass, brandedHasInstance } from './shared-state';

/** Anything accepted where a tensor operand is expected: a tensor or a JS scalar. */
export type TensorLike = Tensor | number | boolean | ComplexLike;
/** Nested arrays as returned by {@link Tensor.toArray}. */
export type NestedArray = number | boolean | ComplexLike | NestedArray[];
/** A gradient hook: may return a replacement gradient. */
export type GradHook = (grad: Tensor) => Tensor | undefined;

/** `x` when it has at least 2 dims (mT, mH act on matrices or batches of matrices). */
function requireMatrix(op: string, x: Tensor): Tensor {
  if (x.ndim < 2) {
    throw new ShapeError(
      `Tensor.${op}: expected a tensor with at least 2 dimensions, got ${x.dtype} tensor of shape [${x.shape.join(', ')}]`,
    );
  }
  return x;
}

/**
 * An n-dimensional array with autograd: a strided view over typed-array storage (shared by views), a dtype, and the
 * autograd fields (`requiresGrad`, `grad`, `gradFn`). Create tensors with {@link tensor} and the creation functions.
 * @example
 * ```ts
 * const x = tensor([[1, 2], [3, 4]], { dtype: 'float64', requiresGrad: true });
 * x.matmul(x).sum().backward(); // x.grad is now set
 * ```
 */
export class Tensor {
  /** Sizes of each dimension. */
  readonly shape: readonly number[];
  /** Element strides of each dimension (complex: in complex elements). @internal for kernels and packages. */
  readonly strides: readonly number[];
  /** Element offset into the storage (complex: in complex elements). */
  readonly offset: number;
  /** The backing typed array, shared by views. Complex storage is interleaved (re, im). */
  readonly storage: Storage;
  readonly dtype: DType;
  readonly ndim: number;
  /** Number of elements. */
  readonly size: number;
  /** Accumulated gradient of a leaf (or of a tensor that called {@link retainGrad}). */
  grad: Tensor | null = null;
  /** @internal set by autograd */
  _gradFn: GradNode | null = null;
  /** @internal which output of `_gradFn` this tensor is */
  _outputIndex = 0;
  /** @internal */
  _requiresGrad = false;
  /** @internal */
  _retainsGrad = false;
  /** @internal */
  _hooks: GradHook[] | null = null;
  /** @internal the tensor owning the storage this one views (null for tensors that are not views); see history.ts */
  _base: Tensor | null = null;
  /** @internal creation stamp, compared with the storage's last history rewrite (history.ts) */
  _birth = tick();

  /**
   * `x instanceof Tensor` is also true for a tensor made by another loaded copy of tapegrad (the ESM and the CommonJS
   * build in one process), recognised by a `Symbol.for` brand.
   * @example `tensor([1]) instanceof Tensor; // true`
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof (a subclass asks about itself).
    return brandedHasInstance(this, value);
  }

  /** @internal use {@link tensor} and the creation functions. */
  constructor(storage: Storage, dtype: DType, shape: readonly number[], strides: readonly number[], offset: number) {
    this.storage = storage;
    this.dtype = dtype;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    this.ndim = shape.length;
    this.size = sizeOf(shape);
  }

  /** Whether gradients flow to (leaf) or through (non-leaf) this tensor. */
  get requiresGrad(): boolean {
    refreshHistory(this);
    return this._requiresGrad || this._gradFn !== null;
  }
  /** Sets `requiresGrad` on a leaf (see {@link requiresGrad_}). */
  set requiresGrad(flag: boolean) {
    this.requiresGrad_(flag);
  }

  /** The node that produced this tensor on the tape (null for leaves). `gradFn.name` is the op name. */
  get gradFn(): GradNode | null {
    refreshHistory(this);
    return this._gradFn;
  }

  /** A tensor is a leaf unless an op recorded on the tape produced it. */
  get isLeaf(): boolean {
    refreshHistory(this);
    return this._gradFn === null;
  }

  /**
   * Sets `requiresGrad` in place on a leaf and returns `this`.
   * @example `const w = randn([3, 3], { dtype: 'float64' }).requiresGrad_();`
   */
  requiresGrad_(flag = true): this {
    if (typeof flag !== 'boolean')
      throw new DtypeError(`Tensor.requiresGrad_: expected a boolean flag, got ${describeValue(flag)}`);
    if (this.gradFn !== null) {
      if (flag) return this;
      throw new AutogradError(
        'Tensor.requiresGrad_: you can only change requiresGrad flags of leaf tensors; use detach() for a non-leaf (expected a leaf tensor, got one produced by an op)',
      );
    }
    if (flag && !isFloating(this.dtype)) {
      throw new DtypeError(
        `Tensor.requiresGrad_: expected a tensor of floating point or complex dtype (only those can require gradients), got ${this.dtype}`,
      );
    }
    this._requiresGrad = flag;
    return this;
  }

  /** Keeps `.grad` for this non-leaf tensor during backward. */
  retainGrad(): this {
    if (!this.requiresGrad)
      throw new AutogradError(
        "Tensor.retainGrad: can't retain grad on a tensor that does not require grad (expected a tensor that requires grad, got one that does not)",
      );
    this._retainsGrad = true;
    this._gradFn?.retainOutput(this._outputIndex, this);
    return this;
  }

  /**
   * Registers a hook called with this tensor's gradient during backward; a returned tensor replaces the gradient.
   * Returns a function that removes the hook.
   */
  registerHook(hook: GradHook): () => void {
    if (!this.requiresGrad)
      throw new AutogradError(
        "Tensor.registerHook: can't register a hook on a tensor that does not require grad (expected a tensor that requires grad, got one that does not)",
      );
    if (typeof hook !== 'function')
      throw new DtypeError(`Tensor.registerHook: expected a function, got ${hook === null ? 'null' : typeof hook}`);
    if (this._hooks === null) this._hooks = [];
    this._hooks.push(hook);
    this._gradFn?.retainOutput(this._outputIndex, this);
    return () => {
      const hooks = this._hooks;
      const i = hooks ? hooks.indexOf(hook) : -1;
      if (i >= 0) hooks!.splice(i, 1); // idempotent: a second call must not remove another hook
    };
  }

  /**
   * Computes the gradient of this tensor w.r.t. the graph leaves and accumulates it into their `.grad`.
   * `gradient` defaults to 1 for a scalar output.
   */
  backward(gradient?: Tensor, opts: BackwardOptions = {}): void {
    getTapeHook().backward(this, gradient, opts);
  }

  // ---- conversion ----
  /** Nested arrays of numbers (booleans for bool, `{ re, im }` objects for complex). */
  toArray(): NestedArray {
    return X.toNested(this);
  }
  /** The value of a one-element tensor. */
  item(): number | boolean | ComplexLike {
    return X.item(this);
  }
  /** A contiguous copy of the data (complex: interleaved re, im). */
  toTypedArray(): Storage {
    return X.toTypedArray(this);
  }
  /** Converts to `dtype` (a new tensor; differentiable between floating dtypes). */
  to(dtype: DType): Tensor {
    return X.cast(this, dtype);
  }
  /** `to('float64')`. */
  double(): Tensor {
    return X.cast(this, 'float64');
  }
  /** `to('float32')`. */
  float(): Tensor {
    return X.cast(this, 'float32');
  }
  /** Number of elements (= `size`), as `torch.Tensor.numel`. */
  numel(): number {
    return this.size;
  }
  /** Number of dims (= `ndim`), as `torch.Tensor.dim`. */
  dim(): number {
    return this.ndim;
  }
  /** Whether the elements are laid out row-major without gaps (strides of a fresh tensor). */
  isContiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }
  /** A tensor sharing storage, cut from the graph. */
  detach(): Tensor {
    return new Tensor(this.storage, this.dtype, this.shape, this.strides, this.offset);
  }
  /** A contiguous copy (differentiable). */
  clone(): Tensor {
    return M.clone(this);
  }
  /** This tensor if already contiguous, else a contiguous copy. */
  contiguous(): Tensor {
    return M.contiguous(this);
  }
  /** A readable rendering, like torch's repr: `tensor([1., 2.], dtype=float64)`. */
  toString(): string {
    return formatTensor(this);
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatTensor(this);
  }

  // ---- views ----
  /** Transpose of a ≤2-D tensor (reverses all dims, as `torch.Tensor.T`). */
  get T(): Tensor {
    return M.permute(
      this,
      Array.from({ length: this.ndim }, (_, i) => this.ndim - 1 - i),
    );
  }
  /** Transpose of the last two dims (a view). */
  get mT(): Tensor {
    return M.transpose(requireMatrix('mT', this), -2, -1);
  }
  /** Conjugate transpose of the last two dims. */
  get mH(): Tensor {
    return E.conj(M.transpose(requireMatrix('mH', this), -2, -1));
  }
  /** Real part (a view for complex tensors; the tensor itself for real ones). */
  get real(): Tensor {
    return X.real(this);
  }
  /** Imaginary part (a view; complex tensors only). */
  get imag(): Tensor {
    return X.imag(this);
  }
  /** Whether the dtype is complex64 or complex128. */
  get isComplex(): boolean {
    return isComplex(this.dtype);
  }
  /** The same data with another shape (a view when possible); one dim may be −1. */
  reshape(...shape: number[] | [readonly number[]]): Tensor {
    return M.reshape(this, M.shapeArgs(shape));
  }
  /** Like `reshape`, but throws ShapeError when the result cannot be a view. */
  view(...shape: number[] | [readonly number[]]): Tensor {
    return M.view(this, M.shapeArgs(shape));
  }
  /** Flattens dims `startDim..endDim` into one. */
  flatten(startDim = 0, endDim = -1): Tensor {
    return M.flatten(this, startDim, endDim);
  }
  /** Removes size-1 dims (all, or the given ones). */
  squeeze(dim?: number | readonly number[]): Tensor {
    return M.squeeze(this, dim);
  }
  /** Inserts a size-1 dim at `dim`. */
  unsqueeze(dim: number): Tensor {
    return M.unsqueeze(this, dim);
  }
  /** Swaps two dims (a view). */
  transpose(dim0: number, dim1: number): Tensor {
    return M.transpose(this, dim0, dim1);
  }
  /** Reorders the dims (a view). */
  permute(...dims: number[] | [readonly number[]]): Tensor {
    return M.permute(this, M.shapeArgs(dims));
  }
  /** Broadcasts size-1 dims to larger sizes without copying (−1 keeps a size). */
  expand(...shape: number[] | [readonly number[]]): Tensor {
    return M.expand(this, M.shapeArgs(shape));
  }
  /** `expand` to the shape of `other`. */
  expandAs(other: Tensor): Tensor {
    if (!(other instanceof Tensor))
      throw new DtypeError(`Tensor.expandAs: expected a Tensor, got ${describeValue(other)}`);
    return M.expand(this, other.shape);
  }
  /** Broadcasts to `shape` (torch.broadcast_to). */
  broadcastTo(shape: readonly number[]): Tensor {
    return M.broadcastTo(this, shape);
  }
  /** `length` elements from `start` along `dim` (a view). */
  narrow(dim: number, start: number, length: number): Tensor {
    return M.narrow(this, dim, start, length);
  }
  /** The slice at `index` along `dim`, with that dim removed (a view). */
  select(dim: number, index: number): Tensor {
    return M.select(this, dim, index);
  }
  /** Elements `start, start+step, … < end` along `dim` (a view), like Python's `x[start:end:step]`. */
  slice(dim: number, start?: number, end?: number, step?: number): Tensor {
    return M.slice(this, dim, start, end, step);
  }
  /** Splits into chunks of `splitSize` (or of the given sizes) along `dim`. */
  split(splitSize: number | readonly number[], dim = 0): Tensor[] {
    return M.split(this, splitSize, dim);
  }
  /** Splits into `chunks` nearly equal parts along `dim`. */
  chunk(chunks: number, dim = 0): Tensor[] {
    return M.chunk(this, chunks, dim);
  }
  /** The diagonal of the planes (dim1, dim2), as the last dim (a view). */
  diagonal(offset = 0, dim1 = 0, dim2 = 1): Tensor {
    return M.diagonal(this, offset, dim1, dim2);
  }
  /** Reverses the order of elements along `dims` (a copy). */
  flip(dims: number | readonly number[]): Tensor {
    return I.flip(this, dims);
  }
  /** Transpose of a ≤ 2-D tensor (`torch.Tensor.t`). */
  t(): Tensor {
    return M.t(this);
  }
  /** Rotates by `shifts` along `dims` (the flattened tensor without dims). */
  roll(shifts: number | readonly number[], dims?: number | readonly number[]): Tensor {
    return G.roll(this, shifts, dims);
  }
  /** Repeats `sizes[i]` times along each dim (a copy; extra leading counts add dims). */
  repeat(...sizes: number[] | [readonly number[]]): Tensor {
    return G.repeat(this, ...sizes);
  }
  /** `torch.tile`: repeat with fewer counts than dims padded by leading 1s. */
  tile(dims: readonly number[]): Tensor {
    return G.tile(this, dims);
  }

  // ---- sorting and masks ----
  /** Stable sort along `dim`: `{ values, indices }` / `[values, indices]`. */
  sort(dim = -1, descending = false): ValuesIndices {
    return S.sort(this, dim, descending);
  }
  /** The indices that sort along `dim` (stable). */
  argsort(dim = -1, descending = false): Tensor {
    return S.argsort(this, dim, descending);
  }
  /** The `k` largest (or smallest) entries along `dim`: `{ values, indices }` / `[values, indices]`. */
  topk(k: number, dim = -1, largest = true, sorted = true): ValuesIndices {
    return S.topk(this, k, dim, largest, sorted);
  }
  /** `value` where `mask` is true, this elsewhere. */
  maskedFill(mask: Tensor, value: number | boolean | ComplexLike | Tensor): Tensor {
    return K.maskedFill(this, mask, value);
  }
  /** The entries where `mask` is true, as a 1-D tensor. */
  maskedSelect(mask: Tensor): Tensor {
    return K.maskedSelect(this, mask);
  }
  /** NaN, +∞, −∞ replaced by finite values. */
  nanToNum(opts?: K.NanToNumOptions): Tensor {
    return K.nanToNum(this, opts);
  }
  /** Category indices drawn from the weights in this 1-D or 2-D tensor. */
  multinomial(numSamples: number, opts?: { replacement?: boolean }): Tensor {
    return P.multinomial(this, numSamples, opts);
  }

  // ---- indexing ----
  /** Entries along `dim` picked by a 1-D index. */
  indexSelect(dim: number, index: Tensor | readonly number[]): Tensor {
    return I.indexSelect(this, dim, index);
  }
  /** Entries along `dim` picked elementwise by `index` (torch.gather). */
  gather(dim: number, index: Tensor): Tensor {
    return I.gather(this, dim, index);
  }
  /** A copy with `src` added at the positions `index` names along `dim`. */
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor {
    return I.scatterAdd(this, dim, index, src);
  }
  /** 1-D: a matrix with this on a diagonal; 2-D: that diagonal. */
  diag(diagonal = 0): Tensor {
    return I.diag(this, diagonal);
  }
  /** A tensor whose planes (dim1, dim2) have the last dim of this on a diagonal. */
  diagEmbed(offset = 0, dim1 = -2, dim2 = -1): Tensor {
    return I.diagEmbed(this, offset, dim1, dim2);
  }
  /** Upper triangle (j − i ≥ diagonal) of the last two dims. */
  triu(diagonal = 0): Tensor {
    return I.triu(this, diagonal);
  }
  /** Lower triangle (j − i ≤ diagonal) of the last two dims. */
  tril(diagonal = 0): Tensor {
    return I.tril(this, diagonal);
  }
  /** Sum of the main diagonal of a 2-D tensor. */
  trace(): Tensor {
    return C.trace(this);
  }

  // ---- elementwise ----
  /** this + alpha·other, broadcasting, with PyTorch's type promotion. */
  add(other: TensorLike, opts?: { alpha?: number }): Tensor {
    return E.add(this, other, opts);
  }
  /** this − alpha·other. */
  sub(other: TensorLike, opts?: { alpha?: number }): Tensor {
    return E.sub(this, other, opts);
  }
  /** Elementwise product. */
  mul(other: TensorLike): Tensor {
    return E.mul(this, other);
  }
  /** True division (integer inputs give the default float dtype). */
  div(other: TensorLike): Tensor {
    return E.div(this, other);
  }
  /** this ** exponent (principal branch for complex). */
  pow(exponent: TensorLike): Tensor {
    return E.pow(this, exponent);
  }
  /** −this. */
  neg(): Tensor {
    return E.neg(this);
  }
  /** this·this (for complex z², not |z|²). */
  square(): Tensor {
    return C.square(this);
  }
  /** Square root. */
  sqrt(): Tensor {
    return E.sqrt(this);
  }
  /** 1/√this. */
  rsqrt(): Tensor {
    return C.rsqrt(this);
  }
  /** eˣ. */
  exp(): Tensor {
    return E.exp(this);
  }
  /** Natural logarithm. */
  log(): Tensor {
    return E.log(this);
  }
  /** log(1 + x), accurate for small x. */
  log1p(): Tensor {
    return E.log1p(this);
  }
  /** eˣ − 1, accurate for small x. */
  expm1(): Tensor {
    return E.expm1(this);
  }
  /** Base-2 logarithm. */
  log2(): Tensor {
    return E.log2(this);
  }
  /** Base-10 logarithm. */
  log10(): Tensor {
    return E.log10(this);
  }
  /** |x| (the modulus, as a real tensor, for complex). */
  abs(): Tensor {
    return E.abs(this);
  }
  /** −1, 0 or 1 for reals; z/|z| for complex. */
  sign(): Tensor {
    return E.sign(this);
  }
  /** z/|z| for complex (the sign for reals), as torch.sgn. */
  sgn(): Tensor {
    return E.sign(this);
  }
  /** Complex conjugate (this tensor itself when real). */
  conj(): Tensor {
    return E.conj(this);
  }
  /** Argument of complex numbers (0 or π for reals). */
  angle(): Tensor {
    return E.angle(this);
  }
  /** 1/x. */
  reciprocal(): Tensor {
    return C.reciprocal(this);
  }
  /** Elementwise maximum (NaN propagates). */
  maximum(other: TensorLike): Tensor {
    return E.maximum(this, other);
  }
  /** Elementwise minimum (NaN propagates). */
  minimum(other: TensorLike): Tensor {
    return E.minimum(this, other);
  }
  /** Clamps into [min, max]; either bound may be omitted. */
  clamp(min?: TensorLike | null, max?: TensorLike | null): Tensor {
    return C.clamp(this, min, max);
  }
  /** Sine. */
  sin(): Tensor {
    return E.sin(this);
  }
  /** Cosine. */
  cos(): Tensor {
    return E.cos(this);
  }
  /** Hyperbolic tangent. */
  tanh(): Tensor {
    return E.tanh(this);
  }
  /** 1/(1 + e⁻ˣ). */
  sigmoid(): Tensor {
    return E.sigmoid(this);
  }
  /** max(x, 0). */
  relu(): Tensor {
    return E.relu(this);
  }
  /** Gauss error function. */
  erf(): Tensor {
    return E.erf(this);
  }
  /** GELU (exact erf form, or the tanh approximation). */
  gelu(opts?: { approximate?: 'none' | 'tanh' }): Tensor {
    return C.gelu(this, opts);
  }
  /** log(1 + e^(βx))/β, linear above `threshold`. */
  softplus(opts?: { beta?: number; threshold?: number }): Tensor {
    return C.softplus(this, opts);
  }
  /** Softmax along `dim`. */
  softmax(dim: number): Tensor {
    return C.softmax(this, dim);
  }
  /** log(softmax(x)) along `dim`, computed stably. */
  logSoftmax(dim: number): Tensor {
    return C.logSoftmax(this, dim);
  }
  /** log Σ exp(x) over dims, computed stably. */
  logsumexp(dim?: number | readonly number[], keepdim = false): Tensor {
    return C.logsumexp(this, dim, keepdim);
  }
  /** `condition ? this : other`, broadcasting. */
  where(condition: Tensor, other: TensorLike): Tensor {
    return E.where(condition, this, other);
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
  eq(other: TensorLike): Tensor {
    return E.eq(this, other);
  }
  /** Elementwise !=, as a bool tensor. */
  ne(other: TensorLike): Tensor {
    return E.ne(this, other);
  }
  /** Elementwise <, as a bool tensor. */
  lt(other: TensorLike): Tensor {
    return E.lt(this, other);
  }
  /** Elementwise <=, as a bool tensor. */
  le(other: TensorLike): Tensor {
    return E.le(this, other);
  }
  /** Elementwise >, as a bool tensor. */
  gt(other: TensorLike): Tensor {
    return E.gt(this, other);
  }
  /** Elementwise >=, as a bool tensor. */
  ge(other: TensorLike): Tensor {
    return E.ge(this, other);
  }
  /** Whether each element is finite, as a bool tensor. */
  isfinite(): Tensor {
    return E.isfinite(this);
  }
  /** Whether each element is NaN, as a bool tensor. */
  isnan(): Tensor {
    return E.isnan(this);
  }
  /** Whether every element is close to `other` (rtol 1e-5, atol 1e-8 by default). */
  allclose(other: TensorLike, opts?: { rtol?: number; atol?: number; equalNan?: boolean }): boolean {
    return C.allclose(this, other, opts);
  }

  // ---- reductions ----
  /** Sum over `dim` (all dims by default). */
  sum(dim?: number | readonly number[] | null, keepdim = false): Tensor {
    return R.sum(this, dim, keepdim);
  }
  /** Mean over `dim` (all dims by default). */
  mean(dim?: number | readonly number[] | null, keepdim = false): Tensor {
    return R.mean(this, dim, keepdim);
  }
  /** Product over one dim (or all). */
  prod(dim?: number | null, keepdim = false): Tensor {
    return R.prod(this, dim, keepdim);
  }
  /** The maximum element, or `{ values, indices }` along `dim`. */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): ValuesIndices;
  max(dim?: number, keepdim = false): Tensor | ValuesIndices {
    return dim === undefined ? R.max(this) : R.max(this, dim, keepdim);
  }
  /** The minimum element, or `{ values, indices }` along `dim`. */
  min(): Tensor;
  min(dim: number, keepdim?: boolean): ValuesIndices;
  min(dim?: number, keepdim = false): Tensor | ValuesIndices {
    return dim === undefined ? R.min(this) : R.min(this, dim, keepdim);
  }
  /** Maximum over dims (the gradient is shared among ties). */
  amax(dim?: number | readonly number[] | null, keepdim = false): Tensor {
    return R.amax(this, dim, keepdim);
  }
  /** Minimum over dims (the gradient is shared among ties). */
  amin(dim?: number | readonly number[] | null, keepdim = false): Tensor {
    return R.amin(this, dim, keepdim);
  }
  /** Index of the maximum (flat without `dim`). */
  argmax(dim?: number | null, keepdim = false): Tensor {
    return R.argmax(this, dim, keepdim);
  }
  /** Index of the minimum (flat without `dim`). */
  argmin(dim?: number | null, keepdim = false): Tensor {
    return R.argmin(this, dim, keepdim);
  }
  /** Cumulative sum along `dim`. */
  cumsum(dim: number): Tensor {
    return N.cumsum(this, dim);
  }
  /** Cumulative product along `dim`. */
  cumprod(dim: number): Tensor {
    return N.cumprod(this, dim);
  }
  /** Whether every element (over `dim`) is non-zero, as a bool tensor. */
  all(dim?: number | readonly number[] | null, keepdim = false): Tensor {
    return R.all(this, dim, keepdim);
  }
  /** Whether some element (over `dim`) is non-zero, as a bool tensor. */
  any(dim?: number | readonly number[] | null, keepdim = false): Tensor {
    return R.any(this, dim, keepdim);
  }
  /** Variance (Bessel-corrected by default). */
  var(dim?: number | readonly number[] | null, opts?: { correction?: number; keepdim?: boolean }): Tensor {
    return R.variance(this, dim, opts);
  }
  /** Standard deviation (Bessel-corrected by default). */
  std(dim?: number | readonly number[] | null, opts?: { correction?: number; keepdim?: boolean }): Tensor {
    return R.std(this, dim, opts);
  }
  /**
   * The p-norm over `dim` (torch.Tensor.norm): p = 'fro' or 2 by default, any number incl. ±Infinity and 0; every
   * element when `dim` is omitted. @example `tensor([[3, 4], [6, 8]]).norm(2, 1).toArray(); // [5, 10]`
   */
  norm(p: number | 'fro' = 'fro', dim?: number | readonly number[] | null, keepdim = false): Tensor {
    return tensorNorm(this, p, dim, keepdim);
  }

  // ---- products ----
  /** Matrix product with PyTorch's rules (1-D promotion, broadcast batch dims). */
  matmul(other: Tensor): Tensor {
    return L.matmul(this, other);
  }
  /** Matrix product of two 2-D tensors. */
  mm(other: Tensor): Tensor {
    return L.mm(this, other);
  }
  /** Batched matrix product of two 3-D tensors. */
  bmm(other: Tensor): Tensor {
    return L.bmm(this, other);
  }
  /** Matrix–vector product. */
  mv(vec: Tensor): Tensor {
    return L.mv(this, vec);
  }
  /** Inner product of two 1-D tensors. */
  dot(other: Tensor): Tensor {
    return L.dot(this, other);
  }
  /** Outer product of two 1-D tensors. */
  outer(other: Tensor): Tensor {
    return L.outer(this, other);
  }
}
brandClass(Tensor, 'Tensor');
