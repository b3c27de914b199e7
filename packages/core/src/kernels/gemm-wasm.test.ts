import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shapes } from '@tapegrad/testing/literals';
import { afterAll, describe, expect, it } from 'vitest';
import { gemmF32, gemmF64 } from './gemm';
import { gemmC64, gemmC128 } from './gemm-complex';
import type { ComplexGemm, GemmOperands, RealArray, RealGemm } from './gemm-scratch';
import { setWasmGemmEnabled, wasmGemmAvailable, wasmGemmKernel, wasmGemmWorthwhile } from './gemm-wasm';
import { gemmWasmComplex, wasmComplexGemmWorthwhile } from './gemm-wasm-complex';
import { gemmWasmReal } from './gemm-wasm-real';

const coreDir = join(dirname(fileURLToPath(import.meta.url)), '../..');
const envDisabled = (process.env.TAPEGRAD_NO_WASM ?? '') !== '' && process.env.TAPEGRAD_NO_WASM !== '0';

afterAll(() => setWasmGemmEnabled(true));

describe('WebAssembly GEMM build', () => {
  const compiler = existsSync(join(coreDir, 'node_modules/assemblyscript/package.json'));
  it.skipIf(!compiler)('the committed module is byte-identical to a fresh compile of wasm/gemm.ts', () => {
    const out = execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], {
      cwd: coreDir,
      encoding: 'utf8',
    });
    expect(out).toContain('matches the source');
  });
  it('sends only products with at least 4 rows and columns (complex: 3 rows, 2 columns) above a minimum size', () => {
    const real = shapes('64x64x64 100x100x1 8x8x32 3x64x64 64x3x64 1x256x256 4x4x64').map(([m, n, k]) =>
      wasmGemmWorthwhile(m, n, k),
    );
    expect(real).toEqual([true, true, true, false, false, false, false]);
    const complex = shapes('8x8x8 3x64x64 64x2x64 2x64x64 4x4x4').map(([m, n, k]) =>
      wasmComplexGemmWorthwhile(m, n, k),
    );
    expect(complex).toEqual([true, true, true, false, false]);
  });
  it('loads on this Node unless TAPEGRAD_NO_WASM is set', () => {
    expect(wasmGemmAvailable()).toBe(!envDisabled);
  });
  it('honours TAPEGRAD_NO_WASM and falls back without touching C', () => {
    const saved = process.env.TAPEGRAD_NO_WASM;
    process.env.TAPEGRAD_NO_WASM = '1';
    try {
      setWasmGemmEnabled(true);
      expect(wasmGemmAvailable()).toBe(false);
      const c = new Float64Array(64).fill(7);
      const a = new Float64Array(64).fill(1);
      expect(gemmWasmReal(8, 8, 8, a, 0, 8, 1, a, 0, 8, 1, c, 0, false)).toBe(false);
      expect(gemmWasmComplex(4, 4, 4, a, 0, 4, 1, a, 0, 4, 1, c, 0, false, false, false)).toBe(false);
      expect(c.every((v) => v === 7)).toBe(true);
      gemmF64(8, 8, 8, a, 0, 8, 1, a, 0, 8, 1, c, 0); // the TypeScript kernel still works
      expect(c.every((v) => v === 8)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.TAPEGRAD_NO_WASM;
      else process.env.TAPEGRAD_NO_WASM = saved;
      setWasmGemmEnabled(true);
    }
  });
});

/** Deterministic LCG (no Math.random, so failures reproduce). */
function makeRandom(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) | 0;
    return (s >>> 0) / 4294967296 - 0.5;
  };
}

type Layout = 'row' | 'col' | 'strided' | 'bcastRows' | 'bcastCols';
const LAYOUTS: Layout[] = ['row', 'col', 'strided', 'bcastRows', 'bcastCols'];

function strides(rows: number, cols: number, layout: Layout): [number, number] {
  if (layout === 'row') return [cols, 1];
  if (layout === 'col') return [1, rows];
  if (layout === 'strided') return [2 * cols + 3, 2];
  return layout === 'bcastRows' ? [0, 1] : [1, 0];
}

interface View {
  data: Float64Array;
  off: number;
  rs: number;
  cs: number;
}

/** A rows×cols view at offset 7 into random data; `w` scalars per element (2 for complex). */
function view(rows: number, cols: number, layout: Layout, w: number, rand: () => number): View {
  const [rs, cs] = strides(rows, cols, layout);
  const off = 7;
  const data = new Float64Array(w * (off + (rows - 1) * rs + (cols - 1) * cs + 3));
  for (let i = 0; i < data.length; i++) data[i] = rand();
  return { data, off, rs, cs };
}

/** Σ_p |A(i, p)|·|B(p, j)| for each (i, j): the scale of the rounding error of any summation order. */
function absBound(m: number, n: number, k: number, a: View, b: View, w: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const x = w * (a.off + i * a.rs + p * a.cs);
        const y = w * (b.off + p * b.rs + j * b.cs);
        s +=
          w === 1
            ? Math.abs(a.data[x] * b.data[y])
            : Math.hypot(a.data[x], a.data[x + 1]) * Math.hypot(b.data[y], b.data[y + 1]);
      }
      out[i * n + j] = s;
    }
  }
  return out;
}

