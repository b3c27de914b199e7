/**
 * gradcheck / gradgradcheck options beyond PyTorch's defaults: fastMode, points, nondetTol, checkGradDtypes,
 * single-precision defaults and warnings, the structured report of GradcheckError, the truncated message, and the
 * argument errors (DtypeError / ShapeError, never GradcheckError).
 */
import type { Tensor } from '@tapegrad/core';
import { DtypeError, GradcheckError, ShapeError, tensor, warnings } from '@tapegrad/core';
import { detachedCube, halfAbsSq, scaledSquare, unaryFunction } from '@tapegrad/testing/functions';
import { f64, sample } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { defineFunction, gradcheck, gradcheckReport, gradgradcheck } from './index';

const one = (t: Tensor | Tensor[]): Tensor => (Array.isArray(t) ? t[0] : t);

/** tanh with a backward that is wrong at one element (index `bad`), by a factor 1.5. */
function tanhWrongAt(bad: number) {
  const op = defineFunction({
    name: 'tanhWrongAt',
    forward(ctx, x: Tensor) {
      const y = x.tanh();
      ctx.saveForBackward(y);
      return y;
    },
    backward(ctx, g) {
      const [y] = ctx.saved;
      const scale = new Float64Array(y.size).fill(1);
      scale[bad] = 1.5;
      return [g.mul(y.square().neg().add(1)).mul(tensor(scale, { shape: [...y.shape] }))];
    },
  });
  return (t: Tensor) => one(op(t));
}

function errorOf(fn: () => unknown): GradcheckError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GradcheckError);
    return e as GradcheckError;
  }
  throw new Error('expected a GradcheckError');
}

/** Counts the calls of `fn`. */
function counted<A extends unknown[], R>(fn: (...a: A) => R): { fn: (...a: A) => R; calls: () => number } {
  let n = 0;
  return {
    fn: (...a: A) => {
      n++;
      return fn(...a);
    },
    calls: () => n,
  };
}

describe('fastMode (PyTorch: vᵀJu with random unit vectors)', () => {
  it('passes correct functions: several inputs and outputs, complex, broadcasting', () => {
    const a = sample([3, 4], { seed: 1, requiresGrad: true });
    const b = sample([4], { seed: 2, requiresGrad: true });
    expect(gradcheck((x, y) => [x.mul(y).tanh(), x.exp().sum(0)], [a, b], { fastMode: true })).toBe(true);
    const z = sample([3], { seed: 3, complex: true, requiresGrad: true });
    expect(gradcheck((t) => t.exp().mul(t.conj()), [z], { fastMode: true })).toBe(true);
    expect(gradgradcheck((x, y) => x.mul(y).tanh(), [a, b], { fastMode: true })).toBe(true);
  });

  it('catches a wrong backward (seeded), then locates it with the full comparison of that pair', () => {
    const x = sample([6], { seed: 4, requiresGrad: true });
    for (const seed of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      expect(gradcheck(scaledSquare(1.1), [x], { fastMode: true, seed, raiseException: false })).toBe(false);
    }
    const e = errorOf(() => gradcheck(scaledSquare(1.1), [x], { fastMode: true, seed: 3 }));
    expect(e.message).toMatch(
      /^Jacobian mismatch for output 0 with respect to input 0,\nnumerical:tensor\(-?\d[^)]*\) \(fast mode: vᵀJu for random unit vectors u, v\)\nanalytical:tensor\(/,
    );
    expect(e.message).toContain(
      'Recomputed without fast mode (Jacobian mismatch for output 0 with respect to input 0):',
    );
    expect(e.message).toContain('order 1 (gradcheck, fastMode)');
    expect(e.report?.worst?.analytical).toBeCloseTo(1.1 * (e.report?.worst?.numerical ?? Number.NaN), 6);
  });

  it('catches a wrong complex backward and a non-differentiable first derivative (gradgradcheck)', () => {
    const z = sample([4], { seed: 5, complex: true, requiresGrad: true });
    expect(gradcheck((t) => one(halfAbsSq(t)), [z], { fastMode: true, raiseException: false })).toBe(false);
    const x = sample([5], { seed: 6, requiresGrad: true });
    expect(gradcheck((t) => one(detachedCube(t)), [x], { fastMode: true })).toBe(true);
    expect(gradgradcheck((t) => one(detachedCube(t)), [x], { fastMode: true, raiseException: false })).toBe(false);
  });

  it('evaluates the function O(1) times instead of 2 per input element', () => {
    const x = sample([400], { seed: 7, requiresGrad: true });
    const slow = counted((t: Tensor) => t.sin().sum());
    const fast = counted((t: Tensor) => t.sin().sum());
    expect(gradcheck(slow.fn, [x])).toBe(true);
    expect(gradcheck(fast.fn, [x], { fastMode: true })).toBe(true);
    expect(slow.calls()).toBe(1 + 2 * 400);
    expect(fast.calls()).toBe(1 + 2);
  });

  it('can miss an error confined to one entry of a large Jacobian (the documented limit), which the full check finds', () => {
    const x = sample([300], { seed: 8, requiresGrad: true });
    const f = tanhWrongAt(17);
    // One wrong entry among 300 (diagonal Jacobian): diluted by |u₁₇·v₁₇| ≈ 1/300 in the projection.
    expect(gradcheck(f, [x], { fastMode: true })).toBe(true);
    expect(gradcheck(f, [x], { raiseException: false })).toBe(false);
  });
});

