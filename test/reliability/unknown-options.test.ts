/**
 * Every options object of every public function rejects an unknown key with a DtypeError that starts with the op's
 * name and names the key (issue #11 item 8; the shared reader is `readOptions` of @tapegrad/core/internal). One row per
 * options-taking function, method and constructor; the completeness check below fails when a source file gains an
 * exported function or constructor with an `opts`/`options` parameter that has no row here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tensor } from 'tapegrad';
import * as tg from 'tapegrad';
import { autograd, data, linalg, nn, optim, tensor } from 'tapegrad';
import { describe, expect, it } from 'vitest';

const KEY = 'zzNotAnOption';
/** An options object with one unknown key (typed as any options object of the call). */
const bad = <T>(extra: Record<string, unknown> = {}): T => ({ ...extra, [KEY]: 1 }) as unknown as T;

const m = (rows = 2, cols = 2): Tensor => tg.randn([rows, cols], { dtype: 'float64' });
const leaf = (): Tensor => tg.tensor([0.5, -0.25], { dtype: 'float64', requiresGrad: true });
const params = (): Tensor[] => [leaf()];
const sgd = () => new optim.SGD(params(), { lr: 0.1, momentum: 0.9 });

/** [row name, op name expected at the start of the message, the call]. */
const ROWS: [string, string, () => unknown][] = [
  // core: creation
  ['tensor', 'tensor', () => tensor([1, 2], bad())],
  ['zeros', 'zeros', () => tg.zeros([2], bad())],
  ['ones', 'ones', () => tg.ones([2], bad())],
  ['full', 'full', () => tg.full([2], 1, bad())],
  ['zerosLike', 'zerosLike', () => tg.zerosLike(m(), bad())],
  ['onesLike', 'onesLike', () => tg.onesLike(m(), bad())],
  ['fullLike', 'fullLike', () => tg.fullLike(m(), 3, bad())],
  ['eye', 'eye', () => tg.eye(2, 2, bad())],
  ['arange', 'arange', () => tg.arange(0, 3, 1, bad())],
  ['linspace', 'linspace', () => tg.linspace(0, 1, 3, bad())],
  ['randn', 'randn', () => tg.randn([2], bad())],
  ['rand', 'rand', () => tg.rand([2], bad())],
  ['randint', 'randint', () => tg.randint(0, 3, [2], bad())],
  ['fromMathjs', 'fromMathjs', () => tg.fromMathjs([1, 2], bad())],
  ['randnLike', 'randnLike', () => tg.randnLike(m(), bad())],
  ['randLike', 'randLike', () => tg.randLike(m(), bad())],
  ['multinomial', 'multinomial', () => tg.multinomial(tg.tensor([0.5, 0.5]), 1, bad())],
  ['nanToNum', 'nanToNum', () => tg.nanToNum(m(), bad())],
  ['meshgrid', 'meshgrid', () => tg.meshgrid([tg.tensor([1, 2])], bad())],
  ['searchsorted', 'searchsorted', () => tg.searchsorted(tg.tensor([1, 2]), tg.tensor([1]), bad())],
  ['bincount', 'bincount', () => tg.bincount(tg.tensor([1], { dtype: 'int32' }), bad())],
  ['Tensor.bincount', 'bincount', () => tg.tensor([1], { dtype: 'int32' }).bincount(bad())],
  ['nonzero', 'nonzero', () => tg.nonzero(m(), bad())],
  ['Tensor.nonzero', 'nonzero', () => m().nonzero(bad())],
  ['unique', 'unique', () => tg.unique(m(), bad())],
  ['Tensor.unique', 'unique', () => m().unique(bad())],
  ['randperm', 'randperm', () => tg.randperm(3, bad())],
  ['Tensor.add_', 'add_', () => m().add_(m(), bad())],
  ['Tensor.sub_', 'sub_', () => m().sub_(m(), bad())],
  // core: ops and methods
  ['add', 'add', () => tg.add(m(), m(), bad())],
  ['sub', 'sub', () => tg.sub(m(), m(), bad())],
  ['Tensor.add', 'add', () => m().add(m(), bad())],
  ['Tensor.sub', 'sub', () => m().sub(m(), bad())],
  ['round', 'round', () => tg.round(m(), bad())],
  ['addcmul', 'addcmul', () => tg.addcmul(m(), m(), m(), bad())],
  ['Tensor.addcmul', 'addcmul', () => m().addcmul(m(), m(), bad())],
  ['addcdiv', 'addcdiv', () => tg.addcdiv(m(), m(), m(), bad())],
  ['Tensor.addcdiv', 'addcdiv', () => m().addcdiv(m(), m(), bad())],
  ['Tensor.round', 'round', () => m().round(bad())],
  ['gelu', 'gelu', () => tg.gelu(m(), bad())],
  ['Tensor.gelu', 'gelu', () => m().gelu(bad())],
  ['softplus', 'softplus', () => tg.softplus(m(), bad())],
  ['Tensor.softplus', 'softplus', () => m().softplus(bad())],
  ['isclose', 'isclose', () => tg.isclose(m(), m(), bad())],
  ['allclose', 'allclose', () => tg.allclose(m(), m(), bad())],
  ['Tensor.allclose', 'allclose', () => m().allclose(m(), bad())],
  ['var', 'var', () => tg.var(m(), 0, bad())],
  ['std', 'std', () => tg.std(m(), 0, bad())],
  ['Tensor.var', 'var', () => m().var(0, bad())],
  ['Tensor.std', 'std', () => m().std(0, bad())],
  ['Tensor.backward', 'Tensor.backward', () => leaf().mul(2).sum().backward(undefined, bad())],
  // autograd
  [
    'autograd.grad',
    'autograd.grad',
    () => {
      const x = leaf();
      return autograd.grad(x.sum(), [x], bad());
    },
  ],
  ['autograd.vjp', 'vjp', () => autograd.vjp((x) => x.mul(2), leaf(), leaf(), bad())],
  ['autograd.jvp', 'jvp', () => autograd.jvp((x) => x.mul(2), leaf(), leaf(), bad())],
  ['autograd.jacobian', 'jacobian', () => autograd.jacobian((x) => x.mul(2), leaf(), bad())],
  ['autograd.hessian', 'hessian', () => autograd.hessian((x) => x.mul(x).sum(), leaf(), bad())],
  ['autograd.hvp', 'hvp', () => autograd.hvp((x) => x.mul(x).sum(), leaf(), leaf(), bad())],
  ['autograd.gradcheck', 'gradcheck', () => autograd.gradcheck((x) => x.mul(2), [leaf()], bad())],
  ['autograd.gradgradcheck', 'gradgradcheck', () => autograd.gradgradcheck((x) => x.mul(x), [leaf()], bad())],
  ['autograd.gradcheckReport', 'gradcheck', () => autograd.gradcheckReport((x) => x.mul(2), [leaf()], bad())],
  ['autograd.formatGraph', 'autograd.formatGraph', () => autograd.formatGraph(leaf().mul(2), bad())],
  [
    'autograd.checkGrad',
    'checkGrad',
    () =>
      autograd.checkGrad(
        (x) => x[0]!,
        () => [1],
        [1],
        bad(),
      ),
  ],
  [
    'autograd.checkVjp',
    'checkVjp',
    () =>
      autograd.checkVjp(
        (x) => x,
        (_x, v) => v,
        [1],
        bad(),
      ),
  ],
  [
    'autograd.checkJvp',
    'checkJvp',
    () =>
      autograd.checkJvp(
        (x) => x,
        (_x, v) => v,
        [1],
        bad(),
      ),
  ],
  [
    'autograd.checkHvp',
    'checkHvp',
    () =>
      autograd.checkHvp(
        (x) => x[0]! ** 2,
        (_x, v) => [2 * v[0]!],
        [1],
        bad(),
      ),
  ],
  // linalg
  ['linalg.pinv', 'linalg.pinv', () => linalg.pinv(m(), bad())],
  ['linalg.pinv (atoll)', 'linalg.pinv', () => linalg.pinv(m(), { atoll: 1e-3 } as unknown as linalg.PinvOptions)],
  ['linalg.qr', 'linalg.qr', () => linalg.qr(m(), bad())],
  ['linalg.cholesky', 'linalg.cholesky', () => linalg.cholesky(tg.eye(2, { dtype: 'float64' }), bad())],
  ['linalg.svd', 'linalg.svd', () => linalg.svd(m(), bad())],
  ['linalg.matrixRank', 'linalg.matrixRank', () => linalg.matrixRank(m(), bad())],
  ['linalg.lstsq', 'linalg.lstsq', () => linalg.lstsq(m(), m(), bad())],
  ['linalg.eigh', 'linalg.eigh', () => linalg.eigh(tg.eye(2, { dtype: 'float64' }), bad())],
  ['linalg.eigvalsh', 'linalg.eigvalsh', () => linalg.eigvalsh(tg.eye(2, { dtype: 'float64' }), bad())],
  [
    'linalg.solveTriangular',
    'linalg.solveTriangular',
    () => linalg.solveTriangular(tg.eye(2, { dtype: 'float64' }), m(), bad({ upper: true })),
  ],
  // nn.functional
  ['nn.functional.mseLoss', 'nn.functional.mseLoss', () => nn.functional.mseLoss(m(), m(), bad())],
  ['nn.functional.l1Loss', 'nn.functional.l1Loss', () => nn.functional.l1Loss(m(), m(), bad())],
  [
    'nn.functional.crossEntropy',
    'nn.functional.crossEntropy',
    () => nn.functional.crossEntropy(m(), tensor([0, 1], { dtype: 'int32' }), bad()),
  ],
  [
    'nn.functional.nllLoss',
    'nn.functional.nllLoss',
    () => nn.functional.nllLoss(m(), tensor([0, 1], { dtype: 'int32' }), bad()),
  ],
  [
    'nn.functional.binaryCrossEntropy',
    'nn.functional.binaryCrossEntropy',
    () => nn.functional.binaryCrossEntropy(m().sigmoid(), m().sigmoid(), bad()),
  ],
  [
    'nn.functional.binaryCrossEntropyWithLogits',
    'nn.functional.binaryCrossEntropyWithLogits',
    () => nn.functional.binaryCrossEntropyWithLogits(m(), m().sigmoid(), bad()),
  ],
  ['nn.functional.dropout', 'nn.functional.dropout', () => nn.functional.dropout(m(), bad())],
  ['nn.functional.pad', 'nn.functional.pad', () => nn.functional.pad(m(), [1, 1], bad())],
  [
    'nn.functional.conv1d',
    'nn.functional.conv1d',
    () => nn.functional.conv1d(tg.randn([1, 1, 5]), tg.randn([1, 1, 3]), null, bad()),
  ],
  [
    'nn.functional.conv2d',
    'nn.functional.conv2d',
    () => nn.functional.conv2d(tg.randn([1, 1, 4, 4]), tg.randn([1, 1, 3, 3]), null, bad()),
  ],
  ['nn.functional.maxPool1d', 'nn.functional.maxPool1d', () => nn.functional.maxPool1d(tg.randn([1, 1, 4]), 2, bad())],
  [
    'nn.functional.maxPool2d',
    'nn.functional.maxPool2d',
    () => nn.functional.maxPool2d(tg.randn([1, 1, 4, 4]), 2, bad()),
  ],
  ['nn.functional.avgPool1d', 'nn.functional.avgPool1d', () => nn.functional.avgPool1d(tg.randn([1, 1, 4]), 2, bad())],
  [
    'nn.functional.avgPool2d',
    'nn.functional.avgPool2d',
    () => nn.functional.avgPool2d(tg.randn([1, 1, 4, 4]), 2, bad()),
  ],
  [
    'nn.functional.scaledDotProductAttention',
    'nn.functional.scaledDotProductAttention',
    () => nn.functional.scaledDotProductAttention(tg.randn([1, 2, 4]), tg.randn([1, 2, 4]), tg.randn([1, 2, 4]), bad()),
  ],
  // nn modules
  ['nn.Linear', 'nn.Linear', () => new nn.Linear(2, 3, bad())],
  ['nn.Conv1d', 'nn.Conv1d', () => new nn.Conv1d(1, 1, 3, bad())],
  ['nn.Conv2d', 'nn.Conv2d', () => new nn.Conv2d(1, 1, 3, bad())],
  ['nn.Embedding', 'nn.Embedding', () => new nn.Embedding(4, 2, bad())],
  ['nn.Embedding.fromPretrained', 'nn.Embedding.fromPretrained', () => nn.Embedding.fromPretrained(m(), bad())],
  ['nn.LayerNorm', 'nn.LayerNorm', () => new nn.LayerNorm(2, bad())],
  ['nn.BatchNorm1d', 'nn.BatchNorm1d', () => new nn.BatchNorm1d(2, bad())],
  ['nn.BatchNorm2d', 'nn.BatchNorm2d', () => new nn.BatchNorm2d(2, bad())],
  ['nn.GELU', 'nn.GELU', () => new nn.GELU(bad())],
  ['nn.Softplus', 'nn.Softplus', () => new nn.Softplus(bad())],
  ['nn.MaxPool1d', 'nn.MaxPool1d', () => new nn.MaxPool1d(2, bad())],
  ['nn.MaxPool2d', 'nn.MaxPool2d', () => new nn.MaxPool2d(2, bad())],
  ['nn.AvgPool1d', 'nn.AvgPool1d', () => new nn.AvgPool1d(2, bad())],
  ['nn.AvgPool2d', 'nn.AvgPool2d', () => new nn.AvgPool2d(2, bad())],
  ['nn.MultiheadAttention', 'nn.MultiheadAttention', () => new nn.MultiheadAttention(4, 2, bad())],
  [
    'nn.MultiheadAttention.forward',
    'nn.MultiheadAttention',
    () => {
      const x = tg.randn([1, 3, 4]);
      return new nn.MultiheadAttention(4, 2).forward(x, x, x, bad());
    },
  ],
  // nn: the extra distances, losses and PReLU (activation-functions.ts … margin-losses.ts)
  ['nn.functional.normalize', 'nn.functional.normalize', () => nn.functional.normalize(m(), bad())],
  [
    'nn.functional.cosineSimilarity',
    'nn.functional.cosineSimilarity',
    () => nn.functional.cosineSimilarity(m(), m(), bad()),
  ],
  [
    'nn.functional.pairwiseDistance',
    'nn.functional.pairwiseDistance',
    () => nn.functional.pairwiseDistance(m(), m(), bad()),
  ],
  ['nn.functional.smoothL1Loss', 'nn.functional.smoothL1Loss', () => nn.functional.smoothL1Loss(m(), m(), bad())],
  ['nn.functional.huberLoss', 'nn.functional.huberLoss', () => nn.functional.huberLoss(m(), m(), bad())],
  ['nn.functional.klDiv', 'nn.functional.klDiv', () => nn.functional.klDiv(m(), m(), bad())],
  ['nn.functional.poissonNllLoss', 'nn.functional.poissonNllLoss', () => nn.functional.poissonNllLoss(m(), m(), bad())],
  [
    'nn.functional.gaussianNllLoss',
    'nn.functional.gaussianNllLoss',
    () => nn.functional.gaussianNllLoss(m(), m(), m().abs(), bad()),
  ],
  ['nn.functional.softMarginLoss', 'nn.functional.softMarginLoss', () => nn.functional.softMarginLoss(m(), m(), bad())],
  [
    'nn.functional.multilabelSoftMarginLoss',
    'nn.functional.multilabelSoftMarginLoss',
    () => nn.functional.multilabelSoftMarginLoss(m(), m(), bad()),
  ],
  [
    'nn.functional.marginRankingLoss',
    'nn.functional.marginRankingLoss',
    () => nn.functional.marginRankingLoss(m(), m(), m(), bad()),
  ],
  [
    'nn.functional.hingeEmbeddingLoss',
    'nn.functional.hingeEmbeddingLoss',
    () => nn.functional.hingeEmbeddingLoss(m(), m(), bad()),
  ],
  [
    'nn.functional.cosineEmbeddingLoss',
    'nn.functional.cosineEmbeddingLoss',
    () => nn.functional.cosineEmbeddingLoss(m(), m(), tg.ones([2], { dtype: 'float64' }), bad()),
  ],
  [
    'nn.functional.tripletMarginLoss',
    'nn.functional.tripletMarginLoss',
    () => nn.functional.tripletMarginLoss(m(), m(), m(), bad()),
  ],
  ['nn.PReLU', 'nn.PReLU', () => new nn.PReLU(1, 0.25, bad())],
  ['nn.CosineSimilarity', 'nn.CosineSimilarity', () => new nn.CosineSimilarity(bad())],
  ['nn.PairwiseDistance', 'nn.PairwiseDistance', () => new nn.PairwiseDistance(bad())],
  ['nn.SmoothL1Loss', 'nn.SmoothL1Loss', () => new nn.SmoothL1Loss(bad())],
  ['nn.HuberLoss', 'nn.HuberLoss', () => new nn.HuberLoss(bad())],
  ['nn.KLDivLoss', 'nn.KLDivLoss', () => new nn.KLDivLoss(bad())],
  ['nn.PoissonNLLLoss', 'nn.PoissonNLLLoss', () => new nn.PoissonNLLLoss(bad())],
  ['nn.GaussianNLLLoss', 'nn.GaussianNLLLoss', () => new nn.GaussianNLLLoss(bad())],
  ['nn.SoftMarginLoss', 'nn.SoftMarginLoss', () => new nn.SoftMarginLoss(bad())],
  ['nn.MultiLabelSoftMarginLoss', 'nn.MultiLabelSoftMarginLoss', () => new nn.MultiLabelSoftMarginLoss(bad())],
  ['nn.MarginRankingLoss', 'nn.MarginRankingLoss', () => new nn.MarginRankingLoss(bad())],
  ['nn.HingeEmbeddingLoss', 'nn.HingeEmbeddingLoss', () => new nn.HingeEmbeddingLoss(bad())],
  ['nn.CosineEmbeddingLoss', 'nn.CosineEmbeddingLoss', () => new nn.CosineEmbeddingLoss(bad())],
  ['nn.TripletMarginLoss', 'nn.TripletMarginLoss', () => new nn.TripletMarginLoss(bad())],
  ['nn.RNN', 'nn.RNN', () => new nn.RNN(2, 2, bad())],
  ['nn.LSTM', 'nn.LSTM', () => new nn.LSTM(2, 2, bad())],
  ['nn.GRU', 'nn.GRU', () => new nn.GRU(2, 2, bad())],
  ['nn.MSELoss', 'nn.MSELoss', () => new nn.MSELoss(bad())],
  ['nn.L1Loss', 'nn.L1Loss', () => new nn.L1Loss(bad())],
  ['nn.CrossEntropyLoss', 'nn.CrossEntropyLoss', () => new nn.CrossEntropyLoss(bad())],
  ['nn.NLLLoss', 'nn.NLLLoss', () => new nn.NLLLoss(bad())],
  ['nn.BCELoss', 'nn.BCELoss', () => new nn.BCELoss(bad())],
  ['nn.BCEWithLogitsLoss', 'nn.BCEWithLogitsLoss', () => new nn.BCEWithLogitsLoss(bad())],
  ['Module.registerBuffer', 'nn.Module.registerBuffer', () => new nn.Linear(2, 2).registerBuffer('b', m(), bad())],
  ['Module.stateDict', 'nn.Module.stateDict', () => new nn.Linear(2, 2).stateDict(bad())],
  [
    'Module.loadStateDict',
    'nn.Module.loadStateDict',
    () => {
      const lin = new nn.Linear(2, 2);
      return lin.loadStateDict(lin.stateDict(), bad());
    },
  ],
  // optim, schedulers, data
  ['optim.SGD', 'optim.SGD', () => new optim.SGD(params(), bad({ lr: 0.1 }))],
  ['optim.Adam', 'optim.Adam', () => new optim.Adam(params(), bad())],
  ['optim.AdamW', 'optim.AdamW', () => new optim.AdamW(params(), bad())],
  ['optim.RMSprop', 'optim.RMSprop', () => new optim.RMSprop(params(), bad())],
  ['optim.Adagrad', 'optim.Adagrad', () => new optim.Adagrad(params(), bad())],
  ['optim.Adamax', 'optim.Adamax', () => new optim.Adamax(params(), bad())],
  ['optim.NAdam', 'optim.NAdam', () => new optim.NAdam(params(), bad())],
  ['optim.RAdam', 'optim.RAdam', () => new optim.RAdam(params(), bad())],
  ['optim.Adadelta', 'optim.Adadelta', () => new optim.Adadelta(params(), bad())],
  ['optim.lrScheduler.StepLR', 'optim.StepLR', () => new optim.lrScheduler.StepLR(sgd(), bad({ stepSize: 1 }))],
  [
    'optim.lrScheduler.CosineAnnealingLR',
    'optim.CosineAnnealingLR',
    () => new optim.lrScheduler.CosineAnnealingLR(sgd(), bad({ tMax: 2 })),
  ],
  [
    'optim.lrScheduler.ExponentialLR',
    'optim.lrScheduler.ExponentialLR',
    () => new optim.lrScheduler.ExponentialLR(sgd(), bad({ gamma: 0.5 })),
  ],
  ['optim.lrScheduler.LinearLR', 'optim.lrScheduler.LinearLR', () => new optim.lrScheduler.LinearLR(sgd(), bad())],
  [
    'optim.lrScheduler.OneCycleLR',
    'optim.lrScheduler.OneCycleLR',
    () => new optim.lrScheduler.OneCycleLR(sgd(), bad({ maxLr: 1, totalSteps: 10 })),
  ],
  [
    'optim.lrScheduler.ReduceLROnPlateau',
    'optim.lrScheduler.ReduceLROnPlateau',
    () => new optim.lrScheduler.ReduceLROnPlateau(sgd(), bad()),
  ],
  [
    'data.DataLoader',
    'data.DataLoader',
    () => new data.DataLoader(new data.TensorDataset(m()), bad<data.DataLoaderOptions<Tensor[], Tensor[]>>()),
  ],
  ['data.randomSplit', 'data.randomSplit', () => data.randomSplit(new data.TensorDataset(m()), [1, 1], bad())],
];

