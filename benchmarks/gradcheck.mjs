/**
 * Gradient-check probe of issue #16 (run by run.mjs in child processes, or by itself):
 *   node benchmarks/gradcheck.mjs [--json]
 * 1. Time: autograd.gradcheck of f(x) = Σ tanh(W·x) (W 16×10 000, float64) in full (2·10 000 forward passes) and with
 *    fastMode (2 forward passes, 1 backward); target: fast ≤ 5 % of full. Full is timed once (it takes seconds), fast
 *    is the median of 7 runs.
 * 2. Memory: autograd.gradgradcheck of the same f at 3 000 inputs (its Jacobian, 3 000 × 3 001, is read column by
 *    column); measured in a fresh process as the growth of the peak resident set size (getrusage maxRSS) over the RSS
 *    before the check — an upper bound on the extra memory (it includes garbage not yet collected); target < 300 MB.
 * Each part runs in its own child process so neither sees the other's memory.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tg from 'tapegrad';

const MB = 1024 * 1024;
const part = process.argv.find((a) => a.startsWith('--part='))?.slice('--part='.length);
const json = process.argv.includes('--json');

/** f(x) = Σ tanh(W·x) with a seeded W (16 × n) / √n and x ~ N(0, 1), float64. */
function problem(n) {
  tg.manualSeed(n);
  const W = tg.randn([16, n], { dtype: 'float64' }).div(Math.sqrt(n));
  const x = tg.randn([n], { dtype: 'float64', requiresGrad: true });
  return { fn: (t) => W.matmul(t).tanh().sum(), x };
}

function timePart() {
  const n = 10_000;
  const { fn, x } = problem(n);
  const fastRuns = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    if (!tg.autograd.gradcheck(fn, [x], { fastMode: true })) throw new Error('fast gradcheck failed');
    fastRuns.push(performance.now() - t0);
  }
  fastRuns.sort((a, b) => a - b);
  const t0 = performance.now();
  if (!tg.autograd.gradcheck(fn, [x])) throw new Error('full gradcheck failed');
  const fullMs = performance.now() - t0;
  return { n, fullMs, fastMs: fastRuns[3] };
}

function memoryPart() {
  const n = 3_000;
  const { fn, x } = problem(n);
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const t0 = performance.now();
  if (!tg.autograd.gradgradcheck(fn, [x])) throw new Error('gradgradcheck failed');
  const ms = performance.now() - t0;
  const peak = process.resourceUsage().maxRSS * 1024; // kilobytes
  return { n, ms, rssBeforeMB: before / MB, peakGrowthMB: (peak - before) / MB };
}

if (part === 'time') console.log(JSON.stringify(timePart()));
else if (part === 'memory') console.log(JSON.stringify(memoryPart()));
else {
  const self = fileURLToPath(import.meta.url);
  const child = (name, flags = []) =>
    JSON.parse(execFileSync(process.execPath, [...flags, self, `--part=${name}`], { encoding: 'utf8' }));
  const time = child('time');
  const memory = child('memory', ['--expose-gc']);
  const ratio = time.fastMs / time.fullMs;
  const rows = [
    {
      id: 'gradcheck-fastmode-10000',
      workload: 'gradcheck fastMode vs full, Σ tanh(W·x), 10 000 inputs',
      value: `${(ratio * 100).toFixed(2)} % (fast ${time.fastMs.toFixed(1)} ms, full ${(time.fullMs / 1000).toFixed(1)} s)`,
      target: '≤ 5 %',
      pass: ratio <= 0.05,
      data: time,
    },
    {
      id: 'gradgradcheck-memory-3000',
      workload: 'gradgradcheck memory, Σ tanh(W·x), 3 000 inputs',
      value: `peak RSS +${memory.peakGrowthMB.toFixed(0)} MB (${(memory.ms / 1000).toFixed(1)} s)`,
      target: '< 300 MB',
      pass: memory.peakGrowthMB < 300,
      data: memory,
    },
  ];
  if (json) console.log(JSON.stringify({ rows }));
  else
    for (const r of rows) console.log(`${r.workload}: ${r.value} — target ${r.target}: ${r.pass ? 'met' : 'NOT met'}`);
}
