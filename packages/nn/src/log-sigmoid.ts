/** log(sigmoid(x)) without overflow (its own file: losses use it too). */
import type { Tensor } from '@tapegrad/core';
import { DtypeError, isComplex, isFloating, where } from '@tapegrad/core';
import { describeValue, requireTensor } from '@tapegrad/core/internal';

/**
 * log(sigmoid(x)) (torch.nn.functional.logsigmoid), without overflow: x − log1p(eˣ) for x < 0 and −log1p(e⁻ˣ)
 * otherwise. Each branch is the exact function on its side and gets an input clamped to that side (the "double
 * where"), so every derivative is right everywhere, including at 0.
 * @example `logsigmoid(tensor([0])).toArray(); // [−0.6931…]`
 */
export function logsigmoid(input: Tensor): Tensor {
  const x = requireTensor('nn.functional.logsigmoid', input);
  if (!isFloating(x.dtype) || isComplex(x.dtype))
    throw new DtypeError(`nn.functional.logsigmoid: expected a real floating tensor, got ${describeValue(x)}`);
  const negative = x.lt(0);
  const left = where(negative, x, 0);
  const right = where(negative, 0, x);
  return where(negative, left.sub(left.exp().log1p()), right.neg().exp().log1p().neg());
}
