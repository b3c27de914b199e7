/** Loss modules: thin wrappers over the loss functions of nn.functional. */
import type { Tensor } from '@tapegrad/core';
import { readOptions } from '@tapegrad/core/internal';
import { checkClassWeight, checkIgnoreIndex } from './class-weights';
import {
  GAUSSIAN_NLL,
  type GaussianNllLossOptions,
  gaussianNllLoss,
  type KlDivOptions,
  type KlDivReduction,
  klDiv,
  POISSON_NLL,
  type PoissonNllLossOptions,
  poissonNllLoss,
  readKlDivOptions,
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
  REDUCTION,
  type Reduction,
  reductionOption,
  requireReal,
} from './loss-functions';
import {
  cosineEmbeddingLoss,
  hingeEmbeddingLoss,
  MARGIN_0,
  MARGIN_1,
  type MarginLossOptions,
  type MultilabelSoftMarginLossOptions,
  marginRankingLoss,
  multilabelSoftMarginLoss,
  softMarginLoss,
  TRIPLET_MARGIN,
  type TripletMarginLossOptions,
  tripletMarginLoss,
} from './margin-losses';
import { Module } from './module';
import {
  HUBER,
  type HuberLossOptions,
  huberLoss,
  SMOOTH_L1,
  type SmoothL1LossOptions,
  smoothL1Loss,
} from './robust-losses';
import { DeclaredModule, type Setting, type Settings } from './settings';

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
/**
 * A loss module whose options beyond `reduction` are declared once for it and its functional form (settings.ts).
 */
abstract class DeclaredLoss<S extends Record<string, Setting<unknown>>, I extends Tensor[]> extends DeclaredModule<
  typeof REDUCTION & S,
  I
> {
  declare readonly reduction: Reduction;

  protected constructor(
    op: string,
    opts: LossOptions,
    schema: S,
    fn: (...args: [...I, Settings<typeof REDUCTION & S>]) => Tensor,
  ) {
    super(op, opts, { ...REDUCTION, ...schema }, fn);
  }
}

/**
 * smoothL1Loss (torch.nn.SmoothL1Loss; β = 1); `forward(input, target)`.
 * @example `new nn.SmoothL1Loss().forward(tensor([0, 3]), tensor([0.5, 0])).item(); // 1.3125`
 */
export class SmoothL1Loss extends DeclaredLoss<typeof SMOOTH_L1, [input: Tensor, target: Tensor]> {
  /** Where the loss turns from quadratic to linear. */
  declare readonly beta: number;

  constructor(opts: SmoothL1LossOptions = {}) {
    super('nn.SmoothL1Loss', opts, SMOOTH_L1, smoothL1Loss);
  }
}

/**
 * huberLoss (torch.nn.HuberLoss; δ = 1); `forward(input, target)`.
 * @example `new nn.HuberLoss().forward(tensor([0, 3]), tensor([0.5, 0])).item(); // 1.3125`
 */
export class HuberLoss extends DeclaredLoss<typeof HUBER, [input: Tensor, target: Tensor]> {
  /** Where the loss turns from quadratic to linear. */
  declare readonly delta: number;

  constructor(opts: HuberLossOptions = {}) {
    super('nn.HuberLoss', opts, HUBER, huberLoss);
  }
}

/**
 * marginRankingLoss (torch.nn.MarginRankingLoss; margin 0); `forward(x1, x2, target)`.
 * @example `new nn.MarginRankingLoss().forward(tensor([1]), tensor([2]), tensor([1])).item(); // 1`
 */
export class MarginRankingLoss extends DeclaredLoss<typeof MARGIN_0, [x1: Tensor, x2: Tensor, target: Tensor]> {
  declare readonly margin: number;

  constructor(opts: MarginLossOptions = {}) {
    super('nn.MarginRankingLoss', opts, MARGIN_0, marginRankingLoss);
  }
}

/**
 * hingeEmbeddingLoss (torch.nn.HingeEmbeddingLoss; margin 1); `forward(input, target)`.
 * @example `new nn.HingeEmbeddingLoss().forward(tensor([0.5]), tensor([-1])).item(); // 0.5`
 */
export class HingeEmbeddingLoss extends DeclaredLoss<typeof MARGIN_1, [input: Tensor, target: Tensor]> {
  declare readonly margin: number;

  constructor(opts: MarginLossOptions = {}) {
    super('nn.HingeEmbeddingLoss', opts, MARGIN_1, hingeEmbeddingLoss);
  }
}

/**
 * cosineEmbeddingLoss (torch.nn.CosineEmbeddingLoss; margin 0); `forward(x1, x2, target)`.
 * @example `new nn.CosineEmbeddingLoss().forward(tensor([[1, 0]]), tensor([[0, 1]]), tensor([1])).item(); // 1`
 */
export class CosineEmbeddingLoss extends DeclaredLoss<typeof MARGIN_0, [x1: Tensor, x2: Tensor, target: Tensor]> {
  declare readonly margin: number;

  constructor(opts: MarginLossOptions = {}) {
    super('nn.CosineEmbeddingLoss', opts, MARGIN_0, cosineEmbeddingLoss);
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
    ({ reduction: this.reduction, logTarget: this.logTarget } = readKlDivOptions('nn.KLDivLoss', opts));
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}

/**
 * poissonNllLoss (torch.nn.PoissonNLLLoss); `forward(input, target)`.
 * @example `new nn.PoissonNLLLoss().forward(tensor([0]), tensor([1])).item(); // 1`
 */
export class PoissonNLLLoss extends DeclaredLoss<typeof POISSON_NLL, [input: Tensor, target: Tensor]> {
  declare readonly logInput: boolean;
  declare readonly full: boolean;
  declare readonly eps: number;

  constructor(opts: PoissonNllLossOptions = {}) {
    super('nn.PoissonNLLLoss', opts, POISSON_NLL, poissonNllLoss);
  }
}

/**
 * gaussianNllLoss (torch.nn.GaussianNLLLoss); `forward(input, target, variance)`.
 * @example `new nn.GaussianNLLLoss().forward(tensor([0]), tensor([0]), tensor([1])).item(); // 0`
 */
export class GaussianNLLLoss extends DeclaredLoss<
  typeof GAUSSIAN_NLL,
  [input: Tensor, target: Tensor, variance: Tensor]
> {
  declare readonly full: boolean;
  declare readonly eps: number;

  constructor(opts: GaussianNllLossOptions = {}) {
    super('nn.GaussianNLLLoss', opts, GAUSSIAN_NLL, gaussianNllLoss);
  }
}

/**
 * tripletMarginLoss (torch.nn.TripletMarginLoss; margin 1, p 2, ε 1e-6); `forward(anchor, positive, negative)`.
 * @example `new nn.TripletMarginLoss({ eps: 0 }).forward(tensor([[0, 0]]), tensor([[0, 0]]), tensor([[3, 4]])).item(); // 0`
 */
export class TripletMarginLoss extends DeclaredLoss<
  typeof TRIPLET_MARGIN,
  [anchor: Tensor, positive: Tensor, negative: Tensor]
> {
  declare readonly margin: number;
  declare readonly p: number;
  declare readonly eps: number;
  declare readonly swap: boolean;

  constructor(opts: TripletMarginLossOptions = {}) {
    super('nn.TripletMarginLoss', opts, TRIPLET_MARGIN, tripletMarginLoss);
  }
}
