/**
 * Property tests of core (fast-check, fixed seeds, bounded runs) across dtypes and shapes, 0-sized included:
 * - broadcasting algebra: add/mul commute, associate and distribute under broadcasting (exactly, on small integers so
 *   no rounding can hide a wrong element), the result shape is broadcastShapes, and expanding first changes nothing;
 *   shapes that do not broadcast are a ShapeError naming the op;
 * - view/copy equivalence: random chains of views (transpose, permute, narrow, strided slices, select, unsqueeze,
 *   expand, diagonal, reshape) give the same results as their contiguous copies under elementwise ops, reductions and
 *   matmul, and never write into the base;
 * - reduction identities: the total equals the sum of partial sums over any dim, mean·n = sum, logsumexp lies in
 *   [max, max + log n], amax bounds every element, var is shift-invariant and ≥ 0.
 */

import { broadcastShapes } from '@tapegrad/core/internal';
import { typedErrorProblem } from '@tapegrad/testing/errors';
import { lcg } from '@tapegrad/testing/random';
import { sameBits } from '@tapegrad/testing/reliability';
import { components } from '@tapegrad/testing/tensors';
import fc from 'fast-check';
import {
  add,
  amax,
  type DType,
  logsumexp,
  matmul,
  max,
  mean,
  mul,
  ShapeError,
  sum,
  type Tensor,
  tensor,
  var as variance,
} from 'tapegrad';
import { describe, expect, it } from 'vitest';

const RUNS = 120;

type NumDType = 'float64' | 'float32' | 'int32' | 'complex128';
const dtypeArb = fc.constantFrom<NumDType>('float64', 'float32', 'int32', 'complex128');

/** A tensor of small integers (exact in every dtype) of the given shape, from a seed. */
function ints(shape: readonly number[], dtype: DType, seed: number, range = 5): Tensor {
  const next = lcg(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const per = dtype === 'complex128' || dtype === 'complex64' ? 2 : 1;
  const data = Array.from({ length: size * per }, () => Math.floor(next() * (2 * range + 1)) - range);
  if (dtype === 'int32') return tensor(Int32Array.from(data), { shape: [...shape] });
  if (dtype === 'float32' || dtype === 'complex64')
    return tensor(Float32Array.from(data), { dtype, shape: [...shape] });
  return tensor(Float64Array.from(data), { dtype, shape: [...shape] });
}

/** A target shape, and shapes that broadcast to it: leading dims dropped and some dims set to 1. */
const broadcastCase = fc
  .record({
    target: fc.array(
      fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.constant(0) }),
      {
        maxLength: 4,
      },
    ),
    masks: fc.array(fc.record({ drop: fc.nat(4), ones: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }) }), {
      minLength: 3,
      maxLength: 3,
    }),
    dtypes: fc.array(dtypeArb, { minLength: 3, maxLength: 3 }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
  })
  .map(({ target, masks, dtypes, seed }) => {
    const shapes = masks.map(({ drop, ones }) => {
      const kept = target.slice(Math.min(drop, target.length));
      return kept.map((s, i) => (ones[i] ? 1 : s));
    });
    return { shapes, dtypes, seed };
  });

