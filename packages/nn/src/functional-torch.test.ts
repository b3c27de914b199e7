/**
 * The activations, distances and losses of activation-functions.ts, distance.ts, robust-losses.ts,
 * likelihood-losses.ts and margin-losses.ts against PyTorch 1.13 in float64, to second order (fixtures from
 * scripts/fixtures/nn_functional.py): the output, the gradients gᵢ of Σ output·G, and hᵢ = ∂(Σⱼ Σ gⱼ·Vⱼ)/∂xᵢ. The
 * inputs sit on every kink and boundary, where PyTorch's one-sided derivative is the reference. The module forms are
 * checked against the functional forms on the same cases.
 */
import '@tapegrad/autograd';
import { grad } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { tensor } from '@tapegrad/core';
import { describe, expect, it } from 'vitest';
import fixture from '../../../test/fixtures/nn/torch-functional.json';
import * as F from './functional';
import * as nn from './index';

interface Encoded {
  shape: number[];
  data: (number | string)[];
}
type Config = Record<string, number | boolean | string>;
type Fn = (...xs: Tensor[]) => Tensor;

const decode = (e: Encoded): Tensor =>
  tensor(
    e.data.map((v) => (typeof v === 'number' ? v : Number(v.replace('inf', 'Infinity')))),
    { dtype: 'float64', shape: e.shape },
  );

function expectClose(actual: Tensor, expected: Encoded, what: string, nanIsArtifact = false, tol = 1e-10): void {
  expect(actual.shape, what).toEqual(expected.shape);
  const a = Array.from(actual.toTypedArray() as Float64Array);
  const b = expected.data.map((v) => (typeof v === 'number' ? v : Number(v.replace('inf', 'Infinity'))));
  const scale = Math.max(1, ...b.filter(Number.isFinite).map(Math.abs));
  a.forEach((v, i) => {
    const want = b[i] as number;
    if (Number.isNaN(want) && nanIsArtifact) expect(Number.isFinite(v), `${what}[${i}] finite`).toBe(true);
    else if (!Number.isFinite(want)) expect(v, `${what}[${i}]`).toBe(want);
    else expect(Math.abs(v - want), `${what}[${i}]: ${v} vs ${want}`).toBeLessThanOrEqual(tol * scale);
  });
}

/** The functional form of a case, with the configuration as tapegrad's arguments. */
function functional(name: string, c: Config): Fn {
  const n = (k: string) => c[k] as number;
  const { torchNanIsArtifact: _, torchFloat32Sixth: __, ...opts } = c;
  const table: Record<string, Fn> = {
    elu: (x) => F.elu(x, n('alpha')),
    celu: (x) => F.celu(x, n('alpha')),
    selu: (x) => F.selu(x),
    hardtanh: (x) => F.hardtanh(x, n('minVal') ?? -1, n('maxVal') ?? 1),
    relu6: (x) => F.relu6(x),
    hardsigmoid: (x) => F.hardsigmoid(x),
    hardswish: (x) => F.hardswish(x),
    mish: (x) => F.mish(x),
    softsign: (x) => F.softsign(x),
    tanhshrink: (x) => F.tanhshrink(x),
    hardshrink: (x) => F.hardshrink(x, n('lambd') ?? 0.5),
    softshrink: (x) => F.softshrink(x, n('lambd') ?? 0.5),
    threshold: (x) => F.threshold(x, n('threshold'), n('value')),
    softmin: (x) => F.softmin(x, n('dim')),
    glu: (x) => F.glu(x, n('dim')),
    prelu: (x, w) => F.prelu(x, w as Tensor),
    normalize: (x) => F.normalize(x, opts),
    cosineSimilarity: (a, b) => F.cosineSimilarity(a, b as Tensor, opts),
    pairwiseDistance: (a, b) => F.pairwiseDistance(a, b as Tensor, opts),
    smoothL1Loss: (x, y) => F.smoothL1Loss(x, y as Tensor, opts),
    huberLoss: (x, y) => F.huberLoss(x, y as Tensor, opts),
    klDiv: (x, y) => F.klDiv(x, y as Tensor, opts),
    softMarginLoss: (x, y) => F.softMarginLoss(x, y as Tensor, opts),
    multilabelSoftMarginLoss: (x, y) => F.multilabelSoftMarginLoss(x, y as Tensor, opts),
    marginRankingLoss: (a, b, y) => F.marginRankingLoss(a, b as Tensor, y as Tensor, opts),
    hingeEmbeddingLoss: (x, y) => F.hingeEmbeddingLoss(x, y as Tensor, opts),
    cosineEmbeddingLoss: (a, b, y) => F.cosineEmbeddingLoss(a, b as Tensor, y as Tensor, opts),
    tripletMarginLoss: (a, p, q) => F.tripletMarginLoss(a, p as Tensor, q as Tensor, opts),
    poissonNllLoss: (x, y) => F.poissonNllLoss(x, y as Tensor, opts),
    gaussianNllLoss: (x, y, v) => F.gaussianNllLoss(x, y as Tensor, v as Tensor, opts),
  };
  const fn = table[name];
  if (fn === undefined) throw new Error(`no functional for ${name}`);
  return fn;
}

