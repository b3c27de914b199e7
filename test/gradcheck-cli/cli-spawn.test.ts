/**
 * The built `tapegrad-gradcheck` bin, spawned as CI would run it, on the examples' checks (03 tensor checks, 08 plain
 * arrays, 09 TensorFlow.js) with each reporter; the deliberate bug of example 08 makes it exit 1; examples 08 and 09 run
 * directly; example 09 without TensorFlow.js prints a skip message and exits 0. Needs `pnpm build` (skipped otherwise).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'packages/tapegrad/dist/cli/gradcheck.js');
const built = existsSync(bin);
const examples = ['examples/03-gradcheck.mjs', 'examples/08-check-handwritten.mjs', 'examples/09-check-tfjs.mjs'];
const out = mkdtempSync(join(tmpdir(), 'tapegrad-gradcheck-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function run(args: string[], cwd = root): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Example 03 has 24 checks, 08 has 4; 09 has 3 (TF.js is a devDependency of the examples, so it is installed here). */
const EXPECTED_CHECKS = 24 + 4 + 3;

describe.skipIf(!built)('tapegrad-gradcheck on the examples (built bin)', () => {
  it('text: every check passes, exit 0', () => {
    const { code, stdout } = run([bin, ...examples]);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(
      `${EXPECTED_CHECKS} checks: ${EXPECTED_CHECKS} passed, 0 failed, 0 errors`,
    );
    expect(stdout).toMatch(/examples\/08-check-handwritten\.mjs\s+loss Hessian-vector product\s+2\s+pass/);
    expect(stdout).toMatch(/examples\/09-check-tfjs\.mjs\s+tf\.customGrad log-sum-exp: gradient\s+1\s+pass/);
    expect(code).toBe(0);
  });

  it('junit (written with --output): one testsuite per example, no failures', () => {
    const report = join(out, 'gradcheck.xml');
    const { code, stdout } = run([bin, ...examples, '--reporter=junit', `--output=${report}`]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^file\s+check/);
    const xml = readFileSync(report, 'utf8');
    expect(xml).toMatch(
      new RegExp(`<testsuites name="tapegrad-gradcheck" tests="${EXPECTED_CHECKS}" failures="0" errors="0"`),
    );
    expect(xml.match(/<testsuite /g)?.length).toBe(3);
    expect(xml).not.toMatch(/<failure|<error/);
  });

  it('json --fast: every check passes in fast mode too', () => {
    const { code, stdout } = run([bin, ...examples, '--reporter=json', '--fast']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.fast).toBe(true);
    expect(json.summary).toEqual({
      checks: EXPECTED_CHECKS,
      passed: EXPECTED_CHECKS,
      failed: 0,
      errors: 0,
      skippedFiles: 0,
    });
  });

  it('tap --fast: a plan and one ok per check', () => {
    const { code, stdout } = run([bin, ...examples, '--reporter=tap', '--fast']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual(['TAP version 13', `1..${EXPECTED_CHECKS}`]);
    expect(lines.filter((l) => /^ok \d+ - examples\//.test(l)).length).toBe(EXPECTED_CHECKS);
  });

  it('the deliberate bug of example 08 fails the run (exit 1) with checkHvp’s report', () => {
    const { code, stdout } = run([bin, 'test/gradcheck-cli/fixtures/deliberately-wrong.mjs']);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /deliberately-wrong\.mjs\s+Hessian-vector product without the tanh″ term \(deliberate bug\)\s+2\s+FAIL/,
    );
    expect(stdout).toMatch(/\n {4}checkHvp: Hessian mismatch at index \[\d+, \d+\]: analytical /);
  });
});

describe.skipIf(!built)('examples 08 and 09 run directly', () => {
  it('08: the correct derivatives pass and the bug is caught (full and fast mode)', () => {
    const { code, stdout } = run(['examples/08-check-handwritten.mjs']);
    expect(stdout).toContain('all correct derivatives pass and the bug is caught');
    expect(stdout).toMatch(/checkHvp: Hessian mismatch at index \[\d+, \d+\]/);
    expect(code).toBe(0);
  });

  it('09: TF.js custom gradients pass and the wrong one is caught', () => {
    const { code, stdout } = run(['examples/09-check-tfjs.mjs']);
    expect(stdout).toContain('all TF.js derivatives pass and the bug is caught');
    expect(code).toBe(0);
  });

  it('09 without TensorFlow.js installed: a skip message, exit 0; the CLI reports the file as skipped', () => {
    // A directory where `tapegrad` resolves (a link to the package) but `@tensorflow/tfjs` does not.
    const dir = join(out, 'no-tfjs');
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    symlinkSync(join(root, 'packages/tapegrad'), join(dir, 'node_modules/tapegrad'), 'dir');
    copyFileSync(join(root, 'examples/09-check-tfjs.mjs'), join(dir, '09-check-tfjs.mjs'));
    const direct = run(['09-check-tfjs.mjs'], dir);
    expect(direct.stdout).toMatch(
      /^skipped: TensorFlow\.js is not installed \(npm install @tensorflow\/tfjs to run this example\)/,
    );
    expect(direct.code).toBe(0);
    const viaCli = run([bin, '09-check-tfjs.mjs'], dir);
    expect(viaCli.stdout).toContain('skipped 09-check-tfjs.mjs: TensorFlow.js is not installed');
    expect(viaCli.code).toBe(0);
  });
});