/** [m, n, k]: every residue of m and n mod 4, the KC = 256 / 128 and MC = 96 / 64 block edges, the chunk edges. */
const SHAPES = shapes(
  '2x2x4 2x9x7 3x2x5 4x4x4 5x6x7 7x5x3 13x11x17 33x31x29 64x64x64 95x7x129 97x65x127 9x10x255 6x7x256 ' +
    '11x5x257 130x129x67 3x3x2049 515x3x3 1027x6x5 5x1030x4',
);

const C_OFF = 3;
const SENTINEL = 12345;

/**
 * Runs the WebAssembly driver and the TypeScript kernel (WebAssembly off) on the same operands and returns a list of
 * mismatches: entries further apart than rel·Σ|a||b| (plus one float32 rounding), or writes outside C.
 */
function compareWithTs(complex: boolean, f32: boolean, accumulate: boolean, conj: boolean, rel: number): string[] {
  const w = complex ? 2 : 1;
  const rand = makeRandom(complex ? 11 : 5);
  const failures: string[] = [];
  for (const [m, n, k] of SHAPES) {
    for (const [li, la] of LAYOUTS.entries()) {
      const lb = LAYOUTS[(li + m + n) % LAYOUTS.length];
      if (m * n * k > 4e5 && (la !== 'row' || lb !== 'col')) continue;
      const a = view(m, k, la, w, rand);
      const b = view(k, n, lb, w, rand);
      const cw = new Float64Array(w * (C_OFF + m * n) + 4).fill(SENTINEL);
      for (let i = 0; i < w * m * n; i++) cw[w * C_OFF + i] = accumulate ? rand() : Number.NaN;
      const ct = cw.slice();
      const run = (wasm: boolean, c: Float64Array): void => {
        setWasmGemmEnabled(wasm);
        try {
          const [ad, bd, cd] = f32 ? [a.data, b.data, c].map((x) => new Float32Array(x)) : [a.data, b.data, c];
          const operands: GemmOperands<RealArray> = [m, n, k, ad, a.off, a.rs, a.cs, bd, b.off, b.rs, b.cs, cd, C_OFF];
          if (complex) {
            const gemm = wasm ? gemmWasmComplex : f32 ? gemmC64 : gemmC128;
            (gemm as ComplexGemm<unknown>)(...operands, conj, !conj, accumulate);
          } else {
            const gemm = wasm ? gemmWasmReal : f32 ? gemmF32 : gemmF64;
            (gemm as RealGemm<unknown>)(...operands, accumulate);
          }
          if (cd !== c) c.set(cd);
        } finally {
          setWasmGemmEnabled(true);
        }
      };
      run(true, cw);
      run(false, ct);
      const bound = absBound(m, n, k, a, b, w);
      const tag = `${m}×${n}×${k} A:${la} B:${lb}`;
      // Broadcast operands repeat the same terms, so rounding errors add up coherently: allow the a-priori bound of two
      // summation orders, 2·k·u·Σ|a||b| (Higham, Accuracy and Stability of Numerical Algorithms, §3.1), there.
      const coherent = la.startsWith('bcast') || lb.startsWith('bcast');
      for (let i = 0; i < cw.length; i++) {
        const inC = i >= w * C_OFF && i < w * (C_OFF + m * n);
        if (!inC) {
          if (cw[i] !== SENTINEL) failures.push(`${tag}: wrote outside C at ${i}`);
          continue;
        }
        const scale = bound[Math.floor((i - w * C_OFF) / w)] + Math.abs(ct[i]);
        const tol = (coherent ? Math.max(rel, 2 * k * 2 ** -53) : rel) * scale + (f32 ? 2 ** -23 * Math.abs(ct[i]) : 0);
        if (!(Math.abs(cw[i] - ct[i]) <= tol)) failures.push(`${tag}: [${i}] wasm ${cw[i]} vs ts ${ct[i]}`);
      }
      if (failures.length > 5) return failures;
    }
  }
  return failures;
}

