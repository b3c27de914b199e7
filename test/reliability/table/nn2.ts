/**
 * Rows of the round-2 `nn` surface: containers, buffers and module utilities, nn.init, nn.utils, the new optimizers
 * and schedulers, `data` and the safetensors reader/writer.
 */
import type { Tensor } from 'tapegrad';
import { data, loadSafetensors, nn, optim, safetensorsMetadata, saveSafetensors, tensor } from 'tapegrad';
import { as, bad, f32, f64, i32, type Table } from './types';

type AnyOptimizer = optim.Optimizer<optim.BaseOptions, optim.ParamState>;

const linear = () => new nn.Linear(2, 2, { dtype: 'float64' });
const withGrad = () => {
  const m = linear();
  m.forward(f64([3, 2]))
    .sum()
    .backward();
  return m;
};
const sgd = (): AnyOptimizer => new optim.SGD(linear().parameters(), { lr: 0.1, momentum: 0.9 }) as never;
const dataset = () => new data.TensorDataset(f64([4, 2]), i32([0, 1, 2, 3]));
const list = () => new nn.ModuleList([linear(), new nn.ReLU()]);
const dict = () => new nn.ModuleDict({ a: linear(), b: new nn.ReLU() });
const file = () => saveSafetensors({ w: f64([2, 2]) }, { note: 'x' });
const noArgs = 'takes no arguments';

