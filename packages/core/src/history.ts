/**
 * Gradient history across in-place ops on shared storage (PyTorch's view tracking and "CopySlices" rebase).
 *
 * Every view records its root (`_base`: the tensor that owns the storage it views) and every tensor a birth stamp.
 * When a recorded in-place op writes through a tensor, the history of the storage's root is rewritten so that it
 * includes the write (see `rebaseRoot`), and the storage is stamped. A view of that root born before the stamp no
 * longer matches its recorded history; the first time its history is read (`requiresGrad`, `gradFn`, `isLeaf`) it is
 * regenerated as a differentiable gather from the root's new history, so gradients through old views stay right.
 * A tensor that aliases the storage without being a view of that root (e.g. made by `detach()`) and still carries
 * a recorded history cannot be regenerated: using it in a recorded op throws `AutogradError` (never a wrong gradient).
 */
import { enableGrad } from './dispatch';
import type { Storage } from './dtype';
import { isComplex, toRealDtype } from './dtype';
import { AutogradError } from './errors';
import { complex, imag, real } from './ops/complex';
import { tensor, zeros } from './ops/creation';
import { where } from './ops/elementwise';
import { indexSelect, scatterAdd } from './ops/indexing';
import { reshape } from './ops/movement';
import { formatShape } from './shape';
import { sharedSlot } from './shared-state';
import { Tensor } from './tensor';

interface HistoryState {
  /** A global clock for birth stamps and rewrite stamps (their order is all that matters). */
  clock: number;
  rewrites: WeakMap<Storage, Rewrite>;
  anyRewrite: boolean;
}

// One per process, shared by every loaded copy of tapegrad (see shared-state.ts).
const history = sharedSlot(
  'history',
  (): HistoryState => ({ clock: 0, rewrites: new WeakMap<Storage, Rewrite>(), anyRewrite: false }),
);

/** The next stamp of the clock. */
export function tick(): number {
  return history.clock++;
}

interface Rewrite {
  /** Clock value of the last history rewrite of the storage; tensors born before it are out of date. */
  readonly stamp: number;
  /** The root whose history now includes every write to the storage. */
  readonly root: Tensor;
}

const rewrites = history.rewrites;

/**
 * Marks the storage of `root` as rewritten by a recorded in-place op: `root` and `target` (the tensor written
 * through) are up to date; every other tensor on the storage born before now is out of date.
 */
export function markRewritten(root: Tensor, target: Tensor): void {
  const stamp = tick();
  rewrites.set(root.storage, { stamp, root });
  history.anyRewrite = true;
  root._birth = stamp;
  target._birth = stamp;
}

function rewriteOf(t: Tensor): Rewrite | undefined {
  if (!history.anyRewrite) return undefined;
  const r = rewrites.get(t.storage);
  return r === undefined || t._birth >= r.stamp ? undefined : r;
}

/**
 * Brings the history of `t` up to date when it is a view of a root whose history was rewritten after `t` was made:
 * `t` becomes a gather from the root (differentiable). Called by the history getters of Tensor.
 */
export function refreshHistory(t: Tensor): void {
  if (t._base === null) return;
  const r = rewriteOf(t);
  if (r === undefined || r.root !== t._base) return;
  const fresh = enableGrad(() => gatherView(r.root, t));
  t._gradFn = fresh._gradFn;
  t._outputIndex = fresh._outputIndex;
  t._birth = tick();
}

/**
 * Throws when `t` carries a recorded history that an in-place write through another tensor made out of date and that
 * cannot be regenerated (it is not a view of the rewritten root). Autograd calls this for every input of a node.
 */
export function assertCurrentHistory(op: string, t: Tensor): void {
  refreshHistory(t);
  if (t._gradFn === null) return;
  const r = rewriteOf(t);
  if (r === undefined) return;
  throw new AutogradError(
    `${op}: the ${t.dtype} tensor of shape ${formatShape(t.shape)} shares memory with a tensor modified by a recorded in-place operation, but is not a view of it, so its recorded history no longer matches its values (expected a tensor whose history is up to date, got one made before the in-place write; recompute it, or clone() before modifying in place)`,
  );
}

