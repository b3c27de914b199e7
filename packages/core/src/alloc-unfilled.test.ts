import { describe, expect, it } from 'vitest';
import { allocUnfilled } from './alloc-unfilled';
import { alloc } from './ops/util';
import { recycleStorage, trackAllocations } from './storage-pool';

/** A float32 storage of `length` elements filled with 7, handed back to the pool as the autograd engine does. */
function recycled(length: number): Float32Array {
  const set = new WeakSet<Float32Array | Float64Array | Int32Array | Uint8Array>();
  const previous = trackAllocations(set);
  const t = alloc([length], 'float32');
  trackAllocations(previous);
  const s = t.storage as Float32Array;
  s.fill(7);
  recycleStorage(set, s);
  return s;
}

describe('allocUnfilled', () => {
  it('reuses pooled storage without the zero fill; alloc (also right after) zero-fills it', () => {
    const n = 4099; // above the pool's minimum size, a length no other test uses
    const first = recycled(n);
    const unfilled = allocUnfilled([n], 'float32');
    expect(unfilled.storage).toBe(first);
    expect(unfilled.storage[5]).toBe(7);
    const second = recycled(n);
    const filled = alloc([n], 'float32');
    expect(filled.storage).toBe(second);
    expect((filled.storage as Float32Array).every((v) => v === 0)).toBe(true);
  });

  it('gives a zeroed fresh buffer when nothing is pooled, validates as alloc and restores the fill after an error', () => {
    expect(Array.from(allocUnfilled([2, 2], 'float64').storage)).toEqual([0, 0, 0, 0]);
    expect(() => allocUnfilled([-1], 'float64')).toThrow(/^alloc: /);
    const s = recycled(4101);
    expect(alloc([4101], 'float32').storage).toBe(s);
    expect(s[0]).toBe(0);
  });
});
