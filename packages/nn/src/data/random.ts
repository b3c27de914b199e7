/**
 * A small seeded generator for shuffling (internal): mulberry32 (Tommy Ettinger's 32-bit generator, period 2^32),
 * seeded by mixing both halves of a safe-integer seed through splitmix32's finalizer. Each DataLoader / randomSplit
 * with a `seed` owns one, so its order is reproducible without touching the global `manualSeed` stream; without a
 * seed, a seed is drawn from the global stream (so `manualSeed` makes it reproducible, as PyTorch's default generator).
 */
import { DtypeError, rand } from '@tapegrad/core';
import { describeValue } from '@tapegrad/core/internal';

function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** Validates a user seed: a safe integer (negative allowed, as torch.Generator.manual_seed). */
export function checkSeed(op: string, seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed))
    throw new DtypeError(`${op}: expected seed to be a safe integer, got ${describeValue(seed)}`);
  return seed;
}

/** A seed drawn from the global generator (reproducible under `manualSeed`). */
export function drawSeed(): number {
  return Math.floor((rand([1], { dtype: 'float64' }).item() as number) * 2 ** 52);
}

/** A stateful generator of uniform 32-bit integers and permutations. */
export class ShuffleGenerator {
  #state: number;

  constructor(seed: number) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 2 ** 32) >>> 0;
    this.#state = mix32(lo ^ mix32(hi + 0x9e3779b9));
  }

  /** Next uniform 32-bit unsigned integer (mulberry32). */
  nextUint32(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform integer in [0, n) for 1 ≤ n ≤ 2^32, by rejection (no modulo bias). */
  below(n: number): number {
    const limit = Math.floor(2 ** 32 / n) * n;
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** A uniformly random permutation of 0..n−1 (Fisher–Yates, Knuth TAOCP vol. 2, Algorithm P). */
  permutation(n: number): number[] {
    const out = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }
}
