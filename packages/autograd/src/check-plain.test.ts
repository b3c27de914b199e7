/**
 * checkGrad / checkVjp / checkJvp / checkHvp: hand-written derivatives on plain numbers against central differences.
 * Each catches a deliberately wrong derivative (full and fast mode), reports the worst entry with its index and both
 * values, supports float32 code (x as a Float32Array), and turns bad input into a typed error or a failed report.
 */
import { DtypeError, ShapeError, warnings } from '@tapegrad/core';
import { describe, expect, it } from 'vitest';
import { checkGrad, checkHvp, checkJvp, checkVjp } from './index';

// f(x) = Σ sin(xᵢ)·xᵢ₊₁ + ½‖x‖²·x₀ — coupled, with a dense Hessian row.
function f(x: Float64Array): number {
  let s = 0;
  let sq = 0;
  for (let i = 0; i < x.length; i++) {
    if (i + 1 < x.length) s += Math.sin(x[i]) * x[i + 1];
    sq += x[i] * x[i];
  }
  return s + 0.5 * sq * x[0];
}

function gradF(x: Float64Array): Float64Array {
  const n = x.length;
  const g = new Float64Array(n);
  let sq = 0;
  for (let i = 0; i < n; i++) sq += x[i] * x[i];
  for (let i = 0; i < n; i++) {
    if (i + 1 < n) g[i] += Math.cos(x[i]) * x[i + 1];
    if (i > 0) g[i] += Math.sin(x[i - 1]);
    g[i] += x[i] * x[0];
  }
  g[0] += 0.5 * sq;
  return g;
}

function hvpF(x: Float64Array, v: Float64Array): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  let xv = 0;
  for (let i = 0; i < n; i++) xv += x[i] * v[i];
  for (let i = 0; i < n; i++) {
    if (i + 1 < n) out[i] += -Math.sin(x[i]) * x[i + 1] * v[i] + Math.cos(x[i]) * v[i + 1];
    if (i > 0) out[i] += Math.cos(x[i - 1]) * v[i - 1];
    out[i] += v[i] * x[0] + x[i] * v[0];
  }
  out[0] += xv;
  return out;
}

// A vector function g: ℝⁿ → ℝ³ and its products.
const g = (x: Float64Array) => [x[0] * x[1], Math.exp(x[1]) - x[2], x.reduce((s, v) => s + v * v, 0)];
function jvpG(x: Float64Array, v: Float64Array): number[] {
  return [v[0] * x[1] + x[0] * v[1], Math.exp(x[1]) * v[1] - v[2], 2 * x.reduce((s, xi, i) => s + xi * v[i], 0)];
}
function vjpG(x: Float64Array, w: Float64Array): number[] {
  const out = x.map((xi) => 2 * w[2] * xi);
  out[0] += w[0] * x[1];
  out[1] += w[0] * x[0] + w[1] * Math.exp(x[1]);
  out[2] -= w[1];
  return Array.from(out);
}

const x0 = [0.3, -1.2, 0.8, 2.1, -0.4];

describe('each check passes correct derivatives and catches a wrong one', () => {
  it('checkGrad', () => {
    const good = checkGrad(f, gradF, x0);
    expect(good).toMatchObject({ ok: true, name: 'f', order: 1 });
    expect(good.maxAbsError).toBeLessThan(1e-8);
    expect(good.worst?.index.length).toBe(1);
    // A forgotten term: the coupling sin(x_{i−1}) is dropped for i = 3.
    const wrong = (x: Float64Array) => {
      const out = gradF(x);
      out[3] -= Math.sin(x[2]);
      return out;
    };
    const bad = checkGrad(f, wrong, x0);
    expect(bad.ok).toBe(false);
    expect(bad.worst).toMatchObject({ output: 0, input: 0, index: [3] });
    expect(bad.worst?.numerical).toBeCloseTo(gradF(Float64Array.from(x0))[3], 8);
    expect(bad.worst?.analytical).toBeCloseTo(wrong(Float64Array.from(x0))[3], 12);
    expect(bad.message).toMatch(
      /^checkGrad: gradient mismatch at index \[3\]: analytical .*; 1 of 5 entries outside the tolerance/,
    );
  });

  it('checkVjp', () => {
    expect(checkVjp(g, vjpG, x0.slice(0, 3)).ok).toBe(true);
    const wrong = (x: Float64Array, w: Float64Array) => {
      const out = vjpG(x, w);
      out[1] -= w[1] * Math.exp(x[1]) * 0.5; // half of ∂g₁/∂x₁
      return out;
    };
    const bad = checkVjp(g, wrong, x0.slice(0, 3));
    expect(bad.ok).toBe(false);
    expect(bad.worst?.index).toEqual([1, 1]); // [output element, input element]
    expect(bad.worst?.analytical).toBeCloseTo(0.5 * Math.exp(x0[1]), 12);
    expect(bad.worst?.numerical).toBeCloseTo(Math.exp(x0[1]), 8);
  });

  it('checkJvp', () => {
    expect(checkJvp(g, jvpG, x0.slice(0, 3)).ok).toBe(true);
    const wrong = (x: Float64Array, v: Float64Array) => {
      const out = jvpG(x, v);
      out[0] = v[0] * x[1]; // forgot x₀·v₁
      return out;
    };
    const bad = checkJvp(g, wrong, x0.slice(0, 3));
    expect(bad).toMatchObject({ ok: false, worst: { index: [0, 1] } });
    expect(Math.abs(bad.worst?.analytical ?? 1)).toBe(0);
    expect(bad.worst?.numerical).toBeCloseTo(x0[0], 8);
  });

  it('checkHvp', () => {
    const good = checkHvp(f, hvpF, x0);
    expect(good).toMatchObject({ ok: true, order: 2 });
    expect(good.maxAbsError).toBeLessThan(1e-5);
    const wrong = (x: Float64Array, v: Float64Array) => {
      const out = hvpF(x, v);
      out[2] += 0.1 * v[4]; // a spurious H[2][4]
      return out;
    };
    const bad = checkHvp(f, wrong, x0);
    expect(bad).toMatchObject({ ok: false, order: 2, worst: { index: [2, 4] } });
    expect(bad.worst?.numerical).toBeCloseTo(0, 6);
    expect(bad.worst?.analytical).toBeCloseTo(0.1, 12);
  });
});

