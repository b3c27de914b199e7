/**
 * Conv1d / Conv2d (torch.nn.Conv1d/Conv2d, cross-correlation as PyTorch computes it) and their functional forms:
 *   out[n, o, p] = bias[o] + Σ_{c in o's group, k} weight[o, c, k] · input[n, c, p·stride − pad + k·dilation]
 * computed as one recorded node (conv-fused.ts): im2col, one GEMM per group ([O/G, C/G·K] × [C/G·K, N·L]) and one
 * pass that adds the bias and moves channels after the batch; the backward is the GEMM's transposes and col2im.
 */
import type { DType, Tensor } from '@tapegrad/core';
import { DtypeError, rand, ShapeError } from '@tapegrad/core';
import { describeValue, formatShape, readOptions } from '@tapegrad/core/internal';
import {
  booleanOption,
  checkSameDtype,
  floatingDtypeOption,
  integerOption,
  requireRealFloating,
  requireTensor,
} from './checks';
import { convFused } from './conv-fused';
import { Module } from './module';
import { type PadMode, padWith } from './padding';
import { markParameter } from './parameter';
import { axesOf } from './unfold';

/** A size per spatial dimension, or one number for all. */
export type SizeArg = number | readonly number[];
/** Explicit paddings, or 'valid' (none) / 'same' (output size = input size; stride 1 only). */
export type ConvPadding = SizeArg | 'valid' | 'same';

/** Options of {@link conv1d} / {@link conv2d}. */
export interface ConvOptions {
  stride?: SizeArg;
  padding?: ConvPadding;
  dilation?: SizeArg;
  groups?: number;
}

/** A tuple of `n` integers ≥ min from a number or an array (PyTorch's `_pair`/`_single`). */
export function sizes(op: string, name: string, value: unknown, n: number, min: number): number[] {
  const list = typeof value === 'number' ? new Array<number>(n).fill(value) : value;
  if (!Array.isArray(list) || list.length !== n || !list.every((v) => Number.isSafeInteger(v) && v >= min))
    throw new DtypeError(
      `${op}: expected ${name} to be an integer ≥ ${min} or ${n} of them, got ${describeValue(value)}`,
    );
  return [...(list as number[])];
}

/** [before, after] per spatial dimension for a padding argument. */
function paddingPairs(
  op: string,
  padding: unknown,
  kernel: readonly number[],
  dilation: readonly number[],
  stride: readonly number[],
): [number, number][] {
  if (padding === 'valid') return kernel.map(() => [0, 0]);
  if (padding === 'same') {
    if (stride.some((s) => s !== 1))
      throw new DtypeError(
        `${op}: padding='same' is not supported for strided convolutions (expected stride 1, got ${formatShape(stride)})`,
      );
    // PyTorch: total d·(k − 1), the odd extra on the right.
    return kernel.map((k, i) => {
      const total = dilation[i] * (k - 1);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    });
  }
  if (typeof padding === 'string')
    throw new DtypeError(`${op}: expected padding to be 'valid', 'same' or integers, got ${describeValue(padding)}`);
  return sizes(op, 'padding', padding, kernel.length, 0).map((p) => [p, p]);
}

