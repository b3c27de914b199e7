/**
 * Pseudo-inverse of one real tall or wide matrix through its QR factorization, without forming the singular vectors
 * of A: for W = Q·[R; 0] (W = A when m ≥ n, else Aᵀ; M×N, M ≥ N) and R = U_R·S·V_Rᵀ,
 * pinv(W) = V_R·S⁺·U_Rᵀ·[I 0]·Qᵀ, so pinv(W)ᵀ = Q·[Z; 0] with Z = U_R·S⁺·V_Rᵀ (N×N). Q is applied to [Z; 0] by the
 * blocked reflectors (./geqrf ormqrReal, LAPACK dormqr, reusing the T factors of the QR) — the 4·M·N² flops of
 * dormqr replace the 4·M·N² of forming U = Q·U_R plus the 2·M·N² of the product V·S⁺·Uᵀ. Then pinv(A) = Yᵀ for
 * tall A and pinv(A) = Y for wide A (pinv(Aᵀ) = pinv(A)ᵀ).
 *
 * Well-conditioned input skips the QR and Q altogether (the normal-equations form of the pseudo-inverse): with
 * G = WᵀW = V·Λ·Vᵀ, σ_l = √λ_l and W·v_l = σ_l·u_l, pinv(W) = C·Wᵀ with C = V·Λ⁻¹·Vᵀ — one GEMM of 2·M·N² flops for G
 * and one for C·Wᵀ, both of depth ≥ N, against 2·M·N² for the QR plus 4·M·N² for applying Q in panels. Its error is
 * O(eps·κ²) where the QR path's is O(eps·κ) (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., §20.4;
 * Björck, "Numerical Methods for Least Squares Problems", §2.2), so it is taken only when κ ≤ KAPPA_MAX: a Cholesky
 * factorization of G first rejects clearly ill-conditioned input cheaply (dpotrf; its pivots are ≥ λ_min, so
 * max Gᵢᵢ / min pivot ≤ κ(G)), then the eigenvalues of G alone (./eigh values-only, dsyev: the reduction to
 * tridiagonal form and an O(N²) QL iteration) give Λ, and κ is checked on them (λ has absolute error O(eps·λ₁),
 * relative O(eps·κ²) ≤ 1e-9 here). When every σ is kept (full rank, the usual case) C = G⁻¹ comes from the Cholesky
 * factor, C = L⁻ᵀ·L⁻¹ (dpotri; error O(eps·κ(G)) = O(eps·κ²) as the eigen form's), and V is never formed; at a lower
 * kept rank the eigenvectors are computed then. Otherwise the QR path runs; if its kept spectrum is well
 * conditioned (a rank-deficient A, say), C = V_R·S⁻²·V_Rᵀ from the SVD of R replaces Q likewise.
 *
 * The factorization and the SVD of R are exactly those of ./svd's QR-first path (same scaling by a power of two, same
 * kernels), so on the QR path the singular values are bitwise those of svdvals; on the Gram path they agree with them
 * to O(eps·κ²) relative. Thresholding and the inverses are the caller's
 * (linalg.pinv): {@link pinvQrFactor} gives σ, {@link pinvQrApply} takes 1/σ of the kept ones. Assumption: real input
 * with usesQrFirst(m, n); A is not modified between pinvQrFactor and pinvQrApply; nothing here allocates.
 */

import { gemmF64 } from '@tapegrad/core/internal';
import { choleskyReal } from './cholesky';
import { createEighWorkspace, type EighWorkspace, eighReal } from './eigh';
import { ormqrReal, transposeScaled } from './geqrf';
import { CERTIFY_MARGIN, inNormalRange } from './pinv-lu';
import { createQrFactorBuffers, type QrFactorBuffers, qrScaled } from './pinv-qr-certified';
import { invertUpper, invertUpperScratch } from './pinv-qr-inverse';
import { createSvdWorkspace, maxAbs, type SvdWorkspace, scaleExponent, svdReal } from './svd';

/**
 * Largest σ₁/σ_r (kept spectrum) of the normal-equations form (see above). With eps·κ² ≤ 1e-12, the Penrose
 * identities keep a margin of over 100× to docs/semantics.md §4.1's 1e-12·κ (measured in pinv-qr.test.ts).
 */
export const KAPPA_MAX = 64;

