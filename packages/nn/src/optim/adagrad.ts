/**
 * Adagrad (Duchi, Hazan & Singer, "Adaptive Subgradient Methods for Online Learning and Stochastic Optimization",
 * JMLR 12, 2011) with the update of torch.optim.Adagrad (`_single_tensor_adagrad`), per element at step t:
 *   g ← ±∇ (− when maximize);  g ← g + λθ;  γ̃ ← γ / (1 + (t − 1)·η);  s ← s + g²;  θ ← θ − γ̃·g / (√s + ε)
 * with s starting at `initialAccumulatorValue`.
 */
import type { Tensor } from '@tapegrad/core';
import { fullLike } from '@tapegrad/core';
import { boolean, flatView, nonNegative, Optimizer, type OptimizerSpec, type ParamsInput } from './optimizer';

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
    lr: nonNegative,
    lrDecay: nonNegative,
    weightDecay: nonNegative,
    initialAccumulatorValue: nonNegative,
    eps: nonNegative,
    maximize: boolean,
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
    const { data: P, start: p0, length: n } = flatView(param);
    const { data: G, start: g0 } = flatView(grad);
    const { data: S, start: s0 } = flatView(next.sum);
    for (let i = 0; i < n; i++) {
      let g = maximize ? -G[g0 + i] : G[g0 + i];
      if (weightDecay !== 0) g = g + weightDecay * P[p0 + i];
      S[s0 + i] = S[s0 + i] + g * g;
      P[p0 + i] = P[p0 + i] + -clr * (g / (Math.sqrt(S[s0 + i]) + eps));
    }
    return next;
  }
}
