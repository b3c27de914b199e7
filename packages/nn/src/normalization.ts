/**
 * LayerNorm (Ba, Kiros & Hinton, "Layer Normalization", 2016) and BatchNorm1d/2d (Ioffe & Szegedy, "Batch
 * Normalization", ICML 2015) with PyTorch's semantics, and their functional forms. Normalization uses the biased
 * variance; BatchNorm's running variance is updated with the unbiased one (n/(n − 1)), as torch.nn.BatchNorm does:
 *   running ← (1 − momentum)·running + momentum·batch   (momentum null: the cumulative average, 1/numBatchesTracked).
 * Eval-mode BatchNorm is written with differentiable ops; LayerNorm and training-mode BatchNorm are one fused node
 * each (layer-norm-fused.ts, batch-norm-train.ts) whose recorded backward is differentiable too, so gradients of any
 * order flow through the statistics.
 */
import type { DType, Tensor } from '@tapegrad/core';
import { copyInto, DtypeError, noGrad, ones, ShapeError, tensor, zeros } from '@tapegrad/core';
import { describeValue, formatShape, readOptions } from '@tapegrad/core/internal';
import { ReLU } from './activations';
import { batchNormTrain, updateRunningStats } from './batch-norm-train';
import {
  booleanOption,
  checkSameDtype,
  floatingDtypeOption,
  integerOption,
  numberOption,
  requireRealFloating,
  requireTensor,
} from './checks';
import { registerPairFusion } from './fusion';
import { layerNormFused } from './layer-norm-fused';
import { Module } from './module';
import { markParameter } from './parameter';
import { reluFused } from './relu-fused';

function readShape(op: string, shape: unknown): number[] {
  const dims = typeof shape === 'number' ? [shape] : shape;
  if (!Array.isArray(dims) || dims.length === 0 || !dims.every((s) => Number.isSafeInteger(s) && s >= 0))
    throw new ShapeError(
      `${op}: expected normalizedShape to be a size or a non-empty array of sizes, got ${describeValue(shape)}`,
    );
  return [...(dims as number[])];
}

function layerNormOf(
  op: string,
  input: unknown,
  shape: readonly number[],
  weight: Tensor | null,
  bias: Tensor | null,
  eps: number,
): Tensor {
  const x = requireRealFloating(op, input);
  const k = shape.length;
  const trailing = x.shape.slice(x.ndim - k);
  if (x.ndim < k || trailing.some((s, i) => s !== shape[i]))
    throw new ShapeError(
      `${op}: expected an input whose last ${k} dimension(s) are ${formatShape(shape)}, got ${describeValue(x)}`,
    );
  for (const [name, p] of [
    ['weight', weight],
    ['bias', bias],
  ] as const) {
    if (p === null) continue;
    if (p.ndim !== k || p.shape.some((s, i) => s !== shape[i]))
      throw new ShapeError(`${op}: expected ${name} of shape ${formatShape(shape)}, got ${describeValue(p)}`);
    checkSameDtype(op, x, p.dtype, name);
  }
  return layerNormFused(x, k, weight, bias, eps);
}

/**
 * Layer normalization over the last dimensions (torch.nn.functional.layer_norm):
 * y = (x − E[x])/√(Var[x] + eps)·weight + bias, statistics over `normalizedShape`.
 * @example `nn.functional.layerNorm(tensor([[1, 3]]), [2]).toArray(); // [[≈ −1, ≈ 1]]`
 */
export function layerNorm(
  input: Tensor,
  normalizedShape: number | number[],
  weight?: Tensor | null,
  bias?: Tensor | null,
  eps = 1e-5,
): Tensor {
  const op = 'nn.functional.layerNorm';
  const w = weight === undefined || weight === null ? null : requireTensor(op, weight, 'weight');
  const b = bias === undefined || bias === null ? null : requireTensor(op, bias, 'bias');
  return layerNormOf(op, input, readShape(op, normalizedShape), w, b, numberOption(op, 'eps', eps, 'nonNegative'));
}

