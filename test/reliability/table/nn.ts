/**
 * Rows of `nn.*` (optimizers and schedulers: ./optim.ts): module constructors with bad options, forward with the
 * wrong input, losses with mismatched targets, and state dicts that must be rejected without changing anything (the
 * tracker snapshots the model before each call).
 */

import type { ErrorName } from '@tapegrad/testing/errors';
import type { Tensor } from 'tapegrad';
import { nn, tensor } from 'tapegrad';
import { as, type BadCase, bad, bool, c128, f32, f64, i32, type Row, type Table, type Track } from './types';

const F = nn.functional;

/** A small float64 model and a JSON state dict of another instance (so a partial load would be visible). */
export const model = (): nn.Sequential =>
  new nn.Sequential(
    new nn.Linear(2, 3, { dtype: 'float64' }),
    new nn.ReLU(),
    new nn.Linear(3, 1, { dtype: 'float64' }),
  );
export const json = <T>(v: T): Record<string, unknown> => JSON.parse(JSON.stringify(v));

/** A model whose parameters all have gradients. */
export function trained(): nn.Sequential {
  const m = model();
  m.forward(f64([4, 2]))
    .sum()
    .backward();
  return m;
}

/** loadStateDict cases on a module: each gets a valid state dict of another model and spoils it. */
function moduleLoadCases(): BadCase[] {
  const op = 'nn.Module.loadStateDict';
  const load = (t: Track, spoil: (sd: Record<string, unknown>) => unknown, opts?: nn.LoadStateDictOptions) => {
    const m = t(model());
    const sd = json(model().stateDict());
    const replaced = spoil(sd);
    return m.loadStateDict(replaced === undefined ? sd : replaced, opts);
  };
  const entry = (sd: Record<string, unknown>, k: string) =>
    sd[k] as { shape: number[]; data: unknown[]; dtype: string };
  /** Entry `key` of the state dict replaced by `value` (field null), or its shape, dtype or data[field] set to it. */
  const put = (what: string, error: ErrorName, key: string, field: 'shape' | 'dtype' | number | null, value: unknown) =>
    bad(
      what,
      error,
      (t) =>
        load(t, (sd) => {
          if (field === null) sd[key] = value;
          else if (typeof field === 'number') entry(sd, key).data[field] = value;
          else (entry(sd, key) as Record<string, unknown>)[field] = value;
        }),
      op,
    );
  return [
    bad('an unexpected key', 'DtypeError', (t) => load(t, (sd) => Object.assign(sd, { '9.weight': sd['0.bias'] })), op),
    bad('a missing key', 'DtypeError', (t) => load(t, (sd) => void delete sd['2.bias']), op),
    bad(
      'a "__proto__" key (own, as JSON.parse makes it)',
      'DtypeError',
      (t) => load(t, (sd) => JSON.parse(JSON.stringify(sd).replace('{', '{"__proto__": {"polluted": 1},'))),
      op,
    ),
    bad(
      'a "constructor" key',
      'DtypeError',
      (t) => load(t, (sd) => Object.assign(sd, { constructor: { prototype: { polluted: 1 } } })),
      op,
    ),
    put('a wrong shape', 'ShapeError', '2.bias', 'shape', [2]),
    bad('too few values', 'ShapeError', (t) => load(t, (sd) => void entry(sd, '2.weight').data.pop()), op),
    put('a string value', 'DtypeError', '2.bias', 0, '1'),
    put('a null value', 'DtypeError', '0.weight', 5, null),
    put('an object value', 'DtypeError', '0.weight', 5, { valueOf: () => 1 }),
    put('a boolean into float64', 'DtypeError', '0.weight', 5, true),
    put('a dtype of another kind', 'DtypeError', '0.bias', 'dtype', 'complex128'),
    put('an unknown dtype', 'DtypeError', '0.bias', 'dtype', 'float16'),
    put('an entry that is a number', 'DtypeError', '0.bias', null, 3),
    put('a Tensor value of the wrong shape', 'ShapeError', '0.bias', null, f64([4])),
    put('a Tensor value of another kind', 'DtypeError', '0.bias', null, i32([1, 2, 3])),
    bad('an array instead of an object', 'DtypeError', (t) => load(t, () => [1, 2]), op),
    bad('null', 'DtypeError', (t) => load(t, () => null), op),
    bad(
      'strict "no" (not a boolean)',
      'DtypeError',
      (t) => load(t, () => undefined, { strict: as<boolean>('no') }),
      op,
    ),
    put('the last entry bad after valid ones (no partial load)', 'DtypeError', '2.bias', 0, 'NaN!'),
  ];
}

