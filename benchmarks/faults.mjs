/**
 * Per-call wall time and minor page faults of one repeated call (the bimodal timings of large outputs): a call
 * returning a fresh buffer of ≳ 128 KB is fast when glibc hands out memory it still holds and slow when it first
 * touches pages just taken from the OS. Compare with glibc's trim disabled, e.g.
 *
 *   node benchmarks/faults.mjs pinv 10000x20
 *   MALLOC_TOP_PAD_=67108864 node benchmarks/faults.mjs matmul 512x512
 *
 * ops: pinv (linalg.pinv(A)) and matmul (A·A for a square or batched square A). Measures the BUILT packages.
 */
import * as tg from 'tapegrad';
import { randTensor } from './common.mjs';

const [op = 'pinv', dims = '10000x20', calls = '300'] = process.argv.slice(2);
const shape = dims.split('x').map(Number);
const A = randTensor(shape, 5);
const run = op === 'pinv' ? () => tg.linalg.pinv(A) : () => tg.matmul(A, A);
for (let i = 0; i < 20; i++) run();
const n = Number(calls);
const times = [];
let faults = 0;
for (let i = 0; i < n; i++) {
  const f0 = process.resourceUsage().minorPageFault;
  const t0 = performance.now();
  run();
  times.push(performance.now() - t0);
  faults += process.resourceUsage().minorPageFault - f0;
}
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(n - 1, Math.floor(q * n))].toFixed(2);
const env = process.env.MALLOC_TOP_PAD_ ? `MALLOC_TOP_PAD_=${process.env.MALLOC_TOP_PAD_}` : 'default malloc settings';
console.log(
  `${op} ${dims} (${env}): p10 ${at(0.1)} ms, median ${at(0.5)} ms, p90 ${at(0.9)} ms; ${(faults / n).toFixed(0)} minor page faults per call`,
);
