import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { DtypeError, LinalgError, TapegradError } from '../errors';
import { gemmF32, gemmF64 } from '../kernels/gemm';
import {
  getNumThreads,
  maxThreads,
  parallelParts,
  poolStats,
  runParallel,
  setNumThreads,
  type WorkerModule,
} from './pool';

afterEach(() => setNumThreads(1));

/** A deterministic pseudo-random fill in [-1, 1). */
function filled(length: number, seed: number): Float64Array {
  const out = new Float64Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

describe('setNumThreads / getNumThreads', () => {
  it('defaults to 1 and reports the threads in use', () => {
    expect(getNumThreads()).toBe(1);
    setNumThreads(2);
    expect(getNumThreads()).toBe(2);
    setNumThreads(3);
    expect(getNumThreads()).toBe(3);
    setNumThreads(1);
    expect(getNumThreads()).toBe(1);
  });

  it('refuses anything but an integer from 1 to the cap, naming the op, the range and the value', () => {
    const max = maxThreads();
    expect(max).toBeGreaterThanOrEqual(4);
    expect(max).toBeLessThanOrEqual(64);
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, max + 1, 1e9, '2', null, undefined, 2n]) {
      expect(() => setNumThreads(bad as number)).toThrow(DtypeError);
      expect(() => setNumThreads(bad as number)).toThrow(
        /^setNumThreads: expected an integer number of threads from 1 to \d+ .*got /,
      );
    }
    expect(getNumThreads()).toBe(1);
  });
});

describe('split float products', () => {
  // Shapes large enough to be split; transposed and strided operands; overwrite and accumulate.
  const cases: [number, number, number, boolean, boolean][] = [
    [320, 300, 200, false, false],
    [257, 190, 301, true, false],
    [200, 256, 256, false, true],
    // Few rows: split by columns (Cᵀ = Bᵀ·Aᵀ by rows).
    [32, 512, 300, false, false],
    [24, 400, 600, true, true],
  ];
  for (const [m, n, k, transposeA, accumulate] of cases) {
    it(`${m}×${k} by ${k}×${n}${transposeA ? ' (Aᵀ view)' : ''}${accumulate ? ' accumulated' : ''} is bit-identical with 2 threads`, () => {
      const a = filled(m * k, 1);
      const b = filled(k * n, 2);
      const c0 = filled(m * n, 3);
      const [aRs, aCs] = transposeA ? [1, m] : [k, 1];
      const run = () => {
        const c = c0.slice();
        gemmF64(m, n, k, a, 0, aRs, aCs, b, 0, n, 1, c, 0, accumulate);
        return c;
      };
      const serial = run();
      setNumThreads(2);
      const before = poolStats().dispatched;
      const split = run();
      expect(poolStats().dispatched).toBeGreaterThan(before);
      expect(Buffer.from(split.buffer).equals(Buffer.from(serial.buffer))).toBe(true);
      // And it is the product: one entry against a direct sum.
      let ref = accumulate ? c0[n + 1] : 0;
      for (let p = 0; p < k; p++) ref += a[aRs + p * aCs] * b[p * n + 1];
      expect(Math.abs(split[n + 1] - ref)).toBeLessThan(1e-12 * k);
    });
  }

  it('float32 products (rows and columns split, overwrite and accumulate, float32 kernels) are bit-identical with 2 threads', () => {
    for (const [m, n, k, accumulate] of [
      [300, 260, 180, false],
      [256, 300, 200, true],
      [24, 512, 700, true],
    ] as const) {
      const a = Float32Array.from(filled(m * k, 6));
      const b = Float32Array.from(filled(k * n, 7));
      const c0 = Float32Array.from(filled(m * n, 8));
      const run = () => {
        const c = c0.slice();
        gemmF32(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, accumulate);
        return c;
      };
      const serial = run();
      setNumThreads(2);
      const before = poolStats().dispatched;
      const split = run();
      expect(poolStats().dispatched).toBeGreaterThan(before);
      expect(Buffer.from(split.buffer).equals(Buffer.from(serial.buffer))).toBe(true);
      // The product in float32 arithmetic (sgemm): one entry against a float64 sum, within γ_(k+1)·Σ|terms|.
      let ref = accumulate ? c0[n + 1] : 0;
      let size = Math.abs(ref);
      for (let p = 0; p < k; p++) {
        ref += a[k + p] * b[p * n + 1];
        size += Math.abs(a[k + p] * b[p * n + 1]);
      }
      expect(Math.abs(split[n + 1] - ref)).toBeLessThanOrEqual((k + 2) * 2 ** -24 * size);
      setNumThreads(1);
    }
  });

  it('runs small products on the calling thread', () => {
    setNumThreads(2);
    const before = poolStats().dispatched;
    const c = new Float64Array(64 * 64);
    gemmF64(64, 64, 64, filled(64 * 64, 4), 0, 64, 1, filled(64 * 64, 5), 0, 64, 1, c, 0);
    expect(poolStats().dispatched).toBe(before);
  });
});

