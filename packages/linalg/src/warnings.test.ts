/**
 * The warnings of docs/semantics.md §3.6: raised when they should be (only when a gradient is computed, with messages that say
 * what is unstable, why, and the numbers), silent when they should not be (well-conditioned inputs, double
 * backward, exactly rank-deficient inputs, svdvals/eigvalsh), deprecations, and filters turning them into errors.
 */
import { grad, gradcheck } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';
import { TapegradWarningError, tensor, warnings } from '@tapegrad/core';
import { warningCodes } from '@tapegrad/testing/linalg';
import { rows } from '@tapegrad/testing/literals';
import { components, diagMatrix, f64, maxAbsDiff, randomTensor } from '@tapegrad/testing/tensors';
import { afterEach, describe, expect, it } from 'vitest';
import { eigh, eigvalsh } from './ops/eigh';
import { matrixNorm } from './ops/norms';
import { pinv, pinverse } from './ops/pinv';
import { svd, svdvals } from './ops/svd';
import { GAP_FACTOR, ILL_CONDITIONED_FACTOR, PINV_CUTOFF_BAND } from './thresholds';

afterEach(() => warnings.resetFilters());

const W3 = f64(rows('1 2 3; 4 5 6; 7 8 9'));

/** Σ w·V² with unequal fixed weights w: a loss that reads every entry of a 2×2 factor. */
const weightedSquares = (V: Tensor) =>
  V.square()
    .mul(f64(rows('1 2; 3 4')))
    .sum();

function only(rec: { warnings: { code: string; category: string; message: string }[] }, code: string) {
  const found = rec.warnings.filter((w) => w.code === code);
  expect(found.length).toBeGreaterThan(0);
  return found[0];
}

/** Shapes and dtypes of the random (well-conditioned) inputs of the no-false-alarm tests: tall, wide, batched. */
const RANDOM_INPUTS: [number[], 'float64' | 'complex128'][] = [
  [[6, 4], 'float64'],
  [[3, 5], 'complex128'],
  [[2, 4, 4], 'float64'],
];

/** The `code` warning of a backward through Σ W3·factor(A)², after checking that the forward was silent. */
function backwardOnlyWarning(A: Tensor, factor: (A: Tensor) => Tensor, code: string) {
  const fwd = warnings.record(() => factor(A));
  expect(fwd.warnings).toEqual([]);
  const w = only(
    warnings.record(() => grad(fwd.result.square().mul(W3).sum(), [A])),
    code,
  );
  expect(w.category).toBe('NumericalWarning');
  return w;
}

describe('thresholds', () => {
  it('are the documented constants', () => {
    expect(PINV_CUTOFF_BAND).toBe(1e-3);
    expect(ILL_CONDITIONED_FACTOR).toBe(1);
    expect(GAP_FACTOR).toBe(1);
  });
});

