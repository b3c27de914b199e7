#!/usr/bin/env node
/**
 * The `tapegrad-gradcheck` bin of the umbrella package (see main.ts for what it does).
 */
import { processIO, runCli } from './main';

runCli(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `tapegrad-gradcheck: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
