/**
 * The backward walk's reuse of gradient storage (core's storage-pool.ts): which gradient buffers the engine may hand
 * back because nothing can reach them any more. A storage is a candidate only when core allocated it while the engine
 * ran a library backward rule (or its own accumulation and un-broadcasting) with tracking on; never a seed, a user
 * tensor, a saved tensor, or anything a custom Function's backward (user code) made. The engine counts, per candidate
 * storage, the gradient slots holding a tensor on it (views share their base's storage); a storage becomes reusable
 * when that count returns to zero, unless it **escaped**: shown to a hook, stored as a retained `.grad`, returned by
 * autograd.grad, or given to user code. The walk does no recycling under createGraph (gradients are then graph
 * tensors that later ops may save).
 */
import type { Tensor } from '@tapegrad/core';
import { recycleStorage, trackAllocations } from '@tapegrad/core/internal';

type Storage = Tensor['storage'];

export class GradRecycler {
  /** Storage allocated under tracking and not handed back yet (weakly: temporaries of the rules are collected). */
  private readonly fresh = new WeakSet<Storage>();
  private readonly holders = new Map<Storage, number>();
  private readonly escaped = new Set<Storage>();
  /** Storages whose count may have dropped to zero since the last sweep. */
  private candidates: Storage[] = [];

  /** Runs `fn` with core noting the storage it allocates (library code only). */
  tracked<T>(fn: () => T): T {
    const previous = trackAllocations(this.fresh);
    try {
      return fn();
    } finally {
      trackAllocations(previous);
    }
  }

  /** A gradient slot now holds `t`. */
  hold(t: Tensor | null): void {
    if (t === null || !this.fresh.has(t.storage)) return;
    this.holders.set(t.storage, (this.holders.get(t.storage) ?? 0) + 1);
  }

  /** A gradient slot no longer holds `t` (or a transient `t` was used up, with drop(t, false)). */
  drop(t: Tensor | null, held = true): void {
    if (t === null || !this.fresh.has(t.storage)) return;
    if (held) this.holders.set(t.storage, (this.holders.get(t.storage) ?? 1) - 1);
    this.candidates.push(t.storage);
  }

  /** `t`'s storage must never be reused: user code may keep it. */
  escape(t: Tensor | null | undefined): void {
    if (t) this.escaped.add(t.storage);
  }

  /** Hands back every candidate no slot holds any more. */
  sweep(): void {
    for (const s of this.candidates) {
      if ((this.holders.get(s) ?? 0) > 0 || this.escaped.has(s) || !this.fresh.has(s)) continue;
      this.holders.delete(s);
      recycleStorage(this.fresh, s);
    }
    this.candidates = [];
  }
}
