/**
 * Likelihood losses of torch.nn.functional, in PyTorch 1.13's formulas:
 * - klDiv(input, target): target·(log target − input) pointwise (input holds log-probabilities), or
 *   e^target·(target − input) with `logTarget`; 0 where target = 0 (xlogy's convention, so 0·log 0 is 0, never NaN);
 * - poissonNllLoss: eˣ − t·x with `logInput` (default), else x − t·log(x + ε); `full` adds Stirling's approximation
 *   t·log t − t + ½log(2πt) of log(t!) where t > 1;
 * - gaussianNllLoss: ½(log v + (x − t)²/v) (+ ½log 2π with `full`), with v = max(var, ε) in the forward and the
 *   gradient passed to var unclamped (PyTorch clamps a clone under no_grad).
 */
import type { Tensor } from '@tapegrad/core';
import { DtypeError, ShapeError, where } from '@tapegrad/core';
import { describeValue, formatShape, readOptions } from '@tapegrad/core/internal';
import { clampForwardOnly } from './forward-clamp';
import { checkReduction, type LossOptions, pointwiseLoss, reduce, requireReal, sameShapes } from './loss-functions';
import { booleanSetting, numberSetting, readSettings } from './settings';

/** `reduction` of {@link klDiv}: the losses' reductions plus 'batchmean' (the sum divided by the batch size). */
export type KlDivReduction = 'mean' | 'batchmean' | 'sum' | 'none';

/** Options of {@link klDiv}. */
export interface KlDivOptions {
  /** 'mean' (default; the mean over every element, as PyTorch), 'batchmean' (the KL divergence), 'sum' or 'none'. */
  reduction?: KlDivReduction;
  /** The target holds log-probabilities too (default false). */
  logTarget?: boolean;
}

/** The options of klDiv beside `reduction`, with PyTorch's default. @internal */
export const KL_DIV = { logTarget: booleanSetting(false) };

/** Reads klDiv's options ('batchmean' is a reduction only it has). @internal */
export function readKlDivOptions(op: string, opts: KlDivOptions): { reduction: KlDivReduction; logTarget: boolean } {
  const o = readOptions(op, opts, ['reduction', ...Object.keys(KL_DIV)]) as KlDivOptions;
  const reduction = o.reduction === 'batchmean' ? 'batchmean' : checkReduction(op, o.reduction);
  return { reduction, ...readSettings(op, o, KL_DIV) };
}

/**
 * The Kullback–Leibler divergence loss, with `input` as log-probabilities (torch.nn.functional.kl_div). Use
 * `reduction: 'batchmean'` for the divergence itself; 'mean' divides by the number of elements, as PyTorch.
 * @example `klDiv(tensor([0.5, 0.5]).log(), tensor([0.5, 0.5]), { reduction: 'sum' }).item(); // 0`
 */
export function klDiv(input: Tensor, target: Tensor, opts: KlDivOptions = {}): Tensor {
  const op = 'nn.functional.klDiv';
  const x = requireReal(op, input, 'input');
  const t = requireReal(op, target, 'target');
  sameShapes(op, x, t);
  const o = readKlDivOptions(op, opts);
  const { logTarget } = o;
  const batchmean = o.reduction === 'batchmean';
  const reduction = o.reduction === 'batchmean' ? 'sum' : o.reduction;
  let loss: Tensor;
  if (logTarget) loss = t.exp().mul(t.sub(x));
  else {
    const zero = t.eq(0);
    const safe = where(zero, 1, t); // log is taken of 1 where t = 0, so no −∞ reaches a gradient
    loss = where(zero, 0, safe.mul(safe.log())).sub(t.mul(x));
  }
  const out = reduce(loss, reduction);
  if (!batchmean) return out;
  if (x.ndim === 0) throw new ShapeError(`${op}: expected a batch dimension for 'batchmean', got a scalar input`);
  return out.div(x.shape[0] as number);
}

/** Options of {@link poissonNllLoss}. */
export interface PoissonNllLossOptions extends LossOptions {
  /** The input is the log of the rate (default true). */
  logInput?: boolean;
  /** Add Stirling's approximation of log(target!) (default false). */
  full?: boolean;
  /** Added to the rate before its log when `logInput` is false (default 1e-8). */
  eps?: number;
}

