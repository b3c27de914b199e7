/**
 * `tapegrad-gradcheck FILE… [--reporter=text|json|junit|tap] [--fast] [--output=PATH]` (docs/semantics.md §2.8): imports each
 * FILE (an ES module exporting `checks`), runs every check, prints a compact table and writes the chosen report.
 * Exit code 0 when every check passes, 1 when one fails or errors (or a file cannot be loaded), 2 for a usage error.
 * With a machine-readable reporter the report goes to stdout (or to --output) and the table to stderr.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeValue } from '@tapegrad/core/internal';
import { type FileResult, runEntry } from './checks';
import { jsonReport, junitReport, REPORTERS, type ReporterName, summarize, tapReport, textReport } from './reporters';

/** Where the CLI writes (injectable for tests). */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  writeFile(path: string, text: string): void;
}

export const USAGE = `usage: tapegrad-gradcheck FILE... [--reporter=text|json|junit|tap] [--fast] [--output=PATH]

Runs the gradient checks exported as \`checks\` by each FILE (an ES module):
  export const checks = [
    { name: 'tanh', fn: (x) => x.tanh(), inputs: [randn([3], { dtype: 'float64', requiresGrad: true })], order: 2 },
    { name: 'my grad', run: (opts) => autograd.checkGrad(f, grad, x, opts) },
  ];
  --reporter  text (default): a table on stdout; json, junit, tap: the report on stdout (or --output), the table on stderr
  --fast      fastMode for every check (random projections: O(1) evaluations instead of O(inputs))
  --output    write the report to PATH
Exit code: 0 all passed, 1 a check failed or errored, 2 usage error.`;

interface Args {
  files: string[];
  reporter: ReporterName;
  fast: boolean;
  output?: string;
  help: boolean;
}

class UsageError extends Error {}

function parse(argv: string[]): Args {
  const args: Args = { files: [], reporter: 'text', fast: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') args.help = true;
    else if (flag === '--fast') args.fast = true;
    else if (flag === '--reporter') {
      const name = value();
      if (!(REPORTERS as readonly string[]).includes(name))
        throw new UsageError(`unknown reporter ${JSON.stringify(name)} (expected one of ${REPORTERS.join(', ')})`);
      args.reporter = name as ReporterName;
    } else if (flag === '--output' || flag === '-o') args.output = value();
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    else args.files.push(arg);
  }
  if (!args.help && args.files.length === 0) throw new UsageError('expected at least one FILE');
  return args;
}

async function runFile(file: string, cwd: string, fast: boolean): Promise<FileResult> {
  const path = resolve(cwd, file);
  if (!existsSync(path)) return { file, loadError: `file not found: ${path}`, results: [] };
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    return {
      file,
      loadError: error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error),
      results: [],
    };
  }
  if (typeof mod.skipped === 'string' && mod.skipped !== '') return { file, skipped: mod.skipped, results: [] };
  const checks = await mod.checks;
  if (!Array.isArray(checks))
    return {
      file,
      loadError: `expected the module to export \`checks\`, an array of { name, fn, inputs, order?, options? } or { name, run }, got ${describeValue(checks)}`,
      results: [],
    };
  const results = [];
  for (let i = 0; i < checks.length; i++) results.push(await runEntry(checks[i], i, fast));
  return { file, results };
}

/** Runs the CLI; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let args: Args;
  try {
    args = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`tapegrad-gradcheck: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const files: FileResult[] = [];
  for (const file of args.files) files.push(await runFile(file, io.cwd, args.fast));
  const table = `${textReport(files)}\n`;
  if (args.reporter === 'text') {
    if (args.output !== undefined) io.writeFile(resolve(io.cwd, args.output), table);
    io.stdout(table);
  } else {
    const render = {
      json: () => jsonReport(files, args.fast),
      junit: () => junitReport(files),
      tap: () => tapReport(files),
    }[args.reporter];
    const report = `${render()}\n`;
    if (args.output !== undefined) {
      io.writeFile(resolve(io.cwd, args.output), report);
      io.stdout(table);
    } else {
      io.stdout(report);
      io.stderr(table);
    }
  }
  const s = summarize(files);
  return s.failed + s.errors > 0 ? 1 : 0;
}

/** The process's streams and working directory. */
export function processIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    writeFile: (path, text) => writeFileSync(path, text),
  };
}
