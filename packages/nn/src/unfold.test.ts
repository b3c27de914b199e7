/**
 * The im2col primitive `unfold` and its adjoint `fold`: values against the definition, the adjoint identity
 * ⟨fold(y), x⟩ = ⟨y, unfold(x)⟩, and first and second derivatives by finite differences (gradcheck/gradgradcheck) for
 * stride / padding / dilation / ceil-mode geometries, strided input, and grouped convolution built on them.
 */
import '@tapegrad/autograd';
import { gradcheck, gradgradcheck } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { manualSeed, randn } from '@tapegrad/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { functional as F } from './index';
import { type Axis, axesOf, counts, fold, unfold } from './unfold';

interface Geometry {
  name: string;
  shape: number[];
  kernel: number[];
  stride: number[];
  padding: [number, number][];
  dilation: number[];
  ceil?: boolean;
}

/** A geometry from one row: `pads` holds (before, after) of each spatial axis in turn. */
const geometry = (
  name: string,
  shape: number[],
  kernel: number[],
  stride: number[],
  pads: number[],
  dilation: number[],
  ceil = false,
): Geometry => ({
  name,
  shape,
  kernel,
  stride,
  padding: kernel.map((_, d): [number, number] => [pads[2 * d], pads[2 * d + 1]]),
  dilation,
  ceil,
});

const geometries: Geometry[] = [
  geometry('1-D plain', [2, 2, 6], [3], [1], [0, 0], [1]),
  geometry('1-D stride 2, pad 1, dilation 2', [1, 2, 7], [2], [2], [1, 1], [2]),
  geometry('2-D pad 1', [2, 1, 4, 5], [3, 3], [1, 1], [1, 1, 1, 1], [1, 1]),
  geometry('2-D stride (2, 1), asymmetric pad, dilation (1, 2)', [1, 2, 5, 6], [2, 3], [2, 1], [0, 1, 2, 1], [1, 2]),
  geometry('2-D ceil mode', [1, 1, 5, 5], [2, 2], [2, 2], [0, 0, 0, 0], [1, 1], true),
];

function axesFor(g: Geometry, x: Tensor): Axis[] {
  return axesOf('test', x, g.kernel, g.stride, g.padding, g.dilation, g.ceil ?? false);
}

/** unfold straight from its definition: cols[n, c, k, l] = x[n, c, l·stride − pad + k·dilation] or `fill`. */
function reference(x: Tensor, axes: readonly Axis[], fill: number): number[] {
  const [N, C] = x.shape;
  const values = ([x.toArray()] as unknown[]).flat(Number.POSITIVE_INFINITY) as number[];
  const spatial = axes.reduce((p, a) => p * a.size, 1);
  const { K, L } = counts(axes);
  const out: number[] = [];
  const digits = (i: number, sizes: number[]) =>
    sizes.reduceRight<number[]>((acc, s) => {
      acc.unshift(i % s);
      i = Math.floor(i / s);
      return acc;
    }, []);
  for (let b = 0; b < N * C; b++)
    for (let k = 0; k < K; k++)
      for (let l = 0; l < L; l++) {
        const kk = digits(
          k,
          axes.map((a) => a.kernel),
        );
        const ll = digits(
          l,
          axes.map((a) => a.out),
        );
        const pos = axes.map((a, d) => ll[d] * a.stride - a.padBefore + kk[d] * a.dilation);
        const inside = pos.every((p, d) => p >= 0 && p < axes[d].size);
        const flat = pos.reduce((f, p, d) => f * axes[d].size + p, 0);
        out.push(inside ? values[b * spatial + flat] : fill);
      }
  return out;
}

const flat = (t: Tensor) => ([t.toArray()] as unknown[]).flat(Number.POSITIVE_INFINITY) as number[];

beforeEach(() => manualSeed(7));

