/** Batched, broadcasting matrix product (the `matmul` primitive) and the vector composites dot and outer. */
import { record } from '../dispatch';
import type { Storage } from '../dtype';
import { DtypeError, ShapeError } from '../errors';
import { gemmF32, gemmF64, gemmI32 } from '../kernels/gemm';
import { gemmBatchReal } from '../kernels/gemm-batch';
import { gemmC64, gemmC128 } from '../kernels/gemm-complex';
import { broadcastShapes, checkShape, formatShape } from '../shape';
import { Tensor } from '../tensor';
import { cast } from './complex';
import { mul } from './elementwise';
import { reshape, unsqueeze } from './movement';
import { describeTensor, describeValue, empty, requireTensor, resultType } from './util';

type Gemm = (
  m: number,
  n: number,
  k: number,
  a: Storage,
  aOff: number,
  aRowStride: number,
  aColStride: number,
  b: Storage,
  bOff: number,
  bRowStride: number,
  bColStride: number,
  c: Storage,
  cOff: number,
) => void;

function gemmFor(dtype: string): Gemm {
  switch (dtype) {
    case 'float64':
      return gemmF64 as Gemm;
    case 'float32':
      return gemmF32 as Gemm;
    case 'complex128':
      return gemmC128 as Gemm;
    case 'complex64':
      return gemmC64 as Gemm;
    default:
      return gemmI32 as Gemm;
  }
}

/** The primitive: a (…, m, k) · b (…, k, n) with broadcast batch dims. */
function matmulPrimitive(a: Tensor, b: Tensor): Tensor {
  const m = a.shape[a.ndim - 2];
  const k = a.shape[a.ndim - 1];
  const n = b.shape[b.ndim - 1];
  if (b.shape[b.ndim - 2] !== k) {
    throw new ShapeError(
      `matmul: expected the inner dimensions to match, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} (${k} vs ${b.shape[b.ndim - 2]})`,
    );
  }
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = broadcastShapes('matmul', batchA, batchB);
  const out = empty(checkShape('matmul', [...batch, m, n]), a.dtype, 'matmul');
  const nb = batch.length;
  let count = 1;
  for (const s of batch) count *= s;
  const aStr = a.strides;
  const bStr = b.strides;
  const aRow = aStr[a.ndim - 2];
  const aCol = aStr[a.ndim - 1];
  const bRow = bStr[b.ndim - 2];
  const bCol = bStr[b.ndim - 1];
  // Element offsets of each matrix of the batch (broadcast dims of size 1 stay put); plain arrays of small integers, so
  // the kernels see integer offsets (V8 optimizes index arithmetic for them, not for float64 values).
  const aOffs: number[] = [];
  const bOffs: number[] = [];
  const counter = new Array<number>(nb).fill(0);
  for (let t = 0; t < count; t++) {
    let ao = a.offset;
    let bo = b.offset;
    for (let d = 0; d < nb; d++) {
      const da = d - (nb - batchA.length);
      const db = d - (nb - batchB.length);
      if (da >= 0 && batchA[da] !== 1) ao += counter[d] * aStr[da];
      if (db >= 0 && batchB[db] !== 1) bo += counter[d] * bStr[db];
    }
    aOffs.push(ao);
    bOffs.push(bo);
    for (let d = nb - 1; d >= 0; d--) {
      if (++counter[d] < batch[d]) break;
      counter[d] = 0;
    }
  }
  if (a.dtype === 'float64' || a.dtype === 'float32') {
    const [sa, sb, sc] = [a.storage, b.storage, out.storage] as Float64Array[];
    gemmBatchReal(count, m, n, k, sa, aOffs, aRow, aCol, sb, bOffs, bRow, bCol, sc, 0);
  } else {
    const gemm = gemmFor(a.dtype);
    for (let t = 0; t < count; t++) {
      gemm(m, n, k, a.storage, aOffs[t], aRow, aCol, b.storage, bOffs[t], bRow, bCol, out.storage, t * m * n);
    }
  }
  return record('matmul', [a, b], out, {});
}

