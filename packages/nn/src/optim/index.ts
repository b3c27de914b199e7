/**
 * Optimizers and learning-rate schedulers (torch.optim), exported as the `optim` namespace.
 * @packageDocumentation
 */
export type { AdadeltaOptions, AdadeltaState } from './adadelta';
export { Adadelta } from './adadelta';
export type { AdagradOptions, AdagradState } from './adagrad';
export { Adagrad } from './adagrad';
export type { AdamOptions, AdamState } from './adam';
export { Adam, AdamW } from './adam';
export type { AdamaxOptions, AdamaxState } from './adamax';
export { Adamax } from './adamax';
export * as lrScheduler from './lr-scheduler';
export type { NAdamOptions, NAdamState } from './nadam';
export { NAdam } from './nadam';
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
export type { RAdamOptions, RAdamState } from './radam';
export { RAdam } from './radam';
export type { RMSpropOptions, RMSpropState } from './rmsprop';
export { RMSprop } from './rmsprop';
export type {
  CosineAnnealingLROptions,
  ScheduledOptimizer,
  SchedulerStateDict,
  StepLROptions,
} from './scheduler';
export { CosineAnnealingLR, LRScheduler, StepLR } from './scheduler';
export type { SGDOptions, SGDState } from './sgd';
export { SGD } from './sgd';
