/**
 * MaxPool1d/2d and AvgPool1d/2d (torch.nn) and their functional forms, over the windows of unfold.ts: max pooling
 * is one kernel that skips the padding and records the index of each window's first maximum, where its gradient
 * goes, as PyTorch's (max-pool.ts); average pooling sums the window (padding reads 0) and divides by PyTorch's divisor: the window size clipped to the
 * padded input (countIncludePad) or to the input, or divisorOverride.
 */
import type { Tensor } from '@tapegrad/core';
import { ShapeError, tensor } from '@tapegrad/core';
import { describeValue, readOptions } from '@tapegrad/core/internal';
import { booleanOption, integerOption, requireRealFloating } from './checks';
import { type SizeArg, sizes } from './conv';
import { maxPoolWindows } from './max-pool';
import { Module } from './module';
import { type Axis, axesOf, counts, unfold } from './unfold';

/** Options of the max-pooling functions and modules. */
export interface MaxPoolOptions {
  /** Default: kernelSize. */
  stride?: SizeArg | null;
  /** Implicit −∞ padding on both sides, at most half the kernel (default 0). */
  padding?: SizeArg;
  dilation?: SizeArg;
  /** Round the output size up (default false). */
  ceilMode?: boolean;
}

/** Options of the average-pooling functions and modules. */
export interface AvgPoolOptions {
  stride?: SizeArg | null;
  padding?: SizeArg;
  ceilMode?: boolean;
  /** Count the zero padding in the divisor (default true). */
  countIncludePad?: boolean;
  /** A fixed divisor instead of the window size (2-D only, as PyTorch). */
  divisorOverride?: number | null;
}

interface Geometry {
  x: Tensor;
  unbatched: boolean;
  axes: Axis[];
}

function geometry(
  op: string,
  input: unknown,
  n: number,
  kernelSize: unknown,
  stride: unknown,
  padding: unknown,
  dilation: unknown,
  ceilMode: boolean,
): Geometry {
  const xIn = requireRealFloating(op, input);
  if (xIn.ndim !== n + 1 && xIn.ndim !== n + 2)
    throw new ShapeError(
      `${op}: expected a ${n + 1}-D (unbatched) or ${n + 2}-D (batched) input, got ${describeValue(xIn)}`,
    );
  const unbatched = xIn.ndim === n + 1;
  const x = unbatched ? xIn.unsqueeze(0) : xIn;
  const kernel = sizes(op, 'kernelSize', kernelSize, n, 1);
  const strides = stride === undefined || stride === null ? kernel : sizes(op, 'stride', stride, n, 1);
  const pads = sizes(op, 'padding', padding ?? 0, n, 0);
  const dilations = sizes(op, 'dilation', dilation ?? 1, n, 1);
  pads.forEach((p, i) => {
    if (2 * p > dilations[i] * (kernel[i] - 1) + 1)
      throw new ShapeError(
        `${op}: pad should be at most half of effective kernel size (expected at most ${Math.floor((dilations[i] * (kernel[i] - 1) + 1) / 2)}, got ${p})`,
      );
  });
  const axes = axesOf(
    op,
    x,
    kernel,
    strides,
    pads.map((p) => [p, p] as [number, number]),
    dilations,
    ceilMode,
  );
  return { x, unbatched, axes };
}

function finish(out: Tensor, g: Geometry): Tensor {
  const [N, C] = g.x.shape;
  const y = out.reshape([N, C, ...g.axes.map((a) => a.out)]);
  return g.unbatched ? y.squeeze(0) : y;
}

function maxPool(op: string, n: number, input: unknown, kernelSize: unknown, opts: MaxPoolOptions | undefined): Tensor {
  const o = readOptions(op, opts, ['stride', 'padding', 'dilation', 'ceilMode']);
  const ceil = booleanOption(op, 'ceilMode', o.ceilMode, false);
  const g = geometry(op, input, n, kernelSize, o.stride, o.padding, o.dilation, ceil);
  return finish(maxPoolWindows(g.x, g.axes), g);
}

