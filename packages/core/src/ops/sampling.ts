/**
 * Sampling category indices from weights (`torch.multinomial`), with the seeded generator of {@link manualSeed}.
 * With replacement: inverse-CDF sampling (binary search in the running sum). Without replacement: the
 * exponential-keys method of Efraimidis & Spirakis ("Weighted random sampling with a reservoir", Information
 * Processing Letters 97(5), 2006): key_i = log(u_i)/w_i, the k largest keys are a weighted sample without
 * replacement, taken in decreasing key order (= the order of successive draws).
 */
import { isComplex } from '../dtype';
import { DtypeError, ShapeError } from '../errors';
import { sortOrder } from '../kernels/sort';
import { readOptions } from '../options';
import { nextUniform } from '../random';
import type { Tensor } from '../tensor';
import { describeTensor, describeValue, empty, requireTensor } from './util';

/** Row `r` of the (1-D or 2-D) weights as doubles, checked: finite, non-negative, with a positive sum. */
function rowWeights(probs: Tensor, r: number, n: number): Float64Array {
  const w = new Float64Array(n);
  const rowStride = probs.ndim === 2 ? probs.strides[0] : 0;
  const colStride = probs.strides[probs.ndim - 1];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = probs.storage[probs.offset + r * rowStride + i * colStride];
    if (!(v >= 0) || v === Number.POSITIVE_INFINITY)
      throw new DtypeError(
        `multinomial: expected finite non-negative weights, got ${v} at ${probs.ndim === 2 ? `row ${r}, ` : ''}index ${i}`,
      );
    w[i] = v;
    total += v;
  }
  if (!(total > 0) || !Number.isFinite(total))
    throw new DtypeError(
      `multinomial: expected weights with a positive finite sum, got sum ${total}${probs.ndim === 2 ? ` in row ${r}` : ''}`,
    );
  return w;
}

function withReplacement(w: Float64Array, count: number, out: Int32Array, at: number): void {
  const n = w.length;
  const cdf = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += w[i];
    cdf[i] = acc;
  }
  for (let s = 0; s < count; s++) {
    const target = nextUniform() * acc;
    // First i with cdf[i] > target; zero-weight categories are never picked (their cdf equals the previous one).
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    out[at + s] = lo;
  }
}

function withoutReplacement(w: Float64Array, count: number, out: Int32Array, at: number): void {
  // Typed arrays: a JS array of ~1.3e8 keys would abort the process.
  const keys = new Float64Array(w.length);
  const order = new Int32Array(w.length);
  let m = 0;
  for (let i = 0; i < w.length; i++) {
    if (w[i] === 0) continue;
    let u = nextUniform();
    while (u === 0) u = nextUniform();
    keys[i] = Math.log(u) / w[i];
    order[m++] = i;
  }
  const drawn = order.subarray(0, m);
  sortOrder(drawn, (a, b) => keys[b] - keys[a] || a - b);
  for (let s = 0; s < count; s++) out[at + s] = drawn[s];
}

/**
 * Draws `numSamples` category indices from each row of non-negative weights `probs` (1-D, or 2-D: one distribution
 * per row; weights need not sum to 1), as `torch.multinomial`. Without replacement (the default) no index repeats in
 * a row. Returns int32 indices of shape `[numSamples]` or `[rows, numSamples]`; reproducible with {@link manualSeed}.
 * @example `multinomial(tensor([0, 1, 0]), 1).toArray(); // [1]`
 */
export function multinomial(probs: Tensor, numSamples: number, opts?: { replacement?: boolean }): Tensor {
  const op = 'multinomial';
  requireTensor(op, probs);
  const o = readOptions(op, opts, ['replacement']);
  const replacement = o.replacement ?? false;
  if (typeof replacement !== 'boolean')
    throw new DtypeError(`${op}: expected replacement to be a boolean, got ${describeValue(replacement)}`);
  if (isComplex(probs.dtype) || probs.dtype === 'bool')
    throw new DtypeError(`${op}: expected real floating or int32 weights, got ${describeTensor(probs)}`);
  if (probs.ndim !== 1 && probs.ndim !== 2)
    throw new ShapeError(`${op}: expected 1-D or 2-D weights, got ${describeTensor(probs)}`);
  const n = probs.shape[probs.ndim - 1];
  if (typeof numSamples !== 'number' || !Number.isInteger(numSamples) || numSamples <= 0)
    throw new ShapeError(`${op}: expected a positive integer numSamples, got ${describeValue(numSamples)}`);
  if (n === 0) throw new ShapeError(`${op}: expected at least one category, got ${describeTensor(probs)}`);
  if (!replacement && numSamples > n)
    throw new ShapeError(
      `${op}: expected numSamples <= ${n} (the number of categories) when sampling without replacement, got ${numSamples}`,
    );
  const rows = probs.ndim === 2 ? probs.shape[0] : 1;
  // Validate every row before drawing, so a bad row leaves the generator's state untouched.
  const weights = Array.from({ length: rows }, (_, r) => rowWeights(probs, r, n));
  for (const w of weights) {
    const nonZero = w.reduce((c, v) => c + (v > 0 ? 1 : 0), 0);
    if (!replacement && nonZero < numSamples)
      throw new ShapeError(
        `${op}: expected numSamples <= the number of categories with non-zero weight (${nonZero}) when sampling without replacement, got ${numSamples}`,
      );
  }
  const out = empty(probs.ndim === 2 ? [rows, numSamples] : [numSamples], 'int32');
  const data = out.storage as Int32Array;
  weights.forEach((w, r) => {
    if (replacement) withReplacement(w, numSamples, data, r * numSamples);
    else withoutReplacement(w, numSamples, data, r * numSamples);
  });
  return out;
}
