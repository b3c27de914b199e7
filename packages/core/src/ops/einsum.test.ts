import { expectTypedError } from '@tapegrad/testing/errors';
import { lcg } from '@tapegrad/testing/random';
import { describe, expect, it } from 'vitest';
import { type ComplexLike, randn, type Tensor, tensor } from '../index';
import { einsum } from './einsum';

/**
 * The definition of einsum, evaluated with loops over every assignment of the labels: out[o] = Σ over the other
 * labels of Π operand[labels]. Ellipsis dims get labels '0', '1', … (right-aligned); size-1 dims broadcast.
 */
function naiveEinsum(equation: string, operands: readonly Tensor[]): { shape: number[]; re: number[]; im: number[] } {
  const eq = equation.replace(/\s/g, '');
  const [lhs, rhsGiven] = eq.includes('->') ? eq.split('->') : [eq, undefined];
  const terms = lhs.split(',');
  const ell = Math.max(...terms.map((t, k) => operands[k].ndim - t.replace('...', '').length));
  const expand = (term: string, ndim: number): string[] => {
    const letters = term.replace('...', '');
    const rest = ndim - letters.length;
    const dots = Array.from({ length: rest }, (_, i) => String(ell - rest + i));
    const [before, after] = term.includes('...') ? term.split('...') : [term, ''];
    return [...before, ...dots, ...after];
  };
  const labels = terms.map((t, k) => expand(t, operands[k].ndim));
  const sizes = new Map<string, number>();
  labels.forEach((ls, k) =>
    ls.forEach((l, d) => {
      const seen = sizes.get(l);
      if (seen === undefined || seen === 1) sizes.set(l, operands[k].shape[d]);
    }),
  );
  let out: string[];
  if (rhsGiven === undefined) {
    const counts = new Map<string, number>();
    for (const ls of labels) for (const l of ls) counts.set(l, (counts.get(l) ?? 0) + 1);
    const dots = Array.from({ length: ell }, (_, i) => String(i));
    const letters = [...counts.keys()].filter((l) => !/\d/.test(l) && counts.get(l) === 1).sort();
    out = [...dots, ...letters];
  } else {
    const dots = Array.from({ length: ell }, (_, i) => String(i));
    const [before, after] = rhsGiven.includes('...') ? rhsGiven.split('...') : [rhsGiven, ''];
    out = rhsGiven.includes('...') ? [...before, ...dots, ...after] : [...rhsGiven];
  }
  const all = [...sizes.keys()];
  const outShape = out.map((l) => sizes.get(l) as number);
  const outSize = outShape.reduce((a, b) => a * b, 1);
  const re = new Array<number>(outSize).fill(0);
  const im = new Array<number>(outSize).fill(0);
  const values = operands.map((t) => t.toArray());
  const read = (v: unknown, idx: number[]): ComplexLike => {
    let x = v;
    for (const i of idx) x = (x as unknown[])[i];
    return typeof x === 'number' ? { re: x, im: 0 } : (x as ComplexLike);
  };
  const total = all.reduce((a, l) => a * (sizes.get(l) as number), 1);
  for (let flat = 0; flat < total; flat++) {
    const at = new Map<string, number>();
    let r = flat;
    for (let i = all.length - 1; i >= 0; i--) {
      const n = sizes.get(all[i]) as number;
      at.set(all[i], r % n);
      r = Math.floor(r / n);
    }
    let pr = 1;
    let pi = 0;
    labels.forEach((ls, k) => {
      const idx = ls.map((l, d) => (operands[k].shape[d] === 1 ? 0 : (at.get(l) as number)));
      const z = read(values[k], idx);
      const nr = pr * z.re - pi * z.im;
      pi = pr * z.im + pi * z.re;
      pr = nr;
    });
    // Repeated labels within an operand must agree: the assignment already makes them equal.
    let o = 0;
    for (const l of out) o = o * (sizes.get(l) as number) + (at.get(l) as number);
    re[o] += pr;
    im[o] += pi;
  }
  return { shape: outShape, re, im };
}

function expectMatches(equation: string, operands: readonly Tensor[]): void {
  const got = einsum(equation, ...operands);
  const want = naiveEinsum(equation, operands);
  expect(got.shape).toEqual(want.shape);
  const flat = got.reshape(-1).toArray() as (number | ComplexLike)[];
  const scale = Math.max(1, ...want.re.map(Math.abs));
  flat.forEach((v, i) => {
    const z = typeof v === 'number' ? { re: v, im: 0 } : v;
    expect(Math.abs(z.re - want.re[i]) / scale).toBeLessThan(1e-12);
    expect(Math.abs(z.im - want.im[i]) / scale).toBeLessThan(1e-12);
  });
}

const r = (shape: number[]) => randn(shape, { dtype: 'float64' });
const c = (shape: number[]) => randn(shape, { dtype: 'complex128' });

