/**
 * Optimizers and learning-rate schedulers (torch.optim), exported as the `optim` namespace.
 * @packageDocumentation
 */
export type { AdamOptions, AdamState } from './adam';
export { Adam, AdamW } from './adam';
export type {
  BaseOptions,
  FloatStorage,
  HyperValue,
  OptimizerSpec,
  OptimizerStateDict,
  OptionReader,
  ParamGroup,
  ParamGroupInput,
  ParamState,
  ParamsInput,
  StateSchema,
} from './optimizer';
export { Optimizer } from './optimizer';
export type {
  CosineAnnealingLROptions,
  ScheduledOptimizer,
  SchedulerStateDict,
  StepLROptions,
} from './scheduler';
export * as lrScheduler from './scheduler';
export { CosineAnnealingLR, LRScheduler, StepLR } from './scheduler';
export type { SGDOptions, SGDState } from './sgd';
export { SGD } from './sgd';
