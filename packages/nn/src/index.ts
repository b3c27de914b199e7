/**
 * @tapegrad/nn — modules, layers, activations, losses (`functional`) and optimizers (`optim`), in PyTorch's shape.
 * The umbrella re-exports it as `nn` (and `optim`). Importing it only makes sure the autograd tape is installed
 * (training needs backward), as importing @tapegrad/autograd does.
 * @packageDocumentation
 * @module @tapegrad/nn
 */
import { installTape } from '@tapegrad/autograd/internal';

export {
  CELU,
  ELU,
  GLU,
  Hardshrink,
  Hardsigmoid,
  Hardswish,
  Hardtanh,
  Mish,
  PReLU,
  type PReLUOptions,
  ReLU6,
  SELU,
  Softmin,
  Softshrink,
  Softsign,
  Tanhshrink,
  Threshold,
} from './activation-layers';
export { GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, SiLU, Softmax, Softplus, Tanh } from './activations';
export {
  MultiheadAttention,
  type MultiheadAttentionForwardOptions,
  type MultiheadAttentionOptions,
} from './attention';
export { ModuleDict, ModuleList } from './containers';
export { Conv1d, Conv2d, type ConvModuleOptions, type ConvPadding, type SizeArg } from './conv';
export * as data from './data';
export {
  CosineSimilarity,
  type CosineSimilarityOptions,
  PairwiseDistance,
  type PairwiseDistanceOptions,
} from './distance';
export { Dropout } from './dropout';
export { Embedding, type EmbeddingOptions } from './embedding';
export type { DropoutOptions } from './functional';
export * as functional from './functional';
export * as init from './init';
export { Flatten, Identity, Linear, type LinearOptions, Sequential } from './layers';
export type { GaussianNllLossOptions, KlDivOptions, KlDivReduction, PoissonNllLossOptions } from './likelihood-losses';
export type {
  BceWithLogitsOptions,
  CrossEntropyOptions,
  LossOptions,
  NllLossOptions,
  Reduction,
} from './loss-functions';
export {
  BCELoss,
  BCEWithLogitsLoss,
  CosineEmbeddingLoss,
  CrossEntropyLoss,
  GaussianNLLLoss,
  HingeEmbeddingLoss,
  HuberLoss,
  KLDivLoss,
  L1Loss,
  MarginRankingLoss,
  MSELoss,
  MultiLabelSoftMarginLoss,
  NLLLoss,
  PoissonNLLLoss,
  SmoothL1Loss,
  SoftMarginLoss,
  TripletMarginLoss,
} from './losses';
export type { MarginLossOptions, MultilabelSoftMarginLossOptions, TripletMarginLossOptions } from './margin-losses';
export type {
  LoadStateDictOptions,
  LoadStateDictResult,
  RegisterBufferOptions,
  StateDict,
  StateDictNames,
  StateDictOptions,
} from './module';
export { Module } from './module';
export {
  BatchNorm1d,
  BatchNorm2d,
  type BatchNormOptions,
  LayerNorm,
  type LayerNormOptions,
} from './normalization';
export * as optim from './optim';
export { Parameter, type ParameterConstructor } from './parameter';
export { AvgPool1d, AvgPool2d, MaxPool1d, MaxPool2d } from './pooling';
export { GRU, LSTM, type RecurrentOptions, RNN, type RNNOptions } from './recurrent';
export type { HuberLossOptions, SmoothL1LossOptions } from './robust-losses';
export { loadSafetensors, safetensorsMetadata, saveSafetensors } from './safetensors';
export type { SerializedTensor, SpecialValue } from './state-dict';
export { deserializeTensor, serializeTensor } from './state-dict';
export * as utils from './utils';

installTape();
