/**
 * hstack/vstack/dstack/columnStack, meshgrid, tensordot, kron and cdist against plain-loop definitions and mathjs
 * (kron), with the shapes PyTorch 1.13 gives (probed with /usr/bin/python3). Gradients: autograd's gradcheck rows
 * and test/derivatives/differential (PyTorch fixtures).
 */
import { f64 } from '@tapegrad/testing/tensors';
import * as math from 'mathjs';
import { describe, expect, it } from 'vitest';
import { DtypeError, ShapeError } from '../errors';
import { arange, randn, tensor } from './creation';
import { cdist } from './distance';
import { einsum } from './einsum';
import { columnStack, dstack, hstack, meshgrid, vstack } from './stacking';
import { kron, tensordot } from './tensordot';

describe('hstack / vstack / dstack / columnStack', () => {
  it('lift to the needed rank and concatenate as torch', () => {
    expect(hstack([tensor([1, 2]), tensor([3])]).toArray()).toEqual([1, 2, 3]);
    expect(hstack([tensor(1), tensor([2, 3])]).toArray()).toEqual([1, 2, 3]);
    expect(
      hstack([
        tensor([[1], [2]]),
        tensor([
          [3, 4],
          [5, 6],
        ]),
      ]).toArray(),
    ).toEqual([
      [1, 3, 4],
      [2, 5, 6],
    ]);
    expect(vstack([tensor([1, 2]), tensor([[3, 4]]), tensor([5, 6])]).toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(dstack([tensor([1, 2]), tensor([3, 4])]).toArray()).toEqual([
      [
        [1, 3],
        [2, 4],
      ],
    ]);
    expect(dstack([tensor([[1, 2]]), tensor(5).reshape([1, 1]).expand([1, 2])]).shape).toEqual([1, 2, 2]);
    expect(
      columnStack([
        tensor([1, 2]),
        tensor([
          [3, 4],
          [5, 6],
        ]),
        tensor([7, 8]),
      ]).toArray(),
    ).toEqual([
      [1, 3, 4, 7],
      [2, 5, 6, 8],
    ]);
    expect(vstack([tensor([1, 2], { dtype: 'int32' }), f64([0.5, 1])]).dtype).toBe('float64');
  });
  it('refuse empty lists and mismatched shapes with typed errors naming the op', () => {
    expect(() => hstack([])).toThrow(ShapeError);
    expect(() => vstack([tensor([1, 2]), tensor([1, 2, 3])])).toThrow(/^vstack: /);
    expect(() => dstack([1 as unknown as never])).toThrow(DtypeError);
  });
});

describe('meshgrid', () => {
  it("gives 'ij' grids by default and Cartesian 'xy' grids (first two swapped) on request", () => {
    const [a, b] = meshgrid(tensor([1, 2, 3]), tensor([4, 5]));
    expect(a.toArray()).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(b.toArray()).toEqual([
      [4, 5],
      [4, 5],
      [4, 5],
    ]);
    const [x, y, z] = meshgrid([tensor([1, 2, 3]), tensor([4, 5]), tensor([6, 7, 8, 9])], { indexing: 'xy' });
    expect([x.shape, y.shape, z.shape]).toEqual([
      [2, 3, 4],
      [2, 3, 4],
      [2, 3, 4],
    ]);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++)
        for (let k = 0; k < 4; k++) {
          expect([x, y, z].map((g) => g.select(0, i).select(0, j).select(0, k).item())).toEqual([j + 1, i + 4, k + 6]);
        }
    expect(meshgrid([tensor(2), tensor([1, 2])]).map((g) => g.shape)).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });
  it('refuses 2-D inputs, mixed dtypes and unknown indexing', () => {
    expect(() => meshgrid(tensor([[1]]))).toThrow(ShapeError);
    expect(() => meshgrid(tensor([1]), f64([1]))).toThrow(DtypeError);
    expect(() => meshgrid([tensor([1])], { indexing: 'yx' as 'xy' })).toThrow(/^meshgrid: .*indexing/);
    expect(() => meshgrid([tensor([1])], { index: 'xy' } as never)).toThrow(/^meshgrid: .*index/);
  });
});

