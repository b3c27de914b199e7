/** Loss modules: thin wrappers over the loss functions of nn.functional. */
import type { Tensor } from '@tapegrad/core';
import { readOptions } from '@tapegrad/core/internal';
import { booleanOption, numberOption } from './checks';
import { checkClassWeight, checkIgnoreIndex } from './class-weights';
import {
  type GaussianNllLossOptions,
  gaussianNllLoss,
  type KlDivOptions,
  type KlDivReduction,
  klDiv,
  type PoissonNllLossOptions,
  poissonNllLoss,
} from './likelihood-losses';
import {
  type BceWithLogitsOptions,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  type CrossEntropyOptions,
  checkLabelSmoothing,
  checkReduction,
  crossEntropy,
  type LossOptions,
  l1Loss,
  mseLoss,
  type NllLossOptions,
  nllLoss,
  type Reduction,
  reductionOption,
  requireReal,
} from './loss-functions';
import {
  cosineEmbeddingLoss,
  hingeEmbeddingLoss,
  type MarginLossOptions,
  type MultilabelSoftMarginLossOptions,
  marginRankingLoss,
  multilabelSoftMarginLoss,
  softMarginLoss,
  type TripletMarginLossOptions,
  tripletMarginLoss,
} from './margin-losses';
import { Module } from './module';
import { type HuberLossOptions, huberLoss, type SmoothL1LossOptions, smoothL1Loss } from './robust-losses';

/** A loss module whose only setting is `reduction` (read under the module's name). */
abstract class ReducedLoss extends Module {
  readonly reduction: Reduction;

  constructor(op: string, opts: LossOptions) {
    super();
    this.reduction = reductionOption(op, opts);
  }
}

/**
 * Mean squared error (torch.nn.MSELoss); `forward(input, target)`.
 * @example `new nn.MSELoss().forward(tensor([1, 2]), tensor([1, 4])).item(); // 2`
 */
export class MSELoss extends ReducedLoss {
  constructor(opts: LossOptions = {}) {
    super('nn.MSELoss', opts);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}

/**
 * Mean absolute error (torch.nn.L1Loss); `forward(input, target)`.
 * @example `new nn.L1Loss({ reduction: 'sum' }).forward(tensor([1, 2]), tensor([0, 4])).item(); // 3`
 */
export class L1Loss extends ReducedLoss {
  constructor(opts: LossOptions = {}) {
    super('nn.L1Loss', opts);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }
}

/** The option keys that every loss over class indices reads. */
const CLASS_LOSS_KEYS = ['reduction', 'weight', 'ignoreIndex'] as const;

/** A loss over class indices with `reduction`, `ignoreIndex` and a per-category `weight` buffer. */
abstract class WeightedClassLoss extends Module {
  readonly reduction: Reduction;
  readonly ignoreIndex: number;
  /** The weight of each class (a buffer), or null. */
  declare weight: Tensor | null;

  /** `o` is the copy that readOptions returned; `ownKeys` are the keys of the subclass's own options. */
  constructor(op: string, o: NllLossOptions, ownKeys: readonly string[]) {
    super();
    this.reduction = reductionOption(op, o, ['weight', 'ignoreIndex', ...ownKeys]);
    this.ignoreIndex = checkIgnoreIndex(op, o.ignoreIndex);
    this.registerBuffer('weight', checkClassWeight(op, o.weight, null, null));
  }
}

/**
 * Cross-entropy of logits against int32 class indices or class probabilities (torch.nn.CrossEntropyLoss). A `weight`
 * is a buffer of the module (state dict key `weight`, cast by `to(dtype)`), as in PyTorch.
 * @example
 * ```ts
 * const loss = new nn.CrossEntropyLoss();
 * loss.forward(tensor([[0, 0]], { dtype: 'float64' }), tensor([1], { dtype: 'int32' })).item(); // Math.LN2
 * ```
 */
export class CrossEntropyLoss extends WeightedClassLoss {
  readonly labelSmoothing: number;

  constructor(opts: CrossEntropyOptions = {}) {
    const op = 'nn.CrossEntropyLoss';
    const o = readOptions(op, opts, [...CLASS_LOSS_KEYS, 'labelSmoothing']) as CrossEntropyOptions;
    super(op, o, ['labelSmoothing']);
    this.labelSmoothing = checkLabelSmoothing(op, o.labelSmoothing);
  }

