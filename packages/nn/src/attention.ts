/**
 * Scaled dot-product attention (Vaswani et al., "Attention Is All You Need", NeurIPS 2017):
 *   Attention(Q, K, V) = softmax(Q Kᵀ · scale + M) V,  scale = 1/√E by default,
 * and torch.nn.MultiheadAttention with PyTorch's parameter layout (inProjWeight [3E, E] stacking W_q, W_k, W_v;
 * inProjBias [3E]; outProj a Linear). Every product is a batched matmul (GEMM); masks are additive (−∞ where a
 * position may not attend), so gradients and higher derivatives flow through the ordinary ops.
 */
import type { DType, Tensor } from '@tapegrad/core';
import { DtypeError, logicalNot, ones, ShapeError, softmax, where, zeros } from '@tapegrad/core';
import { describeValue, formatShape, readOptions } from '@tapegrad/core/internal';
import {
  booleanOption,
  checkDropoutProbability,
  checkSameDtype,
  floatingDtypeOption,
  integerOption,
  numberOption,
  requireRealFloating,
  requireTensor,
} from './checks';
import { dropout, linear } from './functional';
import { xavierUniform_ } from './init';
import { Linear } from './layers';
import { Module } from './module';
import { markParameter } from './parameter';

/** An additive mask (0 or −∞, or the user's floats) in `dtype`; `allowedIsTrue` says what a true entry of a bool mask means. */
function additiveMask(op: string, name: string, mask: Tensor, dtype: DType, allowedIsTrue: boolean): Tensor {
  if (mask.dtype === 'bool') {
    const blocked = allowedIsTrue ? logicalNot(mask) : mask;
    return where(blocked, -Infinity, zeros([], { dtype }));
  }
  if (mask.dtype !== dtype)
    throw new DtypeError(
      `${op}: expected ${name} to be bool or ${dtype} (the query dtype), got ${describeValue(mask)}`,
    );
  return mask;
}

/** The causal mask as an additive [L, S] tensor: position i may attend to j ≤ i. */
function causalMask(length: number, sourceLength: number, dtype: DType): Tensor {
  const allowed = ones([length, sourceLength], { dtype: 'bool' }).tril(0);
  return where(allowed, zeros([], { dtype }), -Infinity);
}

/** Options of {@link scaledDotProductAttention}. */
export interface AttentionOptions {
  /** Bool (true: may attend) or additive float mask broadcastable to [..., L, S]. */
  attnMask?: Tensor | null;
  /** Dropout on the attention weights (default 0; applied whenever > 0, as PyTorch's functional form). */
  dropoutP?: number;
  /** Mask out future positions (j > i); not together with attnMask. */
  isCausal?: boolean;
  /** Default 1/√E. */
  scale?: number | null;
}

/**
 * softmax(Q Kᵀ·scale + mask) V (torch.nn.functional.scaled_dot_product_attention): query [..., L, E], key [..., S, E],
 * value [..., S, Ev] → [..., L, Ev]; batch dimensions broadcast.
 * @example
 * ```ts
 * const q = randn([2, 4, 5, 8]); // batch, heads, length, head size
 * nn.functional.scaledDotProductAttention(q, q, q, { isCausal: true }).shape; // [2, 4, 5, 8]
 * ```
 */
export function scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, opts?: AttentionOptions): Tensor {
  const op = 'nn.functional.scaledDotProductAttention';
  const o = readOptions(op, opts, ['attnMask', 'dropoutP', 'isCausal', 'scale']);
  const q = requireRealFloating(op, query, 'query');
  const k = requireTensor(op, key, 'key');
  const v = requireTensor(op, value, 'value');
  checkSameDtype(op, k, q.dtype, 'the query');
  checkSameDtype(op, v, q.dtype, 'the query');
  if (q.ndim < 2 || k.ndim < 2 || v.ndim < 2)
    throw new ShapeError(
      `${op}: expected query, key and value of at least 2 dimensions, got ${formatShape(q.shape)}, ${formatShape(k.shape)} and ${formatShape(v.shape)}`,
    );
  const e = q.shape[q.ndim - 1];
  if (k.shape[k.ndim - 1] !== e || k.shape[k.ndim - 2] !== v.shape[v.ndim - 2])
    throw new ShapeError(
      `${op}: expected key [..., S, ${e}] and value [..., S, Ev] to match query ${formatShape(q.shape)}, got key ${formatShape(k.shape)} and value ${formatShape(v.shape)}`,
    );
  const isCausal = booleanOption(op, 'isCausal', o.isCausal, false);
  const mask = o.attnMask === undefined || o.attnMask === null ? null : requireTensor(op, o.attnMask, 'attnMask');
  if (isCausal && mask !== null)
    throw new DtypeError(
      `${op}: expected either attnMask or isCausal, got both (an explicit attnMask with isCausal: true)`,
    );
  const p = checkDropoutProbability(op, o.dropoutP ?? 0);
  const scale = o.scale === undefined || o.scale === null ? 1 / Math.sqrt(e) : numberOption(op, 'scale', o.scale);
  let scores: Tensor = q.matmul(k.mT).mul(scale);
  const L = q.shape[q.ndim - 2];
  const S = k.shape[k.ndim - 2];
  if (isCausal) scores = scores.add(causalMask(L, S, q.dtype));
  if (mask !== null) scores = addMask(op, 'attnMask', scores, additiveMask(op, 'attnMask', mask, q.dtype, true));
  let weights = softmax(scores, -1);
  if (p > 0) weights = dropout(weights, { p });
  return weights.matmul(v);
}

