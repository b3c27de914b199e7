/**
 * Installs the tape into core's dispatcher, and offers `recordNode` for ops defined outside core (linalg's
 * decompositions, user functions): one node with several outputs and its own backward function.
 */
import type { BackwardOptions, PrimitiveAttrs, PrimitiveName } from '@tapegrad/core';
import { AutogradError, DtypeError, isFloating, isGradEnabled, Tensor } from '@tapegrad/core';
import { installTapeHook, readOptions } from '@tapegrad/core/internal';
import { describeValue } from './describe';
import { runBackward } from './engine';
import { type BackwardFn, Node } from './node';
import { keptState, type Rule } from './rule-entry';
import { rules } from './rules';

function recordPrimitive<P extends PrimitiveName>(
  op: P,
  inputs: readonly Tensor[],
  output: Tensor,
  attrs: PrimitiveAttrs[P],
): void {
  if (!Object.hasOwn(rules, op))
    throw new DtypeError(`record: expected the name of a core primitive, got ${describeValue(op)}`);
  const entry: Rule<P> = rules[op];
  if (!entry.differentiable) return;
  // The node keeps exactly what the entry declares its backward reads, and version-checks all of it.
  const { context, tensors } = keptState(entry, inputs, output, attrs);
  const backward = entry.backward as (ctx: unknown, g: Tensor) => (Tensor | null)[];
  const arity = inputs.length; // the closure must not capture `inputs`: undeclared inputs are not kept
  const node: Node = new Node(
    op,
    inputs,
    [{ shape: output.shape, dtype: output.dtype }],
    (grads) => {
      const g = grads[0];
      const needs = Array.from({ length: arity }, (_, i) => node.needsInputGrad(i));
      return g === null ? needs.map(() => null) : backward({ ...context, needs }, g);
    },
    tensors,
  );
  output._gradFn = node;
  output._outputIndex = 0;
}

/**
 * Records one node named `name` with the given inputs and outputs when grad mode is on and some input requires grad.
 * `backward` receives one gradient per output (null for outputs no gradient reached) and returns one per input.
 * Outputs of integer or bool dtype are not attached to the node (they do not require grad).
 * Outputs must be fresh tensors (not inputs). Returns the node, or null when nothing was recorded.
 */
export function recordNode(
  name: string,
  inputs: readonly Tensor[],
  outputs: readonly Tensor[],
  backward: BackwardFn,
): Node | null {
  return recordGuarded('autograd.recordNode', name, inputs, outputs, backward, () => [...inputs, ...outputs]);
}

/**
 * {@link recordNode} for a backward that also reads tensors other than its inputs and outputs (a custom function's
 * saved tensors): `extraKept()` lists them once the node is recorded, and they are version-checked with the rest.
 */
export function recordNodeKeeping(
  name: string,
  inputs: readonly Tensor[],
  outputs: readonly Tensor[],
  backward: BackwardFn,
  extraKept: () => readonly Tensor[],
): Node | null {
  // The backward of an op defined outside core may read any of its inputs and outputs: guard them all.
  const node = recordGuarded('autograd.recordNodeKeeping', name, inputs, outputs, backward, () => [
    ...inputs,
    ...outputs,
    ...extraKept(),
  ]);
  if (node !== null) node.runsUserCode = true;
  return node;
}

/**
 * {@link recordNode} for a backward that reads only the tensors in `saved` (some of its inputs, or tensors of its
 * own): only those are version-checked, so an in-place write to an output or input that the backward never reads
 * stays legal, as for PyTorch's ops, which save only what their derivative formula uses.
 */
export function recordNodeSaving(
  name: string,
  inputs: readonly Tensor[],
  outputs: readonly Tensor[],
  backward: BackwardFn,
  saved: readonly Tensor[],
): Node | null {
  return recordGuarded('autograd.recordNodeSaving', name, inputs, outputs, backward, () => saved);
}

/** The recording shared by recordNode, recordNodeKeeping and recordNodeSaving (`fn`: which one was called). */
function recordGuarded(
  fn: string,
  name: string,
  inputs: readonly Tensor[],
  outputs: readonly Tensor[],
  backward: BackwardFn,
  guarded: () => readonly Tensor[],
): Node | null {
  if (typeof name !== 'string') throw new DtypeError(`${fn}: expected a string name, got ${describeValue(name)}`);
  for (const [what, list] of [
    ['inputs', inputs],
    ['outputs', outputs],
  ] as const) {
    if (!Array.isArray(list) || !list.every((t) => t instanceof Tensor))
      throw new DtypeError(`${name}: expected ${what} to be an array of tensors, got ${describeValue(list)}`);
  }
  if (typeof backward !== 'function')
    throw new DtypeError(`${name}: expected a backward function, got ${describeValue(backward)}`);
  if (!isGradEnabled() || !inputs.some((t) => t.requiresGrad)) return null;
  for (const out of outputs) {
    if (inputs.includes(out))
      throw new AutogradError(
        `${name}: an output of a recorded op must be a new tensor, not one of its inputs (expected fresh outputs, got an input as an output)`,
      );
  }
  const node = new Node(
    name,
    inputs,
    outputs.map((t) => ({ shape: t.shape, dtype: t.dtype })),
    backward,
    guarded(),
  );
  outputs.forEach((t, i) => {
    // Integer and bool outputs (indices, ranks) are not differentiable: they never require grad (as in PyTorch).
    if (!isFloating(t.dtype)) return;
    t._gradFn = node;
    t._outputIndex = i;
  });
  return node;
}

/** Installs the tape into core's dispatcher (idempotent); called once when the package is loaded. */
export function installTape(): void {
  installTapeHook({
    record: recordPrimitive,
    backward(tensor: Tensor, gradient: Tensor | undefined, opts: BackwardOptions): void {
      opts = readOptions('Tensor.backward', opts, ['createGraph', 'retainGraph']) as BackwardOptions;
      const createGraph = opts.createGraph ?? false;
      runBackward('Tensor.backward', [tensor], [gradient], null, {
        createGraph,
        retainGraph: opts.retainGraph ?? createGraph,
      });
    },
  });
}
