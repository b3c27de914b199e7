/**
 * Per-class weights and an ignored target value for the class-index losses (crossEntropy, nllLoss), with PyTorch's
 * semantics (torch.nn.functional.nll_loss / cross_entropy, 1.13):
 * - the loss of position i is −w[tᵢ]·logp[i, tᵢ], and 0 where tᵢ = ignoreIndex;
 * - 'mean' divides the sum by Σ w[tᵢ] over the positions not ignored (not by their count), so a batch where every
 *   target is ignored gives NaN, as PyTorch;
 * - label smoothing adds ε/C · (−Σ_c w_c·logp[i, c]) per position (0 where ignored), whose 'mean' uses the same
 *   denominator Σ w[tᵢ] (or the count of positions not ignored without weights).
 * Everything is built from differentiable core ops, so gradients of every order (also with respect to the weight)
 * follow.
 */
import type { Tensor } from '@tapegrad/core';
import { DtypeError, ShapeError, Tensor as TensorClass, tensor } from '@tapegrad/core';
import { describeValue, formatShape } from '@tapegrad/core/internal';

/** The class weight and ignored value of a class-index loss, validated against the logits. */
export interface ClassWeighting {
  /** Per-class weight [C], or null for 1. */
  readonly weight: Tensor | null;
  /** The target value that is skipped (PyTorch's default −100). */
  readonly ignoreIndex: number;
}

/** The `weight` option: null/undefined, or a real floating tensor of shape [classes] and the logits' dtype. */
export function checkClassWeight(
  op: string,
  weight: unknown,
  classes: number | null,
  dtype: string | null,
): Tensor | null {
  if (weight === undefined || weight === null) return null;
  if (!(weight instanceof TensorClass))
    throw new DtypeError(`${op}: expected weight to be a Tensor of shape [C] or null, got ${describeValue(weight)}`);
  if (weight.dtype !== 'float32' && weight.dtype !== 'float64')
    throw new DtypeError(`${op}: expected a float32/float64 weight, got ${describeValue(weight)}`);
  if (dtype !== null && weight.dtype !== dtype)
    throw new DtypeError(`${op}: expected a weight of the input's dtype ${dtype}, got ${describeValue(weight)}`);
  if (weight.ndim !== 1 || (classes !== null && weight.shape[0] !== classes))
    throw new ShapeError(
      `${op}: expected a weight of shape ${classes === null ? '[C]' : formatShape([classes])} (one per class), got ${formatShape(weight.shape)}`,
    );
  return weight;
}

/** The `ignoreIndex` option: an integer (default −100). */
export function checkIgnoreIndex(op: string, value: unknown): number {
  if (value === undefined) return -100;
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw new DtypeError(`${op}: expected ignoreIndex to be an integer, got ${describeValue(value)}`);
  return value;
}

/**
 * The weighted, ignore-aware class-index loss. `logp`: log-probabilities with the classes along `classDim`;
 * `target`: int32 indices already checked to be in range or equal to `ignoreIndex`; `smoothing`: ε (0 for none).
 * Returns the per-position loss ('none') or its reduction.
 */
export function weightedClassLoss(
  logp: Tensor,
  classDim: number,
  target: Tensor,
  w: ClassWeighting,
  smoothing: number,
  reduction: 'mean' | 'sum' | 'none',
): Tensor {
  const classes = logp.shape[classDim];
  const raw = target.toTypedArray() as Int32Array;
  const safe = new Int32Array(raw.length);
  const keep = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const ignored = raw[i] === w.ignoreIndex;
    safe[i] = ignored ? 0 : raw[i];
    keep[i] = ignored ? 0 : 1;
  }
  const safeTarget = tensor(safe, { dtype: 'int32', shape: target.shape });
  const kept = tensor(keep, { dtype: logp.dtype, shape: target.shape });
  // wᵢ = w[tᵢ] where kept, else 0 (without weights: the 0/1 mask itself).
  const perPosition =
    w.weight === null
      ? kept
      : w.weight
          .indexSelect(0, safeTarget.reshape([-1]))
          .reshape(target.shape)
          .mul(kept);
  const picked = logp.gather(classDim, safeTarget.unsqueeze(classDim)).squeeze(classDim).neg();
  const nll = picked.mul(perPosition);
  let smooth: Tensor | null = null;
  if (smoothing > 0) {
    const shape = logp.shape.map((s, d) => (d === classDim ? s : 1));
    const weighted = w.weight === null ? logp : logp.mul(w.weight.reshape(shape));
    smooth = weighted.sum(classDim).neg().mul(kept);
  }
  if (reduction === 'none') return smooth === null ? nll : nll.mul(1 - smoothing).add(smooth.mul(smoothing / classes));
  const total = (t: Tensor) => (reduction === 'sum' ? t.sum() : t.sum().div(perPosition.sum()));
  const loss = total(nll);
  return smooth === null ? loss : loss.mul(1 - smoothing).add(total(smooth).mul(smoothing / classes));
}
