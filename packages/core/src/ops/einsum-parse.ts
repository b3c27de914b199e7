/**
 * Parsing of einsum equations (the language `torch.einsum` accepts): operands' subscripts separated by commas, an
 * optional `->` and output subscripts, letters a–z and A–Z as labels, at most one `...` per term, spaces ignored.
 * Without `->` the output is the ellipsis dims followed by the labels used exactly once, in ASCII order (A–Z, then
 * a–z). The result is a list of integer labels per operand (ellipsis dims become labels 52, 53, … aligned to the
 * right, so they broadcast across operands like any size-1 label) and the output's labels.
 */
import { DtypeError, ShapeError } from '../errors';
import { formatShape } from '../shape';
import type { Tensor } from '../tensor';

/** Letters are labels 0–51 (A–Z then a–z, i.e. ASCII order); ellipsis dims are labels ELLIPSIS + k. */
const ELLIPSIS = 52;

export interface EinsumPlan {
  /** Labels of each operand's dims, in order. */
  readonly inputs: readonly (readonly number[])[];
  /** Labels of the output's dims, in order. */
  readonly output: readonly number[];
  /** The size of every label (the broadcast of its sizes over the operands). */
  readonly sizes: ReadonlyMap<number, number>;
}

interface Term {
  /** Letter labels before and after the ellipsis. */
  readonly before: number[];
  readonly after: number[];
  readonly ellipsis: boolean;
}

function labelOf(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 97 && c <= 122) return c - 97 + 26;
  return -1;
}

/** The letter of a label, for messages. */
export function letterOf(label: number): string {
  if (label >= ELLIPSIS) return '...';
  return String.fromCharCode(label < 26 ? 65 + label : 97 + label - 26);
}

function parseTerm(equation: string, text: string): Term {
  const before: number[] = [];
  const after: number[] = [];
  let ellipsis = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '.') {
      if (ellipsis || text.slice(i, i + 3) !== '...')
        throw new DtypeError(`einsum: expected at most one ellipsis "..." per term, got ${JSON.stringify(equation)}`);
      ellipsis = true;
      i += 2;
      continue;
    }
    const label = labelOf(ch);
    if (label < 0)
      throw new DtypeError(
        `einsum: expected subscripts made of letters a-z and A-Z, "...", "," and "->", got ${JSON.stringify(ch)} in ${JSON.stringify(equation)}`,
      );
    (ellipsis ? after : before).push(label);
  }
  return { before, after, ellipsis };
}

/** Parses `equation` for the given operands and checks every operand's rank and every label's sizes. */
export function parseEinsum(equation: string, operands: readonly Tensor[]): EinsumPlan {
  if (typeof equation !== 'string') throw new DtypeError(`einsum: expected an equation string, got ${typeof equation}`);
  const compact = equation.replace(/\s+/g, '');
  const arrow = compact.indexOf('->');
  if (arrow >= 0 && compact.indexOf('->', arrow + 2) >= 0)
    throw new DtypeError(`einsum: expected at most one "->", got ${JSON.stringify(equation)}`);
  const lhs = arrow >= 0 ? compact.slice(0, arrow) : compact;
  const terms = lhs.split(',').map((t) => parseTerm(equation, t));
  if (terms.length !== operands.length)
    throw new ShapeError(
      `einsum: expected one operand per term of ${JSON.stringify(equation)} (${terms.length}), got ${operands.length} operands`,
    );
  let ellipsisDims = 0;
  const inputs = terms.map((term, k) => {
    const x = operands[k];
    const letters = term.before.length + term.after.length;
    const rest = x.ndim - letters;
    if (rest < 0 || (!term.ellipsis && rest !== 0))
      throw new ShapeError(
        `einsum: expected operand ${k} to have ${term.ellipsis ? `at least ${letters}` : letters} dims for its subscripts, got shape ${formatShape(x.shape)}`,
      );
    ellipsisDims = Math.max(ellipsisDims, rest);
    return { term, rest };
  });
  const labelsOf = inputs.map(({ term, rest }) => {
    // Ellipsis dims are right-aligned across operands (broadcasting), so operand dims e map to label E + offset.
    const dots = Array.from({ length: rest }, (_, i) => ELLIPSIS + i);
    return [...term.before, ...dots, ...term.after];
  });
  // Right-align ellipsis labels: an operand with fewer ellipsis dims uses the last ones.
  labelsOf.forEach((labels, k) => {
    const shift = ellipsisDims - inputs[k].rest;
    for (let i = 0; i < labels.length; i++) if (labels[i] >= ELLIPSIS) labels[i] += shift;
  });
  const sizes = labelSizes(labelsOf, operands);
  const output = arrow >= 0 ? explicitOutput(equation, compact.slice(arrow + 2), labelsOf, ellipsisDims) : [];
  if (arrow < 0) {
    const counts = new Map<number, number>();
    for (const labels of labelsOf) for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    for (let e = 0; e < ellipsisDims; e++) output.push(ELLIPSIS + e);
    for (let l = 0; l < ELLIPSIS; l++) if (counts.get(l) === 1) output.push(l);
  }
  return { inputs: labelsOf, output, sizes };
}

function explicitOutput(
  equation: string,
  text: string,
  inputs: readonly (readonly number[])[],
  ellipsisDims: number,
): number[] {
  const term = parseTerm(equation, text);
  const dots = term.ellipsis ? Array.from({ length: ellipsisDims }, (_, i) => ELLIPSIS + i) : [];
  const output = [...term.before, ...dots, ...term.after];
  const seen = new Set<number>();
  for (const l of [...term.before, ...term.after]) {
    if (seen.has(l))
      throw new DtypeError(
        `einsum: expected each output subscript at most once, got ${letterOf(l)} twice in ${JSON.stringify(equation)}`,
      );
    seen.add(l);
    if (!inputs.some((labels) => labels.includes(l)))
      throw new DtypeError(
        `einsum: expected output subscripts that appear in the inputs, got ${letterOf(l)} in ${JSON.stringify(equation)}`,
      );
  }
  return output;
}

function labelSizes(inputs: readonly (readonly number[])[], operands: readonly Tensor[]): Map<number, number> {
  const sizes = new Map<number, number>();
  inputs.forEach((labels, k) => {
    labels.forEach((l, d) => {
      const n = operands[k].shape[d];
      const seen = sizes.get(l);
      if (seen === undefined || seen === 1) sizes.set(l, n);
      else if (n !== 1 && n !== seen)
        throw new ShapeError(
          `einsum: expected the sizes of subscript ${letterOf(l)} to agree or be 1, got ${n} for operand ${k} (shape ${formatShape(operands[k].shape)}) and ${seen} before`,
        );
    });
  });
  return sizes;
}
