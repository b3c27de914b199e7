/**
 * Every public function, constructor and method of 'tapegrad' called with garbage arguments (issue #17): whatever it
 * is given, a call either returns or throws a TapegradError whose message starts with the name of the op that was
 * called — never a plain TypeError/RangeError, never an error naming an internal helper, never a hang or a crash.
 * Arguments are drawn (seeded) from a pool of hostile values: wrong JS types, symbols, bigints, revoked Proxies,
 * throwing getters, holes, NaN/±∞, huge and fractional numbers, tensors of every dtype and rank, a tensor whose
 * ArrayBuffer was detached. Global state (grad mode, default dtype, the tape, warning filters) is restored after
 * every call.
 */

import { installTape } from '@tapegrad/autograd/internal';
import { lcg } from '@tapegrad/testing/random';
import { guarded } from '@tapegrad/testing/reliability';
import * as tg from 'tapegrad';
import { afterAll, describe, expect, it } from 'vitest';
import { isClass, publicFunctions, resolve } from './exports';
import { defaultOp, TABLE } from './table';

/** A tensor whose zero-copy ArrayBuffer was transferred away after the tensor was made. */
function detachedTensor(): tg.Tensor {
  const data = new Float64Array([1, 2, 3, 4]);
  const t = tg.tensor(data, { shape: [2, 2] });
  structuredClone(data.buffer, { transfer: [data.buffer] });
  return t;
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

const throwing = new Proxy(
  {},
  {
    get() {
      throw new Error('trap');
    },
    ownKeys() {
      throw new Error('trap');
    },
    getPrototypeOf() {
      throw new Error('trap');
    },
    has() {
      throw new Error('trap');
    },
  },
);

/** Hostile values, created fresh for every call (a call may not disturb the next one). */
const POOL: (() => unknown)[] = [
  () => undefined,
  () => null,
  () => Number.NaN,
  () => -1,
  () => 0.5,
  () => 2 ** 53,
  () => -1e300,
  () => Number.NEGATIVE_INFINITY,
  () => '',
  () => 'abc',
  () => Symbol('garbage'),
  () => true,
  () => 1n,
  () => [],
  () => [[]],
  () => [1, 'a'],
  () => new Array(3),
  () => ({}),
  () => ({ re: 1 }),
  () => Object.create(null),
  () => () => 0,
  () => revokedProxy(),
  () => throwing,
  () => new Date(0),
  () => new Float64Array(3),
  () => new Uint8Array([0, 2, 255]),
  () => tg.tensor([1.5, -2], { dtype: 'float64' }),
  () =>
    tg.tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: 'float64', requiresGrad: true },
    ),
  () => tg.tensor(3),
  () => tg.zeros([0, 3]),
  () => tg.tensor([1, 2], { dtype: 'int32' }),
  () => tg.tensor([true, false]),
  () => tg.tensor([{ re: 1, im: 2 }]),
  () => detachedTensor(),
];

/**
 * The op names a function's errors may start with: those its bad-input table row documents (the row's op and the op
 * of each of its cases: e.g. a loss module's forward names its functional op), else the default for its path; null
 * for an exempt export.
 */
function opNamesOf(path: string, fn: unknown): string[] | null {
  for (const [key, entry] of Object.entries(TABLE)) {
    if (resolve(key) !== fn) continue;
    if ('exempt' in entry) return null;
    const own = entry.op ?? defaultOp(key);
    return [own, ...entry.bad.map((c) => c.op ?? own)];
  }
  return [defaultOp(path)];
}

/** Small constructor arguments tried, in order, for a class that has neither a candidate nor a table row. */
const CONSTRUCTOR_ARGS: unknown[][] = [[], [2], [2, 2], [4, 2], [[2]], [tg.zeros([4, 2])]];

/**
 * A maker of instances for the `this` of a class's prototype methods, found automatically so that classes added
 * later are fuzzed too: an explicit candidate, else the valid call of the class's table row when it returns an
 * instance, else the first of {@link CONSTRUCTOR_ARGS} that constructs one. Throws (failing the run) when none does.
 */
function makerOf(path: string): () => unknown {
  const param = () => tg.tensor([1, 2], { dtype: 'float64', requiresGrad: true });
  const opt = () => new tg.optim.SGD([param()], { lr: 0.1 });
  const candidates: Record<string, () => unknown> = {
    Tensor: () =>
      tg.tensor(
        [
          [1, 2],
          [3, 4],
        ],
        { dtype: 'float64' },
      ),
    'autograd.Node': () => tg.tensor([1], { dtype: 'float64', requiresGrad: true }).mul(2).gradFn,
    'nn.data.DataLoader': () => new tg.nn.data.DataLoader(new tg.nn.data.TensorDataset(tg.zeros([4, 2])), {}),
    'nn.data.Subset': () => new tg.nn.data.Subset(new tg.nn.data.TensorDataset(tg.zeros([4, 2])), [0, 1]),
    'nn.Module': () => new tg.nn.Sequential(new tg.nn.Linear(2, 2)),
    'nn.optim.Optimizer': opt,
    'nn.optim.lrScheduler.LRScheduler': () => new tg.optim.lrScheduler.StepLR(opt(), { stepSize: 1 }),
  };
  const explicit = candidates[path];
  if (explicit !== undefined) return explicit;
  const cls = resolve(path) as new (...args: unknown[]) => unknown;
  const works = (make: () => unknown): boolean => {
    try {
      return tg.warnings.record(make).result instanceof cls;
    } catch {
      return false;
    } finally {
      restoreGlobals();
    }
  };
  const row = Object.entries(TABLE).find(([key]) => resolve(key) === cls)?.[1];
  if (row !== undefined && 'ok' in row && row.ok !== undefined) {
    const ok = row.ok;
    const make = () => ok(<T>(value: T) => value);
    if (works(make)) return make;
  }
  for (const args of CONSTRUCTOR_ARGS) {
    const make = () => Reflect.construct(cls, args);
    if (works(make)) return make;
  }
  throw new Error(`fuzz: cannot make an instance of ${path}: add a candidate to makerOf`);
}

