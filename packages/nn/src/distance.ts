/**
 * Distances and normalization of torch.nn.functional — normalize, cosineSimilarity, pairwiseDistance — and their
 * modules (torch.nn.CosineSimilarity, torch.nn.PairwiseDistance), in PyTorch 1.13's formulas so that values and
 * every derivative agree with it, including at the ε guards:
 * - normalize: x / max(‖x‖ₚ, ε) along `dim`;
 * - cosineSimilarity: Σ (x₁ / √max(‖x₁‖², ε²)) · (x₂ / √max(‖x₂‖², ε²)) along `dim`: each squared norm is clamped on
 *   its own, in place under no_grad in ATen 1.13, so the gradient reaches a clamped norm as if it were not clamped
 *   (clampForwardOnly); a zero vector gives similarity 0, not NaN;
 * - pairwiseDistance: ‖x₁ − x₂ + ε‖ₚ along the last dim (the ε keeps the norm away from its kink at 0).
 * The norms are core's `Tensor.norm`, whose gradient at a zero vector is 0.
 */
import type { Tensor } from '@tapegrad/core';
import { DtypeError, ShapeError, where } from '@tapegrad/core';
import { broadcastShapes, describeValue, normalizeDim, readOptions } from '@tapegrad/core/internal';
import { numberOption, requireRealFloating } from './checks';
import { clampForwardOnly } from './forward-clamp';
import { booleanSetting, DeclaredModule, numberSetting, readDeclared, type Setting, type Settings } from './settings';

function normOrder(op: string, key: string, p: unknown): number {
  if (typeof p !== 'number' || Number.isNaN(p) || p < 0)
    throw new DtypeError(`${op}: expected ${key} to be a number ≥ 0 (or Infinity), got ${describeValue(p)}`);
  return p;
}

/** A norm-order option: a number ≥ 0 or Infinity. @internal */
export function normOrderSetting(fallback: number): Setting<number> {
  return { fallback, check: normOrder };
}

function integerDim(op: string, key: string, dim: unknown): number {
  if (typeof dim !== 'number' || !Number.isSafeInteger(dim))
    throw new ShapeError(`${op}: expected an integer ${key}, got ${describeValue(dim)}`);
  return dim;
}

/** cosineSimilarity's options, with PyTorch's defaults. */
const COSINE = { dim: { fallback: 1, check: integerDim }, eps: numberSetting(1e-8, 'nonNegative') };
/** pairwiseDistance's options, with PyTorch's defaults. */
const PAIRWISE = { p: normOrderSetting(2), eps: numberSetting(1e-6), keepdim: booleanSetting(false) };

/** x1 and x2 checked as real floating tensors of one dtype. */
function vectorPair(op: string, x1: Tensor, x2: Tensor): [Tensor, Tensor] {
  const a = requireRealFloating(op, x1, 'x1');
  const b = requireRealFloating(op, x2, 'x2');
  if (a.dtype !== b.dtype) throw new DtypeError(`${op}: expected x2 of x1's dtype ${a.dtype}, got ${describeValue(b)}`);
  return [a, b];
}

/** Options of {@link normalize}. */
export interface NormalizeOptions {
  /** The norm's order (default 2). */
  p?: number;
  /** The dim along which vectors are normalized (default 1). */
  dim?: number;
  /** The smallest divisor (default 1e-12). */
  eps?: number;
}

/**
 * x / max(‖x‖ₚ, ε) along `dim` (torch.nn.functional.normalize; p = 2, dim = 1, ε = 1e-12).
 * @example `normalize(tensor([[3, 4]])).toArray(); // [[0.6, 0.8]]`
 */
export function normalize(input: Tensor, opts: NormalizeOptions = {}): Tensor {
  const op = 'nn.functional.normalize';
  const x = requireRealFloating(op, input);
  const o = readOptions(op, opts, ['p', 'dim', 'eps']) as NormalizeOptions;
  const p = normOrder(op, 'p', o.p ?? 2);
  const dim = normalizeDim(op, o.dim ?? 1, x.ndim);
  const eps = numberOption(op, 'eps', o.eps ?? 1e-12, 'nonNegative');
  return x.div(x.norm(p, dim, true).clamp(eps));
}

/** Options of {@link cosineSimilarity} and {@link CosineSimilarity}. */
export interface CosineSimilarityOptions {
  /** The dim of the vectors (default 1). */
  dim?: number;
  /** The smallest norm each vector is divided by (default 1e-8). */
  eps?: number;
}

