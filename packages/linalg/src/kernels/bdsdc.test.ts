import { bidiagResidual, bidiagSingularValuesBisection } from '@tapegrad/testing/matrices';
import { Lcg } from '@tapegrad/testing/random';
import { describe, expect, it } from 'vitest';
import { bdsdc, createBdsdcWorkspace } from './bdsdc';
import { bdsqr } from './bdsqr';

const EPS = 2 ** -52;

interface Result {
  info: number;
  s: Float64Array;
  ut: Float64Array;
  vt: Float64Array;
}

function runDc(d: ArrayLike<number>, e: ArrayLike<number>, leafSize?: number, maxit?: number): Result {
  const n = d.length;
  const dd = Float64Array.from(d);
  const ee = Float64Array.from(e);
  const ut = new Float64Array(n * n);
  const vt = new Float64Array(n * n);
  const ws = createBdsdcWorkspace(n, leafSize);
  if (maxit !== undefined) ws.maxit = maxit;
  const info = bdsdc(n, dd, ee, ut, vt, ws);
  return { info, s: dd, ut, vt };
}

function runQr(d: ArrayLike<number>, e: ArrayLike<number>): Result {
  const n = d.length;
  const dd = Float64Array.from(d);
  const ee = Float64Array.from(e);
  const ut = new Float64Array(n * n);
  const vt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    ut[i * n + i] = 1;
    vt[i * n + i] = 1;
  }
  const info = bdsqr(n, dd, ee, vt, n, ut, n, new Float64Array(4 * n));
  return { info, s: dd, ut, vt };
}

/** max |X·Xᵀ − I| over the rows of the n×n matrix X. */
function rowOrthogonality(n: number, x: Float64Array): number {
  let err = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += x[i * n + k] * x[j * n + k];
      err = Math.max(err, Math.abs(s - (i === j ? 1 : 0)));
    }
  }
  return err;
}

/** ‖B − Uᵀ·diag(s)·V‖_max / ‖B‖_max for ut = Uᵀ rows… i.e. B = Σ sᵢ·utᵢ·vtᵢᵀ. */
function residual(d: ArrayLike<number>, e: ArrayLike<number>, r: Result): number {
  return bidiagResidual(d, e, r.s, r.ut, r.vt);
}

function check(d: ArrayLike<number>, e: ArrayLike<number>, leafSize?: number): Result {
  const n = d.length;
  const r = runDc(d, e, leafSize);
  expect(r.info).toBe(0);
  const q = runQr(d, e);
  expect(q.info).toBe(0);
  const tol = 16 * EPS * Math.max(n, 4);
  const smax = Math.max(q.s[0], Number.MIN_VALUE);
  for (let i = 0; i < n; i++) {
    expect(r.s[i]).toBeGreaterThanOrEqual(0);
    if (i > 0) expect(r.s[i]).toBeLessThanOrEqual(r.s[i - 1]);
    expect(Math.abs(r.s[i] - q.s[i])).toBeLessThanOrEqual(tol * smax);
  }
  expect(rowOrthogonality(n, r.ut)).toBeLessThanOrEqual(tol);
  expect(rowOrthogonality(n, r.vt)).toBeLessThanOrEqual(tol);
  expect(residual(d, e, r)).toBeLessThanOrEqual(tol);
  return r;
}

function randomBidiagonal(rng: Lcg, n: number): [number[], number[]] {
  const d: number[] = [];
  const e: number[] = [];
  for (let i = 0; i < n; i++) {
    d.push(rng.normal());
    if (i < n - 1) e.push(rng.normal());
  }
  return [d, e];
}

