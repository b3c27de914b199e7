/**
 * Reuse of gradient storage by the backward walk (recycle.ts, core's storage-pool.ts): buffers nothing can reach are
 * reused, zero-filled; a gradient that user code may keep — seen by a hook, retained as `.grad`, returned by
 * autograd.grad, given to a custom Function's backward, or made under createGraph — is never reused. Each escape case
 * keeps the gradient it was given, runs more backward passes of the same shapes with other values (which would
 * overwrite a reused buffer), and checks the kept gradient is unchanged.
 */
import type { Tensor } from '@tapegrad/core';
import { randn, zeros } from '@tapegrad/core';
import { pooledStorageBytes, recycleStorage, trackAllocations } from '@tapegrad/core/internal';
import { describe, expect, it } from 'vitest';
import { defineFunction, grad } from './index';

const N = 4096; // 32 KiB of float64: above the pool's minimum size

/** A chain whose backward makes several N-element gradients: x → ((x·2)·exp(x)).sum(). */
const chain = (x: Tensor) => x.mul(2).mul(x.exp()).sum();

/** Runs `rounds` more backward passes of `chain` on other inputs (each one reuses what the last one freed). */
function churn(rounds = 3): void {
  for (let i = 0; i < rounds; i++) chain(randn([N], { dtype: 'float64', requiresGrad: true }).mul(i + 2)).backward();
}

/** A snapshot of a tensor's values. */
const values = (t: Tensor) => Array.from(t.contiguous().storage);

describe('core storage pool', () => {
  it('reuses a recycled buffer for the next allocation of its type and length, zero-filled', () => {
    const noted = new WeakSet<Tensor['storage']>();
    const previous = trackAllocations(noted);
    const t = randn([N], { dtype: 'float64' });
    trackAllocations(previous);
    expect(noted.has(t.storage)).toBe(true);
    const before = pooledStorageBytes();
    recycleStorage(noted, t.storage);
    expect(pooledStorageBytes()).toBe(before + N * 8);
    const z = zeros([N], { dtype: 'float64' });
    expect(z.storage).toBe(t.storage);
    expect(values(z).every((v) => v === 0)).toBe(true);
    expect(() => recycleStorage(noted, t.storage)).toThrow(/^recycleStorage: expected a storage noted/);
  });
});

describe('backward reuses gradient buffers only when nothing can reach them', () => {
  it('a plain backward hands its intermediate gradients back, and the results are right', () => {
    const x = randn([N], { dtype: 'float64', requiresGrad: true });
    churn(1);
    const before = pooledStorageBytes();
    chain(x).backward();
    const expected = x.exp().mul(x.add(1)).mul(2); // d/dx 2x·eˣ
    expect(x.grad?.sub(expected).abs().max().item()).toBeLessThan(1e-12);
    churn();
    expect(pooledStorageBytes()).toBeGreaterThanOrEqual(before);
    expect(x.grad?.sub(expected).abs().max().item()).toBeLessThan(1e-12); // .grad is its own dense copy
  });

  it('a gradient seen by a hook on an intermediate tensor (and by a leaf hook) is never reused', () => {
    const x = randn([N], { dtype: 'float64', requiresGrad: true });
    const kept: Tensor[] = [];
    const snapshots: number[][] = []; // taken when the hook runs: a reuse later in the same backward shows too
    const keep = (g: Tensor) => {
      kept.push(g);
      snapshots.push(values(g));
      return undefined;
    };
    const h = x.mul(2);
    h.registerHook(keep);
    x.registerHook(keep);
    h.mul(x.exp()).sum().backward();
    churn();
    expect(kept.map(values)).toEqual(snapshots);
  });

  it('a retained .grad and the gradients autograd.grad returns are never reused', () => {
    const x = randn([N], { dtype: 'float64', requiresGrad: true });
    const h = x.mul(2).retainGrad();
    h.mul(x.exp()).sum().backward();
    const retained = values(h.grad as Tensor);
    const y = randn([N], { dtype: 'float64', requiresGrad: true });
    const [gy] = grad([chain(y)], [y]);
    const hy = y.exp();
    const [ghy] = grad([hy.mul(y.exp()).exp().sum()], [hy]); // an intermediate: captured at its node
    const returned = [gy, ghy].map((t) => values(t as Tensor));
    churn();
    expect(values(h.grad as Tensor)).toEqual(retained);
    expect([gy, ghy].map((t) => values(t as Tensor))).toEqual(returned);
  });

  it("the gradient given to a custom Function's backward is never reused (user code may keep it)", () => {
    const kept: Tensor[] = [];
    let snapshot: number[] = [];
    const scaled = defineFunction({
      name: 'keepsGradient',
      forward(_ctx, t: Tensor) {
        return t.mul(3);
      },
      backward(_ctx, g) {
        kept.push(g);
        snapshot = values(g);
        return [g.mul(3)];
      },
    });
    const x = randn([N], { dtype: 'float64', requiresGrad: true });
    const out = scaled(x.exp()) as Tensor;
    out.mul(x).sum().backward();
    churn();
    expect(values(kept[0])).toEqual(snapshot);
  });

  it('under createGraph nothing is handed back (the gradients are graph tensors)', () => {
    const x = randn([N], { dtype: 'float64', requiresGrad: true });
    churn(1);
    const y = chain(x);
    const before = pooledStorageBytes();
    const [g] = grad([y], [x], { createGraph: true });
    expect(pooledStorageBytes()).toBeLessThanOrEqual(before); // taken from, never given to
    const [gg] = grad([(g as Tensor).sum()], [x]);
    const expected = x.exp().mul(x.add(2)).mul(2); // d²/dx² 2x·eˣ
    expect((gg as Tensor).sub(expected).abs().max().item()).toBeLessThan(1e-12);
  });

  it('gradients shared between inputs (add passes its gradient through; views) stay right', () => {
    const x = randn([64, 64], { dtype: 'float64', requiresGrad: true });
    for (let i = 0; i < 3; i++) {
      x.grad = null;
      const a = x.mul(2);
      a.add(a)
        .transpose(0, 1)
        .reshape([N])
        .mul(x.reshape([N]))
        .sum()
        .backward();
      // d/dx Σ 4·xᵀ∘x = 4x + 4xᵀ... elementwise: f = Σ_ij 4·x_ji·x_ij → ∂/∂x_ij = 8·x_ji
      const expected = x.transpose(0, 1).mul(8);
      expect((x.grad as Tensor | null)?.sub(expected).abs().max().item()).toBeLessThan(1e-12);
    }
  });
});
