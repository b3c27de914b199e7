/**
 * Allocation for kernels that write every element of their result (internal): storage handed back by the autograd
 * engine (storage-pool.ts) is reused without the zero fill, which at small-model sizes is a measurable share of a
 * training step. A fresh buffer is still zero (typed arrays start zeroed); a reused one holds old values of the same
 * process, so a caller that does not overwrite every element would expose them.
 */
import type { DType } from './dtype';
import { alloc } from './ops/util';
import { setUnfilled } from './storage-pool';
import type { Tensor } from './tensor';

/**
 * A fresh contiguous tensor of `shape` and `dtype` whose contents are unspecified (the caller overwrites every
 * element); validated as `alloc`.
 * @example `const y = allocUnfilled([2, 3], 'float32'); y.storage.fill(1); // then every element is written`
 */
export function allocUnfilled(shape: readonly number[], dtype: DType): Tensor {
  const previous = setUnfilled(true);
  try {
    return alloc(shape, dtype);
  } finally {
    setUnfilled(previous);
  }
}
