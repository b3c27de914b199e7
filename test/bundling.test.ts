/**
 * tapegrad as a dependency of a bundled app (issue #11 items 1 and 4). The apps in test/bundle/ are bundled from the
 * BUILT packages (dist/, as an app would get them) with esbuild (node and browser targets) and Rollup, then run:
 * - importing a single name (`tensor`), or only @tapegrad/core + @tapegrad/linalg, still gives a working backward
 *   (bundlers must not drop the autograd engine: see `sideEffects` in autograd's and the umbrella's package.json);
 * - the example app (pinv gradient + gradgradcheck) runs in Node, in Node with `process` deleted (warnings then go to
 *   console.warn), and in real headless Chromium (`chromium --headless --dump-dom` reads what the page wrote).
 * The pinv gradient is compared with central finite differences. Skipped when dist is missing (`pnpm test` builds
 * first); the Chromium part is skipped, with the reason printed, only when no chromium binary is found.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { build } from 'esbuild';
import { rollup } from 'rollup';
import { linalg, tensor } from 'tapegrad';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const apps = join(root, 'test', 'bundle');
const built = ['core', 'autograd', 'linalg', 'nn', 'tapegrad'].every((p) =>
  existsSync(join(root, 'packages', p, 'dist', 'index.js')),
);
const chromium =
  (process.env.PATH ?? '')
    .split(delimiter)
    .flatMap((dir) => ['chromium', 'chromium-browser'].map((name) => join(dir, name)))
    .find((p) => existsSync(p)) ?? null;
if (built && chromium === null)
  console.log(
    'bundling.test: SKIPPING the headless-browser test: no chromium binary (.ci/run installs it with apt-get)',
  );

interface AppResult {
  grad?: number[][];
  gradgradcheck?: boolean;
  channels?: string[];
  hasProcess?: boolean;
  error?: string;
}

let out = '';

async function esbuild(entry: string, platform: 'node' | 'browser'): Promise<string> {
  const file = join(out, `${entry}.esbuild-${platform}.${platform === 'node' ? 'mjs' : 'js'}`);
  await build({
    entryPoints: [join(apps, `${entry}.mjs`)],
    bundle: true,
    platform,
    format: platform === 'node' ? 'esm' : 'iife',
    outfile: file,
    logLevel: 'error',
  });
  return file;
}

async function rollupBundle(entry: string, format: 'es' | 'iife'): Promise<string> {
  const file = join(out, `${entry}.rollup.${format === 'es' ? 'mjs' : 'js'}`);
  const bundle = await rollup({
    input: join(apps, `${entry}.mjs`),
    plugins: [nodeResolve({ browser: format === 'iife' })],
    onwarn(warning) {
      throw new Error(`rollup: ${warning.message}`);
    },
  });
  await bundle.write({ file, format });
  await bundle.close();
  return file;
}

/** Runs a bundle with node (optionally with `globalThis.process` deleted first) and parses its JSON line. */
function runNode(file: string, deleteProcess = false): AppResult {
  const url = pathToFileURL(file).href;
  const script = `${deleteProcess ? 'delete globalThis.process; ' : ''}await import(${JSON.stringify(url)});`;
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
    timeout: 60_000,
  });
  if (res.status !== 0) throw new Error(`node ${file} exited with ${res.status}: ${res.stderr}`);
  return JSON.parse(res.stdout.trim()) as AppResult;
}

/** Central finite differences of sum(pinv(A)) in float64 (h = 1e-6): the independent reference of the app's gradient. */
function finiteDifferenceGrad(rows: number[][]): number[][] {
  const h = 1e-6;
  const f = (m: number[][]) =>
    linalg
      .pinv(tensor(m, { dtype: 'float64' }))
      .sum()
      .item() as number;
  return rows.map((row, i) =>
    row.map((_, j) => {
      const plus = rows.map((r) => [...r]);
      const minus = rows.map((r) => [...r]);
      (plus[i] as number[])[j] = (row[j] as number) + h;
      (minus[i] as number[])[j] = (row[j] as number) - h;
      return (f(plus) - f(minus)) / (2 * h);
    }),
  );
}

