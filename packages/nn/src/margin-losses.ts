/**
 * Margin and embedding losses of torch.nn.functional, in PyTorch 1.13's formulas (ATen's Loss.cpp):
 * - softMarginLoss: log(1 + e^(−y·x)), computed as −logsigmoid(y·x) so no input overflows (PyTorch's log1p(exp(·))
 *   gives ∞ beyond −y·x ≈ 709);
 * - multilabelSoftMarginLoss: −(y·logσ(x) + (1 − y)·logσ(−x)) averaged over the classes (last dim), per sample;
 * - marginRankingLoss: max(0, −y·(x₁ − x₂) + margin);
 * - hingeEmbeddingLoss: x where y = 1, max(0, margin − x) where y = −1;
 * - cosineEmbeddingLoss: 1 − cos(x₁, x₂) where y = 1, max(0, cos − margin) where y = −1, with
 *   cos = x₁·x₂ / √((‖x₁‖² + 10⁻¹²)(‖x₂‖² + 10⁻¹²));
 * - tripletMarginLoss: max(0, margin + d(a, p) − d(a, n)) with d = pairwiseDistance (and d(a, n) replaced by
 *   min(d(a, n), d(p, n)) with `swap`; Balntas et al., BMVC 2016).
 * max(0, ·) is PyTorch's clamp_min, whose derivative is 1 on the boundary.
 */
import type { Tensor } from '@tapegrad/core';
import { minimum, ShapeError, where } from '@tapegrad/core';
import { formatShape, readOptions } from '@tapegrad/core/internal';
import { requireRealFloating } from './checks';
import { normOrderSetting, pairwiseDistance } from './distance';
import { logsigmoid } from './log-sigmoid';
import { checkReduction, type LossOptions, pointwiseLoss, reduce, requireReal, sameShapes } from './loss-functions';
import { booleanSetting, numberSetting, readSettings } from './settings';

/** Options of the losses with a margin. */
export interface MarginLossOptions extends LossOptions {
  /** The margin (default: 0 for marginRankingLoss and cosineEmbeddingLoss, 1 for the others). */
  margin?: number;
}

/** The options of marginRankingLoss and cosineEmbeddingLoss beside `reduction` (PyTorch's margin 0). @internal */
export const MARGIN_0 = { margin: numberSetting(0) };
/** The options of hingeEmbeddingLoss beside `reduction` (PyTorch's margin 1). @internal */
export const MARGIN_1 = { margin: numberSetting(1) };

/**
 * The two-class logistic loss log(1 + e^(−y·x)) with targets ±1 (torch.nn.functional.soft_margin_loss).
 * @example `softMarginLoss(tensor([0]), tensor([1])).item(); // Math.LN2`
 */
export function softMarginLoss(input: Tensor, target: Tensor, opts: LossOptions = {}): Tensor {
  const { x, y, reduction } = pointwiseLoss('nn.functional.softMarginLoss', input, target, opts);
  return reduce(logsigmoid(y.mul(x)).neg(), reduction);
}

/** Options of {@link multilabelSoftMarginLoss}. */
export interface MultilabelSoftMarginLossOptions extends LossOptions {
  /** A weight per class (shape [C], the input's dtype), or null. */
  weight?: Tensor | null;
}

/**
 * The multi-label one-versus-all logistic loss, input and target [N, C] or [C] with targets in [0, 1]
 * (torch.nn.functional.multilabel_soft_margin_loss).
 * @example `multilabelSoftMarginLoss(tensor([[0, 0]]), tensor([[1, 0]])).item(); // Math.LN2`
 */
export function multilabelSoftMarginLoss(
  input: Tensor,
  target: Tensor,
  opts: MultilabelSoftMarginLossOptions = {},
): Tensor {
  const op = 'nn.functional.multilabelSoftMarginLoss';
  const { x, y, reduction, read } = pointwiseLoss(op, input, target, opts, ['weight']);
  if (x.ndim === 0 || x.ndim > 2)
    throw new ShapeError(`${op}: expected an input of shape [N, C] or [C], got ${formatShape(x.shape)}`);
  let loss = y
    .mul(logsigmoid(x))
    .add(y.neg().add(1).mul(logsigmoid(x.neg())))
    .neg();
  const weight = (read as MultilabelSoftMarginLossOptions).weight;
  if (weight !== undefined && weight !== null) {
    const w = requireReal(op, weight, 'weight');
    const classes = x.shape[x.ndim - 1] as number;
    if (w.ndim !== 1 || w.shape[0] !== classes)
      throw new ShapeError(`${op}: expected a weight of shape [${classes}], got ${formatShape(w.shape)}`);
    loss = loss.mul(w);
  }
  return reduce(loss.mean(-1), reduction);
}

/**
 * max(0, −y·(x1 − x2) + margin) with targets ±1 (torch.nn.functional.margin_ranking_loss; margin 0).
 * @example `marginRankingLoss(tensor([1]), tensor([2]), tensor([1])).item(); // 1`
 */
