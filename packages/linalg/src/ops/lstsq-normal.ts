/**
 * The fast path of linalg.lstsq for one real tall matrix (m ≥ 2n) of full column rank and small condition number: the
 * normal equations, as the Gram path of pinv (kernels/pinv-qr.ts) takes them. With G = AᵀA (one GEMM), the
 * eigenvalues λ of G (values only) give the singular values σ = √λ of A and κ = σ₁/σₙ; when κ ≤ KAPPA_MAX the
 * solution of min ‖A·X − B‖ is X = G⁻¹·(AᵀB), by the Cholesky factor of G and two triangular solves (LAPACK
 * dpotrf/dpotrs). Errors O(eps·κ²), for X and for σ relative to σ₁ (Björck, "Numerical Methods for Least Squares
 * Problems", §2.2; Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., §20.4) — with κ ≤ 64 the bound
 * of pinv(A)·B and of pinv's spectrum on that path; the general path returns svdvals(A) bitwise.
 *
 * Returns null whenever the assumptions fail (κ too large, a singular value at or below the rcond cutoff, entries so
 * large or small that G could overflow or underflow, a Cholesky breakdown): the caller then takes the pinv path.
 * Assumes finite data (checked by the caller).
 */

import { gemmF64 } from '@tapegrad/core/internal';
import { choleskyReal } from '../kernels/cholesky';
import { KAPPA_MAX } from '../kernels/pinv-qr';
import { trsmReal } from '../kernels/triangular';
import { eighRaw } from './eigh-raw';

/** Entry range of A and B within which G = AᵀA and AᵀB neither overflow nor underflow to a loss of accuracy. */
const RANGE = 2 ** 200;

/**
 * X (n×k, row-major) and the singular values (descending) of the m×n matrix `a`, or null (see above). `b` is m×k;
 * singular values σ ≤ rtol·σ₁ would count as zero (rank deficiency), which also returns null.
 */
export function lstsqNormal(
  op: string,
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  b: Float64Array,
  rtol: number,
): { X: Float64Array; S: Float64Array } | null {
  if (!(m >= 2 * n && n > 0 && k > 0) || !inRange(a, m * n) || !inRange(b, m * k, true)) return null;
  const g = new Float64Array(n * n);
  gemmF64(n, n, m, a, 0, 1, n, a, 0, n, 1, g, 0);
  // The Cholesky factor first (needed for X anyway) rejects clearly ill-conditioned A cheaply, as pinv-qr does: its
  // squared pivots are ≥ λ_min and max Gᵢᵢ ≤ λ_max, so max Gᵢᵢ / min L²ᵢᵢ ≤ κ(G) = κ(A)².
  const l = new Float64Array(n * n);
  if (choleskyReal(n, g, 0, l, 0) !== 0) return null;
  let gMax = 0;
  let pMin = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    gMax = Math.max(gMax, g[i * n + i]);
    pMin = Math.min(pMin, l[i * n + i] ** 2);
  }
  const k2 = KAPPA_MAX * KAPPA_MAX;
  if (gMax > k2 * pMin) return null;
  const lambda = eighRaw(op, { data: g, batchShape: [], count: 1, m: n, n, complex: false }, 'L', false).L;
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, lambda[i]);
    hi = Math.max(hi, lambda[i]);
  }
  if (!(lo > 0) || hi > k2 * lo) return null;
  const S = Float64Array.from(lambda, Math.sqrt).sort().reverse();
  if (!(S[n - 1] > Math.max(0, rtol * S[0]))) return null;
  const X = new Float64Array(n * k);
  gemmF64(n, k, m, a, 0, 1, n, b, 0, k, 1, X, 0);
  // G·X = AᵀB: L·Y = AᵀB, then Lᵀ·X = Y.
  if (trsmReal('L', 'N', 'N', n, k, l, 0, X, 0) !== 0 || trsmReal('L', 'T', 'N', n, k, l, 0, X, 0) !== 0) return null;
  return { X, S };
}

/** Whether max |x| of the first `len` entries lies in [1/RANGE, RANGE] (or is 0, when `zeroOk`). */
function inRange(x: Float64Array, len: number, zeroOk = false): boolean {
  let big = 0;
  for (let i = 0; i < len; i++) {
    const v = Math.abs(x[i]);
    if (v > big) big = v;
  }
  return (zeroOk && big === 0) || (big >= 1 / RANGE && big <= RANGE);
}
