/**
 * Complex autograd follows PyTorch's convention (docs/semantics.md §3.1): for a real loss L of z = x + iy, z.grad = ∂L/∂x + i·∂L/∂y,
 * and grad(y, z, { gradOutputs: v }) is the gradient of Re(Σ conj(v)·y). Checked against closed forms and against
 * finite differences computed here by hand (independently of gradcheck).
 */
import type { Tensor } from '@tapegrad/core';
import { complex, tensor } from '@tapegrad/core';
import { components, f64, maxAbsDiff, sample } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { grad } from './index';

const c128 = (pairs: readonly [number, number][], requiresGrad = false): Tensor =>
  tensor(Float64Array.from(pairs.flat()), { dtype: 'complex128', shape: [pairs.length], requiresGrad });

/** Re Σ conj(v)·y as a plain number (real tensors count as complex with zero imaginary part). */
function reInner(v: Tensor, y: Tensor): number {
  const a = components(v);
  const b = components(y);
  const av = v.isComplex ? a : a.flatMap((t) => [t, 0]);
  const bv = y.isComplex ? b : b.flatMap((t) => [t, 0]);
  let s = 0;
  for (let i = 0; i < av.length; i += 2) s += av[i] * bv[i] + av[i + 1] * bv[i + 1];
  return s;
}

/** ∂φ/∂x + i∂φ/∂y of φ(z) = Re Σ conj(v)·f(z) by central differences on each real component of z (interleaved). */
function fdGradient(f: (z: Tensor) => Tensor, z: Tensor, v: Tensor, h = 1e-6): number[] {
  const base = components(z);
  const out: number[] = [];
  for (let k = 0; k < base.length; k++) {
    const at = (d: number) => {
      const data = Float64Array.from(base);
      data[k] += d;
      return reInner(v, f(tensor(data, { dtype: z.dtype, shape: [...z.shape] })));
    };
    out.push((at(h) - at(-h)) / (2 * h));
  }
  return out;
}

