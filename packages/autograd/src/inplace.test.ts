/**
 * In-place ops with autograd (core ops/inplace.ts, history.ts): recorded on non-leaves, refused on leaves that require
 * grad, version errors when a saved value was overwritten, and views — gradients through the written view, through its
 * root and through older views must all equal the closed forms (or an AutogradError, never a wrong value).
 */
import type { Tensor } from '@tapegrad/core';
import { AutogradError, copyInto, noGrad, tensor, zeros } from '@tapegrad/core';
import { versionOf } from '@tapegrad/core/internal';
import { expectTypedError } from '@tapegrad/testing/errors';
import { describe, expect, it } from 'vitest';
import { grad } from './index';

const f64 = (data: number[] | number[][], requiresGrad = true): Tensor =>
  tensor(data, { dtype: 'float64', requiresGrad });
const arr = (t: Tensor | null): unknown => t?.toArray();

describe('recorded on non-leaves', () => {
  it('mul_ records: y = a·1 then y ·= b gives dL/da = b, dL/db = a, and gradFn is the in-place op', () => {
    const a = f64([1, 2, 3]);
    const b = f64([4, 5, 6]);
    const y = a.mul(1);
    const returned = y.mul_(b);
    expect(returned).toBe(y);
    expect(y.gradFn?.name).toBe('mul');
    const [ga, gb] = grad(y.sum(), [a, b]);
    expect(arr(ga)).toEqual([4, 5, 6]);
    expect(arr(gb)).toEqual([1, 2, 3]);
  });

  it('a chain of in-place ops equals its closed form, later ops see the new value', () => {
    const a = f64([0.5, 2]);
    const y = a.add(0); // y = a
    y.add_(a, { alpha: 2 }); // 3a
    y.mul_(y.clone()); // 9a² (y.mul_(y) would save y itself and make backward throw, as in PyTorch)
    y.sub_(1).div_(2); // (9a² − 1)/2
    y.clamp_(null, 10); // clamps 17.5 → 10 at a = 2
    expect(arr(y)).toEqual([(9 * 0.25 - 1) / 2, 10]);
    const [ga] = grad(y.sum(), [a]);
    expect(arr(ga)).toEqual([9 * 0.5, 0]);
  });

  it('second derivatives through in-place ops (createGraph)', () => {
    const a = f64([1.5, -2]);
    const y = a.mul(1);
    y.mul_(a).mul_(a); // a³
    const [g] = grad(y.sum(), [a], { createGraph: true });
    expect(arr(g)).toEqual([3 * 1.5 ** 2, 3 * 4]);
    const [h] = grad((g as Tensor).sum(), [a]);
    expect(arr(h)).toEqual([6 * 1.5, -12]);
  });

  it('fill_/zero_/normal_ keep a non-leaf in the graph with a zero gradient (as PyTorch)', () => {
    const a = f64([1, 2]);
    for (const write of [(t: Tensor) => t.fill_(3), (t: Tensor) => t.zero_(), (t: Tensor) => t.normal_()]) {
      const y = a.mul(2);
      write(y);
      expect(y.requiresGrad).toBe(true);
      expect(arr(grad(y.sum(), [a])[0])).toEqual([0, 0]);
    }
  });

  it('a 0-d tensor value of fill_/maskedFill_ collects the gradient of every filled position', () => {
    const base = f64([2]);
    const v = base.sum();
    const y = zeros([2, 3], { dtype: 'float64' });
    y.maskedFill_(tensor([true, false, true]), v);
    expect(arr(y)).toEqual([
      [2, 0, 2],
      [2, 0, 2],
    ]);
    expect(arr(grad(y.sum(), [base])[0])).toEqual([4]);
  });

  it('copy_ from a tensor that requires grad makes a plain tensor part of the graph (broadcast, cast)', () => {
    const src = f64([1, 2, 3]);
    const y = zeros([2, 3]); // float32
    y.copy_(src);
    expect(y.isLeaf).toBe(false);
    expect(y.dtype).toBe('float32');
    expect(arr(grad(y.mul(y).sum(), [src])[0])).toEqual([4, 8, 12]);
    expect(copyInto(src, zeros([3], { dtype: 'float64' })).requiresGrad).toBe(true);
  });
});

