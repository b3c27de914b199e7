/**
 * Seeded random directions for the fast gradient checks, independent of the global generator (`manualSeed`), so a
 * check neither depends on nor changes the caller's random stream. Uniforms come from a Weyl sequence mixed by
 * MurmurHash3's 32-bit finalizer (the splitmix construction of Steele, Lea & Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014); normals from the Box–Muller transform.
 */

/** A seeded source of standard normal numbers. */
export class SeededNormal {
  private state: number;
  private spare: number | null = null;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  private uniform(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  }

  /** One standard normal sample. */
  next(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.uniform())); // 1 − u ∈ (0, 1]: log is finite
    const angle = 2 * Math.PI * this.uniform();
    this.spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** A random direction of unit Euclidean length in ℝⁿ (the zero vector for n = 0). */
  unitVector(n: number): Float64Array {
    const v = new Float64Array(n);
    let norm = 0;
    for (let i = 0; i < n; i++) {
      v[i] = this.next();
      norm += v[i] * v[i];
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < n; i++) v[i] /= norm;
    return v;
  }
}