/** Options of {@link LayerNorm}. */
export interface LayerNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Learnable weight (ones) and bias (zeros) of shape normalizedShape (default true). */
  elementwiseAffine?: boolean;
  /** Learnable bias when elementwiseAffine (default true). */
  bias?: boolean;
  dtype?: DType;
}

/**
 * torch.nn.LayerNorm: normalizes over the last `normalizedShape` dimensions of every sample.
 * @example
 * ```ts
 * const ln = new nn.LayerNorm(8);
 * ln.forward(randn([2, 5, 8])).shape; // [2, 5, 8]
 * ```
 */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  weight: Tensor | null;
  bias: Tensor | null;

  constructor(normalizedShape: number | number[], opts?: LayerNormOptions) {
    super();
    const op = 'nn.LayerNorm';
    const o = readOptions(op, opts, ['eps', 'elementwiseAffine', 'bias', 'dtype']);
    this.normalizedShape = readShape(op, normalizedShape);
    this.eps = numberOption(op, 'eps', o.eps ?? 1e-5, 'nonNegative');
    const affine = booleanOption(op, 'elementwiseAffine', o.elementwiseAffine, true);
    const withBias = booleanOption(op, 'bias', o.bias, true);
    const dtype = floatingDtypeOption(op, o.dtype);
    const shape = [...this.normalizedShape];
    this.weight = affine ? markParameter(ones(shape, { dtype, requiresGrad: true })) : null;
    this.bias = affine && withBias ? markParameter(zeros(shape, { dtype, requiresGrad: true })) : null;
  }

  /** [*, ...normalizedShape] → the same shape. */
  forward(input: Tensor): Tensor {
    return layerNormOf('nn.LayerNorm.forward', input, this.normalizedShape, this.weight, this.bias, this.eps);
  }
}

/** Running statistics that batchNorm reads (eval) or updates (training). */
interface RunningStats {
  mean: Tensor | null;
  variance: Tensor | null;
  /** Called after an update with the factor it used (BatchNorm counts batches). */
  momentum: number;
}

function batchNormOf(
  op: string,
  input: unknown,
  channels: number | null,
  running: RunningStats,
  weight: Tensor | null,
  bias: Tensor | null,
  training: boolean,
  eps: number,
  relu = false,
): Tensor {
  const x = requireRealFloating(op, input);
  if (x.ndim < 2) throw new ShapeError(`${op}: expected an input of shape [N, C, *], got ${describeValue(x)}`);
  const c = x.shape[1];
  if (channels !== null && c !== channels)
    throw new ShapeError(`${op}: expected ${channels} channels in dimension 1, got ${describeValue(x)}`);
  const dims = [0, ...Array.from({ length: x.ndim - 2 }, (_, i) => i + 2)];
  const perChannel = dims.reduce((n, d) => n * x.shape[d], 1);
  const view = [1, c, ...new Array(x.ndim - 2).fill(1)];
  for (const [name, p] of [
    ['weight', weight],
    ['bias', bias],
    ['runningMean', running.mean],
    ['runningVar', running.variance],
  ] as const) {
    if (p === null) continue;
    if (p.ndim !== 1 || p.shape[0] !== c)
      throw new ShapeError(`${op}: expected ${name} of shape [${c}], got ${describeValue(p)}`);
    checkSameDtype(op, x, p.dtype, name);
  }
  if (training) {
    if (perChannel <= 1)
      throw new ShapeError(
        `${op}: expected more than 1 value per channel when training, got input of shape ${formatShape(x.shape)}`,
      );
    const stats = batchNormTrain(x, weight, bias, eps, relu);
    const { mean: rm, variance: rv } = running;
    if (rm !== null && rv !== null) {
      const m = running.momentum;
      if (!rm.requiresGrad && !rv.requiresGrad) updateRunningStats(rm, rv, stats, m);
      else
        noGrad(() => {
          const stat = (a: Float64Array) => tensor(Array.from(a), { dtype: x.dtype });
          const unbiased = stat(stats.variance).mul(perChannel / (perChannel - 1));
          copyInto(rm.mul(1 - m).add(stat(stats.mean).mul(m)), rm);
          copyInto(rv.mul(1 - m).add(unbiased.mul(m)), rv);
        });
    }
    return stats.y;
  }
  if (running.mean === null || running.variance === null)
    throw new DtypeError(`${op}: expected running statistics in evaluation mode (training false), got none`);
  let y = x.sub(running.mean.reshape(view)).mul(running.variance.reshape(view).add(eps).rsqrt());
  if (weight !== null) y = y.mul(weight.reshape(view));
  if (bias !== null) y = y.add(bias.reshape(view));
  return relu ? reluFused(y) : y;
}

