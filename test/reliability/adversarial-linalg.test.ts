/**
 * Bounded iterations (docs/semantics.md §4.3): svd, svdvals, eigh, eigvalsh, pinv, qr, lstsq and matrixRank on adversarial
 * matrices — Kahan matrices up to n = 100, graded diag(10^-k) (alone and mixed by orthogonal factors), identity,
 * ones(n, n), rank-1, block-repeated and clustered spectra, Wilkinson and Clement tridiagonals, Hilbert matrices, the
 * zero matrix, all at scales 1, 1e±300 and subnormal — must converge or throw a LinalgError naming the op, never hang
 * (every call runs under a watchdog that kills the run when one overruns its budget) and never return NaN. Where they
 * converge, the results are checked scale-invariantly: reconstruction and orthogonality of the factors, known spectra,
 * the Penrose identities of pinv (≤ c·κ·eps over the kept spectrum), the normal equations of lstsq, known ranks.
 * NaN / ±Infinity anywhere is a LinalgError for every op.
 */

import { frob } from '@tapegrad/testing/matrices';
import { guarded, report } from '@tapegrad/testing/reliability';
import { components, seeded } from '@tapegrad/testing/tensors';
import { LinalgError, linalg, type Tensor, tensor, warnings } from 'tapegrad';
import { afterAll, describe, expect, it } from 'vitest';

const EPS = 2 ** -52;
const TINY = Number.MIN_VALUE;

// ---------------------------------------------------------------------------------------------------------------
// Matrices.

function fromRows(
  m: number,
  n: number,
  at: (i: number, j: number) => number,
  dtype: 'float64' | 'complex128' = 'float64',
): Tensor {
  const complex = dtype === 'complex128';
  const data = new Float64Array(m * n * (complex ? 2 : 1));
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      const v = at(i, j);
      if (complex) {
        // a unit phase per entry that keeps the matrix's singular values (diag phases on both sides)
        const phase = 0.7 * i - 0.3 * j;
        data[2 * (i * n + j)] = v * Math.cos(phase);
        data[2 * (i * n + j) + 1] = v * Math.sin(phase);
      } else data[i * n + j] = v;
    }
  return tensor(data, { dtype, shape: [m, n] });
}

/** Kahan's matrix diag(1, s, …, s^{n−1})·(I − c·N), N strictly upper ones: κ grows exponentially with n. */
const kahan = (n: number, theta = 1.2, dtype: 'float64' | 'complex128' = 'float64') => {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  return fromRows(n, n, (i, j) => (j < i ? 0 : s ** i * (i === j ? 1 : -c)), dtype);
};
const graded = (n: number, base = 10) => fromRows(n, n, (i, j) => (i === j ? base ** -i : 0));
const identity = (n: number) => fromRows(n, n, (i, j) => (i === j ? 1 : 0));
const ones = (m: number, n: number) => fromRows(m, n, () => 1);
const zero = (m: number, n: number) => fromRows(m, n, () => 0);
const rank1 = (m: number, n: number) => fromRows(m, n, (i, j) => (i + 1) * (j % 3 === 0 ? 1 : -0.5));
/** Symmetric tridiagonal with diagonal d(i) and off-diagonal e(i) (between i and i+1). */
const tridiagonal = (n: number, d: (i: number) => number, e: (i: number) => number) =>
  fromRows(n, n, (i, j) => (i === j ? d(i) : Math.abs(i - j) === 1 ? e(Math.min(i, j)) : 0));
/** Wilkinson's W+_n: diag |i − (n−1)/2|, off-diagonal 1 — pairs of eigenvalues agreeing to many digits. */
const wilkinson = (n: number) =>
  tridiagonal(
    n,
    (i) => Math.abs(i - (n - 1) / 2),
    () => 1,
  );
/** Clement's matrix (symmetrized): eigenvalues ±(n−1), ±(n−3), … exactly. */
const clement = (n: number) =>
  tridiagonal(
    n,
    () => 0,
    (i) => Math.sqrt((i + 1) * (n - 1 - i)),
  );
const hilbert = (n: number) => fromRows(n, n, (i, j) => 1 / (i + j + 1));

