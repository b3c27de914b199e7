/**
 * The adjugate and its derivative through the SVD — the derivatives of the determinant, exact at and near singular
 * matrices (Higham, "What is the adjugate of a matrix?", 2020; PyTorch 1.13's linalg_det_backward switches to an
 * SVD-based adjugate for singular input).
 *
 * ∂det/∂A = adj(A)ᵀ, so det's backward is g·adj(A)ᴴ. With A = UΣVᴴ and c = det(U)·det(Vᴴ),
 *   adj(A) = c·V·adj(Σ)·Uᴴ,  adj(Σ) = diag(Π_{j≠i} σ_j)          (adj(XYZ) = adj(Z)·adj(Y)·adj(X))
 * which never divides by det or by σ, unlike det·A⁻¹ (whose error grows like eps/σ_min).
 * Derivative: A + tE = U(Σ + tF)Vᴴ exactly, with F = UᴴEV and U, V held fixed, so d adj[E] = c·V·L(F)·Uᴴ where, for a
 * diagonal Σ (cofactor expansion to first order in t),
 *   L(F) = diag(P·diag(F)) − F∘P,  P_ik = Π_{j∉{i,k}} σ_j (i ≠ k),  P_ii = 0.
 * L is real and self-adjoint for ⟨X, Y⟩ = Re tr(XᴴY), so the backward of adj for an output gradient G is
 *   gA = U·L(conj(c)·VᴴGU)·Vᴴ.
 * Assumptions: none on the spectrum — repeated and zero singular values are fine, since nothing is divided. The SVD's
 * phase freedom (U → UD, V → VD, D diagonal unitary) cancels: c → c, and L(D̄FD) = D̄·L(F)·D.
 * Cost: O(n³) memory for P (products over n − 2 values for each pair), fine for the matrix sizes det is used at.
 */
import type { Tensor } from '@tapegrad/core';
import { diagEmbed, diagonal, eye, matmul, mul, prod, sub, tensor, where } from '@tapegrad/core';
import { mH } from './common';

/** Π_{j≠i} σ_j for each i: (*, n) → (*, n), by products (differentiable, zeros allowed). */
export function productsOfOthers(S: Tensor): Tensor {
  const n = S.shape[S.ndim - 1];
  const self = eye(n, { dtype: 'bool' });
  return prod(where(self, 1, S.unsqueeze(-2)), -1);
}

/** P_ik = Π_{j∉{i,k}} σ_j off the diagonal, 0 on it: (*, n) → (*, n, n). */
function pairProducts(S: Tensor): Tensor {
  const n = S.shape[S.ndim - 1];
  const mask = new Uint8Array(n * n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      mask[(i * n + k) * n + i] = 1;
      mask[(i * n + k) * n + k] = 1;
    }
  const excluded = tensor(mask, { dtype: 'bool', shape: [n, n, n] });
  const P = prod(where(excluded, 1, S.unsqueeze(-2).unsqueeze(-2)), -1);
  return mul(P, sub(1, eye(n, { dtype: P.dtype })));
}

/** adj(A) = c·V·adj(Σ)·Uᴴ from A = U·diag(S)·Vh; `phase` is c = det(U)·det(Vh), shape (*). */
export function adjugateFromSvd(U: Tensor, S: Tensor, Vh: Tensor, phase: Tensor): Tensor {
  const scaled = mul(mH(Vh), productsOfOthers(S).to(U.dtype).unsqueeze(-2));
  return mul(matmul(scaled, mH(U)), phase.unsqueeze(-1).unsqueeze(-1));
}

/** The backward of adj at A = U·diag(S)·Vh for the output gradient G: U·L(conj(c)·VᴴGU)·Vᴴ (see the header). */
export function adjugateBackward(U: Tensor, S: Tensor, Vh: Tensor, phase: Tensor, G: Tensor): Tensor {
  const F = mul(matmul(matmul(Vh, G), U), phase.conj().unsqueeze(-1).unsqueeze(-1));
  const P = pairProducts(S).to(F.dtype);
  const diagPart = matmul(P, diagonal(F, 0, -2, -1).unsqueeze(-1)).squeeze(-1);
  const L = sub(diagEmbed(diagPart), mul(F, P));
  return matmul(matmul(U, L), Vh);
}
