/**
 * Rows of the plumbing of `@tapegrad/core/internal` that sibling packages use (dtype and shape helpers, value
 * description, storage and worker-pool hooks, the tape hook); the public core functions are in ./core.ts.
 */

import type { TapeHook } from '@tapegrad/core/internal';
import * as ci from '@tapegrad/core/internal';
import type { DType, Tensor } from 'tapegrad';
import * as tg from 'tapegrad';
import { as, bad, f64, notTensor, shapeCases, type Table } from './types';

const hook = (): TapeHook => ({ record: () => undefined, backward: () => undefined });

const table: Table = {
  'internal.core.toComplexDtype': {
    ok: () => ci.toComplexDtype('float64'),
    bad: [bad('an unknown dtype', 'DtypeError', () => ci.toComplexDtype(as<DType>('x')))],
  },
  'internal.core.toRealDtype': {
    ok: () => ci.toRealDtype('complex64'),
    bad: [bad('an unknown dtype', 'DtypeError', () => ci.toRealDtype(as<DType>('x')))],
  },
  'internal.core.broadcastShapes': {
    ok: () => ci.broadcastShapes('op', [2, 1], [3]),
    bad: [
      bad('[2] and [3]', 'ShapeError', () => ci.broadcastShapes('myOp', [2], [3]), 'myOp'),
      bad('a negative size', 'ShapeError', () => ci.broadcastShapes('myOp', [-1], [3]), 'myOp'),
      bad('a non-integer size', 'ShapeError', () => ci.broadcastShapes('myOp', [1.5], [1]), 'myOp'),
      bad('a shape that is not an array', 'ShapeError', () => ci.broadcastShapes('myOp', as<number[]>(3), [1]), 'myOp'),
      bad('1e12 elements', 'ShapeError', () => ci.broadcastShapes('myOp', [1e6, 1], [1e6]), 'myOp'),
    ],
  },
  'internal.core.normalizeDim': {
    ok: () => ci.normalizeDim('op', -1, 3),
    bad: [
      bad('dim 3 of 3 dims', 'ShapeError', () => ci.normalizeDim('myOp', 3, 3), 'myOp'),
      bad('dim 0.5', 'ShapeError', () => ci.normalizeDim('myOp', 0.5, 3), 'myOp'),
    ],
  },
  'internal.core.formatShape': {
    ok: () => ci.formatShape([2, 3]),
    bad: [bad('a shape that is not an array', 'ShapeError', () => ci.formatShape(as<number[]>(5)))],
  },
  'internal.core.describeTensor': {
    ok: (t) => ci.describeTensor(t(f64())),
    bad: notTensor((x) => ci.describeTensor(x)),
  },
  'internal.core.requireTensor': {
    ok: (t) => ci.requireTensor('requireTensor', t(f64())),
    bad: notTensor((x) => ci.requireTensor('requireTensor', x)),
  },
  'internal.core.versionOf': { ok: (t) => ci.versionOf(t(f64())), bad: notTensor((x) => ci.versionOf(x)) },
  'internal.core.markModified': { ok: () => ci.markModified(f64()), bad: notTensor((x) => ci.markModified(x)) },
  'internal.core.describeValue': {
    ok: () => ci.describeValue(Symbol('s')),
    bad: [],
    noBadInput: 'describes any value and never throws',
  },
  'internal.core.pNorm': {
    ok: (t) => ci.pNorm(t(f64()).abs(), 3, 1, false),
    bad: [],
    noBadInput: 'plumbing of Tensor.norm and linalg.vectorNorm, which validate p, dim and keepdim (their rows)',
  },
  'internal.core.scaledPNorm': {
    ok: (t) => ci.scaledPNorm(t(f64()).abs(), 3, [1], false),
    bad: notTensor((x) => ci.scaledPNorm(x, 3, [1], false)),
  },
  'internal.core.needsScaling': {
    ok: (t) => ci.needsScaling(t(f64())),
    bad: notTensor((x) => ci.needsScaling(x)),
  },
  'internal.core.trackAllocations': {
    ok: () => ci.trackAllocations(ci.trackAllocations(new WeakSet())),
    bad: [
      bad('a Set instead of a WeakSet', 'DtypeError', () => ci.trackAllocations(as<WeakSet<Float64Array>>(new Set()))),
    ],
  },
  'internal.core.recycleStorage': {
    ok: () => {
      const noted = new WeakSet<Float64Array | Float32Array | Int32Array | Uint8Array>();
      const previous = ci.trackAllocations(noted);
      const t = ci.alloc([2, 3], 'float64');
      ci.trackAllocations(previous);
      ci.recycleStorage(noted, t.storage);
    },
    bad: [
      bad('a storage it did not note', 'DtypeError', () => ci.recycleStorage(new WeakSet(), new Float64Array(4))),
      bad('no set', 'DtypeError', () => ci.recycleStorage(as<WeakSet<Float64Array>>(null), new Float64Array(4))),
    ],
  },
  'internal.core.pooledStorageBytes': {
    ok: () => ci.pooledStorageBytes(),
    bad: [],
    noBadInput: 'takes no arguments',
  },
  'internal.core.erfScalar': {
    ok: () => ci.erfScalar(0.5),
    bad: [bad('a string', 'DtypeError', () => ci.erfScalar(as<number>('0.5')))],
  },
  'internal.core.copyIterable': {
    ok: () => ci.copyIterable('copyIterable', new Set([1, 2]), 'items', 10),
    bad: [
      bad('more items than the cap', 'ShapeError', () => ci.copyIterable('copyIterable', [1, 2, 3], 'items', 2)),
      bad('a throwing iterator', 'DtypeError', () =>
        ci.copyIterable(
          'copyIterable',
          {
            *[Symbol.iterator]() {
              yield 1;
              throw new Error('boom');
            },
          },
          'items',
          10,
        ),
      ),
      bad('an op name that is not a string', 'DtypeError', () => ci.copyIterable(as<string>(1), [], 'items', 10)),
    ],
  },
  'internal.core.copyRecord': {
    ok: () => ci.copyRecord('copyRecord', { a: 1 }, 'a record'),
    bad: [
      bad('a throwing getter', 'DtypeError', () =>
        ci.copyRecord(
          'copyRecord',
          Object.defineProperty({}, 'a', {
            enumerable: true,
            get() {
              throw new Error('boom');
            },
          }),
          'a record',
        ),
      ),
      bad('an op name that is not a string', 'DtypeError', () => ci.copyRecord(as<string>(null), {}, 'a record')),
    ],
  },
  'internal.core.readProperty': {
    ok: () => ci.readProperty('readProperty', { a: 1 }, 'a', 'a record'),
    bad: [
      bad('not an object', 'DtypeError', () => ci.readProperty('readProperty', as<object>(5), 'a', 'a record')),
      bad('a description that is not a string', 'DtypeError', () =>
        ci.readProperty('readProperty', {}, 'a', as<string>(undefined)),
      ),
    ],
  },
  'internal.core.errorText': {
    ok: () => ci.errorText(new Error('m')),
    bad: [],
    noBadInput: 'describes anything thrown and never throws',
  },
  'internal.core.copyIntoAs': {
    ok: () => ci.copyIntoAs('copyIntoAs', f64(), f64()),
    bad: [
      ...notTensor((x) => ci.copyIntoAs('copyIntoAs', x, f64())),
      bad('an op name that is not a string', 'DtypeError', () => ci.copyIntoAs(as<string>(1), f64(), f64())),
    ],
  },
  'internal.core.readOptions': {
    ok: () => ci.readOptions('readOptions', { a: 1 }, ['a']),
    bad: [
      bad('an unknown key', 'DtypeError', () => ci.readOptions('readOptions', { b: 1 }, ['a'])),
      bad('null options', 'DtypeError', () => ci.readOptions('readOptions', null, ['a'])),
      bad('an array', 'DtypeError', () => ci.readOptions('readOptions', [], ['a'])),
    ],
  },
  'internal.core.parallelParts': {
    ok: () => ci.parallelParts(1e9, 4, { name: 'table', code: 'var t = {};', global: 't' }),
    bad: [
      bad('a string of flops', 'DtypeError', () => ci.parallelParts(as<number>('1e9'), 4, as<ci.WorkerModule>(null))),
      bad('a NaN part count', 'DtypeError', () => ci.parallelParts(1e9, Number.NaN, as<ci.WorkerModule>(null))),
    ],
  },
  'internal.core.registerWorkerModule': {
    ok: () => ci.registerWorkerModule({ name: 'table', code: 'var t = {};', global: 't' }),
    bad: [
      bad('null', 'DtypeError', () => ci.registerWorkerModule(as<ci.WorkerModule>(null))),
      bad('a module without code', 'DtypeError', () =>
        ci.registerWorkerModule(as<ci.WorkerModule>({ name: 'table', global: 't' })),
      ),
    ],
  },
  'internal.core.sharedFloat64': {
    ok: () => ci.sharedFloat64('reliability.table', 4),
    bad: [
      bad('a name that is not a string', 'DtypeError', () => ci.sharedFloat64(as<string>(1), 4)),
      bad('a negative length', 'ShapeError', () => ci.sharedFloat64('reliability.table', -1)),
      bad('a fractional length', 'ShapeError', () => ci.sharedFloat64('reliability.table', 1.5)),
    ],
  },
  'internal.core.wasmGemmKernel': {
    exempt:
      "returns the WebAssembly module instance (or null) for a memory size computed by tapegrad's own drivers (gemm-wasm-real, nn batch-norm-wasm); tested through them in gemm-wasm*.test.ts and nn fused-kernels.test.ts",
  },
  'internal.core.runParallel': {
    exempt:
      "runs kernels named by tapegrad's own split drivers (gemm-split, linalg split-batch) on the worker pool; its failure and time-out paths are tested in threads/pool.test.ts",
  },
  'internal.core.sharedSlot': {
    ok: () => ci.sharedSlot('reliability.table', () => ({ n: 0 })),
    bad: [
      bad('a name that is not a string', 'DtypeError', () => ci.sharedSlot(as<string>(1), () => ({}))),
      bad('an init that is not a function', 'DtypeError', () =>
        ci.sharedSlot('reliability.table', as<() => object>(1)),
      ),
      bad('an init returning a number', 'DtypeError', () =>
        ci.sharedSlot(
          'reliability.number',
          as<() => object>(() => 1),
        ),
      ),
    ],
  },
  'internal.core.brandClass': {
    ok: () => ci.brandClass(class Branded {}, 'reliability.Branded'),
    bad: [
      bad('a class that is not a function', 'DtypeError', () => ci.brandClass(as<typeof Object>({}), 'x')),
      bad('an empty brand name', 'DtypeError', () => ci.brandClass(class Branded {}, '')),
    ],
  },
  'internal.core.brandedHasInstance': {
    ok: () => ci.brandedHasInstance(tg.Tensor, 1),
    bad: [bad('a class that is not a function', 'DtypeError', () => ci.brandedHasInstance(as<typeof Object>(null), 1))],
  },
  'internal.core.alloc': {
    ok: () => ci.alloc([2, 3], 'complex64'),
    bad: [
      ...shapeCases((s) => ci.alloc(s, 'float64')),
      bad('an unknown dtype', 'DtypeError', () => ci.alloc([2], as<DType>('float16'))),
    ],
  },
  'internal.core.allocUnfilled': {
    op: 'alloc',
    ok: () => ci.allocUnfilled([2, 3], 'float32'),
    bad: [
      ...shapeCases((s) => ci.allocUnfilled(s, 'float64')),
      bad('an unknown dtype', 'DtypeError', () => ci.allocUnfilled([2], as<DType>('float16'))),
    ],
  },
  'internal.core.installTapeHook': {
    bad: [
      bad('null', 'DtypeError', () => ci.installTapeHook(as<TapeHook>(null))),
      bad('an object without record/backward', 'DtypeError', () => ci.installTapeHook(as<TapeHook>({ record: 1 }))),
      bad('a hook whose backward is not a function', 'DtypeError', () =>
        ci.installTapeHook(as<TapeHook>({ ...hook(), backward: 'x' })),
      ),
    ],
  },
  'internal.core.record': {
    ok: (t) => ci.record('neg', [t(f64())], tg.zeros([2, 3]), {}),
    bad: [
      bad('an unknown primitive name', 'DtypeError', (t) =>
        ci.record(as<'neg'>('bogus'), [t(f64().requiresGrad_())], f64(), {}),
      ),
      bad('inputs that are not a list of tensors', 'DtypeError', (t) =>
        ci.record('neg', as<Tensor[]>([1]), t(f64()), {}),
      ),
      bad('an output that is not a tensor', 'DtypeError', (t) => ci.record('neg', [t(f64())], as<Tensor>({}), {})),
    ],
  },
};

export default table;
