/**
 * Rows of `optim.*`: optimizer and scheduler constructors with bad options, steps with bad gradients and state dicts
 * that must be rejected without changing anything (the tracker snapshots the model / optimizer / scheduler before
 * each call).
 */
import type { Tensor } from 'tapegrad';
import { type nn, optim } from 'tapegrad';
import { json, model, trained } from './nn';
import { as, type BadCase, bad, f32, f64, i32, type Table, type Track } from './types';

type AnyOptimizer = optim.Optimizer<optim.BaseOptions, optim.ParamState>;
type OptimizerName = 'SGD' | 'Adam' | 'AdamW';
const OPTIMIZERS: readonly OptimizerName[] = ['SGD', 'Adam', 'AdamW'];

function makeOptimizer(
  name: OptimizerName,
  params: Tensor[],
  options: Record<string, unknown> = { lr: 0.1 },
): AnyOptimizer {
  const Ctor = optim[name] as unknown as new (p: unknown, o: unknown) => AnyOptimizer;
  return new Ctor(params, options);
}

/** An optimizer over a trained model that already took a step (so it has state). */
function steppedOptimizer(name: OptimizerName): { opt: AnyOptimizer; m: nn.Sequential } {
  const m = trained();
  const opt = makeOptimizer(name, m.parameters(), name === 'SGD' ? { lr: 0.1, momentum: 0.9 } : { lr: 0.1 });
  opt.step();
  m.forward(f64([4, 2], 3))
    .sum()
    .backward();
  return { opt, m };
}

/** Optimizer constructor cases for one class. */
function optimizerCtorCases(name: OptimizerName): BadCase[] {
  const op = `optim.${name}`;
  const p = (): Tensor[] => model().parameters();
  const cases: BadCase[] = [
    bad('an empty parameter list', 'ShapeError', () => makeOptimizer(name, []), op),
    bad('parameters that are not iterable', 'DtypeError', () => makeOptimizer(name, as<Tensor[]>(5)), op),
    bad(
      'a parameter that is not a tensor',
      'DtypeError',
      () => makeOptimizer(name, as<Tensor[]>([{ shape: [1] }])),
      op,
    ),
    bad('an int32 parameter', 'DtypeError', (t) => makeOptimizer(name, [t(i32([1]))]), op),
    bad('a non-leaf parameter', 'DtypeError', () => makeOptimizer(name, [f64().requiresGrad_().mul(2)]), op),
    bad(
      'a view parameter',
      'DtypeError',
      () => makeOptimizer(name, [f64().requiresGrad_().detach().T.requiresGrad_()]),
      op,
    ),
    bad(
      'a parameter in two groups',
      'DtypeError',
      () => {
        const w = f64().requiresGrad_();
        return makeOptimizer(name, as<Tensor[]>([{ params: [w] }, { params: [w] }]));
      },
      op,
    ),
    bad('options null', 'DtypeError', () => makeOptimizer(name, p(), as<Record<string, unknown>>(null)), op),
    bad('lr "0.1"', 'DtypeError', () => makeOptimizer(name, p(), { lr: '0.1' }), op),
    bad('lr -1', 'DtypeError', () => makeOptimizer(name, p(), { lr: -1 }), op),
    bad('lr NaN', 'DtypeError', () => makeOptimizer(name, p(), { lr: Number.NaN }), op),
    bad(
      'weightDecay Infinity',
      'DtypeError',
      () => makeOptimizer(name, p(), { lr: 0.1, weightDecay: Number.POSITIVE_INFINITY }),
      op,
    ),
    bad('an unknown option', 'DtypeError', () => makeOptimizer(name, p(), { lr: 0.1, learningRate: 0.1 }), op),
    bad('maximize "yes"', 'DtypeError', () => makeOptimizer(name, p(), { lr: 0.1, maximize: 'yes' }), op),
  ];
  if (name === 'SGD') {
    cases.push(
      bad('nesterov without momentum', 'DtypeError', () => makeOptimizer(name, p(), { lr: 0.1, nesterov: true }), op),
      bad('momentum -0.5', 'DtypeError', () => makeOptimizer(name, p(), { lr: 0.1, momentum: -0.5 }), op),
    );
  } else {
    cases.push(
      bad('betas [1, 0.9] (β₁ = 1)', 'DtypeError', () => makeOptimizer(name, p(), { lr: 0.1, betas: [1, 0.9] }), op),
      bad('betas "0.9"', 'DtypeError', () => makeOptimizer(name, p(), { lr: 0.1, betas: '0.9' }), op),
      bad('eps -1', 'DtypeError', () => makeOptimizer(name, p(), { lr: 0.1, eps: -1 }), op),
    );
  }
  return cases;
}

