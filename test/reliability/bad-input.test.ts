/**
 * The bad-input table (./table) run as tests (docs/semantics.md §2.5, §4.3). For every public export of 'tapegrad':
 * - each bad call throws (never returns garbage, never hangs: a watchdog kills a hung run), the error is a
 *   TapegradError whose `name` is the expected subclass, whose message starts with the op's public name and says what
 *   was expected and what was got, and every tensor / module / optimizer / value handed to the call is unchanged;
 * - the valid call of the row succeeds and also leaves its inputs unchanged;
 * - global state (grad mode, default dtype, the installed tape) survives every call.
 * A coverage test fails when a public function has no row (or a row names nothing).
 */

import { installTape } from '@tapegrad/autograd/internal';
import { typedErrorProblem } from '@tapegrad/testing/errors';
import { guarded, Tracker } from '@tapegrad/testing/reliability';
import * as tg from 'tapegrad';
import { afterEach, describe, expect, it } from 'vitest';
import { publicFunctions, resolve } from './exports';
import { defaultOp, type Row, TABLE } from './table';

/** Grad mode, default dtype and a working tape: checked (and restored) after every case. */
function globalProblems(): string[] {
  const problems: string[] = [];
  if (tg.isGradEnabled() !== true) {
    problems.push('grad mode was left disabled');
    tg.setGradEnabled(true);
  }
  if (tg.getDefaultDtype() !== 'float32') {
    problems.push(`the default dtype was left at ${tg.getDefaultDtype()}`);
    tg.setDefaultDtype('float32');
  }
  try {
    const x = tg.tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    x.mul(x).sum().backward();
    if (x.grad === null || x.grad.toArray().toString() !== '2,4') problems.push('backward gives a wrong gradient');
  } catch (e) {
    problems.push(`backward no longer works: ${(e as Error).message}`);
    installTape();
  }
  tg.warnings.resetFilters();
  return problems;
}

afterEach(() => {
  const problems = globalProblems();
  if (problems.length > 0) expect.fail(`global state damaged: ${problems.join('; ')}`);
});

const rows = Object.entries(TABLE).filter((e): e is [string, Row] => !('exempt' in e[1]));

describe.each(rows)('%s', (key, row) => {
  const op = row.op ?? defaultOp(key);

  if (row.ok) {
    const ok = row.ok;
    it('a valid call succeeds and leaves its inputs untouched', () => {
      const tracker = new Tracker();
      guarded(`${key}: valid call`, () => tg.warnings.record(() => ok(tracker.track)));
      const changes = tracker.changes();
      if (changes.length > 0) expect.fail(`the call changed its inputs: ${changes.join('; ')}`);
    });
  }

  if (row.bad.length === 0) {
    it('has no bad input (reason given)', () => {
      expect(row.noBadInput).toMatch(/\w/);
    });
  }

  for (const c of row.bad) {
    it(`${c.what} → ${c.error}`, () => {
      const tracker = new Tracker();
      const problem = guarded(`${key}: ${c.what}`, () =>
        typedErrorProblem(() => tg.warnings.record(() => c.call(tracker.track)).result, c.error, c.op ?? op, c.message),
      );
      if (problem !== null) expect.fail(problem);
      const changes = tracker.changes();
      if (changes.length > 0) expect.fail(`the failed call changed its inputs: ${changes.join('; ')}`);
    });
  }
});

describe('coverage of the public API', () => {
  it('every public function, method and getter of tapegrad has a row (or an exemption with a reason)', () => {
    const covered = new Set<unknown>();
    for (const key of Object.keys(TABLE)) covered.add(resolve(key));
    const missing = publicFunctions()
      .filter(({ fn }) => !covered.has(fn))
      .map(({ path }) => path);
    if (missing.length > 0) expect.fail(`public functions without a row: ${missing.join(', ')}`);
  });

  it('every row names a public function (no stale rows)', () => {
    const stale = Object.keys(TABLE).filter((key) => typeof resolve(key) !== 'function');
    if (stale.length > 0) expect.fail(`rows that name no public function: ${stale.join(', ')}`);
  });

  it('every exemption gives a reason, and every row without bad input says why', () => {
    for (const [key, entry] of Object.entries(TABLE)) {
      if ('exempt' in entry) expect(entry.exempt, key).toMatch(/\w{3}/);
      else if (entry.bad.length === 0) expect(entry.noBadInput, key).toMatch(/\w{3}/);
    }
  });

  it('enumerates the documented namespaces and Tensor methods', () => {
    const paths = new Set(publicFunctions().map((f) => f.path));
    for (const p of [
      'linalg.pinv',
      'autograd.grad',
      'nn.Linear',
      'Tensor#matmul',
      'Tensor#mT',
      'pinverse',
      'warnings.filter',
    ])
      expect(paths.has(p) || [...paths].some((q) => resolve(p) === resolve(q)), p).toBe(true);
    expect(publicFunctions().length).toBeGreaterThan(250);
  });
});
