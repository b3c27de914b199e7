/**
 * gradcheck / gradgradcheck (torch.autograd.gradcheck semantics): compare the analytical Jacobian (backward) with
 * central finite differences, elementwise |a − n| ≤ atol + rtol·|n|; or, in fast mode, one random projection vᵀJu
 * per output/input pair. Complex numbers as in PyTorch (see gradcheck-slow.ts). Memory is O(one Jacobian column)
 * beyond a fixed 32 MB (gradcheck-jacobian.ts), so gradgradcheck of a function of thousands of inputs fits.
 */
import type { GradcheckReport, Tensor } from '@tapegrad/core';
import {
  GradcheckError,
  isComplex,
  isFloating,
  ShapeError,
  Tensor as TensorClass,
  tensor,
  warnings,
} from '@tapegrad/core';
import { grad } from './grad';
import { type EntryTracker, formatOption, formatValue, now, reportEntry, type TrackedEntry } from './gradcheck-compare';
import { compareFast } from './gradcheck-fast';
import {
  type AnalyticalJacobian,
  analyticalJacobian,
  type CheckedFn,
  isSinglePrecision,
  JacobianProblem,
  outputsOf,
  ReentrancyTracker,
  realComponents,
} from './gradcheck-jacobian';
import {
  type GradcheckOptions,
  type GradgradcheckOptions,
  type ResolvedOptions,
  readGradcheckOptions,
} from './gradcheck-options';
import {
  type CheckTolerances,
  DOUBLE_PRECISION_TOLERANCES,
  evidentlySinglePrecision,
  SINGLE_PRECISION_TOLERANCES,
} from './gradcheck-precision';
import { SeededNormal } from './gradcheck-random';
import { compareSlow, mismatchBody, mismatchHead } from './gradcheck-slow';
import { rules } from './rules';

export type { GradcheckOptions, GradgradcheckOptions, PointValue } from './gradcheck-options';

/**
 * Checks the analytical gradients of `fn` at `inputs` (and at each of `opts.points`) against central finite
 * differences. Only inputs with `requiresGrad` are differentiated. Float64/complex128 inputs use PyTorch's defaults
 * (eps 1e-6, atol 1e-5, rtol 1e-3); float32/complex64 inputs warn TAPEGRAD_GRADCHECK_PRECISION and use single-precision
 * defaults (eps 3e-3, atol 1e-3, rtol 1e-2). A failure throws a GradcheckError whose message starts with PyTorch's
 * "Jacobian mismatch for output o with respect to input k," and whose `.report` holds the worst entry.
 *
 * Complex numbers are handled as PyTorch's gradcheck does: a complex output is checked through its imaginary part,
 * then its real part (failures then start with "While considering the imaginary part of complex outputs only, ");
 * for a complex input each Jacobian entry is the complex number ∂/∂x + i∂/∂y, compared as a complex number.
 * @example
 * ```ts
 * autograd.gradcheck((x) => x.exp().sum(), [randn([3], { dtype: 'float64', requiresGrad: true })]); // true
 * autograd.gradcheck((x) => x.abs(), [x], { points: [[0.5], [-0.5]] }); // also at x = 0.5 and x = −0.5 everywhere
 * ```
 */
export function gradcheck(fn: CheckedFn, inputs: Tensor[], opts: GradcheckOptions = {}): boolean {
  const options = readGradcheckOptions('gradcheck', fn, inputs, opts, false);
  return settle(runCheck('gradcheck', 1, fn, inputs, options), options.raise);
}

/**
 * Checks second derivatives: gradcheck of (inputs, gradOutputs) ↦ grad(fn(inputs), inputs, gradOutputs, createGraph).
 * The gradOutputs are numbered after the inputs in messages. Memory stays O(one Jacobian column).
 * @example
 * ```ts
 * autograd.gradgradcheck((x) => x.tanh(), [randn([3], { dtype: 'float64', requiresGrad: true })]); // true
 * ```
 */
export function gradgradcheck(fn: CheckedFn, inputs: Tensor[], opts: GradgradcheckOptions = {}): boolean {
  const options = readGradcheckOptions('gradgradcheck', fn, inputs, opts, true);
  return settle(runCheck('gradgradcheck', 2, fn, inputs, options), options.raise);
}

/**
 * gradcheck (order 1) or gradgradcheck (order 2) returning the report instead of a boolean; throws only for bad
 * arguments. Used by the `tapegrad-gradcheck` CLI. @internal
 */
export function gradcheckReport(
  fn: CheckedFn,
  inputs: Tensor[],
  opts: GradgradcheckOptions = {},
  order: 1 | 2 = 1,
): GradcheckReport {
  const op = order === 1 ? 'gradcheck' : 'gradgradcheck';
  const options = readGradcheckOptions(op, fn, inputs, opts, order === 2);
  return runCheck(op, order, fn, inputs, options).report;
}