interface Target {
  path: string;
  ops: string[];
  call: (args: unknown[]) => unknown;
}

function targets(): Target[] {
  const out: Target[] = [];
  const makers = new Map<string, () => unknown>();
  for (const { path, fn } of publicFunctions()) {
    const names = opNamesOf(path, fn);
    if (names === null) continue;
    const [owner, member] = path.split('#');
    if (member !== undefined) {
      const make = makers.get(owner) ?? makerOf(owner);
      makers.set(owner, make);
      // A method inherited by the instance's class is named after that class (sgd.step() → "optim.SGD.step").
      const instanceName = (make() as object).constructor.name;
      const ops = [...names, `optim.${instanceName}.${member}`, `nn.${instanceName}.${member}`];
      const proto = (resolve(owner) as { prototype: object }).prototype;
      const descriptor = Object.getOwnPropertyDescriptor(proto, member);
      if (descriptor?.get === fn) out.push({ path, ops, call: () => Reflect.get(proto, member, make()) });
      else if (descriptor?.set === fn)
        out.push({ path, ops, call: (args) => Reflect.set(proto, member, args[0], make()) });
      else out.push({ path, ops, call: (args) => (fn as (...a: unknown[]) => unknown).apply(make(), args) });
    } else if (isClass(fn)) {
      out.push({ path, ops: names, call: (args) => Reflect.construct(fn as new (...a: unknown[]) => unknown, args) });
    } else out.push({ path, ops: names, call: (args) => (fn as (...a: unknown[]) => unknown)(...args) });
  }
  return out;
}

function restoreGlobals(): void {
  tg.setGradEnabled(true);
  tg.setDefaultDtype('float32');
  tg.setNumThreads(1);
  tg.warnings.resetFilters();
  installTape();
}

/**
 * Plumbing of the internal subpaths takes the name of the op to report as its first argument when that is a string
 * (readOptions, normalizeDim, recordNode…): its errors may start with that name, else with its own.
 */
const opParameterized = (path: string): boolean => path.startsWith('internal.');

/** Why one call with `args` broke the contract, or null. */
function problem(target: Target, args: unknown[]): string | null {
  if (opParameterized(target.path) && typeof args[0] === 'string')
    return problem({ ...target, ops: [...target.ops, args[0]], path: '' }, args);
  try {
    tg.warnings.record(() => target.call(args));
    return null;
  } catch (e) {
    if (!(e instanceof tg.TapegradError)) {
      const err = e as Error;
      return `threw a non-tapegrad ${err?.name ?? typeof e}: ${String(err?.message ?? e).slice(0, 160)}`;
    }
    if (!target.ops.some((op) => e.message.startsWith(`${op}: `)))
      return `message does not start with "${target.ops[0]}: ": ${e.message.slice(0, 160)}`;
    return null;
  } finally {
    restoreGlobals();
  }
}

const CALLS_PER_TARGET = 12;
const found: string[] = [];

describe('fuzz: every export with garbage arguments', () => {
  const all = targets();

  it('enumerates the public surface', () => {
    expect(all.length).toBeGreaterThan(400);
  });

  // One test per namespace keeps the output readable; each collects every broken call.
  const groups = new Map<string, Target[]>();
  for (const t of all) {
    const group = t.path.includes('#') ? t.path.split('#')[0] : t.path.split('.').slice(0, -1).join('.') || '(top)';
    groups.set(group, [...(groups.get(group) ?? []), t]);
  }
  for (const [group, list] of groups) {
    it(`${group}: only typed errors naming the called op`, () => {
      const failures: string[] = [];
      for (const target of list) {
        const next = lcg(target.path.length * 7919 + target.path.charCodeAt(0));
        for (let k = 0; k < CALLS_PER_TARGET; k++) {
          const arity = k % 4;
          const picks = Array.from({ length: arity }, () => Math.floor(next() * POOL.length));
          const args = picks.map((i) => POOL[i]());
          const why = guarded(`${target.path}(${picks.join(', ')})`, () => problem(target, args));
          if (why !== null) failures.push(`${target.path}(pool ${picks.join(', ')}): ${why}`);
        }
      }
      found.push(...failures);
      if (failures.length > 0) expect.fail(`${failures.length} broken calls:\n${[...new Set(failures)].join('\n')}`);
    });
  }
});

afterAll(() => {
  if (found.length > 0) process.stdout.write(`fuzz: ${found.length} broken calls\n`);
});
