/**
 * NAdam, Adam with Nesterov momentum (Dozat, "Incorporating Nesterov Momentum into Adam", ICLR 2016 workshop), with
 * the update of torch.optim.NAdam (1.13 `_single_tensor_nadam`), per element at step t:
 *   g ← g + λθ;  μₜ = β₁(1 − ½·0.96^(t·ψ));  μₜ₊₁ = β₁(1 − ½·0.96^((t+1)·ψ));  Πₜ = Πₜ₋₁·μₜ;
 *   m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²;  d = √(v/(1 − β₂ᵗ)) + ε;
 *   θ ← θ − γ(1 − μₜ)/(1 − Πₜ)·g/d − γ·μₜ₊₁/(1 − Πₜ·μₜ·μₜ₊₁)·m/d
 * (PyTorch 1.13 multiplies μₜ into the last product twice; this is its formula, step for step.)
 */
import type { Tensor } from '@tapegrad/core';
import { zerosLike } from '@tapegrad/core';
import { adamFamilyReaders, momentsState } from './adam';
import { elements, gradientAt } from './elements';
import { Optimizer, type OptimizerSpec, type ParamsInput } from './optimizer';
import * as read from './readers';

/** Options of {@link NAdam} (PyTorch's defaults: lr 2e-3, betas [0.9, 0.999], eps 1e-8, momentumDecay 4e-3). */
export interface NAdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  /** ψ, the momentum schedule's decay. */
  momentumDecay: number;
}

/** NAdam's per-parameter state: the step count, the moments and the running product Πₜ of μ. */
export type NAdamState = { step: number; expAvg: Tensor; expAvgSq: Tensor; muProduct: number };

const SPEC: OptimizerSpec<NAdamOptions> = {
  name: 'optim.NAdam',
  defaults: { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3 },
  readers: { ...adamFamilyReaders, momentumDecay: read.nonNegative },
  stateSchema: { ...momentsState, muProduct: { kind: 'scalar', nonNegative: true } },
};

/**
 * torch.optim.NAdam (see the file comment for the exact update).
 * @example
 * ```ts
 * const w = tensor([1], { dtype: 'float64', requiresGrad: true });
 * const opt = new optim.NAdam([w], { lr: 0.1 });
 * w.square().sum().backward();
 * opt.step();
 * w.item() < 1; // true
 * ```
 */
export class NAdam extends Optimizer<NAdamOptions, NAdamState> {
  constructor(params: ParamsInput<NAdamOptions>, options?: Partial<NAdamOptions>) {
    super(SPEC, params, options);
  }

  protected update(param: Tensor, grad: Tensor, group: NAdamOptions, state: NAdamState | undefined): NAdamState {
    const { lr, eps, weightDecay, momentumDecay } = group;
    const [beta1, beta2] = group.betas;
    const next = state ?? {
      step: 0,
      expAvg: zerosLike(param),
      expAvgSq: zerosLike(param),
      muProduct: 1,
    };
    next.step += 1;
    const t = next.step;
    const bias2 = 1 - beta2 ** t;
    const mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
    const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
    next.muProduct *= mu;
    const muProduct = next.muProduct;
    const muProductNext = muProduct * mu * muNext;
    const c1 = (-lr * (1 - mu)) / (1 - muProduct);
    const c2 = (-lr * muNext) / (1 - muProductNext);
    const [P, G, M, V] = elements(param, grad, next.expAvg, next.expAvgSq);
    for (let i = 0; i < P.length; i++) {
      const g = gradientAt(G, P, i, weightDecay);
      M[i] = M[i] * beta1 + (1 - beta1) * g;
      V[i] = V[i] * beta2 + (1 - beta2) * g * g;
      const denom = Math.sqrt(V[i] / bias2) + eps;
      P[i] = P[i] + c1 * (g / denom);
      P[i] = P[i] + c2 * (M[i] / denom);
    }
    return next;
  }
}
