/**
 * eigh backward — for A = V Λ Vᴴ (Hermitian), with K = Vᴴ gV and E_jl = λ_l − λ_j:
 *
 *   gA = V ( offdiag( (K − Kᴴ)/2 / E ) + diag(gΛ) ) Vᴴ
 *
 * (the skew-Hermitian projection of K is the tangent space of the unitary group; Giles, "An extended collection of
 * matrix derivative results", 2008, §3.1, and PyTorch's linalg_eig_backward for the Hermitian case). For complex
 * inputs the loss must not depend on the eigenvectors' phases (checked: Im diag K ≈ 0, tolerances 1e-2).
 * Assumption: distinct eigenvalues when gV is present (else inf/NaN and a TAPEGRAD_EIGH_UNSTABLE warning). With only
 * gΛ (eigvalsh) there is no division. Written with differentiable ops.
 */
import type { Tensor } from '@tapegrad/core';
import {
  add,
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
import { mH, offDiagonal } from './common';

export function eighBackward(L: Tensor, V: Tensor, gL: Tensor | null, gV: Tensor | null): Tensor {
  const dtype = V.dtype;
  const n = V.shape[V.ndim - 1];
  if (gV === null) {
    if (gL === null) return zerosLike(V);
    return matmul(mul(V, gL.to(dtype).unsqueeze(-2)), mH(V));
  }
  warnIfRepeated(L);
  const K = matmul(mH(V), gV);
  if (V.isComplex) checkPhaseInvariance(K);
  const E = add(sub(L.unsqueeze(-2), L.unsqueeze(-1)), eye(n, { dtype: L.dtype })).to(dtype);
  let inner = offDiagonal(div(mul(sub(K, mH(K)), 0.5), E));
  if (gL) inner = add(inner, diagEmbed(gL.to(dtype)));
  return matmul(matmul(V, inner), mH(V));
}

function checkPhaseInvariance(K: Tensor): void {
  noGrad(() => {
    if (
      !imag(diagonal(K, 0, -2, -1))
        .abs()
        .le(1e-2)
        .toTypedArray()
        .every((v) => v === 1)
    ) {
      throw new LinalgError(
        'eigh_backward: The eigenvectors in the complex case are specified up to multiplication by e^{i phi}. The specified loss function depends on this phase term, making it ill-defined.',
      );
    }
  });
}

/** TAPEGRAD_EIGH_UNSTABLE: two eigenvalues closer than GAP_FACTOR·√eps·max|λ|. */
function warnIfRepeated(L: Tensor): void {
  const n = L.shape[L.ndim - 1];
  if (n < 2) return;
  const values = Float64Array.from(L.detach().contiguous().toTypedArray() as ArrayLike<number>);
  const tol = GAP_FACTOR * Math.sqrt(epsOf(L.dtype));
  for (let t = 0; t < values.length / n; t++) {
    const scale = Math.max(Math.abs(values[t * n]), Math.abs(values[t * n + n - 1]));
    for (let j = 0; j + 1 < n; j++) {
      // An all-zero spectrum is fully repeated (gap taken as 0, not 0/0).
      const gap = scale === 0 ? 0 : (values[t * n + j + 1] - values[t * n + j]) / scale;
      if (gap <= tol) {
        warnings.warn(
          'NumericalWarning',
          'TAPEGRAD_EIGH_UNSTABLE',
          `linalg.eigh backward: eigenvalues λ${j + 1} = ${values[t * n + j].toExponential(6)} and λ${j + 2} = ${values[t * n + j + 1].toExponential(6)} are (nearly) repeated ((λ${j + 2} − λ${j + 1})/max|λ| = ${gap.toExponential(2)} ≤ ${tol.toExponential(2)}). The gradient with respect to the eigenvectors divides by λ_k − λ_j, so it is numerically unstable (inf or NaN when they are equal); the eigenvectors of a repeated eigenvalue are not unique. Losses that depend only on the eigenvalues (eigvalsh) are stable.`,
        );
        return;
      }
    }
  }
}
