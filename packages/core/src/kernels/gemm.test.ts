import { shapes } from '@tapegrad/testing/literals';
import { describe, expect, it } from 'vitest';
import { type GemmEntry, type GemmPath, gemmC64, gemmC128, gemmF32, gemmF64, gemmI32, gemmPath } from './gemm';
import { type ComplexGemmEntry, type GemmComplexPath, gemmComplexPath } from './gemm-complex';
import type { GemmOperands } from './gemm-scratch';

/** Tiny deterministic generator (numerical recipes LCG); no Math.random so failures reproduce. */
function makeRandom(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) | 0;
    return (s >>> 0) / 4294967296;
  };
}

type Layout = 'row' | 'col' | 'strided' | 'bcastRows' | 'bcastCols';
const LAYOUTS: Layout[] = ['row', 'col', 'strided', 'bcastRows', 'bcastCols'];

/** A rows×cols view into a random buffer: element (i, j) is `data[off + i·rs + j·cs]` (complex: that times 2). */
interface View<T> {
  data: T;
  off: number;
  rs: number;
  cs: number;
}

function viewStrides(rows: number, cols: number, layout: Layout): [number, number] {
  switch (layout) {
    case 'row':
      return [cols, 1];
    case 'col':
      return [1, rows];
    case 'strided':
      return [2 * cols + 3, 2];
    case 'bcastRows':
      return [0, 1];
    case 'bcastCols':
      return [1, 0];
  }
}

function makeView<T extends Float64Array | Float32Array | Int32Array>(
  rows: number,
  cols: number,
  layout: Layout,
  width: number,
  create: (len: number) => T,
  fill: () => number,
): View<T> {
  const [rs, cs] = viewStrides(rows, cols, layout);
  const off = 5;
  const last = off + Math.max(0, rows - 1) * rs + Math.max(0, cols - 1) * cs;
  const data = create(width * (last + 4));
  for (let i = 0; i < data.length; i++) data[i] = fill();
  return { data, off, rs, cs };
}

/** Naive reference in float64: value and Σ|a||b| (for an error bound), interleaved when complex. */
function reference(
  m: number,
  n: number,
  k: number,
  a: View<Float64Array | Float32Array>,
  b: View<Float64Array | Float32Array>,
  complex: boolean,
  conjA = false,
  conjB = false,
): { value: Float64Array; bound: Float64Array } {
  const w = complex ? 2 : 1;
  const value = new Float64Array(w * m * n);
  const bound = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let re = 0;
      let im = 0;
      let abs = 0;
      for (let p = 0; p < k; p++) {
        const ia = w * (a.off + i * a.rs + p * a.cs);
        const ib = w * (b.off + p * b.rs + j * b.cs);
        const ar = a.data[ia];
        const br = b.data[ib];
        if (complex) {
          const ai = conjA ? -a.data[ia + 1] : a.data[ia + 1];
          const bi = conjB ? -b.data[ib + 1] : b.data[ib + 1];
          re += ar * br - ai * bi;
          im += ar * bi + ai * br;
          abs += Math.sqrt((ar * ar + ai * ai) * (br * br + bi * bi));
        } else {
          re += ar * br;
          abs += Math.abs(ar * br);
        }
      }
      value[w * (i * n + j)] = re;
      if (complex) value[w * (i * n + j) + 1] = im;
      bound[i * n + j] = abs;
    }
  }
  return { value, bound };
}

const C_OFF = 3;
const SENTINEL = 12345;

/**
 * Checks C (scalars from `start = width·C_OFF`) against `base + ref` (base: C's prior contents when accumulating) within
 * rel·Σ|a||b| (+ rel·|base|), and that nothing outside C's region was written. Returns a message or '' when fine.
 */
