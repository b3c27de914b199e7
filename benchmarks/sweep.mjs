/**
 * Linear-algebra shape sweep against NumPy (LAPACK/OpenBLAS, one thread): every linalg op a user ports from NumPy,
 * on many shapes — tall, wide, square, near-square, batches of small matrices — not only the benchmark suite's rows.
 * The bar (docs/semantics.md §4.2) is ≤ 2× NumPy on one thread; ratios above it are marked.
 * Both sides get the same input bytes (seeded Gaussian; symmetric positive definite M·Mᵀ/n + I for eigh/cholesky), and each
 * result is checked against NumPy's (the comparable part: singular values / eigenvalues, |R| for qr) before timing.
 * NumPy runs once in a child python3 (benchmarks/numpy_sweep.py) with OPENBLAS/OMP/MKL_NUM_THREADS=1.
 *
 *   node benchmarks/sweep.mjs                 # every case, wall-clock medians (~2 min)
 *   node benchmarks/sweep.mjs --only eigh     # cases whose label contains "eigh"
 *   node benchmarks/sweep.mjs --cpu           # CPU time (process.cpuUsage / time.process_time): for a loaded machine
 *
 * Prints a Markdown table and writes benchmarks/results/sweep.json. Measures the BUILT packages (`pnpm build`).
 * tapegrad runs on one thread (its default); a multi-threaded comparison is threads.mjs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tg from 'tapegrad';
import { flat, randnArray, relDiff } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const clock = args.includes('--cpu') ? 'cpu' : 'wall';
const maxTime = args.includes('--max-time') ? Number(args[args.indexOf('--max-time') + 1]) : 0.5;
const minSamples = 5;
const BAR = 2;

const L = tg.linalg;
/** op → [the timed tapegrad call, the values compared with NumPy's, relative tolerance]. */
const OPS = {
  pinv: [(a) => L.pinv(a), (r) => r, 1e-8],
  svd: [(a) => L.svd(a, { fullMatrices: false }), (r) => r.S, 1e-10],
  svdvals: [(a) => L.svdvals(a), (r) => r, 1e-10],
  eigh: [(a) => L.eigh(a), (r) => r.eigenvalues, 1e-10],
  eigvalsh: [(a) => L.eigvalsh(a), (r) => r, 1e-10],
  inv: [(a) => L.inv(a), (r) => r, 1e-8],
  det: [(a) => L.det(a), (r) => r, 1e-8],
  slogdet: [(a) => L.slogdet(a), (r) => r.logabsdet, 1e-10],
  solve: [(a, b) => L.solve(a, b), (r) => r, 1e-8],
  cholesky: [(a) => L.cholesky(a), (r) => r, 1e-10],
  qr: [(a) => L.qr(a), (r) => tg.abs(r.R), 1e-8],
  lstsq: [(a, b) => L.lstsq(a, b), (r) => r.solution, 1e-8],
  matmul: [(a, b) => tg.matmul(a, b), (r) => r, 1e-12],
};

/** Inputs that must be symmetric positive definite. */
const SPD = new Set(['eigh', 'eigvalsh', 'cholesky']);

/**
 * The cases, per op: shapes of A as `m×n` or `batch×m×n`. B is one right-hand side for solve/lstsq and a square
 * `n×n` (batched alike) for matmul.
 */
const GRID = {
  pinv: `4096×64 10000×20 2000×50 1000×100 2000×200 3000×300 1000×700 600×500 500×400 400×500 200×2000 100×4096
         20×10000 32×32 64×64 128×128 256×256 300×300 512×512 768×768
         100×16×16 50×64×64 10×128×128 5000×4×4 1000×8×8 200×32×32 100×20×10 2000×2×2`,
  svd: '512×512 128×128 2000×200 200×2000 600×500 1000×8×8',
  svdvals: '512×512 2000×200',
  eigh: '128×128 256×256 512×512 1000×8×8 100×32×32',
  eigvalsh: '256×256 512×512',
  inv: '64×64 256×256 512×512 1000×8×8 200×32×32',
  det: '128×128 1000×8×8', // a 256² Gaussian's det is ~1e250: its square would overflow the relative difference
  slogdet: '512×512',
  solve: '256×256 512×512 1000×8×8',
  cholesky: '256×256 512×512 1000×8×8',
  qr: '2000×200 512×512 4096×64 1000×8×8',
  lstsq: '2000×50 4096×64 1000×100',
  matmul: '256×256 512×512 1024×1024 1000×8×8 1000×64×64 100×128×128 4096×64',
};

function bShape(op, shape) {
  if (op === 'solve' || op === 'lstsq') return [...shape.slice(0, -1), 1];
  if (op === 'matmul') return [...shape.slice(0, -2), shape.at(-1), shape.at(-1)];
  return null;
}

const CASES = Object.entries(GRID).flatMap(([op, list]) =>
  list
    .trim()
    .split(/\s+/)
    .map((dims) => {
      const shape = dims.split('×').map(Number);
      return { op, shape, b: bShape(op, shape), label: `${op} ${dims}` };
    }),
);

