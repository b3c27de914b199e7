/**
 * Cross-copy identity and state. One process may load tapegrad twice — the ESM build for the app and the CommonJS
 * build for a dependency that `require`s it, or two nested installs — (the "dual-package hazard"). So that tensors,
 * errors and the tape work across the copies:
 * - module state that must be one per process (the tape hook, grad mode, default dtype, RNG, version counters,
 *   warning filters, node sequence numbers) lives in ONE object on `globalThis` under `Symbol.for('tapegrad.state.v1')`
 *   (the only global tapegrad adds; `v1` is the layout version of that object);
 * - classes whose instances cross copies (Tensor, the error classes, autograd's Node) recognise each other's instances
 *   in `instanceof` through a `Symbol.for` brand ({@link brandedHasInstance}).
 */
import { describeValue } from './describe';
import { DtypeError } from './errors';

/** The key of the one global tapegrad adds. */
export const STATE_KEY: unique symbol = Symbol.for('tapegrad.state.v1') as never;

type Slots = Record<string, unknown>;

/**
 * The slot `name` of the process-wide state, created by `init` by whichever copy of tapegrad asks first.
 * @example `const s = sharedSlot('dispatch', () => ({ gradEnabled: true })); s.gradEnabled; // true`
 */
export function sharedSlot<T extends object>(name: string, init: () => T): T {
  if (typeof name !== 'string' || name === '')
    throw new DtypeError(`sharedSlot: expected a non-empty slot name, got ${describeValue(name)}`);
  if (typeof init !== 'function')
    throw new DtypeError(`sharedSlot: expected an init function, got ${describeValue(init)}`);
  const host = globalThis as unknown as { [STATE_KEY]?: Slots };
  let slots = host[STATE_KEY];
  if (slots === undefined) {
    slots = Object.create(null) as Slots;
    // Non-enumerable: invisible to code that lists globals, and not accidentally overwritten by `Object.assign`.
    Object.defineProperty(globalThis, STATE_KEY, { value: slots, enumerable: false, configurable: true });
  }
  let slot = slots[name];
  if (slot === undefined) {
    slot = init();
    if (typeof slot !== 'object' || slot === null)
      throw new DtypeError(`sharedSlot: expected init to return an object, got ${describeValue(slot)}`);
    slots[name] = slot;
  }
  return slot as T;
}

/**
 * Brands class `ctor` as `name`: an own, non-enumerable static `Symbol.for('tapegrad.brand.' + name)` property, which
 * {@link brandedHasInstance} compares across copies.
 * @example `brandClass(Tensor, 'Tensor');`
 */
export function brandClass(ctor: abstract new (...args: never[]) => unknown, name: string): void {
  requireClass('brandClass', ctor);
  if (typeof name !== 'string' || name === '')
    throw new DtypeError(`brandClass: expected a non-empty brand name, got ${describeValue(name)}`);
  Object.defineProperty(ctor, Symbol.for(`tapegrad.brand.${name}`), { value: true });
}

/**
 * `instanceof` that also accepts instances of the same class from another copy of tapegrad: `value` matches `ctor`
 * when `ctor`'s own brand (a static `Symbol.for` property) is found as the own brand of a constructor on `value`'s
 * prototype chain. A user subclass without its own brand falls back to the ordinary prototype check, so
 * `e instanceof MySubclass` stays exact.
 * @example `static [Symbol.hasInstance](v: unknown) { return brandedHasInstance(this, v); }`
 */
export function brandedHasInstance(ctor: abstract new (...args: never[]) => unknown, value: unknown): boolean {
  requireClass('brandedHasInstance', ctor);
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  try {
    if (Object.prototype.isPrototypeOf.call(ctor.prototype, value)) return true;
    const brand = ownBrand(ctor); // only on a miss: scanning the symbols costs more than the prototype check
    if (brand === undefined) return false;
    for (let proto = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
      const c: unknown = Object.hasOwn(proto, 'constructor') ? proto.constructor : undefined;
      if (typeof c === 'function' && ownBrand(c) === brand) return true;
    }
  } catch {
    // A revoked Proxy, or one whose getPrototypeOf trap throws, is simply not an instance (an op validating its
    // arguments must not surface the Proxy's TypeError).
  }
  return false;
}

function ownBrand(ctor: object): string | undefined {
  for (const key of Object.getOwnPropertySymbols(ctor)) {
    const name = Symbol.keyFor(key);
    if (name?.startsWith('tapegrad.brand.')) return name;
  }
  return undefined;
}

function requireClass(op: string, ctor: unknown): void {
  if (typeof ctor !== 'function') throw new DtypeError(`${op}: expected a class, got ${describeValue(ctor)}`);
}
