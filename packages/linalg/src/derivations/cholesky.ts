/**
 * Cholesky backward — Murray, "Differentiation of the Cholesky decomposition", 2016. With A = L Lᴴ and
 * Φ(X) = tril(X) with the diagonal halved (the map L⁻¹dA L⁻ᴴ ↦ L⁻¹dL):
 *
 *   gA = L⁻ᴴ Φ(Lᴴ gL) L⁻¹, then symmetrized: (gA + gAᴴ)/2, the Hermitian part (A is Hermitian, so only Hermitian
 *   directions dA are meaningful and ⟨gA, dA⟩ is unchanged by it). For real input this equals PyTorch 1.13's
 *   cholesky_backward. For complex input PyTorch 1.13 forms L⁻ᴴ·½(tril(P) + tril(P, −1)ᴴ)·L⁻¹ (P = Lᴴ gL), which keeps
 *   i·Im(diag P)/2 in the middle factor, so its gradient is not Hermitian; ours differs from it by that skew-Hermitian
 *   part L⁻ᴴ·(i·Im diag(P)/2)·L⁻¹, which is orthogonal to every Hermitian dA.
 *
 * Assumes A Hermitian positive definite. Written with differentiable ops (triangular solves, matmul, tril).
 */
import type { Tensor } from '@tapegrad/core';
import { add, diagEmbed, diagonal, matmul, mul, sub, tril } from '@tapegrad/core';
import { solveTriangular } from '../ops/triangular';
import { mH } from './common';

export function choleskyBackward(L: Tensor, gL: Tensor): Tensor {
  const P = matmul(mH(L), gL);
  const phi = sub(tril(P), mul(diagEmbed(diagonal(P, 0, -2, -1)), 0.5));
  // L⁻ᴴ Φ L⁻¹: first Z = Φ L⁻¹ (solve Z L = Φ), then L⁻ᴴ Z (solve Lᴴ W = Z).
  const Z = solveTriangular(L, phi, { upper: false, left: false });
  const W = solveTriangular(mH(L), Z, { upper: true });
  return mul(add(W, mH(W)), 0.5);
}
