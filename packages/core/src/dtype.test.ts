/**
 * Dtypes and type promotion (docs/semantics.md §3.1), checked against PyTorch's rules as transcribed in testing/reference.ts
 * (c10's promotion table and `combine_categories`) and against the examples of the PyTorch documentation:
 * int32 → float → complex, float32 ⊕ float64 → float64, complex64 ⊕ float64 → complex128, 0-d tensors and JS scalars
 * only raise the category, division of integers gives the default float dtype.
 */

import { ALL, refPromoteTypes, refResultType, weakRef } from '@tapegrad/testing/reference';
import { afterEach, describe, expect, it } from 'vitest';
import type { DType, Tensor } from './index';
import {
  add,
  arange,
  cat,
  DtypeError,
  div,
  epsOf,
  exp,
  full,
  getDefaultDtype,
  isComplex,
  isFloating,
  linspace,
  matmul,
  mean,
  mul,
  ones,
  promoteTypes,
  rand,
  randn,
  setDefaultDtype,
  stack,
  sum,
  tensor,
  where,
  zeros,
} from './index';
import { toComplexDtype, toRealDtype } from './internal';

afterEach(() => setDefaultDtype('float32'));

const t = (dtype: DType, shape: number[] = [2]): Tensor => ones(shape, { dtype });

describe('promoteTypes', () => {
  it('matches PyTorch’s promotion table for every pair', () => {
    for (const a of ALL) for (const b of ALL) expect(promoteTypes(a, b), `${a} ⊕ ${b}`).toBe(refPromoteTypes(a, b));
  });

  it('the SPEC rules', () => {
    expect(promoteTypes('int32', 'float32')).toBe('float32');
    expect(promoteTypes('float32', 'complex64')).toBe('complex64');
    expect(promoteTypes('float32', 'float64')).toBe('float64');
    expect(promoteTypes('complex64', 'float64')).toBe('complex128');
    expect(promoteTypes('bool', 'int32')).toBe('int32');
  });
});

describe('result dtype of ops (torch.result_type)', () => {
  it('dimensioned, 0-d and scalar operands, every dtype pair, through add', () => {
    for (const a of ALL) {
      for (const b of ALL) {
        for (const [sa, sb] of [
          [[2], [2]],
          [[2], []],
          [[], [2]],
          [[], []],
        ] as const) {
          const want = refResultType([
            { shape: [...sa], dtype: a, data: [] },
            { shape: [...sb], dtype: b, data: [] },
          ]);
          const got = add(t(a, [...sa]), t(b, [...sb])).dtype;
          expect(got, `${a}[${sa}] + ${b}[${sb}]`).toBe(want);
        }
      }
    }
  });

  it('PyTorch documentation examples', () => {
    const int = t('int32');
    expect(add(int, 5).dtype).toBe('int32');
    expect(add(int, 5.5).dtype).toBe('float32');
    expect(add(int, true).dtype).toBe('int32');
    expect(add(t('bool'), true).dtype).toBe('bool');
    expect(add(t('bool'), 1).dtype).toBe('int32');
    expect(add(int, t('float64', [])).dtype).toBe('float64');
    expect(add(t('float32'), t('float64', [])).dtype).toBe('float32');
    expect(add(t('float32'), t('float64')).dtype).toBe('float64');
    expect(add(t('complex64'), t('float64')).dtype).toBe('complex128');
    expect(add(t('complex64'), t('float64', [])).dtype).toBe('complex64');
    expect(add(t('float32'), t('complex128', [])).dtype).toBe('complex64');
    expect(add(t('float64'), t('complex64', [])).dtype).toBe('complex128');
    expect(add(int, t('complex128', [])).dtype).toBe('complex128');
    expect(add(t('float64'), { re: 0, im: 1 }).dtype).toBe('complex128');
    expect(add(t('float32'), { re: 0, im: 1 }).dtype).toBe('complex64');
    expect(add(int, { re: 0, im: 1 }).dtype).toBe('complex64');
    expect(add(t('int32', []), t('float64', [])).dtype).toBe('float64');
    expect(add(t('float32', []), 2.5).dtype).toBe('float32');
    expect(add(t('int32', []), 2.5).dtype).toBe('float32');
  });

  it('JS scalars follow the default dtype: float → default float, complex → default complex', () => {
    setDefaultDtype('float64');
    expect(add(t('int32'), 0.5).dtype).toBe('float64');
    expect(add(t('int32'), { re: 1, im: 1 }).dtype).toBe('complex128');
    expect(add(t('float32'), 0.5).dtype).toBe('float32');
    expect(add(t('float32'), { re: 1, im: 1 }).dtype).toBe('complex64');
    for (const a of ALL) {
      for (const s of [1, 0.5, true, { re: 1, im: 1 }]) {
        expect(mul(t(a), s).dtype, `${a} * ${JSON.stringify(s)}`).toBe(
          refResultType([{ shape: [2], dtype: a, data: [] }, weakRef(s)]),
        );
      }
    }
  });

  it('division of integers gives the default float dtype', () => {
    const a = tensor([1, 2, 3], { dtype: 'int32' });
    expect(div(a, 2).dtype).toBe('float32');
    expect(div(a, 2).toArray()).toEqual([0.5, 1, 1.5]);
    expect(div(a, a).dtype).toBe('float32');
    expect(div(tensor([true]), tensor([true])).dtype).toBe('float32');
    setDefaultDtype('float64');
    expect(div(a, 3).dtype).toBe('float64');
    expect(div(a, 3).toArray()).toEqual([1 / 3, 2 / 3, 1]);
  });

  it('floating ops on integers (exp, mean via cast) use the default dtype; sum of bool/int32 is int32', () => {
    expect(exp(tensor([0], { dtype: 'int32' })).dtype).toBe('float32');
    expect(sum(tensor([true, true, false])).toArray()).toBe(2);
    expect(sum(tensor([true, true, false])).dtype).toBe('int32');
    expect(mean(tensor([1, 2], { dtype: 'int32' }).to('float64')).item()).toBe(1.5);
    setDefaultDtype('float64');
    expect(exp(tensor([1], { dtype: 'int32' })).dtype).toBe('float64');
  });

  it('where, cat, stack and matmul promote their operands', () => {
    const cond = tensor([true, false]);
    expect(where(cond, t('int32'), 0.5).dtype).toBe('float32');
    expect(where(cond, 1, 2).dtype).toBe('int32');
    expect(where(cond, true, false).dtype).toBe('bool');
    expect(where(cond, t('float32'), t('complex128', [])).dtype).toBe('complex64');
    expect(cat([t('int32'), t('float64')]).dtype).toBe('float64');
    expect(cat([t('bool'), t('complex64')]).toArray()).toEqual([
      { re: 1, im: 0 },
      { re: 1, im: 0 },
      { re: 1, im: 0 },
      { re: 1, im: 0 },
    ]);
    expect(stack([t('int32'), t('float32')]).dtype).toBe('float32');
    expect(matmul(t('int32', [2, 2]), t('float64', [2, 2])).dtype).toBe('float64');
    expect(matmul(t('complex64', [2, 2]), t('float64', [2, 2])).dtype).toBe('complex128');
  });
});

