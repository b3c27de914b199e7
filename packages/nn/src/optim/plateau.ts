/**
 * ReduceLROnPlateau (torch.optim.lr_scheduler.ReduceLROnPlateau): multiplies each group's lr by `factor` when a
 * metric has not improved for more than `patience` steps, then waits `cooldown` steps. Improvement of a value a over
 * the best b: mode 'min' with thresholdMode 'rel': a < b·(1 − threshold), 'abs': a < b − threshold; mode 'max':
 * a > b·(1 + threshold) or a > b + threshold. A reduction that would change an lr by eps or less is skipped, and no
 * lr goes below its `minLr`.
 */
import { DtypeError, ShapeError, Tensor as TensorClass } from '@tapegrad/core';
import { describeValue, readOptions } from '@tapegrad/core/internal';
import { ownValue, readRecord } from '../state-dict';
import { checkOptimizer, nonNegativeNumber, type ScheduledOptimizer } from './scheduler';

/** Options of {@link ReduceLROnPlateau} (PyTorch's defaults). */
export interface ReduceLROnPlateauOptions {
  /** 'min' (default): the metric should decrease; 'max': increase. */
  mode?: 'min' | 'max';
  /** Multiplier of the lr on a plateau, in [0, 1) (default 0.1). */
  factor?: number;
  /** Steps without improvement tolerated (default 10). */
  patience?: number;
  /** Minimum significant improvement (default 1e-4). */
  threshold?: number;
  thresholdMode?: 'rel' | 'abs';
  /** Steps to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** Lower bound of the lr: one number or one per group (default 0). */
  minLr?: number | number[];
  /** Reductions smaller than eps are skipped (default 1e-8). */
  eps?: number;
}

/** The state of a {@link ReduceLROnPlateau}, JSON-safe (±Infinity and NaN as strings). */
export interface PlateauStateDict {
  best: number | 'Infinity' | '-Infinity' | 'NaN';
  numBadEpochs: number;
  cooldownCounter: number;
  lastEpoch: number;
}

function encode(v: number): PlateauStateDict['best'] {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return v;
}

function counter(op: string, key: string, value: unknown, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)
    throw new DtypeError(`${op}: expected ${key} to be an integer ≥ ${min}, got ${describeValue(value)}`);
  return value;
}

/**
 * Reduces the lr when a metric stops improving; call `step(metric)` once per epoch, after validation.
 * @example
 * ```ts
 * const scheduler = new optim.lrScheduler.ReduceLROnPlateau(opt, { patience: 2, factor: 0.5 });
 * for (const valLoss of [1, 1, 1, 1]) scheduler.step(valLoss);
 * scheduler.getLastLr(); // [half the initial lr]
 * ```
 */
export class ReduceLROnPlateau {
  readonly optimizer: ScheduledOptimizer;
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLrs: readonly number[];
  readonly eps: number;
  /** Best metric so far. */
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;
  #lastLrs: number[];

  constructor(optimizer: ScheduledOptimizer, opts?: ReduceLROnPlateauOptions) {
    const op = 'optim.lrScheduler.ReduceLROnPlateau';
    checkOptimizer(op, optimizer);
    const o = readOptions(op, opts, [
      'mode',
      'factor',
      'patience',
      'threshold',
      'thresholdMode',
      'cooldown',
      'minLr',
      'eps',
    ]);
    const mode = o.mode ?? 'min';
    if (mode !== 'min' && mode !== 'max')
      throw new DtypeError(`${op}: expected mode 'min' or 'max', got ${describeValue(mode)}`);
    const thresholdMode = o.thresholdMode ?? 'rel';
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs')
      throw new DtypeError(`${op}: expected thresholdMode 'rel' or 'abs', got ${describeValue(thresholdMode)}`);
    const factor = nonNegativeNumber(op, 'factor', o.factor ?? 0.1);
    if (factor >= 1) throw new DtypeError(`${op}: expected factor < 1, got ${factor}`);
    const groups = optimizer.paramGroups.length;
    const minLr = o.minLr ?? 0;
    const minLrs = Array.isArray(minLr) ? [...(minLr as unknown[])] : Array.from({ length: groups }, () => minLr);
    if (minLrs.length !== groups)
      throw new ShapeError(`${op}: expected ${groups} minLr values, one per parameter group, got ${minLrs.length}`);
    this.minLrs = minLrs.map((v) => nonNegativeNumber(op, 'minLr', v));
    this.optimizer = optimizer;
    this.mode = mode;
    this.factor = factor;
    this.patience = counter(op, 'patience', o.patience ?? 10);
    this.threshold = nonNegativeNumber(op, 'threshold', o.threshold ?? 1e-4);
    this.thresholdMode = thresholdMode;
    this.cooldown = counter(op, 'cooldown', o.cooldown ?? 0);
    this.eps = nonNegativeNumber(op, 'eps', o.eps ?? 1e-8);
    this.best = mode === 'min' ? Infinity : -Infinity;
    this.#lastLrs = optimizer.paramGroups.map((g) => g.lr);
  }

