/**
 * gradcheck's full comparison (PyTorch's slow mode): every entry of the analytical Jacobian against central
 * differences, streamed one input element at a time, with per output/input pair statistics, and the failure message
 * for the first failing pair in PyTorch's order (imaginary parts of complex outputs first, then real parts; then
 * input-major). Jacobian entries are PyTorch's: for a complex input the complex number ∂/∂x + i∂/∂y, compared with
 * the complex modulus.
 */
import { isComplex } from '@tapegrad/core';
import { describeWorst, EntryTracker, unravel } from './gradcheck-compare';
import { describeWindow, formatJacobian, type JacobianEntry, truncated, windowAround } from './gradcheck-format';
import type { AnalyticalJacobian, JacobianProblem } from './gradcheck-jacobian';
import type { CheckTolerances } from './gradcheck-precision';

/** Which part of complex outputs a comparison looks at (real outputs are compared in both passes, as PyTorch does). */
export type Part = 'real' | 'imag';

/** The comparison of one (part, differentiated input k, compared output o) block. */
export interface PairComparison {
  part: Part;
  k: number;
  o: number;
  tracker: EntryTracker;
}

/** The outcome of a full comparison. */
export interface SlowOutcome {
  /** Blocks in PyTorch's reporting order (a real output's block appears in both passes). */
  pairs: PairComparison[];
  /** Statistics over all entries (each entry counted once). */
  overall: EntryTracker;
  /** The first failing block, or null. */
  failure: PairComparison | null;
}

/** Which blocks to compare (fast mode re-checks one pair in full). */
export interface PairFilter {
  k: number;
  o: number;
}

/** Columns of both Jacobians for input element i of input k: [component][output] arrays. */
function columnsOf(
  problem: JacobianProblem,
  analytical: AnalyticalJacobian,
  k: number,
  i: number,
  eps: number,
): { numerical: Float64Array[][]; analytical: Float64Array[][] } {
  const comps = isComplex(problem.diffInputs[k].dtype) ? [2 * i, 2 * i + 1] : [i];
  return {
    numerical: comps.map((r) => problem.numericalColumn(k, r, eps)),
    analytical: comps.map((r) => analytical.column(k, r)),
  };
}

/** Output component holding element j of compared output o in the given part. */
function componentOf(problem: JacobianProblem, o: number, j: number, part: Part): number {
  return isComplex(problem.output(o).dtype) ? 2 * j + (part === 'imag' ? 1 : 0) : j;
}

function elementsOf(size: number, complex: boolean): number {
  return complex ? size / 2 : size;
}

/** Compares the whole Jacobians (or one pair of them), one input element at a time. */
export function compareSlow(
  problem: JacobianProblem,
  analytical: AnalyticalJacobian,
  tol: CheckTolerances,
  only?: PairFilter,
): SlowOutcome {
  const K = problem.diffInputs.length;
  const O = problem.outIndices.length;
  const make = () =>
    Array.from({ length: K }, () => Array.from({ length: O }, () => new EntryTracker(tol.atol, tol.rtol)));
  const trackers: Record<Part, EntryTracker[][]> = { real: make(), imag: make() };
  const outComplex = Array.from({ length: O }, (_, o) => isComplex(problem.output(o).dtype));
  const wanted = (k: number, o: number) => only === undefined || (only.k === k && only.o === o);
  for (let k = 0; k < K; k++) {
    if (!Array.from({ length: O }, (_, o) => wanted(k, o)).some(Boolean)) continue;
    const inComplex = isComplex(problem.diffInputs[k].dtype);
    const inElements = elementsOf(problem.inSizes[k], inComplex);
    for (let i = 0; i < inElements; i++) {
      const cols = columnsOf(problem, analytical, k, i, tol.eps);
      for (let o = 0; o < O; o++) {
        if (!wanted(k, o)) continue;
        const place = { output: problem.outIndices[o], input: problem.diffIndices[k], outElement: 0, inElement: i };
        const parts: Part[] = outComplex[o] ? ['imag', 'real'] : ['real'];
        for (const part of parts) {
          const tracker = trackers[part][k][o];
          for (let j = 0; j < elementsOf(problem.outSizes[o], outComplex[o]); j++) {
            const c = componentOf(problem, o, j, part);
            place.outElement = j;
            tracker.add(
              cols.analytical[0][o][c],
              inComplex ? cols.analytical[1][o][c] : 0,
              cols.numerical[0][o][c],
              inComplex ? cols.numerical[1][o][c] : 0,
              place,
              inComplex,
            );
          }
        }
      }
    }
  }
  const passes: Part[] = outComplex.some(Boolean) ? ['imag', 'real'] : ['real'];
  const pairs: PairComparison[] = [];
  const overall = new EntryTracker(tol.atol, tol.rtol);
  for (const part of passes) {
    for (let k = 0; k < K; k++) {
      for (let o = 0; o < O; o++) {
        if (!wanted(k, o)) continue;
        const own = part === 'real' || outComplex[o];
        const tracker = own ? trackers[part][k][o] : trackers.real[k][o];
        pairs.push({ part, k, o, tracker });
        if (own) overall.absorb(tracker);
      }
    }
  }
  return { pairs, overall, failure: pairs.find((p) => p.tracker.failures > 0) ?? null };
}

