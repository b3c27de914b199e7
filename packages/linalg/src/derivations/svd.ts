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
  warnIfUnstable(S, m, n, gU !== null, gVh !== null, isComplex);
  const J = gU ? matmul(mH(U), gU) : null;
  const K = gVh ? matmul(Vh, mH(gVh)) : null;
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

/**
 * TAPEGRAD_SVD_UNSTABLE: (nearly) repeated singular values, or a (nearly) zero σ when the gradient has a term that
 * divides by σ — (I − UUᴴ) gU S⁻¹ Vᴴ needs m > n and gU, U S⁻¹ gVᴴ (I − VVᴴ) needs n > m and gVh, the complex phase
 * term needs both — per matrix.
 */
function warnIfUnstable(S: Tensor, m: number, n: number, hasGU: boolean, hasGVh: boolean, isComplex: boolean): void {
  const projection = (m > n && hasGU) || (n > m && hasGVh);
  const phase = isComplex && hasGU && hasGVh;
  const k = S.shape[S.ndim - 1];
  if (k === 0) return;
  const values = Float64Array.from(S.detach().contiguous().toTypedArray() as ArrayLike<number>);
  const tol = GAP_FACTOR * Math.sqrt(epsOf(S.dtype));
  for (let t = 0; t < values.length / k; t++) {
    const s1 = values[t * k];
    // An all-zero spectrum is the extreme case of both (relative measures taken as 0, not 0/0).
    for (let j = 0; j + 1 < k; j++) {
      const a = values[t * k + j];
      const b = values[t * k + j + 1];
      const gap = s1 === 0 ? 0 : (a * a - b * b) / (s1 * s1);
      if (gap <= tol) {
        warnings.warn(
          'NumericalWarning',
          'TAPEGRAD_SVD_UNSTABLE',
          `linalg.svd backward: singular values σ${j + 1} = ${a.toExponential(6)} and σ${j + 2} = ${b.toExponential(6)} are (nearly) repeated ((σ${j + 1}² − σ${j + 2}²)/σ1² = ${gap.toExponential(2)} ≤ ${tol.toExponential(2)}). The gradient with respect to U and Vh divides by σ_k² − σ_j², so it is numerically unstable (inf or NaN when they are equal). Losses that depend only on the singular values (svdvals) or on U·S·Vh are stable.`,
        );
        return;
      }
    }
    const last = values[t * k + k - 1];
    if ((projection || phase) && last <= tol * s1) {
      const why = projection
        ? `For m ${m > n ? '>' : '<'} n the gradient with respect to ${m > n ? 'U' : 'Vh'} divides by σ`
        : 'For complex input the phase term of the gradient with respect to U and Vh divides by σ';
      warnings.warn(
        'NumericalWarning',
        'TAPEGRAD_SVD_UNSTABLE',
        `linalg.svd backward: the smallest singular value σ${k} = ${last.toExponential(6)} of a ${m}×${n} matrix is (nearly) zero (σ${k}/σ1 = ${(s1 === 0 ? 0 : last / s1).toExponential(2)}). ${why}, so it is numerically unstable (inf or NaN at σ = 0).`,
      );
      return;
    }
  }
}
