/**
 * svd backward — Townsend, "Differentiating the singular value decomposition" (2016), extended to complex inputs.
 * With A = U S Vᴴ (reduced, k = min(m, n)), J = Uᴴ gU, K = Vᴴ gV (gV = gVhᴴ), E_jl = σ_l² − σ_j² (diagonal unused):
 *
 *   gA = U [ offdiag(skew(J)/E)·S + S·offdiag(skew(K)/E) + diag(gS) + i·diag(Im J_jj / σ_j) ] Vᴴ
 *        + (I − UUᴴ) gU S⁻¹ Vᴴ   (m > k)   + U S⁻¹ gVᴴ (I − VVᴴ)   (n > k)
 *
 * The imaginary diagonal term (complex inputs, only when both gU and gV are present, as PyTorch's
 * linalg_svd_backward: with gU alone, invariance makes Im J_jj = 0 and the term would only divide roundoff by σ)
 * fixes the phase gauge (V's diagonal phase held); it is valid only for losses invariant
 * under U → U e^{iφ}, V → V e^{iφ}, which is checked (PyTorch's test: Im diag J ≈ −Im diag K, tolerances 1e-2).
 * Assumptions: distinct singular values when gU or gV is present, and non-zero σ for the terms that divide by it (m ≠ n,
 * complex phase); otherwise the
 * result is inf/NaN and a TAPEGRAD_SVD_UNSTABLE warning says why. With only gS there is no division (svdvals).
 * Written with differentiable ops, so it can itself be differentiated.
 */
import type { Tensor } from '@tapegrad/core';
import {
  add,
  complex,
  diagEmbed,
  diagonal,
  div,
  epsOf,
  eye,
  imag,
  LinalgError,
  matmul,
  mul,
  noGrad,
  sub,
  warnings,
  zerosLike,
} from '@tapegrad/core';
import { GAP_FACTOR } from '../thresholds';
import { mH, offDiagonal, skew } from './common';

export function svdBackward(
  U: Tensor,
  S: Tensor,
  Vh: Tensor,
  gU: Tensor | null,
  gS: Tensor | null,
  gVh: Tensor | null,
): Tensor {
  const m = U.shape[U.ndim - 2];
  const n = Vh.shape[Vh.ndim - 1];
  const k = S.shape[S.ndim - 1];
  const dtype = U.dtype;
  const isComplex = U.isComplex;
  const Sc = S.to(dtype);
  if (gU === null && gVh === null) {
    if (gS === null) return zerosLike(matmul(U, Vh));
    return matmul(mul(U, gS.to(dtype).unsqueeze(-2)), Vh);
  }
  const J = gU ? matmul(mH(U), gU) : null;
  const K = gVh ? matmul(Vh, mH(gVh)) : null;
  warnIfUnstable(S, m, n, { J, K, gU, gVh, isComplex });
  if (isComplex) checkPhaseInvariance(J, K);
  const S2 = mul(S, S);
  const E = sub(S2.unsqueeze(-2), S2.unsqueeze(-1)).to(dtype);
  // Off-diagonal entries of E are σ_l² − σ_j²; the diagonal (0) is masked out after the division.
  const safeE = add(E, eye(k, { dtype }));
  let inner: Tensor | null = null;
  if (J) inner = mul(offDiagonal(div(skew(J), safeE)), Sc.unsqueeze(-2));
  if (K) {
    const term = mul(Sc.unsqueeze(-1), offDiagonal(div(skew(K), safeE)));
    inner = inner ? add(inner, term) : term;
  }
  if (gS) inner = add(inner!, diagEmbed(gS.to(dtype)));
  if (J && K && isComplex) {
    const phase = div(imag(diagonal(J, 0, -2, -1)), S);
    inner = add(inner!, diagEmbed(complex(zerosLike(phase), phase)));
  }
  let gA = matmul(matmul(U, inner!), Vh);
  if (m > k && gU) {
    const proj = sub(gU, matmul(U, J!));
    gA = add(gA, matmul(div(proj, Sc.unsqueeze(-2)), Vh));
  }
  if (n > k && gVh) {
    const proj = sub(gVh, matmul(matmul(gVh, mH(Vh)), Vh));
    gA = add(gA, matmul(U, div(proj, Sc.unsqueeze(-1))));
  }
  return gA;
}

