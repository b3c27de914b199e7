/**
 * Learning-rate schedulers (torch.optim.lr_scheduler), exported as `optim.lrScheduler`.
 * @packageDocumentation
 */
export { OneCycleLR, type OneCycleLROptions } from './one-cycle';
export { type PlateauStateDict, ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './plateau';
export {
  CosineAnnealingLR,
  type CosineAnnealingLROptions,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  type LinearLROptions,
  LRScheduler,
  type ScheduledOptimizer,
  type SchedulerHooks,
  type SchedulerStateDict,
  StepLR,
  type StepLROptions,
} from './scheduler';
