/**
 * The rule-table entry format: a backward can read only what its entry declares (checked by `tsc`, which type-checks
 * this file: each `@ts-expect-error` below fails the typecheck if the error it expects disappears), and the node keeps
 * and version-checks exactly the declared tensors.
 */

import { markModified } from '@tapegrad/core/internal';
import type { PrimitiveName } from 'tapegrad';
import { copyInto, gather, tensor, where } from 'tapegrad';
import { describe, expect, it } from 'vitest';
import { grad, rules } from './index';
import { keptState, nonDifferentiable, type RuleTable, rule } from './rule-entry';

const f64 = (values: number[], requiresGrad = false) => tensor(values, { dtype: 'float64', requiresGrad });

describe('rule entries are checked by the compiler', () => {
  it('a backward cannot read an input, the output or a tensor attribute its entry did not declare', () => {
    const table: Partial<RuleTable> = {
      // @ts-expect-error — input 0 is read but only input 1 is declared
      div: rule({ inputs: [1] }, ({ inputs: { 0: a } }, g) => [a, g]),
      // @ts-expect-error — the output is read but not declared
      exp: rule({}, ({ output }, g) => [output.mul(g)]),
      // @ts-expect-error — the index tensor is read but not declared
      gather: rule({}, ({ attrs: { index } }, g) => [index.mul(g)]),
      // non-tensor attributes and the shapes/dtypes of all inputs are always available
      sum: rule({}, ({ inputMeta: [x], attrs: { dims } }, g) => [
        g.reshape(x.shape.map((s, i) => (dims.includes(i) ? 1 : s))),
      ]),
      // @ts-expect-error — only tensor-valued attributes can be declared
      cat: rule({ attrs: ['dim'] }, (_c, g) => [g]),
      eq: nonDifferentiable,
    };
    expect(Object.keys(table)).toHaveLength(6);
  });

  it('the table has one entry per primitive, each either differentiable with a backward or not', () => {
    for (const [name, entry] of Object.entries(rules) as [PrimitiveName, (typeof rules)[PrimitiveName]][]) {
      if (entry.differentiable) expect(typeof entry.backward, name).toBe('function');
      else expect(entry, name).toBe(nonDifferentiable);
    }
    expect(rules.eq.differentiable).toBe(false);
    expect(rules.gather.differentiable && rules.gather.saves).toEqual({ attrs: ['index'] });
  });
});

describe('what a node keeps', () => {
  it('keeps exactly the declared tensors: declared inputs, the output if declared, declared tensor attributes', () => {
    const a = f64([1, 2]);
    const b = f64([3, 4]);
    const out = f64([5, 6]);
    const cond = tensor([true, false], { dtype: 'bool' });
    const div = rules.div;
    if (!div.differentiable) throw new Error('div is differentiable');
    const kept = keptState(div, [a, b], out, {});
    expect(kept.tensors).toEqual([b, out]);
    expect(0 in kept.context.inputs).toBe(false); // input 0 is not kept (not even reachable from the context)
    expect(kept.context.inputMeta).toEqual([
      { shape: [2], dtype: 'float64' },
      { shape: [2], dtype: 'float64' },
    ]);
    const whereRule = rules.where;
    if (!whereRule.differentiable) throw new Error('where is differentiable');
    expect(keptState(whereRule, [a, b], out, { condition: cond }).tensors).toEqual([cond]);
    const add = rules.add;
    if (!add.differentiable) throw new Error('add is differentiable');
    expect(keptState(add, [a, b], out, {}).tensors).toEqual([]);
  });

  it('an undeclared tensor attribute is dropped from the kept attributes', () => {
    const sum = rule<'where', { readonly inputs: readonly [] }>({ inputs: [] }, (_c, g) => [g, g]);
    const cond = tensor([true], { dtype: 'bool' });
    const kept = keptState(sum, [f64([1]), f64([2])], f64([1]), { condition: cond });
    expect(kept.tensors).toEqual([]);
    expect(kept.context.attrs).toEqual({});
  });

  it('writing in place to a tensor no rule reads leaves backward working (add keeps nothing)', () => {
    const x = f64([1, 2], true);
    const idx = tensor([1, 1], { dtype: 'int32' });
    const y = gather(x.add(1), 0, idx).sum();
    markModified(x); // x is not kept by add, and idx is unchanged
    expect(grad(y, [x])[0]?.toArray()).toEqual([0, 2]);
    const c = tensor([true, false], { dtype: 'bool' });
    const z = where(c, x.mul(2), x).sum();
    copyInto(f64([7, 7]), x.detach()); // x is kept by mul: the version check fires
    expect(() => grad(z, [x])).toThrow(/'mul' is at version 2; expected version 1/);
  });
});
