/**
 * erf (Cody's rational approximations) against independent formulas: the Maclaurin series (Abramowitz & Stegun
 * 7.1.5) for |x| ≤ 2, erfc's continued fraction (A&S 7.1.14) beyond, reference values (mpmath, 20 digits), and its
 * special values.
 */
import { describe, expect, it } from 'vitest';
import { erf } from './scalar-math';

/** A&S 7.1.5, summed until the terms no longer change the sum (converges fast for |x| ≤ 2). */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 60; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** erfc x for x ≥ 2 from A&S 7.1.14's continued fraction, evaluated bottom-up to a fixed depth. */
function erfcFraction(x: number): number {
  let t = x;
  for (let k = 80; k >= 1; k--) t = x + k / 2 / t;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / t;
}

describe('erf (scalar kernel)', () => {
  it('agrees with the Maclaurin series on |x| ≤ 2 to a few ulps (relative)', () => {
    let worst = 0;
    for (let i = -2000; i <= 2000; i++) {
      const x = i / 1000 + 1e-7; // off the grid points of the range switch too
      const ref = erfSeries(x);
      worst = Math.max(worst, Math.abs(erf(x) - ref) / Math.abs(ref));
    }
    expect(worst).toBeLessThan(4e-15);
  });

  it('agrees with 1 − erfc (continued fraction) on 2 ≤ x ≤ 7 to an ulp of 1, and is odd', () => {
    for (let x = 2; x <= 7; x += 0.0037) {
      expect(Math.abs(erf(x) - (1 - erfcFraction(x)))).toBeLessThanOrEqual(2.3e-16);
      expect(erf(-x)).toBe(-erf(x));
    }
  });

  it('matches reference values and its special values', () => {
    const ref: [number, number][] = [
      [1e-10, 1.1283791670955126e-10],
      [0.1, 0.1124629160182849],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
      [3, 0.9999779095030014],
    ];
    for (const [x, v] of ref) expect(Math.abs(erf(x) - v) / v).toBeLessThan(3e-16);
    expect(Object.is(erf(-0), -0)).toBe(true);
    expect(Object.is(erf(0), 0)).toBe(true);
    expect(Number.isNaN(erf(Number.NaN))).toBe(true);
    expect(erf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(erf(Number.NEGATIVE_INFINITY)).toBe(-1);
  });
});
