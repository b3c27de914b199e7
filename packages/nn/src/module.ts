/**
 * nn.Module: the base class of layers and models (torch.nn.Module, in spirit: modules only hold tensors and children).
 *
 * Discovery, not registration: a module's state is read from its **own enumerable properties**, in `Object.keys`
 * order (declaration order for class fields; integer-like keys such as Sequential's `"0"`, `"1"` come first, in
 * ascending order). A property holding
 * - a `Module` is a child (its entries are prefixed `name.`), and an array of Modules gives children `name.0`, `name.1`, …;
 * - a leaf `Tensor` is a state tensor: a **parameter** when it requires grad, a **buffer** otherwise (both are in
 *   the state dict, as PyTorch's parameters and persistent buffers are).
 * Anything else (numbers, options, non-leaf tensors, `#private` fields) is ignored, so keep caches in `#private`
 * fields. Traversal is pre-order (own tensors, then children), iterative, and visits a shared module once.
 */
import type { Tensor } from '@tapegrad/core';
import { DtypeError, ShapeError, Tensor as TensorClass } from '@tapegrad/core';
import {
  describe,
  isPlainRecord,
  ownValue,
  readSerializedTensor,
  type SerializedTensor,
  serializeTensor,
  writeInto,
} from './state-dict';

/** A module's state: dotted names (`"0.weight"`, `"fc1.bias"`) to JSON-safe tensors. See {@link SerializedTensor}. */
export type StateDict = Record<string, SerializedTensor>;

/** Options of {@link Module.loadStateDict}. */
export interface LoadStateDictOptions {
  /** Refuse unexpected and missing keys (default true, as PyTorch). */
  strict?: boolean;
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
  /** Training mode (true) or evaluation mode (false); changed for the whole tree by {@link train} / {@link eval}. */
  training = true;

  /** Computes the module's output. */
  abstract forward(...inputs: Tensor[]): Tensor;

  /**
   * The direct children with their property names.
   * @example `new nn.Sequential(new nn.ReLU(), new nn.Tanh()).namedChildren().map(([n]) => n); // ['0', '1']`
   */
  namedChildren(): [string, Module][] {
    return ownEntries(this).children;
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
   * Every parameter (leaf tensor requiring grad) with its dotted name, each tensor once (the first name wins).
   * @example `new nn.Linear(3, 2).namedParameters().map(([n, p]) => [n, p.shape]); // [['weight', [2, 3]], ['bias', [2]]]`
   */
  namedParameters(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    for (const [name, t] of this.namedStateTensors()) {
      if (!t.requiresGrad || seen.has(t)) continue;
      seen.add(t);
      out.push([name, t]);
    }
    return out;
  }

  /**
   * Every parameter, in {@link namedParameters} order (what optimizers take).
   * @example `new nn.Linear(3, 2).parameters().length; // 2`
   */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /**
   * A JSON-safe copy of every state tensor (parameters and buffers), keyed by dotted name. `JSON.stringify` it to
   * save; every float64 bit survives `JSON.parse` (see {@link SerializedTensor}).
   * @example
   * ```ts
   * const sd = new nn.Linear(2, 1).stateDict();
   * Object.keys(sd); // ['weight', 'bias']
   * sd.weight.shape; // [1, 2]
   * ```
   */
  stateDict(): StateDict {
    // A null-prototype object: no key (not even "__proto__") can reach Object.prototype.
    const out: StateDict = Object.create(null);
    for (const [name, t] of this.namedStateTensors()) out[name] = serializeTensor(t);
    return out;
  }

  /**
   * Copies a state dict (as produced by {@link stateDict}, possibly through JSON, or with Tensor values) into this
   * module's tensors, in place. Everything is validated first: with unexpected or missing keys (when strict), a
   * wrong shape, a dtype of another kind, or a non-numeric value it throws ShapeError / DtypeError and changes
   * nothing. Only own properties of `stateDict` are read; keys such as `"__proto__"` are ordinary (unexpected) keys.
   * @example
   * ```ts
   * const a = new nn.Linear(2, 1), b = new nn.Linear(2, 1);
   * b.loadStateDict(JSON.parse(JSON.stringify(a.stateDict())));
   * b.weight.allclose(a.weight); // true
   * ```
   */
  loadStateDict(stateDict: unknown, opts: LoadStateDictOptions = {}): LoadStateDictResult {
    const op = 'nn.Module.loadStateDict';
    if (!isPlainRecord(stateDict))
      throw new DtypeError(`${op}: expected a state dict object, got ${describe(stateDict)}`);
    const strict = opts.strict ?? true;
    if (typeof strict !== 'boolean')
      throw new DtypeError(`${op}: expected strict to be a boolean, got ${describe(strict)}`);
    const targets = new Map<string, Tensor>(this.namedStateTensors());
    const keys = Object.keys(stateDict);
    const unexpectedKeys = keys.filter((k) => !targets.has(k));
    const missingKeys = [...targets.keys()].filter((k) => !Object.hasOwn(stateDict, k));
    if (strict && (unexpectedKeys.length > 0 || missingKeys.length > 0)) {
      const parts: string[] = [];
      if (unexpectedKeys.length > 0) parts.push(`unexpected key(s) ${listKeys(unexpectedKeys)}`);
      if (missingKeys.length > 0) parts.push(`missing key(s) ${listKeys(missingKeys)}`);
      throw new ShapeError(
        `${op}: the state dict does not match the module (expected exactly the module's keys, got ${parts.join('; ')})`,
      );
    }
    const staged: [Tensor, ReturnType<typeof readSerializedTensor>][] = [];
    for (const key of keys) {
      const target = targets.get(key);
      if (target === undefined) continue;
      staged.push([target, readSerializedTensor(op, key, ownValue(stateDict, key), target.dtype, target.shape)]);
    }
    for (const [target, data] of staged) writeInto(target, data);
    return { missingKeys, unexpectedKeys };
  }

  /**
   * Sets training mode on this module and all descendants (affects Dropout); returns `this`.
   * @example `new nn.Dropout(0.5).train(false).training; // false`
   */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new DtypeError(`nn.Module.train: expected a boolean, got ${describe(mode)}`);
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

  /** Every state tensor with its dotted name (shared tensors under each of their names). */
  private namedStateTensors(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [prefix, module] of this.namedModules()) {
      for (const [name, t] of ownEntries(module).tensors) out.push([join(prefix, name), t]);
    }
    return out;
  }
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

/** The state tensors and children held by a module's own enumerable properties, in key order. */
function ownEntries(module: Module): { tensors: [string, Tensor][]; children: [string, Module][] } {
  const tensors: [string, Tensor][] = [];
  const children: [string, Module][] = [];
  for (const key of Object.keys(module)) {
    const value: unknown = ownValue(module, key);
    if (value instanceof Module) children.push([key, value]);
    else if (value instanceof TensorClass) {
      if (value.isLeaf) tensors.push([key, value]);
    } else if (Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof Module)) {
      value.forEach((child: Module, i) => {
        children.push([`${key}.${i}`, child]);
      });
    }
  }
  return { tensors, children };
}