/** Element positions of `view` in `root`'s row-major order, and which part (0 real, 1 imaginary) a real view reads. */
export interface ViewPositions {
  readonly positions: Int32Array;
  /** -1 when the view has the root's dtype; 0/1 when it is the real/imaginary view of a complex root. */
  readonly part: -1 | 0 | 1;
}

/**
 * Where each element of `view` (row-major) lives in `root` (as a row-major flat index). Both share one storage and
 * `view`'s elements lie inside `root`'s (views are built from their root by view ops).
 */
export function viewPositions(root: Tensor, view: Tensor): ViewPositions {
  const split = isComplex(root.dtype) && !isComplex(view.dtype);
  const scale = split ? 2 : 1;
  // Storage offset (in root elements) → root flat index.
  const rootOffsets = offsetsOf(root.shape, root.strides, root.offset);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < rootOffsets.length; i++) {
    min = Math.min(min, rootOffsets[i]);
    max = Math.max(max, rootOffsets[i]);
  }
  const span = rootOffsets.length === 0 ? 0 : max - min + 1;
  const inverse = new Int32Array(span).fill(-1);
  for (let i = 0; i < rootOffsets.length; i++) inverse[rootOffsets[i] - min] = i;
  const viewOffsets = offsetsOf(view.shape, view.strides, view.offset);
  const positions = new Int32Array(viewOffsets.length);
  for (let i = 0; i < viewOffsets.length; i++) {
    positions[i] = inverse[Math.floor(viewOffsets[i] / scale) - min];
  }
  const part = split ? ((view.offset % 2) as 0 | 1) : -1;
  return { positions, part };
}

/** Storage offsets of every element of a strided layout, row-major. */
function offsetsOf(shape: readonly number[], strides: readonly number[], offset: number): number[] {
  let out = [offset];
  for (let d = 0; d < shape.length; d++) {
    const next: number[] = [];
    for (const o of out) for (let i = 0; i < shape[d]; i++) next.push(o + i * strides[d]);
    out = next;
  }
  return out;
}

/** Differentiable gather of `view`'s elements out of `root` (the root of its storage), with the view's shape. */
export function gatherView(root: Tensor, view: Tensor): Tensor {
  const { positions, part } = viewPositions(root, view);
  const flat = reshape(root, [root.size]);
  const picked = indexSelect(flat, 0, tensor(positions, { dtype: 'int32' }));
  const values = part === -1 ? picked : part === 0 ? real(picked) : imag(picked);
  return reshape(values, view.shape);
}

/** A tensor with `t`'s values and current history (regenerated from its root if `t` is a view without one). */
export function withHistory(t: Tensor): Tensor {
  const root = t._base;
  if (root !== null && t.gradFn === null && root.requiresGrad) return gatherView(root, t);
  const alias = new Tensor(t.storage, t.dtype, t.shape, t.strides, t.offset);
  alias._gradFn = t.gradFn;
  alias._outputIndex = t._outputIndex;
  alias._base = t._base;
  return alias;
}

/**
 * Gives `root` the history "old root with the elements of view `target` replaced by `values`" (CopySlices): a where
 * over a scatter, differentiable in both the old root and the new values.
 */
export function rebaseRoot(root: Tensor, target: Tensor, values: Tensor): void {
  const { positions, part } = viewPositions(root, target);
  const n = root.size;
  const mask = new Uint8Array(n);
  for (let i = 0; i < positions.length; i++) mask[positions[i]] = 1;
  const maskT = tensor(mask, { dtype: 'bool' });
  const index = tensor(positions, { dtype: 'int32' });
  const flat = reshape(withHistory(root), [n]);
  const dtype = part === -1 ? root.dtype : toRealDtype(root.dtype);
  const placed = scatterAdd(zeros([n], { dtype }), 0, index, reshape(values, [positions.length]));
  let updated: Tensor;
  if (part === -1) updated = where(maskT, placed, flat);
  else if (part === 0) updated = complex(where(maskT, placed, real(flat)), imag(flat));
  else updated = complex(real(flat), where(maskT, placed, imag(flat)));
  const rebased = reshape(updated, root.shape);
  root._gradFn = rebased._gradFn;
  root._outputIndex = rebased._outputIndex;
}