/** Σ over shared labels by definition (einsum is checked against loops in einsum.test.ts). */
describe('tensordot', () => {
  const a = randn([2, 3, 4], { dtype: 'float64' });
  const b = randn([4, 3, 5], { dtype: 'float64' });
  const close = (x: ReturnType<typeof tensor>, y: ReturnType<typeof tensor>) =>
    expect(x.sub(y).abs().max().item()).toBeLessThan(1e-12);
  it('contracts the last/first n dims or the listed pairs, like einsum', () => {
    close(tensordot(a, b.permute([1, 0, 2]), 2), einsum('ijk,jkl->il', a, b.permute([1, 0, 2])));
    close(
      tensordot(a, b, [
        [1, 2],
        [1, 0],
      ]),
      einsum('ijk,kjl->il', a, b),
    );
    close(tensordot(a, b, [[2], [0]]), einsum('ijk,klm->ijlm', a, b));
    expect(tensordot(a, b, 0).shape).toEqual([2, 3, 4, 4, 3, 5]);
    close(tensordot(a, b, 0), einsum('ijk,lmn->ijklmn', a, b));
    expect(tensordot(f64([1, 2, 3]), f64([4, 5, 6]), 1).item()).toBe(32);
  });
  it('sums a size-1 contracted dim against the other side as torch, and refuses other mismatches', () => {
    const one = randn([2, 1], { dtype: 'float64' });
    const c = randn([3, 5], { dtype: 'float64' });
    close(tensordot(one, c, [[1], [0]]), one.matmul(c.sum(0, true)));
    expect(() => tensordot(a, b, 2)).toThrow(/^tensordot: expected contracted dims of equal size/);
    expect(() => tensordot(a, b, 4)).toThrow(ShapeError);
    expect(() =>
      tensordot(a, b, [
        [1, 1],
        [1, 0],
      ]),
    ).toThrow(ShapeError);
    expect(() => tensordot(a, b, [[1], [1, 0]])).toThrow(ShapeError);
    expect(() => tensordot(a, b, 'x' as never)).toThrow(DtypeError);
  });
});

describe('kron', () => {
  it('equals mathjs.kron and pads the shorter shape with leading 1s', () => {
    const a = [
      [1, -2],
      [3, 0.5],
    ];
    const b = [
      [0, 1, 2],
      [4, -1, 3],
    ];
    expect(kron(f64(a), f64(b)).toArray()).toEqual(math.kron(a, b));
    expect(kron(tensor([1, 2]), tensor([1, 10])).toArray()).toEqual([1, 10, 2, 20]);
    expect(kron(arange(2), randn([3, 4])).shape).toEqual([3, 8]);
    expect(kron(randn([2, 3]), arange(4)).shape).toEqual([2, 12]);
  });
});

describe('cdist', () => {
  const x1 = randn([2, 3, 4], { dtype: 'float64' });
  const x2 = randn([5, 4], { dtype: 'float64' });
  it('is the p-norm of every pair of rows, batch dims broadcast', () => {
    for (const p of [2, 1, 3, 0.5, 0, Infinity]) {
      const d = cdist(x1, x2, p);
      expect(d.shape).toEqual([2, 3, 5]);
      for (let b = 0; b < 2; b++)
        for (let i = 0; i < 3; i++)
          for (let j = 0; j < 5; j++) {
            const u = x1.select(0, b).select(0, i).toArray() as number[];
            const v = x2.select(0, j).toArray() as number[];
            const diffs = u.map((s, k) => Math.abs(s - v[k]));
            const want =
              p === Infinity
                ? Math.max(...diffs)
                : p === 0
                  ? diffs.filter((e) => e !== 0).length
                  : diffs.reduce((acc, e) => acc + e ** p, 0) ** (1 / p);
            expect(d.select(0, b).select(0, i).select(0, j).item()).toBeCloseTo(want, 12);
          }
    }
  });
  it('refuses integer, complex and mixed dtypes, a column mismatch and a negative p', () => {
    expect(() => cdist(tensor([[1, 2]], { dtype: 'int32' }), x2)).toThrow(DtypeError);
    expect(() => cdist(randn([2, 2], { dtype: 'complex128' }), randn([2, 2], { dtype: 'complex128' }))).toThrow(
      DtypeError,
    );
    expect(() => cdist(randn([2, 4]), x2)).toThrow(/^cdist: expected tensors of one dtype/);
    expect(() => cdist(x2, randn([2, 3], { dtype: 'float64' }))).toThrow(ShapeError);
    expect(() => cdist(x2, x2, -1)).toThrow(DtypeError);
    expect(() => cdist(f64([1]), x2)).toThrow(ShapeError);
  });
});
