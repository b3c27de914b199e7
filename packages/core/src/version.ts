/**
 * In-place modification tracking, PyTorch's "version counter": one counter per storage (so views share it), bumped by
 * every in-place write (copyInto, optimizer steps, loadStateDict). Autograd records the versions of the tensors a
 * backward rule will read and refuses to run the rule if one changed — instead of silently using the new values.
 */
import type { Storage } from './dtype';
import { requireTensor } from './ops/util';
import { sharedSlot } from './shared-state';
import type { Tensor } from './tensor';

const versions = sharedSlot('versions', () => new WeakMap<Storage, number>());

/**
 * How many in-place writes the storage of `t` has seen (0 for a fresh tensor).
 * @example `const w = zeros([2]); versionOf(w); // 0`
 */
export function versionOf(t: Tensor): number {
  requireTensor('versionOf', t);
  return versions.get(t.storage) ?? 0;
}

/**
 * Records that the storage of `t` (and so every view of it) was modified in place. Call it after writing into a
 * tensor's storage directly, as tapegrad's optimizers do.
 * @example `w.storage[0] = 1; markModified(w); // graphs that saved w will refuse to backward`
 */
export function markModified(t: Tensor): void {
  requireTensor('markModified', t);
  versions.set(t.storage, (versions.get(t.storage) ?? 0) + 1);
}
