/**
 * The fused nodes of max pooling (max-pool.ts), training-mode batch and layer normalization (batch-norm-train.ts,
 * layer-norm-fused.ts), the convolution (conv-fused.ts), the exact GELU (gelu-exact.ts) and ReLU
 * (relu-fused.ts): PyTorch's tie and NaN rules for the pooling indices, the fused first-order
 * backward against the recorded (createGraph) backward, and first and second derivatives by finite differences on the
 * geometries the other suites do not cover.
 * Values and gradients against PyTorch are in layers-torch.test.ts and test/derivatives/differential.test.ts.
 */
import '@tapegrad/autograd';
import { grad, gradcheck, gradgradcheck } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { AutogradError, gelu, manualSeed, ones, randn, relu, tensor } from '@tapegrad/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { functional as F, GELU, ReLU } from './index';

beforeEach(() => manualSeed(0));
const f64 = (shape: number[]) => randn(shape, { dtype: 'float64', requiresGrad: true });

type Dtype = 'float64' | 'float32';

/**
 * The first-order (fused kernel) gradients of `fn` at inputs of `shapes` equal the recorded (createGraph,
 * differentiable-ops) ones: float64 to 1e-12, float32 to `tol32`.
 */
function fusedMatchesRecorded(fn: (...t: Tensor[]) => Tensor, shapes: number[][], dtype: Dtype, tol32: number): void {
  const inputs = shapes.map((s) => randn(s, { dtype, requiresGrad: true }));
  const g = randn(fn(...inputs).shape, { dtype });
  const fused = grad([fn(...inputs)], inputs, { gradOutputs: [g] });
  const recorded = grad([fn(...inputs)], inputs, { gradOutputs: [g], createGraph: true });
  fused.forEach((t, i) => {
    const diff = (t as Tensor)
      .sub(recorded[i] as Tensor)
      .abs()
      .max()
      .item() as number;
    expect(diff).toBeLessThan(dtype === 'float64' ? 1e-12 : tol32);
  });
}

describe('max pooling kernel', () => {
  it('sends the gradient to the first maximum of each window and accumulates over overlapping windows', () => {
    const x = tensor([[[1, 1, 3, 3, 0]]], { dtype: 'float64', requiresGrad: true });
    const y = F.maxPool1d(x, 2, { stride: 1 }); // windows [1,1] [1,3] [3,3] [3,0]
    expect(y.toArray()).toEqual([[[1, 3, 3, 3]]]);
    y.sum().backward();
    expect(x.grad?.toArray()).toEqual([[[1, 0, 2, 1, 0]]]); // PyTorch 1.13: the same
  });

  it('never picks the padding, even when every real value is −∞', () => {
    const x = tensor([[[Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, 2]]], {
      dtype: 'float64',
      requiresGrad: true,
    });
    const y = F.maxPool1d(x, 2, { stride: 2, padding: 1 }); // windows [pad, −∞] [−∞, 2]
    expect(y.toArray()).toEqual([[[Number.NEGATIVE_INFINITY, 2]]]);
    y.sum().backward();
    expect(x.grad?.toArray()).toEqual([[[1, 0, 1]]]);
  });

  it('propagates NaN (ATen: a NaN replaces the running maximum, so the last NaN is taken)', () => {
    const x = tensor([[[1, Number.NaN, 5, 2]]], { dtype: 'float64', requiresGrad: true });
    const y = F.maxPool1d(x, 4);
    expect(Number.isNaN(y.reshape([-1]).item() as number)).toBe(true);
    y.sum().backward();
    expect(x.grad?.toArray()).toEqual([[[0, 1, 0, 0]]]);
    const z = tensor([[[1, Number.NaN, Number.NaN, 2]]], { dtype: 'float64', requiresGrad: true });
    F.maxPool1d(z, 4).sum().backward();
    expect(z.grad?.toArray()).toEqual([[[0, 0, 1, 0]]]); // the last NaN, as PyTorch 1.13
  });

  it('reads strided input and matches the contiguous result', () => {
    const base = randn([2, 6, 5], { dtype: 'float64' });
    const strided = base.transpose(1, 2).unsqueeze(1); // [2, 1, 5, 6], non-contiguous
    const a = F.maxPool2d(strided, [2, 3], { stride: [1, 2], padding: [1, 1], ceilMode: true });
    const b = F.maxPool2d(strided.contiguous(), [2, 3], { stride: [1, 2], padding: [1, 1], ceilMode: true });
    expect(a.toArray()).toEqual(b.toArray());
  });

  it('1-D dilation and ceil mode: gradcheck and gradgradcheck', () => {
    const fn = (t: Tensor) => F.maxPool1d(t, 3, { stride: 2, padding: 1, dilation: 2, ceilMode: true });
    const x = f64([2, 2, 9]);
    expect(gradcheck(fn, [x])).toBe(true);
    expect(gradgradcheck(fn, [x])).toBe(true);
  });
});

