/**
 * Convolution (1-D and 2-D, any stride, padding, dilation and groups) as one recorded node (internal). Forward:
 * im2col into a reused scratch buffer laid out [C·K, L·N] (row c·K + k, column l·N + n; Chellapilla, Puri & Simard,
 * "High Performance Convolutional Neural Networks for Document Processing", 2006), one GEMM per group
 * ([O/G, C/G·K] × [C/G·K, L·N]) into a second scratch buffer, and one pass that adds the bias and moves the output
 * channels to [N, O, L]:
 *   y[n, o, l] = bias[o] + Σ_{c in o's group, k} w[o, c, k] · x[n, c, window(l, k)].
 * Backward (first order): one pass that transposes g to [O, N·L] and sums the bias gradient, the weight gradient
 * gT·colsᵀ (im2col recomputed from the saved input: nothing but x and w is kept between forward and backward) and the
 * input gradient col2im(wᵀ·gT), each GEMM reading its transposed operand through strides. Only the gradients of the
 * inputs that require one are computed. When the backward is itself recorded (createGraph), it is written with
 * unfold/fold (unfold.ts) and matmul, which are differentiable, so derivatives of every order stay exact.
 * col2im adds the window elements of each input position in kernel-offset order, as unfold.ts's fold does.
 */
import type { Tensor } from '@tapegrad/core';
import { alloc, allocUnfilled, gemmF32, gemmF64, wasmGemmKernel } from '@tapegrad/core/internal';
import { dense, type InputGrads, recordFused } from './fused';
import { type Side, transposeInto } from './transpose';
import { type Axis, counts, fold, unfold, windowOffsets } from './unfold';

type Real = Float64Array | Float32Array;

/** Runs of the window table at least this long are copied with TypedArray.set/fill (shorter: a loop, no view object). */
const BULK = 1024;
/** Scratch buffers up to this many elements are kept between calls (larger ones are allocated per call). */
const KEEP = 1 << 22;
const kept: (Real | null)[] = [null, null, null, null, null, null];

/** A scratch buffer of at least `length` elements of `dtype` in `slot` (three per dtype). */
function scratch(slot: 0 | 1 | 2, dtype: 'float32' | 'float64', length: number): Real {
  const i = dtype === 'float32' ? slot : slot + 3;
  const have = kept[i];
  if (have !== null && have.length >= length) return have;
  const size = Math.max(length, 2 * (have?.length ?? 0));
  const fresh = dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
  if (size <= KEEP) kept[i] = fresh;
  return fresh;
}

/**
 * Per weight tensor (one per convolution layer), a buffer for the columns of its last forward and the token of the node
 * that wrote them: the weight gradient reuses them instead of unfolding x again, unless another forward of the same
 * weight has overwritten them since (the token differs). Weakly held: a layer's buffer goes with its weight.
 */
interface KeptCols {
  buffer: Real;
  token: object | null;
}
const colsByWeight = new WeakMap<Tensor, KeptCols>();

/** The kept-columns buffer of `weight` for `length` elements of `dtype`, or null when that is above KEEP. */
function colsFor(weight: Tensor, dtype: 'float32' | 'float64', length: number): KeptCols | null {
  if (length > KEEP) return null;
  let entry = colsByWeight.get(weight);
  const fits = entry !== undefined && entry.buffer.length >= length;
  if (entry === undefined || !fits || (dtype === 'float32') !== entry.buffer instanceof Float32Array) {
    entry = { buffer: dtype === 'float32' ? new Float32Array(length) : new Float64Array(length), token: null };
    colsByWeight.set(weight, entry);
  }
  return entry;
}

/**
 * The window table of `axes` (unfold.ts: spatial offset per kernel offset k and output position l, −1 in the
 * padding) as runs: triples (first j = k·L + l, first offset or −1, length) over which the offset rises by one (or
 * stays in the padding). At stride 1 a run spans the inside of a whole output row, or more. Cached per table.
 */
