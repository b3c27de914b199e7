/**
 * Runs a snippet of user code in a child Node process with a capped V8 heap, so that a crash (out of memory, stack
 * overflow, "invalid table size") fails one test instead of killing the test runner. The snippet sees the umbrella
 * 'tapegrad' built from the sources (bundled once per test process with esbuild and the `@tapegrad/source`
 * condition, so no `pnpm build` is needed) as `tg`, and reports with `report(value)` (JSON on stdout).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let bundleDir: string | null = null;

function bundle(): string {
  if (bundleDir !== null) return bundleDir;
  const dir = mkdtempSync(join(tmpdir(), 'tapegrad-child-'));
  buildSync({
    entryPoints: [join(root, 'packages', 'tapegrad', 'src', 'index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@tapegrad/source'],
    outfile: join(dir, 'tapegrad.mjs'),
    logLevel: 'silent',
  });
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  bundleDir = dir;
  return dir;
}

/** What a child run ended with. */
export interface ChildResult {
  /** Exit code (null when killed by a signal). */
  status: number | null;
  signal: NodeJS.Signals | null;
  /** The value passed to `report`, or undefined when it never reported. */
  value: unknown;
  stderr: string;
}

let counter = 0;

/**
 * Runs `body` (an ES module body; `tg` is the umbrella, `report(v)` prints the result) with `--max-old-space-size`
 * `heapMb`, a wall-clock `timeoutMs` (a guard against hangs, not a timing assertion) and optionally an address-space
 * limit `addressSpaceMb`.
 */
export function runCapped(body: string, heapMb = 256, timeoutMs = 60_000, addressSpaceMb?: number): ChildResult {
  const dir = bundle();
  const file = join(dir, `case-${process.pid}-${counter++}.mjs`);
  writeFileSync(
    file,
    `import * as tg from './tapegrad.mjs';\nconst report = (v) => process.stdout.write(JSON.stringify(v) + '\\n');\n${body}\n`,
  );
  const args = [`--max-old-space-size=${heapMb}`, '--expose-gc', file];
  // With an address-space cap (ulimit -v), large ArrayBuffer allocations fail as they would on a small machine.
  const [command, argv] =
    addressSpaceMb === undefined
      ? [process.execPath, args]
      : ['/bin/sh', ['-c', `ulimit -v ${addressSpaceMb * 1024} && exec "$0" "$@"`, process.execPath, ...args]];
  const res = spawnSync(command, argv, {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });
  rmSync(file, { force: true });
  const lines = (res.stdout ?? '').trim().split('\n').filter(Boolean);
  const last = lines.at(-1);
  return {
    status: res.status,
    signal: res.signal,
    value: last === undefined ? undefined : (JSON.parse(last) as unknown),
    stderr: (res.stderr ?? '').slice(-2000),
  };
}

/**
 * A snippet that runs `expr` (a JS expression using `tg`) and reports `{ ok: true, value }` with `value` the result of
 * `summary` applied to it, or `{ error: name, message }` when it throws.
 */
export function attempt(expr: string, summary = '(r) => null'): string {
  return `try { const r = (${expr}); report({ ok: true, value: (${summary})(r) }); }
catch (e) { report({ error: e?.name ?? typeof e, message: String(e?.message ?? e), tapegrad: e instanceof tg.TapegradError }); }`;
}