describe('batch normalization kernel (training)', () => {
  const bn = (x: Tensor, w: Tensor | null, b: Tensor | null) => F.batchNorm(x, null, null, w, b, true);

  for (const dtype of ['float64', 'float32'] as const) {
    it(`the fused backward equals the recorded (createGraph) backward, ${dtype}`, () =>
      fusedMatchesRecorded(bn, [[4, 3, 2, 5], [3], [3]], dtype, 1e-5));
  }

  it('float32 (WebAssembly loops) agrees with the float64 loops: values and gradients, with and without relu', () => {
    // Spatial sizes 25 and 16: rows with and without a scalar tail after the 4-lane vectors; a mean far from 0.
    for (const shape of [
      [6, 3, 5, 5],
      [8, 4, 4, 4],
    ]) {
      const x64 = randn(shape, { dtype: 'float64' }).mul(3).add(5);
      const w64 = randn([shape[1]], { dtype: 'float64' });
      const b64 = randn([shape[1]], { dtype: 'float64' });
      const g64 = randn(shape, { dtype: 'float64' });
      for (const withRelu of [false, true]) {
        const run = (dtype: Dtype) => {
          const [x, w, b] = [x64, w64, b64].map((t) => t.to(dtype).requiresGrad_());
          const y = F.batchNorm(x, null, null, w, b, true);
          const out = withRelu ? relu(y) : y;
          return [out, ...grad([out], [x, w, b], { gradOutputs: [g64.to(dtype)] })] as Tensor[];
        };
        const [a, b] = [run('float32'), run('float64')];
        a.forEach((t, i) => {
          const ref = b[i];
          const err = t.to('float64').sub(ref).abs().max().item() as number;
          expect(err, `${shape} relu ${withRelu} #${i}`).toBeLessThan(2e-5 * (1 + (ref.abs().max().item() as number)));
        });
      }
    }
  });

  it('4-D without affine, and a strided input: gradcheck and gradgradcheck', () => {
    const x = f64([3, 2, 2, 3]);
    expect(gradcheck((t: Tensor) => bn(t, null, null), [x])).toBe(true);
    expect(gradgradcheck((t: Tensor) => bn(t, null, null), [x])).toBe(true);
    const fn = (t: Tensor, w: Tensor, b: Tensor) => bn(t.transpose(0, 2), w, b);
    const inputs = [f64([2, 2, 3, 2]), f64([2]), f64([2])];
    expect(gradcheck(fn, inputs)).toBe(true);
    expect(gradgradcheck(fn, inputs)).toBe(true);
  });
});

