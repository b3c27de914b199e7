/** ModuleList and ModuleDict: containers that register their modules as children (torch.nn.ModuleList/ModuleDict). */
import { DtypeError, ShapeError } from '@tapegrad/core';
import { copyIterable, copyRecord, describeValue } from '@tapegrad/core/internal';
import { MAX_PARAMETERS } from './checks';
import { Module } from './module';

function requireModule(op: string, m: unknown, where: string): Module {
  if (!(m instanceof Module)) throw new DtypeError(`${op}: expected a Module ${where}, got ${describeValue(m)}`);
  return m;
}

/**
 * Child `index` of a module holding `length` children as the properties `"0"` … (negative indices count from the
 * end), as ModuleList.at and Sequential.at read it. @internal
 */
export function childAt(op: string, owner: Module, index: number, length: number): Module {
  const i = typeof index === 'number' && index < 0 ? index + length : index;
  if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= length)
    throw new ShapeError(
      `${op}: index out of range for ${length} modules (expected an integer in [${-length}, ${length - 1}], got ${describeValue(index)})`,
    );
  const m: unknown = Reflect.get(owner, String(i));
  if (!(m instanceof Module)) throw new DtypeError(`${op}: entry ${i} is ${describeValue(m)}, not a Module`);
  return m;
}

function define(target: object, key: string, value: Module): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A list of modules whose parameters belong to the owner (torch.nn.ModuleList): child `i` is the property `"i"`, so
 * names are `"0.weight"`, `"1.weight"`, …. Iterable; it has no forward of its own.
 * @example
 * ```ts
 * const blocks = new nn.ModuleList([new nn.Linear(4, 4), new nn.Linear(4, 4)]);
 * let x = ones([1, 4]);
 * for (const block of blocks) x = (block as nn.Linear).forward(x);
 * blocks.parameters().length; // 4
 * ```
 */
export class ModuleList extends Module implements Iterable<Module> {
  #length = 0;

  constructor(modules: Iterable<Module> = []) {
    super();
    const items = copyIterable('nn.ModuleList', modules, 'modules', MAX_PARAMETERS);
    if (items === undefined)
      throw new DtypeError(`nn.ModuleList: expected an array of modules, got ${describeValue(modules)}`);
    for (const [i, m] of items.entries()) this.#push(requireModule('nn.ModuleList', m, `at position ${i}`));
  }

  /** Number of modules. */
  get length(): number {
    return this.#length;
  }

