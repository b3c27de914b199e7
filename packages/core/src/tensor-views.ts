/**
 * The shape and view methods of {@link Tensor} (reshape, transpose, slicing, …), as thin forms of the movement ops:
 * the middle of Tensor's class chain (TensorState → TensorViews → Tensor), split out to keep each file one concept and
 * under the size limit.
 *
 * Import this module only from tensor.ts, for the reason tensor-state.ts gives: it reaches the ops at load time, so
 * it must start loading from inside tensor.ts's own imports for `class Tensor extends TensorViews` to find it
 * initialised.
 */
import { describeValue } from './describe';
import type { DType } from './dtype';
import type { RealOf } from './dtype-types';
import { DtypeError, ShapeError } from './errors';
import * as X from './ops/complex';
import * as E from './ops/elementwise';
import * as I from './ops/indexing';
import * as M from './ops/movement';
import * as G from './ops/tiling';
import { Tensor } from './tensor';
import { TensorState } from './tensor-state';

/** Every TensorViews is a Tensor: Tensor is its only subclass, and only Tensor is ever constructed. */
const asTensor = <E extends DType>(t: TensorViews<E>): Tensor => t as unknown as Tensor;

/** `x` when it has at least 2 dims (mT, mH act on matrices or batches of matrices). */
function requireMatrix(op: string, x: Tensor): Tensor {
  if (x.ndim < 2) {
    throw new ShapeError(
      `Tensor.${op}: expected a tensor with at least 2 dimensions, got ${x.dtype} tensor of shape [${x.shape.join(', ')}]`,
    );
  }
  return x;
}

