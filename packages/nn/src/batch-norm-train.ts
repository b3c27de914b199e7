/**
 * Training-mode batch normalization as one recorded node (internal; Ioffe & Szegedy, "Batch Normalization", ICML
 * 2015, §3): per channel c of x [N, C, *], over the M = N·Π spatial values, with the biased variance,
 *   x̂ = (x − μ)/√(σ² + eps),  y = x̂·w + b,
 * and its backward (the paper's §3 chain rule, collapsed as in PyTorch's batch_norm_backward):
 *   ∂b = Σ g,  ∂w = Σ g·x̂,  ∂x = (w/√(σ² + eps))·(g − Σg/M − x̂·Σ(g·x̂)/M).
 * float32 runs on WebAssembly SIMD loops (batch-norm-wasm.ts; PyTorch's CPU precision: float64 statistics, float32
 * elementwise arithmetic); float64, or float32 without WebAssembly, on the loops below, in float64 arithmetic. The
 * forward and (first-order) backward are single passes over the data with float64 accumulators. When the backward
 * itself is recorded (createGraph), it is written with differentiable public ops from x, w and g instead, so
 * derivatives of every order flow through the batch statistics exactly as through the composite form.
 *
 * With `relu` the node is relu(batchNorm(x)) (nn.Sequential fuses a BatchNorm followed by a ReLU): the output is
 * rectified in place (relu-fused.ts's kernel: the same values as a separate ReLU, since rounding to float32 commutes
 * with max(·, 0)), and the backward first masks g where the output is not positive (PyTorch's threshold_backward on
 * the result: y > 0 ⇔ the pre-activation > 0; the WebAssembly path recomputes the pre-activation from x), then runs the
 * batch-norm backward.
 */
import type { Tensor } from '@tapegrad/core';
import { gt, where } from '@tapegrad/core';
import { alloc, allocUnfilled, markModified } from '@tapegrad/core/internal';
import { batchNormBackwardWasm, batchNormForwardWasm, type WasmBatchStats } from './batch-norm-wasm';
import { affineGrads, dense, recordFused } from './fused';
import { bitsOf, reluInto, reluMaskInto } from './relu-fused';

type Real = Float64Array | Float32Array;

/** Element c of a 1-D tensor (any strides). */
function at(t: Tensor, c: number): number {
  return (t.storage as Real)[t.offset + c * t.strides[0]];
}

/** The result and the per-channel batch statistics. */
export interface BatchNormTrainResult {
  y: Tensor;
  mean: Float64Array;
  /** Biased variance. */
  variance: Float64Array;
  /** Values per channel (M = N·Π spatial). */
  count: number;
}

/**
 * y = (x − μ)/√(σ² + eps)·weight + bias with the batch statistics of x [N, C, *] (real floating; the caller checks
 * shapes and dtypes), or relu of it with `relu`, recorded as one node.
 */
export function batchNormTrain(
  input: Tensor,
  weight: Tensor | null,
  bias: Tensor | null,
  eps: number,
  relu = false,
): BatchNormTrainResult {
  const x = dense(input);
  const y = allocUnfilled(x.shape, x.dtype); // every element written below
  const dst = y.storage as Real;
  const fast = x.dtype === 'float32' ? batchNormForwardWasm(x, weight, bias, eps, relu, dst as Float32Array) : null;
  const { mean, variance, invstd } = fast ?? forwardLoops(x, weight, bias, eps, relu, dst);
  const inputs = [x, ...(weight === null ? [] : [weight]), ...(bias === null ? [] : [bias])];
  const saved = [x, ...(weight === null ? [] : [weight]), ...(relu ? [y] : [])]; // what the backward reads
  const present = ({ x: gx, w, b }: Grads) => affineGrads(gx, weight, w, bias, b);
  recordFused(
    relu ? 'nn.batchNormRelu' : 'nn.batchNorm',
    inputs,
    y,
    saved,
    (g) => present(backwardComposite(x, weight, relu ? where(gt(y, 0), g, 0) : g, eps)),
    (gIn) => {
      const g = dense(gIn);
      const gs = g.storage as Real;
      if (fast !== null && gs instanceof Float32Array) {
        const grads = batchNormBackwardWasm(x, weight, bias, gs, g.offset, relu, fast);
        if (grads !== null) return present(grads);
      }
      if (!relu) return present(backwardKernel(x, weight, gs, g.offset, mean, invstd));
      const gm = maskScratch(x.dtype === 'float32', x.size);
      const [N, C] = x.shape;
      const S = x.size / (N * C);
      // float32 through bit views made once (relu-fused.ts's branch-free mask), float64 as it is.
      const f32 = dst instanceof Float32Array && gs instanceof Float32Array && gm instanceof Float32Array;
      const [ym, gsm, gmm] = f32 ? [bitsOf(dst), bitsOf(gs), bitsOf(gm)] : [dst, gs, gm];
      // Per channel, its rows of g masked into gm just before the channel's sums read them (still in cache).
      return present(
        backwardKernel(x, weight, gm, 0, mean, invstd, (c) => {
          for (let n = 0; n < N; n++) {
            const at = (n * C + c) * S;
            reluMaskInto(ym, at, gsm, g.offset + at, gmm, at, S);
          }
        }),
      );
    },
  );
  return { y, mean, variance, count: x.size / x.shape[1] };
}

