/**
 * Cholesky backward — Murray, "Differentiation of the Cholesky decomposition", 2016. With A = L Lᴴ, P = Lᴴ gL and
 * the middle factor M = ½(tril(P) + tril(P, −1)ᴴ) (Φ(P) = tril(P) with the diagonal halved, made Hermitian off the
 * diagonal):
 *
 *   gA = L⁻ᴴ M L⁻¹.
 *
 * This is PyTorch's cholesky_backward convention exactly (1.13 and 2.x): for real input gA is symmetric; for complex
 * input M keeps i·Im(diag P)/2, so gA has a skew-Hermitian part L⁻ᴴ·(i·Im diag(P)/2)·L⁻¹. That part is orthogonal to
 * every Hermitian direction dA (the only meaningful ones: A is Hermitian), so ⟨gA, dA⟩ is the same as with the
 * Hermitian part alone; keeping it means a script ported from PyTorch gets PyTorch's gradient (and, through the
 * differentiable ops below, PyTorch's second derivatives) — checked by the differential suite.
 *
 * Assumes A Hermitian positive definite. Written with differentiable ops (triangular solves, matmul, tril).
 */
import type { Tensor } from '@tapegrad/core';
import { add, matmul, mul, tril } from '@tapegrad/core';
import { solveTriangular } from '../ops/triangular';
import { mH } from './common';

export function choleskyBackward(L: Tensor, gL: Tensor): Tensor {
  const P = matmul(mH(L), gL);
  const M = mul(add(tril(P), mH(tril(P, -1))), 0.5);
  // L⁻ᴴ M L⁻¹: first Z = M L⁻¹ (solve Z L = M), then L⁻ᴴ Z (solve Lᴴ W = Z).
  const Z = solveTriangular(L, M, { upper: false, left: false });
  return solveTriangular(mH(L), Z, { upper: true });
}
