/** Short descriptions of values for error messages ("number 5", "null", "float64 tensor of shape [2]"). */
import { formatShape, Tensor } from '@tapegrad/core';

/** "number 5", "null", "an array", "float64 tensor of shape [2, 3]" … the "got" part of error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Tensor) return `${value.dtype} tensor of shape ${formatShape(value.shape)}`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
