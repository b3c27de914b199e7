import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@tapegrad/source'] },
  ssr: { resolve: { conditions: ['@tapegrad/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // Builds the worker-pool bundles from the current sources (setNumThreads; scripts/build-worker.mjs).
    globalSetup: ['scripts/vitest-setup-workers.mjs'],
    // Lets memory tests (packages/autograd/src/memory.test.ts) call globalThis.gc() for stable heap measurements.
    execArgv: ['--expose-gc'],
  },
});
