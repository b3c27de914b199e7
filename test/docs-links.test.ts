/**
 * Relative links in the documentation resolve: every `[text](path#anchor)` of README.md, CONTRIBUTING.md, docs/**,
 * examples/** and benchmarks/** names a file of the repository, and an anchor names a heading of that file (GitHub's
 * slug rule: lower case, punctuation other than `-` and `_` dropped, spaces to `-`, repeated slugs numbered). The
 * packages' READMEs ship alone in their npm tarballs, so they may not link outside their package at all: a
 * `../../README.md` link there is dead for every user who reads it on npm or in node_modules.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

const root = join(__dirname, '..');

function markdown(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'api') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) markdown(path, out);
    else if (entry.name.endsWith('.md')) out.push(path);
  }
  return out;
}

/** The markdown text outside fenced code blocks. */
function unfenced(text: string): string {
  return text.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** The markdown text outside fenced code blocks and inline code spans (links there are not links). */
function prose(text: string): string {
  return unfenced(text).replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchors of a markdown file. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of unfenced(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = (m[1] as string)
      .replace(/`/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

function links(text: string): string[] {
  return [...prose(text).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] as string);
}

const external = (target: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(target);

it('every relative link of the documentation names an existing file and heading', () => {
  const files = [
    join(root, 'README.md'),
    join(root, 'CONTRIBUTING.md'),
    ...['docs', 'examples', 'benchmarks'].flatMap((d) => (existsSync(join(root, d)) ? markdown(join(root, d)) : [])),
  ];
  const dead: string[] = [];
  let checked = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const target of links(text)) {
      if (external(target)) continue;
      checked++;
      const [path = '', anchor] = target.split('#');
      const dest = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
      const where = `${relative(root, file)} → ${target}`;
      if (!existsSync(dest)) dead.push(`${where}: no such file`);
      else if (anchor !== undefined && statSync(dest).isFile() && dest.endsWith('.md')) {
        if (!anchors(readFileSync(dest, 'utf8')).has(anchor)) dead.push(`${where}: no such heading`);
      }
    }
  }
  expect(dead).toEqual([]);
  expect(checked).toBeGreaterThan(5); // the README links examples/, benchmarks/ and CONTRIBUTING.md
});

it("the packages' READMEs link nothing outside their own package (they ship alone in the tarballs)", () => {
  const packages = join(root, 'packages');
  const outside: string[] = [];
  for (const p of readdirSync(packages)) {
    const readme = join(packages, p, 'README.md');
    if (!existsSync(readme)) continue;
    for (const target of links(readFileSync(readme, 'utf8'))) {
      if (external(target) || target.startsWith('#')) continue;
      const dest = resolve(dirname(readme), target.split('#')[0] as string);
      if (relative(join(packages, p), dest).startsWith('..') || !existsSync(dest)) outside.push(`${p}: ${target}`);
    }
  }
  expect(outside).toEqual([]);
});

it('the anchor rule follows GitHub on the headings this repository uses', () => {
  expect([...anchors('## pinv against NumPy (issue #15)\n### Thread scaling (`setNumThreads`)\n## A\n## A\n')]).toEqual(
    ['pinv-against-numpy-issue-15', 'thread-scaling-setnumthreads', 'a', 'a-1'],
  );
});
