/**
 * nn.Module: the base class of layers and models (torch.nn.Module, in spirit: modules only hold tensors and children).
 *
 * Discovery, not registration: a module's state is read from its **own enumerable properties**, in `Object.keys`
 * order (declaration order for class fields; integer-like keys such as Sequential's `"0"`, `"1"` come first, in
 * ascending order). A property holding
 * - a `Module` is a child (its entries are prefixed `name.`), and an array of Modules gives children `name.0`, `name.1`, …;
 * - a leaf `Tensor` is a state tensor: a **buffer** when registered with `registerBuffer`, else a **parameter** when
 *   it requires grad or was made by `nn.Parameter` (or frozen by `requiresGrad_(false)`), else a buffer (parameters
 *   and persistent buffers are in the state dict, as in PyTorch).
 * Anything else (numbers, options, non-leaf tensors, `#private` fields) is ignored, so keep caches in `#private`
 * fields. Traversal is pre-order (own tensors, then children), iterative, and visits a shared module once.
 */
import type { DType, Tensor } from '@tapegrad/core';
import { DtypeError, isComplex, isFloating, noGrad, ShapeError, Tensor as TensorClass } from '@tapegrad/core';
import { copyRecord, describeValue, readOptions, toComplexDtype } from '@tapegrad/core/internal';
import { isMarkedParameter, markParameter } from './parameter';
import { ownValue, readSerializedTensor, type SerializedTensor, serializeTensor, writeInto } from './state-dict';

/** A module's state: dotted names (`"0.weight"`, `"fc1.bias"`) to JSON-safe tensors. See {@link SerializedTensor}. */
export type StateDict = Record<string, SerializedTensor>;

/**
 * How state-dict keys are spelled: `'tapegrad'` (default) uses the property names (`inProjWeight`, `runningMean`);
 * `'pytorch'` converts each dotted segment from camelCase to snake_case (`in_proj_weight`, `running_mean`,
 * `num_batches_tracked`, `out_proj.weight`), which are PyTorch's names for the same modules.
 */
export type StateDictNames = 'tapegrad' | 'pytorch';

/** Options of {@link Module.stateDict}. */
export interface StateDictOptions {
  /** Key spelling (default 'tapegrad'). */
  names?: StateDictNames;
}

/** Options of {@link Module.loadStateDict}. */
export interface LoadStateDictOptions {
  /** Refuse unexpected and missing keys (default true, as PyTorch). */
  strict?: boolean;
  /** Key spelling of the state dict being loaded (default 'tapegrad'). */
  names?: StateDictNames;
}

/** Options of {@link Module.registerBuffer}. */
export interface RegisterBufferOptions {
  /** Part of the state dict (default true). */
  persistent?: boolean;
}

/** What {@link Module.loadStateDict} did not match (both empty on a strict load). */
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

const MAX_LISTED_KEYS = 10;

function listKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, MAX_LISTED_KEYS).map((k) => JSON.stringify(k));
  if (keys.length > MAX_LISTED_KEYS) shown.push(`… (${keys.length - MAX_LISTED_KEYS} more)`);
  return shown.join(', ');
}

/**
 * Base class of every layer and model. Subclasses implement `forward` and keep parameters and children in ordinary
 * properties (see the module comment for the discovery rules).
 * @example
 * ```ts
 * class Mlp extends nn.Module {
 *   fc1 = new nn.Linear(2, 8);
 *   fc2 = new nn.Linear(8, 1);
 *   forward(x: Tensor): Tensor { return this.fc2.forward(this.fc1.forward(x).relu()); }
 * }
 * new Mlp().namedParameters().map(([name]) => name); // ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
 * ```
 */
export abstract class Module {
  /**
   * `value instanceof Module` that cannot throw: a revoked Proxy, or one whose traps throw, is simply not a module
   * (the default check would surface the Proxy's TypeError from whatever entry point was validating its arguments).
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    try {
      // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was asked about (subclasses too)
      return Function.prototype[Symbol.hasInstance].call(this, value);
    } catch {
      return false;
    }
  }

  /** Training mode (true) or evaluation mode (false); changed for the whole tree by {@link train} / {@link eval}. */
  training = true;
  /** Names of registered buffers, and of those among them that are not persistent. */
  readonly #bufferNames = new Set<string>();
  readonly #transientBuffers = new Set<string>();

  /**
   * Computes the module's output. Subclasses declare their own signature (most take and return a Tensor;
   * MultiheadAttention returns `[output, weights]`); container modules without a forward throw.
   */
  abstract forward(...inputs: unknown[]): unknown;

  /**
   * The direct children with their property names.
   * @example `new nn.Sequential(new nn.ReLU(), new nn.Tanh()).namedChildren().map(([n]) => n); // ['0', '1']`
   */
  namedChildren(): [string, Module][] {
    return this.#ownEntries().children;
  }