describe('fastMode: a few seeded random projections', () => {
  it('passes correct derivatives with O(1) evaluations of the derivative under test', () => {
    const n = 2000;
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 0.9);
    let gradCalls = 0;
    let fCalls = 0;
    const countedF = (p: Float64Array) => {
      fCalls++;
      return f(p);
    };
    const report = checkGrad(
      countedF,
      (p) => {
        gradCalls++;
        return gradF(p);
      },
      x,
      { fastMode: true },
    );
    expect(report.ok).toBe(true);
    expect(report.worst).toBeNull(); // projections, not entries
    expect(gradCalls).toBe(1);
    expect(fCalls).toBe(6);
    let hvpCalls = 0;
    fCalls = 0;
    const hv = checkHvp(
      countedF,
      (p, v) => {
        hvpCalls++;
        return hvpF(p, v);
      },
      x,
      { fastMode: true },
    );
    expect(hv.ok).toBe(true);
    expect(hvpCalls).toBe(3);
    expect(fCalls).toBe(12);
    expect(checkVjp(g, vjpG, x0.slice(0, 3), { fastMode: true }).ok).toBe(true);
    expect(checkJvp(g, jvpG, x0.slice(0, 3), { fastMode: true }).ok).toBe(true);
  });

  it('catches a wrong derivative for every seed, and locates it with the full check', () => {
    const n = 20;
    const x = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
    const wrongGrad = (p: Float64Array) => gradF(p).map((v) => v * 1.05); // 5 % too large everywhere
    const wrongHvp = (p: Float64Array, v: Float64Array) => hvpF(p, v).map((h, i) => (i === 0 ? -h : h));
    for (let seed = 0; seed < 20; seed++) {
      expect(checkGrad(f, wrongGrad, x, { fastMode: true, seed }).ok).toBe(false);
      expect(checkHvp(f, wrongHvp, x, { fastMode: true, seed }).ok).toBe(false);
    }
    const report = checkGrad(f, wrongGrad, x, { fastMode: true });
    expect(report.worst?.index.length).toBe(1);
    expect(report.message).toContain('found by fastMode');
    const wrongVjp = (p: Float64Array, w: Float64Array) => vjpG(p, w).map((v) => -v);
    const wrongJvp = (p: Float64Array, v: Float64Array) => jvpG(p, v).reverse();
    for (let seed = 0; seed < 20; seed++) {
      expect(checkVjp(g, wrongVjp, x0.slice(0, 3), { fastMode: true, seed }).ok).toBe(false);
      expect(checkJvp(g, wrongJvp, x0.slice(0, 3), { fastMode: true, seed }).ok).toBe(false);
    }
  });
});

describe('single precision (float32 code, e.g. TensorFlow.js)', () => {
  const f32 = (x: Float64Array) => {
    let s = Math.fround(0);
    for (let i = 0; i < x.length; i++)
      s = Math.fround(s + Math.fround(Math.fround(Math.tanh(x[i])) * Math.fround(x[(i + 1) % x.length])));
    return s;
  };
  const grad32 = (x: Float64Array) => {
    const n = x.length;
    return Float32Array.from({ length: n }, (_, i) => {
      const t = Math.tanh(x[i]);
      return (1 - t * t) * x[(i + 1) % n] + Math.tanh(x[(i - 1 + n) % n]);
    });
  };
  const x = Float32Array.from({ length: 40 }, (_, i) => Math.sin(3 * i));

  it('x as a Float32Array selects the single-precision defaults; a wrong factor is still caught', () => {
    expect(checkGrad(f32, grad32, x).ok).toBe(true);
    expect(checkGrad(f32, grad32, x, { fastMode: true }).ok).toBe(true);
    const wrong = (p: Float64Array) => grad32(p).map((v, i) => (i === 7 ? v * 1.05 : v));
    expect(checkGrad(f32, wrong, x).worst?.index).toEqual([7]);
  });

  it('a float64 check of float32 values fails and warns why', () => {
    const { result, warnings: ws } = warnings.record(() => checkGrad(f32, grad32, Array.from(x)));
    expect(result.ok).toBe(false);
    expect(ws.map((w) => w.code)).toEqual(['TAPEGRAD_GRADCHECK_FLOAT32_OUTPUT']);
    expect(ws[0].message).toMatch(
      /^checkGrad: f's values were evidently computed in float32 .*pass x as a Float32Array/,
    );
    expect(warnings.record(() => checkGrad(f, gradF, x0)).warnings).toEqual([]);
  });
});

