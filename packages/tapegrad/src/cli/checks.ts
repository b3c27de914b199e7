/**
 * What the `tapegrad-gradcheck` CLI runs: the `checks` a module exports, each either a tensor check
 * `{ name, fn, inputs, order?: 1 | 2, options? }` (docs/semantics.md §2.8; run with gradcheck or gradgradcheck) or a check of
 * hand-written derivatives `{ name, run(options) }` returning the report of `autograd.checkGrad`/`checkVjp`/`checkJvp`/
 * `checkHvp`. A module may also export `skipped` (a string saying why its checks cannot run here, e.g. an optional
 * dependency that is not installed).
 */
import type { GradcheckOptions, GradgradcheckOptions } from '@tapegrad/autograd';
import { gradcheckReport } from '@tapegrad/autograd';
import type { GradcheckReport, Tensor } from '@tapegrad/core';
import { describeValue } from '@tapegrad/core/internal';

/** A tensor-level check (gradcheck for order 1, gradgradcheck for order 2). */
export interface TensorCheck {
  name: string;
  fn: (...xs: Tensor[]) => Tensor | Tensor[];
  inputs: Tensor[];
  order?: 1 | 2;
  options?: GradgradcheckOptions;
}

/** A check of hand-written derivatives: returns the report of checkGrad/checkVjp/checkJvp/checkHvp. */
export interface ReportCheck {
  name: string;
  /** Receives `{ fastMode: true }` under `--fast`, else `{}`. */
  run: (options: { fastMode?: boolean }) => GradcheckReport | Promise<GradcheckReport>;
}

/** One entry of a module's `checks`. */
export type CheckEntry = TensorCheck | ReportCheck;

/** The outcome of one check: its report, or the error that stopped it. */
export interface CheckResult {
  name: string;
  status: 'pass' | 'fail' | 'error';
  report?: GradcheckReport;
  /** The thrown error's name and message (status 'error'). */
  error?: string;
  ms: number;
}

/** All checks of one file. */
export interface FileResult {
  file: string;
  /** Why the file's checks did not run (its `skipped` export, or a load error). */
  skipped?: string;
  /** Set when the file could not be loaded or has no valid `checks` export. */
  loadError?: string;
  results: CheckResult[];
}

function now(): number {
  return performance.now();
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error);
}

/** The entry's name, or a placeholder for a malformed entry. */
function nameOf(entry: unknown, index: number): string {
  const name = (entry as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name !== '' ? name : `checks[${index}]`;
}

/** Runs one entry; never throws (a bad entry or a throwing check becomes status 'error'). */
export async function runEntry(entry: unknown, index: number, fast: boolean): Promise<CheckResult> {
  const name = nameOf(entry, index);
  const start = now();
  try {
    const report = await reportOf(entry, index, fast);
    return { name, status: report.ok ? 'pass' : 'fail', report: { ...report, name }, ms: now() - start };
  } catch (error) {
    return { name, status: 'error', error: errorText(error), ms: now() - start };
  }
}

async function reportOf(entry: unknown, index: number, fast: boolean): Promise<GradcheckReport> {
  if (typeof entry !== 'object' || entry === null)
    throw new TypeError(
      `checks[${index}]: expected { name, fn, inputs } or { name, run }, got ${describeValue(entry)}`,
    );
  const e = entry as Partial<TensorCheck & ReportCheck>;
  if (typeof e.run === 'function') {
    const report = await e.run(fast ? { fastMode: true } : {});
    if (typeof report !== 'object' || report === null || typeof report.ok !== 'boolean')
      throw new TypeError(`checks[${index}].run: expected a GradcheckReport, got ${describeValue(report)}`);
    return report;
  }
  if (typeof e.fn !== 'function' || !Array.isArray(e.inputs))
    throw new TypeError(
      `checks[${index}]: expected { name, fn, inputs } or { name, run }, got ${describeValue(entry)}`,
    );
  const order = e.order ?? 1;
  if (order !== 1 && order !== 2)
    throw new TypeError(`checks[${index}]: expected order 1 or 2, got ${describeValue(order)}`);
  const options: GradcheckOptions = { ...(e.options ?? {}) };
  if (fast) options.fastMode = true;
  return gradcheckReport(e.fn, e.inputs, options, order);
}
