/**
 * The exact (erf) GELU of nn.GELU as one recorded node (internal; Hendrycks & Gimpel, "Gaussian Error Linear Units",
 * 2016): y = x·Φ(x), Φ(x) = (1 + erf(x/√2))/2, and ∂y/∂x = Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π). The forward is one
 * pass that keeps Φ for the backward (one pass too); when the backward is recorded (createGraph) it is written with
 * differentiable public ops, so every order of derivative works (as through core's composite `gelu`).
 */
import type { Tensor } from '@tapegrad/core';
import { erf, exp } from '@tapegrad/core';
import { alloc, erfScalar } from '@tapegrad/core/internal';
import { dense, recordFused } from './fused';

type Real = Float64Array | Float32Array;
const INV_SQRT_2PI = 0.3989422804014327;

/** x·Φ(x) of a real floating tensor (the caller checks). */
export function geluExact(input: Tensor): Tensor {
  const x = dense(input);
  const n = x.size;
  const y = alloc(x.shape, x.dtype);
  const cdf = x.dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  const src = x.storage as Real;
  const dst = y.storage as Real;
  for (let i = 0, j = x.offset; i < n; i++, j++) {
    const v = src[j];
    const p = 0.5 * (1 + erfScalar(v * Math.SQRT1_2));
    cdf[i] = p;
    dst[i] = v * p;
  }
  recordFused(
    'nn.gelu',
    [x],
    y,
    [x],
    (g) => {
      const phi = erf(x.mul(Math.SQRT1_2)).add(1).mul(0.5);
      const pdf = exp(x.square().mul(-0.5)).mul(INV_SQRT_2PI);
      return [g.mul(phi.add(x.mul(pdf)))];
    },
    (g) => {
      const gc = dense(g);
      const gs = gc.storage as Real;
      const gx = alloc(x.shape, x.dtype);
      const out = gx.storage as Real;
      for (let i = 0, j = x.offset, k = gc.offset; i < n; i++, j++, k++) {
        const v = src[j];
        out[i] = gs[k] * (cdf[i] + v * Math.exp(-0.5 * v * v) * INV_SQRT_2PI);
      }
      return [gx];
    },
  );
  return y;
}
