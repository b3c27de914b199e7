/**
 * Fusion of adjacent children of nn.Sequential (internal): a module kind can register a function that, given two
 * consecutive children and the input of the first, runs both as one step and returns the output of the second — or
 * null when it does not apply (then the children run one by one). A fusion must give the same values and gradients
 * as the separate modules. Registered by the module files at load, so containers need not import them.
 */
import type { Tensor } from '@tapegrad/core';
import type { Module } from './module';

/** Runs `first` then `second` on `input` as one step, or returns null (nothing done) when it does not apply. */
export type PairFusion = (first: Module, second: Module, input: Tensor) => Tensor | null;

const fusions: PairFusion[] = [];

/** Adds a fusion (called once per module file at load). */
export function registerPairFusion(fusion: PairFusion): void {
  fusions.push(fusion);
}

/** The output of `second.forward(first.forward(input))` from the first fusion that applies, or null. */
export function fusePair(first: Module, second: Module, input: Tensor): Tensor | null {
  for (const fusion of fusions) {
    const y = fusion(first, second, input);
    if (y !== null) return y;
  }
  return null;
}
