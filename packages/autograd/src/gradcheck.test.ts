/**
 * gradcheck / gradgradcheck: PyTorch's defaults (central differences, eps 1e-6, atol 1e-5, rtol 1e-3), raiseException,
 * the GradcheckError message, the precision warning, several inputs and outputs, complex inputs and outputs.
 */
import type { Tensor } from '@tapegrad/core';
import { complex, DtypeError, GradcheckError, ShapeError, tensor, warnings } from '@tapegrad/core';
import { detachedCube, halfAbsSq, scaledSquare, unaryFunction } from '@tapegrad/testing/functions';
import { f64, sample } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { defineFunction, gradcheck, gradgradcheck } from './index';

const one = (t: Tensor | Tensor[]): Tensor => (Array.isArray(t) ? t[0] : t);

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GradcheckError);
    return (e as Error).message;
  }
  throw new Error('expected a GradcheckError');
}

describe('gradcheck', () => {
  it('passes for correct gradients and returns true', () => {
    const x = sample([2, 3], { seed: 1, requiresGrad: true });
    expect(gradcheck((t) => t.exp().mul(t.sin()).sum(1), [x])).toBe(true);
  });

  it('uses the PyTorch default tolerances: a relative error of 1e-4 passes, 1e-2 fails; options loosen them', () => {
    const x = sample([3], { seed: 2, kind: 'pos', requiresGrad: true });
    expect(gradcheck((t) => one(scaledSquare(1 + 1e-4)(t)), [x])).toBe(true);
    expect(gradcheck((t) => one(scaledSquare(1 + 1e-2)(t)), [x], { raiseException: false })).toBe(false);
    expect(gradcheck((t) => one(scaledSquare(1 + 1e-2)(t)), [x], { rtol: 0.05 })).toBe(true);
    expect(gradcheck((t) => one(scaledSquare(1 + 1e-2)(t)), [x], { atol: 0.1 })).toBe(true);
    // eps: a coarse step makes the central difference of x³ visibly wrong (error eps²).
    const cubeSum = (t: Tensor) => t.pow(3);
    expect(gradcheck(cubeSum, [x])).toBe(true);
    expect(gradcheck(cubeSum, [x], { eps: 0.1, raiseException: false })).toBe(false);
  });

  it('raiseException: false returns false; the default throws GradcheckError with the documented message', () => {
    const x = f64([0.5, -1.5], [2], true);
    const bad = (t: Tensor) => one(scaledSquare(1.5)(t));
    expect(gradcheck(bad, [x], { raiseException: false })).toBe(false);
    const message = messageOf(() => gradcheck(bad, [x]));
    // Rows are input elements, columns output elements (PyTorch's layout); the numerical values are ≈ 1 and −3.
    expect(message).toMatch(
      /^Jacobian mismatch for output 0 with respect to input 0,\nnumerical:tensor\(\[\n {8}\[1\.(00000)?, 0\.\],\n {8}\[0\., -3\.(00000)?\]\]\)\nanalytical:tensor\(\[\n {8}\[1\.50000, 0\.\],\n {8}\[0\., -4\.50000\]\]\)\n/,
    );
    // Then the worst entry with its index and both values, the function and its custom op, the order, the tolerances.
    expect(message).toMatch(
      /\nworst entry: output 0\[1\] with respect to input 0\[1\] \(report index \[1, 1\]\): analytical -4\.5, numerical -3(\.0+\d*)? .*; 2 of 4 entries outside the tolerance\n/,
    );
    expect(message).toContain(
      '\nfunction: bad (ops with their own backward on its graph: scaledSquare); order 1 (gradcheck) at the given inputs\n',
    );
    expect(message).toContain('eps 1e-6, atol 1e-5, rtol 0.001');
  });

  it('names the output and input of the mismatch (several inputs and outputs)', () => {
    // [x·y, eˣ⁺ʸ]... with d(output 1)/d(input 1) wrong: backward reports 0.5·g1 instead of g1·eʸ.
    const wrongSecond = defineFunction({
      name: 'wrongSecond',
      forward(ctx, x: Tensor, y: Tensor) {
        ctx.saveForBackward(x, y);
        return [x.mul(y), y.exp()];
      },
      backward(ctx, g0, g1) {
        const [x, y] = ctx.saved;
        return [g0.mul(y), g0.mul(x).add(g1.mul(0.5))];
      },
    });
    const a = sample([2], { seed: 3, requiresGrad: true });
    const b = sample([2], { seed: 5, requiresGrad: true });
    const msg = messageOf(() => gradcheck((x, y) => wrongSecond(x, y) as Tensor[], [a, b]));
    expect(msg).toMatch(/^Jacobian mismatch for output 1 with respect to input 1,\nnumerical:/);
    // Inputs without requiresGrad are not differentiated, but keep their position in the numbering.
    const constant = f64([2, 3]);
    const msg2 = messageOf(() => gradcheck((c, y) => wrongSecond(c, y) as Tensor[], [constant, b]));
    expect(msg2).toMatch(/^Jacobian mismatch for output 1 with respect to input 1,/);
    // Outputs that are not floating point (argmax) are skipped but keep their index.
    const msg3 = messageOf(() => gradcheck((x, y) => [x.argmax(), ...(wrongSecond(x, y) as Tensor[])], [a, b]));
    expect(msg3).toMatch(/^Jacobian mismatch for output 2 with respect to input 1,/);
  });

  it('warns TAPEGRAD_GRADCHECK_PRECISION for float32 / complex64 inputs (and not for float64)', () => {
    const x32 = tensor([0.5, 1.5], { dtype: 'float32', requiresGrad: true });
    const { result, warnings: ws } = warnings.record(() =>
      gradcheck((t) => t.mul(2), [x32], { eps: 1e-3, atol: 1e-2, rtol: 1e-2 }),
    );
    expect(result).toBe(true);
    expect(ws.length).toBe(1);
    expect(ws[0].code).toBe('TAPEGRAD_GRADCHECK_PRECISION');
    expect(ws[0].category).toBe('NumericalWarning');
    expect(ws[0].message).toMatch(/^gradcheck: input 0 is float32/);
    const z64 = tensor([{ re: 1, im: 1 }], { dtype: 'complex64', requiresGrad: true });
    const rec = warnings.record(() => gradcheck((t) => t.mul(2), [z64], { eps: 1e-3, atol: 1e-2, rtol: 1e-2 }));
    expect(rec.warnings.map((w) => w.code)).toEqual(['TAPEGRAD_GRADCHECK_PRECISION']);
    const ok = warnings.record(() => gradcheck((t) => t.mul(2), [f64([1], [1], true)]));
    expect(ok.warnings).toEqual([]);
  });

  it('complex input, real output: entries are ∂/∂x + i∂/∂y, compared as complex numbers', () => {
    const z = sample([3], { seed: 6, complex: true, requiresGrad: true });
    expect(gradcheck((t) => t.abs(), [z])).toBe(true);
    expect(gradcheck((t) => t.mul(t.conj()).real.sum(), [z])).toBe(true);
    expect(gradcheck((t) => t.angle().mul(t.imag), [z])).toBe(true);
    // A rule missing the factor 2 of |z|² is caught; the Jacobian is printed with complex entries.
    const zc = tensor([{ re: 1, im: -2 }], { dtype: 'complex128', requiresGrad: true });
    const msg = messageOf(() => gradcheck((t) => one(halfAbsSq(t)), [zc]));
    expect(msg).toMatch(/^Jacobian mismatch for output 0 with respect to input 0,\n/);
    expect(msg).toContain('numerical:tensor([\n        [2.00000-4.00000j]], dtype=complex128)');
    expect(msg).toContain('analytical:tensor([\n        [1.-2.j]], dtype=complex128)');
  });

  it('real input, complex output: the real and imaginary parts are checked in turn', () => {
    const x = sample([3], { seed: 7, requiresGrad: true });
    const c = tensor([{ re: 0.5, im: -1.5 }], { dtype: 'complex128' });
    expect(gradcheck((t) => t.mul(c).exp(), [x])).toBe(true);
    expect(gradcheck((t, u) => complex(t, u.square()), [x, sample([3], { seed: 8, requiresGrad: true })])).toBe(true);
    // A wrong gradient of the imaginary part only: y = complex(x, x²) with d Im/dx reported as 3x.
    const wrongImag = unaryFunction(
      'wrongImag',
      (t) => complex(t, t.square()),
      (t, g) => g.real.add(g.imag.mul(t).mul(3)),
    );
    const msg = messageOf(() => gradcheck((t) => one(wrongImag(t)), [x]));
    expect(msg).toMatch(
      /^While considering the imaginary part of complex outputs only, Jacobian mismatch for output 0 with respect to input 0,\nnumerical:/,
    );
    // And a wrong real part is reported for the real part.
    const wrongReal = unaryFunction(
      'wrongReal',
      (t) => complex(t, t.square()),
      (t, g) => g.real.mul(2).add(g.imag.mul(t).mul(2)),
    );
    expect(messageOf(() => gradcheck((t) => one(wrongReal(t)), [x]))).toMatch(
      /^While considering the real part of complex outputs only, Jacobian mismatch for output 0 with respect to input 0,/,
    );
  });

  it('complex input, complex output (holomorphic and not)', () => {
    const z = sample([2, 2], { seed: 9, complex: true, requiresGrad: true });
    expect(gradcheck((t) => t.exp().mul(t), [z])).toBe(true);
    expect(gradcheck((t) => t.conj().mul(t.sin()), [z])).toBe(true);
    expect(gradgradcheck((t) => t.conj().mul(t.sin()), [z])).toBe(true);
  });

  it('the same tensor passed twice is one variable', () => {
    const x = sample([3], { seed: 10, requiresGrad: true });
    expect(gradcheck((a, b) => a.mul(b.exp()), [x, x])).toBe(true);
  });

  it('rejects bad arguments', () => {
    // Argument errors are DtypeError / ShapeError (GradcheckError only reports a derivative mismatch).
    expect(() => gradcheck((t) => t.mul(2), [f64([1])])).toThrow(DtypeError);
    expect(() => gradcheck((t) => t.mul(2), [f64([1])])).toThrow(/requiresGrad/);
    expect(() => gradcheck(() => 3 as unknown as Tensor, [f64([1], [1], true)])).toThrow(DtypeError);
    expect(() => gradcheck(() => 3 as unknown as Tensor, [f64([1], [1], true)])).toThrow(/must return a Tensor/);
  });
});

