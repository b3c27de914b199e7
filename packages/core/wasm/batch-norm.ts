/**
 * Float32 training-mode batch normalization loops in AssemblyScript with WebAssembly SIMD (f32x4), exported by the
 * module entry `gemm.ts`; the driver is packages/nn/src/batch-norm-wasm.ts. Ioffe & Szegedy, "Batch Normalization",
 * ICML 2015, §3, per channel c of x [N, C, S] over its M = N·S values; the precision follows PyTorch's CPU kernels
 * (ATen batch_norm_kernel.cpp, 1.13):
 * - statistics in float64 (ATen's acc_type<float> is double): μ = Σx/M, then σ² = Σ(x − μ)²/M (two passes, biased),
 *   invstd = 1/√(σ² + eps); the saved μ and invstd are then rounded to float32, as ATen's float save_mean/save_invstd;
 * - y = x·α + β in float32 with α = invstd·w and β = b − μ·α rounded to float32 (ATen's linear and constant terms),
 *   max(y, 0) with `relu` (f32x4.max: NaN propagates, −0 becomes +0, as a separate ReLU);
 * - backward: per row of S values Σg and Σ(x − μ)·g in float32 vectors (ATen's reduce_all per image), the rows
 *   added in float64; ∂w = invstd·Σ(x − μ)·g, ∂b = Σg (float64, rounded by the caller), and
 *   ∂x = ((g − Σg/M) − (x − μ)·k)·invstd·w with k = invstd²·Σ(x − μ)·g/M, in float32. With `relu` g is first zeroed
 *   where the (rectified) output y is not positive (relu's derivative, 0 at 0 and at NaN).
 *
 * Assumptions: x, y, g and ∂x are contiguous [N, C, S] float32 arrays at the given byte offsets (any 4-byte
 * alignment), not overlapping; per-channel arrays as documented per function. The module allocates nothing.
 */

/** Σ over the N rows (stride `stride` bytes) of S floats from `base` of x, or of (x − mu)² when `square`, in float64. */
function channelSum(n: i32, s: i32, base: usize, stride: usize, mu: f64, square: bool): f64 {
  const m = f64x2.splat(mu);
  let a = f64x2.splat(0);
  let b = f64x2.splat(0);
  let tail: f64 = 0;
  const s4 = s & ~3;
  for (let i = 0; i < n; i++) {
    const row = base + <usize>i * stride;
    const end = row + ((<usize>s4) << 2);
    let p = row;
    for (; p < end; p += 16) {
      const v = v128.load(p);
      let lo = f64x2.promote_low_f32x4(v);
      let hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
      if (square) {
        lo = f64x2.sub(lo, m);
        hi = f64x2.sub(hi, m);
        lo = f64x2.mul(lo, lo);
        hi = f64x2.mul(hi, hi);
      }
      a = f64x2.add(a, lo);
      b = f64x2.add(b, hi);
    }
    for (let q = s4; q < s; q++) {
      const d = <f64>load<f32>(row + ((<usize>q) << 2)) - (square ? mu : 0);
      tail += square ? d * d : d;
    }
  }
  const t = f64x2.add(a, b);
  return f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1) + tail;
}

/**
 * Forward: y (at py) from x (at px), [n, c, s]. Per channel reads weight and bias (float32 [c] at pw and pw + 4c) and
 * eps; writes float64 [c] arrays at pstats: mean, biased variance, invstd (unrounded).
 */
export function bnForward(
  n: i32,
  c: i32,
  s: i32,
  px: usize,
  py: usize,
  pw: usize,
  pstats: usize,
  eps: f64,
  relu: bool,
): void {
  const zero = f32x4.splat(0);
  const rowBytes = (<usize>s) << 2;
  const stride = rowBytes * <usize>c;
  const count = <f64>n * <f64>s;
  const s4 = s & ~3;
  for (let ch = 0; ch < c; ch++) {
    const off = <usize>ch * rowBytes;
    const mu = channelSum(n, s, px + off, stride, 0, false) / count;
    const variance = channelSum(n, s, px + off, stride, mu, true) / count;
    const invstd = 1 / Math.sqrt(variance + eps);
    store<f64>(pstats + ((<usize>ch) << 3), mu);
    store<f64>(pstats + ((<usize>(c + ch)) << 3), variance);
    store<f64>(pstats + ((<usize>(2 * c + ch)) << 3), invstd);
    const alpha = <f32>invstd * load<f32>(pw + ((<usize>ch) << 2));
    const beta = load<f32>(pw + ((<usize>(c + ch)) << 2)) - <f32>mu * alpha;
    const va = f32x4.splat(alpha);
    const vb = f32x4.splat(beta);
    for (let i = 0; i < n; i++) {
      const from = px + off + <usize>i * stride;
      const to = py + off + <usize>i * stride;
      const end = from + ((<usize>s4) << 2);
      let p = from;
      let q = to;
      for (; p < end; p += 16, q += 16) {
        const v = f32x4.add(f32x4.mul(v128.load(p), va), vb);
        v128.store(q, relu ? f32x4.max(v, zero) : v);
      }
      for (let j = s4; j < s; j++) {
        const v = load<f32>(from + ((<usize>j) << 2)) * alpha + beta;
        store<f32>(to + ((<usize>j) << 2), relu ? max(v, <f32>0) : v);
      }
    }
  }
}