/** Loss-function cases shared by the functional and module forms. */
function elementwiseLossCases(call: (x: Tensor, y: Tensor, reduction?: unknown) => unknown, op: string): BadCase[] {
  return [
    bad(
      'target of another shape ([3, 1] vs [3]: no silent broadcast)',
      'ShapeError',
      (t) => call(t(f64([3, 1])), t(f64([3]))),
      op,
    ),
    bad('an int32 input', 'DtypeError', (t) => call(t(i32([1, 2])), t(f64([2]))), op),
    bad('a complex input', 'DtypeError', (t) => call(t(c128([2])), t(f64([2]))), op),
    bad('a target that is not a tensor', 'DtypeError', (t) => call(t(f64([2])), as<Tensor>([1, 2])), op),
    bad('reduction "avg"', 'DtypeError', (t) => call(t(f64([2])), t(f64([2])), 'avg'), op),
  ];
}

/** Activation modules: name, a constructor call, bad inputs of forward beyond the common ones. */
const activationModules: [string, () => nn.Module, BadCase[]][] = [
  [
    'ReLU',
    () => new nn.ReLU(),
    [bad('a complex input', 'DtypeError', (t) => new nn.ReLU().forward(t(c128())), 'nn.functional.relu')],
  ],
  ['Tanh', () => new nn.Tanh(), []],
  ['Sigmoid', () => new nn.Sigmoid(), []],
  ['SiLU', () => new nn.SiLU(), []],
  [
    'GELU',
    () => new nn.GELU(),
    [bad('a complex input', 'DtypeError', (t) => new nn.GELU().forward(t(c128())), 'nn.functional.gelu')],
  ],
  ['Softplus', () => new nn.Softplus(), []],
  ['LeakyReLU', () => new nn.LeakyReLU(), []],
  [
    'Softmax',
    () => new nn.Softmax(1),
    [bad('dim 2 of a 2-D input', 'ShapeError', (t) => new nn.Softmax(2).forward(t(f64())), 'softmax')],
  ],
  [
    'LogSoftmax',
    () => new nn.LogSoftmax(0),
    [bad('dim -3 of a 2-D input', 'ShapeError', (t) => new nn.LogSoftmax(-3).forward(t(f64())), 'logSoftmax')],
  ],
  ['Identity', () => new nn.Identity(), []],
  [
    'Flatten',
    () => new nn.Flatten(),
    [bad('startDim 3 of a 2-D input', 'ShapeError', (t) => new nn.Flatten(3).forward(t(f64())), 'flatten')],
  ],
];

const activationCtorCases: Record<string, BadCase[]> = {
  GELU: [
    bad('approximate "fast"', 'DtypeError', () => new nn.GELU({ approximate: as<'tanh'>('fast') })),
    bad('options null', 'DtypeError', () => new nn.GELU(as<{ approximate: 'tanh' }>(null))),
  ],
  Softplus: [
    bad('beta "1"', 'DtypeError', () => new nn.Softplus({ beta: as<number>('1') })),
    bad('threshold NaN', 'DtypeError', () => new nn.Softplus({ threshold: Number.NaN })),
  ],
  LeakyReLU: [
    bad('negativeSlope "0.1"', 'DtypeError', () => new nn.LeakyReLU(as<number>('0.1'))),
    bad('negativeSlope NaN', 'DtypeError', () => new nn.LeakyReLU(Number.NaN)),
  ],
  Softmax: [
    bad('dim "1"', 'ShapeError', () => new nn.Softmax(as<number>('1'))),
    bad('no dim', 'ShapeError', () => new (nn.Softmax as unknown as new () => nn.Softmax)()),
  ],
  LogSoftmax: [bad('dim 0.5', 'ShapeError', () => new nn.LogSoftmax(0.5))],
  Flatten: [
    bad('startDim "1"', 'ShapeError', () => new nn.Flatten(as<number>('1'))),
    bad('endDim 1.5', 'ShapeError', () => new nn.Flatten(0, 1.5)),
  ],
};

