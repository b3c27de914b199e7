/** nn.functional.pad (torch.nn.functional.pad): constant, reflect, replicate and circular padding. */
import type { Tensor } from '@tapegrad/core';
import { cat, DtypeError, full, ShapeError, tensor } from '@tapegrad/core';
import { describeValue, readOptions } from '@tapegrad/core/internal';
import { requireTensor } from './checks';

/** Padding modes of {@link pad}. */
export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/** Options of {@link pad}. */
export interface PadOptions {
  /** Default 'constant'. */
  mode?: PadMode;
  /** Fill value of 'constant' mode (default 0). */
  value?: number;
}

/** The source index of padded position i (i may be negative or ≥ size) for the index-based modes. */
function sourceIndex(mode: Exclude<PadMode, 'constant'>, i: number, size: number): number {
  if (mode === 'replicate') return Math.min(Math.max(i, 0), size - 1);
  if (mode === 'circular') return ((i % size) + size) % size;
  // reflect (without repeating the edge): −1 → 1, size → size − 2
  return i < 0 ? -i : i >= size ? 2 * (size - 1) - i : i;
}

/**
 * Pads the last dimensions: `pad` = [left, right] for the last dimension, then [top, bottom] for the one before, …
 * (torch.nn.functional.pad). 'constant' fills with `value` (negative amounts crop); 'reflect' mirrors without the
 * edge (amounts < size), 'replicate' repeats the edge, 'circular' wraps around (amounts ≤ size). Differentiable.
 * @example
 * ```ts
 * nn.functional.pad(tensor([[1, 2, 3]]), [1, 2]).toArray(); // [[0, 1, 2, 3, 0, 0]]
 * nn.functional.pad(tensor([[1, 2, 3]]), [2, 1], { mode: 'reflect' }).toArray(); // [[3, 2, 1, 2, 3, 2]]
 * ```
 */
export function pad(input: Tensor, padding: number[], opts?: PadOptions): Tensor {
  return padWith('nn.functional.pad', input, padding, opts);
}

/** {@link pad} with the public name of the caller for error messages (internal). */
export function padWith(op: string, input: unknown, padding: unknown, opts?: PadOptions): Tensor {
  const x = requireTensor(op, input);
  const o = readOptions(op, opts, ['mode', 'value']);
  const mode = o.mode ?? 'constant';
  if (mode !== 'constant' && mode !== 'reflect' && mode !== 'replicate' && mode !== 'circular')
    throw new DtypeError(
      `${op}: expected mode 'constant', 'reflect', 'replicate' or 'circular', got ${describeValue(mode)}`,
    );
  const value = o.value ?? 0;
  if (typeof value !== 'number')
    throw new DtypeError(`${op}: expected value to be a number, got ${describeValue(value)}`);
  if (mode !== 'constant' && o.value !== undefined && o.value !== 0)
    throw new DtypeError(
      `${op}: padding mode '${mode}' doesn't take in a value argument (expected none, got ${value})`,
    );
  if (
    !Array.isArray(padding) ||
    padding.length % 2 !== 0 ||
    padding.length / 2 > x.ndim ||
    !padding.every((p) => Number.isSafeInteger(p))
  )
    throw new ShapeError(
      `${op}: expected an even number of integer paddings, at most 2 per dimension of the input (${x.ndim}), got ${describeValue(padding)}`,
    );
  let y = x;
  for (let j = 0; j < padding.length / 2; j++) {
    const dim = x.ndim - 1 - j;
    const before = padding[2 * j] as number;
    const after = padding[2 * j + 1] as number;
    if (before === 0 && after === 0) continue;
    const size = y.shape[dim];
    if (mode === 'constant') {
      const start = Math.max(-before, 0);
      const kept = size - start - Math.max(-after, 0);
      if (kept < 0)
        throw new ShapeError(
          `${op}: padding crops more than dimension ${dim} of size ${size} (expected crops of at most ${size} in all, got [${before}, ${after}])`,
        );
      const core = start > 0 || kept < size ? y.narrow(dim, start, kept) : y;
      const side = (n: number) => {
        const shape = [...core.shape];
        shape[dim] = n;
        return full(shape, value, { dtype: y.dtype });
      };
      const parts = [...(before > 0 ? [side(before)] : []), core, ...(after > 0 ? [side(after)] : [])];
      y = parts.length === 1 ? core : cat(parts, dim);
      continue;
    }
    const limit = mode === 'reflect' ? size - 1 : size;
    if (before < 0 || after < 0 || before > limit || after > limit || size === 0)
      throw new ShapeError(
        `${op}: ${mode} padding of dimension ${dim} (size ${size}) must be between 0 and ${limit} (expected amounts in [0, ${limit}], got [${before}, ${after}])`,
      );
    const index = Array.from({ length: before + size + after }, (_, i) => sourceIndex(mode, i - before, size));
    y = y.indexSelect(dim, tensor(index, { dtype: 'int32' }));
  }
  return y;
}
