/**
 * The kink family (issue #10 item 1): first, second and third derivatives of every smooth op and loss at 0, −0, tiny
 * and large magnitudes and at ties, against closed forms — a numerically stable rewrite (|z|, max, where, clamp
 * inside a smooth function) must not lose curvature at its switching point. Where PyTorch defines a subgradient at a
 * true kink (relu, abs, leakyRelu, clamp, maximum, norms at 0), the derivative matches PyTorch's value (printed by
 * PyTorch 1.13; see the comments).
 *
 * Elementwise ops: derivatives of Σ f(x_i), so entry i of the k-th derivative is f⁽ᵏ⁾(x_i). Other ops: directional
 * derivatives dᵏ/dtᵏ L(x + t·v) at t = 0 along coordinate and random directions, from nested `grad` calls.
 */
import { erf as mathjsErf } from 'mathjs';
import type { Tensor } from 'tapegrad';
import {
  amax,
  autograd,
  cdist,
  clamp,
  cos,
  erf,
  exp,
  gelu,
  linalg,
  log1p,
  logSoftmax,
  logsumexp,
  maximum,
  minimum,
  nn,
  relu,
  sigmoid,
  sin,
  softmax,
  softplus,
  std,
  tanh,
  tensor,
  var as variance,
  xlogy,
} from 'tapegrad';
import { describe, expect, it } from 'vitest';

const F = nn.functional;

/** Tiny and large magnitudes shared by most rows: 0, −0, the smallest subnormal, 1e-300, 1e-8, ±1, ±20, ±40. */
const SPECIAL = [0, -0, 5e-324, 1e-300, 1e-8, 1, -1, 20, -20, 40, -40];

type Scalar = (x: number) => number;

interface ElementwiseRow {
  name: string;
  fn: (x: Tensor) => Tensor;
  /** f, f′, f″, f‴ in closed form. */
  closed: [Scalar, Scalar, Scalar, Scalar];
  points: number[];
  /**
   * The magnitude of the terms the derivatives are made of, when it exceeds the derivative itself (cancellation near a
   * zero of f⁽ᵏ⁾, e.g. σ″ = σ′·(σ(−x) − σ(x)) near 0): the tolerance is then 4·eps·scale(x) absolute. Not a loophole
   * for the tails: the scale there is as small as the derivatives.
   */
  scale?: Scalar;
  /** Absolute tolerance where the op itself is only accurate to an absolute level (documented per row). */
  atol?: number;
}