/** The module form of a case (null for a function without one, or with a learnable input). */
function moduleForm(name: string, c: Config): Fn | null {
  const n = (k: string) => c[k] as number;
  const { torchNanIsArtifact: _, torchFloat32Sixth: __, ...opts } = c;
  const forward = (m: { forward: Fn }): Fn => m.forward.bind(m);
  const table: Record<string, () => Fn> = {
    elu: () => forward(new nn.ELU(n('alpha'))),
    celu: () => forward(new nn.CELU(n('alpha'))),
    selu: () => forward(new nn.SELU()),
    hardtanh: () => forward(new nn.Hardtanh(n('minVal') ?? -1, n('maxVal') ?? 1)),
    relu6: () => forward(new nn.ReLU6()),
    hardsigmoid: () => forward(new nn.Hardsigmoid()),
    hardswish: () => forward(new nn.Hardswish()),
    mish: () => forward(new nn.Mish()),
    softsign: () => forward(new nn.Softsign()),
    tanhshrink: () => forward(new nn.Tanhshrink()),
    hardshrink: () => forward(new nn.Hardshrink(n('lambd') ?? 0.5)),
    softshrink: () => forward(new nn.Softshrink(n('lambd') ?? 0.5)),
    threshold: () => forward(new nn.Threshold(n('threshold'), n('value'))),
    softmin: () => forward(new nn.Softmin(n('dim'))),
    glu: () => forward(new nn.GLU(n('dim'))),
    cosineSimilarity: () => forward(new nn.CosineSimilarity(opts)),
    pairwiseDistance: () => forward(new nn.PairwiseDistance(opts)),
    smoothL1Loss: () => forward(new nn.SmoothL1Loss(opts)),
    huberLoss: () => forward(new nn.HuberLoss(opts)),
    klDiv: () => forward(new nn.KLDivLoss(opts)),
    softMarginLoss: () => forward(new nn.SoftMarginLoss(opts)),
    multilabelSoftMarginLoss: () => forward(new nn.MultiLabelSoftMarginLoss(opts)),
    marginRankingLoss: () => forward(new nn.MarginRankingLoss(opts)),
    hingeEmbeddingLoss: () => forward(new nn.HingeEmbeddingLoss(opts)),
    cosineEmbeddingLoss: () => forward(new nn.CosineEmbeddingLoss(opts)),
    tripletMarginLoss: () => forward(new nn.TripletMarginLoss(opts)),
    poissonNllLoss: () => forward(new nn.PoissonNLLLoss(opts)),
    gaussianNllLoss: () => forward(new nn.GaussianNLLLoss(opts)),
  };
  return table[name]?.() ?? null;
}

describe('extra activations, distances and losses agree with PyTorch 1.13 (float64) to second order', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const config = c.config as Config;
      const inputs = c.inputs.map((e) => decode(e as Encoded));
      const constant = new Set(c.constant);
      const leaves = inputs.map((x, i) => (constant.has(i) ? x : x.clone().requiresGrad_(true)));
      const wrt = leaves.filter((_, i) => !constant.has(i));
      const fn = functional(c.fn, config);
      const out = fn(...leaves);
      expectClose(out, c.output as Encoded, 'output');
      const gs = grad(out.mul(decode(c.cotangent as Encoded)).sum(), wrt, { createGraph: true, allowUnused: true });
      const g = gs.map((t, i) => t ?? (wrt[i] as Tensor).mul(0));
      // PyTorch's hardsigmoid gradient carries a float32 1/6 (see the fixture script): 1e-7 there.
      const tol = config.torchFloat32Sixth === true ? 1e-7 : 1e-10;
      for (const [i, t] of g.entries()) expectClose(t, c.grads[i] as Encoded, `grad ${i}`, false, tol);
      const s = g.map((t, i) => t.mul(decode(c.V[i] as Encoded)).sum()).reduce((a, b) => a.add(b));
      const hs = s.requiresGrad ? grad(s, wrt, { allowUnused: true }) : wrt.map(() => null);
      hs.forEach((h, i) => {
        const value = h ?? (wrt[i] as Tensor).mul(0);
        // PyTorch 1.13 has no double backward for hardsigmoid: the function is piecewise linear, so it is 0.
        if (c.hvps === null) expect(Array.from(value.toTypedArray() as Float64Array).every((v) => v === 0)).toBe(true);
        else expectClose(value, (c.hvps as Encoded[])[i] as Encoded, `hvp ${i}`, config.torchNanIsArtifact === true);
      });
      const m = moduleForm(c.fn, config);
      if (m !== null) expect(m(...inputs).toArray(), 'module form').toEqual(fn(...inputs).toArray());
    });
  }
});