function compare(
  c: Float64Array | Float32Array,
  base: Float64Array | null,
  ref: { value: Float64Array; bound: Float64Array },
  width: number,
  rel: number,
): string {
  const len = ref.value.length;
  const start = width * C_OFF;
  for (let i = 0; i < start; i++) if (c[i] !== SENTINEL) return `wrote before C at ${i}`;
  for (let i = start + len; i < c.length; i++) if (c[i] !== SENTINEL) return `wrote after C at ${i}`;
  for (let i = 0; i < len; i++) {
    const prior = base ? base[i] : 0;
    const expected = prior + ref.value[i];
    const tol = rel * (ref.bound[(i / width) | 0] + Math.abs(prior)) + 1e-300;
    const got = c[start + i];
    if (!(Math.abs(got - expected) <= tol)) return `C[${i}] = ${got}, expected ${expected} (tol ${tol})`;
  }
  return '';
}

/** [m, n, k] shapes: empty, thin, odd, the MLP layers, and sizes straddling the MC=128 / KC=256 / NC=2048 blocks. */
const SMALL_SHAPES = shapes(
  '0x0x0 0x5x3 4x0x3 3x4x0 1x1x1 1x1x9 1x9x1 9x1x1 1x17x6 17x1x6 2x3x4 3x2x4 3x3x3 4x4x4 5x5x5 7x13x5 ' +
    '13x7x5 8x8x8 6x40x30 40x6x30 33x31x29',
);
const LARGE_SHAPES = shapes('64x64x32 64x10x64 130x129x67 129x20x257 16x2050x2 300x2x40 2x300x40 8x8x600');
/** Layout pairs for the large shapes (all 25 pairs run on the small ones). */
const LARGE_LAYOUTS: [Layout, Layout][] = [
  ['row', 'row'],
  ['col', 'col'],
  ['row', 'col'],
  ['strided', 'bcastRows'],
  ['bcastCols', 'strided'],
];

function* cases(): Generator<[number, number, number, Layout, Layout]> {
  for (const [m, n, k] of SMALL_SHAPES) for (const la of LAYOUTS) for (const lb of LAYOUTS) yield [m, n, k, la, lb];
  for (const [m, n, k] of LARGE_SHAPES) for (const [la, lb] of LARGE_LAYOUTS) yield [m, n, k, la, lb];
}

describe('gemm path selection', () => {
  it('the tested shapes exercise every float algorithm', () => {
    const seen = new Set<GemmPath>();
    for (const [m, n, k] of [...SMALL_SHAPES, ...LARGE_SHAPES]) if (m && n && k) seen.add(gemmPath(m, n, k));
    expect([...seen].sort()).toEqual(['blocked', 'direct', 'thinCols', 'thinRows']);
  });
  it('the tested shapes exercise every complex algorithm', () => {
    const seen = new Set<GemmComplexPath>();
    for (const [m, n, k] of [...SMALL_SHAPES, ...LARGE_SHAPES]) if (m && n && k) seen.add(gemmComplexPath(m, n, k));
    expect([...seen].sort()).toEqual(['blocked', 'direct', 'thinCols', 'thinRows']);
  });
});

/**
 * Runs `gemm` on every case of cases() against the naive triple loop (real when `conj` is null; complex, conjugating
 * A and B as `conj` says, otherwise) and returns the mismatches. C is NaN first (it must be overwritten, not read),
 * or random values when `accumulate`; its surroundings hold SENTINEL.
 */
function check<T extends Float64Array | Float32Array>(
  gemm: GemmEntry<T> | ComplexGemmEntry<T>,
  create: (len: number) => T,
  rel: number,
  accumulate: boolean,
  conj: [conjA: boolean, conjB: boolean] | null = null,
): string[] {
  const w = conj ? 2 : 1;
  const failures: string[] = [];
  const rand = makeRandom(conj ? 7 : 42);
  const fill = () => 2 * rand() - 1;
  for (const [m, n, k, la, lb] of cases()) {
    const a = makeView(m, k, la, w, create, fill);
    const b = makeView(k, n, lb, w, create, fill);
    const c = create(w * (C_OFF + m * n) + 4);
    c.fill(SENTINEL);
    let base: Float64Array | null = null;
    if (accumulate) {
      base = new Float64Array(w * m * n);
      for (let i = 0; i < w * m * n; i++) c[w * C_OFF + i] = fill();
      for (let i = 0; i < w * m * n; i++) base[i] = c[w * C_OFF + i];
    } else {
      for (let i = 0; i < w * m * n; i++) c[w * C_OFF + i] = Number.NaN;
    }
    const operands: GemmOperands<T> = [m, n, k, a.data, a.off, a.rs, a.cs, b.data, b.off, b.rs, b.cs, c, C_OFF];
    if (conj) (gemm as ComplexGemmEntry<T>)(...operands, conj[0], conj[1], accumulate);
    else (gemm as GemmEntry<T>)(...operands, accumulate);
    const msg = compare(c, base, reference(m, n, k, a, b, conj !== null, conj?.[0], conj?.[1]), w, rel);
    if (msg) failures.push(`${m}×${n}×${k} A:${la} B:${lb}${conj ? ` conj:${conj[0]}/${conj[1]}` : ''}: ${msg}`);
  }
  return failures;
}

