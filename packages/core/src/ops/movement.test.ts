/**
 * Shape and view ops. The OpInfo table checks values, dtypes, layouts and storage sharing of every entry; the cases
 * below pin the view semantics of PyTorch: which ops return views (sharing storage, so writes to the storage show
 * through), which copy, and when reshape/view can avoid a copy.
 */

import { opsIn, runOpInfo } from '@tapegrad/testing/opinfo';
import { describe, expect, it } from 'vitest';
import { ShapeError } from '../errors';
import type { Tensor } from '../tensor';
import { complex, imag, real } from './complex';
import { arange, tensor, zeros } from './creation';
import {
  broadcastTo,
  cat,
  chunk,
  clone,
  contiguous,
  diagonal,
  expand,
  flatten,
  narrow,
  permute,
  reshape,
  select,
  slice,
  split,
  squeeze,
  stack,
  transpose,
  unsqueeze,
  view,
} from './movement';

runOpInfo(opsIn('movement'));

/** A float64 matrix 0..n-1 in row-major order, with its own storage. */
const grid = (...shape: number[]): Tensor =>
  arange(
    shape.reduce((a, b) => a * b, 1),
    { dtype: 'float64' },
  ).reshape(shape);
const isContiguousLayout = (t: Tensor): boolean => {
  let acc = 1;
  for (let i = t.ndim - 1; i >= 0; i--) {
    if (t.shape[i] !== 1 && t.strides[i] !== acc) return false;
    acc *= t.shape[i];
  }
  return true;
};

describe('views share storage with their base (writes show through)', () => {
  const cases: readonly (readonly [string, (x: Tensor) => Tensor])[] = [
    ['reshape of a contiguous tensor', (x) => reshape(x, [4, 3])],
    ['view', (x) => view(x, [2, 6])],
    ['flatten', (x) => flatten(x)],
    ['squeeze / unsqueeze', (x) => squeeze(unsqueeze(x, 0))],
    ['transpose', (x) => transpose(x, 0, 1)],
    ['permute', (x) => permute(x, [1, 0])],
    ['T', (x) => x.T],
    ['mT', (x) => x.mT],
    ['expand', (x) => expand(unsqueeze(x, 0), [2, 3, 4])],
    ['broadcastTo', (x) => broadcastTo(x, [5, 3, 4])],
    ['slice with a step', (x) => slice(x, 1, 0, 4, 2)],
    ['narrow', (x) => narrow(x, 0, 1, 2)],
    ['select', (x) => select(x, 1, 2)],
    ['diagonal', (x) => diagonal(x, 1)],
    ['split', (x) => split(x, 2, 1)[1]],
    ['chunk', (x) => chunk(x, 3, 0)[2]],
    ['detach', (x) => x.detach()],
  ];
  for (const [name, make] of cases) {
    it(name, () => {
      const base = grid(3, 4);
      const v = make(base);
      expect(v.storage).toBe(base.storage);
      const before = v.toArray();
      (base.storage as Float64Array).fill(-1);
      const after = v.toArray();
      expect(JSON.stringify(after)).not.toBe(JSON.stringify(before));
      expect(flatten(contiguous(v)).toArray()).toEqual(new Array(v.size).fill(-1));
    });
  }

  it('real and imag are strided views into the interleaved storage', () => {
    const z = complex(tensor([1, 2, 3], { dtype: 'float64' }), tensor([4, 5, 6], { dtype: 'float64' }));
    const re = real(z);
    const im = imag(z);
    expect([re.storage, im.storage]).toEqual([z.storage, z.storage]);
    expect([re.strides, im.strides, re.offset, im.offset]).toEqual([[2], [2], 0, 1]);
    (z.storage as Float64Array)[3] = 50;
    expect(im.toArray()).toEqual([4, 50, 6]);
    const zt = narrow(z, 0, 1, 2);
    expect([real(zt).toArray(), imag(zt).toArray()]).toEqual([
      [2, 3],
      [50, 6],
    ]);
  });
});

