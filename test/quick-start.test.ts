/**
 * The README's first quick-start command stays light (issue #11 item 7): `pnpm install --prod --filter
 * "@tapegrad/examples..."` installs only the production dependencies of the examples package and of the workspace
 * packages it depends on — nothing but esbuild, which `pnpm demo` uses to bundle the demo from the TypeScript sources
 * (no build step, so no dev tools; the benchmark peers belong to @tapegrad/benchmarks, which is not selected).
 * Measured on an empty store: 12 MB (the full install of command 2: ≈ 635 MB).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Manifest {
  name: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
}

const read = (dir: string): Manifest => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest;
const WORKSPACE: Record<string, string> = {
  tapegrad: 'packages/tapegrad',
  '@tapegrad/core': 'packages/core',
  '@tapegrad/autograd': 'packages/autograd',
  '@tapegrad/linalg': 'packages/linalg',
  '@tapegrad/nn': 'packages/nn',
};

describe('the quick start demo', () => {
  it('README command 1 is the filtered production install followed by pnpm demo', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain(
      'npx -y pnpm@12.4.2 install --prod --filter "@tapegrad/examples..." && npx -y pnpm@12.4.2 demo',
    );
    expect(read('.').scripts?.demo).toBe('pnpm --filter @tapegrad/examples run demo');
  });

  it('the filtered install pulls in no third-party package but esbuild', () => {
    const thirdParty = new Set<string>();
    const queue = ['examples'];
    for (const seen = new Set<string>(); queue.length > 0; ) {
      const dir = queue.pop() as string;
      if (seen.has(dir)) continue;
      seen.add(dir);
      for (const [name, range] of Object.entries(read(dir).dependencies ?? {})) {
        if (range.startsWith('workspace:')) queue.push(WORKSPACE[name] ?? `unknown workspace package ${name}`);
        else thirdParty.add(name);
      }
    }
    expect([...thirdParty]).toEqual(['esbuild']);
  });

  it('pnpm demo bundles the demo from source and runs it (a short run)', () => {
    const out = execFileSync('npx', ['-y', 'pnpm@12.4.2', 'demo'], {
      cwd: root,
      env: { ...process.env, TAPEGRAD_DEMO_STEPS: '40', NODE_OPTIONS: '' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(out).toMatch(/held-out query MSE/);
    expect(out).toMatch(/loss curve written to .*pinv-head-loss\.svg/);
  });
});
