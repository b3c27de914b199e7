/** Broadcasting the batch dims of a (*, n, n) coefficient matrix against a (*, n, k) right-hand side. */
import type { Tensor } from '@tapegrad/core';
import { noGrad, promoteTypes, ShapeError } from '@tapegrad/core';
import { broadcastShapes, formatShape } from '@tapegrad/core/internal';
import { type MatrixBatch, toBatch } from '../batch';

export interface PairBatch {
  a: MatrixBatch;
  b: MatrixBatch;
  batchShape: number[];
  /** B was a (batch of) vector(s) (*, n): the result drops the trailing dim. */
  vector: boolean;
  dtype: Tensor['dtype'];
}

/**
 * Expands A and B to a common batch shape. B is a batch of vectors when it is 1-D or has shape A.shape[:-1] (as
 * torch.linalg.solve decides).
 */
export function pairBatch(op: string, A: Tensor, B: Tensor): PairBatch {
  const n = A.shape[A.ndim - 1];
  const vector = B.ndim === 1 || (B.ndim === A.ndim - 1 && B.shape.every((s, i) => s === A.shape[i]));
  const Bm = vector ? B.unsqueeze(-1) : B;
  if (Bm.ndim < 2 || Bm.shape[Bm.ndim - 2] !== n) {
    throw new ShapeError(
      `${op}: expected B of shape (*, ${n}, k) or (*, ${n}) to match A of shape ${formatShape(A.shape)}, got ${formatShape(B.shape)}`,
    );
  }
  const batchShape = broadcastShapes(op, A.shape.slice(0, -2), Bm.shape.slice(0, -2));
  const dtype = promoteTypes(A.dtype, B.dtype);
  const [Ae, Be] = noGrad(() => [
    A.to(dtype).expand([...batchShape, n, n]),
    Bm.to(dtype).expand([...batchShape, n, Bm.shape[Bm.ndim - 1]]),
  ]);
  return { a: toBatch(Ae), b: toBatch(Be), batchShape, vector, dtype };
}
