/**
 * Rows of the extra activations, distances and losses (activation-functions.ts, activation-layers.ts, distance.ts,
 * robust-losses.ts, likelihood-losses.ts, margin-losses.ts): the functional forms, the modules' constructors and
 * their forward methods.
 */
import type { Tensor } from 'tapegrad';
import { nn, optim, tensor } from 'tapegrad';
import { as, type BadCase, bad, c128, f32, f64, i32, type Row, type Table } from './types';

const F = nn.functional;

/** The bad inputs every pointwise activation refuses: not a tensor, int32, complex. */
function activationCases(call: (x: Tensor) => unknown, op: string): BadCase[] {
  return [
    bad('not a tensor', 'DtypeError', () => call(as<Tensor>([1, 2])), op),
    bad('an int32 input', 'DtypeError', (t) => call(t(i32([1, 2]))), op),
    bad('a complex input', 'DtypeError', (t) => call(t(c128())), op),
  ];
}

/** [functional name, call, extra bad cases]. */
const activations: [string, (x: Tensor) => Tensor, BadCase[]][] = [
  ['elu', (x) => F.elu(x), [bad('alpha "1"', 'DtypeError', (t) => F.elu(t(f32()), as<number>('1')))]],
  ['selu', (x) => F.selu(x), []],
  [
    'celu',
    (x) => F.celu(x, 2),
    [
      bad('alpha 0', 'DtypeError', (t) => F.celu(t(f32()), 0)),
      bad('alpha NaN', 'DtypeError', (t) => F.celu(t(f32()), Number.NaN)),
    ],
  ],
  [
    'hardtanh',
    (x) => F.hardtanh(x, -2, 2),
    [
      bad('minVal > maxVal', 'DtypeError', (t) => F.hardtanh(t(f32()), 2, 1)),
      bad('maxVal "1"', 'DtypeError', (t) => F.hardtanh(t(f32()), -1, as<number>('1'))),
    ],
  ],
  ['relu6', (x) => F.relu6(x), []],
  ['hardsigmoid', (x) => F.hardsigmoid(x), []],
  ['hardswish', (x) => F.hardswish(x), []],
  ['mish', (x) => F.mish(x), []],
  ['softsign', (x) => F.softsign(x), []],
  ['tanhshrink', (x) => F.tanhshrink(x), []],
  ['hardshrink', (x) => F.hardshrink(x), [bad('lambd −1', 'DtypeError', (t) => F.hardshrink(t(f32()), -1))]],
  [
    'softshrink',
    (x) => F.softshrink(x, 1),
    [bad('lambd NaN', 'DtypeError', (t) => F.softshrink(t(f32()), Number.NaN))],
  ],
  [
    'threshold',
    (x) => F.threshold(x, 0.5, -1),
    [
      bad('threshold NaN', 'DtypeError', (t) => F.threshold(t(f32()), Number.NaN, 0)),
      bad('value "0"', 'DtypeError', (t) => F.threshold(t(f32()), 0, as<number>('0'))),
    ],
  ],
  ['softmin', (x) => F.softmin(x, 1), [bad('dim 2 of a 2-D input', 'ShapeError', (t) => F.softmin(t(f32()), 2))]],
  [
    'glu',
    (x) => F.glu(x, 0),
    [
      bad('an odd size along dim', 'ShapeError', (t) => F.glu(t(f32([2, 3])), -1)),
      bad('a scalar input', 'ShapeError', (t) => F.glu(t(f32([])))),
      bad('dim 5', 'ShapeError', (t) => F.glu(t(f32([2, 2])), 5)),
    ],
  ],
];