  /**
   * The direct children.
   * @example `new nn.Sequential(new nn.ReLU()).children().length; // 1`
   */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /**
   * This module and all its descendants, pre-order, each once, with dotted names (`''` for this module).
   * @example `new nn.Sequential(new nn.Linear(2, 2)).namedModules().map(([n]) => n); // ['', '0']`
   */
  namedModules(): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const stack: [string, Module][] = [['', this]];
    while (stack.length > 0) {
      const [name, module] = stack.pop()!;
      if (seen.has(module)) continue;
      seen.add(module);
      out.push([name, module]);
      const kids = module.namedChildren();
      for (let i = kids.length - 1; i >= 0; i--) stack.push([join(name, kids[i][0]), kids[i][1]]);
    }
    return out;
  }

  /**
   * This module and all its descendants, pre-order.
   * @example `new nn.Sequential(new nn.ReLU()).modules().length; // 2`
   */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /**
   * Every parameter with its dotted name, each tensor once (the first name wins).
   * @example `new nn.Linear(3, 2).namedParameters().map(([n, p]) => [n, p.shape]); // [['weight', [2, 3]], ['bias', [2]]]`
   */
  namedParameters(): [string, Tensor][] {
    return this.#namedStateTensors('parameter');
  }

  /**
   * Every parameter, in {@link namedParameters} order (what optimizers take).
   * @example `new nn.Linear(3, 2).parameters().length; // 2`
   */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /**
   * Every buffer (persistent or not) with its dotted name, each tensor once.
   * @example `new nn.BatchNorm1d(4).namedBuffers().map(([n]) => n); // ['runningMean', 'runningVar', 'numBatchesTracked']`
   */
  namedBuffers(): [string, Tensor][] {
    return this.#namedStateTensors('buffer');
  }

  /**
   * Every buffer, in {@link namedBuffers} order.
   * @example `new nn.BatchNorm1d(4).buffers().length; // 3`
   */
  buffers(): Tensor[] {
    return this.namedBuffers().map(([, b]) => b);
  }

  /**
   * Adds (or replaces) a buffer: state that is not trained, such as running statistics (torch's `register_buffer`).
   * It becomes the property `name`; persistent buffers are in the state dict. `null` registers an absent buffer.
   * @example
   * ```ts
   * class Counter extends nn.Module {
   *   constructor() { super(); this.registerBuffer('count', zeros([1], { dtype: 'int32' })); }
   *   forward(x: Tensor) { return x; }
   * }
   * Object.keys(new Counter().stateDict()); // ['count']
   * ```
   */
  registerBuffer(name: string, value: Tensor | null, opts?: RegisterBufferOptions): void {
    const op = 'nn.Module.registerBuffer';
    const o = readOptions(op, opts, ['persistent']);
    if (typeof name !== 'string' || name === '' || name.includes('.'))
      throw new DtypeError(`${op}: expected a non-empty buffer name without ".", got ${describeValue(name)}`);
    if (value !== null && !(value instanceof TensorClass))
      throw new DtypeError(`${op}: expected a Tensor or null, got ${describeValue(value)}`);
    if (value !== null && !value.isLeaf)
      throw new DtypeError(`${op}: expected a leaf tensor (detach() it first), got one produced by an op`);
    const persistent = o.persistent ?? true;
    if (typeof persistent !== 'boolean')
      throw new DtypeError(`${op}: expected persistent to be a boolean, got ${describeValue(persistent)}`);
    if (name in this && !this.#bufferNames.has(name))
      throw new DtypeError(
        `${op}: attribute "${name}" already exists (expected a new name or an existing buffer, got ${JSON.stringify(name)})`,
      );
    Object.defineProperty(this, name, { value, enumerable: true, writable: true, configurable: true });
    this.#bufferNames.add(name);
    if (persistent) this.#transientBuffers.delete(name);
    else this.#transientBuffers.add(name);
  }

  /**
   * Calls `fn` on every descendant and then on this module (post-order, each module once, as torch's `apply`);
   * returns `this`. Typical use: custom initialization.
   * @example `model.apply((m) => { if (m instanceof nn.Linear) nn.init.zeros_(m.weight); });`
   */
  apply(fn: (module: Module) => void): this {
    if (typeof fn !== 'function')
      throw new DtypeError(`nn.Module.apply: expected a function, got ${describeValue(fn)}`);
    const order: Module[] = [];
    const seen = new Set<Module>();
    const stack: [Module, boolean][] = [[this, false]];
    while (stack.length > 0) {
      const [module, expanded] = stack.pop()!;
      if (expanded) {
        order.push(module);
        continue;
      }
      if (seen.has(module)) continue;
      seen.add(module);
      stack.push([module, true]);
      const kids = module.children();
      for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], false]);
    }
    for (const module of order) fn(module);
    return this;
  }

  /**
   * Converts every floating parameter and buffer (and its gradient) to `dtype`, in place on the modules (each
   * property gets a new leaf; integer and bool buffers are kept); returns `this`. Create optimizers afterwards, as in
   * PyTorch. Real tensors take `dtype`; complex ones take the complex dtype of its precision.
   * @example `new nn.Linear(2, 1).to('float64').weight.dtype; // 'float64'`
   */
  to(dtype: DType): this {
    const op = 'nn.Module.to';
    if (typeof dtype !== 'string' || !isFloating(dtype as DType))
      throw new DtypeError(`${op}: expected a floating or complex dtype, got ${describeValue(dtype)}`);
    noGrad(() => {
      for (const module of this.modules()) {
        for (const [key, t] of module.#ownEntries().tensors) {
          if (!isFloating(t.tensor.dtype)) continue;
          const target = isComplex(t.tensor.dtype) && !isComplex(dtype) ? toComplexDtype(dtype) : dtype;
          if (t.tensor.dtype === target) continue;
          const converted = t.tensor.detach().to(target);
          if (t.tensor.grad !== null) converted.grad = t.tensor.grad.to(target);
          converted.requiresGrad_(t.tensor.requiresGrad);
          if (t.kind === 'parameter') markParameter(converted);
          Reflect.set(module, key, converted);
        }
      }
    });
    return this;
  }

  /**
   * Sets `requiresGrad` of every parameter (freezing with false: they stay parameters, without gradients);
   * returns `this`.
   * @example `new nn.Linear(2, 1).requiresGrad_(false).weight.requiresGrad; // false`
   */
  requiresGrad_(requiresGrad = true): this {
    if (typeof requiresGrad !== 'boolean')
      throw new DtypeError(`nn.Module.requiresGrad_: expected a boolean, got ${describeValue(requiresGrad)}`);
    for (const p of this.parameters()) markParameter(p).requiresGrad_(requiresGrad);
    return this;
  }

  /**
   * A JSON-safe copy of every parameter and persistent buffer, keyed by dotted name. `JSON.stringify` it to save;
   * every float64 bit survives `JSON.parse` (see {@link SerializedTensor}). `{ names: 'pytorch' }` spells the keys as
   * PyTorch does (see {@link StateDictNames}); `saveSafetensors` writes it to a file PyTorch loads.
   * @example
   * ```ts
   * const sd = new nn.Linear(2, 1).stateDict();
   * Object.keys(sd); // ['weight', 'bias']
   * sd.weight.shape; // [1, 2]
   * ```
   */
  stateDict(opts?: StateDictOptions): StateDict {
    const names = readNames('nn.Module.stateDict', readOptions('nn.Module.stateDict', opts, ['names']).names);
    // A null-prototype object: no key (not even "__proto__") can reach Object.prototype.
    const out: StateDict = Object.create(null);
    for (const [name, t] of this.#namedStateTensors('state')) out[spell(name, names)] = serializeTensor(t);
    return out;
  }

  /**
   * Copies a state dict (as produced by {@link stateDict}, possibly through JSON, or with Tensor values such as
   * `loadSafetensors` returns) into this module's tensors, in place. Everything is validated first: with unexpected
   * or missing keys (when strict), a wrong shape, a dtype of another kind, or a non-numeric value it throws
   * ShapeError / DtypeError and changes nothing. Only own properties of `stateDict` are read; keys such as
   * `"__proto__"` are ordinary (unexpected) keys. `{ names: 'pytorch' }` reads PyTorch's key spelling.
   * @example
   * ```ts
   * const a = new nn.Linear(2, 1), b = new nn.Linear(2, 1);
   * b.loadStateDict(JSON.parse(JSON.stringify(a.stateDict())));
   * b.weight.allclose(a.weight); // true
   * ```
   */
  loadStateDict(given: unknown, opts?: LoadStateDictOptions): LoadStateDictResult {
    const op = 'nn.Module.loadStateDict';
    const o = readOptions(op, opts, ['strict', 'names']);
    // Read once (a getter or Proxy is consulted once per key), then validated and loaded from the copy.
    const stateDict = given instanceof TensorClass ? undefined : copyRecord(op, given, 'a state dict');
    if (stateDict === undefined)
      throw new DtypeError(`${op}: expected a state dict object, got ${describeValue(given)}`);
    const strict = o.strict ?? true;
    if (typeof strict !== 'boolean')
      throw new DtypeError(`${op}: expected strict to be a boolean, got ${describeValue(strict)}`);
    const names = readNames(op, o.names);
    const targets = new Map<string, Tensor>();
    for (const [name, t] of this.#namedStateTensors('state')) {
      const key = spell(name, names);
      if (targets.has(key) && targets.get(key) !== t)
        throw new ShapeError(
          `${op}: two state tensors are both spelled ${JSON.stringify(key)} with names '${names}' (expected distinct keys, got ${JSON.stringify(name)} and another name)`,
        );
      targets.set(key, t);
    }
    const keys = Object.keys(stateDict);
    const unexpectedKeys = keys.filter((k) => !targets.has(k));
    const missingKeys = [...targets.keys()].filter((k) => !(k in stateDict));
    if (strict && (unexpectedKeys.length > 0 || missingKeys.length > 0)) {
      const parts: string[] = [];
      if (unexpectedKeys.length > 0) parts.push(`unexpected key(s) ${listKeys(unexpectedKeys)}`);
      if (missingKeys.length > 0) parts.push(`missing key(s) ${listKeys(missingKeys)}`);
      throw new DtypeError(
        `${op}: the state dict does not match the module (expected exactly the module's keys, got ${parts.join('; ')})`,
      );
    }
    const staged: [Tensor, ReturnType<typeof readSerializedTensor>][] = [];
    for (const key of keys) {
      const target = targets.get(key);
      if (target === undefined) continue;
      staged.push([target, readSerializedTensor(op, key, stateDict[key], target.dtype, target.shape)]);
    }
    for (const [target, data] of staged) writeInto(target, data);
    return { missingKeys, unexpectedKeys };
  }

  /**
   * Sets training mode on this module and all descendants (affects Dropout and BatchNorm); returns `this`.
   * @example `new nn.Dropout(0.5).train(false).training; // false`
   */
  train(mode = true): this {
    if (typeof mode !== 'boolean')
      throw new DtypeError(`nn.Module.train: expected a boolean, got ${describeValue(mode)}`);
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /**
   * Evaluation mode for the whole tree (`train(false)`); returns `this`.
   * @example `new nn.Sequential(new nn.Dropout()).eval().modules().every((m) => !m.training); // true`
   */
  eval(): this {
    return this.train(false);
  }

  /**
   * Sets the gradient of every parameter to null (PyTorch's default `set_to_none=True`).
   * @example `const m = new nn.Linear(2, 1); m.forward(ones([2])).sum().backward(); m.zeroGrad(); m.weight.grad; // null`
   */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /**
   * Named state tensors of the whole tree, pre-order: parameters or buffers (each tensor once), or the state-dict
   * entries (parameters and persistent buffers, shared tensors under each of their names).
   */
  #namedStateTensors(which: 'parameter' | 'buffer' | 'state'): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    for (const [prefix, module] of this.namedModules()) {
      for (const [name, entry] of module.#ownEntries().tensors) {
        if (which === 'state' ? !entry.persistent : entry.kind !== which || seen.has(entry.tensor)) continue;
        seen.add(entry.tensor);
        out.push([join(prefix, name), entry.tensor]);
      }
    }
    return out;
  }

  /** The state tensors and children held by this module's own enumerable properties, in key order. */
  #ownEntries(): { tensors: [string, StateEntry][]; children: [string, Module][] } {
    const tensors: [string, StateEntry][] = [];
    const children: [string, Module][] = [];
    for (const key of Object.keys(this)) {
      const value: unknown = ownValue('nn.Module', this, key);
      if (value instanceof Module) children.push([key, value]);
      else if (value instanceof TensorClass) {
        if (!value.isLeaf) continue;
        const kind = this.#bufferNames.has(key)
          ? 'buffer'
          : value.requiresGrad || isMarkedParameter(value)
            ? 'parameter'
            : 'buffer';
        tensors.push([key, { tensor: value, kind, persistent: !this.#transientBuffers.has(key) }]);
      } else if (Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof Module)) {
        value.forEach((child: Module, i) => {
          children.push([`${key}.${i}`, child]);
        });
      }
    }
    return { tensors, children };
  }
}

interface StateEntry {
  tensor: Tensor;
  kind: 'parameter' | 'buffer';
  persistent: boolean;
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

function readNames(op: string, value: unknown): StateDictNames {
  if (value === undefined || value === 'tapegrad' || value === 'pytorch') return value ?? 'tapegrad';
  throw new DtypeError(`${op}: expected names to be 'tapegrad' or 'pytorch', got ${describeValue(value)}`);
}

/** A dotted name in the requested spelling: PyTorch's is snake_case per segment (`outProj.inProjWeight` → `out_proj.in_proj_weight`). */
function spell(name: string, names: StateDictNames): string {
  if (names === 'tapegrad') return name;
  return name
    .split('.')
    .map((segment) =>
      segment
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
        .toLowerCase(),
    )
    .join('.');
}
