/**
 * Batched linear algebra over the worker pool (setNumThreads): every split result is bit-identical to the one-thread
 * result (the same kernels compute every matrix), the pool is really used, and failures report the first failing
 * matrix exactly as the serial loop does.
 */
import { setNumThreads, type Tensor, tensor } from '@tapegrad/core';
import { randomTensor } from '@tapegrad/testing/tensors';
import { afterEach, describe, expect, it } from 'vitest';
import { poolStats } from '../../../core/src/threads/pool';
import { eigh } from '../ops/eigh';
import { pinv } from '../ops/pinv';
import { svd, svdvals } from '../ops/svd';

afterEach(() => setNumThreads(1));

/** The float64 bits of a tensor's values, for exact comparison. */
function bits(t: Tensor): Buffer {
  const data = Float64Array.from(t.contiguous().toTypedArray() as ArrayLike<number>);
  return Buffer.from(data.buffer);
}

/** Runs `f` with 1 thread, then with 2; checks the pool ran part of the second call and the results are identical. */
function sameWithTwoThreads(f: () => Tensor[]): void {
  const serial = f().map(bits);
  setNumThreads(2);
  const before = poolStats().dispatched;
  const split = f().map(bits);
  expect(poolStats().dispatched).toBeGreaterThan(before);
  expect(split.length).toBe(serial.length);
  for (let i = 0; i < split.length; i++) expect(split[i].equals(serial[i])).toBe(true);
}

describe('batched linalg with setNumThreads(2) is bit-identical to one thread', () => {
  it('pinv of a batch of 8×8 (SVD path), float64 and complex128', () => {
    const A = randomTensor([400, 8, 8], 'float64', 11);
    sameWithTwoThreads(() => [pinv(A)]);
    const Z = randomTensor([200, 8, 8], 'complex128', 12);
    sameWithTwoThreads(() => [pinv(Z)]);
  });

  it('pinv of tall and wide batches (QR-first path), with per-matrix tolerances', () => {
    const T = randomTensor([60, 40, 10], 'float64', 13);
    sameWithTwoThreads(() => [pinv(T)]);
    const W = randomTensor([60, 10, 40], 'float64', 14);
    const rtol = randomTensor([60], 'float64', 15).abs().mul(0.3);
    sameWithTwoThreads(() => [pinv(W, { rtol })]);
  });

  it('hermitian pinv (eigh path)', () => {
    const B = randomTensor([400, 8, 8], 'float64', 16);
    const H = B.add(B.transpose(-1, -2));
    sameWithTwoThreads(() => [pinv(H, { hermitian: true })]);
  });

  it('svd (reduced and full), svdvals and eigh', () => {
    const A = randomTensor([1000, 10, 8], 'float64', 17);
    sameWithTwoThreads(() => {
      const r = svd(A, { fullMatrices: false });
      return [r.U, r.S, r.Vh];
    });
    sameWithTwoThreads(() => {
      const r = svd(A);
      return [r.U, r.S, r.Vh];
    });
    sameWithTwoThreads(() => [svdvals(A)]);
    const B = randomTensor([300, 8, 8], 'complex128', 18);
    sameWithTwoThreads(() => {
      const r = eigh(B.add(B.transpose(-1, -2).conj()));
      return [r.eigenvalues, r.eigenvectors];
    });
  });

  it('reports the first failing matrix as one thread does, wherever it falls', () => {
    const data = Float64Array.from(randomTensor([400, 8, 8], 'float64', 19).toTypedArray() as Float64Array);
    data[350 * 64 + 5] = Number.NaN; // in the worker's half
    const bad = tensor(data, { dtype: 'float64', shape: [400, 8, 8] });
    let serial = '';
    try {
      pinv(bad);
    } catch (e) {
      serial = String(e);
    }
    expect(serial).toMatch(/^LinalgError: linalg\.pinv: the input contains non-finite values/);
    setNumThreads(2);
    expect(() => pinv(bad)).toThrow(serial.replace(/^LinalgError: /, ''));
  });
});
