/**
 * Learning-rate schedulers (torch.optim.lr_scheduler). Each sets `lr` of every parameter group from the group's
 * base lr (its lr when the scheduler was created) by the scheduler's closed form at `lastEpoch` — PyTorch's
 * `_get_closed_form_lr`; so a manual change of `group.lr` is overwritten at the next `step()`. As in PyTorch,
 * creating a scheduler performs an initial step to epoch 0, and `step()` is called once per epoch after
 * `optimizer.step()`.
 */
import { DtypeError, ShapeError } from '@tapegrad/core';
import { copyIterable, describeValue, readOptions, readProperty } from '@tapegrad/core/internal';
import { ownValue, readStateDict } from '../state-dict';
import type { BaseOptions, Optimizer, ParamState } from './optimizer';

/** Any optimizer, as far as a scheduler is concerned. */
export type ScheduledOptimizer = Optimizer<BaseOptions, ParamState>;

/** A scheduler's state as JSON-safe data. */
export interface SchedulerStateDict {
  lastEpoch: number;
  baseLrs: number[];
}

/** What a concrete scheduler gives the base class besides its closed form (internal). */
export interface SchedulerHooks {
  /** Public name for error messages, e.g. `'optim.lrScheduler.StepLR'`. */
  name?: string;
  /** Called after each step has set the lrs (e.g. to cycle momentum). */
  afterStep?: (epoch: number) => void;
}

/**
 * Base class: subclasses give the closed form lr(epoch, baseLr, groupIndex). Every lr a schedule produces is checked
 * (a finite number ≥ 0, as the optimizers require) before any group changes: a schedule that overflows or turns
 * negative throws DtypeError at that step and leaves the optimizer and the epoch as they were.
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
  readonly #lrAt: (epoch: number, baseLr: number, group: number) => number;
  readonly #hooks: SchedulerHooks;
  #lastLrs: number[] = [];

  protected constructor(
    optimizer: ScheduledOptimizer,
    lrAt: (epoch: number, baseLr: number, group: number) => number,
    hooks: SchedulerHooks = {},
  ) {
    checkOptimizer(hooks.name ?? 'optim.LRScheduler', optimizer);
    this.optimizer = optimizer;
    this.#lrAt = lrAt;
    this.#hooks = hooks;
    this.baseLrs = optimizer.paramGroups.map((g) => g.lr);
    this.step();
  }

  /**
   * Advances one epoch and sets each group's lr.
   * @example `for (let epoch = 0; epoch < 10; epoch++) { train(); scheduler.step(); }`
   */
  step(): void {
    const op = `${this.#hooks.name ?? 'optim.LRScheduler'}.step`;
    const groups = this.optimizer.paramGroups;
    // Checked before the epoch advances: a refused step changes nothing.
    if (groups.length !== this.baseLrs.length)
      throw new ShapeError(
        `${op}: expected the optimizer's ${this.baseLrs.length} parameter group(s) the scheduler was created with, got ${groups.length}`,
      );
    const epoch = this.lastEpoch + 1;
    const lrs = this.#lrsAt(op, epoch);
    this.lastEpoch = epoch;
    groups.forEach((group, i) => {
      group.lr = lrs[i];
    });
    this.#lastLrs = lrs;
    this.#hooks.afterStep?.(epoch);
  }

  /** The schedule's lrs at `epoch`, each checked to be a valid lr. */
  #lrsAt(op: string, epoch: number): number[] {
    return this.baseLrs.map((base, i) => {
      const lr = this.#lrAt(epoch, base, i);
      if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0)
        throw new DtypeError(
          `${op}: the schedule gives parameter group ${i} an invalid lr at epoch ${epoch} (expected a finite number ≥ 0, got ${describeValue(lr)})`,
        );
      return lr;
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
  loadStateDict(given: unknown): void {
    const op = `${this.#hooks.name ?? 'optim.LRScheduler'}.loadStateDict`;
    const stateDict = readStateDict(op, given, ['lastEpoch', 'baseLrs']);
    const lastEpoch = ownValue(op, stateDict, 'lastEpoch');
    const baseLrs = ownValue(op, stateDict, 'baseLrs');
    if (typeof lastEpoch !== 'number' || !Number.isSafeInteger(lastEpoch) || lastEpoch < -1)
      throw new DtypeError(`${op}: expected lastEpoch to be an integer ≥ -1, got ${describeValue(lastEpoch)}`);
    if (!Array.isArray(baseLrs) || baseLrs.length !== this.baseLrs.length)
      throw new ShapeError(
        `${op}: expected baseLrs to be an array of ${this.baseLrs.length} numbers, got ${Array.isArray(baseLrs) ? `${baseLrs.length} numbers` : describeValue(baseLrs)}`,
      );
    for (const lr of baseLrs) {
      if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0)
        throw new DtypeError(`${op}: expected baseLrs to hold finite numbers ≥ 0, got ${describeValue(lr)}`);
    }
    const previous = this.baseLrs;
    this.baseLrs = [...(baseLrs as number[])];
    try {
      this.#lastLrs = lastEpoch < 0 ? [] : this.#lrsAt(op, lastEpoch);
    } catch (error) {
      this.baseLrs = previous;
      throw error;
    }
    this.lastEpoch = lastEpoch;
  }
}

