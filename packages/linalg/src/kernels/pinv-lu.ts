/**
 * Pseudo-inverse of a small square real matrix that is provably invertible, well conditioned and of full numerical
 * rank under the caller's tolerances: then pinv(A) = A⁻¹, computed by Gauss–Jordan elimination with partial
 * pivoting (Higham, "Accuracy and Stability of Numerical Algorithms" 2nd ed., ch. 14) in about 2n³ flops — several
 * times cheaper than the SVD (bidiagonalization, bidiagonal QR with vectors, V·S⁻¹·Uᵀ) at the sizes of batched small
 * matrices, where per-matrix work dominates.
 *
 * Certificate, without the SVD: σ₁ ≤ ‖A‖_F and σ_n = 1/‖A⁻¹‖₂ ≥ 1/‖A⁻¹‖_F. The result is taken only when
 * (1) κ_F = ‖A‖_F·‖X‖_F ≤ kappaMax (≤ LU_KAPPA_MAX) for the computed X ≈ A⁻¹, an upper bound of κ₂(A) up to X's
 *     relative error O(n·eps·κ) (Higham, "Accuracy and Stability of Numerical Algorithms" 2nd ed., §14.3): the
 *     Penrose residuals stay O(n·eps·κ), far inside docs/semantics.md §4.1's 1e-12·κ, and the caller keeps kappaMax
 *     below pinv's ill-conditioning warning limit (1/√eps: 2.9e3 in float32, 6.7e7 in float64), which then cannot
 *     apply;
 * (2) 1/‖X‖_F > CERTIFY_MARGIN·max(atol, max(rtol, 0)·‖A‖_F), a bound of the cutoff max(atol, rtol·σ₁): every σ is
 *     kept, and none lies within PINV_CUTOFF_BAND (1e-3) of the cutoff, where the rank would be ambiguous.
 * Otherwise — singular, ill-conditioned, graded, rank-deficient or near-cutoff input, entries outside 2^±300 (where
 * ‖·‖_F² could over- or underflow), NaN or ±Infinity — it returns false and the caller runs the SVD.
 */

/** Largest n taken by this path (the batched small matrices; beyond, the SVD's GEMM-rich path is competitive). */
export const LU_PINV_MAX = 32;
/**
 * Largest certified κ_F = ‖A‖_F·‖A⁻¹‖_F in float64 (see the file comment; callers pass a lower bound for float32).
 * 1e4 takes 99.95 % of Gaussian 8×8 and 98 % of 32×32 matrices (1e3: 98 % and 83 %).
 */
export const LU_KAPPA_MAX = 1e4;
/** Entry range (max |aᵢⱼ|) of the certified and normal-equations forms: squares and inverse squares stay normal. */
const NORMAL_RANGE = 2 ** 300;

/** Whether max |aᵢⱼ| lies in [2^-300, 2^300], where squares and inverse squares of entries stay normal. */
export function inNormalRange(amax: number): boolean {
  return amax <= NORMAL_RANGE && amax >= 1 / NORMAL_RANGE;
}

/** Factor between the certified σ_n bound and the cutoff bound (covers PINV_CUTOFF_BAND and X's rounding). */
export const CERTIFY_MARGIN = 2;
/** The pivots of one n×n inversion. */
export interface PinvLuWorkspace {
  readonly n: number;
  readonly piv: Int32Array;
}

export function createPinvLuWorkspace(n: number): PinvLuWorkspace {
  return { n, piv: new Int32Array(n) };
}

/**
 * x (n×n row-major at off) := x⁻¹ by Gauss–Jordan elimination with partial (row) pivoting, in place: the same
 * 2n³ flops as LU followed by the solves against I, in one pass of contiguous row updates (Higham, op. cit., §14.4;
 * its errors are of the LU-based inverse's order, O(n·eps·κ) up to pivot growth — tested against the SVD pinv). Row interchanges are undone as column interchanges of the inverse at the end. False
 * (x overwritten) at a zero pivot.
 */
function invertInPlace(n: number, x: Float64Array, off: number, piv: Int32Array): boolean {
  for (let k = 0; k < n; k++) {
    const rk = off + k * n;
    let p = k;
    let best = Math.abs(x[rk + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(x[off + i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (best === 0) return false;
    piv[k] = p;
    if (p !== k) {
      const rp = off + p * n;
      for (let c = 0; c < n; c++) {
        const t = x[rk + c];
        x[rk + c] = x[rp + c];
        x[rp + c] = t;
      }
    }
    const d = 1 / x[rk + k];
    x[rk + k] = 1;
    for (let c = 0; c < n; c++) x[rk + c] *= d;
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const ri = off + i * n;
      const f = x[ri + k];
      if (f === 0) continue;
      x[ri + k] = 0;
      for (let c = 0; c < n; c++) x[ri + c] -= f * x[rk + c];
    }
  }
  for (let k = n - 1; k >= 0; k--) {
    const p = piv[k];
    if (p === k) continue;
    for (let r = off, end = off + n * n; r < end; r += n) {
      const t = x[r + k];
      x[r + k] = x[r + p];
      x[r + p] = t;
    }
  }
  return true;
}

/**
 * A⁻¹ of the n×n matrix at a[aOff..] (row-major, not modified) into p[pOff..] when the certificate above holds for the
 * tolerances atol, rtol and the bound kappaMax; true then. False otherwise, with p[pOff..pOff + n²) possibly overwritten.
 */
export function pinvLuCertified(
  n: number,
  a: Float64Array,
  aOff: number,
  atol: number,
  rtol: number,
  kappaMax: number,
  p: Float64Array,
  pOff: number,
  ws: PinvLuWorkspace,
): boolean {
  let amax = 0;
  let fa = 0;
  for (let i = aOff, end = aOff + n * n; i < end; i++) {
    const x = a[i];
    const ax = Math.abs(x);
    if (ax > amax) amax = ax;
    else if (ax !== ax) return false; // NaN
    fa += x * x;
  }
  if (!inNormalRange(amax)) return false;
  for (let i = 0; i < n * n; i++) p[pOff + i] = a[aOff + i];
  if (!invertInPlace(n, p, pOff, ws.piv)) return false;
  let fx = 0;
  for (let i = pOff, end = pOff + n * n; i < end; i++) fx += p[i] * p[i];
  fa = Math.sqrt(fa);
  fx = Math.sqrt(fx);
  if (!(fa * fx <= kappaMax)) return false;
  const cut = Math.max(atol, Math.max(rtol, 0) * fa);
  return 1 / fx > CERTIFY_MARGIN * cut;
}
