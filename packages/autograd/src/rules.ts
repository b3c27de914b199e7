/**
 * The rules of every core primitive, in one table (the spirit of PyTorch's derivatives.yaml): one entry per primitive
 * holds its differentiability, the values its backward reads (kept and version-checked) and the backward. The
 * compiler checks exhaustiveness (a primitive without an entry does not type-check) and that a backward reads only
 * what its entry declares (rule-entry.ts).
 *
 * Conventions (docs/semantics.md §3.1): for a holomorphic f the input gradient is `g · conj(f′(z))`; gradients of real functions
 * of complex inputs follow the conjugate-Wirtinger convention ∂L/∂x + i∂L/∂y. Every rule is written with public,
 * differentiable ops, so running it with grad mode on records the backward pass (double backward and higher).
 * Broadcast gradients are returned at the broadcast shape; the engine sums them back to the input shapes.
 */
import type { Tensor } from '@tapegrad/core';
import {
  abs,
  add,
  cast,
  complex,
  conj,
  cos,
  cosh,
  diagonal,
  diagonalScatter,
  digamma,
  div,
  eq,
  exp,
  expand,
  floor,
  gather,
  ge,
  gt,
  imag,
  le,
  logicalAnd,
  lt,
  matmul,
  mul,
  neg,
  permute,
  polygamma,
  prod,
  real,
  reshape,
  scatterAdd,
  sigmoid,
  sign,
  sin,
  sinh,
  slice,
  sliceScatter,
  sqrt,
  sub,
  tensor,
  tril,
  triu,
  trunc,
  where,
  zeros,
  zerosLike,
} from '@tapegrad/core';
import { nonDifferentiable, type RuleTable, rule } from './rule-entry';
import { cumprodBackward, reverseCumsum } from './scan-rules';
import { sumToShape } from './sum-to-shape';

const mH = (t: Tensor): Tensor => conj(t.transpose(-2, -1));

/**
 * √(x² + 1) without overflow: x² + 1 for |x| ≤ 1, |x|·√(1 + 1/x²) above (each branch is smooth on its side and the
 * two agree with all derivatives at |x| = 1, where both are evaluated exactly: the `where` picks one per element).
 */
function asinhSlope(x: Tensor): Tensor {
  const small = le(abs(x), 1);
  const safe = where(small, 1, x); // 1/x² only where |x| > 1: no 1/0 (and no NaN in the unused branch's gradient)
  return where(small, sqrt(add(mul(x, x), 1)), mul(abs(x), sqrt(add(div(1, mul(safe, safe)), 1))));
}

/** torch.maximum/minimum share the gradient equally at ties: weight of `a` is 1, ½ or 0. */
function tieWeight(a: Tensor, b: Tensor, g: Tensor, aWins: Tensor): Tensor {
  return where(aWins, 1, where(eq(a, b), 0.5, 0)).to(g.dtype);
}

/**
 * The rule of every core primitive, by name (exhaustive: checked by the compiler). Exported for introspection and
 * for frameworks building on tapegrad. Each entry is `rule(saves, backward)` — see rule-entry.ts: `saves` lists
 * the values the backward reads (input indices, `output`, tensor attributes), which the node keeps and
 * version-checks; the backward can read nothing else — or `nonDifferentiable`.
 */
