/**
 * Adagrad (Duchi, Hazan & Singer, "Adaptive Subgradient Methods for Online Learning and Stochastic Optimization",
 * JMLR 12, 2011) with the update of torch.optim.Adagrad (`_single_tensor_adagrad`), per element at step t:
 *   g ← ±∇ (− when maximize);  g ← g + λθ;  γ̃ ← γ / (1 + (t − 1)·η);  s ← s + g²;  θ ← θ − γ̃·g / (√s + ε)
 * with s starting at `initialAccumulatorValue`.
 */
import type { Tensor } from '@tapegrad/core';
import { fullLike } from '@tapegrad/core';
import { elements, gradientAt } from './elements';
import { Optimizer, type OptimizerSpec, type ParamsInput } from './optimizer';
import * as read from './readers';

/** Options of {@link Adagrad} (PyTorch's defaults: lr 1e-2, eps 1e-10, the rest 0 / false). */
export interface AdagradOptions {
  lr: number;
  /** η: the step size decays as γ / (1 + (t − 1)·η). */
  lrDecay: number;
  weightDecay: number;
  /** Starting value of the sum of squared gradients. */
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
}

/** Adagrad's per-parameter state: the step count and the sum of squared gradients. */
export type AdagradState = { step: number; sum: Tensor };

const SPEC: OptimizerSpec<AdagradOptions> = {
  name: 'optim.Adagrad',
  defaults: { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false },
  readers: {
    lr: read.nonNegative,
    lrDecay: read.nonNegative,
    weightDecay: read.nonNegative,
    initialAccumulatorValue: read.nonNegative,
    eps: read.nonNegative,
    maximize: read.boolean,
  },
  stateSchema: { step: { kind: 'count' }, sum: { kind: 'tensor', nonNegative: true } },
};

/**
 * torch.optim.Adagrad (see the file comment for the exact update).
 * @example
 * ```ts
 * const w = tensor([1], { dtype: 'float64', requiresGrad: true });
 * const opt = new optim.Adagrad([w], { lr: 0.1 });
 * w.square().sum().backward(); // ∇ = 2, s = 4
 * opt.step();
 * w.item(); // 1 − 0.1·2/2 = 0.9 (up to ε)
 * ```
 */
export class Adagrad extends Optimizer<AdagradOptions, AdagradState> {
  constructor(params: ParamsInput<AdagradOptions>, options?: Partial<AdagradOptions>) {
    super(SPEC, params, options);
  }

  protected update(param: Tensor, grad: Tensor, group: AdagradOptions, state: AdagradState | undefined): AdagradState {
    const { lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize } = group;
    const next = state ?? { step: 0, sum: fullLike(param, initialAccumulatorValue) };
    next.step += 1;
    const clr = lr / (1 + (next.step - 1) * lrDecay);
    const [P, G, S] = elements(param, grad, next.sum);
    for (let i = 0; i < P.length; i++) {
      const g = gradientAt(G, P, i, weightDecay, maximize);
      S[i] = S[i] + g * g;
      P[i] = P[i] + -clr * (g / (Math.sqrt(S[i]) + eps));
    }
    return next;
  }
}
