/**
 * CPU-time comparison of linalg.pinv with numpy.linalg.pinv (one BLAS thread) on the issue #15 shapes, for a loaded
 * machine where the suite's wall-clock medians mostly measure the scheduler: tapegrad's median of process.cpuUsage()
 * around each call (forward, and forward + backward with --bwd), NumPy's median of time.process_time() around each
 * call in a child python3 (same environment as run.mjs' NumPy peer). Measures the BUILT packages.
 *
 *   node benchmarks/pinv-cpu.mjs                       # every shape, 15 calls each
 *   node benchmarks/pinv-cpu.mjs 2000x50,512x512 30    # chosen shapes and call count
 *   node benchmarks/pinv-cpu.mjs 4096x64 15 --bwd      # with forward + backward
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import * as tg from 'tapegrad';
import { medianCpuMs } from './common.mjs';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const list = args[0] ?? '2000x50,10000x20,4096x64,64x4096,2000x200,512x512,256x256,200x32x32,1000x8x8';
const reps = Number(args[1] ?? 15);
const bwd = process.argv.includes('--bwd');
const shapes = list.split(',').map((s) => s.split('x').map(Number));

let seed = 1;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648 - 0.5;
};
const median = (fn) => medianCpuMs(fn, 3, reps);

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
const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
delete env.OPENBLAS_CORETYPE;
delete env.OPENBLAS_L2_SIZE;
const child = spawnSync('python3', ['-c', py, list, String(reps)], { env, encoding: 'utf8' });
const numpy = child.status === 0 ? child.stdout.trim().split('\n').map(Number) : [];
if (child.status !== 0) console.error(`NumPy column empty: ${child.stderr || child.error}`);

console.log(`load average ${loadavg()[0].toFixed(1)}; median CPU time per call, ${reps} calls\n`);
console.log(`| shape | tapegrad fwd | NumPy | ratio |${bwd ? ' tapegrad fwd+bwd | fwd+bwd / fwd |' : ''}`);
console.log(`| --- | --- | --- | --- |${bwd ? ' --- | --- |' : ''}`);
const inputs = shapes.map((shape) => {
  const A = tg.tensor(new Float64Array(shape.reduce((a, b) => a * b, 1)).map(rnd), { shape, dtype: 'float64' });
  for (let i = 0; i < 3; i++) tg.linalg.pinv(A); // warm-up over every shape first, so no row pays the JIT alone
  return A;
});
shapes.forEach((shape, i) => {
  const size = shape.reduce((a, b) => a * b, 1);
  const A = inputs[i];
  const f = median(() => tg.linalg.pinv(A));
  const np = numpy[i];
  let row = `| ${shape.join('×')} | ${f.toFixed(2)} ms | ${np ? `${np.toFixed(2)} ms` : ''} | ${np ? `${(f / np).toFixed(2)}×` : ''} |`;
  if (bwd) {
    const gShape = [...shape.slice(0, -2), shape[shape.length - 1], shape[shape.length - 2]];
    const G = tg.tensor(new Float64Array(size).map(rnd), { shape: gShape, dtype: 'float64' });
    A.requiresGrad_();
    const fb = median(() => {
      A.grad = null;
      tg.linalg.pinv(A).backward(G);
    });
    row += ` ${fb.toFixed(2)} ms | ${(fb / f).toFixed(2)}× |`;
  }
  console.log(row);
});
