/**
 * Large float products over the threads of setNumThreads: C is split into row panels (multiples of PANEL rows); the
 * calling thread computes the first panel in place, and each other panel's rows of A — with all of B, and the old C
 * rows when accumulating — are copied into SharedArrayBuffer scratch and computed by a pool worker with the same
 * algorithm as the whole product (./gemm-panel.ts), then copied back. Bit-identical to the unsplit product. Float32
 * operands are copied into float32 views of the scratch and computed with the float32 kernels, as the unsplit
 * product.
 */
import { parallelParts, registerWorkerModule, runParallel, sharedFloat64, type WorkerModule } from '../threads/pool';
import { CORE_WORKER_CODE, CORE_WORKER_GLOBAL } from '../threads/worker-code.generated';
import type { GemmPath } from './gemm-path';
import { F32, F64, runRealPath } from './gemm-path';
import type { RealArray } from './gemm-scratch';

const CORE_WORKER: WorkerModule = { name: 'core', code: CORE_WORKER_CODE, global: CORE_WORKER_GLOBAL };
registerWorkerModule(CORE_WORKER);

/** Panel heights are multiples of this (whole micro-tiles and cache blocks). */
const PANEL = 32;
/**
 * Smallest product (flops, 2·m·n·k) worth splitting: below about 1 ms of work the copies of B and the wake-ups
 * (tens of microseconds) eat the gain.
 */
const MIN_SPLIT_FLOPS = 2 * 160 * 160 * 160;

/**
 * Computes the product split over the pool and returns true, or returns false (nothing done) when it is too small, the
 * pool is off or busy, or C has fewer than two panels of rows or columns. Operands as `gemmF64`, already checked. A
 * product with few rows (as the m = 32 block updates of the decompositions) is split by columns: Cᵀ = Bᵀ·Aᵀ by rows into
 * a transposed scratch — the same products summed in the same order per element (the kernels accumulate each element
 * over the depth in sequence, and a·b = b·a exactly), so still bit-identical.
 */
export function splitGemm(
  path: GemmPath | 'wasm',
  m: number,
  n: number,
  k: number,
  a: RealArray,
  aOff: number,
  aRs: number,
  aCs: number,
  b: RealArray,
  bOff: number,
  bRs: number,
  bCs: number,
  c: RealArray,
  cOff: number,
  accumulate: boolean,
): boolean {
  if (m >= 2 * PANEL || n < 2 * PANEL)
    return splitGemmRows(path, m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, accumulate);
  if (2 * m * n * k < MIN_SPLIT_FLOPS) return false;
  const t = shared('gemm.T', m * n, c instanceof Float32Array);
  if (accumulate) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = c[cOff + i * n + j];
  if (!splitGemmRows(path, n, m, k, b, bOff, bCs, bRs, a, aOff, aCs, aRs, t, 0, accumulate)) return false;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) c[cOff + i * n + j] = t[j * m + i];
  return true;
}

/**
 * The first `length` elements of the pool's shared scratch `name`, as float32 or float64 (the split is not re-entrant:
 * nested products run serially).
 */
function shared(name: string, length: number, f32: boolean): RealArray {
  if (!f32) return sharedFloat64(name, length).subarray(0, length);
  return new Float32Array(sharedFloat64(name, Math.ceil(length / 2)).buffer, 0, length);
}

/** The row split of {@link splitGemm}. */
function splitGemmRows(
  path: GemmPath | 'wasm',
  m: number,
  n: number,
  k: number,
  a: RealArray,
  aOff: number,
  aRs: number,
  aCs: number,
  b: RealArray,
  bOff: number,
  bRs: number,
  bCs: number,
  c: RealArray,
  cOff: number,
  accumulate: boolean,
): boolean {
  const flops = 2 * m * n * k;
  if (flops < MIN_SPLIT_FLOPS) return false;
  const parts = parallelParts(flops, Math.floor(m / PANEL), CORE_WORKER);
  if (parts < 2) return false;
  const bound = (i: number) => (i === parts ? m : PANEL * Math.round((i * m) / parts / PANEL));
  const f32 = c instanceof Float32Array;
  const sharedB = shared('gemm.B', k * n, f32);
  copyMatrix(k, n, b, bOff, bRs, bCs, sharedB);
  const calls = [];
  const panels: RealArray[] = [];
  for (let part = 1; part < parts; part++) {
    const lo = bound(part);
    const rows = bound(part + 1) - lo;
    const sa = shared(`gemm.A.${part}`, rows * k, f32);
    copyMatrix(rows, k, a, aOff + lo * aRs, aRs, aCs, sa);
    const sc = shared(`gemm.C.${part}`, rows * n, f32);
    if (accumulate) sc.set(c.subarray(cOff + lo * n, cOff + (lo + rows) * n));
    panels.push(sc);
    calls.push({ fn: f32 ? 'gemmPanelF32' : 'gemmPanelF64', args: [path, rows, n, k, sa, sharedB, sc, accumulate] });
  }
  const rows0 = bound(1);
  runParallel(
    'matmul',
    CORE_WORKER,
    calls,
    () => runRealPath(f32 ? F32 : F64, path, rows0, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, accumulate),
    flops,
  );
  for (let part = 1; part < parts; part++) c.set(panels[part - 1], cOff + bound(part) * n);
  return true;
}

/** dst (rows×cols, contiguous) = X(i, j) = x[off + i·rs + j·cs]: one bulk copy per row when rows are contiguous. */
function copyMatrix(rows: number, cols: number, x: RealArray, off: number, rs: number, cs: number, dst: RealArray) {
  if (cs === 1) {
    if (rs === cols) dst.set(x.subarray(off, off + rows * cols));
    else for (let i = 0; i < rows; i++) dst.set(x.subarray(off + i * rs, off + i * rs + cols), i * cols);
    return;
  }
  for (let i = 0; i < rows; i++) {
    const src = off + i * rs;
    const d = i * cols;
    for (let j = 0; j < cols; j++) dst[d + j] = x[src + j * cs];
  }
}