function checkPhaseInvariance(J: Tensor | null, K: Tensor | null): void {
  noGrad(() => {
    const imJ = J ? imag(diagonal(J, 0, -2, -1)) : null;
    const imK = K ? imag(diagonal(K, 0, -2, -1)) : null;
    const total = imJ && imK ? add(imJ, imK) : (imJ ?? imK)!;
    const scale = imJ && imK ? imK.abs() : zerosLike(total);
    // allclose(Im J, −Im K, rtol 1e-2, atol 1e-2)
    if (
      !total
        .abs()
        .le(add(mul(scale, 1e-2), 1e-2))
        .toTypedArray()
        .every((v) => v === 1)
    ) {
      throw new LinalgError(
        'svd_backward: The singular vectors in the complex case are specified up to multiplication by e^{i phi}. The specified loss function depends on this phase term, making it ill-defined.',
      );
    }
  });
}

/** The magnitudes (as plain numbers) of what the backward multiplies by 1/gap and by 1/σ, per matrix. */
interface Multiplied {
  /** |skew(J)_jl| + |skew(K)_jl| ([..., k, k]), or null when neither gU nor gVh is present. */
  pairs: Float64Array;
  /** Column j of gU (m > n) / row j of gVh (n > m) non-zero, and Im J_jj non-zero (complex, both present): [..., k]. */
  byS: Float64Array;
  /** Column j of gU plus row j of gVh non-zero: the loss depends on singular vector j ([..., k]). */
  vectors: Float64Array;
}

function multiplied(
  k: number,
  m: number,
  n: number,
  g: { J: Tensor | null; K: Tensor | null; gU: Tensor | null; gVh: Tensor | null; isComplex: boolean },
): Multiplied {
  return noGrad(() => {
    const plain = (t: Tensor) => Float64Array.from(t.contiguous().toTypedArray() as ArrayLike<number>);
    const { J, K, gU, gVh } = g;
    const skewAbs = (X: Tensor | null) => (X ? skew(X).abs() : null);
    const sJ = skewAbs(J);
    const sK = skewAbs(K);
    const pairs = plain(sJ && sK ? add(sJ, sK) : (sJ ?? sK)!);
    let byS: Tensor | null = null;
    const addTerm = (t: Tensor) => {
      byS = byS ? add(byS, t) : t;
    };
    if (m > n && gU) addTerm(gU.abs().sum(-2));
    if (n > m && gVh) addTerm(gVh.abs().sum(-1));
    if (g.isComplex && J && K) addTerm(imag(diagonal(J, 0, -2, -1)).abs());
    let vectors: Tensor | null = null;
    if (gU) vectors = gU.abs().sum(-2);
    if (gVh) vectors = vectors ? add(vectors, gVh.abs().sum(-1)) : gVh.abs().sum(-1);
    const none = () => new Float64Array(pairs.length / k);
    return { pairs, byS: byS ? plain(byS) : none(), vectors: vectors ? plain(vectors) : none() };
  });
}

