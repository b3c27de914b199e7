/**
 * The one warnings channel of tapegrad (docs/semantics.md §2.4), modelled on Python's `warnings` module.
 *
 * In Node a warning is delivered through `process.emitWarning(message, { type: category, code })`, so
 * `--no-warnings`, `--throw-deprecation` and `process.on('warning')` behave as Node users expect; elsewhere it
 * goes to `console.warn`. Filters decide per (code, category) what happens: `'default'` shows each distinct
 * (code, message) once per process, `'always'` every time, `'ignore'` never, `'error'` throws
 * {@link TapegradWarningError}. {@link record} captures warnings raised inside a function and prints nothing.
 */
import { describeValue } from './describe';
import { DtypeError, TapegradWarningError } from './errors';
import { sharedSlot } from './shared-state';

/** Warning categories used by tapegrad. */
export type WarningCategory = 'DeprecationWarning' | 'NumericalWarning';
/** What a filter does with a matching warning. */
export type WarningAction = 'default' | 'always' | 'ignore' | 'error';
/** A warning as captured by {@link record}. */
export interface RecordedWarning {
  category: string;
  code: string;
  message: string;
}
/** Which warnings a filter applies to; omitted fields match everything. */
export interface WarningMatch {
  code?: string;
  category?: string;
}

interface Filter extends WarningMatch {
  action: WarningAction;
}

// Newest filter first, as Python's warnings.filterwarnings inserts at the front.
// One registry per process, shared by every loaded copy of tapegrad (see shared-state.ts).
const registry = sharedSlot('warnings', () => ({
  filters: [] as Filter[],
  shownOnce: new Set<string>(),
  recorders: [] as RecordedWarning[][],
}));
const { shownOnce, recorders } = registry;

/**
 * Adds a filter in front of the existing ones. Without `match` it applies to every warning.
 * @example
 * ```ts
 * warnings.filter('error', { code: 'TAPEGRAD_DEP_PINVERSE' }); // pinverse() now throws TapegradWarningError
 * warnings.filter('ignore', { category: 'NumericalWarning' });
 * ```
 */
export function filter(action: WarningAction, match: WarningMatch = {}): void {
  if (!['default', 'always', 'ignore', 'error'].includes(action)) {
    throw new DtypeError(
      `warnings.filter: expected action 'default' | 'always' | 'ignore' | 'error', got ${String(action)}`,
    );
  }
  if (typeof match !== 'object' || match === null || Array.isArray(match))
    throw new DtypeError(`warnings.filter: expected a match object { code?, category? }, got ${describeValue(match)}`);
  for (const key of ['code', 'category'] as const) {
    if (match[key] !== undefined && typeof match[key] !== 'string')
      throw new DtypeError(`warnings.filter: expected match.${key} to be a string, got ${describeValue(match[key])}`);
  }
  registry.filters.unshift({ action, code: match.code, category: match.category });
}

/** Removes every filter added by {@link filter} and forgets which warnings were already shown. */
export function resetFilters(): void {
  registry.filters = [];
  shownOnce.clear();
}

/**
 * Runs `fn` and returns its result with every warning it raised (in order), printing none of them.
 * Filters set to `'error'` still throw; `'ignore'` filters still drop.
 * @example
 * ```ts
 * const { result, warnings: ws } = warnings.record(() => pinverse(A));
 * ws[0].code; // 'TAPEGRAD_DEP_PINVERSE'
 * ```
 */
export function record<T>(fn: () => T): { result: T; warnings: RecordedWarning[] } {
  if (typeof fn !== 'function') throw new DtypeError(`warnings.record: expected a function, got ${describeValue(fn)}`);
  const captured: RecordedWarning[] = [];
  recorders.push(captured);
  try {
    const result = fn();
    return { result, warnings: captured };
  } finally {
    recorders.splice(recorders.lastIndexOf(captured), 1);
  }
}

function actionFor(code: string, category: string): WarningAction {
  for (const f of registry.filters) {
    if ((f.code === undefined || f.code === code) && (f.category === undefined || f.category === category)) {
      return f.action;
    }
  }
  return 'default';
}

/**
 * Raises a warning: used by every tapegrad package (never call `console.warn` directly).
 * @example
 * ```ts
 * warn('NumericalWarning', 'TAPEGRAD_PINV_UNSTABLE', 'linalg.pinv backward: ...');
 * ```
 */
export function warn(category: WarningCategory, code: string, message: string): void {
  if (category !== 'DeprecationWarning' && category !== 'NumericalWarning')
    throw new DtypeError(
      `warnings.warn: expected category 'DeprecationWarning' or 'NumericalWarning', got ${describeValue(category)}`,
    );
  if (typeof code !== 'string' || typeof message !== 'string')
    throw new DtypeError(
      `warnings.warn: expected a string code and message, got ${describeValue(code)} and ${describeValue(message)}`,
    );
  const action = actionFor(code, category);
  if (action === 'ignore') return;
  if (action === 'error') throw new TapegradWarningError(message, code, category);
  const recorder = recorders[recorders.length - 1];
  if (recorder) {
    recorder.push({ category, code, message });
    return;
  }
  if (action === 'default') {
    const key = `${code}\u0000${message}`;
    if (shownOnce.has(key)) return;
    shownOnce.add(key);
  }
  const proc = (globalThis as { process?: { emitWarning?: (m: string, o: { type: string; code: string }) => void } })
    .process;
  if (proc && typeof proc.emitWarning === 'function') proc.emitWarning(message, { type: category, code });
  else console.warn(`${category} [${code}]: ${message}`);
}
