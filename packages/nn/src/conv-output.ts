/**
 * The last step of convolution as one recorded node (internal): the GEMM result t [O, N·L] (output channel major,
 * conv.ts's [C·K, N·L] window layout) becomes the output [N, O, *spatial] with the bias added,
 *   y[n, o, l] = t[o, n·L + l] + bias[o],
 * in one pass instead of an add, a transpose and a copy. Backward: ∂t[o, n·L + l] = g[n, o, l] (the transposed copy)
 * and ∂bias[o] = Σ_{n,l} g[n, o, l] (contiguous row sums), one pass; when the backward is recorded (createGraph) it is
 * written with differentiable public ops instead (it is linear in g), so every order of derivative works.
 */
import type { Tensor } from '@tapegrad/core';
import { alloc } from '@tapegrad/core/internal';
import { dense, recordFused } from './fused';

type Real = Float64Array | Float32Array;

/** t [O, N·L] (real floating), bias [O] or null → [N, O, ...spatial] with L = Π spatial. */
export function convOutput(tIn: Tensor, bias: Tensor | null, N: number, spatial: readonly number[]): Tensor {
  const t = dense(tIn);
  const O = t.shape[0];
  const L = spatial.reduce((p, s) => p * s, 1);
  const y = alloc([N, O, ...spatial], t.dtype);
  const src = t.storage as Real;
  const dst = y.storage as Real;
  for (let o = 0; o < O; o++) {
    const b = bias === null ? 0 : (bias.storage as Real)[bias.offset + o * bias.strides[0]];
    for (let n = 0; n < N; n++) {
      const from = t.offset + o * N * L + n * L;
      const to = (n * O + o) * L;
      for (let l = 0; l < L; l++) dst[to + l] = src[from + l] + b;
    }
  }
  const inputs = bias === null ? [t] : [t, bias];
  recordFused(
    'nn.convOutput',
    inputs,
    y,
    [],
    (g) => {
      const g3 = g.reshape([N, O, L]);
      const gt = g3.transpose(0, 1).reshape([O, N * L]);
      return bias === null ? [gt] : [gt, g3.sum([0, 2])];
    },
    (g) => {
      const gc = dense(g);
      const gs = gc.storage as Real;
      const gt = alloc([O, N * L], t.dtype);
      const gts = gt.storage as Real;
      const gb = bias === null ? null : alloc([O], bias.dtype);
      for (let o = 0; o < O; o++) {
        let sum = 0;
        for (let n = 0; n < N; n++) {
          const from = gc.offset + (n * O + o) * L;
          const to = o * N * L + n * L;
          for (let l = 0; l < L; l++) {
            const v = gs[from + l];
            gts[to + l] = v;
            sum += v;
          }
        }
        if (gb !== null) (gb.storage as Real)[o] = sum;
      }
      return gb === null ? [gt] : [gt, gb];
    },
  );
  return y;
}