/** Logistic sigmoid, stable on both sides. */
const s: Scalar = (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
/** σ(x)σ(−x) = σ′(x), accurate for every x (no 1 − σ cancellation). */
const q: Scalar = (x) => s(x) * s(-x);
/** σ(−x) − σ(x) = −tanh(x/2), accurate near 0. */
const d: Scalar = (x) => -Math.tanh(x / 2);
const softplusExact: Scalar = (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const normalPdf: Scalar = (x) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
const normalCdf: Scalar = (x) => 0.5 * (1 + mathjsErf(x / Math.SQRT2));
const sech2: Scalar = (x) => 4 * s(2 * x) * s(-2 * x);
const constant =
  (c: number): Scalar =>
  () =>
    c;

const elementwise: ElementwiseRow[] = [
  {
    name: 'softplus (β = 1, threshold 20): curvature ¼ at 0 and −0 (was 0)',
    fn: (x) => softplus(x),
    // Above the threshold softplus is x itself (as torch): f′ = 1, f″ = f‴ = 0 at 40.
    closed: [
      (x) => (x > 20 ? x : softplusExact(x)),
      (x) => (x > 20 ? 1 : s(x)),
      (x) => (x > 20 ? 0 : q(x)),
      (x) => (x > 20 ? 0 : q(x) * d(x)),
    ],
    points: [...SPECIAL, 700, -700, -745],
    scale: q,
  },
  {
    name: 'softplus (β = 2, threshold 20): the threshold is strict, as torch',
    fn: (x) => softplus(x, { beta: 2, threshold: 20 }),
    closed: [
      (x) => (2 * x > 20 ? x : softplusExact(2 * x) / 2),
      (x) => (2 * x > 20 ? 1 : s(2 * x)),
      (x) => (2 * x > 20 ? 0 : 2 * q(2 * x)),
      (x) => (2 * x > 20 ? 0 : 4 * q(2 * x) * d(2 * x)),
    ],
    points: [0, -0, 1e-300, 10, 10.5, -10],
    scale: (x) => q(2 * x),
  },
  {
    name: 'sigmoid: accurate derivatives in the tails (σ′ = σ(x)σ(−x), not σ(1 − σ))',
    fn: sigmoid,
    closed: [s, q, (x) => q(x) * d(x), (x) => q(x) * (1 - 6 * q(x))],
    points: [...SPECIAL, 700, -700],
    scale: q,
  },
  {
    name: 'tanh: accurate derivatives in the tails (tanh′ = 4σ(2x)σ(−2x), not 1 − tanh²)',
    fn: tanh,
    closed: [Math.tanh, sech2, (x) => -2 * Math.tanh(x) * sech2(x), (x) => sech2(x) * (4 - 6 * sech2(x))],
    points: [...SPECIAL, 300, -300],
    scale: sech2,
  },
  {
    name: 'silu = x·σ(x)',
    fn: (x) => F.silu(x),
    closed: [
      (x) => x * s(x),
      (x) => s(x) + x * q(x),
      (x) => 2 * q(x) + x * q(x) * d(x),
      (x) => 3 * q(x) * d(x) + x * q(x) * (1 - 6 * q(x)),
    ],
    points: SPECIAL,
    scale: (x) => q(x) * (1 + Math.abs(x)),
  },
  {
    name: 'gelu (erf form): f′ = Φ + xφ, f″ = φ(2 − x²), f‴ = xφ(x² − 4)',
    fn: (x) => gelu(x),
    closed: [
      (x) => x * normalCdf(x),
      (x) => normalCdf(x) + x * normalPdf(x),
      (x) => normalPdf(x) * (2 - x * x),
      (x) => x * normalPdf(x) * (x * x - 4),
    ],
    // Φ(x) = ½(1 + erf(x/√2)) loses its absolute accuracy below Φ ≈ 1e-16 (as torch's erf form): compare at 1e-20.
    points: [0, -0, 5e-324, 1e-8, 1, -1, 3, -3, 8, -8],
    atol: 1e-20,
  },
  {
    name: 'exp',
    fn: exp,
    closed: [Math.exp, Math.exp, Math.exp, Math.exp],
    points: [0, -0, 5e-324, 1, -1, 700, -700],
  },
  {
    name: 'log1p',
    fn: log1p,
    closed: [Math.log1p, (x) => 1 / (1 + x), (x) => -1 / (1 + x) ** 2, (x) => 2 / (1 + x) ** 3],
    points: [0, -0, 5e-324, 1e-300, 1e-8, -0.5, 1e10],
  },
  {
    name: 'sin and cos',
    fn: (x) => sin(x).add(cos(x).mul(3)),
    closed: [
      (x) => Math.sin(x) + 3 * Math.cos(x),
      (x) => Math.cos(x) - 3 * Math.sin(x),
      (x) => -Math.sin(x) - 3 * Math.cos(x),
      (x) => -Math.cos(x) + 3 * Math.sin(x),
    ],
    points: [0, -0, 5e-324, 1, -1, 20],
  },
  {
    name: 'erf',
    fn: erf,
    closed: [
      (x) => mathjsErf(x),
      (x) => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x),
      (x) => (-4 * x * Math.exp(-x * x)) / Math.sqrt(Math.PI),
      (x) => ((8 * x * x - 4) * Math.exp(-x * x)) / Math.sqrt(Math.PI),
    ],
    points: [0, -0, 5e-324, 1e-8, 1, -1, 5, -5],
  },
  {
    name: 'x³ via pow at 0 (0⁰ = 1 in the rule chain)',
    fn: (x) => x.pow(3),
    closed: [(x) => x ** 3, (x) => 3 * x * x, (x) => 6 * x, constant(6)],
    points: [0, -0, 5e-324, 1, -2],
  },
  // True kinks: PyTorch's subgradients (torch 1.13 prints these values).
  {
    name: 'relu: subgradient 0 at 0 (torch: threshold_backward, self > 0)',
    fn: relu,
    closed: [(x) => Math.max(x, 0), (x) => (x > 0 ? 1 : 0), constant(0), constant(0)],
    points: [0, -0, 5e-324, -5e-324, 1, -1],
  },
  {
    name: 'abs: subgradient 0 at 0 (torch: sgn)',
    fn: (x) => x.abs(),
    closed: [Math.abs, (x) => Math.sign(x) || 0, constant(0), constant(0)],
    points: [0, -0, 5e-324, -5e-324, 2, -2],
  },
  {
    name: 'leakyRelu(0.1): slope 0.1 at 0 (torch: self > 0 ? 1 : slope)',
    fn: (x) => F.leakyRelu(x, 0.1),
    closed: [(x) => (x > 0 ? x : 0.1 * x), (x) => (x > 0 ? 1 : 0.1), constant(0), constant(0)],
    points: [0, -0, 5e-324, -5e-324, 3, -3],
  },
  {
    name: 'clamp(0, 1): the gradient passes at both bounds (torch: min ≤ x ≤ max)',
    fn: (x) => clamp(x, 0, 1),
    closed: [(x) => Math.min(Math.max(x, 0), 1), (x) => (x >= 0 && x <= 1 ? 1 : 0), constant(0), constant(0)],
    points: [0, -0, 1, 0.5, -1, 2],
  },
  {
    name: 'maximum(x, 0) and minimum(x, 0): ties share the gradient (torch: ½)',
    fn: (x) => maximum(x, 0).add(minimum(x, 0).mul(3)),
    closed: [(x) => Math.max(x, 0) + 3 * Math.min(x, 0), (x) => (x > 0 ? 1 : x < 0 ? 3 : 2), constant(0), constant(0)],
    points: [0, -0, 1, -1],
  },
];

/** Derivatives of orders 0…3 of Σ fn(x) at `points` (entry i of order k is f⁽ᵏ⁾(x_i) for an elementwise fn). */
function elementwiseDerivatives(fn: (x: Tensor) => Tensor, points: number[]): number[][] {
  const x = tensor(points, { dtype: 'float64', requiresGrad: true });
  const y = fn(x);
  const out: number[][] = [Array.from(y.detach().toTypedArray() as Float64Array)];
  let current = y;
  for (let k = 1; k <= 3; k++) {
    // A derivative that does not depend on x any more (piecewise-linear ops) has no graph: the next ones are 0.
    const [g] = current.requiresGrad ? autograd.grad(current.sum(), [x], { createGraph: k < 3 }) : [null];
    const values = g === null ? points.map(() => 0) : Array.from(g.detach().toTypedArray() as Float64Array, Number);
    out.push(values);
    if (g !== null) current = g;
    else current = tensor(values, { dtype: 'float64' });
  }
  return out;
}

/** |got − want| ≤ rtol·|want| + atol, with identical non-finite values. */
function close(got: number, want: number, rtol: number, atol: number): boolean {
  if (!Number.isFinite(want)) return Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want));
  return Math.abs(got - want) <= rtol * Math.abs(want) + atol;
}

