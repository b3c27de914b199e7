/**
 * Rows of core's shape, view and indexing ops (reshape … tril): bad shapes, dims, sizes, indices and non-tensor
 * operands.
 */
import type { Tensor } from 'tapegrad';
import * as tg from 'tapegrad';
import { as, bad, badDims, f32, f64, i32, notTensor, type Table } from './types';

const table: Table = {
  // ---------------------------------------------------------------- shape and view ops
  reshape: {
    ok: (t) => tg.reshape(t(f64([2, 3])), [3, -1]),
    bad: [
      ...notTensor((x) => tg.reshape(x, [1])),
      bad('the wrong element count', 'ShapeError', (t) => tg.reshape(t(f64([2, 3])), [4])),
      bad('two -1', 'ShapeError', (t) => tg.reshape(t(f64([2, 3])), [-1, -1])),
      bad('a negative size other than -1', 'ShapeError', (t) => tg.reshape(t(f64([2, 3])), [-2, -3])),
      bad('a non-integer size', 'ShapeError', (t) => tg.reshape(t(f64([2, 3])), [2.5, 2])),
      bad('-1 with a 0-sized dim', 'ShapeError', (t) => tg.reshape(t(f64([0, 3])), [0, -1])),
      bad('a string shape', 'ShapeError', (t) => tg.reshape(t(f64([2, 3])), as<number[]>('6'))),
    ],
  },
  view: {
    ok: (t) => tg.view(t(f64([2, 3])), [6]),
    bad: [
      ...notTensor((x) => tg.view(x, [1])),
      bad('a transposed matrix as a vector', 'ShapeError', (t) => tg.view(t(f64([2, 3])).T, [-1])),
      bad('the wrong element count', 'ShapeError', (t) => tg.view(t(f64([2, 3])), [5])),
    ],
  },
  flatten: {
    ok: (t) => tg.flatten(t(f64([2, 3, 1])), 1),
    bad: [
      ...notTensor((x) => tg.flatten(x)),
      ...badDims((x, d) => tg.flatten(x, d)),
      bad('start > end', 'ShapeError', (t) => tg.flatten(t(f64()), 1, 0)),
    ],
  },
  squeeze: {
    ok: (t) => tg.squeeze(t(f64([2, 1, 3])), 1),
    bad: [...notTensor((x) => tg.squeeze(x)), ...badDims((x, d) => tg.squeeze(x, d))],
  },
  unsqueeze: {
    ok: (t) => tg.unsqueeze(t(f64()), -1),
    bad: [
      ...notTensor((x) => tg.unsqueeze(x, 0)),
      bad('dim 3 of a 2-D tensor', 'ShapeError', (t) => tg.unsqueeze(t(f64()), 4)),
      bad('dim 0.5', 'ShapeError', (t) => tg.unsqueeze(t(f64()), 0.5)),
      bad('no dim', 'ShapeError', (t) => tg.unsqueeze(t(f64()), as<number>(undefined))),
    ],
  },
  transpose: {
    ok: (t) => tg.transpose(t(f64()), 0, 1),
    bad: [...notTensor((x) => tg.transpose(x, 0, 1)), ...badDims((x, d) => tg.transpose(x, 0, d))],
  },
  permute: {
    ok: (t) => tg.permute(t(f64([2, 3, 4])), [2, 0, 1]),
    bad: [
      ...notTensor((x) => tg.permute(x, [0])),
      bad('a repeated dim', 'ShapeError', (t) => tg.permute(t(f64()), [0, 0])),
      bad('too few dims', 'ShapeError', (t) => tg.permute(t(f64()), [0])),
      bad('an out-of-range dim', 'ShapeError', (t) => tg.permute(t(f64()), [0, 2])),
      bad('a non-integer dim', 'ShapeError', (t) => tg.permute(t(f64()), [0, 0.5])),
      bad('dims not in a list', 'ShapeError', (t) => tg.permute(t(f64()), as<number[]>(1))),
    ],
  },
  expand: {
    ok: (t) => tg.expand(t(f64([3, 1])), [2, 3, 4]),
    bad: [
      ...notTensor((x) => tg.expand(x, [2])),
      bad('a non-singleton dim to another size', 'ShapeError', (t) => tg.expand(t(f64([3])), [4])),
      bad('fewer dims', 'ShapeError', (t) => tg.expand(t(f64()), [3])),
      bad('a negative size', 'ShapeError', (t) => tg.expand(t(f64([1])), [-2])),
      bad('1e12 elements', 'ShapeError', (t) => tg.expand(t(f64([1, 1])), [1e6, 1e6])),
    ],
  },
  broadcastTo: {
    ok: (t) => tg.broadcastTo(t(f64([3])), [2, 3]),
    bad: [
      ...notTensor((x) => tg.broadcastTo(x, [2])),
      bad('an incompatible shape', 'ShapeError', (t) => tg.broadcastTo(t(f64()), [3, 3])),
      bad('a string shape', 'ShapeError', (t) => tg.broadcastTo(t(f64()), as<number[]>('2,3'))),
    ],
  },
  slice: {
    ok: (t) => tg.slice(t(f64([5, 2])), 0, 1, 4, 2),
    bad: [
      ...notTensor((x) => tg.slice(x, 0)),
      ...badDims((x, d) => tg.slice(x, d)),
      bad('step 0', 'ShapeError', (t) => tg.slice(t(f64()), 0, 0, 2, 0)),
      bad('a negative step', 'ShapeError', (t) => tg.slice(t(f64()), 0, 0, 2, -1)),
      bad('a non-integer start', 'ShapeError', (t) => tg.slice(t(f64()), 0, 0.5)),
      bad('a 0-d tensor', 'ShapeError', (t) => tg.slice(t(f64([])), 0)),
    ],
  },
  narrow: {
    ok: (t) => tg.narrow(t(f64([4, 2])), 0, 1, 2),
    bad: [
      ...notTensor((x) => tg.narrow(x, 0, 0, 1)),
      ...badDims((x, d) => tg.narrow(x, d, 0, 1)),
      bad('past the end', 'ShapeError', (t) => tg.narrow(t(f64()), 0, 1, 2)),
      bad('a negative length', 'ShapeError', (t) => tg.narrow(t(f64()), 0, 0, -1)),
      bad('a NaN start', 'ShapeError', (t) => tg.narrow(t(f64()), 0, Number.NaN, 1)),
    ],
  },
  select: {
    ok: (t) => tg.select(t(f64()), 1, -1),
    bad: [
      ...notTensor((x) => tg.select(x, 0, 0)),
      ...badDims((x, d) => tg.select(x, d, 0)),
      bad('index 2 of a dim of size 2', 'ShapeError', (t) => tg.select(t(f64()), 0, 2)),
      bad('index -3 of a dim of size 2', 'ShapeError', (t) => tg.select(t(f64()), 0, -3)),
      bad('index 0.5', 'ShapeError', (t) => tg.select(t(f64()), 0, 0.5)),
      bad('a 0-sized dim', 'ShapeError', (t) => tg.select(t(f64([0, 2])), 0, 0)),
    ],
  },
  split: {
    ok: (t) => tg.split(t(f64([5, 2])), [2, 3]),
    bad: [
      ...notTensor((x) => tg.split(x, 1)),
      ...badDims((x, d) => tg.split(x, 1, d)),
      bad('size 0', 'ShapeError', (t) => tg.split(t(f64()), 0)),
      bad('sizes not summing to the dim', 'ShapeError', (t) => tg.split(t(f64()), [1, 2])),
      bad('a negative size in the list', 'ShapeError', (t) => tg.split(t(f64([3])), [4, -1])),
      bad('a string size', 'ShapeError', (t) => tg.split(t(f64()), as<number>('1'))),
    ],
  },
  chunk: {
    ok: (t) => tg.chunk(t(f64([5])), 2),
    bad: [
      ...notTensor((x) => tg.chunk(x, 1)),
      ...badDims((x, d) => tg.chunk(x, 1, d)),
      bad('0 chunks', 'ShapeError', (t) => tg.chunk(t(f64()), 0)),
      bad('2.5 chunks', 'ShapeError', (t) => tg.chunk(t(f64()), 2.5)),
    ],
  },
  diagonal: {
    ok: (t) => tg.diagonal(t(f64([3, 4])), 1),
    bad: [
      ...notTensor((x) => tg.diagonal(x)),
      bad('a vector', 'ShapeError', (t) => tg.diagonal(t(f64([3])))),
      bad('the same dim twice', 'ShapeError', (t) => tg.diagonal(t(f64()), 0, 1, 1)),
      bad('an out-of-range dim', 'ShapeError', (t) => tg.diagonal(t(f64()), 0, 0, 2)),
      bad('a non-integer offset', 'ShapeError', (t) => tg.diagonal(t(f64()), 0.5)),
    ],
  },
  cat: {
    ok: (t) => tg.cat([t(f64([1, 3])), t(f64([2, 3]))], 0),
    bad: [
      bad('different widths', 'ShapeError', (t) => tg.cat([t(f64([2, 3])), t(f64([2, 4]))], 0)),
      bad('different ranks', 'ShapeError', (t) => tg.cat([t(f64([2])), t(f64([2, 2]))])),
      bad('0-d tensors', 'ShapeError', (t) => tg.cat([t(f64([]))])),
      bad('an empty list', 'ShapeError', () => tg.cat([])),
      bad('not a list', 'ShapeError', (t) => tg.cat(as<Tensor[]>(t(f64())))),
      bad('a list holding a number', 'DtypeError', (t) => tg.cat([t(f64([2])), as<Tensor>(3)])),
      ...badDims((x, d) => tg.cat([x, x], d)),
    ],
  },
  stack: {
    ok: (t) => tg.stack([t(f64()), t(f64())], 2),
    bad: [
      bad('different shapes', 'ShapeError', (t) => tg.stack([t(f64([2])), t(f64([3]))])),
      bad('an empty list', 'ShapeError', () => tg.stack([])),
      bad('a list holding null', 'DtypeError', (t) => tg.stack([t(f64([2])), as<Tensor>(null)])),
      bad('dim 4 for 2-D tensors', 'ShapeError', (t) => tg.stack([t(f64()), t(f64())], 4)),
    ],
  },
  flip: {
    ok: (t) => tg.flip(t(f64()), [0, 1]),
    bad: [
      ...notTensor((x) => tg.flip(x, 0)),
      ...badDims((x, d) => tg.flip(x, [d])),
      bad('a repeated dim', 'ShapeError', (t) => tg.flip(t(f64()), [0, 0])),
    ],
  },
  indexSelect: {
    ok: (t) => tg.indexSelect(t(f64()), 1, t(i32([2, 0, 2]))),
    bad: [
      ...notTensor((x) => tg.indexSelect(x, 0, [0])),
      ...badDims((x, d) => tg.indexSelect(x, d, [0])),
      bad('an index out of bounds', 'ShapeError', (t) => tg.indexSelect(t(f64()), 0, [5])),
      bad('an index below -size', 'ShapeError', (t) => tg.indexSelect(t(f64()), 0, [-3])),
      bad('a float index tensor', 'DtypeError', (t) => tg.indexSelect(t(f64()), 0, t(f64([1])))),
      bad('fractional indices', 'DtypeError', (t) => tg.indexSelect(t(f64()), 0, [0.5])),
      bad('NaN indices', 'DtypeError', (t) => tg.indexSelect(t(f64()), 0, [Number.NaN])),
      bad('a 2-D index', 'ShapeError', (t) => tg.indexSelect(t(f64()), 0, t(i32([[0]])))),
    ],
  },
  gather: {
    ok: (t) =>
      tg.gather(
        t(f64()),
        1,
        t(
          i32([
            [0, 2],
            [1, 1],
          ]),
        ),
      ),
    bad: [
      ...notTensor((x) => tg.gather(x, 0, i32([[0]]))),
      ...badDims((x, d) => tg.gather(x, d, i32([[0]]))),
      bad('an index of another rank', 'ShapeError', (t) => tg.gather(t(f64()), 0, t(i32([0])))),
      bad('an index out of bounds', 'ShapeError', (t) => tg.gather(t(f64()), 0, t(i32([[5]])))),
      bad('a float index', 'DtypeError', (t) => tg.gather(t(f64()), 0, t(f64([1, 1])))),
      bad('an index that is not a tensor', 'DtypeError', (t) => tg.gather(t(f64()), 0, as<Tensor>([[0]]))),
    ],
  },
  scatterAdd: {
    ok: (t) =>
      tg.scatterAdd(
        t(f64()),
        1,
        t(
          i32([
            [0, 0],
            [1, 2],
          ]),
        ),
        t(f64([2, 2])),
      ),
    bad: [
      ...notTensor((x) => tg.scatterAdd(x, 0, i32([[0]]), f64([1, 1]))),
      bad('an index larger than the input', 'ShapeError', (t) =>
        tg.scatterAdd(t(f64([2, 2])), 0, t(i32([[0, 1, 0]])), t(f64([2, 3]))),
      ),
      bad('an index larger than src', 'ShapeError', (t) =>
        tg.scatterAdd(t(f64([2, 2])), 0, t(i32([[0, 1]])), t(f64([1, 1]))),
      ),
      bad('a src of lower rank than the index', 'ShapeError', (t) =>
        tg.scatterAdd(t(f64([2, 2])), 0, t(i32([[0, 1]])), t(f64([2]))),
      ),
      bad('an index out of bounds', 'ShapeError', (t) =>
        tg.scatterAdd(t(f64([2, 2])), 0, t(i32([[7, 0]])), t(f64([2, 2]))),
      ),
      bad('a src of another dtype', 'DtypeError', (t) => tg.scatterAdd(t(f64([2])), 0, t(i32([0])), t(f32([2])))),
      bad('a src that is not a tensor', 'DtypeError', (t) => tg.scatterAdd(t(f64([2])), 0, t(i32([0])), as<Tensor>(1))),
      ...badDims((x, d) => tg.scatterAdd(x, d, i32([[0]]), f64([1, 1]))),
    ],
  },
  sliceScatter: {
    ok: (t) => tg.sliceScatter(t(f64([2, 2])), [5, 2], 0, 1, 2),
    bad: [
      ...notTensor((x) => tg.sliceScatter(x, [2], 0, 0, 1)),
      bad('a src larger than the slice', 'ShapeError', (t) => tg.sliceScatter(t(f64([3])), [2], 0, 0, 1)),
      bad('a src running past the end with its step', 'ShapeError', (t) => tg.sliceScatter(t(f64([2])), [3], 0, 1, 2)),
      bad('a src of another rank', 'ShapeError', (t) => tg.sliceScatter(t(f64([2, 1])), [2], 0, 0, 1)),
      bad('a src of another size off the dim', 'ShapeError', (t) => tg.sliceScatter(t(f64([1, 3])), [4, 2], 0, 0, 1)),
      bad('dim 3 (out of range)', 'ShapeError', (t) => tg.sliceScatter(t(f64([1])), [2], 3, 0, 1)),
      bad('a negative start', 'ShapeError', (t) => tg.sliceScatter(t(f64([1])), [2], 0, -1, 1)),
      bad('step 0', 'ShapeError', (t) => tg.sliceScatter(t(f64([1])), [2], 0, 0, 0)),
      bad('a negative shape', 'ShapeError', (t) => tg.sliceScatter(t(f64([1])), [-2], 0, 0, 1)),
    ],
  },
  diagonalScatter: {
    ok: (t) => tg.diagonalScatter(t(f64([2])), [2, 3], 1, 0, 1),
    bad: [
      ...notTensor((x) => tg.diagonalScatter(x, [2, 2], 0, 0, 1)),
      bad('a src of the wrong length', 'ShapeError', (t) => tg.diagonalScatter(t(f64([3])), [2, 2], 0, 0, 1)),
      bad('the same dim twice', 'ShapeError', (t) => tg.diagonalScatter(t(f64([2])), [2, 2], 0, 1, 1)),
      bad('a negative shape', 'ShapeError', (t) => tg.diagonalScatter(t(f64([2])), [2, -2], 0, 0, 1)),
    ],
  },
  diagEmbed: {
    ok: (t) => tg.diagEmbed(t(f64([2, 3])), 1),
    bad: [
      ...notTensor((x) => tg.diagEmbed(x)),
      bad('a 0-d tensor', 'ShapeError', (t) => tg.diagEmbed(t(f64([])))),
      bad('the same dim twice', 'ShapeError', (t) => tg.diagEmbed(t(f64([2])), 0, 0, 0)),
      bad('a non-integer offset', 'ShapeError', (t) => tg.diagEmbed(t(f64([2])), 0.5)),
      bad('an out-of-range dim', 'ShapeError', (t) => tg.diagEmbed(t(f64([2])), 0, 0, 2)),
    ],
  },
  diag: {
    ok: (t) => tg.diag(t(f64([3])), -1),
    bad: [
      ...notTensor((x) => tg.diag(x)),
      bad('a 3-D tensor', 'ShapeError', (t) => tg.diag(t(f64([2, 2, 2])))),
      bad('a non-integer diagonal', 'ShapeError', (t) => tg.diag(t(f64([2])), 0.5)),
    ],
  },
  triu: {
    ok: (t) => tg.triu(t(f64([3, 3])), 1),
    bad: [
      ...notTensor((x) => tg.triu(x)),
      bad('a vector', 'ShapeError', (t) => tg.triu(t(f64([3])))),
      bad('a non-integer diagonal', 'ShapeError', (t) => tg.triu(t(f64()), 0.5)),
    ],
  },
  tril: {
    ok: (t) => tg.tril(t(f64([3, 3])), -1),
    bad: [
      ...notTensor((x) => tg.tril(x)),
      bad('a vector', 'ShapeError', (t) => tg.tril(t(f64([3])))),
      bad('a string diagonal', 'ShapeError', (t) => tg.tril(t(f64()), as<number>('1'))),
    ],
  },
};

export default table;
