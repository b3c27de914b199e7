/**
 * The 4-row micro-tile shared by the float64 (f64x2) and float32 (f32x4) kernels of `strided.ts`, written
 * once for both lane types T (f64 or f32): a 4×(8 / sizeof T) tile of C in eight accumulators, two vectors per row.
 * Per depth step the packed B panel holds two vectors (32 bytes) and the packed A panel four scalars. Each product
 * and each sum is rounded once (no fused multiply-add: relaxed-simd's is not deterministic), and each entry of C is
 * one chain of adds over the block, added to C (unless `first`) at the end. See strided.ts for the algorithm and sources.
 */

/** C[4 rows at pc, row stride ldc bytes, two vectors each] = the accumulators (first) or += them. */
export function storeTile<T>(
  pc: usize,
  ldc: usize,
  first: bool,
  c00: v128,
  c01: v128,
  c10: v128,
  c11: v128,
  c20: v128,
  c21: v128,
  c30: v128,
  c31: v128,
): void {
  const p1 = pc + ldc;
  const p2 = p1 + ldc;
  const p3 = p2 + ldc;
  if (!first) {
    c00 = v128.add<T>(v128.load(pc), c00);
    c01 = v128.add<T>(v128.load(pc, 16), c01);
    c10 = v128.add<T>(v128.load(p1), c10);
    c11 = v128.add<T>(v128.load(p1, 16), c11);
    c20 = v128.add<T>(v128.load(p2), c20);
    c21 = v128.add<T>(v128.load(p2, 16), c21);
    c30 = v128.add<T>(v128.load(p3), c30);
    c31 = v128.add<T>(v128.load(p3, 16), c31);
  }
  v128.store(pc, c00);
  v128.store(pc, c01, 16);
  v128.store(p1, c10);
  v128.store(p1, c11, 16);
  v128.store(p2, c20);
  v128.store(p2, c21, 16);
  v128.store(p3, c30);
  v128.store(p3, c31, 16);
}

/**
 * C[4 rows at pc, row stride ldc bytes] (+)= A·B over kc depth steps (real T): the four rows of A at pa + r·ars bytes,
 * stepping acs bytes, and the two vectors of B from pb, stepping brs bytes. L is a compile-time layout flag: with
 * L = u8 the operands are packed panels and the strides the constants of that layout (ars = sizeof T, acs = 4·sizeof
 * T, brs = 32; the arguments are ignored), which the compiler folds into the addressing; with L = u16 (the unpacked
 * products of strided.ts) they are the arguments.
 */
export function microTile<T, L>(
  kc: i32,
  pa: usize,
  ars: usize,
  acs: usize,
  pb: usize,
  brs: usize,
  pc: usize,
  ldc: usize,
  first: bool,
): void {
  let c00 = v128.splat<T>(0);
  let c01 = v128.splat<T>(0);
  let c10 = v128.splat<T>(0);
  let c11 = v128.splat<T>(0);
  let c20 = v128.splat<T>(0);
  let c21 = v128.splat<T>(0);
  let c30 = v128.splat<T>(0);
  let c31 = v128.splat<T>(0);
  const s = <usize>sizeof<T>();
  const packed = sizeof<L>() === 1;
  const ra = packed ? s : ars;
  const ca = packed ? s << 2 : acs;
  const rb: usize = packed ? 32 : brs;
  const ra2 = ra + ra;
  const ra3 = ra2 + ra;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load_splat<T>(pa);
    c00 = v128.add<T>(c00, v128.mul<T>(a, b0));
    c01 = v128.add<T>(c01, v128.mul<T>(a, b1));
    a = v128.load_splat<T>(pa + ra);
    c10 = v128.add<T>(c10, v128.mul<T>(a, b0));
    c11 = v128.add<T>(c11, v128.mul<T>(a, b1));
    a = v128.load_splat<T>(pa + ra2);
    c20 = v128.add<T>(c20, v128.mul<T>(a, b0));
    c21 = v128.add<T>(c21, v128.mul<T>(a, b1));
    a = v128.load_splat<T>(pa + ra3);
    c30 = v128.add<T>(c30, v128.mul<T>(a, b0));
    c31 = v128.add<T>(c31, v128.mul<T>(a, b1));
    pa += ca;
    pb += rb;
  }
  storeTile<T>(pc, ldc, first, c00, c01, c10, c11, c20, c21, c30, c31);
}

/**
 * Writes the leading rows×cols scalars of a tile at pt (row stride tileRow bytes) to C at pc (row stride ldc bytes),
 * overwriting (first) or adding: the partial tiles at the bottom and right edges of C.
 */
export function storeEdge<T>(
  pt: usize,
  tileRow: usize,
  pc: usize,
  ldc: usize,
  rows: i32,
  cols: i32,
  first: bool,
): void {
  const s = <usize>sizeof<T>();
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      const t = load<T>(pt + <usize>q * s);
      const o = pc + <usize>q * s;
      store<T>(o, first ? t : load<T>(o) + t);
    }
    pt += tileRow;
    pc += ldc;
  }
}
