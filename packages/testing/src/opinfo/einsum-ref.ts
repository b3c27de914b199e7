/**
 * The definition of einsum, evaluated with loops over every assignment of the labels: out[o] = Σ over the labels the
 * output drops of Π operand[labels]. Ellipsis dims get labels '0', '1', … aligned to the right; size-1 dims
 * broadcast. Independent of core's planner (no pairwise contraction, no matmul). Test-only.
 */
import type { DType } from '@tapegrad/core';
import { asComplex, fromFn, get, type Ref } from './reference';

function parseTerms(equation: string, ndims: readonly number[]): { inputs: string[][]; output: string[] } {
  const eq = equation.replace(/\s/g, '');
  const arrow = eq.indexOf('->');
  const lhs = arrow >= 0 ? eq.slice(0, arrow) : eq;
  const terms = lhs.split(',');
  const ell = Math.max(0, ...terms.map((t, k) => ndims[k] - t.replace('...', '').length));
  const dotsFor = (rest: number) => Array.from({ length: rest }, (_, i) => String(ell - rest + i));
  const expand = (term: string, rest: number): string[] => {
    if (!term.includes('...')) return [...term];
    const [before, after] = term.split('...');
    return [...before, ...dotsFor(rest), ...after];
  };
  const inputs = terms.map((t, k) => expand(t, ndims[k] - t.replace('...', '').length));
  if (arrow >= 0) return { inputs, output: expand(eq.slice(arrow + 2), ell) };
  const counts = new Map<string, number>();
  for (const ls of inputs) for (const l of ls) counts.set(l, (counts.get(l) ?? 0) + 1);
  const letters = [...counts.keys()].filter((l) => !/\d/.test(l) && counts.get(l) === 1).sort();
  return { inputs, output: [...dotsFor(ell), ...letters] };
}

/** einsum(equation, ...operands) by its definition, in `dtype` (operands are read as that dtype's values). */
export function einsumRef(equation: string, operands: readonly Ref[], dtype: DType): Ref {
  const { inputs, output } = parseTerms(
    equation,
    operands.map((r) => r.shape.length),
  );
  const sizes = new Map<string, number>();
  inputs.forEach((ls, k) => {
    ls.forEach((l, d) => {
      const seen = sizes.get(l);
      if (seen === undefined || seen === 1) sizes.set(l, operands[k].shape[d]);
    });
  });
  const summed = [...sizes.keys()].filter((l) => !output.includes(l));
  const summedSizes = summed.map((l) => sizes.get(l) as number);
  const total = summedSizes.reduce((a, b) => a * b, 1);
  return fromFn(
    output.map((l) => sizes.get(l) as number),
    dtype,
    (outIdx) => {
      const at = new Map<string, number>(output.map((l, i) => [l, outIdx[i]]));
      let re = 0;
      let im = 0;
      for (let flat = 0; flat < total; flat++) {
        let r = flat;
        for (let i = summed.length - 1; i >= 0; i--) {
          at.set(summed[i], r % summedSizes[i]);
          r = Math.floor(r / summedSizes[i]);
        }
        let pr = 1;
        let pi = 0;
        inputs.forEach((ls, k) => {
          const idx = ls.map((l, d) => (operands[k].shape[d] === 1 ? 0 : (at.get(l) as number)));
          const z = asComplex(get(operands[k], idx));
          const next = pr * z.re - pi * z.im;
          pi = pr * z.im + pi * z.re;
          pr = next;
        });
        re += pr;
        im += pi;
      }
      return dtype === 'complex64' || dtype === 'complex128' ? { re, im } : re;
    },
  );
}