  forward(logits: Tensor, target: Tensor): Tensor {
    const { reduction, labelSmoothing, ignoreIndex, weight } = this;
    return crossEntropy(logits, target, { reduction, labelSmoothing, ignoreIndex, weight });
  }
}

/**
 * Negative log-likelihood of class indices under log-probabilities (torch.nn.NLLLoss); a `weight` is a buffer.
 * @example `new nn.NLLLoss().forward(tensor([[-1, -2]], { dtype: 'float64' }), tensor([0], { dtype: 'int32' })).item(); // 1`
 */
export class NLLLoss extends WeightedClassLoss {
  constructor(opts: NllLossOptions = {}) {
    super('nn.NLLLoss', readOptions('nn.NLLLoss', opts, CLASS_LOSS_KEYS) as NllLossOptions, []);
  }

  forward(logProbs: Tensor, target: Tensor): Tensor {
    const { reduction, ignoreIndex, weight } = this;
    return nllLoss(logProbs, target, { reduction, ignoreIndex, weight });
  }
}

/**
 * Binary cross-entropy on logits (torch.nn.BCEWithLogitsLoss); a tensor `posWeight` is a buffer of the module.
 * @example `new nn.BCEWithLogitsLoss().forward(tensor([0], { dtype: 'float64' }), tensor([0], { dtype: 'float64' })).item(); // Math.LN2`
 */
export class BCEWithLogitsLoss extends Module {
  readonly reduction: Reduction;
  readonly posWeight: Tensor | number | undefined;

  constructor(opts: BceWithLogitsOptions = {}) {
    super();
    opts = readOptions('nn.BCEWithLogitsLoss', opts, ['reduction', 'posWeight']) as BceWithLogitsOptions;
    this.reduction = reductionOption('nn.BCEWithLogitsLoss', opts, ['posWeight']);
    if (opts.posWeight !== undefined && typeof opts.posWeight !== 'number')
      requireReal('nn.BCEWithLogitsLoss', opts.posWeight, 'posWeight');
    this.posWeight = opts.posWeight;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, { reduction: this.reduction, posWeight: this.posWeight });
  }
}

/**
 * Binary cross-entropy on probabilities (torch.nn.BCELoss); prefer {@link BCEWithLogitsLoss}.
 * @example `new nn.BCELoss().forward(tensor([0.5], { dtype: 'float64' }), tensor([0], { dtype: 'float64' })).item(); // Math.LN2`
 */
export class BCELoss extends ReducedLoss {
  constructor(opts: LossOptions = {}) {
    super('nn.BCELoss', opts);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { reduction: this.reduction });
  }
}

/** A loss module with `reduction` and one number setting (read and checked under the module's name). */
abstract class TunedLoss<K extends string> extends Module {
  readonly reduction: Reduction;
  protected readonly setting: number;

  constructor(op: string, opts: LossOptions, key: K, fallback: number, sign: 'any' | 'positive' | 'nonNegative') {
    super();
    const o = readOptions(op, opts, ['reduction', key]) as LossOptions & Record<K, number | undefined>;
    this.reduction = checkReduction(op, o.reduction);
    this.setting = numberOption(op, key, o[key] ?? fallback, sign);
  }
}

/**
 * smoothL1Loss (torch.nn.SmoothL1Loss; β = 1); `forward(input, target)`.
 * @example `new nn.SmoothL1Loss().forward(tensor([0, 3]), tensor([0.5, 0])).item(); // 1.3125`
 */
export class SmoothL1Loss extends TunedLoss<'beta'> {
  constructor(opts: SmoothL1LossOptions = {}) {
    super('nn.SmoothL1Loss', opts, 'beta', 1, 'nonNegative');
  }

  /** Where the loss turns from quadratic to linear. */
  get beta(): number {
    return this.setting;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, { reduction: this.reduction, beta: this.setting });
  }
}

/**
 * huberLoss (torch.nn.HuberLoss; δ = 1); `forward(input, target)`.
 * @example `new nn.HuberLoss().forward(tensor([0, 3]), tensor([0.5, 0])).item(); // 1.3125`
 */