export const rules: RuleTable = {
  neg: rule({}, (_c, g) => [neg(g)]),
  exp: rule({ output: true }, ({ output }, g) => [mul(g, conj(output))]),
  log: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => [div(g, conj(x))]),
  log1p: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => [div(g, conj(add(x, 1)))]),
  expm1: rule({ output: true }, ({ output }, g) => [mul(g, conj(add(output, 1)))]),
  log2: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => [div(g, conj(mul(x, Math.LN2)))]),
  log10: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => [div(g, conj(mul(x, Math.LN10)))]),
  sin: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => [mul(g, conj(cos(x)))]),
  cos: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => [neg(mul(g, conj(sin(x))))]),
  // tanh′ = 1 − tanh² = 4σ(2x)σ(−2x) and σ′ = σ(x)σ(−x): these forms keep full relative accuracy in the tails, where
  // 1 − tanh² and σ(1 − σ) cancel to 0 (torch's formulas: tanh′(20) = 0 instead of 1.7e-17), and stay smooth.
  tanh: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => {
    const twice = mul(x, 2);
    return [mul(g, conj(mul(mul(sigmoid(twice), sigmoid(neg(twice))), 4)))];
  }),
  sigmoid: rule({ inputs: [0], output: true }, ({ inputs: { 0: x }, output }, g) => [
    mul(g, conj(mul(output, sigmoid(neg(x))))),
  ]),
  // softplus′ = σ: its own rule keeps every derivative order exact at every x (no |x| or max kink).
  softplus: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => [mul(g, sigmoid(x))]),
  sqrt: rule({ output: true }, ({ output }, g) => [div(g, conj(mul(output, 2)))]),
  abs: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => [mul(g, sign(x))]),
  sign: rule({ inputs: [0], output: true }, ({ inputs: { 0: x }, output }, g) => {
    if (!x.isComplex) return [zerosLike(x)];
    // sgn(z) = z/|z|: dL/dz = (g − s·Re(conj(s)·g)) / |z|, and 0 at z = 0 (as torch's sgn_backward).
    const r = abs(x);
    const projected = sub(g, mul(output, real(mul(conj(output), g))));
    return [where(eq(r, 0), 0, div(projected, r))];
  }),
  conj: rule({}, (_c, g) => [conj(g)]),
  relu: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => [where(gt(x, 0), g, 0)]),
  erf: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => [mul(g, mul(exp(neg(mul(x, x))), 2 / Math.sqrt(Math.PI)))]),
  angle: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => {
    if (!x.isComplex) return [zerosLike(x)];
    // θ = atan2(y, x): dL/dz = g·(−y + ix)/|z|² = g·i·z/|z|².
    const r2 = real(mul(x, conj(x)));
    const iz = complex(neg(imag(x)), real(x));
    return [where(eq(r2, 0), 0, div(mul(g, iz), r2))];
  }),
  // Rounding is piecewise constant: zero gradient, as torch (including at the integers, where it jumps).
  floor: rule({}, (_c, g) => [zerosLike(g)]),
  ceil: rule({}, (_c, g) => [zerosLike(g)]),
  round: rule({}, (_c, g) => [zerosLike(g)]),
  trunc: rule({}, (_c, g) => [zerosLike(g)]),
  // Real-only ops (no conj). tan′ = 1 + tan²; the inverse functions use factored forms — √(1−x)·√(1+x) for
  // √(1 − x²) and (1 − x)(1 + x) — which keep full relative accuracy near ±1 and never overflow for large |x|.
  tan: rule({ output: true }, ({ output }, g) => [mul(g, add(mul(output, output), 1))]),
  asin: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => [div(g, mul(sqrt(sub(1, x)), sqrt(add(1, x))))]),
  acos: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => [neg(div(g, mul(sqrt(sub(1, x)), sqrt(add(1, x)))))]),
  atan: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => [div(g, add(mul(x, x), 1))]),
  sinh: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => [mul(g, cosh(x))]),
  cosh: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => [mul(g, sinh(x))]),
  // asinh′ = 1/√(x² + 1), written 1/(|x|·√(1 + x⁻²)) above |x| = 1 so that x² cannot overflow.
  asinh: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => [div(g, asinhSlope(x))]),
  acosh: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => [div(g, mul(sqrt(sub(x, 1)), sqrt(add(x, 1))))]),
  atanh: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => [div(g, mul(sub(1, x), add(1, x)))]),
  // erfinv′(x) = (√π/2)·exp(erfinv(x)²), from the saved output (differentiable: it is erfinv's own result).
  erfinv: rule({ output: true }, ({ output }, g) => [mul(g, mul(exp(mul(output, output)), Math.sqrt(Math.PI) / 2))]),
  lgamma: rule({ inputs: [0] }, ({ inputs: { 0: x } }, g) => [mul(g, digamma(x))]),
  // ψ⁽ⁿ⁾′ = ψ⁽ⁿ⁺¹⁾ (digamma is n = 0), so each order of derivative is the next polygamma.
  polygamma: rule({ inputs: [0] }, ({ inputs: { 0: x }, attrs: { n } }, g) => [mul(g, polygamma(n + 1, x))]),
  add: rule({}, (_c, g) => [g, g]),
  sub: rule({}, (_c, g) => [g, neg(g)]),
  mul: rule({ inputs: [0, 1] }, ({ inputs: { 0: a, 1: b }, needs }, g) => [
    needs[0] ? mul(g, conj(b)) : null,
    needs[1] ? mul(g, conj(a)) : null,
  ]),
  div: rule({ inputs: [1], output: true }, ({ inputs: { 1: b }, output, needs }, g) => {
    const ga = div(g, conj(b));
    return [ga, needs[1] ? neg(mul(ga, conj(output))) : null];
  }),
  pow: rule({ inputs: [0, 1], output: true }, ({ inputs: { 0: a, 1: b }, output, needs }, g) => {
    // d(aᵇ)/da = b·a^(b−1) (taken as 0 where b = 0); d(aᵇ)/db = aᵇ·log a (taken as 0 where a = 0 and b ≥ 0).
    const ga = needs[0] ? where(eq(b, 0), 0, mul(g, conj(mul(b, a.pow(sub(b, 1)))))) : null;
    let gb: Tensor | null = null;
    if (needs[1]) {
      const term = mul(g, conj(mul(output, a.log())));
      gb = where(a.isComplex ? eq(a, 0) : logicalAnd(eq(a, 0), ge(b, 0)), 0, term);
    }
    return [ga, gb];
  }),
  maximum: rule({ inputs: [0, 1] }, ({ inputs: { 0: a, 1: b } }, g) => {
    const w = tieWeight(a, b, g, gt(a, b));
    return [mul(g, w), mul(g, sub(1, w))];
  }),
  minimum: rule({ inputs: [0, 1] }, ({ inputs: { 0: a, 1: b } }, g) => {
    const w = tieWeight(a, b, g, lt(a, b));
    return [mul(g, w), mul(g, sub(1, w))];
  }),
  atan2: rule({ inputs: [0, 1] }, ({ inputs: { 0: a, 1: b } }, g) => {
    const r2 = add(mul(a, a), mul(b, b));
    return [mul(g, div(b, r2)), mul(g, div(neg(a), r2))];
  }),
  hypot: rule({ inputs: [0, 1], output: true }, ({ inputs: { 0: a, 1: b }, output }, g) => {
    const r = where(eq(output, 0), 1, output); // 0 at the origin, with no 0/0 in any order's graph
    return [mul(g, div(a, r)), mul(g, div(b, r))];
  }),
  // torch: d fmod/db = −trunc(a/b), d remainder/db = −floor(a/b) (piecewise constant: higher orders are 0).
  fmod: rule({ inputs: [0, 1] }, ({ inputs: { 0: a, 1: b }, needs }, g) => [
    g,
    needs[1] ? neg(mul(g, trunc(div(a, b)))) : null,
  ]),
  remainder: rule({ inputs: [0, 1] }, ({ inputs: { 0: a, 1: b }, needs }, g) => [
    g,
    needs[1] ? neg(mul(g, floor(div(a, b)))) : null,
  ]),
  where: rule({ attrs: ['condition'] }, ({ attrs: { condition } }, g) => [
    where(condition, g, 0),
    where(condition, 0, g),
  ]),
  sum: rule({}, ({ inputMeta: [x], attrs: { dims, keepdim } }, g) => {
    const kept = keepdim
      ? g
      : reshape(
          g,
          x.shape.map((s, i) => (dims.includes(i) ? 1 : s)),
        );
    return [expand(kept, x.shape)];
  }),
  prod: rule({ inputs: [0], output: true }, ({ inputs: { 0: x }, output, attrs: { dims, keepdim } }, g) => [
    prodBackward(x, output, dims, keepdim, g),
  ]),
  cumsum: rule({}, ({ attrs: { dim } }, g) => [reverseCumsum(g, dim)]),
  cumprod: rule({ inputs: [0], output: true }, ({ inputs: { 0: x }, output, attrs: { dim } }, g) => [
    cumprodBackward(x, output, dim, g),
  ]),
  matmul: rule({ inputs: [0, 1] }, ({ inputs: { 0: a, 1: b }, needs }, g) => [
    needs[0] ? matmul(g, mH(b)) : null,
    needs[1] ? matmul(mH(a), g) : null,
  ]),
  reshape: rule({}, ({ inputMeta: [x] }, g) => [reshape(g, x.shape)]),
  permute: rule({}, ({ attrs: { dims } }, g) => {
    const inverse = new Array<number>(dims.length);
    dims.forEach((d, i) => {
      inverse[d] = i;
    });
    return [permute(g, inverse)];
  }),
  expand: rule({}, ({ inputMeta: [x] }, g) => [sumToShape(g, x.shape)]),
  slice: rule({}, ({ inputMeta: [x], attrs: { dim, start, step } }, g) => [sliceScatter(g, x.shape, dim, start, step)]),
  diagonal: rule({}, ({ inputMeta: [x], attrs: { offset, dim1, dim2 } }, g) => [
    diagonalScatter(g, x.shape, offset, dim1, dim2),
  ]),
  real: rule({}, ({ inputMeta: [x] }, g) => [cast(g, x.dtype)]),
  imag: rule({}, (_c, g) => [complex(zerosLike(g), g)]),
  copy: rule({}, (_c, g) => [g]),
  cast: rule({}, ({ inputMeta: [x] }, g) => [cast(g, x.dtype)]),
  complex: rule({}, (_c, g) => [real(g), imag(g)]),
  cat: rule({}, ({ inputMeta, attrs: { dim } }, g) => {
    let start = 0;
    return inputMeta.map((t) => {
      const part = slice(g, dim, start, start + t.shape[dim]);
      start += t.shape[dim];
      return part;
    });
  }),
  sliceScatter: rule({}, ({ inputMeta: [src], attrs: { dim, start, step } }, g) => {
    const n = src.shape[dim];
    return [slice(g, dim, start, start + (n - 1) * step + 1, step)];
  }),
  diagonalScatter: rule({}, ({ attrs: { offset, dim1, dim2 } }, g) => [diagonal(g, offset, dim1, dim2)]),
  gather: rule({ attrs: ['index'] }, ({ inputMeta: [x], attrs: { dim, index } }, g) => [
    scatterAdd(zeros(x.shape, { dtype: g.dtype }), dim, index, g),
  ]),
  scatterAdd: rule({ attrs: ['index'] }, ({ attrs: { dim, index } }, g) => [g, gather(g, dim, index)]),
  triu: rule({}, ({ attrs: { diagonal: k } }, g) => [triu(g, k)]),
  tril: rule({}, ({ attrs: { diagonal: k } }, g) => [tril(g, k)]),
  eq: nonDifferentiable,
  ne: nonDifferentiable,
  lt: nonDifferentiable,
  le: nonDifferentiable,
  gt: nonDifferentiable,
  ge: nonDifferentiable,
  isfinite: nonDifferentiable,
  isnan: nonDifferentiable,
  logicalNot: nonDifferentiable,
  logicalAnd: nonDifferentiable,
  logicalOr: nonDifferentiable,
  argmax: nonDifferentiable,
  argmin: nonDifferentiable,
};

