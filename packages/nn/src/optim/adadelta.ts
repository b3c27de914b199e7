/**
 * Adadelta (Zeiler, "ADADELTA: An Adaptive Learning Rate Method", 2012) with the update of torch.optim.Adadelta
 * (1.13 `_single_tensor_adadelta`), per element:
 *   g ← ±∇ (− when maximize);  g ← g + λθ;  s ← ρ·s + (1 − ρ)·g²;  Δ = √(a + ε)/√(s + ε)·g;
 *   a ← ρ·a + (1 − ρ)·Δ²;  θ ← θ − γ·Δ
 */
import type { Tensor } from '@tapegrad/core';
import { zerosLike } from '@tapegrad/core';
import { elements, gradientAt } from './elements';
import { Optimizer, type OptimizerSpec, type ParamsInput } from './optimizer';
import * as read from './readers';

/** Options of {@link Adadelta} (PyTorch's defaults: lr 1, rho 0.9, eps 1e-6). */
export interface AdadeltaOptions {
  lr: number;
  /** ρ, the decay of both running averages, in [0, 1]. */
  rho: number;
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

/** Adadelta's per-parameter state: the step count and the running averages of g² and Δ². */
export type AdadeltaState = { step: number; squareAvg: Tensor; accDelta: Tensor };

const SPEC: OptimizerSpec<AdadeltaOptions> = {
  name: 'optim.Adadelta',
  defaults: { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false },
  readers: {
    lr: read.nonNegative,
    rho: read.unitInterval,
    eps: read.nonNegative,
    weightDecay: read.nonNegative,
    maximize: read.boolean,
  },
  stateSchema: {
    step: { kind: 'count' },
    squareAvg: { kind: 'tensor', nonNegative: true },
    accDelta: { kind: 'tensor', nonNegative: true },
  },
};

/**
 * torch.optim.Adadelta (see the file comment for the exact update).
 * @example
 * ```ts
 * const w = tensor([1], { dtype: 'float64', requiresGrad: true });
 * const opt = new optim.Adadelta([w]);
 * w.square().sum().backward();
 * opt.step();
 * w.item() < 1; // true
 * ```
 */
export class Adadelta extends Optimizer<AdadeltaOptions, AdadeltaState> {
  constructor(params: ParamsInput<AdadeltaOptions>, options?: Partial<AdadeltaOptions>) {
    super(SPEC, params, options);
  }

  protected update(
    param: Tensor,
    grad: Tensor,
    group: AdadeltaOptions,
    state: AdadeltaState | undefined,
  ): AdadeltaState {
    const { lr, rho, eps, weightDecay, maximize } = group;
    const next = state ?? { step: 0, squareAvg: zerosLike(param), accDelta: zerosLike(param) };
    next.step += 1;
    const [P, G, S, A] = elements(param, grad, next.squareAvg, next.accDelta);
    for (let i = 0; i < P.length; i++) {
      const g = gradientAt(G, P, i, weightDecay, maximize);
      S[i] = S[i] * rho + (1 - rho) * g * g;
      const delta = (Math.sqrt(A[i] + eps) / Math.sqrt(S[i] + eps)) * g;
      A[i] = A[i] * rho + (1 - rho) * delta * delta;
      P[i] = P[i] + -lr * delta;
    }
    return next;
  }
}
