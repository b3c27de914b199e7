/**
 * The SVD's bidiagonal reduction shared among threads (./split-bidiag.ts): with setNumThreads(2) the pool runs the
 * row passes of large reductions, and every result is bit-identical to one thread.
 */
import { setNumThreads, type Tensor } from '@tapegrad/core';
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
    const P = randomTensor([200, 200], 'float64', 5);
    sameWithTwoThreads(() => [pinv(P)]);
  });
});
