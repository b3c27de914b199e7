/**
 * The batched transpose of transpose.ts (float32: the WebAssembly SIMD kernel in 4×4 blocks plus edges; float64: the
 * loop) against the definition, element by element: sizes with and without a remainder of 4, strided sides, a bias,
 * and −0 kept as −0 without a bias.
 */
import { describe, expect, it } from 'vitest';
import { transposeInto } from './transpose';

describe('transposeInto', () => {
  for (const [batch, rows, cols] of [
    [3, 8, 12],
    [2, 5, 7],
    [1, 64, 16],
    [4, 1, 3],
  ])
    for (const withBias of [false, true])
      for (const ctor of [Float32Array, Float64Array])
        it(`${batch}×${rows}×${cols}, ${withBias ? 'bias' : 'no bias'}, ${ctor.name}`, () => {
          // Source rows padded by 3 elements and batches by 5, from offset 2: a strided source.
          const sRow = cols + 3;
          const sBatch = rows * sRow + 5;
          const src = new ctor(2 + batch * sBatch);
          for (let i = 0; i < src.length; i++) src[i] = i % 7 === 0 ? -0 : ((i * 37) % 101) - 50 + 0.25;
          // Destination: for b, [cols, batch·rows] rows (one batch's block side by side with the others), from 1.
          const dRow = batch * rows;
          const dst = new ctor(1 + cols * dRow);
          const bias = withBias ? new ctor(Array.from({ length: batch }, (_, b) => b + 0.5)) : null;
          transposeInto(
            batch,
            rows,
            cols,
            { array: src, offset: 2, batch: sBatch, row: sRow },
            { array: dst, offset: 1, batch: rows, row: dRow },
            bias,
          );
          for (let b = 0; b < batch; b++)
            for (let i = 0; i < rows; i++)
              for (let j = 0; j < cols; j++) {
                const v = src[2 + b * sBatch + i * sRow + j];
                expect(Object.is(dst[1 + b * rows + j * dRow + i], bias === null ? v : v + bias[b])).toBe(true);
              }
          expect(dst[0]).toBe(0);
        });
});
