/**
 * Adamax, Adam with the infinity norm (Kingma & Ba, ICLR 2015, §7.1), with the update of torch.optim.Adamax
 * (1.13 `_single_tensor_adamax`), per element at step t:
 *   g ← ±∇ (− when maximize);  g ← g + λθ;  m ← β₁·m + (1 − β₁)·g;  u ← max(β₂·u, |g| + ε);
 *   θ ← θ − (γ/(1 − β₁ᵗ))·m/u
 */
import type { Tensor } from '@tapegrad/core';
import { zerosLike } from '@tapegrad/core';
import { adamFamilyReaders } from './adam';
import { elements, gradientAt } from './elements';
import { Optimizer, type OptimizerSpec, type ParamsInput } from './optimizer';
import * as read from './readers';

/** Options of {@link Adamax} (PyTorch's defaults: lr 2e-3, betas [0.9, 0.999], eps 1e-8). */
export interface AdamaxOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

/** Adamax's per-parameter state: the step count, the first moment and the infinity norm. */
export type AdamaxState = { step: number; expAvg: Tensor; expInf: Tensor };

const SPEC: OptimizerSpec<AdamaxOptions> = {
  name: 'optim.Adamax',
  defaults: { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false },
  readers: { ...adamFamilyReaders, maximize: read.boolean },
  stateSchema: { step: { kind: 'count' }, expAvg: { kind: 'tensor' }, expInf: { kind: 'tensor', nonNegative: true } },
};

/**
 * torch.optim.Adamax (see the file comment for the exact update).
 * @example
 * ```ts
 * const w = tensor([1], { dtype: 'float64', requiresGrad: true });
 * const opt = new optim.Adamax([w], { lr: 0.1 });
 * w.square().sum().backward();
 * opt.step(); // the first step moves each weight by lr
 * w.item(); // ≈ 0.9
 * ```
 */
export class Adamax extends Optimizer<AdamaxOptions, AdamaxState> {
  constructor(params: ParamsInput<AdamaxOptions>, options?: Partial<AdamaxOptions>) {
    super(SPEC, params, options);
  }

  protected update(param: Tensor, grad: Tensor, group: AdamaxOptions, state: AdamaxState | undefined): AdamaxState {
    const { lr, eps, weightDecay, maximize } = group;
    const [beta1, beta2] = group.betas;
    const next = state ?? { step: 0, expAvg: zerosLike(param), expInf: zerosLike(param) };
    next.step += 1;
    const clr = lr / (1 - beta1 ** next.step);
    const [P, G, M, U] = elements(param, grad, next.expAvg, next.expInf);
    for (let i = 0; i < P.length; i++) {
      const g = gradientAt(G, P, i, weightDecay, maximize);
      M[i] = M[i] * beta1 + (1 - beta1) * g;
      const a = U[i] * beta2;
      const b = Math.abs(g) + eps;
      U[i] = a >= b || Number.isNaN(a) ? a : b; // torch.amax propagates NaN
      P[i] = P[i] + -clr * (M[i] / U[i]);
    }
    return next;
  }
}
