/**
 * The entry of the linalg worker bundle (scripts/build-worker.mjs bundles it, with the core kernels it imports, into
 * ./worker-code.generated.ts): the batch kernels a pool worker can run, by name. Nothing here may import the pool
 * or the generated code (the bundle would contain itself).
 */
export { gebrdRowsHelper } from '../kernels/bidiag-lockstep';
export { eighBatch, svdBatch } from '../ops/decomp-batch';
export { eighPinvBatch, svdPinvBatch } from '../ops/pinv-batch';
export { applySlabs, bdsdcLeftChild, pinvRoundP, pinvRoundQ, pinvRoundQr } from './svd-kernels';
