/**
 * The error taxonomy of CONTRIBUTING.md ("Error taxonomy"), asserted on representative cases of every package through
 * the umbrella: which TapegradError subclass a kind of bad input raises, with the op-name prefix and expected vs got.
 * The exhaustive per-export cases are in test/reliability/table; this file states the rule once per row of the table.
 */
import { type ErrorName, typedErrorProblem } from '@tapegrad/testing/errors';
import * as tg from 'tapegrad';
import { afterEach, describe, expect, it } from 'vitest';

type Case = readonly [what: string, call: () => unknown, op: string, message?: RegExp];

const f64 = (shape: number[]) => tg.ones(shape, { dtype: 'float64' });
const leaf = () => f64([3]).requiresGrad_();
const notATensor = 2 as unknown as tg.Tensor;

const TAXONOMY: Record<ErrorName, readonly Case[]> = {
  ShapeError: [
    ['non-broadcastable operands', () => tg.add(f64([2]), f64([3])), 'add'],
    ['matmul inner dims', () => tg.matmul(f64([2, 3]), f64([2, 3])), 'matmul'],
    ['a dim out of range', () => tg.sum(f64([2]), 3), 'sum'],
    ['an index out of range', () => tg.indexSelect(f64([2]), 0, [5]), 'indexSelect'],
    [
      'a 2-D index where a 1-D one is needed',
      () => tg.indexSelect(f64([2]), 0, tg.tensor([[0]], { dtype: 'int32' })),
      'indexSelect',
    ],
    ['outer of a matrix', () => tg.outer(f64([2, 2]), f64([2])), 'outer'],
    ['a non-square matrix', () => tg.linalg.inv(f64([2, 3])), 'linalg.inv'],
    [
      'a wrong count of gradOutputs',
      () => tg.autograd.grad([leaf().sum()], [leaf()], { gradOutputs: [] }),
      'autograd.grad',
    ],
    ['a Linear input of the wrong width', () => new tg.nn.Linear(3, 2).forward(f64([2, 4])), 'nn.Linear.forward'],
  ],
  DtypeError: [
    ['a non-tensor operand of dot', () => tg.dot(f64([2]), notATensor), 'dot'],
    ['a non-tensor operand of outer', () => tg.outer(f64([2]), notATensor), 'outer'],
    ['a non-tensor operand of an elementwise op', () => tg.exp(notATensor), 'exp'],
    ['a non-tensor input of linalg', () => tg.linalg.pinv(notATensor), 'linalg.pinv'],
    ['a non-tensor input of nn.functional', () => tg.nn.functional.leakyRelu(notATensor), 'nn.functional.leakyRelu'],
    ['a bool operand of matmul', () => tg.matmul(tg.tensor([true]), tg.tensor([true])), 'matmul'],
    [
      'an int tensor that should require grad',
      () => tg.ones([2], { dtype: 'int32' }).requiresGrad_(),
      'Tensor.requiresGrad_',
    ],
    ['a negative learning rate', () => new tg.optim.SGD([leaf()], { lr: -1 }), 'optim.SGD'],
    ['an unknown option key', () => new tg.optim.SGD([leaf()], { lr: 0.1, momentun: 0.9 } as never), 'optim.SGD'],
    ['an unknown enum string', () => tg.gelu(f64([2]), { approximate: 'fast' as 'tanh' }), 'gelu'],
    [
      'a non-tensor argument of valueAndGrad',
      () => tg.valueAndGrad((x: tg.Tensor) => x.sum())(notATensor),
      'valueAndGrad',
    ],
    [
      'a state dict with an unexpected key',
      () => new tg.nn.Linear(2, 2).loadStateDict({ ...new tg.nn.Linear(2, 2).stateDict(), extra: 1 }),
      'nn.Module.loadStateDict',
    ],
  ],
  LinalgError: [
    ['a singular matrix to inv', () => tg.linalg.inv(tg.zeros([2, 2], { dtype: 'float64' })), 'linalg.inv'],
    [
      'non-finite input to a decomposition',
      () => tg.linalg.svd(tg.full([2, 2], Number.NaN, { dtype: 'float64' })),
      'linalg.svd',
    ],
  ],
  AutogradError: [
    [
      'a second backward through a freed graph',
      () => {
        const y = leaf().mul(2).sum();
        y.backward();
        y.backward();
      },
      'Tensor.backward',
    ],
    ['an implicit gradient of a non-scalar', () => leaf().mul(2).backward(), 'Tensor.backward'],
  ],
  GradcheckError: [
    [
      'a wrong derivative found by gradcheck',
      () => {
        const wrong = tg.autograd.defineFunction({
          name: 'wrongSquare',
          forward: (_ctx, x: tg.Tensor) => x.mul(x),
          backward: (_ctx, g: tg.Tensor) => [g],
        });
        return tg.autograd.gradcheck((x) => wrong(x), [leaf()]);
      },
      'gradcheck',
      /Jacobian mismatch/,
    ],
  ],
  TapegradWarningError: [
    [
      'a warning turned into an error',
      () => {
        tg.warnings.filter('error', { code: 'TAXONOMY' });
        tg.warnings.warn('NumericalWarning', 'TAXONOMY', 'taxonomy: expected no warning, got one');
      },
      'taxonomy',
    ],
  ],
};

afterEach(() => tg.warnings.resetFilters());

describe('error taxonomy (CONTRIBUTING.md)', () => {
  for (const [name, cases] of Object.entries(TAXONOMY) as [ErrorName, readonly Case[]][]) {
    describe(name, () => {
      for (const [what, call, op, message] of cases) {
        it(`${what} → ${name} from ${op}`, () => expect(typedErrorProblem(call, name, op, message)).toBeNull());
      }
    });
  }
});
