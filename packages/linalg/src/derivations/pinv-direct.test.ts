/**
 * The direct full-rank pinv backward (./pinv-direct.ts) against the general, rank-unaware Golub–Pereyra formula of
 * ./pinv.ts (six products, no identity assumed) and against the recorded backward under createGraph: on each side of
 * its switch-overs — the forward's Gram path (C reused), the QR path for ill-conditioned and graded input and the
 * bidiagonalization path for near-square input (C recomputed), square input, float32, batches — and on rank-deficient
 * input, where it must not run.
 */
import { grad } from '@tapegrad/autograd';
import { type Tensor, tensor } from '@tapegrad/core';
import { matrixWithSingularValues } from '@tapegrad/testing/matrices';
import { Lcg } from '@tapegrad/testing/random';
import { randomTensor, relErr } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { pinv } from '../ops/pinv';
import { svdPinvBatch } from '../ops/pinv-batch';
import { pinvBackward } from './pinv';
import { NO_GRAM, pinvBackwardFullRank } from './pinv-direct';

/** A (batch of) m×n float64 matrices with the given singular values, requiring grad. */
function withSpectrum(batch: number[], m: number, n: number, sigma: number[], seed: number): Tensor {
  const rng = new Lcg(seed);
  const count = batch.reduce((a, b) => a * b, 1);
  const data = new Float64Array(count * m * n);
  for (let t = 0; t < count; t++) data.set(matrixWithSingularValues(rng, m, n, sigma), t * m * n);
  return tensor(data, { dtype: 'float64', shape: [...batch, m, n], requiresGrad: true });
}

const geometric = (k: number, kappa: number) => Array.from({ length: k }, (_, i) => kappa ** (-i / Math.max(1, k - 1)));

/** gA by backward() (the direct path when full rank), by the recorded path (createGraph) and by the general formula. */
function gradients(A: Tensor, seed: number): { direct: Tensor; recorded: Tensor; general: Tensor } {
  const P = pinv(A);
  const G = randomTensor(P.shape, A.dtype, seed);
  const [direct] = grad([P], [A], { gradOutputs: [G], retainGraph: true });
  const [recorded] = grad([P], [A], { gradOutputs: [G], createGraph: true });
  const general = pinvBackward(A.detach(), P.detach(), G);
  return { direct: direct!, recorded: recorded!.detach(), general };
}

