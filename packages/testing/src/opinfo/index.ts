/**
 * The OpInfo suite of core (after PyTorch's `common_methods_invocations.py`): one entry per public op of docs/semantics.md §2.1
 * with its function form, method form, a reference written with plain loops (or mathjs for complex arithmetic),
 * input generators and the dtypes it supports or must reject. The tables live in one file per op family, mirroring
 * core's `ops/*`; `driver.ts` runs entries on contiguous and non-contiguous inputs, broadcasting pairs, every dtype,
 * 0-d and 0-sized tensors. Test-only.
 */
import { CLAMP, COMPARISONS, WHERE } from './comparison';
import { COMPLEX_OPS } from './complex';
import { COMPOSITE_UNARY, SOFTMAX } from './composite';
import { ALPHA, BINARY, UNARY } from './elementwise';
import { INDEXING } from './indexing';
import { MASKING } from './masking';
import { PRODUCTS } from './matmul';
import { MOVEMENT } from './movement';
import { REDUCTIONS } from './reduce';
import { SCANS } from './scan';
import { SORTING } from './sorting';
import { TILING } from './tiling';
import type { Group, OpInfo } from './types';

export { expectNone, runOpInfo } from './driver';
export type { Group, OpInfo, Out, RefOut, Sample } from './types';
export { Unspecified } from './types';

/** Every entry of the table. */
export const OPS: readonly OpInfo[] = [
  ...UNARY,
  ...COMPOSITE_UNARY,
  ...BINARY,
  ...ALPHA,
  ...COMPARISONS,
  WHERE,
  ...CLAMP,
  ...SOFTMAX,
  ...REDUCTIONS,
  ...MOVEMENT,
  ...INDEXING,
  ...PRODUCTS,
  ...COMPLEX_OPS,
  ...SCANS,
  ...SORTING,
  ...MASKING,
  ...TILING,
];

/** The entries of some groups. */
export function opsIn(...groups: Group[]): OpInfo[] {
  return OPS.filter((o) => groups.includes(o.group));
}
