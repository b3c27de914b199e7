/**
 * The `tapegrad-gradcheck` CLI in process (sources): argument handling, exit codes, what each reporter writes, the
 * --fast flag, malformed modules and entries. The built bin is spawned on the examples in test/gradcheck-cli.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CliIO, runCli } from './main';
import { jsonReport } from './reporters';

const fixtures = fileURLToPath(new URL('../../../../test/gradcheck-cli/fixtures/', import.meta.url));

async function cli(
  ...argv: string[]
): Promise<{ code: number; stdout: string; stderr: string; files: Map<string, string> }> {
  let stdout = '';
  let stderr = '';
  const files = new Map<string, string>();
  const io: CliIO = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    cwd: fixtures,
    writeFile: (path, text) => {
      files.set(path, text);
    },
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, files };
}

describe('tapegrad-gradcheck (in process)', () => {
  it('text: a table of every check, the failures in full, a summary; exit 1 when a check fails or errors', async () => {
    const { code, stdout, stderr } = await cli('mixed.mjs');
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^file\s+check\s+order\s+result\s+max abs err\s+max rel err\s+ms$/);
    expect(stdout).toMatch(/mixed\.mjs\s+exp\s+1\s+pass\s/);
    expect(stdout).toMatch(/mixed\.mjs\s+tanh <second order>\s+2\s+pass\s/);
    expect(stdout).toMatch(/mixed\.mjs\s+wrong square\s+1\s+FAIL\s+[\d.e+-]+\s/);
    expect(stdout).toMatch(/mixed\.mjs\s+plain gradient\s+1\s+pass/);
    expect(stdout).toMatch(/mixed\.mjs\s+throws\s+ERROR/);
    expect(stdout).toMatch(/mixed\.mjs\s+malformed\s+ERROR/);
    // The failure's GradcheckError message, indented, names the custom op and the worst entry.
    expect(stdout).toContain(
      'FAIL mixed.mjs › wrong square\n    Jacobian mismatch for output 0 with respect to input 0,\n    numerical:tensor([',
    );
    expect(stdout).toContain('(ops with their own backward on its graph: wrongSquare)');
    expect(stdout).toContain('ERROR mixed.mjs › throws\n    RangeError: boom');
    expect(stdout).toContain(
      'ERROR mixed.mjs › malformed\n    TypeError: checks[5]: expected { name, fn, inputs } or { name, run }',
    );
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('6 checks: 3 passed, 1 failed, 2 errors');
  });

  it('json: every report field, non-finite numbers as strings; the table goes to stderr', async () => {
    const { code, stdout, stderr } = await cli('mixed.mjs', 'passing.mjs', '--reporter=json');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^file\s+check/);
    const json = JSON.parse(stdout);
    expect(json.tool).toBe('tapegrad-gradcheck');
    expect(json.summary).toEqual({ checks: 9, passed: 5, failed: 2, errors: 2, skippedFiles: 0 });
    const wrong = json.files[0].results[2];
    expect(wrong).toMatchObject({
      name: 'wrong square',
      status: 'fail',
      report: { ok: false, order: 1, name: 'wrong square' },
    });
    // The entry furthest outside its tolerance: t = 1.1, where 3t and 2t differ most.
    expect(wrong.report.worst).toMatchObject({ output: 0, input: 0, index: [2, 2] });
    expect(wrong.report.worst.analytical).toBeCloseTo(3 * 1.1, 10);
    expect(wrong.report.worst.numerical).toBeCloseTo(2 * 1.1, 8);
    expect(json.files[1].results[2]).toMatchObject({ name: 'sees --fast', status: 'fail' });
  });

  it('json keeps NaN and infinite errors as strings (JSON has no such numbers)', () => {
    const report = {
      ok: false,
      order: 1,
      maxAbsError: Number.NaN,
      maxRelError: Number.POSITIVE_INFINITY,
      worst: null,
      ms: 1,
    };
    const text = jsonReport([{ file: 'f.mjs', results: [{ name: 'nan', status: 'fail', report, ms: 1 }] }], false);
    expect(JSON.parse(text).files[0].results[0].report).toMatchObject({ maxAbsError: 'NaN', maxRelError: 'Infinity' });
  });

  it('--fast passes fastMode to every check', async () => {
    const slow = await cli('passing.mjs', '--reporter', 'json');
    const fast = await cli('passing.mjs', '--reporter=json', '--fast');
    expect(slow.code).toBe(1);
    expect(fast.code).toBe(0);
    expect(JSON.parse(fast.stdout).fast).toBe(true);
    expect(JSON.parse(fast.stdout).files[0].results.map((r: { status: string }) => r.status)).toEqual([
      'pass',
      'pass',
      'pass',
    ]);
  });

  it('junit: one testsuite per file, failures and errors with their messages, XML-escaped', async () => {
    const { code, stdout } = await cli('mixed.mjs', 'skipped.mjs', '--reporter=junit');
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="tapegrad-gradcheck" tests="6" failures="1" errors="2" time="[\d.]+">/,
    );
    expect(stdout).toContain('<testsuite name="mixed.mjs" tests="6" failures="1" errors="2" skipped="0"');
    expect(stdout).toContain('name="tanh &lt;second order&gt;"');
    expect(stdout).toMatch(
      /<testcase classname="mixed\.mjs" name="wrong square" time="[\d.]+">\n {6}<failure message="Jacobian mismatch for output 0 with respect to input 0,">Jacobian mismatch/,
    );
    expect(stdout).toContain('<error message="RangeError: boom">RangeError: boom</error>');
    expect(stdout).toContain('<testsuite name="skipped.mjs" tests="1" failures="0" errors="0" skipped="1"');
    expect(stdout).toContain('<skipped message="needs a GPU"/>');
    expect(stdout.match(/<testcase /g)?.length).toBe(7);
    expect(stdout.trimEnd().endsWith('</testsuites>')).toBe(true);
  });

  it('tap: version 13, a plan, ok / not ok per check with a YAML block, SKIP for skipped files', async () => {
    const { code, stdout } = await cli('passing.mjs', 'skipped.mjs', 'mixed.mjs', '--reporter=tap', '--fast');
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('TAP version 13');
    expect(lines[1]).toBe('1..10');
    expect(lines).toContain('ok 1 - passing.mjs › sin');
    expect(lines).toContain('ok 4 - skipped.mjs # SKIP needs a GPU');
    expect(lines).toContain('not ok 7 - mixed.mjs › wrong square');
    expect(stdout).toMatch(
      /not ok 7 - mixed\.mjs › wrong square\n {2}---\n {2}order: 1\n {2}maxAbsError: [\d.e+-]+\n {2}maxRelError: [\d.e+-]+\n {2}worst: \{ output: 0, input: 0, index: \[\d, \d\], analytical: [\d.e+-]+, numerical: [\d.e+-]+ \}\n {2}ms: [\d.]+\n {2}message: \|\n {4}Jacobian mismatch/,
    );
    expect(lines.filter((l) => /^(not )?ok \d+ /.test(l)).length).toBe(10);
  });

  it('--output writes the report to a file and the table to stdout', async () => {
    const { code, stdout, files } = await cli('passing.mjs', '--fast', '--reporter=junit', '--output=out/report.xml');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^file\s+check/);
    expect([...files.keys()]).toEqual([`${fixtures}out/report.xml`]);
    expect(files.get(`${fixtures}out/report.xml`)).toMatch(/^<\?xml/);
  });

  it('modules that cannot be loaded or export no checks are errors; a skipped module is not', async () => {
    const missing = await cli('nope.mjs');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('ERROR nope.mjs: file not found:');
    const noChecks = await cli('no-checks.mjs');
    expect(noChecks.code).toBe(1);
    expect(noChecks.stdout).toContain('ERROR no-checks.mjs: expected the module to export `checks`');
    const skipped = await cli('skipped.mjs');
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toContain('skipped skipped.mjs: needs a GPU');
    expect(skipped.stdout).toContain('0 checks: 0 passed, 0 failed, 0 errors, 1 files skipped');
  });

  it('usage errors exit 2 with the usage; --help exits 0', async () => {
    for (const argv of [[], ['--reporter=xml', 'a.mjs'], ['--bogus', 'a.mjs'], ['a.mjs', '--output']]) {
      const { code, stderr, stdout } = await cli(...argv);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^tapegrad-gradcheck: .+\n\nusage: tapegrad-gradcheck FILE/);
    }
    expect((await cli('--reporter=xml', 'a.mjs')).stderr).toContain(
      'unknown reporter "xml" (expected one of text, json, junit, tap)',
    );
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /^usage: tapegrad-gradcheck FILE\.\.\. \[--reporter=text\|json\|junit\|tap\] \[--fast\]/,
    );
  });
});