function windowRuns(axes: readonly Axis[]): Int32Array {
  const strides = axes.map((_, d) => axes.slice(d + 1).reduce((q, a) => q * a.size, 1));
  const table = windowOffsets(axes, strides);
  const hit = runCache.get(table);
  if (hit !== undefined) return hit;
  const runs: number[] = [];
  for (let j = 0; j < table.length; j++) {
    const t = table[j];
    const last = runs.length - 3;
    const prev = j > 0 ? table[j - 1] : -2;
    if (j > 0 && ((t < 0 && prev < 0) || (t >= 0 && prev >= 0 && t === prev + 1))) runs[last + 2]++;
    else runs.push(j, t, 1);
  }
  const out = Int32Array.from(runs);
  runCache.set(table, out);
  return out;
}
const runCache = new WeakMap<Int32Array, Int32Array>();

/**
 * im2col ('gather': cols[c·K + k, l·N + n] = x[n, c, window(l, k)], 0 in the padding) or its adjoint col2im
 * ('scatter': x[n, c, window(l, k)] += cols[…], padding entries dropped; x is overwritten), x contiguous
 * [N, C, *spatial] from xOff. The batch index is innermost in cols and x is first transposed to [C, S, N] in a
 * scratch buffer, so a run of the window table (`windowRuns`) is one contiguous block of length·N values on both
 * sides: one `set` (or `fill` for padding) when gathering, one loop when scattering. Per input position the scatter
 * adds in kernel-offset order, as unfold.ts's fold.
 */
function windows(
  direction: 'gather' | 'scatter',
  x: Real,
  xOff: number,
  N: number,
  C: number,
  axes: readonly Axis[],
  cols: Real,
): void {
  const S = axes.reduce((q, a) => q * a.size, 1);
  const { K, L } = counts(axes);
  const runs = windowRuns(axes);
  const xT = scratch(2, x instanceof Float32Array ? 'float32' : 'float64', C * S * N);
  const SN = S * N;
  const KLN = K * L * N;
  if (
    x instanceof Float32Array &&
    cols instanceof Float32Array &&
    windowsWasm(direction, x, xOff, N, C, S, runs, KLN, cols)
  )
    return;
  if (direction === 'gather') {
    transposeInto(1, N, C * S, { array: x, offset: xOff, batch: 0, row: C * S }, plain(xT, N), null);
    for (let c = 0; c < C; c++)
      for (let r = 0; r < runs.length; r += 3) {
        const at = c * KLN + runs[r] * N;
        const t = runs[r + 1];
        const len = runs[r + 2] * N;
        const from = c * SN + t * N;
        if (len >= BULK) {
          if (t < 0) cols.fill(0, at, at + len);
          else cols.set(xT.subarray(from, from + len), at);
        } else if (t < 0) for (let i = at; i < at + len; i++) cols[i] = 0;
        else for (let i = 0; i < len; i++) cols[at + i] = xT[from + i];
      }
    return;
  }
  xT.fill(0, 0, C * SN);
  for (let c = 0; c < C; c++)
    for (let r = 0; r < runs.length; r += 3) {
      const t = runs[r + 1];
      if (t < 0) continue;
      const at = c * KLN + runs[r] * N;
      const from = c * SN + t * N;
      const len = runs[r + 2] * N;
      for (let i = 0; i < len; i++) xT[from + i] += cols[at + i];
    }
  transposeInto(1, C * S, N, plain(xT, N), { array: x, offset: xOff, batch: 0, row: C * S }, null);
}

/**
 * {@link windows} for float32 on the WebAssembly module: x (or the columns) copied into its memory, the batch
 * transpose and the run copies (or run sums) there (core wasm/layout.ts), the result copied back. False when the
 * module is unavailable (nothing written).
 */