describe('TAPEGRAD_PINV_UNSTABLE', () => {
  it('σ just above the cutoff: silent on the forward pass, raised by grad and by backward', () => {
    const A = diagMatrix([2, 1, 0.1 * (1 + 1e-9)], 4, 3, true);
    const fwd = warnings.record(() => pinv(A, { atol: 0.1 }));
    expect(fwd.warnings).toEqual([]);
    const rec = warnings.record(() => grad(fwd.result.sum(), [A], { retainGraph: true }));
    const w = only(rec, 'TAPEGRAD_PINV_UNSTABLE');
    expect(w.category).toBe('NumericalWarning');
    expect(w.message).toMatch(/^linalg\.pinv backward/);
    expect(w.message).toContain('σ3 = 1.000000e-1'); // what
    expect(w.message).toContain('cutoff'); // why
    expect(w.message).toContain('atol = 0.1');
    expect(w.message).toContain('rank');
    expect(w.message).toContain('4×3');
    const viaBackward = warnings.record(() => fwd.result.sum().backward());
    expect(viaBackward.warnings.map((x) => x.code)).toContain('TAPEGRAD_PINV_UNSTABLE');
  });

  it('σ just below the cutoff (dropped) warns too', () => {
    const A = diagMatrix([2, 1, 0.1 * (1 - 1e-9)], 3, 3, true);
    expect(warningCodes(() => grad(pinv(A, { atol: 0.1 }).sum(), [A]))).toContain('TAPEGRAD_PINV_UNSTABLE');
  });

  it('σ well away from the cutoff (outside the band) is silent', () => {
    const A = diagMatrix([2, 1, 0.1 * (1 + 1e-2)], 3, 3, true);
    expect(warningCodes(() => grad(pinv(A, { atol: 0.1 }).sum(), [A]))).toEqual([]);
    const B = diagMatrix([2, 1, 0.1 * (1 - 1e-2)], 3, 3, true);
    expect(warningCodes(() => grad(pinv(B, { atol: 0.1 }).sum(), [B]))).toEqual([]);
  });

  it('an ill-conditioned kept spectrum (σ₁/σ_r ≥ 1/√eps) warns with κ in the message', () => {
    const A = diagMatrix([1, 1e-10], 3, 2, true);
    const P = warnings.record(() => pinv(A, { atol: 0, rtol: 0 }));
    expect(P.warnings).toEqual([]);
    const rec = warnings.record(() => grad(P.result.sum(), [A]));
    const w = only(rec, 'TAPEGRAD_PINV_UNSTABLE');
    expect(w.message).toContain('ill-conditioned');
    expect(w.message).toContain('1.000e+10');
    // just below the limit 1/√eps ≈ 6.7e7: silent
    const B = diagMatrix([1, 1e-7], 3, 2, true);
    expect(warningCodes(() => grad(pinv(B, { atol: 0, rtol: 0 }).sum(), [B]))).toEqual([]);
  });

  it('float32 uses its own eps for the conditioning limit (≈ 2.9e3)', () => {
    const A = diagMatrix([1, 1e-4], 3, 2).to('float32').requiresGrad_(true);
    expect(warningCodes(() => grad(pinv(A).sum(), [A]))).toContain('TAPEGRAD_PINV_UNSTABLE');
    const B = diagMatrix([1, 1e-3], 3, 2).to('float32').requiresGrad_(true);
    expect(warningCodes(() => grad(pinv(B).sum(), [B]))).toEqual([]);
  });

  it('hermitian: |λ| near the cutoff warns and names |λ|', () => {
    const A = f64(
      [
        [-0.1 * (1 + 1e-9), 0],
        [0, 2],
      ],
      true,
    );
    const rec = warnings.record(() => grad(pinv(A, { hermitian: true, atol: 0.1 }).sum(), [A]));
    expect(only(rec, 'TAPEGRAD_PINV_UNSTABLE').message).toContain('|λ|');
  });

  it('names the matrix of a batch that is unstable', () => {
    const A = tensor(
      [
        rows('2 0; 0 1'),
        [
          [2, 0],
          [0, 0.1 * (1 + 1e-9)],
        ],
      ],
      { dtype: 'float64', requiresGrad: true },
    );
    const rec = warnings.record(() => grad(pinv(A, { atol: 0.1 }).sum(), [A]));
    expect(only(rec, 'TAPEGRAD_PINV_UNSTABLE').message).toContain('matrix 1 of the batch');
  });

  it('no false alarm for well-conditioned random inputs, including double backward', () => {
    for (const [shape, dtype] of RANDOM_INPUTS) {
      const A = randomTensor(shape, dtype, 7, { requiresGrad: true });
      const rec = warnings.record(() => {
        const P = pinv(A);
        const [gA] = grad(P.abs().square().sum(), [A], { createGraph: true });
        grad(gA!.abs().square().sum(), [A]);
        const H = pinv(A.matmul(A.mH), { hermitian: true });
        grad(H.abs().sum(), [A]);
      });
      expect(rec.warnings).toEqual([]);
    }
  });

  it('no false alarm for exactly rank-deficient inputs (null σ far below the cutoff)', () => {
    const inputs: Tensor[] = [
      f64(rows('3 0 0; 0 2 0; 0 0 0; 0 0 0'), true),
      f64(rows('1 2 3; 2 4 6; 1 0 1; 3 4 7'), true),
      f64(rows('1 2; 2 4; 3 6'), true),
      randomTensor([5, 2], 'float64', 3)
        .matmul(randomTensor([2, 4], 'float64', 4))
        .requiresGrad_(true),
      randomTensor([2, 4, 1], 'complex128', 5)
        .matmul(randomTensor([2, 1, 3], 'complex128', 6))
        .requiresGrad_(true),
    ];
    for (const A of inputs) {
      const rec = warnings.record(() => {
        const [gA] = grad(pinv(A).sum().abs(), [A], { createGraph: true });
        grad(gA!.abs().sum(), [A]);
      });
      expect(rec.warnings).toEqual([]);
    }
    // hermitian rank-deficient: null |λ| far below the cutoff
    const S = f64(rows('1 1 0; 1 1 0; 0 0 0'), true);
    expect(warningCodes(() => grad(pinv(S, { hermitian: true }).sum(), [S]))).toEqual([]);
    // the zero matrix with an absolute tolerance
    const Z = f64(rows('0 0; 0 0'), true);
    expect(warningCodes(() => grad(pinv(Z, { atol: 1e-6 }).sum(), [Z]))).toEqual([]);
  });

  it('the zero matrix with the default (relative) tolerance warns: its cutoff is 0, so any perturbation changes the rank', () => {
    const Z = f64(rows('0 0; 0 0'), true);
    const rec = warnings.record(() => grad(pinv(Z).sum(), [Z]));
    expect(only(rec, 'TAPEGRAD_PINV_UNSTABLE').message).toContain('rank of this 2×2 matrix (0) is ambiguous');
  });

  it("a gradient that never reaches pinv's input raises nothing", () => {
    const A = diagMatrix([2, 1, 0.1 * (1 + 1e-9)], 3, 3, true);
    const P = pinv(A, { atol: 0.1 });
    const B = randomTensor([3, 3], 'float64', 1, { requiresGrad: true });
    expect(warningCodes(() => grad(P.detach().mul(B).sum(), [B]))).toEqual([]);
  });
});

