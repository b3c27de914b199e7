/**
 * einsum as a composite of differentiable public ops (diagonal, sum, permute, reshape, mul, matmul), so its
 * gradients of every order come from their rules. Plan: take diagonals of labels repeated within an operand, sum
 * labels only one operand uses, then contract two operands at a time — the pair whose contraction costs the fewest
 * multiplications first (the greedy strategy of opt_einsum, Smith & Gray, JOSS 2018) — through one batched matmul
 * per pair (or a broadcast product when nothing is contracted or both sides are vectors), and finally sum what the
 * output does not keep and permute to the output's order.
 */
import { DtypeError, ShapeError } from '../errors';
import type { Tensor } from '../tensor';
import { cast } from './complex';
import { type EinsumPlan, letterOf, parseEinsum } from './einsum-parse';
import { mul } from './elementwise';
import { matmul } from './matmul';
import { diagonal, expand, permute, reshape } from './movement';
import { sum } from './reduce';
import { describeTensor, describeValue, requireTensor, resultType } from './util';

/** An intermediate operand: a tensor whose dims carry distinct labels. */
interface Labeled {
  readonly t: Tensor;
  readonly labels: readonly number[];
}

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/** Takes the diagonal of every label repeated within one operand (`ii` → the diagonal, as the last dim). */
function diagonals(x: Tensor, labels: readonly number[]): Labeled {
  let t = x;
  let current = [...labels];
  for (let p = 0; p < current.length; p++) {
    const q = current.indexOf(current[p], p + 1);
    if (q < 0) continue;
    if (t.shape[p] !== t.shape[q])
      throw new ShapeError(
        `einsum: expected the dims of subscript ${letterOf(current[p])} repeated in one operand to have equal sizes, got ${t.shape[p]} and ${t.shape[q]}`,
      );
    t = diagonal(t, 0, p, q);
    current = [...current.filter((_, i) => i !== p && i !== q), current[p]];
    p = -1; // rescan: positions moved
  }
  return { t, labels: current };
}

/** Sums the dims whose labels are not in `keep`. */
function sumExcept(x: Labeled, keep: ReadonlySet<number>): Labeled {
  const dims = x.labels.flatMap((l, d) => (keep.has(l) ? [] : [d]));
  if (dims.length === 0) return x;
  return { t: sum(x.t, dims), labels: x.labels.filter((l) => keep.has(l)) };
}

/** Permutes `x` so that its labels come in `order` (which must be a permutation of them). */
function arrange(x: Labeled, order: readonly number[]): Tensor {
  const dims = order.map((l) => x.labels.indexOf(l));
  return dims.every((d, i) => d === i) ? x.t : permute(x.t, dims);
}

/** Expands size-1 dims of `x` whose label has a larger size elsewhere (only for the labels in `which`). */
function broadcastLabels(x: Labeled, which: readonly number[], sizes: ReadonlyMap<number, number>): Labeled {
  const shape = x.labels.map((l, d) => (which.includes(l) ? (sizes.get(l) as number) : x.t.shape[d]));
  return shape.every((s, d) => s === x.t.shape[d]) ? x : { t: expand(x.t, shape), labels: x.labels };
}

/** Contracts two operands, keeping the labels in `keep`; contracted labels are summed. */
function contractPair(a: Labeled, b: Labeled, keep: ReadonlySet<number>, sizes: ReadonlyMap<number, number>): Labeled {
  const inB = new Set(b.labels);
  const inA = new Set(a.labels);
  const batch = a.labels.filter((l) => inB.has(l) && keep.has(l));
  const contracted = a.labels.filter((l) => inB.has(l) && !keep.has(l));
  const aOnly = a.labels.filter((l) => !inB.has(l));
  const bOnly = b.labels.filter((l) => !inA.has(l));
  const A = broadcastLabels(a, contracted, sizes);
  const B = broadcastLabels(b, contracted, sizes);
  const sizeOf = (x: Labeled, l: number): number => x.t.shape[x.labels.indexOf(l)];
  const labels = [...batch, ...aOnly, ...bOnly];
  const m = product(aOnly.map((l) => sizeOf(A, l)));
  const n = product(bOnly.map((l) => sizeOf(B, l)));
  if (contracted.length === 0 || (m === 1 && n === 1)) {
    // Broadcast product (then a sum over the contracted labels): no GEMM for outer/elementwise/dot-like pairs.
    const ones = (ls: readonly number[]) => ls.map(() => 1);
    const ta = reshape(arrange(A, [...batch, ...aOnly, ...contracted]), [
      ...batch.map((l) => sizeOf(A, l)),
      ...aOnly.map((l) => sizeOf(A, l)),
      ...ones(bOnly),
      ...contracted.map((l) => sizeOf(A, l)),
    ]);
    const tb = reshape(arrange(B, [...batch, ...bOnly, ...contracted]), [
      ...batch.map((l) => sizeOf(B, l)),
      ...ones(aOnly),
      ...bOnly.map((l) => sizeOf(B, l)),
      ...contracted.map((l) => sizeOf(B, l)),
    ]);
    const prod = mul(ta, tb);
    if (contracted.length === 0) return { t: prod, labels };
    const first = labels.length;
    return {
      t: sum(
        prod,
        contracted.map((_, i) => first + i),
      ),
      labels,
    };
  }
  const k = product(contracted.map((l) => sizeOf(A, l)));
  const ta = reshape(arrange(A, [...batch, ...aOnly, ...contracted]), [...batch.map((l) => sizeOf(A, l)), m, k]);
  const tb = reshape(arrange(B, [...batch, ...contracted, ...bOnly]), [...batch.map((l) => sizeOf(B, l)), k, n]);
  const out = matmul(ta, tb);
  const batchShape = out.shape.slice(0, batch.length);
  return {
    t: reshape(out, [...batchShape, ...aOnly.map((l) => sizeOf(A, l)), ...bOnly.map((l) => sizeOf(B, l))]),
    labels,
  };
}

