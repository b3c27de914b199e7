// Smoke tests of the runnable examples against the BUILT packages (`pnpm test` builds first), plus the demo's full run,
// which must meet its stated metric (the script exits non-zero otherwise).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../packages/tapegrad/dist/index.js', import.meta.url)));

function run(script: string, env: Record<string, string> = {}, timeout = 120_000): string {
  return execFileSync(process.execPath, [script], {
    cwd: here,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout,
  });
}

/** The full run of the character transformer (minutes on 2 cores) only with TAPEGRAD_FULL_EXAMPLES=1. */
const full = process.env.TAPEGRAD_FULL_EXAMPLES === '1';
const number = (re: RegExp, out: string): number => Number(re.exec(out)?.[1]);

// Each example is a child process that takes 5–25 s alone; on a loaded 2-core CI machine several times that, so the
// per-test limit follows the child's own timeout (120 s) instead of the suite's 60 s default.
describe.skipIf(!built)('examples (built packages)', { timeout: 150_000 }, () => {
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
  // A short run of a narrower model: it must already beat the unigram baseline (predicting each character by its
  // frequency, 3.25 nats; an untrained model scores ln 61 ≈ 4.11), i.e. it has learned to use the context.
  it('06 char transformer: a short run ends below the unigram baseline, plots and samples', () => {
    const out = run('06-char-transformer.mjs', {
      TAPEGRAD_EXAMPLE_STEPS: '60',
      CT_LR: '1e-2',
      CT_WIDTH: '32',
      CT_CONTEXT: '16',
      CT_BATCH: '16',
    });
    expect(number(/unigram baseline (\d+\.\d+) nats/, out)).toBeCloseTo(3.254, 3);
    expect(number(/\(ratio (\d+\.\d+)\)/, out)).toBeLessThan(0.95);
    expect(out).toMatch(/loss curve written to .*char-transformer-loss\.svg/);
    expect(out).toMatch(/--- sample ---\nMENENIUS:\n[\s\S]{40}\n---/);
  }, 120_000);
  it('07 digits CNN: one epoch is far above chance (10 %) and prints the confusion matrix', () => {
    const out = run('07-digits-cnn.mjs', { TAPEGRAD_EXAMPLE_EPOCHS: '1' });
    expect(out).toMatch(/1438 training and 359 held-out images/);
    expect(number(/held-out accuracy (\d+(\.\d+)?)%/, out)).toBeGreaterThanOrEqual(50);
    const matrix = /columns: predicted\)\n.*\n((?:.*\n){10})/.exec(out)?.[1] ?? '';
    const cells = matrix
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/).slice(1));
    expect(cells.flat().reduce((n, c) => n + (c === '.' ? 0 : Number(c)), 0)).toBe(359);
  });
  it.runIf(full)(
    '06 char transformer (full run, TAPEGRAD_FULL_EXAMPLES=1): validation loss ≤ 0.7 × the unigram baseline',
    () => {
      const out = run('06-char-transformer.mjs', {}, 1_800_000);
      expect(number(/\(ratio (\d+\.\d+)\)/, out)).toBeLessThanOrEqual(0.7);
    },
    1_800_000,
  );
  // ~15 s of CPU: cheap enough to run in CI every time.
  it('07 digits CNN (full run): held-out accuracy ≥ 95 %', () => {
    const out = run('07-digits-cnn.mjs', {}, 300_000);
    expect(number(/held-out accuracy (\d+(\.\d+)?)%/, out)).toBeGreaterThanOrEqual(95);
  }, 300_000);
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
