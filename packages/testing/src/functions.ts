/** Custom functions with deliberately broken derivatives, for tests that a check must catch them. */
import { defineFunction } from '@tapegrad/autograd';
import type { Tensor } from '@tapegrad/core';

/**
 * A one-input custom function that saves its input: `forward(t)` computes the output, `backward(t, g)` the gradient
 * of the input (t is the saved input). Returns the single output tensor.
 */
export function unaryFunction(
  name: string,
  forward: (t: Tensor) => Tensor,
  backward: (t: Tensor, g: Tensor) => Tensor,
): (t: Tensor) => Tensor {
  const op = defineFunction({
    name,
    forward(ctx, t: Tensor) {
      ctx.saveForBackward(t);
      return forward(t);
    },
    backward(ctx, g) {
      const [t] = ctx.saved;
      return [backward(t, g)];
    },
  });
  return (t) => {
    const y = op(t);
    return Array.isArray(y) ? y[0] : y;
  };
}

/** y = x·x with a backward scaled by `factor` (1 is correct). */
export const scaledSquare = (factor: number) =>
  unaryFunction(
    'scaledSquare',
    (x) => x.mul(x),
    (x, g) => g.mul(x.conj()).mul(2 * factor),
  );

/** |z|² (real output of a complex input) with a backward g·z that misses the factor 2 of the right one, 2g·z. */
export const halfAbsSq = unaryFunction(
  'halfAbsSq',
  (t) => t.mul(t.conj()).real,
  (t, g) => g.mul(t),
);

/**
 * t³ with a first derivative that is right (3t²·g) but computed from a detached saved input, so it is not itself
 * differentiable in t: the double backward is wrong (misses 6t·g·v), which gradgradcheck must report.
 */
export const detachedCube = unaryFunction(
  'detachedCube',
  (t) => t.pow(3),
  (t, g) => g.mul(t.detach().square()).mul(3),
);