describe('TAPEGRAD_SVD_UNSTABLE', () => {
  it('warns whenever the loss depends on the singular vectors of a near-repeated pair, even where J is diagonal', () => {
    const A = diagMatrix([1, 1 + 1e-12, 0.5], 3, 3, true);
    const W = tensor(rows('1 2 3; 4 5 6; 7 8 9'), { dtype: 'float64' });
    expect(warningCodes(() => grad(svd(A).U.square().mul(W).sum(), [A]))).toContain('TAPEGRAD_SVD_UNSTABLE');
    // Only the singular values: silent.
    expect(warningCodes(() => grad(svd(A).S.sum(), [A]))).toEqual([]);
  });
  /** Q₁·diag(σ)·Q₂ᵀ with random orthogonal Q (a diagonal A makes J = UᵀgU diagonal: nothing is divided by a gap). */
  const rotated = (sigma: number[], seed = 61) => {
    const n = sigma.length;
    const Q1 = svd(randomTensor([n, n], 'float64', seed)).U;
    const Q2 = svd(randomTensor([n, n], 'float64', seed + 1)).U;
    return Q1.mul(f64([sigma]))
      .matmul(Q2.mT)
      .detach()
      .requiresGrad_(true);
  };

  it('nearly repeated σ with a loss that depends on U warns (only in backward)', () => {
    const A = rotated([1, 1 + 1e-12, 0.5]);
    const w = backwardOnlyWarning(A, (X) => svd(X).U, 'TAPEGRAD_SVD_UNSTABLE');
    expect(w.message).toMatch(/^linalg\.svd backward/);
    expect(w.message).toContain('repeated');
    expect(w.message).toContain('σ1 = 1.000000e+0');
    expect(w.message).toContain('σ2 = 1.000000e+0');
  });

  it('and with a loss on Vh', () => {
    const A = rotated([1, 1, 0.5]);
    expect(warningCodes(() => grad(svd(A).Vh.square().mul(W3).sum(), [A]))).toContain('TAPEGRAD_SVD_UNSTABLE');
  });

  it('svdvals and S-only losses are silent at repeated σ, with a finite gradient', () => {
    const A = diagMatrix([1, 1, 0.5], 3, 3, true);
    const rec = warnings.record(() =>
      grad(
        svdvals(A)
          .mul(tensor([1, 2, 3], { dtype: 'float64' }))
          .sum(),
        [A],
      ),
    );
    expect(rec.warnings).toEqual([]);
    expect(components(rec.result[0]!).every(Number.isFinite)).toBe(true);
    expect(warningCodes(() => grad(svd(A).S.sum(), [A]))).toEqual([]);
  });

  it('m ≠ n with a (nearly) zero σ and a U-dependent loss warns', () => {
    const A = diagMatrix([1, 1e-10], 3, 2, true);
    const rec = warnings.record(() => grad(svd(A, { fullMatrices: false }).U.square().sum(), [A]));
    const w = only(rec, 'TAPEGRAD_SVD_UNSTABLE');
    expect(w.message).toContain('σ2 = 1.000000e-10');
    expect(w.message).toContain('3×2');
    // square input: that term does not exist, so no warning
    const B = diagMatrix([1, 1e-10], 2, 2, true);
    expect(warningCodes(() => grad(weightedSquares(svd(B).U), [B]))).toEqual([]);
  });

  it('a nearly zero σ does not warn when the loss has no term dividing by it (Vh of a tall, U of a wide matrix)', () => {
    // A = U₀·diag(1, 1e-10)·V₀ᴴ with random orthonormal factors: V (tall) and U (wide) are well determined.
    const build = (m: number, n: number) => {
      const U0 = svd(randomTensor([m, 2], 'float64', 31 + m), { fullMatrices: false }).U;
      const V0 = svd(randomTensor([n, 2], 'float64', 32 + n), { fullMatrices: false }).U;
      return U0.mul(f64([[1, 1e-10]]))
        .matmul(V0.mT)
        .detach()
        .requiresGrad_(true);
    };
    const tall = build(4, 2);
    const wide = build(2, 4);
    const W22 = randomTensor([2, 2], 'float64', 33);
    const W42 = randomTensor([4, 2], 'float64', 34);
    const uLoss = (W: Tensor) => (X: Tensor) => svd(X, { fullMatrices: false }).U.square().mul(W).sum();
    const vhLoss = (W: Tensor) => (X: Tensor) => svd(X, { fullMatrices: false }).Vh.square().mul(W).sum();
    const silent = warnings.record(() => {
      expect(gradcheck(vhLoss(W22), [tall])).toBe(true);
      expect(gradcheck(uLoss(W22), [wide])).toBe(true);
    });
    expect(silent.warnings).toEqual([]);
    const rTall = warnings.record(() => grad(uLoss(W42)(tall), [tall]));
    expect(only(rTall, 'TAPEGRAD_SVD_UNSTABLE').message).toContain('m > n the gradient with respect to U divides');
    const rWide = warnings.record(() => grad(vhLoss(W42.mT)(wide), [wide]));
    expect(only(rWide, 'TAPEGRAD_SVD_UNSTABLE').message).toContain('m < n the gradient with respect to Vh divides');
  });

  it('the zero matrix (an all-zero, fully repeated spectrum) warns instead of returning NaN silently', () => {
    const Z = f64(rows('0 0; 0 0'), true);
    const rec = warnings.record(() => grad(weightedSquares(svd(Z).U), [Z]));
    expect(only(rec, 'TAPEGRAD_SVD_UNSTABLE').message).toContain('repeated');
    const col = f64([[0], [0], [0]], true);
    const rec2 = warnings.record(() =>
      grad(
        svd(col, { fullMatrices: false })
          .U.square()
          .mul(f64([[1], [2], [3]]))
          .sum(),
        [col],
      ),
    );
    expect(only(rec2, 'TAPEGRAD_SVD_UNSTABLE').message).toContain('(nearly) zero (σ1/σ1 = 0.00e+0)');
    expect(warningCodes(() => grad(svdvals(Z).sum(), [Z]))).toEqual([]);
  });

  it('complex input with a zero σ: the phase term (gU and gVh) warns; a U-only loss stays finite and silent', () => {
    const A = randomTensor([2, 1], 'complex128', 3)
      .matmul(randomTensor([1, 2], 'complex128', 4))
      .requiresGrad_(true);
    const w = f64(rows('1 2; 3 4'));
    const uOnly = warnings.record(() => grad(svd(A).U.abs().square().mul(w).sum(), [A]));
    expect(uOnly.warnings).toEqual([]);
    expect(components(uOnly.result[0]!).every(Number.isFinite)).toBe(true);
    expect(gradcheck((X) => svd(X).U.abs().square().mul(w), [A])).toBe(true);
    const both = warnings.record(() => {
      // U·Vh is invariant under the phase gauge, but each factor's phase enters the gradient: Im J_jj ≠ 0
      const { U, Vh } = svd(A);
      return grad(U.matmul(Vh).abs().square().mul(w).sum(), [A]);
    });
    expect(only(both, 'TAPEGRAD_SVD_UNSTABLE').message).toContain('phase term');
  });

  it('the README statements: U·diag(S)·Vh at σ = [3, 2, 2] warns; svdvals double backward at repeated σ warns', () => {
    const A = rotated([3, 2, 2], 71);
    const W = randomTensor([3, 3], 'float64', 72);
    const usv = (X: Tensor) => {
      const { U, S, Vh } = svd(X);
      return U.mul(S.unsqueeze(-2)).matmul(Vh).mul(W).sum();
    };
    expect(warningCodes(() => grad(usv(A), [A]))).toContain('TAPEGRAD_SVD_UNSTABLE');
    const B = rotated([2, 2], 73);
    const second = warnings.record(() => {
      const [g] = grad(svdvals(B).sum(), [B], { createGraph: true });
      return grad(g!.mul(randomTensor([2, 2], 'float64', 74)).sum(), [B]);
    });
    expect(second.warnings.map((w) => w.code)).toContain('TAPEGRAD_SVD_UNSTABLE');
  });

  it('small but well-separated σ are silent: the test is on the gap the formula divides by (issue #10 item 4)', () => {
    // σ = [1, 0.5, 1e-4, 5e-5]: (σ3² − σ4²)/σ1² = 7.5e-9 ≤ √eps, but σ3 − σ4 = 5e-5·σ1 ≫ √eps·σ1, and the gradient
    // is accurate: no warning. Against an SVD and gradient in 50-digit arithmetic (mpmath) it is exact to rounding;
    // PyTorch 1.13's is off by 3.5e-8. (Central differences are only good to ~1e-5 here: U's third derivative ~1/gap³.)
    const U0 = svd(randomTensor([4, 4], 'float64', 41)).U;
    const V0 = svd(randomTensor([4, 4], 'float64', 42)).U;
    const A = U0.mul(f64([[1, 0.5, 1e-4, 5e-5]]))
      .matmul(V0.mT)
      .detach()
      .requiresGrad_(true);
    const W = randomTensor([4, 4], 'float64', 43);
    const loss = (X: Tensor) => svd(X).U.square().mul(W).sum();
    const rec = warnings.record(() => {
      expect(gradcheck(loss, [A], { eps: 1e-9, rtol: 2e-5, atol: 1e-6 })).toBe(true);
      return grad(loss(A), [A]);
    });
    expect(rec.warnings).toEqual([]);
    // σ3 − σ4 below √eps·σ1 still warns
    const B = U0.mul(f64([[1, 0.5, 1e-4, 1e-4 - 1e-9]]))
      .matmul(V0.mT)
      .detach()
      .requiresGrad_(true);
    expect(warningCodes(() => grad(loss(B), [B]))).toContain('TAPEGRAD_SVD_UNSTABLE');
  });

  it('pairs and columns the incoming gradient does not touch are not tested: matrixNorm(A, 2) double backward on a rank-deficient 5×3 matrix is silent and exact', () => {
    // A = u₁v₁ᵀ·3 + u₂v₂ᵀ (rank 2, σ3 = 0 up to roundoff). ‖A‖₂ = σ1; its gradient u₁v₁ᵀ reaches the svd again only
    // through column 1 of U and row 1 of Vh, so the gaps σ2 − σ3 and the 1/σ3 projection are multiplied by exact zeros.
    const U0 = svd(randomTensor([5, 2], 'float64', 51), { fullMatrices: false }).U;
    const V0 = svd(randomTensor([3, 2], 'float64', 52), { fullMatrices: false }).U;
    const A = U0.mul(f64([[3, 1]]))
      .matmul(V0.mT)
      .detach()
      .requiresGrad_(true);
    const V = randomTensor([5, 3], 'float64', 53);
    const rec = warnings.record(() => {
      const [g] = grad(matrixNorm(A, 2), [A], { createGraph: true });
      return grad(g!.mul(V).sum(), [A]);
    });
    expect(rec.warnings).toEqual([]);
    // Closed form: with u = U0[:,0], v = V0[:,0], σ1 = 3, the Hessian of σ1 along V is
    // (I − uuᵀ)·V·vvᵀ·... — checked instead against central differences of the exact first derivative u₁v₁ᵀ.
    const h = 1e-6;
    const gAt = (X: Tensor) => grad(matrixNorm(X, 2), [X])[0]!;
    const plus = gAt(A.detach().add(V.mul(h)).requiresGrad_(true));
    const minus = gAt(A.detach().sub(V.mul(h)).requiresGrad_(true));
    const fd = plus.sub(minus).div(2 * h);
    expect(maxAbsDiff(rec.result[0]!, fd)).toBeLessThan(1e-8);
  });

  it('no false alarm for well-conditioned random inputs (real, complex, batched, double backward)', () => {
    const rec = warnings.record(() => {
      for (const [shape, dtype] of RANDOM_INPUTS) {
        const A = randomTensor(shape, dtype, 9, { requiresGrad: true });
        const { U, S, Vh } = svd(A, { fullMatrices: false });
        const loss = U.abs()
          .square()
          .sum(-1)
          .mul(randomTensor([shape[shape.length - 2]], 'float64', 2))
          .sum();
        const [gA] = grad(loss.add(S.sum()).add(Vh.abs().sum()), [A], { createGraph: true });
        grad(gA!.abs().square().sum(), [A]);
      }
    });
    expect(rec.warnings).toEqual([]);
  });
});

