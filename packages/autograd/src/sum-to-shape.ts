import { DtypeError, reshape, ShapeError, sum, Tensor } from '@tapegrad/core';
import { formatShape } from '@tapegrad/core/internal';
import { describeValue } from './describe';

/**
 * Sums a broadcast gradient back to `shape` (the one place where broadcasting is undone): leading extra dims and
 * dims that were 1 in `shape` are summed.
 */
export function sumToShape(g: Tensor, target: readonly number[]): Tensor {
  const op = 'autograd.sumToShape';
  if (!(g instanceof Tensor)) throw new DtypeError(`${op}: expected a Tensor, got ${describeValue(g)}`);
  let shape: number[];
  try {
    shape = [...target];
  } catch {
    throw new ShapeError(`${op}: expected a shape (an array of sizes), got ${describeValue(target)}`);
  }
  const lead = Array.isArray(target) ? g.ndim - shape.length : -1;
  if (lead < 0 || shape.some((s, i) => s !== 1 && s !== g.shape[i + lead]))
    throw new ShapeError(
      `${op}: expected a shape that ${formatShape(g.shape)} broadcasts from, got ${Array.isArray(target) ? formatShape(shape) : describeValue(target)}`,
    );
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
