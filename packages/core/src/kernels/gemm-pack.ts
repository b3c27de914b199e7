/**
 * Packing of GEMM operands into zero-padded micro-panels (Goto & van de Geijn, "Anatomy of high-performance matrix
 * multiplication", ACM TOMS 34(3), 2008, §4): the one home of the packing loops of the TypeScript blocked kernels
 * (`gemm-blocked.ts`, `gemm-complex.ts`) and the WebAssembly drivers (`gemm-wasm.ts`, `gemm-wasm-complex.ts`).
 *
 * A panel is `width` vectors read side by side: rows of A (vector stride = A's row stride, depth stride = its column
 * stride) or columns of B (vector stride = B's column stride, depth stride = its row stride) — the same loop, so one
 * function packs both operands. For each depth step p the panel holds its `width` values consecutively; vectors past
 * `count` are zero. Source strides are arbitrary (0 broadcasts); float32 sources are widened to float64.
 */

import type { RealArray } from './gemm-scratch';

/**
 * Packs `count` real vectors of length `depth` (vector v, step p at x[base + v·vs + p·ds]) into ⌈count/4⌉ panels of
 * depth×4 doubles at dst[o…]; returns the offset after the last panel.
 */
export function packPanels4(
  count: number,
  depth: number,
  x: RealArray,
  base: number,
  vs: number,
  ds: number,
  dst: Float64Array,
  o: number,
): number {
  for (let v0 = 0; v0 < count; v0 += 4) {
    let s0 = base + v0 * vs;
    if (count - v0 >= 4) {
      let s1 = s0 + vs;
      let s2 = s1 + vs;
      let s3 = s2 + vs;
      for (let p = 0; p < depth; p++) {
        dst[o] = x[s0];
        dst[o + 1] = x[s1];
        dst[o + 2] = x[s2];
        dst[o + 3] = x[s3];
        o += 4;
        s0 += ds;
        s1 += ds;
        s2 += ds;
        s3 += ds;
      }
    } else {
      const valid = count - v0;
      for (let p = 0; p < depth; p++) {
        let s = s0;
        for (let r = 0; r < 4; r++) {
          dst[o + r] = r < valid ? x[s] : 0;
          s += vs;
        }
        o += 4;
        s0 += ds;
      }
    }
  }
  return o;
}

/**
 * Packs `count` complex vectors (interleaved storage; base and strides count complex elements) into ⌈count/width⌉
 * panels of depth×width (re, im) pairs at dst[o…], conjugating when `sign` is −1; returns the offset after the last
 * panel.
 */
export function packComplexPanels(
  width: number,
  count: number,
  depth: number,
  x: RealArray,
  base: number,
  vs: number,
  ds: number,
  sign: number,
  dst: Float64Array,
  o: number,
): number {
  const ds2 = 2 * ds;
  const step = 2 * width;
  for (let v0 = 0; v0 < count; v0 += width) {
    const valid = Math.min(width, count - v0);
    // Vector by vector: the inner loop runs along the depth, long and uniform whatever the width.
    for (let r = 0; r < width; r++) {
      let d = o + 2 * r;
      const end = d + depth * step;
      if (r < valid) {
        for (let s = 2 * (base + (v0 + r) * vs); d < end; d += step, s += ds2) {
          dst[d] = x[s];
          dst[d + 1] = sign * x[s + 1];
        }
      } else {
        for (; d < end; d += step) {
          dst[d] = 0;
          dst[d + 1] = 0;
        }
      }
    }
    o += depth * step;
  }
  return o;
}