/** The shared convolution: x [N, C, *spatial], weight [O, C/G, *kernel]. */
function convolve(
  op: string,
  input: unknown,
  weight: Tensor,
  bias: Tensor | null,
  n: number,
  opts: ConvOptions | undefined,
): Tensor {
  const o = readOptions(op, opts, ['stride', 'padding', 'dilation', 'groups']);
  const xIn = requireRealFloating(op, input);
  const w = requireTensor(op, weight, 'weight');
  checkSameDtype(op, xIn, w.dtype, 'the weight');
  if (w.ndim !== n + 2)
    throw new ShapeError(`${op}: expected a ${n + 2}-D weight [out, in/groups, *kernel], got ${describeValue(w)}`);
  const unbatched = xIn.ndim === n + 1;
  if (!unbatched && xIn.ndim !== n + 2)
    throw new ShapeError(
      `${op}: expected a ${n + 1}-D (unbatched) or ${n + 2}-D (batched) input, got ${describeValue(xIn)}`,
    );
  const x = unbatched ? xIn.unsqueeze(0) : xIn;
  const groups = integerOption(op, 'groups', o.groups ?? 1, 1);
  const C = x.shape[1];
  const O = w.shape[0];
  if (C % groups !== 0 || O % groups !== 0 || w.shape[1] * groups !== C)
    throw new ShapeError(
      `${op}: expected input with ${w.shape[1] * groups} channels (weight ${formatShape(w.shape)}, groups ${groups}), got ${describeValue(xIn)}`,
    );
  if (bias !== null) {
    checkSameDtype(op, bias, w.dtype, 'the weight');
    if (bias.ndim !== 1 || bias.shape[0] !== O)
      throw new ShapeError(`${op}: expected a bias of shape [${O}], got ${describeValue(bias)}`);
  }
  const kernel = w.shape.slice(2);
  const stride = sizes(op, 'stride', o.stride ?? 1, n, 1);
  const dilation = sizes(op, 'dilation', o.dilation ?? 1, n, 1);
  const padding = paddingPairs(op, o.padding ?? 0, kernel, dilation, stride);
  const axes = axesOf(op, x, kernel, stride, padding, dilation);
  // One node: im2col + one GEMM per group + bias and layout, backward by GEMMs and col2im (conv-fused.ts).
  const out = convFused(x, w, bias, axes, groups);
  return unbatched ? out.squeeze(0) : out;
}

/**
 * 1-D convolution (torch.nn.functional.conv1d): input [N, C, L] (or [C, L]), weight [O, C/groups, k], bias [O].
 * @example `nn.functional.conv1d(ones([1, 1, 5]), ones([1, 1, 3]), null, { padding: 'same' }).toArray(); // [[[2, 3, 3, 3, 2]]]`
 */
export function conv1d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts?: ConvOptions): Tensor {
  const op = 'nn.functional.conv1d';
  return convolve(op, input, requireTensor(op, weight, 'weight'), optionalBias(op, bias), 1, opts);
}

/**
 * 2-D convolution (torch.nn.functional.conv2d): input [N, C, H, W] (or [C, H, W]), weight [O, C/groups, kH, kW].
 * @example `nn.functional.conv2d(ones([1, 1, 4, 4]), ones([2, 1, 3, 3]), null, { stride: 1 }).shape; // [1, 2, 2, 2]`
 */
export function conv2d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts?: ConvOptions): Tensor {
  const op = 'nn.functional.conv2d';
  return convolve(op, input, requireTensor(op, weight, 'weight'), optionalBias(op, bias), 2, opts);
}

function optionalBias(op: string, bias: unknown): Tensor | null {
  return bias === undefined || bias === null ? null : requireTensor(op, bias, 'bias');
}

/** Options of {@link Conv1d} and {@link Conv2d} (PyTorch's defaults). */
export interface ConvModuleOptions extends ConvOptions {
  /** Learnable bias (default true). */
  bias?: boolean;
  /** How explicit padding is filled (default 'zeros'). */
  paddingMode?: 'zeros' | 'reflect' | 'replicate' | 'circular';
  dtype?: DType;
}