function settle(outcome: Outcome, raise: boolean): boolean {
  if (outcome.report.ok) return true;
  if (raise) throw new GradcheckError(outcome.report.message ?? '', outcome.report);
  return false;
}

interface Outcome {
  report: GradcheckReport;
}

/** Runs the check at the inputs, then at each point; stops at the first failure. */
function runCheck(op: string, order: 1 | 2, fn: CheckedFn, inputs: Tensor[], options: ResolvedOptions): Outcome {
  const start = now();
  let name: string | undefined;
  const sets = [inputs, ...(options.points as Tensor[][])];
  let maxAbsError = 0;
  let maxRelError = 0;
  let worst: { entry: TrackedEntry; report: GradcheckReport['worst'] } | null = null;
  for (let p = 0; p < sets.length; p++) {
    const where = p === 0 ? 'at the given inputs' : `at points[${p - 1}]`;
    const set = sets[p];
    const [checked, checkedInputs] = order === 1 ? [fn, set] : secondOrder(op, fn, set, options.gradOutputs);
    const result = checkAt(op, order, checked, checkedInputs, options, { fn, set, where });
    name ??= result.report.name;
    if (!result.ok) return { report: { ...result.report, ms: now() - start } };
    maxAbsError = Number.isNaN(result.stats.maxAbsError) ? Number.NaN : Math.max(maxAbsError, result.stats.maxAbsError);
    maxRelError = Math.max(maxRelError, result.stats.maxRelError);
    if (result.worst !== null && (worst === null || result.worst.entry.ratio > worst.entry.ratio)) worst = result.worst;
  }
  const report: GradcheckReport = {
    ok: true,
    order,
    maxAbsError,
    maxRelError,
    worst: worst?.report ?? null,
    ms: now() - start,
  };
  if (name !== undefined) report.name = name;
  return { report };
}

/** gradgradcheck's function: (inputs, gradOutputs) ↦ the gradients of fn's outputs, recorded with createGraph. */
function secondOrder(op: string, fn: CheckedFn, inputs: Tensor[], given: Tensor[] | undefined): [CheckedFn, Tensor[]] {
  const outputs = outputsOf(fn, inputs, op).filter((t) => isFloating(t.dtype));
  const gradOutputs = given ?? outputs.map((t, i) => seededLike(t, 0x5eed + 7919 * i));
  if (gradOutputs.length !== outputs.length)
    throw new ShapeError(`${op}: expected ${outputs.length} gradOutputs (one per output), got ${gradOutputs.length}`);
  gradOutputs.forEach((g, i) => {
    const out = outputs[i];
    if (g.ndim !== out.ndim || g.shape.some((s, d) => s !== out.shape[d]))
      throw new ShapeError(
        `${op}: expected gradOutputs[${i}] of the shape of output ${i}, [${out.shape.join(', ')}], got [${g.shape.join(', ')}]`,
      );
  });
  const diffIndices = inputs.map((t, i) => (t instanceof TensorClass && t.requiresGrad ? i : -1)).filter((i) => i >= 0);
  const n = inputs.length;
  const firstOrder = (...xs: Tensor[]): Tensor[] => {
    const xsIn = xs.slice(0, n);
    const gos = xs.slice(n);
    const outs = outputsOf(fn, xsIn, op).filter((t) => isFloating(t.dtype));
    const diffInputs = diffIndices.map((i) => xsIn[i]);
    const usable = outs.map((o, i) => [o, gos[i]] as const).filter(([o]) => o.requiresGrad);
    if (usable.length === 0) return diffInputs.map((x) => x.mul(0));
    const grads = grad(
      usable.map(([o]) => o),
      diffInputs,
      { gradOutputs: usable.map(([, g]) => g), createGraph: true, allowUnused: true },
    );
    return grads.map((g, i) => g ?? diffInputs[i].mul(0));
  };
  return [firstOrder, [...inputs, ...gradOutputs]];
}

/** Deterministic cotangents for gradgradcheck that leave the global generator alone. */
function seededLike(t: Tensor, seed: number): Tensor {
  const rng = new SeededNormal(seed);
  const n = realComponents(t).length;
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = rng.next() / 2;
  const arr = isSinglePrecision(t.dtype) ? Float32Array.from(data) : data;
  return tensor(arr, { dtype: t.dtype, shape: [...t.shape], requiresGrad: true });
}

/** What the message says about the check besides the Jacobians. */
interface CheckContext {
  fn: CheckedFn;
  set: Tensor[];
  where: string;
}

interface PointResult {
  ok: boolean;
  report: GradcheckReport;
  stats: EntryTracker;
  worst: { entry: TrackedEntry; report: GradcheckReport['worst'] } | null;
}