/** A real entry point with its storage and tolerance: `run(accumulate)` checks it on every case. */
const realEntry = <T extends Float64Array | Float32Array>(
  name: string,
  gemm: GemmEntry<T>,
  create: (len: number) => T,
  rel: number,
) => ({ name, run: (accumulate: boolean) => check(gemm, create, rel, accumulate) });

describe.each([
  realEntry('gemmF64', gemmF64, (l) => new Float64Array(l), 1e-14),
  realEntry('gemmF32', gemmF32, (l) => new Float32Array(l), 2e-6),
])('$name on all shapes and layouts', ({ run }) => {
  it('matches a naive float64 triple loop (float32: within its rounding)', () => {
    expect(run(false)).toEqual([]);
  });
  it('accumulates into C with accumulate = true', () => {
    expect(run(true)).toEqual([]);
  });
});

describe('gemmF64', () => {
  it('multiplies a small example exactly, with transposed B', () => {
    const a = Float64Array.of(1, 2, 3, 4, 5, 6); // 2×3
    const b = Float64Array.of(1, 0, 2, 0, 1, 1); // stored 2×3, used as 3×2 via (rs, cs) = (1, 3)
    const c = new Float64Array(4);
    gemmF64(2, 2, 3, a, 0, 3, 1, b, 0, 1, 3, c, 0);
    expect([...c]).toEqual([7, 5, 16, 11]);
  });
  it('zero-fills C when k = 0 and leaves it alone when accumulating', () => {
    const c = Float64Array.of(9, 1, 2, 3, 4, 9);
    gemmF64(2, 2, 0, new Float64Array(0), 0, 0, 1, new Float64Array(0), 0, 2, 1, c, 1);
    expect([...c]).toEqual([9, 0, 0, 0, 0, 9]);
    const d = Float64Array.of(1, 2);
    gemmF64(1, 2, 0, new Float64Array(0), 0, 0, 1, new Float64Array(0), 0, 2, 1, d, 0, true);
    expect([...d]).toEqual([1, 2]);
  });
  it('propagates NaN and Infinity like the naive loop', () => {
    for (const [m, n, k] of [
      [2, 2, 2],
      [8, 8, 8],
      [40, 40, 40],
    ]) {
      const a = new Float64Array(m * k).fill(1);
      const b = new Float64Array(k * n).fill(1);
      a[0] = Number.POSITIVE_INFINITY;
      b[k * n - 1] = Number.NaN;
      const c = new Float64Array(m * n);
      gemmF64(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0);
      expect(c[0]).toBe(Number.POSITIVE_INFINITY);
      expect(c[n - 1]).toBeNaN();
      expect(c[(m - 1) * n + n - 1]).toBeNaN();
      expect(c[n]).toBe(k);
    }
  });
});

describe('gemmF32', () => {
  it('accumulates in float64 (one rounding for a short product)', () => {
    // 1 + 2^-24 - 1 is 0 in float32 arithmetic but 2^-24 when accumulated in float64.
    const a = Float32Array.of(1, 2 ** -12, -1);
    const b = Float32Array.of(1, 2 ** -12, 1);
    const c = new Float32Array(1);
    gemmF32(1, 1, 3, a, 0, 3, 1, b, 0, 1, 1, c, 0);
    expect(c[0]).toBe(2 ** -24);
  });
});

