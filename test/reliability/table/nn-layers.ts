/** Rows of the round-2 layers and their functional forms: constructors with bad options, forward with bad input. */
import type { Tensor } from 'tapegrad';
import { nn, tensor } from 'tapegrad';
import { as, bad, f32, f64, i32, type Table } from './types';

const F = nn.functional;
const x4 = () => f32([2, 3, 6, 6]);
const x3 = () => f32([2, 3, 8]);
const mha = () => new nn.MultiheadAttention(4, 2);
const seq = () => f32([3, 2, 4]);

const table: Table = {
  'nn.Embedding': {
    ok: () => new nn.Embedding(5, 3, { paddingIdx: 0 }),
    bad: [
      bad('paddingIdx out of range', 'ShapeError', () => new nn.Embedding(5, 3, { paddingIdx: 5 })),
      bad('numEmbeddings −1', 'DtypeError', () => new nn.Embedding(-1, 3)),
      bad('dtype int32', 'DtypeError', () => new nn.Embedding(5, 3, { dtype: 'int32' })),
      bad('an unknown option', 'DtypeError', () => new nn.Embedding(5, 3, as<{ paddingIdx: number }>({ maxNorm: 1 }))),
    ],
  },
  'nn.Embedding#forward': {
    ok: (t) => new nn.Embedding(5, 3).forward(t(i32([[1, 4]]))),
    bad: [
      bad('an index out of range', 'ShapeError', (t) => new nn.Embedding(5, 3).forward(t(i32([5])))),
      bad('a negative index', 'ShapeError', (t) => new nn.Embedding(5, 3).forward(t(i32([-1])))),
      bad('float indices', 'DtypeError', (t) => new nn.Embedding(5, 3).forward(t(f32([2])))),
    ],
  },
  'nn.LayerNorm': {
    ok: () => new nn.LayerNorm([3, 4], { eps: 1e-6 }),
    bad: [
      bad('an empty shape', 'ShapeError', () => new nn.LayerNorm([])),
      bad('eps −1', 'DtypeError', () => new nn.LayerNorm(4, { eps: -1 })),
      bad(
        'elementwiseAffine "yes"',
        'DtypeError',
        () => new nn.LayerNorm(4, { elementwiseAffine: as<boolean>('yes') }),
      ),
    ],
  },
  'nn.LayerNorm#forward': {
    ok: (t) => new nn.LayerNorm(3).forward(t(f32([2, 3]))),
    bad: [
      bad('a wrong last dimension', 'ShapeError', (t) => new nn.LayerNorm(3).forward(t(f32([3, 2])))),
      bad('float64 input to a float32 module', 'DtypeError', (t) => new nn.LayerNorm(3).forward(t(f64([2, 3])))),
      bad('int32 input', 'DtypeError', (t) => new nn.LayerNorm(2).forward(t(i32([[1, 2]])))),
    ],
  },
  'nn.BatchNorm1d': {
    ok: () => new nn.BatchNorm1d(3, { momentum: null }),
    bad: [
      bad('numFeatures 0', 'DtypeError', () => new nn.BatchNorm1d(0)),
      bad('momentum NaN', 'DtypeError', () => new nn.BatchNorm1d(3, { momentum: Number.NaN })),
      bad('dtype complex64', 'DtypeError', () => new nn.BatchNorm1d(3, { dtype: 'complex64' })),
    ],
  },
  // Members inherited from an unexported base (shared by the 1-d and 2-d classes; listed under the first name).
  'nn.BatchNorm1d#forward': {
    ok: (t) => new nn.BatchNorm1d(3).forward(t(f32([4, 3]))),
    bad: [
      bad('a wrong channel count', 'ShapeError', (t) => new nn.BatchNorm1d(3).forward(t(f32([4, 2])))),
      bad('a 4-d input', 'ShapeError', (t) => new nn.BatchNorm1d(3).forward(t(x4()))),
      bad('an input that is not a tensor', 'DtypeError', () => new nn.BatchNorm1d(3).forward(as<Tensor>([[1, 2, 3]]))),
    ],
  },
  'nn.BatchNorm1d#resetRunningStats': {
    ok: () => new nn.BatchNorm2d(3).resetRunningStats(),
    bad: [],
    noBadInput: 'takes no arguments',
  },
  'nn.Conv1d#forward': {
    ok: (t) => new nn.Conv1d(3, 2, 3).forward(t(x3())),
    bad: [
      bad('a wrong channel count', 'ShapeError', (t) => new nn.Conv1d(2, 2, 3).forward(t(x3()))),
      bad('a kernel larger than the padded input', 'ShapeError', (t) => new nn.Conv1d(3, 2, 9).forward(t(x3()))),
      bad('an input that is not a tensor', 'DtypeError', () => new nn.Conv1d(3, 2, 3).forward(as<Tensor>([1, 2]))),
    ],
  },
  'nn.AvgPool1d#forward': {
    ok: (t) => new nn.AvgPool1d(2).forward(t(x3())),
    bad: [
      bad('a kernel larger than the input', 'ShapeError', (t) => new nn.AvgPool1d(9).forward(t(x3()))),
      bad('an input that is not a tensor', 'DtypeError', () => new nn.AvgPool1d(2).forward(as<Tensor>([1, 2]))),
    ],
  },
  'nn.BatchNorm2d': {
    ok: () => new nn.BatchNorm2d(3, { affine: false }),
    bad: [
      bad('trackRunningStats 1', 'DtypeError', () => new nn.BatchNorm2d(3, { trackRunningStats: as<boolean>(1) })),
      bad('an unknown option', 'DtypeError', () => new nn.BatchNorm2d(3, as<{ eps: number }>({ epsilon: 1 }))),
    ],
  },
  'nn.Conv1d': {
    ok: () => new nn.Conv1d(3, 6, 3, { groups: 3, padding: 'same' }),
    bad: [
      bad('channels not divisible by groups', 'DtypeError', () => new nn.Conv1d(3, 4, 3, { groups: 2 })),
      bad('padding "half"', 'DtypeError', () => new nn.Conv1d(3, 4, 3, { padding: as<'same'>('half') })),
      bad("'same' with stride 2", 'DtypeError', () => new nn.Conv1d(3, 4, 3, { padding: 'same', stride: 2 })),
      bad('kernelSize 0', 'DtypeError', () => new nn.Conv1d(3, 4, 0)),
      bad('paddingMode "mirror"', 'DtypeError', () => new nn.Conv1d(3, 4, 3, { paddingMode: as<'zeros'>('mirror') })),
    ],
  },
  'nn.Conv2d': {
    ok: () => new nn.Conv2d(3, 4, [3, 2], { stride: [2, 1], dilation: 2 }),
    bad: [
      bad('kernelSize of three numbers', 'DtypeError', () => new nn.Conv2d(3, 4, [3, 3, 3])),
      bad('negative padding', 'DtypeError', () => new nn.Conv2d(3, 4, 3, { padding: -1 })),
      bad('inChannels 1.5', 'DtypeError', () => new nn.Conv2d(1.5, 4, 3)),
    ],
  },
  'nn.MaxPool1d': {
    ok: () => new nn.MaxPool1d(2, { stride: 1 }),
    bad: [
      bad('kernelSize 0', 'DtypeError', () => new nn.MaxPool1d(0)),
      bad(
        'an unknown option',
        'DtypeError',
        () => new nn.MaxPool1d(2, as<{ stride: number }>({ returnIndices: true })),
      ),
    ],
  },
  'nn.MaxPool2d': {
    ok: () => new nn.MaxPool2d(2),
    bad: [bad('ceilMode "no"', 'DtypeError', () => new nn.MaxPool2d(2, { ceilMode: as<boolean>('no') }))],
  },
  'nn.AvgPool1d': {
    ok: () => new nn.AvgPool1d(2, { countIncludePad: false }),
    bad: [
      bad(
        'divisorOverride (2-D only)',
        'DtypeError',
        () => new nn.AvgPool1d(2, as<{ stride: number }>({ divisorOverride: 2 })),
      ),
    ],
  },
  'nn.AvgPool2d': {
    ok: () => new nn.AvgPool2d(2, { divisorOverride: 3 }),
    bad: [bad('divisorOverride 0', 'DtypeError', () => new nn.AvgPool2d(2, { divisorOverride: 0 }))],
  },
  'nn.MultiheadAttention': {
    ok: () => mha(),
    bad: [
      bad('heads not dividing embedDim', 'ShapeError', () => new nn.MultiheadAttention(6, 4)),
      bad('dropout 2', 'DtypeError', () => new nn.MultiheadAttention(4, 2, { dropout: 2 })),
      bad('an unknown option', 'DtypeError', () => new nn.MultiheadAttention(4, 2, as<{ bias: boolean }>({ kdim: 3 }))),
    ],
  },
  'nn.MultiheadAttention#forward': {
    ok: (t) => mha().forward(t(seq()), t(seq()), t(seq()), { isCausal: true }),
    bad: [
      bad('a wrong embedding size', 'ShapeError', (t) => mha().forward(t(f32([3, 2, 5])), t(seq()), t(seq()))),
      bad('key of another batch size', 'ShapeError', (t) =>
        mha().forward(t(seq()), t(f32([3, 1, 4])), t(f32([3, 1, 4]))),
      ),
      bad('attnMask of a wrong shape', 'ShapeError', (t) =>
        mha().forward(t(seq()), t(seq()), t(seq()), { attnMask: t(f32([2, 3])) }),
      ),
      bad('keyPaddingMask of a wrong shape', 'ShapeError', (t) =>
        mha().forward(t(seq()), t(seq()), t(seq()), { keyPaddingMask: tensor([[true, false]]) }),
      ),
      bad('an int32 mask', 'DtypeError', (t) =>
        mha().forward(t(seq()), t(seq()), t(seq()), {
          attnMask: t(
            i32([
              [0, 0, 0],
              [0, 0, 0],
              [0, 0, 0],
            ]),
          ),
        }),
      ),
      bad('float64 input', 'DtypeError', (t) => mha().forward(t(f64([3, 2, 4])), t(seq()), t(seq()))),
      bad('an unknown option', 'DtypeError', (t) =>
        mha().forward(t(seq()), t(seq()), t(seq()), as<{ isCausal: boolean }>({ causal: true })),
      ),
    ],
  },
  'nn.functional.scaledDotProductAttention': {
    ok: (t) => F.scaledDotProductAttention(t(f32([2, 3, 4])), t(f32([2, 5, 4])), t(f32([2, 5, 2])), { scale: 0.5 }),
    bad: [
      bad('key of another size', 'ShapeError', (t) =>
        F.scaledDotProductAttention(t(f32([3, 4])), t(f32([5, 3])), t(f32([5, 2]))),
      ),
      bad('attnMask and isCausal', 'DtypeError', (t) =>
        F.scaledDotProductAttention(t(f32([3, 4])), t(f32([3, 4])), t(f32([3, 4])), {
          isCausal: true,
          attnMask: tensor([[true]]),
        }),
      ),
      bad('a mask that does not broadcast', 'ShapeError', (t) =>
        F.scaledDotProductAttention(t(f32([3, 4])), t(f32([3, 4])), t(f32([3, 4])), { attnMask: t(f32([2, 3])) }),
      ),
      bad('dropoutP −0.1', 'DtypeError', (t) =>
        F.scaledDotProductAttention(t(f32([3, 4])), t(f32([3, 4])), t(f32([3, 4])), { dropoutP: -0.1 }),
      ),
    ],
  },
  'nn.functional.conv1d': {
    ok: (t) => F.conv1d(t(x3()), t(f32([4, 3, 3])), t(f32([4])), { stride: 2 }),
    bad: [
      bad('channels that do not match', 'ShapeError', (t) => F.conv1d(t(x3()), t(f32([4, 2, 3])))),
      bad('a kernel longer than the padded input', 'ShapeError', (t) => F.conv1d(t(x3()), t(f32([1, 3, 9])))),
      bad('a bias of the wrong size', 'ShapeError', (t) => F.conv1d(t(x3()), t(f32([4, 3, 3])), t(f32([3])))),
      bad('a 2-D weight', 'ShapeError', (t) => F.conv1d(t(x3()), t(f32([4, 3])))),
      bad('weight of another dtype', 'DtypeError', (t) => F.conv1d(t(x3()), t(f64([4, 3, 3])))),
    ],
  },
  'nn.functional.conv2d': {
    ok: (t) => F.conv2d(t(x4()), t(f32([2, 3, 3, 3])), null, { padding: 'same' }),
    bad: [
      bad('a 5-D input', 'ShapeError', (t) => F.conv2d(t(f32([1, 1, 3, 6, 6])), t(f32([2, 3, 3, 3])))),
      bad('groups 2 with 3 channels', 'ShapeError', (t) =>
        F.conv2d(t(x4()), t(f32([2, 3, 3, 3])), null, { groups: 2 }),
      ),
      bad('stride 0', 'DtypeError', (t) => F.conv2d(t(x4()), t(f32([2, 3, 3, 3])), null, { stride: 0 })),
    ],
  },
  'nn.functional.embedding': {
    ok: (t) => F.embedding(t(i32([0, 2])), t(f32([3, 2]))),
    bad: [
      bad('a 1-D weight', 'ShapeError', (t) => F.embedding(t(i32([0])), t(f32([3])))),
      bad('an index out of range', 'ShapeError', (t) => F.embedding(t(i32([3])), t(f32([3, 2])))),
    ],
  },
  'nn.functional.batchNorm': {
    ok: (t) => F.batchNorm(t(f32([4, 3])), null, null, null, null, true),
    bad: [
      bad('eval mode without running statistics', 'DtypeError', (t) => F.batchNorm(t(f32([4, 3])), null, null)),
      bad('only runningMean', 'DtypeError', (t) => F.batchNorm(t(f32([4, 3])), t(f32([3])), null)),
      bad('running statistics of the wrong size', 'ShapeError', (t) =>
        F.batchNorm(t(f32([4, 3])), t(f32([2])), t(f32([2]))),
      ),
      bad('a 1-D input', 'ShapeError', (t) => F.batchNorm(t(f32([4])), null, null, null, null, true)),
    ],
  },
  'nn.functional.relu': {
    ok: (t) => F.relu(t(f32())),
    bad: [
      bad('a bool tensor', 'DtypeError', () => F.relu(tensor([true, false]))),
      bad('an array', 'DtypeError', () => F.relu(as<Tensor>([1, -1]))),
    ],
  },
  'nn.functional.gelu': {
    ok: (t) => F.gelu(t(f32()), { approximate: 'tanh' }),
    bad: [
      bad('approximate "fast"', 'DtypeError', (t) => F.gelu(t(f32()), { approximate: as<'tanh'>('fast') })),
      bad('an unknown option', 'DtypeError', (t) => F.gelu(t(f32()), as<{ approximate: 'tanh' }>({ approx: 'tanh' }))),
      bad('a complex tensor', 'DtypeError', () => F.gelu(tensor([1, 2], { dtype: 'complex64' }))),
    ],
  },
  'nn.functional.layerNorm': {
    ok: (t) => F.layerNorm(t(f32([2, 3])), [3], t(f32([3])), t(f32([3]))),
    bad: [
      bad('a weight of the wrong shape', 'ShapeError', (t) => F.layerNorm(t(f32([2, 3])), [3], t(f32([2])))),
      bad('normalizedShape "3"', 'ShapeError', (t) => F.layerNorm(t(f32([2, 3])), as<number>('3'))),
    ],
  },
  'nn.functional.pad': {
    ok: (t) => F.pad(t(f32([2, 3])), [1, 2, 0, 1], { value: 5 }),
    bad: [
      bad('an odd number of paddings', 'ShapeError', (t) => F.pad(t(f32([2, 3])), [1])),
      bad('more pairs than dimensions', 'ShapeError', (t) => F.pad(t(f32([3])), [1, 1, 1, 1])),
      bad('reflect padding as large as the size', 'ShapeError', (t) =>
        F.pad(t(f32([2, 3])), [3, 0], { mode: 'reflect' }),
      ),
      bad('a value with reflect', 'DtypeError', (t) => F.pad(t(f32([2, 3])), [1, 0], { mode: 'reflect', value: 2 })),
      bad('a crop larger than the size', 'ShapeError', (t) => F.pad(t(f32([2, 3])), [-2, -2])),
    ],
  },
  'nn.functional.avgPool1d': {
    ok: (t) => F.avgPool1d(t(x3()), 3, { stride: 2, padding: 1 }),
    bad: [
      bad('a kernel longer than the input', 'ShapeError', (t) => F.avgPool1d(t(x3()), 9)),
      bad('padding over half the kernel', 'ShapeError', (t) => F.avgPool1d(t(x3()), 2, { padding: 2 })),
    ],
  },
  'nn.functional.avgPool2d': {
    ok: (t) => F.avgPool2d(t(x4()), 2),
    bad: [bad('a 2-D input', 'ShapeError', (t) => F.avgPool2d(t(f32([6, 6])), 2))],
  },
  'nn.functional.maxPool1d': {
    ok: (t) => F.maxPool1d(t(x3()), 2, { dilation: 2 }),
    bad: [bad('int32 input', 'DtypeError', (t) => F.maxPool1d(t(i32([[[1, 2, 3]]])), 2))],
  },
  'nn.functional.maxPool2d': {
    ok: (t) => F.maxPool2d(t(x4()), 3, { stride: 2, ceilMode: true }),
    bad: [bad('kernelSize [2, 2, 2]', 'DtypeError', (t) => F.maxPool2d(t(x4()), [2, 2, 2]))],
  },
  'nn.functional.logsigmoid': {
    ok: (t) => F.logsigmoid(t(f32())),
    bad: [
      bad('a complex tensor', 'DtypeError', () => F.logsigmoid(tensor([{ re: 1, im: 1 }]))),
      bad('not a tensor', 'DtypeError', () => F.logsigmoid(as<Tensor>(1))),
    ],
  },
  'nn.functional.oneHot': {
    ok: (t) => F.oneHot(t(i32([0, 2])), 4),
    bad: [
      bad('float input', 'DtypeError', (t) => F.oneHot(t(f32([2])))),
      bad('a negative class', 'ShapeError', (t) => F.oneHot(t(i32([-1])), 3)),
      bad('a class too large', 'ShapeError', (t) => F.oneHot(t(i32([3])), 3)),
      bad('numClasses −2', 'DtypeError', (t) => F.oneHot(t(i32([0])), -2)),
    ],
  },
};

export default table;