function windowsWasm(
  direction: 'gather' | 'scatter',
  x: Float32Array,
  xOff: number,
  N: number,
  C: number,
  S: number,
  runs: Int32Array,
  KLN: number,
  cols: Float32Array,
): boolean {
  const align = (n: number) => (n + 3) & ~3;
  const CS = C * S;
  const pxt = align(CS * N);
  const pruns = pxt + align(CS * N);
  const pcols = pruns + align(runs.length);
  const total = C * KLN;
  const kernel = wasmGemmKernel(Math.ceil((pcols + total) / 2));
  if (kernel === null) return false;
  const h = kernel.heap32;
  new Int32Array(h.buffer, 4 * pruns, runs.length).set(runs);
  const scatter = direction === 'scatter';
  const args = [scatter ? 1 : 0, C, runs.length, 4 * pruns, N, 4 * pxt, S * N, 4 * pcols, KLN] as const;
  if (!scatter) {
    h.set(x.subarray(xOff, xOff + CS * N), 0);
    kernel.transpose(1, N, CS, 0, 0, CS, 4 * pxt, 0, N, 0, 0);
    kernel.moveRuns(...args);
    cols.set(h.subarray(pcols, pcols + total));
  } else {
    h.set(cols.subarray(0, total), pcols);
    kernel.moveRuns(...args);
    kernel.transpose(1, CS, N, 4 * pxt, 0, N, 0, 0, CS, 0, 0);
    x.set(h.subarray(0, CS * N), xOff);
  }
  return true;
}

/** A transposeInto side for a plain row-major matrix from 0 with rows of `row` elements. */
function plain(array: Real, row: number): Side {
  return { array, offset: 0, batch: 0, row };
}

/** sums[o] = Σ_{n, l} g[off + (n·O + o)·L + l] (the bias gradient), with two partial sums per row. */
function channelSums(g: Real, off: number, N: number, O: number, L: number, sums: Real): void {
  const acc = new Float64Array(O);
  for (let n = 0; n < N; n++)
    for (let o = 0; o < O; o++) {
      const from = off + (n * O + o) * L;
      let a = 0;
      let b = 0;
      let l = 0;
      for (; l + 1 < L; l += 2) {
        a += g[from + l];
        b += g[from + l + 1];
      }
      if (l < L) a += g[from + l];
      acc[o] += a + b;
    }
  sums.set(acc);
}

/** C = A·B for the dtype of the operands (raw GEMM: A(i, p) = a[aOff + i·aRs + p·aCs], likewise B; C row-major). */
function gemm(
  dtype: 'float32' | 'float64',
  m: number,
  n: number,
  k: number,
  a: Real,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Real,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Real,
  cOff: number,
): void {
  if (dtype === 'float32')
    gemmF32(m, n, k, a as Float32Array, aOff, aRs, aCs, b as Float32Array, bOff, bRs, bCs, c as Float32Array, cOff);
  else gemmF64(m, n, k, a as Float64Array, aOff, aRs, aCs, b as Float64Array, bOff, bRs, bCs, c as Float64Array, cOff);
}

/**
 * The convolution of x [N, C, *spatial] (real floating) with weight [O, C/G, *kernel] and bias [O] (or null) over the
 * 1 or 2 spatial `axes` (unfold.ts geometry), `G` groups: [N, O, *out], recorded as one node. The caller checks
 * shapes and dtypes.
 */