/** [module name, constructor call, constructor bad cases, functional name its forward errors start with]. */
const activationModules: [string, () => { forward(x: Tensor): Tensor }, BadCase[], string][] = [
  [
    'ELU',
    () => new nn.ELU(0.5),
    [bad('alpha Infinity', 'DtypeError', () => new nn.ELU(Number.POSITIVE_INFINITY))],
    'elu',
  ],
  ['CELU', () => new nn.CELU(), [bad('alpha 0', 'DtypeError', () => new nn.CELU(0))], 'celu'],
  ['SELU', () => new nn.SELU(), [], 'selu'],
  [
    'Hardtanh',
    () => new nn.Hardtanh(-3, 3),
    [bad('minVal > maxVal', 'DtypeError', () => new nn.Hardtanh(1, -1))],
    'hardtanh',
  ],
  ['ReLU6', () => new nn.ReLU6(), [], 'relu6'],
  ['Hardsigmoid', () => new nn.Hardsigmoid(), [], 'hardsigmoid'],
  ['Hardswish', () => new nn.Hardswish(), [], 'hardswish'],
  ['Mish', () => new nn.Mish(), [], 'mish'],
  ['Softsign', () => new nn.Softsign(), [], 'softsign'],
  ['Tanhshrink', () => new nn.Tanhshrink(), [], 'tanhshrink'],
  [
    'Hardshrink',
    () => new nn.Hardshrink(),
    [bad('lambd −0.5', 'DtypeError', () => new nn.Hardshrink(-0.5))],
    'hardshrink',
  ],
  [
    'Softshrink',
    () => new nn.Softshrink(),
    [bad('lambd "1"', 'DtypeError', () => new nn.Softshrink(as<number>('1')))],
    'softshrink',
  ],
  [
    'Threshold',
    () => new nn.Threshold(0, 1),
    [bad('no value', 'DtypeError', () => new (nn.Threshold as unknown as new (t: number) => nn.Threshold)(0))],
    'threshold',
  ],
  ['Softmin', () => new nn.Softmin(0), [bad('dim 0.5', 'ShapeError', () => new nn.Softmin(0.5))], 'softmin'],
  ['GLU', () => new nn.GLU(), [bad('dim "0"', 'ShapeError', () => new nn.GLU(as<number>('0')))], 'glu'],
];

const noArguments = 'the constructor takes no arguments';

