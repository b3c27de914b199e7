/**
 * Float32 layout moves in AssemblyScript with WebAssembly SIMD, exported by the module entry `gemm.ts`: batched 2-D
 * transposes (the im2col/col2im and output-layout passes of packages/nn/src/conv-fused.ts). 4×4 blocks are moved as
 * four f32x4 rows transposed with eight shuffles; the edges element by element. Values are copied exactly (plus a
 * per-batch float32 bias when asked, one rounding).
 *
 * Assumptions: element strides and counts ≥ 0, byte offsets of float32 arrays; input and output do not overlap.
 */

/** v + a when `bias`, else v itself (adding 0 would turn −0 into +0). */
function plus(v: v128, a: v128, bias: bool): v128 {
  return bias ? f32x4.add(v, a) : v;
}

/** The scalar {@link plus}. */
function plus1(v: f32, a: f32, bias: bool): f32 {
  return bias ? v + a : v;
}

/**
 * For b < batch, i < rows, j < cols: out[b·outBatch + j·outRow + i] = in[b·inBatch + i·inRow + j] (+ bias[b], the
 * float32 at pbias + 4b, when `bias`). Pointers are byte offsets, strides element counts.
 */
export function transpose(
  batch: i32,
  rows: i32,
  cols: i32,
  pin: usize,
  inBatch: i32,
  inRow: i32,
  pout: usize,
  outBatch: i32,
  outRow: i32,
  pbias: usize,
  bias: bool,
): void {
  const ir = (<usize>inRow) << 2;
  const or = (<usize>outRow) << 2;
  const rows4 = rows & ~3;
  const cols4 = cols & ~3;
  for (let b = 0; b < batch; b++) {
    const add = bias ? load<f32>(pbias + ((<usize>b) << 2)) : 0;
    const va = f32x4.splat(add);
    const src = pin + ((<usize>(b * inBatch)) << 2);
    const dst = pout + ((<usize>(b * outBatch)) << 2);
    for (let i = 0; i < rows4; i += 4) {
      const r = src + <usize>i * ir;
      const c = dst + ((<usize>i) << 2);
      for (let j = 0; j < cols4; j += 4) {
        const p = r + ((<usize>j) << 2);
        const r0 = v128.load(p);
        const r1 = v128.load(p + ir);
        const r2 = v128.load(p + 2 * ir);
        const r3 = v128.load(p + 3 * ir);
        const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
        const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
        const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
        const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
        const q = c + <usize>j * or;
        v128.store(q, plus(v128.shuffle<f32>(t0, t2, 0, 1, 4, 5), va, bias));
        v128.store(q + or, plus(v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), va, bias));
        v128.store(q + 2 * or, plus(v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), va, bias));
        v128.store(q + 3 * or, plus(v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), va, bias));
      }
      for (let j = cols4; j < cols; j++)
        for (let k = i; k < i + 4; k++)
          store<f32>(
            dst + <usize>j * or + ((<usize>k) << 2),
            plus1(load<f32>(src + <usize>k * ir + ((<usize>j) << 2)), add, bias),
          );
    }
    for (let i = rows4; i < rows; i++)
      for (let j = 0; j < cols; j++)
        store<f32>(
          dst + <usize>j * or + ((<usize>i) << 2),
          plus1(load<f32>(src + <usize>i * ir + ((<usize>j) << 2)), add, bias),
        );
  }
}

/**
 * The run copies of im2col and col2im from and to the batch-innermost transposed input xT (packages/nn/src/conv-fused.ts
 * `windows`). For each of `c` channels and each run (first, start, length) of the int32 triples at pruns (`count`
 * values), the block of length·n floats of channel ch's plane of xT from start·n (xT at pxt, channel stride sn
 * floats) corresponds to cols at (ch·kln + first·n) floats from pcols (start < 0: a run in the padding).
 * Gather (im2col): each block is copied to cols, padding runs become zeros; values move exactly. Scatter (col2im, the
 * adjoint): xT's c·sn floats are zeroed, then every block not in the padding is added back to where it was read from,
 * in run order (so each position sums its window elements in kernel-offset order), with float32 adds.
 */
export function moveRuns(
  scatter: bool,
  c: i32,
  count: i32,
  pruns: usize,
  n: i32,
  pxt: usize,
  sn: i32,
  pcols: usize,
  kln: i32,
): void {
  if (scatter) memory.fill(pxt, 0, (<usize>(c * sn)) << 2);
  for (let ch = 0; ch < c; ch++) {
    for (let r = 0; r < count; r += 3) {
      const run = pruns + ((<usize>r) << 2);
      const t = load<i32>(run, 4);
      const at = pcols + ((<usize>(ch * kln + load<i32>(run) * n)) << 2);
      const len = load<i32>(run, 8) * n;
      const plane = pxt + ((<usize>(ch * sn + t * n)) << 2);
      if (!scatter) {
        if (t < 0) memory.fill(at, 0, (<usize>len) << 2);
        else memory.copy(at, plane, (<usize>len) << 2);
      } else if (t >= 0) {
        const len4 = len & ~3;
        for (let i = 0; i < len4; i += 4) {
          const o = (<usize>i) << 2;
          v128.store(plane + o, f32x4.add(v128.load(plane + o), v128.load(at + o)));
        }
        for (let i = len4; i < len; i++) {
          const o = (<usize>i) << 2;
          store<f32>(plane + o, load<f32>(plane + o) + load<f32>(at + o));
        }
      }
    }
  }
}
