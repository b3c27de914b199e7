/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay — the update of
 * torch.optim.SGD (torch 2.x `_single_tensor_sgd`), per element:
 *   g ← ±∇ (− when maximize);  g ← g + λθ;
 *   b ← g at the first step, else μ·b + (1 − τ)·g;  g ← g + μ·b (nesterov) or b;
 *   θ ← θ − γ·g
 */
import type { Tensor } from '@tapegrad/core';
import { DtypeError, zerosLike } from '@tapegrad/core';
import { elements, gradientAt } from './elements';
import { Optimizer, type OptimizerSpec, type ParamsInput } from './optimizer';
import * as read from './readers';

/** Options of {@link SGD} (PyTorch's defaults: lr 1e-3, everything else 0 / false). */
export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}

/** SGD's per-parameter state: the momentum buffer (only when momentum ≠ 0). */
export type SGDState = { momentumBuffer?: Tensor };

const SPEC: OptimizerSpec<SGDOptions> = {
  name: 'optim.SGD',
  defaults: { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false },
  readers: {
    lr: read.nonNegative,
    momentum: read.nonNegative,
    dampening: read.finite,
    weightDecay: read.nonNegative,
    nesterov: read.boolean,
    maximize: read.boolean,
  },
  check(op, o) {
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0))
      throw new DtypeError(
        `${op}: Nesterov momentum requires a momentum > 0 and zero dampening (expected momentum > 0 and dampening 0, got ${o.momentum} and ${o.dampening})`,
      );
  },
  stateSchema: { momentumBuffer: { kind: 'tensor', optional: true } },
};

/**
 * torch.optim.SGD (see the file comment for the exact update).
 * @example
 * ```ts
 * const w = tensor([1], { dtype: 'float64', requiresGrad: true });
 * const opt = new optim.SGD([w], { lr: 0.1, momentum: 0.9 });
 * w.square().sum().backward(); // ∇ = 2
 * opt.step();
 * w.item(); // 0.8
 * ```
 */
export class SGD extends Optimizer<SGDOptions, SGDState> {
  constructor(params: ParamsInput<SGDOptions>, options?: Partial<SGDOptions>) {
    super(SPEC, params, options);
  }

  protected update(param: Tensor, grad: Tensor, group: SGDOptions, state: SGDState | undefined): SGDState {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    const [P, G] = elements(param, grad);
    const next = state ?? {};
    if (momentum === 0) {
      for (let i = 0; i < P.length; i++) {
        const g = gradientAt(G, P, i, weightDecay, maximize);
        P[i] = P[i] + -lr * g;
      }
      return next;
    }
    const first = next.momentumBuffer === undefined;
    if (next.momentumBuffer === undefined) next.momentumBuffer = zerosLike(param);
    const [B] = elements(next.momentumBuffer);
    const keep = 1 - dampening;
    for (let i = 0; i < P.length; i++) {
      const g = gradientAt(G, P, i, weightDecay, maximize);
      B[i] = first ? g : B[i] * momentum + keep * g;
      P[i] = P[i] + -lr * (nesterov ? g + momentum * B[i] : B[i]);
    }
    return next;
  }
}