/** Optimizer#step cases: a bad gradient anywhere must leave every parameter and the state untouched. */
function stepCases(): BadCase[] {
  return OPTIMIZERS.flatMap((name): BadCase[] => {
    const op = `optim.${name}.step`;
    const withGrad = (t: Track, g: unknown): unknown => {
      const { opt, m } = steppedOptimizer(name);
      m.parameters().at(-1)!.grad = as<Tensor>(g);
      t(opt);
      t(m);
      return opt.step();
    };
    return [
      bad(`${name}: the last parameter's gradient of the wrong shape`, 'ShapeError', (t) => withGrad(t, f64([7])), op),
      bad(`${name}: the last parameter's gradient of the wrong dtype`, 'DtypeError', (t) => withGrad(t, f32([1])), op),
      bad(`${name}: the last parameter's gradient not a tensor`, 'DtypeError', (t) => withGrad(t, [0.5]), op),
      bad(
        `${name}: a closure that is not a function`,
        'DtypeError',
        (t) => {
          const { opt, m } = steppedOptimizer(name);
          t(opt);
          t(m);
          return opt.step(as<() => Tensor>('loss'));
        },
        op,
      ),
    ];
  });
}

/** Optimizer#loadStateDict cases: a spoiled state dict of an identical optimizer. */
function optimizerLoadCases(): BadCase[] {
  return OPTIMIZERS.flatMap((name): BadCase[] => {
    const op = `optim.${name}.loadStateDict`;
    const load = (t: Track, spoil: (sd: Record<string, unknown>) => unknown) => {
      const { opt } = steppedOptimizer(name);
      t(opt);
      const sd = json(steppedOptimizer(name).opt.stateDict());
      const replaced = spoil(sd);
      return opt.loadStateDict(replaced === undefined ? sd : replaced);
    };
    type Sd = { state: Record<string, Record<string, unknown>>; paramGroups: Record<string, unknown>[] };
    const tensorKey = name === 'SGD' ? 'momentumBuffer' : 'expAvg';
    return [
      bad(
        `${name}: an unexpected top-level key`,
        'DtypeError',
        (t) =>
          load(t, (sd) => {
            sd.extra = 1;
          }),
        op,
      ),
      bad(
        `${name}: a "__proto__" key`,
        'DtypeError',
        (t) => load(t, (sd) => JSON.parse(JSON.stringify(sd).replace('{', '{"__proto__": {"lr": 1},'))),
        op,
      ),
      bad(
        `${name}: the wrong number of groups`,
        'ShapeError',
        (t) => load(t, (sd) => void (sd as unknown as Sd).paramGroups.push({})),
        op,
      ),
      bad(
        `${name}: lr "x" in a group`,
        'DtypeError',
        (t) =>
          load(t, (sd) => {
            (sd as unknown as Sd).paramGroups[0].lr = 'x';
          }),
        op,
      ),
      bad(
        `${name}: an unknown option in a group`,
        'DtypeError',
        (t) =>
          load(t, (sd) => {
            (sd as unknown as Sd).paramGroups[0].bogus = 1;
          }),
        op,
      ),
      bad(
        `${name}: a state entry for a parameter that does not exist`,
        'DtypeError',
        (t) =>
          load(t, (sd) => {
            (sd as unknown as Sd).state['99'] = (sd as unknown as Sd).state['0'];
          }),
        op,
      ),
      bad(
        `${name}: a state buffer of the wrong shape (in the last parameter)`,
        'ShapeError',
        (t) =>
          load(t, (sd) => {
            ((sd as unknown as Sd).state['3'][tensorKey] as { shape: number[] }).shape = [9];
          }),
        op,
      ),
      bad(
        `${name}: a non-numeric state value`,
        'DtypeError',
        (t) =>
          load(t, (sd) => {
            ((sd as unknown as Sd).state['3'][tensorKey] as { data: unknown[] }).data[0] = 'x';
          }),
        op,
      ),
      bad(
        `${name}: a duplicated parameter index`,
        'DtypeError',
        (t) =>
          load(t, (sd) => {
            (sd as unknown as Sd).paramGroups[0].params = [0, 0, 1, 2];
          }),
        op,
      ),
      bad(`${name}: not an object`, 'DtypeError', (t) => load(t, () => 'state'), op),
      ...(name === 'SGD'
        ? []
        : [
            bad(
              `${name}: a fractional step count`,
              'DtypeError',
              (t) =>
                load(t, (sd) => {
                  (sd as unknown as Sd).state['3'].step = 1.5;
                }),
              op,
            ),
            bad(
              `${name}: a missing step count`,
              'DtypeError',
              (t) => load(t, (sd) => void delete (sd as unknown as Sd).state['3'].step),
              op,
            ),
          ]),
    ];
  });
}