const table: Table = {
  ...Object.fromEntries(
    activations.map(([name, call, extra]): [string, Row] => {
      const op = `nn.functional.${name}`;
      return [op, { ok: (t) => call(t(f32([2, 4]))), bad: [...activationCases(call, op), ...extra] }];
    }),
  ),
  ...Object.fromEntries(
    activationModules.flatMap(([name, make, ctorBad]): [string, Row][] => [
      [`nn.${name}`, { ok: make, bad: ctorBad, noBadInput: ctorBad.length === 0 ? noArguments : undefined }],
    ]),
  ),
  // forward of every settings-free activation module is one inherited member, listed under the first class.
  'nn.CELU#forward': {
    ok: (t) => new nn.CELU().forward(t(f32())),
    bad: activationModules.flatMap(([name, make, , fn]) =>
      activationCases((x) => make().forward(x), `nn.functional.${fn}`).map((c) => ({
        ...c,
        what: `${name}: ${c.what}`,
      })),
    ),
  },
  'nn.functional.prelu': {
    ok: (t) => F.prelu(t(f32([2, 3, 4])), t(tensor([0.1, 0.2, 0.3]))),
    bad: [
      ...activationCases((x) => F.prelu(x, tensor([0.25])), 'nn.functional.prelu'),
      bad('a weight per channel of the wrong count', 'ShapeError', (t) => F.prelu(t(f32([2, 3])), t(tensor([1, 2])))),
      bad('a float64 weight for float32 input', 'DtypeError', (t) => F.prelu(t(f32()), t(f64([1])))),
      bad('a 2-D weight', 'ShapeError', (t) => F.prelu(t(f32()), t(f32([1, 1])))),
    ],
  },
  'nn.PReLU': {
    ok: () => new nn.PReLU(3, 0.1, { dtype: 'float64' }),
    bad: [
      bad('numParameters 0', 'DtypeError', () => new nn.PReLU(0)),
      bad('init "0.25"', 'DtypeError', () => new nn.PReLU(1, as<number>('0.25'))),
      bad('dtype complex64', 'DtypeError', () => new nn.PReLU(1, 0.25, { dtype: 'complex64' })),
      bad('dtype int32', 'DtypeError', () => new nn.PReLU(1, 0.25, { dtype: 'int32' })),
    ],
  },
  'nn.PReLU#forward': {
    ok: (t) => new nn.PReLU(3).forward(t(f32([2, 3]))),
    bad: [
      bad('float64 input to a float32 module', 'DtypeError', (t) => new nn.PReLU().forward(t(f64()))),
      bad(
        'channels other than numParameters',
        'ShapeError',
        (t) => new nn.PReLU(4).forward(t(f32([2, 3]))),
        'nn.functional.prelu',
      ),
      bad('not a tensor', 'DtypeError', () => new nn.PReLU().forward(as<Tensor>(1))),
    ],
  },
  // ---------------------------------------------------------------- distances
  'nn.functional.normalize': {
    ok: (t) => F.normalize(t(f32()), { p: 1, dim: -1 }),
    bad: [
      bad('dim 2 of a 2-D input', 'ShapeError', (t) => F.normalize(t(f32()), { dim: 2 })),
      bad('p −1', 'DtypeError', (t) => F.normalize(t(f32()), { p: -1 })),
      bad('eps −1', 'DtypeError', (t) => F.normalize(t(f32()), { eps: -1 })),
      bad('an int32 input', 'DtypeError', (t) => F.normalize(t(i32([[1, 2]])))),
    ],
  },
  'nn.functional.cosineSimilarity': {
    ok: (t) => F.cosineSimilarity(t(f32([2, 3])), t(f32([1, 3])), { dim: -1 }),
    bad: [
      bad('shapes that do not broadcast', 'ShapeError', (t) => F.cosineSimilarity(t(f32([2, 3])), t(f32([3, 2])))),
      bad('mixed dtypes', 'DtypeError', (t) => F.cosineSimilarity(t(f32()), t(f64()))),
      bad('eps NaN', 'DtypeError', (t) => F.cosineSimilarity(t(f32()), t(f32()), { eps: Number.NaN })),
      bad('x2 not a tensor', 'DtypeError', (t) => F.cosineSimilarity(t(f32()), as<Tensor>([1]))),
    ],
  },
  'nn.functional.pairwiseDistance': {
    ok: (t) => F.pairwiseDistance(t(f32([2, 3])), t(f32([2, 3])), { p: 1, keepdim: true }),
    bad: [
      bad('shapes that do not broadcast', 'ShapeError', (t) => F.pairwiseDistance(t(f32([2, 3])), t(f32([2, 2])))),
      bad('two scalars', 'ShapeError', (t) => F.pairwiseDistance(t(f32([])), t(f32([])))),
      bad('keepdim "yes"', 'DtypeError', (t) =>
        F.pairwiseDistance(t(f32()), t(f32()), { keepdim: as<boolean>('yes') }),
      ),
      bad('p NaN', 'DtypeError', (t) => F.pairwiseDistance(t(f32()), t(f32()), { p: Number.NaN })),
    ],
  },
  'nn.CosineSimilarity': {
    ok: () => new nn.CosineSimilarity({ dim: 0, eps: 1e-6 }),
    bad: [
      bad('dim 0.5', 'ShapeError', () => new nn.CosineSimilarity({ dim: 0.5 })),
      bad('eps −1', 'DtypeError', () => new nn.CosineSimilarity({ eps: -1 })),
    ],
  },
  'nn.CosineSimilarity#forward': {
    ok: (t) => new nn.CosineSimilarity().forward(t(f32()), t(f32())),
    bad: [
      bad('dim 1 of 1-D inputs', 'ShapeError', (t) => new nn.CosineSimilarity().forward(t(f32([3])), t(f32([3])))),
      bad('an int32 input', 'DtypeError', (t) => new nn.CosineSimilarity().forward(t(i32([[1]])), t(f32([1, 1])))),
    ],
  },
  'nn.PairwiseDistance': {
    ok: () => new nn.PairwiseDistance({ p: 3 }),
    bad: [
      bad('p −2', 'DtypeError', () => new nn.PairwiseDistance({ p: -2 })),
      bad('keepdim 1', 'DtypeError', () => new nn.PairwiseDistance({ keepdim: as<boolean>(1) })),
    ],
  },
  'nn.PairwiseDistance#forward': {
    ok: (t) => new nn.PairwiseDistance().forward(t(f32()), t(f32())),
    bad: [
      bad('shapes that do not broadcast', 'ShapeError', (t) =>
        new nn.PairwiseDistance().forward(t(f32([2, 3])), t(f32([3, 3]))),
      ),
      bad('a complex input', 'DtypeError', (t) => new nn.PairwiseDistance().forward(t(c128()), t(c128()))),
    ],
  },
  ...lossRows(),
  ...recurrentRows(),
  ...optimizerRows(),
};