describe('gradgradcheck', () => {
  it('passes for correct double backward, with default (seeded) and explicit gradOutputs', () => {
    const x = sample([2, 2], { seed: 11, requiresGrad: true });
    expect(gradgradcheck((t) => t.tanh().matmul(t), [x])).toBe(true);
    const v = sample([2, 2], { seed: 12, requiresGrad: true });
    expect(gradgradcheck((t) => t.tanh().matmul(t), [x], { gradOutputs: [v] })).toBe(true);
    expect(() => gradgradcheck((t) => t.tanh(), [x], { gradOutputs: [v, v] })).toThrow(ShapeError);
  });

  it('catches a first derivative that is right but not differentiable (a detached saved tensor)', () => {
    const x = sample([3], { seed: 13, requiresGrad: true });
    const f = (t: Tensor) => one(detachedCube(t));
    expect(gradcheck(f, [x])).toBe(true);
    expect(gradgradcheck(f, [x], { raiseException: false })).toBe(false);
    // The gradOutputs come after the inputs in the numbering: the mismatch is for input 0 (x).
    expect(() => gradgradcheck(f, [x])).toThrow(/^Jacobian mismatch for output 0 with respect to input 0,/);
  });

  it('functions with several inputs and outputs, complex ones too', () => {
    const a = sample([2], { seed: 14, requiresGrad: true });
    const b = sample([2], { seed: 15, complex: true, requiresGrad: true });
    expect(gradgradcheck((x, y) => [x.exp().mul(y), y.abs().mul(x)], [a, b])).toBe(true);
  });
});
