/** Embedding (torch.nn.Embedding) and its functional form. */
import type { DType, Tensor } from '@tapegrad/core';
import { copyInto, DtypeError, randn, ShapeError, where, zeros } from '@tapegrad/core';
import { describeValue, readOptions } from '@tapegrad/core/internal';
import { floatingDtypeOption, integerOption, requireTensor } from './checks';
import { Module } from './module';
import { markParameter } from './parameter';

function checkPaddingIdx(op: string, paddingIdx: unknown, num: number): number | null {
  if (paddingIdx === undefined || paddingIdx === null) return null;
  if (typeof paddingIdx !== 'number' || !Number.isInteger(paddingIdx) || paddingIdx < -num || paddingIdx >= num)
    throw new ShapeError(
      `${op}: paddingIdx must be within the number of embeddings (expected an integer in [${-num}, ${num - 1}], got ${describeValue(paddingIdx)})`,
    );
  return paddingIdx < 0 ? paddingIdx + num : paddingIdx;
}

/**
 * Rows of `weight` picked by integer indices (torch.nn.functional.embedding): input of any shape [*] gives
 * [*, embeddingDim]. Differentiable in `weight` (the gradient of a row is the sum over its occurrences); with
 * `paddingIdx`, occurrences of that index get their row's value but contribute no gradient.
 * @example
 * ```ts
 * const w = tensor([[0, 0], [1, 2], [3, 4]]);
 * nn.functional.embedding(tensor([[2, 1]], { dtype: 'int32' }), w).toArray(); // [[[3, 4], [1, 2]]]
 * ```
 */
export function embedding(input: Tensor, weight: Tensor, paddingIdx?: number | null): Tensor {
  return lookup('nn.functional.embedding', input, weight, paddingIdx);
}

function lookup(op: string, input: unknown, weight: Tensor, paddingIdx: unknown): Tensor {
  const idx = requireTensor(op, input);
  const w = requireTensor(op, weight, 'weight');
  if (w.ndim !== 2)
    throw new ShapeError(`${op}: expected a 2-D weight [numEmbeddings, embeddingDim], got ${describeValue(w)}`);
  if (idx.dtype !== 'int32') throw new DtypeError(`${op}: expected int32 indices, got ${describeValue(idx)}`);
  const num = w.shape[0];
  const values = idx.contiguous().toTypedArray() as Int32Array;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < 0 || values[i] >= num)
      throw new ShapeError(
        `${op}: index out of range in self (expected indices in [0, ${num - 1}], got ${values[i]} at flat position ${i})`,
      );
  }
  const pad = checkPaddingIdx(op, paddingIdx, num);
  const rows = w.indexSelect(0, idx.reshape([-1])).reshape([...idx.shape, w.shape[1]]);
  if (pad === null) return rows;
  return where(idx.eq(pad).unsqueeze(-1), rows.detach(), rows);
}

/** Options of {@link Embedding}. */
export interface EmbeddingOptions {
  /** An index whose row gets no gradient (and starts at zero); negative counts from the end. */
  paddingIdx?: number | null;
  /** Parameter dtype (default: the default dtype). */
  dtype?: DType;
}

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim` (torch.nn.Embedding): `weight` ~ N(0, 1), with the
 * `paddingIdx` row zeroed.
 * @example
 * ```ts
 * const emb = new nn.Embedding(10, 4, { paddingIdx: 0 });
 * emb.forward(tensor([[1, 0, 3]], { dtype: 'int32' })).shape; // [1, 3, 4]
 * ```
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  /** Shape [numEmbeddings, embeddingDim]. */
  weight: Tensor;

  constructor(numEmbeddings: number, embeddingDim: number, opts?: EmbeddingOptions) {
    super();
    const op = 'nn.Embedding';
    const o = readOptions(op, opts, ['paddingIdx', 'dtype']);
    this.numEmbeddings = integerOption(op, 'numEmbeddings', numEmbeddings, 0);
    this.embeddingDim = integerOption(op, 'embeddingDim', embeddingDim, 0);
    if (numEmbeddings * embeddingDim > 2 ** 31 - 1)
      throw new ShapeError(
        `${op}: expected a weight of at most 2^31 − 1 elements, got ${numEmbeddings}×${embeddingDim}`,
      );
    this.paddingIdx = checkPaddingIdx(op, o.paddingIdx, numEmbeddings);
    const weight = randn([numEmbeddings, embeddingDim], { dtype: floatingDtypeOption(op, o.dtype) });
    const pad = this.paddingIdx;
    if (pad !== null) copyInto(zeros([embeddingDim], { dtype: weight.dtype }), weight.select(0, pad));
    this.weight = markParameter(weight.requiresGrad_(true));
  }

  /**
   * An Embedding holding `embeddings` (copied), frozen unless `freeze: false` (torch.nn.Embedding.from_pretrained).
   * @example `nn.Embedding.fromPretrained(eye(3)).forward(tensor([2], { dtype: 'int32' })).toArray(); // [[0, 0, 1]]`
   */
  static fromPretrained(embeddings: Tensor, opts?: { freeze?: boolean; paddingIdx?: number | null }): Embedding {
    const op = 'nn.Embedding.fromPretrained';
    const o = readOptions(op, opts, ['freeze', 'paddingIdx']);
    const w = requireTensor(op, embeddings, 'embeddings');
    if (w.ndim !== 2) throw new ShapeError(`${op}: expected 2-D embeddings, got ${describeValue(w)}`);
    const freeze = o.freeze ?? true;
    if (typeof freeze !== 'boolean')
      throw new DtypeError(`${op}: expected freeze to be a boolean, got ${describeValue(freeze)}`);
    const module = new Embedding(w.shape[0], w.shape[1], {
      paddingIdx: o.paddingIdx as number | null | undefined,
      dtype: floatingDtypeOption(op, w.dtype),
    });
    module.weight = markParameter(w.detach().clone().requiresGrad_(!freeze));
    return module;
  }

  /** Integer indices [*] → [*, embeddingDim]. */
  forward(input: Tensor): Tensor {
    return lookup('nn.Embedding.forward', input, this.weight, this.paddingIdx);
  }
}
