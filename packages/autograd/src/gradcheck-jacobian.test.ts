/**
 * The analytical Jacobian readers of gradcheck: the column reader (double-vjp trick, used for large Jacobians so memory
 * stays O(one column)) must give exactly the rows reader's Jacobian, refuse backwards that leave the tape, and — through
 * the full comparison — catch the same wrong derivatives; and the single-precision detector.
 */
import type { Tensor } from '@tapegrad/core';
import { tensor } from '@tapegrad/core';
import { detachedCube, unaryFunction } from '@tapegrad/testing/functions';
import { sample } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { ColumnJacobian, JacobianProblem, RowJacobian } from './gradcheck-jacobian';
import { evidentlySinglePrecision } from './gradcheck-precision';
import { compareSlow } from './gradcheck-slow';
import { grad } from './index';

const one = (t: Tensor | Tensor[]): Tensor => (Array.isArray(t) ? t[0] : t);
const tol = { eps: 1e-6, atol: 1e-5, rtol: 1e-3 };

function allColumns(problem: JacobianProblem, reader: { column(k: number, r: number): Float64Array[] }): number[] {
  const out: number[] = [];
  problem.inSizes.forEach((n, k) => {
    for (let r = 0; r < n; r++) for (const col of reader.column(k, r)) out.push(...col);
  });
  return out;
}

describe('the column reader (double-vjp)', () => {
  it('reads the same Jacobian as the rows, real and complex, several inputs and outputs', () => {
    const a = sample([2, 3], { seed: 1, requiresGrad: true });
    const b = sample([3], { seed: 2, complex: true, requiresGrad: true });
    const fn = (x: Tensor, z: Tensor) => [x.matmul(z.abs()).tanh(), z.mul(x.sum()).exp(), x.argmax()];
    const problem = new JacobianProblem('gradcheck', fn, [a, b]);
    const columns = ColumnJacobian.tryCreate(problem, 0);
    expect(columns).not.toBeNull();
    const rows = new RowJacobian(problem);
    const fromColumns = allColumns(problem, columns as ColumnJacobian);
    const fromRows = allColumns(problem, rows);
    expect(fromColumns.length).toBe(fromRows.length);
    const maxDiff = Math.max(...fromColumns.map((v, i) => Math.abs(v - fromRows[i])));
    expect(maxDiff).toBeLessThan(1e-12);
    expect(compareSlow(problem, columns as ColumnJacobian, tol).failure).toBeNull();
  });

  it('works on second-order problems (gradgradcheck’s function) and finds a wrong double backward', () => {
    const x = sample([4], { seed: 3, requiresGrad: true });
    const g = sample([4], { seed: 4, requiresGrad: true });
    // The checked function of gradgradcheck: (x, v) ↦ ∂⟨f(x), v⟩/∂x, recorded with createGraph.
    const checked = (f: (t: Tensor) => Tensor) => (t: Tensor, v: Tensor) =>
      grad(f(t), [t], { gradOutputs: v, createGraph: true })[0] as Tensor;
    const good = new JacobianProblem(
      'gradgradcheck',
      checked((t) => t.pow(3)),
      [x, g],
    );
    const goodColumns = ColumnJacobian.tryCreate(good, 0);
    expect(goodColumns).not.toBeNull();
    expect(compareSlow(good, goodColumns as ColumnJacobian, tol).failure).toBeNull();
    const bad = new JacobianProblem(
      'gradgradcheck',
      checked((t) => one(detachedCube(t))),
      [x, g],
    );
    const badColumns = ColumnJacobian.tryCreate(bad, 0);
    expect(badColumns).not.toBeNull();
    const outcome = compareSlow(bad, badColumns as ColumnJacobian, tol);
    expect(outcome.failure).toMatchObject({ k: 0, o: 0 });
  });

  it('refuses a backward that leaves the tape (the caller then forms the rows)', () => {
    const offTape = unaryFunction(
      'offTape',
      (t) => t.exp(),
      (t, g) => {
        const values = (g.mul(t.exp()).toTypedArray() as Float64Array).slice();
        return tensor(values, { shape: [...t.shape] });
      },
    );
    const x = sample([3], { seed: 5, requiresGrad: true });
    const problem = new JacobianProblem('gradcheck', (t: Tensor) => one(offTape(t)), [x]);
    expect(ColumnJacobian.tryCreate(problem, 0)).toBeNull();
    expect(compareSlow(problem, new RowJacobian(problem), tol).failure).toBeNull();
  });
});

describe('evidentlySinglePrecision', () => {
  it('recognizes float32 results and not float64 ones or short binary fractions', () => {
    const float32 = Float32Array.from([0.1, Math.PI, -2.7182817]);
    expect(evidentlySinglePrecision(float32)).toBe(true);
    expect(evidentlySinglePrecision([0.1, Math.PI])).toBe(false);
    expect(evidentlySinglePrecision([0.5, 1, -3, 1024, 0])).toBe(false);
    expect(evidentlySinglePrecision([Math.fround(0.1), 0.1])).toBe(false);
    expect(evidentlySinglePrecision([Number.NaN, Math.fround(1.1)])).toBe(true);
    expect(evidentlySinglePrecision([])).toBe(false);
  });
});
