/**
 * `@tapegrad/core/internal` — plumbing shared by tapegrad's own packages (autograd, linalg, nn): the tape hook, raw
 * GEMM kernels, allocation, version counters, option and message helpers. **Unstable**: not part of the public API,
 * not covered by semver, may change or disappear in any release. Applications and libraries should use
 * `@tapegrad/core` (or `tapegrad`); frameworks extending tapegrad use `defineFunction` from `@tapegrad/autograd`.
 * @packageDocumentation
 */

export { allocUnfilled } from './alloc-unfilled';
export { describeValue } from './describe';
export type { TapeHook } from './dispatch';
export { installTapeHook, record } from './dispatch';
export { toComplexDtype, toRealDtype } from './dtype';
export { assertCurrentHistory } from './history';
export { gemmF32, gemmF64 } from './kernels/gemm';
export { gemmC64, gemmC128 } from './kernels/gemm-complex';
export { type GemmKernel, wasmGemmKernel } from './kernels/gemm-wasm';
export { erfScalar } from './kernels/scalar-math';
export { namedTuple } from './named-tuple';
export { toFloating } from './ops/elementwise';
export { copyIntoAs } from './ops/inplace';
export { needsScaling, pNorm, scaledPNorm } from './ops/norm';
export { alloc, describeTensor, requireTensor } from './ops/util';
export type { ReadOptions } from './options';
export { readOptions } from './options';
export { copyIterable, copyRecord, errorText, readProperty } from './read';
export { broadcastShapes, formatShape, normalizeDim } from './shape';
export { brandClass, brandedHasInstance, STATE_KEY, sharedSlot } from './shared-state';
export { pooledStorageBytes, recycleStorage, trackAllocations } from './storage-pool';
export type { RemoteCall, WorkerModule } from './threads/pool';
export { parallelParts, registerWorkerModule, runParallel, sharedFloat64 } from './threads/pool';
export { markModified, versionOf } from './version';