describe('broadcasting algebra', () => {
  it('add and mul commute, and the result shape is broadcastShapes', () => {
    fc.assert(
      fc.property(broadcastCase, ({ shapes: [sa, sb], dtypes: [da, db], seed }) => {
        const a = ints(sa, da, seed);
        const b = ints(sb, db, seed + 1);
        const shape = broadcastShapes('test', sa, sb);
        for (const op of [add, mul]) {
          const ab = op(a, b);
          const ba = op(b, a);
          expect([...ab.shape]).toEqual(shape);
          expect(ab.dtype).toBe(ba.dtype);
          expect(sameBits(components(ab), components(ba))).toBe(true);
          // broadcasting is expansion: expanding both operands first gives the same tensor
          const expanded = op(a.expand(shape), b.expand(shape));
          expect(sameBits(components(expanded), components(ab))).toBe(true);
        }
      }),
      { seed: 101, numRuns: RUNS },
    );
  });

  it('add and mul associate and mul distributes over add, exactly on small integers', () => {
    fc.assert(
      fc.property(broadcastCase, ({ shapes: [sa, sb, sc], dtypes: [da, db, dc], seed }) => {
        const a = ints(sa, da, seed, 4);
        const b = ints(sb, db, seed + 7, 4);
        const c = ints(sc, dc, seed + 13, 4);
        // Type promotion itself is not associative when 0-d tensors mix with dimensioned ones (PyTorch's rules: a 0-d
        // float64 with an int32 vector gives float64, with a float32 vector float32), so dtypes are compared only when
        // all three operands share one; the values are exact small integers in every dtype and must agree.
        const sameDtype = da === db && db === dc;
        const eq = (x: Tensor, y: Tensor) => {
          expect([...x.shape]).toEqual([...y.shape]);
          if (sameDtype) expect(x.dtype).toBe(y.dtype);
          // (equal as numbers: complex products may round a zero imaginary part to −0 in one order and +0 in the other)
          const [u, w] = [components(x), components(y)];
          expect(u.length === w.length && u.every((v, i) => v === w[i])).toBe(true);
        };
        eq(add(add(a, b), c), add(a, add(b, c)));
        eq(mul(mul(a, b), c), mul(a, mul(b, c)));
        eq(mul(a, add(b, c)), add(mul(a, b), mul(a, c)));
      }),
      { seed: 202, numRuns: RUNS },
    );
  });

  it('shapes that do not broadcast are a ShapeError naming the op, for every dtype pair', () => {
    const conflict = fc.record({
      lead: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
      sizes: fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 5 })).filter(([x, y]) => x !== y),
      dtypes: fc.tuple(dtypeArb, dtypeArb),
    });
    fc.assert(
      fc.property(conflict, ({ lead, sizes: [p, q], dtypes: [da, db] }) => {
        const a = ints([...lead, p], da, 1);
        const b = ints([q], db, 2);
        for (const [name, op] of [
          ['add', add],
          ['mul', mul],
        ] as const) {
          expect(typedErrorProblem(() => op(a, b), 'ShapeError', name)).toBeNull();
        }
      }),
      { seed: 303, numRuns: 60 },
    );
    expect(() => add(ints([2], 'float64', 1), ints([3], 'int32', 2))).toThrow(ShapeError);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// View/copy equivalence.

interface ViewStep {
  kind: number;
  a: number;
  b: number;
  c: number;
}

const viewCase = fc.record({
  shape: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
  steps: fc.array(fc.record({ kind: fc.nat(8), a: fc.nat(16), b: fc.nat(16), c: fc.nat(16) }), {
    minLength: 1,
    maxLength: 5,
  }),
  dtype: dtypeArb,
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
});

/** Applies one view op chosen by `s` (skipping ones that do not apply to x's shape). Returns x unchanged if none. */
function applyView(x: Tensor, s: ViewStep): Tensor {
  const nd = x.ndim;
  const dim = nd === 0 ? 0 : s.a % nd;
  switch (s.kind) {
    case 0:
      return nd >= 2 ? x.transpose(dim, s.b % nd) : x;
    case 1: {
      if (nd < 2) return x;
      const perm = Array.from({ length: nd }, (_, i) => i);
      for (let i = nd - 1; i > 0; i--) {
        const j = (s.b + i * s.c) % (i + 1);
        [perm[i], perm[j]] = [perm[j], perm[i]];
      }
      return x.permute(perm);
    }
    case 2: {
      if (nd === 0) return x;
      const n = x.shape[dim];
      const start = s.b % (n + 1);
      return x.narrow(dim, start, s.c % (n - start + 1));
    }
    case 3: {
      if (nd === 0) return x;
      const n = x.shape[dim];
      return x.slice(dim, s.b % (n + 1), undefined, 1 + (s.c % 3));
    }
    case 4:
      return nd >= 1 && x.shape[dim] > 0 ? x.select(dim, s.b % x.shape[dim]) : x;
    case 5:
      return nd < 5 ? x.unsqueeze(s.a % (nd + 1)) : x;
    case 6: {
      const ones = x.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0);
      if (ones.length === 0) return nd < 4 ? x.unsqueeze(0).expand([2 + (s.b % 2), ...x.shape]) : x;
      const shape = [...x.shape];
      shape[ones[s.b % ones.length]] = 2 + (s.c % 3);
      return x.expand(shape);
    }
    case 7:
      return nd >= 2 ? x.diagonal((s.b % 3) - 1, dim, (dim + 1 + (s.c % (nd - 1))) % nd) : x;
    default:
      // reshape (a view when the strides allow, a copy otherwise: equivalent either way)
      return x.reshape([-1]);
  }
}

