/**
 * Printing Jacobians in gradcheck's failure message, in PyTorch's layout (rows: elements of the input, columns:
 * elements of the output; `tensor([[…], …])`, complex entries as `a+bj` with the input's dtype). A large Jacobian is
 * shown as a window of at most {@link WINDOW}×{@link WINDOW} entries around the worst entry, with `...` where rows or
 * columns are left out, so a failure at 10 000 inputs stays a few lines long in a CI log.
 */
import type { DType } from '@tapegrad/core';
import { isComplex } from '@tapegrad/core';

/** Rows and columns shown at most (unless the full matrices are asked for). */
export const WINDOW = 8;

/** One Jacobian entry (im is 0 for real entries). */
export interface JacobianEntry {
  re: number;
  im: number;
}

/** A half-open range of rows and of columns. */
export interface JacobianWindow {
  rows: number;
  cols: number;
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

function span(total: number, center: number, full: boolean): [number, number] {
  if (full || total <= WINDOW) return [0, total];
  const start = Math.min(Math.max(0, center - (WINDOW >> 1)), total - WINDOW);
  return [start, start + WINDOW];
}

/** The window of a rows×cols Jacobian around (row, col), or all of it. */
export function windowAround(rows: number, cols: number, row: number, col: number, full: boolean): JacobianWindow {
  const [r0, r1] = span(rows, row, full);
  const [c0, c1] = span(cols, col, full);
  return { rows, cols, r0, r1, c0, c1 };
}

/** Whether the window leaves something out. */
export function truncated(w: JacobianWindow): boolean {
  return w.r0 > 0 || w.c0 > 0 || w.r1 < w.rows || w.c1 < w.cols;
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? `${v}.` : v.toPrecision(6);
}

function formatEntry(e: JacobianEntry, complexEntries: boolean): string {
  if (!complexEntries) return formatNumber(e.re);
  return `${formatNumber(e.re)}${e.im < 0 || Object.is(e.im, -0) ? '-' : '+'}${formatNumber(Math.abs(e.im))}j`;
}

/**
 * `tensor([...])` for the window of a Jacobian whose entry (r, c) is `entry(r, c)` (r, c absolute indices); a complex
 * Jacobian (complex input) carries the input's dtype, as PyTorch prints it.
 */
export function formatJacobian(
  entry: (r: number, c: number) => JacobianEntry,
  w: JacobianWindow,
  inputDtype: DType,
): string {
  const complexEntries = isComplex(inputDtype);
  const lines: string[] = [];
  if (w.r0 > 0) lines.push('        ...');
  for (let r = w.r0; r < w.r1; r++) {
    const cells: string[] = [];
    if (w.c0 > 0) cells.push('...');
    for (let c = w.c0; c < w.c1; c++) cells.push(formatEntry(entry(r, c), complexEntries));
    if (w.c1 < w.cols) cells.push('...');
    lines.push(`        [${cells.join(', ')}]`);
  }
  if (w.r1 < w.rows) lines.push('        ...');
  return `tensor([\n${lines.join(',\n')}]${complexEntries ? `, dtype=${inputDtype}` : ''})`;
}

/** The line under truncated Jacobians saying what is shown. */
export function describeWindow(w: JacobianWindow, input: number, output: number): string {
  const range = (a: number, b: number, n: number) => (b - a === n ? `all ${n}` : `${a}–${b - 1} of ${n}`);
  return `(shown: rows ${range(w.r0, w.r1, w.rows)} = elements of input ${input}, columns ${range(w.c0, w.c1, w.cols)} = elements of output ${output}; fullJacobians: true prints the whole matrices)`;
}
