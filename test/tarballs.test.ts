/**
 * The published form of tapegrad (issue #11 item 3): `pnpm pack` every package (workspace:* ranges rewritten to the
 * real versions), check each tarball's contents (LICENSE, README, built entries, no tests), install the five tarballs
 * with npm into a fresh scratch app — offline: the packages have no third-party runtime dependencies — and use them
 * as a consumer would: ESM, CommonJS, both in one process, and `tsc --strict` on consumer code under
 * `moduleResolution` node16 (.mts and .cts) and bundler. The consumer sources are in test/consumer/.
 * Skipped when dist is missing (`pnpm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const consumer = join(root, 'test', 'consumer');
const PACKAGES = ['core', 'autograd', 'linalg', 'nn', 'tapegrad'];
const built = PACKAGES.every((p) => existsSync(join(root, 'packages', p, 'dist', 'index.js')));

function sh(cmd: string, args: string[], cwd: string): string {
  const res = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', npm_config_update_notifier: 'false' },
    timeout: 120_000,
  });
  if (res.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited with ${res.status}: ${res.stdout}\n${res.stderr}`);
  return res.stdout;
}

let work = '';
let app = '';
const tarballs = new Map<string, string>();

function entriesOf(tgz: string): string[] {
  return sh('tar', ['-tzf', tgz], work)
    .split('\n')
    .filter((line) => line !== '');
}

function runApp(file: string): Record<string, unknown> {
  return JSON.parse(sh(process.execPath, [file], app).trim()) as Record<string, unknown>;
}

function tsc(tsconfig: object, name: string): void {
  writeFileSync(join(app, name), JSON.stringify(tsconfig));
  sh(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', name], app);
}

describe.skipIf(!built)('tarballs: pnpm pack → npm install → ESM, CJS, mixed, tsc --strict', () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'tapegrad-tarballs-'));
    const packs = join(work, 'packs');
    mkdirSync(packs);
    for (const p of PACKAGES) {
      const before = new Set(readdirSync(packs));
      sh('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', packs], join(root, 'packages', p));
      const added = readdirSync(packs).filter((f) => !before.has(f));
      if (added.length !== 1) throw new Error(`pnpm pack in packages/${p} wrote ${added.join(', ') || 'nothing'}`);
      tarballs.set(p, join(packs, added[0] as string));
    }
    app = join(work, 'app');
    mkdirSync(app);
    // Every tarball is a direct dependency, so npm resolves the packages' own @tapegrad/* ranges to them, offline.
    const dependencies = Object.fromEntries(
      PACKAGES.map((p) => [p === 'tapegrad' ? 'tapegrad' : `@tapegrad/${p}`, `file:${tarballs.get(p)}`]),
    );
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, dependencies }));
    sh('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], app);
    for (const f of ['esm.mjs', 'cjs.cjs', 'workload.cjs', 'mixed.mjs']) copyFileSync(join(consumer, f), join(app, f));
    copyFileSync(join(consumer, 'consumer.ts'), join(app, 'consumer.ts'));
    copyFileSync(join(consumer, 'consumer.ts'), join(app, 'consumer.mts'));
    copyFileSync(join(consumer, 'consumer.ts'), join(app, 'consumer.cts'));
  }, 300_000);
  afterAll(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('every tarball has LICENSE, README.md, the built entries and no tests; workspace ranges are rewritten', () => {
    for (const p of PACKAGES) {
      const tgz = tarballs.get(p) as string;
      const entries = entriesOf(tgz);
      expect(entries, p).toEqual(
        expect.arrayContaining([
          'package/LICENSE',
          'package/README.md',
          'package/package.json',
          'package/dist/index.js',
          'package/dist/index.cjs',
          'package/dist/index.d.ts',
          'package/dist/index.d.cts',
        ]),
      );
      expect(
        entries.filter((e) => e.endsWith('.test.ts')),
        p,
      ).toEqual([]);
      const manifest = sh('tar', ['-xzOf', tgz, 'package/package.json'], work);
      expect(manifest, p).not.toContain('workspace:');
      const { version, dependencies } = JSON.parse(manifest) as {
        version: string;
        dependencies?: Record<string, string>;
      };
      // The five packages are versioned together: every @tapegrad/* dependency is this very version.
      for (const range of Object.values(dependencies ?? {})) expect(range, p).toBe(version);
    }
  });

  const A_GRAD_ROWS = 3;
  it('ESM consumer: pinv gradient, gradgradcheck, typed errors', () => {
    const r = runApp('esm.mjs');
    expect(r.gg).toBe(true);
    expect(r.shapeError).toBe(true);
    expect(r.grad).toHaveLength(A_GRAD_ROWS);
    // Same gradient from the CJS build (both builds of one source must agree exactly).
    expect(runApp('cjs.cjs')).toEqual({ format: 'cjs', grad: r.grad, shapeError: true });
  });

  it('ESM + CJS in one process: one tape, tensors and errors shared', () => {
    expect(runApp('mixed.mjs')).toEqual({
      format: 'mixed',
      distinctCopies: true,
      aGrad: [4, 5, 6],
      bGrad: [1, 2, 3],
      crossError: true,
    });
  });

  it('tsc --strict accepts consumer code under moduleResolution node16 (ESM and CJS) and bundler', () => {
    const strict = { strict: true, noEmit: true, target: 'es2022', lib: ['es2022'], types: [], skipLibCheck: false };
    tsc(
      {
        compilerOptions: { ...strict, module: 'node16', moduleResolution: 'node16' },
        files: ['consumer.mts', 'consumer.cts'],
      },
      'tsconfig.node16.json',
    );
    tsc(
      { compilerOptions: { ...strict, module: 'esnext', moduleResolution: 'bundler' }, files: ['consumer.ts'] },
      'tsconfig.bundler.json',
    );
  });
});
