/**
 * Checks of the test machinery itself: the OpInfo table covers every op of docs/semantics.md §2.1, the layouts really are
 * non-contiguous views over storage with junk in the gaps, the reference promotion reproduces PyTorch's documented
 * examples, and the comparison notices wrong values, dtypes and shapes.
 */

import * as core from '@tapegrad/core';
import { tensor } from '@tapegrad/core';
import * as coreInternal from '@tapegrad/core/internal';
import { describe, expect, it } from 'vitest';
import { lcg } from '../random';
import { OPS } from './index';
import { LAYOUTS, layoutTensor, mismatch, type Ref, randomRef, refResultType, weakRef } from './reference';

const SPEC_OPS = `add sub mul div neg pow square sqrt exp log abs sign conj reciprocal maximum minimum clamp where
sin cos tanh sigmoid relu gelu softplus softmax logSoftmax logsumexp sum mean prod max min argmax argmin var std matmul
dot outer reshape view flatten squeeze unsqueeze transpose permute expand broadcastTo cat stack split chunk narrow
select slice indexSelect gather diag diagEmbed diagonal triu tril trace eq ne lt le gt ge isfinite isnan allclose real
imag angle to`.split(/\s+/);

/** Function exports of core that the OpInfo driver does not run, each with where it is tested instead. */
const NOT_TABLE_OPS: Record<string, string> = Object.fromEntries(
  (
    [
      [
        'arange eye full fullLike linspace ones onesLike rand randint randn tensor zeros zerosLike',
        'ops/creation.test.ts',
      ],
      ['sliceScatter diagonalScatter', 'ops/indexing.test.ts (and gradcheck rows in autograd)'],
      [
        'copyInto add_ sub_ mul_ div_ clamp_ fill_ zero_ copy_ maskedFill_ normal_ uniform_',
        'in-place writes: core ops/inplace semantics in autograd inplace.test.ts, gradcheck rows, the reliability suite',
      ],
      ['multinomial randLike randnLike', 'random samples: ops/sampling.test.ts'],
      ['lerp addcmul addcdiv logaddexp', 'three-operand and broadcasting composites: ops/pointwise-composite.test.ts'],
      [
        'hstack vstack dstack columnStack meshgrid tensordot kron cdist',
        'list-taking joins, grids and products: ops/stacking.test.ts (loops, einsum, mathjs.kron)',
      ],
      [
        'searchsorted bincount nonzero unique randperm kthvalue median',
        'data-dependent shapes, order statistics and random permutations: ops/discrete.test.ts (PyTorch 1.13 values)',
      ],
      ['digamma polygamma', 'no mathjs counterpart: ops/special.test.ts (40-digit mpmath values)'],
      ['namedTuple assertCurrentHistory', 'plumbing: named-tuple results, history checks (autograd inplace.test.ts)'],
      [
        'enableGrad isGradEnabled noGrad setGradEnabled installTapeHook record',
        'grad mode and tape hook: dispatch.test.ts',
      ],
      [
        'epsOf getDefaultDtype isComplex isFloating promoteTypes setDefaultDtype toComplexDtype toRealDtype',
        'dtype.test.ts',
      ],
      ['fromMathjs toMathjs', 'interop.test.ts'],
      ['gemmF32 gemmF64 gemmC64 gemmC128', 'GEMM kernels: kernels/gemm*.test.ts'],
      [
        'wasmGemmKernel',
        'the WebAssembly module (GEMM, batch-norm loops): gemm-wasm*.test.ts, nn fused-kernels.test.ts',
      ],
      ['manualSeed', 'random.test.ts'],
      ['setNumThreads getNumThreads', 'the worker pool: threads/pool.test.ts'],
      ['broadcastShapes formatShape normalizeDim', 'shape.test.ts'],
      ['markModified versionOf', 'autograd version.test.ts'],
      [
        'describeValue describeTensor readOptions requireTensor alloc allocUnfilled pNorm needsScaling scaledPNorm toFloating brandClass brandedHasInstance sharedSlot erfScalar copyIntoAs copyIterable copyRecord errorText readProperty parallelParts registerWorkerModule runParallel sharedFloat64 trackAllocations recycleStorage pooledStorageBytes',
        'plumbing for sibling packages',
      ],
    ] as const
  ).flatMap(([names, where]) => names.split(' ').map((name) => [name, where])),
);

