/**
 * Thresholds of the numerical-instability warnings (docs/semantics.md §3.6), documented in the README. They are chosen so that
 * well-conditioned inputs never warn, and exactly rank-deficient inputs (whose null singular values are roundoff,
 * far below the cutoff) never warn either.
 */

/**
 * TAPEGRAD_PINV_UNSTABLE (rank ambiguity): a singular value σ (|λ| when hermitian) with
 * |σ − cutoff| ≤ PINV_CUTOFF_BAND · cutoff. Within that band a relative perturbation of the input of about
 * PINV_CUTOFF_BAND changes the numerical rank, where pinv jumps and its derivative does not exist.
 */
export const PINV_CUTOFF_BAND = 1e-3;

/**
 * TAPEGRAD_PINV_UNSTABLE / TAPEGRAD_SVD_UNSTABLE (conditioning): the kept spectrum warns when σ_max/σ_min_kept ≥
 * ILL_CONDITIONED_FACTOR / √eps(dtype) — about 6.7e7 in float64 and 2.9e3 in float32 — where the gradient, which
 * scales with κ², has lost about all of its significant digits.
 */
export const ILL_CONDITIONED_FACTOR = 1;

/**
 * TAPEGRAD_SVD_UNSTABLE / TAPEGRAD_EIGH_UNSTABLE (near-repeated values): the singular-vector gradient divides by
 * σ_k² − σ_j² (the eigenvector gradient by λ_k − λ_j). It warns when a gap is ≤ GAP_FACTOR · √eps(dtype) times the
 * scale (σ_j − σ_k relative to σ₁ for svd, only for pairs the incoming gradient mixes; λ_k − λ_j relative to max|λ| for
 * eigh): the relative error of that quotient then exceeds √eps.
 */
export const GAP_FACTOR = 1;
