/**
 * Runs OpInfo entries (see types.ts and the per-family tables) as vitest suites. For every entry and supported dtype, every sample is run on
 * contiguous inputs and on non-contiguous views holding the same values (transposed, step-2 slices, offset views,
 * stride-0 expansions); each run checks the result against the reference, the method form against the function
 * form, that no input was written to, and storage sharing of views / copies. Entries also check the dtypes they
 * must reject, non-tensor operands, JS scalar operands and mixed-dtype promotion. Test-only.
 */

import type { DType } from '@tapegrad/core';
import { setDefaultDtype, Tensor } from '@tapegrad/core';
import { afterEach, describe, expect, it } from 'vitest';
import { typedErrorProblem } from '../errors';
import { lcg } from '../random';
import {
  ALL,
  LAYOUTS,
  layoutTensor,
  mismatch,
  type Ref,
  randomRef,
  sameTensor,
  snapshot,
  type Tolerance,
  tensorOf,
  unchanged,
  weakRef,
} from './reference';
import { Rejected } from './refops';
import { type OpInfo, type Out, type RefOut, type Sample, Unspecified } from './types';

/** Fails with the first problems listed (one assertion covering a whole batch of runs). */
export function expectNone(failures: readonly string[]): void {
  if (failures.length > 0) expect.fail(`${failures.length} problem(s):\n${failures.slice(0, 6).join('\n')}`);
  expect(failures).toHaveLength(0);
}

/** A stable seed per (entry, dtype) so failures reproduce. */
export function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function describeArg(a: unknown): string {
  if (typeof a === 'object' && a !== null && 'data' in a && 'shape' in a) return `ref[${(a as Ref).shape}]`;
  if (a === undefined) return 'undefined';
  return JSON.stringify(a);
}

function describeSample(s: Sample, layout: string): string {
  return `${layout} inputs ${s.inputs.map((r) => `${r.dtype}[${r.shape}]`).join(', ')} args (${s.args.map(describeArg).join(', ')})`;
}

function outputs(out: Out): Tensor[] {
  if (out instanceof Tensor) return [out];
  if (Array.isArray(out)) return [...out];
  return [];
}

/** Why `got` differs from `want`, or null. */
export function compareOut(got: Out, want: RefOut, tol?: Partial<Tolerance>): string | null {
  if (typeof want === 'boolean') return got === want ? null : `got ${String(got)}, expected ${want}`;
  if (Array.isArray(want)) {
    if (!Array.isArray(got)) return 'expected a list of tensors';
    if (got.length !== want.length) return `${got.length} outputs, expected ${want.length}`;
    for (let i = 0; i < want.length; i++) {
      const m = mismatch(got[i], want[i], tol);
      if (m) return `output ${i}: ${m}`;
    }
    return null;
  }
  if (!(got instanceof Tensor)) return `expected a tensor, got ${typeof got}`;
  return mismatch(got, want as Ref, tol);
}

function sameOut(a: Out, b: Out): boolean {
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === b;
  const x = outputs(a);
  const y = outputs(b);
  return x.length === y.length && x.every((t, i) => sameTensor(t, y[i]));
}

/** The reference result, or `'rejected'` / `'unspecified'`. */
function runRef(op: OpInfo, refs: readonly Ref[], args: readonly unknown[]): RefOut | 'rejected' | 'unspecified' {
  try {
    return op.ref(refs, args);
  } catch (e) {
    if (e instanceof Rejected) return 'rejected';
    if (e instanceof Unspecified) return 'unspecified';
    throw e;
  }
}

/** Runs one call on tensors `xs` holding `refs`; pushes problems into `failures`. Returns whether it ran. */
function check(
  op: OpInfo,
  xs: readonly Tensor[],
  refs: readonly Ref[],
  args: readonly unknown[],
  where: string,
  failures: string[],
  layout = 'contiguous',
): boolean {
  const want = runRef(op, refs, args);
  if (want === 'unspecified') return false;
  if (want === 'rejected') {
    const p = typedErrorProblem(() => op.fn(xs, args), 'DtypeError', op.op);
    if (p) failures.push(`${where}: expected a DtypeError: ${p}`);
    return true;
  }
  const before = xs.map((x) => (x instanceof Tensor ? snapshot(x) : []));
  let got: Out;
  try {
    got = op.fn(xs, args);
  } catch (e) {
    failures.push(`${where}: threw ${(e as Error).name}: ${(e as Error).message}`);
    return true;
  }
  const m = compareOut(got, want, op.tol);
  if (m) failures.push(`${where}: ${m}`);
  if (op.method) {
    try {
      if (!sameOut(got, op.method(xs, args))) failures.push(`${where}: method form differs from the function form`);
    } catch (e) {
      failures.push(`${where}: method form threw ${(e as Error).message}`);
    }
  }
  xs.forEach((x, i) => {
    if (x instanceof Tensor && !unchanged(x, before[i])) failures.push(`${where}: input ${i} was modified`);
  });
  const outs = outputs(got);
  if (op.view === 'always' || (op.view === 'contiguous' && layout === 'contiguous')) {
    if (outs.some((t) => t.storage !== xs[0].storage)) failures.push(`${where}: expected a view sharing storage`);
  }
  if (op.copy && outs.some((t) => xs.some((x) => x.storage === t.storage))) {
    failures.push(`${where}: expected a copy, got a tensor sharing storage with an input`);
  }
  return true;
}

