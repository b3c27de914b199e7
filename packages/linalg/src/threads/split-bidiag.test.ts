/**
 * The SVD's bidiagonal reduction shared among threads (./split-bidiag.ts): with setNumThreads(2) the pool runs the
 * row passes of large reductions, and every result is bit-identical to one thread.
 */
import { mul, setNumThreads, type Tensor, tensor } from '@tapegrad/core';
import { randomTensor } from '@tapegrad/testing/tensors';
import { afterEach, describe, expect, it } from 'vitest';
import { poolStats } from '../../../core/src/threads/pool';
import { pinv } from '../ops/pinv';
import { svd, svdvals } from '../ops/svd';
import { GEBRD_SPLIT_MIN } from './split-bidiag';

afterEach(() => setNumThreads(1));

function bits(t: Tensor): Buffer {
  return Buffer.from(Float64Array.from(t.contiguous().toTypedArray() as ArrayLike<number>).buffer);
}

function sameWithTwoThreads(f: () => Tensor[]): void {
  const serial = f().map(bits);
  setNumThreads(2);
  const before = poolStats().dispatched;
  const split = f().map(bits);
  expect(poolStats().dispatched).toBeGreaterThan(before);
  for (let i = 0; i < split.length; i++) expect(split[i].equals(serial[i])).toBe(true);
  setNumThreads(1);
}

describe('bidiagonal reduction over threads', () => {
  it('svd, svdvals and pinv of single large matrices are bit-identical to one thread', () => {
    // Square, tall (no QR first), wide, and the smallest shared size with a partial last row chunk.
    for (const [m, n, seed] of [
      [GEBRD_SPLIT_MIN + 45, GEBRD_SPLIT_MIN + 45, 1],
      [290, 190, 2],
      [150, 229, 3],
      [GEBRD_SPLIT_MIN + 3, GEBRD_SPLIT_MIN, 4],
    ]) {
      const A = randomTensor([m, n], 'float64', seed);
      sameWithTwoThreads(() => {
        const r = svd(A, { fullMatrices: false });
        return [r.U, r.S, r.Vh, svdvals(A)];
      });
    }
    // pinv takes the bidiagonal route when the QR certificate declines: here κ ≈ 1e12 (columns graded over twelve
    // decades), every σ still kept, so P comes from the reduction and its split products.
    const g = randomTensor([200, 200], 'float64', 5);
    const scale = Float64Array.from({ length: 200 }, (_, j) => 10 ** (-12 * (j / 199)));
    const P = mul(g, tensor(scale, { dtype: 'float64', shape: [1, 200] }));
    sameWithTwoThreads(() => [pinv(P)]);
  });

  it('pinv on the certified QR route (Q applied by column slabs) is bit-identical to one thread', () => {
    for (const [m, n, seed] of [
      [400, 300, 6],
      [300, 400, 7],
    ]) {
      const A = randomTensor([m, n], 'float64', seed);
      sameWithTwoThreads(() => [pinv(A)]);
    }
  });
});