/** Loss modules: name, a constructor call with a reduction, a (input, target) sample. */
const lossModules: [string, (reduction: unknown) => nn.Module, () => [Tensor, Tensor]][] = [
  ['MSELoss', (r) => new nn.MSELoss({ reduction: as<'sum'>(r) }), () => [f64([3]), f64([3], 1)]],
  ['L1Loss', (r) => new nn.L1Loss({ reduction: as<'sum'>(r) }), () => [f64([3]), f64([3], 1)]],
  ['CrossEntropyLoss', (r) => new nn.CrossEntropyLoss({ reduction: as<'sum'>(r) }), () => [f64([2, 3]), i32([0, 2])]],
  ['NLLLoss', (r) => new nn.NLLLoss({ reduction: as<'sum'>(r) }), () => [f64([2, 3]), i32([1, 2])]],
  [
    'BCELoss',
    (r) => new nn.BCELoss({ reduction: as<'sum'>(r) }),
    () => [tensor([0.2, 0.9], { dtype: 'float64' }), tensor([0, 1], { dtype: 'float64' })],
  ],
  [
    'BCEWithLogitsLoss',
    (r) => new nn.BCEWithLogitsLoss({ reduction: as<'sum'>(r) }),
    () => [f64([2]), tensor([0, 1], { dtype: 'float64' })],
  ],
];

const functionalNames: Record<string, string> = {
  MSELoss: 'mseLoss',
  L1Loss: 'l1Loss',
  CrossEntropyLoss: 'crossEntropy',
  NLLLoss: 'nllLoss',
  BCELoss: 'binaryCrossEntropy',
  BCEWithLogitsLoss: 'binaryCrossEntropyWithLogits',
};

