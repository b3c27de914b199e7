/**
 * Enumerates the surface of tapegrad: every function reachable from the named exports and namespaces of the umbrella
 * 'tapegrad' (each namespace once, by identity), then the plumbing of the unstable `@tapegrad/<pkg>/internal`
 * subpaths as the pseudo-namespace `internal`, and for every class its prototype methods and getters. Paths are
 * `linalg.pinv`, `nn.Linear` (the class), `nn.Linear#forward` (a prototype member), `internal.core.record`.
 */
import * as autogradInternal from '@tapegrad/autograd/internal';
import * as coreInternal from '@tapegrad/core/internal';
import * as linalgInternal from '@tapegrad/linalg/internal';
import * as nnInternal from '@tapegrad/nn/internal';
import * as tg from 'tapegrad';

/** The internal subpaths by package: the rows of their functions are `internal.<package>.<name>`. */
export const INTERNAL = { core: coreInternal, autograd: autogradInternal, linalg: linalgInternal, nn: nnInternal };

/** What the table keys are resolved against: the umbrella's names plus `internal`. */
const SURFACE: Record<string, unknown> = { ...tg, internal: INTERNAL };

export interface PublicFunction {
  path: string;
  fn: unknown;
}

/** Function.prototype.toString of a class starts with "class". */
export function isClass(value: unknown): value is abstract new (...args: never[]) => unknown {
  return typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value));
}

function isNamespace(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof tg.Tensor);
}

let exportedClasses: Set<unknown> | undefined;
/** Every class reachable by name from the surface (walked once). */
function publicClasses(): Set<unknown> {
  if (exportedClasses !== undefined) return exportedClasses;
  const found = new Set<unknown>();
  const visit = (ns: Record<string, unknown>, seen: Set<unknown>): void => {
    for (const value of Object.values(ns)) {
      if (isClass(value)) found.add(value);
      else if (isNamespace(value) && !seen.has(value)) {
        seen.add(value);
        visit(value, seen);
      }
    }
  };
  visit(SURFACE, new Set());
  exportedClasses = found;
  return found;
}

/**
 * The prototype members of a class (methods, getters/setters) as functions, by name — its own and those of base
 * classes that are not exported themselves (Tensor's TensorState), which a user only meets through the subclass.
 */
export function members(cls: abstract new (...args: never[]) => unknown): [string, unknown][] {
  const out: [string, unknown][] = [];
  const names = new Set<string>();
  let proto = cls.prototype as object | null;
  while (proto !== null && proto !== Object.prototype) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || names.has(name)) continue;
      const d = Object.getOwnPropertyDescriptor(proto, name)!;
      const fn = d.get ?? d.set ?? d.value;
      if (typeof fn !== 'function') continue;
      names.add(name);
      out.push([name, fn]);
    }
    proto = Object.getPrototypeOf(proto) as object | null;
    const base = (proto as { constructor?: unknown } | null)?.constructor;
    if (publicClasses().has(base) || !isClass(base)) break; // exported, or built in (Error): its own rows or none
  }
  return out;
}

/** Every public function, each function object once (the first path found wins). */
export function publicFunctions(): PublicFunction[] {
  const out: PublicFunction[] = [];
  const seen = new Set<unknown>();
  const walk = (prefix: string, ns: Record<string, unknown>): void => {
    for (const key of Object.keys(ns)) {
      const value = ns[key];
      const path = prefix === '' ? key : `${prefix}.${key}`;
      if (typeof value === 'function') {
        if (seen.has(value)) continue;
        seen.add(value);
        out.push({ path, fn: value });
        if (isClass(value)) {
          for (const [name, fn] of members(value)) {
            if (seen.has(fn)) continue;
            seen.add(fn);
            out.push({ path: `${path}#${name}`, fn });
          }
        }
      } else if (isNamespace(value) && !seen.has(value)) {
        seen.add(value);
        walk(path, value);
      }
    }
  };
  walk('', SURFACE);
  return out;
}

/** The function a table key names (`a.b.c` through the namespaces, then `#member` on the class), or undefined. */
export function resolve(key: string): unknown {
  const [path, member] = key.split('#');
  let value: unknown = SURFACE;
  for (const part of path.split('.')) {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  if (member === undefined) return value;
  if (!isClass(value)) return undefined;
  return members(value).find(([name]) => name === member)?.[1];
}