function addMask(op: string, name: string, scores: Tensor, mask: Tensor): Tensor {
  const n = Math.max(scores.ndim, mask.ndim);
  const a = [...new Array(n - scores.ndim).fill(1), ...scores.shape];
  const b = [...new Array(n - mask.ndim).fill(1), ...mask.shape];
  if (mask.ndim > scores.ndim || !a.every((s, i) => b[i] === 1 || b[i] === s))
    throw new ShapeError(
      `${op}: expected ${name} broadcastable to the attention scores ${formatShape(scores.shape)}, got ${describeValue(mask)}`,
    );
  return scores.add(mask);
}

/** Options of {@link MultiheadAttention}. */
export interface MultiheadAttentionOptions {
  /** Biases of the input and output projections (default true). */
  bias?: boolean;
  /** Inputs and outputs are [N, L, E] instead of [L, N, E] (default false, as PyTorch). */
  batchFirst?: boolean;
  /** Dropout on the attention weights in training mode (default 0). */
  dropout?: number;
  dtype?: DType;
}

/** Options of {@link MultiheadAttention.forward}. */
export interface MultiheadAttentionForwardOptions {
  /** [N, S] — true (or −∞) marks keys to ignore (padding). */
  keyPaddingMask?: Tensor | null;
  /** Return the attention weights (default true). */
  needWeights?: boolean;
  /** [L, S] or [N·numHeads, L, S] — true marks pairs that may NOT attend (PyTorch's MHA convention), or additive floats. */
  attnMask?: Tensor | null;
  /** Average the returned weights over heads (default true): [N, L, S]; else [N, numHeads, L, S]. */
  averageAttnWeights?: boolean;
  /** Add the causal mask (position i attends to j ≤ i), combined with attnMask if both are given. */
  isCausal?: boolean;
}

/**
 * torch.nn.MultiheadAttention: numHeads parallel attention heads of size embedDim/numHeads over projections of the
 * query, key and value, concatenated and projected by `outProj`. Parameters in PyTorch's layout, so
 * `stateDict({ names: 'pytorch' })` gives `in_proj_weight`, `in_proj_bias`, `out_proj.weight`, `out_proj.bias`.
 * Initialization as PyTorch: inProjWeight Xavier-uniform, biases zero, outProj.weight as a Linear's.
 * @example
 * ```ts
 * const mha = new nn.MultiheadAttention(16, 4, { batchFirst: true });
 * const x = randn([2, 5, 16]);
 * const [out, weights] = mha.forward(x, x, x);
 * out.shape; // [2, 5, 16]
 * weights?.shape; // [2, 5, 5]
 * ```
 */
export class MultiheadAttention extends Module {
  readonly embedDim: number;
  readonly numHeads: number;
  readonly headDim: number;
  readonly batchFirst: boolean;
  readonly dropout: number;
  /** Shape [3·embedDim, embedDim] — W_q, W_k, W_v stacked. */
  inProjWeight: Tensor;
  /** [3·embedDim], or null without bias. */
  inProjBias: Tensor | null;
  outProj: Linear;

  constructor(embedDim: number, numHeads: number, opts?: MultiheadAttentionOptions) {
    super();
    const op = 'nn.MultiheadAttention';
    const o = readOptions(op, opts, ['bias', 'batchFirst', 'dropout', 'dtype']);
    this.embedDim = integerOption(op, 'embedDim', embedDim, 1);
    this.numHeads = integerOption(op, 'numHeads', numHeads, 1);
    if (embedDim % numHeads !== 0)
      throw new ShapeError(
        `${op}: embedDim must be divisible by numHeads (expected a divisor of ${embedDim}, got numHeads ${numHeads})`,
      );
    this.headDim = embedDim / numHeads;
    this.batchFirst = booleanOption(op, 'batchFirst', o.batchFirst, false);
    this.dropout = checkDropoutProbability(op, o.dropout ?? 0);
    const bias = booleanOption(op, 'bias', o.bias, true);
    const dtype = floatingDtypeOption(op, o.dtype);
    this.inProjWeight = markParameter(xavierUniform_(zeros([3 * embedDim, embedDim], { dtype })).requiresGrad_(true));
    this.inProjBias = bias ? markParameter(zeros([3 * embedDim], { dtype, requiresGrad: true })) : null;
    this.outProj = new Linear(embedDim, embedDim, { bias, dtype });
    if (this.outProj.bias !== null) this.outProj.bias = markParameter(zeros([embedDim], { dtype, requiresGrad: true }));
  }