describe('default dtype', () => {
  it('is float32 until changed; setDefaultDtype accepts only float32/float64', () => {
    expect(getDefaultDtype()).toBe('float32');
    setDefaultDtype('float64');
    expect(getDefaultDtype()).toBe('float64');
    expect(() => setDefaultDtype('int32' as 'float32')).toThrow(DtypeError);
    expect(() => setDefaultDtype('complex128' as 'float64')).toThrow(DtypeError);
    expect(getDefaultDtype()).toBe('float64');
  });

  it('drives every creation path for numbers', () => {
    setDefaultDtype('float64');
    const made: Tensor[] = [
      tensor([1]),
      zeros([1]),
      ones([1]),
      full([1], 2),
      arange(0, 1, 0.5),
      linspace(0, 1, 2),
      rand([1]),
      randn([1]),
    ];
    for (const x of made) expect(x.dtype).toBe('float64');
    expect(tensor([{ re: 1, im: 0 }]).dtype).toBe('complex128');
    expect(arange(3).dtype).toBe('int32');
  });
});

describe('dtype helpers', () => {
  it('isComplex, isFloating, toRealDtype, toComplexDtype, epsOf', () => {
    expect(ALL.filter(isComplex)).toEqual(['complex64', 'complex128']);
    expect(ALL.filter(isFloating)).toEqual(['float32', 'float64', 'complex64', 'complex128']);
    expect(ALL.map(toRealDtype)).toEqual(['float32', 'float64', 'float32', 'float64', 'int32', 'bool']);
    expect(['float32', 'float64', 'complex64', 'complex128'].map((d) => toComplexDtype(d as DType))).toEqual([
      'complex64',
      'complex128',
      'complex64',
      'complex128',
    ]);
    expect(epsOf('float64')).toBe(Number.EPSILON);
    expect(epsOf('complex128')).toBe(Number.EPSILON);
    expect(epsOf('float32')).toBe(1.1920928955078125e-7);
    expect(Math.fround(1 + epsOf('float32'))).toBeGreaterThan(1);
    expect(Math.fround(1 + epsOf('float32') / 2)).toBe(1);
  });
});