/** Q·diag(values)·Qᵀ for a seeded orthogonal Q (from a QR of a Gaussian matrix). */
function withSpectrum(values: readonly number[], seed: number): Tensor {
  const n = values.length;
  const { Q } = linalg.qr(seeded([n, n], seed));
  const D = fromRows(n, n, (i, j) => (i === j ? values[i] : 0));
  const A = Q.matmul(D).matmul(Q.mT);
  return A.add(A.mT).mul(0.5); // exactly symmetric
}
/** An m×n matrix U·diag(σ)·Vᵀ with seeded orthogonal U, V. */
function withSingularValues(m: number, n: number, sigmas: readonly number[], seed: number): Tensor {
  const U = linalg.qr(seeded([m, m], seed)).Q;
  const V = linalg.qr(seeded([n, n], seed + 1)).Q;
  const S = fromRows(m, n, (i, j) => (i === j && i < sigmas.length ? sigmas[i] : 0));
  return U.matmul(S).matmul(V.mT);
}

interface Case {
  name: string;
  A: Tensor;
  /** Exact singular values (descending) when known. */
  sigma?: number[];
  /** Exact eigenvalues (ascending) when known (symmetric A). */
  lambda?: number[];
  /** Exact rank with the default tolerance when known. */
  rank?: number;
  symmetric: boolean;
}

const SCALES: [string, number][] = [
  ['', 1],
  [' ×1e300', 1e300],
  [' ×1e-300', 1e-300],
  [' ×1e-310 (subnormal)', 1e-310],
];