/** The view methods of a {@link Tensor}; see tensor.ts for the class users meet. */
export class TensorViews<D extends DType = DType> extends TensorState<D> {
  // ---- views ----
  /** Transpose of a ≤2-D tensor (reverses all dims, as `torch.Tensor.T`). */
  get T(): Tensor<D> {
    return M.permute(
      asTensor(asTensor(this)),
      Array.from({ length: this.ndim }, (_, i) => this.ndim - 1 - i),
    ) as Tensor<D>;
  }
  /** Transpose of the last two dims (a view). */
  get mT(): Tensor<D> {
    return M.transpose(requireMatrix('mT', asTensor(this)), -2, -1) as Tensor<D>;
  }
  /** Conjugate transpose of the last two dims. */
  get mH(): Tensor<D> {
    return E.conj(M.transpose(requireMatrix('mH', asTensor(this)), -2, -1)) as Tensor<D>;
  }
  /** Real part (a view for complex tensors; the tensor itself for real ones). */
  get real(): Tensor<RealOf<D>> {
    return X.real(asTensor(this)) as Tensor<RealOf<D>>;
  }
  /** Imaginary part (a view; complex tensors only). */
  get imag(): Tensor<RealOf<D>> {
    return X.imag(asTensor(this)) as Tensor<RealOf<D>>;
  }
  /** The same data with another shape (a view when possible); one dim may be −1. */
  reshape(...shape: number[] | [readonly number[]]): Tensor<D> {
    return M.reshape(asTensor(this), M.shapeArgs(shape)) as Tensor<D>;
  }
  /** Like `reshape`, but throws ShapeError when the result cannot be a view. */
  view(...shape: number[] | [readonly number[]]): Tensor<D> {
    return M.view(asTensor(this), M.shapeArgs(shape)) as Tensor<D>;
  }
  /** Flattens dims `startDim..endDim` into one. */
  flatten(startDim = 0, endDim = -1): Tensor<D> {
    return M.flatten(asTensor(this), startDim, endDim) as Tensor<D>;
  }
  /** Removes size-1 dims (all, or the given ones). */
  squeeze(dim?: number | readonly number[]): Tensor<D> {
    return M.squeeze(asTensor(this), dim) as Tensor<D>;
  }
  /** Inserts a size-1 dim at `dim`. */
  unsqueeze(dim: number): Tensor<D> {
    return M.unsqueeze(asTensor(this), dim) as Tensor<D>;
  }
  /** Swaps two dims (a view). */
  transpose(dim0: number, dim1: number): Tensor<D> {
    return M.transpose(asTensor(this), dim0, dim1) as Tensor<D>;
  }
  /** Reorders the dims (a view). */
  permute(...dims: number[] | [readonly number[]]): Tensor<D> {
    return M.permute(asTensor(this), M.shapeArgs(dims)) as Tensor<D>;
  }
  /** Broadcasts size-1 dims to larger sizes without copying (−1 keeps a size). */
  expand(...shape: number[] | [readonly number[]]): Tensor<D> {
    return M.expand(asTensor(this), M.shapeArgs(shape)) as Tensor<D>;
  }
  /** `expand` to the shape of `other`. */
  expandAs(other: Tensor): Tensor<D> {
    if (!(other instanceof Tensor))
      throw new DtypeError(`Tensor.expandAs: expected a Tensor, got ${describeValue(other)}`);
    return M.expand(asTensor(this), other.shape) as Tensor<D>;
  }
  /** Broadcasts to `shape` (torch.broadcast_to). */
  broadcastTo(shape: readonly number[]): Tensor<D> {
    return M.broadcastTo(asTensor(this), shape) as Tensor<D>;
  }
  /** `length` elements from `start` along `dim` (a view). */
  narrow(dim: number, start: number, length: number): Tensor<D> {
    return M.narrow(asTensor(this), dim, start, length) as Tensor<D>;
  }
  /** The slice at `index` along `dim`, with that dim removed (a view). */
  select(dim: number, index: number): Tensor<D> {
    return M.select(asTensor(this), dim, index) as Tensor<D>;
  }
  /** Elements `start, start+step, … < end` along `dim` (a view), like Python's `x[start:end:step]`. */
  slice(dim: number, start?: number, end?: number, step?: number): Tensor<D> {
    return M.slice(asTensor(this), dim, start, end, step) as Tensor<D>;
  }
  /** Splits into chunks of `splitSize` (or of the given sizes) along `dim`. */
  split(splitSize: number | readonly number[], dim = 0): Tensor<D>[] {
    return M.split(asTensor(this), splitSize, dim) as Tensor<D>[];
  }
  /** Splits into `chunks` nearly equal parts along `dim`. */
  chunk(chunks: number, dim = 0): Tensor<D>[] {
    return M.chunk(asTensor(this), chunks, dim) as Tensor<D>[];
  }
  /** The diagonal of the planes (dim1, dim2), as the last dim (a view). */
  diagonal(offset = 0, dim1 = 0, dim2 = 1): Tensor<D> {
    return M.diagonal(asTensor(this), offset, dim1, dim2) as Tensor<D>;
  }
  /** Reverses the order of elements along `dims` (a copy). */
  flip(dims: number | readonly number[]): Tensor<D> {
    return I.flip(asTensor(this), dims) as Tensor<D>;
  }
  /** Transpose of a ≤ 2-D tensor (`torch.Tensor.t`). */
  t(): Tensor<D> {
    return M.t(asTensor(this)) as Tensor<D>;
  }
  /** Rotates by `shifts` along `dims` (the flattened tensor without dims). */
  roll(shifts: number | readonly number[], dims?: number | readonly number[]): Tensor<D> {
    return G.roll(asTensor(this), shifts, dims) as Tensor<D>;
  }
  /** Repeats `sizes[i]` times along each dim (a copy; extra leading counts add dims). */
  repeat(...sizes: number[] | [readonly number[]]): Tensor<D> {
    return G.repeat(asTensor(this), ...sizes) as Tensor<D>;
  }
  /** `torch.tile`: repeat with fewer counts than dims padded by leading 1s. */
  tile(dims: readonly number[]): Tensor<D> {
    return G.tile(asTensor(this), dims) as Tensor<D>;
  }
}
