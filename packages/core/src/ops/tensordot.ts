/**
 * Tensor products of PyTorch built on matmul and broadcasting: tensordot (contract chosen dims: permute + reshape into
 * one matrix product, as ATen's tensordot does) and kron (the Kronecker product as a broadcast multiply of interleaved
 * dims). Composites of public ops: differentiable to any order, complex included.
 */
import { DtypeError, ShapeError } from '../errors';
import { isArrayValue } from '../read';
import { checkShape, normalizeDim, sizeOf } from '../shape';
import type { Tensor } from '../tensor';
import { mul } from './elementwise';
import { matmul } from './matmul';
import { permute, reshape } from './movement';
import { sum } from './reduce';
import { describeTensor, describeValue, requireTensor } from './util';

/** The contracted dims of a and b: the last `dims` of a with the first `dims` of b, or the two lists. */
function contractedDims(a: Tensor, b: Tensor, dims: unknown): [number[], number[]] {
  if (typeof dims === 'number') {
    if (!Number.isInteger(dims) || dims < 0 || dims > a.ndim || dims > b.ndim)
      throw new ShapeError(
        `tensordot: expected dims to be an integer in [0, ${Math.min(a.ndim, b.ndim)}] (the smaller rank), got ${describeValue(dims)}`,
      );
    return [Array.from({ length: dims }, (_, i) => a.ndim - dims + i), Array.from({ length: dims }, (_, i) => i)];
  }
  if (!isArrayValue('tensordot', dims) || dims.length !== 2)
    throw new DtypeError(`tensordot: expected dims to be a number or a pair of dim lists, got ${describeValue(dims)}`);
  const [da, db] = dims.map((list) => {
    if (typeof list === 'number') return [list];
    if (!isArrayValue('tensordot', list))
      throw new DtypeError(
        `tensordot: expected dims to be a number or a pair of dim lists, got ${describeValue(dims)}`,
      );
    return [...list];
  });
  if (da.length !== db.length)
    throw new ShapeError(
      `tensordot: expected both dim lists to have the same length, got ${da.length} and ${db.length}`,
    );
  const norm = (t: Tensor, list: unknown[]) => {
    const out = list.map((d) => normalizeDim('tensordot', d, t.ndim));
    if (new Set(out).size !== out.length)
      throw new ShapeError(`tensordot: expected distinct dims, got ${describeValue(list)}`);
    return out;
  };
  return [norm(a, da), norm(b, db)];
}

/**
 * Sums the products over the dims `dims` of a and b (torch.tensordot): `dims = n` pairs the last n dims of a with the
 * first n of b; `[[1, 2], [1, 0]]` pairs a's dim 1 with b's dim 1 and a's 2 with b's 0. The result has a's free dims
 * then b's. Contracted sizes must match (a size 1 on one side is summed out first, as torch). One matmul.
 * @example `tensordot(ones([2, 3, 4]), ones([3, 4, 5])).shape; // [2, 5]`
 */
export function tensordot(a: Tensor, b: Tensor, dims: number | readonly [number[], number[]] = 2): Tensor {
  requireTensor('tensordot', a);
  requireTensor('tensordot', b);
  if (a.dtype === 'bool' || b.dtype === 'bool')
    throw new DtypeError(`tensordot: expected numeric tensors, got ${describeTensor(a)} and ${describeTensor(b)}`);
  const [da, db] = contractedDims(a, b, dims);
  let x = a;
  let y = b;
  for (let i = 0; i < da.length; i++) {
    const sa = x.shape[da[i]];
    const sb = y.shape[db[i]];
    if (sa === sb) continue;
    if (sa === 1) y = sum(y, db[i], true);
    else if (sb === 1) x = sum(x, da[i], true);
    else
      throw new ShapeError(
        `tensordot: expected contracted dims of equal size, got size ${sa} in dim ${da[i]} of ${describeTensor(a)} and size ${sb} in dim ${db[i]} of ${describeTensor(b)}`,
      );
  }
  const freeA = x.shape.map((_, i) => i).filter((i) => !da.includes(i));
  const freeB = y.shape.map((_, i) => i).filter((i) => !db.includes(i));
  const k = sizeOf(da.map((d) => x.shape[d]));
  const freeShapeA = freeA.map((d) => x.shape[d]);
  const freeShapeB = freeB.map((d) => y.shape[d]);
  checkShape('tensordot', [...freeShapeA, ...freeShapeB]);
  const xm = reshape(permute(x, [...freeA, ...da]), [sizeOf(freeShapeA), k]);
  const ym = reshape(permute(y, [...db, ...freeB]), [k, sizeOf(freeShapeB)]);
  return reshape(matmul(xm, ym), [...freeShapeA, ...freeShapeB]);
}

/**
 * The Kronecker product (torch.kron): for a of shape [a₀, a₁, …] and b of shape [b₀, b₁, …] (the shorter padded with
 * leading 1s), out[i·bₖ + j] = a[i]·b[j] in every dim; shape [a₀b₀, a₁b₁, …].
 * @example `kron(tensor([1, 2]), tensor([1, 10])).toArray(); // [1, 10, 2, 20]`
 */
export function kron(a: Tensor, b: Tensor): Tensor {
  requireTensor('kron', a);
  requireTensor('kron', b);
  const n = Math.max(a.ndim, b.ndim);
  const pa = [...Array<number>(n - a.ndim).fill(1), ...a.shape];
  const pb = [...Array<number>(n - b.ndim).fill(1), ...b.shape];
  checkShape(
    'kron',
    pa.map((s, i) => s * pb[i]),
  );
  const product = mul(
    reshape(
      a,
      pa.flatMap((s) => [s, 1]),
    ),
    reshape(
      b,
      pb.flatMap((s) => [1, s]),
    ),
  );
  return reshape(
    product,
    pa.map((s, i) => s * pb[i]),
  );
}