/** Options of the failure message. */
export interface MessageOptions {
  eps: number;
  atol: number;
  rtol: number;
  fullJacobians: boolean;
}

/** PyTorch's first line: "[While considering the … part of complex outputs only, ]Jacobian mismatch for output o with respect to input k,". */
export function mismatchHead(problem: JacobianProblem, failure: PairComparison): string {
  const prefix = isComplex(problem.output(failure.o).dtype)
    ? `While considering the ${failure.part === 'imag' ? 'imaginary' : 'real'} part of complex outputs only, `
    : '';
  return `${prefix}Jacobian mismatch for output ${problem.outIndices[failure.o]} with respect to input ${problem.diffIndices[failure.k]},`;
}

/**
 * The rest of the message: both Jacobians (a window around the worst entry unless `fullJacobians`), and the worst
 * entry with its index and both values. The window's rows are recomputed (a few central differences and backwards).
 */
export function mismatchBody(
  problem: JacobianProblem,
  analytical: AnalyticalJacobian,
  failure: PairComparison,
  opts: MessageOptions,
): string {
  const { k, o, part, tracker } = failure;
  const worst = tracker.worst;
  const input = problem.diffInputs[k];
  const inComplex = isComplex(input.dtype);
  const outComplex = isComplex(problem.output(o).dtype);
  const rows = elementsOf(problem.inSizes[k], inComplex);
  const cols = elementsOf(problem.outSizes[o], outComplex);
  const w = windowAround(rows, cols, worst?.inElement ?? 0, worst?.outElement ?? 0, opts.fullJacobians);
  const numericalRows: JacobianEntry[][] = [];
  const analyticalRows: JacobianEntry[][] = [];
  for (let i = w.r0; i < w.r1; i++) {
    const columns = columnsOf(problem, analytical, k, i, opts.eps);
    const entry = (source: Float64Array[][], c: number): JacobianEntry => ({
      re: source[0][o][c],
      im: inComplex ? source[1][o][c] : 0,
    });
    const nRow: JacobianEntry[] = [];
    const aRow: JacobianEntry[] = [];
    for (let j = w.c0; j < w.c1; j++) {
      const c = componentOf(problem, o, j, part);
      nRow.push(entry(columns.numerical, c));
      aRow.push(entry(columns.analytical, c));
    }
    numericalRows.push(nRow);
    analyticalRows.push(aRow);
  }
  const at = (rowsOf: JacobianEntry[][]) => (r: number, c: number) => rowsOf[r - w.r0][c - w.c0];
  const lines = [
    `numerical:${formatJacobian(at(numericalRows), w, input.dtype)}`,
    `analytical:${formatJacobian(at(analyticalRows), w, input.dtype)}`,
  ];
  const oi = problem.outIndices[o];
  const ki = problem.diffIndices[k];
  if (truncated(w)) lines.push(describeWindow(w, ki, oi));
  if (worst !== null) {
    const outIndex = unravel(worst.outElement, problem.output(o).shape);
    const inIndex = unravel(worst.inElement, input.shape);
    const partText = outComplex ? ` (${part === 'imag' ? 'imaginary' : 'real'} part)` : '';
    lines.push(
      `worst entry: output ${oi}[${outIndex.join(', ')}]${partText} with respect to input ${ki}[${inIndex.join(', ')}] (report index [${[...outIndex, ...inIndex].join(', ')}]): ${describeWorst(worst, opts.atol, opts.rtol)}; ${tracker.failures} of ${tracker.count} entries outside the tolerance`,
    );
  }
  return lines.join('\n');
}
