/**
 * In-place modification tracking, PyTorch's "version counter", bumped by every in-place write (copyInto, optimizer
 * steps, loadStateDict). Autograd records the versions of the tensors a backward rule will read and refuses to run the
 * rule if one changed — instead of silently using the new values.
 *
 * The counter belongs to memory, not to a typed-array object: it is kept per ArrayBuffer and byte range, so views of a
 * tensor and two zero-copy tensors over the same buffer (`tensor(new Float64Array(buf))` twice) see each other's
 * writes, while tensors over disjoint parts of one buffer do not disturb each other. A tensor's version is the number
 * of recorded writes to any range overlapping its own, so it increases exactly when memory it can read was written.
 * Writes that bypass tapegrad (the caller writing into its own typed array) cannot be seen, as with `torch.from_numpy`.
 */
import type { Storage } from './dtype';
import { requireTensor } from './ops/util';
import { sharedSlot } from './shared-state';
import type { Tensor } from './tensor';

/** A byte range of one ArrayBuffer and how many in-place writes it has seen. */
interface WrittenRange {
  start: number;
  end: number;
  writes: number;
}

// Shared by the ESM and CommonJS copies of tapegrad loaded in one process (shared-state.ts).
const written = sharedSlot('writtenRanges', () => new WeakMap<ArrayBufferLike, WrittenRange[]>());

function bytesOf(storage: Storage): [number, number] {
  return [storage.byteOffset, storage.byteOffset + storage.byteLength];
}

/**
 * How many in-place writes the memory of `t` has seen (0 for a fresh tensor).
 * @example `const w = zeros([2]); versionOf(w); // 0`
 */
export function versionOf(t: Tensor): number {
  requireTensor('versionOf', t);
  const list = written.get(t.storage.buffer);
  if (list === undefined) return 0;
  const [start, end] = bytesOf(t.storage);
  let version = 0;
  for (const r of list) if (r.start < end && start < r.end) version += r.writes;
  return version;
}

/**
 * Records that the memory of `t` (and so every view of it, and every tensor over the same bytes) was modified in
 * place. Call it after writing into a tensor's storage directly, as tapegrad's optimizers do.
 * @example `w.storage[0] = 1; markModified(w); // graphs that saved w will refuse to backward`
 */
export function markModified(t: Tensor): void {
  requireTensor('markModified', t);
  const buffer = t.storage.buffer;
  const [start, end] = bytesOf(t.storage);
  let list = written.get(buffer);
  if (list === undefined) {
    list = [];
    written.set(buffer, list);
  }
  const range = list.find((r) => r.start === start && r.end === end);
  if (range) range.writes++;
  else list.push({ start, end, writes: 1 });
}