/** The check at one point. */
function checkAt(
  op: string,
  order: 1 | 2,
  fn: CheckedFn,
  inputs: Tensor[],
  options: ResolvedOptions,
  context: CheckContext,
): PointResult {
  const problem = new JacobianProblem(op, fn, inputs);
  const tol = tolerancesFor(op, problem, options);
  const ops = opsWithOwnBackward(order === 1 ? problem.outputs : outputsOf(context.fn, context.set, op));
  // The report's name: the function's own, else the custom ops it calls (the likely culprits).
  const name = context.fn.name !== '' ? context.fn.name : ops.length > 0 ? ops.join('+') : undefined;
  const describe = (mode?: AnalyticalJacobian['mode']) =>
    contextLines(op, order, options, tol, { ...context, ops, complexOut: anyComplexOutput(problem) }, mode);
  const fail = (message: string, stats: EntryTracker, entry: TrackedEntry | null): PointResult => {
    const report: GradcheckReport = {
      ok: false,
      order,
      maxAbsError: stats.maxAbsError,
      maxRelError: stats.maxRelError,
      worst: entry === null ? null : entryReport(problem, entry),
      ms: 0,
      message,
    };
    if (name !== undefined) report.name = name;
    return { ok: false, report, stats, worst: null };
  };
  let stats: EntryTracker;
  let reentrancy: ReentrancyTracker;
  let closest: TrackedEntry | null = null;
  if (options.fastMode) {
    reentrancy = new ReentrancyTracker();
    const fast = compareFast(problem, tol, options.seed, reentrancy);
    stats = fast.tracker;
    if (fast.failure !== null) {
      // Confirm (and locate) the mismatch with the full comparison of that pair, as PyTorch recomputes in slow mode.
      const { k, o } = fast.failure;
      const analytical = analyticalJacobian(problem, options.seed, o);
      const slow = compareSlow(problem, analytical, tol, { k, o });
      if (slow.failure !== null) {
        const f = fast.failure;
        const message = [
          `Jacobian mismatch for output ${problem.outIndices[o]} with respect to input ${problem.diffIndices[k]},`,
          `numerical:tensor(${formatValue(f.numerical)}) (fast mode: vᵀJu for random unit vectors u, v)`,
          `analytical:tensor(${formatValue(f.analytical)})`,
          `Recomputed without fast mode (${mismatchHead(problem, slow.failure).replace(/,$/, '')}):`,
          mismatchBody(problem, analytical, slow.failure, { ...tol, fullJacobians: options.fullJacobians }),
          describe(analytical.mode),
        ].join('\n');
        return fail(message, slow.overall, slow.failure.tracker.worst);
      }
    }
  } else {
    const analytical = analyticalJacobian(problem, options.seed);
    const slow = compareSlow(problem, analytical, tol);
    stats = slow.overall;
    reentrancy = analytical.reentrancy;
    if (slow.failure !== null) {
      const message = [
        mismatchHead(problem, slow.failure),
        mismatchBody(problem, analytical, slow.failure, { ...tol, fullJacobians: options.fullJacobians }),
        describe(analytical.mode),
      ].join('\n');
      return fail(message, stats, slow.failure.tracker.worst);
    }
    closest = stats.worst;
  }
  const nondet = reentrancy.worst;
  if (!(nondet.maxDiff <= options.nondetTol)) {
    const where =
      nondet.c < 0
        ? `input ${problem.diffIndices[nondet.k]} component ${nondet.r} (projected on output ${problem.outIndices[nondet.o]})`
        : `output ${problem.outIndices[nondet.o]} component ${nondet.c} with respect to input ${problem.diffIndices[nondet.k]} component ${nondet.r}`;
    const message = [
      `Backward is not reentrant, i.e., running backward with same input and gradOutput multiple times gives different values, although analytical gradient matches numerical gradient. The tolerance for nondeterminism was ${options.nondetTol}.`,
      `largest difference ${formatValue(nondet.maxDiff)} at ${where}: ${formatValue(nondet.first)} in the first run, ${formatValue(nondet.second)} in the second`,
      describe(),
    ].join('\n');
    return fail(message, stats, null);
  }
  if (options.checkGradDtypes) {
    const mismatch = singlePrecisionGradient(problem, options.seed);
    if (mismatch !== null) {
      const message = [
        `Gradient has dtype mismatch: the gradient of input ${problem.diffIndices[mismatch]} (${problem.diffInputs[mismatch].dtype}) was evidently computed in float32 (all its values are exactly representable in float32)`,
        describe(),
      ].join('\n');
      return fail(message, stats, null);
    }
  }
  const report: GradcheckReport = { ok: true, order, maxAbsError: 0, maxRelError: 0, worst: null, ms: 0 };
  if (name !== undefined) report.name = name;
  return {
    ok: true,
    report,
    stats,
    worst: closest === null ? null : { entry: closest, report: entryReport(problem, closest) },
  };
}

