/**
 * Every ```ts / ```typescript block of the documentation (README.md, CONTRIBUTING.md, docs/**, the packages' and the
 * examples' READMEs) type-checks under `strict: true` as a module of a consumer app that imports 'tapegrad' or
 * '@tapegrad/*' (resolved to the workspace sources through the `@tapegrad/source` export condition, so no build is
 * needed and nothing is stale; the built .d.ts files are checked by test/tarballs.test.ts). A block that is not meant
 * to compile (a signature listing, a fragment) says so in its fence: ```ts ignore. Issue #11 item 5: the README's
 * tour once failed `tsc --strict` (`gA` possibly null). A failure names the markdown file and line.
 * All blocks are checked by one TypeScript program over in-memory files, so the test takes a few seconds.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A code block of a markdown file: where its first code line is, and its code. */
interface Block {
  file: string;
  line: number;
  code: string;
}

function markdownFiles(): string[] {
  const files = ['README.md', 'CONTRIBUTING.md'].map((f) => join(root, f));
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'api') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) files.push(path);
    }
  };
  for (const dir of ['docs', 'packages', 'examples', 'benchmarks']) walk(join(root, dir));
  return files.filter((f) => existsSync(f));
}

/** The ```ts and ```typescript blocks of a markdown text, except those whose fence says `ignore`. */
function tsBlocks(file: string, text: string): { blocks: Block[]; ignored: number } {
  const blocks: Block[] = [];
  let ignored = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)(.*)$/.exec(lines[i]);
    if (open === null) continue;
    const [, indent, fence, lang, info] = open;
    let end = i + 1;
    while (end < lines.length && !lines[end].trimStart().startsWith(fence)) end++;
    if (lang === 'ts' || lang === 'typescript') {
      if (/\bignore\b/.test(info)) ignored++;
      else
        blocks.push({
          file,
          line: i + 2,
          code: lines
            .slice(i + 1, end)
            .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
            .join('\n'),
        });
    }
    i = end;
  }
  return { blocks, ignored };
}

const options: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  types: ['node'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force, // every block is its own module, even without import/export
  skipLibCheck: true,
  isolatedModules: true,
  customConditions: ['@tapegrad/source'],
};

/** The type errors of `blocks`, as `file:line: message`, from one program over in-memory modules. */
function typeErrors(blocks: readonly Block[]): string[] {
  // The blocks are virtual files beside the repository's node_modules, so `tapegrad` resolves as in an app.
  const virtual = new Map(blocks.map((b, k) => [join(root, 'test', '.docs-blocks', `block${k}.ts`), b]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
  host.readFile = (name) => virtual.get(name)?.code ?? readFile.call(host, name);
  host.getSourceFile = (name, version, ...rest) => {
    const block = virtual.get(name);
    return block === undefined
      ? getSourceFile.call(host, name, version, ...rest)
      : ts.createSourceFile(name, block.code, version, true, ts.ScriptKind.TS);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  const failures: string[] = [];
  for (const [name, block] of virtual) {
    const source = program.getSourceFile(name);
    if (source === undefined) throw new Error(`docs typecheck: lost ${name}`);
    for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      const { line } = source.getLineAndCharacterOfPosition(d.start ?? 0);
      failures.push(`${block.file}:${block.line + line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    }
  }
  return failures;
}

// Proof that the check can fail: a block with a strict-mode error, checked in the same program as the docs.
const SENTINEL: Block = {
  file: 'sentinel.md',
  line: 10,
  code: [
    "import { autograd, tensor } from 'tapegrad';",
    'const x = tensor([1, 2], { requiresGrad: true });',
    'const [g] = autograd.grad(x.sum(), [x], { allowUnused: true });',
    'g.sum();',
  ].join('\n'),
};

it('every ts block of the docs type-checks under strict', () => {
  const blocks: Block[] = [];
  let ignored = 0;
  for (const file of markdownFiles()) {
    const found = tsBlocks(relative(root, file), readFileSync(file, 'utf8'));
    blocks.push(...found.blocks);
    ignored += found.ignored;
  }
  const failures = typeErrors([...blocks, SENTINEL]);
  expect(failures.filter((f) => f.startsWith('sentinel.md'))).toEqual(["sentinel.md:13: 'g' is possibly 'null'."]);
  expect(failures.filter((f) => !f.startsWith('sentinel.md'))).toEqual([]);
  expect(blocks.length).toBeGreaterThanOrEqual(6);
  expect(ignored).toBeLessThanOrEqual(3); // opting out stays rare
});