export interface PinvQrWorkspace extends QrFactorBuffers {
  readonly m: number;
  readonly n: number;
  /** R, then U_R (N×N); V_Rᵀ (N×N); the scaled singular values of R (N). */
  readonly r: Float64Array;
  readonly ur: Float64Array;
  readonly vrt: Float64Array;
  readonly sv: Float64Array;
  readonly inner: SvdWorkspace;
  /** The eigendecomposition of G on the Gram path; its eigenvalues in ew. */
  readonly eig: EighWorkspace;
  readonly ew: Float64Array;
  /** The triangular inverse's scratch (./pinv-qr-inverse). */
  readonly tri: Float64Array;
  /** pinv(W)ᵀ = Q·[Z; 0] (M×N) when m ≥ n (written straight into the output otherwise). */
  readonly y: Float64Array;
  /** Set by pinvQrFactor: A, its offset, and max |aᵢⱼ| (read by pinvQrApply's normal-equations form). */
  a: Float64Array;
  aOff: number;
  amax: number;
  /** Set by pinvQrFactor: whether sv/vrt hold λ and Vᵀ of G = WᵀW (the Gram path) rather than the SVD of R. */
  gram: boolean;
  /** On the Gram path: whether sv/vrt hold the eigenvectors too (else sv holds λ only, ur the Cholesky factor). */
  gramVectors: boolean;
  /** On the Gram path: C = G⁻¹ (N×N), formed from the Cholesky factor. */
  readonly c: Float64Array;
  /**
   * Set by pinvQrFactor when given tolerances: whether the Gram path CERTIFIED that every σ is kept and κ ≤ KAPPA_MAX
   * without computing σ (see pinvQrFactor); then {@link pinvQrApplyCertified} forms P.
   */
  certified: boolean;
}

export function createPinvQrWorkspace(m: number, n: number): PinvQrWorkspace {
  const M = Math.max(m, n);
  const N = Math.min(m, n);
  if (N === 0) throw new RangeError('createPinvQrWorkspace: needs a non-empty matrix');
  return {
    m,
    n,
    ...createQrFactorBuffers(M, N),
    r: new Float64Array(N * N),
    ur: new Float64Array(N * N),
    vrt: new Float64Array(N * N),
    sv: new Float64Array(N),
    inner: createSvdWorkspace(N, N, { complex: false, computeUV: true, full: false }),
    eig: createEighWorkspace(N, false),
    ew: new Float64Array(N),
    tri: new Float64Array(invertUpperScratch(N)),
    y: new Float64Array(m >= n ? M * N : 0),
    a: new Float64Array(0),
    aOff: 0,
    amax: 0,
    gram: false,
    gramVectors: false,
    c: new Float64Array(N * N),
    certified: false,
  };
}

/**
 * QR of A (m×n at a[aOff..], row-major, not modified) and the SVD of R; writes σ (min(m, n) values, descending) at
 * s[sOff..]. Returns 0, −1 when A holds NaN/±Infinity (nothing written), or the positive count of unconverged
 * superdiagonals of the SVD of R. With `tol` (the caller's atol and rtol), the Gram path first tries to CERTIFY that
 * every singular value is kept, without any eigenvalue: λ_max(G) ≤ ‖G‖_F and λ_min(G) = 1/‖G⁻¹‖₂ ≥ 1/‖C‖_F
 * (C = G⁻¹ from the Cholesky factor), so κ(A)² = κ(G) ≤ ‖G‖_F·‖C‖_F ≤ KAPPA_MAX² bounds κ, and every σ is kept, none
 * near the cutoff, when 1/√‖C‖_F > CERTIFY_MARGIN·max(atol, max(rtol, 0)·√‖G‖_F) (σ₁ ≤ ‖G‖_F^½; C's relative error
 * O(eps·κ²) ≤ 1e-12 is far inside the margin). Then ws.certified is set, NaN is written for σ, and
 * {@link pinvQrApplyCertified} gives P — bitwise what pinvQrApply gives at full rank — without the eigenvalues of G
 * (dsytrd and the QL iteration: about a fifth of the time at 3000×300).
 */
