/** Loss modules: thin wrappers over the loss functions of nn.functional. */
import type { Tensor } from '@tapegrad/core';
import { readOptions } from '@tapegrad/core/internal';
import { checkClassWeight, checkIgnoreIndex } from './class-weights';
import {
  type BceWithLogitsOptions,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  type CrossEntropyOptions,
  checkLabelSmoothing,
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
import { Module } from './module';

/**
 * Mean squared error (torch.nn.MSELoss); `forward(input, target)`.
 * @example `new nn.MSELoss().forward(tensor([1, 2]), tensor([1, 4])).item(); // 2`
 */
export class MSELoss extends Module {
  readonly reduction: Reduction;

  constructor(opts: LossOptions = {}) {
    super();
    this.reduction = reductionOption('nn.MSELoss', opts);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}

/**
 * Mean absolute error (torch.nn.L1Loss); `forward(input, target)`.
 * @example `new nn.L1Loss({ reduction: 'sum' }).forward(tensor([1, 2]), tensor([0, 4])).item(); // 3`
 */
export class L1Loss extends Module {
  readonly reduction: Reduction;

  constructor(opts: LossOptions = {}) {
    super();
    this.reduction = reductionOption('nn.L1Loss', opts);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
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
export class CrossEntropyLoss extends Module {
  readonly reduction: Reduction;
  readonly labelSmoothing: number;
  readonly ignoreIndex: number;
  /** The weight of each class (a buffer), or null. */
  declare weight: Tensor | null;

  constructor(opts: CrossEntropyOptions = {}) {
    super();
    const op = 'nn.CrossEntropyLoss';
    opts = readOptions(op, opts, ['reduction', 'labelSmoothing', 'weight', 'ignoreIndex']) as CrossEntropyOptions;
    this.reduction = reductionOption(op, opts, ['labelSmoothing', 'weight', 'ignoreIndex']);
    this.labelSmoothing = checkLabelSmoothing(op, opts.labelSmoothing);
    this.ignoreIndex = checkIgnoreIndex(op, opts.ignoreIndex);
    this.registerBuffer('weight', checkClassWeight(op, opts.weight, null, null));
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
export class NLLLoss extends Module {
  readonly reduction: Reduction;
  readonly ignoreIndex: number;
  /** The weight of each class (a buffer), or null. */
  declare weight: Tensor | null;

  constructor(opts: NllLossOptions = {}) {
    super();
    const op = 'nn.NLLLoss';
    opts = readOptions(op, opts, ['reduction', 'weight', 'ignoreIndex']) as NllLossOptions;
    this.reduction = reductionOption(op, opts, ['weight', 'ignoreIndex']);
    this.ignoreIndex = checkIgnoreIndex(op, opts.ignoreIndex);
    this.registerBuffer('weight', checkClassWeight(op, opts.weight, null, null));
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
export class BCELoss extends Module {
  readonly reduction: Reduction;

  constructor(opts: LossOptions = {}) {
    super();
    this.reduction = reductionOption('nn.BCELoss', opts);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { reduction: this.reduction });
  }
}
