/**
 * Scratch shared by the TypeScript GEMM kernels, real (`gemm-blocked.ts`, `gemm-direct.ts`, `gemm-thin.ts`) and
 * complex (`gemm-complex.ts`): two module-level Float64Array buffers for packed operands (or a thin product's row),
 * grown on demand and reused across calls, and the store of a partial edge tile.
 *
 * Assumptions: not re-entrant — a kernel finishes with the buffers before the next kernel call (JavaScript runs one
 * kernel at a time per thread; worker threads have their own module instances). Contents are unspecified.
 */

/** Real typed arrays the float kernels read and write (complex storage is interleaved in the same arrays). */
export type RealArray = Float64Array | Float32Array;

/**
 * The operands of one product, in the argument order of every GEMM entry point and kernel: sizes m, n, k; A(i, p) at
 * a[aOff + i·aRs + p·aCs]; B(p, j) at b[bOff + p·bRs + j·bCs]; C(i, j) at c[cOff + i·n + j] (complex storage: the
 * same in complex elements, interleaved). The signature of each kernel is stated once, here.
 */
export type GemmOperands<T> = [
  m: number,
  n: number,
  k: number,
  a: T,
  aOff: number,
  aRs: number,
  aCs: number,
  b: T,
  bOff: number,
  bRs: number,
  bCs: number,
  c: T,
  cOff: number,
];
/** A real product kernel: C = A·B, or C += A·B when `add`; R is its result (the WebAssembly path's success flag). */
export type RealGemm<R = void> = (...args: [...GemmOperands<RealArray>, add: boolean]) => R;
/** A complex product kernel: C = op(A)·op(B), op conjugating when conjA / conjB, or C += … when `add`. */
export type ComplexGemm<R = void> = (
  ...args: [...GemmOperands<RealArray>, conjA: boolean, conjB: boolean, add: boolean]
) => R;

let bufferA = new Float64Array(0);
let bufferB = new Float64Array(0);

/** A scratch buffer of at least `size` doubles for packed A (or a thin product's row), grown when needed. */
export function scratchA(size: number): Float64Array {
  if (bufferA.length < size) bufferA = new Float64Array(size);
  return bufferA;
}

/** A scratch buffer of at least `size` doubles for packed B, grown when needed. */
export function scratchB(size: number): Float64Array {
  if (bufferB.length < size) bufferB = new Float64Array(size);
  return bufferB;
}

/**
 * Writes the leading rows×cols scalars of the row-major register tile `t` (row length tileRow scalars) to C at `o`
 * (row stride ldc), overwriting or (add) accumulating: the partial tiles at the bottom and right edges of C.
 */
export function storeTile(
  t: Float64Array,
  tileRow: number,
  c: RealArray,
  o: number,
  ldc: number,
  rows: number,
  cols: number,
  add: boolean,
): void {
  for (let r = 0; r < rows; r++) {
    const tr = r * tileRow;
    for (let q = 0; q < cols; q++) {
      if (add) c[o + q] += t[tr + q];
      else c[o + q] = t[tr + q];
    }
    o += ldc;
  }
}