/** Refuses anything that is not an optimizer (checked by the concrete schedulers, so errors name them). */
export function checkOptimizer(op: string, optimizer: unknown): void {
  const groups =
    optimizer === null || typeof optimizer !== 'object'
      ? undefined
      : copyIterable(op, readProperty(op, optimizer, 'paramGroups', 'an optimizer'), 'paramGroups', 2 ** 31 - 1);
  if (groups === undefined) throw new DtypeError(`${op}: expected an optimizer, got ${describeValue(optimizer)}`);
}

export function positiveInteger(op: string, key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
    throw new DtypeError(`${op}: expected ${key} to be a positive integer, got ${describeValue(value)}`);
  return value;
}

/** Reads a finite number ≥ 0 (a negative decay factor or minimum lr would make the lr negative). */
export function nonNegativeNumber(op: string, key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new DtypeError(`${op}: expected ${key} to be a finite number ≥ 0, got ${describeValue(value)}`);
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
    const o = readOptions(op, opts, ['stepSize', 'gamma']);
    const stepSize = positiveInteger(op, 'stepSize', o.stepSize);
    const gamma = nonNegativeNumber(op, 'gamma', o.gamma ?? 0.1);
    super(optimizer, (epoch, base) => base * gamma ** Math.floor(epoch / stepSize), { name: op });
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
    const o = readOptions(op, opts, ['tMax', 'etaMin']);
    const tMax = positiveInteger(op, 'tMax', o.tMax);
    const etaMin = nonNegativeNumber(op, 'etaMin', o.etaMin ?? 0);
    super(optimizer, (epoch, base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * epoch) / tMax))) / 2, {
      name: op,
    });
    this.tMax = tMax;
    this.etaMin = etaMin;
  }
}

/**
 * lr = baseLr · lrLambda(epoch) (torch.optim.lr_scheduler.LambdaLR); `lrLambda` is one function for every group or
 * an array with one per group.
 * @example
 * ```ts
 * const scheduler = new optim.lrScheduler.LambdaLR(opt, (epoch) => 0.95 ** epoch); // opt with lr 1
 * scheduler.step();
 * opt.paramGroups[0].lr; // 0.95
 * ```
 */
export class LambdaLR extends LRScheduler {
  constructor(optimizer: ScheduledOptimizer, lrLambda: ((epoch: number) => number) | ((epoch: number) => number)[]) {
    const op = 'optim.lrScheduler.LambdaLR';
    checkOptimizer(op, optimizer);
    const groups = optimizer.paramGroups.length;
    const lambdas = Array.isArray(lrLambda) ? [...lrLambda] : Array.from({ length: groups }, () => lrLambda);
    if (lambdas.length !== groups)
      throw new ShapeError(
        `${op}: expected ${groups} lrLambda function(s), one per parameter group, got ${lambdas.length}`,
      );
    for (const f of lambdas)
      if (typeof f !== 'function')
        throw new DtypeError(`${op}: expected lrLambda to be a function, got ${describeValue(f)}`);
    super(optimizer, (epoch, base, i) => base * lambdas[i](epoch), { name: op });
  }
}

/**
 * lr = baseLr · gamma^epoch (torch.optim.lr_scheduler.ExponentialLR, closed form).
 * @example
 * ```ts
 * const scheduler = new optim.lrScheduler.ExponentialLR(opt, { gamma: 0.5 }); // opt with lr 1
 * scheduler.step(); scheduler.step();
 * opt.paramGroups[0].lr; // 0.25
 * ```
 */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: ScheduledOptimizer, opts: { gamma: number }) {
    const op = 'optim.lrScheduler.ExponentialLR';
    checkOptimizer(op, optimizer);
    const gamma = nonNegativeNumber(op, 'gamma', readOptions(op, opts, ['gamma']).gamma);
    super(optimizer, (epoch, base) => base * gamma ** epoch, { name: op });
    this.gamma = gamma;
  }
}

/** Options of {@link LinearLR} (PyTorch's defaults: startFactor 1/3, endFactor 1, totalIters 5). */
export interface LinearLROptions {
  startFactor?: number;
  endFactor?: number;
  totalIters?: number;
}

/**
 * lr = baseLr · (s + (e − s)·min(epoch, totalIters)/totalIters): a linear ramp of the multiplicative factor from
 * `startFactor` to `endFactor` (torch.optim.lr_scheduler.LinearLR, closed form), typically a warm-up.
 * @example
 * ```ts
 * const scheduler = new optim.lrScheduler.LinearLR(opt, { startFactor: 0.5, totalIters: 2 }); // opt with lr 1
 * opt.paramGroups[0].lr; // 0.5
 * scheduler.step();
 * opt.paramGroups[0].lr; // 0.75
 * ```
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;

  constructor(optimizer: ScheduledOptimizer, opts?: LinearLROptions) {
    const op = 'optim.lrScheduler.LinearLR';
    checkOptimizer(op, optimizer);
    const o = readOptions(op, opts, ['startFactor', 'endFactor', 'totalIters']);
    const start = o.startFactor ?? 1 / 3;
    const end = o.endFactor ?? 1;
    if (typeof start !== 'number' || !(start > 0 && start <= 1))
      throw new DtypeError(`${op}: expected startFactor in (0, 1], got ${describeValue(start)}`);
    if (typeof end !== 'number' || !(end >= 0 && end <= 1))
      throw new DtypeError(`${op}: expected endFactor in [0, 1], got ${describeValue(end)}`);
    const total = positiveInteger(op, 'totalIters', o.totalIters ?? 5);
    super(optimizer, (epoch, base) => base * (start + ((end - start) * Math.min(epoch, total)) / total), { name: op });
    this.startFactor = start;
    this.endFactor = end;
    this.totalIters = total;
  }
}
