/** The Dropout module. */
import type { Tensor } from '@tapegrad/core';
import { checkDropoutProbability } from './checks';
import { dropout } from './functional';
import { Module } from './module';

/**
 * Inverted dropout (torch.nn.Dropout): in training mode each element is zeroed with probability p and the rest are
 * scaled by 1/(1 − p), from the seeded generator; in eval mode it returns its input unchanged.
 * @example
 * ```ts
 * const drop = new nn.Dropout(0.5);
 * drop.eval().forward(ones([4])).toArray(); // [1, 1, 1, 1]
 * ```
 */
export class Dropout extends Module {
  readonly p: number;

  constructor(p = 0.5) {
    super();
    this.p = checkDropoutProbability('nn.Dropout', p);
  }

  forward(input: Tensor): Tensor {
    return dropout(input, { p: this.p, training: this.training });
  }
}
