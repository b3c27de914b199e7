/**
 * Index-valued ops of PyTorch on raw buffers: searchsorted (binary search with torch's comparisons, so NaN sorts
 * last), bincount (scatterAdd into zeros: differentiable in the weights), nonzero and unique. Indices and counts are
 * int32, the project's index dtype (PyTorch: int64). unique's values and nonzero's indices carry no gradient.
 */

import { isComplex, isFloating } from '../dtype';
import { DtypeError, ShapeError } from '../errors';
import { sortOrder } from '../kernels/sort';
import { type NamedTuple, namedTuple } from '../named-tuple';
import { readOptions } from '../options';
import { formatShape, normalizeDim } from '../shape';
import type { Tensor } from '../tensor';
import { cast, toTypedArray } from './complex';
import { tensor } from './creation';
import { indexSelect, scatterAdd } from './indexing';
import { permute } from './movement';
import { booleanArg, describeTensor, describeValue, empty, requireRealTensor, requireTensor } from './util';

/** Options of {@link searchsorted}. */
export interface SearchsortedOptions {
  /** Return the last suitable position (upper bound) instead of the first. Default false. */
  right?: boolean;
  /** 'left' (default) or 'right'; the same as `right` (both may be given only when they agree). */
  side?: 'left' | 'right';
}