/** Adamax, NAdam, RAdam and Adadelta: bad options (their step is Optimizer#step, which has rows). */
function optimizerRows(): Table {
  const params = () => [f64([2, 2]).requiresGrad_()];
  const exempt = { exempt: 'protected: called by Optimizer#step, which has rows' };
  return {
    'optim.Adamax': {
      ok: () => new optim.Adamax(params(), { betas: [0.8, 0.99], maximize: true }),
      bad: [
        bad('betas [1, 0.9]', 'DtypeError', () => new optim.Adamax(params(), { betas: [1, 0.9] })),
        bad('lr −1', 'DtypeError', () => new optim.Adamax(params(), { lr: -1 })),
        bad('an empty parameter list', 'ShapeError', () => new optim.Adamax([])),
      ],
    },
    'optim.Adamax#update': exempt,
    'optim.NAdam': {
      ok: () => new optim.NAdam(params(), { momentumDecay: 0.01 }),
      bad: [
        bad('momentumDecay −1', 'DtypeError', () => new optim.NAdam(params(), { momentumDecay: -1 })),
        bad('betas "0.9"', 'DtypeError', () => new optim.NAdam(params(), { betas: as<[number, number]>('0.9') })),
      ],
    },
    'optim.NAdam#update': exempt,
    'optim.RAdam': {
      ok: () => new optim.RAdam(params(), { weightDecay: 0.1 }),
      bad: [
        bad('eps NaN', 'DtypeError', () => new optim.RAdam(params(), { eps: Number.NaN })),
        bad('an int32 parameter', 'DtypeError', () => new optim.RAdam([i32([1])])),
      ],
    },
    'optim.RAdam#update': exempt,
    'optim.Adadelta': {
      ok: () => new optim.Adadelta(params(), { rho: 0.5 }),
      bad: [
        bad('rho 1.5', 'DtypeError', () => new optim.Adadelta(params(), { rho: 1.5 })),
        bad('maximize "yes"', 'DtypeError', () => new optim.Adadelta(params(), { maximize: as<boolean>('yes') })),
      ],
    },
    'optim.Adadelta#update': exempt,
  };
}

