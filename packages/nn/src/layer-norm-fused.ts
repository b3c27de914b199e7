/**
 * Layer normalization as one recorded node (internal; Ba, Kiros & Hinton, "Layer Normalization", 2016): every row
 * of D = Π normalizedShape trailing values is normalized with its own mean and biased variance,
 *   x̂ = (x − μ)/√(σ² + eps),  y = x̂·w + b  (w, b of the normalized shape),
 * and the backward (the same chain rule as batch-norm-train.ts, per row): with ĝ = g·w,
 *   ∂x = (ĝ − Σĝ/D − x̂·Σ(ĝ·x̂)/D)/√(σ² + eps),  ∂w = Σ_rows g·x̂,  ∂b = Σ_rows g.
 * Forward and first-order backward are single passes with float64 accumulators; when the backward is recorded
 * (createGraph) it is written with differentiable public ops of x, w and g, so every order of derivative works.
 */
import type { Tensor } from '@tapegrad/core';
import { alloc } from '@tapegrad/core/internal';
import { affineGrads, dense, recordFused } from './fused';

type Real = Float64Array | Float32Array;

/** y over the last `k` dims of x (real floating; weight and bias of those dims or null; the caller checks). */
export function layerNormFused(
  input: Tensor,
  k: number,
  weightIn: Tensor | null,
  biasIn: Tensor | null,
  eps: number,
): Tensor {
  const x = dense(input);
  const weight = weightIn === null ? null : dense(weightIn);
  const bias = biasIn === null ? null : dense(biasIn);
  const D = x.shape.slice(x.ndim - k).reduce((p, s) => p * s, 1);
  const R = D === 0 ? 0 : x.size / D;
  const src = x.storage as Real;
  const ws = weight === null ? null : (weight.storage as Real);
  const bs = bias === null ? null : (bias.storage as Real);
  const y = alloc(x.shape, x.dtype);
  const dst = y.storage as Real;
  const mean = new Float64Array(R);
  const invstd = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    const from = x.offset + r * D;
    let sum = 0;
    for (let j = 0; j < D; j++) sum += src[from + j];
    const mu = sum / D;
    let sq = 0;
    for (let j = 0; j < D; j++) {
      const d = src[from + j] - mu;
      sq += d * d;
    }
    const rs = 1 / Math.sqrt(sq / D + eps);
    mean[r] = mu;
    invstd[r] = rs;
    const wo = weight === null ? 0 : weight.offset;
    const bo = bias === null ? 0 : bias.offset;
    for (let j = 0, to = r * D; j < D; j++)
      dst[to + j] = (src[from + j] - mu) * rs * (ws === null ? 1 : ws[wo + j]) + (bs === null ? 0 : bs[bo + j]);
  }
  const inputs = [x, ...(weight === null ? [] : [weight]), ...(bias === null ? [] : [bias])];
  const saved = weight === null ? [x] : [x, weight]; // what the backward reads
  recordFused(
    'nn.layerNorm',
    inputs,
    y,
    saved,
    (gIn) => {
      const dims = Array.from({ length: k }, (_, i) => x.ndim - k + i);
      const centered = x.sub(x.mean(dims, true));
      const rs = centered.square().mean(dims, true).add(eps).rsqrt();
      const xhat = centered.mul(rs);
      const gh = weight === null ? gIn : gIn.mul(weight);
      const gx = rs.mul(gh.sub(gh.mean(dims, true)).sub(xhat.mul(gh.mul(xhat).mean(dims, true))));
      const lead = Array.from({ length: x.ndim - k }, (_, i) => i);
      const overRows = (t: Tensor) => (lead.length === 0 ? t : t.sum(lead));
      return affineGrads(gx, weight, overRows(gIn.mul(xhat)), bias, overRows(gIn));
    },
    (gIn) => {
      const g = dense(gIn);
      const gs = g.storage as Real;
      const gx = alloc(x.shape, x.dtype);
      const gxs = gx.storage as Real;
      const gw = new Float64Array(D);
      const gb = new Float64Array(D);
      const wo = weight === null ? 0 : weight.offset;
      for (let r = 0; r < R; r++) {
        const xf = x.offset + r * D;
        const gf = g.offset + r * D;
        const mu = mean[r];
        const rs = invstd[r];
        let s1 = 0;
        let s2 = 0;
        for (let j = 0; j < D; j++) {
          const gv = gs[gf + j];
          const xh = (src[xf + j] - mu) * rs;
          const gh = gv * (ws === null ? 1 : ws[wo + j]);
          s1 += gh;
          s2 += gh * xh;
          gw[j] += gv * xh;
          gb[j] += gv;
        }
        s1 /= D;
        s2 /= D;
        for (let j = 0, to = r * D; j < D; j++) {
          const xh = (src[xf + j] - mu) * rs;
          gxs[to + j] = rs * (gs[gf + j] * (ws === null ? 1 : ws[wo + j]) - s1 - xh * s2);
        }
      }
      const param = (a: Float64Array) => {
        const t = alloc(x.shape.slice(x.ndim - k), weight?.dtype ?? x.dtype);
        (t.storage as Real).set(a);
        return t;
      };
      return affineGrads(gx, weight, param(gw), bias, param(gb));
    },
  );
  return y;
}
