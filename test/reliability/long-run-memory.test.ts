// @vitest-environment node
/**
 * Long-run memory (docs/semantics.md §3.2, §4.3): graphs are freed by garbage collection, no tidy()/dispose() needed.
 * - A 10 000-step training loop (nn.Sequential + optim.Adam + crossEntropy) and 10 000 pinv forward + backward calls
 *   keep a flat heap: JS heap and ArrayBuffer memory (where typed-array storage lives) measured after gc at
 *   checkpoints; the growth from step 1 000 to step 10 000 must stay under a few MB. The numbers are printed.
 * - Graph release: after backward without retainGraph the saved tensors of the graph are collectable even while the
 *   loss is still referenced (a WeakRef to an intermediate is cleared by gc), a second backward throws AutogradError,
 *   and with retainGraph the intermediates stay alive until the loss is dropped.
 * Needs `--expose-gc` (vitest.config.ts passes it to the workers).
 */

import { seeded } from '@tapegrad/testing/tensors';
import { AutogradError, linalg, manualSeed, nn, optim, type Tensor, tensor } from 'tapegrad';
import { describe, expect, it } from 'vitest';

const gc = (globalThis as { gc?: () => void }).gc;
const MiB = 2 ** 20;
/** Allowed growth between the 1 000th and the last step (JS heap and ArrayBuffers each). */
const FLAT = 4 * MiB;

/** Lets weakly held targets go (WeakRefs keep their target alive until the current job ends), then collects. */
async function collect(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc!();
  }
}

interface Sample {
  step: number;
  heap: number;
  buffers: number;
}

async function measure(step: number): Promise<Sample> {
  await collect();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { step, heap: heapUsed, buffers: arrayBuffers };
}

function summary(name: string, samples: Sample[], extra: string): string {
  const at = samples.map(
    (s) => `${s.step}: heap ${(s.heap / MiB).toFixed(2)} MiB + buffers ${(s.buffers / MiB).toFixed(2)} MiB`,
  );
  const first = samples.find((s) => s.step === 1000)!;
  const last = samples[samples.length - 1];
  return `${name}: ${at.join('; ')} — growth 1 000 → ${last.step}: heap ${((last.heap - first.heap) / MiB).toFixed(3)} MiB, buffers ${((last.buffers - first.buffers) / MiB).toFixed(3)} MiB (${extra})`;
}

function expectFlat(samples: Sample[]): void {
  const first = samples.find((s) => s.step === 1000)!;
  const last = samples[samples.length - 1];
  expect(last.heap - first.heap).toBeLessThan(FLAT);
  expect(last.buffers - first.buffers).toBeLessThan(FLAT);
}

const CHECKPOINTS = new Set([1000, 2500, 5000, 7500, 10_000]);

describe('long-run memory', () => {
  it('gc is exposed to the test workers (vitest.config.ts execArgv)', () => {
    expect(typeof gc).toBe('function');
  });

  it('10 000 training steps of nn.Sequential + optim.Adam keep a flat heap', async () => {
    manualSeed(7);
    const model = new nn.Sequential(
      new nn.Linear(16, 32),
      new nn.ReLU(),
      new nn.Linear(32, 32),
      new nn.Tanh(),
      new nn.Linear(32, 4),
    );
    const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
    const x = seeded([32, 16], 5, 'float32');
    const target = tensor(
      Array.from({ length: 32 }, (_, i) => (i * 7) % 4),
      { dtype: 'int32' },
    );
    const samples: Sample[] = [];
    let first = 0;
    let last = 0;
    const started = performance.now();
    for (let step = 1; step <= 10_000; step++) {
      opt.zeroGrad();
      const loss = nn.functional.crossEntropy(model.forward(x), target);
      loss.backward();
      opt.step();
      if (step === 1) first = loss.item() as number;
      if (step === 10_000) last = loss.item() as number;
      if (CHECKPOINTS.has(step)) samples.push(await measure(step));
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      summary(
        'training loop (MLP 16→32→32→4, Adam, batch 32)',
        samples,
        `loss ${first.toFixed(4)} → ${last.toFixed(4)}, ${seconds.toFixed(1)} s`,
      ),
    );
    expect(last).toBeLessThan(first);
    expectFlat(samples);
  }, 120_000);

  it('10 000 pinv forward + backward calls keep a flat heap', async () => {
    const A = seeded([5, 3], 9).requiresGrad_();
    const G = seeded([3, 5], 10);
    const samples: Sample[] = [];
    let checksum = 0;
    const started = performance.now();
    for (let step = 1; step <= 10_000; step++) {
      const P = linalg.pinv(A);
      P.mul(G).sum().backward();
      checksum += A.grad!.toTypedArray()[0];
      A.grad = null;
      if (CHECKPOINTS.has(step)) samples.push(await measure(step));
    }
    const seconds = (performance.now() - started) / 1000;
    expect(Number.isFinite(checksum)).toBe(true);
    console.log(summary('pinv 5×3 float64 forward + backward', samples, `${seconds.toFixed(1)} s`));
    expectFlat(samples);
  }, 120_000);
});

describe('graph release', () => {
  /** Builds x → exp → mul → sum; returns the loss and a WeakRef to the intermediate exp(x), which exp's rule saves. */
  function graph(): { x: Tensor; loss: Tensor; intermediate: WeakRef<Tensor> } {
    const x = seeded([64, 64], 3).requiresGrad_();
    const h = x.exp();
    const loss = h.mul(h).sum();
    return { x, loss, intermediate: new WeakRef(h) };
  }

  it('after backward (no retainGraph) the saved intermediates are collected while the loss is still referenced', async () => {
    const { x, loss, intermediate } = graph();
    loss.backward();
    await collect();
    expect(intermediate.deref()).toBeUndefined();
    expect(loss.gradFn).not.toBeNull(); // the loss itself is alive…
    expect(() => loss.backward()).toThrow(AutogradError); // …but its graph was freed
    expect(x.grad).not.toBeNull();
  });

  it('with retainGraph the intermediates stay until the loss is dropped, then are collected', async () => {
    let held: { loss: Tensor } | null = null;
    let ref: WeakRef<Tensor> | null = null;
    (() => {
      const { loss, intermediate } = graph();
      loss.backward(undefined, { retainGraph: true });
      held = { loss };
      ref = intermediate;
    })();
    await collect();
    expect(ref!.deref()).toBeDefined();
    held!.loss.backward(); // a second backward works with the retained graph
    held = null;
    await collect();
    expect(ref!.deref()).toBeUndefined();
  });

  it('a graph that is never differentiated is collected once the loss is dropped', async () => {
    let ref: WeakRef<Tensor> | null = null;
    (() => {
      ref = graph().intermediate;
    })();
    await collect();
    expect(ref!.deref()).toBeUndefined();
  });
});