describe('copies', () => {
  it('clone always copies; contiguous copies only non-contiguous tensors', () => {
    const x = grid(2, 3);
    const c = clone(x);
    expect(c.storage).not.toBe(x.storage);
    expect(c.toArray()).toEqual(x.toArray());
    expect(contiguous(x)).toBe(x);
    const t = x.T;
    const ct = contiguous(t);
    expect(ct.storage).not.toBe(x.storage);
    expect(isContiguousLayout(ct)).toBe(true);
    expect(ct.toArray()).toEqual(t.toArray());
    expect(x.contiguous()).toBe(x);
  });

  it('reshape copies when the strides do not allow a view; view then refuses', () => {
    const t = grid(2, 3).T;
    const r = reshape(t, [6]);
    expect(r.storage).not.toBe(t.storage);
    expect(r.toArray()).toEqual([0, 3, 1, 4, 2, 5]);
    expect(() => view(t, [6])).toThrow(ShapeError);
    expect(() => view(t, [6])).toThrow(/^view: expected .*use reshape\(\) instead/);
  });

  it('reshape/view keep a view whenever the dims being merged are contiguous with each other', () => {
    const base = grid(4, 3, 2);
    const rows = slice(base, 0, 0, 4, 2); // shape [2, 3, 2], strides [12, 2, 1]
    const merged = view(rows, [2, 6]);
    expect(merged.storage).toBe(base.storage);
    expect(merged.toArray()).toEqual([
      [0, 1, 2, 3, 4, 5],
      [12, 13, 14, 15, 16, 17],
    ]);
    expect(() => view(rows, [12])).toThrow(ShapeError);
    const split = view(base.T, [2, 3, 2, 2]);
    expect(split.storage).toBe(base.storage);
    expect(split.toArray()).toEqual(reshape(contiguous(base.T), [2, 3, 2, 2]).toArray());
    const expanded = expand(tensor([1, 2, 3], { dtype: 'float64' }), [4, 3]);
    expect(view(expanded, [2, 2, 3]).storage).toBe(expanded.storage);
  });

  it('ops never mutate their inputs (spot check on a shared storage)', () => {
    const base = grid(3, 4);
    const snapshot = Array.from(base.storage);
    cat([base, base.T.contiguous().reshape(3, 4)], 1);
    stack([base, base]);
    clone(base.T).reshape(12);
    expect(Array.from(base.storage)).toEqual(snapshot);
  });
});

describe('shape arguments', () => {
  it('methods take sizes as varargs or one array', () => {
    const x = grid(2, 3, 4);
    expect(x.reshape(4, 6).shape).toEqual([4, 6]);
    expect(x.reshape([4, 6]).shape).toEqual([4, 6]);
    expect(x.view(-1, 4).shape).toEqual([6, 4]);
    expect(x.permute(2, 0, 1).shape).toEqual([4, 2, 3]);
    expect(x.permute([2, 0, 1]).shape).toEqual([4, 2, 3]);
    expect(zeros([3, 1]).expand(2, 3, 4).shape).toEqual([2, 3, 4]);
    expect(zeros([3, 1]).expandAs(zeros([3, 5])).shape).toEqual([3, 5]);
  });

  it('squeeze of a dim that is not 1 is a no-op; expand to 0 works; cat skips legacy empty 1-D tensors', () => {
    expect(squeeze(zeros([2, 1]), 0).shape).toEqual([2, 1]);
    expect(expand(zeros([2, 1]), [2, 0]).shape).toEqual([2, 0]);
    expect(cat([zeros([0]), grid(2, 2)]).toArray()).toEqual(grid(2, 2).toArray());
    const empty = cat([zeros([0], { dtype: 'int32' }), zeros([0])]);
    expect([empty.shape, empty.dtype]).toEqual([[0], 'float32']);
    expect(chunk(zeros([0, 2]), 3).map((t) => t.shape)).toEqual([
      [0, 2],
      [0, 2],
      [0, 2],
    ]);
  });
});