const RTOL = 1e-13;

describe('kink family: elementwise ops, derivatives of orders 0–3 against closed forms', () => {
  for (const row of elementwise) {
    it(row.name, () => {
      const got = elementwiseDerivatives(row.fn, row.points);
      const problems: string[] = [];
      for (let k = 0; k <= 3; k++) {
        row.points.forEach((p, i) => {
          const want = row.closed[k](p);
          const atol = Math.max(row.atol ?? 0, 4 * Number.EPSILON * (row.scale?.(p) ?? 0));
          if (!close(got[k][i], want, RTOL, atol))
            problems.push(`order ${k} at ${Object.is(p, -0) ? '-0' : p}: got ${got[k][i]}, want ${want}`);
        });
      }
      expect(problems).toEqual([]);
    });
  }
});

interface DirectionalRow {
  name: string;
  fn: (x: Tensor) => Tensor;
  point: number[];
  /** L(x + t·v) and its first three t-derivatives at t = 0, in closed form. */
  closed: (x: number[], v: number[]) => [number, number, number, number];
  atol?: number;
}

/** Directional derivatives dᵏ/dtᵏ L(x + t·v), k = 0…3, by nested grad calls: ∇(∇(∇L·v)·v)·v. */
function directionalDerivatives(fn: (x: Tensor) => Tensor, point: number[], v: number[]): number[] {
  const x = tensor(point, { dtype: 'float64', requiresGrad: true });
  const dir = tensor(v, { dtype: 'float64' });
  let current = fn(x);
  const out = [current.item() as number];
  for (let k = 1; k <= 3; k++) {
    const [g] = current.requiresGrad ? autograd.grad(current, [x], { createGraph: k < 3 }) : [null];
    current = g === null ? tensor(0, { dtype: 'float64' }) : g.mul(dir).sum();
    out.push(current.item() as number);
  }
  return out;
}

