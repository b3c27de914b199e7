/**
 * Backward formulas of the scans (cumsum, cumprod), used by the rule table (rules.ts). Written with differentiable
 * public ops, so they have derivatives of every order themselves.
 */
import type { Tensor } from '@tapegrad/core';
import { conj, cumprod, cumsum, div, eq, flip, mul, permute, sum, tensor, where } from '@tapegrad/core';

/** Σ_{j ≥ i} g_j along `dim` (the adjoint of cumsum). */
export function reverseCumsum(g: Tensor, dim: number): Tensor {
  return flip(cumsum(flip(g, dim), dim), dim);
}

/** The permutation moving `dim` last, and its inverse. */
function lastDim(ndim: number, dim: number): { order: number[]; inverse: number[] } {
  const order = [...Array.from({ length: ndim }, (_, i) => i).filter((i) => i !== dim), dim];
  const inverse = new Array<number>(ndim);
  order.forEach((d, i) => {
    inverse[d] = i;
  });
  return { order, inverse };
}

/**
 * Gradient of y = cumprod(x) along `dim`: dL/dx_k = Σ_{i ≥ k} g_i·conj(Π_{j ≤ i, j ≠ k} x_j).
 * Without zeros in x this is reverseCumsum(g·conj(y))/conj(x) (as PyTorch's cumprod_backward). With zeros the division
 * is undefined, so the omitted products are formed without division — PyTorch's O(n²) formula, which it uses when a
 * higher derivative may be taken: rows[k][j] = x_j (j ≠ k) or 1 (j = k), whose cumprod along j is
 * Π_{j ≤ i, j ≠ k} x_j — and it is exact at zeros to every order.
 */
export function cumprodBackward(x: Tensor, output: Tensor, dim: number, g: Tensor): Tensor {
  const hasZero = eq(x, 0)
    .toTypedArray()
    .some((v) => v !== 0);
  if (!hasZero) return div(reverseCumsum(mul(g, conj(output)), dim), conj(x));
  const n = x.shape[dim];
  const { order, inverse } = lastDim(x.ndim, dim);
  const xl = permute(x, order).unsqueeze(-2); // [..., 1, n(j)]
  const diagonal = new Uint8Array(n * n);
  const upper = new Uint8Array(n * n);
  for (let k = 0; k < n; k++) {
    diagonal[k * n + k] = 1;
    for (let i = k; i < n; i++) upper[k * n + i] = 1;
  }
  const rows = where(tensor(diagonal, { dtype: 'bool', shape: [n, n] }), 1, xl); // [..., n(k), n(j)]
  const omitted = cumprod(rows, -1); // [..., k, i] = Π_{j ≤ i, j ≠ k} x_j
  const gl = permute(g, order).unsqueeze(-2); // [..., 1, n(i)]
  const terms = where(tensor(upper, { dtype: 'bool', shape: [n, n] }), mul(gl, conj(omitted)), 0);
  return permute(sum(terms, -1), inverse);
}