/**
 * Batch normalization (torch.nn.functional.batch_norm) of an input [N, C, *] per channel C. With `training`, batch
 * statistics are used and `runningMean`/`runningVar` (when given) are updated in place with `momentum`; otherwise the
 * running statistics are used.
 * @example `nn.functional.batchNorm(randn([4, 3]), null, null, null, null, true).shape; // [4, 3]`
 */
export function batchNorm(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight?: Tensor | null,
  bias?: Tensor | null,
  training = false,
  momentum = 0.1,
  eps = 1e-5,
): Tensor {
  const op = 'nn.functional.batchNorm';
  const opt = (name: string, t: unknown) => (t === undefined || t === null ? null : requireTensor(op, t, name));
  const rm = opt('runningMean', runningMean);
  const rv = opt('runningVar', runningVar);
  if ((rm === null) !== (rv === null))
    throw new DtypeError(`${op}: expected both runningMean and runningVar or neither, got only one of them`);
  return batchNormOf(
    op,
    input,
    null,
    { mean: rm, variance: rv, momentum: numberOption(op, 'momentum', momentum) },
    opt('weight', weight),
    opt('bias', bias),
    booleanOption(op, 'training', training, false),
    numberOption(op, 'eps', eps, 'nonNegative'),
  );
}

/** Options of {@link BatchNorm1d} and {@link BatchNorm2d} (PyTorch's defaults). */
export interface BatchNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Weight of the new batch in the running statistics (default 0.1); null: cumulative average. */
  momentum?: number | null;
  /** Learnable weight (ones) and bias (zeros) (default true). */
  affine?: boolean;
  /** Keep running statistics (buffers runningMean, runningVar, numBatchesTracked) for eval mode (default true). */
  trackRunningStats?: boolean;
  dtype?: DType;
}

