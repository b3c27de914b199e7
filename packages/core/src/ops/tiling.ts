/**
 * Copies that repeat or rotate a tensor: repeat, tile, roll. Composites of expand/reshape and slice/cat, so the
 * gradient of a repeat is the sum over the copies and the gradient of a roll is the opposite roll.
 */
import { ShapeError } from '../errors';
import { checkShape, formatShape, normalizeDim } from '../shape';
import type { Tensor } from '../tensor';
import { cat, clone, expand, reshape, slice } from './movement';
import { describeTensor, describeValue, requireTensor } from './util';

/** `out` when it has its own storage, else a copy of it (these ops always copy, as PyTorch's). */
function copied(x: Tensor, out: Tensor): Tensor {
  return out.storage === x.storage ? clone(out) : out;
}

/** Sizes given as numbers or as one array (`x.repeat(2, 3)` or `x.repeat([2, 3])`). */
function sizesArg(op: string, sizes: readonly (number | readonly number[])[]): number[] {
  const list = sizes.length === 1 && Array.isArray(sizes[0]) ? (sizes[0] as readonly number[]) : sizes;
  if (!list.every((s) => typeof s === 'number' && Number.isInteger(s) && s >= 0))
    throw new ShapeError(`${op}: expected non-negative integer repetition counts, got ${describeValue([...list])}`);
  return list as number[];
}

function repeatSizes(op: string, x: Tensor, sizes: readonly number[]): Tensor {
  if (sizes.length < x.ndim)
    throw new ShapeError(
      `${op}: expected at least as many repetition counts as dims (${x.ndim}), got ${formatShape(sizes)} for ${describeTensor(x)}`,
    );
  const lead = sizes.length - x.ndim;
  const shape = [...new Array<number>(lead).fill(1), ...x.shape];
  const target = shape.map((s, i) => s * sizes[i]);
  checkShape(op, target);
  // [.., s_i, ..] → [.., 1, s_i, ..] → expand to [.., r_i, s_i, ..] → reshape to [.., r_i·s_i, ..] (one copy).
  const interleaved = reshape(
    x,
    shape.flatMap((s) => [1, s]),
  );
  const expanded = expand(
    interleaved,
    shape.flatMap((s, i) => [sizes[i], s]),
  );
  return reshape(expanded, target);
}

/**
 * Repeats `x` `sizes[i]` times along each dim (`torch.Tensor.repeat`; extra leading counts add dims). Always a copy.
 * @example `repeat(tensor([1, 2]), 2).toArray(); // [1, 2, 1, 2]`
 */
export function repeat(x: Tensor, ...sizes: number[] | [readonly number[]]): Tensor {
  requireTensor('repeat', x);
  const counts = sizesArg('repeat', sizes);
  return copied(x, repeatSizes('repeat', x, counts));
}

/**
 * `torch.tile`: like {@link repeat}, but fewer counts than dims are padded with leading 1s.
 * @example `tile(tensor([[1, 2]]), [2]).toArray(); // [[1, 2, 1, 2]]`
 */
export function tile(x: Tensor, dims: readonly number[]): Tensor {
  requireTensor('tile', x);
  const counts = sizesArg('tile', [dims]);
  const padded = [...new Array<number>(Math.max(0, x.ndim - counts.length)).fill(1), ...counts];
  return copied(x, repeatSizes('tile', x, padded));
}

/**
 * Rotates `x` by `shifts` along `dims` (`torch.roll`): element i moves to i + shift (mod size). Without dims the
 * flattened tensor is rolled and the shape restored.
 * @example `roll(tensor([1, 2, 3, 4]), 1).toArray(); // [4, 1, 2, 3]`
 */
export function roll(x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]): Tensor {
  requireTensor('roll', x);
  const shiftList = typeof shifts === 'number' ? [shifts] : shifts;
  if (!Array.isArray(shiftList) || !shiftList.every((s) => typeof s === 'number' && Number.isInteger(s)))
    throw new ShapeError(`roll: expected integer shifts, got ${describeValue(shifts)}`);
  if (dims === undefined || dims === null) {
    if (shiftList.length !== 1)
      throw new ShapeError(`roll: expected one shift when no dims are given, got ${describeValue(shifts)}`);
    return reshape(roll(reshape(x, [x.size]), shiftList[0], 0), x.shape);
  }
  const dimList = typeof dims === 'number' ? [dims] : dims;
  if (!Array.isArray(dimList) || dimList.length !== shiftList.length)
    throw new ShapeError(`roll: expected as many dims as shifts (${shiftList.length}), got ${describeValue(dims)}`);
  let out = x;
  dimList.forEach((dim: number, i) => {
    const d = normalizeDim('roll', dim, x.ndim);
    const n = x.ndim === 0 ? 1 : x.shape[d];
    const s = n === 0 ? 0 : ((shiftList[i] % n) + n) % n;
    if (s !== 0 && x.ndim > 0) out = cat([slice(out, d, n - s), slice(out, d, 0, n - s)], d);
  });
  return copied(x, out);
}