/** PyTorch's avg-pool divisor for every output position (row-major over the output dims). */
function divisors(axes: readonly Axis[], countIncludePad: boolean): number[] {
  const perAxis = axes.map((a) =>
    Array.from({ length: a.out }, (_, o) => {
      const start = o * a.stride - a.padBefore;
      const end = Math.min(start + a.kernel, a.size + a.padAfter);
      const poolSize = end - start;
      return countIncludePad ? poolSize : Math.min(end, a.size) - Math.max(start, 0);
    }),
  );
  return perAxis.reduce<number[]>((acc, list) => acc.flatMap((p) => list.map((q) => p * q)), [1]);
}

function avgPool(op: string, n: number, input: unknown, kernelSize: unknown, opts: AvgPoolOptions | undefined): Tensor {
  const o = readOptions(
    op,
    opts,
    n === 2
      ? ['stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride']
      : ['stride', 'padding', 'ceilMode', 'countIncludePad'],
  );
  const ceil = booleanOption(op, 'ceilMode', o.ceilMode, false);
  const includePad = booleanOption(op, 'countIncludePad', o.countIncludePad, true);
  const g = geometry(op, input, n, kernelSize, o.stride, o.padding, 1, ceil);
  const sums = unfold(g.x, g.axes, 0).sum(2);
  const override =
    o.divisorOverride === undefined || o.divisorOverride === null
      ? null
      : integerOption(op, 'divisorOverride', o.divisorOverride, 1);
  const { K, L } = counts(g.axes);
  const list = override === null ? divisors(g.axes, includePad) : null;
  const uniform = list === null || list.every((d) => d === list[0]);
  const out = uniform
    ? sums.div(override ?? list?.[0] ?? K)
    : sums.div(tensor(list as number[], { dtype: g.x.dtype, shape: [L] }));
  return finish(out, g);
}

/**
 * Max over sliding windows of [N, C, L] (torch.nn.functional.max_pool1d).
 * @example `nn.functional.maxPool1d(tensor([[[1, 3, 2, 5]]]), 2).toArray(); // [[[3, 5]]]`
 */
export function maxPool1d(input: Tensor, kernelSize: SizeArg, opts?: MaxPoolOptions): Tensor {
  return maxPool('nn.functional.maxPool1d', 1, input, kernelSize, opts);
}

/**
 * Max over sliding windows of [N, C, H, W] (torch.nn.functional.max_pool2d).
 * @example `nn.functional.maxPool2d(randn([1, 3, 8, 8]), 2).shape; // [1, 3, 4, 4]`
 */
export function maxPool2d(input: Tensor, kernelSize: SizeArg, opts?: MaxPoolOptions): Tensor {
  return maxPool('nn.functional.maxPool2d', 2, input, kernelSize, opts);
}

/**
 * Mean over sliding windows of [N, C, L] (torch.nn.functional.avg_pool1d).
 * @example `nn.functional.avgPool1d(tensor([[[1, 3, 2, 6]]]), 2).toArray(); // [[[2, 4]]]`
 */
export function avgPool1d(input: Tensor, kernelSize: SizeArg, opts?: AvgPoolOptions): Tensor {
  return avgPool('nn.functional.avgPool1d', 1, input, kernelSize, opts);
}

/**
 * Mean over sliding windows of [N, C, H, W] (torch.nn.functional.avg_pool2d).
 * @example `nn.functional.avgPool2d(ones([1, 1, 4, 4]), 2).toArray(); // [[[[1, 1], [1, 1]]]]`
 */
export function avgPool2d(input: Tensor, kernelSize: SizeArg, opts?: AvgPoolOptions): Tensor {
  return avgPool('nn.functional.avgPool2d', 2, input, kernelSize, opts);
}