/** RNN, LSTM and GRU: constructor options, forward input and initial states. */
function recurrentRows(): Table {
  const rows: Table = {};
  const seq = () => f32([5, 2, 3]);
  for (const name of ['RNN', 'LSTM', 'GRU'] as const) {
    const Ctor = nn[name];
    rows[`nn.${name}`] = {
      ok: () => new Ctor(3, 4, { numLayers: 2, bidirectional: true, batchFirst: true, dropout: 0.1 }),
      bad: [
        bad('hiddenSize 0', 'DtypeError', () => new Ctor(3, 0)),
        bad('inputSize 2.5', 'DtypeError', () => new Ctor(2.5, 4)),
        bad('numLayers 0', 'DtypeError', () => new Ctor(3, 4, { numLayers: 0 })),
        bad('dropout 1.5', 'DtypeError', () => new Ctor(3, 4, { dropout: 1.5 })),
        bad('bidirectional "yes"', 'DtypeError', () => new Ctor(3, 4, { bidirectional: as<boolean>('yes') })),
        bad('dtype complex64', 'DtypeError', () => new Ctor(3, 4, { dtype: 'complex64' })),
        bad('a weight of 1e12 elements', 'ShapeError', () => new Ctor(1e6, 1e6)),
      ],
    };
    const forward = (x: Tensor, h?: Tensor) => {
      const m = new Ctor(3, 4);
      return m instanceof nn.LSTM ? m.forward(x, h ? [h, h] : null) : (m as nn.RNN).forward(x, h ?? null);
    };
    rows[`nn.${name}#forward`] = {
      ok: (t) => forward(t(seq()), t(f32([1, 2, 4]))),
      bad: [
        bad('an input of the wrong width', 'ShapeError', (t) => forward(t(f32([5, 2, 2])))),
        bad('a 4-D input', 'ShapeError', (t) => forward(t(f32([5, 2, 3, 1])))),
        bad('an empty sequence', 'ShapeError', (t) => forward(t(f32([0, 2, 3])))),
        bad('an initial state of the wrong shape', 'ShapeError', (t) => forward(t(seq()), t(f32([2, 2, 4])))),
        bad('float64 input to a float32 module', 'DtypeError', (t) => forward(t(f64([5, 2, 3])))),
        bad('not a tensor', 'DtypeError', () => forward(as<Tensor>([[1, 2, 3]]))),
      ],
    };
  }
  rows['nn.RNN'] = {
    ...(rows['nn.RNN'] as Row),
    bad: [
      ...(rows['nn.RNN'] as Row).bad,
      bad('nonlinearity "sigmoid"', 'DtypeError', () => new nn.RNN(3, 4, { nonlinearity: as<'relu'>('sigmoid') })),
    ],
  };
  (rows['nn.LSTM#forward'] as Row).bad.push(
    bad('hx that is not a pair', 'DtypeError', () =>
      new nn.LSTM(3, 4).forward(seq(), as<[Tensor, Tensor]>([f32([1, 2, 4])])),
    ),
  );
  return rows;
}

/** Elementwise-loss bad inputs: shape mismatch, int32, not a tensor, an unknown reduction. */
function pairCases(call: (x: Tensor, y: Tensor, reduction?: unknown) => unknown, op: string): BadCase[] {
  return [
    bad('a target of another shape', 'ShapeError', (t) => call(t(f64([3, 1])), t(f64([3]))), op),
    bad('an int32 input', 'DtypeError', (t) => call(t(i32([1, 2])), t(f64([2]))), op),
    bad('a target that is not a tensor', 'DtypeError', (t) => call(t(f64([2])), as<Tensor>([1, 2])), op),
    bad('reduction "avg"', 'DtypeError', (t) => call(t(f64([2])), t(f64([2])), 'avg'), op),
  ];
}

function r<T>(reduction: unknown): T {
  return as<T>(reduction === undefined ? {} : { reduction });
}
function signs(): Tensor {
  return tensor([1, -1, 1], { dtype: 'float64' });
}

