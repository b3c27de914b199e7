// Runs publint and @arethetypeswrong/cli (attw) on every built package: the package.json "exports", "main", "types"
// and files must be consistent, and the types must resolve for node10, node16 (ESM and CJS) and bundlers. The
// unstable `/internal` subpaths (used by tapegrad's own packages, which need exports-map support anyway) are checked
// for node16 and bundlers only. Fails on any error or warning. Run after `pnpm build`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = new URL('../packages/', import.meta.url).pathname;
const attw = new URL('../node_modules/.bin/attw', import.meta.url).pathname;
let problems = 0;

function runAttw(dir, args) {
  try {
    execFileSync(attw, ['--pack', join(root, dir), '--format', 'table-flipped', ...args], {
      stdio: 'pipe',
      encoding: 'utf8',
    });
    console.log(`attw ${dir} ${args.join(' ')}: ok`);
  } catch (error) {
    problems++;
    console.log(`attw ${dir} ${args.join(' ')}: problems\n${error.stdout ?? error.message}`);
  }
}

for (const dir of readdirSync(root)) {
  const pkgDir = join(root, dir);
  // Private workspace packages (packages/testing) are never published: nothing to lint.
  if (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).private) continue;
  const { messages, pkg } = await publint({ pkgDir, level: 'warning', strict: true, pack: 'npm' });
  for (const m of messages) {
    problems++;
    console.log(`${dir}: ${m.type}: ${formatMessage(m, pkg)}`);
  }
  if (messages.length === 0) console.log(`publint ${dir}: ok`);
  if (existsSync(join(pkgDir, 'src', 'internal.ts'))) {
    runAttw(dir, ['--exclude-entrypoints', 'internal']);
    runAttw(dir, ['--entrypoints', 'internal', '--profile', 'node16']);
  } else runAttw(dir, []);
}
process.exit(problems ? 1 : 0);
