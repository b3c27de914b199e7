/**
 * The reports of the `tapegrad-gradcheck` CLI: a compact text table (for people), JSON (every report field), JUnit XML
 * (for CI test tabs) and TAP version 13. Non-finite numbers are written as strings in JSON ("NaN", "Infinity").
 */
import type { GradcheckReport } from '@tapegrad/core';
import type { CheckResult, FileResult } from './checks';

/** The reporters the CLI offers. */
export const REPORTERS = ['text', 'json', 'junit', 'tap'] as const;
export type ReporterName = (typeof REPORTERS)[number];

/** Counts over all files. */
export interface Summary {
  checks: number;
  passed: number;
  failed: number;
  errors: number;
  skippedFiles: number;
}

export function summarize(files: FileResult[]): Summary {
  const all = files.flatMap((f) => f.results);
  return {
    checks: all.length,
    passed: all.filter((r) => r.status === 'pass').length,
    failed: all.filter((r) => r.status === 'fail').length,
    errors: all.filter((r) => r.status === 'error').length + files.filter((f) => f.loadError !== undefined).length,
    skippedFiles: files.filter((f) => f.skipped !== undefined).length,
  };
}

function num(v: number | undefined): string {
  if (v === undefined) return '';
  if (!Number.isFinite(v)) return String(v);
  return v === 0 ? '0' : v.toExponential(1);
}

function pad(cells: string[][]): string[] {
  const widths = cells[0].map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  return cells.map((row) =>
    row
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd(),
  );
}

/** What a failed or errored check says, indented. */
function details(result: CheckResult): string {
  const text = result.status === 'error' ? (result.error ?? '') : (result.report?.message ?? '');
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/** The compact table, then the details of every failure, then a summary line. */
export function textReport(files: FileResult[]): string {
  const rows: string[][] = [['file', 'check', 'order', 'result', 'max abs err', 'max rel err', 'ms']];
  const problems: string[] = [];
  for (const f of files) {
    if (f.loadError !== undefined) {
      rows.push([f.file, '—', '', 'ERROR', '', '', '']);
      problems.push(`ERROR ${f.file}: ${f.loadError}`);
      continue;
    }
    if (f.skipped !== undefined) {
      rows.push([f.file, '—', '', 'skipped', '', '', '']);
      problems.push(`skipped ${f.file}: ${f.skipped}`);
      continue;
    }
    for (const r of f.results) {
      const report = r.report;
      const result = r.status === 'pass' ? 'pass' : r.status === 'fail' ? 'FAIL' : 'ERROR';
      rows.push([
        f.file,
        r.name,
        report ? String(report.order) : '',
        result,
        num(report?.maxAbsError),
        num(report?.maxRelError),
        r.ms.toFixed(0),
      ]);
      if (r.status !== 'pass') problems.push(`${result} ${f.file} › ${r.name}\n${details(r)}`);
    }
  }
  const s = summarize(files);
  const summary = `${s.checks} checks: ${s.passed} passed, ${s.failed} failed, ${s.errors} errors${s.skippedFiles > 0 ? `, ${s.skippedFiles} files skipped` : ''}`;
  return [...pad(rows), ...(problems.length > 0 ? ['', ...problems] : []), '', summary].join('\n');
}

/** JSON keeps NaN and ±Infinity as strings. */
function finite(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}

export function jsonReport(files: FileResult[], fast: boolean): string {
  return JSON.stringify({ tool: 'tapegrad-gradcheck', fast, summary: summarize(files), files }, finite, 2);
}

/** Escapes text for an XML attribute or element, dropping the control characters XML 1.0 forbids. */
function xml(text: string): string {
  const allowed = [...text].filter((ch) => {
    const code = ch.charCodeAt(0);
    return code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
  });
  return allowed.join('').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** JUnit XML: one testsuite per file, one testcase per check (failure / error / skipped). */
export function junitReport(files: FileResult[]): string {
  const s = summarize(files);
  const total = files.reduce((t, f) => t + f.results.reduce((a, r) => a + r.ms, 0), 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tapegrad-gradcheck" tests="${s.checks}" failures="${s.failed}" errors="${s.errors}" time="${seconds(total)}">`,
  ];
  for (const f of files) {
    const failures = f.results.filter((r) => r.status === 'fail').length;
    const errors = f.results.filter((r) => r.status === 'error').length + (f.loadError ? 1 : 0);
    const tests = f.results.length + (f.loadError || f.skipped ? 1 : 0);
    const time = f.results.reduce((a, r) => a + r.ms, 0);
    lines.push(
      `  <testsuite name="${xml(f.file)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${f.skipped ? 1 : 0}" time="${seconds(time)}">`,
    );
    if (f.loadError !== undefined)
      lines.push(
        `    <testcase classname="${xml(f.file)}" name="load"><error message="${xml(f.loadError)}"/></testcase>`,
      );
    if (f.skipped !== undefined)
      lines.push(
        `    <testcase classname="${xml(f.file)}" name="checks"><skipped message="${xml(f.skipped)}"/></testcase>`,
      );
    for (const r of f.results) {
      const open = `    <testcase classname="${xml(f.file)}" name="${xml(r.name)}" time="${seconds(r.ms)}"`;
      if (r.status === 'pass') {
        lines.push(`${open}/>`);
        continue;
      }
      const text = r.status === 'error' ? (r.error ?? '') : (r.report?.message ?? '');
      const tag = r.status === 'error' ? 'error' : 'failure';
      lines.push(
        `${open}>`,
        `      <${tag} message="${xml(text.split('\n')[0])}">${xml(text)}</${tag}>`,
        '    </testcase>',
      );
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n');
}

function yamlBlock(report: GradcheckReport | undefined, error: string | undefined): string[] {
  const lines = ['  ---'];
  if (report !== undefined) {
    lines.push(
      `  order: ${report.order}`,
      `  maxAbsError: ${report.maxAbsError}`,
      `  maxRelError: ${report.maxRelError}`,
    );
    if (report.worst !== null)
      lines.push(
        `  worst: { output: ${report.worst.output}, input: ${report.worst.input}, index: [${report.worst.index.join(', ')}], analytical: ${report.worst.analytical}, numerical: ${report.worst.numerical} }`,
      );
    lines.push(`  ms: ${report.ms.toFixed(1)}`);
  }
  const message = error ?? report?.message;
  if (message !== undefined) lines.push('  message: |', ...message.split('\n').map((l) => `    ${l}`));
  lines.push('  ...');
  return lines;
}

/** TAP version 13 with a YAML block per check. */
export function tapReport(files: FileResult[]): string {
  // Each test point: whether it is ok, its description, and the lines after it.
  const points: { ok: boolean; text: string; block: string[] }[] = [];
  for (const f of files) {
    if (f.loadError !== undefined)
      points.push({ ok: false, text: `${f.file} (could not load)`, block: yamlBlock(undefined, f.loadError) });
    else if (f.skipped !== undefined)
      points.push({ ok: true, text: `${f.file} # SKIP ${f.skipped.split('\n')[0]}`, block: [] });
    for (const r of f.results)
      points.push({
        ok: r.status === 'pass',
        text: `${f.file} › ${r.name}`,
        block: yamlBlock(r.report, r.status === 'error' ? r.error : undefined),
      });
  }
  const body = points.flatMap((p, i) => [`${p.ok ? 'ok' : 'not ok'} ${i + 1} - ${p.text}`, ...p.block]);
  return ['TAP version 13', `1..${points.length}`, ...body].join('\n');
}