abstract class ConvNd extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: readonly number[];
  readonly stride: readonly number[];
  readonly padding: readonly number[] | 'valid' | 'same';
  readonly dilation: readonly number[];
  readonly groups: number;
  readonly paddingMode: 'zeros' | 'reflect' | 'replicate' | 'circular';
  /** [outChannels, inChannels/groups, *kernelSize]. */
  weight: Tensor;
  /** [outChannels], or null. */
  bias: Tensor | null;
  readonly #op: string;
  readonly #n: number;

  protected constructor(
    op: string,
    n: number,
    inChannels: number,
    outChannels: number,
    kernelSize: SizeArg,
    opts?: ConvModuleOptions,
  ) {
    super();
    const o = readOptions(op, opts, ['stride', 'padding', 'dilation', 'groups', 'bias', 'paddingMode', 'dtype']);
    this.#op = op;
    this.#n = n;
    this.inChannels = integerOption(op, 'inChannels', inChannels, 1);
    this.outChannels = integerOption(op, 'outChannels', outChannels, 1);
    this.groups = integerOption(op, 'groups', o.groups ?? 1, 1);
    if (inChannels % this.groups !== 0 || outChannels % this.groups !== 0)
      throw new DtypeError(
        `${op}: inChannels and outChannels must be divisible by groups (expected multiples of ${this.groups}, got ${inChannels} and ${outChannels})`,
      );
    this.kernelSize = sizes(op, 'kernelSize', kernelSize, n, 1);
    this.stride = sizes(op, 'stride', o.stride ?? 1, n, 1);
    this.dilation = sizes(op, 'dilation', o.dilation ?? 1, n, 1);
    const padding = o.padding ?? 0;
    this.padding = padding === 'valid' || padding === 'same' ? padding : sizes(op, 'padding', padding, n, 0);
    paddingPairs(op, this.padding, this.kernelSize, this.dilation, this.stride);
    const mode = o.paddingMode ?? 'zeros';
    if (mode !== 'zeros' && mode !== 'reflect' && mode !== 'replicate' && mode !== 'circular')
      throw new DtypeError(
        `${op}: expected paddingMode 'zeros', 'reflect', 'replicate' or 'circular', got ${describeValue(mode)}`,
      );
    this.paddingMode = mode;
    const dtype = floatingDtypeOption(op, o.dtype);
    // kaiming_uniform_(a = √5) and the bias draw of _ConvNd.reset_parameters: both U(−1/√fanIn, 1/√fanIn).
    const fanIn = (inChannels / this.groups) * this.kernelSize.reduce((a, b) => a * b, 1);
    const bound = 1 / Math.sqrt(fanIn);
    const draw = (shape: number[]) =>
      markParameter(
        rand(shape, { dtype })
          .mul(2 * bound)
          .sub(bound)
          .detach()
          .requiresGrad_(true),
      );
    this.weight = draw([outChannels, inChannels / this.groups, ...this.kernelSize]);
    this.bias = booleanOption(op, 'bias', o.bias, true) ? draw([outChannels]) : null;
  }

  /** [N, inChannels, *spatial] (or unbatched [inChannels, *spatial]) → [N, outChannels, *outSpatial]. */
  forward(input: Tensor): Tensor {
    const op = `${this.#op}.forward`;
    let x = requireTensor(op, input);
    const n = this.#n;
    if (x.ndim !== n + 1 && x.ndim !== n + 2)
      throw new ShapeError(
        `${op}: expected a ${n + 1}-D (unbatched) or ${n + 2}-D (batched) input, got ${describeValue(x)}`,
      );
    const channels = x.shape[x.ndim - n - 1];
    if (channels !== this.inChannels)
      throw new ShapeError(
        `${op}: expected input with ${this.inChannels} channels (weight of shape ${formatShape(this.weight.shape)}), got ${describeValue(x)}`,
      );
    let padding: ConvPadding = this.padding;
    if (this.paddingMode !== 'zeros' && padding !== 'valid') {
      const pairs = paddingPairs(op, padding, this.kernelSize, this.dilation, this.stride);
      const amounts = pairs.reverse().flat();
      x = padWith(op, x, amounts, { mode: this.paddingMode as Exclude<PadMode, 'constant'> });
      padding = 0;
    }
    return convolve(op, x, this.weight, this.bias, n, {
      stride: this.stride,
      padding,
      dilation: this.dilation,
      groups: this.groups,
    });
  }
}

/**
 * torch.nn.Conv1d over [N, C, L] inputs.
 * @example
 * ```ts
 * const conv = new nn.Conv1d(4, 8, 3, { padding: 1 });
 * conv.forward(randn([2, 4, 10])).shape; // [2, 8, 10]
 * ```
 */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeArg, opts?: ConvModuleOptions) {
    super('nn.Conv1d', 1, inChannels, outChannels, kernelSize, opts);
  }
}

/**
 * torch.nn.Conv2d over [N, C, H, W] inputs.
 * @example
 * ```ts
 * const conv = new nn.Conv2d(1, 16, 3, { padding: 'same' });
 * conv.forward(randn([8, 1, 8, 8])).shape; // [8, 16, 8, 8]
 * ```
 */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeArg, opts?: ConvModuleOptions) {
    super('nn.Conv2d', 2, inChannels, outChannels, kernelSize, opts);
  }
}
