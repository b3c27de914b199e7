/**
 * The format of one entry of the primitive rule table (rules.ts): everything about a primitive's derivative in one
 * compiler-checked place — whether it is differentiable, which values its backward reads (and so what the node keeps
 * alive and version-checks), and the backward itself.
 *
 * `rule(saves, backward)` declares what the backward reads: input values by index (or 'all'), the output value, and
 * tensor-valued attributes (index/condition tensors) by key. The backward's context is typed from that declaration:
 * reading an undeclared input, the output, or a tensor attribute without declaring it does not compile. Shapes and
 * dtypes of all inputs (`inputMeta`) and the non-tensor attributes are always available: they are not values that an
 * in-place write can change. At record time the node keeps exactly the declared tensors and checks their version
 * counters before running the backward (PyTorch's saved-variable check), so an in-place write to any of them makes
 * backward throw `AutogradError` instead of returning a wrong gradient.
 */
import type { DType, PrimitiveAttrs, PrimitiveName } from '@tapegrad/core';
import { Tensor } from '@tapegrad/core';

/** Keys of the attributes of `P` that hold tensors (index or condition tensors). */
export type TensorAttrKey<P extends PrimitiveName> = {
  [K in keyof PrimitiveAttrs[P]]-?: PrimitiveAttrs[P][K] extends Tensor ? K : never;
}[keyof PrimitiveAttrs[P]];

/** What a backward rule reads, so what its node keeps and version-checks. Omitted parts are not kept. */
export interface RuleSaves<P extends PrimitiveName> {
  /** Indices of the inputs whose values are read, or 'all' (variadic primitives such as `cat`). */
  readonly inputs?: readonly number[] | 'all';
  /** Whether the output's value is read. */
  readonly output?: true;
  /** Tensor-valued attributes that are read. */
  readonly attrs?: readonly TensorAttrKey<P>[];
}

/** Shape and dtype of a tensor: what a rule may use of an input whose value it does not read. */
export interface TensorMeta {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

type SavedInputs<I> = I extends 'all'
  ? { readonly inputs: readonly Tensor[] }
  : I extends readonly (infer K extends number)[]
    ? { readonly inputs: { readonly [k in K]: Tensor } }
    : unknown;

type DeclaredAttrKeys<S> = S extends { readonly attrs: readonly (infer K)[] } ? K : never;

/** The context a backward rule sees: exactly what its entry declared, plus metadata and `needs`. */
export type RuleContext<P extends PrimitiveName, S extends RuleSaves<P>> = {
  /** Shape and dtype of every input. */
  readonly inputMeta: readonly TensorMeta[];
  /** The attributes, without the tensor-valued ones the entry did not declare (the node does not keep those). */
  readonly attrs: Omit<PrimitiveAttrs[P], Exclude<TensorAttrKey<P>, DeclaredAttrKeys<S>>>;
  /** Which inputs need a gradient (PyTorch's `needs_input_grad`). */
  readonly needs: readonly boolean[];
} & (S extends { readonly inputs: infer I } ? SavedInputs<I> : unknown) &
  (S extends { readonly output: true } ? { readonly output: Tensor } : unknown);

/** The backward of a differentiable primitive: output gradient → one gradient per input (null where none). */
export type Backward<P extends PrimitiveName, S extends RuleSaves<P>> = (
  ctx: RuleContext<P, S>,
  grad: Tensor,
) => (Tensor | null)[];

/** The backward as stored in the table, with the declaration's precise context type erased. */
type StoredBackward = (ctx: never, grad: Tensor) => (Tensor | null)[];

/** The entry of a differentiable primitive. Build it with `rule(saves, backward)` (rule-entry.ts). */
export interface DifferentiableRule<P extends PrimitiveName> {
  readonly differentiable: true;
  readonly saves: RuleSaves<P>;
  readonly backward: StoredBackward;
}

/** The entry of a primitive whose outputs are integral or bool: it is never recorded. */
export interface NonDifferentiableRule {
  readonly differentiable: false;
}

/** One entry of the rule table. */
export type Rule<P extends PrimitiveName> = DifferentiableRule<P> | NonDifferentiableRule;

/** One entry per primitive: the compiler rejects a table missing any primitive. */
export type RuleTable = { readonly [P in PrimitiveName]: Rule<P> };

/** The entry of every non-differentiable primitive (comparisons, logical ops, argmax/argmin). */
export const nonDifferentiable: NonDifferentiableRule = { differentiable: false };

/**
 * A differentiable entry: `saves` declares what `backward` reads; the context's type follows from it. The primitive
 * `P` is inferred from the table key the entry is assigned to.
 */
export function rule<P extends PrimitiveName, const S extends RuleSaves<P>>(
  saves: S,
  backward: Backward<P, S>,
): DifferentiableRule<P> {
  return { differentiable: true, saves, backward: backward as StoredBackward };
}

/** What a node keeps for a differentiable primitive: the context for its backward and the tensors to version-check. */
export interface KeptState {
  readonly context: {
    readonly inputMeta: readonly TensorMeta[];
    readonly attrs: object;
    readonly inputs: readonly Tensor[];
    readonly output: Tensor | undefined;
  };
  readonly tensors: readonly Tensor[];
}

/**
 * Selects, at record time, what `entry` declared: declared inputs (a sparse array, so undeclared ones are not kept),
 * the output if declared, the attributes without undeclared tensor-valued ones; and lists every kept tensor.
 */
export function keptState<P extends PrimitiveName>(
  entry: DifferentiableRule<P>,
  inputs: readonly Tensor[],
  output: Tensor,
  attrs: PrimitiveAttrs[P],
): KeptState {
  const { saves } = entry;
  const tensors: Tensor[] = [];
  let keptInputs: Tensor[] = [];
  if (saves.inputs === 'all') keptInputs = [...inputs];
  else if (saves.inputs !== undefined) {
    keptInputs = new Array<Tensor>(inputs.length);
    for (const i of saves.inputs) keptInputs[i] = inputs[i];
  }
  for (const t of keptInputs) if (t !== undefined) tensors.push(t);
  const keptOutput = saves.output ? output : undefined;
  if (keptOutput) tensors.push(keptOutput);
  const declared: readonly PropertyKey[] = saves.attrs ?? [];
  const keptAttrs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attrs)) {
    if (!(value instanceof Tensor)) keptAttrs[key] = value;
    else if (declared.includes(key)) {
      keptAttrs[key] = value;
      tensors.push(value);
    }
  }
  const inputMeta = inputs.map((t) => ({ shape: t.shape, dtype: t.dtype }));
  return { context: { inputMeta, attrs: keptAttrs, inputs: keptInputs, output: keptOutput }, tensors };
}
