/**
 * Scalar special functions behind erfinv, lgamma, digamma and polygamma, in float64 (float32 tensors round the
 * result). Sources:
 * - Hurwitz ζ(s, q) for integer s ≥ 2: direct sum up to q + N ≥ 10, then the Euler–Maclaurin tail (Abramowitz &
 *   Stegun 23.2.3 / 3.6.28; the scheme of Cephes' zeta.c) with the Bernoulli numbers B₂ⱼ, j ≤ 12.
 * - polygamma ψ⁽ⁿ⁾(x) = (−1)ⁿ⁺¹ n! ζ(n + 1, x) for x > 0 (A&S 6.4.10); for x < 0 the reflection formula
 *   ψ⁽ⁿ⁾(1 − x) + (−1)ⁿ⁺¹ψ⁽ⁿ⁾(x) = (−1)ⁿ π dⁿ/dxⁿ cot(πx) (A&S 6.4.7), the derivatives of cot by the recurrence
 *   P₀(c) = c, Pₖ₊₁(c) = −(1 + c²)Pₖ′(c) in c = cot(πx).
 * - digamma: recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10, then the asymptotic series (A&S 6.3.18); x < 0 by
 *   reflection ψ(x) = ψ(1 − x) − π cot(πx) (A&S 6.3.7).
 * - lgamma: Stirling's series for x ≥ 12 (A&S 6.1.41); on (1.5, 2.5] the series log Γ(2 + z) =
 *   (1 − γ)z + Σₖ≥₂ (−1)ᵏ(ζ(k) − 1)zᵏ/k (from A&S 6.1.33), which is exact to a few ulps around the zero at x = 2, with
 *   log Γ(1 + z) = that − log1p(z) around x = 1; the rest by the recurrence; x < 0 by reflection
 *   log|Γ(x)| = log(π/|sin πx|) − log Γ(1 − x) (A&S 6.1.17).
 * - erfinv: an initial guess from M. Giles, "Approximating the erfinv function" (GPU Computing Gems, 2011;
 *   single-precision polynomials in w = −log(1 − x²)), refined by Halley's method on erf(y) = x — written with erfc
 *   and 1 − |x| (exact for |x| ≥ ½) in the tails so that no digits of 1 − x are lost.
 * Poles give ±∞ as PyTorch 1.13 does (lgamma +∞, digamma at ±0 −∞/+∞ and NaN at negative integers, ζ(s, pole) = +∞;
 * −∞ counts as a pole for polygamma of order ≥ 2).
 */
import { erf, erfcAbove } from './scalar-math';

const EULER_GAMMA = 0.5772156649015329;
const LOG_SQRT_2PI = 0.9189385332046728;
/** (2j)!/B₂ⱼ for j = 1…12 (the Euler–Maclaurin tail of ζ). */
const EM = [
  12, -720, 30240, -1209600, 47900160, -1892437580.3183792, 74724249600, -2950130727918.164, 116467828143500.67,
  -4597978722407473, 1.8152105401943546e17, -7.166165256175667e18,
];

/**
 * cot(πx) with the argument reduced exactly (r = x − round(x) ∈ [−½, ½] is exact) and cos(πr) taken as
 * sin(π(½ − |r|)), so it stays accurate for large |x| and is exactly 0 at half-integers.
 */
function cotPi(x: number): number {
  const r = x - Math.round(x);
  return Math.sin(Math.PI * (0.5 - Math.abs(r))) / Math.sin(Math.PI * r);
}

/** |sin(πx)| with exact reduction. */
function absSinPi(x: number): number {
  return Math.abs(Math.sin(Math.PI * (x - Math.round(x))));
}

const isPole = (x: number): boolean => x <= 0 && Number.isInteger(x);

