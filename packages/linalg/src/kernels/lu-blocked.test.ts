import { frob, matmul } from '@tapegrad/testing/matrices';
import { signedLcg } from '@tapegrad/testing/random';
import { describe, expect, it } from 'vitest';
import { choleskyReal } from './cholesky';
import { luFactorReal, luInverseReal, luSolveReal } from './lu';
import { LU_BASE, SMALL } from './lu-blocked';
import { TRSM_BASE, trsmLeft, trsmRightLowerTrans } from './triangular-blocked';

const EPS = 2.220446049250313e-16;
/** Orders around the block sizes of the recursive kernels, and two large odd ones. */
const SIZES = [1, LU_BASE - 1, LU_BASE, LU_BASE + 1, SMALL, SMALL + 1, 2 * SMALL + 3, 64, 65, 300, 517];

function random(len: number, rand: () => number): Float64Array {
  return Float64Array.from({ length: len }, rand);
}

/**
 * Unblocked right-looking elimination with partial pivoting (dgetf2, written independently of the kernels): the
 * reference pivot sequence.
 */
function referencePivots(n: number, a: Float64Array): number[] {
  const w = a.slice();
  const piv: number[] = [];
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(w[i * n + k]) > Math.abs(w[p * n + k])) p = i;
    piv.push(p);
    for (let c = 0; c < n; c++) [w[k * n + c], w[p * n + c]] = [w[p * n + c], w[k * n + c]];
    if (w[k * n + k] === 0) continue;
    for (let i = k + 1; i < n; i++) {
      const l = w[i * n + k] / w[k * n + k];
      for (let c = k; c < n; c++) w[i * n + c] -= l * w[k * n + c];
    }
  }
  return piv;
}

/** ‖P·A − L·U‖_F / (‖A‖_F) with P from the interchange sequence. */
function factorResidual(n: number, a: Float64Array, lu: Float64Array, piv: Int32Array): number {
  const pa = a.slice();
  for (let j = 0; j < n; j++)
    for (let c = 0; c < n; c++) [pa[j * n + c], pa[piv[j] * n + c]] = [pa[piv[j] * n + c], pa[j * n + c]];
  const l = new Float64Array(n * n);
  const u = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (j < i) l[i * n + j] = lu[i * n + j];
      else u[i * n + j] = lu[i * n + j];
      if (i === j) l[i * n + i] = 1;
    }
  const prod = matmul(n, n, n, l, u);
  let res = 0;
  for (let k = 0; k < n * n; k++) res += (prod[k] - pa[k]) ** 2;
  return Math.sqrt(res) / frob(a);
}

describe('blocked real LU (recursive dgetrf2) at orders around the block sizes', () => {
  it('reconstructs P·A = L·U with the unblocked pivot sequence and multipliers |l| ≤ 1', () => {
    const rand = signedLcg(21);
    for (const n of SIZES) {
      const a = random(n * n, rand);
      const lu = new Float64Array(n * n);
      const piv = new Int32Array(n);
      expect(luFactorReal(n, a, 0, lu, 0, piv, 0)).toBe(0);
      expect(factorResidual(n, a, lu, piv)).toBeLessThan(2 * n * EPS);
      expect(Array.from(piv)).toEqual(referencePivots(n, a));
      let maxL = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) maxL = Math.max(maxL, Math.abs(lu[i * n + j]));
      expect(maxL).toBeLessThanOrEqual(1);
    }
  });

  it('inverts with A·X − I small relative to ‖A‖·‖X‖, and solves for a known solution', () => {
    const rand = signedLcg(22);
    for (const n of SIZES) {
      const a = random(n * n, rand);
      const lu = new Float64Array(n * n);
      const piv = new Int32Array(n);
      luFactorReal(n, a, 0, lu, 0, piv, 0);
      const x = new Float64Array(n * n);
      expect(luInverseReal(n, lu, 0, piv, 0, x, 0)).toBe(0);
      const ax = matmul(n, n, n, a, x);
      for (let i = 0; i < n; i++) ax[i * n + i] -= 1;
      // The residual bound of a backward-stable inverse: ‖A·X − I‖ ≲ c·n·eps·‖A‖·‖X‖.
      expect(frob(ax) / (frob(a) * frob(x))).toBeLessThan(2 * n * EPS);
      const nrhs = 3;
      const xTrue = random(n * nrhs, rand);
      const b = matmul(n, n, nrhs, a, xTrue);
      const sol = new Float64Array(n * nrhs);
      expect(luSolveReal(n, nrhs, lu, 0, piv, 0, b, 0, sol, 0)).toBe(0);
      const r = matmul(n, n, nrhs, a, sol);
      for (let k = 0; k < r.length; k++) r[k] -= b[k];
      expect(frob(r) / (frob(a) * frob(sol))).toBeLessThan(2 * n * EPS);
    }
  });

  it('reports the first exactly-zero pivot inside a later block and still completes the factors', () => {
    const rand = signedLcg(23);
    for (const [n, zeroCol] of [
      [100, 70],
      [300, 5],
      [65, 64],
    ]) {
      const a = random(n * n, rand);
      for (let i = 0; i < n; i++) a[i * n + zeroCol] = 0;
      const lu = new Float64Array(n * n);
      const piv = new Int32Array(n);
      expect(luFactorReal(n, a, 0, lu, 0, piv, 0)).toBe(zeroCol + 1);
      expect(factorResidual(n, a, lu, piv)).toBeLessThan(2 * n * EPS);
      expect(luInverseReal(n, lu, 0, piv, 0, new Float64Array(n * n), 0)).toBe(zeroCol + 1);
    }
  });
});

