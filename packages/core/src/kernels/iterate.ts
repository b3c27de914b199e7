/**
 * Strided iteration drivers for elementwise kernels (stdlib-js style: sizes, strides and offsets as arguments).
 * Dimensions are first coalesced (merged where every operand is contiguous across them, size-1 dims dropped), then
 * the innermost dimension becomes a "row" handed to an op-specific row function, so the per-element work is a tight
 * loop with no index arithmetic beyond one stride per operand. Strides and offsets are in elements; row functions of
 * complex dtypes multiply by 2 themselves.
 */
import type { Storage } from '../dtype';

/** The storage of a row function's operand, spelled short in the kernel tables' many signatures. */
export type X = Storage;

/** One operand of a row function: its storage, the element offset where the row starts, the stride along the row. */
type RowOperand = [x: Storage, offset: number, stride: number];
/** A row function: the row length, then each input operand and last the output, as {@link RowOperand}s. */
export type Row1 = (n: number, ...operands: [...RowOperand, ...RowOperand]) => void;
export type Row2 = (n: number, ...operands: [...RowOperand, ...RowOperand, ...RowOperand]) => void;
export type Row3 = (n: number, ...operands: [...RowOperand, ...RowOperand, ...RowOperand, ...RowOperand]) => void;

/** A strided operand of the map drivers: its storage, element strides and offset (a Tensor is one). */
export interface Strided {
  readonly storage: Storage;
  readonly strides: readonly number[];
  readonly offset: number;
}

interface Coalesced {
  shape: number[];
  strides: number[][];
}

/** Drops size-1 dims and merges adjacent dims that are contiguous for every operand. */
export function coalesce(shape: readonly number[], strides: readonly (readonly number[])[]): Coalesced {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d];
    if (size === 1) continue;
    const last = outShape.length - 1;
    let mergeable = last >= 0;
    if (mergeable) {
      for (let k = 0; k < strides.length; k++) {
        if (outStrides[k][last] !== strides[k][d] * size) {
          mergeable = false;
          break;
        }
      }
    }
    if (mergeable) {
      outShape[last] *= size;
      for (let k = 0; k < strides.length; k++) outStrides[k][last] = strides[k][d];
    } else {
      outShape.push(size);
      for (let k = 0; k < strides.length; k++) outStrides[k].push(strides[k][d]);
    }
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * Calls `visit(rowIndex, offsets)` for every innermost row of a coalesced iteration space, with the element offset of
 * each operand at the start of the row. Iterative counter (no recursion), offsets updated incrementally.
 */
function forEachRow(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  offsets: number[],
  visit: (offsets: number[]) => void,
): void {
  const nd = shape.length;
  if (nd <= 1) {
    visit(offsets);
    return;
  }
  const outer = nd - 1;
  const counter = new Array<number>(outer).fill(0);
  const k = strides.length;
  for (;;) {
    visit(offsets);
    let d = outer - 1;
    for (; d >= 0; d--) {
      counter[d]++;
      if (counter[d] < shape[d]) {
        for (let j = 0; j < k; j++) offsets[j] += strides[j][d];
        break;
      }
      counter[d] = 0;
      for (let j = 0; j < k; j++) offsets[j] -= strides[j][d] * (shape[d] - 1);
    }
    if (d < 0) return;
  }
}

function isEmpty(shape: readonly number[]): boolean {
  for (let i = 0; i < shape.length; i++) if (shape[i] === 0) return true;
  return false;
}

/** out[i] = f(x[i]) over `shape`. */
export function map1(
  shape: readonly number[],
  x: Storage,
  xStrides: readonly number[],
  xOff: number,
  out: Storage,
  outStrides: readonly number[],
  outOff: number,
  row: Row1,
): void {
  if (isEmpty(shape)) return;
  const c = coalesce(shape, [xStrides, outStrides]);
  const nd = c.shape.length;
  const n = nd === 0 ? 1 : c.shape[nd - 1];
  const xs = nd === 0 ? 0 : c.strides[0][nd - 1];
  const os = nd === 0 ? 0 : c.strides[1][nd - 1];
  forEachRow(c.shape, c.strides, [xOff, outOff], (o) => row(n, x, o[0], xs, out, o[1], os));
}

/** out[i] = f(a[i], b[i]) over `shape` (operands already broadcast: stride 0 on broadcast dims). */
export function map2(shape: readonly number[], a: Strided, b: Strided, out: Strided, row: Row2): void {
  if (isEmpty(shape)) return;
  const c = coalesce(shape, [a.strides, b.strides, out.strides]);
  const nd = c.shape.length;
  const n = nd === 0 ? 1 : c.shape[nd - 1];
  const s = c.strides;
  const as = nd === 0 ? 0 : s[0][nd - 1];
  const bs = nd === 0 ? 0 : s[1][nd - 1];
  const os = nd === 0 ? 0 : s[2][nd - 1];
  const [x, y, o] = [a.storage, b.storage, out.storage];
  forEachRow(c.shape, s, [a.offset, b.offset, out.offset], (p) => row(n, x, p[0], as, y, p[1], bs, o, p[2], os));
}

/** out[i] = f(a[i], b[i], c[i]) over `shape` (operands already broadcast). */
export function map3(shape: readonly number[], a: Strided, b: Strided, c: Strided, out: Strided, row: Row3): void {
  if (isEmpty(shape)) return;
  const co = coalesce(shape, [a.strides, b.strides, c.strides, out.strides]);
  const nd = co.shape.length;
  const n = nd === 0 ? 1 : co.shape[nd - 1];
  const s = co.strides;
  const last = (k: number) => (nd === 0 ? 0 : s[k][nd - 1]);
  const [as, bs, cs, os] = [last(0), last(1), last(2), last(3)];
  const [x, y, z, o] = [a.storage, b.storage, c.storage, out.storage];
  forEachRow(co.shape, s, [a.offset, b.offset, c.offset, out.offset], (p) =>
    row(n, x, p[0], as, y, p[1], bs, z, p[2], cs, o, p[3], os),
  );
}

/**
 * Calls `visit(offsets)` once per lane along `dim`: for every position of the other dims, with the element offset of
 * each operand at the start of its lane (each operand walks its lane with its own stride along `dim`). Used by the
 * kernels that work on whole lines at once (scans, sorting).
 */
export function forEachLane(
  shape: readonly number[],
  dim: number,
  strides: readonly (readonly number[])[],
  offsets: readonly number[],
  visit: (offsets: number[]) => void,
): void {
  if (isEmpty(shape)) return;
  const outerShape = shape.filter((_, d) => d !== dim);
  const c = coalesce(
    outerShape,
    strides.map((s) => s.filter((_, d) => d !== dim)),
  );
  const nd = c.shape.length;
  const current = [...offsets];
  const counter = new Array<number>(nd).fill(0);
  for (;;) {
    visit(current);
    let d = nd - 1;
    for (; d >= 0; d--) {
      counter[d]++;
      if (counter[d] < c.shape[d]) {
        for (let k = 0; k < current.length; k++) current[k] += c.strides[k][d];
        break;
      }
      counter[d] = 0;
      for (let k = 0; k < current.length; k++) current[k] -= c.strides[k][d] * (c.shape[d] - 1);
    }
    if (d < 0) return;
  }
}
