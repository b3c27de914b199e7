/** Scalar special functions not in `Math`, each with its source. */
import { describeValue } from '../describe';
import { DtypeError } from '../errors';

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const INV_SQRT_PI = 0.5641895835477563;

/**
 * erf(x) in float64, relative error ~1e-15.
 * |x| ≤ 2: Maclaurin series erf x = 2/√π Σ (−1)ⁿ x^(2n+1) / (n! (2n+1)) (Abramowitz & Stegun 7.1.5), ≤ 40 terms;
 * |x| > 2: erfc x = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + 2/(x + …))))) (A&S 7.1.14), evaluated bottom-up
 * with a fixed depth of 60 (converged to eps for x ≥ 2).
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax <= 2) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 40; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return TWO_OVER_SQRT_PI * sum;
  }
  if (ax >= 6) return x > 0 ? 1 : -1;
  return x > 0 ? 1 - erfcLarge(ax) : erfcLarge(ax) - 1;
}

function erfcLarge(x: number): number {
  let t = x;
  for (let k = 60; k >= 1; k--) t = x + k / 2 / t;
  return (Math.exp(-x * x) * INV_SQRT_PI) / t;
}

/** √(a² + b²) without overflow or underflow (LAPACK dlapy2). */
export function hypot2(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  const w = x > y ? x : y;
  const z = x > y ? y : x;
  if (z === 0 || w === Number.POSITIVE_INFINITY) return w;
  const r = z / w;
  return w * Math.sqrt(1 + r * r);
}

/**
 * softplus log(1 + eˣ) = max(x, 0) + log1p(e^(−|x|)): no overflow, and accurate to a few ulps for every x (the
 * log1pexp of Mächler, "Accurately computing log(1 − exp(−|a|))", 2012, without its cut-offs).
 */
export function softplus(x: number): number {
  return (x > 0 ? x : 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** Logistic sigmoid 1/(1+e^(−x)) without overflow for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * {@link erf} of one number for sibling packages' kernels (nn.GELU's fused node), with its argument checked: a
 * non-number is a DtypeError instead of a coercion (NaN in, NaN out).
 * @example `erfScalar(0); // 0`
 */
export function erfScalar(x: number): number {
  if (typeof x !== 'number') throw new DtypeError(`erfScalar: expected a number, got ${describeValue(x)}`);
  return erf(x);
}
