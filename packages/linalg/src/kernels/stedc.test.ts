import { signedLcg } from '@tapegrad/testing/random';
import { describe, expect, it } from 'vitest';
import { createStedcWorkspace, STEDC_LEAF, stedcReal } from './stedc';
import { sortEigen, tridiagonalEigen } from './steqr';

const EPS = 2.220446049250313e-16;

/** max |T·Z − Z·Λ| / ‖T‖₁, max |ZᵀZ − I|, and max |λ − λ_QL| / ‖T‖₁ against QL/QR without vectors. */
function quality(d0: Float64Array, e0: Float64Array, d: Float64Array, z: Float64Array) {
  const n = d0.length;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    norm = Math.max(norm, Math.abs(d0[i]) + (i > 0 ? Math.abs(e0[i - 1]) : 0) + (i < n - 1 ? Math.abs(e0[i]) : 0));
  }
  norm = norm || 1;
  let res = 0;
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      let s = (d0[i] - d[j]) * z[i * n + j];
      if (i > 0) s += e0[i - 1] * z[(i - 1) * n + j];
      if (i < n - 1) s += e0[i] * z[(i + 1) * n + j];
      res = Math.max(res, Math.abs(s));
    }
  let orth = 0;
  for (let a = 0; a < n; a++)
    for (let b = a; b < n; b++) {
      let s = a === b ? -1 : 0;
      for (let i = 0; i < n; i++) s += z[i * n + a] * z[i * n + b];
      orth = Math.max(orth, Math.abs(s));
    }
  const dr = d0.slice();
  const er = e0.slice();
  expect(tridiagonalEigen(n, dr, er, null, 0)).toBe(0);
  sortEigen(n, dr, null, 0);
  let values = 0;
  for (let i = 0; i < n; i++) values = Math.max(values, Math.abs(d[i] - dr[i]));
  return { res: res / norm, orth, values: values / norm };
}

function solve(d0: Float64Array, e0: Float64Array) {
  const n = d0.length;
  const d = d0.slice();
  const e = e0.slice();
  const z = new Float64Array(n * n).fill(Number.NaN);
  const info = stedcReal(n, d, e, z, 0, n);
  return { info, d, z };
}

/** Solves, checks ascending order and the three measures of {@link quality} against c·n·ε. */
function expectAccurate(d0: Float64Array, e0: Float64Array, c = 2) {
  const n = d0.length;
  const { info, d, z } = solve(d0, e0);
  expect(info).toBe(0);
  for (let i = 1; i < n; i++) expect(d[i]).toBeGreaterThanOrEqual(d[i - 1]);
  const q = quality(d0, e0, d, z);
  expect(q.res).toBeLessThan(c * n * EPS);
  expect(q.orth).toBeLessThan(c * n * EPS);
  expect(q.values).toBeLessThan(c * n * EPS);
  return { d, z };
}

const tri = (n: number, f: (i: number) => number, g: (i: number) => number) =>
  [
    Float64Array.from({ length: n }, (_, i) => f(i)),
    Float64Array.from({ length: Math.max(n - 1, 0) }, (_, i) => g(i)),
  ] as const;

describe('stedcReal', () => {
  it('is accurate on random tridiagonals around the leaf size and beyond', () => {
    const rand = signedLcg(17);
    for (const n of [1, 2, STEDC_LEAF - 1, STEDC_LEAF, STEDC_LEAF + 1, 2 * STEDC_LEAF + 1, 64, 130, 300]) {
      expectAccurate(...tri(n, rand, rand));
    }
  });

  it('matches 2 + 2cos(kπ/(n+1)) for the 1-2-1 matrix', () => {
    const n = 150;
    const { d } = expectAccurate(
      ...tri(
        n,
        () => 2,
        () => -1,
      ),
    );
    for (let k = 0; k < n; k++)
      expect(Math.abs(d[k] - (2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1))))).toBeLessThan(20 * EPS);
  });

  it('deflates exactly: zeros, ±0 off-diagonals, the identity and repeated diagonals', () => {
    for (const n of [26, 100]) {
      for (const [d0, e0] of [
        tri(
          n,
          () => 0,
          () => 0,
        ),
        tri(
          n,
          () => -0,
          (i) => (i % 2 ? -0 : 0),
        ),
        tri(
          n,
          () => 1,
          () => 0,
        ),
        tri(
          n,
          (i) => i % 4,
          () => 0,
        ),
      ]) {
        const { d, z } = expectAccurate(d0, e0);
        const sorted = Array.from(d0).sort((x, y) => x - y);
        expect(Array.from(d)).toEqual(sorted);
        // Unit columns: a permutation matrix.
        for (let j = 0; j < n; j++) {
          let ones = 0;
          for (let i = 0; i < n; i++) if (Math.abs(z[i * n + j]) === 1) ones++;
          expect(ones).toBe(1);
        }
      }
    }
  });

  it('keeps clusters orthogonal: Wilkinson matrices glued by tiny couplings, and near-equal diagonals', () => {
    for (const [glue, n] of [
      [1e-10, 105],
      [1e-14, 63],
      [0, 84],
    ] as const) {
      expectAccurate(
        ...tri(
          n,
          (i) => Math.abs((i % 21) - 10),
          (i) => (i % 21 === 20 ? glue : 1),
        ),
      );
    }
    expectAccurate(
      ...tri(
        90,
        (i) => 1 + (i % 3) * 1e-14,
        () => 1e-9,
      ),
    );
    expectAccurate(
      ...tri(
        90,
        (i) => (i < 45 ? 1 : 1 + 1e-15),
        (i) => (i === 44 ? 1e-8 : 1e-16),
      ),
    );
  });

  it('handles graded and extreme scales (1e±300, with deflated poles merged out of order)', () => {
    expectAccurate(
      ...tri(
        200,
        (i) => 10 ** (-i * 0.3),
        (i) => 10 ** (-i * 0.3 - 0.15),
      ),
    );
    const rand = signedLcg(3);
    for (const s of [1e300, 1e-300]) {
      expectAccurate(
        ...tri(
          300,
          () => rand() * s,
          () => rand() * s,
        ),
      );
    }
  });

  it('writes into a larger matrix with its own row stride and reuses a workspace', () => {
    const rand = signedLcg(8);
    const ws = createStedcWorkspace(80);
    for (const n of [80, 40, 27]) {
      const [d0, e0] = tri(n, rand, rand);
      const ld = n + 3;
      const big = new Float64Array(2 + n * ld).fill(7);
      const d = d0.slice();
      expect(stedcReal(n, d, e0.slice(), big, 2, ld, ws)).toBe(0);
      const z = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) z[i * n + j] = big[2 + i * ld + j];
      for (let i = 0; i < n; i++)
        for (let j = n; j < ld && 2 + i * ld + j < big.length; j++) expect(big[2 + i * ld + j]).toBe(7);
      const q = quality(d0, e0, d, z);
      expect(q.res).toBeLessThan(2 * n * EPS);
      expect(q.orth).toBeLessThan(2 * n * EPS);
    }
  });

  it('stops with a positive status on NaN input', () => {
    const [d, e] = tri(
      60,
      (i) => (i === 37 ? Number.NaN : i),
      () => 1,
    );
    expect(stedcReal(60, d, e, new Float64Array(3600), 0, 60)).toBeGreaterThan(0);
  });
});
