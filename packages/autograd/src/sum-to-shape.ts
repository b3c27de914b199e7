import type { Tensor } from '@tapegrad/core';
import { reshape, sum } from '@tapegrad/core';

/**
 * Sums a broadcast gradient back to `shape` (the one place where broadcasting is undone): leading extra dims and
 * dims that were 1 in `shape` are summed.
 */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  const lead = g.ndim - shape.length;
  let same = lead === 0;
  const dims: number[] = [];
  for (let i = 0; i < lead; i++) dims.push(i);
  for (let i = 0; i < shape.length; i++) {
    if (g.shape[i + lead] !== shape[i]) {
      same = false;
      if (shape[i] === 1) dims.push(i + lead);
    }
  }
  if (same) return g;
  const reduced = dims.length > 0 ? sum(g, dims, true) : g;
  return reshape(reduced, shape);
}
