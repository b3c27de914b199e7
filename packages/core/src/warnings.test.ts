/**
 * The warnings channel (docs/semantics.md §2.4): filters (default / always / ignore / error) matched by code and category, newest
 * first; `record` captures without printing; `resetFilters`; delivery through `process.emitWarning(message,
 * { type: category, code })` in Node and `console.warn` elsewhere. `process.emitWarning` is spied on, so nothing is
 * printed by this suite.
 */
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { TapegradError, TapegradWarningError, warnings } from './index';

let emit: MockInstance<typeof process.emitWarning>;
let serial = 0;
/** A message never used before (the 'default' action remembers (code, message) pairs for the whole process). */
const fresh = (text: string): string => `${text} #${++serial}`;
/** Warns `times` times with the same arguments. */
const warnTimes = (times: number, ...args: Parameters<typeof warnings.warn>): void => {
  for (let i = 0; i < times; i++) warnings.warn(...args);
};

beforeEach(() => {
  warnings.resetFilters();
  emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
});
afterEach(() => {
  warnings.resetFilters();
  vi.restoreAllMocks();
});

describe('default action', () => {
  it('delivers through process.emitWarning with { type: category, code }', () => {
    const msg = fresh('linalg.pinv backward: a singular value is close to the cutoff');
    warnings.warn('NumericalWarning', 'TAPEGRAD_PINV_UNSTABLE', msg);
    expect(emit).toHaveBeenCalledTimes(1);
    expect(emit).toHaveBeenCalledWith(msg, { type: 'NumericalWarning', code: 'TAPEGRAD_PINV_UNSTABLE' });
  });

  it('shows each (code, message) once; another message or code shows again', () => {
    const msg = fresh('once');
    warnTimes(3, 'NumericalWarning', 'C1', msg);
    expect(emit).toHaveBeenCalledTimes(1);
    warnings.warn('NumericalWarning', 'C1', fresh('other message'));
    warnings.warn('NumericalWarning', 'C2', msg);
    expect(emit).toHaveBeenCalledTimes(3);
  });

  it('an explicit default filter behaves the same', () => {
    warnings.filter('default');
    const msg = fresh('explicit default');
    warnTimes(2, 'DeprecationWarning', 'D', msg);
    expect(emit).toHaveBeenCalledTimes(1);
    expect(emit).toHaveBeenCalledWith(msg, { type: 'DeprecationWarning', code: 'D' });
  });
});

describe('filters', () => {
  it("'always' shows every occurrence", () => {
    warnings.filter('always');
    const msg = fresh('always');
    for (let i = 0; i < 3; i++) warnings.warn('NumericalWarning', 'A', msg);
    expect(emit).toHaveBeenCalledTimes(3);
  });

  it("'ignore' drops the warning", () => {
    warnings.filter('ignore');
    warnings.warn('NumericalWarning', 'I', fresh('ignored'));
    expect(emit).not.toHaveBeenCalled();
  });

  it("'error' throws a TapegradWarningError carrying code, category and message", () => {
    warnings.filter('error');
    const msg = fresh('now an error');
    let caught: unknown;
    try {
      warnings.warn('DeprecationWarning', 'TAPEGRAD_DEP_PINVERSE', msg);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TapegradWarningError);
    expect(caught).toBeInstanceOf(TapegradError);
    const e = caught as TapegradWarningError;
    expect([e.name, e.message, e.code, e.category]).toEqual([
      'TapegradWarningError',
      msg,
      'TAPEGRAD_DEP_PINVERSE',
      'DeprecationWarning',
    ]);
    expect(emit).not.toHaveBeenCalled();
  });

  it('match by code only applies to that code', () => {
    warnings.filter('error', { code: 'BAD' });
    expect(() => warnings.warn('NumericalWarning', 'BAD', fresh('x'))).toThrow(TapegradWarningError);
    expect(() => warnings.warn('NumericalWarning', 'GOOD', fresh('y'))).not.toThrow();
    expect(emit).toHaveBeenCalledTimes(1);
  });

  it('match by category only applies to that category', () => {
    warnings.filter('ignore', { category: 'DeprecationWarning' });
    warnings.warn('DeprecationWarning', 'D', fresh('dropped'));
    warnings.warn('NumericalWarning', 'N', fresh('shown'));
    expect(emit).toHaveBeenCalledTimes(1);
    expect(emit.mock.calls[0][1]).toEqual({ type: 'NumericalWarning', code: 'N' });
  });

  it('match by code and category needs both', () => {
    warnings.filter('error', { code: 'X', category: 'NumericalWarning' });
    expect(() => warnings.warn('DeprecationWarning', 'X', fresh('a'))).not.toThrow();
    expect(() => warnings.warn('NumericalWarning', 'Y', fresh('b'))).not.toThrow();
    expect(() => warnings.warn('NumericalWarning', 'X', fresh('c'))).toThrow(TapegradWarningError);
  });

  it('the newest matching filter wins (as Python’s filterwarnings)', () => {
    warnings.filter('ignore');
    warnings.filter('error', { code: 'E' });
    expect(() => warnings.warn('NumericalWarning', 'E', fresh('e'))).toThrow(TapegradWarningError);
    warnings.warn('NumericalWarning', 'F', fresh('f'));
    expect(emit).not.toHaveBeenCalled();
    warnings.filter('always', { code: 'E' });
    const msg = fresh('always now');
    warnTimes(2, 'NumericalWarning', 'E', msg);
    expect(emit).toHaveBeenCalledTimes(2);
  });

  it('resetFilters removes filters and forgets which warnings were shown', () => {
    warnings.filter('ignore');
    const msg = fresh('reset');
    warnings.warn('NumericalWarning', 'R', msg);
    expect(emit).not.toHaveBeenCalled();
    warnings.resetFilters();
    warnTimes(2, 'NumericalWarning', 'R', msg);
    expect(emit).toHaveBeenCalledTimes(1);
    warnings.resetFilters();
    warnings.warn('NumericalWarning', 'R', msg);
    expect(emit).toHaveBeenCalledTimes(2);
  });

  it('an unknown action is a DtypeError naming warnings.filter', () => {
    expect(() => warnings.filter('loud' as 'always')).toThrow(/^warnings\.filter: expected .* got loud/);
  });
});

