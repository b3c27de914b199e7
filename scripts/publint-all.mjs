// Runs publint on every built package (the package.json "exports", "main", "types" and files must be consistent)
// and fails on any error or warning. Run after `pnpm build`.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = new URL('../packages/', import.meta.url).pathname;
let problems = 0;
for (const dir of readdirSync(root)) {
  const pkgDir = join(root, dir);
  const { messages, pkg } = await publint({ pkgDir, level: 'warning', strict: true, pack: 'npm' });
  for (const m of messages) {
    problems++;
    console.log(`${dir}: ${m.type}: ${formatMessage(m, pkg)}`);
  }
  if (messages.length === 0) console.log(`publint ${dir}: ok`);
}
process.exit(problems ? 1 : 0);