export class HuberLoss extends TunedLoss<'delta'> {
  constructor(opts: HuberLossOptions = {}) {
    super('nn.HuberLoss', opts, 'delta', 1, 'positive');
  }

  /** Where the loss turns from quadratic to linear. */
  get delta(): number {
    return this.setting;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.setting });
  }
}

/** A margin loss module: `reduction` and `margin`. */
abstract class MarginLoss extends TunedLoss<'margin'> {
  /** The margin. */
  get margin(): number {
    return this.setting;
  }
}

/**
 * marginRankingLoss (torch.nn.MarginRankingLoss; margin 0); `forward(x1, x2, target)`.
 * @example `new nn.MarginRankingLoss().forward(tensor([1]), tensor([2]), tensor([1])).item(); // 1`
 */
export class MarginRankingLoss extends MarginLoss {
  constructor(opts: MarginLossOptions = {}) {
    super('nn.MarginRankingLoss', opts, 'margin', 0, 'any');
  }

  forward(x1: Tensor, x2: Tensor, target: Tensor): Tensor {
    return marginRankingLoss(x1, x2, target, { reduction: this.reduction, margin: this.setting });
  }
}

/**
 * hingeEmbeddingLoss (torch.nn.HingeEmbeddingLoss; margin 1); `forward(input, target)`.
 * @example `new nn.HingeEmbeddingLoss().forward(tensor([0.5]), tensor([-1])).item(); // 0.5`
 */
export class HingeEmbeddingLoss extends MarginLoss {
  constructor(opts: MarginLossOptions = {}) {
    super('nn.HingeEmbeddingLoss', opts, 'margin', 1, 'any');
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return hingeEmbeddingLoss(input, target, { reduction: this.reduction, margin: this.setting });
  }
}

/**
 * cosineEmbeddingLoss (torch.nn.CosineEmbeddingLoss; margin 0); `forward(x1, x2, target)`.
 * @example `new nn.CosineEmbeddingLoss().forward(tensor([[1, 0]]), tensor([[0, 1]]), tensor([1])).item(); // 1`
 */
export class CosineEmbeddingLoss extends MarginLoss {
  constructor(opts: MarginLossOptions = {}) {
    super('nn.CosineEmbeddingLoss', opts, 'margin', 0, 'any');
  }

  forward(x1: Tensor, x2: Tensor, target: Tensor): Tensor {
    return cosineEmbeddingLoss(x1, x2, target, { reduction: this.reduction, margin: this.setting });
  }
}

/**
 * softMarginLoss (torch.nn.SoftMarginLoss); `forward(input, target)`.
 * @example `new nn.SoftMarginLoss().forward(tensor([0]), tensor([1])).item(); // Math.LN2`
 */
export class SoftMarginLoss extends ReducedLoss {
  constructor(opts: LossOptions = {}) {
    super('nn.SoftMarginLoss', opts);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return softMarginLoss(input, target, { reduction: this.reduction });
  }
}

/**
 * multilabelSoftMarginLoss (torch.nn.MultiLabelSoftMarginLoss); a `weight` is a buffer; `forward(input, target)`.
 * @example `new nn.MultiLabelSoftMarginLoss().forward(tensor([[0, 0]]), tensor([[1, 0]])).item(); // Math.LN2`
 */
export class MultiLabelSoftMarginLoss extends Module {
  readonly reduction: Reduction;
  /** The weight of each class (a buffer), or null. */
  declare weight: Tensor | null;

  constructor(opts: MultilabelSoftMarginLossOptions = {}) {
    super();
    const op = 'nn.MultiLabelSoftMarginLoss';
    const o = readOptions(op, opts, ['reduction', 'weight']) as MultilabelSoftMarginLossOptions;
    this.reduction = checkReduction(op, o.reduction);
    this.registerBuffer(
      'weight',
      o.weight === undefined || o.weight === null ? null : requireReal(op, o.weight, 'weight'),
    );
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return multilabelSoftMarginLoss(input, target, { reduction: this.reduction, weight: this.weight });
  }
}

/**
 * klDiv (torch.nn.KLDivLoss); `forward(input, target)` with input as log-probabilities.
 * @example `new nn.KLDivLoss({ reduction: 'batchmean' }).forward(tensor([[0.5, 0.5]]).log(), tensor([[0.5, 0.5]])).item(); // 0`
 */
