/**
 * The one seeded generator of the test suites: the 32-bit LCG with the Numerical Recipes constants
 * (x ← 1664525·x + 1013904223 mod 2³²). Enough for test data, independent of the library's own generator
 * (`@tapegrad/core` random.ts), so tests never disturb the global stream.
 */

/** Deterministic 32-bit LCG with uniform and normal samples; the state starts at `seed mod 2³²`. */
export class Lcg {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (Math.imul(this.state, 1664525) + 1013904223) >>> 0;
    return this.state / 4294967296;
  }
  /** Standard normal (Box–Muller). */
  normal(): number {
    const u1 = 1 - this.next();
    const u2 = this.next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

/** Uniform numbers in [0, 1) from a seed (seed 0 is read as 1, so that every seed gives a lively stream). */
export function lcg(seed: number): () => number {
  const g = new Lcg(seed >>> 0 || 1);
  return () => g.next();
}

/** Uniform numbers in [−1, 1) from a seed (the state starts at the seed itself). */
export function signedLcg(seed: number): () => number {
  const g = new Lcg(seed);
  return () => 2 * g.next() - 1;
}