/**
 * Gradient of a product over `dims`: g·Π_{j≠i} x_j. Without zeros this is g·conj(out/x). With zeros in the input
 * (as torch's prod_backward, which switches on `(input == 0).any()`), Π_{j≠i} x_j is formed without division, as the
 * product of x with entry i replaced by 1, so that the rule stays differentiable at zeros (double backward and higher).
 */
function prodBackward(x: Tensor, output: Tensor, dims: readonly number[], keepdim: boolean, g: Tensor): Tensor {
  const keptShape = x.shape.map((s, i) => (dims.includes(i) ? 1 : s));
  const gk = expand(keepdim ? g : reshape(g, keptShape), x.shape);
  const zeros = eq(x, 0).toTypedArray();
  if (!zeros.some((v) => v !== 0)) {
    const outK = expand(keepdim ? output : reshape(output, keptShape), x.shape);
    return mul(gk, conj(div(outK, x)));
  }
  return mul(gk, conj(productOfOthers(x, dims)));
}

/** For every entry x_i, the product of the other entries of its slice over `dims` (no division, so differentiable). */
function productOfOthers(x: Tensor, dims: readonly number[]): Tensor {
  const kept = x.shape.map((_, i) => i).filter((i) => !dims.includes(i));
  const order = [...kept, ...dims];
  const keptSizes = kept.map((i) => x.shape[i]);
  const reducedSizes = dims.map((d) => x.shape[d]);
  const n = reducedSizes.reduce((a, b) => a * b, 1);
  const flat = reshape(permute(x, order), [...keptSizes, 1, n]);
  // rows[..., i, k] = x_k for k ≠ i and 1 for k = i; the product over k is Π_{k≠i} x_k.
  const mask = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) mask[i * n + i] = 1;
  const rows = where(tensor(mask, { dtype: 'bool', shape: [n, n] }), 1, flat);
  const others = reshape(prod(rows, -1), [...keptSizes, ...reducedSizes]);
  const inverse = new Array<number>(order.length);
  order.forEach((d, i) => {
    inverse[d] = i;
  });
  return permute(others, inverse);
}
