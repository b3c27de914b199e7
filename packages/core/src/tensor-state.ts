/**
 * The state half of {@link Tensor}: the strided view (shape, strides, offset — in elements) over a typed-array
 * storage and the autograd fields the tape fills in, with the methods that read or set them. `Tensor` (tensor.ts)
 * extends it with the method forms of the ops; the split keeps each file one concept and under the size limit.
 *
 * Import this module only from tensor.ts: it reaches history.ts (and so the ops) at load time, so it must start
 * loading from inside tensor.ts's own imports for `class Tensor extends TensorState` to find it initialised.
 */
import { describeValue } from './describe';
import type { BackwardOptions, GradNode } from './dispatch';
import { getTapeHook } from './dispatch';
import type { DType, Storage } from './dtype';
import { isComplex, isFloating } from './dtype';
import { AutogradError, DtypeError } from './errors';
import { refreshHistory, tick } from './history';
import { isContiguous, sizeOf } from './shape';
import type { GradHook, Tensor } from './tensor';

/** Every TensorState is a Tensor: Tensor is its only subclass, and only Tensor is ever constructed. */
const asTensor = <E extends DType>(t: TensorState<E>): Tensor => t as unknown as Tensor;

/** The fields and autograd state of a {@link Tensor}; see tensor.ts for the class users meet. */
export class TensorState<D extends DType = DType> {
  /** Sizes of each dimension. */
  readonly shape: readonly number[];
  /** Element strides of each dimension (complex: in complex elements). @internal for kernels and packages. */
  readonly strides: readonly number[];
  /** Element offset into the storage (complex: in complex elements). */
  readonly offset: number;
  /** The backing typed array, shared by views. Complex storage is interleaved (re, im). */
  readonly storage: Storage;
  readonly dtype: D;
  readonly ndim: number;
  /** Number of elements. */
  readonly size: number;
  /** Accumulated gradient of a leaf (or of a tensor that called {@link retainGrad}). */
  grad: Tensor<D> | null = null;
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

  /** @internal use {@link tensor} and the creation functions. */
  constructor(storage: Storage, dtype: D, shape: readonly number[], strides: readonly number[], offset: number) {
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
    refreshHistory(asTensor(this));
    return this._requiresGrad || this._gradFn !== null;
  }
  /** Sets `requiresGrad` on a leaf (see {@link requiresGrad_}). */
  set requiresGrad(flag: boolean) {
    this.requiresGrad_(flag);
  }

  /** The node that produced this tensor on the tape (null for leaves). `gradFn.name` is the op name. */
  get gradFn(): GradNode | null {
    refreshHistory(asTensor(this));
    return this._gradFn;
  }

  /** A tensor is a leaf unless an op recorded on the tape produced it. */
  get isLeaf(): boolean {
    refreshHistory(asTensor(this));
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
    this._gradFn?.retainOutput(this._outputIndex, asTensor(this));
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
    this._gradFn?.retainOutput(this._outputIndex, asTensor(this));
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
    getTapeHook().backward(asTensor(this), gradient, opts);
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
  /** Whether the dtype is complex64 or complex128. */
  get isComplex(): boolean {
    return isComplex(this.dtype);
  }
}
