/**
 * RMSprop (Hinton, Coursera lecture 6e, 2012; the centered variant from Graves, "Generating Sequences With Recurrent
 * Neural Networks", 2013) with the update of torch.optim.RMSprop (`_single_tensor_rmsprop`), per element:
 *   g ← ±∇ (− when maximize);  g ← g + λθ;  v ← α·v + (1 − α)·g²
 *   centered: ḡ ← α·ḡ + (1 − α)·g;  d ← √(v − ḡ²) + ε;  otherwise d ← √v + ε
 *   momentum μ > 0: b ← μ·b + g/d;  θ ← θ − γ·b;  otherwise θ ← θ − γ·g/d
 */
import type { Tensor } from '@tapegrad/core';
import { zerosLike } from '@tapegrad/core';
import { elements, gradientAt } from './elements';
import { Optimizer, type OptimizerSpec, type ParamsInput } from './optimizer';
import * as read from './readers';

/** Options of {@link RMSprop} (PyTorch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, the rest 0 / false). */
export interface RMSpropOptions {
  lr: number;
  /** Smoothing constant of the squared-gradient average. */
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  /** Normalize by an estimate of the gradient's variance instead of its second moment. */
  centered: boolean;
  maximize: boolean;
}

/** RMSprop's per-parameter state. */
export type RMSpropState = { step: number; squareAvg: Tensor; momentumBuffer?: Tensor; gradAvg?: Tensor };

const SPEC: OptimizerSpec<RMSpropOptions> = {
  name: 'optim.RMSprop',
  defaults: { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false },
  readers: {
    lr: read.nonNegative,
    alpha: read.nonNegative,
    eps: read.nonNegative,
    weightDecay: read.nonNegative,
    momentum: read.nonNegative,
    centered: read.boolean,
    maximize: read.boolean,
  },
  stateSchema: {
    step: { kind: 'count' },
    squareAvg: { kind: 'tensor', nonNegative: true },
    momentumBuffer: { kind: 'tensor', optional: true },
    gradAvg: { kind: 'tensor', optional: true },
  },
};

/**
 * torch.optim.RMSprop (see the file comment for the exact update).
 * @example
 * ```ts
 * const w = tensor([1], { dtype: 'float64', requiresGrad: true });
 * const opt = new optim.RMSprop([w], { lr: 0.01 });
 * w.square().sum().backward(); // ∇ = 2, v = 0.01·4
 * opt.step();
 * w.item(); // 1 − 0.01·2/(0.2 + 1e-8) ≈ 0.9
 * ```
 */
export class RMSprop extends Optimizer<RMSpropOptions, RMSpropState> {
  constructor(params: ParamsInput<RMSpropOptions>, options?: Partial<RMSpropOptions>) {
    super(SPEC, params, options);
  }

  protected update(param: Tensor, grad: Tensor, group: RMSpropOptions, state: RMSpropState | undefined): RMSpropState {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
    const next = state ?? { step: 0, squareAvg: zerosLike(param) };
    if (momentum > 0 && next.momentumBuffer === undefined) next.momentumBuffer = zerosLike(param);
    if (centered && next.gradAvg === undefined) next.gradAvg = zerosLike(param);
    next.step += 1;
    const [P, G, V] = elements(param, grad, next.squareAvg);
    const avg = centered && next.gradAvg !== undefined ? elements(next.gradAvg)[0] : null;
    const buf = momentum > 0 && next.momentumBuffer !== undefined ? elements(next.momentumBuffer)[0] : null;
    const oneMinusAlpha = 1 - alpha;
    for (let i = 0; i < P.length; i++) {
      const g = gradientAt(G, P, i, weightDecay, maximize);
      const v = V[i] * alpha + oneMinusAlpha * g * g;
      V[i] = v;
      let d: number;
      if (avg !== null) {
        const a = avg[i] * alpha + oneMinusAlpha * g;
        avg[i] = a;
        d = Math.sqrt(v + -1 * a * avg[i]) + eps;
      } else d = Math.sqrt(v) + eps;
      if (buf !== null) {
        buf[i] = buf[i] * momentum + g / d;
        P[i] = P[i] + -lr * buf[i];
      } else P[i] = P[i] + -lr * (g / d);
    }
    return next;
  }
}
