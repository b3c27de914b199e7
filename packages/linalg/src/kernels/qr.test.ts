import { asComplex, columnOrthonormality, frob, frobDiff, matmulComplex } from '@tapegrad/testing/matrices';
import { signedLcg } from '@tapegrad/testing/random';
import { qr as mathQr } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { createQrWorkspace, type QrMode, qrComplex, qrReal } from './qr';

const EPS = 2.220446049250313e-16;

function randomMatrix(len: number, rand: () => number): Float64Array {
  return Float64Array.from({ length: len }, rand);
}

interface Checked {
  /** ‖Q·R − A‖_F / ‖A‖_F */
  recon: number;
  /** ‖QᴴQ − I‖_F */
  orth: number;
  /** largest |R(i, j)| below the diagonal */
  lower: number;
  /** largest |Im R(i, i)| */
  diagImag: number;
}

/** Checks a factorization in complex storage (a real one is widened first): Q is m×kq, R is kq×n. */
function check(m: number, n: number, a: Float64Array, q: Float64Array, r: Float64Array, kq: number): Checked {
  expect(r.length).toBe(2 * kq * n);
  let lower = 0;
  let diagImag = 0;
  for (let i = 0; i < kq; i++)
    for (let j = 0; j < Math.min(i, n); j++)
      lower = Math.max(lower, Math.abs(r[2 * (i * n + j)]), Math.abs(r[2 * (i * n + j) + 1]));
  for (let i = 0; i < Math.min(kq, n); i++) diagImag = Math.max(diagImag, Math.abs(r[2 * (i * n + i) + 1]));
  const an = frob(a);
  const recon = frobDiff(matmulComplex(m, kq, n, q, r), a);
  return { recon: an === 0 ? recon : recon / an, orth: columnOrthonormality(m, kq, q), lower, diagImag };
}

function runReal(m: number, n: number, a: Float64Array, mode: QrMode) {
  const k = Math.min(m, n);
  const kq = mode === 'complete' ? m : k;
  const q = new Float64Array(m * kq);
  const r = new Float64Array((mode === 'complete' ? m : k) * n);
  const info = qrReal(m, n, a, 0, mode, q, 0, r, 0);
  return { info, q, r, kq };
}

function runComplex(m: number, n: number, a: Float64Array, mode: QrMode) {
  const k = Math.min(m, n);
  const kq = mode === 'complete' ? m : k;
  const q = new Float64Array(2 * m * kq);
  const r = new Float64Array(2 * (mode === 'complete' ? m : k) * n);
  const info = qrComplex(m, n, a, 0, mode, q, 0, r, 0);
  return { info, q, r, kq };
}

const SHAPES: [number, number][] = [
  [1, 1],
  [1, 5],
  [5, 1],
  [3, 7],
  [7, 3],
  [8, 8],
  [17, 12],
  [12, 17],
  [40, 40],
  [60, 33],
];
/** Shapes of the blocked real path (min(m, n) ≥ BLOCKED_MIN; several panels, wide and tall). */
const BLOCKED_SHAPES: [number, number][] = [
  [32, 32],
  [100, 40],
  [40, 100],
  [97, 70],
  // Product scratch chunked by rows: the complete Q of orgqrReal (600·600 > 2¹⁸), the trailing update (512 > 2¹⁸/544).
  [600, 40],
  [544, 544],
];

