/**
 * The Tensor: a strided view (shape, strides, offset — in elements) over a typed-array storage, plus the autograd
 * fields the tape fills in. Methods are thin forms of the op functions.
 */
import type { BackwardOptions, GradNode } from './dispatch';
import { getTapeHook } from './dispatch';
import type { ComplexLike, DType, Storage } from './dtype';
import { isComplex, isFloating } from './dtype';
import { AutogradError, ShapeError } from './errors';
import { formatTensor } from './format';
import * as X from './ops/complex';
import * as C from './ops/composite';
import * as E from './ops/elementwise';
import * as I from './ops/indexing';
import * as L from './ops/matmul';
import * as M from './ops/movement';
import * as R from './ops/reduce';
import { sizeOf } from './shape';

/** Anything accepted where a tensor operand is expected: a tensor or a JS scalar. */
export type TensorLike = Tensor | number | boolean | ComplexLike;
/** Nested arrays as returned by {@link Tensor.toArray}. */
export type NestedArray = number | boolean | ComplexLike | NestedArray[];
/** A gradient hook: may return a replacement gradient. */
export type GradHook = (grad: Tensor) => Tensor | undefined;
/** Values and indices of max/min along a dim. */
export interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

/** `x` when it has at least 2 dims (mT, mH act on matrices or batches of matrices). */
function requireMatrix(op: string, x: Tensor): Tensor {
  if (x.ndim < 2) {
    throw new ShapeError(
      `Tensor.${op}: expected a tensor with at least 2 dimensions, got ${x.dtype} tensor of shape [${x.shape.join(', ')}]`,
    );
  }
  return x;
}

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
    return this._requiresGrad || this._gradFn !== null;
  }
  set requiresGrad(flag: boolean) {
    this.requiresGrad_(flag);
  }

  /** The node that produced this tensor on the tape (null for leaves). `gradFn.name` is the op name. */
  get gradFn(): GradNode | null {
    return this._gradFn;
  }

  /** A tensor is a leaf unless an op recorded on the tape produced it. */
  get isLeaf(): boolean {
    return this._gradFn === null;
  }

  /**
   * Sets `requiresGrad` in place on a leaf and returns `this`.
   * @example `const w = randn([3, 3], { dtype: 'float64' }).requiresGrad_();`
   */
  requiresGrad_(flag = true): this {
    if (this._gradFn !== null) {
      if (flag) return this;
      throw new AutogradError(
        'Tensor.requiresGrad_: you can only change requiresGrad flags of leaf tensors; use detach() for a non-leaf',
      );
    }
    if (flag && !isFloating(this.dtype)) {
      throw new AutogradError(
        `Tensor.requiresGrad_: expected a tensor of floating point or complex dtype (only those can require gradients), got ${this.dtype}`,
      );
    }
    this._requiresGrad = flag;
    return this;
  }

  /** Keeps `.grad` for this non-leaf tensor during backward. */
  retainGrad(): this {
    if (!this.requiresGrad)
      throw new AutogradError("Tensor.retainGrad: can't retain grad on a tensor that does not require grad");
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
      throw new AutogradError("Tensor.registerHook: can't register a hook on a tensor that does not require grad");
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
  /** A tensor sharing storage, cut from the graph. */
  detach(): Tensor {
    return new Tensor(this.storage, this.dtype, this.shape, this.strides, this.offset);
  }
  clone(): Tensor {
    return M.clone(this);
  }
  contiguous(): Tensor {
    return M.contiguous(this);
  }
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
  get isComplex(): boolean {
    return isComplex(this.dtype);
  }
  reshape(...shape: number[] | [readonly number[]]): Tensor {
    return M.reshape(this, M.shapeArgs(shape));
  }
  view(...shape: number[] | [readonly number[]]): Tensor {
    return M.view(this, M.shapeArgs(shape));
  }
  flatten(startDim = 0, endDim = -1): Tensor {
    return M.flatten(this, startDim, endDim);
  }
  squeeze(dim?: number | readonly number[]): Tensor {
    return M.squeeze(this, dim);
  }
  unsqueeze(dim: number): Tensor {
    return M.unsqueeze(this, dim);
  }
  transpose(dim0: number, dim1: number): Tensor {
    return M.transpose(this, dim0, dim1);
  }
  permute(...dims: number[] | [readonly number[]]): Tensor {
    return M.permute(this, M.shapeArgs(dims));
  }
  expand(...shape: number[] | [readonly number[]]): Tensor {
    return M.expand(this, M.shapeArgs(shape));
  }
  expandAs(other: Tensor): Tensor {
    return M.expand(this, other.shape);
  }
  broadcastTo(shape: readonly number[]): Tensor {
    return M.broadcastTo(this, shape);
  }
  narrow(dim: number, start: number, length: number): Tensor {
    return M.narrow(this, dim, start, length);
  }
  select(dim: number, index: number): Tensor {
    return M.select(this, dim, index);
  }
  slice(dim: number, start?: number, end?: number, step?: number): Tensor {
    return M.slice(this, dim, start, end, step);
  }
  split(splitSize: number | readonly number[], dim = 0): Tensor[] {
    return M.split(this, splitSize, dim);
  }
  chunk(chunks: number, dim = 0): Tensor[] {
    return M.chunk(this, chunks, dim);
  }
  diagonal(offset = 0, dim1 = 0, dim2 = 1): Tensor {
    return M.diagonal(this, offset, dim1, dim2);
  }
  flip(dims: number | readonly number[]): Tensor {
    return I.flip(this, dims);
  }

  // ---- indexing ----
  indexSelect(dim: number, index: Tensor | readonly number[]): Tensor {
    return I.indexSelect(this, dim, index);
  }
  gather(dim: number, index: Tensor): Tensor {
    return I.gather(this, dim, index);
  }
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor {
    return I.scatterAdd(this, dim, index, src);
  }
  diag(diagonal = 0): Tensor {
    return I.diag(this, diagonal);
  }
  diagEmbed(offset = 0, dim1 = -2, dim2 = -1): Tensor {
    return I.diagEmbed(this, offset, dim1, dim2);
  }
  triu(diagonal = 0): Tensor {
    return I.triu(this, diagonal);
  }
  tril(diagonal = 0): Tensor {
    return I.tril(this, diagonal);
  }
  trace(): Tensor {
    return C.trace(this);
  }

  // ---- elementwise ----
  add(other: TensorLike, opts?: { alpha?: number }): Tensor {
    return E.add(this, other, opts);
  }
  sub(other: TensorLike, opts?: { alpha?: number }): Tensor {
    return E.sub(this, other, opts);
  }
  mul(other: TensorLike): Tensor {
    return E.mul(this, other);
  }
  div(other: TensorLike): Tensor {
    return E.div(this, other);
  }
  pow(exponent: TensorLike): Tensor {
    return E.pow(this, exponent);
  }
  neg(): Tensor {
    return E.neg(this);
  }
  square(): Tensor {
    return C.square(this);
  }
  sqrt(): Tensor {
    return E.sqrt(this);
  }
  rsqrt(): Tensor {
    return C.rsqrt(this);
  }
  exp(): Tensor {
    return E.exp(this);
  }
  log(): Tensor {
    return E.log(this);
  }
  log1p(): Tensor {
    return E.log1p(this);
  }
  abs(): Tensor {
    return E.abs(this);
  }
  sign(): Tensor {
    return E.sign(this);
  }
  sgn(): Tensor {
    return E.sign(this);
  }
  conj(): Tensor {
    return E.conj(this);
  }
  angle(): Tensor {
    return E.angle(this);
  }
  reciprocal(): Tensor {
    return C.reciprocal(this);
  }
  maximum(other: TensorLike): Tensor {
    return E.maximum(this, other);
  }
  minimum(other: TensorLike): Tensor {
    return E.minimum(this, other);
  }
  clamp(min?: TensorLike | null, max?: TensorLike | null): Tensor {
    return C.clamp(this, min, max);
  }
  sin(): Tensor {
    return E.sin(this);
  }
  cos(): Tensor {
    return E.cos(this);
  }
  tanh(): Tensor {
    return E.tanh(this);
  }
  sigmoid(): Tensor {
    return E.sigmoid(this);
  }
  relu(): Tensor {
    return E.relu(this);
  }
  erf(): Tensor {
    return E.erf(this);
  }
  gelu(opts?: { approximate?: 'none' | 'tanh' }): Tensor {
    return C.gelu(this, opts);
  }
  softplus(opts?: { beta?: number; threshold?: number }): Tensor {
    return C.softplus(this, opts);
  }
  softmax(dim: number): Tensor {
    return C.softmax(this, dim);
  }
  logSoftmax(dim: number): Tensor {
    return C.logSoftmax(this, dim);
  }
  logsumexp(dim?: number | readonly number[], keepdim = false): Tensor {
    return C.logsumexp(this, dim, keepdim);
  }
  where(condition: Tensor, other: TensorLike): Tensor {
    return E.where(condition, this, other);
  }

  // ---- comparison ----
  eq(other: TensorLike): Tensor {
    return E.eq(this, other);
  }
  ne(other: TensorLike): Tensor {
    return E.ne(this, other);
  }
  lt(other: TensorLike): Tensor {
    return E.lt(this, other);
  }
  le(other: TensorLike): Tensor {
    return E.le(this, other);
  }
  gt(other: TensorLike): Tensor {
    return E.gt(this, other);
  }
  ge(other: TensorLike): Tensor {
    return E.ge(this, other);
  }
  isfinite(): Tensor {
    return E.isfinite(this);
  }
  isnan(): Tensor {
    return E.isnan(this);
  }
  allclose(other: TensorLike, opts?: { rtol?: number; atol?: number; equalNan?: boolean }): boolean {
    return C.allclose(this, other, opts);
  }

  // ---- reductions ----
  sum(dim?: number | readonly number[] | null, keepdim = false): Tensor {
    return R.sum(this, dim, keepdim);
  }
  mean(dim?: number | readonly number[] | null, keepdim = false): Tensor {
    return R.mean(this, dim, keepdim);
  }
  prod(dim?: number | null, keepdim = false): Tensor {
    return R.prod(this, dim, keepdim);
  }
  max(): Tensor;
  max(dim: number, keepdim?: boolean): ValuesIndices;
  max(dim?: number, keepdim = false): Tensor | ValuesIndices {
    return dim === undefined ? R.max(this) : R.max(this, dim, keepdim);
  }
  min(): Tensor;
  min(dim: number, keepdim?: boolean): ValuesIndices;
  min(dim?: number, keepdim = false): Tensor | ValuesIndices {
    return dim === undefined ? R.min(this) : R.min(this, dim, keepdim);
  }
  amax(dim?: number | readonly number[] | null, keepdim = false): Tensor {
    return R.amax(this, dim, keepdim);
  }
  amin(dim?: number | readonly number[] | null, keepdim = false): Tensor {
    return R.amin(this, dim, keepdim);
  }
  argmax(dim?: number | null, keepdim = false): Tensor {
    return R.argmax(this, dim, keepdim);
  }
  argmin(dim?: number | null, keepdim = false): Tensor {
    return R.argmin(this, dim, keepdim);
  }
  var(dim?: number | readonly number[] | null, opts?: { correction?: number; keepdim?: boolean }): Tensor {
    return R.variance(this, dim, opts);
  }
  std(dim?: number | readonly number[] | null, opts?: { correction?: number; keepdim?: boolean }): Tensor {
    return R.std(this, dim, opts);
  }
  norm(): Tensor {
    return C.frobenius(this);
  }

  // ---- products ----
  matmul(other: Tensor): Tensor {
    return L.matmul(this, other);
  }
  dot(other: Tensor): Tensor {
    return L.dot(this, other);
  }
  outer(other: Tensor): Tensor {
    return L.outer(this, other);
  }
}
