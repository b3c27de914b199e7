/**
 * The seeded random number generator behind rand/randn/randint: xoshiro128** (Blackman & Vigna, "Scrambled linear
 * pseudorandom number generators", ACM TOMS 47(4), 2021) seeded through splitmix32, using only 32-bit integer
 * arithmetic, so the same seed gives the same numbers on every machine. Normal variates use the Box–Muller transform.
 */

import { describeValue } from './describe';
import { DtypeError } from './errors';
import { sharedSlot } from './shared-state';

const DEFAULT_SEED = 67280421310721 % 2 ** 32;
// One generator per process, shared by every loaded copy of tapegrad (see shared-state.ts).
const rng = sharedSlot('random', () => ({ state: new Uint32Array(4), spareNormal: null as number | null }));
const state = rng.state;

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Seeds the generator (as torch.manual_seed): the same seed reproduces the same rand/randn/randint sequence.
 * Seeds are integers in [−2^63, 2^64), taken modulo 2^64 as torch does (−1 and 2^64 − 1 are the same seed); distinct
 * seeds in [0, 2^64) give distinct generator states. Anything else (0.5, 2^64, NaN, a string) is a DtypeError.
 * @example
 * ```ts
 * manualSeed(0); const a = randn([3]); manualSeed(0); randn([3]).allclose(a); // true
 * ```
 */
export function manualSeed(seed: number): void {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < -(2 ** 63) || seed >= 2 ** 64)
    throw new DtypeError(`manualSeed: expected an integer seed in [-2^63, 2^64), got ${describeValue(seed)}`);
  // The seed modulo 2^64 as two 32-bit words (exact: every double in range is an integer whose words are exact).
  const hi = Math.floor(seed / 2 ** 32) >>> 0;
  const lo = seed >>> 0;
  const next = splitmix32(lo);
  for (let i = 0; i < 4; i++) state[i] = next();
  if (hi !== 0) {
    // lo alone fixes state[0] (splitmix32's first output is a bijection of its seed); hi is mixed into the other
    // words through h(hi) = g(hi) ^ g(0) — a bijection for the first output, with h(0) = 0 so seeds below 2^32 keep
    // their streams — so distinct (hi, lo) give distinct states, and state[1] (the first output) depends on hi.
    const mix = splitmix32(hi);
    const zero = splitmix32(0);
    for (let i = 1; i < 4; i++) state[i] ^= mix() ^ zero();
  }
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
  rng.spareNormal = null;
}

// Seeded once per process: a second copy of tapegrad loading later must not reset the shared generator.
if ((state[0] | state[1] | state[2] | state[3]) === 0) manualSeed(DEFAULT_SEED);

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Next 32-bit unsigned integer. */
export function nextUint32(): number {
  const result = Math.imul(rotl(Math.imul(state[1], 5) >>> 0, 7), 9) >>> 0;
  const t = (state[1] << 9) >>> 0;
  state[2] ^= state[0];
  state[3] ^= state[1];
  state[1] ^= state[2];
  state[0] ^= state[3];
  state[2] ^= t;
  state[3] = rotl(state[3], 11);
  return result;
}

/**
 * Uniform double in [0, 1) with 53 random bits: the next two outputs of {@link nextUint32}, (hi >>> 5)·2²⁶ + (lo >>> 6)
 * over 2⁵³. The two generator steps are written out on local copies of the state (one load and one store of the four
 * words instead of two; same numbers).
 */
export function nextUniform(): number {
  let s0 = state[0];
  let s1 = state[1];
  let s2 = state[2];
  let s3 = state[3];
  const hi = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 5; // 27 bits
  let t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = (s3 << 11) | (s3 >>> 21);
  const lo = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 6; // 26 bits
  t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = (s3 << 11) | (s3 >>> 21);
  return (hi * 67108864 + lo) / 9007199254740992;
}

/** The largest float32 below 1. */
const LARGEST_F32_BELOW_ONE = 1 - 2 ** -24;

/**
 * `u` ∈ [0, 1) kept below 1 once stored as float32: doubles above 1 − 2⁻²⁵ round up to 1.0 in a Float32Array, which
 * would break rand's [0, 1) contract for float32 / complex64.
 */
export function belowOneF32(u: number): number {
  return Math.fround(u) < 1 ? u : LARGEST_F32_BELOW_ONE;
}

/** Standard normal variate (Box–Muller, both values used). */
export function nextNormal(): number {
  if (rng.spareNormal !== null) {
    const v = rng.spareNormal;
    rng.spareNormal = null;
    return v;
  }
  let u = nextUniform();
  while (u === 0) u = nextUniform();
  const v = nextUniform();
  const r = Math.sqrt(-2 * Math.log(u));
  rng.spareNormal = r * Math.sin(2 * Math.PI * v);
  return r * Math.cos(2 * Math.PI * v);
}

/** Uniform integer in [low, high). */
export function nextInt(low: number, high: number): number {
  return low + Math.floor(nextUniform() * (high - low));
}