const dot = (a: number[], b: number[]) => a.reduce((acc, ai, i) => acc + ai * b[i], 0);

/**
 * dᵏ/dtᵏ of p(x + tv) = softmax for k = 0…3: p′ = p∘(v − a), a = p·v, and by the product rule
 * p″ = p′∘(v − a) − p·a′, p‴ = p″∘(v − a) − 2p′·a′ − p·a″ with a⁽ʲ⁾ = p⁽ʲ⁾·v.
 */
function softmaxSeries(x: number[], v: number[]): number[][] {
  const m = Math.max(...x);
  const e = x.map((xi) => Math.exp(xi - m));
  const z = e.reduce((acc, ei) => acc + ei, 0);
  const p0 = e.map((ei) => ei / z);
  const a0 = dot(p0, v);
  const p1 = p0.map((pi, i) => pi * (v[i] - a0));
  const a1 = dot(p1, v);
  const p2 = p0.map((pi, i) => p1[i] * (v[i] - a0) - pi * a1);
  const a2 = dot(p2, v);
  const p3 = p0.map((pi, i) => p2[i] * (v[i] - a0) - 2 * p1[i] * a1 - pi * a2);
  return [p0, p1, p2, p3];
}

/** log Σ eˣ along x + tv: L′ = p·v, L″ = p′·v, L‴ = p″·v. */
function logsumexpSeries(x: number[], v: number[]): [number, number, number, number] {
  const m = Math.max(...x);
  const lse = m + Math.log(x.reduce((acc, xi) => acc + Math.exp(xi - m), 0));
  const [p0, p1, p2] = softmaxSeries(x, v);
  return [lse, dot(p0, v), dot(p1, v), dot(p2, v)];
}

const weights = [0.3, -1.2, 2.5];

/** ‖x + tv‖ and its t-derivatives: n′ = x·v/n, n″ = (v·v − n′²)/n, n‴ = −3n′n″/n. */
function normSeries(x: number[], v: number[]): [number, number, number, number] {
  const n = Math.sqrt(dot(x, x));
  const n1 = dot(x, v) / n;
  const n2 = (dot(v, v) - n1 * n1) / n;
  return [n, n1, n2, (-3 * n1 * n2) / n];
}

/** Σ wᵢ·tᵢ with the fixed `weights`: a scalar function of a vector-valued op. */
const weightedSum = (t: Tensor): Tensor => t.mul(tensor(weights, { dtype: 'float64' })).sum();

