/** Custom functions with deliberately broken derivatives, for tests that a check must catch them. */
import { defineFunction } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';

/**
 * t³ with a first derivative that is right (3t²·g) but computed from a detached saved input, so it is not itself
 * differentiable in t: the double backward is wrong (misses 6t·g·v), which gradgradcheck must report.
 */
export const detachedCube = defineFunction({
  name: 'detachedCube',
  forward(ctx, t: Tensor) {
    ctx.saveForBackward(t);
    return t.pow(3);
  },
  backward(ctx, g) {
    const [t] = ctx.saved;
    return [g.mul(t.detach().square()).mul(3)];
  },
});