/** Hurwitz ζ(s, q) = Σₖ (q + k)⁻ˢ for an integer s ≥ 2 and q > 0 (+∞ at q = 0). */
export function hurwitzZeta(s: number, q: number): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q === 0) return Number.POSITIVE_INFINITY;
  if (q === Number.POSITIVE_INFINITY) return 0;
  let sum = 0;
  let a = q;
  while (a < 10) {
    sum += a ** -s;
    a += 1;
  }
  sum += a ** (1 - s) / (s - 1) + 0.5 * a ** -s;
  let rising = s; // s(s+1)…(s+2j−2)
  let power = a ** (-s - 1);
  for (let j = 0; j < EM.length; j++) {
    const t = (rising * power) / EM[j];
    sum += t;
    if (Math.abs(t) <= 1e-17 * Math.abs(sum)) break;
    rising *= (s + 2 * j + 1) * (s + 2 * j + 2);
    power /= a * a;
  }
  return sum;
}

/** dⁿ/dyⁿ cot(y) at cot(y) = c: the polynomial Pₙ(c) of the recurrence Pₖ₊₁ = −(1 + c²)Pₖ′ (coefficients ascending). */
function cotDerivative(n: number, c: number): number {
  let p = [0, 1];
  for (let k = 0; k < n; k++) {
    const d = p.slice(1).map((v, i) => v * (i + 1)); // P′
    const next = new Array<number>(d.length + 2).fill(0);
    d.forEach((v, i) => {
      next[i] -= v;
      next[i + 2] -= v;
    });
    p = next;
  }
  let value = 0;
  for (let i = p.length - 1; i >= 0; i--) value = value * c + p[i];
  return value;
}

/** n! as a float. */
function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/** ψ⁽ⁿ⁾(x) for an integer n ≥ 1. */
function polygammaPositiveOrder(n: number, x: number): number {
  const sign = n % 2 === 1 ? 1 : -1; // (−1)ⁿ⁺¹
  if (Number.isNaN(x)) return x;
  // −∞ as a pole, the values PyTorch 1.13 gives (its trigamma gives NaN there; the ζ-based orders ±∞).
  if (x === Number.NEGATIVE_INFINITY) return n === 1 ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  if (isPole(x)) return sign * Number.POSITIVE_INFINITY;
  if (x > 0) return sign * factorial(n) * hurwitzZeta(n + 1, x);
  // Just below 0, where cot(πx) overflows (its polynomial would give ∞ − ∞): the recurrence
  // ψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁾(x + 1) + (−1)ⁿ⁺¹ n! x⁻⁽ⁿ⁺¹⁾ (A&S 6.4.6), whose second term dominates there.
  if (x > -1e-3) return polygammaPositiveOrder(n, x + 1) + sign * factorial(n) * x ** -(n + 1);
  // Reflection: (−1)ⁿ⁺¹ψ⁽ⁿ⁾(x) = (−1)ⁿ π dⁿ/dxⁿ cot(πx) − ψ⁽ⁿ⁾(1 − x), and dⁿ/dxⁿ cot(πx) = πⁿ Pₙ(cot πx).
  const reflected = (n % 2 === 0 ? 1 : -1) * Math.PI ** (n + 1) * cotDerivative(n, cotPi(x));
  return sign * (reflected - polygammaPositiveOrder(n, 1 - x));
}

/** ψ(x), the digamma function. */
function digammaScalar(x: number): number {
  if (Number.isNaN(x) || x === Number.NEGATIVE_INFINITY) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return x;
  if (x === 0) return Object.is(x, -0) ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  if (isPole(x)) return Number.NaN;
  if (x < 0) return digammaScalar(1 - x) - Math.PI * cotPi(x);
  let shift = 0;
  let y = x;
  while (y < 10) {
    shift += 1 / y;
    y += 1;
  }
  const z = 1 / (y * y);
  // ln y − 1/(2y) − Σ B₂ₖ/(2k y²ᵏ), k ≤ 7.
  const series =
    z * (1 / 12 - z * (1 / 120 - z * (1 / 252 - z * (1 / 240 - z * (1 / 132 - z * (691 / 32760 - z / 12))))));
  return Math.log(y) - 0.5 / y - series - shift;
}

/** ψ⁽ⁿ⁾(x) for an integer n ≥ 0 (n = 0: digamma). */
export function polygammaScalar(n: number, x: number): number {
  return n === 0 ? digammaScalar(x) : polygammaPositiveOrder(n, x);
}

/** ζ(k) − 1 = ζ(k, 2) for k = 2…40 (the coefficients of the log Γ series). */
const ZETA_MINUS_ONE = Array.from({ length: 41 }, (_, k) => (k < 2 ? 0 : hurwitzZeta(k, 2)));

