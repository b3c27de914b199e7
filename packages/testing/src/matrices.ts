/**
 * Dense-matrix test helpers on row-major Float64Array (complex interleaved re/im): random and structured matrices,
 * plain triple-loop products, norms and residuals computed the independent way, and an SVD runner and checker for the kernels.
 */
import { expect } from 'vitest';
import type { Lcg } from './random';

/** m×n matrix with N(0,1) entries (complex: interleaved, 2mn scalars). */
export function randomMatrix(rng: Lcg, m: number, n: number, complex = false): Float64Array {
  const x = new Float64Array(m * n * (complex ? 2 : 1));
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  return x;
}

export interface SvdResult {
  info: number;
  s: Float64Array;
  u: Float64Array;
  vh: Float64Array;
  /** Columns of U and rows of Vh. */
  ucols: number;
  vrows: number;
  /** The workspace chose the divide-and-conquer path. */
  usesDc?: boolean;
}

/** The SVD kernel entry points of `@tapegrad/linalg` (kernels/svd.ts), passed in by the kernel tests. */
export interface SvdKernels<W extends { dc: unknown }, M extends string> {
  createSvdWorkspace(
    m: number,
    n: number,
    opts: { complex: boolean; computeUV: boolean; full: boolean; method?: M },
  ): W;
  svdReal: SvdKernel<W>;
  svdComplex: SvdKernel<W>;
}
type SvdKernel<W> = (
  m: number,
  n: number,
  a: Float64Array,
  aOffset: number,
  s: Float64Array,
  sOffset: number,
  u: Float64Array | null,
  uOffset: number,
  vh: Float64Array | null,
  vhOffset: number,
  ws: W,
) => number;

/**
 * Runs svdReal/svdComplex with a fresh workspace and fresh outputs (`method` forces the bdsqr or D&C path; `prepare`
 * may adjust the workspace first).
 */
export function runSvd<W extends { dc: unknown }, M extends string>(
  kernels: SvdKernels<W, M>,
  m: number,
  n: number,
  a: Float64Array,
  complex: boolean,
  full: boolean,
  opts: { computeUV?: boolean; method?: M; prepare?: (ws: W) => void } = {},
): SvdResult {
  const computeUV = opts.computeUV ?? true;
  const k = Math.min(m, n);
  const c = complex ? 2 : 1;
  const ucols = full ? m : k;
  const vrows = full ? n : k;
  const ws = kernels.createSvdWorkspace(m, n, { complex, computeUV, full, method: opts.method });
  opts.prepare?.(ws);
  const s = new Float64Array(k);
  const u = new Float64Array(computeUV ? m * ucols * c : 0);
  const vh = new Float64Array(computeUV ? vrows * n * c : 0);
  const fn = complex ? kernels.svdComplex : kernels.svdReal;
  const info = fn(m, n, a, 0, s, 0, computeUV ? u : null, 0, computeUV ? vh : null, 0, ws);
  return { info, s, u, vh, ucols, vrows, usesDc: ws.dc !== null };
}

/** Frobenius norm of real components (complex interleaved works as is), scaled to avoid overflow/underflow. */
export function frob(x: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < x.length; i++) scale = Math.max(scale, Math.abs(x[i]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] / scale) ** 2;
  return scale * Math.sqrt(s);
}

/** Relative Frobenius error ‖a − b‖/‖b‖ (absolute when b = 0) of two equal-length component arrays. */
export function relErrOf(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  const d = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) d[i] = a[i] - b[i];
  const den = frob(b);
  const num = frob(d);
  if (Number.isNaN(num)) return Number.POSITIVE_INFINITY;
  return den === 0 ? num : num / den;
}

