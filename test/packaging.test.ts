/**
 * The built packages load from ESM (`import`) and CommonJS (`require`) with the same exports, and importing has no
 * side effects: no globals added, no warning emitted, nothing printed. Runs the scripts in test/packaging/ with a
 * plain `node` (no source condition), so it exercises dist/ — skipped when dist is missing (`pnpm test` builds first).
 * The dual-package hazard: one process loading both builds shares tensors, errors, grad mode, the RNG and one tape.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'packages', 'tapegrad', 'dist');
const built = ['index.js', 'index.cjs'].every((f) => existsSync(join(dist, f)));

interface Report {
  format: string;
  keys: string[];
  added: string[];
  emitted: number;
  product: number[][];
  dtype: string;
  isTensor: boolean;
  recorded: string[];
  namespaces: string[];
}

function run<R = Report>(script: string): { report: R; stderr: string } {
  const res = spawnSync(process.execPath, [join(here, 'packaging', script)], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
    timeout: 30_000,
  });
  if (res.status !== 0) throw new Error(`node ${script} exited with ${res.status}: ${res.stderr}`);
  return { report: JSON.parse(res.stdout.trim()) as R, stderr: res.stderr };
}

describe.skipIf(!built)('packaging of the built umbrella package', () => {
  const esm = built ? run('esm.mjs') : null;
  const cjs = built ? run('cjs.cjs') : null;

  for (const [name, result] of [
    ['ESM import', esm],
    ['CJS require', cjs],
  ] as const) {
    it(`${name} works: tensor, matmul, warnings`, () => {
      const r = result!.report;
      expect(r.product).toEqual([
        [3, 3],
        [3, 3],
      ]);
      expect(r.dtype).toBe('float32');
      expect(r.isTensor).toBe(true);
      expect(r.recorded).toEqual(['PACKAGING_TEST']);
      expect(r.namespaces).toEqual(['object', 'object', 'object']);
      expect(r.keys).toEqual(expect.arrayContaining(['tensor', 'warnings', 'matmul', 'Tensor', 'pinverse']));
    });

    it(`${name} has no side effects: one documented global, no warnings, nothing printed`, () => {
      const { report, stderr } = result!;
      // The process-wide state shared by every loaded copy (packages/core/src/shared-state.ts), non-enumerable.
      expect(report.added).toEqual(['Symbol(tapegrad.state.v1)']);
      expect(report.emitted).toBe(0);
      expect(stderr).toBe('');
    });
  }

  it('ESM and CJS builds export the same names', () => {
    expect(cjs!.report.keys).toEqual(esm!.report.keys);
  });

  it('ESM and CJS builds loaded in one process work together (dual-package hazard)', () => {
    const { report, stderr } = run<Record<string, unknown>>('dual.mjs');
    expect(stderr).toBe('');
    expect(report).toEqual({
      distinctCopies: true,
      // y = sum(a*b) + sum(a*a) → dy/da = b + 2a, dy/db = a; then d sum(b*b)/db = 2b.
      aGrad: [6, 9, 12],
      bGrad: [1, 2, 3],
      gb: [8, 10, 12],
      gg: true,
      tensorAcross: [true, true],
      shapeErr: [true, true, true, false],
      dtypeErr: [true, true, false],
      insideNoGrad: false,
      sameRandom: true,
    });
  });
});