describe.skipIf(envDisabled)('WebAssembly GEMM against the TypeScript kernels', () => {
  it.each([
    [false, false],
    [false, true],
  ])('float64 (accumulate = %s, then %s) matches to 1e-15 of Σ|a||b|', (acc1, acc2) => {
    expect(compareWithTs(false, false, acc1, false, 1e-15)).toEqual([]);
    expect(compareWithTs(false, false, acc2, false, 1e-15)).toEqual([]);
  });
  it('float32 matches (both accumulate in float64; rounding to float32 may differ by one ulp)', () => {
    expect(compareWithTs(false, true, false, false, 1e-15)).toEqual([]);
    expect(compareWithTs(false, true, true, false, 1e-15)).toEqual([]);
  });
  it.each([false, true])(
    'complex128 (conjA = %s, conjB the opposite) matches, overwriting and accumulating',
    (conj) => {
      expect(compareWithTs(true, false, false, conj, 1e-15)).toEqual([]);
      expect(compareWithTs(true, false, true, conj, 1e-15)).toEqual([]);
    },
  );
  it('complex64 matches', () => {
    expect(compareWithTs(true, true, false, true, 1e-15)).toEqual([]);
  });
  it('equals the packed TypeScript kernels bit for bit (same KC, one chain of adds per entry)', () => {
    const rand = makeRandom(9);
    const diffs: string[] = [];
    for (const [m, n, k] of [
      [64, 64, 64],
      [130, 129, 300],
      [33, 31, 600],
    ]) {
      for (const accumulate of [false, true]) {
        const a = Float64Array.from({ length: 2 * m * k }, rand);
        const b = Float64Array.from({ length: 2 * k * n }, rand);
        const c = Float64Array.from({ length: 2 * m * n }, rand);
        const [r1, r2, z1, z2] = [c.slice(), c.slice(), c.slice(), c.slice()];
        gemmWasmReal(m, n, k, a, 0, 1, m, b, 0, n, 1, r1, 0, accumulate);
        gemmWasmComplex(m, n, k, a, 0, 1, m, b, 0, n, 1, z1, 0, true, false, accumulate);
        setWasmGemmEnabled(false);
        gemmF64(m, n, k, a, 0, 1, m, b, 0, n, 1, r2, 0, accumulate);
        gemmC128(m, n, k, a, 0, 1, m, b, 0, n, 1, z2, 0, true, false, accumulate);
        setWasmGemmEnabled(true);
        if (r1.some((v, i) => v !== r2[i])) diffs.push(`real ${m}×${n}×${k} accumulate ${accumulate}`);
        if (z1.some((v, i) => v !== z2[i])) diffs.push(`complex ${m}×${n}×${k} accumulate ${accumulate}`);
      }
    }
    expect(diffs).toEqual([]);
  });
  it('propagates NaN and Infinity (real and complex)', () => {
    for (const [m, n, k] of [
      [8, 8, 8],
      [40, 40, 300],
    ]) {
      const a = new Float64Array(2 * m * k).fill(1);
      const b = new Float64Array(2 * k * n).fill(1);
      a[0] = Number.POSITIVE_INFINITY;
      b[k * n - 1] = Number.NaN;
      const c = new Float64Array(m * n);
      expect(gemmWasmReal(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, false)).toBe(true);
      expect([c[0], c[n - 1], c[(m - 1) * n + n - 1], c[n]]).toEqual([
        Number.POSITIVE_INFINITY,
        Number.NaN,
        Number.NaN,
        k,
      ]);
      const z = new Float64Array(2 * m * n);
      const zTs = new Float64Array(2 * m * n);
      a.fill(1);
      b.fill(0);
      a[1] = Number.POSITIVE_INFINITY; // A(0, 0) = 1 + ∞i, the rest 1 + i
      b[2] = Number.POSITIVE_INFINITY; // B(0, 1) = ∞, the rest 0 (then re of the last entry NaN)
      b[2 * (k * n - 1)] = Number.NaN;
      expect(gemmWasmComplex(m, n, k, a, 0, k, 1, b, 0, n, 1, z, 0, false, false, false)).toBe(true);
      setWasmGemmEnabled(false);
      gemmC128(m, n, k, a, 0, k, 1, b, 0, n, 1, zTs, 0);
      setWasmGemmEnabled(true);
      expect(z).toEqual(zTs); // the same non-finite pattern (NaN where ∞·0 occurs), finite entries equal
      expect([z.some(Number.isNaN), z.includes(Number.POSITIVE_INFINITY), z[2 * n + 4]]).toEqual([true, true, 0]);
    }
  });
  it('takes a larger memory on demand without detaching the old one, and stays correct', () => {
    const rand = makeRandom(3);
    const first = wasmGemmKernel(1)!.heap;
    for (const s of [8, 600, 8]) {
      const a = Float64Array.from({ length: s * s }, rand);
      const c = new Float64Array(s * s);
      const t = new Float64Array(s * s);
      expect(gemmWasmReal(s, s, s, a, 0, s, 1, a, 0, 1, s, c, 0, false)).toBe(true);
      expect(wasmGemmKernel(1)!.heap.length).toBeGreaterThanOrEqual(3 * s * s);
      setWasmGemmEnabled(false);
      gemmF64(s, s, s, a, 0, s, 1, a, 0, 1, s, t, 0);
      setWasmGemmEnabled(true);
      let worst = 0;
      for (let i = 0; i < s * s; i++) worst = Math.max(worst, Math.abs(c[i] - t[i]));
      expect(worst).toBeLessThan(1e-12);
    }
    // A grown (detached) ArrayBuffer would slow every typed-array access in V8; the old view must still be attached.
    expect(first.length).toBeGreaterThan(0);
  });
});