/** U·diag(S)·Vh using the first k columns of U (m×ucols) and first k rows of Vh (vrows×n). */
export function reconstruct(m: number, n: number, r: SvdResult, complex: boolean): Float64Array {
  const k = r.s.length;
  const out = new Float64Array(m * n * (complex ? 2 : 1));
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let re = 0;
      let im = 0;
      for (let l = 0; l < k; l++) {
        if (complex) {
          const ur = r.u[2 * (i * r.ucols + l)];
          const ui = r.u[2 * (i * r.ucols + l) + 1];
          const vr = r.vh[2 * (l * n + j)];
          const vi = r.vh[2 * (l * n + j) + 1];
          re += r.s[l] * (ur * vr - ui * vi);
          im += r.s[l] * (ur * vi + ui * vr);
        } else {
          re += r.u[i * r.ucols + l] * r.s[l] * r.vh[l * n + j];
        }
      }
      if (complex) {
        out[2 * (i * n + j)] = re;
        out[2 * (i * n + j) + 1] = im;
      } else out[i * n + j] = re;
    }
  }
  return out;
}

/** ‖A − U·S·Vh‖_F / ‖A‖_F (or the absolute residual when ‖A‖ = 0). */
export function reconstructionError(m: number, n: number, a: Float64Array, r: SvdResult, complex: boolean): number {
  const b = reconstruct(m, n, r, complex);
  for (let i = 0; i < b.length; i++) b[i] -= a[i];
  const na = frob(a);
  return na === 0 ? frob(b) : frob(b) / na;
}

/** Every structural property of an SVD, with tolerances proportional to eps·max(m, n). */
export function checkSvd(m: number, n: number, a: Float64Array, r: SvdResult, complex: boolean, factor = 4): void {
  const k = Math.min(m, n);
  const tol = factor * 2 ** -52 * Math.max(m, n, 1);
  expect(r.info).toBe(0);
  expect(r.s.length).toBe(k);
  for (let i = 0; i < k; i++) {
    expect(r.s[i]).toBeGreaterThanOrEqual(0);
    if (i > 0) expect(r.s[i]).toBeLessThanOrEqual(r.s[i - 1]);
  }
  // Σσ² = ‖A‖_F²
  const nf = frob(a);
  let ss = 0;
  for (let i = 0; i < k; i++) ss += (r.s[i] / (nf || 1)) ** 2;
  expect(Math.abs(ss - (nf === 0 ? 0 : 1))).toBeLessThanOrEqual(tol * 4);
  expect(reconstructionError(m, n, a, r, complex)).toBeLessThanOrEqual(tol);
  expect(orthogonalityError(m, r.ucols, r.u, complex, true)).toBeLessThanOrEqual(tol);
  expect(orthogonalityError(r.vrows, n, r.vh, complex, false)).toBeLessThanOrEqual(tol);
}

/**
 * max |(XᴴX − I)ᵢⱼ| over the `cols` columns of the rows×cols matrix X (columnsOf = true), or max |(X·Xᴴ − I)ᵢⱼ|
 * over its rows (columnsOf = false).
 */
export function orthogonalityError(
  rows: number,
  cols: number,
  x: Float64Array,
  complex: boolean,
  columnsOf: boolean,
): number {
  const c = complex ? 2 : 1;
  const cnt = columnsOf ? cols : rows;
  const len = columnsOf ? rows : cols;
  const at = (vec: number, idx: number): number => (columnsOf ? c * (idx * cols + vec) : c * (vec * cols + idx));
  let err = 0;
  for (let p = 0; p < cnt; p++) {
    for (let q = p; q < cnt; q++) {
      let re = 0;
      let im = 0;
      for (let t = 0; t < len; t++) {
        const a = at(p, t);
        const b = at(q, t);
        if (complex) {
          // conj(x_p)·x_q
          re += x[a] * x[b] + x[a + 1] * x[b + 1];
          im += x[a] * x[b + 1] - x[a + 1] * x[b];
        } else re += x[a] * x[b];
      }
      const dv = p === q ? re - 1 : re;
      err = Math.max(err, Math.abs(dv), Math.abs(im));
    }
  }
  return err;
}