describe.each([
  [false, false],
  [true, false],
  [false, true],
  [true, true],
])('complex gemm with conjA = %s, conjB = %s', (conjA, conjB) => {
  it('gemmC128 matches a naive triple loop on all shapes and layouts', () => {
    expect(check(gemmC128, (l) => new Float64Array(l), 1e-14, false, [conjA, conjB])).toEqual([]);
  });
  it('gemmC64 matches a float64 reference within float32 rounding', () => {
    expect(check(gemmC64, (l) => new Float32Array(l), 4e-6, false, [conjA, conjB])).toEqual([]);
  });
});

describe('complex gemm accumulate and conventions', () => {
  it('gemmC128 and gemmC64 accumulate into C', () => {
    expect(check(gemmC128, (l) => new Float64Array(l), 1e-14, true, [true, false])).toEqual([]);
    expect(check(gemmC64, (l) => new Float32Array(l), 4e-6, true, [false, true])).toEqual([]);
  });
  it('computes A^H·A from A with transposed strides and conjA (offsets and strides in complex elements)', () => {
    // A = [[1+2i], [3-1i]] (2×1); A^H·A = |1+2i|² + |3-i|² = 15.
    const a = Float64Array.of(99, 99, 1, 2, 3, -1);
    const c = new Float64Array(2);
    gemmC128(1, 1, 2, a, 1, 1, 1, a, 1, 1, 1, c, 0, true);
    expect([...c]).toEqual([15, 0]);
    // A·A^T without conj: (1+2i)(3-i) = 5+5i off the diagonal.
    const d = new Float64Array(8);
    gemmC128(2, 2, 1, a, 1, 1, 1, a, 1, 1, 1, d, 0);
    expect([...d]).toEqual([-3, 4, 5, 5, 5, 5, 8, -6]);
  });
  it('zero-fills C when k = 0', () => {
    const c = Float32Array.of(7, 1, 1, 1, 1, 7);
    gemmC64(1, 2, 0, new Float32Array(0), 0, 0, 1, new Float32Array(0), 0, 2, 1, c, 0);
    expect([...c]).toEqual([0, 0, 0, 0, 1, 7]);
  });
});

describe('gemmI32', () => {
  function referenceI32(m: number, n: number, k: number, a: View<Int32Array>, b: View<Int32Array>): Int32Array {
    const out = new Int32Array(m * n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0n;
        for (let p = 0; p < k; p++) {
          s += BigInt(a.data[a.off + i * a.rs + p * a.cs]) * BigInt(b.data[b.off + p * b.rs + j * b.cs]);
        }
        out[i * n + j] = Number(BigInt.asIntN(32, s));
      }
    }
    return out;
  }
  it('matches exact (BigInt) products modulo 2^32 on small and full-range values', () => {
    const failures: string[] = [];
    const rand = makeRandom(3);
    const fills = [() => Math.floor(rand() * 21) - 10, () => Math.floor(rand() * 4294967296) - 2147483648];
    for (const fill of fills) {
      for (const [m, n, k] of SMALL_SHAPES) {
        for (const la of LAYOUTS) {
          for (const lb of ['row', 'col', 'bcastCols'] as Layout[]) {
            const a = makeView(m, k, la, 1, (l) => new Int32Array(l), fill);
            const b = makeView(k, n, lb, 1, (l) => new Int32Array(l), fill);
            const c = new Int32Array(C_OFF + m * n + 2).fill(SENTINEL);
            gemmI32(m, n, k, a.data, a.off, a.rs, a.cs, b.data, b.off, b.rs, b.cs, c, C_OFF);
            const expected = [SENTINEL, SENTINEL, SENTINEL, ...referenceI32(m, n, k, a, b), SENTINEL, SENTINEL];
            if (c.join() !== expected.join()) failures.push(`${m}×${n}×${k} A:${la} B:${lb}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });
  it('wraps like int32 and accumulates', () => {
    const c = Int32Array.of(1);
    gemmI32(1, 1, 1, Int32Array.of(2 ** 16), 0, 1, 1, Int32Array.of(2 ** 15), 0, 1, 1, c, 0, true);
    expect(c[0]).toBe(-(2 ** 31) + 1);
  });
});
