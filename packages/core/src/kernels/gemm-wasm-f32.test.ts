import { afterAll, describe, expect, it } from 'vitest';
import { gemmF32 } from './gemm';
import { setWasmGemmEnabled, wasmGemmAvailable } from './gemm-wasm';
import { gemmWasmF32 } from './gemm-wasm-real';

afterAll(() => setWasmGemmEnabled(true));

/** A deterministic pseudo-random float32 fill in [-1, 1). */
function filled(length: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Operand layouts: X(i, j) = x[off + i·rs + j·cs] for an r×c operand stored in `len` elements. */
interface Layout {
  len: number;
  off: number;
  rs: number;
  cs: number;
}
const rowMajor = (r: number, c: number): Layout => ({ len: r * c, off: 0, rs: c, cs: 1 });
const colMajor = (r: number, c: number): Layout => ({ len: r * c, off: 0, rs: 1, cs: r });
/** Rows in reverse order (negative row stride). */
const flipped = (r: number, c: number): Layout => ({ len: r * c, off: (r - 1) * c, rs: -c, cs: 1 });
/** Every other element of every third row: a sparse view (gathered, not copied whole). */
const sparse = (r: number, c: number): Layout => ({ len: 3 * r * 2 * c, off: 1, rs: 6 * c, cs: 2 });
/** One row repeated (row stride 0, a broadcast). */
const broadcastRows = (_r: number, c: number): Layout => ({ len: c, off: 0, rs: 0, cs: 1 });

const KC = 256;

/**
 * C(i, j) as single-precision GEMM in the kernel's order, emulated with Math.fround: per KC block of the depth, one
 * float32 chain s = fl(s + fl(a·b)); the first block's sum stored (or added to the old C), later ones added.
 */
function emulated(
  k: number,
  a: Float32Array,
  ao: number,
  acs: number,
  b: Float32Array,
  bo: number,
  brs: number,
  old: number | null,
): number {
  let c = old;
  for (let p0 = 0; p0 < k; p0 += KC) {
    let s = 0;
    for (let p = p0; p < Math.min(k, p0 + KC); p++) s = Math.fround(s + Math.fround(a[ao + p * acs] * b[bo + p * brs]));
    c = c === null ? s : Math.fround(c + s);
  }
  return c ?? 0;
}

/** Runs the WebAssembly float32 kernel for m×k by k×n with the given layouts; returns the operands, the old C and the result. */
function run(m: number, n: number, k: number, la: Layout, lb: Layout, accumulate: boolean, seed: number) {
  const a = filled(la.len, seed);
  const b = filled(lb.len, seed + 1);
  const c0 = filled(m * n + 3, seed + 2);
  const c = c0.slice();
  expect(gemmWasmF32(m, n, k, a, la.off, la.rs, la.cs, b, lb.off, lb.rs, lb.cs, c, 2, accumulate)).toBe(true);
  return { a, b, c0, c };
}

describe.skipIf(!wasmGemmAvailable())('float32 WebAssembly GEMM (sgemm)', () => {
  const cases: [number, number, number, (r: number, c: number) => Layout, (r: number, c: number) => Layout][] = [
    [5, 13, 7, rowMajor, rowMajor], // edge tiles in both directions
    [16, 4096, 9, rowMajor, rowMajor], // a convolution's forward shape
    [16, 9, 4096, rowMajor, colMajor], // its weight gradient: deep, one chunk
    [144, 70, 32, colMajor, rowMajor], // its input gradient (Wᵀ·G)
    [33, 17, 600, flipped, colMajor], // several KC blocks, negative strides
    [12, 20, 300, sparse, sparse], // gathered operands
    [9, 11, 40, broadcastRows, rowMajor],
    [1030, 5, 3, rowMajor, rowMajor], // two row chunks
    [4, 1100, 3, rowMajor, rowMajor], // two column chunks
    [1024, 4, 1900, rowMajor, colMajor], // two depth chunks
  ];
  it('is bit-identical to float32 arithmetic in the kernel order (emulated with Math.fround), overwrite and accumulate', () => {
    let seed = 10;
    for (const [m, n, k, fa, fb] of cases)
      for (const accumulate of [false, true]) {
        seed += 3;
        const la = fa(m, k);
        const lb = fb(k, n);
        const { a, b, c0, c } = run(m, n, k, la, lb, accumulate, seed);
        const bad: string[] = [];
        // Every entry of small products; a spread of rows and all columns of large ones.
        const rows = m * n <= 4096 ? m : 12;
        for (let t = 0; t < rows; t++) {
          const i = rows === m ? t : Math.floor((t * (m - 1)) / (rows - 1));
          for (let j = 0; j < n; j++) {
            const o = 2 + i * n + j;
            const want = emulated(
              k,
              a,
              la.off + i * la.rs,
              la.cs,
              b,
              lb.off + j * lb.cs,
              lb.rs,
              accumulate ? c0[o] : null,
            );
            if (!Object.is(c[o], Math.fround(want))) bad.push(`${m}×${n}×${k} (${i}, ${j}): ${c[o]} vs ${want}`);
          }
        }
        expect(bad.slice(0, 3)).toEqual([]);
        // Nothing outside C changes.
        expect([c[0], c[1], c[m * n + 2]]).toEqual([c0[0], c0[1], c0[m * n + 2]]);
      }
  });

  it('stays within the float32 summation bound γ_k·Σ|a||b| of the float64 product (γ_k = k·u/(1 − k·u), u = 2⁻²⁴)', () => {
    for (const [m, n, k] of [
      [40, 50, 2000],
      [64, 64, 300],
    ]) {
      const { a, b, c } = run(m, n, k, rowMajor(m, k), rowMajor(k, n), false, 7 * k);
      const u = 2 ** -24;
      const gamma = (k * u) / (1 - k * u);
      let worst = 0;
      let differs = 0;
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let ref = 0;
          let size = 0;
          for (let p = 0; p < k; p++) {
            ref += a[i * k + p] * b[p * n + j];
            size += Math.abs(a[i * k + p] * b[p * n + j]);
          }
          const got = c[2 + i * n + j];
          worst = Math.max(worst, Math.abs(got - ref) / ((gamma + u) * size));
          if (got !== Math.fround(ref)) differs++;
        }
      expect(worst).toBeLessThanOrEqual(1);
      // It is float32 arithmetic: some entries differ from the float64 product rounded once.
      expect(differs).toBeGreaterThan(0);
    }
  });

  it('propagates ∞ and NaN as float32 arithmetic does', () => {
    const [m, n, k] = [8, 8, 6];
    const a = filled(m * k, 3);
    const b = filled(k * n, 4);
    a[2 * k + 1] = Number.POSITIVE_INFINITY;
    b[3 * n + 5] = 0;
    b[n + 5] = 0; // ∞·0 in (2, 5): NaN
    a[5 * k] = Number.NaN;
    const c = new Float32Array(m * n);
    expect(gemmWasmF32(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, false)).toBe(true);
    const want = (i: number, j: number) => emulated(k, a, i * k, 1, b, j, n, null);
    expect([c[2 * n + 5], c[2 * n], c[5 * n + 3], c[n + 1]].map(String)).toEqual(
      [want(2, 5), want(2, 0), want(5, 3), Math.fround(want(1, 1))].map(String),
    );
    expect([Number.isNaN(c[2 * n + 5]), c[2 * n] === Number.POSITIVE_INFINITY || c[2 * n] === -Infinity]).toEqual([
      true,
      true,
    ]);
  });
});

describe('float32 GEMM without WebAssembly (TAPEGRAD_NO_WASM, or no SIMD)', () => {
  it('gemmWasmF32 returns false and touches nothing; gemmF32 falls back to the TypeScript kernels (float64 sums)', () => {
    const [m, n, k] = [20, 24, 500];
    const a = filled(m * k, 5);
    const b = filled(k * n, 6);
    setWasmGemmEnabled(false);
    try {
      const c = new Float32Array(m * n).fill(7);
      expect(gemmWasmF32(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, false)).toBe(false);
      expect(c.every((v) => v === 7)).toBe(true);
      gemmF32(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0);
      // The TypeScript kernels sum in float64 and round to float32 when they store C (once per depth block of 256).
      let worst = 0;
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let ref = 0;
          let size = 0;
          for (let p = 0; p < k; p++) {
            ref += a[i * k + p] * b[p * n + j];
            size += Math.abs(a[i * k + p] * b[p * n + j]);
          }
          worst = Math.max(worst, Math.abs(c[i * n + j] - ref) / ((Math.ceil(k / 256) + 1) * 2 ** -24 * size));
        }
      expect(worst).toBeLessThanOrEqual(1);
    } finally {
      setWasmGemmEnabled(true);
    }
  });
});