function lossRows(): Table {
  const rows: Table = {
    'nn.functional.smoothL1Loss': {
      ok: (t) => F.smoothL1Loss(t(f64([3])), t(f64([3], 2)), { beta: 0 }),
      bad: [
        ...pairCases((x, y, red) => F.smoothL1Loss(x, y, r(red)), 'nn.functional.smoothL1Loss'),
        bad('beta −1', 'DtypeError', (t) => F.smoothL1Loss(t(f64([2])), t(f64([2])), { beta: -1 })),
      ],
    },
    'nn.functional.huberLoss': {
      ok: (t) => F.huberLoss(t(f64([3])), t(f64([3], 2)), { delta: 0.5 }),
      bad: [
        ...pairCases((x, y, red) => F.huberLoss(x, y, r(red)), 'nn.functional.huberLoss'),
        bad('delta 0', 'DtypeError', (t) => F.huberLoss(t(f64([2])), t(f64([2])), { delta: 0 })),
      ],
    },
    'nn.functional.klDiv': {
      ok: (t) => F.klDiv(t(f64([2, 3])), t(f64([2, 3], 1)), { reduction: 'batchmean', logTarget: true }),
      bad: [
        ...pairCases((x, y, red) => F.klDiv(x, y, r(red)), 'nn.functional.klDiv'),
        bad("'batchmean' of a scalar", 'ShapeError', (t) =>
          F.klDiv(t(f64([])), t(f64([])), { reduction: 'batchmean' }),
        ),
        bad('logTarget "yes"', 'DtypeError', (t) =>
          F.klDiv(t(f64([2])), t(f64([2])), { logTarget: as<boolean>('yes') }),
        ),
      ],
    },
    'nn.functional.poissonNllLoss': {
      ok: (t) => F.poissonNllLoss(t(f64([3])), t(f64([3], 2)), { full: true, logInput: false }),
      bad: [
        ...pairCases((x, y, red) => F.poissonNllLoss(x, y, r(red)), 'nn.functional.poissonNllLoss'),
        bad('eps −1', 'DtypeError', (t) => F.poissonNllLoss(t(f64([2])), t(f64([2])), { eps: -1 })),
      ],
    },
    'nn.functional.gaussianNllLoss': {
      ok: (t) => F.gaussianNllLoss(t(f64([2, 3])), t(f64([2, 3])), t(tensor([1, 2], { dtype: 'float64' }))),
      bad: [
        ...pairCases(
          (x, y, red) => F.gaussianNllLoss(x, y, tensor(1, { dtype: 'float64' }).expand(x.shape), r(red)),
          'nn.functional.gaussianNllLoss',
        ),
        bad('a negative variance', 'DtypeError', (t) =>
          F.gaussianNllLoss(t(f64([2])), t(f64([2])), t(tensor([1, -1], { dtype: 'float64' }))),
        ),
        bad('a variance of the wrong shape', 'ShapeError', (t) =>
          F.gaussianNllLoss(t(f64([2, 3])), t(f64([2, 3])), t(f64([3, 2]))),
        ),
        bad('a variance that is not a tensor', 'DtypeError', (t) =>
          F.gaussianNllLoss(t(f64([2])), t(f64([2])), as<Tensor>(1)),
        ),
      ],
    },
    'nn.functional.softMarginLoss': {
      ok: (t) => F.softMarginLoss(t(f64([3])), t(signs())),
      bad: pairCases((x, y, red) => F.softMarginLoss(x, y, r(red)), 'nn.functional.softMarginLoss'),
    },
    'nn.functional.multilabelSoftMarginLoss': {
      ok: (t) => F.multilabelSoftMarginLoss(t(f64([2, 3])), t(f64([2, 3], 1)), { weight: tensor([1, 2, 3]).double() }),
      bad: [
        ...pairCases((x, y, red) => F.multilabelSoftMarginLoss(x, y, r(red)), 'nn.functional.multilabelSoftMarginLoss'),
        bad('a 3-D input', 'ShapeError', (t) => F.multilabelSoftMarginLoss(t(f64([1, 2, 3])), t(f64([1, 2, 3])))),
        bad('a weight of the wrong size', 'ShapeError', (t) =>
          F.multilabelSoftMarginLoss(t(f64([2, 3])), t(f64([2, 3])), { weight: f64([2]) }),
        ),
      ],
    },
    'nn.functional.marginRankingLoss': {
      ok: (t) => F.marginRankingLoss(t(f64([3])), t(f64([3], 1)), t(signs()), { margin: 0.5 }),
      bad: [
        ...pairCases((x, y, red) => F.marginRankingLoss(x, y, signs(), r(red)), 'nn.functional.marginRankingLoss'),
        bad('a target of another shape', 'ShapeError', (t) =>
          F.marginRankingLoss(t(f64([2])), t(f64([2])), t(signs())),
        ),
      ],
    },
    'nn.functional.hingeEmbeddingLoss': {
      ok: (t) => F.hingeEmbeddingLoss(t(f64([3])), t(signs()), { margin: 2 }),
      bad: [
        ...pairCases((x, y, red) => F.hingeEmbeddingLoss(x, y, r(red)), 'nn.functional.hingeEmbeddingLoss'),
        bad('margin "1"', 'DtypeError', (t) =>
          F.hingeEmbeddingLoss(t(f64([3])), t(signs()), { margin: as<number>('1') }),
        ),
      ],
    },
    'nn.functional.cosineEmbeddingLoss': {
      ok: (t) => F.cosineEmbeddingLoss(t(f64([3, 2])), t(f64([3, 2], 1)), t(signs())),
      bad: [
        bad('x2 of another shape', 'ShapeError', (t) =>
          F.cosineEmbeddingLoss(t(f64([3, 2])), t(f64([3, 3])), t(signs())),
        ),
        bad('a target of the wrong length', 'ShapeError', (t) =>
          F.cosineEmbeddingLoss(t(f64([2, 2])), t(f64([2, 2])), t(signs())),
        ),
        bad('3-D inputs', 'ShapeError', (t) => F.cosineEmbeddingLoss(t(f64([1, 3, 2])), t(f64([1, 3, 2])), t(signs()))),
        bad('a target that is not a tensor', 'DtypeError', (t) =>
          F.cosineEmbeddingLoss(t(f64([3, 2])), t(f64([3, 2])), as<Tensor>([1, 1, 1])),
        ),
      ],
    },
    'nn.functional.tripletMarginLoss': {
      ok: (t) => F.tripletMarginLoss(t(f64([2, 3])), t(f64([2, 3], 1)), t(f64([2, 3], 2)), { swap: true }),
      bad: [
        bad('a negative of another shape', 'ShapeError', (t) =>
          F.tripletMarginLoss(t(f64([2, 3])), t(f64([2, 3])), t(f64([3, 3]))),
        ),
        bad('swap "yes"', 'DtypeError', (t) =>
          F.tripletMarginLoss(t(f64([2, 3])), t(f64([2, 3])), t(f64([2, 3])), { swap: as<boolean>('yes') }),
        ),
        bad('an int32 anchor', 'DtypeError', (t) =>
          F.tripletMarginLoss(t(i32([[1, 2]])), t(f64([1, 2])), t(f64([1, 2]))),
        ),
      ],
    },
  };
  const pair = () => [f64([3]), f64([3], 1)] as const;
  const modules: [string, (o: object) => nn.Module, string, (m: nn.Module, red: unknown) => unknown, BadCase[]][] = [
    [
      'SmoothL1Loss',
      (o) => new nn.SmoothL1Loss(o),
      'smoothL1Loss',
      (m) => fwd(m)(...pair()),
      [bad('beta −1', 'DtypeError', () => new nn.SmoothL1Loss({ beta: -1 }))],
    ],
    [
      'HuberLoss',
      (o) => new nn.HuberLoss(o),
      'huberLoss',
      (m) => fwd(m)(...pair()),
      [bad('delta 0', 'DtypeError', () => new nn.HuberLoss({ delta: 0 }))],
    ],
    [
      'KLDivLoss',
      (o) => new nn.KLDivLoss(o),
      'klDiv',
      (m) => fwd(m)(...pair()),
      [bad('logTarget 1', 'DtypeError', () => new nn.KLDivLoss({ logTarget: as<boolean>(1) }))],
    ],
    [
      'PoissonNLLLoss',
      (o) => new nn.PoissonNLLLoss(o),
      'poissonNllLoss',
      (m) => fwd(m)(...pair()),
      [bad('full "no"', 'DtypeError', () => new nn.PoissonNLLLoss({ full: as<boolean>('no') }))],
    ],
    [
      'GaussianNLLLoss',
      (o) => new nn.GaussianNLLLoss(o),
      'gaussianNllLoss',
      (m) => fwd(m)(...pair(), f64([3], 7).abs()),
      [bad('eps −1', 'DtypeError', () => new nn.GaussianNLLLoss({ eps: -1 }))],
    ],
    ['SoftMarginLoss', (o) => new nn.SoftMarginLoss(o), 'softMarginLoss', (m) => fwd(m)(f64([3]), signs()), []],
    [
      'MultiLabelSoftMarginLoss',
      (o) => new nn.MultiLabelSoftMarginLoss(o),
      'multilabelSoftMarginLoss',
      (m) => fwd(m)(...pair()),
      [
        bad(
          'a weight that is not a tensor',
          'DtypeError',
          () => new nn.MultiLabelSoftMarginLoss({ weight: as<Tensor>([1]) }),
        ),
      ],
    ],
    [
      'MarginRankingLoss',
      (o) => new nn.MarginRankingLoss(o),
      'marginRankingLoss',
      (m) => fwd(m)(...pair(), signs()),
      [bad('margin NaN', 'DtypeError', () => new nn.MarginRankingLoss({ margin: Number.NaN }))],
    ],
    [
      'HingeEmbeddingLoss',
      (o) => new nn.HingeEmbeddingLoss(o),
      'hingeEmbeddingLoss',
      (m) => fwd(m)(f64([3]), signs()),
      [],
    ],
    [
      'CosineEmbeddingLoss',
      (o) => new nn.CosineEmbeddingLoss(o),
      'cosineEmbeddingLoss',
      (m) => fwd(m)(f64([3, 2]), f64([3, 2], 1), signs()),
      [],
    ],
    [
      'TripletMarginLoss',
      (o) => new nn.TripletMarginLoss(o),
      'tripletMarginLoss',
      (m) => fwd(m)(f64([2, 3]), f64([2, 3], 1), f64([2, 3], 2)),
      [
        bad('p "2"', 'DtypeError', () => new nn.TripletMarginLoss({ p: as<number>('2') })),
        bad('swap 0', 'DtypeError', () => new nn.TripletMarginLoss({ swap: as<boolean>(0) })),
      ],
    ],
  ];
  for (const [name, make, fn, run, ctorBad] of modules) {
    rows[`nn.${name}`] = {
      ok: () => make({ reduction: 'sum' }),
      bad: [
        bad('reduction "avg"', 'DtypeError', () => make({ reduction: 'avg' })),
        bad('options null', 'DtypeError', () => make(as<object>(null))),
        ...ctorBad,
      ],
    };
    rows[`nn.${name}#forward`] = {
      ok: () => run(make({}), undefined),
      bad: [
        bad(
          'an input that is not a tensor',
          'DtypeError',
          () => fwd(make({}))(as<Tensor>([1, 2]), f64([2]), signs()),
          `nn.functional.${fn}`,
        ),
        bad(
          'an int32 input',
          'DtypeError',
          (t) => fwd(make({}))(t(i32([1, 2, 3])), f64([3]), signs(), f64([3])),
          `nn.functional.${fn}`,
        ),
      ],
    };
  }
  return rows;
}

/** A loss module's forward, callable with any arguments. */
function fwd(m: nn.Module): (...xs: Tensor[]) => Tensor {
  const f = (m as unknown as { forward: (...xs: Tensor[]) => Tensor }).forward;
  return f.bind(m);
}

export default table;