  /**
   * Attention of `query` over `key`/`value`: [L, N, E] (or [N, L, E] with batchFirst, or unbatched [L, E]) →
   * `[output, weights]`, weights [N, L, S] (averaged over heads) or null when `needWeights` is false.
   */
  forward(query: Tensor, key: Tensor, value: Tensor, opts?: MultiheadAttentionForwardOptions): [Tensor, Tensor | null] {
    const op = 'nn.MultiheadAttention.forward';
    const o = readOptions(op, opts, ['keyPaddingMask', 'needWeights', 'attnMask', 'averageAttnWeights', 'isCausal']);
    const E = this.embedDim;
    const H = this.numHeads;
    const D = this.headDim;
    const dtype = this.inProjWeight.dtype;
    const inputs = [
      ['query', requireTensor(op, query, 'query')],
      ['key', requireTensor(op, key, 'key')],
      ['value', requireTensor(op, value, 'value')],
    ] as const;
    const batched = inputs[0][1].ndim === 3;
    for (const [name, t] of inputs) {
      checkSameDtype(op, t, dtype);
      if (t.ndim !== (batched ? 3 : 2) || t.shape[t.ndim - 1] !== E)
        throw new ShapeError(
          `${op}: expected ${name} of shape ${batched ? (this.batchFirst ? '[N, L, E]' : '[L, N, E]') : '[L, E]'} with E = ${E}, got ${describeValue(t)}`,
        );
    }
    // Work in [N, L, E].
    const [q0, k0, v0] = inputs.map(([, t]) => (!batched ? t.unsqueeze(0) : this.batchFirst ? t : t.transpose(0, 1)));
    const N = q0.shape[0];
    const L = q0.shape[1];
    const S = k0.shape[1];
    if (k0.shape[0] !== N || v0.shape[0] !== N || v0.shape[1] !== S)
      throw new ShapeError(
        `${op}: expected key and value with the query's batch size ${N} and one source length, got key ${formatShape(key.shape)} and value ${formatShape(value.shape)}`,
      );
    const project = (x: Tensor, i: number): Tensor => {
      const bias = this.inProjBias === null ? null : this.inProjBias.narrow(0, i * E, E);
      return linear(x, this.inProjWeight.narrow(0, i * E, E), bias);
    };
    // [N, len, E] → [N, H, len, D]
    const heads = (x: Tensor, len: number) => x.reshape([N, len, H, D]).permute([0, 2, 1, 3]);
    const q = heads(project(q0, 0), L).mul(1 / Math.sqrt(D));
    const k = heads(project(k0, 1), S);
    const v = heads(project(v0, 2), S);
    let scores = q.matmul(k.mT); // [N, H, L, S]
    if (booleanOption(op, 'isCausal', o.isCausal, false)) scores = scores.add(causalMask(L, S, dtype));
    if (o.attnMask !== undefined && o.attnMask !== null) {
      const mask = requireTensor(op, o.attnMask, 'attnMask');
      const fits2d = mask.ndim === 2 && mask.shape[0] === L && mask.shape[1] === S;
      const fits3d = mask.ndim === 3 && mask.shape[0] === N * H && mask.shape[1] === L && mask.shape[2] === S;
      if (!fits2d && !fits3d)
        throw new ShapeError(
          `${op}: expected attnMask of shape [${L}, ${S}] or [${N * H}, ${L}, ${S}], got ${describeValue(mask)}`,
        );
      const additive = additiveMask(op, 'attnMask', mask, dtype, false);
      scores = scores.add(fits3d ? additive.reshape([N, H, L, S]) : additive);
    }
    if (o.keyPaddingMask !== undefined && o.keyPaddingMask !== null) {
      const mask = requireTensor(op, o.keyPaddingMask, 'keyPaddingMask');
      const expected = batched ? [N, S] : [S];
      if (mask.ndim !== expected.length || mask.shape.some((s, i) => s !== expected[i]))
        throw new ShapeError(
          `${op}: expected keyPaddingMask of shape ${formatShape(expected)}, got ${describeValue(mask)}`,
        );
      scores = scores.add(additiveMask(op, 'keyPaddingMask', mask, dtype, false).reshape([N, 1, 1, S]));
    }
    let weights = softmax(scores, -1);
    if (this.training && this.dropout > 0) weights = dropout(weights, { p: this.dropout });
    const context = weights.matmul(v).permute([0, 2, 1, 3]).reshape([N, L, E]);
    let out = this.outProj.forward(context);
    out = !batched ? out.squeeze(0) : this.batchFirst ? out : out.transpose(0, 1);
    if (!booleanOption(op, 'needWeights', o.needWeights, true)) return [out, null];
    const average = booleanOption(op, 'averageAttnWeights', o.averageAttnWeights, true);
    let w = average ? weights.mean(1) : weights;
    if (!batched) w = w.squeeze(0);
    return [out, w];
  }
}