describe('points: checking at user-given special points', () => {
  it('checks at every point, reports the point that fails (a kink at 0)', () => {
    const x = sample([3], { seed: 9, requiresGrad: true });
    expect(gradcheck((t) => t.relu(), [x], { points: [[0.5], [[-0.5, 0.7, 1.2]]] })).toBe(true);
    const e = errorOf(() => gradcheck((t) => t.relu(), [x], { points: [[0.5], [0]] }));
    expect(e.message).toMatch(/^Jacobian mismatch for output 0 with respect to input 0,\n/);
    expect(e.message).toContain('order 1 (gradcheck) at points[1]');
    // relu′(0) = 0 (PyTorch's subgradient); the central difference sees 1/2.
    expect(e.report?.worst).toMatchObject({ output: 0, input: 0, analytical: 0, numerical: 0.5 });
  });

  it('a smooth op whose backward is wrong only at 0 passes at random inputs and fails at the point 0', () => {
    const softplusBad = unaryFunction(
      'softplusBad',
      (t) => t.softplus(),
      (t, g) => {
        // sigmoid(t) where t ≠ 0, and 0 at t = 0 (a subgradient-style mistake at a smooth point)
        return g.mul(t.sigmoid().where(t.ne(0), t.mul(0)));
      },
    );
    const f = (t: Tensor) => one(softplusBad(t));
    const x = sample([4], { seed: 10, requiresGrad: true });
    expect(gradcheck(f, [x])).toBe(true);
    expect(gradcheck(f, [x], { points: [[0]], raiseException: false })).toBe(false);
    expect(gradcheck(f, [x], { points: [[-0]], raiseException: false })).toBe(false);
  });

  it('keeps the requiresGrad pattern of the inputs and accepts tensors, numbers and arrays', () => {
    const w = f64([2, 3]);
    const x = sample([2], { seed: 11, requiresGrad: true });
    const report = gradcheckReport((c, t) => c.mul(t.exp()), [w, x], {
      points: [
        [f64([1, 1]), 0.25],
        [5, [0.1, 0.2]],
      ],
    });
    expect(report.ok).toBe(true);
    expect(gradgradcheck((c, t) => c.mul(t.exp()), [w, x], { points: [[[1, 2], -1]] })).toBe(true);
  });

  it('rejects malformed points with DtypeError / ShapeError', () => {
    const x = sample([2], { seed: 12, requiresGrad: true });
    const f = (t: Tensor) => t.exp();
    expect(() => gradcheck(f, [x], { points: 3 as never })).toThrow(DtypeError);
    expect(() => gradcheck(f, [x], { points: [[0, 1]] })).toThrow(ShapeError);
    expect(() => gradcheck(f, [x], { points: [[[1, 2, 3]]] })).toThrow(ShapeError);
    expect(() => gradcheck(f, [x], { points: [['a' as never]] })).toThrow(DtypeError);
    expect(() => gradcheck(f, [x], { points: [[tensor([1, 2], { dtype: 'int32' })]] })).toThrow(DtypeError);
    expect(() => gradcheck(f, [x], { points: [[0]] })).not.toThrow();
  });
});