function runSamples(op: OpInfo, dtype: DType, contiguousOnly: boolean): { failures: string[]; runs: number } {
  const rng = lcg(seedOf(`${op.name}/${dtype}`));
  const failures: string[] = [];
  let runs = 0;
  for (const sample of op.samples(dtype, rng)) {
    const layouts = contiguousOnly || op.contiguousOnly ? (['contiguous'] as const) : LAYOUTS;
    for (const layout of layouts) {
      const built = sample.inputs.map((r) => layoutTensor(r, layout));
      if (layout !== 'contiguous' && built.every((b) => b === null)) continue;
      const xs = built.map((b, i) => (b ? b.t : tensorOf(sample.inputs[i])));
      const refs = built.map((b, i) => (b ? b.ref : sample.inputs[i]));
      const where = describeSample({ ...sample, inputs: refs }, layout);
      xs.forEach((x, i) => {
        const m = mismatch(x, refs[i]);
        if (m) failures.push(`${where}: input ${i} does not hold its values: ${m}`);
      });
      if (check(op, xs, refs, sample.args, where, failures, layout)) runs++;
    }
  }
  return { failures, runs };
}

const SCALARS: readonly (number | boolean | { re: number; im: number })[] = [2, 0.5, true, { re: 1, im: -2 }];

/** Defines the vitest suites of `ops`. */
export function runOpInfo(ops: readonly OpInfo[]): void {
  afterEach(() => setDefaultDtype('float32'));
  for (const op of ops) {
    describe(`OpInfo ${op.name}`, () => {
      for (const dtype of op.dtypes) {
        it(`${dtype}: agrees with the reference on contiguous and non-contiguous inputs`, () => {
          const { failures, runs } = runSamples(op, dtype, false);
          expectNone(failures);
          expect(runs).toBeGreaterThan(0);
        });
      }

      const integral = op.dtypes.filter((d) => d === 'int32' || d === 'bool');
      if (integral.length > 0) {
        it('follows the default dtype float64 for integral inputs', () => {
          setDefaultDtype('float64');
          for (const dtype of integral) {
            const { failures } = runSamples(op, dtype, true);
            expectNone(failures);
          }
        });
      }

      const rejects = op.rejects ?? [];
      if (rejects.length > 0) {
        it(`rejects ${rejects.join(', ')} with a DtypeError naming ${op.op}`, () => {
          const failures: string[] = [];
          for (const dtype of rejects) {
            const rng = lcg(seedOf(`${op.name}/${dtype}/reject`));
            for (const sample of op.samples(dtype, rng)) {
              const where = describeSample(sample, 'contiguous');
              if (runRef(op, sample.inputs, sample.args) !== 'rejected') {
                failures.push(`${where}: the table does not reject ${dtype}`);
                continue;
              }
              const xs = sample.inputs.map(tensorOf);
              const p = typedErrorProblem(() => op.fn(xs, sample.args), 'DtypeError', op.op);
              if (p) failures.push(`${where}: ${p}`);
              if (op.method) {
                const q = typedErrorProblem(() => op.method!(xs, sample.args), 'DtypeError', op.op);
                if (q) failures.push(`${where} (method): ${q}`);
              }
            }
          }
          expectNone(failures);
        });
      }

      if (!op.getter) {
        it('rejects non-tensor operands with a DtypeError naming the op', () => {
          const rng = lcg(seedOf(`${op.name}/bad`));
          const sample = op.samples(op.dtypes[0], rng)[0];
          const xs = sample.inputs.map(tensorOf);
          const failures: string[] = [];
          for (const bad of ['abc', null, undefined, {}, [[1, 2]]]) {
            const args = [bad as unknown as Tensor, ...xs.slice(1)];
            const problem = typedErrorProblem(() => op.fn(args, sample.args), 'DtypeError', op.op);
            if (problem) failures.push(`${JSON.stringify(bad) ?? 'undefined'}: ${problem}`);
          }
          expectNone(failures);
        });
      }

      const bin = op.binary;
      if (bin) {
        it('accepts JS numbers, booleans and { re, im } for either operand (weakly typed)', () => {
          const failures: string[] = [];
          let runs = 0;
          const kinds = op.mixed?.kinds ?? ['any', 'any'];
          for (const dtype of [...op.dtypes, ...(op.rejects ?? [])]) {
            const rng = lcg(seedOf(`${op.name}/${dtype}/scalar`));
            for (const shape of [[3, 4], []]) {
              for (const left of [true, false]) {
                const r = randomRef(shape, dtype, kinds[left ? 1 : 0], rng);
                const t = tensorOf(r);
                for (const s of SCALARS) {
                  const wrapped: OpInfo = { ...op, fn: ([x, y]) => bin(x, y), method: undefined };
                  const scalarTensor = s as unknown as Tensor;
                  const xs = left ? [scalarTensor, t] : [t, scalarTensor];
                  const refs = left ? [weakRef(s), r] : [r, weakRef(s)];
                  const where = `${left ? `${JSON.stringify(s)} ⊕ ` : ''}${dtype}[${shape}]${left ? '' : ` ⊕ ${JSON.stringify(s)}`}`;
                  if (check(wrapped, xs, refs, [], where, failures)) runs++;
                }
              }
            }
          }
          expectNone(failures);
          expect(runs).toBeGreaterThan(0);
        });
      }

      const mixed = op.mixed;
      if (mixed) {
        it('promotes every pair of dtypes as torch.result_type (dimensioned and 0-d operands)', () => {
          const failures: string[] = [];
          const rng = lcg(seedOf(`${op.name}/mixed`));
          for (const da of ALL) {
            for (const db of ALL) {
              for (const [sa, sb] of mixed.shapes) {
                const refs = [randomRef(sa, da, mixed.kinds[0], rng), randomRef(sb, db, mixed.kinds[1], rng)];
                check(op, refs.map(tensorOf), refs, [], `${da}[${sa}] ⊕ ${db}[${sb}]`, failures);
              }
            }
          }
          expectNone(failures);
        });
      }
    });
  }
}
