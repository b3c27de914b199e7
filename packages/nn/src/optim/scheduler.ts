/**
 * Learning-rate schedulers (torch.optim.lr_scheduler). Each sets `lr` of every parameter group from the group's
 * base lr (its lr when the scheduler was created) by the scheduler's closed form at `lastEpoch` — PyTorch's
 * `_get_closed_form_lr`; so a manual change of `group.lr` is overwritten at the next `step()`. As in PyTorch,
 * creating a scheduler performs an initial step to epoch 0, and `step()` is called once per epoch after
 * `optimizer.step()`.
 */
import { DtypeError, ShapeError } from '@tapegrad/core';
import { describe, isPlainRecord, ownValue } from '../state-dict';
import type { BaseOptions, Optimizer, ParamState } from './optimizer';

/** Any optimizer, as far as a scheduler is concerned. */
export type ScheduledOptimizer = Optimizer<BaseOptions, ParamState>;

/** A scheduler's state as JSON-safe data. */
export interface SchedulerStateDict {
  lastEpoch: number;
  baseLrs: number[];
}

/**
 * Base class: subclasses give the closed form lr(epoch, baseLr).
 * @example
 * ```ts
 * class Halving extends optim.LRScheduler {
 *   constructor(opt: optim.Optimizer<optim.BaseOptions, optim.ParamState>) { super(opt, (epoch, base) => base / 2 ** epoch); }
 * }
 * ```
 */
export abstract class LRScheduler {
  readonly optimizer: ScheduledOptimizer;
  /** Each group's lr when the scheduler was created. */
  baseLrs: number[];
  /** The epoch of the last {@link step} (0 after construction). */
  lastEpoch = -1;
  readonly #lrAt: (epoch: number, baseLr: number) => number;
  #lastLrs: number[] = [];

  protected constructor(optimizer: ScheduledOptimizer, lrAt: (epoch: number, baseLr: number) => number) {
    checkOptimizer('optim.LRScheduler', optimizer);
    this.optimizer = optimizer;
    this.#lrAt = lrAt;
    this.baseLrs = optimizer.paramGroups.map((g) => g.lr);
    this.step();
  }

  /**
   * Advances one epoch and sets each group's lr.
   * @example `for (let epoch = 0; epoch < 10; epoch++) { train(); scheduler.step(); }`
   */
  step(): void {
    const groups = this.optimizer.paramGroups;
    // Checked before the epoch advances: a refused step changes nothing.
    if (groups.length !== this.baseLrs.length)
      throw new ShapeError(
        `optim.LRScheduler.step: expected the optimizer's ${this.baseLrs.length} parameter group(s) the scheduler was created with, got ${groups.length}`,
      );
    this.lastEpoch += 1;
    this.#lastLrs = groups.map((group, i) => {
      group.lr = this.#lrAt(this.lastEpoch, this.baseLrs[i]);
      return group.lr;
    });
  }

  /**
   * The lr of each group set by the last step.
   * @example `new optim.StepLR(opt, { stepSize: 10 }).getLastLr(); // [opt.paramGroups[0].lr]`
   */
  getLastLr(): number[] {
    return [...this.#lastLrs];
  }

  /**
   * The epoch counter and base lrs, JSON-safe.
   * @example `JSON.stringify(scheduler.stateDict()); // '{"lastEpoch":3,"baseLrs":[0.1]}'`
   */
  stateDict(): SchedulerStateDict {
    return { lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs] };
  }

  /**
   * Restores {@link stateDict}'s output (validated first; nothing changes on error). Does not touch the optimizer's
   * lr (that is in the optimizer's own state dict), as PyTorch.
   * @example `scheduler.loadStateDict(JSON.parse(saved));`
   */
  loadStateDict(stateDict: unknown): void {
    const op = 'optim.LRScheduler.loadStateDict';
    if (!isPlainRecord(stateDict))
      throw new DtypeError(`${op}: expected a state dict object, got ${describe(stateDict)}`);
    for (const key of Object.keys(stateDict)) {
      if (key !== 'lastEpoch' && key !== 'baseLrs')
        throw new ShapeError(
          `${op}: unexpected key ${JSON.stringify(key)} (expected the keys lastEpoch and baseLrs, got ${JSON.stringify(key)})`,
        );
    }
    const lastEpoch = ownValue(stateDict, 'lastEpoch');
    const baseLrs = ownValue(stateDict, 'baseLrs');
    if (typeof lastEpoch !== 'number' || !Number.isInteger(lastEpoch) || lastEpoch < -1)
      throw new DtypeError(`${op}: expected lastEpoch to be an integer ≥ -1, got ${describe(lastEpoch)}`);
    if (!Array.isArray(baseLrs) || baseLrs.length !== this.baseLrs.length)
      throw new ShapeError(
        `${op}: expected baseLrs to be an array of ${this.baseLrs.length} numbers, got ${Array.isArray(baseLrs) ? `${baseLrs.length} numbers` : describe(baseLrs)}`,
      );
    for (const lr of baseLrs) {
      if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0)
        throw new DtypeError(`${op}: expected baseLrs to hold finite numbers ≥ 0, got ${describe(lr)}`);
    }
    this.lastEpoch = lastEpoch;
    this.baseLrs = [...(baseLrs as number[])];
    this.#lastLrs = this.baseLrs.map((base) => this.#lrAt(lastEpoch, base));
  }
}

