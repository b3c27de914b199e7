/**
 * @tapegrad/nn — modules, layers, activations, losses (`functional`) and optimizers (`optim`), in PyTorch's shape.
 * The umbrella re-exports it as `nn` (and `optim`). Importing it only makes sure the autograd tape is installed
 * (training needs backward), as importing @tapegrad/autograd does.
 * @packageDocumentation
 */
import { installTape } from '@tapegrad/autograd';

export { GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, SiLU, Softmax, Softplus, Tanh } from './activations';
export { ModuleDict, ModuleList } from './containers';
export * as data from './data';
export { Dropout } from './dropout';
export type { DropoutOptions } from './functional';
export * as functional from './functional';
export * as init from './init';
export { Flatten, Identity, Linear, type LinearOptions, Sequential } from './layers';
export type { BceWithLogitsOptions, CrossEntropyOptions, LossOptions, Reduction } from './loss-functions';
export { BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, L1Loss, MSELoss, NLLLoss } from './losses';
export type {
  LoadStateDictOptions,
  LoadStateDictResult,
  RegisterBufferOptions,
  StateDict,
  StateDictNames,
  StateDictOptions,
} from './module';
export { Module } from './module';
export * as optim from './optim';
export { Parameter, type ParameterConstructor } from './parameter';
export { loadSafetensors, safetensorsMetadata, saveSafetensors } from './safetensors';
export type { SerializedTensor, SpecialValue } from './state-dict';
export { deserializeTensor, serializeTensor } from './state-dict';
export * as utils from './utils';

installTape();
