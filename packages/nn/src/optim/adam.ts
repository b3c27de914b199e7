/**
 * Adam (Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015) and AdamW (Loshchilov & Hutter,
 * "Decoupled Weight Decay Regularization", ICLR 2019), with the update of torch.optim.Adam / AdamW (torch 2.x
 * `_single_tensor_adam`), per element at step t:
 *   AdamW: θ ← θ·(1 − γλ);   Adam: g ← g + λθ   (g = ±∇, − when maximize)
 *   m ← lerp(m, g, 1 − β₁);   v ← β₂·v + (1 − β₂)·g²;   v̂max ← max(v̂max, v) (amsgrad)
 *   θ ← θ − (γ/(1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε)      (v̂max instead of v with amsgrad)
 */
import type { Tensor } from '@tapegrad/core';
import { zerosLike } from '@tapegrad/core';

import { elements } from './elements';
import { Optimizer, type OptimizerSpec, type ParamsInput, type StateSchema } from './optimizer';
import * as read from './readers';

/** Options of {@link Adam} and {@link AdamW} (PyTorch's defaults: lr 1e-3, betas [0.9, 0.999], eps 1e-8). */
export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  /** L2 penalty added to the gradient (Adam, default 0) or decoupled decay of the weights (AdamW, default 1e-2). */
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

/** Per-parameter state: the step count and the moment estimates. */
export type AdamState = { step: number; expAvg: Tensor; expAvgSq: Tensor; maxExpAvgSq?: Tensor };

/** The readers of the options every Adam-family optimizer has. @internal */
export const adamFamilyReaders = {
  lr: read.nonNegative,
  betas: read.betas,
  eps: read.nonNegative,
  weightDecay: read.nonNegative,
} as const;

/** The state of Adam, NAdam and RAdam: the step count and the first and second moments. @internal */
export const momentsState: StateSchema = {
  step: { kind: 'count' },
  expAvg: { kind: 'tensor' },
  expAvgSq: { kind: 'tensor', nonNegative: true },
};

function spec(name: string, weightDecay: number): OptimizerSpec<AdamOptions> {
  return {
    name,
    defaults: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay, amsgrad: false, maximize: false },
    readers: { ...adamFamilyReaders, amsgrad: read.boolean, maximize: read.boolean },
    stateSchema: { ...momentsState, maxExpAvgSq: { kind: 'tensor', optional: true, nonNegative: true } },
  };
}

const ADAM = spec('optim.Adam', 0);
const ADAMW = spec('optim.AdamW', 1e-2);

/** The shared Adam / AdamW update; `decoupled` selects AdamW's weight decay. */
function adamUpdate(
  param: Tensor,
  grad: Tensor,
  group: AdamOptions,
  state: AdamState | undefined,
  decoupled: boolean,
): AdamState {
  const { lr, eps, weightDecay, amsgrad, maximize } = group;
  const [beta1, beta2] = group.betas;
  const next = state ?? { step: 0, expAvg: zerosLike(param), expAvgSq: zerosLike(param) };
  if (amsgrad && next.maxExpAvgSq === undefined) next.maxExpAvgSq = zerosLike(param);
  next.step += 1;
  const step = next.step;
  const stepSize = lr / (1 - beta1 ** step);
  const bias2Sqrt = Math.sqrt(1 - beta2 ** step);
  const weight = 1 - beta1; // lerp weight, evaluated as torch's lerp does
  const smallWeight = Math.abs(weight) < 0.5;
  const oneMinusBeta2 = 1 - beta2;
  const decay = 1 - lr * weightDecay;
  const [P, G, M, V] = elements(param, grad, next.expAvg, next.expAvgSq);
  const max = amsgrad && next.maxExpAvgSq !== undefined ? elements(next.maxExpAvgSq)[0] : null;
  for (let i = 0; i < P.length; i++) {
    let g = maximize ? -G[i] : G[i];
    if (weightDecay !== 0) {
      if (decoupled) P[i] = P[i] * decay;
      else g = g + weightDecay * P[i];
    }
    const m = M[i];
    M[i] = smallWeight ? m + weight * (g - m) : g - (g - m) * (1 - weight);
    V[i] = V[i] * beta2 + oneMinusBeta2 * g * g;
    let v = V[i];
    if (max !== null) {
      if (!(max[i] >= v)) max[i] = v;
      v = max[i];
    }
    const denom = Math.sqrt(v) / bias2Sqrt + eps;
    P[i] = P[i] + (-stepSize * M[i]) / denom;
  }
  return next;
}

/**
 * torch.optim.Adam (see the file comment for the exact update); `weightDecay` is an L2 penalty on the gradient.
 * @example
 * ```ts
 * const w = tensor([1], { dtype: 'float64', requiresGrad: true });
 * const opt = new optim.Adam([w], { lr: 0.1 });
 * w.square().sum().backward();
 * opt.step(); // the first Adam step moves each weight by about lr
 * w.item(); // ≈ 0.9
 * ```
 */
export class Adam extends Optimizer<AdamOptions, AdamState> {
  constructor(params: ParamsInput<AdamOptions>, options?: Partial<AdamOptions>) {
    super(ADAM, params, options);
  }

  protected update(param: Tensor, grad: Tensor, group: AdamOptions, state: AdamState | undefined): AdamState {
    return adamUpdate(param, grad, group, state, false);
  }
}

/**
 * torch.optim.AdamW: Adam with decoupled weight decay θ ← θ·(1 − γλ) (default λ = 1e-2).
 * @example
 * ```ts
 * const w = tensor([1], { dtype: 'float64', requiresGrad: true });
 * const opt = new optim.AdamW([w], { lr: 0.1, weightDecay: 0.5 });
 * w.grad = tensor([0], { dtype: 'float64' });
 * opt.step(); // zero gradient: only the decay acts
 * w.item(); // 0.95
 * ```
 */
export class AdamW extends Optimizer<AdamOptions, AdamState> {
  constructor(params: ParamsInput<AdamOptions>, options?: Partial<AdamOptions>) {
    super(ADAMW, params, options);
  }

  protected update(param: Tensor, grad: Tensor, group: AdamOptions, state: AdamState | undefined): AdamState {
    return adamUpdate(param, grad, group, state, true);
  }
}
