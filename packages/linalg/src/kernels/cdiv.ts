/**
 * Complex division by a pivot, as LAPACK's zgetf2/ztrsm need it: x ← x/d for `count` interleaved entries.
 *
 * Source: Smith's algorithm (R. L. Smith, "Algorithm 116: Complex division", CACM 5(8), 1962), as in LAPACK dladiv's
 * simple form: with |dr| ≥ |di|, r = di/dr, den = dr + di·r, x/d = ((xr + xi·r)/den, (xi − xr·r)/den), and the
 * mirrored form otherwise. Multiplying by a precomputed reciprocal 1/d is cheaper and used while 1/d is finite; a
 * subnormal d makes 1/d overflow (1/1e-310 = Infinity), and then each entry is divided (x/d itself is representable).
 * Assumption: d ≠ 0 and finite.
 */

/** Writes Re and Im of 1/d to out[0], out[1] (Smith); either may be ±Infinity for a subnormal d. */
export function reciprocalComplex(dr: number, di: number, out: Float64Array): void {
  if (Math.abs(dr) >= Math.abs(di)) {
    const r = di / dr;
    const den = dr + di * r;
    out[0] = 1 / den;
    out[1] = -r / den;
  } else {
    const r = dr / di;
    const den = dr * r + di;
    out[0] = r / den;
    out[1] = -1 / den;
  }
}

const recip = new Float64Array(2);

/** x[off + 2j], x[off + 2j + 1] (j < count) ← that entry divided by d = dr + i·di. */
export function divideRowComplex(x: Float64Array, off: number, count: number, dr: number, di: number): void {
  reciprocalComplex(dr, di, recip);
  const ir = recip[0];
  const ii = recip[1];
  const end = off + 2 * count;
  if (Number.isFinite(ir) && Number.isFinite(ii)) {
    for (let j = off; j < end; j += 2) {
      const re = x[j];
      const im = x[j + 1];
      x[j] = re * ir - im * ii;
      x[j + 1] = re * ii + im * ir;
    }
    return;
  }
  const big = Math.abs(dr) >= Math.abs(di);
  const r = big ? di / dr : dr / di;
  const den = big ? dr + di * r : dr * r + di;
  for (let j = off; j < end; j += 2) {
    const re = x[j];
    const im = x[j + 1];
    if (big) {
      x[j] = (re + im * r) / den;
      x[j + 1] = (im - re * r) / den;
    } else {
      x[j] = (re * r + im) / den;
      x[j + 1] = (im * r - re) / den;
    }
  }
}