abstract class BatchNorm extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  weight: Tensor | null;
  bias: Tensor | null;
  declare runningMean: Tensor | null;
  declare runningVar: Tensor | null;
  declare numBatchesTracked: Tensor | null;
  readonly #op: string;
  readonly #ranks: readonly number[];

  protected constructor(op: string, ranks: readonly number[], numFeatures: number, opts: BatchNormOptions | undefined) {
    super();
    const o = readOptions(op, opts, ['eps', 'momentum', 'affine', 'trackRunningStats', 'dtype']);
    this.#op = op;
    this.#ranks = ranks;
    this.numFeatures = integerOption(op, 'numFeatures', numFeatures, 1);
    this.eps = numberOption(op, 'eps', o.eps ?? 1e-5, 'nonNegative');
    const momentum = o.momentum === undefined ? 0.1 : o.momentum;
    this.momentum = momentum === null ? null : numberOption(op, 'momentum', momentum);
    this.affine = booleanOption(op, 'affine', o.affine, true);
    this.trackRunningStats = booleanOption(op, 'trackRunningStats', o.trackRunningStats, true);
    const dtype = floatingDtypeOption(op, o.dtype);
    if (dtype !== 'float32' && dtype !== 'float64')
      throw new DtypeError(`${op}: expected a float32 or float64 dtype, got ${dtype}`);
    this.weight = this.affine ? markParameter(ones([numFeatures], { dtype, requiresGrad: true })) : null;
    this.bias = this.affine ? markParameter(zeros([numFeatures], { dtype, requiresGrad: true })) : null;
    const track = this.trackRunningStats;
    this.registerBuffer('runningMean', track ? zeros([numFeatures], { dtype }) : null);
    this.registerBuffer('runningVar', track ? ones([numFeatures], { dtype }) : null);
    this.registerBuffer('numBatchesTracked', track ? zeros([], { dtype: 'int32' }) : null);
  }

  /**
   * Running statistics back to mean 0, variance 1, no batches (torch's `reset_running_stats`).
   * @example `bn.resetRunningStats();`
   */
  resetRunningStats(): void {
    noGrad(() => {
      if (this.runningMean !== null)
        copyInto(zeros(this.runningMean.shape, { dtype: this.runningMean.dtype }), this.runningMean);
      if (this.runningVar !== null)
        copyInto(ones(this.runningVar.shape, { dtype: this.runningVar.dtype }), this.runningVar);
      if (this.numBatchesTracked !== null) copyInto(zeros([], { dtype: 'int32' }), this.numBatchesTracked);
    });
  }

  forward(input: Tensor): Tensor {
    return this.#forward(input, false);
  }

  static {
    // relu(batchNorm(x)) as one node when the statistics are the batch's (training, or no running statistics) and
    // neither module's forward is replaced.
    registerPairFusion((first, second, input) =>
      first instanceof BatchNorm &&
      first.forward === BatchNorm.prototype.forward &&
      (first.training || first.runningMean === null) &&
      second instanceof ReLU &&
      second.forward === ReLU.prototype.forward
        ? first.#forward(input, true)
        : null,
    );
  }

  /** The forward, followed by relu when `relu` (see the pair fusion above). */
  #forward(input: Tensor, relu: boolean): Tensor {
    const op = `${this.#op}.forward`;
    const x = requireTensor(op, input);
    if (!this.#ranks.includes(x.ndim))
      throw new ShapeError(
        `${op}: expected a ${this.#ranks.map((r) => `${r}-D`).join(' or ')} input, got ${describeValue(x)}`,
      );
    const useBatchStats = this.training || this.runningMean === null;
    const counter = this.training ? this.numBatchesTracked : null;
    const count = counter === null ? 0 : (counter.item() as number) + 1;
    if (count > 2 ** 31 - 1)
      throw new DtypeError(`${op}: numBatchesTracked would overflow int32 (expected fewer batches, got ${count})`);
    const stats: RunningStats = {
      mean: !this.training || this.trackRunningStats ? this.runningMean : null,
      variance: !this.training || this.trackRunningStats ? this.runningVar : null,
      momentum: this.momentum ?? (count > 0 ? 1 / count : 0),
    };
    const y = batchNormOf(op, x, this.numFeatures, stats, this.weight, this.bias, useBatchStats, this.eps, relu);
    // Counted only once the batch was accepted (batchNormOf validates everything before updating the statistics).
    if (counter !== null) noGrad(() => copyInto(tensor(count, { dtype: 'int32' }), counter));
    return y;
  }
}

/**
 * torch.nn.BatchNorm1d: per-feature normalization of [N, C] or [N, C, L] inputs, batch statistics in training mode
 * and running statistics (buffers) in eval mode.
 * @example
 * ```ts
 * const bn = new nn.BatchNorm1d(3);
 * bn.forward(randn([8, 3])).shape; // [8, 3]
 * bn.numBatchesTracked?.item(); // 1
 * ```
 */
export class BatchNorm1d extends BatchNorm {
  constructor(numFeatures: number, opts?: BatchNormOptions) {
    super('nn.BatchNorm1d', [2, 3], numFeatures, opts);
  }
}

/**
 * torch.nn.BatchNorm2d: per-channel normalization of [N, C, H, W] inputs.
 * @example
 * ```ts
 * const bn = new nn.BatchNorm2d(4);
 * bn.eval().forward(randn([2, 4, 5, 5])).shape; // [2, 4, 5, 5]
 * ```
 */
export class BatchNorm2d extends BatchNorm {
  constructor(numFeatures: number, opts?: BatchNormOptions) {
    super('nn.BatchNorm2d', [4], numFeatures, opts);
  }
}
