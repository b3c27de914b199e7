/**
 * The default collate function (torch.utils.data.default_collate): a list of samples of the same structure becomes
 * one batch of that structure, with tensors stacked along a new first dimension.
 */
import type { Tensor } from '@tapegrad/core';
import { DtypeError, ShapeError, stack, Tensor as TensorClass, tensor } from '@tapegrad/core';
import { describeValue, formatShape } from '@tapegrad/core/internal';

/** What default collation makes of a sample type: tensors, numbers and booleans become stacked tensors. */
export type Collated<T> = T extends Tensor
  ? Tensor
  : T extends number | boolean
    ? Tensor
    : T extends string
      ? string[]
      : T extends readonly unknown[]
        ? { [K in keyof T]: Collated<T[K]> }
        : T extends object
          ? { [K in keyof T]: Collated<T[K]> }
          : never;

/** How deep sample structures may nest (guards against cyclic samples). */
const MAX_DEPTH = 32;

/**
 * Collates samples: Tensors → `stack` (same shape and dtype required); numbers → a float64 tensor (JavaScript does
 * not tell integers from floats, and PyTorch collates Python floats to float64; return tensors for int32 labels);
 * booleans → a bool tensor; strings → an array; arrays and plain objects → the same structure, collated per
 * position / key.
 * @example
 * ```ts
 * const batch = data.defaultCollate([[tensor([1, 2]), 0], [tensor([3, 4]), 1]]);
 * batch[0].shape; // [2, 2]
 * batch[1].toArray(); // [0, 1]
 * ```
 */
export function defaultCollate<T>(samples: readonly T[]): Collated<T> {
  const op = 'data.defaultCollate';
  if (!Array.isArray(samples) || samples.length === 0)
    throw new ShapeError(`${op}: expected a non-empty array of samples, got ${describeValue(samples)}`);
  return collate(op, samples, 'sample', 0) as Collated<T>;
}

function collate(op: string, items: readonly unknown[], where: string, depth: number): unknown {
  if (depth > MAX_DEPTH)
    throw new ShapeError(`${op}: expected samples nested at most ${MAX_DEPTH} deep, got deeper nesting at ${where}`);
  const first = items[0];
  if (first instanceof TensorClass) {
    for (const t of items) {
      if (!(t instanceof TensorClass))
        throw new DtypeError(`${op}: expected every ${where} to be a Tensor, got ${describeValue(t)}`);
      if (t.dtype !== first.dtype || t.ndim !== first.ndim || t.shape.some((s, i) => s !== first.shape[i]))
        throw new ShapeError(
          `${op}: expected every ${where} to be a ${first.dtype} tensor of shape ${formatShape(first.shape)}, got ${describeValue(t)}`,
        );
    }
    return stack(items as Tensor[], 0);
  }
  if (typeof first === 'number' || typeof first === 'boolean') {
    for (const v of items) {
      if (typeof v !== typeof first)
        throw new DtypeError(`${op}: expected every ${where} to be a ${typeof first}, got ${describeValue(v)}`);
    }
    return tensor(items as number[] | boolean[], { dtype: typeof first === 'number' ? 'float64' : 'bool' });
  }
  if (typeof first === 'string') {
    for (const v of items)
      if (typeof v !== 'string')
        throw new DtypeError(`${op}: expected every ${where} to be a string, got ${describeValue(v)}`);
    return [...items];
  }
  if (Array.isArray(first)) {
    for (const v of items) {
      if (!Array.isArray(v) || v.length !== first.length)
        throw new ShapeError(
          `${op}: expected every ${where} to be an array of length ${first.length}, got ${describeValue(v)}${Array.isArray(v) ? ` of length ${v.length}` : ''}`,
        );
    }
    return first.map((_, k) =>
      collate(
        op,
        items.map((v) => (v as unknown[])[k]),
        `${where}[${k}]`,
        depth + 1,
      ),
    );
  }
  if (typeof first === 'object' && first !== null && Object.getPrototypeOf(first) === Object.prototype) {
    const keys = Object.keys(first);
    const out: Record<string, unknown> = {};
    for (const v of items) {
      if (typeof v !== 'object' || v === null || Object.keys(v).join('\u0000') !== keys.join('\u0000'))
        throw new ShapeError(
          `${op}: expected every ${where} to be an object with keys ${keys.join(', ')}, got ${describeValue(v)}`,
        );
    }
    for (const key of keys)
      out[key] = collate(
        op,
        items.map((v) => (v as Record<string, unknown>)[key]),
        `${where}.${key}`,
        depth + 1,
      );
    return out;
  }
  throw new DtypeError(
    `${op}: expected samples made of tensors, numbers, booleans, strings, arrays and plain objects, got ${describeValue(first)} at ${where}`,
  );
}