const directional: DirectionalRow[] = [
  ...[
    [1, 1, 1],
    [0, 0, 0],
    [-0, 0, -0],
    [1000, 1000, -5],
    [-800, -800, -800],
    [5e-324, 0, 1],
  ].flatMap((point): DirectionalRow[] => [
    { name: `logsumexp at ${point}`, fn: (x) => logsumexp(x, 0), point, closed: logsumexpSeries },
    {
      name: `softmax (weighted sum) at ${point}`,
      fn: (x) => weightedSum(softmax(x, 0)),
      point,
      closed: (x, v) => softmaxSeries(x, v).map((p) => dot(p, weights)) as [number, number, number, number],
    },
    {
      name: `logSoftmax (weighted sum) at ${point}`,
      fn: (x) => weightedSum(logSoftmax(x, 0)),
      point,
      closed: (x, v) => {
        const [l0, l1, l2, l3] = logsumexpSeries(x, v);
        const w = weights.reduce((a, b) => a + b, 0);
        return [dot(x, weights) - w * l0, dot(v, weights) - w * l1, -w * l2, -w * l3];
      },
    },
    {
      name: `crossEntropy with class 1 at ${point}`,
      fn: (x) => F.crossEntropy(x.unsqueeze(0), tensor([1], { dtype: 'int32' })),
      point,
      closed: (x, v) => {
        const [l0, l1, l2, l3] = logsumexpSeries(x, v);
        return [l0 - x[1], l1 - v[1], l2, l3];
      },
    },
  ]),
  {
    name: 'vectorNorm (2) away from 0',
    fn: (x) => linalg.vectorNorm(x),
    point: [3, -4, 1e-8],
    closed: normSeries,
  },
  {
    name: 'variance of a constant vector (smooth: a quadratic)',
    fn: (x) => variance(x),
    point: [2, 2, 2],
    closed: (x, v) => {
      const mean = (a: number[]) => a.reduce((acc, b) => acc + b, 0) / a.length;
      const c = (a: number[]) => a.map((ai) => ai - mean(a));
      const n = x.length - 1;
      return [dot(c(x), c(x)) / n, (2 * dot(c(x), c(v))) / n, (2 * dot(c(v), c(v))) / n, 0];
    },
  },
];

/** Directions: the coordinate vectors and two fixed generic ones. */
function directionsFor(n: number): number[][] {
  const unit = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const generic = [[0.7, -1.3, 0.4, 2.1].slice(0, n), [-0.2, 0.9, 1.7, -0.6].slice(0, n)];
  return [...unit, ...generic];
}

