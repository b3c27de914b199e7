/**
 * Argument checks of the public GEMM entry points (gemmF64, gemmF32, gemmC128, gemmC64), done before anything is read
 * or written: typed arrays of the kernel's kind, non-negative integer sizes, integer offsets and strides, every element
 * the product reads or writes inside its array, and C not overlapping A or B (the kernels write C while still reading
 * A and B). O(1) per call.
 */
import { describeValue } from '../describe';
import { DtypeError, ShapeError } from '../errors';

type Floats = Float32Array | Float64Array;
type FloatsClass = Float32ArrayConstructor | Float64ArrayConstructor;

function outside(op: string, name: string, shape: string, elements: number, lo: number, hi: number): never {
  throw new ShapeError(
    `${op}: expected ${name} (${shape}) to lie within its array of ${elements} elements, got element indices ${lo} to ${hi}`,
  );
}

/** Whether the byte ranges of elements [xLo, xHi] of x and [yLo, yHi] of y (one buffer) intersect. */
function overlaps(x: Floats, xLo: number, xHi: number, y: Floats, yLo: number, yHi: number, per: number): boolean {
  const bx = per * x.BYTES_PER_ELEMENT;
  const by = per * y.BYTES_PER_ELEMENT;
  return (
    x.byteOffset + xLo * bx < y.byteOffset + (yHi + 1) * by && y.byteOffset + yLo * by < x.byteOffset + (xHi + 1) * bx
  );
}

/** Throws a ShapeError / DtypeError naming `op` unless the call is valid. `per` is 2 for complex (interleaved) storage. */
export function checkGemm(
  op: string,
  kind: FloatsClass,
  per: number,
  m: number,
  n: number,
  k: number,
  a: Floats,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Floats,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Floats,
  cOff: number,
): void {
  if (!(a instanceof kind) || !(b instanceof kind) || !(c instanceof kind)) {
    const [name, arr] = !(a instanceof kind) ? ['A', a] : !(b instanceof kind) ? ['B', b] : ['C', c];
    throw new DtypeError(`${op}: expected ${name} to be a ${kind.name}, got ${describeValue(arr)}`);
  }
  if (!(Number.isInteger(m) && Number.isInteger(n) && Number.isInteger(k) && m >= 0 && n >= 0 && k >= 0))
    throw new ShapeError(`${op}: expected non-negative integer sizes m, n, k, got ${m}, ${n}, ${k}`);
  if (
    !(
      Number.isInteger(aOff) &&
      Number.isInteger(aRs) &&
      Number.isInteger(aCs) &&
      Number.isInteger(bOff) &&
      Number.isInteger(bRs) &&
      Number.isInteger(bCs) &&
      Number.isInteger(cOff)
    )
  )
    throw new ShapeError(
      `${op}: expected integer offsets and strides, got ${[aOff, aRs, aCs, bOff, bRs, bCs, cOff].join(', ')}`,
    );
  if (m === 0 || n === 0) return;
  // C is written contiguously at [cOff, cOff + m·n); A (m×k) and B (k×n) are read only when k > 0.
  const cLo = cOff;
  const cHi = cOff + m * n - 1;
  if (cLo < 0 || (cHi + 1) * per > c.length) outside(op, 'C', `${m}×${n}`, c.length / per, cLo, cHi);
  if (k === 0) return;
  const aLo = aOff + Math.min(0, (m - 1) * aRs) + Math.min(0, (k - 1) * aCs);
  const aHi = aOff + Math.max(0, (m - 1) * aRs) + Math.max(0, (k - 1) * aCs);
  if (aLo < 0 || (aHi + 1) * per > a.length) outside(op, 'A', `${m}×${k}`, a.length / per, aLo, aHi);
  const bLo = bOff + Math.min(0, (k - 1) * bRs) + Math.min(0, (n - 1) * bCs);
  const bHi = bOff + Math.max(0, (k - 1) * bRs) + Math.max(0, (n - 1) * bCs);
  if (bLo < 0 || (bHi + 1) * per > b.length) outside(op, 'B', `${k}×${n}`, b.length / per, bLo, bHi);
  if (a.buffer === c.buffer && overlaps(a, aLo, aHi, c, cLo, cHi, per))
    throw new ShapeError(`${op}: expected C not to overlap A, got overlapping ranges of one buffer`);
  if (b.buffer === c.buffer && overlaps(b, bLo, bHi, c, cLo, cHi, per))
    throw new ShapeError(`${op}: expected C not to overlap B, got overlapping ranges of one buffer`);
}