describe('unfold / fold', () => {
  for (const g of geometries) {
    describe(g.name, () => {
      it('unfold matches the definition (padding reads the fill value); fold is its adjoint', () => {
        const x = randn(g.shape, { dtype: 'float64' });
        const axes = axesFor(g, x);
        const { K, L } = counts(axes);
        expect(unfold(x, axes, -5).shape).toEqual([g.shape[0], g.shape[1], K, L]);
        expect(flat(unfold(x, axes, -5))).toEqual(reference(x, axes, -5));
        const y = randn([g.shape[0], g.shape[1], K, L], { dtype: 'float64' });
        const lhs = fold(y, axes, g.shape).mul(x).sum().item() as number;
        const rhs = y
          .mul(unfold(x, axes, 0))
          .sum()
          .item() as number;
        expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12 * (1 + Math.abs(rhs)));
        // The [C, K, N, L] layout holds the same windows, and its fold is the same adjoint.
        const ckln = unfold(x, axes, -5, 'CKNL');
        expect(ckln.shape).toEqual([g.shape[1], K, g.shape[0], L]);
        expect(flat(ckln.permute([2, 0, 1, 3]))).toEqual(reference(x, axes, -5));
        expect(flat(fold(y.permute([1, 2, 0, 3]), axes, g.shape, 'CKNL'))).toEqual(flat(fold(y, axes, g.shape)));
      });

      it('gradcheck and gradgradcheck of unfold and fold', () => {
        const x = randn(g.shape, { dtype: 'float64', requiresGrad: true });
        const axes = axesFor(g, x);
        const { K, L } = counts(axes);
        const y = randn([g.shape[0], g.shape[1], K, L], { dtype: 'float64', requiresGrad: true });
        // A non-linear function of the output, so the second derivative is not trivially zero.
        const viaUnfold = (t: Tensor) => unfold(t, axes, 0.5).square();
        const viaFold = (t: Tensor) => fold(t, axes, g.shape).square();
        expect(gradcheck(viaUnfold, [x])).toBe(true);
        expect(gradgradcheck(viaUnfold, [x])).toBe(true);
        expect(gradcheck(viaFold, [y])).toBe(true);
        expect(gradgradcheck(viaFold, [y])).toBe(true);
        const viaUnfoldCknl = (t: Tensor) => unfold(t, axes, 0.5, 'CKNL').square();
        expect(gradgradcheck(viaUnfoldCknl, [x])).toBe(true);
      });
    });
  }

  it('reads and accumulates through strided (non-contiguous) tensors', () => {
    const base = randn([2, 6, 5], { dtype: 'float64', requiresGrad: true });
    const x = base.transpose(1, 2); // [2, 5, 6], not contiguous
    const axes = axesOf('test', x, [3], [2], [[1, 1]], [1]);
    expect(flat(unfold(x, axes, 0))).toEqual(reference(x, axes, 0));
    const y = randn([2, 5, 3, 3], { dtype: 'float64' }).transpose(2, 3); // [2, 5, 3, 3] strided
    expect(flat(fold(y, axes, x.shape))).toEqual(flat(fold(y.contiguous(), axes, x.shape)));
    expect(gradcheck((t) => unfold(t.transpose(1, 2), axes, 0).square(), [base])).toBe(true);
  });

  it('float32 goes through the same kernel', () => {
    const x = randn([1, 2, 4, 4]);
    const axes = axesOf(
      'test',
      x,
      [2, 2],
      [1, 1],
      [
        [1, 1],
        [1, 1],
      ],
      [1, 1],
    );
    const got = flat(unfold(x, axes, 0));
    const want = reference(x, axes, 0);
    expect(got.every((v, i) => v === want[i])).toBe(true);
  });

  it('grouped, strided, padded, dilated conv2d: gradcheck and gradgradcheck through unfold/fold', () => {
    const x = randn([1, 4, 5, 5], { dtype: 'float64', requiresGrad: true });
    const w = randn([2, 2, 2, 3], { dtype: 'float64', requiresGrad: true });
    const b = randn([2], { dtype: 'float64', requiresGrad: true });
    const fn = (xx: Tensor, ww: Tensor, bb: Tensor) =>
      F.conv2d(xx, ww, bb, { stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2 });
    expect(gradcheck(fn, [x, w, b])).toBe(true);
    expect(gradgradcheck(fn, [x, w, b])).toBe(true);
  });

  it('grouped conv1d and max/avg pooling: gradgradcheck', () => {
    const x = randn([2, 4, 7], { dtype: 'float64', requiresGrad: true });
    const w = randn([4, 1, 3], { dtype: 'float64', requiresGrad: true });
    expect(gradgradcheck((xx, ww) => F.conv1d(xx, ww, null, { stride: 2, padding: 1, groups: 4 }), [x, w])).toBe(true);
    const p = randn([1, 2, 5, 5], { dtype: 'float64', requiresGrad: true });
    expect(gradgradcheck((t) => F.maxPool2d(t, 2, { stride: 2, padding: 1, ceilMode: true }), [p])).toBe(true);
    expect(gradgradcheck((t) => F.avgPool2d(t, 3, { stride: 2, padding: 1, countIncludePad: false }), [p])).toBe(true);
  });
});