function scheduler(t: Track | null = null): optim.StepLR {
  const { opt } = steppedOptimizer('SGD');
  if (t) t(opt);
  return new optim.StepLR(opt, { stepSize: 2 });
}

const table: Table = {
  // ---------------------------------------------------------------- optim
  'optim.Optimizer': {
    exempt: 'the abstract base class (protected constructor); its subclasses SGD, Adam and AdamW have rows',
  },
  ...Object.fromEntries(
    OPTIMIZERS.map((name) => [
      `optim.${name}`,
      { ok: () => makeOptimizer(name, model().parameters()), bad: optimizerCtorCases(name) },
    ]),
  ),
  ...Object.fromEntries(
    OPTIMIZERS.map((name) => [
      `optim.${name}#update`,
      { exempt: 'the protected per-parameter update, called only by Optimizer#step after validation' },
    ]),
  ),
  'optim.Optimizer#addParamGroup': {
    ok: () => makeOptimizer('Adam', model().parameters()).addParamGroup({ params: [f64().requiresGrad_()], lr: 0.5 }),
    bad: [
      bad(
        'a parameter already in a group',
        'DtypeError',
        (t) => {
          const m = model();
          return t(makeOptimizer('Adam', m.parameters())).addParamGroup({ params: [m.parameters()[0]] });
        },
        'optim.Adam.addParamGroup',
      ),
      bad(
        'a group that is not an object',
        'DtypeError',
        (t) => t(makeOptimizer('SGD', model().parameters())).addParamGroup(as<{ params: Tensor[] }>(5)),
        'optim.SGD.addParamGroup',
      ),
      bad(
        'lr "x"',
        'DtypeError',
        (t) =>
          t(makeOptimizer('AdamW', model().parameters())).addParamGroup({
            params: [f64().requiresGrad_()],
            lr: as<number>('x'),
          }),
        'optim.AdamW.addParamGroup',
      ),
      bad(
        'params not iterable',
        'DtypeError',
        (t) => t(makeOptimizer('SGD', model().parameters())).addParamGroup(as<{ params: Tensor[] }>({ params: 1 })),
        'optim.SGD.addParamGroup',
      ),
    ],
  },
  // (step, loadStateDict and LRScheduler#step change their receiver by design: their valid calls track no input)
  'optim.Optimizer#step': { ok: () => steppedOptimizer('Adam').opt.step(), bad: stepCases() },
  'optim.Optimizer#zeroGrad': {
    ok: () => steppedOptimizer('SGD').opt.zeroGrad(),
    bad: [],
    noBadInput: 'takes no arguments',
  },
  'optim.Optimizer#stateDict': {
    ok: (t) => t(steppedOptimizer('AdamW').opt).stateDict(),
    bad: [],
    noBadInput: 'takes no arguments',
  },
  'optim.Optimizer#loadStateDict': {
    ok: () => {
      const { opt } = steppedOptimizer('Adam');
      opt.loadStateDict(json(steppedOptimizer('Adam').opt.stateDict()));
    },
    bad: optimizerLoadCases(),
  },
  'optim.Optimizer#gradientOf': { exempt: 'TypeScript-private helper of step' },
  'optim.Optimizer#encodeState': { exempt: 'TypeScript-private helper of stateDict' },
  'optim.Optimizer#decodeState': { exempt: 'TypeScript-private helper of loadStateDict' },
  // ---------------------------------------------------------------- schedulers
  'optim.LRScheduler': {
    exempt: 'the abstract base class (protected constructor); StepLR and CosineAnnealingLR have rows',
  },
  'optim.StepLR': {
    ok: () => scheduler(),
    bad: [
      bad('stepSize 0', 'DtypeError', (t) => new optim.StepLR(t(steppedOptimizer('SGD').opt), { stepSize: 0 })),
      bad(
        'stepSize "2"',
        'DtypeError',
        (t) => new optim.StepLR(t(steppedOptimizer('SGD').opt), { stepSize: as<number>('2') }),
      ),
      bad(
        'gamma NaN',
        'DtypeError',
        (t) => new optim.StepLR(t(steppedOptimizer('SGD').opt), { stepSize: 1, gamma: Number.NaN }),
      ),
      bad(
        'no options',
        'DtypeError',
        (t) => new optim.StepLR(t(steppedOptimizer('SGD').opt), as<optim.StepLROptions>(undefined)),
      ),
      bad('an optimizer that is not one', 'DtypeError', () => new optim.StepLR(as<AnyOptimizer>({}), { stepSize: 1 })),
    ],
  },
  'optim.CosineAnnealingLR': {
    ok: () => new optim.CosineAnnealingLR(steppedOptimizer('Adam').opt, { tMax: 10, etaMin: 1e-4 }),
    bad: [
      bad('tMax -1', 'DtypeError', (t) => new optim.CosineAnnealingLR(t(steppedOptimizer('SGD').opt), { tMax: -1 })),
      bad(
        'etaMin "0"',
        'DtypeError',
        (t) => new optim.CosineAnnealingLR(t(steppedOptimizer('SGD').opt), { tMax: 2, etaMin: as<number>('0') }),
      ),
      bad(
        'an optimizer that is not one',
        'DtypeError',
        () => new optim.CosineAnnealingLR(as<AnyOptimizer>(null), { tMax: 2 }),
      ),
    ],
  },
  'optim.LRScheduler#step': {
    ok: () => scheduler().step(),
    bad: [
      bad(
        'an optimizer that gained a parameter group since',
        'ShapeError',
        (t) => {
          const s = scheduler();
          s.optimizer.addParamGroup({ params: [f64().requiresGrad_()] });
          t(s);
          return s.step();
        },
        'optim.StepLR.step',
      ),
    ],
  },
  'optim.LRScheduler#getLastLr': { ok: (t) => t(scheduler()).getLastLr(), bad: [], noBadInput: 'takes no arguments' },
  'optim.LRScheduler#stateDict': { ok: (t) => t(scheduler()).stateDict(), bad: [], noBadInput: 'takes no arguments' },
  'optim.LRScheduler#loadStateDict': {
    ok: () => scheduler().loadStateDict({ lastEpoch: 3, baseLrs: [0.5] }),
    bad: [
      bad('an unexpected key', 'DtypeError', (t) =>
        t(scheduler()).loadStateDict({ lastEpoch: 1, baseLrs: [0.1], extra: 1 }),
      ),
      bad('lastEpoch 1.5', 'DtypeError', (t) => t(scheduler()).loadStateDict({ lastEpoch: 1.5, baseLrs: [0.1] })),
      bad('baseLrs of the wrong length', 'ShapeError', (t) =>
        t(scheduler()).loadStateDict({ lastEpoch: 1, baseLrs: [0.1, 0.2] }),
      ),
      bad('a NaN base lr', 'DtypeError', (t) => t(scheduler()).loadStateDict({ lastEpoch: 1, baseLrs: [Number.NaN] })),
      bad('a "__proto__" key', 'DtypeError', (t) =>
        t(scheduler()).loadStateDict(JSON.parse('{"__proto__": {}, "lastEpoch": 1, "baseLrs": [0.1]}')),
      ),
      bad('not an object', 'DtypeError', (t) => t(scheduler()).loadStateDict([1])),
    ].map((c) => ({ ...c, op: 'optim.StepLR.loadStateDict' })),
  },
};

export default table;
