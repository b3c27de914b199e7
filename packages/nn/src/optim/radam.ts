/**
 * RAdam, Adam with a rectified adaptive learning rate (Liu et al., "On the Variance of the Adaptive Learning Rate and
 * Beyond", ICLR 2020), with the update of torch.optim.RAdam (1.13 `_single_tensor_radam`), per element at step t:
 *   g ← g + λθ;  m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²;  m̂ = m/(1 − β₁ᵗ);
 *   ρ∞ = 2/(1 − β₂) − 1;  ρₜ = ρ∞ − 2t·β₂ᵗ/(1 − β₂ᵗ);
 *   ρₜ > 5: r = √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ)),  θ ← θ − m̂·γ·(√(1 − β₂ᵗ)/(√v + ε))·r;
 *   otherwise θ ← θ − m̂·γ (the SGD-with-momentum warm-up).
 */
import type { Tensor } from '@tapegrad/core';
import { zerosLike } from '@tapegrad/core';
import { adamFamilyReaders, momentsState } from './adam';
import { elements, gradientAt } from './elements';
import { Optimizer, type OptimizerSpec, type ParamsInput } from './optimizer';

/** Options of {@link RAdam} (PyTorch's defaults: lr 1e-3, betas [0.9, 0.999], eps 1e-8). */
export interface RAdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
}

/** RAdam's per-parameter state: the step count and the moments. */
export type RAdamState = { step: number; expAvg: Tensor; expAvgSq: Tensor };

const SPEC: OptimizerSpec<RAdamOptions> = {
  name: 'optim.RAdam',
  defaults: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 },
  readers: adamFamilyReaders,
  stateSchema: momentsState,
};

/**
 * torch.optim.RAdam (see the file comment for the exact update).
 * @example
 * ```ts
 * const w = tensor([1], { dtype: 'float64', requiresGrad: true });
 * const opt = new optim.RAdam([w], { lr: 0.1 });
 * w.square().sum().backward(); // ∇ = 2; step 1 is a plain momentum step: m̂ = 2
 * opt.step();
 * w.item(); // 1 − 0.1·2 = 0.8
 * ```
 */
export class RAdam extends Optimizer<RAdamOptions, RAdamState> {
  constructor(params: ParamsInput<RAdamOptions>, options?: Partial<RAdamOptions>) {
    super(SPEC, params, options);
  }

  protected update(param: Tensor, grad: Tensor, group: RAdamOptions, state: RAdamState | undefined): RAdamState {
    const { lr, eps, weightDecay } = group;
    const [beta1, beta2] = group.betas;
    const next = state ?? { step: 0, expAvg: zerosLike(param), expAvgSq: zerosLike(param) };
    next.step += 1;
    const t = next.step;
    const bias1 = 1 - beta1 ** t;
    const bias2 = 1 - beta2 ** t;
    const rhoInf = 2 / (1 - beta2) - 1;
    const rhoT = rhoInf - (2 * t * beta2 ** t) / bias2;
    const rect = rhoT > 5 ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
    const sqrtBias2 = Math.sqrt(bias2);
    const [P, G, M, V] = elements(param, grad, next.expAvg, next.expAvgSq);
    for (let i = 0; i < P.length; i++) {
      const g = gradientAt(G, P, i, weightDecay);
      M[i] = M[i] * beta1 + (1 - beta1) * g;
      V[i] = V[i] * beta2 + (1 - beta2) * g * g;
      const corrected = M[i] / bias1;
      const adaptive = sqrtBias2 / (Math.sqrt(V[i]) + eps);
      P[i] = P[i] - (rhoT > 5 ? corrected * lr * adaptive * rect : corrected * lr);
    }
    return next;
  }
}
