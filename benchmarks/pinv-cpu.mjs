/**
 * CPU-time comparison of linalg.pinv with numpy.linalg.pinv (one BLAS thread) on the issue #15 shapes, for a loaded
 * machine where the suite's wall-clock medians mostly measure the scheduler. tapegrad: the median of
 * process.cpuUsage() (user + system, all threads of the process, so V8's background GC and compiler threads count too)
 * per call; with --bwd, forward and forward + backward calls alternate in the same rounds, so outside load and
 * background threads hit both alike. (Per-thread time from /proc/thread-self/schedstat is no substitute: it is only
 * updated at scheduler ticks, 4 ms here.) NumPy: the median of time.process_time() per call in a child python3 (same
 * environment as run.mjs' NumPy peer). Measures the BUILT packages.
 *
 *   node benchmarks/pinv-cpu.mjs                       # every shape, 15 rounds each
 *   node benchmarks/pinv-cpu.mjs 2000x50,512x512 30    # chosen shapes and round count
 *   node benchmarks/pinv-cpu.mjs 4096x64 15 --bwd      # with forward + backward
 *   node benchmarks/pinv-cpu.mjs 4096x64 15 --bwd --no-numpy --lib=/path/to/other/tapegrad/dist/index.js
 *                                                      # another build (before/after comparisons)
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';

const flag = (name) => process.argv.find((a) => a === name || a.startsWith(`${name}=`));
const lib = flag('--lib')?.split('=')[1];
const tg = await import(lib ? pathToFileURL(lib).href : 'tapegrad');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const list = args[0] ?? '2000x50,10000x20,4096x64,64x4096,2000x200,512x512,256x256,200x32x32,1000x8x8';
const reps = Number(args[1] ?? 15);
const bwd = flag('--bwd') !== undefined;
const shapes = list.split(',').map((s) => s.split('x').map(Number));

let seed = 1;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648 - 0.5;
};

/** CPU time of the process in ms (user + system, all threads). */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3;
};
const timed = (fn) => {
  const t0 = cpuMs();
  fn();
  return cpuMs() - t0;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const py = `
import sys, time
import numpy as np
rng = np.random.default_rng(0)
for s in sys.argv[1].split(','):
    a = rng.standard_normal(tuple(int(x) for x in s.split('x')))
    for _ in range(3): np.linalg.pinv(a)
    ts = []
    for _ in range(int(sys.argv[2])):
        t = time.process_time(); np.linalg.pinv(a); ts.append(time.process_time() - t)
    ts.sort()
    print(ts[len(ts) // 2] * 1e3)
`;
let numpy = [];
if (flag('--no-numpy') === undefined) {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const child = spawnSync('python3', ['-c', py, list, String(reps)], { env, encoding: 'utf8' });
  if (child.status === 0) numpy = child.stdout.trim().split('\n').map(Number);
  else console.error(`NumPy column empty: ${child.stderr || child.error}`);
}

const cases = shapes.map((shape) => {
  const size = shape.reduce((a, b) => a * b, 1);
  const A = tg.tensor(new Float64Array(size).map(rnd), { shape, dtype: 'float64' });
  const gShape = [...shape.slice(0, -2), shape[shape.length - 1], shape[shape.length - 2]];
  const G = tg.tensor(new Float64Array(size).map(rnd), { shape: gShape, dtype: 'float64' });
  const Ag = A.detach().requiresGrad_();
  const fwd = () => tg.linalg.pinv(A);
  const both = () => {
    Ag.grad = null;
    tg.linalg.pinv(Ag).backward(G);
  };
  return { shape, fwd, both };
});
// Warm-up over every shape first, so no row pays the JIT alone.
for (const c of cases) {
  for (let i = 0; i < 3; i++) {
    c.fwd();
    if (bwd) c.both();
  }
}

console.log(
  `${lib ? `${lib}; ` : ''}load average ${loadavg()[0].toFixed(1)}; median CPU time per call, ${reps} rounds\n`,
);
console.log(`| shape | tapegrad fwd | NumPy | ratio |${bwd ? ' tapegrad fwd+bwd | fwd+bwd / fwd |' : ''}`);
console.log(`| --- | --- | --- | --- |${bwd ? ' --- | --- |' : ''}`);
cases.forEach(({ shape, fwd, both }, i) => {
  const tf = [];
  const tb = [];
  for (let r = 0; r < reps; r++) {
    tf.push(timed(fwd));
    if (bwd) tb.push(timed(both));
  }
  const f = median(tf);
  const np = numpy[i];
  let row = `| ${shape.join('×')} | ${f.toFixed(2)} ms | ${np ? `${np.toFixed(2)} ms` : ''} | ${np ? `${(f / np).toFixed(2)}×` : ''} |`;
  if (bwd) {
    const fb = median(tb);
    row += ` ${fb.toFixed(2)} ms | ${(fb / f).toFixed(2)}× |`;
  }
  console.log(row);
});
