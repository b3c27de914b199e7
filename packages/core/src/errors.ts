import type { GradcheckReport } from './gradcheck-report';
import { brandClass, brandedHasInstance } from './shared-state';

/**
 * Typed errors thrown by every tapegrad package (docs/semantics.md §2.5). Messages start with the public name of the op
 * and say what was expected and what was got. `instanceof` also recognises errors thrown by another loaded copy of
 * tapegrad (the ESM and the CommonJS build in one process), through a `Symbol.for` brand per class.
 *
 * @example
 * ```ts
 * try { matmul(ones([2, 3]), ones([2, 3])); } catch (e) { e instanceof ShapeError; // true }
 * ```
 */
export class TapegradError extends Error {
  override name = 'TapegradError';
  /** Like `Error`, but any message and options are accepted without throwing (a Symbol or a Proxy included). */
  constructor(message?: string, options?: ErrorOptions) {
    super(messageText(message), causeOf(options));
  }

  /**
   * True for instances of this class, including those created by another loaded copy of tapegrad.
   * @example `new ShapeError('m') instanceof TapegradError; // true`
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof (each subclass (ShapeError…) asks about itself).
    return brandedHasInstance(this, value);
  }
}

function messageText(message: unknown): string | undefined {
  if (message === undefined || typeof message === 'string') return message;
  try {
    return String(message);
  } catch {
    return `(an unprintable ${typeof message})`;
  }
}

function causeOf(options: unknown): ErrorOptions | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  try {
    return 'cause' in options ? { cause: (options as ErrorOptions).cause } : undefined;
  } catch {
    return undefined;
  }
}

/** A shape, rank, dimension or size was not what the op accepts. */
export class ShapeError extends TapegradError {
  override name = 'ShapeError';
}

/** A dtype (or a combination of dtypes) is not supported by the op. */
export class DtypeError extends TapegradError {
  override name = 'DtypeError';
}

/** A linear-algebra routine failed: non-finite input, non-convergence, singular or non-PD matrix. */
export class LinalgError extends TapegradError {
  override name = 'LinalgError';
}

/** Misuse of the autograd engine: backward through a freed graph, grad of a non-leaf that does not require it, ... */
export class AutogradError extends TapegradError {
  override name = 'AutogradError';
}

/**
 * gradcheck / gradgradcheck found analytic and numerical derivatives that disagree. `report` holds the structured
 * details (worst entry with its index and both values, maximal errors, order) when a check raised it.
 */
export class GradcheckError extends TapegradError {
  override name = 'GradcheckError';
  /** The structured result of the failed check. */
  readonly report?: GradcheckReport;
  constructor(message: string, report?: GradcheckReport) {
    super(message);
    if (report !== undefined) this.report = report;
  }
}

/** A warning turned into an error by `warnings.filter('error', …)`. */
export class TapegradWarningError extends TapegradError {
  override name = 'TapegradWarningError';
  constructor(
    message: string,
    readonly code: string,
    readonly category: string,
  ) {
    super(message);
  }
}

for (const [ctor, name] of [
  [TapegradError, 'TapegradError'],
  [ShapeError, 'ShapeError'],
  [DtypeError, 'DtypeError'],
  [LinalgError, 'LinalgError'],
  [AutogradError, 'AutogradError'],
  [GradcheckError, 'GradcheckError'],
  [TapegradWarningError, 'TapegradWarningError'],
] as const)
  brandClass(ctor, name);
