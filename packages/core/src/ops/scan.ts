/**
 * Scans along one dim: cumsum and cumprod (primitives; their rules are in autograd's table). Bool inputs scan as
 * int32 (PyTorch gives int64, which tapegrad does not have); an int32 result outside int32 is a DtypeError.
 */
import { record } from '../dispatch';
import { isComplex } from '../dtype';
import { forEachLane } from '../kernels/iterate';
import { scanLanes } from '../kernels/scan';
import { normalizeDim } from '../shape';
import type { Tensor } from '../tensor';
import { cast } from './complex';
import { clone } from './movement';
import { int32Result } from './reduce';
import { empty, requireTensor } from './util';

function scan(kind: 'cumsum' | 'cumprod', x: Tensor, dim: number): Tensor {
  requireTensor(kind, x);
  const d = normalizeDim(kind, dim, x.ndim);
  const input = x.dtype === 'bool' ? cast(x, 'int32') : x;
  if (input.ndim === 0) return clone(input);
  // int32 scans run in float64 and are checked (PyTorch scans into int64): a partial sum past 2^31 must not wrap.
  const integral = input.dtype === 'int32';
  const out = empty(input.shape, integral ? 'float64' : input.dtype);
  const lane = isComplex(input.dtype) ? scanLanes[kind].complex : scanLanes[kind].real;
  const n = input.shape[d];
  const xs = input.strides[d];
  const os = out.strides[d];
  forEachLane(input.shape, d, [input.strides, out.strides], [input.offset, 0], (o) =>
    lane(n, input.storage, o[0], xs, out.storage, o[1], os),
  );
  return record(kind, [input], integral ? int32Result(kind, out) : out, { dim: d });
}

/**
 * Cumulative sum along `dim` (`torch.cumsum`); differentiable to any order.
 * @example `cumsum(tensor([1, 2, 3]), 0).toArray(); // [1, 3, 6]`
 */
export function cumsum(x: Tensor, dim: number): Tensor {
  return scan('cumsum', x, dim);
}

/**
 * Cumulative product along `dim` (`torch.cumprod`); differentiable to any order, also where the input has zeros.
 * @example `cumprod(tensor([1, 2, 3]), 0).toArray(); // [1, 2, 6]`
 */
export function cumprod(x: Tensor, dim: number): Tensor {
  return scan('cumprod', x, dim);
}