/**
 * ‖B − Σₖ sₖ·utₖ·vtₖᵀ‖_max / ‖B‖_max (the absolute error when B = 0) for the n×n upper bidiagonal B with diagonal d
 * and superdiagonal e, the singular vectors stored as rows of ut and vt (n×n): the residual of a bidiagonal SVD.
 */
export function bidiagResidual(
  d: ArrayLike<number>,
  e: ArrayLike<number>,
  s: ArrayLike<number>,
  ut: ArrayLike<number>,
  vt: ArrayLike<number>,
): number {
  const n = d.length;
  let bmax = 0;
  for (let i = 0; i < n; i++) bmax = Math.max(bmax, Math.abs(d[i]), i < n - 1 ? Math.abs(e[i]) : 0);
  let err = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let k = 0; k < n; k++) acc += ut[k * n + i] * s[k] * vt[k * n + j];
      const bij = j === i ? d[i] : j === i + 1 ? e[i] : 0;
      err = Math.max(err, Math.abs(acc - bij));
    }
  }
  return bmax === 0 ? err : err / bmax;
}

/** Dense real product C = A·B (m×p times p×n), row-major, the plain triple loop. */
export function matmul(m: number, p: number, n: number, a: Float64Array, b: Float64Array): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < p; l++) {
      const x = a[i * p + l];
      for (let j = 0; j < n; j++) c[i * n + j] += x * b[l * n + j];
    }
  }
  return c;
}

/** Dense complex product C = A·B (interleaved), conjugating A and/or B entries on request. */
export function matmulComplex(
  m: number,
  p: number,
  n: number,
  a: Float64Array,
  b: Float64Array,
  conjA = false,
  conjB = false,
): Float64Array {
  const c = new Float64Array(2 * m * n);
  const sa = conjA ? -1 : 1;
  const sb = conjB ? -1 : 1;
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < p; l++) {
      const xr = a[2 * (i * p + l)];
      const xi = sa * a[2 * (i * p + l) + 1];
      for (let j = 0; j < n; j++) {
        const yr = b[2 * (l * n + j)];
        const yi = sb * b[2 * (l * n + j) + 1];
        c[2 * (i * n + j)] += xr * yr - xi * yi;
        c[2 * (i * n + j) + 1] += xr * yi + xi * yr;
      }
    }
  }
  return c;
}

/** A real matrix in interleaved complex storage (imaginary parts 0); complex storage (width 2) is returned as is. */
export function asComplex(x: ArrayLike<number>, width: 1 | 2 = 1): Float64Array {
  if (width === 2) return Float64Array.from(x);
  const out = new Float64Array(2 * x.length);
  for (let k = 0; k < x.length; k++) out[2 * k] = x[k];
  return out;
}

/** The real parts of an interleaved complex array (undoes {@link asComplex} for real data). */
export function realParts(x: Float64Array): Float64Array {
  return x.filter((_, k) => k % 2 === 0);
}

/** The conjugate transpose Xᴴ (n×m) of an m×n complex matrix X (interleaved). */
export function adjoint(m: number, n: number, x: Float64Array): Float64Array {
  const out = new Float64Array(2 * m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      out[2 * (j * m + i)] = x[2 * (i * n + j)];
      out[2 * (j * m + i) + 1] = -x[2 * (i * n + j) + 1];
    }
  return out;
}

/** ‖a − b‖_F of two equal-length component arrays. */
export function frobDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  const d = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) d[i] = a[i] - b[i];
  return frob(d);
}

/** ‖XᴴX − I‖_F over the k columns of the m×k complex matrix X (interleaved). */
export function columnOrthonormality(m: number, k: number, x: Float64Array): number {
  const g = matmulComplex(k, m, k, adjoint(m, k, x), x);
  for (let i = 0; i < k; i++) g[2 * (i * k + i)] -= 1;
  return frob(g);
}