function cases(): Case[] {
  const out: Case[] = [];
  const add = (name: string, A: Tensor, extra: Partial<Case> = {}, scales = SCALES) => {
    const symmetric = A.shape[0] === A.shape[1] && A.allclose(A.mH, { rtol: 0, atol: 0 });
    for (const [label, s] of scales) {
      const scaleVals = (v: number[] | undefined) => v?.map((x) => x * s);
      out.push({
        name: `${name}${label}`,
        A: s === 1 ? A : A.mul(s),
        sigma: scaleVals(extra.sigma),
        lambda: scaleVals(extra.lambda),
        rank: s === 1 || label.includes('1e300') || label.includes('1e-300') ? extra.rank : undefined,
        symmetric,
      });
    }
  };
  for (const n of [10, 40, 100]) add(`Kahan ${n}`, kahan(n));
  add('Kahan 30 (complex128)', kahan(30, 1.2, 'complex128'), {}, SCALES.slice(0, 2));
  // sizes that take the divide-and-conquer SVD (min(m, n) ≥ 60 real, ≥ 40 complex)
  add('Kahan 48 (complex128)', kahan(48, 1.1, 'complex128'), {}, [SCALES[0], SCALES[3]]);
  add(
    'clustered σ 1 − k·1e-15, tall 100×64',
    withSingularValues(
      100,
      64,
      Array.from({ length: 64 }, (_, i) => 1 - i * 1e-15),
      21,
    ),
    {
      rank: 64,
    },
    [SCALES[0], SCALES[2]],
  );
  add(
    'repeated σ {4, 1e-8}×32, wide 64×90',
    withSingularValues(
      64,
      90,
      Array.from({ length: 64 }, (_, i) => (i < 32 ? 4 : 1e-8)),
      23,
    ),
    {
      rank: 64,
    },
    [SCALES[0], SCALES[1]],
  );
  for (const n of [8, 30]) {
    const values = Array.from({ length: n }, (_, i) => 10 ** -i);
    add(`graded diag(10^-k) ${n}`, graded(n), {
      sigma: values,
      lambda: [...values].reverse(),
      rank: n <= 16 ? n : undefined,
    });
    add(`graded 10^-k·Q mixed ${n}`, withSpectrum(values, 7 + n), {}, SCALES.slice(0, 2));
  }
  add(
    'graded rows (2^-3i)·G 20×12',
    fromRows(20, 12, (i, j) => 2 ** (-3 * i) * Math.cos(i * 12 + j)),
  );
  for (const n of [1, 17, 100])
    add(`identity ${n}`, identity(n), { sigma: Array(n).fill(1), lambda: Array(n).fill(1), rank: n });
  for (const n of [5, 64])
    add(`ones ${n}×${n}`, ones(n, n), {
      sigma: [n, ...Array(n - 1).fill(0)],
      lambda: [...Array(n - 1).fill(0), n],
      rank: 1,
    });
  add('ones 7×3', ones(7, 3), { sigma: [Math.sqrt(21), 0, 0], rank: 1 });
  add('rank-1 30×20', rank1(30, 20), { rank: 1 });
  add('zero 6×4', zero(6, 4), { sigma: [0, 0, 0, 0], rank: 0 }, SCALES.slice(0, 1));
  const blocks = Array.from({ length: 24 }, (_, i) => [1, 2, 3][i % 3]);
  add('block-repeated σ ∈ {1, 2, 3}×8', withSpectrum(blocks, 3), {
    lambda: [...blocks].sort((x, y) => x - y),
    rank: 24,
  });
  const clustered = Array.from({ length: 20 }, (_, i) => 1 + i * 1e-14);
  add('clustered 1 + k·1e-14 (20)', withSpectrum(clustered, 5), { rank: 20 });
  add(
    'clustered σ tall 30×10',
    withSingularValues(
      30,
      10,
      Array.from({ length: 10 }, (_, i) => 1 - i * 1e-15),
      9,
    ),
    { rank: 10 },
  );
  for (const n of [21, 41]) add(`Wilkinson W+ ${n}`, wilkinson(n), {}, SCALES.slice(0, 3));
  add(
    'Clement 20',
    clement(20),
    { lambda: Array.from({ length: 20 }, (_, i) => -19 + 2 * i), rank: 20 },
    SCALES.slice(0, 2),
  );
  add('Hilbert 12', hilbert(12), {}, SCALES.slice(0, 2));
  add(
    'tiny off-diagonals 1e-200 (30)',
    tridiagonal(
      30,
      (i) => i % 3,
      () => 1e-200,
    ),
    {},
    SCALES.slice(0, 1),
  );
  // the smallest numbers there are: one subnormal-only matrix and an identity times the least subnormal
  add(
    'diag(1e-310, 1e-320)',
    fromRows(2, 2, (i, j) => (i === j ? [1e-310, 1e-320][i] : 0)),
    { sigma: [1e-310, 1e-320] },
    SCALES.slice(0, 1),
  );
  add('identity 4 × 5e-324', identity(4).mul(TINY), { sigma: Array(4).fill(TINY) }, SCALES.slice(0, 1));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Checks.

function maxAbsOf(x: ArrayLike<number>): number {
  let best = 0;
  for (let i = 0; i < x.length; i++) best = Math.max(best, Math.abs(x[i]));
  return best;
}

/** ‖x − y‖/‖y‖ over components, with both divided by `scale` first (exact for powers of two, safe at 1e±300). */
function rel(x: Tensor, y: Tensor, scale: number): number {
  const a = components(x);
  const b = components(y);
  expect(a.length).toBe(b.length);
  const d = a.map((v, i) => v / scale - b[i] / scale);
  const den = frob(b.map((v) => v / scale));
  const num = frob(d);
  return den === 0 ? num : num / den;
}

/** A power of two near max|A| (so scaling by it is exact). */
function scaleOf(A: Tensor): number {
  const m = maxAbsOf(components(A));
  return m === 0 ? 1 : 2 ** Math.floor(Math.log2(m));
}

const eye = (n: number, dtype: Tensor['dtype']) => fromRows(n, n, (i, j) => (i === j ? 1 : 0)).to(dtype);

function expectFinite(label: string, ...ts: Tensor[]): void {
  for (const t of ts) if (!components(t).every(Number.isFinite)) expect.fail(`${label}: a non-finite result`);
}

const nonConverged: string[] = [];
let calls = 0;

/** Runs `fn` under the watchdog: a result, or a LinalgError naming `op` (recorded as non-convergence). */
function attempt<T>(op: string, label: string, fn: () => T): T | null {
  calls++;
  try {
    return guarded(`${op} on ${label}`, () => warnings.record(fn).result, 20_000);
  } catch (e) {
    if (!(e instanceof LinalgError)) throw e;
    expect(e.message.startsWith(`${op}: `)).toBe(true);
    nonConverged.push(`${op} on ${label}: ${e.message}`);
    return null;
  }
}

function checkSvd(c: Case): void {
  const { A } = c;
  const [m, n] = A.shape;
  const k = Math.min(m, n);
  const r = attempt('linalg.svd', c.name, () => linalg.svd(A, { fullMatrices: false }));
  if (r === null) return;
  const { U, S, Vh } = r;
  expectFinite(`svd of ${c.name}`, U, S, Vh);
  const s = components(S);
  for (let i = 0; i < k; i++) {
    expect(s[i]).toBeGreaterThanOrEqual(0);
    if (i > 0) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
  }
  const scale = scaleOf(A);
  const tol = 30 * Math.max(m, n) * EPS;
  // subnormal entries carry fewer bits: allow a few units of the subnormal spacing relative to the scale
  const floor = (8 * Math.max(m, n) * TINY) / scale;
  const rec = U.mul(S.div(scale).to(U.dtype).unsqueeze(0)).matmul(Vh);
  expect(rel(rec, A.div(scale), 1)).toBeLessThanOrEqual(tol + floor);
  expect(rel(U.mH.matmul(U), eye(k, U.dtype), 1)).toBeLessThanOrEqual(tol);
  expect(rel(Vh.matmul(Vh.mH), eye(k, Vh.dtype), 1)).toBeLessThanOrEqual(tol);
  if (c.sigma) {
    const want = [...c.sigma].sort((x, y) => y - x);
    for (let i = 0; i < k; i++) expect(Math.abs(s[i] - want[i])).toBeLessThanOrEqual(8 * k * EPS * want[0] + 8 * TINY);
  }
  // svdvals agrees with svd's S (both to ~eps·σ₁)
  const sv = attempt('linalg.svdvals', c.name, () => linalg.svdvals(A));
  if (sv !== null) {
    const v = components(sv);
    for (let i = 0; i < k; i++) expect(Math.abs(v[i] - s[i])).toBeLessThanOrEqual(8 * k * EPS * s[0] + 8 * TINY);
  }
}

function checkEigh(c: Case): void {
  if (!c.symmetric) return;
  const { A } = c;
  const n = A.shape[0];
  const r = attempt('linalg.eigh', c.name, () => linalg.eigh(A));
  if (r === null) return;
  const { eigenvalues: L, eigenvectors: V } = r;
  expectFinite(`eigh of ${c.name}`, L, V);
  const l = components(L);
  for (let i = 1; i < n; i++) expect(l[i]).toBeGreaterThanOrEqual(l[i - 1]);
  const scale = scaleOf(A);
  const tol = 30 * n * EPS;
  const floor = (8 * n * TINY) / scale;
  const rec = V.mul(L.div(scale).to(V.dtype).unsqueeze(0)).matmul(V.mH);
  expect(rel(rec, A.div(scale), 1)).toBeLessThanOrEqual(tol + floor);
  expect(rel(V.mH.matmul(V), eye(n, V.dtype), 1)).toBeLessThanOrEqual(tol);
  const amax = Math.max(...l.map(Math.abs));
  if (c.lambda)
    for (let i = 0; i < n; i++) expect(Math.abs(l[i] - c.lambda[i])).toBeLessThanOrEqual(8 * n * EPS * amax + 8 * TINY);
  const ev = attempt('linalg.eigvalsh', c.name, () => linalg.eigvalsh(A));
  if (ev !== null) {
    const v = components(ev);
    for (let i = 0; i < n; i++) expect(Math.abs(v[i] - l[i])).toBeLessThanOrEqual(8 * n * EPS * amax + 8 * TINY);
  }
}

/** σ₁/σ_r over the singular values pinv keeps with its default tolerance (from a separate svdvals). */
function keptCondition(A: Tensor): number {
  const s = components(linalg.svdvals(A));
  if (s.length === 0 || s[0] === 0) return 1;
  const cut = Math.max(...A.shape) * EPS * s[0];
  const kept = s.filter((v) => v > cut);
  return kept[0] / kept[kept.length - 1];
}

function checkPinv(c: Case): void {
  const { A } = c;
  const [m, n] = A.shape;
  const P = attempt('linalg.pinv', c.name, () => linalg.pinv(A));
  if (P === null) return;
  expect([...P.shape]).toEqual([n, m]);
  const p0 = components(P);
  if (p0.some(Number.isNaN)) expect.fail(`pinv of ${c.name}: NaN in the result`);
  // Is the pseudo-inverse representable? pinv(A·2^k) = pinv(A)·2^-k, with A·2^k of order 1 (exact scaling).
  const k = -Math.log2(scaleOf(A));
  const reference = components(linalg.pinv(A.mul(2 ** (k / 2)).mul(2 ** (k - k / 2))));
  const log2Max = Math.log2(maxAbsOf(reference)) + k;
  if (log2Max >= 1023.5) return; // entries beyond the float64 range: ±Infinity is the correct rounding (never NaN)
  expectFinite(`pinv of ${c.name} (representable, max |entry| ≈ 2^${log2Max.toFixed(1)})`, P);
  const kappa = keptCondition(A);
  const a = scaleOf(A);
  const p = scaleOf(P);
  const As = A.div(a);
  const Ps = P.div(p);
  const AP = As.matmul(Ps).mul(a * p);
  const PA = Ps.matmul(As).mul(a * p);
  // the four Penrose identities, each relative to the size of what it compares against
  const tol = 100 * Math.max(m, n) * EPS * kappa;
  const floor = (64 * Math.max(m, n) * TINY) / Math.min(a, 1);
  const residuals = [rel(AP.matmul(As), As, 1), rel(PA.matmul(Ps), Ps, 1), rel(AP, AP.mH, 1), rel(PA, PA.mH, 1)];
  for (const r of residuals) expect(r).toBeLessThanOrEqual(tol + floor);
}

function checkQr(c: Case): void {
  const { A } = c;
  const [m, n] = A.shape;
  const k = Math.min(m, n);
  const r = attempt('linalg.qr', c.name, () => linalg.qr(A));
  if (r === null) return;
  const { Q, R } = r;
  expectFinite(`qr of ${c.name}`, Q, R);
  const scale = scaleOf(A);
  const tol = 30 * Math.max(m, n) * EPS;
  expect(rel(Q.matmul(R.div(scale)), A.div(scale), 1)).toBeLessThanOrEqual(tol + (8 * n * TINY) / scale);
  expect(rel(Q.mH.matmul(Q), eye(k, Q.dtype), 1)).toBeLessThanOrEqual(tol);
  const lower = components(R.tril(-1));
  expect(lower.every((v) => v === 0)).toBe(true);
}

function checkLstsq(c: Case): void {
  const { A } = c;
  const [m, n] = A.shape;
  const B = A.matmul(seeded([n, 2], 17).to(A.dtype)).add(
    seeded([m, 2], 19)
      .to(A.dtype)
      .mul(scaleOf(A) * 1e-3),
  );
  const r = attempt('linalg.lstsq', c.name, () => linalg.lstsq(A, B));
  if (r === null) return;
  const { solution: X, rank, singularValues } = r;
  expectFinite(`lstsq of ${c.name}`, X, singularValues);
  const rk = rank.item() as number;
  expect(rk).toBeGreaterThanOrEqual(0);
  expect(rk).toBeLessThanOrEqual(Math.min(m, n));
  // normal equations on the kept part: the residual is orthogonal to the range of A up to the dropped σ and rounding
  const s = components(singularValues);
  const s1 = s[0] ?? 0;
  if (s1 === 0) return;
  const a = scaleOf(A);
  const As = A.div(a);
  const resid = As.matmul(X).sub(B.div(a));
  const normal = components(As.mH.matmul(resid));
  const dropped = s[rk] ?? 0;
  const b = frob(components(B.div(a)));
  const x = frob(components(X));
  const bound =
    (dropped / a) * b + 100 * Math.max(m, n) * EPS * keptCondition(A) * (s1 / a) * (b + (s1 / a) * x) + (64 * TINY) / a;
  expect(frob(normal)).toBeLessThanOrEqual(bound);
}

function checkRank(c: Case): void {
  const { A } = c;
  const r = attempt('linalg.matrixRank', c.name, () => linalg.matrixRank(A));
  if (r === null) return;
  const rk = r.item() as number;
  expect(rk).toBeGreaterThanOrEqual(0);
  expect(rk).toBeLessThanOrEqual(Math.min(...A.shape));
  if (c.rank !== undefined) expect(rk).toBe(c.rank);
  if (c.symmetric) {
    const rh = attempt('linalg.matrixRank', `${c.name} (hermitian)`, () => linalg.matrixRank(A, { hermitian: true }));
    if (rh !== null && c.rank !== undefined) expect(rh.item()).toBe(c.rank);
  }
}

const ALL = cases();

describe('adversarial matrices: converge or throw LinalgError, never hang, accurate where converged', () => {
  afterAll(() => {
    report(
      `adversarial linalg: ${ALL.length} matrices, ${calls} guarded calls, ${nonConverged.length} non-convergence error(s)${nonConverged.length ? `:\n  ${nonConverged.join('\n  ')}` : ''}`,
    );
  });

  for (const c of ALL) {
    it(`${c.name} (${c.A.shape.join('×')} ${c.A.dtype})`, () => {
      checkSvd(c);
      checkEigh(c);
      checkPinv(c);
      checkQr(c);
      checkLstsq(c);
      checkRank(c);
    });
  }

  it('the well-behaved cases all converged (identity, zero, diagonal, ones)', () => {
    const easy = nonConverged.filter((line) => /identity|zero|ones|graded diag/.test(line));
    expect(easy).toEqual([]);
  });
});

describe('non-finite input is a LinalgError for every op, at every position, never a hang or silent NaN', () => {
  const OPS: [string, (A: Tensor) => unknown][] = [
    ['linalg.svd', (A) => linalg.svd(A)],
    ['linalg.svdvals', (A) => linalg.svdvals(A)],
    ['linalg.eigh', (A) => linalg.eigh(A)],
    ['linalg.eigvalsh', (A) => linalg.eigvalsh(A)],
    ['linalg.pinv', (A) => linalg.pinv(A)],
    ['linalg.qr', (A) => linalg.qr(A)],
    [
      'linalg.lstsq',
      (A) =>
        linalg.lstsq(
          A,
          fromRows(A.shape[0], 1, () => 1),
        ),
    ],
    ['linalg.matrixRank', (A) => linalg.matrixRank(A)],
  ];
  for (const [name, op] of OPS) {
    // (eigh and eigvalsh read only the lower triangle: their bad entries go there; see the UPLO test below)
    const lowerOnly = name.startsWith('linalg.eig');
    it(`${name}: NaN, +Infinity, -Infinity at each of several positions of Kahan 12`, () => {
      const n = 12;
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        for (const [i, j] of [[0, 0], [n - 1, 0], lowerOnly ? [7, 5] : [5, 7], [n - 1, n - 1]]) {
          const A = kahan(n);
          A.storage[i * n + j] = bad;
          let caught: unknown = null;
          guarded(`${name} with ${bad} at [${i}, ${j}]`, () => {
            try {
              op(A);
            } catch (e) {
              caught = e;
            }
          });
          expect(caught).toBeInstanceOf(LinalgError);
          expect((caught as Error).message.startsWith(`${name}: `)).toBe(true);
        }
      }
    });
  }

  it('eigh reads only the UPLO triangle: a NaN in the other one is ignored, in its own one a LinalgError', () => {
    const A = fromRows(4, 4, (i, j) => (i === j ? 2 : i > j ? 0.5 : Number.NaN));
    const L = guarded('eigvalsh with NaN above the diagonal', () => linalg.eigvalsh(A));
    expectFinite('eigvalsh (UPLO L) with NaN in the upper triangle', L);
    expect(() => guarded('eigvalsh UPLO U with NaN', () => linalg.eigvalsh(A, { UPLO: 'U' }))).toThrow(LinalgError);
  });

  it('the largest finite values (±1.79e308) are not mistaken for non-finite input and do not overflow', () => {
    const A = fromRows(3, 3, (i, j) => (i === j ? Number.MAX_VALUE * (i === 1 ? -1 : 1) : 0));
    const S = guarded('svdvals of ±MAX_VALUE', () => linalg.svdvals(A));
    expect(Array.from(components(S))).toEqual([Number.MAX_VALUE, Number.MAX_VALUE, Number.MAX_VALUE]);
    const P = guarded('pinv of ±MAX_VALUE', () => linalg.pinv(A));
    expectFinite('pinv of ±MAX_VALUE', P);
    const L = guarded('eigvalsh of ±MAX_VALUE', () => linalg.eigvalsh(A));
    expect(Array.from(components(L))).toEqual([-Number.MAX_VALUE, Number.MAX_VALUE, Number.MAX_VALUE]);
  });
});
