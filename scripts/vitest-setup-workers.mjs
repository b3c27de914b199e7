/**
 * vitest global setup: (re)builds the worker-pool bundles (scripts/build-worker.mjs) before the unit tests, which run
 * the TypeScript sources, so the workers always run the kernels of the working tree.
 */
import { buildWorker, WORKER_BUNDLES } from './build-worker.mjs';

export default async function setup() {
  for (const name of Object.keys(WORKER_BUNDLES)) await buildWorker(name);
}