/** Refuses anything that is not an optimizer (checked by the concrete schedulers, so errors name them). */
function checkOptimizer(op: string, optimizer: unknown): void {
  if (
    optimizer === null ||
    typeof optimizer !== 'object' ||
    !Array.isArray((optimizer as ScheduledOptimizer).paramGroups)
  )
    throw new DtypeError(`${op}: expected an optimizer, got ${describe(optimizer)}`);
}

function positiveInteger(op: string, key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
    throw new DtypeError(`${op}: expected ${key} to be a positive integer, got ${describe(value)}`);
  return value;
}

function finiteNumber(op: string, key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new DtypeError(`${op}: expected ${key} to be a finite number, got ${describe(value)}`);
  return value;
}

/** Options of {@link StepLR}. */
export interface StepLROptions {
  /** Epochs between decays. */
  stepSize: number;
  /** Decay factor (default 0.1). */
  gamma?: number;
}

/**
 * lr = baseLr · gamma^⌊epoch / stepSize⌋ (torch.optim.lr_scheduler.StepLR).
 * @example
 * ```ts
 * const scheduler = new optim.StepLR(opt, { stepSize: 2, gamma: 0.5 }); // opt with lr 1
 * scheduler.step(); scheduler.step();
 * opt.paramGroups[0].lr; // 0.5
 * ```
 */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: ScheduledOptimizer, opts: StepLROptions) {
    const op = 'optim.StepLR';
    checkOptimizer(op, optimizer);
    const stepSize = positiveInteger(op, 'stepSize', opts?.stepSize);
    const gamma = finiteNumber(op, 'gamma', opts.gamma ?? 0.1);
    super(optimizer, (epoch, base) => base * gamma ** Math.floor(epoch / stepSize));
    this.stepSize = stepSize;
    this.gamma = gamma;
  }
}

/** Options of {@link CosineAnnealingLR}. */
export interface CosineAnnealingLROptions {
  /** Half-period in epochs. */
  tMax: number;
  /** Minimum lr (default 0). */
  etaMin?: number;
}

/**
 * lr = etaMin + (baseLr − etaMin)·(1 + cos(π·epoch/tMax))/2 (torch.optim.lr_scheduler.CosineAnnealingLR, closed
 * form; past tMax it rises again along the same cosine, as PyTorch's closed form).
 * @example
 * ```ts
 * const scheduler = new optim.CosineAnnealingLR(opt, { tMax: 10 }); // opt with lr 1
 * for (let i = 0; i < 5; i++) scheduler.step();
 * opt.paramGroups[0].lr; // 0.5 (up to rounding)
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: ScheduledOptimizer, opts: CosineAnnealingLROptions) {
    const op = 'optim.CosineAnnealingLR';
    checkOptimizer(op, optimizer);
    const tMax = positiveInteger(op, 'tMax', opts?.tMax);
    const etaMin = finiteNumber(op, 'etaMin', opts.etaMin ?? 0);
    super(optimizer, (epoch, base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * epoch) / tMax))) / 2);
    this.tMax = tMax;
    this.etaMin = etaMin;
  }
}
