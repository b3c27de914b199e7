/**
 * The robust regression losses of torch.nn.functional: smoothL1Loss (quadratic below β, linear above; Girshick,
 * "Fast R-CNN", 2015) and huberLoss (Huber, "Robust estimation of a location parameter", 1964). With d = x − y:
 * - smoothL1Loss: ½d²/β for |d| < β, |d| − ½β otherwise (β = 0 is l1Loss);
 * - huberLoss: ½d² for |d| < δ, δ(|d| − ½δ) otherwise (= β·smoothL1Loss with β = δ).
 * Both are C¹; on |d| = β (δ) the linear branch is taken, so the second derivative there is 0, as PyTorch's
 * smooth_l1_loss_double_backward / huber_loss_double_backward (`|d| < β`).
 */
import type { Tensor } from '@tapegrad/core';
import { where } from '@tapegrad/core';
import { type LossOptions, pointwiseLoss, reduce } from './loss-functions';
import { numberSetting, readSettings } from './settings';

/** Options of {@link smoothL1Loss}. */
export interface SmoothL1LossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1; ≥ 0, 0 is the L1 loss). */
  beta?: number;
}

/** Options of {@link huberLoss}. */
export interface HuberLossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1; > 0). */
  delta?: number;
}

/** The options of smoothL1Loss beside `reduction`, with PyTorch's default. @internal */
export const SMOOTH_L1 = { beta: numberSetting(1, 'nonNegative') };
/** The options of huberLoss beside `reduction`, with PyTorch's default. @internal */
export const HUBER = { delta: numberSetting(1, 'positive') };

/** ½d²·q for |d| < t, else s·(|d| − ½t): the shared piecewise form (q = 1/β, s = 1 or q = 1, s = δ). */
function piecewise(d: Tensor, t: number, q: number, s: number): Tensor {
  const ad = d.abs();
  const quadratic = ad.lt(t);
  // The quadratic branch gets 0 where it is not taken (the "double where"): d = ±∞ would make ∞·0 = NaN there.
  const dq = where(quadratic, d, 0);
  return where(quadratic, dq.mul(dq).mul(0.5 * q), ad.sub(0.5 * t).mul(s));
}

/**
 * The smooth L1 loss (torch.nn.functional.smooth_l1_loss; β = 1).
 * @example `smoothL1Loss(tensor([0, 3]), tensor([0.5, 0])).item(); // (0.125 + 2.5) / 2 = 1.3125`
 */
export function smoothL1Loss(input: Tensor, target: Tensor, opts: SmoothL1LossOptions = {}): Tensor {
  const op = 'nn.functional.smoothL1Loss';
  const { x, y, reduction, read } = pointwiseLoss(op, input, target, opts, Object.keys(SMOOTH_L1));
  const { beta } = readSettings(op, read, SMOOTH_L1);
  const d = x.sub(y);
  // β = 0 is the L1 loss (as PyTorch); the quadratic branch's 1/β = ∞ would leak NaN into the gradient.
  return reduce(beta === 0 ? d.abs() : piecewise(d, beta, 1 / beta, 1), reduction);
}

/**
 * The Huber loss (torch.nn.functional.huber_loss; δ = 1).
 * @example `huberLoss(tensor([0, 3]), tensor([0.5, 0])).item(); // (0.125 + 2.5) / 2 = 1.3125`
 */
export function huberLoss(input: Tensor, target: Tensor, opts: HuberLossOptions = {}): Tensor {
  const op = 'nn.functional.huberLoss';
  const { x, y, reduction, read } = pointwiseLoss(op, input, target, opts, Object.keys(HUBER));
  const { delta } = readSettings(op, read, HUBER);
  return reduce(piecewise(x.sub(y), delta, 1, delta), reduction);
}