export class KLDivLoss extends Module {
  readonly reduction: KlDivReduction;
  readonly logTarget: boolean;

  constructor(opts: KlDivOptions = {}) {
    super();
    const op = 'nn.KLDivLoss';
    const o = readOptions(op, opts, ['reduction', 'logTarget']) as KlDivOptions;
    this.reduction = o.reduction === 'batchmean' ? 'batchmean' : checkReduction(op, o.reduction);
    this.logTarget = booleanOption(op, 'logTarget', o.logTarget, false);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}

/**
 * poissonNllLoss (torch.nn.PoissonNLLLoss); `forward(input, target)`.
 * @example `new nn.PoissonNLLLoss().forward(tensor([0]), tensor([1])).item(); // 1`
 */
export class PoissonNLLLoss extends Module {
  readonly reduction: Reduction;
  readonly logInput: boolean;
  readonly full: boolean;
  readonly eps: number;

  constructor(opts: PoissonNllLossOptions = {}) {
    super();
    const op = 'nn.PoissonNLLLoss';
    const o = readOptions(op, opts, ['reduction', 'logInput', 'full', 'eps']) as PoissonNllLossOptions;
    this.reduction = checkReduction(op, o.reduction);
    this.logInput = booleanOption(op, 'logInput', o.logInput, true);
    this.full = booleanOption(op, 'full', o.full, false);
    this.eps = numberOption(op, 'eps', o.eps ?? 1e-8, 'nonNegative');
  }

  forward(input: Tensor, target: Tensor): Tensor {
    const { reduction, logInput, full, eps } = this;
    return poissonNllLoss(input, target, { reduction, logInput, full, eps });
  }
}

/**
 * gaussianNllLoss (torch.nn.GaussianNLLLoss); `forward(input, target, variance)`.
 * @example `new nn.GaussianNLLLoss().forward(tensor([0]), tensor([0]), tensor([1])).item(); // 0`
 */
export class GaussianNLLLoss extends Module {
  readonly reduction: Reduction;
  readonly full: boolean;
  readonly eps: number;

  constructor(opts: GaussianNllLossOptions = {}) {
    super();
    const op = 'nn.GaussianNLLLoss';
    const o = readOptions(op, opts, ['reduction', 'full', 'eps']) as GaussianNllLossOptions;
    this.reduction = checkReduction(op, o.reduction);
    this.full = booleanOption(op, 'full', o.full, false);
    this.eps = numberOption(op, 'eps', o.eps ?? 1e-6, 'nonNegative');
  }

  forward(input: Tensor, target: Tensor, variance: Tensor): Tensor {
    const { reduction, full, eps } = this;
    return gaussianNllLoss(input, target, variance, { reduction, full, eps });
  }
}

/**
 * tripletMarginLoss (torch.nn.TripletMarginLoss; margin 1, p 2, ε 1e-6); `forward(anchor, positive, negative)`.
 * @example `new nn.TripletMarginLoss({ eps: 0 }).forward(tensor([[0, 0]]), tensor([[0, 0]]), tensor([[3, 4]])).item(); // 0`
 */
export class TripletMarginLoss extends Module {
  readonly reduction: Reduction;
  readonly margin: number;
  readonly p: number;
  readonly eps: number;
  readonly swap: boolean;

  constructor(opts: TripletMarginLossOptions = {}) {
    super();
    const op = 'nn.TripletMarginLoss';
    const o = readOptions(op, opts, ['reduction', 'margin', 'p', 'eps', 'swap']) as TripletMarginLossOptions;
    this.reduction = checkReduction(op, o.reduction);
    this.margin = numberOption(op, 'margin', o.margin ?? 1);
    this.p = numberOption(op, 'p', o.p ?? 2, 'nonNegative');
    this.eps = numberOption(op, 'eps', o.eps ?? 1e-6);
    this.swap = booleanOption(op, 'swap', o.swap, false);
  }

  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    const { reduction, margin, p, eps, swap } = this;
    return tripletMarginLoss(anchor, positive, negative, { reduction, margin, p, eps, swap });
  }
}
