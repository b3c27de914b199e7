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
  sortOrder(lane, descendingOrder ? descending(values) : ascending(values));
  for (let i = 0; i < k; i++) out[oo + i * os] = lane[i];
}

/**
 * The most elements V8's TypedArray sort takes with a comparator (FixedArray::kMaxLength; longer ones throw a
 * TypeError, "Custom comparefn not supported for huge TypedArrays").
 */
const BUILTIN_SORT_LIMIT = 134217725;

/**
 * Sorts `order` in place by `compare`, which must be a total order (ties broken by index, as the comparators here):
 * the engine's sort up to `builtinLimit` elements, above it a bottom-up merge sort (runs of 32 by insertion) with one
 * scratch buffer, so lanes of any length up to 2^31 − 1 sort.
 */
export function sortOrder(
  order: Int32Array,
  compare: (i: number, j: number) => number,
  builtinLimit = BUILTIN_SORT_LIMIT,
): void {
  const n = order.length;
  if (n <= builtinLimit) {
    order.sort(compare);
    return;
  }
  const RUN = 32;
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(lo + RUN, n);
    for (let i = lo + 1; i < hi; i++) {
      const v = order[i];
      let j = i - 1;
      while (j >= lo && compare(order[j], v) > 0) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = v;
    }
  }
  let src: Int32Array = order;
  let dst: Int32Array = new Int32Array(n);
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      for (let k = lo; k < hi; k++) dst[k] = j >= hi || (i < mid && compare(src[i], src[j]) <= 0) ? src[i++] : src[j++];
    }
    [src, dst] = [dst, src];
  }
  if (src !== order) order.set(src);
}