describe('convolution node (im2col, GEMM, bias + layout)', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`the fused backward equals the recorded (createGraph) backward, ${dtype}`, () =>
      fusedMatchesRecorded(
        (x, w, b) => F.conv2d(x, w, b, { padding: [1, 0], stride: [2, 1], groups: 2 }),
        [[3, 4, 5, 6], [6, 2, 3, 2], [6]],
        dtype,
        1e-4,
      ));
  }

  it('two forwards with one weight before their backwards: each weight gradient from its own input', () => {
    // The weight gradient reuses the columns of the forward kept per weight; the second forward overwrites them.
    for (const dtype of ['float64', 'float32'] as const) {
      const w = randn([4, 2, 3, 3], { dtype, requiresGrad: true });
      const [x1, x2] = [randn([2, 2, 6, 5], { dtype }), randn([2, 2, 6, 5], { dtype })];
      const [g1, g2] = [randn([2, 4, 6, 5], { dtype }), randn([2, 4, 6, 5], { dtype })];
      const conv = (x: Tensor) => F.conv2d(x, w, null, { padding: 1 });
      const alone = [x1, x2].map((x, i) => grad([conv(x)], [w], { gradOutputs: [[g1, g2][i]] })[0] as Tensor);
      const y1 = conv(x1);
      const y2 = conv(x2);
      const late = [grad([y1], [w], { gradOutputs: [g1] })[0], grad([y2], [w], { gradOutputs: [g2] })[0]];
      late.forEach((t, i) => {
        expect((t as Tensor).toArray()).toEqual(alone[i].toArray());
      });
    }
  });

  it('bias-free and unbatched: gradcheck and gradgradcheck', () => {
    const fn = (t: Tensor, w: Tensor) => F.conv2d(t, w, null, { padding: 1 });
    const inputs = [f64([2, 3, 4]), f64([3, 2, 2, 2])];
    expect(gradcheck(fn, inputs)).toBe(true);
    expect(gradgradcheck(fn, inputs)).toBe(true);
  });

  it('padding wider than the dilated kernel, stride and dilation in both dims: fused = recorded', () => {
    // Output columns and rows that read only padding, and windows cut on both sides (the column ranges of im2col).
    fusedMatchesRecorded(
      (x, w, b) => F.conv2d(x, w, b, { padding: [3, 4], stride: [2, 3], dilation: [2, 1], groups: 3 }),
      [[2, 6, 4, 5], [3, 2, 2, 3], [3]],
      'float64',
      0,
    );
    fusedMatchesRecorded(
      (x, w) => F.conv1d(x, w, null, { padding: 5, stride: 3, dilation: 2 }),
      [
        [2, 2, 7],
        [4, 2, 3],
      ],
      'float64',
      0,
    );
    // 'same' with even kernels pads one more after than before.
    fusedMatchesRecorded(
      (x, w, b) => F.conv2d(x, w, b, { padding: 'same', dilation: [1, 3] }),
      [[2, 2, 5, 9], [3, 2, 2, 4], [3]],
      'float64',
      0,
    );
  });

  it('computes only the gradients that are asked for (input without requiresGrad, weight only)', () => {
    const x = randn([2, 3, 5, 5], { dtype: 'float64' });
    const w = f64([4, 3, 3, 3]);
    const b = f64([4]);
    const fn = (t: Tensor, v: Tensor, c: Tensor) => F.conv2d(t, v, c, { padding: 1, stride: 2 });
    const g = randn([2, 4, 3, 3], { dtype: 'float64' });
    const [gw, gb] = grad([fn(x, w, b)], [w, b], { gradOutputs: [g] });
    const [rw, rb] = grad([fn(x, w, b)], [w, b], { gradOutputs: [g], createGraph: true });
    expect(
      (gw as Tensor)
        .sub(rw as Tensor)
        .abs()
        .max()
        .item() as number,
    ).toBeLessThan(1e-12);
    expect(
      (gb as Tensor)
        .sub(rb as Tensor)
        .abs()
        .max()
        .item() as number,
    ).toBeLessThan(1e-12);
    expect(gradcheck((v: Tensor) => fn(x, v, b), [w])).toBe(true);
  });
});

describe('ReLU node (nn.ReLU)', () => {
  it('equals core relu in values and in first and second derivatives, incl. 0, −0, NaN', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const x = tensor([-2, -0, 0, 1e-30, 3, Number.NaN], { dtype, requiresGrad: true });
      const y = new ReLU().forward(x);
      expect(Object.is((y.toArray() as number[])[1], 0)).toBe(true);
      expect(y.toArray()).toEqual(relu(x).toArray());
      const g = tensor([1, 2, 3, 4, 5, 6], { dtype });
      const [a] = grad([y], [x], { gradOutputs: [g] });
      const [b] = grad([new ReLU().forward(x)], [x], { gradOutputs: [g], createGraph: true });
      expect((a as Tensor).toArray()).toEqual([0, 0, 0, 4, 5, 0]);
      expect((b as Tensor).toArray()).toEqual([0, 0, 0, 4, 5, 0]);
    }
    const fn = (t: Tensor) => new ReLU().forward(t);
    const x = tensor([-2, -0.5, 0.3, 3], { dtype: 'float64', requiresGrad: true });
    expect(gradcheck(fn, [x])).toBe(true);
    expect(gradgradcheck(fn, [x])).toBe(true);
  });
});