describe('pinv backward without a recorded graph (full rank, raw buffers)', () => {
  it.each([
    ['tall Gram path 40×6', [], 40, 6, 10],
    ['wide Gram path 6×40', [], 6, 40, 10],
    ['batched tall Gram path 3×30×5', [3], 30, 5, 30],
    ['tall QR path (κ = 1e5 > KAPPA_MAX) 40×6', [], 40, 6, 1e5],
    ['wide QR path (κ = 1e5) 6×40', [], 6, 40, 1e5],
    ['near-square tall, bidiagonalization path, 7×5', [], 7, 5, 10],
    ['near-square wide 5×7', [], 5, 7, 10],
    ['square 6×6', [], 6, 6, 10],
    ['batched square 2×5×5', [2], 5, 5, 100],
  ] as [string, number[], number, number, number][])('%s', (_name, batch, m, n, kappa) => {
    const A = withSpectrum(batch, m, n, geometric(Math.min(m, n), kappa), m * 31 + n);
    const { direct, recorded, general } = gradients(A, 7);
    // The formulas differ in rounding only (bounded by O(eps·κ²) relative; measured ≤ 1.1e-12 at κ = 1e5). Where C is
    // recomputed from P, the direct path repeats the recorded formula's products and agrees with it bitwise.
    const tol = 1e-13 * kappa + 1e-12;
    expect(relErr(direct, general)).toBeLessThan(tol);
    expect(relErr(direct, recorded)).toBeLessThan(tol);
  });

  it('float32: computed in float64 and rounded once, within float32 accuracy of the float64 gradient', () => {
    const A64 = withSpectrum([], 30, 4, geometric(4, 8), 5);
    const A32 = A64.detach().to('float32').requiresGrad_();
    const G = randomTensor([4, 30], 'float64', 6);
    const [g64] = grad([pinv(A64)], [A64], { gradOutputs: [G] });
    const [g32] = grad([pinv(A32)], [A32], { gradOutputs: [G.to('float32')] });
    expect(g32!.dtype).toBe('float32');
    expect(relErr(g32!.to('float64'), g64!)).toBeLessThan(1e-5);
  });

  it('graded columns (tall, κ ≈ 1e6) keep the accurate path and the right gradient', () => {
    const rng = new Lcg(3);
    const [m, n] = [50, 5];
    const data = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) data[i * n + j] = rng.normal() * 10 ** (-1.5 * j);
    const A = tensor(data, { dtype: 'float64', shape: [m, n], requiresGrad: true });
    const { direct, general } = gradients(A, 8);
    expect(relErr(direct, general)).toBeLessThan(1e-4);
  });

  it('exactly rank-deficient input (rank 3 of 12×5 and of 5×12) takes the general formula', () => {
    for (const [m, n] of [
      [12, 5],
      [5, 12],
    ]) {
      const A = withSpectrum([], m, n, [1, 0.5, 0.25, 0, 0], 9);
      const { direct, general } = gradients(A, 10);
      // The full-rank identity P·A = I fails here: the dropped term is O(1), so agreement shows it was not used.
      expect(relErr(direct, general)).toBeLessThan(1e-10);
    }
  });

  it('the forward keeps C = (WᵀW)⁻¹ on the Gram path only (NaN marks the others)', () => {
    const cases: [number, number, number[], boolean][] = [
      [40, 6, geometric(6, 10), true],
      [6, 40, geometric(6, 10), true],
      [40, 6, geometric(6, 1e5), false], // κ > KAPPA_MAX: QR path
      [40, 6, [1, 0.5, 0.25, 0.1, 0, 0], false], // rank 4 < 6
      [7, 5, geometric(5, 10), false], // bidiagonalization path
    ];
    for (const [m, n, sigma, kept] of cases) {
      const a = matrixWithSingularValues(new Lcg(m + n), m, n, sigma);
      const k = Math.min(m, n);
      const outs = [new Float64Array(k), new Float64Array(m * n), new Float64Array(1), new Float64Array(k * k)];
      const eps = 2 ** -52;
      const ins = [a, new Float64Array(1), Float64Array.of(Math.max(m, n) * eps)];
      expect(svdPinvBatch({ m, n, complex: false }, 1, ins, outs)).toBe(0);
      const C = outs[3];
      expect(Number.isNaN(C[0])).toBe(!kept);
      if (!kept) continue;
      // C·(WᵀW) = I with W = A (tall) or Aᵀ (wide).
      let worst = 0;
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          let acc = 0;
          for (let l = 0; l < k; l++) {
            let g = 0; // (WᵀW)[l][j]
            for (let p = 0; p < Math.max(m, n); p++)
              g += m > n ? a[p * n + l] * a[p * n + j] : a[l * n + p] * a[j * n + p];
            acc += C[i * k + l] * g;
          }
          worst = Math.max(worst, Math.abs(acc - (i === j ? 1 : 0)));
        }
      }
      expect(worst).toBeLessThan(1e-12);
    }
    expect(Number.isNaN(NO_GRAM)).toBe(true);
  });

  it('without a kept C (null) equals the run with it', () => {
    const A = withSpectrum([2], 20, 4, geometric(4, 5), 12);
    const P = pinv(A).detach();
    const G = randomTensor(P.shape, 'float64', 13);
    const [direct] = grad([pinv(A)], [A], { gradOutputs: [G] });
    expect(relErr(pinvBackwardFullRank(A.detach(), P, G, null), direct!)).toBeLessThan(1e-13);
  });
});
