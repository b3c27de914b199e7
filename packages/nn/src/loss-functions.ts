/**
 * Loss functions (torch.nn.functional.*_loss), written with differentiable core ops. Log-probabilities come from
 * logSoftmax (x − logsumexp(x), max-shifted), and the logit form of binary cross-entropy uses
 * max(−x, 0) + log1p(e^−|x|), so logits of any magnitude give finite losses and gradients.
 *
 * Unlike PyTorch (which warns and broadcasts), an elementwise loss whose target shape differs from the input shape
 * throws ShapeError: the broadcast of [N, 1] against [N] silently computes an [N, N] loss, a classic bug.
 */
import { recordNode } from '@tapegrad/autograd/internal';
import type { Tensor } from '@tapegrad/core';
import {
  abs,
  DtypeError,
  log,
  log1p,
  logSoftmax,
  neg,
  noGrad,
  ShapeError,
  softplus,
  Tensor as TensorClass,
} from '@tapegrad/core';
import { broadcastShapes, describeValue, formatShape, readOptions } from '@tapegrad/core/internal';
import { checkClassWeight, checkIgnoreIndex, weightedClassLoss } from './class-weights';
import type { Setting } from './settings';

/** How per-element losses are combined: their mean (default), their sum, or not at all. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options shared by the losses. */
export interface LossOptions {
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/** A float32/float64 tensor, else a DtypeError naming `op` and the argument. @internal */
export function requireReal(op: string, x: unknown, name: string): Tensor {
  if (!(x instanceof TensorClass))
    throw new DtypeError(`${op}: expected ${name} to be a Tensor, got ${describeValue(x)}`);
  if (x.dtype !== 'float32' && x.dtype !== 'float64')
    throw new DtypeError(`${op}: expected ${name} to be a float32 or float64 tensor, got ${describeValue(x)}`);
  return x;
}

/** The validated `reduction` of a loss module's options (default 'mean'). @internal */
export function reductionOption(op: string, opts: unknown, otherKeys: readonly string[] = []): Reduction {
  return checkReduction(op, readOptions(op, opts, ['reduction', ...otherKeys]).reduction);
}

/** A label smoothing ε in [0, 1] (default 0). @internal */
export function checkLabelSmoothing(op: string, value: unknown): number {
  const smoothing = value ?? 0;
  if (typeof smoothing !== 'number' || !(smoothing >= 0 && smoothing <= 1))
    throw new DtypeError(`${op}: expected labelSmoothing between 0 and 1, got ${describeValue(smoothing)}`);
  return smoothing;
}

/** A validated `reduction` (default 'mean'). @internal */
export function checkReduction(op: string, reduction: unknown): Reduction {
  if (reduction === undefined) return 'mean';
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none')
    throw new DtypeError(`${op}: expected reduction 'mean', 'sum' or 'none', got ${describeValue(reduction)}`);
  return reduction;
}

/** The `reduction` option of the loss modules as a declared setting (settings.ts). @internal */
export const REDUCTION = {
  reduction: { fallback: 'mean', check: (op: string, _key: string, value: unknown) => checkReduction(op, value) },
} satisfies Record<string, Setting<Reduction>>;

/** The per-element losses combined as `reduction` says. @internal */
export function reduce(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  return reduction === 'sum' ? loss.sum() : loss.mean();
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/**
 * The start of every pointwise loss: a real input and target of the same shape, and the options read once (the keys
 * `reduction` and `extra`). @internal
 */
export function pointwiseLoss(op: string, input: Tensor, target: Tensor, opts: LossOptions, extra: string[] = []) {
  const x = requireReal(op, input, 'input');
  const y = requireReal(op, target, 'target');
  const read = readOptions(op, opts, ['reduction', ...extra]) as LossOptions;
  const reduction = checkReduction(op, read.reduction);
  sameShapes(op, x, y);
  return { x, y, reduction, read };
}

/** A ShapeError unless target has input's shape. @internal */
export function sameShapes(op: string, input: Tensor, target: Tensor): void {
  const a = input.shape;
  const b = target.shape;
  if (!sameShape(a, b))
    throw new ShapeError(`${op}: expected target of the same shape as input ${formatShape(a)}, got ${formatShape(b)}`);
}

/**
 * Mean squared error (x − y)² (torch.nn.functional.mse_loss).
 * @example `mseLoss(tensor([1, 2]), tensor([1, 4])).item(); // 2`
 */
export function mseLoss(input: Tensor, target: Tensor, opts: LossOptions = {}): Tensor {
  const op = 'nn.functional.mseLoss';
  const { x, y, reduction } = pointwiseLoss(op, input, target, opts);
  const diff = x.sub(y);
  return reduce(diff.mul(diff), reduction);
}

/**
 * Mean absolute error |x − y| (torch.nn.functional.l1_loss).
 * @example `l1Loss(tensor([1, 2]), tensor([0, 4])).item(); // 1.5`
 */
export function l1Loss(input: Tensor, target: Tensor, opts: LossOptions = {}): Tensor {
  const op = 'nn.functional.l1Loss';
  const { x, y, reduction } = pointwiseLoss(op, input, target, opts);
  return reduce(abs(x.sub(y)), reduction);
}

/** Options of {@link nllLoss} (torch's weight and ignore_index). */
export interface NllLossOptions extends LossOptions {
  /** A weight per class, shape [C] and the input's dtype: position i counts w[tᵢ] times, and 'mean' divides by Σ w[tᵢ]. */
  weight?: Tensor | null;
  /** A target value that contributes neither to the loss nor to the mean's denominator (default −100). */
  ignoreIndex?: number;
}

/** Options of {@link crossEntropy}. */
export interface CrossEntropyOptions extends NllLossOptions {
  /** ε in [0, 1]: the target becomes (1 − ε)·target + ε/C (default 0). */
  labelSmoothing?: number;
}

/** Checks int32 class indices (shape, range; `ignoreIndex` may be out of range) and says whether any is ignored. */
function checkClassIndices(
  op: string,
  target: Tensor,
  expectedShape: readonly number[],
  classes: number,
  ignoreIndex: number,
): boolean {
  if (target.shape.length !== expectedShape.length || target.shape.some((s, i) => s !== expectedShape[i]))
    throw new ShapeError(
      `${op}: expected class indices of shape ${formatShape(expectedShape)}, got ${describeValue(target)}`,
    );
  const indices = target.toTypedArray();
  let ignored = false;
  for (let i = 0; i < indices.length; i++) {
    if (indices[i] === ignoreIndex) ignored = true;
    else if (indices[i] < 0 || indices[i] >= classes)
      throw new ShapeError(
        `${op}: target ${indices[i]} is out of bounds for ${classes} classes (expected class indices in [0, ${classes - 1}], got ${indices[i]})`,
      );
  }
  return ignored;
}

/** −logp[target] along the class dim (logp: [N, C, ...] or [C]; target int32 [N, ...] or []). */
function pickNegative(logp: Tensor, classDim: number, target: Tensor): Tensor {
  return logp.gather(classDim, target.unsqueeze(classDim)).squeeze(classDim).neg();
}

/**
 * Cross-entropy between logits and a target (torch.nn.functional.cross_entropy). Logits: [N, C], [N, C, d…] or
 * unbatched [C]. Target: int32 class indices of the logits' shape without the class dim, or class probabilities of
 * the logits' shape. Computed from logSoftmax (stable for logits of any magnitude); 'mean' averages over every
 * position except the class dim.
 * @example
 * ```ts
 * const logits = tensor([[0, 0], [0, 0]], { dtype: 'float64' });
 * crossEntropy(logits, tensor([0, 1], { dtype: 'int32' })).item(); // Math.LN2
 * ```
 */
export function crossEntropy(logits: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const op = 'nn.functional.crossEntropy';
  const x = requireReal(op, logits, 'logits');
  if (!(target instanceof TensorClass))
    throw new DtypeError(`${op}: expected target to be a Tensor, got ${describeValue(target)}`);
  opts = readOptions(op, opts, ['reduction', 'labelSmoothing', 'weight', 'ignoreIndex']) as CrossEntropyOptions;
  const reduction = checkReduction(op, opts.reduction);
  const smoothing = checkLabelSmoothing(op, opts.labelSmoothing);
  const ignoreIndex = checkIgnoreIndex(op, opts.ignoreIndex);
  if (x.ndim === 0) throw new ShapeError(`${op}: expected logits with at least 1 dimension, got ${describeValue(x)}`);
  const classDim = x.ndim === 1 ? 0 : 1;
  const classes = x.shape[classDim];
  const weight = checkClassWeight(op, opts.weight, classes, x.dtype);
  const logp = logSoftmax(x, classDim);
  let loss: Tensor;
  if (target.dtype === 'int32') {
    const ignored = checkClassIndices(
      op,
      target,
      x.shape.filter((_, i) => i !== classDim),
      classes,
      ignoreIndex,
    );
    if (weight !== null || ignored)
      return weightedClassLoss(logp, classDim, target, { weight, ignoreIndex }, smoothing, reduction);
    loss = pickNegative(logp, classDim, target);
    if (smoothing > 0) loss = loss.mul(1 - smoothing).add(logp.mean(classDim).neg().mul(smoothing));
  } else if (target.dtype === 'float32' || target.dtype === 'float64') {
    if (!sameShape(x.shape, target.shape)) {
      // A float target with the shape of class indices is almost surely indices of the wrong dtype (torch: "expected
      // scalar type Long but found Float"): a DtypeError that says how to make them; any other shape is a ShapeError.
      const indexShape = x.shape.filter((_, i) => i !== classDim);
      const Err = sameShape(indexShape, target.shape) ? DtypeError : ShapeError;
      throw new Err(
        `${op}: class indices must be an int32 tensor, e.g. tensor([0, 1, 2], { dtype: 'int32' }) or target.to('int32'); a float target holds class probabilities and must have the shape of the logits ${formatShape(x.shape)} (expected int32 class indices of shape ${formatShape(indexShape)} or float probabilities of shape ${formatShape(x.shape)}, got ${describeValue(target)})`,
      );
    }
    // As PyTorch: class probabilities cannot skip positions.
    if (ignoreIndex >= 0)
      throw new DtypeError(
        `${op}: ignoreIndex is not supported with class-probability targets (expected int32 class indices, or no ignoreIndex; got ignoreIndex ${ignoreIndex})`,
      );
    const probs = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / classes) : target;
    const weighted =
      weight === null ? probs : probs.mul(weight.reshape(x.shape.map((s, d) => (d === classDim ? s : 1))));
    loss = logp.mul(weighted).sum(classDim).neg();
  } else {
    throw new DtypeError(
      `${op}: expected target to be int32 class indices or float32/float64 probabilities, got ${describeValue(target)}`,
    );
  }
  return reduce(loss, reduction);
}

/**
 * Negative log-likelihood of int32 class indices under log-probabilities (torch.nn.functional.nll_loss);
 * `crossEntropy(x, t)` equals `nllLoss(logSoftmax(x, 1), t)`.
 * @example `nllLoss(tensor([[-1, -2]], { dtype: 'float64' }), tensor([1], { dtype: 'int32' })).item(); // 2`
 */
export function nllLoss(logProbs: Tensor, target: Tensor, opts: NllLossOptions = {}): Tensor {
  const op = 'nn.functional.nllLoss';
  const x = requireReal(op, logProbs, 'input');
  opts = readOptions(op, opts, ['reduction', 'weight', 'ignoreIndex']) as NllLossOptions;
  const reduction = checkReduction(op, opts.reduction);
  const ignoreIndex = checkIgnoreIndex(op, opts.ignoreIndex);
  if (!(target instanceof TensorClass) || target.dtype !== 'int32')
    throw new DtypeError(`${op}: expected target to be int32 class indices, got ${describeValue(target)}`);
  if (x.ndim === 0) throw new ShapeError(`${op}: expected input with at least 1 dimension, got ${describeValue(x)}`);
  const classDim = x.ndim === 1 ? 0 : 1;
  const weight = checkClassWeight(op, opts.weight, x.shape[classDim], x.dtype);
  const ignored = checkClassIndices(
    op,
    target,
    x.shape.filter((_, i) => i !== classDim),
    x.shape[classDim],
    ignoreIndex,
  );
  if (weight !== null || ignored) return weightedClassLoss(x, classDim, target, { weight, ignoreIndex }, 0, reduction);
  return reduce(pickNegative(x, classDim, target), reduction);
}

/** Options of {@link binaryCrossEntropyWithLogits}. */
export interface BceWithLogitsOptions extends LossOptions {
  /** Weight of the positive term, broadcast against the input (torch's pos_weight). */
  posWeight?: Tensor | number;
}

/**
 * Binary cross-entropy on logits (torch.nn.functional.binary_cross_entropy_with_logits):
 * ℓ = (1 − y)·x + (1 + (w − 1)·y)·softplus(−x), with softplus(−x) = max(−x, 0) + log1p(e^−|x|) — finite for any x.
 * @example `binaryCrossEntropyWithLogits(tensor([0], { dtype: 'float64' }), tensor([1], { dtype: 'float64' })).item(); // Math.LN2`
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, opts: BceWithLogitsOptions = {}): Tensor {
  const op = 'nn.functional.binaryCrossEntropyWithLogits';
  const { x, y, reduction, read } = pointwiseLoss(op, input, target, opts, ['posWeight']);
  // softplus(−x) through core's softplus (its own rule, derivative σ): exact curvature σ(x)σ(−x) at x = 0 too, where
  // the rewrite max(−x, 0) + log1p(e^(−|x|)) gave 0 (issue #10). No threshold: torch's loss has none.
  const softplusNeg = softplus(neg(x), { threshold: Number.POSITIVE_INFINITY });
  const posWeight = (read as BceWithLogitsOptions).posWeight;
  let weight: Tensor | number = 1;
  if (posWeight !== undefined) {
    if (typeof posWeight !== 'number') broadcastShapes(op, x.shape, requireReal(op, posWeight, 'posWeight').shape);
    weight = y.mul(posWeight).sub(y).add(1);
  }
  const loss = y.neg().add(1).mul(x).add(softplusNeg.mul(weight));
  return reduce(loss, reduction);
}

/**
 * Binary cross-entropy on probabilities (torch.nn.functional.binary_cross_entropy), with each log clamped at −100 as
 * PyTorch does; prefer {@link binaryCrossEntropyWithLogits}, which is stable.
 * @example `binaryCrossEntropy(tensor([0.5], { dtype: 'float64' }), tensor([1], { dtype: 'float64' })).item(); // Math.LN2`
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, opts: LossOptions = {}): Tensor {
  const op = 'nn.functional.binaryCrossEntropy';
  const { x, y, reduction } = pointwiseLoss(op, input, target, opts);
  const probabilities = x.toTypedArray();
  for (let i = 0; i < probabilities.length; i++) {
    if (!(probabilities[i] >= 0 && probabilities[i] <= 1))
      throw new DtypeError(`${op}: expected every input element between 0 and 1, got ${probabilities[i]}`);
  }
  return reduce(binaryCrossEntropyElementwise(x, y), reduction);
}

/**
 * torch's guard on x(1 − x) in the input gradient of binary_cross_entropy: `EPSILON = 1e-12` in its Loss.cpp is a
 * float, so the divisor is float32(1e-12) = 9.99999996e-13 (torch 1.13 prints −1000000003995.8 for x = 0, y = 1).
 */
const BCE_EPSILON = Math.fround(1e-12);

/**
 * −(y·max(log x, −100) + (1 − y)·max(log(1 − x), −100)) elementwise, as torch, recorded as one node whose backward is
 * torch's (binary_cross_entropy_backward and _target_backward in FunctionsManual): g·(x − y)/max(x(1 − x), 1e-12) for
 * the input and g·(log(1 − x) − log x) for the target. Differentiating the clamped logs instead would give 0·∞ = NaN at
 * x = 0 and 1, where a saturated sigmoid puts the input. The backward is written with differentiable ops, so its own
 * derivative (the exact (x² − 2xy + y)/(x(1 − x))² inside (0, 1)) comes from the tape.
 */
function binaryCrossEntropyElementwise(x: Tensor, y: Tensor): Tensor {
  const loss = noGrad(() => {
    const logP = log(x).clamp(-100);
    const logNotP = log1p(neg(x)).clamp(-100);
    return y.mul(logP).add(y.neg().add(1).mul(logNotP)).neg();
  });
  recordNode('nn.functional.binaryCrossEntropy', [x, y], [loss], ([g]) => {
    if (g === null) return [null, null];
    const gx = g.mul(x.sub(y)).div(x.mul(x.neg().add(1)).clamp(BCE_EPSILON));
    const gy = g.mul(log1p(neg(x)).sub(log(x)));
    return [gx, gy];
  });
  return loss;
}
