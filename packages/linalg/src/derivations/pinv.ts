/**
 * pinv backward — Golub & Pereyra, "The differentiation of pseudo-inverses and nonlinear least squares problems whose
 * variables separate", SIAM J. Numer. Anal. 10(2), 1973 (the formula PyTorch, JAX and HIPS autograd use). With
 * P = pinv(A) as computed (thresholded, so P is the pseudo-inverse of the rank-r truncation of A) and G = ∂L/∂P:
 *
 *   gA = −Pᴴ G Pᴴ + (I − A P) Gᴴ P Pᴴ + Pᴴ P Gᴴ (I − P A)
 *
 * It divides by no singular-value gap and is the true derivative wherever the rank is locally constant (docs/semantics.md §3.4).
 * Products are ordered so that every intermediate is min(m, n)² sized: tall inputs (m ≥ n) use n×n intermediates, and
 * wide inputs are handled through pinv(Aᴴ) = Pᴴ (gA = (backward of Aᴴ with Pᴴ, Gᴴ)ᴴ). Written with differentiable ops,
 * so double backward (and higher) is analytic: it differentiates this formula, reaching P through pinv's own node.
 * The hermitian path uses the same formula.
 *
 * When the kept rank r equals n (full column rank), P A = I exactly on the constant-rank manifold, so the third term
 * and all its derivatives vanish; likewise the second term when r = m. Dropping them is exact (not an approximation)
 * under the formula's own assumption and turns the square invertible case into the 2-GEMM inverse gradient.
 */
import type { Tensor } from '@tapegrad/core';
import { add, matmul, neg, ShapeError, sub } from '@tapegrad/core';
import { describeTensor, formatShape } from '@tapegrad/core/internal';
import { checkMatrix } from '../validate';
import { mH } from './common';

/** What the forward pass knows about the rank r of every matrix in the batch. */
export interface PinvRankInfo {
  /** r = n for every matrix. */
  fullColumnRank: boolean;
  /** r = m for every matrix. */
  fullRowRank: boolean;
}

/** Golub–Pereyra VJP of pinv for A (*, m, n), P = pinv(A) (*, n, m), G (*, n, m). */
export function pinvBackward(A: Tensor, P: Tensor, G: Tensor, rank: PinvRankInfo = NO_RANK_INFO): Tensor {
  const m = A.shape[A.ndim - 2];
  const n = A.shape[A.ndim - 1];
  if (m < n) {
    const swapped = { fullColumnRank: rank.fullRowRank, fullRowRank: rank.fullColumnRank };
    return mH(tallBackward(mH(A), mH(P), mH(G), swapped));
  }
  return tallBackward(A, P, G, rank);
}

const NO_RANK_INFO: PinvRankInfo = { fullColumnRank: false, fullRowRank: false };

/** The formula for m ≥ n: every intermediate is n×n. */
function tallBackward(A: Tensor, P: Tensor, G: Tensor, rank: PinvRankInfo): Tensor {
  const Ph = mH(P); // m×n
  const Gh = mH(G); // m×n
  if (rank.fullColumnRank && !rank.fullRowRank) {
    // Full column rank: Pᴴ = A·C with C = (AᴴA)⁻¹ = P·Pᴴ, and P·Gᴴ = Kᴴ for K = G·Pᴴ, so
    // −Pᴴ G Pᴴ + (I − A P) Gᴴ P Pᴴ = Gᴴ·C − A·(C·K + Kᴴ·C): four m×n×n products instead of six (the identity holds
    // on the open set of full-column-rank A, so its derivatives of every order are those of the general formula).
    const K = matmul(G, Ph);
    const C = matmul(P, Ph);
    return sub(matmul(Gh, C), matmul(A, add(matmul(C, K), matmul(mH(K), C))));
  }
  // −Pᴴ G Pᴴ
  let result = neg(matmul(Ph, matmul(G, Ph)));
  if (!rank.fullRowRank) {
    // (I − A P) Gᴴ P Pᴴ = X − A (P X) with X = Gᴴ (P Pᴴ)
    const X = matmul(Gh, matmul(P, Ph));
    result = add(result, sub(X, matmul(A, matmul(P, X))));
  }
  if (!rank.fullColumnRank) {
    // Pᴴ P Gᴴ (I − P A) = Y − Y (P A) with Y = Pᴴ (P Gᴴ)
    const Y = matmul(Ph, matmul(P, Gh));
    result = add(result, sub(Y, matmul(Y, matmul(P, A))));
  }
  return result;
}

/**
 * Forward-mode derivative (JVP) of pinv in direction dA:
 *   dP = −P dA P + (I − P A) dAᴴ Pᴴ P + P Pᴴ dAᴴ (I − A P)
 */
export function pinvJvp(A: Tensor, P: Tensor, dA: Tensor): Tensor {
  const op = 'linalg.pinvJvp';
  checkMatrix(op, A);
  checkMatrix(op, P);
  checkMatrix(op, dA);
  const m = A.shape[A.ndim - 2];
  const n = A.shape[A.ndim - 1];
  const batch = formatShape(A.shape.slice(0, -2));
  const expect = (t: Tensor, name: string, rows: number, cols: number) => {
    if (formatShape(t.shape.slice(0, -2)) !== batch || t.shape[t.ndim - 2] !== rows || t.shape[t.ndim - 1] !== cols)
      throw new ShapeError(
        `${op}: expected ${name} of shape ${formatShape([...A.shape.slice(0, -2), rows, cols])}, got ${describeTensor(t)}`,
      );
  };
  expect(P, 'P = pinv(A)', n, m);
  expect(dA, 'dA', m, n);
  const dAh = mH(dA);
  const Ph = mH(P);
  const first = neg(matmul(P, matmul(dA, P)));
  const X = matmul(dAh, matmul(Ph, P)); // n×m
  const second = sub(X, matmul(P, matmul(A, X)));
  const Y = matmul(P, matmul(Ph, dAh)); // n×m
  const third = sub(Y, matmul(matmul(Y, A), P));
  return add(add(first, second), third);
}
