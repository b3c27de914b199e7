/**
 * Thread scaling (issue #15, docs/semantics.md §4.2): wall-clock time of batched and large workloads with one thread
 * and with `setNumThreads(n)` (default: all logical cores), in one process. Rounds alternate 1 thread and n threads
 * (the pool is started and stopped between them, then warmed up by a few untimed calls), so load from other processes hits both sides alike; the
 * table shows per side the median and the minimum over all calls, and speedup = 1-thread / n-thread time for each.
 * Also checks that both sides return bit-identical results. Measures the BUILT packages.
 *
 * On a shared, loaded machine wall time mostly measures the scheduler, so where Linux exposes
 * /proc/self/task/<tid>/schedstat (nanoseconds each thread actually ran) the table also shows the CPU critical path:
 * per round, the largest run time of any thread of the process, per call — what the wall time would be with a free
 * core per thread (dispatch latency aside) — and its speedup.
 *
 *   node benchmarks/threads.mjs                  # every workload, all cores, 5 rounds
 *   node benchmarks/threads.mjs 2 8 pinv         # 2 threads, 8 rounds, only workloads whose id contains "pinv"
 *   node benchmarks/threads.mjs --json           # run.mjs' probe rows (the two SPEC §4.2 workloads, 3 rounds)
 *
 * SPEC §4.2 target: ≥ 1.6× on 2 cores for pinv 512×512 and pinv batch 1000×8×8 (checked on the wall-clock median).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import * as tg from 'tapegrad';
import { randTensor } from './common.mjs';

const json = process.argv.includes('--json');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const threads = Number(args[0] ?? availableParallelism());
const rounds = Number(args[1] ?? (json ? 3 : 5));
const only = args[2] ?? '';
/** The workloads with a SPEC §4.2 scaling target. */
const TARGETED = ['pinv 512×512', 'pinv batch 1000×8×8'];

/** Workloads: id, the call (returning tensors to compare), and calls per round. */
const workloads = [
  ['pinv 512×512', () => [tg.linalg.pinv(A512)], 2],
  ['pinv batch 1000×8×8', () => [tg.linalg.pinv(B8)], 10],
  ['pinv batch 200×32×32', () => [tg.linalg.pinv(B32)], 5],
  ['pinv 2000×200', () => [tg.linalg.pinv(T2000)], 2],
  ['svd batch 1000×8×8', () => Object.values(tg.linalg.svd(B8)), 10],
  ['matmul 512×512 float64', () => [tg.matmul(A512, A512b)], 5],
  ['matmul 1024×1024 float64', () => [tg.matmul(A1024, A1024b)], 2],
].filter(([id]) => id.includes(only) && (!json || TARGETED.includes(id)));

const A512 = randTensor([512, 512], 1);
const A512b = randTensor([512, 512], 2);
const A1024 = randTensor([1024, 1024], 3);
const A1024b = randTensor([1024, 1024], 4);
const B8 = randTensor([1000, 8, 8], 5);
const B32 = randTensor([200, 32, 32], 6);
const T2000 = randTensor([2000, 200], 7);

const bits = (ts) => ts.map((t) => Buffer.from(Float64Array.from(t.toTypedArray()).buffer));
const same = (a, b) => a.length === b.length && a.every((x, i) => x.equals(b[i]));

/** Nanoseconds each thread of this process has run (tid → ns), or null without schedstat. */
function runTimes() {
  try {
    const out = new Map();
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        out.set(tid, Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]));
      } catch {}
    }
    return out.size > 0 ? out : null;
  } catch {
    return null;
  }
}

/** Times `count` calls into `into` (ms each); returns the CPU critical path per call (ms) or null. */
function timeCalls(fn, count, into) {
  const before = runTimes();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    fn();
    into.push(performance.now() - t0);
  }
  const after = runTimes();
  if (before === null || after === null) return null;
  let max = 0;
  for (const [tid, ns] of after) max = Math.max(max, ns - (before.get(tid) ?? 0));
  return max / 1e6 / count;
}

/** Untimed calls after each start of the pool. */
const WARMUP = 4;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const min = (xs) => Math.min(...xs);

console.error(`threads.mjs: 1 vs ${threads} threads, ${rounds} rounds`);
if (threads < 2) console.error('threads.mjs: one logical core, nothing to compare (pass a thread count)');
const rows = [];
for (const [id, fn, perRound] of workloads) {
  tg.setNumThreads(1);
  const serial = bits(fn());
  fn();
  tg.setNumThreads(threads);
  const used = tg.getNumThreads();
  const split = bits(fn());
  fn();
  const one = [];
  const many = [];
  const cpuOne = [];
  const cpuMany = [];
  for (let r = 0; r < rounds; r++) {
    tg.setNumThreads(1);
    cpuOne.push(timeCalls(fn, perRound, one));
    tg.setNumThreads(threads);
    // New workers start cold (the kernels' module is loaded and JIT-compiled in each): warm them up untimed.
    for (let i = 0; i < WARMUP; i++) fn();
    cpuMany.push(timeCalls(fn, perRound, many));
  }
  tg.setNumThreads(1);
  const row = {
    id,
    threads: used,
    one: { median: median(one), min: min(one) },
    many: { median: median(many), min: min(many) },
    identical: same(serial, split),
    cpu: cpuOne.includes(null) ? null : { one: median(cpuOne), many: median(cpuMany) },
  };
  rows.push(row);
  console.error(`  ${id}: ${row.one.median.toFixed(2)} → ${row.many.median.toFixed(2)} ms`);
}

const f = (x) => x.toFixed(x < 10 ? 2 : 1);
if (json) {
  const out = rows.map((r) => {
    const speedup = r.one.median / r.many.median;
    const cpu = r.cpu ? `, CPU critical path ${(r.cpu.one / r.cpu.many).toFixed(2)}×` : '';
    return {
      id: `threads ${r.id}`,
      workload: `${r.id}: 1 → ${r.threads} threads`,
      value: `${speedup.toFixed(2)}× (${f(r.one.median)} → ${f(r.many.median)} ms${cpu}; load ${loadavg()[0].toFixed(1)})${r.identical ? '' : ' NOT bit-identical'}`,
      target: `≥ 1.6× on ${threads} threads`,
      pass: speedup >= 1.6 && r.identical,
    };
  });
  console.log(JSON.stringify({ rows: out }));
  process.exit(0);
}
console.log(
  `Node ${process.version}, ${availableParallelism()} logical cores, load average ${loadavg()[0].toFixed(1)}; wall-clock ms per call, ${rounds} alternating rounds\n`,
);
console.log(
  `| workload (float64) | 1 thread median (min) | ${threads} threads median (min) | speedup median (min) | CPU critical path 1 → ${threads} | its speedup | bit-identical |`,
);
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.id} | ${f(r.one.median)} (${f(r.one.min)}) | ${f(r.many.median)} (${f(r.many.min)})${r.threads === threads ? '' : ` [${r.threads} used]`} | ${(r.one.median / r.many.median).toFixed(2)}× (${(r.one.min / r.many.min).toFixed(2)}×) | ${r.cpu ? `${f(r.cpu.one)} → ${f(r.cpu.many)}` : '—'} | ${r.cpu ? `${(r.cpu.one / r.cpu.many).toFixed(2)}×` : '—'} | ${r.identical ? 'yes' : 'NO'} |`,
  );
}
