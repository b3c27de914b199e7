/**
 * Rows of `autograd.*` (and the top-level `gradFn` / `valueAndGrad`, the same functions): misuse of the engine,
 * functions that return the wrong things, options of the wrong type.
 */

import * as ai from '@tapegrad/autograd/internal';
import type { Tensor } from 'tapegrad';
import { autograd, gradFn, valueAndGrad } from 'tapegrad';
import { as, bad, f64, type Row, type Table } from './types';

const leaf = (shape: number[] = [3]): Tensor => f64(shape).requiresGrad_();
const sq = (x: Tensor): Tensor => x.square().sum();

/** The same bad-callback cases for each functional helper. */
function functionalRow(
  name: string,
  call: (fn: (x: Tensor) => Tensor, x: Tensor) => unknown,
  extra: Row['bad'] = [],
): Row {
  return {
    ok: (t) => call(sq, t(f64([3]))),
    bad: [
      bad('an input that is not a tensor', 'DtypeError', () => call(sq, as<Tensor>(7))),
      bad('a callback that is not a function', 'DtypeError', (t) => call(as<(x: Tensor) => Tensor>('x'), t(f64([3])))),
      bad('a callback returning a number', 'DtypeError', (t) =>
        call(
          as<(x: Tensor) => Tensor>(() => 1),
          t(f64([3])),
        ),
      ),
      ...extra,
    ].map((c) => ({ ...c, op: c.op ?? name })),
  };
}

/** checkGrad / checkVjp / checkJvp / checkHvp share their argument handling. */
function plainCheckRows(): Table {
  const f = (x: Float64Array) => x.reduce((a, v) => a + v * v, 0);
  const vf = (x: Float64Array) => Array.from(x, (v) => v * v);
  const derivative = (x: Float64Array) => Array.from(x, (v) => 2 * v);
  const product = (x: Float64Array, v: Float64Array) => Array.from(x, (xi, i) => 2 * xi * v[i]);
  const calls = {
    checkGrad: (x: unknown, opts?: unknown, d: unknown = derivative) =>
      autograd.checkGrad(f, as<typeof derivative>(d), as<number[]>(x), as<autograd.PlainCheckOptions>(opts)),
    checkVjp: (x: unknown, opts?: unknown, d: unknown = product) =>
      autograd.checkVjp(vf, as<typeof product>(d), as<number[]>(x), as<autograd.PlainCheckOptions>(opts)),
    checkJvp: (x: unknown, opts?: unknown, d: unknown = product) =>
      autograd.checkJvp(vf, as<typeof product>(d), as<number[]>(x), as<autograd.PlainCheckOptions>(opts)),
    checkHvp: (
      x: unknown,
      opts?: unknown,
      d: unknown = (_: Float64Array, v: Float64Array) => Array.from(v, (vi) => 2 * vi),
    ) => autograd.checkHvp(f, as<typeof product>(d), as<number[]>(x), as<autograd.PlainCheckOptions>(opts)),
  };
  const rows: Table = {};
  for (const [name, call] of Object.entries(calls)) {
    rows[`autograd.${name}`] = {
      ok: () => call([0.5, -1]),
      bad: [
        bad('x with NaN', 'DtypeError', () => call([1, Number.NaN])),
        bad('x that is not an array', 'DtypeError', () => call('ab')),
        bad('an unknown option', 'DtypeError', () => call([1], { fast: true })),
        bad('eps 0', 'DtypeError', () => call([1], { eps: 0 })),
        bad('a derivative that is not a function', 'DtypeError', () => call([1], {}, 3)),
        bad('a derivative of the wrong length', 'ShapeError', () => call([1, 2], {}, () => [1])),
        bad('a derivative that throws', 'DtypeError', () =>
          call([1, 2], {}, () => {
            throw new Error('boom');
          }),
        ),
      ].map((c) => ({ ...c, op: name })),
    };
  }
  return rows;
}

/** A custom function `name` (forward x·1) whose backward is wrong: backward through it must raise AutogradError. */
const badBackward = (what: string, name: string, backward: autograd.FunctionDefinition<[Tensor]>['backward']) =>
  bad(
    what,
    'AutogradError',
    () => {
      const f = autograd.defineFunction({ name, forward: (_c, x: Tensor) => x.mul(1), backward });
      return (f(leaf()) as Tensor).sum().backward();
    },
    name,
  );

