/**
 * The side-by-side benchmark suite (targets: benchmarks/README.md): tapegrad (built packages) vs numeric.js, ml-matrix, mathjs and
 * TensorFlow.js (pure-JS CPU backend), in one process and one run, plus NumPy (LAPACK, one thread) for the pinv rows
 * when `python3` with numpy is on PATH (benchmarks/numpy_peer.py in a child process per row, same input bytes; its
 * own perf_counter loop with the same budget). Timing is benchmark.js; each cell is the median of its sample array.
 * Every peer's result is validated against tapegrad's once before timing (equal work).
 * Prints a Markdown table and writes benchmarks/results/latest.json; the memory rows come from memory.mjs, run in a
 * child process with --expose-gc.
 *
 *   pnpm bench                       # build, then run everything (~3 min)
 *   node benchmarks/run.mjs --only pinv   # rows whose id contains "pinv"; --no-memory skips the memory probe
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Benchmark from 'benchmark';
import * as math from 'mathjs';
import { Matrix, pseudoInverse, SVD } from 'ml-matrix';
import numeric from 'numeric';
import * as tg from 'tapegrad';
import { CharTransformer, digitsCnn } from '../examples/lib/models.mjs';
import {
  createTapegradMlp,
  createTfjsMlp,
  flat,
  loadTfjs,
  mlpInit,
  numericPinv,
  randnArray,
  randTensor,
  relDiff,
  toRows,
} from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const withMemory = !args.includes('--no-memory');

const PEERS = [
  ['numeric', 'numeric.js'],
  ['ml-matrix', 'ml-matrix'],
  ['mathjs', 'mathjs'],
  ['tfjs', 'tfjs-cpu'],
  ['numpy', 'NumPy 1 thread'],
];

// ---------------------------------------------------------------------------------------------------------------
// NumPy peer: a child python3 per row, one BLAS/LAPACK thread (OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset for it).

function numpyEnv() {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

function detectNumpy() {
  try {
    const code = 'import numpy; print(numpy.__version__)';
    return execFileSync('python3', ['-c', code], { env: numpyEnv(), encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    return null;
  }
}

const numpyVersion = detectNumpy();

/** Times `spec.op` on `spec.input` (Float64Array of `spec.shape`) in NumPy: { median, samples, result }. */
function runNumpy(spec, { maxTime, minSamples }) {
  const dir = mkdtempSync(join(os.tmpdir(), 'tapegrad-bench-'));
  try {
    const input = join(dir, 'in.f64');
    const output = join(dir, 'out.f64');
    writeFileSync(input, Buffer.from(spec.input.buffer, spec.input.byteOffset, spec.input.byteLength));
    const argv = [join(here, 'numpy_peer.py'), spec.op, spec.shape.join(','), input, output, maxTime, minSamples];
    const line = execFileSync('python3', argv.map(String), { env: numpyEnv(), encoding: 'utf8' });
    const { median, samples } = JSON.parse(line.trim().split('\n').pop());
    const bytes = readFileSync(output);
    const result = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    return { median, samples, result };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// benchmark.js budgets: seconds of sampling per cell and the minimum number of samples.
const FAST = { maxTime: 1.5, minSamples: 20 };
const MEDIUM = { maxTime: 2, minSamples: 10 };
const SLOW = { maxTime: 2.5, minSamples: 5 };

const tf = await loadTfjs();

// ---------------------------------------------------------------------------------------------------------------
// Row definitions. prepare() builds the inputs (outside timing) and returns { impls, validate? }: impls maps a
// library to the function that is timed; validate() (default: flatten every result and compare with tapegrad's)
// returns each peer's relative difference, which must stay below `tol`.

/** Inputs for one n×n float64 matrix in each library's own format (conversions stay out of the timed calls). */
function square(n, seed) {
  const data = randnArray(n * n, seed);
  const rows = toRows(data, n, n);
  const t = tg.tensor(data, { shape: [n, n], dtype: 'float64' });
  return { data, t, rows, ml: new Matrix(rows), mj: math.matrix(rows) };
}

function pinvRow(n, { mathjs, timing, targets }) {
  return {
    id: `pinv-${n}`,
    workload: `pinv ${n}×${n} f64`,
    timing,
    tol: 1e-8,
    targets,
    prepare() {
      const A = square(n, n);
      return {
        impls: {
          tapegrad: () => tg.linalg.pinv(A.t),
          numeric: () => numericPinv(numeric, A.rows),
          'ml-matrix': () => pseudoInverse(A.ml),
          ...(mathjs ? { mathjs: () => math.pinv(A.mj) } : {}),
        },
        numpy: { op: 'pinv', shape: [n, n], input: A.data },
      };
    },
  };
}

/**
 * pinv of a seeded Gaussian float64 input of `shape` ((m, n) or a batch (b, m, n)) against NumPy only (the JS peers
 * take seconds on these shapes): the shapes of issue #15 / docs/semantics.md §4.2.
 */
function pinvShapeRow(shape, { timing, targets }) {
  const batch = shape.length === 3;
  return {
    id: `pinv-${shape.join('x')}`,
    workload: `pinv ${batch ? 'batch ' : ''}${shape.join('×')} f64`,
    timing,
    tol: 1e-8,
    targets,
    prepare() {
      const data = randnArray(
        shape.reduce((a, b) => a * b, 1),
        4000 + shape[shape.length - 1],
      );
      const t = tg.tensor(data, { shape, dtype: 'float64' });
      return { impls: { tapegrad: () => tg.linalg.pinv(t) }, numpy: { op: 'pinv', shape, input: data } };
    },
  };
}

/** pinv forward + backward (a seeded upstream gradient) of `shape`; target: ≤ `max`× the forward row `fwdId`. */
function pinvFwdBwdRow(shape, fwdId, max, timing) {
  const size = shape.reduce((a, b) => a * b, 1);
  return {
    id: `pinv-fwdbwd-${shape.join('x')}`,
    workload: `pinv fwd+bwd ${shape.length === 3 ? 'batch ' : ''}${shape.join('×')} f64`,
    timing,
    targets: [{ row: fwdId, max, label: 'tapegrad fwd' }],
    prepare() {
      const A = randTensor(shape, shape.length === 2 && shape[0] === 256 ? 256 : 4000 + shape[shape.length - 1]);
      A.requiresGrad_();
      const G = randTensor([...shape.slice(0, -2), shape[shape.length - 1], shape[shape.length - 2]], 257);
      return {
        impls: {
          tapegrad: () => {
            A.grad = null;
            tg.linalg.pinv(A).backward(G);
            return A.grad;
          },
        },
        validate(results) {
          const g = flat(results.tapegrad);
          if (g.length !== size || !g.every(Number.isFinite)) throw new Error('gradient is not finite');
          return {};
        },
      };
    },
  };
}

function svdRow(n, timing) {
  const sorted = (s) => flat(s).sort((a, b) => b - a);
  return {
    id: `svd-${n}`,
    workload: `svd ${n}×${n} f64 (U, S, V)`,
    timing,
    tol: 1e-10,
    targets: [],
    prepare() {
      const A = square(n, 100 + n);
      const impls = {
        tapegrad: () => tg.linalg.svd(A.t),
        numeric: () => numeric.svd(A.rows),
        'ml-matrix': () => new SVD(A.ml),
      };
      // Singular vectors are defined up to sign: compare the singular values.
      const values = {
        tapegrad: (r) => sorted(r.S),
        numeric: (r) => sorted(r.S),
        'ml-matrix': (r) => sorted(r.diagonal),
      };
      return { impls, values };
    },
  };
}

/** count × (n×n) matmul; float64 against numeric/ml-matrix/mathjs (looping), float32 against tfjs (batched). */
function matmulRow(count, n, dtype, timing) {
  const batch = count > 1;
  return {
    id: `matmul-${batch ? `${count}x` : ''}${n}-${dtype}`,
    workload: `matmul ${batch ? `${count}×(${n}×${n})` : `${n}×${n}`} ${dtype === 'float64' ? 'f64' : 'f32'}`,
    timing,
    tol: dtype === 'float64' ? 1e-12 : 1e-5,
    targets: [],
    prepare() {
      const shape = batch ? [count, n, n] : [n, n];
      const a = randnArray(count * n * n, 11);
      const b = randnArray(count * n * n, 12);
      if (dtype === 'float32') {
        const a32 = Float32Array.from(a);
        const b32 = Float32Array.from(b);
        const ta = tf.tensor(a32, shape);
        const tb = tf.tensor(b32, shape);
        const A = tg.tensor(a32.slice(), { shape, dtype });
        const B = tg.tensor(b32.slice(), { shape, dtype });
        return { impls: { tapegrad: () => tg.matmul(A, B), tfjs: () => tf.matMul(ta, tb) } };
      }
      const A = tg.tensor(a, { shape, dtype });
      const B = tg.tensor(b, { shape, dtype });
      const rowsA = Array.from({ length: count }, (_, k) => toRows(a, n, n, k * n * n));
      const rowsB = Array.from({ length: count }, (_, k) => toRows(b, n, n, k * n * n));
      const mlA = rowsA.map((r) => new Matrix(r));
      const mlB = rowsB.map((r) => new Matrix(r));
      const mjA = rowsA.map((r) => math.matrix(r));
      const mjB = rowsB.map((r) => math.matrix(r));
      return {
        impls: {
          tapegrad: () => tg.matmul(A, B),
          numeric: () => rowsA.map((r, k) => numeric.dot(r, rowsB[k])),
          'ml-matrix': () => mlA.map((m, k) => m.mmul(mlB[k])),
          mathjs: () => mjA.map((m, k) => math.multiply(m, mjB[k])),
        },
      };
    },
  };
}

const ROWS = [
  pinvRow(8, { mathjs: true, timing: FAST, targets: [{ peer: 'numeric', max: 1 }] }),
  pinvRow(64, { mathjs: true, timing: FAST, targets: [{ peer: 'numeric', max: 0.4 }, { maxMs: 1.5 }] }),
  pinvRow(256, { mathjs: false, timing: SLOW, targets: [{ peer: 'numeric', max: 0.18 }, { maxMs: 50 }] }),
  {
    id: 'pinv-batch',
    workload: 'pinv batch 1000×8×8 f64',
    timing: MEDIUM,
    tol: 1e-8,
    targets: [{ maxMs: 9 }],
    prepare() {
      const data = randnArray(1000 * 64, 1000);
      const rows = Array.from({ length: 1000 }, (_, k) => toRows(data, 8, 8, k * 64));
      const ml = rows.map((r) => new Matrix(r));
      const mj = rows.map((r) => math.matrix(r));
      const t = tg.tensor(data, { shape: [1000, 8, 8], dtype: 'float64' });
      return {
        impls: {
          tapegrad: () => tg.linalg.pinv(t), // one batched call
          numeric: () => rows.map((r) => numericPinv(numeric, r)),
          'ml-matrix': () => ml.map((m) => pseudoInverse(m)),
          mathjs: () => mj.map((m) => math.pinv(m)),
        },
        numpy: { op: 'pinv', shape: [1000, 8, 8], input: data },
      };
    },
  },
  pinvFwdBwdRow([256, 256], 'pinv-256', 2, SLOW),
  // Issue #15 shapes against NumPy (docs/semantics.md §4.2: ≤ 2× NumPy single-thread, small batches ≤ 1×, fwd+bwd ≤ 1.6× fwd).
  pinvShapeRow([2000, 50], { timing: MEDIUM, targets: [{ peer: 'numpy', max: 2 }] }),
  pinvShapeRow([10000, 20], { timing: MEDIUM, targets: [{ peer: 'numpy', max: 2 }] }),
  pinvShapeRow([4096, 64], { timing: MEDIUM, targets: [{ peer: 'numpy', max: 2 }] }),
  pinvShapeRow([64, 4096], { timing: MEDIUM, targets: [{ peer: 'numpy', max: 2 }] }),
  pinvShapeRow([2000, 200], { timing: SLOW, targets: [{ peer: 'numpy', max: 2 }] }),
  pinvShapeRow([512, 512], { timing: SLOW, targets: [{ peer: 'numpy', max: 2 }] }),
  pinvShapeRow([200, 32, 32], { timing: MEDIUM, targets: [{ peer: 'numpy', max: 1 }] }),
  pinvFwdBwdRow([4096, 64], 'pinv-4096x64', 1.6, SLOW),
  pinvFwdBwdRow([64, 4096], 'pinv-64x4096', 1.6, SLOW),
  pinvFwdBwdRow([200, 32, 32], 'pinv-200x32x32', 1.6, SLOW),
  pinvFwdBwdRow([1000, 8, 8], 'pinv-batch', 1.6, SLOW),
  svdRow(64, FAST),
  svdRow(256, SLOW),
  matmulRow(64, 64, 'float64', MEDIUM),
  matmulRow(64, 64, 'float32', MEDIUM),
  matmulRow(1, 256, 'float64', MEDIUM),
  matmulRow(1, 256, 'float32', MEDIUM),
  {
    id: 'mlp-adam',
    workload: 'MLP 32→64→10 Adam step f32',
    timing: MEDIUM,
    targets: [{ peer: 'tfjs', max: 0.35 }, { maxMs: 1 }],
    async prepare() {
      const init = mlpInit();
      const ours = createTapegradMlp(init);
      const theirs = await createTfjsMlp(init);
      return {
        note: `tapegrad MLP: ${ours.impl === 'nn' ? 'nn.Sequential + optim.Adam' : 'raw tensors + hand-written Adam (tg.nn/optim not exported by this build)'}${ours.note ? `; ${ours.note}` : ''}`,
        impls: { tapegrad: ours.step, tfjs: theirs.step },
        // Same initial weights and batch: the losses before and after 5 steps, and the weights, must agree.
        validate() {
          const l0 = relDiff(flat(ours.loss()), flat(theirs.loss()));
          for (let i = 0; i < 5; i++) {
            ours.step();
            theirs.step();
          }
          const l5 = relDiff(flat(ours.loss()), flat(theirs.loss()));
          const w = relDiff(flat(ours.weights()), flat(theirs.weights()));
          return { tfjs: Math.max(l0, l5, w) };
        },
        tolOf: { tfjs: 1e-4 },
      };
    },
  },
  // The §2.7 models with the shapes of examples 06 and 07; the reference is PyTorch 1.13 CPU on one thread, measured
  // by hand with benchmarks/torch_steps.py (results/torch-steps.json). docs/semantics.md §4.2: report ≤ 1.5× PyTorch.
  {
    id: 'transformer-step',
    workload: 'char transformer step (B 32, T 32, width 64, 2 layers) f32',
    timing: SLOW,
    targets: [{ torch: 'transformer-step', max: 1.5 }],
    prepare() {
      tg.manualSeed(0);
      const model = new CharTransformer({ vocab: 61, context: 32, width: 64, heads: 4, layers: 2 });
      const opt = new tg.optim.AdamW(model.parameters(), { lr: 3e-3, weightDecay: 0.01, betas: [0.9, 0.98] });
      const x = tg.randint(0, 61, [32, 32], { dtype: 'int32' });
      const y = tg.randint(0, 61, [32 * 32], { dtype: 'int32' });
      const step = () => {
        opt.zeroGrad();
        tg.nn.functional.crossEntropy(model.forward(x).reshape([-1, 61]), y).backward();
        tg.nn.utils.clipGradNorm_(model.parameters(), 1);
        opt.step();
      };
      return { impls: { tapegrad: step }, validate: () => ({}) };
    },
  },
  {
    id: 'cnn-step',
    workload: 'digits CNN step (batch 64 of 1×8×8) f32',
    timing: MEDIUM,
    targets: [{ torch: 'cnn-step', max: 1.5 }],
    prepare() {
      tg.manualSeed(0);
      const model = digitsCnn();
      const opt = new tg.optim.Adam(model.parameters(), { lr: 5e-3 });
      const x = tg.rand([64, 1, 8, 8]);
      const y = tg.randint(0, 10, [64], { dtype: 'int32' });
      const step = () => {
        opt.zeroGrad();
        tg.nn.functional.crossEntropy(model.forward(x), y).backward();
        opt.step();
      };
      return { impls: { tapegrad: step }, validate: () => ({}) };
    },
  },
];

/** PyTorch's by-hand step times (ms) for the rows with a `torch` target. */
const torchSteps = JSON.parse(readFileSync(join(here, 'results', 'torch-steps.json'), 'utf8'));

// ---------------------------------------------------------------------------------------------------------------
// Running.

function measure(fn, { maxTime, minSamples }) {
  const bench = new Benchmark(fn, { maxTime, minSamples });
  bench.run(); // synchronous (async: false)
  if (bench.error) throw bench.error;
  const sample = bench.stats.sample.map((s) => s * 1e3).sort((a, b) => a - b);
  const mid = sample.length >> 1;
  const median = sample.length % 2 ? sample[mid] : (sample[mid - 1] + sample[mid]) / 2;
  return { median, mean: bench.stats.mean * 1e3, rme: bench.stats.rme, samples: sample.length };
}

const isTfTensor = (x) => x && typeof x.dispose === 'function' && typeof x.dataSync === 'function';

async function runRow(row) {
  const out = { id: row.id, workload: row.workload, medians: {}, stats: {}, validation: {}, errors: {} };
  const prepared = await row.prepare();
  if (prepared.note) out.note = prepared.note;
  const impls = prepared.impls;
  // Validation: run each library once and compare with tapegrad.
  const results = {};
  for (const [lib, fn] of Object.entries(impls)) {
    try {
      results[lib] = fn();
    } catch (error) {
      out.errors[lib] = error.message;
    }
  }
  if (prepared.validate) {
    Object.assign(out.validation, prepared.validate(results));
  } else if (results.tapegrad !== undefined) {
    const value = (lib, r) => (prepared.values ? prepared.values[lib](r) : flat(r));
    const ref = value('tapegrad', results.tapegrad);
    for (const lib of Object.keys(results))
      if (lib !== 'tapegrad') out.validation[lib] = relDiff(value(lib, results[lib]), ref);
  }
  for (const r of Object.values(results)) if (isTfTensor(r)) r.dispose();
  for (const [lib, diff] of Object.entries(out.validation)) {
    const tol = prepared.tolOf?.[lib] ?? row.tol;
    if (!(diff <= tol))
      out.errors[lib] = `result differs from tapegrad's: relative difference ${diff.toExponential(2)} > ${tol}`;
  }
  const checked = Object.entries(out.validation).map(([lib, d]) => `${lib} ${d.toExponential(1)}`);
  if (checked.length) process.stderr.write(`  validated (relative difference to tapegrad): ${checked.join(', ')}\n`);
  // Timing.
  for (const [lib, fn] of Object.entries(impls)) {
    if (out.errors[lib]) {
      process.stderr.write(`  ${row.workload} / ${lib}: skipped (${out.errors[lib]})\n`);
      continue;
    }
    const timed = isTfTensor(results[lib]) ? () => fn().dispose() : fn; // free tfjs outputs as one would
    try {
      const s = measure(timed, row.timing);
      out.medians[lib] = s.median;
      out.stats[lib] = s;
      process.stderr.write(
        `  ${row.workload} / ${lib}: ${fmtMs(s.median)} (±${s.rme.toFixed(1)}%, ${s.samples} samples)\n`,
      );
    } catch (error) {
      out.errors[lib] = error.message;
    }
  }
  if (prepared.numpy && numpyVersion && results.tapegrad !== undefined)
    runNumpyCell(out, prepared.numpy, row, results.tapegrad);
  if (!Object.keys(out.errors).length) delete out.errors;
  return out;
}

function runNumpyCell(out, spec, row, ours) {
  try {
    const r = runNumpy(spec, row.timing);
    const diff = relDiff(r.result, flat(ours));
    out.validation.numpy = diff;
    if (!(diff <= row.tol)) throw new Error(`result differs from tapegrad's: relative difference ${diff} > ${row.tol}`);
    out.medians.numpy = r.median;
    out.stats.numpy = { median: r.median, samples: r.samples };
    process.stderr.write(
      `  ${row.workload} / numpy: ${fmtMs(r.median)} (${r.samples} samples, rel. diff ${diff.toExponential(1)})\n`,
    );
  } catch (error) {
    out.errors.numpy = error.message;
    process.stderr.write(`  ${row.workload} / numpy: skipped (${error.message})\n`);
  }
}

function evaluateTargets(row, rowsById) {
  const ours = row.medians.tapegrad;
  row.ratios = {};
  for (const [lib] of PEERS) if (row.medians[lib] && ours) row.ratios[lib] = ours / row.medians[lib];
  const def = ROWS.find((r) => r.id === row.id);
  row.targets = def.targets.map((t) => {
    if (t.maxMs !== undefined) return { target: `≤ ${t.maxMs} ms`, value: ours, pass: ours <= t.maxMs };
    if (t.torch !== undefined) {
      const value = ours / torchSteps[t.torch];
      return {
        target: `≤ ${t.max}× PyTorch 1 thread (${torchSteps[t.torch].toFixed(1)} ms)`,
        value,
        pass: value <= t.max,
      };
    }
    const peer = PEERS.find(([id]) => id === t.peer);
    if (peer) {
      const value = row.ratios[t.peer];
      return { target: `≤ ${t.max}× ${peer[1]}`, value, pass: value <= t.max };
    }
    const ref = rowsById.get(t.row)?.medians.tapegrad;
    const value = ours / ref;
    return { target: `≤ ${t.max}× ${t.label}`, value, pass: value <= t.max };
  });
  row.pass = row.targets.length ? row.targets.every((t) => t.pass) : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Output.

function fmtMs(ms) {
  if (ms === undefined || Number.isNaN(ms)) return '—';
  if (ms < 1) return `${(ms * 1e3).toPrecision(3)} µs`;
  return ms < 100 ? `${ms.toPrecision(3)} ms` : `${ms.toFixed(0)} ms`;
}

function fmtTarget(t) {
  const value = t.target.endsWith('ms') ? fmtMs(t.value) : `${t.value?.toFixed(2)}×`;
  return `${t.pass ? 'yes' : '**NO**'} (${value})`;
}

function table(rows, memory, probes = []) {
  const head = ['workload', 'tapegrad', ...PEERS.map(([, label]) => `${label} (ratio)`), 'target', 'met?'];
  const lines = [head, head.map(() => '---')];
  for (const row of rows) {
    const cells = PEERS.map(([lib]) => {
      if (row.errors?.[lib]) return 'error';
      if (row.medians[lib] === undefined) return '';
      const ratio = row.ratios[lib];
      return `${fmtMs(row.medians[lib])}${ratio === undefined ? '' : ` (${ratio.toFixed(2)}×)`}`;
    });
    lines.push([
      row.workload,
      row.errors?.tapegrad ? 'error' : fmtMs(row.medians.tapegrad),
      ...cells,
      row.targets.map((t) => t.target).join('; '),
      row.targets.map(fmtTarget).join('; '),
    ]);
  }
  if (memory) {
    const m = memory.pinvFwdBwd;
    lines.push([
      'memory: pinv fwd+bwd 256×256',
      `peak +${m.peakMB.toFixed(1)} MB, retained ${m.retainedMB.toFixed(1)} MB (${m.gcsDuringCall} gcs, ${m.jsHeapAllocatedMB.toFixed(0)} MB JS garbage)`,
      ...PEERS.map(() => ''),
      '(reported)',
      '',
    ]);
    const h = memory.mlpHeap;
    lines.push([
      'memory: MLP heap, 1 000 → 10 000 steps',
      `${h.after1000MB.toFixed(2)} → ${h.after10000MB.toFixed(2)} MB`,
      ...PEERS.map(() => ''),
      `flat (growth ≤ ${h.maxGrowthMB} MB)`,
      `${h.flat ? 'yes' : '**NO**'} (${h.growthMB >= 0 ? '+' : ''}${h.growthMB.toFixed(2)} MB)`,
    ]);
  }
  for (const p of probes)
    lines.push([p.workload, p.value, ...PEERS.map(() => ''), p.target, p.pass ? 'yes' : '**NO**']);
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function versionOf(name) {
  try {
    return JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------

const started = performance.now();
const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  node: process.version,
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  date: new Date().toISOString(),
  loadAverageAtStart: os.loadavg()[0], // other processes on the machine skew absolute times more than ratios
  numpy: numpyVersion, // null: python3 with numpy not found, the NumPy column stays empty
};
process.stderr.write(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}\n`);

const rows = [];
for (const def of ROWS) {
  if (only && !def.id.includes(only)) continue;
  process.stderr.write(`${def.workload}\n`);
  try {
    rows.push(await runRow(def));
  } catch (error) {
    rows.push({ id: def.id, workload: def.workload, medians: {}, errors: { tapegrad: error.message } });
  }
}
const rowsById = new Map(rows.map((r) => [r.id, r]));
for (const row of rows) evaluateTargets(row, rowsById);

let memory = null;
if (withMemory && !only) {
  process.stderr.write('memory (child process, --expose-gc)\n');
  try {
    const stdout = execFileSync(process.execPath, ['--expose-gc', join(here, 'memory.mjs'), '--json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    memory = JSON.parse(stdout);
  } catch (error) {
    process.stderr.write(`memory probe failed: ${error.message}\n`);
  }
}

// Probes kept in their own files, each printing { rows: [{ id, workload, value, target, pass }] } with --json and
// shown as reported rows: gradcheck.mjs (fastMode time ratio, gradgradcheck memory — issue #16), threads.mjs (1 thread
// vs all cores for the SPEC §4.2 scaling targets — issue #15).
const probes = [];
for (const file of ['gradcheck.mjs', 'threads.mjs']) {
  if (only && !file.includes(only)) continue;
  process.stderr.write(`${file} (child processes)\n`);
  try {
    const stdout = execFileSync(process.execPath, [join(here, file), '--json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    probes.push(...JSON.parse(stdout).rows);
  } catch (error) {
    process.stderr.write(`${file} failed: ${error.message}\n`);
  }
}

const durationSec = (performance.now() - started) / 1e3;
machine.loadAverageAtEnd = os.loadavg()[0];
const versions = Object.fromEntries(
  ['tapegrad', 'numeric', 'ml-matrix', 'mathjs', '@tensorflow/tfjs-core', 'benchmark'].map((n) => [n, versionOf(n)]),
);
const load = `load average ${machine.loadAverageAtStart.toFixed(1)} → ${machine.loadAverageAtEnd.toFixed(1)}`;
const machineLine = `${machine.cpu} · ${machine.cores} cores · Node ${machine.node} · ${machine.platform} · ${machine.date} · ${load}`;
console.log(`\n${machineLine}`);
console.log(`tfjs: ${tf.getBackend()} backend (pure JS); medians of benchmark.js samples; ratio = tapegrad / peer`);
console.log(
  numpyVersion
    ? `NumPy ${numpyVersion} (python3 child, OPENBLAS/OMP/MKL_NUM_THREADS=1; medians of its own timing loop)\n`
    : 'NumPy: python3 with numpy not found, column empty\n',
);
console.log(table(rows, memory, probes));
for (const row of rows) {
  if (row.note) console.log(`\n${row.workload}: ${row.note}`);
  for (const [lib, msg] of Object.entries(row.errors ?? {})) console.log(`\n${row.workload} / ${lib}: ${msg}`);
}
console.log(`\nfull run: ${durationSec.toFixed(0)} s`);

const resultsDir = join(here, 'results');
mkdirSync(resultsDir, { recursive: true });
const json = {
  machine,
  versions,
  units: 'ms (medians of benchmark.js samples); ratios are tapegrad / peer',
  rows: rows.map(({ id, workload, medians, ratios, validation, targets, pass, stats, note, errors }) => ({
    id,
    workload,
    medians,
    ratios,
    validation,
    targets,
    pass,
    stats,
    ...(note ? { note } : {}),
    ...(errors ? { errors } : {}),
  })),
  memory,
  probes,
  durationSec,
};
if (!only) writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