const table: Table = {
  // ---------------------------------------------------------------- Module
  'nn.Module': {
    ok: () => model(),
    bad: [],
    noBadInput: 'the abstract base class: its constructor takes no arguments',
  },
  'nn.Module#namedChildren': { ok: (t) => t(model()).namedChildren(), bad: [], noBadInput: 'takes no arguments' },
  'nn.Module#children': { ok: (t) => t(model()).children(), bad: [], noBadInput: 'takes no arguments' },
  'nn.Module#namedModules': { ok: (t) => t(model()).namedModules(), bad: [], noBadInput: 'takes no arguments' },
  'nn.Module#modules': { ok: (t) => t(model()).modules(), bad: [], noBadInput: 'takes no arguments' },
  'nn.Module#namedParameters': { ok: (t) => t(model()).namedParameters(), bad: [], noBadInput: 'takes no arguments' },
  'nn.Module#parameters': { ok: (t) => t(model()).parameters(), bad: [], noBadInput: 'takes no arguments' },
  'nn.Module#stateDict': { ok: (t) => t(model()).stateDict(), bad: [], noBadInput: 'takes no arguments' },
  'nn.Module#loadStateDict': {
    ok: (t) => model().loadStateDict(t(model().stateDict()), { strict: true }),
    bad: moduleLoadCases(),
  },
  'nn.Module#train': {
    ok: () => model().train(false),
    bad: [
      bad(
        'mode "false" (a truthy string)',
        'DtypeError',
        (t) => t(model()).train(as<boolean>('false')),
        'nn.Module.train',
      ),
    ],
  },
  'nn.Module#eval': { ok: () => model().eval(), bad: [], noBadInput: 'takes no arguments' },
  'nn.Module#zeroGrad': { ok: () => trained().zeroGrad(), bad: [], noBadInput: 'takes no arguments' },
  // ---------------------------------------------------------------- layers
  'nn.Linear': {
    ok: () => new nn.Linear(0, 2, { bias: false, dtype: 'complex64' }),
    bad: [
      bad('inFeatures -1', 'ShapeError', () => new nn.Linear(-1, 2)),
      bad('inFeatures 2.5', 'ShapeError', () => new nn.Linear(2.5, 2)),
      bad('outFeatures "3"', 'ShapeError', () => new nn.Linear(2, as<number>('3'))),
      bad('outFeatures NaN', 'ShapeError', () => new nn.Linear(2, Number.NaN)),
      bad('a parameter count of 1e12 (overflow)', 'ShapeError', () => new nn.Linear(1e6, 1e6)),
      bad('dtype int32', 'DtypeError', () => new nn.Linear(2, 2, { dtype: 'int32' })),
      bad('dtype "half"', 'DtypeError', () => new nn.Linear(2, 2, { dtype: as<'float32'>('half') })),
      bad('bias "yes"', 'DtypeError', () => new nn.Linear(2, 2, { bias: as<boolean>('yes') })),
      bad('options null', 'DtypeError', () => new nn.Linear(2, 2, as<nn.LinearOptions>(null))),
    ],
  },
  'nn.Linear#forward': {
    ok: (t) => new nn.Linear(3, 2, { dtype: 'float64' }).forward(t(f64([4, 3]))),
    bad: [
      bad('an input whose last dim is not inFeatures', 'ShapeError', (t) =>
        new nn.Linear(3, 2).forward(t(f32([4, 2]))),
      ),
      bad('a 0-d input', 'ShapeError', (t) => new nn.Linear(1, 2).forward(t(f32([])))),
      bad('an input that is not a tensor', 'DtypeError', () => new nn.Linear(3, 2).forward(as<Tensor>([[1, 2, 3]]))),
    ],
  },
  'nn.Sequential': {
    ok: () => new nn.Sequential(),
    bad: [
      bad(
        'an argument that is not a module',
        'DtypeError',
        () =>
          new nn.Sequential(
            new nn.ReLU(),
            as<nn.Module>((x: Tensor) => x),
          ),
      ),
      bad('a tensor argument', 'DtypeError', () => new nn.Sequential(as<nn.Module>(f64()))),
    ],
  },
  'nn.Sequential#length': { ok: () => model().length, bad: [], noBadInput: 'a read-only property' },
  'nn.Sequential#at': {
    ok: () => model().at(-1),
    bad: [
      bad('index 3 of 3 modules', 'ShapeError', () => model().at(3)),
      bad('index -4', 'ShapeError', () => model().at(-4)),
      bad('index 0.5', 'ShapeError', () => model().at(0.5)),
      bad('index "0"', 'ShapeError', () => model().at(as<number>('0'))),
    ],
  },
  'nn.Sequential#forward': {
    ok: (t) => model().forward(t(f64([5, 2]))),
    bad: [
      bad(
        'an input of the wrong width (names the failing layer)',
        'ShapeError',
        (t) => model().forward(t(f64([5, 3]))),
        'nn.Linear.forward',
      ),
      bad('an input that is not a tensor', 'DtypeError', () => model().forward(as<Tensor>(1)), 'nn.Linear.forward'),
    ],
  },
  'nn.Dropout': {
    ok: () => new nn.Dropout(0),
    bad: [
      bad('p 1.5', 'DtypeError', () => new nn.Dropout(1.5)),
      bad('p -0.1', 'DtypeError', () => new nn.Dropout(-0.1)),
      bad('p NaN', 'DtypeError', () => new nn.Dropout(Number.NaN)),
      bad('p "0.5"', 'DtypeError', () => new nn.Dropout(as<number>('0.5'))),
    ],
  },
  'nn.Dropout#forward': {
    ok: (t) => new nn.Dropout(0.5).forward(t(f64())),
    bad: [
      bad('an int32 input', 'DtypeError', (t) => new nn.Dropout().forward(t(i32([1, 2]))), 'nn.functional.dropout'),
      bad(
        'an input that is not a tensor',
        'DtypeError',
        () => new nn.Dropout().forward(as<Tensor>(1)),
        'nn.functional.dropout',
      ),
    ],
  },
  ...Object.fromEntries(
    activationModules.flatMap(([name, make, extra]): [string, Row][] => [
      [
        `nn.${name}`,
        {
          ok: () => make(),
          bad: activationCtorCases[name] ?? [],
          noBadInput: activationCtorCases[name] ? undefined : 'its constructor takes no arguments',
        },
      ],
      [
        `nn.${name}#forward`,
        {
          ok: (t) => make().forward(t(f64())),
          bad: [
            ...(name === 'Identity'
              ? []
              : [
                  bad(
                    'an input that is not a tensor',
                    'DtypeError',
                    () => make().forward(as<Tensor>([1, 2])),
                    name === 'Flatten' ? 'flatten' : undefined,
                  ),
                ].map((c) => ({
                  ...c,
                  op:
                    c.op ??
                    {
                      ReLU: 'nn.functional.relu',
                      Tanh: 'tanh',
                      Sigmoid: 'sigmoid',
                      SiLU: 'nn.functional.silu',
                      GELU: 'nn.functional.gelu',
                      Softplus: 'softplus',
                      LeakyReLU: 'nn.functional.leakyRelu',
                      Softmax: 'softmax',
                      LogSoftmax: 'logSoftmax',
                    }[name],
                }))),
            ...extra,
          ],
          noBadInput: name === 'Identity' ? 'returns its input, whatever it is' : undefined,
        },
      ],
    ]),
  ),
  ...Object.fromEntries(
    lossModules.flatMap(([name, make, sample]): [string, Row][] => {
      // Every loss module takes (input, target).
      const forward = (m: nn.Module, x: Tensor, y: Tensor) =>
        (m as unknown as { forward(x: Tensor, y: Tensor): Tensor }).forward(x, y);
      const fnOp = `nn.functional.${functionalNames[name]}`;
      return [
        [
          `nn.${name}`,
          {
            ok: () => make('sum'),
            bad: [
              bad('reduction "avg"', 'DtypeError', () => make('avg')),
              bad('reduction 0', 'DtypeError', () => make(0)),
              ...(name === 'CrossEntropyLoss'
                ? [bad('labelSmoothing 2', 'DtypeError', () => new nn.CrossEntropyLoss({ labelSmoothing: 2 }))]
                : []),
            ],
          },
        ],
        [
          `nn.${name}#forward`,
          {
            ok: (t) => {
              const [x, y] = sample();
              return forward(make('mean'), t(x), t(y));
            },
            bad: [
              bad(
                'input that is not a tensor',
                'DtypeError',
                (t) => forward(make('mean'), as<Tensor>(1), t(sample()[1])),
                fnOp,
              ),
              bad('an int32 input', 'DtypeError', (t) => forward(make('mean'), t(i32([1, 2])), t(sample()[1])), fnOp),
            ],
          },
        ],
      ];
    }),
  ),
  // ---------------------------------------------------------------- nn.functional (the core activations are the core functions)
  'nn.functional.linear': {
    ok: (t) => F.linear(t(f64([4, 3])), t(f64([2, 3])), t(f64([2]))),
    bad: [
      bad('a 1-D weight', 'ShapeError', (t) => F.linear(t(f64([4, 3])), t(f64([3])))),
      bad('an input of the wrong width', 'ShapeError', (t) => F.linear(t(f64([4, 2])), t(f64([2, 3])))),
      bad('a bias of the wrong size', 'ShapeError', (t) => F.linear(t(f64([4, 3])), t(f64([2, 3])), t(f64([3])))),
      bad('a bias that is not a tensor', 'DtypeError', (t) =>
        F.linear(t(f64([4, 3])), t(f64([2, 3])), as<Tensor>([1, 2])),
      ),
      bad('a weight that is not a tensor', 'DtypeError', (t) => F.linear(t(f64([4, 3])), as<Tensor>(2))),
    ],
  },
  'nn.functional.dropout': {
    ok: (t) => F.dropout(t(f64()), { p: 0.3 }),
    bad: [
      bad('p 2', 'DtypeError', (t) => F.dropout(t(f64()), { p: 2 })),
      bad('p "0.1"', 'DtypeError', (t) => F.dropout(t(f64()), { p: as<number>('0.1') })),
      bad('training "false" (a truthy string)', 'DtypeError', (t) =>
        F.dropout(t(f64()), { training: as<boolean>('false') }),
      ),
      bad('options null', 'DtypeError', (t) => F.dropout(t(f64()), as<nn.DropoutOptions>(null))),
      bad('a bool input', 'DtypeError', (t) => F.dropout(t(bool()))),
    ],
  },
  'nn.functional.leakyRelu': {
    ok: (t) => F.leakyRelu(t(f64()), 0.2),
    bad: [
      bad('an input that is not a tensor', 'DtypeError', () => F.leakyRelu(as<Tensor>(1))),
      bad('negativeSlope "0.2"', 'DtypeError', (t) => F.leakyRelu(t(f64()), as<number>('0.2'))),
      bad('a complex input', 'DtypeError', (t) => F.leakyRelu(t(c128()))),
    ],
  },
  'nn.functional.silu': {
    ok: (t) => F.silu(t(f64())),
    bad: [bad('an input that is not a tensor', 'DtypeError', () => F.silu(as<Tensor>('x')))],
  },
  'nn.functional.mseLoss': {
    ok: (t) => F.mseLoss(t(f64([3])), t(f64([3], 2))),
    bad: elementwiseLossCases((x, y, r) => F.mseLoss(x, y, { reduction: as<'sum'>(r) }), 'nn.functional.mseLoss'),
  },
  'nn.functional.l1Loss': {
    ok: (t) => F.l1Loss(t(f64([3])), t(f64([3], 2)), { reduction: 'none' }),
    bad: elementwiseLossCases((x, y, r) => F.l1Loss(x, y, { reduction: as<'sum'>(r) }), 'nn.functional.l1Loss'),
  },
  'nn.functional.crossEntropy': {
    ok: (t) => F.crossEntropy(t(f64([2, 3])), t(i32([2, 0])), { labelSmoothing: 0.1 }),
    bad: [
      bad('a class index out of bounds', 'ShapeError', (t) => F.crossEntropy(t(f64([2, 3])), t(i32([0, 3])))),
      bad('a negative class index', 'ShapeError', (t) => F.crossEntropy(t(f64([2, 3])), t(i32([-1, 0])))),
      bad('class indices of the wrong shape', 'ShapeError', (t) => F.crossEntropy(t(f64([2, 3])), t(i32([0])))),
      bad('probabilities of the wrong shape', 'ShapeError', (t) => F.crossEntropy(t(f64([2, 3])), t(f64([2, 2])))),
      bad('a bool target', 'DtypeError', (t) => F.crossEntropy(t(f64([2, 3])), t(bool([true, false])))),
      bad('a target that is not a tensor', 'DtypeError', (t) => F.crossEntropy(t(f64([2, 3])), as<Tensor>([0, 1]))),
      bad('0-d logits', 'ShapeError', (t) => F.crossEntropy(t(f64([])), t(i32(0)))),
      bad('labelSmoothing 1.5', 'DtypeError', (t) =>
        F.crossEntropy(t(f64([2, 3])), t(i32([0, 1])), { labelSmoothing: 1.5 }),
      ),
      bad('labelSmoothing NaN', 'DtypeError', (t) =>
        F.crossEntropy(t(f64([2, 3])), t(i32([0, 1])), { labelSmoothing: Number.NaN }),
      ),
      bad('reduction "avg"', 'DtypeError', (t) =>
        F.crossEntropy(t(f64([2, 3])), t(i32([0, 1])), { reduction: as<'sum'>('avg') }),
      ),
      bad('int32 logits', 'DtypeError', (t) => F.crossEntropy(t(i32([[1, 2]])), t(i32([0])))),
    ],
  },
  'nn.functional.nllLoss': {
    ok: (t) => F.nllLoss(t(f64([2, 3])), t(i32([2, 0]))),
    bad: [
      bad('a class index out of bounds', 'ShapeError', (t) => F.nllLoss(t(f64([2, 3])), t(i32([0, 5])))),
      bad('a float target', 'DtypeError', (t) => F.nllLoss(t(f64([2, 3])), t(f64([2])))),
      bad('0-d input', 'ShapeError', (t) => F.nllLoss(t(f64([])), t(i32(0)))),
      bad('reduction 1', 'DtypeError', (t) => F.nllLoss(t(f64([2, 3])), t(i32([0, 1])), { reduction: as<'sum'>(1) })),
    ],
  },
  'nn.functional.binaryCrossEntropy': {
    ok: (t) => F.binaryCrossEntropy(t(tensor([0.3, 1], { dtype: 'float64' })), t(tensor([0, 1], { dtype: 'float64' }))),
    bad: [
      ...elementwiseLossCases(
        (x, y, r) => F.binaryCrossEntropy(x, y, { reduction: as<'sum'>(r) }),
        'nn.functional.binaryCrossEntropy',
      ),
      bad('a probability above 1', 'DtypeError', (t) =>
        F.binaryCrossEntropy(t(tensor([1.5], { dtype: 'float64' })), t(tensor([1], { dtype: 'float64' }))),
      ),
      bad('a NaN probability', 'DtypeError', (t) =>
        F.binaryCrossEntropy(t(tensor([Number.NaN], { dtype: 'float64' })), t(tensor([1], { dtype: 'float64' }))),
      ),
    ],
  },
  'nn.functional.binaryCrossEntropyWithLogits': {
    ok: (t) =>
      F.binaryCrossEntropyWithLogits(t(f64([3])), t(f64([3]).abs().clamp(0, 1)), { posWeight: t(f64([3]).abs()) }),
    bad: [
      ...elementwiseLossCases(
        (x, y, r) => F.binaryCrossEntropyWithLogits(x, y, { reduction: as<'sum'>(r) }),
        'nn.functional.binaryCrossEntropyWithLogits',
      ),
      bad('posWeight "2"', 'DtypeError', (t) =>
        F.binaryCrossEntropyWithLogits(t(f64([3])), t(f64([3])), { posWeight: as<number>('2') }),
      ),
      bad('a complex posWeight', 'DtypeError', (t) =>
        F.binaryCrossEntropyWithLogits(t(f64([3])), t(f64([3])), { posWeight: t(c128([3])) }),
      ),
      bad('a posWeight that does not broadcast', 'ShapeError', (t) =>
        F.binaryCrossEntropyWithLogits(t(f64([3])), t(f64([3])), { posWeight: t(f64([2])) }),
      ),
    ],
  },
  'nn.serializeTensor': {
    ok: (t) => nn.serializeTensor(t(c128())),
    bad: [bad('a value that is not a tensor', 'DtypeError', () => nn.serializeTensor(as<Tensor>([1, 2])))],
  },
  'nn.deserializeTensor': {
    ok: (t) => nn.deserializeTensor(t({ dtype: 'float64', shape: [2], data: [1, 'NaN'] })),
    bad: [
      bad('null', 'DtypeError', () => nn.deserializeTensor(null)),
      bad('an unknown dtype', 'DtypeError', () => nn.deserializeTensor({ dtype: 'float16', shape: [1], data: [1] })),
      bad('a negative shape', 'ShapeError', () => nn.deserializeTensor({ dtype: 'float64', shape: [-1], data: [] })),
      bad('a shape of 1e12 elements', 'ShapeError', () =>
        nn.deserializeTensor({ dtype: 'float64', shape: [1e6, 1e6], data: [] }),
      ),
      bad('data of the wrong length', 'ShapeError', () =>
        nn.deserializeTensor({ dtype: 'float64', shape: [2], data: [1] }),
      ),
      bad('a string value', 'DtypeError', () => nn.deserializeTensor({ dtype: 'float64', shape: [1], data: ['1'] })),
      bad('a fractional int32 value', 'DtypeError', () =>
        nn.deserializeTensor({ dtype: 'int32', shape: [1], data: [1.5] }),
      ),
      bad('a bool value 2', 'DtypeError', () => nn.deserializeTensor({ dtype: 'bool', shape: [1], data: [2] })),
      bad('fields only on the prototype', 'DtypeError', () =>
        nn.deserializeTensor(Object.create({ dtype: 'float64', shape: [1], data: [1] })),
      ),
    ],
  },
};

export default table;