/** Seeded input of `shape`; for SPD ops M·Mᵀ/n + I per matrix. */
function input(op, shape, seed) {
  const size = shape.reduce((x, y) => x * y, 1);
  const data = randnArray(size, seed);
  if (!SPD.has(op)) return data;
  const n = shape.at(-1);
  const out = new Float64Array(size);
  for (let off = 0; off < size; off += n * n) {
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += data[off + i * n + k] * data[off + j * n + k];
        const v = s / n + (i === j ? 1 : 0);
        out[off + i * n + j] = v;
        out[off + j * n + i] = v;
      }
  }
  return out;
}

function numpyEnv() {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

/** Median time (ms) of `fn`: repeated until `maxTime` seconds and `minSamples` samples, on the chosen clock. */
function time(fn) {
  const now =
    clock === 'cpu'
      ? () => {
          const u = process.cpuUsage();
          return (u.user + u.system) / 1e3;
        }
      : () => performance.now();
  const samples = [];
  const start = performance.now();
  while (samples.length < minSamples || performance.now() - start < maxTime * 1e3) {
    const t0 = now();
    fn();
    samples.push(now() - t0);
    if (samples.length >= 10000) break;
  }
  samples.sort((x, y) => x - y);
  const mid = samples.length >> 1;
  return samples.length % 2 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2;
}

const cases = CASES.filter((c) => !only || c.label.includes(only));
const dir = mkdtempSync(join(os.tmpdir(), 'tapegrad-sweep-'));
const rows = [];
try {
  const tensors = cases.map((c, i) => {
    const a = input(c.op, c.shape, 7000 + i);
    writeFileSync(join(dir, `a${i}.f64`), Buffer.from(a.buffer));
    const t = { a: tg.tensor(a, { shape: c.shape, dtype: 'float64' }), b: undefined };
    if (c.b) {
      const b = randnArray(
        c.b.reduce((x, y) => x * y, 1),
        9000 + i,
      );
      writeFileSync(join(dir, `b${i}.f64`), Buffer.from(b.buffer));
      t.b = tg.tensor(b, { shape: c.b, dtype: 'float64' });
    }
    return t;
  });
  let numpy = null;
  try {
    const manifest = join(dir, 'manifest.json');
    writeFileSync(manifest, JSON.stringify({ dir, maxTime, minSamples, clock, cases }));
    process.stderr.write(`NumPy: ${cases.length} cases (child python3, one thread)…\n`);
    const line = execFileSync('python3', [join(here, 'numpy_sweep.py'), manifest], {
      env: numpyEnv(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    numpy = JSON.parse(line.trim().split('\n').pop());
  } catch (error) {
    process.stderr.write(`NumPy not available (${error.message.split('\n')[0]}): tapegrad column only\n`);
  }
  cases.forEach((c, i) => {
    const [call, values, tol] = OPS[c.op];
    const { a, b } = tensors[i];
    const row = { label: c.label, numpy: numpy?.medians[i] ?? null };
    try {
      const ours = flat(values(call(a, b)));
      if (numpy) {
        const bytes = readFileSync(join(dir, `r${i}.f64`));
        const theirs = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
        row.relDiff = relDiff(ours, Array.from(theirs));
        if (!(row.relDiff <= tol)) throw new Error(`differs from NumPy: relative difference ${row.relDiff} > ${tol}`);
      }
      row.tapegrad = time(() => call(a, b));
      if (row.numpy !== null) row.ratio = row.tapegrad / row.numpy;
    } catch (error) {
      row.error = error.message;
    }
    rows.push(row);
    const ratio = row.ratio === undefined ? '' : ` ${row.ratio.toFixed(2)}×`;
    process.stderr.write(`  ${c.label}: ${row.error ?? `${row.tapegrad?.toFixed(3)} ms${ratio}`}\n`);
  });
  const ms = (x) => (x === null || x === undefined ? '' : x >= 1 ? `${x.toFixed(2)} ms` : `${(x * 1e3).toFixed(0)} µs`);
  const machine = `${os.cpus()[0]?.model ?? 'unknown'} · ${os.cpus().length} cores · Node ${process.version} · NumPy ${numpy?.numpy ?? 'absent'} · ${clock} clock · load ${os.loadavg()[0].toFixed(1)}`;
  console.log(`\n${machine}\n`);
  console.log(`| case (float64) | NumPy 1 thread | tapegrad | ratio | ≤ ${BAR}×? |`);
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    const verdict = r.error ? `error: ${r.error}` : r.ratio === undefined ? '' : r.ratio <= BAR ? 'yes' : '**NO**';
    const ratio = r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`;
    console.log(`| ${r.label} | ${ms(r.numpy)} | ${ms(r.tapegrad)} | ${ratio} | ${verdict} |`);
  }
  const over = rows.filter((r) => r.ratio > BAR);
  console.log(
    `\n${rows.length} cases; ${over.length} above ${BAR}× NumPy${over.length ? `: ${over.map((r) => r.label).join(', ')}` : ''}`,
  );
  if (!only) {
    mkdirSync(join(here, 'results'), { recursive: true });
    const json = { machine, clock, date: new Date().toISOString(), numpy: numpy?.numpy ?? null, rows };
    writeFileSync(join(here, 'results', 'sweep.json'), `${JSON.stringify(json, null, 2)}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