describe('record', () => {
  it('captures every warning in order (despite the once-rule), returns the result and prints nothing', () => {
    const msg = fresh('captured');
    const { result, warnings: ws } = warnings.record(() => {
      warnTimes(2, 'NumericalWarning', 'C', msg);
      warnings.warn('DeprecationWarning', 'D', 'dep');
      return 42;
    });
    expect(result).toBe(42);
    expect(ws).toEqual([
      { category: 'NumericalWarning', code: 'C', message: msg },
      { category: 'NumericalWarning', code: 'C', message: msg },
      { category: 'DeprecationWarning', code: 'D', message: 'dep' },
    ]);
    expect(emit).not.toHaveBeenCalled();
  });

  it('does not use up the once-rule: the same warning still shows afterwards', () => {
    const msg = fresh('after record');
    warnings.record(() => warnings.warn('NumericalWarning', 'Q', msg));
    warnings.warn('NumericalWarning', 'Q', msg);
    expect(emit).toHaveBeenCalledTimes(1);
  });

  it("'ignore' filters still drop and 'error' filters still throw inside record", () => {
    warnings.filter('ignore', { code: 'I' });
    warnings.filter('error', { code: 'E' });
    const { warnings: ws } = warnings.record(() => warnings.warn('NumericalWarning', 'I', 'x'));
    expect(ws).toEqual([]);
    expect(() => warnings.record(() => warnings.warn('NumericalWarning', 'E', 'y'))).toThrow(TapegradWarningError);
  });

  it('nests (the innermost record captures) and unwinds on exceptions', () => {
    const outer = warnings.record(() => {
      warnings.warn('NumericalWarning', 'O', 'outer 1');
      const inner = warnings.record(() => warnings.warn('NumericalWarning', 'I', 'inner'));
      expect(inner.warnings.map((w) => w.code)).toEqual(['I']);
      warnings.warn('NumericalWarning', 'O', 'outer 2');
      return inner.result;
    });
    expect(outer.warnings.map((w) => w.message)).toEqual(['outer 1', 'outer 2']);
    expect(() =>
      warnings.record(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    warnings.warn('NumericalWarning', 'AFTER', fresh('after a throwing record'));
    expect(emit).toHaveBeenCalledTimes(1);
  });
});

describe('delivery outside Node', () => {
  it('falls back to console.warn when process.emitWarning is missing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const original = process.emitWarning;
    (process as { emitWarning?: unknown }).emitWarning = undefined;
    try {
      const msg = fresh('browser path');
      warnings.warn('NumericalWarning', 'B', msg);
      expect(warn).toHaveBeenCalledWith(`NumericalWarning [B]: ${msg}`);
    } finally {
      process.emitWarning = original;
    }
  });
});