/** The forward in TypeScript (float64 arithmetic): y into dst, and the statistics (see {@link WasmBatchStats}). */
function forwardLoops(
  x: Tensor,
  weight: Tensor | null,
  bias: Tensor | null,
  eps: number,
  relu: boolean,
  dst: Real,
): WasmBatchStats {
  const [N, C] = x.shape;
  const S = x.size / (N * C);
  const M = N * S;
  const src = x.storage as Real;
  const mean = new Float64Array(C);
  const invstd = new Float64Array(C);
  const variance = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    let sum = 0;
    for (let n = 0; n < N; n++) sum += sumOf(src, x.offset + (n * C + c) * S, S);
    const mu = sum / M;
    let sq = 0;
    for (let n = 0; n < N; n++) sq += sumOf(src, x.offset + (n * C + c) * S, S, mu);
    const v = sq / M;
    const r = 1 / Math.sqrt(v + eps);
    mean[c] = mu;
    variance[c] = v;
    invstd[c] = r;
    const w = weight === null ? 1 : at(weight, c);
    const b = bias === null ? 0 : at(bias, c);
    for (let n = 0; n < N; n++) {
      const from = x.offset + (n * C + c) * S;
      const to = (n * C + c) * S;
      for (let s = 0; s < S; s++) dst[to + s] = (src[from + s] - mu) * r * w + b;
    }
  }
  if (relu) reluInto(dst, 0, dst, 0, dst.length);
  return { mean, variance, invstd };
}

/** Reused buffers for the masked output gradient of the fused relu (one per dtype; the backward is not re-entrant). */
const masks: { f32: Float32Array; f64: Float64Array } = { f32: new Float32Array(0), f64: new Float64Array(0) };

/** A scratch buffer of at least `length` elements (kept below 2²² elements, else fresh). */
function maskScratch(f32: boolean, length: number): Real {
  const have = f32 ? masks.f32 : masks.f64;
  if (have.length >= length) return have;
  const fresh = f32 ? new Float32Array(length) : new Float64Array(length);
  if (length <= 1 << 22) {
    if (fresh instanceof Float32Array) masks.f32 = fresh;
    else masks.f64 = fresh;
  }
  return fresh;
}

/**
 * Σ src[from + s] over s < len, or with `mu` given Σ (src[from + s] − mu)², with four partial sums: one running sum
 * is bound by the latency of an add per element, four independent ones are not.
 */
function sumOf(src: Real, from: number, len: number, mu?: number): number {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  const end = from + len;
  let i = from;
  if (mu === undefined) {
    for (; i + 3 < end; i += 4) {
      a += src[i];
      b += src[i + 1];
      c += src[i + 2];
      d += src[i + 3];
    }
    for (; i < end; i++) a += src[i];
  } else {
    for (; i + 3 < end; i += 4) {
      const p = src[i] - mu;
      const q = src[i + 1] - mu;
      const r = src[i + 2] - mu;
      const t = src[i + 3] - mu;
      a += p * p;
      b += q * q;
      c += r * r;
      d += t * t;
    }
    for (; i < end; i++) a += (src[i] - mu) * (src[i] - mu);
  }
  return a + b + (c + d);
}

/**
 * PyTorch's running-statistics update after a training batch, in place (version counters bumped):
 *   running_mean ← (1 − m)·running_mean + m·μ,  running_var ← (1 − m)·running_var + m·σ²·M/(M − 1)
 * with the same roundings as the tensor expression `rm.mul(1 − m).add(mean.mul(m))` in the buffers' dtype (float32:
 * the scalars, μ, σ², every product and the sum rounded to float32).
 */