describe('ReLU float32 bit kernel', () => {
  /** float32 bit patterns: ±0, ±denormal, ±1, ±max, ±∞, NaNs of both signs and payloads. */
  const bits = [
    0, 0x80000000, 1, 0x80000001, 0x3f800000, 0xbf800000, 0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000, 0x7fc00000,
    0xffc00000, 0x7f800001, 0xff800001, 0x7fffffff, 0xffffffff,
  ];
  const values = Array.from(new Float32Array(new Uint32Array(bits).buffer));
  /** The IEEE-754 bits of a float32 tensor's elements. */
  const bitsOf = (t: Tensor) => Array.from(new Uint32Array(new Float32Array(t.toArray() as number[]).buffer));

  it('forward: every special value as the branching rule (NaN stays NaN, −0 and negatives → +0)', () => {
    const x = tensor(values, { dtype: 'float32' });
    const y = F.relu(x).toArray() as number[];
    values.forEach((v, i) => {
      if (Number.isNaN(v)) expect(Number.isNaN(y[i])).toBe(true);
      else expect(Object.is(y[i], v > 0 ? v : 0)).toBe(true);
    });
  });

  it('backward: g where x > 0 (+∞ included), exactly +0 elsewhere even when g is ∞ or NaN', () => {
    const x = tensor(values, { dtype: 'float32', requiresGrad: true });
    const g = tensor(
      values.map((_, i) => [Number.POSITIVE_INFINITY, Number.NaN, -3.5, 1e-40][i % 4]),
      { dtype: 'float32' },
    );
    const [got] = grad([F.relu(x)], [x], { gradOutputs: [g] });
    const gv = g.toArray() as number[];
    const expected = tensor(
      values.map((v, i) => (v > 0 ? gv[i] : 0)),
      { dtype: 'float32' },
    );
    expect(bitsOf(got as Tensor)).toEqual(bitsOf(expected));
    const [recorded] = grad([F.relu(x)], [x], { gradOutputs: [g], createGraph: true });
    expect(bitsOf(recorded as Tensor)).toEqual(bitsOf(expected));
  });

  it('strided and offset input, and a strided gradient, agree with core relu and its rule', () => {
    const base = randn([6, 5], { requiresGrad: true });
    const views = [() => base.narrow(0, 2, 3), () => base.transpose(0, 1).narrow(0, 1, 3)]; // offset; strided
    for (const view of views) {
      expect(view().isContiguous() || view().offset > 0).toBe(true);
      const y = F.relu(view());
      expect(y.toArray()).toEqual(relu(view()).toArray());
      const g = randn(y.shape.slice().reverse()).transpose(0, 1);
      const [a] = grad([y], [base], { gradOutputs: [g] });
      const [b] = grad([relu(view())], [base], { gradOutputs: [g] });
      expect((a as Tensor).toArray()).toEqual((b as Tensor).toArray());
    }
  });
});

describe('nn.functional.relu and gelu use the fused nodes', () => {
  it('same values and derivatives as core relu/gelu; the tanh form and bad options still go through core', () => {
    const x = f64([3, 4]);
    expect(F.relu(x).toArray()).toEqual(relu(x).toArray());
    expect(F.gelu(x).sub(gelu(x)).abs().max().item() as number).toBeLessThan(1e-15);
    expect(F.gelu(x, { approximate: 'tanh' }).toArray()).toEqual(gelu(x, { approximate: 'tanh' }).toArray());
    expect(gradgradcheck((t: Tensor) => F.gelu(t), [x])).toBe(true);
    expect(gradgradcheck((t: Tensor) => F.relu(t), [x])).toBe(true);
    expect(() => F.gelu(x, { approximate: 'fast' as 'tanh' })).toThrow(/^nn\.functional\.gelu: expected approximate/);
    expect(() => F.gelu(x, { approx: 'tanh' } as never)).toThrow(/approx/);
    expect(() => F.relu(tensor([true, false]))).toThrow(/^nn\.functional\.relu: expected a float32/);
  });
});