  /**
   * Records this epoch's metric (a number or a one-element tensor) and reduces the lrs after a plateau.
   * @example `scheduler.step(valLoss);`
   */
  step(metric: number | TensorClass): void {
    const op = 'optim.lrScheduler.ReduceLROnPlateau.step';
    let current: unknown = metric;
    if (metric instanceof TensorClass) {
      if (metric.size !== 1) throw new ShapeError(`${op}: expected a one-element metric, got ${describeValue(metric)}`);
      current = Number(metric.reshape([]).item());
    }
    if (typeof current !== 'number') throw new DtypeError(`${op}: expected a number, got ${describeValue(current)}`);
    const groups = this.optimizer.paramGroups;
    if (groups.length !== this.minLrs.length)
      throw new ShapeError(
        `${op}: expected the optimizer's ${this.minLrs.length} parameter group(s) the scheduler was created with, got ${groups.length}`,
      );
    this.lastEpoch += 1;
    if (this.#isBetter(current)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else this.numBadEpochs += 1;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      groups.forEach((group, i) => {
        const newLr = Math.max(group.lr * this.factor, this.minLrs[i]);
        if (group.lr - newLr > this.eps) group.lr = newLr;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.#lastLrs = groups.map((g) => g.lr);
  }

  #isBetter(a: number): boolean {
    const b = this.best;
    if (this.mode === 'min')
      return this.thresholdMode === 'rel' ? a < b * (1 - this.threshold) : a < b - this.threshold;
    return this.thresholdMode === 'rel' ? a > b * (this.threshold + 1) : a > b + this.threshold;
  }

  /**
   * The lr of each group after the last step.
   * @example `scheduler.getLastLr(); // [0.1]`
   */
  getLastLr(): number[] {
    return [...this.#lastLrs];
  }

  /**
   * The counters and the best metric, JSON-safe.
   * @example `JSON.stringify(scheduler.stateDict());`
   */
  stateDict(): PlateauStateDict {
    return {
      best: encode(this.best),
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
      lastEpoch: this.lastEpoch,
    };
  }

  /**
   * Restores {@link stateDict}'s output (validated first; nothing changes on error).
   * @example `scheduler.loadStateDict(JSON.parse(saved));`
   */
  loadStateDict(given: unknown): void {
    const op = 'optim.lrScheduler.ReduceLROnPlateau.loadStateDict';
    const stateDict = readRecord(op, given, 'a state dict');
    if (stateDict === undefined)
      throw new DtypeError(`${op}: expected a state dict object, got ${describeValue(given)}`);
    const keys = ['best', 'numBadEpochs', 'cooldownCounter', 'lastEpoch'];
    for (const key of Object.keys(stateDict)) {
      if (!keys.includes(key))
        throw new DtypeError(
          `${op}: unexpected key (expected the keys ${keys.join(', ')}, got ${JSON.stringify(key)})`,
        );
    }
    const rawBest = ownValue(op, stateDict, 'best');
    const best =
      typeof rawBest === 'number'
        ? rawBest
        : rawBest === 'Infinity'
          ? Infinity
          : rawBest === '-Infinity'
            ? -Infinity
            : rawBest === 'NaN'
              ? Number.NaN
              : undefined;
    if (best === undefined) throw new DtypeError(`${op}: expected best to be a number, got ${describeValue(rawBest)}`);
    const numBadEpochs = counter(op, 'numBadEpochs', ownValue(op, stateDict, 'numBadEpochs'));
    const cooldownCounter = counter(op, 'cooldownCounter', ownValue(op, stateDict, 'cooldownCounter'));
    const lastEpoch = counter(op, 'lastEpoch', ownValue(op, stateDict, 'lastEpoch'));
    this.best = best;
    this.numBadEpochs = numBadEpochs;
    this.cooldownCounter = cooldownCounter;
    this.lastEpoch = lastEpoch;
  }
}
