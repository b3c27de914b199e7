/**
 * The SVD's divide-and-conquer steps over threads (./split-bdsdc.ts, ./split-ormbr.ts): with setNumThreads(2) the
 * left child of a large bidiagonal SVD and half of the back-transformation's columns run on a pool worker, and every
 * result — values, vectors, the status of a failure — is bit-identical to one thread.
 */
import { setNumThreads } from '@tapegrad/core';
import { Lcg } from '@tapegrad/testing/random';
import { afterEach, describe, expect, it } from 'vitest';
import { poolStats } from '../../../core/src/threads/pool';
import { bdsdc, createBdsdcWorkspace } from '../kernels/bdsdc';
import { gebrdPartSize, gebrdReal } from '../kernels/bidiag';
import { ormbrWorkSize } from '../kernels/ormbr';
import { applyQPReal } from '../kernels/ormbr-shared';
import { createPinvBidiagWorkspace, pinvBidiagApply, pinvBidiagCertify } from '../kernels/pinv-bidiag';
import { createSvdWorkspace, svdRealBidiag } from '../kernels/svd';
import { BDSDC_SPLIT_MIN } from './split-bdsdc';
import './split-batch'; // installs the splitters
import { ORMBR_SPLIT_MIN } from './split-ormbr';
import { PINV_APPLY_SPLIT_MIN } from './split-pinv';

afterEach(() => setNumThreads(1));

/** Runs `f` with 1 thread and with 2; checks the pool ran part of the second run and the outputs are identical. */
function sameWithTwoThreads(f: () => Float64Array[]): void {
  setNumThreads(1);
  const serial = f().map((x) => Buffer.from(x.buffer.slice(0)));
  setNumThreads(2);
  const before = poolStats().dispatched;
  const split = f().map((x) => Buffer.from(x.buffer.slice(0)));
  expect(poolStats().dispatched).toBeGreaterThan(before);
  expect(split.length).toBe(serial.length);
  for (let i = 0; i < split.length; i++) expect(split[i].equals(serial[i])).toBe(true);
}

function randomArray(rng: Lcg, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => rng.normal());
}

/** bdsdc of d, e with a fresh workspace: [status, values, U_Bᵀ, V_Bᵀ]. */
function dc(d: Float64Array, e: Float64Array, leafSize?: number, maxit?: number): Float64Array[] {
  const n = d.length;
  const dd = d.slice();
  const ee = e.slice();
  const ut = new Float64Array(n * n);
  const vt = new Float64Array(n * n);
  const ws = createBdsdcWorkspace(n, leafSize);
  if (maxit !== undefined) ws.maxit = maxit;
  const info = bdsdc(n, dd, ee, ut, vt, ws);
  return [Float64Array.of(info), dd, ut, vt];
}

describe('divide and conquer over threads', () => {
  it('solves the children of large subproblems on two threads, bit-identical to one', () => {
    const rng = new Lcg(7);
    for (const n of [BDSDC_SPLIT_MIN, 301]) {
      const d = randomArray(rng, n);
      const e = randomArray(rng, n - 1);
      sameWithTwoThreads(() => dc(d, e));
      // Tiny leaves: deep trees on both threads, every merge path.
      sameWithTwoThreads(() => dc(d, e, 3));
    }
    // Negligible superdiagonals split the matrix into independent subproblems, each large enough to share.
    const d = randomArray(rng, 2 * BDSDC_SPLIT_MIN + 10);
    const e = randomArray(rng, d.length - 1);
    e[BDSDC_SPLIT_MIN + 4] = 0;
    sameWithTwoThreads(() => dc(d, e));
  });

  it('reports the status of a failing secular equation as one thread does', () => {
    const rng = new Lcg(8);
    const n = BDSDC_SPLIT_MIN + 40;
    const d = randomArray(rng, n);
    const e = randomArray(rng, n - 1);
    setNumThreads(1);
    const [serial] = dc(d, e, undefined, 1);
    expect(serial[0]).toBeGreaterThan(0);
    setNumThreads(2);
    const before = poolStats().dispatched;
    const [split] = dc(d, e, undefined, 1);
    expect(poolStats().dispatched).toBeGreaterThan(before);
    expect(split[0]).toBe(serial[0]);
  });
});

describe('back-transformation over threads', () => {
  it('applies Q and P to column slabs on two threads, bit-identical to one', () => {
    const rng = new Lcg(9);
    for (const [M, N, nq] of [
      [ORMBR_SPLIT_MIN, ORMBR_SPLIT_MIN, ORMBR_SPLIT_MIN],
      [300, 200, 200],
      [300, 200, 300],
      [257, 131, 257],
    ]) {
      const w = randomArray(rng, M * N);
      const d = new Float64Array(N);
      const e = new Float64Array(N);
      const tauq = new Float64Array(N);
      const taup = new Float64Array(N);
      gebrdReal(
        M,
        N,
        w,
        d,
        e,
        tauq,
        taup,
        new Float64Array(N),
        new Float64Array(2 * N),
        new Float64Array(gebrdPartSize(M, N)),
      );
      const yu0 = randomArray(rng, M * nq + 3);
      const yv0 = randomArray(rng, N * N + 5);
      sameWithTwoThreads(() => {
        const yu = yu0.slice();
        const yv = yv0.slice();
        applyQPReal(new Float64Array(ormbrWorkSize(Math.max(M, N), nq)), M, N, w, tauq, taup, yu, 3, nq, yv, 5);
        return [yu, yv];
      });
    }
  });
});

describe('pinv from the bidiagonal reduction over threads', () => {
  it('applies P, then Q, to column slabs on two threads, bit-identical to one', () => {
    const rng = new Lcg(10);
    // Square, tall and wide (both below the QR-first ratio), and the smallest shared order with an odd split.
    for (const [m, n] of [
      [PINV_APPLY_SPLIT_MIN + 1, PINV_APPLY_SPLIT_MIN + 1],
      [300, 200],
      [150, 229],
    ]) {
      const a = randomArray(rng, m * n);
      // The reduction on one thread, so that only the products are shared below.
      setNumThreads(1);
      const ws = createSvdWorkspace(m, n, { complex: false, computeUV: true, full: false });
      expect(svdRealBidiag(m, n, a, 0, ws)).toBe(0);
      const pw = createPinvBidiagWorkspace(m, n);
      sameWithTwoThreads(() => {
        expect(pinvBidiagCertify(ws, pw, 0, 0, 1e30)).toBe(true);
        const p = new Float64Array(n * m + 2);
        pinvBidiagApply(ws, pw, p, 2);
        return [p];
      });
    }
  });
});
