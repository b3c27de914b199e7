// @vitest-environment node
/**
 * Graphs are freed by garbage collection (docs/semantics.md §3.2, §4.3): a 10 000-step training-style loop — forward with
 * parameters that require grad, backward, a manual SGD update under noGrad, zeroed grads — keeps a flat heap.
 * Needs `--expose-gc` (vitest.config.ts passes it to the workers); without gc() the assertion is skipped.
 */
import type { Tensor } from '@tapegrad/core';
import { noGrad } from '@tapegrad/core';
import { components, sample } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { grad } from './index';

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
  // Several passes: weakly held and finalizable objects can take more than one cycle.
  for (let i = 0; i < 4; i++) gc!();
  return process.memoryUsage().heapUsed;
}

describe('memory', () => {
  it('a 10 000-step training loop keeps a flat heap', () => {
    const x = sample([8, 4], { seed: 1 });
    const target = sample([8, 2], { seed: 2 });
    const params: Tensor[] = [
      sample([4, 6], { seed: 3, requiresGrad: true }).mul(0.5).detach().requiresGrad_(),
      sample([6], { seed: 4, requiresGrad: true }).mul(0.1).detach().requiresGrad_(),
      sample([6, 2], { seed: 5, requiresGrad: true }).mul(0.5).detach().requiresGrad_(),
    ];
    const lr = 0.05;
    const step = (): number => {
      const [w1, b1, w2] = params;
      const h = x.matmul(w1).add(b1).tanh();
      const out = h.matmul(w2).softmax(1).mul(2).sub(1);
      const loss = out.sub(target).square().mean().add(w1.square().sum().mul(1e-4));
      loss.backward();
      noGrad(() => {
        for (const p of params) {
          // In-place SGD on the storage (p is contiguous), then zero the gradient.
          const g = p.grad!.contiguous().toTypedArray();
          const data = p.storage;
          for (let i = 0; i < g.length; i++) data[i] -= lr * g[i];
          p.grad = null;
        }
      });
      return components(loss)[0];
    };
    const first = step();
    let heap1000 = 0;
    let last = first;
    for (let s = 2; s <= 10_000; s++) {
      last = step();
      if (s === 1_000 && gc) heap1000 = heapAfterGc();
    }
    expect(last).toBeLessThan(first);
    if (!gc) {
      console.log('memory: globalThis.gc is not exposed (run node with --expose-gc); heap assertion skipped');
      return;
    }
    const heap10000 = heapAfterGc();
    const growth = heap10000 - heap1000;
    console.log(
      `memory: heapUsed after gc at step 1 000 = ${(heap1000 / 2 ** 20).toFixed(2)} MiB, at step 10 000 = ${(heap10000 / 2 ** 20).toFixed(2)} MiB, growth = ${(growth / 2 ** 20).toFixed(3)} MiB (loss ${first.toFixed(4)} → ${last.toFixed(4)})`,
    );
    expect(growth).toBeLessThan(4 * 2 ** 20);
  }, 120_000);

  it('a loop of higher-order gradients (createGraph) is collected too', () => {
    if (!gc) return;
    const w = sample([3], { seed: 6, requiresGrad: true });
    const run = () => {
      const [g] = grad(w.tanh().pow(3).sum(), w, { createGraph: true });
      const [h] = grad(g!.square().sum(), w);
      return h!;
    };
    for (let i = 0; i < 200; i++) run();
    const before = heapAfterGc();
    for (let i = 0; i < 2_000; i++) run();
    const after = heapAfterGc();
    console.log(
      `memory: double-backward loop, heap growth over 2 000 steps = ${((after - before) / 2 ** 20).toFixed(3)} MiB`,
    );
    expect(after - before).toBeLessThan(4 * 2 ** 20);
  }, 120_000);
});
