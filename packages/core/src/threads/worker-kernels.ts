/**
 * The entry of the core worker bundle (scripts/build-worker.mjs bundles it into ./worker-code.generated.ts): the
 * kernels a pool worker can run, by name. Nothing here may import the pool or the generated code.
 */
export { gemmPanelF32, gemmPanelF64 } from '../kernels/gemm-panel';
