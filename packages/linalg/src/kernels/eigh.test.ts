import { asComplex, columnOrthonormality, frob, frobDiff, matmulComplex } from '@tapegrad/testing/matrices';
import { signedLcg } from '@tapegrad/testing/random';
import { eigs } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { createEighWorkspace, EIGH_DC_MIN, eighComplex, eighReal } from './eigh';
import { tridiagonalEigen } from './steqr';

const EPS = 2.220446049250313e-16;

function randomSymmetric(n: number, rand: () => number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const t = rand();
      a[i * n + j] = t;
      a[j * n + i] = t;
    }
  }
  return a;
}

function randomHermitian(n: number, rand: () => number): Float64Array {
  const a = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const re = rand();
      const im = i === j ? 0 : rand();
      a[2 * (i * n + j)] = re;
      a[2 * (i * n + j) + 1] = im;
      a[2 * (j * n + i)] = re;
      a[2 * (j * n + i) + 1] = -im;
    }
  }
  return a;
}

/** Random orthogonal matrix from Gram–Schmidt (twice) on a random matrix. */
function randomOrthogonal(n: number, rand: () => number): Float64Array {
  const q = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) q[k] = rand();
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < j; i++) {
        let dot = 0;
        for (let r = 0; r < n; r++) dot += q[r * n + i] * q[r * n + j];
        for (let r = 0; r < n; r++) q[r * n + j] -= dot * q[r * n + i];
      }
      let nrm = 0;
      for (let r = 0; r < n; r++) nrm += q[r * n + j] ** 2;
      nrm = Math.sqrt(nrm);
      for (let r = 0; r < n; r++) q[r * n + j] /= nrm;
    }
  }
  return q;
}

/** Q·diag(lambda)·Qᵀ. */
function withSpectrum(q: Float64Array, lambda: number[]): Float64Array {
  const n = lambda.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[i * n + k] * lambda[k] * q[j * n + k];
      a[i * n + j] = s;
    }
  return a;
}

/** ‖A·V − V·Λ‖_F / ‖A‖_F and ‖VᴴV − I‖_F for real (width 1) or complex (width 2) storage. */
function check(n: number, a: Float64Array, w: ArrayLike<number>, v: Float64Array, width: 1 | 2 = 1) {
  const ac = asComplex(a, width);
  const vc = asComplex(v, width);
  const vw = vc.map((x, k) => x * w[(k >> 1) % n]);
  return {
    res: frobDiff(matmulComplex(n, n, n, ac, vc), vw) / Math.max(frob(ac), Number.MIN_VALUE),
    orth: columnOrthonormality(n, n, vc),
  };
}

/** The residual of the eigenpairs (w, v) of s·base against base itself (w scaled back by 1/s). */
function scaledBackResidual(
  n: number,
  base: Float64Array,
  s: number,
  w: Float64Array,
  v: Float64Array,
  width: 1 | 2 = 1,
) {
  return check(
    n,
    base,
    w.map((x) => x / s),
    v,
    width,
  ).res;
}

function eigReal(n: number, a: Float64Array, uplo: 'L' | 'U' = 'L') {
  const w = new Float64Array(n);
  const v = new Float64Array(n * n);
  const info = eighReal(n, a, 0, uplo, w, 0, v, 0);
  return { info, w, v };
}

/** A random symmetric n×n matrix (seeded LCG, which it returns for further draws) and its eigendecomposition. */
function decomposedRandom(seed: number, n: number) {
  const rand = signedLcg(seed);
  const a = randomSymmetric(n, rand);
  return { rand, a, ref: eigReal(n, a) };
}

function expectAscending(w: Float64Array): void {
  for (let k = 1; k < w.length; k++) expect(w[k]).toBeGreaterThanOrEqual(w[k - 1]);
}