export function pinvQrFactor(
  m: number,
  n: number,
  a: Float64Array,
  aOff: number,
  s: Float64Array,
  sOff: number,
  ws: PinvQrWorkspace,
  tol: { atol: number; rtol: number } | null = null,
): number {
  if (ws.m !== m || ws.n !== n) throw new Error(`pinvQr: workspace is for ${ws.m}×${ws.n}, got ${m}×${n}`);
  const M = Math.max(m, n);
  const N = Math.min(m, n);
  const amax = maxAbs(a, aOff, m * n);
  if (amax < 0) return -1;
  ws.a = a;
  ws.aOff = aOff;
  ws.amax = amax;
  ws.certified = false;
  ws.gram = inNormalRange(amax) && gramFactor(m, n, a, aOff, s, sOff, ws, tol);
  if (ws.gram) return 0;
  // As ./svd: scale by 2^p (two exact factors) when max|aᵢⱼ| is outside dgesvd's range; σ is scaled back.
  const p = scaleExponent(amax);
  const p1 = p >> 1;
  qrScaled(m, n, a, aOff, p, ws);
  const { w, r } = ws;
  for (let i = 0; i < N; i++) {
    for (let c = 0; c < i; c++) r[i * N + c] = 0;
    for (let c = i; c < N; c++) r[i * N + c] = w[c * M + i];
  }
  const info = svdReal(N, N, r, 0, ws.sv, 0, ws.ur, 0, ws.vrt, 0, ws.inner);
  if (info !== 0) return info;
  const g1 = 2 ** -p1;
  const g2 = 2 ** (p1 - p);
  for (let i = 0; i < N; i++) s[sOff + i] = p === 0 ? ws.sv[i] : ws.sv[i] * g1 * g2;
  return 0;
}

/**
 * The Gram path of {@link pinvQrFactor} (see the file comment): G = WᵀW into r (lower triangle), its Cholesky factor L into ur (dpotrf,
 * a cheap rejection of clearly ill-conditioned input, and later C = G⁻¹ = L⁻ᵀ·L⁻¹ as dpotri forms it), then the
 * eigenvalues of G only (./eigh values-only: dsytrd + the QL iteration without vectors, O(N²) after the reduction)
 * descending into sv; σ = √λ into s. The eigenvectors are only formed by {@link gramVectors} when a singular value is
 * cut off (pinvQrApply). False, with s untouched, when κ > KAPPA_MAX (or eigh did not converge): the QR path must run.
 */
function gramFactor(
  m: number,
  n: number,
  a: Float64Array,
  aOff: number,
  s: Float64Array,
  sOff: number,
  ws: PinvQrWorkspace,
  tol: { atol: number; rtol: number } | null,
): boolean {
  const N = Math.min(m, n);
  const { r, ur, sv, ew, c } = ws;
  gramLower(m, n, a, aOff, r, ws.vrt);
  const k2 = KAPPA_MAX * KAPPA_MAX;
  if (!choleskyAccepts(N, r, ur)) return false;
  inverseFromCholesky(N, ur, ws.vrt, c, ws.tri);
  if (tol !== null) {
    let fg = 0;
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < i; j++) fg += 2 * r[i * N + j] * r[i * N + j];
      fg += r[i * N + i] * r[i * N + i];
    }
    fg = Math.sqrt(fg);
    let fc = 0;
    for (let i = 0, len = N * N; i < len; i++) fc += c[i] * c[i];
    fc = Math.sqrt(fc);
    const cut = CERTIFY_MARGIN * Math.max(tol.atol, Math.max(tol.rtol, 0) * Math.sqrt(fg));
    if (fg * fc <= k2 && 1 / Math.sqrt(fc) > cut) {
      ws.certified = true;
      s.fill(Number.NaN, sOff, sOff + N);
      return true;
    }
  }
  // dsyev values only: ascending λ, reversed into descending sv.
  if (eighReal(N, r, 0, 'L', ew, 0, null, 0, ws.eig) !== 0) return false;
  for (let l = 0; l < N; l++) sv[l] = ew[N - 1 - l];
  if (!(sv[N - 1] * k2 >= sv[0])) return false;
  ws.gramVectors = false;
  for (let i = 0; i < N; i++) s[sOff + i] = Math.sqrt(sv[i]);
  return true;
}

/** Row blocks of the lower triangle of G formed by {@link gramLower} (3 bands and more). */
const SYRK_BLOCKS = 4;
/** Smallest N whose G is formed by blocks (below, one GEMM of the whole of G costs less than four calls). */
const SYRK_MIN = 48;

