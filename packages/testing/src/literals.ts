/**
 * One-line literals for test data that the formatter would otherwise spread one row per line (where it repeats by
 * shape from test to test): a matrix in MATLAB notation, `rows('1 2; 3 4')`, and a list of matrix sizes,
 * `sizes('3x2 2x3 5x5')`, and a shape, `dims('2x3x4')`. Malformed text throws, so a typo cannot turn into a silently different test.
 */

/** One number of a literal: a JS number literal, `Infinity`, `-Infinity` or `NaN`. */
function parseNumber(token: string, spec: string): number {
  const value = Number(token);
  if (token === '' || (Number.isNaN(value) && token !== 'NaN'))
    throw new Error(`literal ${JSON.stringify(spec)}: ${JSON.stringify(token)} is not a number`);
  return value;
}

/**
 * The rows of a matrix written as `'a b c; d e f'` (entries separated by spaces or commas, rows by `;`).
 * @example `rows('1 2; 3 4'); // [[1, 2], [3, 4]]`
 */
export function rows(spec: string): number[][] {
  const out = spec.split(';').map((row) =>
    row
      .trim()
      .split(/[\s,]+/)
      .map((token) => parseNumber(token, spec)),
  );
  if (out.some((row) => row.length !== out[0].length))
    throw new Error(`literal ${JSON.stringify(spec)}: rows of different lengths`);
  return out;
}

/**
 * A shape written `'2x3x4'` (`'scalar'` for [], `'5'` for [5]); an array is returned as it is.
 * @example `dims('2x0x3'); // [2, 0, 3]`
 */
export function dims(spec: string | readonly number[]): readonly number[] {
  if (typeof spec !== 'string') return spec;
  if (spec === 'scalar') return [];
  if (!/^\d+(x\d+)*$/.test(spec))
    throw new Error(`dims ${JSON.stringify(spec)}: expected 'scalar' or sizes like 2x3x4`);
  return spec.split('x').map(Number);
}

/**
 * Matrix sizes written as `'MxN MxN …'`.
 * @example `sizes('3x2 1x7'); // [[3, 2], [1, 7]]`
 */
export function sizes(spec: string): [number, number][] {
  return spec
    .trim()
    .split(/\s+/)
    .map((size) => {
      const match = /^(\d+)x(\d+)$/.exec(size);
      if (match === null) throw new Error(`sizes ${JSON.stringify(spec)}: ${JSON.stringify(size)} is not MxN`);
      return [Number(match[1]), Number(match[2])];
    });
}
