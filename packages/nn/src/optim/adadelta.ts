/**
 * Adadelta (Zeiler, "ADADELTA: An Adaptive Learning Rate Method", 2012) with the update of torch.optim.Adadelta
 * (1.13 `_single_tensor_adadelta`), per element:
 *   g ← ±∇ (− when maximize);  g ← g + λθ;  s ← ρ·s + (1 − ρ)·g²;  Δ = √(a + ε)/√(s + ε)·g;
 *   a ← ρ·a + (1 − ρ)·Δ²;  θ ← θ − γ·Δ
 */
import type { Tensor } from '@tapegrad/core';
import { DtypeError, zerosLike } from '@tapegrad/core';
import { describeValue } from '@tapegrad/core/internal';
import {
  boolean,
  flatView,
  nonNegative,
  Optimizer,
  type OptimizerSpec,
  type OptionReader,
  type ParamsInput,
} from './optimizer';

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

const unitInterval: OptionReader<number> = (op, key, value) => {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1))
    throw new DtypeError(`${op}: expected ${key} to be a number in [0, 1], got ${describeValue(value)}`);
  return value;
};

const SPEC: OptimizerSpec<AdadeltaOptions> = {
  name: 'optim.Adadelta',
  defaults: { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false },
  readers: { lr: nonNegative, rho: unitInterval, eps: nonNegative, weightDecay: nonNegative, maximize: boolean },
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
    const { data: P, start: p0, length: n } = flatView(param);
    const { data: G, start: g0 } = flatView(grad);
    const { data: S, start: s0 } = flatView(next.squareAvg);
    const { data: A, start: a0 } = flatView(next.accDelta);
    for (let i = 0; i < n; i++) {
      let g = maximize ? -G[g0 + i] : G[g0 + i];
      if (weightDecay !== 0) g = g + weightDecay * P[p0 + i];
      S[s0 + i] = S[s0 + i] * rho + (1 - rho) * g * g;
      const delta = (Math.sqrt(A[a0 + i] + eps) / Math.sqrt(S[s0 + i] + eps)) * g;
      A[a0 + i] = A[a0 + i] * rho + (1 - rho) * delta * delta;
      P[p0 + i] = P[p0 + i] + -lr * delta;
    }
    return next;
  }
}
