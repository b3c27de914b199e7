/**
 * The reused LU workspace of the LU-based ops (solve, inv, det, slogdet): the n×n factors and the pivots. A fresh
 * typed array costs a page fault per 4 KiB on first touch (about as much as the factorization itself at n = 512 on
 * the benchmark machine), so one buffer is kept and grown on demand — up to KEEP_SCALARS; larger ones are allocated
 * per call and dropped. Each op uses it only inside its own synchronous loop and calls no other op meanwhile.
 */

/** Largest workspace kept between calls (scalars; 32 MiB). */
const KEEP_SCALARS = 2 ** 22;

let factors = new Float64Array(0);
let pivots = new Int32Array(0);

/** A Float64Array of at least `scalars` entries (contents unspecified) and an Int32Array of at least `n`. */
export function luWorkspace(scalars: number, n: number): { lu: Float64Array; piv: Int32Array } {
  if (scalars > KEEP_SCALARS) return { lu: new Float64Array(scalars), piv: new Int32Array(n) };
  if (factors.length < scalars) factors = new Float64Array(scalars);
  if (pivots.length < n) pivots = new Int32Array(n);
  return { lu: factors, piv: pivots };
}