const A = [
  [2, 1],
  [1, 3],
  [0, 1],
];

function expectApp(result: AppResult, channel: string | null): void {
  expect(result.error).toBeUndefined();
  const fd = finiteDifferenceGrad(A);
  expect(result.grad).toHaveLength(3);
  result.grad?.forEach((row, i) => {
    row.forEach((v, j) => {
      expect(v).toBeCloseTo(fd[i]?.[j] as number, 6);
    });
  });
  expect(result.gradgradcheck).toBe(true);
  expect(result.channels).toEqual(channel === null ? [] : [channel]);
}

describe.skipIf(!built)('bundled apps (esbuild, Rollup) from the built packages', () => {
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'tapegrad-bundling-'));
  });
  afterAll(() => {
    if (out !== '') rmSync(out, { recursive: true, force: true });
  });

  for (const [name, bundle] of [
    ['esbuild', (entry: string) => esbuild(entry, 'node')],
    ['Rollup', (entry: string) => rollupBundle(entry, 'es')],
  ] as const) {
    it(`${name}: importing only \`tensor\` from 'tapegrad' keeps the engine (backward works)`, async () => {
      expect(runNode(await bundle('tensor-only')).grad).toEqual([2, 4, 6]);
    });

    it(`${name}: importing only from @tapegrad/core and @tapegrad/linalg keeps the engine`, async () => {
      const { grad } = runNode(await bundle('subpackages-only'));
      const fd = finiteDifferenceGrad(A);
      grad?.forEach((row, i) => {
        row.forEach((v, j) => {
          expect(v).toBeCloseTo(fd[i]?.[j] as number, 6);
        });
      });
    });

    it(`${name}: the example app runs in Node, and with \`process\` deleted (warnings → console.warn)`, async () => {
      const file = await bundle('app');
      const withProcess = runNode(file);
      expectApp(withProcess, 'process.emitWarning');
      expect(withProcess.hasProcess).toBe(true);
      const withoutProcess = runNode(file, true);
      expectApp(withoutProcess, 'console.warn');
      expect(withoutProcess.hasProcess).toBe(false);
    });
  }

  it.skipIf(chromium === null)(
    'the example app runs in headless Chromium (esbuild and Rollup browser bundles)',
    async () => {
      const scripts = [await esbuild('app', 'browser'), await rollupBundle('app', 'iife')];
      const page = join(out, 'index.html');
      writeFileSync(
        page,
        `<!doctype html><html><head><title>tapegrad</title></head><body>${scripts
          .map((s) => `<script src="${pathToFileURL(s).href}"></script>`)
          .join('')}</body></html>`,
      );
      const res = spawnSync(
        chromium as string,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--allow-file-access-from-files',
          `--user-data-dir=${join(out, 'profile')}`,
          '--dump-dom',
          pathToFileURL(page).href,
        ],
        { encoding: 'utf8', timeout: 90_000 },
      );
      const results = [...res.stdout.matchAll(/<pre class="result">([^<]*)<\/pre>/g)].map(
        (m) => JSON.parse((m[1] as string).replaceAll('&quot;', '"').replaceAll('&amp;', '&')) as AppResult,
      );
      expect(results, `chromium printed: ${res.stdout.slice(0, 2000)} ${res.stderr.slice(-2000)}`).toHaveLength(2);
      // Both bundles are copies of tapegrad in one page sharing one warning registry (core's shared-state.ts): the
      // warning is shown once, by the first copy; the second finds it already shown.
      results.forEach((result, i) => {
        expectApp(result, i === 0 ? 'console.warn' : null);
        expect(result.hasProcess).toBe(false);
      });
    },
  );
});
