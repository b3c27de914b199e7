/**
 * Autograd properties (fast-check, fixed seeds): gradcheck — and, on fewer runs, gradgradcheck — of random expression
 * trees built from differentiable ops over float64 inputs of broadcasting shapes ([2, 3], [3] and []). The trees mix
 * elementwise ops, broadcasting binary ops, reductions and softmax-like ops, views and copies (transpose, flip,
 * narrow + cat, reshape), matmul and complex intermediates, so every gradient rule is exercised in compositions the
 * per-op tables do not reach. Ops are used on domains where they are smooth (no kinks at sampled points) so that
 * finite differences are a valid reference.
 */

import { seeded } from '@tapegrad/testing/tensors';
import fc from 'fast-check';
import { atan2, autograd, cat, complex, logsumexp, real, stack, type Tensor, tensor, warnings } from 'tapegrad';
import { describe, expect, it } from 'vitest';

type Unary = (x: Tensor) => Tensor;
type Binary = (a: Tensor, b: Tensor) => Tensor;

const FULL = [2, 3];
const full = (x: Tensor): Tensor => (x.ndim === 2 ? x : x.expand(FULL));
const onePlusSquare = (x: Tensor): Tensor => x.square().add(1);

const UNARY: [string, Unary][] = [
  ['neg', (x) => x.neg()],
  ['tanh', (x) => x.tanh()],
  ['sigmoid', (x) => x.sigmoid()],
  ['sin', (x) => x.sin()],
  ['cos', (x) => x.cos()],
  ['halfSquare', (x) => x.square().mul(0.5)],
  ['expTanh', (x) => x.tanh().exp()],
  ['log1+x²', (x) => onePlusSquare(x).log()],
  ['sqrt1+x²', (x) => onePlusSquare(x).sqrt()],
  ['1/(1+x²)', (x) => onePlusSquare(x).reciprocal()],
  ['softplus', (x) => x.softplus()],
  ['gelu', (x) => x.gelu()],
  ['geluTanh', (x) => x.gelu({ approximate: 'tanh' })],
  ['erf', (x) => x.erf()],
  ['pow1.5', (x) => onePlusSquare(x).pow(1.5)],
  ['log1p', (x) => x.sigmoid().log1p()],
  ['rsqrt', (x) => onePlusSquare(x).rsqrt()],
];

const BINARY: [string, Binary][] = [
  ['add', (a, b) => a.add(b)],
  ['sub', (a, b) => a.sub(b, { alpha: 0.5 })],
  ['mul', (a, b) => a.mul(b)],
  ['div', (a, b) => a.div(onePlusSquare(b))],
  ['atan2', (a, b) => atan2(a, onePlusSquare(b))],
  ['powTensor', (a, b) => onePlusSquare(a).pow(b.tanh())],
  ['complex', (a, b) => real(complex(full(a), full(b)).mul(complex(full(b), full(a).neg())))],
  [
    'where',
    (a, b) =>
      full(b).where(
        tensor([
          [true, false, true],
          [false, true, false],
        ]),
        full(a),
      ),
  ],
];

/** Ops that mix elements of a [2, 3] tensor (results are [2, 3] again). */
const MIX: [string, Unary][] = [
  ['softmax1', (x) => full(x).softmax(1)],
  ['logSoftmax0', (x) => full(x).logSoftmax(0)],
  ['minusLse', (x) => full(x).sub(logsumexp(full(x), 1, true))],
  ['timesColumnSum', (x) => full(x).mul(full(x).sum(0, true))],
  ['minusMean', (x) => full(x).sub(full(x).mean())],
  ['matmul', (x) => full(x).matmul(seeded([3, 3], 99).mul(0.5))],
  ['gram', (x) => full(x).matmul(full(x).mT).matmul(full(x)).mul(0.2)],
  ['transposeTwice', (x) => full(x).T.contiguous().T],
  ['flip', (x) => full(x).flip([0, 1])],
  ['rotateColumns', (x) => cat([full(x).narrow(1, 1, 2), full(x).narrow(1, 0, 1)], 1)],
  ['stackRows', (x) => stack([full(x).select(0, 1), full(x).select(0, 0).mul(2)], 0)],
  [
    'reshape',
    (x) =>
      full(x)
        .reshape([3, 2])
        .mul(tensor([[1], [2], [3]], { dtype: 'float64' }))
        .reshape(FULL),
  ],
  ['varScale', (x) => full(x).mul(full(x).var(1, { keepdim: true }).add(1))],
  ['prod', (x) => full(x).mul(onePlusSquare(full(x)).prod(0, true))],
  ['amaxShift', (x) => full(x).sub(full(x).mul(0.1).square().amax(1, true))],
];