describe('TAPEGRAD_EIGH_UNSTABLE', () => {
  const repeated = () => f64(rows('2 0 0; 0 2 0; 0 0 1'), true);

  it('repeated eigenvalues with an eigenvector-dependent loss warn (only in backward)', () => {
    const A = repeated();
    const w = backwardOnlyWarning(A, (X) => eigh(X).eigenvectors, 'TAPEGRAD_EIGH_UNSTABLE');
    expect(w.message).toMatch(/^linalg\.eigh backward/);
    expect(w.message).toContain('λ2 = 2.000000e+0');
    expect(w.message).toContain('λ3 = 2.000000e+0');
  });

  it('nearly repeated (gap below √eps relative) warns too; a clear gap does not', () => {
    const near = f64(
      [
        [1, 0],
        [0, 1 + 1e-10],
      ],
      true,
    );
    expect(warningCodes(() => grad(weightedSquares(eigh(near).eigenvectors), [near]))).toContain(
      'TAPEGRAD_EIGH_UNSTABLE',
    );
    const far = f64(rows('1 0; 0 1.01'), true);
    expect(warningCodes(() => grad(weightedSquares(eigh(far).eigenvectors), [far]))).toEqual([]);
  });

  it('the zero matrix (all eigenvalues 0) warns instead of returning NaN silently', () => {
    const Z = f64(rows('0 0; 0 0'), true);
    const rec = warnings.record(() => grad(weightedSquares(eigh(Z).eigenvectors), [Z]));
    expect(only(rec, 'TAPEGRAD_EIGH_UNSTABLE').message).toContain('λ1 = 0.000000e+0 and λ2 = 0.000000e+0');
    expect(warningCodes(() => grad(eigvalsh(Z).sum(), [Z]))).toEqual([]);
  });

  it('eigvalsh and eigenvalue-only losses are silent at repeated eigenvalues', () => {
    const A = repeated();
    expect(warningCodes(() => grad(eigvalsh(A).sum(), [A]))).toEqual([]);
    expect(warningCodes(() => grad(eigh(A).eigenvalues.square().sum(), [A]))).toEqual([]);
  });

  it('no false alarm for random symmetric input with double backward', () => {
    const X = randomTensor([2, 4, 4], 'float64', 11, { requiresGrad: true });
    const rec = warnings.record(() => {
      const { eigenvalues, eigenvectors } = eigh(X.add(X.mT));
      const w = randomTensor([4, 4], 'float64', 12);
      const [g] = grad(eigenvectors.square().mul(w).sum().add(eigenvalues.sum()), [X], { createGraph: true });
      grad(g!.square().sum(), [X]);
    });
    expect(rec.warnings).toEqual([]);
  });
});

