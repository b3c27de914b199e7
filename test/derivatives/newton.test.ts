/**
 * Newton's method on logistic regression from w = 0 (issue #10 item 1): at w = 0 every logit is 0, exactly where the
 * old softplus rewrite max(z, 0) + log1p(e^(−|z|)) lost its curvature, so the Hessian came out 0 and Newton diverged.
 * The data, PyTorch 1.13's iterates and its iteration count come from scripts/fixtures/newton_logistic.py.
 */
import { readRepoJson } from '@tapegrad/testing/linalg';
import type { Tensor } from 'tapegrad';
import { autograd, linalg, nn, tensor } from 'tapegrad';
import { describe, expect, it } from 'vitest';

interface NewtonFixture {
  X: number[][];
  y: number[];
  iterates: number[][];
  gradNorms: number[];
  iterations: number;
  hessianAtZero: number[][];
}

const fixture = readRepoJson<NewtonFixture>('test/fixtures/newton-logistic.json');
const X = tensor(fixture.X, { dtype: 'float64' });
const y = tensor(fixture.y, { dtype: 'float64' });
const loss = (w: Tensor) => nn.functional.binaryCrossEntropyWithLogits(X.matmul(w), y);

const relErr = (got: number[], want: number[]) => {
  const diff = Math.hypot(...got.map((g, i) => g - want[i]));
  return diff / Math.max(Math.hypot(...want), Number.MIN_VALUE);
};

describe("Newton's method on logistic regression (BCE with logits) from w = 0", () => {
  it('the Hessian at w = 0 is Xᵀ·diag(¼)·X/n, as PyTorch (it was 0)', () => {
    const H = autograd.hessian(loss, tensor([0, 0, 0], { dtype: 'float64' }));
    const got = Array.from(H.toTypedArray(), Number);
    expect(relErr(got, fixture.hessianAtZero.flat())).toBeLessThan(1e-13);
  });

  it(`converges in the same ${fixture.iterations} iterations as PyTorch, through the same iterates`, () => {
    let w = tensor([0, 0, 0], { dtype: 'float64' });
    let iterations = 0;
    for (let k = 0; k < 50; k++) {
      const wr = w.detach().requiresGrad_(true);
      const [g] = autograd.grad(loss(wr), [wr]);
      if (g === null) throw new Error('no gradient');
      const gradNorm = linalg.vectorNorm(g).item() as number;
      expect(Math.abs(gradNorm - fixture.gradNorms[k])).toBeLessThan(1e-10 * fixture.gradNorms[0]);
      if (gradNorm < 1e-12) break;
      const H = autograd.hessian(loss, w);
      w = w.sub(linalg.solve(H, g));
      iterations++;
      expect(relErr(Array.from(w.toTypedArray(), Number), fixture.iterates[iterations])).toBeLessThan(1e-10);
    }
    expect(iterations).toBe(fixture.iterations);
  });
});