describe('kink family: smooth reductions and losses at ties, zeros and large magnitudes (directional derivatives)', () => {
  for (const row of directional) {
    it(row.name, () => {
      const problems: string[] = [];
      for (const v of directionsFor(row.point.length)) {
        const got = directionalDerivatives(row.fn, row.point, v);
        const want = row.closed(row.point, v);
        // Relative to the scale of the derivative (Σ|terms|), since directional values may cancel to ~0.
        const scale = Math.max(1, ...want.map(Math.abs));
        for (let k = 0; k <= 3; k++) {
          if (
            !close(got[k], want[k], 0, 1e-13 * scale * (k === 0 ? Math.max(1, Math.abs(want[0])) : 1) + (row.atol ?? 0))
          )
            problems.push(`order ${k} along [${v}]: got ${got[k]}, want ${want[k]}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('kink family: binaryCrossEntropyWithLogits (issue #10: curvature 0 instead of ¼ at z = 0)', () => {
  // ℓ(x) = (1 − y)x + w·softplus(−x), w = 1 + (posWeight − 1)y: ℓ′ = (1 − y) − w·σ(−x), ℓ″ = w·σ(x)σ(−x),
  // ℓ‴ = w·σ(x)σ(−x)(σ(−x) − σ(x)).
  const points = [0, -0, 5e-324, 1e-300, 1, -1, 20, -20, 40, -40, 800, -800];
  for (const [y, posWeight] of [
    [0, undefined],
    [1, undefined],
    [0.3, undefined],
    [0.3, 2.5],
  ] as const) {
    it(`target ${y}${posWeight === undefined ? '' : `, posWeight ${posWeight}`}`, () => {
      const w = 1 + ((posWeight ?? 1) - 1) * y;
      const target = tensor(
        points.map(() => y),
        { dtype: 'float64' },
      );
      const got = elementwiseDerivatives(
        (x) => F.binaryCrossEntropyWithLogits(x, target, { reduction: 'none', posWeight }),
        points,
      );
      const closedForms: Scalar[] = [
        (x) => (1 - y) * x + w * softplusExact(-x),
        (x) => 1 - y - w * s(-x),
        (x) => w * q(x),
        (x) => w * q(x) * d(x),
      ];
      const problems: string[] = [];
      for (let k = 0; k <= 3; k++) {
        points.forEach((p, i) => {
          // order 1 is a difference of O(1) terms: absolute accuracy eps is what any formula achieves.
          const want = closedForms[k](p);
          if (!close(got[k][i], want, RTOL, k === 1 ? 2e-16 : 4 * Number.EPSILON * w * q(p)))
            problems.push(`order ${k} at ${Object.is(p, -0) ? '-0' : p}: got ${got[k][i]}, want ${want}`);
        });
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('kink family: true kinks and degenerate points of reductions match PyTorch', () => {
  const orders = (fn: (x: Tensor) => Tensor, point: number[]) => {
    const x = tensor(point, { dtype: 'float64', requiresGrad: true });
    const [g] = autograd.grad(fn(x), [x], { createGraph: true });
    if (g === null) throw new Error('no gradient');
    const [h] = g.requiresGrad ? autograd.grad(g.sum(), [x]) : [null];
    return [Array.from(g.detach().toTypedArray()), h === null ? point.map(() => 0) : Array.from(h.toTypedArray())];
  };

  it('vectorNorm (2) and matrixNorm (fro) at 0: gradient 0 (torch masks norm == 0); second derivative 0, not NaN', () => {
    // torch 1.13: first derivative [0, 0]; its second derivative is NaN (differentiating its masked backward
    // divides by the zero norm). tapegrad gives 0, the derivative of the masked first derivative.
    expect(orders((x) => linalg.vectorNorm(x), [0, 0])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(orders((x) => linalg.matrixNorm(x.reshape([1, 2])), [0, -0])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('vectorNorm of order 3 and 0.5 at 0: gradient 0 (torch masks norm == 0 and, for p < 1, x == 0)', () => {
    expect(orders((x) => linalg.vectorNorm(x, 3), [0, 0])[0]).toEqual([0, 0]);
    expect(orders((x) => linalg.vectorNorm(x, 0.5), [0, 0])[0]).toEqual([0, 0]);
    // torch: the entry at x_i = 0 of the p < 1 norm gets 0 even when the norm is not 0.
    expect(orders((x) => linalg.vectorNorm(x, 0.5), [0, 1])[0]).toEqual([0, 1]);
  });

  it('cdist at coincident points: gradient 0 for every p (torch.cdist for p = 2: 0), second derivative 0, not NaN', () => {
    for (const p of [2, 1, 3, 0.5, Infinity]) {
      const [g, h] = orders((x) => cdist(x.reshape([1, 2]), x.reshape([1, 2]).detach(), p).sum(), [0.5, -1]);
      expect([p, g, h]).toEqual([p, [0, 0], [0, 0]]);
    }
  });

  it('xlogy at x = 0: ∂/∂x = log y where y > 0 (torch), 0 where y ≤ 0 or y = ∞; ∂/∂y = 0 (torch: NaN at (0, 0))', () => {
    const x = tensor([0, 0, 0, 0, -0], { dtype: 'float64', requiresGrad: true });
    const y = tensor([0, -1, 2, Infinity, 0.5], { dtype: 'float64', requiresGrad: true });
    const [gx, gy] = autograd.grad(xlogy(x, y).sum(), [x, y], { createGraph: true });
    if (gx === null || gy === null) throw new Error('no gradient');
    expect([gx.detach().toArray(), gy.detach().toArray()]).toEqual([
      [0, 0, Math.log(2), 0, Math.log(0.5)],
      [0, 0, 0, 0, -0], // −0/0.5
    ]);
    // ∂gx/∂x is identically 0 (gx does not depend on x: no graph path, null); ∂gx/∂y = 1/y where y > 0.
    const [hxx, hxy] = autograd.grad(gx.sum(), [x, y], { allowUnused: true });
    expect([hxx, hxy?.toArray()]).toEqual([null, [0, 0, 0.5, 0, 2]]);
  });

  it('std of a constant vector: gradient 0 and second derivative 0 (torch masks std == 0)', () => {
    expect(orders((x) => std(x), [1, 1])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('amax at a tie: the gradient is shared evenly, the second derivative is 0 (torch)', () => {
    expect(orders((x) => amax(x), [1, 1])).toEqual([
      [0.5, 0.5],
      [0, 0],
    ]);
  });
});

describe('kink family: binaryCrossEntropy (probabilities) — finite at 0 and 1 as PyTorch, exact inside', () => {
  // Both inputs require grad; rows: [x, y]. Values printed by torch 1.13 (binary_cross_entropy_backward guards
  // x(1 − x) with 1e-12; the target gradient log(1 − x) − log x is unguarded).
  const xs = [0, 1, 0.3, 1e-13, 0, 0.9];
  const ys = [0, 1, 0.6, 0.5, 1, 0.25];
  const run = () => {
    const x = tensor(xs, { dtype: 'float64', requiresGrad: true });
    const y = tensor(ys, { dtype: 'float64', requiresGrad: true });
    const loss = F.binaryCrossEntropy(x, y, { reduction: 'sum' });
    const [gx, gy] = autograd.grad(loss, [x, y], { createGraph: true });
    if (gx === null || gy === null) throw new Error('no gradient');
    const [hxx, hxy] = autograd.grad(gx.sum(), [x, y], { retainGraph: true });
    const list = (t: Tensor | null) => (t === null ? [] : Array.from(t.toTypedArray(), Number));
    return { gx: list(gx.detach()), gy: list(gy.detach()), hxx: list(hxx), hxy: list(hxy) };
  };

  it('first derivatives: torch values at the boundary, (x − y)/(x(1 − x)) and log((1 − x)/x) inside', () => {
    const { gx, gy } = run();
    expect(gx.slice(0, 2)).toEqual([0, 0]);
    // torch divides by float32(1e-12): −500000001997.80145 and −1000000003995.8029.
    expect(Math.abs(gx[3] / -500000001997.80145 - 1)).toBeLessThan(1e-15);
    expect(Math.abs(gx[4] / -1000000003995.8029 - 1)).toBeLessThan(1e-15);
    for (const i of [2, 5]) {
      const [x, y] = [xs[i], ys[i]];
      expect(Math.abs(gx[i] - (x - y) / (x * (1 - x)))).toBeLessThan(1e-14 * Math.abs(gx[i]));
      expect(Math.abs(gy[i] - Math.log((1 - x) / x))).toBeLessThan(1e-14);
    }
    expect(gy[0]).toBe(Number.POSITIVE_INFINITY);
    expect(gy[1]).toBe(Number.NEGATIVE_INFINITY);
  });

  it('second derivatives inside (0, 1): (x² − 2xy + y)/(x(1 − x))² and the mixed −1/(x(1 − x))', () => {
    const { hxx, hxy } = run();
    for (const i of [2, 5]) {
      const [x, y] = [xs[i], ys[i]];
      const want = (x * x - 2 * x * y + y) / (x * (1 - x)) ** 2;
      expect(Math.abs(hxx[i] - want)).toBeLessThan(1e-13 * want);
      expect(Math.abs(hxy[i] + 1 / (x * (1 - x)))).toBeLessThan(1e-13 / (x * (1 - x)));
    }
    // At the boundary the mixed derivative is −1/float32(1e-12), the derivative of the first derivative (torch's
    // double backward uses 1e-12 there: −1e12, 4e-9 apart); no NaN anywhere.
    expect(hxy[0]).toBe(-1 / Math.fround(1e-12));
    expect(hxx.every((v) => !Number.isNaN(v))).toBe(true);
  });
});