const table: Table = {
  'autograd.grad': {
    ok: (t) => {
      const x = t(leaf());
      return autograd.grad(x.exp().sum(), [x]);
    },
    bad: [
      bad('no outputs', 'ShapeError', () => autograd.grad([], [leaf()])),
      bad('no inputs', 'ShapeError', () => autograd.grad(leaf().sum(), [])),
      bad('an output that does not require grad', 'AutogradError', (t) => autograd.grad(t(f64()).sum(), [leaf()])),
      bad('an input that does not require grad', 'AutogradError', (t) => autograd.grad(leaf().sum(), [t(f64())])),
      bad('an input the output does not depend on', 'AutogradError', () => autograd.grad(leaf().sum(), [leaf()])),
      bad('a non-scalar output without gradOutputs', 'AutogradError', () => autograd.grad(leaf().mul(2), [leaf()])),
      bad('gradOutputs of the wrong shape', 'ShapeError', (t) => {
        const x = leaf();
        return autograd.grad(x.mul(2), [x], { gradOutputs: t(f64([2])) });
      }),
      bad('gradOutputs of the wrong count', 'ShapeError', (t) => {
        const x = leaf();
        return autograd.grad(x.mul(2), [x], { gradOutputs: [t(f64([3])), t(f64([3]))] });
      }),
      bad('an output that is not a tensor', 'DtypeError', () => autograd.grad(as<Tensor>(1), [leaf()])),
      bad('an input that is not a tensor', 'DtypeError', () => autograd.grad(leaf().sum(), [as<Tensor>('x')])),
      bad('gradOutputs that are not tensors', 'DtypeError', () => {
        const x = leaf();
        return autograd.grad(x.mul(2), [x], { gradOutputs: as<Tensor>(5) });
      }),
      bad('createGraph "yes" (not a boolean)', 'DtypeError', () => {
        const x = leaf();
        return autograd.grad(x.sum(), [x], { createGraph: as<boolean>('yes') });
      }),
      bad('options null', 'DtypeError', () => {
        const x = leaf();
        return autograd.grad(x.sum(), [x], as<autograd.GradOptions>(null));
      }),
      bad('a second grad through a freed graph', 'AutogradError', () => {
        const x = leaf();
        const y = x.exp().sum();
        autograd.grad(y, [x]);
        return autograd.grad(y, [x]);
      }),
    ],
  },
  'autograd.gradcheck': {
    ok: (t) => autograd.gradcheck((x) => x.exp(), [t(leaf([2]))]),
    bad: [
      bad('a wrong derivative', 'GradcheckError', (t) => {
        const wrong = autograd.defineFunction({
          name: 'wrongExp',
          forward: (_ctx, x: Tensor) => x.exp(),
          backward: (_ctx, g) => [g],
        });
        return autograd.gradcheck((x) => wrong(x) as Tensor, [t(leaf([2]))]);
      }),
      // docs/semantics.md §2.2 fixes this message: "Jacobian mismatch for output 0 with respect to input 0,\nnumerical: …"
    ]
      .map((c) =>
        c.what === 'a wrong derivative'
          ? { ...c, message: /^Jacobian mismatch for output 0 with respect to input 0,\nnumerical:/ }
          : c,
      )
      .concat([
        bad('no input requires grad', 'DtypeError', (t) => autograd.gradcheck((x) => x.exp(), [t(f64([2]))])),
        bad('a callback that is not a function', 'DtypeError', (t) =>
          autograd.gradcheck(as<() => Tensor>(5), [t(leaf([2]))]),
        ),
        bad('inputs that are not a list', 'DtypeError', (t) =>
          autograd.gradcheck((x) => x, as<Tensor[]>(t(leaf([2])))),
        ),
        bad('a callback returning a number', 'DtypeError', (t) =>
          autograd.gradcheck(
            as<() => Tensor>(() => 1),
            [t(leaf([2]))],
          ),
        ),
        bad('eps "x"', 'DtypeError', (t) =>
          autograd.gradcheck((x) => x.exp(), [t(leaf([2]))], { eps: as<number>('x') }),
        ),
        bad('eps 0', 'DtypeError', (t) => autograd.gradcheck((x) => x.exp(), [t(leaf([2]))], { eps: 0 })),
        bad('atol NaN', 'DtypeError', (t) => autograd.gradcheck((x) => x.exp(), [t(leaf([2]))], { atol: Number.NaN })),
        bad('raiseException "no"', 'DtypeError', (t) =>
          autograd.gradcheck((x) => x.exp(), [t(leaf([2]))], { raiseException: as<boolean>('no') }),
        ),
        bad('an unknown option (fast)', 'DtypeError', (t) =>
          autograd.gradcheck((x) => x.exp(), [t(leaf([2]))], as<autograd.GradcheckOptions>({ fast: true })),
        ),
        bad('fastMode 1', 'DtypeError', (t) =>
          autograd.gradcheck((x) => x.exp(), [t(leaf([2]))], { fastMode: as<boolean>(1) }),
        ),
        bad('nondetTol −1', 'DtypeError', (t) => autograd.gradcheck((x) => x.exp(), [t(leaf([2]))], { nondetTol: -1 })),
        bad('points of the wrong length', 'ShapeError', (t) =>
          autograd.gradcheck((x) => x.exp(), [t(leaf([2]))], { points: [[0, 1]] }),
        ),
        bad('a point of the wrong size', 'ShapeError', (t) =>
          autograd.gradcheck((x) => x.exp(), [t(leaf([2]))], { points: [[[1, 2, 3]]] }),
        ),
        bad('points that are not a list', 'DtypeError', (t) =>
          autograd.gradcheck((x) => x.exp(), [t(leaf([2]))], { points: as<number[][]>(3) }),
        ),
      ])
      .map((c) => ({ ...c, op: c.op ?? 'gradcheck' })),
  },
  'autograd.gradgradcheck': {
    ok: (t) => autograd.gradgradcheck((x) => x.tanh(), [t(leaf([2]))]),
    bad: [
      bad('gradOutputs of the wrong count', 'ShapeError', (t) =>
        autograd.gradgradcheck((x) => x.exp(), [t(leaf([2]))], { gradOutputs: [] }),
      ),
      bad('gradOutputs of the wrong shape', 'ShapeError', (t) =>
        autograd.gradgradcheck((x) => x.exp(), [t(leaf([2]))], { gradOutputs: [t(leaf([3]))] }),
      ),
      bad('a callback that is not a function', 'DtypeError', (t) =>
        autograd.gradgradcheck(as<() => Tensor>(null), [t(leaf([2]))]),
      ),
      bad('gradOutputs that are not tensors', 'DtypeError', (t) =>
        autograd.gradgradcheck((x) => x.exp(), [t(leaf([2]))], { gradOutputs: [as<Tensor>(1)] }),
      ),
      bad('rtol "x"', 'DtypeError', (t) =>
        autograd.gradgradcheck((x) => x.exp(), [t(leaf([2]))], { rtol: as<number>('x') }),
      ),
    ].map((c) => ({ ...c, op: c.op ?? 'gradgradcheck' })),
  },
  'autograd.gradcheckReport': {
    ok: (t) => autograd.gradcheckReport((x) => x.exp(), [t(leaf([2]))]),
    bad: [
      bad('no input requires grad', 'DtypeError', (t) => autograd.gradcheckReport((x) => x.exp(), [t(f64([2]))])),
      bad('an unknown option', 'DtypeError', (t) =>
        autograd.gradcheckReport((x) => x.exp(), [t(leaf([2]))], as<autograd.GradcheckOptions>({ fast: 1 })),
      ),
      bad(
        'gradOutputs of the wrong count (order 2)',
        'ShapeError',
        (t) => autograd.gradcheckReport((x) => x.exp(), [t(leaf([2]))], { gradOutputs: [] }, 2),
        'gradgradcheck',
      ),
    ].map((c) => ({ ...c, op: c.op ?? 'gradcheck' })),
  },
  ...plainCheckRows(),
  'autograd.defineFunction': {
    ok: () =>
      autograd.defineFunction({
        name: 'double',
        forward: (_c, x: Tensor) => x.mul(2),
        backward: (_c, g) => [g.mul(2)],
      })(leaf()),
    bad: [
      bad('a definition without backward', 'DtypeError', () =>
        autograd.defineFunction(
          as<autograd.FunctionDefinition<[Tensor]>>({ name: 'f', forward: (_c: unknown, x: Tensor) => x }),
        ),
      ),
      bad('a definition that is not an object', 'DtypeError', () =>
        autograd.defineFunction(as<autograd.FunctionDefinition<[Tensor]>>(null)),
      ),
      bad('a name that is not a string', 'DtypeError', () =>
        autograd.defineFunction(
          as<autograd.FunctionDefinition<[Tensor]>>({ name: 1, forward: () => f64(), backward: () => [] }),
        ),
      ),
      bad(
        'a forward that returns a number',
        'AutogradError',
        (t) =>
          autograd.defineFunction(
            as<autograd.FunctionDefinition<[Tensor]>>({ name: 'bad1', forward: () => 1, backward: () => [null] }),
          )(t(leaf())),
        'bad1',
      ),
      badBackward('a backward that returns the wrong number of gradients', 'bad2', (_c, g) => [g, g]),
      badBackward('a backward that returns a gradient of the wrong shape', 'bad3', () => [f64([5])]),
      badBackward('a backward that returns a non-tensor', 'bad4', () => [as<Tensor>(7)]),
    ],
  },
  'autograd.formatGraph': {
    ok: (t) => autograd.formatGraph(t(leaf()).exp().sum(), { maxLines: 3 }),
    bad: [
      bad('a value that is not a tensor', 'DtypeError', () => autograd.formatGraph(as<Tensor>({ gradFn: null }))),
      bad('maxLines -1', 'DtypeError', () => autograd.formatGraph(leaf().sum(), { maxLines: -1 })),
      bad('maxLines "10"', 'DtypeError', () => autograd.formatGraph(leaf().sum(), { maxLines: as<number>('10') })),
    ],
  },
  valueAndGrad: {
    ok: (t) => valueAndGrad(sq)(t(f64([3]))),
    bad: [
      bad('argument 0 that is not a tensor', 'DtypeError', () => valueAndGrad(sq)(as<Tensor>(1))),
      bad('a callback that is not a function', 'DtypeError', () => valueAndGrad(as<(x: Tensor) => Tensor>(null))),
      bad('argnums out of range', 'DtypeError', (t) => valueAndGrad(sq, 3)(t(f64([3])))),
      bad('argnums "0"', 'DtypeError', () => valueAndGrad(sq, as<number>('0'))),
      bad('a non-scalar result', 'AutogradError', (t) => valueAndGrad((x: Tensor) => x.mul(2))(t(f64([3])))),
      bad('a result that is not a tensor', 'DtypeError', (t) =>
        valueAndGrad(as<(x: Tensor) => Tensor>(() => 3))(t(f64([3]))),
      ),
    ],
  },
  gradFn: {
    ok: (t) => gradFn(sq)(t(f64([3]))),
    bad: [
      bad('argument 0 that is not a tensor', 'DtypeError', () => gradFn(sq)(as<Tensor>([1])), 'valueAndGrad'),
      bad('a callback that is not a function', 'DtypeError', () => gradFn(as<(x: Tensor) => Tensor>(5))),
    ],
  },
  'autograd.vjp': functionalRow('vjp', (fn, x) => autograd.vjp(fn, x), [
    bad('v of the wrong shape', 'ShapeError', (t) => autograd.vjp((x) => x.mul(2), t(f64([3])), t(f64([2])))),
    bad('a non-scalar output without v', 'AutogradError', (t) => autograd.vjp((x) => x.mul(2), t(f64([3])))),
  ]),
  'autograd.jvp': functionalRow('jvp', (fn, x) => autograd.jvp(fn, x, f64([3])), [
    bad('the wrong number of tangents', 'ShapeError', (t) => autograd.jvp(sq, t(f64([3])), [t(f64([3])), t(f64([3]))])),
    bad('a tangent of the wrong shape', 'ShapeError', (t) => autograd.jvp(sq, t(f64([3])), t(f64([2])))),
    bad('a tangent that is not a tensor', 'DtypeError', (t) => autograd.jvp(sq, t(f64([3])), as<Tensor>(1))),
  ]),
  'autograd.jacobian': functionalRow('jacobian', (fn, x) => autograd.jacobian(fn, x)),
  'autograd.hessian': functionalRow('hessian', (fn, x) => autograd.hessian(fn, x), [
    bad('several inputs', 'DtypeError', (t) => autograd.hessian(sq, [t(f64([3])), t(f64([3]))] as unknown as Tensor)),
    bad('a non-scalar function', 'AutogradError', (t) => autograd.hessian((x) => x.mul(2), t(f64([3])))),
  ]),
  'autograd.hvp': functionalRow('hvp', (fn, x) => autograd.hvp(fn, x, f64([3])), [
    bad('v of the wrong shape', 'ShapeError', (t) => autograd.hvp(sq, t(f64([3])), t(f64([2])))),
    bad('v that is not a tensor', 'DtypeError', (t) => autograd.hvp(sq, t(f64([3])), as<Tensor>([1, 2, 3]))),
  ]),
  'internal.autograd.sumToShape': {
    ok: (t) => ai.sumToShape(t(f64([2, 3])), [1, 3]),
    bad: [
      bad('a shape the gradient does not broadcast from', 'ShapeError', (t) => ai.sumToShape(t(f64([2, 3])), [2])),
      bad('more dims than the gradient', 'ShapeError', (t) => ai.sumToShape(t(f64([3])), [1, 1, 3])),
      bad('a gradient that is not a tensor', 'DtypeError', () => ai.sumToShape(as<Tensor>(1), [1])),
    ],
  },
  'internal.autograd.recordNodeSaving': {
    ok: (t) => {
      const x = t(f64([2]));
      return ai.recordNodeSaving('myOp', [x], [x.mul(2)], ([g]) => [g], []);
    },
    bad: [
      bad(
        'a backward that is not a function',
        'DtypeError',
        () => ai.recordNodeSaving('myOp', [leaf()], [f64([3])], as<ai.BackwardFn>(null), []),
        'myOp',
      ),
      bad(
        'outputs that are not tensors',
        'DtypeError',
        () => ai.recordNodeSaving('myOp', [leaf()], as<Tensor[]>(['y']), ([g]) => [g], []),
        'myOp',
      ),
    ],
  },
  'internal.autograd.recordNode': {
    ok: (t) => {
      const x = t(f64([2]));
      return ai.recordNode('myOp', [x], [x.mul(2)], ([g]) => [g]);
    },
    bad: [
      bad(
        'an output that is one of the inputs',
        'AutogradError',
        () => {
          const x = leaf();
          return ai.recordNode('myOp', [x], [x], ([g]) => [g]);
        },
        'myOp',
      ),
      bad(
        'a backward that is not a function',
        'DtypeError',
        () => ai.recordNode('myOp', [leaf()], [f64([3])], as<ai.BackwardFn>(null)),
        'myOp',
      ),
      bad(
        'inputs that are not tensors',
        'DtypeError',
        () => ai.recordNode('myOp', as<Tensor[]>([1]), [f64([3])], ([g]) => [g]),
        'myOp',
      ),
      bad(
        'outputs that are not tensors',
        'DtypeError',
        () => ai.recordNode('myOp', [leaf()], as<Tensor[]>(['y']), ([g]) => [g]),
        'myOp',
      ),
      bad(
        'a name that is not a string',
        'DtypeError',
        () => ai.recordNode(as<string>(5), [leaf()], [f64([3])], ([g]) => [g]),
        'autograd.recordNode',
      ),
    ],
  },
  'internal.autograd.installTape': {
    ok: () => ai.installTape(),
    bad: [],
    noBadInput: 'takes no arguments (idempotent)',
  },
  'internal.autograd.Node': {
    exempt:
      'the engine-internal node class: instances are created by the tape (recordNode / recorded primitives), never by users; its behaviour is covered through ai.recordNode and backward',
  },
  'internal.autograd.Node#nextFunctions': { exempt: 'a read-only property of engine-internal nodes' },
  'internal.autograd.Node#needsInputGrad': { exempt: 'called by rules with valid indices (engine-internal)' },
  'internal.autograd.Node#released': { exempt: 'a read-only property of engine-internal nodes' },
  'internal.autograd.Node#retainOutput': { exempt: 'called by Tensor.retainGrad / registerHook (engine-internal)' },
  'internal.autograd.Node#apply': {
    exempt: 'called by the engine; the freed-graph error it raises is covered by Tensor#backward and autograd.grad',
  },
  'internal.autograd.Node#release': { exempt: 'called by the engine after backward (engine-internal)' },
};

// The rule table: one entry per core primitive; the backward of a differentiable one is called only by the engine
// with the context it recorded.
for (const [name, entry] of Object.entries(autograd.rules)) {
  if (!entry.differentiable) continue;
  table[`autograd.rules.${name}.backward`] = {
    exempt: 'a backward rule of the engine: called only by the tape with the context recorded for that primitive',
  };
}

export default table;