describe('blocked triangular solves', () => {
  it('trsmLeft solves lower/upper, unit/non-unit, plain and transposed strides on strided right-hand sides', () => {
    const rand = signedLcg(24);
    for (const m of [TRSM_BASE - 1, TRSM_BASE + 1, 40, 129]) {
      const ncols = 7;
      const ldb = ncols + 3;
      for (const lower of [true, false])
        for (const unit of [true, false])
          for (const transposed of [false, true]) {
            // T is stored so that op(T) (strides rs, cs) is `lower`; the other triangle holds NaN (never read).
            const t = new Float64Array(m * m).fill(Number.NaN);
            const dense = new Float64Array(m * m);
            for (let i = 0; i < m; i++)
              for (let k = 0; k < m; k++) {
                if (lower ? k > i : k < i) continue;
                const v = i === k ? (unit ? 1 : 2 + rand()) : rand() / m;
                dense[i * m + k] = v;
                const [r, c] = transposed ? [k, i] : [i, k];
                t[r * m + c] = i === k && unit ? 1234 : v;
              }
            const xTrue = random(m * ncols, rand);
            const prod = matmul(m, m, ncols, dense, xTrue);
            const b = new Float64Array(m * ldb).fill(Number.NaN);
            for (let i = 0; i < m; i++) for (let j = 0; j < ncols; j++) b[i * ldb + j] = prod[i * ncols + j];
            trsmLeft(lower, unit, m, ncols, t, 0, transposed ? 1 : m, transposed ? m : 1, b, 0, ldb);
            for (let i = 0; i < m; i++) {
              for (let j = 0; j < ncols; j++)
                expect(Math.abs(b[i * ldb + j] - xTrue[i * ncols + j])).toBeLessThan(1e-13);
              for (let j = ncols; j < ldb; j++) expect(b[i * ldb + j]).toBeNaN();
            }
          }
    }
  });

  it('trsmRightLowerTrans solves X·Lᵀ = B row by row', () => {
    const rand = signedLcg(25);
    for (const [r, m] of [
      [5, TRSM_BASE + 1],
      [33, 70],
    ]) {
      const l = new Float64Array(m * m).fill(Number.NaN);
      const dense = new Float64Array(m * m);
      for (let i = 0; i < m; i++)
        for (let k = 0; k <= i; k++) l[i * m + k] = dense[i * m + k] = i === k ? 2 + rand() : rand() / m;
      const lt = new Float64Array(m * m);
      for (let i = 0; i < m; i++) for (let k = 0; k < m; k++) lt[i * m + k] = dense[k * m + i];
      const xTrue = random(r * m, rand);
      const b = matmul(r, m, m, xTrue, lt);
      trsmRightLowerTrans(r, m, l, 0, m, b, 0, m);
      for (let k = 0; k < b.length; k++) expect(Math.abs(b[k] - xTrue[k])).toBeLessThan(1e-13);
    }
  });
});

describe('blocked real Cholesky (recursive dpotrf2)', () => {
  it('factors SPD matrices above the block size, reading the lower triangle only', () => {
    const rand = signedLcg(26);
    for (const n of [17, 33, 100, 300]) {
      const g = random(n * n, rand);
      const a = matmul(
        n,
        n,
        n,
        g,
        Float64Array.from({ length: n * n }, (_, k) => g[(k % n) * n + Math.floor(k / n)]),
      );
      for (let i = 0; i < n; i++) a[i * n + i] += n;
      const input = a.slice();
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) input[i * n + j] = Number.NaN;
      const l = new Float64Array(n * n);
      expect(choleskyReal(n, input, 0, l, 0)).toBe(0);
      const lt = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) lt[i * n + j] = l[j * n + i];
      const prod = matmul(n, n, n, l, lt);
      for (let k = 0; k < n * n; k++) prod[k] -= a[k];
      expect(frob(prod) / frob(a)).toBeLessThan(2 * n * EPS);
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(l[i * n + j]).toBe(0);
    }
  });

  it('reports the first leading minor that is not positive definite, in either half of the recursion', () => {
    for (const [n, bad] of [
      [100, 80],
      [100, 7],
      [64, 33],
    ]) {
      // Diagonal plus a small coupling: the leading minors are positive definite up to order `bad`.
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        a[i * n + i] = i === bad - 1 ? -1 : 2;
        if (i > 0) a[i * n + i - 1] = 0.5;
      }
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = a[j * n + i];
      expect(choleskyReal(n, a, 0, new Float64Array(n * n), 0)).toBe(bad);
    }
  });
});