/**
 * TAPEGRAD_SVD_UNSTABLE, per matrix, for the quotients the backward forms:
 * - a pair j < l whose singular vectors the loss depends on (column of gU / row of gVh non-zero), or with
 *   skew(J)_jl or skew(K)_jl ≠ 0, and σ_j − σ_l ≤ GAP_FACTOR·√eps·σ₁. The term
 *   σ_l/(σ_l² − σ_j²) = ½[1/(σ_l − σ_j) + 1/(σ_l + σ_j)] and the singular vectors themselves (Wedin's theorem) are
 *   perturbed relatively by about eps·σ₁/|σ_j − σ_l| by a backward-stable SVD, so the absolute gap relative to σ₁ is
 *   what decides the accuracy (not (σ_j² − σ_l²)/σ₁², which flags small, well-separated σ);
 * - a σ_j ≤ √eps·σ₁ that something non-zero is divided by: column j of gU (m > n, the (I − UUᴴ) gU S⁻¹ Vᴴ term),
 *   row j of gVh (n > m, U S⁻¹ gVh (I − VVᴴ)), Im J_jj (complex, the phase term).
 * An exactly zero divisor always warns (0/0 is NaN). A loss whose cotangent reaches only some singular vectors (e.g.
 * the double backward of matrixNorm(A, 2)) is then not flagged for gaps and σ it never divides by: their terms are
 * exactly 0/gap = 0.
 */
function warnIfUnstable(
  S: Tensor,
  m: number,
  n: number,
  g: { J: Tensor | null; K: Tensor | null; gU: Tensor | null; gVh: Tensor | null; isComplex: boolean },
): void {
  const k = S.shape[S.ndim - 1];
  if (k === 0) return;
  const values = Float64Array.from(S.detach().contiguous().toTypedArray() as ArrayLike<number>);
  const { pairs, byS, vectors } = multiplied(k, m, n, g);
  const tol = GAP_FACTOR * Math.sqrt(epsOf(S.dtype));
  for (let t = 0; t < values.length / k; t++) {
    const s1 = values[t * k];
    // An all-zero spectrum is the extreme case of both (relative measures taken as 0, not 0/0).
    for (let j = 0; j < k; j++) {
      for (let l = j + 1; l < k; l++) {
        const a = values[t * k + j];
        const b = values[t * k + l];
        const gap = s1 === 0 ? 0 : (a - b) / s1;
        // The loss depends on singular vector j or l (SVD_UNSTABLE's contract), or the quotient is formed.
        const depends = vectors[t * k + j] !== 0 || vectors[t * k + l] !== 0;
        if (gap <= tol && (pairs[t * k * k + j * k + l] !== 0 || a === b || depends)) {
          warnings.warn(
            'NumericalWarning',
            'TAPEGRAD_SVD_UNSTABLE',
            `linalg.svd backward: singular values σ${j + 1} = ${a.toExponential(6)} and σ${l + 1} = ${b.toExponential(6)} are (nearly) repeated ((σ${j + 1} − σ${l + 1})/σ1 = ${gap.toExponential(2)} ≤ ${tol.toExponential(2)}) and the loss depends on the corresponding singular vectors. The gradient with respect to U and Vh divides by σ${l + 1}² − σ${j + 1}², so it is numerically unstable (inf or NaN when they are equal). Losses that depend only on the singular values (svdvals) are stable.`,
          );
          return;
        }
      }
    }
    const projection = (m > n && g.gU !== null) || (n > m && g.gVh !== null);
    const phase = g.isComplex && g.J !== null && g.K !== null;
    for (let j = 0; (projection || phase) && j < k; j++) {
      const s = values[t * k + j];
      if (s > tol * s1 || (byS[t * k + j] === 0 && s !== 0)) continue;
      const why = projection
        ? `For m ${m > n ? '>' : '<'} n the gradient with respect to ${m > n ? 'U' : 'Vh'} divides by σ`
        : 'For complex input the phase term of the gradient with respect to U and Vh divides by σ';
      warnings.warn(
        'NumericalWarning',
        'TAPEGRAD_SVD_UNSTABLE',
        `linalg.svd backward: the singular value σ${j + 1} = ${s.toExponential(6)} of a ${m}×${n} matrix is (nearly) zero (σ${j + 1}/σ1 = ${(s1 === 0 ? 0 : s / s1).toExponential(2)}). ${why}, so it is numerically unstable (inf or NaN at σ = 0).`,
      );
      return;
    }
  }
}