/**
 * The lower triangle (with the diagonal) of G = WᵀW (N×N) into g (dsyrk, lower): row band [i0, i1) of G is
 * W[:, i0:i1]ᵀ·W[:, 0:i1], one GEMM of depth M per band into `scratch` (≥ N² entries), copied into place — with
 * SYRK_BLOCKS bands about (1 + 1/SYRK_BLOCKS)/2 of the 2·M·N² flops of the full product. The upper triangle is left
 * unspecified (only the lower one is read: Cholesky, eigh 'L').
 */
function gramLower(m: number, n: number, a: Float64Array, aOff: number, g: Float64Array, scratch: Float64Array): void {
  const N = Math.min(m, n);
  const M = Math.max(m, n);
  // W(i, j) = a[aOff + i·wr + j·wc]: W = A (tall) or Aᵀ (wide); G(i, j) = Σ_l W(l, i)·W(l, j).
  const [wr, wc] = m >= n ? [n, 1] : [1, n];
  if (N < SYRK_MIN) {
    gemmF64(N, N, M, a, aOff, wc, wr, a, aOff, wr, wc, g, 0);
    return;
  }
  const band = Math.ceil(N / SYRK_BLOCKS);
  for (let i0 = 0; i0 < N; i0 += band) {
    const i1 = Math.min(N, i0 + band);
    gemmF64(i1 - i0, i1, M, a, aOff + i0 * wc, wc, wr, a, aOff, wr, wc, scratch, 0);
    for (let i = i0; i < i1; i++) g.set(scratch.subarray((i - i0) * i1, (i - i0) * i1 + i + 1), i * N);
  }
}

/**
 * The eigenvectors of G (still in r) for the Gram path at a kept rank below N: λ (descending) into sv and Vᵀ into vrt
 * (dsyev with vectors; ur: its eigenvectors). It repeats the QL iteration of gramFactor's values-only call on the same
 * tridiagonal matrix (./steqr's rotations only touch the vectors in addition), so it converges as that call did and
 * gives bitwise the same λ.
 */
function gramVectors(ws: PinvQrWorkspace): void {
  const N = Math.min(ws.m, ws.n);
  const { r, ur, sv, vrt, ew } = ws;
  ws.gramVectors = true;
  if (eighReal(N, r, 0, 'L', ew, 0, ur, 0, ws.eig) !== 0) throw new Error('pinvQr: eigh of G did not converge twice');
  // Ascending λ, column j of ur the eigenvector of λ_j; reversed into descending sv and rows of vrt.
  for (let l = 0; l < N; l++) {
    const j = N - 1 - l;
    sv[l] = ew[j];
    for (let i = 0; i < N; i++) vrt[l * N + i] = ur[i * N + j];
  }
}

/**
 * C = G⁻¹ (N×N into c) from the Cholesky factor L of G = L·Lᵀ (lower, at l, positive diagonal) as dpotri forms it:
 * with U = Lᵀ, G⁻¹ = U⁻¹·U⁻ᵀ — U⁻¹ (./pinv-qr-inverse, dtrtri) into x, then one GEMM. Error O(eps·κ(G)) relative.
 */
function inverseFromCholesky(N: number, l: Float64Array, x: Float64Array, c: Float64Array, tri: Float64Array): void {
  for (let i = 0; i < N; i++) {
    x.fill(0, i * N, i * N + i);
    for (let j = i; j < N; j++) x[i * N + j] = l[j * N + i];
  }
  invertUpper(N, x, 0, N, tri);
  gemmF64(N, N, N, x, 0, N, 1, x, 0, 1, N, c, 0);
}

/**
 * The Cholesky factor of G (lower triangle of g) into l, and the quick rejection of clearly ill-conditioned G: false
 * when Cholesky fails or max Gᵢᵢ > KAPPA_MAX²·min pivot² (pivots are ≥ λ_min, so that ratio is ≤ κ(G)).
 */
function choleskyAccepts(N: number, g: Float64Array, l: Float64Array): boolean {
  if (choleskyReal(N, g, 0, l, 0) !== 0) return false;
  let gmax = 0;
  let pmin = Number.POSITIVE_INFINITY;
  for (let i = 0; i < N; i++) {
    gmax = Math.max(gmax, g[i * N + i]);
    pmin = Math.min(pmin, l[i * N + i] * l[i * N + i]);
  }
  return gmax <= KAPPA_MAX * KAPPA_MAX * pmin;
}