/**
 * g, zeroed with `relu` where the forward output x·α + β (recomputed from x, bitwise as the forward computed it) is
 * not positive.
 */
function masked(g: v128, x: v128, va: v128, vb: v128, relu: bool): v128 {
  return relu ? v128.and(g, f32x4.gt(f32x4.add(f32x4.mul(x, va), vb), f32x4.splat(0))) : g;
}

/** The scalar of {@link masked}. */
function masked1(g: f32, x: f32, alpha: f32, beta: f32, relu: bool): f32 {
  return relu && !(x * alpha + beta > 0) ? 0 : g;
}

/**
 * Backward: ∂x (at pgx) from x (at px) and g (at pg), [n, c, s]; with relu, g is masked where the forward's
 * output was not positive. Reads weight and bias (float32 [c] each, at pw and pw + 4c; the bias only with relu) and
 * float64 [c] arrays at pstats: mean then invstd (rounded to float32 here); writes float64 [c] arrays at pgrads: ∂w
 * then ∂b.
 */
export function bnBackward(
  n: i32,
  c: i32,
  s: i32,
  px: usize,
  pg: usize,
  pgx: usize,
  pw: usize,
  pstats: usize,
  pgrads: usize,
  relu: bool,
): void {
  const s4 = s & ~3;
  const rowBytes = (<usize>s) << 2;
  const stride = rowBytes * <usize>c;
  const count = <f64>n * <f64>s;
  for (let ch = 0; ch < c; ch++) {
    const off = <usize>ch * rowBytes;
    const mu = <f32>load<f64>(pstats + ((<usize>ch) << 3));
    const invstd = <f32>load<f64>(pstats + ((<usize>(c + ch)) << 3));
    const vmu = f32x4.splat(mu);
    const w = load<f32>(pw + ((<usize>ch) << 2));
    // The forward's α and β (bnForward), for relu's mask.
    const alpha = invstd * w;
    const beta = load<f32>(pw + ((<usize>(c + ch)) << 2)) - mu * alpha;
    const va = f32x4.splat(alpha);
    const vb = f32x4.splat(beta);
    let sum: f64 = 0;
    let dot: f64 = 0;
    for (let i = 0; i < n; i++) {
      const xr = px + off + <usize>i * stride;
      const gr = pg + off + <usize>i * stride;
      let vs = f32x4.splat(0);
      let vd = f32x4.splat(0);
      const end = gr + ((<usize>s4) << 2);
      for (let p = gr, q = xr; p < end; p += 16, q += 16) {
        const x = v128.load(q);
        const g = masked(v128.load(p), x, va, vb, relu);
        vs = f32x4.add(vs, g);
        vd = f32x4.add(vd, f32x4.mul(f32x4.sub(x, vmu), g));
      }
      let rs =
        f32x4.extract_lane(vs, 0) + f32x4.extract_lane(vs, 1) + f32x4.extract_lane(vs, 2) + f32x4.extract_lane(vs, 3);
      let rd =
        f32x4.extract_lane(vd, 0) + f32x4.extract_lane(vd, 1) + f32x4.extract_lane(vd, 2) + f32x4.extract_lane(vd, 3);
      for (let j = s4; j < s; j++) {
        const x = load<f32>(xr + ((<usize>j) << 2));
        const g = masked1(load<f32>(gr + ((<usize>j) << 2)), x, alpha, beta, relu);
        rs += g;
        rd += (x - mu) * g;
      }
      sum += <f64>rs;
      dot += <f64>rd;
    }
    const r = <f64>invstd;
    store<f64>(pgrads + ((<usize>ch) << 3), dot * r);
    store<f64>(pgrads + ((<usize>(c + ch)) << 3), sum);
    const k = <f32>((dot * r * r) / count);
    const gmean = <f32>(sum / count);
    const vk = f32x4.splat(k);
    const vg = f32x4.splat(gmean);
    const vr = f32x4.splat(invstd);
    const vw = f32x4.splat(w);
    for (let i = 0; i < n; i++) {
      const xr = px + off + <usize>i * stride;
      const gr = pg + off + <usize>i * stride;
      const dr = pgx + off + <usize>i * stride;
      const end = gr + ((<usize>s4) << 2);
      for (let p = gr, q = xr, d = dr; p < end; p += 16, q += 16, d += 16) {
        const x = v128.load(q);
        const dx = f32x4.mul(f32x4.sub(x, vmu), vk);
        const t = f32x4.sub(f32x4.sub(masked(v128.load(p), x, va, vb, relu), vg), dx);
        v128.store(d, f32x4.mul(f32x4.mul(t, vr), vw));
      }
      for (let j = s4; j < s; j++) {
        const o = (<usize>j) << 2;
        const x = load<f32>(xr + o);
        const dx = (x - mu) * k;
        store<f32>(dr + o, (masked1(load<f32>(gr + o), x, alpha, beta, relu) - gmean - dx) * invstd * w);
      }
    }
  }
}