/** A random n×n orthogonal matrix: the product of n explicit reflectors I − 2·w·wᵀ/(wᵀw) with random w. */
export function randomOrthogonal(rng: Lcg, n: number): Float64Array {
  let q: Float64Array = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let k = 0; k < n; k++) {
    const w = randomMatrix(rng, n, 1);
    let ww = 0;
    for (let i = 0; i < n; i++) ww += w[i] * w[i];
    const h = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) h[i * n + j] = (i === j ? 1 : 0) - (2 * w[i] * w[j]) / ww;
    q = matmul(n, n, n, q, h);
  }
  return q;
}

/** Q·diag(sigma)·Zᵀ for random orthogonal Q (m×m) and Z (n×n); sigma has min(m, n) entries. */
export function matrixWithSingularValues(rng: Lcg, m: number, n: number, sigma: number[]): Float64Array {
  const q = randomOrthogonal(rng, m);
  const z = randomOrthogonal(rng, n);
  const qs = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < sigma.length; j++) qs[i * n + j] = q[i * m + j] * sigma[j];
  const zt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) zt[i * n + j] = z[j * n + i];
  return matmul(m, n, n, qs, zt);
}

/**
 * Singular values (descending) of the upper bidiagonal (d, e) by bisection on the Golub–Kahan tridiagonal matrix
 * [0 d₀; d₀ 0 e₀; …] whose eigenvalues are ±σᵢ. The Sturm count of this zero-diagonal matrix is relatively accurate
 * (Demmel & Kahan 1990, §6), so this is an independent, high-relative-accuracy reference. Geometric bisection.
 */
export function bidiagSingularValuesBisection(d: number[], e: number[]): number[] {
  const n = d.length;
  const b: number[] = [];
  for (let i = 0; i < n; i++) {
    b.push(d[i]);
    if (i < n - 1) b.push(e[i]);
  }
  const b2 = b.map((x) => x * x);
  // Number of eigenvalues of T_GK smaller than x.
  const countBelow = (x: number): number => {
    let cnt = 0;
    let q = -x;
    if (q < 0) cnt++;
    for (let i = 1; i < 2 * n; i++) {
      const qq = q === 0 ? -Number.MIN_VALUE : q;
      q = -x - b2[i - 1] / qq;
      if (q < 0) cnt++;
    }
    return cnt;
  };
  let bound = 0;
  for (const x of b) bound = Math.max(bound, Math.abs(x));
  bound *= 2.5;
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    // σ_k (k-th largest) is the smallest x with #(σ < x) ≥ n − k, i.e. countBelow(x) − n ≥ n − k.
    const target = 2 * n - k;
    let lo = Number.MIN_VALUE;
    let hi = bound;
    if (countBelow(lo) >= target) {
      out.push(0);
      continue;
    }
    for (let it = 0; it < 5000 && hi - lo > 1e-17 * hi; it++) {
      const mid = lo > 0 && hi / lo > 4 ? Math.sqrt(lo) * Math.sqrt(hi) : 0.5 * (lo + hi);
      if (countBelow(mid) >= target) hi = mid;
      else lo = mid;
    }
    out.push(0.5 * (lo + hi));
  }
  return out;
}

/** The n×n Kahan matrix diag(1, s, …, s^{n−1})·(I − c·(strict upper triangle of ones)), s = sqrt(1 − c²). */
export function kahanMatrix(n: number, c: number): Float64Array {
  const s = Math.sqrt(1 - c * c);
  const k = new Float64Array(n * n);
  let si = 1;
  for (let i = 0; i < n; i++) {
    k[i * n + i] = si;
    for (let j = i + 1; j < n; j++) k[i * n + j] = -c * si;
    si *= s;
  }
  return k;
}

/** The (n, c) of the Kahan matrices the SVD tests use: strongly graded, with tiny trailing singular values. */
export const KAHAN_CASES: readonly (readonly [n: number, c: number])[] = [
  [30, 0.285],
  [20, 0.6],
];