describe('worker failures', () => {
  it('refuses to run a module the workers were not started with', () => {
    setNumThreads(2);
    const other: WorkerModule = { name: 'never-loaded', code: 'var __n = {};', global: '__n' };
    expect(() => runParallel('test.op', other, [{ fn: 'x', args: [] }], () => {}, 1e7)).toThrow(
      /^test\.op: expected an idle pool with 1 workers running module never-loaded/,
    );
  });

  const module: WorkerModule = {
    name: 'pool-test',
    global: '__poolTest',
    code: `var __poolTest = {
      fill(x, v) { x.fill(v); return 7; },
      linalg() { const e = new Error('linalg.test: expected convergence, got none'); e.name = 'LinalgError'; throw e; },
      type() { throw new TypeError('x is not a function'); },
      spin() { for (;;) {} },
    };`,
  };

  /** Starts 2 threads whose workers can run `module`. */
  const start = () => {
    setNumThreads(2);
    expect(parallelParts(1e9, 8, module)).toBe(2);
  };

  it('runs a task on a worker, sharing memory, and returns its result', () => {
    start();
    const x = new Float64Array(new SharedArrayBuffer(8 * 4));
    let local = false;
    const results = runParallel('test.op', module, [{ fn: 'fill', args: [x, 2.5] }], () => (local = true), 1e7);
    expect(results).toEqual([7]);
    expect(local).toBe(true);
    expect([...x]).toEqual([2.5, 2.5, 2.5, 2.5]);
  });

  it('rethrows a tapegrad error of a worker as the same class and message', () => {
    start();
    expect(() => runParallel('test.op', module, [{ fn: 'linalg', args: [] }], () => {}, 1e7)).toThrow(LinalgError);
    expect(() => runParallel('test.op', module, [{ fn: 'linalg', args: [] }], () => {}, 1e7)).toThrow(
      'linalg.test: expected convergence, got none',
    );
    // Any other error becomes a TapegradError naming the op; the pool keeps working.
    expect(() => runParallel('test.op', module, [{ fn: 'type', args: [] }], () => {}, 1e7)).toThrow(
      /^test\.op: a worker thread failed: TypeError: x is not a function$/,
    );
    expect(() => runParallel('test.op', module, [{ fn: 'missing', args: [] }], () => {}, 1e7)).toThrow(TapegradError);
    expect(runParallel('test.op', module, [{ fn: 'fill', args: [new Float64Array(1), 1] }], () => {}, 1e7)).toEqual([
      7,
    ]);
  });

  it('turns a worker that never answers into an error after the time limit, and stops the pool', () => {
    start();
    const t0 = Date.now();
    expect(() => runParallel('test.op', module, [{ fn: 'spin', args: [] }], () => {}, 1e7, 300)).toThrow(
      /^test\.op: expected worker thread 1 to finish within 1 s, got no answer/,
    );
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(getNumThreads()).toBe(1);
  });
});

describe('process lifetime', () => {
  it('a process that starts the pool and uses it exits by itself', async () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
    const dir = mkdtempSync(join(tmpdir(), 'tapegrad-pool-'));
    try {
      const entry = join(dir, 'entry.ts');
      writeFileSync(
        entry,
        `import { setNumThreads, getNumThreads } from '@tapegrad/core';
import { gemmF64 } from '@tapegrad/core/internal';
setNumThreads(2);
const n = 256;
const a = new Float64Array(n * n).fill(1);
const c = new Float64Array(n * n);
gemmF64(n, n, n, a, 0, n, 1, a, 0, n, 1, c, 0);
console.log(getNumThreads(), c[0], c[n * n - 1]);
`,
      );
      const out = join(dir, 'bundle.cjs');
      await build({
        entryPoints: [entry],
        bundle: true,
        outfile: out,
        platform: 'node',
        format: 'cjs',
        conditions: ['@tapegrad/source'],
        nodePaths: [join(root, 'node_modules')],
        absWorkingDir: root,
        logLevel: 'silent',
      });
      const t0 = Date.now();
      const run = spawnSync(process.execPath, [out], { encoding: 'utf8', timeout: 20_000 });
      expect(run.error).toBeUndefined();
      expect(run.status).toBe(0);
      expect(run.stdout.trim()).toBe('2 256 256');
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