describe('qrReal', () => {
  it('factorizes random matrices of every shape in reduced and complete modes', () => {
    const rand = signedLcg(42);
    for (const [m, n] of [...SHAPES, ...BLOCKED_SHAPES]) {
      const a = randomMatrix(m * n, rand);
      const copy = a.slice();
      const rOnly = runReal(m, n, a, 'r');
      for (const mode of ['reduced', 'complete'] as const) {
        const { info, q, r, kq } = runReal(m, n, a, mode);
        if (mode === 'reduced') expect(r).toEqual(rOnly.r);
        expect(info).toBe(0);
        const c = check(m, n, asComplex(a), asComplex(q), asComplex(r), kq);
        const tol = 4 * Math.max(m, n) * EPS;
        expect(c.recon).toBeLessThan(tol);
        expect(c.orth).toBeLessThan(tol);
        expect(c.lower).toBe(0);
      }
      expect(a).toEqual(copy);
    }
  });

  it("mode 'r' returns the same R, and R agrees with mathjs up to row signs", () => {
    const rand = signedLcg(9);
    const [m, n] = [9, 6];
    const a = randomMatrix(m * n, rand);
    const full = runReal(m, n, a, 'reduced');
    const r = new Float64Array(n * n);
    expect(qrReal(m, n, a, 0, 'r', null, 0, r, 0)).toBe(0);
    expect(Array.from(r)).toEqual(Array.from(full.r));
    const rows = Array.from({ length: m }, (_, i) => Array.from(a.subarray(i * n, i * n + n)));
    const ref = mathQr(rows).R as unknown as number[][];
    for (let i = 0; i < n; i++) {
      const sign = Math.sign(r[i * n + i]) * Math.sign(ref[i][i]);
      for (let j = 0; j < n; j++) expect(r[i * n + j]).toBeCloseTo(sign * ref[i][j], 12);
    }
  });

  it('handles zero-sized, zero and rank-deficient matrices', () => {
    for (const [m, n] of [
      [0, 0],
      [0, 3],
      [3, 0],
    ]) {
      const { info, q, r } = runReal(m, n, new Float64Array(0), 'complete');
      expect(info).toBe(0);
      expect(Array.from(r)).toEqual(new Array(m * n).fill(0));
      if (m === 3) expect(Array.from(q)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    }
    const zero = runReal(4, 3, new Float64Array(12), 'complete');
    expect(check(4, 3, asComplex(new Float64Array(12)), asComplex(zero.q), asComplex(zero.r), 4).orth).toBe(0);
    // Rank 1: every column a multiple of the first.
    const m = 6;
    const n = 4;
    const a = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[i * n + j] = (i + 1) * (j - 1.5);
    const { q, r, kq } = runReal(m, n, a, 'reduced');
    const c = check(m, n, asComplex(a), asComplex(q), asComplex(r), kq);
    expect(c.recon).toBeLessThan(10 * EPS);
    expect(c.orth).toBeLessThan(10 * EPS);
    for (let i = 1; i < n; i++) for (let j = i; j < n; j++) expect(Math.abs(r[i * n + j])).toBeLessThan(1e-14 * 30);
  });

  it('is accurate at extreme scales and with offsets and a shared workspace', () => {
    const rand = signedLcg(4);
    const [m, n] = [7, 5];
    const base = randomMatrix(m * n, rand);
    const ref = runReal(m, n, base, 'reduced');
    for (const s of [1e300, 1e-300]) {
      const scaled = base.map((x) => x * s);
      const { info, q, r } = runReal(m, n, scaled, 'reduced');
      expect(info).toBe(0);
      for (let k = 0; k < q.length; k++) expect(Math.abs(q[k] - ref.q[k])).toBeLessThan(1e-13);
      for (let k = 0; k < r.length; k++) expect(Math.abs(r[k] / s - ref.r[k])).toBeLessThan(1e-13);
    }
    // Subnormal entries carry only a few bits: check orthogonality and an absolute reconstruction bound.
    const tiny = base.map((x) => x * 2 ** -1066);
    const sub = runReal(m, n, tiny, 'reduced');
    expect(sub.info).toBe(0);
    const c = check(
      m,
      n,
      asComplex(tiny.map((x) => x * 2 ** 533 * 2 ** 533)),
      asComplex(sub.q),
      asComplex(sub.r.map((x) => x * 2 ** 533 * 2 ** 533)),
      n,
    );
    expect(c.orth).toBeLessThan(20 * m * EPS);
    expect(c.recon).toBeLessThan(0.05);
    const ws = createQrWorkspace(10, 10, false);
    const a = new Float64Array(5 + m * n);
    a.set(base, 5);
    const q = new Float64Array(3 + m * n);
    const r = new Float64Array(2 + n * n);
    expect(qrReal(m, n, a, 5, 'reduced', q, 3, r, 2, ws)).toBe(0);
    expect(Array.from(q.subarray(3))).toEqual(Array.from(ref.q));
    expect(Array.from(r.subarray(2))).toEqual(Array.from(ref.r));
  });

  it('reports NaN/Infinity with -1', () => {
    const a = Float64Array.of(1, 2, Number.POSITIVE_INFINITY, 4);
    const r = new Float64Array(4).fill(3);
    expect(qrReal(2, 2, a, 0, 'r', null, 0, r, 0)).toBe(-1);
    expect(Array.from(r)).toEqual([3, 3, 3, 3]);
    a[2] = Number.NaN;
    expect(qrReal(2, 2, a, 0, 'r', null, 0, r, 0)).toBe(-1);
  });
});

describe('qrComplex', () => {
  it('factorizes random complex matrices of every shape with a real diagonal', () => {
    const rand = signedLcg(77);
    for (const [m, n] of SHAPES) {
      const a = randomMatrix(2 * m * n, rand);
      for (const mode of ['reduced', 'complete'] as const) {
        const { info, q, r, kq } = runComplex(m, n, a, mode);
        expect(info).toBe(0);
        const c = check(m, n, a, q, r, kq);
        const tol = 4 * Math.max(m, n) * EPS;
        expect(c.recon).toBeLessThan(tol);
        expect(c.orth).toBeLessThan(tol);
        expect(c.lower).toBe(0);
        expect(c.diagImag).toBe(0);
      }
    }
  });

  it('agrees with the real routine on real data and makes a 1×1 diagonal real', () => {
    const rand = signedLcg(5);
    const a = randomMatrix(20, rand);
    const re = runReal(5, 4, a, 'reduced');
    const cx = runComplex(5, 4, asComplex(a), 'reduced');
    for (let k = 0; k < re.r.length; k++) expect(cx.r[2 * k]).toBeCloseTo(re.r[k], 14);
    const one = runComplex(1, 1, Float64Array.of(3, 4), 'complete');
    expect(Math.abs(one.r[0])).toBeCloseTo(5, 14);
    expect(one.r[1]).toBe(0);
    expect(check(1, 1, Float64Array.of(3, 4), one.q, one.r, 1).recon).toBeLessThan(4 * EPS);
  });

  it('reports NaN with -1', () => {
    const a = new Float64Array(8);
    a[3] = Number.NaN;
    expect(qrComplex(2, 2, a, 0, 'reduced', new Float64Array(8), 0, new Float64Array(8), 0)).toBe(-1);
  });
});