describe('deprecations', () => {
  const A = f64(rows('1 2; 3 4'));

  it('pinverse raises TAPEGRAD_DEP_PINVERSE with the SPEC message (once per call, nothing else)', () => {
    const rec = warnings.record(() => pinverse(A));
    expect(rec.warnings).toEqual([
      {
        category: 'DeprecationWarning',
        code: 'TAPEGRAD_DEP_PINVERSE',
        message:
          'pinverse() is deprecated. Please use linalg.pinv() instead, which includes the options hermitian, atol and rtol.',
      },
    ]);
  });

  it('the rcond option raises TAPEGRAD_DEP_RCOND', () => {
    const rec = warnings.record(() => pinv(A, { rcond: 1e-10 }));
    expect(rec.warnings.length).toBe(1);
    expect(rec.warnings[0].code).toBe('TAPEGRAD_DEP_RCOND');
    expect(rec.warnings[0].category).toBe('DeprecationWarning');
    expect(rec.warnings[0].message).toMatch(/^linalg\.pinv: .*rcond.*rtol/);
    expect(warningCodes(() => pinv(A, { rtol: 1e-10 }))).toEqual([]);
  });
});

describe('filters', () => {
  it("'error' on a code turns the warning into TapegradWarningError", () => {
    warnings.filter('error', { code: 'TAPEGRAD_DEP_PINVERSE' });
    let caught: unknown = null;
    try {
      pinverse(f64([[1]]));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TapegradWarningError);
    expect((caught as TapegradWarningError).code).toBe('TAPEGRAD_DEP_PINVERSE');
    expect((caught as TapegradWarningError).category).toBe('DeprecationWarning');
    warnings.resetFilters();
    expect(warningCodes(() => pinverse(f64([[1]])))).toEqual(['TAPEGRAD_DEP_PINVERSE']);
  });

  it("'error' on a numerical warning stops the backward; 'ignore' silences it", () => {
    const A = diagMatrix([2, 1, 0.1 * (1 + 1e-9)], 3, 3, true);
    warnings.filter('error', { code: 'TAPEGRAD_PINV_UNSTABLE' });
    expect(() => grad(pinv(A, { atol: 0.1 }).sum(), [A])).toThrow(TapegradWarningError);
    warnings.filter('ignore', { category: 'NumericalWarning' });
    expect(warningCodes(() => grad(pinv(A, { atol: 0.1 }).sum(), [A]))).toEqual([]);
  });

  it("'error' by category covers both deprecations", () => {
    warnings.filter('error', { category: 'DeprecationWarning' });
    expect(() => pinv(f64([[1]]), { rcond: 0.1 })).toThrow(TapegradWarningError);
    expect(() => pinverse(f64([[1]]))).toThrow(TapegradWarningError);
  });
});