describe('bdsdc: random bidiagonals against bdsqr', () => {
  it('sizes around and far above the leaf size', () => {
    const rng = new Lcg(101);
    for (const n of [1, 2, 3, 5, 24, 25, 26, 27, 40, 51, 64, 100, 129]) {
      const [d, e] = randomBidiagonal(rng, n);
      check(d, e);
    }
  });

  it('deep trees: tiny leaves exercise every merge path on small n', () => {
    const rng = new Lcg(102);
    for (const leaf of [2, 3, 4, 7]) {
      for (const n of [3, 4, 5, 6, 7, 8, 9, 13, 17, 31, 50]) {
        const [d, e] = randomBidiagonal(rng, n);
        check(d, e, leaf);
      }
    }
  });

  it('n = 300', () => {
    const rng = new Lcg(103);
    const [d, e] = randomBidiagonal(rng, 300);
    check(d, e);
  });
});

describe('bdsdc: structured bidiagonals (deflation paths)', () => {
  it('identity, repeated and clustered values, zeros', () => {
    for (const leaf of [2, 5, 25]) {
      const n = 60;
      const ones = new Array(n).fill(1);
      const zeros = new Array(n - 1).fill(0);
      const r = check(ones, zeros, leaf);
      for (let i = 0; i < n; i++) expect(r.s[i]).toBe(1);
      // diag with multiplicities, tiny coupling
      const d = Array.from({ length: n }, (_, i) => [3, 2, 2, 1][i % 4]);
      check(d, new Array(n - 1).fill(1e-17), leaf);
      check(d, new Array(n - 1).fill(1e-9), leaf);
      // constant bidiagonal (clustered singular values), and with zeros on the diagonal
      check(new Array(n).fill(1), new Array(n - 1).fill(1), leaf);
      const dz = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : 1));
      check(dz, new Array(n - 1).fill(1), leaf);
      check(new Array(n).fill(0), new Array(n - 1).fill(1), leaf);
      check(new Array(n).fill(0), new Array(n - 1).fill(0), leaf);
    }
  });

  it('graded and widely scaled entries', () => {
    const n = 80;
    for (const leaf of [3, 25]) {
      const d = Array.from({ length: n }, (_, i) => 2 ** (-i / 2));
      const e = Array.from({ length: n - 1 }, (_, i) => 2 ** (-i / 2 - 0.25));
      check(d, e, leaf);
      check(d.slice().reverse(), e.slice().reverse(), leaf);
      const rng = new Lcg(104);
      const d2 = Array.from({ length: n }, () => rng.normal() * 10 ** (20 * rng.next() - 10));
      const e2 = Array.from({ length: n - 1 }, () => rng.normal() * 10 ** (20 * rng.next() - 10));
      check(d2, e2, leaf);
    }
  });

  it('huge and tiny overall scales are handled by exact power-of-two scaling', () => {
    const rng = new Lcg(105);
    const [d, e] = randomBidiagonal(rng, 70);
    const ref = runDc(d, e);
    for (const f of [2 ** 1000, 2 ** -1000, 2 ** -1060]) {
      const r = runDc(
        d.map((x) => x * f),
        e.map((x) => x * f),
      );
      expect(r.info).toBe(0);
      for (let i = 0; i < 70; i++) {
        expect(Math.abs(r.s[i] - ref.s[i] * f)).toBeLessThanOrEqual(64 * EPS * ref.s[0] * f + 8 * Number.MIN_VALUE);
      }
      expect(rowOrthogonality(70, r.ut)).toBeLessThanOrEqual(1e-13);
      expect(rowOrthogonality(70, r.vt)).toBeLessThanOrEqual(1e-13);
    }
  });

  it('singular values match bisection on the Golub–Kahan matrix to eps·σ₁', () => {
    const rng = new Lcg(106);
    const [d, e] = randomBidiagonal(rng, 45);
    const ref = bidiagSingularValuesBisection(d, e);
    const r = runDc(d, e, 4);
    for (let i = 0; i < 45; i++) expect(Math.abs(r.s[i] - ref[i])).toBeLessThanOrEqual(32 * EPS * ref[0]);
  });
});

describe('bdsdc: bounded iterations', () => {
  it('reports failure when the secular iteration cap is too small', () => {
    const rng = new Lcg(107);
    const [d, e] = randomBidiagonal(rng, 60);
    const r = runDc(d, e, 4, 1);
    expect(r.info).toBeGreaterThan(0);
  });
});