/** The options of poissonNllLoss beside `reduction`, with PyTorch's defaults. @internal */
export const POISSON_NLL = {
  logInput: booleanSetting(true),
  full: booleanSetting(false),
  eps: numberSetting(1e-8, 'nonNegative'),
};

/**
 * The negative log-likelihood of a Poisson distribution (torch.nn.functional.poisson_nll_loss).
 * @example `poissonNllLoss(tensor([0]), tensor([1])).item(); // e⁰ − 1·0 = 1`
 */
export function poissonNllLoss(input: Tensor, target: Tensor, opts: PoissonNllLossOptions = {}): Tensor {
  const op = 'nn.functional.poissonNllLoss';
  const { x, y, reduction, read } = pointwiseLoss(op, input, target, opts, Object.keys(POISSON_NLL));
  const { logInput, full, eps } = readSettings(op, read, POISSON_NLL);
  let loss = logInput ? x.exp().sub(y.mul(x)) : x.sub(y.mul(x.add(eps).log()));
  if (full) {
    const big = y.gt(1);
    const t = where(big, y, 2); // the masked branch is evaluated at 2, so it stays finite
    const stirling = t
      .mul(t.log())
      .sub(t)
      .add(
        t
          .mul(2 * Math.PI)
          .log()
          .mul(0.5),
      );
    loss = loss.add(where(big, stirling, 0));
  }
  return reduce(loss, reduction);
}

/** Options of {@link gaussianNllLoss}. */
export interface GaussianNllLossOptions extends LossOptions {
  /** Add the constant ½log(2π) (default false). */
  full?: boolean;
  /** The smallest variance used (default 1e-6). */
  eps?: number;
}

/** The options of gaussianNllLoss beside `reduction`, with PyTorch's defaults. @internal */
export const GAUSSIAN_NLL = { full: booleanSetting(false), eps: numberSetting(1e-6, 'nonNegative') };

/**
 * The negative log-likelihood of a Gaussian with mean `input` and variance `variance` (torch.nn.functional.
 * gaussian_nll_loss). `variance` has the input's shape, or that shape without its last dim or with last dim 1 (one
 * variance shared by the last dim); a negative variance is a DtypeError.
 * @example `gaussianNllLoss(tensor([0]), tensor([0]), tensor([1])).item(); // 0`
 */
export function gaussianNllLoss(
  input: Tensor,
  target: Tensor,
  variance: Tensor,
  opts: GaussianNllLossOptions = {},
): Tensor {
  const op = 'nn.functional.gaussianNllLoss';
  const { x, y, reduction, read } = pointwiseLoss(op, input, target, opts, Object.keys(GAUSSIAN_NLL));
  let v = requireReal(op, variance, 'variance');
  const { full, eps } = readSettings(op, read, GAUSSIAN_NLL);
  const xs = x.shape;
  const vs = v.shape;
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((s, i) => s === b[i]);
  if (!same(vs, xs)) {
    if (xs.length > 0 && same(vs, xs.slice(0, -1))) v = v.unsqueeze(-1);
    else if (
      !(xs.length > 0 && vs.length === xs.length && vs[vs.length - 1] === 1 && same(vs.slice(0, -1), xs.slice(0, -1)))
    )
      throw new ShapeError(
        `${op}: expected a variance of shape ${formatShape(xs)}, ${formatShape(xs.slice(0, -1))} or with last dim 1, got ${formatShape(vs)}`,
      );
  }
  if (v.lt(0).any().item())
    throw new DtypeError(`${op}: expected a variance ≥ 0 everywhere, got a negative entry in ${describeValue(v)}`);
  // max(v, ε) in the forward; the gradient reaches v as if unclamped (PyTorch clamps a clone in place under no_grad).
  const clamped = clampForwardOnly(v, eps);
  const diff = x.sub(y);
  let loss = clamped.log().add(diff.mul(diff).div(clamped)).mul(0.5);
  if (full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
  return reduce(loss, reduction);
}