/** log Γ(2 + z) for |z| ≤ ½: (1 − γ)z + Σₖ≥₂ (−1)ᵏ(ζ(k) − 1)zᵏ/k. */
function lgammaTwoPlus(z: number): number {
  let sum = 0;
  let power = -z; // (−z)ᵏ after the first multiplication: (−1)ᵏzᵏ
  for (let k = 2; k <= 40; k++) {
    power *= -z;
    const t = (ZETA_MINUS_ONE[k] * power) / k;
    sum += t;
    if (Math.abs(t) <= 1e-17 * Math.abs(sum)) break;
  }
  return (1 - EULER_GAMMA) * z + sum;
}

/** log |Γ(x)|, the lgamma function. */
export function lgammaScalar(x: number): number {
  if (Number.isNaN(x)) return x;
  if (!Number.isFinite(x) || isPole(x)) return Number.POSITIVE_INFINITY;
  // log|Γ(x)| = log Γ(1 + x) − log|x| on (−½, ½): near 0, π/|sin πx| of the reflection would overflow.
  if (x > -0.5 && x < 0.5) return lgammaOnePlus(x) - Math.log(Math.abs(x));
  if (x < 0) return Math.log(Math.PI / absSinPi(x)) - lgammaScalar(1 - x);
  if (x >= 12) {
    const z = 1 / (x * x);
    const series =
      (1 / 12 - z * (1 / 360 - z * (1 / 1260 - z * (1 / 1680 - z * (1 / 1188 - z * (691 / 360360 - z / 156)))))) / x;
    return (x - 0.5) * Math.log(x) - x + LOG_SQRT_2PI + series;
  }
  if (x <= 1.5) return lgammaOnePlus(x - 1);
  if (x <= 2.5) return lgammaTwoPlus(x - 2);
  let product = 1;
  let y = x;
  while (y > 2.5) {
    y -= 1;
    product *= y;
  }
  return lgammaTwoPlus(y - 2) + Math.log(product);
}

/** log Γ(1 + z) = log Γ(2 + z) − log1p(z). */
function lgammaOnePlus(z: number): number {
  return lgammaTwoPlus(z) - Math.log1p(z);
}

/** Giles' single-precision erfinv polynomials: relative error ~1e-7, the start of the Halley refinement. */
function erfinvGuess(x: number): number {
  let w = -Math.log((1 - x) * (1 + x));
  let p: number;
  if (w < 5) {
    w -= 2.5;
    p = 2.81022636e-8;
    for (const c of [
      3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727,
      1.50140941,
    ])
      p = c + p * w;
  } else {
    w = Math.sqrt(w) - 3;
    p = -0.000200214257;
    for (const c of [
      0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406,
      2.83297682,
    ])
      p = c + p * w;
  }
  return p * x;
}

const TWO_OVER_SQRT_PI = 1.1283791670955126;

/** erf⁻¹(x) on [−1, 1] (±∞ at ±1, NaN outside; −0 stays −0). */
export function erfinvScalar(x: number): number {
  if (Number.isNaN(x) || x < -1 || x > 1) return Number.NaN;
  if (x === 1 || x === -1) return x * Number.POSITIVE_INFINITY;
  if (x === 0) return x;
  const a = Math.abs(x);
  const q = 1 - a; // exact for a ≥ ½ (Sterbenz)
  let y = erfinvGuess(a);
  // Halley on f(y) = erf(y) − a: y ← y − f/(f′ + y·f) since f″ = −2y·f′. Cubic convergence from Giles' ~1e-7 guess;
  // in the last binades below 1 (w ≈ 36) that guess is ~12% low and the first steps are damped by y·f, so up to 8
  // steps are needed there (1 − 2⁻⁵³ took 8): at most 12.
  for (let i = 0; i < 12; i++) {
    const f = y > 0.5 && a >= 0.5 ? q - erfcAbove(y) : erf(y) - a;
    const d = TWO_OVER_SQRT_PI * Math.exp(-y * y);
    const step = f / (d + y * f);
    y -= step;
    if (Math.abs(step) <= 1e-16 * y) break;
  }
  return x < 0 ? -y : y;
}