/**
 * The cosine of the angle between the vectors of x1 and x2 along `dim`, broadcasting the other dims
 * (torch.nn.functional.cosine_similarity; dim = 1, ε = 1e-8).
 * @example `cosineSimilarity(tensor([[1, 0]]), tensor([[1, 1]])).toArray(); // [0.7071…]`
 */
export function cosineSimilarity(x1: Tensor, x2: Tensor, opts: CosineSimilarityOptions = {}): Tensor {
  const op = 'nn.functional.cosineSimilarity';
  return cosineAs(op, x1, x2, readDeclared(op, opts, COSINE));
}

function cosineAs(op: string, x1: Tensor, x2: Tensor, o: Settings<typeof COSINE>): Tensor {
  const [a, b] = vectorPair(op, x1, x2);
  const shape = broadcastShapes(op, a.shape, b.shape);
  const d = normalizeDim(op, o.dim, shape.length);
  const e = o.eps;
  // 1.13's x / √max(‖x‖², ε²) overflows ‖x‖² from |x| ≈ 1e154 (∞ − ∞ = NaN in the forward-only clamp): the norm
  // itself (overflow-safe) where ‖x‖ ≥ ε, the same value and gradient; the squared form only below ε, where the
  // clamped gradient differs, fed zeros elsewhere so that no ∞ reaches a derivative.
  const unit = (x: Tensor) => {
    const xb = x.broadcastTo(shape);
    const norm = xb.norm(2, d, true);
    const small = norm.lt(e);
    const xs = where(small, xb, 0);
    const clamped = clampForwardOnly(xs.mul(xs).sum(d, true), e * e).sqrt();
    return xb.div(where(small, clamped, norm));
  };
  return unit(a).mul(unit(b)).sum(d);
}

/** Options of {@link pairwiseDistance} and {@link PairwiseDistance}. */
export interface PairwiseDistanceOptions {
  /** The norm's order (default 2). */
  p?: number;
  /** Added to the difference (default 1e-6). */
  eps?: number;
  /** Keep the reduced last dim with size 1 (default false). */
  keepdim?: boolean;
}

/**
 * ‖x1 − x2 + ε‖ₚ along the last dim, broadcasting the others (torch.nn.functional.pairwise_distance; p = 2,
 * ε = 1e-6).
 * @example `pairwiseDistance(tensor([[0, 0]]), tensor([[3, 4]]), { eps: 0 }).toArray(); // [5]`
 */
export function pairwiseDistance(x1: Tensor, x2: Tensor, opts: PairwiseDistanceOptions = {}): Tensor {
  const op = 'nn.functional.pairwiseDistance';
  return distanceAs(op, x1, x2, readDeclared(op, opts, PAIRWISE));
}

function distanceAs(op: string, x1: Tensor, x2: Tensor, o: Settings<typeof PAIRWISE>): Tensor {
  const [a, b] = vectorPair(op, x1, x2);
  const { p, eps, keepdim } = o;
  broadcastShapes(op, a.shape, b.shape);
  const diff = a.sub(b).add(eps);
  if (diff.ndim === 0) throw new ShapeError(`${op}: expected vectors (at least 1-D inputs), got two scalars`);
  return diff.norm(p, diff.ndim - 1, keepdim);
}

/**
 * cosineSimilarity(x1, x2) along `dim` (torch.nn.CosineSimilarity; dim = 1, ε = 1e-8); `forward(x1, x2)`.
 * @example `new nn.CosineSimilarity({ dim: 0 }).forward(tensor([1, 0]), tensor([2, 0])).item(); // 1`
 */
export class CosineSimilarity extends DeclaredModule<typeof COSINE, [x1: Tensor, x2: Tensor]> {
  declare readonly dim: number;
  declare readonly eps: number;

  constructor(opts: CosineSimilarityOptions = {}) {
    super('nn.CosineSimilarity', opts, COSINE, (x1, x2, o) => cosineAs('nn.CosineSimilarity.forward', x1, x2, o));
  }
}

/**
 * pairwiseDistance(x1, x2) (torch.nn.PairwiseDistance; p = 2, ε = 1e-6); `forward(x1, x2)`.
 * @example `new nn.PairwiseDistance({ eps: 0 }).forward(tensor([[0, 0]]), tensor([[3, 4]])).toArray(); // [5]`
 */
export class PairwiseDistance extends DeclaredModule<typeof PAIRWISE, [x1: Tensor, x2: Tensor]> {
  declare readonly p: number;
  declare readonly eps: number;
  declare readonly keepdim: boolean;

  constructor(opts: PairwiseDistanceOptions = {}) {
    super('nn.PairwiseDistance', opts, PAIRWISE, (x1, x2, o) => distanceAs('nn.PairwiseDistance.forward', x1, x2, o));
  }
}
