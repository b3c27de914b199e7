/**
 * Reuse of tensor storage (internal), in the spirit of PyTorch's caching allocator: fresh typed arrays cost an
 * allocation and a page fault per 4 KiB on first touch, which at small-model sizes is a large share of a training
 * step. Only storage that is **provably unreachable** is reused, and only the autograd engine decides that: while it
 * runs library backward rules it asks core to note each storage allocated ({@link trackAllocations}); when the last
 * gradient tensor it holds on such a storage is dropped — not returned to the user, not seen by a hook, not kept as
 * `.grad`, not under createGraph — it hands the storage back ({@link recycleStorage}). `allocate` then reuses it
 * zero-filled, so a reused buffer is indistinguishable from a fresh one.
 */

import { describeValue } from './describe';
import type { Storage } from './dtype';
import { DtypeError } from './errors';

/** Buffers smaller than this many bytes are not kept (allocating them is cheap). */
const MIN_BYTES = 4096;
/** At most this many bytes are kept in total, and this many buffers of one type and length. */
const MAX_BYTES = 64 * 2 ** 20;
const MAX_PER_SIZE = 16;

type StorageConstructor =
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | Int32ArrayConstructor
  | Uint8ArrayConstructor;

const pools = new Map<StorageConstructor, Map<number, Storage[]>>();
let pooledBytes = 0;
let tracking: WeakSet<Storage> | null = null;

/** Whether `set` is a real WeakSet that holds `value` (by its internal slot: a Proxy or look-alike is not). */
function weakSetHas(set: unknown, value: unknown): boolean {
  try {
    return WeakSet.prototype.has.call(set as WeakSet<object>, value as object);
  } catch {
    return false;
  }
}

/** Whether `set` is a real WeakSet. */
function isWeakSet(set: unknown): set is WeakSet<Storage> {
  try {
    WeakSet.prototype.has.call(set as WeakSet<object>, isWeakSet);
    return true;
  } catch {
    return false;
  }
}

/** While true, a reused storage is handed out as it is (see `allocUnfilled`). */
let unfilled = false;

/**
 * Makes {@link takeStorage} skip (true) or resume (false) zero-filling reused storage; returns the previous setting,
 * to restore. Only `allocUnfilled` sets it, around one allocation. @internal
 */
export function setUnfilled(skip: boolean): boolean {
  const previous = unfilled;
  unfilled = skip;
  return previous;
}

/**
 * A zero-filled storage of `length` elements (unless {@link setUnfilled} is on: then a reused one keeps its contents): a kept buffer when one of that type and length is free, else a new one.
 * While tracking is on, the storage is added to the tracking set.
 */
export function takeStorage(ctor: StorageConstructor, length: number): Storage {
  const free = pools.get(ctor)?.get(length);
  let s: Storage;
  if (free !== undefined && free.length > 0) {
    s = free.pop() as Storage;
    pooledBytes -= s.byteLength;
    if (!unfilled) s.fill(0);
  } else s = new ctor(length);
  if (tracking !== null) tracking.add(s);
  return s;
}

/**
 * Starts noting every storage core allocates into `set` (weakly: an unreachable one is still collected; null: stops); returns the previous set, to restore. The
 * autograd engine turns it on around library backward rules only.
 * @example `const previous = trackAllocations(new WeakSet()); trackAllocations(previous);`
 */
export function trackAllocations(set: WeakSet<Storage> | null): WeakSet<Storage> | null {
  if (set !== null && !isWeakSet(set))
    throw new DtypeError(`trackAllocations: expected a WeakSet or null, got ${describeValue(set)}`);
  const previous = tracking;
  tracking = set;
  return previous;
}

/**
 * Hands `storage` back for reuse. `tracked` is the set it was noted in (anything else is refused, so a storage core
 * did not allocate under tracking is never kept); it is removed from it. The caller guarantees that nothing can read
 * or write `storage` any more. Small buffers and buffers beyond the pool's bounds are left to the garbage collector.
 * @example `recycleStorage(new WeakSet(), new Float32Array(4)); // refused: DtypeError`
 */
export function recycleStorage(tracked: WeakSet<Storage>, storage: Storage): void {
  if (!weakSetHas(tracked, storage))
    throw new DtypeError(
      `recycleStorage: expected a storage noted by trackAllocations in the given set, got ${describeValue(storage)}`,
    );
  tracked.delete(storage);
  const bytes = storage.byteLength;
  if (bytes < MIN_BYTES || pooledBytes + bytes > MAX_BYTES) return;
  const ctor = storage.constructor as StorageConstructor;
  const bySize = pools.get(ctor) ?? new Map<number, Storage[]>();
  pools.set(ctor, bySize);
  const free = bySize.get(storage.length) ?? [];
  bySize.set(storage.length, free);
  if (free.length >= MAX_PER_SIZE) return;
  free.push(storage);
  pooledBytes += bytes;
}

/**
 * Bytes of storage currently kept for reuse (for tests and diagnostics).
 * @example `pooledStorageBytes() >= 0; // true`
 */
export function pooledStorageBytes(): number {
  return pooledBytes;
}