/** Asserts both residuals of {@link check} are below tol. */
function expectEigen(n: number, a: Float64Array, w: ArrayLike<number>, v: Float64Array, tol: number, width: 1 | 2 = 1) {
  const { res, orth } = check(n, a, w, v, width);
  expect(res).toBeLessThan(tol);
  expect(orth).toBeLessThan(tol);
}

describe('eighReal', () => {
  it('handles n = 0 and 1×1', () => {
    expect(eighReal(0, new Float64Array(0), 0, 'L', new Float64Array(0), 0, new Float64Array(0), 0)).toBe(0);
    const { info, w, v } = eigReal(1, Float64Array.of(-3.5));
    expect(info).toBe(0);
    expect(w[0]).toBe(-3.5);
    expect(v[0]).toBe(1);
  });

  it('matches the closed form of a 2×2 symmetric matrix', () => {
    const rand = signedLcg(7);
    for (let t = 0; t < 50; t++) {
      const [a, b, c] = [rand() * 10, rand() * 10, rand() * 10];
      const { info, w, v } = eigReal(2, Float64Array.of(a, b, b, c));
      const mid = (a + c) / 2;
      const rad = Math.sqrt(((a - c) / 2) ** 2 + b * b);
      expect(info).toBe(0);
      expect(w[0]).toBeCloseTo(mid - rad, 13);
      expect(w[1]).toBeCloseTo(mid + rad, 13);
      expectEigen(2, Float64Array.of(a, b, b, c), w, v, 10 * EPS);
    }
  });

  it('returns sorted diagonal entries and unit vectors for a diagonal matrix', () => {
    const diag = [3, -1, 7, 0, -1, 2];
    const n = diag.length;
    const a = new Float64Array(n * n);
    diag.forEach((x, i) => {
      a[i * n + i] = x;
    });
    const { info, w, v } = eigReal(n, a);
    expect(info).toBe(0);
    expect(Array.from(w)).toEqual([...diag].sort((x, y) => x - y));
    const { res, orth } = check(n, a, w, v);
    expect(res).toBe(0);
    expect(orth).toBe(0);
  });

  it('gives an orthonormal basis for the identity and exact multiplicities', () => {
    const rand = signedLcg(11);
    const eye = new Float64Array(25);
    for (let i = 0; i < 5; i++) eye[i * 6] = 1;
    let r = eigReal(5, eye);
    expect(Array.from(r.w)).toEqual([1, 1, 1, 1, 1]);
    expect(check(5, eye, r.w, r.v).orth).toBe(0);
    for (const spectrum of [
      [2, 2, 1],
      [1, 1, 1, 2, 2, 3],
      [5, 5, 5, 5, -5, -5, -5, 0, 0, 0, 0, 0],
    ]) {
      const n = spectrum.length;
      const a = withSpectrum(randomOrthogonal(n, rand), spectrum);
      r = eigReal(n, a);
      expect(r.info).toBe(0);
      const sorted = [...spectrum].sort((x, y) => x - y);
      for (let k = 0; k < n; k++) expect(Math.abs(r.w[k] - sorted[k])).toBeLessThan(20 * n * EPS * 5);
      expectEigen(n, a, r.w, r.v, 10 * n * EPS);
    }
  });

  it('matches a + 2b·cos(kπ/(n+1)) for tridiagonal Toeplitz matrices', () => {
    for (const [n, diag, off] of [
      [20, 2, -1],
      [37, -0.5, 3],
      [3, 0, 1],
    ]) {
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        a[i * n + i] = diag;
        if (i + 1 < n) {
          a[i * n + i + 1] = off;
          a[(i + 1) * n + i] = off;
        }
      }
      const { info, w, v } = eigReal(n, a);
      expect(info).toBe(0);
      const exact = Array.from({ length: n }, (_, k) => diag + 2 * off * Math.cos(((k + 1) * Math.PI) / (n + 1)));
      exact.sort((x, y) => x - y);
      for (let k = 0; k < n; k++) expect(Math.abs(w[k] - exact[k])).toBeLessThan(50 * EPS * Math.abs(off));
      expectEigen(n, a, w, v, 10 * n * EPS);
    }
  });

  it('reads only the uplo triangle (garbage and NaN in the other one are ignored)', () => {
    const n = 9;
    const { rand, a, ref } = decomposedRandom(3, n);
    for (const uplo of ['L', 'U'] as const) {
      const g = a.slice();
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const inOther = uplo === 'L' ? j > i : j < i;
          if (inOther) g[i * n + j] = (i + j) % 3 === 0 ? Number.NaN : 1e6 * rand();
        }
      const r = eigReal(n, g, uplo);
      expect(r.info).toBe(0);
      for (let k = 0; k < n; k++) expect(r.w[k]).toBeCloseTo(ref.w[k], 13);
      expect(check(n, a, r.w, r.v).res).toBeLessThan(10 * n * EPS);
    }
  });

  it('is accurate on random matrices up to 60 and agrees with mathjs', () => {
    const rand = signedLcg(12345);
    for (const n of [2, 3, 4, 5, 8, 13, 21, 32, 47, 60]) {
      const a = randomSymmetric(n, rand);
      const { info, w, v } = eigReal(n, a, n % 2 === 0 ? 'L' : 'U');
      expect(info).toBe(0);
      expectAscending(w);
      expectEigen(n, a, w, v, 2 * n * EPS);
      if (n <= 21) {
        const rows = Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, i * n + n)));
        const ref = (eigs(rows).values as number[]).slice().sort((x, y) => x - y);
        for (let k = 0; k < n; k++) expect(Math.abs(w[k] - ref[k])).toBeLessThan(1e-10);
      }
    }
  });

  it('keeps clustered eigenvectors orthogonal (Wilkinson W21+)', () => {
    const n = 21;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = Math.abs(10 - i);
      if (i + 1 < n) {
        a[i * n + i + 1] = 1;
        a[(i + 1) * n + i] = 1;
      }
    }
    const { info, w, v } = eigReal(n, a);
    expect(info).toBe(0);
    // Largest pair agree to ~1e-14 (known: 10.746194182903393 twice).
    expect(w[n - 1]).toBeCloseTo(10.746194182903393, 12);
    expect(w[n - 2]).toBeCloseTo(10.746194182903322, 12);
    expectEigen(n, a, w, v, 2 * n * EPS);
  });

  it('handles graded matrices spanning 16 orders of magnitude', () => {
    const rand = signedLcg(21);
    const n = 12;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) {
        const t = rand() * 10 ** ((-8 * (i + j)) / (n - 1) + 8) * (i === j ? 1 : 0.1);
        a[i * n + j] = t;
        a[j * n + i] = t;
      }
    for (const uplo of ['L', 'U'] as const) {
      const { info, w, v } = eigReal(n, a, uplo);
      expect(info).toBe(0);
      expectAscending(w);
      expectEigen(n, a, w, v, 2 * n * EPS);
    }
  });

  it('survives entries near 1e±300 and subnormals (scale invariance)', () => {
    const n = 7;
    const { a: base, ref } = decomposedRandom(99, n);
    for (const s of [1e300, 1e-300, 2 ** -1060, 1e-320, 1.7e306 / n]) {
      const a = base.map((x) => x * s);
      const { info, w, v } = eigReal(n, a);
      expect(info).toBe(0);
      const tol = s < 1e-305 ? 1e-3 : 1e-13; // subnormal inputs carry only a few digits
      for (let k = 0; k < n; k++) expect(Math.abs(w[k] / s - ref.w[k])).toBeLessThan(tol * n);
      for (const x of w) expect(Number.isFinite(x)).toBe(true);
      if (s >= 1e-305) expect(check(n, base, ref.w, v).orth).toBeLessThan(10 * n * EPS);
      if (s >= 1e-305) expect(scaledBackResidual(n, base, s, w, v)).toBeLessThan(10 * n * EPS);
    }
    // A tridiagonal with widely different magnitudes.
    const t = Float64Array.of(1e300, 1e-300, 0, 1e-300, 1, 1e150, 0, 1e150, 1e-300);
    const r = eigReal(3, t);
    expect(r.info).toBe(0);
    for (const x of r.w) expect(Number.isFinite(x)).toBe(true);
    expect(r.w[2]).toBe(1e300);
  });

  it('reports NaN/Infinity with -1 and leaves outputs untouched', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const a = Float64Array.of(1, 0, 0, bad, 2, 0, 0, 0, 3);
      const w = new Float64Array(3).fill(7);
      expect(eighReal(3, a, 0, 'L', w, 0, null, 0)).toBe(-1);
      expect(Array.from(w)).toEqual([7, 7, 7]);
      // The same entry lies in the ignored triangle for uplo = 'U'.
      expect(eighReal(3, a, 0, 'U', w, 0, null, 0)).toBe(0);
    }
  });

  it('eigenvalues-only path, offsets and workspace reuse agree with the full path', () => {
    const rand = signedLcg(5);
    const ws = createEighWorkspace(10, false);
    const batch = 20;
    const n = 8;
    const a = new Float64Array(3 + batch * n * n);
    for (let b = 0; b < batch; b++) a.set(randomSymmetric(n, rand), 3 + b * n * n);
    const original = a.slice();
    const w = new Float64Array(batch * n + 1);
    const v = new Float64Array(batch * n * n + 2);
    const wOnly = new Float64Array(n);
    for (let b = 0; b < batch; b++) {
      expect(eighReal(n, a, 3 + b * n * n, 'L', w, 1 + b * n, v, 2 + b * n * n, ws)).toBe(0);
      expect(eighReal(n, a, 3 + b * n * n, 'L', wOnly, 0, null, 0, ws)).toBe(0);
      const ref = eigReal(n, a.slice(3 + b * n * n, 3 + (b + 1) * n * n));
      for (let k = 0; k < n; k++) {
        expect(w[1 + b * n + k]).toBe(ref.w[k]);
        expect(wOnly[k]).toBeCloseTo(ref.w[k], 13);
      }
      expect(Array.from(v.subarray(2 + b * n * n, 2 + (b + 1) * n * n))).toEqual(Array.from(ref.v));
    }
    expect(a).toEqual(original);
  });
});