describe('bad input: a typed error or a failed report that says which', () => {
  it('functions that throw name the function and the point', () => {
    const boom = () => {
      throw new RangeError('out of domain');
    };
    expect(() => checkGrad(boom, gradF, x0)).toThrow(DtypeError);
    expect(() => checkGrad(boom, gradF, x0)).toThrow(
      /^checkGrad: f threw at x \+ 1e-6·e\[0\] \(expected a result, got RangeError: out of domain\)/,
    );
    expect(() => checkVjp(g, boom, x0.slice(0, 3))).toThrow(/^checkVjp: vjp threw at x with v = e\[0\]/);
    try {
      checkHvp(f, boom, x0);
    } catch (e) {
      expect((e as Error).cause).toBeInstanceOf(RangeError);
    }
  });

  it('wrong lengths are ShapeErrors; wrong types DtypeErrors', () => {
    expect(() => checkGrad(f, (x) => x.slice(1), x0)).toThrow(ShapeError);
    expect(() => checkGrad(f, (x) => x.slice(1), x0)).toThrow(/expected grad to return 5 numbers at x, got 4/);
    expect(() => checkVjp(g, (x) => x.slice(1), x0.slice(0, 3).concat(1))).toThrow(ShapeError);
    expect(() => checkJvp(g, (x) => x.slice(1), x0.slice(0, 3))).toThrow(/expected jvp to return 3 numbers/);
    expect(() => checkHvp(f, () => [1], x0)).toThrow(ShapeError);
    let calls = 0;
    const growing = (x: Float64Array) => (calls++ > 2 ? [...g(x), 1] : g(x));
    expect(() => checkVjp(growing, vjpG, x0.slice(0, 3))).toThrow(/expected f to return 3 numbers/);
    expect(() => checkGrad(() => 'a' as never, gradF, x0)).toThrow(DtypeError);
    expect(() => checkGrad(f, () => ['a', 1, 2, 3, 4] as never, x0)).toThrow(/expected grad to return numbers/);
    expect(() => checkGrad(f, 3 as never, x0)).toThrow(/^checkGrad: expected grad to be a function/);
  });

  it('non-finite or non-numeric x and bad options are DtypeErrors', () => {
    expect(() => checkGrad(f, gradF, [1, Number.NaN])).toThrow(
      /expected x to hold finite numbers, got number NaN at index 1/,
    );
    expect(() => checkGrad(f, gradF, [1, Number.POSITIVE_INFINITY])).toThrow(DtypeError);
    expect(() => checkGrad(f, gradF, 'abc' as never)).toThrow(DtypeError);
    expect(() => checkGrad(f, gradF, x0, { fast: true } as never)).toThrow(/checkGrad: unknown option "fast"/);
    expect(() => checkGrad(f, gradF, x0, { eps: 0 })).toThrow(DtypeError);
    expect(() => checkGrad(f, gradF, x0, { seed: 1.5 })).toThrow(DtypeError);
    expect(() => checkJvp(g, jvpG, x0, { fastMode: 'yes' as never })).toThrow(DtypeError);
  });

  it('NaN from f or from the derivative gives a failed report saying where it came from', () => {
    const nanAtThree = (x: Float64Array) => (x[3] > x0[3] ? Number.NaN : f(x));
    const r1 = checkGrad(nanAtThree, gradF, x0);
    expect(r1.ok).toBe(false);
    expect(Number.isNaN(r1.maxAbsError)).toBe(true);
    expect(r1.worst?.index).toEqual([3]);
    expect(r1.message).toContain('f returned NaN at x + 1e-6·e[3]');
    const r2 = checkGrad(f, (x) => gradF(x).map((v, i) => (i === 1 ? Number.NaN : v)), x0);
    expect(r2.worst).toMatchObject({ index: [1] });
    expect(r2.message).toContain('grad returned NaN at x');
  });

  it('an empty x passes trivially', () => {
    expect(
      checkGrad(
        () => 0,
        () => [],
        [],
      ),
    ).toMatchObject({ ok: true, worst: null, maxAbsError: 0 });
  });
});
