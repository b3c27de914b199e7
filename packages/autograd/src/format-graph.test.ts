/**
 * Tape introspection: gradFn.name (the public op name or the primitive it is made of), gradFn.nextFunctions
 * (PyTorch's next_functions) and autograd.formatGraph(y).
 */
import type { GradNode, Tensor } from '@tapegrad/core';
import { f64, sample } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { defineFunction, formatGraph } from './index';
import { Node } from './internal';

describe('gradFn', () => {
  it('names the recorded op; composites show the primitive they end with', () => {
    const x = f64([1, 2, 3, 4, 5, 6], [2, 3], true);
    expect(x.gradFn).toBeNull();
    expect(x.exp().gradFn?.name).toBe('exp');
    expect(x.mul(2).gradFn?.name).toBe('mul');
    expect(x.sum().gradFn?.name).toBe('sum');
    expect(x.matmul(x.T).gradFn?.name).toBe('matmul');
    expect(x.T.gradFn?.name).toBe('permute');
    expect(x.reshape([3, 2]).gradFn?.name).toBe('reshape');
    expect(x.mean().gradFn?.name).toBe('div');
    expect(x.to('complex128').gradFn?.name).toBe('cast');
    expect(x.gradFn).toBeNull();
    expect(x.detach().mul(2).gradFn).toBeNull();
  });

  it('nextFunctions point to the producers of the inputs (null for leaves and constants)', () => {
    const a = f64([1, 2], [2], true);
    const b = f64([3, 4], [2], true);
    const h = a.mul(b); // mul(a, b)
    const y = h.exp().add(h); // add(exp(h), h)
    const fn = y.gradFn!;
    expect(fn.name).toBe('add');
    expect(fn.nextFunctions.length).toBe(2);
    const [[e, ei], [m, mi]] = fn.nextFunctions;
    expect(e?.name).toBe('exp');
    expect(ei).toBe(0);
    expect(m).toBe(h.gradFn);
    expect(mi).toBe(0);
    expect(e!.nextFunctions[0][0]).toBe(h.gradFn);
    expect(h.gradFn!.nextFunctions).toEqual([
      [null, 0],
      [null, 0],
    ]);
    // A leaf and a constant both show as null; needsInputGrad tells them apart (the constant has no edge).
    const k = a.mul(f64([2, 2]));
    expect(k.gradFn!.nextFunctions.map(([n]) => n)).toEqual([null, null]);
    expect((k.gradFn as Node).needsInputGrad(0)).toBe(true);
    expect((k.gradFn as Node).needsInputGrad(1)).toBe(false);
  });

  it('multi-output nodes report the output index', () => {
    const pair = defineFunction({
      name: 'pair',
      forward: (_ctx, t: Tensor) => [t.sin(), t.cos()],
      backward: (_ctx, gs, gc) => [gs.add(gc)],
    });
    const x = f64([1], [1], true);
    const [s, c] = pair(x) as Tensor[];
    const y = s.add(c);
    const next = y.gradFn!.nextFunctions;
    expect(next[0][0]).toBe(next[1][0]);
    expect(next[0][0]?.name).toBe('pair');
    expect(next.map(([, i]) => i)).toEqual([0, 1]);
  });

  it('is a Node carrying the output shapes and dtypes', () => {
    const x = sample([2, 3], { seed: 1, requiresGrad: true });
    const y = x.sum(1);
    const node = y.gradFn as GradNode;
    expect(node).toBeInstanceOf(Node);
    const n = node as Node;
    expect(n.outputMeta).toEqual([{ shape: [2], dtype: 'float64' }]);
    expect(n.inputMeta).toEqual([{ shape: [2, 3], dtype: 'float64' }]);
  });
});

describe('formatGraph', () => {
  it('prints op names, output shapes and dtypes, leaves, and shared nodes once', () => {
    const x = f64([1, 2, 3, 4, 5, 6], [2, 3], true);
    const w = f64([1, 2, 3], [3, 1], true);
    const h = x.matmul(w).tanh(); // [2, 1]
    const y = h.add(h.exp()).sum();
    const text = formatGraph(y);
    expect(text).toBe(
      [
        '#1 sum → [] float64',
        '└─ #2 add → [2, 1] float64',
        '   ├─ #3 tanh → [2, 1] float64',
        '   │  └─ #4 matmul → [2, 1] float64',
        '   │     ├─ leaf [2, 3] float64',
        '   │     └─ leaf [3, 1] float64',
        '   └─ #5 exp → [2, 1] float64',
        '      └─ (see #3 tanh)',
      ].join('\n'),
    );
  });

  it('marks freed nodes, and handles leaves and constants', () => {
    const x = f64([1, 2], [2], true);
    const y = x.sin().sum();
    y.backward();
    expect(formatGraph(y)).toContain('#1 sum → [] float64 (freed)');
    expect(formatGraph(y)).toContain('#2 sin → [2] float64 (freed)');
    expect(formatGraph(x)).toBe('leaf [2] float64');
    expect(formatGraph(f64([1]))).toMatch(/no graph/);
    const z = sample([2], { seed: 2, complex: true, requiresGrad: true });
    expect(formatGraph(z.abs().sum())).toBe(
      ['#1 sum → [] float64', '└─ #2 abs → [2] float64', '   └─ leaf [2] complex128'].join('\n'),
    );
  });

  it('prints custom function names', () => {
    const twice = defineFunction({
      name: 'my.twice',
      forward: (_ctx, t: Tensor) => t.mul(2),
      backward: (_ctx, g) => [g.mul(2)],
    });
    const x = f64([1], [1], true);
    expect(formatGraph(twice(x) as Tensor)).toBe(['#1 my.twice → [1] float64', '└─ leaf [1] float64'].join('\n'));
  });
});
