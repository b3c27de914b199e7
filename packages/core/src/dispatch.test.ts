/**
 * Grad mode and the tape hook of core (the one narrow interface to autograd): noGrad / enableGrad nest and restore
 * even when the function throws; `record` reaches the hook only in grad mode and only when an input requires grad.
 * This file installs a fake hook (each test file runs in its own process).
 */
import { describe, expect, it } from 'vitest';
import { add, enableGrad, isGradEnabled, noGrad, ones, setGradEnabled, tensor } from './index';
import type { TapeHook } from './internal';
import { installTapeHook } from './internal';

describe('grad mode', () => {
  it('noGrad and enableGrad nest and restore the previous mode, also on exceptions', () => {
    expect(isGradEnabled()).toBe(true);
    noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      enableGrad(() => expect(isGradEnabled()).toBe(true));
      expect(isGradEnabled()).toBe(false);
    });
    expect(() =>
      noGrad(() => {
        throw new Error('inside');
      }),
    ).toThrow('inside');
    expect(isGradEnabled()).toBe(true);
    expect(noGrad(() => 7)).toBe(7);
    expect(setGradEnabled(false)).toBe(true);
    expect(setGradEnabled(true)).toBe(false);
  });
});

describe('the tape hook', () => {
  it('records an op only when grad mode is on and an input requires grad', () => {
    const recorded: string[] = [];
    const hook: TapeHook = {
      record: (op) => {
        recorded.push(op);
      },
      backward: () => undefined,
    };
    installTapeHook(hook);
    const x = ones([2], { requiresGrad: true });
    const c = tensor([1, 2]);
    add(c, c);
    expect(recorded).toEqual([]);
    add(x, c);
    expect(recorded).toEqual(['add']);
    noGrad(() => add(x, c));
    expect(recorded).toEqual(['add']);
    // The fake hook gives outputs no gradFn, so only ops on x itself are recorded.
    x.mul(2).sum();
    expect(recorded).toEqual(['add', 'mul']);
  });
});
