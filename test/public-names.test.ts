/**
 * Plumbing stays out of the public names (issue: the umbrella used to export `record`, `installTapeHook`, raw GEMM
 * kernels…): nothing exported by an unstable `@tapegrad/<pkg>/internal` subpath is exported by a public entry — the
 * package's own index, the umbrella's top level, or the umbrella's namespaces — while the documented extension API
 * for frameworks (`autograd.defineFunction`, the rule table `autograd.rules`) is public.
 */
import * as autograd from '@tapegrad/autograd';
import * as autogradInternal from '@tapegrad/autograd/internal';
import * as core from '@tapegrad/core';
import * as coreInternal from '@tapegrad/core/internal';
import * as linalg from '@tapegrad/linalg';
import * as linalgInternal from '@tapegrad/linalg/internal';
import * as nn from '@tapegrad/nn';
import * as nnInternal from '@tapegrad/nn/internal';
import * as tg from 'tapegrad';
import { describe, expect, it } from 'vitest';

const packages = [
  ['core', core, coreInternal],
  ['autograd', autograd, autogradInternal],
  ['linalg', linalg, linalgInternal],
  ['nn', nn, nnInternal],
] as const;

describe('internal subpaths', () => {
  it.each(packages)('no name of @tapegrad/%s/internal is public', (_name, pub, internal) => {
    const internalNames = Object.keys(internal);
    const publicSurfaces: Record<string, unknown>[] = [pub, tg, tg.autograd, tg.linalg, tg.nn, tg.optim];
    const leaked = internalNames.filter((name) => publicSurfaces.some((surface) => Object.hasOwn(surface, name)));
    expect(leaked).toEqual([]);
    // And no internal function is reachable under another public name.
    const internalValues = new Set(Object.values(internal));
    const aliased = publicSurfaces.flatMap((surface) =>
      Object.entries(surface)
        .filter(([, value]) => typeof value === 'function' && internalValues.has(value))
        .map(([key]) => key),
    );
    expect(aliased).toEqual([]);
  });

  it('core/internal holds the tape hook and the raw kernels', () => {
    for (const name of [
      'record',
      'installTapeHook',
      'gemmF64',
      'alloc',
      'markModified',
      'readOptions',
      'describeValue',
    ])
      expect(typeof (coreInternal as Record<string, unknown>)[name], name).toBe('function');
    expect(typeof autogradInternal.recordNode).toBe('function');
  });

  it('the extension API for frameworks is public: defineFunction and the rule table', () => {
    expect(tg.autograd.defineFunction).toBe(autograd.defineFunction);
    expect(tg.autograd.rules).toBe(autograd.rules);
    expect(Object.keys(tg.autograd.rules)).toContain('matmul');
  });
});