describe('eighReal above the divide-and-conquer and blocked-reduction crossovers', () => {
  it('is accurate at sizes around EIGH_DC_MIN, SYTRD_NX and the panel width, for both triangles', () => {
    const rand = signedLcg(77);
    for (const n of [EIGH_DC_MIN - 1, EIGH_DC_MIN, EIGH_DC_MIN + 1, 64, 65, 66, 97, 98, 130, 300]) {
      const a = randomSymmetric(n, rand);
      const { info, w, v } = eigReal(n, a, n % 2 === 0 ? 'L' : 'U');
      expect(info).toBe(0);
      expectAscending(w);
      expectEigen(n, a, w, v, 2 * n * EPS);
      const wOnly = new Float64Array(n);
      expect(eighReal(n, a, 0, 'L', wOnly, 0, null, 0)).toBe(0);
      for (let k = 0; k < n; k++) expect(Math.abs(wOnly[k] - w[k])).toBeLessThan(n * EPS * 2 * Math.sqrt(n));
    }
  });

  it('recovers prescribed spectra with heavy deflation: rank one plus identity, repeated eigenvalues, zeros', () => {
    const rand = signedLcg(78);
    const n = 90;
    const x = Float64Array.from({ length: n }, rand);
    const rank1 = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) rank1[i * n + j] = x[i] * x[j] + (i === j ? 1 : 0);
    let r = eigReal(n, rank1);
    expect(r.info).toBe(0);
    const xx = x.reduce((acc, t) => acc + t * t, 0);
    for (let k = 0; k < n - 1; k++) expect(Math.abs(r.w[k] - 1)).toBeLessThan(10 * n * EPS * (1 + xx));
    expect(Math.abs(r.w[n - 1] - (1 + xx))).toBeLessThan(10 * n * EPS * (1 + xx));
    expectEigen(n, rank1, r.w, r.v, n * EPS);
    const spectrum = Array.from({ length: 60 }, (_, k) => [0, -2, 3, 3.5][k % 4]);
    const a = withSpectrum(randomOrthogonal(60, rand), spectrum);
    r = eigReal(60, a);
    const sorted = [...spectrum].sort((p, q) => p - q);
    for (let k = 0; k < 60; k++) expect(Math.abs(r.w[k] - sorted[k])).toBeLessThan(100 * 60 * EPS);
    expectEigen(60, a, r.w, r.v, 60 * EPS);
    r = eigReal(50, new Float64Array(2500));
    expect(Array.from(r.w)).toEqual(new Array(50).fill(0));
    expect(check(50, new Float64Array(2500), r.w, r.v).orth).toBe(0);
  });

  it('handles graded matrices and entries near 1e±300', () => {
    const rand = signedLcg(79);
    const n = 70;
    // Entry (i, j) scaled by 10^(−(i+j)/10): 14 orders of magnitude from corner to corner.
    const graded = randomSymmetric(n, rand).map((t, at) => t * 10 ** (-(Math.floor(at / n) + (at % n)) / 10));
    const g = eigReal(n, graded);
    expect(g.info).toBe(0);
    expectEigen(n, graded, g.w, g.v, n * EPS);
    const base = randomSymmetric(n, rand);
    const ref = eigReal(n, base);
    for (const s of [1e300, 1e-300]) {
      const { info, w, v } = eigReal(
        n,
        base.map((t) => t * s),
      );
      expect(info).toBe(0);
      for (let k = 0; k < n; k++) expect(Math.abs(w[k] / s - ref.w[k])).toBeLessThan(1e-13 * n);
      expect(scaledBackResidual(n, base, s, w, v)).toBeLessThan(n * EPS);
    }
  });

  it('reuses one workspace across orders (larger first, then smaller on both paths)', () => {
    const rand = signedLcg(80);
    const ws = createEighWorkspace(120, false);
    for (const n of [120, 70, EIGH_DC_MIN, EIGH_DC_MIN - 1, 9]) {
      const a = randomSymmetric(n, rand);
      const w = new Float64Array(n);
      const v = new Float64Array(n * n);
      expect(eighReal(n, a, 0, 'L', w, 0, v, 0, ws)).toBe(0);
      const fresh = eigReal(n, a);
      expect(Array.from(w)).toEqual(Array.from(fresh.w));
      expect(Array.from(v)).toEqual(Array.from(fresh.v));
    }
  });
});