describe('nondetTol and checkGradDtypes', () => {
  it('a backward that gives a different value each run fails unless nondetTol allows the difference', () => {
    let runs = 0;
    const drifting = unaryFunction(
      'drifting',
      (t) => t.exp(),
      (t, g) => {
        runs++;
        return g.mul(t.exp()).mul(1 + 1e-9 * runs);
      },
    );
    const x = sample([3], { seed: 13, requiresGrad: true });
    const f = (t: Tensor) => one(drifting(t));
    const e = errorOf(() => gradcheck(f, [x]));
    expect(e.message).toMatch(/^Backward is not reentrant, i\.e\., running backward with same input and gradOutput/);
    expect(e.message).toContain('The tolerance for nondeterminism was 0.');
    expect(gradcheck(f, [x], { nondetTol: 1e-6 })).toBe(true);
    expect(gradcheck(f, [x], { nondetTol: 1e-6, fastMode: true })).toBe(true);
    expect(gradcheck(f, [x], { fastMode: true, raiseException: false })).toBe(false);
  });

  it('checkGradDtypes: a float64 input whose gradient was computed in float32 fails', () => {
    // d/dx exp(x) computed in float32: backward returns g cast to float32 times exp(x) in float32.
    const sloppyExp = unaryFunction(
      'sloppyExp',
      (t) => t.exp(),
      (t, g) => g.to('float32').mul(t.to('float32').exp()),
    );
    const x = sample([4], { seed: 14, requiresGrad: true });
    const f = (t: Tensor) => one(sloppyExp(t));
    expect(gradcheck(f, [x], { atol: 1e-4 })).toBe(true); // the values are within the tolerances
    const e = errorOf(() => gradcheck(f, [x], { atol: 1e-4, checkGradDtypes: true }));
    expect(e.message).toMatch(
      /^Gradient has dtype mismatch: the gradient of input 0 \(float64\) was evidently computed in float32/,
    );
    expect(gradcheck((t) => t.exp(), [x], { checkGradDtypes: true })).toBe(true);
    expect(gradcheck((t) => t.exp(), [x], { checkGradDtypes: true, fastMode: true })).toBe(true);
  });
});

describe('single precision', () => {
  it('float32 inputs use single-precision defaults (with the precision warning) and still catch a wrong factor', () => {
    const W = tensor(Float32Array.from(sample([20, 30], { seed: 15 }).toTypedArray() as Float64Array), {
      shape: [20, 30],
    });
    const x = tensor(Float32Array.from(sample([30], { seed: 16 }).toTypedArray() as Float64Array), {
      requiresGrad: true,
    });
    const f = (t: Tensor) => W.matmul(t).tanh().sum();
    const { result, warnings: ws } = warnings.record(() => gradcheck(f, [x]));
    expect(result).toBe(true);
    expect(ws.map((w) => w.code)).toEqual(['TAPEGRAD_GRADCHECK_PRECISION']);
    expect(ws[0].message).toContain('single-precision defaults eps 0.003, atol 0.001, rtol 0.01');
    // PyTorch's float64 defaults cannot work in float32 (rounding noise / 2e-6 ≫ atol).
    warnings.record(() =>
      expect(gradcheck(f, [x], { eps: 1e-6, atol: 1e-5, rtol: 1e-3, raiseException: false })).toBe(false),
    );
    const wrong = (t: Tensor) => scaledSquare(1.05)(t).sum();
    warnings.record(() => expect(gradcheck(wrong, [x], { raiseException: false })).toBe(false));
  });

  it('a float64 check of outputs evidently computed in float32 warns TAPEGRAD_GRADCHECK_FLOAT32_OUTPUT', () => {
    const x = sample([3], { seed: 17, requiresGrad: true });
    const viaFloat32 = warnings.record(() =>
      gradcheck((t) => t.to('float32').exp().to('float64'), [x], { raiseException: false }),
    );
    expect(viaFloat32.warnings.map((w) => w.code)).toEqual(['TAPEGRAD_GRADCHECK_FLOAT32_OUTPUT']);
    expect(viaFloat32.warnings[0].message).toMatch(
      /^gradcheck: the inputs are double precision but output 0 was evidently computed in single precision/,
    );
    const float32Out = warnings.record(() => gradcheck((t) => t.to('float32').exp(), [x], { raiseException: false }));
    expect(float32Out.warnings[0].message).toContain('its dtype is float32');
    expect(warnings.record(() => gradcheck((t) => t.exp(), [x])).warnings).toEqual([]);
    // Short binary fractions are exact in every precision: no false alarm.
    expect(warnings.record(() => gradcheck((t) => t.mul(2), [f64([0.5, 1], [2], true)])).warnings).toEqual([]);
  });
});