export function convFused(
  input: Tensor,
  weightIn: Tensor,
  bias: Tensor | null,
  axes: readonly Axis[],
  G: number,
): Tensor {
  const x = dense(input);
  const w = dense(weightIn);
  const dtype = x.dtype as 'float32' | 'float64';
  const [N, C] = x.shape;
  const O = w.shape[0];
  const { K, L } = counts(axes);
  const NL = N * L;
  const CK = C * K;
  const CKg = CK / G;
  const Og = O / G;
  const xs = x.storage as Real;
  const ws = w.storage as Real;

  const needX = x.requiresGrad;
  const needW = w.requiresGrad;
  const needB = bias?.requiresGrad === true;
  // The weight gradient reads the columns again: kept in the layer's own buffer (see colsFor) when the weight is a
  // leaf (a parameter, the same tensor every step) and they fit.
  const kept = needW && weightIn.gradFn === null ? colsFor(weightIn, dtype, CK * NL) : null;
  const cols = kept?.buffer ?? scratch(0, dtype, CK * NL);
  windows('gather', xs, x.offset, N, C, axes, cols);
  const token = {};
  if (kept !== null) kept.token = token;
  const t = scratch(1, dtype, O * NL);
  for (let g = 0; g < G; g++)
    gemm(dtype, Og, NL, CKg, ws, w.offset + g * Og * CKg, CKg, 1, cols, g * CKg * NL, NL, 1, t, g * Og * NL);
  const y = allocUnfilled([N, O, ...axes.map((a) => a.out)], dtype); // every element written below
  const bs = bias === null ? null : (bias.storage as Real);
  const b = bs === null || bias === null ? null : dtype === 'float32' ? new Float32Array(O) : new Float64Array(O);
  if (b !== null && bs !== null && bias !== null)
    for (let o = 0; o < O; o++) b[o] = bs[bias.offset + o * bias.strides[0]];
  // y[n, o, l] = t[o, l·N + n] + bias[o]: per o an L×N transpose into rows of y's stride O·L.
  transposeInto(
    O,
    L,
    N,
    { array: t, offset: 0, batch: NL, row: N },
    { array: y.storage as Real, offset: 0, batch: L, row: O * L },
    b,
  );

  const inputs = bias === null ? [x, w] : [x, w, bias];
  const present = (gx: Tensor | null, gw: Tensor | null, gb: Tensor | null): InputGrads =>
    bias === null ? [gx, gw] : [gx, gw, gb];
  const spatialDims = axes.map((_, i) => i + 2);
  recordFused(
    'nn.conv',
    inputs,
    y,
    [x, w],
    (g) => {
      // Differentiable form: gT [G, O/G, N·L]; ∂w = gT·colsᵀ, ∂x = fold(wᵀ·gT), ∂b = Σ g.
      const gT = g.reshape([N, O, L]).transpose(0, 1).reshape([G, Og, NL]);
      const gw = needW
        ? gT.matmul(unfold(x, axes, 0, 'CKNL').reshape([G, CKg, NL]).transpose(1, 2)).reshape(w.shape)
        : null;
      const gx = needX
        ? fold(w.reshape([G, Og, CKg]).transpose(1, 2).matmul(gT).reshape([C, K, N, L]), axes, x.shape, 'CKNL')
        : null;
      return present(gx, gw, needB ? g.sum([0, ...spatialDims]) : null);
    },
    (gIn) => {
      const gc = dense(gIn);
      const gs = gc.storage as Real;
      const gT = scratch(1, dtype, O * NL);
      const gb = needB ? alloc([O], dtype) : null;
      const gbs = gb === null ? null : (gb.storage as Real);
      // gT[o, l·N + n] = g[n, o, l]: per o an N×L transpose; the bias gradient sums g per channel.
      const gSide = { array: gs, offset: gc.offset, batch: L, row: O * L };
      transposeInto(O, N, L, gSide, { array: gT, offset: 0, batch: NL, row: N }, null);
      if (gbs !== null) channelSums(gs, gc.offset, N, O, L, gbs);
      let gw: Tensor | null = null;
      if (needW) {
        gw = allocUnfilled(w.shape, dtype); // overwritten by the GEMMs
        const gws = gw.storage as Real;
        let colsB = kept?.buffer;
        if (colsB === undefined || kept?.token !== token) {
          colsB = scratch(0, dtype, CK * NL);
          windows('gather', xs, x.offset, N, C, axes, colsB);
        }
        for (let g = 0; g < G; g++)
          gemm(dtype, Og, CKg, NL, gT, g * Og * NL, NL, 1, colsB, g * CKg * NL, 1, NL, gws, g * Og * CKg);
      }
      let gx: Tensor | null = null;
      if (needX) {
        const gcols = scratch(0, dtype, CK * NL);
        for (let g = 0; g < G; g++)
          gemm(dtype, CKg, NL, Og, ws, w.offset + g * Og * CKg, 1, CKg, gT, g * Og * NL, NL, 1, gcols, g * CKg * NL);
        gx = allocUnfilled(x.shape, dtype); // overwritten by the scatter
        windows('scatter', gx.storage as Real, 0, N, C, axes, gcols);
      }
      return present(gx, gw, gb);
    },
  );
  return y;
}
