/**
 * OneCycleLR (Smith & Topin, "Super-Convergence: Very Fast Training of Neural Networks Using Large Learning Rates",
 * 2018) with the schedule of torch.optim.lr_scheduler.OneCycleLR: the lr rises from maxLr/divFactor to maxLr over the
 * first pctStart of the steps, then anneals to maxLr/(divFactor·finalDivFactor) (threePhase: back down to the
 * initial lr first, symmetrically, then to the minimum); momentum (SGD/RMSprop `momentum`, Adam `betas[0]`) cycles
 * inversely between maxMomentum and baseMomentum. Step once per batch, totalSteps times in all.
 * Annealing: 'cos' gives end + (start − end)(1 + cos(π·pct))/2, 'linear' start + (end − start)·pct.
 */
import { DtypeError } from '@tapegrad/core';
import { describeValue, readOptions } from '@tapegrad/core/internal';
import { checkOptimizer, LRScheduler, positiveInteger, type ScheduledOptimizer } from './scheduler';

/** Options of {@link OneCycleLR} (PyTorch's defaults). */
export interface OneCycleLROptions {
  /** Peak lr: one number, or one per parameter group. */
  maxLr: number | number[];
  /** Length of the cycle; or give epochs and stepsPerEpoch. */
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent increasing the lr (default 0.3). */
  pctStart?: number;
  annealStrategy?: 'cos' | 'linear';
  /** Cycle momentum inversely to the lr (default true). */
  cycleMomentum?: boolean;
  baseMomentum?: number;
  maxMomentum?: number;
  /** initial lr = maxLr / divFactor (default 25). */
  divFactor?: number;
  /** minimum lr = initial lr / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  threePhase?: boolean;
}

/** One phase of the cycle: where it ends, and the lr and momentum levels it anneals between. */
interface Phase {
  endStep: number;
  lr: ['initial' | 'max' | 'min', 'initial' | 'max' | 'min'];
  momentum: ['base' | 'max', 'base' | 'max'];
}

function positiveNumber(op: string, key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new DtypeError(`${op}: expected ${key} to be a finite number > 0, got ${describeValue(value)}`);
  return value;
}

/**
 * torch.optim.lr_scheduler.OneCycleLR (see the file comment). Stepping past totalSteps is a DtypeError.
 * @example
 * ```ts
 * const scheduler = new optim.lrScheduler.OneCycleLR(opt, { maxLr: 0.1, totalSteps: 100 });
 * opt.paramGroups[0].lr; // 0.004 (= 0.1 / 25)
 * for (let i = 0; i < 30; i++) scheduler.step(); // after each batch
 * opt.paramGroups[0].lr; // ≈ 0.1 (the peak)
 * ```
 */
export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number;