function entryReport(problem: JacobianProblem, entry: TrackedEntry): GradcheckReport['worst'] {
  return reportEntry(entry, problem.outputs[entry.output].shape, problem.inputs[entry.input].shape);
}

/** The index (into diffInputs) of a float64/complex128 input whose gradient looks computed in float32, or null. */
function singlePrecisionGradient(problem: JacobianProblem, seed: number): number | null {
  const os = problem.differentiableOutputs();
  if (os.length === 0) return null;
  const rng = new SeededNormal(seed + 1);
  const grads = problem.backward(
    os,
    os.map((o) => rng.unitVector(problem.outSizes[o])),
    () => undefined,
  );
  const k = grads.findIndex((g, i) => !isSinglePrecision(problem.diffInputs[i].dtype) && evidentlySinglePrecision(g));
  return k < 0 ? null : k;
}

/** eps/atol/rtol for the inputs' precision, with the precision warnings. */
function tolerancesFor(op: string, problem: JacobianProblem, options: ResolvedOptions): CheckTolerances {
  const single = problem.diffInputs.some((t) => isSinglePrecision(t.dtype));
  const defaults = single ? SINGLE_PRECISION_TOLERANCES : DOUBLE_PRECISION_TOLERANCES;
  const tol = {
    eps: options.eps ?? defaults.eps,
    atol: options.atol ?? defaults.atol,
    rtol: options.rtol ?? defaults.rtol,
  };
  if (single) {
    problem.diffInputs.forEach((t, k) => {
      if (!isSinglePrecision(t.dtype)) return;
      warnings.warn(
        'NumericalWarning',
        'TAPEGRAD_GRADCHECK_PRECISION',
        `${op}: input ${problem.diffIndices[k]} is ${t.dtype}, not float64/complex128; finite differences are not accurate in single precision, so the single-precision defaults eps ${SINGLE_PRECISION_TOLERANCES.eps}, atol ${SINGLE_PRECISION_TOLERANCES.atol}, rtol ${SINGLE_PRECISION_TOLERANCES.rtol} apply to options not given (this check: eps ${tol.eps}, atol ${tol.atol}, rtol ${tol.rtol})`,
      );
    });
    return tol;
  }
  const o = problem.outIndices.findIndex((oi) => {
    const out = problem.outputs[oi];
    return isSinglePrecision(out.dtype) || evidentlySinglePrecision(realComponents(out));
  });
  if (o >= 0) {
    const out = problem.output(o);
    warnings.warn(
      'NumericalWarning',
      'TAPEGRAD_GRADCHECK_FLOAT32_OUTPUT',
      `${op}: the inputs are double precision but output ${problem.outIndices[o]} was evidently computed in single precision (${isSinglePrecision(out.dtype) ? `its dtype is ${out.dtype}` : 'every value is exactly representable in float32'}); central differences with eps ${tol.eps} cannot see through float32 rounding — compute in float64, or check with float32 inputs (single-precision defaults)`,
    );
  }
  return tol;
}

/** Names of the recorded ops on the graph of `outputs` that have their own backward (not a core primitive). */
function opsWithOwnBackward(outputs: Tensor[]): string[] {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const stack = outputs.map((t) => t.gradFn).filter((n) => n !== null);
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined || node === null || seen.has(node)) continue;
    seen.add(node);
    if (!Object.hasOwn(rules, node.name)) names.add(node.name);
    for (const [next] of node.nextFunctions) if (next !== null && !seen.has(next)) stack.push(next);
  }
  return [...names].sort();
}

function anyComplexOutput(problem: JacobianProblem): boolean {
  return problem.outIndices.some((oi) => isComplex(problem.outputs[oi].dtype));
}

/** The lines after the Jacobians: function and ops, order, where, tolerances, how the analytical side was formed. */
function contextLines(
  op: string,
  order: 1 | 2,
  options: ResolvedOptions,
  tol: CheckTolerances,
  context: CheckContext & { ops: string[]; complexOut: boolean },
  mode?: AnalyticalJacobian['mode'],
): string {
  const fnName = context.fn.name !== '' ? context.fn.name : 'an anonymous function';
  const custom = context.ops.length > 0 ? ` (ops with their own backward on its graph: ${context.ops.join(', ')})` : '';
  const how =
    mode === undefined
      ? ''
      : `; analytical Jacobian ${mode === 'rows' ? 'formed row by row' : 'read column by column (double-vjp)'}`;
  return [
    `function: ${fnName}${custom}; order ${order} (${op}${options.fastMode ? ', fastMode' : ''}) ${context.where}`,
    `eps ${formatOption(tol.eps)}, atol ${formatOption(tol.atol)}, rtol ${formatOption(tol.rtol)}${how}${context.complexOut ? '; complex outputs are checked imaginary part first' : ''}`,
  ].join('\n');
}