/** P = C·Aᵀ (tall: pinv(A) = C·Wᵀ, W = A) or P = Aᵀ·C (wide: W = Aᵀ, pinv(A) = pinv(W)ᵀ); C is N×N at c. */
function gramProduct(
  m: number,
  n: number,
  c: Float64Array,
  a: Float64Array,
  aOff: number,
  p: Float64Array,
  pOff: number,
) {
  if (m >= n) gemmF64(n, m, n, c, 0, n, 1, a, aOff, 1, n, p, pOff);
  else gemmF64(n, m, m, a, aOff, 1, n, c, 0, m, 1, p, pOff);
}

/**
 * After {@link pinvQrFactor}: P (n×m at p[pOff..]) := V·diag(inv)·Uᴴ over the first `rank` singular triplets of A,
 * inv[l] being the caller's 1/σ_l (of A's σ, unscaled: the power-of-two scaling cancels in U_R and V_R). Returns
 * true when the normal-equations form ran: then `ws.r` holds the N×N C = V·diag(inv_l/σ_l)·Vᵀ with P = C·Wᵀ, which
 * is (WᵀW)⁻¹ when inv_l = 1/σ_l for all N (the pinv backward reuses it). Assumption: inv_l = 1/σ_l as pinvQrFactor
 * returned σ_l (at full rank on the Gram path, C = G⁻¹ is formed without reading inv).
 */
export function pinvQrApply(
  ws: PinvQrWorkspace,
  inv: Float64Array,
  rank: number,
  p: Float64Array,
  pOff: number,
): boolean {
  const { m, n, ur, vrt } = ws;
  const M = Math.max(m, n);
  const N = Math.min(m, n);
  if (ws.gram && rank === N) {
    // Every σ kept, inv_l = 1/σ_l (no power-of-two scaling in the normal range): C = G⁻¹ (dpotri), formed by
    // gramFactor from the Cholesky factor, into r.
    ws.r.set(ws.c);
  } else if (ws.gram && !ws.gramVectors) gramVectors(ws);
  if (ws.gram || (rank > 0 && inNormalRange(ws.amax) && ws.sv[rank - 1] * KAPPA_MAX >= ws.sv[0])) {
    // Normal-equations form (see the file comment): C = V·diag(inv_l/σ_l)·Vᵀ into r, then P = C·Aᵀ (tall) or
    // P = Aᵀ·C (wide, pinv(A) = pinv(W)ᵀ with W = Aᵀ). In this range A was not scaled, so sv holds A's σ (or λ = σ²).
    const { sv, r, gram } = ws;
    if (!gram || rank < N) {
      for (let l = 0; l < rank; l++) {
        const d = inv[l] / (gram ? Math.sqrt(sv[l]) : sv[l]);
        for (let j = 0; j < N; j++) ur[l * N + j] = d * vrt[l * N + j];
      }
      gemmF64(N, N, rank, vrt, 0, 1, N, ur, 0, N, 1, r, 0);
    }
    gramProduct(m, n, r, ws.a, ws.aOff, p, pOff);
    return true;
  }
  const y = m >= n ? ws.y : p;
  const yOff = m >= n ? 0 : pOff;
  // Z = U_R[:, 0:rank]·diag(inv)·V_Rᵀ[0:rank, :] into the top N rows of Y, zeros below.
  for (let i = 0; i < N; i++) for (let l = 0; l < rank; l++) ur[i * N + l] *= inv[l];
  gemmF64(N, N, rank, ur, 0, N, 1, vrt, 0, N, 1, y, yOff);
  y.fill(0, yOff + N * N, yOff + M * N);
  ormqrReal(M, N, ws.w, ws.ts, y, yOff, N, ws.bw);
  if (m >= n) transposeScaled(M, N, y, 0, 1, p, pOff);
  return false;
}

/**
 * After {@link pinvQrFactor} set ws.certified: P (n×m at p[pOff..]) := C·Wᵀ = pinv(A) with C = G⁻¹, which is left in
 * ws.r (as pinvQrApply leaves it).
 */
export function pinvQrApplyCertified(ws: PinvQrWorkspace, p: Float64Array, pOff: number): void {
  if (!ws.certified) throw new Error('pinvQrApplyCertified: the last pinvQrFactor did not certify');
  ws.r.set(ws.c);
  gramProduct(ws.m, ws.n, ws.r, ws.a, ws.aOff, p, pOff);
}
