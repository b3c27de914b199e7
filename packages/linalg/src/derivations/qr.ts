/**
 * QR backward (reduced mode). For m ≥ n, A = QR with Q m×n (QᴴQ = I) and R n×n upper triangular with real diagonal,
 * writing M = Qᴴ gQ − gR Rᴴ:
 *
 *   gA = (gQ − Q·copyltu(M))·R⁻ᴴ,    copyltu(M) = triu(M, 1) + triu(M, 1)ᴴ + Re diag(M)
 *
 * (derived from dR = (X − C)R, dQ = (I − QQᴴ)dA R⁻¹ + QC with X = Qᴴ dA R⁻¹ and C its skew-Hermitian lower part;
 * cf. Walter & Lehmann, "Algorithmic differentiation of linear algebra functions", 2018, and Seeger et al., "Auto-
 * differentiating linear algebra", 2017). For m < n, A = [X | Y] with X = QU square: gY = Q gV and X's gradient comes
 * from the square case with gQ + Y gVᴴ. Assumes A has full rank (R invertible).
 */
import type { Tensor } from '@tapegrad/core';
import { add, cat, diagEmbed, diagonal, matmul, narrow, real, sub, triu, zerosLike } from '@tapegrad/core';
import { solveTriangular } from '../ops/triangular';
import { mH } from './common';

export function qrBackward(A: Tensor, Q: Tensor, R: Tensor, gQ: Tensor | null, gR: Tensor | null): Tensor {
  const m = A.shape[A.ndim - 2];
  const n = A.shape[A.ndim - 1];
  const gq = gQ ?? zerosLike(Q);
  const gr = gR ?? zerosLike(R);
  if (m >= n) return squareOrTall(Q, R, gq, gr);
  const U = narrow(R, -1, 0, m);
  const gU = narrow(gr, -1, 0, m);
  const Y = narrow(A, -1, m, n - m);
  const gV = narrow(gr, -1, m, n - m);
  const gX = squareOrTall(Q, U, add(gq, matmul(Y, mH(gV))), gU);
  const gY = matmul(Q, gV);
  return cat([gX, gY], -1);
}

function squareOrTall(Q: Tensor, R: Tensor, gQ: Tensor, gR: Tensor): Tensor {
  const M = sub(matmul(mH(Q), gQ), matmul(gR, mH(R)));
  const upper = triu(M, 1);
  const copyltu = add(add(upper, mH(upper)), diagEmbed(real(diagonal(M, 0, -2, -1))).to(M.dtype));
  const Y = sub(gQ, matmul(Q, copyltu));
  // gA = Y·R⁻ᴴ ⇔ gAᴴ = R⁻¹·Yᴴ
  return mH(solveTriangular(R, mH(Y), { upper: true }));
}