describe('einsum against its definition (loops over every label assignment)', () => {
  const cases: [string, number[][]][] = [
    [
      'ij,jk->ik',
      [
        [2, 3],
        [3, 4],
      ],
    ],
    [
      'ij,jk',
      [
        [2, 3],
        [3, 4],
      ],
    ],
    ['ij->ji', [[2, 3]]],
    ['ij', [[2, 3]]],
    ['ji', [[2, 3]]],
    ['ii->i', [[3, 3]]],
    ['ii', [[3, 3]]],
    ['iii->i', [[2, 2, 2]]],
    ['iji->j', [[2, 3, 2]]],
    ['ij->', [[2, 3]]],
    ['i,i->', [[4], [4]]],
    ['i,i->i', [[4], [4]]],
    ['i,i->i', [[4], [1]]],
    ['i,j->ij', [[3], [2]]],
    ['i,j', [[3], [2]]],
    [
      'bij,bjk->bik',
      [
        [2, 2, 3],
        [2, 3, 4],
      ],
    ],
    [
      'bij,bjk,bkl->bil',
      [
        [2, 2, 3],
        [2, 3, 2],
        [2, 2, 5],
      ],
    ],
    [
      'ij,jk,kl,lm->im',
      [
        [2, 3],
        [3, 4],
        [4, 2],
        [2, 3],
      ],
    ],
    [
      'ab,cd,bc->ad',
      [
        [2, 3],
        [4, 2],
        [3, 4],
      ],
    ],
    [
      '...ij,...jk',
      [
        [5, 1, 2, 3],
        [4, 3, 2],
      ],
    ],
    [
      '...ij,...jk->...ik',
      [
        [2, 3],
        [3, 2],
      ],
    ],
    ['i...->...', [[3, 4]]],
    ['...,...->...', [[2, 1], [3]]],
    [
      'bA,ab',
      [
        [2, 3],
        [4, 2],
      ],
    ],
    [
      'ijk,ikj->i',
      [
        [2, 3, 4],
        [2, 4, 3],
      ],
    ],
    [
      'ij,ij->ij',
      [
        [2, 3],
        [1, 3],
      ],
    ],
    [
      'ij,kl->ijkl',
      [
        [2, 1],
        [1, 3],
      ],
    ],
    ['i,ij,j->', [[2], [2, 3], [3]]],
    ['', [[]]],
    ['->', [[]]],
    [',i->i', [[], [3]]],
    [
      'ij,jk->ik',
      [
        [0, 3],
        [3, 2],
      ],
    ],
    [
      'ij,jk->ik',
      [
        [2, 0],
        [0, 2],
      ],
    ],
  ];
  it.each(cases)('%s on shapes %j (float64)', (equation, shapes) => {
    expectMatches(
      equation,
      shapes.map((s) => r(s)),
    );
  });
  it.each(cases.slice(0, 20))('%s on shapes %j (complex128, no conjugation)', (equation, shapes) => {
    expectMatches(
      equation,
      shapes.map((s) => c(s)),
    );
  });

  it('accepts spaces, an operand array, and promotes mixed dtypes', () => {
    const a = r([2, 3]);
    const b = c([3]);
    expectMatches('i j , j -> i', [a, b]);
    expect(einsum('ij,j->i', [a, b]).dtype).toBe('complex128');
    expect(
      einsum('ij,j->i', tensor([[1, 2]], { dtype: 'int32' }), tensor([3, 4], { dtype: 'int32' })).toArray(),
    ).toEqual([11]);
  });

  it('contracts random chains in any order to the same value', () => {
    const rand = lcg(7);
    for (let trial = 0; trial < 5; trial++) {
      const d = Array.from({ length: 5 }, () => 1 + Math.floor(rand() * 4));
      expectMatches('ab,bc,cd,de->ae', [r([d[0], d[1]]), r([d[1], d[2]]), r([d[2], d[3]]), r([d[3], d[4]])]);
    }
  });
});

describe('einsum errors', () => {
  const a = r([2, 3]);
  it.each([
    ['ij,jk', [a], 'ShapeError'],
    ['ijk', [a], 'ShapeError'],
    ['i', [a], 'ShapeError'],
    ['ij,jk', [a, r([4, 2])], 'ShapeError'],
    ['ii', [a], 'ShapeError'],
    ['ij->ii', [a], 'DtypeError'],
    ['ij->k', [a], 'DtypeError'],
    ['i1', [a], 'DtypeError'],
    ['i....j', [a], 'DtypeError'],
    ['...i...', [a], 'DtypeError'],
    ['ij->i->j', [a], 'DtypeError'],
  ] as const)('%s with %d operand(s) → %s', (equation, operands, error) => {
    expectTypedError(() => einsum(equation, ...operands), error, 'einsum');
  });
  it('refuses no operands, non-tensors, bool operands and non-string equations', () => {
    expectTypedError(() => einsum('i'), 'ShapeError', 'einsum');
    expectTypedError(() => einsum('i', [1, 2] as unknown as Tensor), 'DtypeError', 'einsum');
    expectTypedError(() => einsum('i', tensor([true])), 'DtypeError', 'einsum');
    expectTypedError(() => einsum(5 as unknown as string, a), 'DtypeError', 'einsum');
  });
});