/** First index i in [lo, hi) of `seq` (stride s) where torch's lower/upper-bound test stops; NaN values go last. */
function bound(seq: ArrayLike<number>, at: number, s: number, n: number, v: number, right: boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = seq[at + mid * s];
    // ATen's cus_lower_bound / cus_upper_bound: advance while !(m >= v) (left) or !(m > v) (right).
    if (right ? !(m > v) : !(m >= v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Where each value would be inserted into `sortedSequence` (ascending along its last dim) to keep it sorted, as
 * torch.searchsorted: the first such index ('left') or the last ('right'). A 1-D sequence serves every value; an N-D
 * one pairs its leading dims with those of `values`. `values` may be a number (0-D result). int32 indices.
 * @example `searchsorted(tensor([1, 3, 5, 7]), tensor([3, 6, 9])).toArray(); // [1, 3, 4]`
 */
export function searchsorted(sortedSequence: Tensor, values: Tensor | number, opts?: SearchsortedOptions): Tensor {
  const op = 'searchsorted';
  const o = readOptions(op, opts, ['right', 'side']);
  const rightFlag = booleanArg(op, 'right', o.right, false);
  if (o.side !== undefined && o.side !== 'left' && o.side !== 'right')
    throw new DtypeError(`${op}: expected side 'left' or 'right', got ${describeValue(o.side)}`);
  if (o.side === 'left' && rightFlag)
    throw new DtypeError(`${op}: expected side and right to agree, got side 'left' and right true`);
  const right = rightFlag || o.side === 'right';
  const seq = requireRealTensor(op, sortedSequence);
  if (typeof values !== 'number') requireRealTensor(op, values);
  const vals = typeof values === 'number' ? tensor(values, { dtype: 'float64' }) : values;
  if (seq.ndim === 0) throw new ShapeError(`${op}: expected a sequence with at least 1 dimension, got a 0-D tensor`);
  const lead = seq.shape.slice(0, -1);
  if (seq.ndim > 1 && (vals.ndim !== seq.ndim || lead.some((s, i) => s !== vals.shape[i])))
    throw new ShapeError(
      `${op}: expected values whose leading dims match the sequence's ${formatShape(lead)}, got ${describeTensor(vals)}`,
    );
  const n = seq.shape[seq.ndim - 1];
  const sq = toTypedArray(cast(seq, seq.dtype === 'bool' ? 'int32' : seq.dtype));
  const vs = toTypedArray(cast(vals, vals.dtype === 'bool' ? 'int32' : vals.dtype));
  const out = empty(vals.shape, 'int32', op);
  const data = out.storage as Int32Array;
  const perRow = seq.ndim === 1 ? vals.size : vals.ndim === 0 ? 1 : vals.shape[vals.ndim - 1];
  for (let i = 0; i < vals.size; i++) {
    const row = seq.ndim === 1 ? 0 : Math.floor(i / Math.max(perRow, 1));
    data[i] = bound(sq, row * n, 1, n, vs[i], right);
  }
  return out;
}

/** The largest bincount result accepted: 2^26 bins (256 MiB as int32), so a stray huge value cannot allocate GBs. */
export const MAX_BINS = 2 ** 26;

/** Options of {@link bincount}. */
export interface BincountOptions {
  /** Weights of the same length as the input: the result sums them per bin (their dtype; int/bool → float64). */
  weights?: Tensor | null;
  /** Minimum number of bins. Default 0. */
  minlength?: number;
}

/**
 * Counts each non-negative integer of the 1-D int32 `x` (torch.bincount): bin i holds the number of times i occurs
 * (int32), or the sum of the `weights` at those positions. Length max(max(x) + 1, minlength), at most
 * {@link MAX_BINS} (else a ShapeError). Differentiable in the weights (PyTorch's bincount is not).
 * @example `bincount(tensor([0, 1, 1, 3], { dtype: 'int32' })).toArray(); // [1, 2, 0, 1]`
 */
export function bincount(x: Tensor, opts?: BincountOptions): Tensor {
  const op = 'bincount';
  const o = readOptions(op, opts, ['weights', 'minlength']);
  requireTensor(op, x);
  if (x.dtype !== 'int32') throw new DtypeError(`${op}: expected an int32 tensor, got ${describeTensor(x)}`);
  if (x.ndim !== 1) throw new ShapeError(`${op}: expected a 1-D tensor, got ${describeTensor(x)}`);
  const minlength = o.minlength ?? 0;
  if (typeof minlength !== 'number' || !Number.isInteger(minlength) || minlength < 0)
    throw new DtypeError(`${op}: expected minlength to be a non-negative integer, got ${describeValue(minlength)}`);
  const w = o.weights === undefined || o.weights === null ? null : requireTensor(op, o.weights);
  if (w !== null) {
    if (isComplex(w.dtype)) throw new DtypeError(`${op}: expected real weights, got ${describeTensor(w)}`);
    if (w.ndim !== 1 || w.size !== x.size)
      throw new ShapeError(`${op}: expected weights of shape ${formatShape(x.shape)}, got ${describeTensor(w)}`);
  }
  const xs = toTypedArray(x) as Int32Array;
  let top = -1;
  for (let i = 0; i < xs.length; i++) {
    if (xs[i] < 0) throw new DtypeError(`${op}: expected non-negative values, got ${xs[i]} at index ${i}`);
    if (xs[i] > top) top = xs[i];
  }
  const length = Math.max(top + 1, minlength);
  if (length > MAX_BINS)
    throw new ShapeError(
      `${op}: expected at most ${MAX_BINS} bins (max value + 1 and minlength), got ${length}; count large ids with unique(x, { returnCounts: true })`,
    );
  if (w === null) {
    const out = empty([length], 'int32', op);
    const counts = out.storage as Int32Array;
    for (let i = 0; i < xs.length; i++) counts[xs[i]]++;
    return out;
  }
  const weights = isFloating(w.dtype) ? w : cast(w, 'float64');
  return scatterAdd(empty([length], weights.dtype, op), 0, x, weights);
}

/**
 * The indices of the non-zero elements (NaN counts as non-zero), as torch.nonzero: an int32 [count, ndim] tensor in
 * row-major order, or with `{ asTuple: true }` one 1-D index tensor per dim (a 0-D input gives one).
 * @example `nonzero(tensor([[1, 0], [0, 3]])).toArray(); // [[0, 0], [1, 1]]`
 */
export function nonzero(x: Tensor, opts?: { asTuple?: false }): Tensor;
export function nonzero(x: Tensor, opts: { asTuple: true }): Tensor[];
export function nonzero(x: Tensor, opts?: { asTuple?: boolean }): Tensor | Tensor[];
export function nonzero(x: Tensor, opts?: { asTuple?: boolean }): Tensor | Tensor[] {
  const op = 'nonzero';
  const asTuple = booleanArg(op, 'asTuple', readOptions(op, opts, ['asTuple']).asTuple, false);
  requireTensor(op, x);
  const data = toTypedArray(x);
  const w = isComplex(x.dtype) ? 2 : 1;
  const isHit = (i: number) => data[w * i] !== 0 || (w === 2 && data[2 * i + 1] !== 0);
  // Counted first, then written into typed storage: a JS array of ~1.3e8 hits would abort the process.
  let hits = 0;
  for (let i = 0; i < x.size; i++) if (isHit(i)) hits++;
  const nd = x.ndim;
  const out = empty([hits, nd], 'int32', op);
  const o = out.storage as Int32Array;
  for (let i = 0, r = 0; i < x.size; i++) {
    if (!isHit(i)) continue;
    let rest = i;
    for (let d = nd - 1; d >= 0; d--) {
      o[r * nd + d] = rest % x.shape[d];
      rest = Math.floor(rest / x.shape[d]);
    }
    r++;
  }
  if (!asTuple) return out;
  if (nd === 0) return [empty([hits], 'int32', op)];
  return x.shape.map((_, d) => out.select(1, d).contiguous());
}

/** Options of {@link unique}. */
export interface UniqueOptions {
  /** Accepted for PyTorch compatibility; the result is always sorted (torch leaves the unsorted order unspecified). */
  sorted?: boolean;
  /** Also return, for each input element (or slice along `dim`), the index of its value in the result. */
  returnInverse?: boolean;
  /** Also return how often each unique value (or slice) occurs. */
  returnCounts?: boolean;
  /** Unique slices along this dim instead of unique elements of the flattened input. */
  dim?: number | null;
}

/** unique's result with returnInverse or returnCounts: `[output, inverseIndices?, counts?]`, also by name. */
export type UniqueResult = NamedTuple<'output' | 'inverseIndices' | 'counts', readonly Tensor[]>;

/** `x` with dim `from` moved to position `to` (a permuted view). */
function moveAxis(x: Tensor, from: number, to: number): Tensor {
  const dims = x.shape.map((_, i) => i).filter((i) => i !== from);
  dims.splice(to, 0, from);
  return permute(x, dims);
}

/** Whether slice r (len values at r·len) holds a NaN: such slices are each distinct, as in torch (NaN ≠ NaN). */
function hasNaN(v: ArrayLike<number>, len: number, r: number): boolean {
  for (let k = 0; k < len; k++) if (Number.isNaN(v[r * len + k])) return true;
  return false;
}

/** Lexicographic comparison of slices a and b (each `len` values at a·len, b·len); NaN after every number. */
function compareRows(v: ArrayLike<number>, len: number, a: number, b: number): number {
  for (let k = 0; k < len; k++) {
    const p = v[a * len + k];
    const q = v[b * len + k];
    if (p < q || (q !== q && p === p)) return -1;
    if (p > q || (p !== p && q === q)) return 1;
  }
  return 0;
}

/**
 * The sorted unique elements of `x` (or unique slices along `dim`), as torch.unique. With `returnInverse` /
 * `returnCounts` a tuple `[output, inverseIndices?, counts?]` (only the requested ones, in this order; also readable by
 * name). NaNs are each distinct, sorted last. Real tensors; int32 inverse and counts; no gradient.
 * @example `unique(tensor([3, 1, 3, 2])).toArray(); // [1, 2, 3]`
 */
export function unique(
  x: Tensor,
  opts: UniqueOptions & ({ returnInverse: true } | { returnCounts: true }),
): UniqueResult;
export function unique(x: Tensor, opts?: UniqueOptions & { returnInverse?: false; returnCounts?: false }): Tensor;
export function unique(x: Tensor, opts?: UniqueOptions): Tensor | UniqueResult;
export function unique(x: Tensor, opts?: UniqueOptions): Tensor | UniqueResult {
  const op = 'unique';
  const o = readOptions(op, opts, ['sorted', 'returnInverse', 'returnCounts', 'dim']);
  booleanArg(op, 'sorted', o.sorted, true);
  const returnInverse = booleanArg(op, 'returnInverse', o.returnInverse, false);
  const returnCounts = booleanArg(op, 'returnCounts', o.returnCounts, false);
  requireRealTensor(op, x);
  const byDim = o.dim !== undefined && o.dim !== null;
  const d = byDim ? normalizeDim(op, o.dim, x.ndim) : 0;
  // Rows to deduplicate: the slices along d (moved to the front), or every element.
  const rows = byDim ? moveAxis(x, d, 0) : x.reshape([-1]);
  const count = byDim ? (x.ndim === 0 ? 1 : x.shape[d]) : x.size;
  const len = count === 0 ? 0 : rows.size / count;
  const v = toTypedArray(rows.dtype === 'bool' ? cast(rows, 'int32') : rows);
  // Typed arrays throughout: JS arrays of ~1.3e8 entries abort the process.
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  sortOrder(order, (a, b) => compareRows(v, len, a, b) || a - b);
  const inverse = new Int32Array(count);
  const firstsAll = new Int32Array(count);
  const countsAll = new Int32Array(count);
  let groups = 0;
  for (let k = 0; k < count; k++) {
    const r = order[k];
    if (groups === 0 || compareRows(v, len, firstsAll[groups - 1], r) !== 0 || hasNaN(v, len, r))
      firstsAll[groups++] = r;
    inverse[r] = groups - 1;
    countsAll[groups - 1]++;
  }
  const firsts = firstsAll.slice(0, groups);
  const counts = countsAll.slice(0, groups);
  const picked = indexSelect(rows.detach(), 0, tensor(firsts));
  const output = byDim ? moveAxis(picked, 0, d).contiguous() : picked;
  if (!returnInverse && !returnCounts) return output;
  const names: ('output' | 'inverseIndices' | 'counts')[] = ['output'];
  const parts: Tensor[] = [output];
  if (returnInverse) {
    names.push('inverseIndices');
    parts.push(tensor(inverse, { shape: byDim ? [count] : [...x.shape] }));
  }
  if (returnCounts) {
    names.push('counts');
    parts.push(tensor(counts));
  }
  return namedTuple(names, parts) as unknown as UniqueResult;
}