const table: Table = {
  // ---------------------------------------------------------------- Module utilities
  'nn.Module#namedBuffers': { ok: (t) => t(linear()).namedBuffers(), bad: [], noBadInput: noArgs },
  'nn.Module#buffers': { ok: (t) => t(linear()).buffers(), bad: [], noBadInput: noArgs },
  'nn.Module#registerBuffer': {
    ok: () => linear().registerBuffer('extra', f64([2])),
    bad: [
      bad('a name with a dot', 'DtypeError', (t) => t(linear()).registerBuffer('a.b', f64([2]))),
      bad('a name shadowing a method', 'DtypeError', (t) => t(linear()).registerBuffer('forward', f64([2]))),
      bad('a name of a parameter', 'DtypeError', (t) => t(linear()).registerBuffer('weight', f64([2]))),
      bad('a non-tensor', 'DtypeError', (t) => t(linear()).registerBuffer('x', as<Tensor>([1, 2]))),
      bad('a non-leaf', 'DtypeError', (t) => t(linear()).registerBuffer('x', f64([2]).requiresGrad_().mul(2))),
      bad('persistent "yes"', 'DtypeError', (t) =>
        t(linear()).registerBuffer('x', f64([2]), { persistent: as<boolean>('yes') }),
      ),
      bad('an unknown option', 'DtypeError', (t) =>
        t(linear()).registerBuffer('x', f64([2]), as<{ persistent: boolean }>({ persist: true })),
      ),
    ],
  },
  'nn.Module#apply': {
    ok: () => linear().apply(() => undefined),
    bad: [bad('not a function', 'DtypeError', (t) => t(linear()).apply(as<() => void>(5)))],
  },
  'nn.Module#to': {
    ok: () => linear().to('float32'),
    bad: [
      bad('int32', 'DtypeError', (t) => t(linear()).to('int32')),
      bad('an unknown dtype', 'DtypeError', (t) => t(linear()).to(as<'float32'>('float16'))),
    ],
  },
  'nn.Module#requiresGrad_': {
    ok: () => linear().requiresGrad_(false),
    bad: [bad('a string flag', 'DtypeError', (t) => t(linear()).requiresGrad_(as<boolean>('false')))],
  },
  'nn.Parameter': {
    ok: (t) => nn.Parameter(t(f64([2]))),
    bad: [
      bad('a number', 'DtypeError', () => nn.Parameter(as<Tensor>(3))),
      bad('an int32 tensor', 'DtypeError', (t) => nn.Parameter(t(i32([1, 2])))),
      bad('requiresGrad "no"', 'DtypeError', (t) => nn.Parameter(t(f64([2])), as<boolean>('no'))),
    ],
  },
  // ---------------------------------------------------------------- containers
  'nn.ModuleList': {
    ok: () => list(),
    bad: [
      bad('a non-module item', 'DtypeError', () => new nn.ModuleList(as<nn.Module[]>([linear(), 5]))),
      bad('not iterable', 'DtypeError', () => new nn.ModuleList(as<nn.Module[]>(5))),
    ],
  },
  'nn.ModuleList#length': { ok: (t) => t(list()).length, bad: [], noBadInput: 'a getter' },
  'nn.ModuleList#at': {
    ok: (t) => t(list()).at(-1),
    bad: [
      bad('index out of range', 'ShapeError', (t) => t(list()).at(2)),
      bad('index 0.5', 'ShapeError', (t) => t(list()).at(0.5)),
    ],
  },
  'nn.ModuleList#append': {
    ok: () => list().append(new nn.Tanh()),
    bad: [bad('a tensor', 'DtypeError', (t) => t(list()).append(as<nn.Module>(f64())))],
  },
  'nn.ModuleList#extend': {
    ok: () => list().extend([new nn.Tanh()]),
    bad: [bad('a non-module', 'DtypeError', (t) => t(list()).extend(as<nn.Module[]>([null])))],
  },
  'nn.ModuleList#forward': {
    bad: [bad('any call', 'DtypeError', (t) => t(list()).forward())],
  },
  'nn.ModuleDict': {
    ok: () => dict(),
    bad: [
      bad('a key with a dot', 'DtypeError', () => new nn.ModuleDict({ 'a.b': linear() }), 'nn.ModuleDict.set'),
      bad(
        'a non-module value',
        'DtypeError',
        () => new nn.ModuleDict(as<Record<string, nn.Module>>({ a: 1 })),
        'nn.ModuleDict.set',
      ),
      bad('null', 'DtypeError', () => new nn.ModuleDict(as<Record<string, nn.Module>>(null))),
    ],
  },
  'nn.ModuleDict#set': {
    ok: () => dict().set('c', new nn.Tanh()),
    bad: [
      bad('a key shadowing a member', 'DtypeError', (t) => t(dict()).set('forward', new nn.Tanh())),
      bad('an empty key', 'DtypeError', (t) => t(dict()).set('', new nn.Tanh())),
    ],
  },
  'nn.ModuleDict#get': {
    ok: (t) => t(dict()).get('a'),
    bad: [bad('an absent key', 'ShapeError', (t) => t(dict()).get('zz'))],
  },
  'nn.ModuleDict#has': { ok: (t) => t(dict()).has('a'), bad: [], noBadInput: 'any value is a valid question' },
  'nn.ModuleDict#pop': {
    ok: () => dict().pop('a'),
    bad: [bad('an absent key', 'ShapeError', (t) => t(dict()).pop('zz'), 'nn.ModuleDict.get')],
  },
  'nn.ModuleDict#keys': { ok: (t) => t(dict()).keys(), bad: [], noBadInput: noArgs },
  'nn.ModuleDict#values': { ok: (t) => t(dict()).values(), bad: [], noBadInput: noArgs },
  'nn.ModuleDict#entries': { ok: (t) => t(dict()).entries(), bad: [], noBadInput: noArgs },
  'nn.ModuleDict#size': { ok: (t) => t(dict()).size, bad: [], noBadInput: 'a getter' },
  'nn.ModuleDict#forward': { bad: [bad('any call', 'DtypeError', (t) => t(dict()).forward())] },
  // ---------------------------------------------------------------- nn.init
  'nn.init.calculateGain': {
    ok: () => nn.init.calculateGain('leaky_relu', 0.2),
    bad: [
      bad('an unknown nonlinearity', 'DtypeError', () => nn.init.calculateGain(as<'relu'>('swish'))),
      bad('a NaN slope', 'DtypeError', () => nn.init.calculateGain('leaky_relu', Number.NaN)),
    ],
  },
  'nn.init.calculateFanInAndFanOut': {
    ok: (t) => nn.init.calculateFanInAndFanOut(t(f64([3, 2]))),
    bad: [
      bad('a vector', 'ShapeError', (t) => nn.init.calculateFanInAndFanOut(t(f64([3])))),
      bad('a number', 'DtypeError', () => nn.init.calculateFanInAndFanOut(as<Tensor>(3))),
    ],
  },
  'nn.init.uniform_': {
    ok: () => nn.init.uniform_(f64(), -1, 1),
    bad: [
      bad('a > b', 'DtypeError', (t) => nn.init.uniform_(t(f64()), 1, 0)),
      bad('an int32 tensor', 'DtypeError', (t) => nn.init.uniform_(t(i32([1])))),
      bad('a NaN bound', 'DtypeError', (t) => nn.init.uniform_(t(f64()), Number.NaN)),
    ],
  },
  'nn.init.normal_': {
    ok: () => nn.init.normal_(f32(), 0, 0.1),
    bad: [
      bad('std −1', 'DtypeError', (t) => nn.init.normal_(t(f64()), 0, -1)),
      bad('a string mean', 'DtypeError', (t) => nn.init.normal_(t(f64()), as<number>('0'))),
    ],
  },
  'nn.init.constant_': {
    ok: () => nn.init.constant_(f64(), 2),
    bad: [bad('a string value', 'DtypeError', (t) => nn.init.constant_(t(f64()), as<number>('2')))],
  },
  'nn.init.zeros_': {
    ok: () => nn.init.zeros_(f64()),
    bad: [bad('not a tensor', 'DtypeError', () => nn.init.zeros_(as<Tensor>([1])))],
  },
  'nn.init.ones_': {
    ok: () => nn.init.ones_(f64()),
    bad: [bad('not a tensor', 'DtypeError', () => nn.init.ones_(as<Tensor>(null)))],
  },
  'nn.init.xavierUniform_': {
    ok: () => nn.init.xavierUniform_(f64()),
    bad: [
      bad('a vector', 'ShapeError', (t) => nn.init.xavierUniform_(t(f64([3])))),
      bad('gain NaN', 'DtypeError', (t) => nn.init.xavierUniform_(t(f64()), Number.NaN)),
    ],
  },
  'nn.init.xavierNormal_': {
    ok: () => nn.init.xavierNormal_(f64()),
    bad: [bad('a bool tensor', 'DtypeError', () => nn.init.xavierNormal_(tensor([[true]])))],
  },
  'nn.init.kaimingUniform_': {
    ok: () => nn.init.kaimingUniform_(f64(), 0, 'fan_out', 'relu'),
    bad: [
      bad('mode fan_avg', 'DtypeError', (t) => nn.init.kaimingUniform_(t(f64()), 0, as<'fan_in'>('fan_avg'))),
      bad('a zero fan', 'ShapeError', (t) => nn.init.kaimingUniform_(t(f64([2, 0])))),
    ],
  },
  'nn.init.kaimingNormal_': {
    ok: () => nn.init.kaimingNormal_(f64()),
    bad: [
      bad(
        'nonlinearity "gelu"',
        'DtypeError',
        (t) => nn.init.kaimingNormal_(t(f64()), 0, 'fan_in', as<'relu'>('gelu')),
        'nn.init.calculateGain',
      ),
    ],
  },
  'nn.init.orthogonal_': {
    ok: () => nn.init.orthogonal_(f64([3, 5])),
    bad: [
      bad('a vector', 'ShapeError', (t) => nn.init.orthogonal_(t(f64([3])))),
      bad('gain Infinity', 'DtypeError', (t) => nn.init.orthogonal_(t(f64()), Infinity)),
    ],
  },
  // ---------------------------------------------------------------- nn.utils
  'nn.utils.clipGradNorm_': {
    ok: () => nn.utils.clipGradNorm_(withGrad().parameters(), 0.5),
    bad: [
      bad('maxNorm −1', 'DtypeError', (t) => nn.utils.clipGradNorm_(t(withGrad()).parameters(), -1)),
      bad('normType 0', 'DtypeError', (t) => nn.utils.clipGradNorm_(t(withGrad()).parameters(), 1, 0)),
      bad('a non-finite norm with errorIfNonfinite', 'DtypeError', (t) => {
        const m = withGrad();
        m.weight.grad = tensor(
          [
            [Number.NaN, 0],
            [0, 0],
          ],
          { dtype: 'float64' },
        );
        return nn.utils.clipGradNorm_(t(m).parameters(), 1, 2, true);
      }),
      bad('a number', 'DtypeError', () => nn.utils.clipGradNorm_(as<Tensor>(3), 1)),
      bad('an array holding a number', 'DtypeError', () => nn.utils.clipGradNorm_(as<Tensor[]>([3]), 1)),
    ],
  },
  'nn.utils.clipGradValue_': {
    ok: () => nn.utils.clipGradValue_(withGrad().parameters(), 0.1),
    bad: [
      bad('clipValue NaN', 'DtypeError', (t) => nn.utils.clipGradValue_(t(withGrad()).parameters(), Number.NaN)),
      bad('null', 'DtypeError', () => nn.utils.clipGradValue_(as<Tensor>(null), 1)),
    ],
  },
  // ---------------------------------------------------------------- optimizers and schedulers
  'optim.RMSprop': {
    ok: (t) => new optim.RMSprop(t(linear()).parameters(), { momentum: 0.9, centered: true }),
    bad: [
      bad('alpha −1', 'DtypeError', (t) => new optim.RMSprop(t(linear()).parameters(), { alpha: -1 })),
      bad(
        'an unknown option',
        'DtypeError',
        (t) => new optim.RMSprop(t(linear()).parameters(), as<{ lr: number }>({ beta: 1 })),
      ),
    ],
  },
  'optim.RMSprop#update': { exempt: 'protected: called by Optimizer#step, which has rows' },
  'optim.Adagrad': {
    ok: (t) => new optim.Adagrad(t(linear()).parameters(), { lrDecay: 0.1 }),
    bad: [
      bad(
        'initialAccumulatorValue −1',
        'DtypeError',
        (t) => new optim.Adagrad(t(linear()).parameters(), { initialAccumulatorValue: -1 }),
      ),
      bad('eps "x"', 'DtypeError', (t) => new optim.Adagrad(t(linear()).parameters(), { eps: as<number>('x') })),
    ],
  },
  'optim.Adagrad#update': { exempt: 'protected: called by Optimizer#step, which has rows' },
  'optim.lrScheduler.LambdaLR': {
    ok: () => new optim.lrScheduler.LambdaLR(sgd(), (e) => 0.9 ** e),
    bad: [
      bad('not a function', 'DtypeError', (t) => new optim.lrScheduler.LambdaLR(t(sgd()), as<() => number>(0.5))),
      bad(
        'two lambdas for one group',
        'ShapeError',
        (t) => new optim.lrScheduler.LambdaLR(t(sgd()), [() => 1, () => 1]),
      ),
      bad(
        'a lambda giving NaN at epoch 0',
        'DtypeError',
        (t) => new optim.lrScheduler.LambdaLR(t(sgd()), () => Number.NaN),
        'optim.lrScheduler.LambdaLR.step',
      ),
    ],
  },
  'optim.lrScheduler.ExponentialLR': {
    ok: () => new optim.lrScheduler.ExponentialLR(sgd(), { gamma: 0.9 }),
    bad: [
      bad('gamma −1', 'DtypeError', (t) => new optim.lrScheduler.ExponentialLR(t(sgd()), { gamma: -1 })),
      bad('no gamma', 'DtypeError', (t) => new optim.lrScheduler.ExponentialLR(t(sgd()), as<{ gamma: number }>({}))),
    ],
  },
  'optim.lrScheduler.LinearLR': {
    ok: () => new optim.lrScheduler.LinearLR(sgd(), { startFactor: 0.1, totalIters: 3 }),
    bad: [
      bad('startFactor 0', 'DtypeError', (t) => new optim.lrScheduler.LinearLR(t(sgd()), { startFactor: 0 })),
      bad('endFactor 2', 'DtypeError', (t) => new optim.lrScheduler.LinearLR(t(sgd()), { endFactor: 2 })),
      bad('totalIters 0', 'DtypeError', (t) => new optim.lrScheduler.LinearLR(t(sgd()), { totalIters: 0 })),
    ],
  },
  'optim.lrScheduler.OneCycleLR': {
    ok: () => new optim.lrScheduler.OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 10 }),
    bad: [
      bad('no length', 'DtypeError', (t) => new optim.lrScheduler.OneCycleLR(t(sgd()), { maxLr: 0.1 })),
      bad('maxLr 0', 'DtypeError', (t) => new optim.lrScheduler.OneCycleLR(t(sgd()), { maxLr: 0, totalSteps: 5 })),
      bad(
        'pctStart 2',
        'DtypeError',
        (t) => new optim.lrScheduler.OneCycleLR(t(sgd()), { maxLr: 0.1, totalSteps: 5, pctStart: 2 }),
      ),
      bad(
        'annealStrategy "exp"',
        'DtypeError',
        (t) =>
          new optim.lrScheduler.OneCycleLR(t(sgd()), { maxLr: 0.1, totalSteps: 5, annealStrategy: as<'cos'>('exp') }),
      ),
      bad(
        'an optimizer without momentum',
        'DtypeError',
        (t) =>
          new optim.lrScheduler.OneCycleLR(t(new optim.Adagrad(linear().parameters()) as never), {
            maxLr: 0.1,
            totalSteps: 5,
          }),
      ),
    ],
  },
  'optim.lrScheduler.ReduceLROnPlateau': {
    ok: () => new optim.lrScheduler.ReduceLROnPlateau(sgd(), { patience: 2 }),
    bad: [
      bad('factor 1', 'DtypeError', (t) => new optim.lrScheduler.ReduceLROnPlateau(t(sgd()), { factor: 1 })),
      bad(
        'mode "up"',
        'DtypeError',
        (t) => new optim.lrScheduler.ReduceLROnPlateau(t(sgd()), { mode: as<'min'>('up') }),
      ),
      bad(
        'minLr per group of the wrong length',
        'ShapeError',
        (t) => new optim.lrScheduler.ReduceLROnPlateau(t(sgd()), { minLr: [0, 0] }),
      ),
      bad('patience −1', 'DtypeError', (t) => new optim.lrScheduler.ReduceLROnPlateau(t(sgd()), { patience: -1 })),
    ],
  },
  'optim.lrScheduler.ReduceLROnPlateau#step': {
    ok: () => new optim.lrScheduler.ReduceLROnPlateau(sgd()).step(0.5),
    bad: [
      bad('a string metric', 'DtypeError', (t) =>
        t(new optim.lrScheduler.ReduceLROnPlateau(sgd())).step(as<number>('0.5')),
      ),
      bad('a two-element tensor', 'ShapeError', (t) =>
        t(new optim.lrScheduler.ReduceLROnPlateau(sgd())).step(f64([2])),
      ),
    ],
  },
  'optim.lrScheduler.ReduceLROnPlateau#getLastLr': {
    ok: (t) => t(new optim.lrScheduler.ReduceLROnPlateau(sgd())).getLastLr(),
    bad: [],
    noBadInput: noArgs,
  },
  'optim.lrScheduler.ReduceLROnPlateau#stateDict': {
    ok: (t) => t(new optim.lrScheduler.ReduceLROnPlateau(sgd())).stateDict(),
    bad: [],
    noBadInput: noArgs,
  },
  'optim.lrScheduler.ReduceLROnPlateau#loadStateDict': {
    ok: () =>
      new optim.lrScheduler.ReduceLROnPlateau(sgd()).loadStateDict({
        best: 'Infinity',
        numBadEpochs: 1,
        cooldownCounter: 0,
        lastEpoch: 3,
      }),
    bad: [
      bad('an unexpected key', 'DtypeError', (t) =>
        t(new optim.lrScheduler.ReduceLROnPlateau(sgd())).loadStateDict({
          best: 1,
          numBadEpochs: 0,
          cooldownCounter: 0,
          lastEpoch: 0,
          x: 1,
        }),
      ),
      bad('best "big"', 'DtypeError', (t) =>
        t(new optim.lrScheduler.ReduceLROnPlateau(sgd())).loadStateDict({
          best: 'big',
          numBadEpochs: 0,
          cooldownCounter: 0,
          lastEpoch: 0,
        }),
      ),
      bad('numBadEpochs −1', 'DtypeError', (t) =>
        t(new optim.lrScheduler.ReduceLROnPlateau(sgd())).loadStateDict({
          best: 1,
          numBadEpochs: -1,
          cooldownCounter: 0,
          lastEpoch: 0,
        }),
      ),
    ],
  },
  // ---------------------------------------------------------------- data
  'data.TensorDataset': {
    ok: (t) => new data.TensorDataset(t(f64([3, 2])), t(i32([1, 2, 3]))),
    bad: [
      bad('first dimensions that differ', 'ShapeError', (t) => new data.TensorDataset(t(f64([3, 2])), t(f64([2])))),
      bad('a 0-d tensor', 'ShapeError', () => new data.TensorDataset(tensor(1))),
      bad('a number', 'DtypeError', () => new data.TensorDataset(as<Tensor>(1))),
    ],
  },
  'data.TensorDataset#length': { ok: (t) => t(dataset()).length, bad: [], noBadInput: 'a getter' },
  'data.TensorDataset#get': {
    ok: (t) => t(dataset()).get(-1),
    bad: [
      bad('index 4 of 4', 'ShapeError', (t) => t(dataset()).get(4)),
      bad('index "0"', 'ShapeError', (t) => t(dataset()).get(as<number>('0'))),
    ],
  },
  'data.TensorDataset#getBatch': {
    ok: (t) => t(dataset()).getBatch([3, 0]),
    bad: [bad('an index out of range', 'ShapeError', (t) => t(dataset()).getBatch([0, 9]))],
  },
  'data.Subset': {
    ok: () => new data.Subset(dataset(), [1, 2]),
    bad: [
      bad('an index out of range', 'ShapeError', () => new data.Subset(dataset(), [7])),
      bad('indices not an array', 'DtypeError', () => new data.Subset(dataset(), as<number[]>(3))),
      bad('not a dataset', 'DtypeError', () => new data.Subset(as<data.Dataset<unknown>>({}), [0])),
    ],
  },
  'data.Subset#length': { ok: () => new data.Subset(dataset(), [1]).length, bad: [], noBadInput: 'a getter' },
  'data.Subset#get': {
    ok: () => new data.Subset(dataset(), [1]).get(0),
    bad: [bad('index 1 of 1', 'ShapeError', () => new data.Subset(dataset(), [1]).get(1))],
  },
  'data.Subset#getBatch': {
    ok: () => new data.Subset(dataset(), [1, 2]).getBatch([1]),
    bad: [bad('index 2 of 2', 'ShapeError', () => new data.Subset(dataset(), [1, 2]).getBatch([2]))],
  },
  'data.DataLoader': {
    ok: () => [...new data.DataLoader(dataset(), { batchSize: 3, shuffle: true, seed: 1 })],
    bad: [
      bad('batchSize 0', 'DtypeError', () => new data.DataLoader(dataset(), { batchSize: 0 })),
      bad('seed 1.5', 'DtypeError', () => new data.DataLoader(dataset(), { seed: 1.5 })),
      bad(
        'an unknown option',
        'DtypeError',
        () => new data.DataLoader(dataset(), as<{ batchSize: number }>({ workers: 2 })),
      ),
      bad(
        'collateFn not a function',
        'DtypeError',
        () => new data.DataLoader(dataset(), as<{ batchSize: number }>({ collateFn: 1 })),
      ),
      bad('not a dataset', 'DtypeError', () => new data.DataLoader(as<data.Dataset<unknown>>(null))),
    ],
  },
  'data.DataLoader#length': { ok: () => new data.DataLoader(dataset()).length, bad: [], noBadInput: 'a getter' },
  'data.defaultCollate': {
    ok: () =>
      data.defaultCollate([
        [f64([2]), 1],
        [f64([2]), 2],
      ]),
    bad: [
      bad('an empty list', 'ShapeError', () => data.defaultCollate([])),
      bad('tensors of different shapes', 'ShapeError', () => data.defaultCollate([f64([2]), f64([3])])),
      bad('mixed types', 'DtypeError', () => data.defaultCollate(as<number[]>([1, 'a']))),
      bad('a function sample', 'DtypeError', () => data.defaultCollate([() => 1])),
    ],
  },
  'data.randomSplit': {
    ok: () => data.randomSplit(dataset(), [0.5, 0.5], { seed: 3 }),
    bad: [
      bad('lengths not summing to the length', 'ShapeError', () => data.randomSplit(dataset(), [1, 2])),
      bad('a negative length', 'DtypeError', () => data.randomSplit(dataset(), [-1, 5])),
      bad('seed "1"', 'DtypeError', () => data.randomSplit(dataset(), [2, 2], { seed: as<number>('1') })),
    ],
  },
  // ---------------------------------------------------------------- safetensors
  saveSafetensors: {
    ok: (t) => saveSafetensors({ a: t(f64()), b: t(i32([1])) }, { k: 'v' }),
    bad: [
      bad('a complex tensor', 'DtypeError', (t) => saveSafetensors({ z: t(tensor([{ re: 1, im: 0 }])) })),
      bad('the name __metadata__', 'DtypeError', (t) => saveSafetensors({ __metadata__: t(f64()) })),
      bad('a non-string metadata value', 'DtypeError', (t) =>
        saveSafetensors({ a: t(f64()) }, as<Record<string, string>>({ k: 1 })),
      ),
      bad(
        'a value that is not a tensor',
        'DtypeError',
        () => saveSafetensors(as<Record<string, Tensor>>({ a: 5 })),
        'nn.deserializeTensor',
      ),
    ],
  },
  loadSafetensors: {
    ok: (t) => loadSafetensors(t(file())),
    bad: [
      bad('a string', 'DtypeError', () => loadSafetensors(as<Uint8Array>('abc'))),
      bad('a truncated file', 'ShapeError', () => loadSafetensors(file().subarray(0, 20))),
      bad('a missing byte at the end', 'ShapeError', () => loadSafetensors(file().subarray(0, file().length - 1))),
    ],
  },
  safetensorsMetadata: {
    ok: (t) => safetensorsMetadata(t(file())),
    bad: [bad('too short', 'ShapeError', () => safetensorsMetadata(new Uint8Array(3)))],
  },
};

export default table;