describe('complex convention', () => {
  it('L = |z|² gives z.grad = 2z (∂L/∂x + i∂L/∂y), however |z|² is written', () => {
    const pairs: [number, number][] = [
      [1, 2],
      [-0.5, 0.25],
      [3, -1],
    ];
    const twoZ = pairs.flatMap(([re, im]) => [2 * re, 2 * im]);
    const forms: ((z: Tensor) => Tensor)[] = [
      (z) => z.abs().square().sum(),
      (z) => z.mul(z.conj()).real.sum(),
      (z) => z.real.square().add(z.imag.square()).sum(),
      (z) => z.abs().pow(2).sum(),
      (z) => z.conj().mul(z).sum().real,
    ];
    for (const form of forms) {
      const z = c128(pairs, true);
      form(z).backward();
      expect(z.grad!.dtype).toBe('complex128');
      expect(maxAbsDiff(z.grad!, twoZ)).toBeLessThan(1e-12);
    }
  });

  it('closed forms: |z| → z/|z|, Re z → 1, Im z → i, Re(z²) → 2·conj(z)', () => {
    const z = c128([[3, 4]], true);
    const [gAbs] = grad(z.abs().sum(), z);
    expect(maxAbsDiff(gAbs!, [0.6, 0.8])).toBeLessThan(1e-15);
    const [gRe] = grad(z.real.sum(), z);
    expect(components(gRe!)).toEqual([1, 0]);
    const [gIm] = grad(z.imag.sum(), z);
    expect(components(gIm!)).toEqual([0, 1]);
    // Re(z²) = x² − y²: ∂/∂x = 2x, ∂/∂y = −2y → 2·conj(z)
    const [gSq] = grad(z.square().real.sum(), z);
    expect(components(gSq!)).toEqual([6, -8]);
    // Holomorphic y = f(z) with v = 1: grad = conj(f′(z)); for z³: conj(3z²)
    const [gCube] = grad(z.pow(3), z, { gradOutputs: c128([[1, 0]]) });
    // 3z² = 3(−7 + 24i) = −21 + 72i → conj = −21 − 72i
    expect(maxAbsDiff(gCube!, [-21, -72])).toBeLessThan(1e-12);
  });

  it('grad(y, z, { gradOutputs: v }) is the gradient of Re Σ conj(v)·y (finite differences by hand)', () => {
    const z = sample([3], { seed: 21, complex: true, requiresGrad: true });
    const v = sample([3], { seed: 22, complex: true });
    const fns: [string, (t: Tensor) => Tensor][] = [
      ['holomorphic exp(z)·z', (t) => t.exp().mul(t)],
      ['non-holomorphic conj(z)·sin(z)', (t) => t.conj().mul(t.sin())],
      ['z / (1 + |z|)', (t) => t.div(t.abs().add(1))],
      ['sqrt(z)·log(z)', (t) => t.mul(t).add(2).sqrt().mul(t.mul(t).add(2).log())],
      [
        'matmul with a complex constant',
        (t) =>
          c128([[0.5, -1]])
            .reshape([1, 1])
            .matmul(t.reshape([1, 3]))
            .reshape([3]),
      ],
    ];
    for (const [name, f] of fns) {
      const [g] = grad(f(z), z, { gradOutputs: v });
      const fd = fdGradient(f, z.detach(), v);
      expect(maxAbsDiff(g!, fd), name).toBeLessThan(1e-7);
    }
  });

  it('complex input, real output with a real cotangent', () => {
    const z = sample([3], { seed: 23, complex: true, requiresGrad: true });
    const v = f64([0.3, -1.2, 0.7]);
    const f = (t: Tensor) => t.abs().mul(t.angle()).add(t.real.mul(t.imag));
    const [g] = grad(f(z), z, { gradOutputs: v });
    expect(maxAbsDiff(g!, fdGradient(f, z.detach(), v))).toBeLessThan(1e-7);
  });

  it('real input, complex output: the gradient is real (Re of the complex cotangent product)', () => {
    const x = sample([3], { seed: 24, requiresGrad: true });
    const v = sample([3], { seed: 25, complex: true });
    const f = (t: Tensor) => complex(t.sin(), t.square()).mul(c128([[0.5, 2]]));
    const [g] = grad(f(x), x, { gradOutputs: v });
    expect(g!.dtype).toBe('float64');
    expect(maxAbsDiff(g!, fdGradient(f, x.detach(), v))).toBeLessThan(1e-7);
  });

  it('a real cotangent for a complex output selects the real part, i selects the imaginary part', () => {
    const z = c128([[0.4, -0.9]], true);
    const y = z.exp();
    const [gReal] = grad(y, z, { gradOutputs: c128([[1, 0]]), retainGraph: true });
    const [gImag] = grad(y, z, { gradOutputs: c128([[0, 1]]) });
    // Re eᶻ = eˣ cos y: (∂x, ∂y) = (eˣ cos y, −eˣ sin y); Im eᶻ = eˣ sin y: (eˣ sin y, eˣ cos y)
    const e = Math.exp(0.4);
    expect(maxAbsDiff(gReal!, [e * Math.cos(-0.9), -e * Math.sin(-0.9)])).toBeLessThan(1e-14);
    expect(maxAbsDiff(gImag!, [e * Math.sin(-0.9), e * Math.cos(-0.9)])).toBeLessThan(1e-14);
  });

  it('second derivatives of a real loss of a complex input (createGraph)', () => {
    // L = Σ |z|⁴: the gradient is 4|z|²·z; its own gradient (cotangent w) is checked by finite differences.
    const z = sample([2], { seed: 26, complex: true, requiresGrad: true });
    const w = sample([2], { seed: 27, complex: true });
    const g = (t: Tensor) => {
      const tt = t.requiresGrad ? t : t.detach().requiresGrad_();
      const [first] = grad(tt.abs().pow(4).sum(), tt, { createGraph: true });
      return first!;
    };
    const [h] = grad(g(z), z, { gradOutputs: w });
    const fd = fdGradient((t) => g(t).detach(), z.detach(), w);
    expect(maxAbsDiff(h!, fd)).toBeLessThan(1e-6);
    // Closed form of the first derivative.
    const zs = components(z);
    const expected: number[] = [];
    for (let i = 0; i < zs.length; i += 2) {
      const r2 = zs[i] ** 2 + zs[i + 1] ** 2;
      expected.push(4 * r2 * zs[i], 4 * r2 * zs[i + 1]);
    }
    expect(maxAbsDiff(g(z), expected)).toBeLessThan(1e-12);
  });
});