describe('the OpInfo table', () => {
  it('has an entry for every op of docs/semantics.md §2.1, each a public function of core (to is cast)', () => {
    const covered = new Set(OPS.map((o) => o.op));
    expect(SPEC_OPS.filter((name) => !covered.has(name))).toEqual([]);
    const exported = core as unknown as Record<string, unknown>;
    expect(SPEC_OPS.filter((name) => typeof exported[name === 'to' ? 'cast' : name] !== 'function')).toEqual([]);
  });

  it('has an entry for every function of core, except the ones listed with the reason they are not table ops', () => {
    const covered = new Set(OPS.map((o) => (o.op === 'to' ? 'cast' : o.op)));
    // Public functions and the plumbing of @tapegrad/core/internal alike.
    const functions = Object.entries({ ...core, ...coreInternal } as unknown as Record<string, unknown>)
      .filter(([name, value]) => typeof value === 'function' && !/^[A-Z]/.test(name))
      .map(([name]) => name);
    expect(functions.filter((name) => !covered.has(name) && !(name in NOT_TABLE_OPS))).toEqual([]);
    expect(Object.keys(NOT_TABLE_OPS).filter((name) => covered.has(name) || !functions.includes(name))).toEqual([]);
  });

  it('entry names are unique and every entry has dtypes and samples', () => {
    expect(new Set(OPS.map((o) => o.name)).size).toBe(OPS.length);
    for (const op of OPS) {
      expect(op.dtypes.length, op.name).toBeGreaterThan(0);
      expect(op.samples(op.dtypes[0], lcg(1)).length, op.name).toBeGreaterThan(0);
    }
  });
});

describe('layouts', () => {
  it('hold the same logical values in non-contiguous views with junk in the gaps', () => {
    const ref = randomRef([3, 4], 'float64', 'any', lcg(3));
    for (const layout of LAYOUTS) {
      const built = layoutTensor(ref, layout);
      expect(built, layout).not.toBeNull();
      if (!built) continue;
      expect(mismatch(built.t, built.ref), layout).toBeNull();
      if (layout === 'contiguous') continue;
      const contiguousStrides = [4, 1];
      const strided = built.t.strides.some((s, i) => s !== contiguousStrides[i]) || built.t.offset !== 0;
      expect(strided, layout).toBe(true);
    }
    const strided = layoutTensor(ref, 'strided');
    expect(strided?.t.storage.length).toBe(24);
    expect(Array.from(strided?.t.storage ?? []).filter((v) => v === 1007)).toHaveLength(12);
    expect(layoutTensor(ref, 'expanded')?.t.strides[0]).toBe(0);
    expect(layoutTensor(ref, 'offset')?.t.offset).toBe(4);
  });

  it('0-d tensors get an offset view; layouts that need dims are skipped', () => {
    const ref = randomRef([], 'complex64', 'any', lcg(4));
    expect(layoutTensor(ref, 'offset')?.t.offset).toBe(1);
    expect(layoutTensor(ref, 'transposed')).toBeNull();
    expect(layoutTensor(ref, 'expanded')).toBeNull();
  });
});

describe('reference promotion (torch.result_type) reproduces the PyTorch docs', () => {
  const dim = (dtype: core.DType): Ref => ({ shape: [2], dtype, data: [] });
  const zero = (dtype: core.DType): Ref => ({ shape: [], dtype, data: [] });
  it('documented cases', () => {
    expect(refResultType([dim('int32'), weakRef(5)])).toBe('int32');
    expect(refResultType([dim('int32'), weakRef(5.5)])).toBe('float32');
    expect(refResultType([dim('int32'), zero('float64')])).toBe('float64');
    expect(refResultType([dim('float32'), zero('float64')])).toBe('float32');
    expect(refResultType([dim('float32'), zero('complex128')])).toBe('complex64');
    expect(refResultType([dim('complex64'), dim('float64')])).toBe('complex128');
    expect(refResultType([dim('bool'), weakRef(true)])).toBe('bool');
    expect(refResultType([dim('bool'), dim('int32')])).toBe('int32');
    expect(refResultType([zero('int32'), weakRef(2.5)])).toBe('float32');
  });
});

describe('mismatch', () => {
  it('reports wrong dtypes, shapes and values and accepts equal ones (NaN equals NaN)', () => {
    const ref: Ref = { shape: [2], dtype: 'float64', data: [1, Number.NaN] };
    expect(mismatch(tensor([1, Number.NaN], { dtype: 'float64' }), ref)).toBeNull();
    expect(mismatch(tensor([1, Number.NaN]), ref)).toMatch(/dtype float32/);
    expect(mismatch(tensor([[1, Number.NaN]], { dtype: 'float64' }), ref)).toMatch(/shape/);
    expect(mismatch(tensor([1.001, Number.NaN], { dtype: 'float64' }), ref)).toMatch(/element 0/);
    expect(mismatch(tensor([1, 0], { dtype: 'float64' }), ref)).toMatch(/element 1/);
  });
});
