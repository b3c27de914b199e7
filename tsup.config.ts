/**
 * The one tsup configuration of every package (run from the package directory: `tsup --config ../../tsup.config.ts`).
 * Entries: `src/index.ts` (the public names) and, where it exists, `src/internal.ts` (the unstable `/internal` subpath
 * for sibling packages) and, in the umbrella, `src/cli/gradcheck.ts` (the `tapegrad-gradcheck` bin,
 * dist/cli/gradcheck.js). Both formats are code-split, so the two entries of a package share one copy of its module
 * state (the tape hook, grad mode, the RNG…) in ESM and in CommonJS alike.
 */
import { existsSync } from 'node:fs';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/internal.ts', 'src/cli/gradcheck.ts'].filter((file) => existsSync(file)),
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  treeshake: true,
});