describe('every options object rejects an unknown key (DtypeError naming the op and the key)', () => {
  it.each(ROWS)('%s', (_name, op, call) => {
    let thrown: unknown;
    try {
      call();
    } catch (error) {
      thrown = error;
    }
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    expect(thrown, message).toBeInstanceOf(tg.DtypeError);
    expect(message.startsWith(`${op}: `) || message.startsWith(`${op}.`), message).toBe(true);
    expect(message).toMatch(/unknown option "(zzNotAnOption|atoll)"/);
  });
});

/** `export function name(…opts…)` and `constructor(…opts…)` signatures of the shipped sources. */
function optionsTakers(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        const source = readFileSync(path, 'utf8');
        for (const match of source.matchAll(/export function (\w+)(?:<[^>]*>)?\(([^)]*)\)/g)) {
          if (/\b(opts|options)\??:/.test(match[2] ?? '')) found.push(match[1] as string);
        }
        for (const match of source.matchAll(/\n {2}(?:protected )?constructor\(([^)]*)\)/g)) {
          const before = source.slice(0, match.index);
          const owner = [...before.matchAll(/\bclass (\w+)/g)].at(-1)?.[1];
          if (owner && /\b(opts|options)\??:/.test(match[1] ?? '')) found.push(owner);
        }
      }
    }
  };
  for (const pkg of ['core', 'autograd', 'linalg', 'nn']) walk(join(__dirname, '..', '..', 'packages', pkg, 'src'));
  return found;
}

it('the table covers every exported function and class constructor that takes an options object', () => {
  const covered = ROWS.map(([name]) => name);
  // Internal helpers (their public callers have rows), abstract bases (rows of every subclass) and aliases.
  const internal = new Set([
    ...['readOptions', 'reductionOption', 'checkMatrix', 'optionsObject', 'pinvImpl', 'padWith', 'gradWithOp'],
    ...['readPlainArgs', 'readGradcheckOptions', 'mismatchBody', 'createSvdWorkspace'],
    ...['ConvNd', 'BatchNorm', 'Optimizer', 'Pool', 'ReducedLoss', 'DeclaredLoss', 'pointwiseLoss', 'RecurrentBase'],
    'DeclaredModule',
    'readKlDivOptions',
    'variance', // exported as `var`
    'TapegradError', // (message, ErrorOptions): Error's own options ({ cause }), not a tapegrad options object
  ]);
  const missing = optionsTakers().filter(
    (name) => !internal.has(name) && !covered.some((row) => row === name || row.endsWith(`.${name}`)),
  );
  expect(missing).toEqual([]);
});