describe('exact GELU node (nn.GELU)', () => {
  const special = [-30, -3, -1, -1e-8, -0, 0, 1e-8, 0.5, 2, 7, 30];

  it('equals the composite gelu (values and first derivatives), float64 and float32', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const x = tensor(special, { dtype, requiresGrad: true });
      const fused = new GELU().forward(x);
      const composite = gelu(x);
      const tol = dtype === 'float64' ? 1e-15 : 1e-6;
      expect(fused.sub(composite).abs().max().item() as number).toBeLessThan(tol);
      const g = randn([special.length], { dtype });
      const [a] = grad([fused], [x], { gradOutputs: [g] });
      const [b] = grad([composite], [x], { gradOutputs: [g] });
      const [c] = grad([new GELU().forward(x)], [x], { gradOutputs: [g], createGraph: true });
      expect(
        (a as Tensor)
          .sub(b as Tensor)
          .abs()
          .max()
          .item() as number,
      ).toBeLessThan(tol);
      expect(
        (c as Tensor)
          .sub(b as Tensor)
          .abs()
          .max()
          .item() as number,
      ).toBeLessThan(tol);
    }
  });

  it('gradcheck and gradgradcheck, including 0 and −0', () => {
    const x = tensor(special.slice(1, -1), { dtype: 'float64', requiresGrad: true });
    const fn = (t: Tensor) => new GELU().forward(t);
    expect(gradcheck(fn, [x])).toBe(true);
    expect(gradgradcheck(fn, [x])).toBe(true);
    expect(gradgradcheck(fn, [f64([3, 4]).transpose(0, 1)])).toBe(true);
  });
});

describe('layer normalization node', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`the fused backward equals the recorded (createGraph) backward, ${dtype}`, () =>
      fusedMatchesRecorded(
        (x, w, b) => F.layerNorm(x, [2, 5], w, b),
        [
          [3, 4, 2, 5],
          [2, 5],
          [2, 5],
        ],
        dtype,
        1e-5,
      ));
  }

  it('without affine, unbatched, strided: gradcheck and gradgradcheck', () => {
    const cases: [(...t: Tensor[]) => Tensor, Tensor[]][] = [
      [(t) => F.layerNorm(t, [4]), [f64([3, 4])]],
      [(t, w, b) => F.layerNorm(t, [2, 3], w, b), [f64([2, 3]), f64([2, 3]), f64([2, 3])]],
      [(t, w) => F.layerNorm(t.transpose(0, 1), [2], w), [f64([2, 3]), f64([2])]],
    ];
    for (const [fn, inputs] of cases) {
      expect(gradcheck(fn, inputs)).toBe(true);
      expect(gradgradcheck(fn, inputs)).toBe(true);
    }
  });
});

describe('what the fused nodes save (in-place writes, as PyTorch)', () => {
  const layers: [string, (t: Tensor) => Tensor][] = [
    ['maxPool2d', (t) => F.maxPool2d(t, 2)],
    ['batchNorm', (t) => F.batchNorm(t, null, null, null, null, true)],
    ['layerNorm', (t) => F.layerNorm(t, [4])],
    ['GELU', (t) => new GELU().forward(t)],
    ['ReLU', (t) => new ReLU().forward(t)],
    ['conv2d', (t) => F.conv2d(t, ones([2, 3, 1, 1], { dtype: 'float64' }), ones([2], { dtype: 'float64' }))],
  ];
  for (const [name, fn] of layers) {
    it(`${name}: writing into the output in place leaves the gradient unchanged`, () => {
      const x = f64([2, 3, 4, 4]);
      const [expected] = grad([fn(x).sum()], [x]);
      const y = fn(x);
      y.add_(1);
      const [got] = grad([y.sum()], [x]);
      expect((got as Tensor).toArray()).toEqual((expected as Tensor).toArray());
    });
  }

  it('writing into a saved input in place makes backward throw AutogradError (batchNorm reads x)', () => {
    const x = f64([2, 3, 4, 4]);
    const h = x.mul(1);
    const y = F.batchNorm(h, null, null, null, null, true);
    h.add_(1);
    expect(() => y.sum().backward()).toThrow(AutogradError);
  });
});