/**
 * Matrix product with PyTorch's rules: 1-D operands are promoted to matrices and the added dim removed, batch dims
 * broadcast.
 * @example `matmul(ones([2, 3]), ones([3, 4])).shape; // [2, 4]`
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) {
    throw new DtypeError(`matmul: expected two tensors, got ${describeValue(a)} and ${describeValue(b)}`);
  }
  requireTensor('matmul', a);
  requireTensor('matmul', b);
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(
      `matmul: expected both arguments to be at least 1-D, got ${describeTensor(a)} and ${describeTensor(b)}`,
    );
  }
  if (a.dtype === 'bool' || b.dtype === 'bool') {
    throw new DtypeError(
      `matmul: expected tensors of a numeric dtype (bool is not supported), got ${describeTensor(a)} and ${describeTensor(b)}`,
    );
  }
  const dtype = resultType('matmul', [a, b]);
  const ta = cast(a, dtype);
  const tb = cast(b, dtype);
  const a2 = ta.ndim === 1 ? unsqueeze(ta, 0) : ta;
  const b2 = tb.ndim === 1 ? unsqueeze(tb, 1) : tb;
  if (a2.shape[a2.ndim - 1] !== b2.shape[b2.ndim - 2]) {
    throw new ShapeError(
      `matmul: expected the inner dimensions to match, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} (${a2.shape[a2.ndim - 1]} vs ${b2.shape[b2.ndim - 2]})`,
    );
  }
  const out = matmulPrimitive(a2, b2);
  if (ta.ndim > 1 && tb.ndim > 1) return out;
  const shape = [...out.shape];
  if (tb.ndim === 1) shape.pop();
  if (ta.ndim === 1) shape.splice(shape.length - (tb.ndim === 1 ? 1 : 2), 1);
  return reshape(out, shape);
}

/** Inner product of two 1-D tensors (no conjugation, as torch.dot). */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) {
    throw new DtypeError(`dot: expected two tensors, got ${describeValue(a)} and ${describeValue(b)}`);
  }
  if (a.dtype === 'bool' || b.dtype === 'bool') {
    throw new DtypeError(
      `dot: expected tensors of a numeric dtype (bool is not supported), got ${describeTensor(a)} and ${describeTensor(b)}`,
    );
  }
  if (a.ndim !== 1 || b.ndim !== 1 || a.size !== b.size) {
    throw new ShapeError(
      `dot: expected two 1-D tensors of the same size, got ${describeValue(a)} and ${describeValue(b)}`,
    );
  }
  return matmul(a, b);
}

/** Outer product of two 1-D tensors. */
export function outer(a: Tensor, b: Tensor): Tensor {
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) {
    throw new DtypeError(`outer: expected two tensors, got ${describeValue(a)} and ${describeValue(b)}`);
  }
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new ShapeError(`outer: expected two 1-D tensors, got ${describeTensor(a)} and ${describeTensor(b)}`);
  }
  checkShape('outer', [a.size, b.size]);
  return mul(unsqueeze(a, 1), unsqueeze(b, 0));
}

/** Checks the ranks for mm/bmm/mv (no broadcasting, unlike matmul) and returns the matmul. */
function rankedProduct(op: string, a: Tensor, b: Tensor, rankA: number, rankB: number): Tensor {
  if (!(a instanceof Tensor) || !(b instanceof Tensor))
    throw new DtypeError(`${op}: expected two tensors, got ${describeValue(a)} and ${describeValue(b)}`);
  requireTensor(op, a); // usable memory (not a detached buffer)
  requireTensor(op, b);
  if (a.dtype === 'bool' || b.dtype === 'bool')
    throw new DtypeError(
      `${op}: expected tensors of a numeric dtype (bool is not supported), got ${describeTensor(a)} and ${describeTensor(b)}`,
    );
  const inner = (t: Tensor, rank: number, fromEnd: number) => t.shape[rank - fromEnd];
  if (
    a.ndim !== rankA ||
    b.ndim !== rankB ||
    (op === 'bmm' && a.shape[0] !== b.shape[0]) ||
    inner(a, rankA, 1) !== inner(b, rankB, rankB === 1 ? 1 : 2)
  )
    throw new ShapeError(
      `${op}: expected a ${rankA}-D and a ${rankB}-D tensor${op === 'bmm' ? ' with the same batch size' : ''} whose inner dimensions match, got ${describeTensor(a)} and ${describeTensor(b)}`,
    );
  return matmul(a, b);
}

/**
 * Matrix product of two 2-D tensors (`torch.mm`; no broadcasting).
 * @example `mm(ones([2, 3]), ones([3, 4])).shape; // [2, 4]`
 */
export const mm = (a: Tensor, b: Tensor): Tensor => rankedProduct('mm', a, b, 2, 2);

/**
 * Batched matrix product of two 3-D tensors with the same batch size (`torch.bmm`).
 * @example `bmm(ones([5, 2, 3]), ones([5, 3, 4])).shape; // [5, 2, 4]`
 */
export const bmm = (a: Tensor, b: Tensor): Tensor => rankedProduct('bmm', a, b, 3, 3);

/**
 * Matrix–vector product of a 2-D and a 1-D tensor (`torch.mv`).
 * @example `mv(ones([2, 3]), ones([3])).toArray(); // [3, 3]`
 */
export const mv = (a: Tensor, b: Tensor): Tensor => rankedProduct('mv', a, b, 2, 1);