describe('the report and the message', () => {
  it('GradcheckError.report has the worst entry with its index and both values, the errors, order and time', () => {
    const x = sample([2, 3], { seed: 18, requiresGrad: true });
    const f = tanhWrongAt(4);
    const e = errorOf(() => gradcheck(f, [x]));
    const report = e.report;
    expect(report).toBeDefined();
    if (report === undefined) return;
    expect(report.ok).toBe(false);
    expect(report.order).toBe(1);
    expect(report.name).toBe('tanhWrongAt'); // an anonymous function is named after the custom ops it calls
    // Element 4 of a [2, 3] input is [1, 1]; output element [1, 1] too: index [...out, ...in].
    expect(report.worst).toMatchObject({ output: 0, input: 0, index: [1, 1, 1, 1] });
    const d = 1 - Math.tanh(components(x)[4]) ** 2;
    expect(report.worst?.analytical).toBeCloseTo(1.5 * d, 10);
    expect(report.worst?.numerical).toBeCloseTo(d, 8);
    expect(report.maxAbsError).toBeCloseTo(0.5 * d, 8);
    expect(report.maxRelError).toBeCloseTo(0.5, 6);
    expect(report.ms).toBeGreaterThanOrEqual(0);
    expect(report.message).toBe(e.message);
    const second = errorOf(() => gradgradcheck(f, [x]));
    expect(second.report?.order).toBe(2);
  });

  it('a passing report names the entry closest to failing', () => {
    const x = sample([3], { seed: 19, requiresGrad: true });
    const report = gradcheckReport(
      function cubic(t: Tensor) {
        return t.pow(3);
      },
      [x],
    );
    expect(report).toMatchObject({ ok: true, name: 'cubic', order: 1 });
    expect(report.worst?.index.length).toBe(2);
    expect(report.maxAbsError).toBeLessThan(1e-8);
    expect(gradcheckReport((t: Tensor) => t.pow(3), [x], {}, 2)).toMatchObject({ ok: true, order: 2 });
  });

  it('a large Jacobian is printed as a window around the worst entry; fullJacobians prints it all', () => {
    const x = sample([300], { seed: 20, requiresGrad: true });
    const f = tanhWrongAt(150);
    const short = errorOf(() => gradcheck(f, [x])).message;
    expect(short.length).toBeLessThan(3000);
    expect(short.split('\n').length).toBeLessThan(30);
    expect(short).toContain(
      '(shown: rows 146–153 of 300 = elements of input 0, columns 146–153 of 300 = elements of output 0;',
    );
    expect(short).toMatch(/numerical:tensor\(\[\n {8}\.\.\.,\n {8}\[\.\.\., /);
    expect(short).toContain('worst entry: output 0[150] with respect to input 0[150] (report index [150, 150])');
    const full = errorOf(() => gradcheck(f, [x], { fullJacobians: true })).message;
    expect(full.split('\n').length).toBeGreaterThan(600);
    expect(full).not.toContain('(shown:');
  });

  it('rejects unknown options and bad option values with DtypeError naming them', () => {
    const x = sample([2], { seed: 21, requiresGrad: true });
    const f = (t: Tensor) => t.exp();
    expect(() => gradcheck(f, [x], { fast: true } as never)).toThrow(/gradcheck: unknown option "fast"/);
    expect(() => gradgradcheck(f, [x], { nondet: 1 } as never)).toThrow(DtypeError);
    expect(() => gradcheck(f, [x], { gradOutputs: [] } as never)).toThrow(/unknown option "gradOutputs"/);
    expect(() => gradcheck(f, [x], { fastMode: 1 as never })).toThrow(/expected fastMode to be a boolean/);
    expect(() => gradcheck(f, [x], { nondetTol: -1 })).toThrow(DtypeError);
    expect(() => gradcheck(f, [x], { seed: 0.5 })).toThrow(DtypeError);
    expect(() => gradgradcheck(f, [x], { gradOutputs: [3 as never] })).toThrow(DtypeError);
    expect(() => gradcheck(3 as never, [x])).toThrow(DtypeError);
    expect(() => gradcheck(f, x as never)).toThrow(DtypeError);
  });

  it('a function whose output changes shape between points is a ShapeError; one that throws propagates', () => {
    const x = sample([3], { seed: 22, requiresGrad: true });
    let calls = 0;
    const shifty = (t: Tensor) => (calls++ === 0 ? t.exp() : t.exp().sum());
    expect(() => gradcheck(shifty, [x])).toThrow(ShapeError);
    const boom = new Error('boom');
    let n = 0;
    expect(() =>
      gradcheck(
        (t) => {
          if (n++ > 0) throw boom;
          return t.exp();
        },
        [x],
      ),
    ).toThrow(boom);
  });
});

function components(t: Tensor): number[] {
  return Array.from(t.toTypedArray() as ArrayLike<number>);
}