abstract class Pool<O extends object> extends Module {
  readonly kernelSize: SizeArg;
  readonly options: Readonly<O>;
  readonly #apply: (input: Tensor) => Tensor;

  protected constructor(kernelSize: SizeArg, options: O, apply: (input: Tensor, k: SizeArg, o: O) => Tensor) {
    super();
    this.kernelSize = kernelSize;
    this.options = options;
    this.#apply = (input) => apply(input, kernelSize, options);
  }

  forward(input: Tensor): Tensor {
    return this.#apply(input);
  }
}

function poolModule<O extends object>(
  name: string,
  n: number,
  kernelSize: SizeArg,
  opts: O | undefined,
  keys: string[],
  run: (op: string, n: number, input: unknown, k: unknown, o: O | undefined) => Tensor,
): [O, (input: Tensor, k: SizeArg, o: O) => Tensor] {
  const o = readOptions(name, opts, keys) as Record<string, unknown>;
  // Every value is checked now; the input-dependent checks run in forward.
  sizes(name, 'kernelSize', kernelSize, n, 1);
  if (o.stride !== undefined && o.stride !== null) sizes(name, 'stride', o.stride, n, 1);
  if (o.padding !== undefined) sizes(name, 'padding', o.padding, n, 0);
  if (o.dilation !== undefined) sizes(name, 'dilation', o.dilation, n, 1);
  booleanOption(name, 'ceilMode', o.ceilMode, false);
  booleanOption(name, 'countIncludePad', o.countIncludePad, true);
  if (o.divisorOverride !== undefined && o.divisorOverride !== null)
    integerOption(name, 'divisorOverride', o.divisorOverride, 1);
  return [o as O, (input, k, options) => run(`${name}.forward`, n, input, k, options)];
}

/**
 * torch.nn.MaxPool1d.
 * @example `new nn.MaxPool1d(2).forward(tensor([[[1, 3, 2, 5]]])).toArray(); // [[[3, 5]]]`
 */
export class MaxPool1d extends Pool<MaxPoolOptions> {
  constructor(kernelSize: SizeArg, opts?: MaxPoolOptions) {
    super(
      kernelSize,
      ...poolModule('nn.MaxPool1d', 1, kernelSize, opts, ['stride', 'padding', 'dilation', 'ceilMode'], maxPool),
    );
  }
}

/**
 * torch.nn.MaxPool2d.
 * @example `new nn.MaxPool2d(2).forward(randn([4, 16, 8, 8])).shape; // [4, 16, 4, 4]`
 */
export class MaxPool2d extends Pool<MaxPoolOptions> {
  constructor(kernelSize: SizeArg, opts?: MaxPoolOptions) {
    super(
      kernelSize,
      ...poolModule('nn.MaxPool2d', 2, kernelSize, opts, ['stride', 'padding', 'dilation', 'ceilMode'], maxPool),
    );
  }
}

/**
 * torch.nn.AvgPool1d.
 * @example `new nn.AvgPool1d(2).forward(tensor([[[1, 3, 2, 6]]])).toArray(); // [[[2, 4]]]`
 */
export class AvgPool1d extends Pool<AvgPoolOptions> {
  constructor(kernelSize: SizeArg, opts?: AvgPoolOptions) {
    super(
      kernelSize,
      ...poolModule('nn.AvgPool1d', 1, kernelSize, opts, ['stride', 'padding', 'ceilMode', 'countIncludePad'], avgPool),
    );
  }
}

/**
 * torch.nn.AvgPool2d.
 * @example `new nn.AvgPool2d(2).forward(ones([1, 1, 4, 4])).shape; // [1, 1, 2, 2]`
 */
export class AvgPool2d extends Pool<AvgPoolOptions> {
  constructor(kernelSize: SizeArg, opts?: AvgPoolOptions) {
    super(
      kernelSize,
      ...poolModule(
        'nn.AvgPool2d',
        2,
        kernelSize,
        opts,
        ['stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'],
        avgPool,
      ),
    );
  }
}