describe('tridiagonalEigen', () => {
  it('stops after 30·n sweeps and reports the unconverged off-diagonals', () => {
    // A NaN never passes the convergence tests, so only the sweep bound can end the iteration.
    const d = Float64Array.of(1, Number.NaN, 3, 4, 5);
    const e = Float64Array.of(1, 1, 1, 1, 0);
    const z = new Float64Array(25);
    expect(tridiagonalEigen(5, d, e, z, 5)).toBeGreaterThan(0);
  });

  it('solves a symmetric tridiagonal directly (eigenvalues unsorted)', () => {
    const n = 10;
    const d = new Float64Array(n).fill(2);
    const e = new Float64Array(n).fill(-1);
    expect(tridiagonalEigen(n, d, e, null, 0)).toBe(0);
    const got = Array.from(d).sort((x, y) => x - y);
    for (let k = 0; k < n; k++) expect(got[k]).toBeCloseTo(2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)), 13);
  });
});

describe('eighComplex', () => {
  it('handles n = 0 and 1×1 (imaginary part of the diagonal ignored)', () => {
    expect(eighComplex(0, new Float64Array(0), 0, 'U', new Float64Array(0), 0, null, 0)).toBe(0);
    const w = new Float64Array(1);
    const v = new Float64Array(2);
    expect(eighComplex(1, Float64Array.of(2.5, 9), 0, 'U', w, 0, v, 0)).toBe(0);
    expect(w[0]).toBe(2.5);
    expect(Array.from(v)).toEqual([1, 0]);
  });

  it('matches the 2×2 closed form [[a, b], [b̄, c]]', () => {
    const a = Float64Array.of(1, 0, 2, -3, 2, 3, -1, 0);
    const w = new Float64Array(2);
    const v = new Float64Array(8);
    expect(eighComplex(2, a, 0, 'L', w, 0, v, 0)).toBe(0);
    const rad = Math.sqrt(1 + 13);
    expect(w[0]).toBeCloseTo(-rad, 14);
    expect(w[1]).toBeCloseTo(rad, 14);
    expectEigen(2, a, w, v, 10 * EPS, 2);
  });

  it('is accurate on random Hermitian matrices and matches the real 2n×2n embedding', () => {
    const rand = signedLcg(2024);
    for (const n of [2, 3, 5, 9, 16, 33, 50]) {
      const a = randomHermitian(n, rand);
      for (const uplo of ['L', 'U'] as const) {
        // Garbage in the unread triangle.
        const g = a.slice();
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) {
            if (uplo === 'L' ? j > i : j < i) {
              g[2 * (i * n + j)] = Number.NaN;
              g[2 * (i * n + j) + 1] = 1e9;
            }
          }
        const w = new Float64Array(n);
        const v = new Float64Array(2 * n * n);
        expect(eighComplex(n, g, 0, uplo, w, 0, v, 0)).toBe(0);
        expectAscending(w);
        expectEigen(n, a, w, v, 2 * n * EPS, 2);
        // [[Re, −Im], [Im, Re]] has each eigenvalue of A twice.
        const m = 2 * n;
        const big = new Float64Array(m * m);
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) {
            const re = a[2 * (i * n + j)];
            const im = a[2 * (i * n + j) + 1];
            big[i * m + j] = re;
            big[(i + n) * m + j + n] = re;
            big[i * m + j + n] = -im;
            big[(i + n) * m + j] = im;
          }
        const wb = new Float64Array(m);
        expect(eighReal(m, big, 0, 'L', wb, 0, null, 0)).toBe(0);
        for (let k = 0; k < n; k++) {
          expect(Math.abs(wb[2 * k] - w[k])).toBeLessThan(1e-12);
          expect(Math.abs(wb[2 * k + 1] - w[k])).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('scales 1e±300 inputs and reuses a workspace', () => {
    const rand = signedLcg(8);
    const n = 6;
    const base = randomHermitian(n, rand);
    const ws = createEighWorkspace(n, true);
    const ref = new Float64Array(n);
    expect(eighComplex(n, base, 0, 'L', ref, 0, null, 0, ws)).toBe(0);
    for (const s of [1e300, 1e-300]) {
      const w = new Float64Array(n);
      const v = new Float64Array(2 * n * n);
      expect(
        eighComplex(
          n,
          base.map((x) => x * s),
          0,
          'L',
          w,
          0,
          v,
          0,
          ws,
        ),
      ).toBe(0);
      for (let k = 0; k < n; k++) expect(w[k] / s).toBeCloseTo(ref[k], 12);
      expect(scaledBackResidual(n, base, s, w, v, 2)).toBeLessThan(10 * n * EPS);
    }
  });

  it('reports NaN/Infinity in the read triangle with -1', () => {
    const a = new Float64Array(8);
    a[5] = Number.NaN; // imaginary part of (1, 0), lower triangle
    expect(eighComplex(2, a, 0, 'L', new Float64Array(2), 0, null, 0)).toBe(-1);
    expect(eighComplex(2, a, 0, 'U', new Float64Array(2), 0, null, 0)).toBe(0);
  });
});