type Expr =
  | { leaf: number }
  | { unary: number; x: Expr }
  | { binary: number; a: Expr; b: Expr }
  | { mix: number; x: Expr };

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', maxDepth: 4, withCrossShrink: true },
    fc.record({ leaf: fc.nat(2) }),
    fc.record({ unary: fc.nat(UNARY.length - 1), x: tie('expr') }),
    fc.record({ binary: fc.nat(BINARY.length - 1), a: tie('expr'), b: tie('expr') }),
    fc.record({ mix: fc.nat(MIX.length - 1), x: tie('expr') }),
  ),
})).expr;

function evaluate(e: Expr, leaves: readonly Tensor[]): Tensor {
  if ('leaf' in e) return leaves[e.leaf];
  if ('unary' in e) return UNARY[e.unary][1](evaluate(e.x, leaves));
  if ('binary' in e) return BINARY[e.binary][1](evaluate(e.a, leaves), evaluate(e.b, leaves));
  return MIX[e.mix][1](evaluate(e.x, leaves));
}

function describeExpr(e: Expr): string {
  if ('leaf' in e) return ['X', 'v', 's'][e.leaf];
  if ('unary' in e) return `${UNARY[e.unary][0]}(${describeExpr(e.x)})`;
  if ('binary' in e) return `${BINARY[e.binary][0]}(${describeExpr(e.a)}, ${describeExpr(e.b)})`;
  return `${MIX[e.mix][0]}(${describeExpr(e.x)})`;
}

/** Three leaves of broadcasting shapes, values in (−1, 1). */
function leaves(seed: number): Tensor[] {
  return [[2, 3], [3], []].map((shape, i) =>
    seeded(shape, seed + i)
      .tanh()
      .detach()
      .requiresGrad_(),
  );
}

describe('gradcheck of random compositions', () => {
  it('first derivatives of random expression trees agree with central differences', () => {
    fc.assert(
      fc.property(exprArb, fc.integer({ min: 1, max: 2 ** 30 }), (expr, seed) => {
        const inputs = leaves(seed);
        const fn = (...xs: Tensor[]) => full(evaluate(expr, xs));
        const rec = warnings.record(() => autograd.gradcheck(fn, inputs, { raiseException: false }));
        if (!rec.result) expect.fail(`gradcheck failed for ${describeExpr(expr)} (seed ${seed})`);
        expect(rec.warnings).toEqual([]);
      }),
      { seed: 8101, numRuns: 120 },
    );
  });

  it('second derivatives (gradgradcheck) of random expression trees', () => {
    fc.assert(
      fc.property(exprArb, fc.integer({ min: 1, max: 2 ** 30 }), (expr, seed) => {
        const inputs = leaves(seed);
        const fn = (...xs: Tensor[]) => full(evaluate(expr, xs)).sum(1);
        const ok = warnings.record(() => autograd.gradgradcheck(fn, inputs, { raiseException: false })).result;
        if (!ok) expect.fail(`gradgradcheck failed for ${describeExpr(expr)} (seed ${seed})`);
      }),
      { seed: 8202, numRuns: 30 },
    );
  });

  it('backward and autograd.grad agree, and .grad accumulates across two backwards', () => {
    fc.assert(
      fc.property(exprArb, fc.integer({ min: 1, max: 2 ** 30 }), (expr, seed) => {
        const inputs = leaves(seed);
        const loss = () => full(evaluate(expr, inputs)).square().sum();
        const grads = autograd.grad(loss(), inputs, { allowUnused: true });
        loss().backward();
        loss().backward();
        inputs.forEach((x, i) => {
          const g = grads[i];
          if (g === null) {
            expect(x.grad).toBeNull();
            return;
          }
          expect(x.grad!.allclose(g.mul(2), { rtol: 1e-12, atol: 1e-12 })).toBe(true);
        });
      }),
      { seed: 8303, numRuns: 60 },
    );
  });
});
