/**
 * Reductions over a set of dims of a strided tensor into a contiguous output (kept dims in order). The kept and the
 * reduced index spaces are coalesced separately; each output element reduces over rows of the reduced space.
 * Accumulation is in float64 locals for every dtype (more accurate than float32 pairwise for the sizes used here).
 */
import type { Storage } from '../dtype';
import { coalesce } from './iterate';

/** `sumExact`: a real sum with Neumaier's compensation (exact for integer inputs whose exact sum is below 2^53). */
export type ReduceKind = 'sum' | 'sumExact' | 'prod' | 'argmax' | 'argmin';

interface Space {
  shape: number[];
  strides: number[];
}

function split(shape: readonly number[], strides: readonly number[], reduced: readonly boolean[]): [Space, Space] {
  const kept: Space = { shape: [], strides: [] };
  const red: Space = { shape: [], strides: [] };
  for (let d = 0; d < shape.length; d++) {
    const target = reduced[d] ? red : kept;
    target.shape.push(shape[d]);
    target.strides.push(strides[d]);
  }
  const k = coalesce(kept.shape, [kept.strides]);
  const r = coalesce(red.shape, [red.strides]);
  return [
    { shape: k.shape, strides: k.strides[0] },
    { shape: r.shape, strides: r.strides[0] },
  ];
}

/** Iterates the offsets of a (coalesced) space, calling `visit(offset)` once per element (first dim outermost). */
function forEachOffset(space: Space, base: number, visit: (offset: number, index: number) => void): void {
  const nd = space.shape.length;
  let total = 1;
  for (let d = 0; d < nd; d++) total *= space.shape[d];
  if (total === 0) return;
  if (nd <= 1) {
    const s = nd === 0 ? 0 : space.strides[0];
    for (let i = 0, o = base; i < total; i++, o += s) visit(o, i);
    return;
  }
  const counter = new Array<number>(nd).fill(0);
  let offset = base;
  for (let i = 0; i < total; i++) {
    visit(offset, i);
    for (let d = nd - 1; d >= 0; d--) {
      counter[d]++;
      offset += space.strides[d];
      if (counter[d] < space.shape[d]) break;
      offset -= space.strides[d] * space.shape[d];
      counter[d] = 0;
    }
  }
}

/**
 * Reduces `x` (logical shape/strides/offset, element units) over the dims flagged in `reduced`, writing one value per
 * kept position into `out` (contiguous, element units). For complex `sum`/`prod` pass `complex = true` (out is
 * interleaved). `argmax`/`argmin` write the flat index within the reduced space (first occurrence; NaN wins, as torch).
 */
export function reduce(
  kind: ReduceKind,
  complex: boolean,
  x: Storage,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  reduced: readonly boolean[],
  out: Storage,
): void {
  const [kept, red] = split(shape, strides, reduced);
  const rn = red.shape.length;
  // Fast inner loop over the last reduced (coalesced) dim; outer reduced dims (rare) iterate with counters.
  const inner = rn === 0 ? 1 : red.shape[rn - 1];
  const innerStride = rn === 0 ? 0 : red.strides[rn - 1];
  const outerRed: Space = {
    shape: red.shape.slice(0, Math.max(rn - 1, 0)),
    strides: red.strides.slice(0, Math.max(rn - 1, 0)),
  };
  let redTotal = 1;
  for (const s of red.shape) redTotal *= s;
  if (kind === 'sum' && !complex && sumOuter(x, kept, red, offset, out)) return;

  forEachOffset(kept, offset, (base, k) => {
    if (kind === 'sumExact') {
      // Neumaier's variant of Kahan summation (Neumaier 1974): for integers every rounding error is itself an
      // integer, so s + c is the exact sum whenever it is representable.
      let sum = 0;
      let c = 0;
      forEachOffset(outerRed, base, (o) => {
        for (let i = 0, p = o; i < inner; i++, p += innerStride) {
          const v = x[p];
          const t = sum + v;
          c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
          sum = t;
        }
      });
      out[k] = sum + c;
      return;
    }
    if (kind === 'sum' || kind === 'prod') {
      const isSum = kind === 'sum';
      let re = isSum ? 0 : 1;
      let im = 0;
      forEachOffset(outerRed, base, (o) => {
        if (!complex) {
          if (isSum) for (let i = 0, p = o; i < inner; i++, p += innerStride) re += x[p];
          else for (let i = 0, p = o; i < inner; i++, p += innerStride) re *= x[p];
        } else if (isSum) {
          for (let i = 0, p = o; i < inner; i++, p += innerStride) {
            re += x[2 * p];
            im += x[2 * p + 1];
          }
        } else {
          for (let i = 0, p = o; i < inner; i++, p += innerStride) {
            const a = x[2 * p];
            const b = x[2 * p + 1];
            const t = re * a - im * b;
            im = re * b + im * a;
            re = t;
          }
        }
      });
      if (complex) {
        out[2 * k] = re;
        out[2 * k + 1] = im;
      } else out[k] = re;
      return;
    }
    if (redTotal === 0) return;
    const isMax = kind === 'argmax';
    let best = Number.NaN;
    let bestIndex = -1;
    forEachOffset(outerRed, base, (o, row) => {
      if (bestIndex >= 0 && best !== best) return;
      for (let i = 0, p = o; i < inner; i++, p += innerStride) {
        const v = x[p];
        if (bestIndex < 0 || v !== v || (isMax ? v > best : v < best)) {
          best = v;
          bestIndex = row * inner + i;
          if (v !== v) return;
        }
      }
    });
    out[k] = bestIndex;
  });
}

/**
 * A real sum whose innermost kept dim has a smaller stride than every reduced dim (a sum over leading / outer dims,
 * e.g. a bias gradient [rows, n] → [n]): instead of one strided walk per output, each reduced offset adds a whole
 * contiguous-ish row of kept values into float64 accumulators. Every output sees the reduced elements in the same
 * order as the general path, so the result is bit-identical. Returns false (nothing written) when it does not apply.
 */
function sumOuter(x: Storage, kept: Space, red: Space, offset: number, out: Storage): boolean {
  const kn = kept.shape.length;
  if (kn === 0 || red.shape.length === 0) return false;
  const inner = kept.shape[kn - 1];
  if (inner < 16) return false; // short rows: the per-row call would cost more than the strided walk saves
  const stride = Math.abs(kept.strides[kn - 1]);
  for (const s of red.strides) if (Math.abs(s) <= stride) return false;
  const step = kept.strides[kn - 1];
  const outerKept: Space = { shape: kept.shape.slice(0, kn - 1), strides: kept.strides.slice(0, kn - 1) };
  const acc = new Float64Array(inner);
  forEachOffset(outerKept, offset, (base, k) => {
    acc.fill(0);
    forEachOffset(red, base, (o) => {
      for (let i = 0, p = o; i < inner; i++, p += step) acc[i] += x[p];
    });
    for (let i = 0, to = k * inner; i < inner; i++) out[to + i] = acc[i];
  });
  return true;
}
