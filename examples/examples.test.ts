// Smoke tests of the runnable examples against the BUILT packages (`pnpm test` builds first), plus the demo's full run,
// which must meet its stated metric (the script exits non-zero otherwise).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../packages/tapegrad/dist/index.js', import.meta.url)));

function run(script: string, env: Record<string, string> = {}): string {
  return execFileSync(process.execPath, [script], {
    cwd: here,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe.skipIf(!built)('examples (built packages)', () => {
  it('01 demo: a short run trains and writes the plot', () => {
    const out = run('01-pinv-head.mjs', { TAPEGRAD_DEMO_STEPS: '40' });
    expect(out).toMatch(/held-out query MSE/);
    expect(out).toMatch(/loss curve written to .*pinv-head-loss\.svg/);
  });
  it('01 demo: the full run beats the baseline by the stated factor', () => {
    const out = run('01-pinv-head.mjs');
    const improvement = Number(/(\d+(\.\d+)?)× better than the baseline/.exec(out)?.[1]);
    expect(improvement).toBeGreaterThanOrEqual(5);
  });
  it('02 iris: held-out accuracy is reported and high after full training', () => {
    const out = run('02-mlp-iris.mjs');
    const accuracy = Number(/held-out accuracy (\d+(\.\d+)?)%/.exec(out)?.[1]);
    expect(accuracy).toBeGreaterThanOrEqual(90);
  });
  it('03 gradcheck script: every check passes (exit code 0)', () => {
    expect(run('03-gradcheck.mjs')).toMatch(/all \d+ functions pass/);
  });
  it('04 custom op: gradcheck and gradgradcheck pass and the wrong backward is caught', () => {
    const out = run('04-custom-op.mjs');
    expect(out).toMatch(/gradcheck: true/);
    expect(out).toMatch(/gradgradcheck: true/);
    expect(out).toMatch(/Jacobian mismatch for output 0 with respect to input 0/);
  });
  it('05 mathjs interop: pinv(Z)·Z ≈ I', () => {
    expect(run('05-mathjs-interop.mjs')).toMatch(/pinv\(Z\) · Z ≈ I: \[\[1, /);
  });
});

describe.skipIf(!built)('README', () => {
  it('the 20-line tour runs as written', () => {
    const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    const tour = /## A 20-line tour\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(tour).toBeDefined();
    const script = fileURLToPath(new URL('./out/readme-tour.mjs', import.meta.url));
    mkdirSync(dirname(script), { recursive: true });
    writeFileSync(script, `${tour}\nconsole.log('tour ok', ggA.shape.join('x'));\n`);
    expect(run(script)).toMatch(/tour ok 3x2/);
  });
});