  constructor(optimizer: ScheduledOptimizer, opts: OneCycleLROptions) {
    const op = 'optim.lrScheduler.OneCycleLR';
    checkOptimizer(op, optimizer);
    const o = readOptions(op, opts, [
      'maxLr',
      'totalSteps',
      'epochs',
      'stepsPerEpoch',
      'pctStart',
      'annealStrategy',
      'cycleMomentum',
      'baseMomentum',
      'maxMomentum',
      'divFactor',
      'finalDivFactor',
      'threePhase',
    ]);
    const groups = optimizer.paramGroups;
    const maxLrs = Array.isArray(o.maxLr) ? [...(o.maxLr as unknown[])] : groups.map(() => o.maxLr);
    if (maxLrs.length !== groups.length)
      throw new DtypeError(
        `${op}: expected ${groups.length} maxLr values, one per parameter group, got ${maxLrs.length}`,
      );
    const peak = maxLrs.map((v) => positiveNumber(op, 'maxLr', v));
    let totalSteps: number;
    if (o.totalSteps !== undefined) totalSteps = positiveInteger(op, 'totalSteps', o.totalSteps);
    else if (o.epochs !== undefined && o.stepsPerEpoch !== undefined)
      totalSteps = positiveInteger(op, 'epochs', o.epochs) * positiveInteger(op, 'stepsPerEpoch', o.stepsPerEpoch);
    else throw new DtypeError(`${op}: expected totalSteps, or epochs and stepsPerEpoch, got neither`);
    const pctStart = o.pctStart ?? 0.3;
    if (typeof pctStart !== 'number' || !(pctStart >= 0 && pctStart <= 1))
      throw new DtypeError(`${op}: expected pctStart in [0, 1], got ${describeValue(pctStart)}`);
    const strategy = o.annealStrategy ?? 'cos';
    if (strategy !== 'cos' && strategy !== 'linear')
      throw new DtypeError(`${op}: expected annealStrategy 'cos' or 'linear', got ${describeValue(strategy)}`);
    const divFactor = positiveNumber(op, 'divFactor', o.divFactor ?? 25);
    const finalDivFactor = positiveNumber(op, 'finalDivFactor', o.finalDivFactor ?? 1e4);
    const cycleMomentum = o.cycleMomentum ?? true;
    const threePhase = o.threePhase ?? false;
    for (const [key, v] of [
      ['cycleMomentum', cycleMomentum],
      ['threePhase', threePhase],
    ] as const) {
      if (typeof v !== 'boolean')
        throw new DtypeError(`${op}: expected ${key} to be a boolean, got ${describeValue(v)}`);
    }
    const momentumKey = cycleMomentum ? momentumKeyOf(op, optimizer) : null;
    const momentumLevel = (key: string, value: unknown): number => {
      if (typeof value !== 'number' || !(value >= 0 && (momentumKey === 'betas' ? value < 1 : Number.isFinite(value))))
        throw new DtypeError(
          `${op}: expected ${key} to be a number ${momentumKey === 'betas' ? 'in [0, 1)' : '≥ 0'}, got ${describeValue(value)}`,
        );
      return value;
    };
    const baseMomentum = momentumLevel('baseMomentum', o.baseMomentum ?? 0.85);
    const maxMomentum = momentumLevel('maxMomentum', o.maxMomentum ?? 0.95);
    const phases: Phase[] = threePhase
      ? [
          { endStep: pctStart * totalSteps - 1, lr: ['initial', 'max'], momentum: ['max', 'base'] },
          { endStep: 2 * pctStart * totalSteps - 2, lr: ['max', 'initial'], momentum: ['base', 'max'] },
          { endStep: totalSteps - 1, lr: ['initial', 'min'], momentum: ['max', 'max'] },
        ]
      : [
          { endStep: pctStart * totalSteps - 1, lr: ['initial', 'max'], momentum: ['max', 'base'] },
          { endStep: totalSteps - 1, lr: ['max', 'min'], momentum: ['base', 'max'] },
        ];
    const anneal =
      strategy === 'cos'
        ? (start: number, end: number, pct: number) => end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1)
        : (start: number, end: number, pct: number) => (end - start) * pct + start;
    /** The phase containing `step` and the fraction of it done (PyTorch's `get_lr` loop). */
    const locate = (step: number): { phase: Phase; pct: number } => {
      let startStep = 0;
      let phase = phases[0];
      for (phase of phases) {
        if (step <= phase.endStep || phase === phases[phases.length - 1]) break;
        startStep = phase.endStep;
      }
      return { phase, pct: (step - startStep) / (phase.endStep - startStep) };
    };
    const lrAt = (step: number, _base: number, group: number): number => {
      if (step > totalSteps)
        throw new DtypeError(
          `${op}.step: tried to step ${step} times (expected at most totalSteps = ${totalSteps}, got step ${step})`,
        );
      const initial = peak[group] / divFactor;
      const levels = { initial, max: peak[group], min: initial / finalDivFactor };
      const { phase, pct } = locate(step);
      return anneal(levels[phase.lr[0]], levels[phase.lr[1]], pct);
    };
    const setMomentum = (step: number): void => {
      if (momentumKey === null) return;
      const { phase, pct } = locate(step);
      const levels = { base: baseMomentum, max: maxMomentum };
      const m = anneal(levels[phase.momentum[0]], levels[phase.momentum[1]], pct);
      for (const group of optimizer.paramGroups) {
        const record = group as unknown as Record<string, unknown>;
        if (momentumKey === 'betas') record.betas = [m, (record.betas as number[])[1]];
        else record.momentum = m;
      }
    };
    super(optimizer, lrAt, { name: op, afterStep: setMomentum });
    this.totalSteps = totalSteps;
  }
}

/** Which option holds the optimizer's momentum: 'momentum' (SGD, RMSprop) or 'betas' (Adam, AdamW). */
function momentumKeyOf(op: string, optimizer: ScheduledOptimizer): 'momentum' | 'betas' {
  const defaults = optimizer.defaults as unknown as Record<string, unknown>;
  if (Object.hasOwn(defaults, 'momentum')) return 'momentum';
  if (Object.hasOwn(defaults, 'betas')) return 'betas';
  throw new DtypeError(
    `${op}: optimizer does not support momentum with option cycleMomentum enabled (expected an optimizer with momentum or betas, or cycleMomentum: false, got ${optimizer.constructor.name})`,
  );
}
