import { afterAll, describe, expect, it } from 'vitest';
import { gemmF64 } from './gemm';
import { gemmBatchReal } from './gemm-batch';
import { setWasmGemmEnabled, wasmGemmAvailable } from './gemm-wasm';

afterAll(() => setWasmGemmEnabled(true));

const KC = 256;

/** A deterministic pseudo-random fill in [-1, 1) (exact in float32). */
function filled(length: number, seed: number): Float64Array {
  const out = new Float64Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = Math.fround(s / 2 ** 31 - 1);
  }
  return out;
}

/**
 * C(i, j) in the WebAssembly kernels' order: per KC block of the depth one chain s = fl(s + fl(a·b)), the first
 * block's sum kept and later ones added — in float64, or in float32 (emulated with Math.fround) when `f32`.
 */
function chain(
  k: number,
  x: ArrayLike<number>,
  xo: number,
  xs: number,
  y: ArrayLike<number>,
  yo: number,
  ys: number,
  f32: boolean,
): number {
  const r = f32 ? Math.fround : (v: number) => v;
  let c: number | null = null;
  for (let p0 = 0; p0 < k; p0 += KC) {
    let s = 0;
    for (let p = p0; p < Math.min(k, p0 + KC); p++) s = r(s + r(x[xo + p * xs] * y[yo + p * ys]));
    c = c === null ? s : r(c + s);
  }
  return c ?? 0;
}

/** How the matrices of a batch sit in their array: element offsets and strides, and the array length they need. */
interface BatchLayout {
  offs: number[];
  rs: number;
  cs: number;
  len: number;
}

/** count matrices rows×cols: contiguous row-major ('row'), transposed views ('col'), one matrix broadcast over the
 * batch ('bcast'), rows reversed ('flip', negative row stride), sparse views in reverse batch order ('sparse',
 * gathered by the driver). */
function layout(kind: string, count: number, rows: number, cols: number): BatchLayout {
  const size = rows * cols;
  const seq = (step: number, first = 0) => Array.from({ length: count }, (_, t) => first + t * step);
  switch (kind) {
    case 'col':
      return { offs: seq(size), rs: 1, cs: rows, len: count * size };
    case 'bcast':
      return { offs: seq(0), rs: cols, cs: 1, len: size };
    case 'flip':
      return { offs: seq(size, (rows - 1) * cols), rs: -cols, cs: 1, len: count * size };
    case 'sparse':
      return { offs: seq(-6 * size, 6 * size * (count - 1) + 1), rs: 3 * cols, cs: 2, len: 6 * size * count };
    default:
      return { offs: seq(size), rs: cols, cs: 1, len: count * size };
  }
}

/** Runs gemmBatchReal and returns the mismatches against {@link chain} (exact, or within `tol`·Σ|a||b| when set). */
function check(
  f32: boolean,
  count: number,
  m: number,
  n: number,
  k: number,
  la: string,
  lb: string,
  tol: number | null = null,
): string[] {
  const A = layout(la, count, m, k);
  const B = layout(lb, count, k, n);
  const Array_ = f32 ? Float32Array : Float64Array;
  const a = new Array_(filled(A.len, m + 7 * k));
  const b = new Array_(filled(B.len, n + 3 * k + 1));
  const c = new Array_(count * m * n + 2).fill(12345);
  gemmBatchReal(count, m, n, k, a, A.offs, A.rs, A.cs, b, B.offs, B.rs, B.cs, c, 1);
  const bad: string[] = [];
  const tag = `${f32 ? 'f32' : 'f64'} ${count}×${m}×${n}×${k} A:${la} B:${lb}`;
  if (c[0] !== 12345 || c[count * m * n + 1] !== 12345) bad.push(`${tag}: wrote outside C`);
  for (let t = 0; t < count && bad.length < 4; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const ao = A.offs[t] + i * A.rs;
        const bo = B.offs[t] + j * B.cs;
        const want = chain(k, a, ao, A.cs, b, bo, B.rs, f32);
        const got = c[1 + t * m * n + i * n + j];
        let scale = 0;
        for (let p = 0; p < k; p++) scale += Math.abs(a[ao + p * A.cs] * b[bo + p * B.rs]);
        const ok = tol === null ? Object.is(got, want) : Math.abs(got - want) <= tol * scale;
        if (!ok) bad.push(`${tag}: C_${t}(${i}, ${j}) = ${got}, expected ${want}`);
      }
    }
  }
  return bad;
}

const SHAPES: [number, number, number][] = [
  [2, 2, 2],
  [3, 3, 3],
  [4, 4, 4],
  [8, 8, 8],
  [16, 16, 16],
  [32, 32, 32],
  [64, 64, 64],
  [64, 64, 8],
  [8, 64, 64],
  [5, 7, 3],
  [1, 9, 4],
  [9, 1, 300],
  [6, 10, 1],
  [33, 17, 70],
  [20, 24, 300],
  [96, 100, 100],
];
const LAYOUTS: [string, string][] = [
  ['row', 'row'],
  ['col', 'bcast'],
  ['flip', 'col'],
  ['bcast', 'sparse'],
  ['sparse', 'flip'],
];

describe.skipIf(!wasmGemmAvailable())('gemmBatchReal (WebAssembly)', () => {
  it.each([false, true])(
    'gives every matrix the bits of the kernels’ summation order (f32 = %s): all shapes, strides and batch layouts',
    (f32) => {
      const bad: string[] = [];
      for (const [m, n, k] of SHAPES) for (const [la, lb] of LAYOUTS) bad.push(...check(f32, 3, m, n, k, la, lb));
      expect(bad).toEqual([]);
    },
  );
  it('runs batches larger than one chunk of WebAssembly memory', () => {
    expect(check(false, 2100, 8, 8, 8, 'row', 'row')).toEqual([]);
    expect(check(true, 70, 64, 64, 64, 'row', 'bcast')).toEqual([]);
    expect(check(false, 40, 64, 64, 64, 'sparse', 'col')).toEqual([]);
  });
  it('equals the one-product entry point bit for bit', () => {
    const [count, m, n, k] = [4, 40, 36, 300];
    const a = filled(count * m * k, 1);
    const b = filled(count * k * n, 2);
    const offsA = [0, 1, 2, 3].map((t) => t * m * k);
    const offsB = [0, 1, 2, 3].map((t) => t * k * n);
    const batched = new Float64Array(count * m * n);
    const single = new Float64Array(count * m * n);
    gemmBatchReal(count, m, n, k, a, offsA, k, 1, b, offsB, n, 1, batched, 0);
    for (let t = 0; t < count; t++) gemmF64(m, n, k, a, offsA[t], k, 1, b, offsB[t], n, 1, single, t * m * n);
    expect(batched).toEqual(single);
  });
});

describe('gemmBatchReal without WebAssembly', () => {
  it('loops over the TypeScript kernels, within the float64 summation bound', () => {
    setWasmGemmEnabled(false);
    try {
      const bad: string[] = [];
      for (const [m, n, k] of [
        [3, 3, 3],
        [16, 8, 20],
      ])
        for (const [la, lb] of LAYOUTS) bad.push(...check(false, 3, m, n, k, la, lb, 2 * k * 2 ** -53));
      expect(bad).toEqual([]);
    } finally {
      setWasmGemmEnabled(true);
    }
  });
});
