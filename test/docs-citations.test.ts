/**
 * Sources cite the contract as "docs/semantics.md §x.y" (issue #11 item 9: they used to cite a SPEC document that is
 * not in the repository). Every cited section must exist as a heading of docs/semantics.md, and no "SPEC §" is left.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = join(__dirname, '..');

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sources(path, out);
    else if (/\.(ts|mjs|md)$/.test(entry.name)) out.push(path);
  }
  return out;
}

it('every "docs/semantics.md §x.y" citation names a section of docs/semantics.md; no "SPEC §" is left', () => {
  const headings = new Set(
    [...readFileSync(join(root, 'docs', 'semantics.md'), 'utf8').matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map(
      (m) => m[1],
    ),
  );
  const files = [...sources(join(root, 'packages')), join(root, 'README.md'), join(root, 'CONTRIBUTING.md')];
  const dangling: string[] = [];
  let citations = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (text.includes('SPEC §')) dangling.push(`${file}: SPEC §`);
    for (const m of text.matchAll(/docs\/semantics\.md (§[\d.]+(?:, §[\d.]+)*)/g)) {
      for (const section of m[1].split(', ')) {
        citations++;
        const id = section.slice(1).replace(/\.$/, '');
        if (!headings.has(id)) dangling.push(`${file}: ${section}`);
      }
    }
  }
  expect(dangling).toEqual([]);
  expect(citations).toBeGreaterThan(30);
});
