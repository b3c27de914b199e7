/**
 * tapegrad — TypeScript autodiff tensors for Node.js with a differentiable, SVD-based pseudo-inverse.
 * One import for everything: tensors and ops (named exports), `autograd`, `linalg`, `nn`, `optim`, `data`,
 * `warnings`, and the safetensors reader/writer.
 * @packageDocumentation
 * @module tapegrad
 */

// Loads the autograd engine (installs the tape) whatever names the app imports: this file and autograd's entries are
// listed in `sideEffects` of their package.json, so bundlers keep the import.
import '@tapegrad/autograd';

export * as autograd from '@tapegrad/autograd';
export { gradFn, valueAndGrad } from '@tapegrad/autograd';
export * from '@tapegrad/core';
export * as linalg from '@tapegrad/linalg';
export { pinverse } from '@tapegrad/linalg';
export * as nn from '@tapegrad/nn';
export { data, loadSafetensors, optim, safetensorsMetadata, saveSafetensors } from '@tapegrad/nn';
