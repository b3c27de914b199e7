/**
 * Stable argsort of strided lanes (real storage). NaN sorts above every number (last ascending, first descending), as
 * PyTorch; equal values (including −0 and +0) keep their original order in both directions, which is what
 * `torch.sort(stable=True)` documents. The comparison breaks ties by index explicitly, so the result does not depend
 * on the stability of the engine's sort.
 */
import type { Storage } from '../dtype';

/** Reusable scratch for lanes of length `n`: the lane's values and the permutation being sorted. */
export interface SortScratch {
  readonly values: Float64Array;
  readonly order: Int32Array;
}

export function sortScratch(n: number): SortScratch {
  return { values: new Float64Array(n), order: new Int32Array(n) };
}

/** `a` before `b` ascending: NaN is largest; ties are broken by position. */
function ascending(values: Float64Array): (i: number, j: number) => number {
  return (i, j) => {
    const a = values[i];
    const b = values[j];
    if (a < b) return -1;
    if (a > b) return 1;
    const aNaN = a !== a;
    const bNaN = b !== b;
    if (aNaN !== bNaN) return aNaN ? 1 : -1;
    return i - j;
  };
}

/** Descending: NaN first; ties still in ascending position. */
function descending(values: Float64Array): (i: number, j: number) => number {
  return (i, j) => {
    const a = values[i];
    const b = values[j];
    if (a > b) return -1;
    if (a < b) return 1;
    const aNaN = a !== a;
    const bNaN = b !== b;
    if (aNaN !== bNaN) return aNaN ? -1 : 1;
    return i - j;
  };
}

/**
 * Writes into `out` (at offset `oo`, stride `os`) the first `k` positions of the stably sorted lane of `n` elements of
 * `x` (offset `xo`, stride `xs`).
 */
export function argsortLane(
  n: number,
  k: number,
  x: Storage,
  xo: number,
  xs: number,
  out: Storage,
  oo: number,
  os: number,
  descendingOrder: boolean,
  scratch: SortScratch,
): void {
  const { values, order } = scratch;
  for (let i = 0; i < n; i++) {
    values[i] = x[xo + i * xs];
    order[i] = i;
  }
  const lane = order.subarray(0, n);
  lane.sort(descendingOrder ? descending(values) : ascending(values));
  for (let i = 0; i < k; i++) out[oo + i * os] = lane[i];
}