describe('view/copy equivalence', () => {
  it('ops on a chain of views equal the same ops on its contiguous copy, and the base is never written', () => {
    fc.assert(
      fc.property(viewCase, ({ shape, steps, dtype, seed }) => {
        const base = ints(shape, dtype, seed);
        const baseBits = base.storage.slice();
        let v = base;
        for (const s of steps) v = applyView(v, s);
        const c = v.contiguous().clone();
        expect([...c.shape]).toEqual([...v.shape]);
        expect(v.toArray()).toEqual(c.toArray());
        const same = (x: Tensor, y: Tensor) => expect(sameBits(components(x), components(y))).toBe(true);
        same(add(v, 3), add(c, 3));
        same(mul(v, v), mul(c, c));
        same(v.neg(), c.neg());
        if (dtype !== 'int32') same(v.exp(), c.exp());
        // small integers: every summation order gives the same exact result
        same(sum(v), sum(c));
        if (v.ndim > 0) same(sum(v, v.ndim - 1, true), sum(c, c.ndim - 1, true));
        if (v.ndim >= 2) {
          const w = ints([v.shape[v.ndim - 1], 3], dtype, seed + 5);
          same(matmul(v, w), matmul(c, w));
          same(matmul(v.mT, c), matmul(c.mT, c));
        }
        expect(sameBits(base.storage, baseBits)).toBe(true);
      }),
      { seed: 404, numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Reduction identities.

const reductionCase = fc.record({
  shape: fc.array(
    fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 5 }) }, { weight: 1, arbitrary: fc.constant(0) }),
    {
      maxLength: 4,
    },
  ),
  dtype: fc.constantFrom<DType>('float64', 'float32', 'int32'),
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
});

describe('reduction identities', () => {
  it('the total equals the sum of partial sums over any dim (and over any pair of dims)', () => {
    fc.assert(
      fc.property(reductionCase, ({ shape, dtype, seed }) => {
        const x = ints(shape, dtype, seed);
        const total = sum(x);
        for (let d = 0; d < x.ndim; d++) {
          expect(sameBits(components(sum(sum(x, d))), components(total))).toBe(true);
          for (let e = d + 1; e < x.ndim; e++) {
            const both = sum(x, [d, e], true);
            const nested = sum(sum(x, e, true), d, true);
            expect(sameBits(components(both), components(nested))).toBe(true);
          }
        }
      }),
      { seed: 505, numRuns: RUNS },
    );
  });

  it('mean·n = sum over the same dims (floating dtypes; n = 0 gives NaN means, as torch)', () => {
    fc.assert(
      fc.property(reductionCase, ({ shape, dtype, seed }) => {
        if (dtype === 'int32') return;
        const x = ints(shape, dtype, seed);
        const dims = x.shape.map((_, i) => i).filter((i) => (seed >> i) & 1);
        // (an empty list of dims means every dim, as in torch)
        const n = (dims.length === 0 ? x.shape : dims.map((d) => x.shape[d])).reduce((a, b) => a * b, 1);
        const m = mean(x, dims);
        const s = sum(x, dims);
        if (n === 0) {
          expect(components(m).every(Number.isNaN)).toBe(true);
          return;
        }
        const tol = dtype === 'float32' ? 1e-5 : 1e-13;
        const lhs = components(mul(m, n));
        const rhs = components(s);
        lhs.forEach((v, i) => {
          expect(Math.abs(v - rhs[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(rhs[i])));
        });
      }),
      { seed: 606, numRuns: RUNS },
    );
  });

  it('max ≤ logsumexp ≤ max + log n, amax bounds every element, var is ≥ 0 and shift-invariant', () => {
    fc.assert(
      fc.property(reductionCase, fc.double({ min: -50, max: 50, noNaN: true }), ({ shape, seed }, shift) => {
        const x = ints(shape, 'float64', seed).mul(0.75);
        if (x.size === 0) return;
        const lse = logsumexp(x).item() as number;
        const mx = max(x).item() as number;
        expect(lse).toBeGreaterThanOrEqual(mx);
        expect(lse).toBeLessThanOrEqual(mx + Math.log(x.size) + 1e-12);
        expect(amax(x).item()).toBe(mx);
        expect(components(x).every((v) => v <= mx)).toBe(true);
        if (x.ndim > 0 && x.shape[x.ndim - 1] > 1) {
          const v = components(variance(x, -1));
          const vs = components(variance(x.add(shift), -1));
          v.forEach((vi, i) => {
            expect(vi).toBeGreaterThanOrEqual(0);
            expect(Math.abs(vs[i] - vi)).toBeLessThanOrEqual(1e-9 * Math.max(1, shift * shift));
          });
        }
      }),
      { seed: 707, numRuns: RUNS },
    );
  });
});