  /**
   * The i-th module (negative indices count from the end).
   * @example `new nn.ModuleList([new nn.ReLU()]).at(-1) instanceof nn.ReLU; // true`
   */
  at(index: number): Module {
    return childAt('nn.ModuleList.at', this, index, this.#length);
  }

  /**
   * Adds a module at the end; returns `this`.
   * @example `new nn.ModuleList().append(new nn.ReLU()).length; // 1`
   */
  append(module: Module): this {
    this.#push(requireModule('nn.ModuleList.append', module, 'to append'));
    return this;
  }

  #push(module: Module): void {
    define(this, String(this.#length), module);
    this.#length += 1;
  }

  /**
   * Adds several modules at the end; returns `this`.
   * @example `new nn.ModuleList().extend([new nn.ReLU(), new nn.Tanh()]).length; // 2`
   */
  extend(modules: Iterable<Module>): this {
    const op = 'nn.ModuleList.extend';
    const items = copyIterable(op, modules, 'modules', MAX_PARAMETERS);
    if (items === undefined)
      throw new DtypeError(`${op}: expected an iterable of modules, got ${describeValue(modules)}`);
    const checked = items.map((m, i) => requireModule(op, m, `at position ${i}`));
    for (const m of checked) this.#push(m);
    return this;
  }

  /** The modules in order. */
  *[Symbol.iterator](): Iterator<Module> {
    for (let i = 0; i < this.#length; i++) yield this.at(i);
  }

  /** A ModuleList has no forward: call its modules. */
  forward(): never {
    throw new DtypeError(
      'nn.ModuleList.forward: a ModuleList has no forward (expected calls of its modules, got a call of the list)',
    );
  }
}

/**
 * Named modules whose parameters belong to the owner (torch.nn.ModuleDict): the module under `key` is the property
 * `key`, so names are `"key.weight"`. Keys are non-empty strings without "." that do not shadow a Module member
 * (`forward`, `training`, …); like every JavaScript object, integer-like keys are listed first.
 * @example
 * ```ts
 * const heads = new nn.ModuleDict({ cls: new nn.Linear(8, 3), box: new nn.Linear(8, 4) });
 * heads.get('box').parameters()[0].shape; // [4, 8]
 * [...heads.keys()]; // ['cls', 'box']
 * ```
 */
export class ModuleDict extends Module {
  constructor(modules: Record<string, Module> | Iterable<[string, Module]> = {}) {
    super();
    const op = 'nn.ModuleDict';
    const pairs = copyIterable(op, modules, '[key, module] pairs', MAX_PARAMETERS);
    const record = pairs === undefined ? copyRecord(op, modules, 'an object of modules') : undefined;
    if (pairs === undefined && record === undefined)
      throw new DtypeError(`${op}: expected an object of modules, got ${describeValue(modules)}`);
    const entries: [string, unknown][] =
      pairs?.map((e) => {
        const pair = copyIterable(op, e, 'a [key, module] pair', 3);
        if (pair === undefined || pair.length !== 2)
          throw new DtypeError(`${op}: expected [key, module] pairs, got ${describeValue(e)}`);
        return [pair[0], pair[1]] as [string, unknown];
      }) ?? Object.entries(record ?? {});
    for (const [key, m] of entries) this.set(key, m as Module);
  }

  /**
   * Adds or replaces the module under `key`; returns `this`.
   * @example `new nn.ModuleDict().set('act', new nn.ReLU()).has('act'); // true`
   */
  set(key: string, module: Module): this {
    const op = 'nn.ModuleDict.set';
    if (typeof key !== 'string' || key === '' || key.includes('.'))
      throw new DtypeError(`${op}: expected a non-empty key without ".", got ${describeValue(key)}`);
    if (key in this && !this.has(key))
      throw new DtypeError(
        `${op}: expected a key that does not shadow a member of the module, got ${JSON.stringify(key)}`,
      );
    define(this, key, requireModule(op, module, `for "${key}"`));
    return this;
  }

  /**
   * The module under `key` (ShapeError when absent).
   * @example `new nn.ModuleDict({ act: new nn.ReLU() }).get('act') instanceof nn.ReLU; // true`
   */
  get(key: string): Module {
    if (!this.has(key))
      throw new ShapeError(
        `nn.ModuleDict.get: no module under that key (expected one of ${this.keys().join(', ')}, got ${describeValue(key)})`,
      );
    return Reflect.get(this, key) as Module;
  }

  /**
   * Whether a module is stored under `key`.
   * @example `new nn.ModuleDict().has('x'); // false`
   */
  has(key: string): boolean {
    return typeof key === 'string' && Object.hasOwn(this, key) && Reflect.get(this, key) instanceof Module;
  }

  /**
   * Removes and returns the module under `key`.
   * @example `new nn.ModuleDict({ a: new nn.ReLU() }).pop('a') instanceof nn.ReLU; // true`
   */
  pop(key: string): Module {
    const m = this.get(key);
    Reflect.deleteProperty(this, key);
    return m;
  }

  /**
   * The keys, in property order.
   * @example `[...new nn.ModuleDict({ a: new nn.ReLU() }).keys()]; // ['a']`
   */
  keys(): string[] {
    return Object.keys(this).filter((k) => this.has(k));
  }

  /**
   * The modules, in key order.
   * @example `new nn.ModuleDict({ a: new nn.ReLU() }).values().length; // 1`
   */
  values(): Module[] {
    return this.keys().map((k) => this.get(k));
  }

  /**
   * `[key, module]` pairs, in key order.
   * @example `new nn.ModuleDict({ a: new nn.ReLU() }).entries()[0][0]; // 'a'`
   */
  entries(): [string, Module][] {
    return this.keys().map((k) => [k, this.get(k)]);
  }

  /** Number of modules. */
  get size(): number {
    return this.keys().length;
  }

  /** A ModuleDict has no forward: call its modules. */
  forward(): never {
    throw new DtypeError(
      'nn.ModuleDict.forward: a ModuleDict has no forward (expected calls of its modules, got a call of the dict)',
    );
  }
}