/** The labels still needed after contracting operands `i` and `j`: the output's and the other operands'. */
function keptAfter(ops: readonly Labeled[], i: number, j: number, output: readonly number[]): Set<number> {
  const keep = new Set(output);
  ops.forEach((x, k) => {
    if (k !== i && k !== j) for (const l of x.labels) keep.add(l);
  });
  return keep;
}

/** The pair (i, j) whose contraction needs the fewest multiplications (ties: smaller result, then first pair). */
function cheapestPair(ops: readonly Labeled[], plan: EinsumPlan): [number, number] {
  let best: [number, number] = [0, 1];
  let bestCost = Number.POSITIVE_INFINITY;
  let bestSize = Number.POSITIVE_INFINITY;
  for (let i = 0; i < ops.length; i++) {
    for (let j = i + 1; j < ops.length; j++) {
      const all = new Set([...ops[i].labels, ...ops[j].labels]);
      const keep = keptAfter(ops, i, j, plan.output);
      const size = (ls: Iterable<number>) => product([...ls].map((l) => plan.sizes.get(l) as number));
      const cost = size(all);
      const resultSize = size([...all].filter((l) => keep.has(l)));
      if (cost < bestCost || (cost === bestCost && resultSize < bestSize)) {
        best = [i, j];
        bestCost = cost;
        bestSize = resultSize;
      }
    }
  }
  return best;
}

/**
 * Einstein summation (`torch.einsum`): implicit (`'ij,jk'`) and explicit (`'ij,jk->ik'`) outputs, labels repeated
 * within an operand (`'ii->i'` is the diagonal, `'ii'` the trace), `...` broadcasting, size-1 broadcasting of labels,
 * any number of operands (also as one array). Computed with batched matmuls in a greedy pairwise order; differentiable
 * to any order. Operands are promoted to a common dtype.
 * @example `einsum('ij,jk->ik', ones([2, 3]), ones([3, 4])).shape; // [2, 4]`
 */
export function einsum(equation: string, ...operands: Tensor[] | [readonly Tensor[]]): Tensor {
  const list: readonly unknown[] =
    operands.length === 1 && Array.isArray(operands[0]) ? (operands[0] as readonly unknown[]) : operands;
  if (list.length === 0) throw new ShapeError('einsum: expected at least one operand, got none');
  const tensors = list.map((x) => requireTensor('einsum', x));
  for (const t of tensors) {
    if (t.dtype === 'bool')
      throw new DtypeError(
        `einsum: expected operands of a numeric dtype (bool is not supported), got ${describeTensor(t)}`,
      );
  }
  if (typeof equation !== 'string')
    throw new DtypeError(`einsum: expected an equation string, got ${describeValue(equation)}`);
  const plan = parseEinsum(equation, tensors);
  const dtype = resultType('einsum', tensors);
  let ops: Labeled[] = tensors.map((t, k) => diagonals(cast(t, dtype), plan.inputs[k]));
  // Sum, in each operand, the labels no other operand and not the output use.
  ops = ops.map((x, k) => sumExcept(x, keptAfter(ops, k, k, plan.output)));
  while (ops.length > 1) {
    const [i, j] = cheapestPair(ops, plan);
    const merged = contractPair(ops[i], ops[j], keptAfter(ops, i, j, plan.output), plan.sizes);
    ops = [...ops.filter((_, k) => k !== i && k !== j), merged];
  }
  const last = broadcastLabels(sumExcept(ops[0], new Set(plan.output)), plan.output, plan.sizes);
  return arrange(last, plan.output);
}
