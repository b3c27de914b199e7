/** Scalar special functions not in `Math`, each with its source. */
import { describeValue } from '../describe';
import { DtypeError } from '../errors';

const INV_SQRT_PI = 0.5641895835477563;

// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969) 631–637: the
// coefficients of his routine CALERF (SPECFUN, netlib), for erf on |x| ≤ 0.5 and erfc on 0.5 < x ≤ 4 and x > 4.
const ERF_A = [3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315];
const ERF_B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];
const ERFC_C = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769, 1712.0476126340707,
  2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8,
];
const ERFC_D = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597, 4362.619090143247,
  3439.3676741437216, 1230.3393548037495,
];
const ERFC_P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 0.0006587491615298378,
  0.016315387137302097,
];
const ERFC_Q = [2.568520192289822, 1.8729528499234673, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918];

/**
 * erf(x) in float64, relative error ~1e-15 (W. J. Cody's rational approximations, above): x·R(x²) for |x| ≤ 0.5, else
 * ±(1 − erfc|x|) with erfc y = e^(−y²)·R(y) for y ≤ 4 and e^(−y²)/y·(1/√π − R(1/y²)/y²) beyond; e^(−y²) is taken
 * as e^(−s²)·e^(−(y−s)(y+s)) with s = y rounded down to 1/16, as CALERF does, so that y² loses no bits. ±1 from |x| ≥ 6
 * (erfc 6 < 2⁻⁵⁴); NaN propagates; −0 stays −0.
 */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.5) {
    const z = x * x;
    let num = ERF_A[4] * z;
    let den = z;
    for (let i = 0; i < 3; i++) {
      num = (num + ERF_A[i]) * z;
      den = (den + ERF_B[i]) * z;
    }
    return (x * (num + ERF_A[3])) / (den + ERF_B[3]);
  }
  if (y >= 6) return x > 0 ? 1 : -1;
  const e = erfcAbove(y);
  return x > 0 ? 0.5 - e + 0.5 : e - 0.5 - 0.5;
}

/** erfc(y) for y > 0.5 (or NaN), Cody's second and third ranges (also erfinv's tail refinement, special.ts). */
export function erfcAbove(y: number): number {
  let r: number;
  if (y <= 4) {
    let num = ERFC_C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + ERFC_C[i]) * y;
      den = (den + ERFC_D[i]) * y;
    }
    r = (num + ERFC_C[7]) / (den + ERFC_D[7]);
  } else {
    const z = 1 / (y * y);
    let num = ERFC_P[5] * z;
    let den = z;
    for (let i = 0; i < 4; i++) {
      num = (num + ERFC_P[i]) * z;
      den = (den + ERFC_Q[i]) * z;
    }
    r = (INV_SQRT_PI - (z * (num + ERFC_P[4])) / (den + ERFC_Q[4])) / y;
  }
  const s = Math.trunc(y * 16) / 16;
  return Math.exp(-s * s) * Math.exp(-(y - s) * (y + s)) * r;
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

/**
 * x rounded to the nearest integer, ties to even (IEEE 754 roundTiesToEven, as torch.round / np.round): Math.round
 * rounds ties up, so a tie that landed on an odd integer steps back by one. Keeps −0, ±∞ and NaN; |x| ≥ 2⁵² is
 * already an integer.
 */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