export function updateRunningStats(
  runningMean: Tensor,
  runningVar: Tensor,
  stats: BatchNormTrainResult,
  momentum: number,
): void {
  const f32 = runningMean.dtype === 'float32';
  const round = f32 ? Math.fround : (v: number) => v;
  const keep = round(1 - momentum);
  const m = round(momentum);
  const update = (t: Tensor, stat: Float64Array, scale: number) => {
    const s = t.storage as Real;
    for (let c = 0; c < stat.length; c++) {
      const i = t.offset + c * t.strides[0];
      const batch = round(round(round(stat[c]) * scale) * m);
      s[i] = round(round(s[i] * keep) + batch);
    }
    markModified(t);
  };
  update(runningMean, stats.mean, 1);
  update(runningVar, stats.variance, round(stats.count / (stats.count - 1)));
}

interface Grads {
  x: Tensor;
  w: Tensor;
  b: Tensor;
}

/**
 * The first-order backward in one pass per channel (not recorded: grad mode is off), g at gs[gOff…] laid out as x;
 * `prepare(c)`, when given, runs before channel c's rows of g are read (the fused relu writes them there).
 */
function backwardKernel(
  x: Tensor,
  weight: Tensor | null,
  gs: Real,
  gOff: number,
  mean: Float64Array,
  invstd: Float64Array,
  prepare?: (c: number) => void,
): Grads {
  const [N, C] = x.shape;
  const S = x.shape.slice(2).reduce((p, s) => p * s, 1);
  const M = N * S;
  const xs = x.storage as Real;
  const gx = allocUnfilled(x.shape, x.dtype); // every element written below
  const gxs = gx.storage as Real;
  const pdtype = weight === null ? x.dtype : weight.dtype;
  const gw = alloc([C], pdtype);
  const gb = alloc([C], pdtype);
  for (let c = 0; c < C; c++) {
    prepare?.(c);
    const mu = mean[c];
    const r = invstd[c];
    // Σg and Σg·(x − μ) with two partial sums each (see sumOf); x̂ = (x − μ)·r.
    let sg = 0;
    let sg2 = 0;
    let sgd = 0;
    let sgd2 = 0;
    for (let n = 0; n < N; n++) {
      const xb = x.offset + (n * C + c) * S;
      const gb0 = gOff + (n * C + c) * S;
      let s = 0;
      for (; s + 1 < S; s += 2) {
        const g0 = gs[gb0 + s];
        const g1 = gs[gb0 + s + 1];
        sg += g0;
        sg2 += g1;
        sgd += g0 * (xs[xb + s] - mu);
        sgd2 += g1 * (xs[xb + s + 1] - mu);
      }
      if (s < S) {
        sg += gs[gb0 + s];
        sgd += gs[gb0 + s] * (xs[xb + s] - mu);
      }
    }
    sg += sg2;
    const sgx = (sgd + sgd2) * r;
    (gw.storage as Real)[c] = sgx;
    (gb.storage as Real)[c] = sg;
    const k = (weight === null ? 1 : at(weight, c)) * r;
    const mg = sg / M;
    const mgx = sgx / M;
    for (let n = 0; n < N; n++) {
      const xb = x.offset + (n * C + c) * S;
      const gb0 = gOff + (n * C + c) * S;
      const to = (n * C + c) * S;
      for (let s = 0; s < S; s++) gxs[to + s] = k * (gs[gb0 + s] - mg - (xs[xb + s] - mu) * r * mgx);
    }
  }
  return { x: gx, w: gw, b: gb };
}

/** The same backward with differentiable ops of x, weight and g (recorded: createGraph). */
function backwardComposite(x: Tensor, weight: Tensor | null, g: Tensor, eps: number): Grads {
  const C = x.shape[1];
  const dims = [0, ...Array.from({ length: x.ndim - 2 }, (_, i) => i + 2)];
  const view = [1, C, ...new Array<number>(x.ndim - 2).fill(1)];
  const centered = x.sub(x.mean(dims, true));
  const invstd = centered.square().mean(dims, true).add(eps).rsqrt();
  const xhat = centered.mul(invstd);
  const gxhat = weight === null ? g : g.mul(weight.reshape(view));
  const gx = invstd.mul(gxhat.sub(gxhat.mean(dims, true)).sub(xhat.mul(gxhat.mul(xhat).mean(dims, true))));
  return { x: gx, w: g.mul(xhat).sum(dims), b: g.sum(dims) };
}
