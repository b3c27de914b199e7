/**
 * Memory probe of docs/semantics.md §4.2/§4.3, run by run.mjs in a child process (or by itself):
 *   node --expose-gc benchmarks/memory.mjs [--json]
 * 1. pinv 256×256 forward+backward: JS heap (heapUsed) and typed-array memory (arrayBuffers — tensor storage lives
 *    outside the JS heap) sampled after a full gc, right after the forward, right after the backward (before any
 *    forced gc), and after a gc with the results still held. The largest uncollected growth is reported as the
 *    peak (an upper bound: it counts garbage that no gc has reclaimed yet; gcs during the call are counted).
 * 2. MLP training (the step of run.mjs): heap + arrayBuffers after a full gc, every 1 000 steps up to 10 000;
 *    flat means the 10 000-step value is within MAX_GROWTH_MB of the 1 000-step value.
 */
import v8 from 'node:v8';
import * as tg from 'tapegrad';
import { createTapegradMlp, mlpInit, randTensor } from './common.mjs';

const MB = 1024 * 1024;
const MAX_GROWTH_MB = 1;
const json = process.argv.includes('--json');

if (typeof globalThis.gc !== 'function') {
  console.error('memory.mjs needs --expose-gc: node --expose-gc benchmarks/memory.mjs');
  process.exit(2);
}

function fullGc() {
  globalThis.gc();
  globalThis.gc();
}

/** JS heap + typed-array memory in bytes. */
function used() {
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers, total: m.heapUsed + m.arrayBuffers };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** The same two numbers from v8 (used heap, external memory = typed-array storage), comparable with the gc trace. */
function v8Used() {
  const h = v8.getHeapStatistics();
  return h.used_heap_size + h.external_memory;
}

async function pinvFwdBwd() {
  const A = randTensor([256, 256], 256).requiresGrad_();
  const G = randTensor([256, 256], 257);
  const samples = [];
  const run = () => {
    A.grad = null;
    const P = tg.linalg.pinv(A);
    samples.push(used(), v8Used());
    P.backward(G);
    samples.push(used(), v8Used());
    return P;
  };
  for (let i = 0; i < 3; i++) run(); // warm-up: until the JIT has optimized the kernels, they box numbers
  A.grad = null;
  await settle();
  fullGc();
  samples.length = 0;
  const base = used();
  const base8 = v8Used();
  const profiler = new v8.GCProfiler();
  profiler.start();
  const P = run();
  const { statistics } = profiler.stop();
  const [afterForward, , afterBackward] = samples;
  // Peak: the largest of the samples and of the levels just before each gc that ran during the call.
  const before = statistics.map(
    (g) => g.beforeGC.heapStatistics.usedHeapSize + g.beforeGC.heapStatistics.externalMemory,
  );
  const peak = Math.max(samples[1], samples[3], ...before) - base8;
  // JS-heap garbage made by the call: what the gcs freed plus what is left.
  const freed = statistics.reduce(
    (sum, g) => sum + g.beforeGC.heapStatistics.usedHeapSize - g.afterGC.heapStatistics.usedHeapSize,
    0,
  );
  fullGc();
  const retained = used();
  const outputsMB = ((P.size + A.grad.size) * 8) / MB; // P and A.grad stay alive through the last sample
  return {
    inputMB: (256 * 256 * 8) / MB,
    afterForward: {
      heapMB: (afterForward.heap - base.heap) / MB,
      arrayBuffersMB: (afterForward.buffers - base.buffers) / MB,
    },
    afterBackward: {
      heapMB: (afterBackward.heap - base.heap) / MB,
      arrayBuffersMB: (afterBackward.buffers - base.buffers) / MB,
    },
    peakMB: peak / MB,
    gcsDuringCall: statistics.length,
    jsHeapAllocatedMB: (freed + afterBackward.heap - base.heap) / MB,
    retainedMB: (retained.total - base.total) / MB,
    outputsMB,
  };
}

async function mlpHeap(totalSteps = 10_000, every = 1_000) {
  const model = createTapegradMlp(mlpInit());
  const samples = [];
  for (let step = 1; step <= totalSteps; step++) {
    model.step();
    if (step % every === 0) {
      await settle();
      fullGc();
      samples.push({ step, MB: used().total / MB });
    }
  }
  const after1000MB = samples[0].MB;
  const after10000MB = samples[samples.length - 1].MB;
  const growthMB = after10000MB - after1000MB;
  return {
    impl: model.impl,
    samples,
    after1000MB,
    after10000MB,
    growthMB,
    maxGrowthMB: MAX_GROWTH_MB,
    flat: growthMB <= MAX_GROWTH_MB,
  };
}

const result = { pinvFwdBwd: await pinvFwdBwd(), mlpHeap: await mlpHeap() };

if (json) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const p = result.pinvFwdBwd;
  console.log(`pinv 256×256 fwd+bwd (input ${p.inputMB.toFixed(2)} MB):`);
  console.log(
    `  after forward  +${p.afterForward.heapMB.toFixed(2)} MB heap, +${p.afterForward.arrayBuffersMB.toFixed(2)} MB arrayBuffers`,
  );
  console.log(
    `  after backward +${p.afterBackward.heapMB.toFixed(2)} MB heap, +${p.afterBackward.arrayBuffersMB.toFixed(2)} MB arrayBuffers`,
  );
  console.log(`  peak +${p.peakMB.toFixed(2)} MB (heap + typed arrays over the post-gc baseline)`);
  console.log(`  ${p.gcsDuringCall} gcs during the call; JS-heap garbage made: ${p.jsHeapAllocatedMB.toFixed(1)} MB`);
  console.log(
    `  retained after gc with P and A.grad held: ${p.retainedMB.toFixed(2)} MB (outputs: ${p.outputsMB.toFixed(2)} MB)`,
  );
  const h = result.mlpHeap;
  console.log(`MLP (${h.impl}) heap + arrayBuffers after gc:`);
  console.log(`  ${h.samples.map((s) => `${s.step}: ${s.MB.toFixed(2)}`).join(', ')} MB`);
  console.log(`  growth 1 000 → 10 000 steps: ${h.growthMB.toFixed(3)} MB (${h.flat ? 'flat' : 'NOT flat'})`);
}