export function marginRankingLoss(x1: Tensor, x2: Tensor, target: Tensor, opts: MarginLossOptions = {}): Tensor {
  const op = 'nn.functional.marginRankingLoss';
  const { x: a, y: b, reduction, read } = pointwiseLoss(op, x1, x2, opts, ['margin']);
  const y = requireReal(op, target, 'target');
  sameShapes(op, a, y);
  const { margin } = readSettings(op, read, MARGIN_0);
  return reduce(y.neg().mul(a.sub(b)).add(margin).clamp(0), reduction);
}

/**
 * x where y = 1 and max(0, margin − x) where y = −1 (torch.nn.functional.hinge_embedding_loss; margin 1).
 * @example `hingeEmbeddingLoss(tensor([0.5, 0.5]), tensor([1, -1])).item(); // (0.5 + 0.5) / 2`
 */
export function hingeEmbeddingLoss(input: Tensor, target: Tensor, opts: MarginLossOptions = {}): Tensor {
  const op = 'nn.functional.hingeEmbeddingLoss';
  const { x, y, reduction, read } = pointwiseLoss(op, input, target, opts, ['margin']);
  const { margin } = readSettings(op, read, MARGIN_1);
  const negative = where(y.ne(1), x.neg().add(margin).clamp(0), 0);
  return reduce(negative.add(where(y.ne(-1), x, 0)), reduction);
}

/** ATen's ε in cosine_embedding_loss, added to each squared norm. */
const COSINE_EPSILON = 1e-12;

/**
 * 1 − cos(x1, x2) where y = 1 and max(0, cos(x1, x2) − margin) where y = −1, for x1, x2 [N, D] (target [N]) or [D]
 * (target a scalar) (torch.nn.functional.cosine_embedding_loss; margin 0).
 * @example `cosineEmbeddingLoss(tensor([[1, 0]]), tensor([[0, 1]]), tensor([1])).item(); // 1`
 */
export function cosineEmbeddingLoss(x1: Tensor, x2: Tensor, target: Tensor, opts: MarginLossOptions = {}): Tensor {
  const op = 'nn.functional.cosineEmbeddingLoss';
  const { x: a, y: b, reduction, read } = pointwiseLoss(op, x1, x2, opts, ['margin']);
  const y = requireReal(op, target, 'target');
  if (a.ndim !== 1 && a.ndim !== 2)
    throw new ShapeError(`${op}: expected 1-D or 2-D inputs, got ${formatShape(a.shape)}`);
  const dim = a.ndim - 1;
  if (y.ndim !== a.ndim - 1 || (a.ndim === 2 && y.shape[0] !== a.shape[0]))
    throw new ShapeError(
      `${op}: expected a target of shape ${formatShape(a.shape.slice(0, -1))}, got ${formatShape(y.shape)}`,
    );
  const { margin } = readSettings(op, read, MARGIN_0);
  const dot = a.mul(b).sum(dim);
  const norms = a.mul(a).sum(dim).add(COSINE_EPSILON).mul(b.mul(b).sum(dim).add(COSINE_EPSILON));
  const cos = dot.div(norms.sqrt());
  const loss = where(y.eq(1), cos.neg().add(1), 0).add(where(y.eq(-1), cos.sub(margin).clamp(0), 0));
  return reduce(loss, reduction);
}

/** Options of {@link tripletMarginLoss}. */
export interface TripletMarginLossOptions extends MarginLossOptions {
  /** The distance's norm order (default 2). */
  p?: number;
  /** Added to the differences in the distances (default 1e-6). */
  eps?: number;
  /** Use min(d(a, n), d(p, n)) as the negative distance (default false). */
  swap?: boolean;
}

/** The options of tripletMarginLoss beside `reduction`, with PyTorch's defaults. @internal */
export const TRIPLET_MARGIN = {
  margin: numberSetting(1),
  p: normOrderSetting(2),
  eps: numberSetting(1e-6),
  swap: booleanSetting(false),
};

/**
 * max(0, margin + d(anchor, positive) − d(anchor, negative)) (torch.nn.functional.triplet_margin_loss; margin 1,
 * p 2, ε 1e-6).
 * @example `tripletMarginLoss(tensor([[0, 0]]), tensor([[0, 0]]), tensor([[3, 4]]), { eps: 0 }).item(); // 0`
 */
export function tripletMarginLoss(
  anchor: Tensor,
  positive: Tensor,
  negative: Tensor,
  opts: TripletMarginLossOptions = {},
): Tensor {
  const op = 'nn.functional.tripletMarginLoss';
  const a = requireRealFloating(op, anchor, 'anchor');
  const pos = requireRealFloating(op, positive, 'positive');
  const neg = requireRealFloating(op, negative, 'negative');
  sameShapes(op, a, pos);
  sameShapes(op, a, neg);
  const o = readOptions(op, opts, ['reduction', ...Object.keys(TRIPLET_MARGIN)]) as LossOptions;
  const reduction = checkReduction(op, o.reduction);
  const { margin, p, eps, swap } = readSettings(op, o, TRIPLET_MARGIN);
  const d = { p, eps };
  const dPos = pairwiseDistance(a, pos, d);
  let dNeg = pairwiseDistance(a, neg, d);
  if (swap) dNeg = minimum(dNeg, pairwiseDistance(pos, neg, d));
  return reduce(dPos.sub(dNeg).add(margin).clamp(0), reduction);
}