describe('leaves, noGrad and version counters', () => {
  it('refuses a leaf that requires grad, and a view of one, outside noGrad (PyTorch semantics)', () => {
    const w = f64([1, 2, 3]);
    expectTypedError(() => w.add_(1), 'AutogradError', 'add_');
    expectTypedError(() => w.narrow(0, 0, 2).mul_(2), 'AutogradError', 'mul_');
    expectTypedError(() => w.T.zero_(), 'AutogradError', 'zero_');
    expect(arr(w)).toEqual([1, 2, 3]);
  });

  it('under noGrad just writes and bumps the version (optimizer style)', () => {
    const w = f64([1, 2, 3]);
    const before = versionOf(w);
    noGrad(() => w.sub_(tensor([1, 1, 1], { dtype: 'float64' }), { alpha: 0.5 }));
    expect(arr(w)).toEqual([0.5, 1.5, 2.5]);
    expect(versionOf(w)).toBe(before + 1);
    expect(w.isLeaf).toBe(true);
  });

  it('a backward that needs an overwritten value throws AutogradError (never a wrong gradient)', () => {
    const a = f64([1, 2]);
    const e = a.exp(); // exp saves its output
    e.add_(1);
    expect(() => e.sum().backward()).toThrow(AutogradError);
    const b = f64([1, 2]);
    const p = b.mul(1);
    const q = p.mul(p); // mul saves p
    p.mul_(2);
    expect(() => grad(q.sum(), [b])).toThrow(/modified by an in-place operation/);
  });

  it('an operand aliasing the destination is saved by the op, so backward throws (as PyTorch)', () => {
    const a = f64([1, 2]);
    const y = a.mul(1);
    y.mul_(y);
    expect(arr(y)).toEqual([1, 4]);
    expect(() => grad(y.sum(), [a])).toThrow(AutogradError);
  });

  it('a value-free consumer does not care (add saves nothing)', () => {
    const a = f64([1, 2]);
    const p = a.mul(1);
    const q = p.add(1);
    p.mul_(3);
    expect(arr(grad(q.sum().add(p.sum()), [a])[0])).toEqual([4, 4]);
  });
});

describe('views of tensors in the graph', () => {
  it('writes through a view rebase the root (CopySlices): buffer filling', () => {
    const rows = [f64([1, 2]), f64([3, 4])];
    const buffer = zeros([2, 2], { dtype: 'float64' });
    rows.forEach((r, i) => {
      buffer.select(0, i).copy_(r.mul(r));
    });
    expect(buffer.requiresGrad).toBe(true);
    const grads = grad(
      buffer
        .mul(
          f64(
            [
              [1, 10],
              [100, 1000],
            ],
            false,
          ),
        )
        .sum(),
      rows,
    );
    expect(grads.map(arr)).toEqual([
      [2, 40],
      [600, 8000],
    ]);
  });

  it('views made before the write see the new history; the written view and the root agree', () => {
    const a = f64([
      [1, 2],
      [3, 4],
    ]);
    const h = a.add(a); // 2a
    const column = h.select(1, 0); // made before the write, overlaps it at h[1][0]
    const transposed = h.T;
    h.select(0, 1).mul_(h.select(0, 0).clone()); // row 1 ·= row 0: h = [[2a00, 2a01], [4a10a00, 4a11a01]]
    h.diagonal().mul_(10); // h00 = 20a00, h11 = 40a11a01
    expect(arr(h)).toEqual([
      [20, 4],
      [12, 320],
    ]);
    const loss = column.sum().add(transposed.select(0, 1).sum()).add(h.sum());
    // loss = (h00 + h10) + (h01 + h11) + Σh = 2·(20a00 + 4a10a00) + 2·(2a01 + 40a11a01); PyTorch 1.13 gives the same.
    const [g] = grad(loss, [a]);
    expect(arr(g)).toEqual([
      [2 * (20 + 4 * 3), 2 * (2 + 40 * 4)],
      [2 * 4 * 1, 2 * 40 * 2],
    ]);
  });

  it('in place on the real/imaginary view of a complex tensor', () => {
    const z = tensor([{ re: 1, im: 2 }], { dtype: 'complex128', requiresGrad: true });
    const w = z.mul(1);
    w.imag.mul_(3); // w = 1 + 6i
    expect(arr(w)).toEqual([{ re: 1, im: 6 }]);
    const loss = w.mul(w.conj()).real.sum(); // |w|² = re² + 9 im²
    expect(arr(grad(loss, [z])[0])).toEqual([{ re: 2, im: 36 }]);
  });

  it('a view taken under noGrad of a non-leaf is written with a correct history', () => {
    const a = f64([1, 2]);
    const h = a.mul(1);
    const v = noGrad(() => h.narrow(0, 1, 1));
    v.mul_(5);
    expect(arr(grad(h.sum(), [a])[0])).toEqual([1, 5]);
  });

  it('an alias that is not a view (detach) with a stale history is refused when used, not differentiated wrongly', () => {
    const a = f64([1, 2]);
    const h = a.mul(2);
    const alias = h.detach();
    alias.copy_(f64([5, 6])); // rewrites h's storage through a tensor that is not its view
    expect(arr(h)).toEqual([5, 6]);
    expect(() => h.mul(3)).toThrow(AutogradError);
  });

  it('a broadcast view cannot be a destination; a failed write leaves everything unchanged', () => {
    const a = f64([1, 2, 3], false);
    expectTypedError(() => a.unsqueeze(0).expand([2, 3]).add_(1), 'ShapeError', 'add_');
    expectTypedError(() => a.add_(f64([[1, 2, 3]], false)), 'ShapeError', 'add_');
    expectTypedError(() => tensor([1, 2], { dtype: 'int32' }).div_(2), 'DtypeError', 'div_');
    expect(arr(a)).toEqual([1, 2, 3]);
    expect(versionOf(a)).toBe(0);
  });
});
