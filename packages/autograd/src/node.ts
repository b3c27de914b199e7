/**
 * A node of the tape: one recorded op with its inputs (edges to the nodes or leaves that produced them), what the
 * backward rule needs, and metadata of its outputs. Nodes are numbered in creation order, so visiting them by
 * decreasing `sequence` is a valid reverse topological order (an op's inputs always exist before it).
 */
import type { DType, GradNode, Tensor } from '@tapegrad/core';
import { AutogradError } from '@tapegrad/core';
import {
  assertCurrentHistory,
  brandClass,
  brandedHasInstance,
  formatShape,
  sharedSlot,
  versionOf,
} from '@tapegrad/core/internal';

/** Where the gradient of one input goes: the node (and its output index) that produced it, or a leaf to accumulate into. */
export interface Edge {
  readonly node: Node | null;
  readonly index: number;
  readonly leaf: Tensor | null;
}

/** The backward function of a node: output gradients (null where none flowed) → input gradients. */
export type BackwardFn = (grads: readonly (Tensor | null)[]) => readonly (Tensor | null)[];

export interface OutputMeta {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

// Shared by every loaded copy of autograd (see core's shared-state.ts), so nodes of both copies order correctly.
const counter = sharedSlot('autograd.node', () => ({ nextSequence: 0 }));

export class Node implements GradNode {
  /** Also true for a node recorded by another loaded copy of autograd (one tape is shared by all copies). */
  static [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof (a subclass asks about itself).
    return brandedHasInstance(this, value);
  }
  readonly sequence = counter.nextSequence++;
  readonly edges: readonly (Edge | null)[];
  /** Shapes and dtypes of the inputs, for un-broadcasting and dtype restoration of their gradients. */
  readonly inputMeta: readonly OutputMeta[];
  /** Output tensors with hooks or retained grads (kept strongly only when asked for). */
  retained: Map<number, Tensor> | null = null;
  /**
   * Whether the backward runs user code (a custom Function's): the engine then treats the gradients it is given as
   * seen by the user and does not reuse their storage (see recycle.ts).
   */
  runsUserCode = false;
  private backwardFn: BackwardFn | null;
  /** Tensors the backward function reads, with their versions when recorded (see core's version counter). */
  private guarded: { tensor: Tensor; version: number }[];

  constructor(
    readonly name: string,
    inputs: readonly Tensor[],
    readonly outputMeta: readonly OutputMeta[],
    backwardFn: BackwardFn,
    guarded: readonly Tensor[] = [],
  ) {
    this.backwardFn = backwardFn;
    this.guarded = guarded.map((t) => ({ tensor: t, version: versionOf(t) }));
    this.inputMeta = inputs.map((t) => ({ shape: t.shape, dtype: t.dtype }));
    this.edges = inputs.map((t) => edgeOf(name, t));
  }

  get nextFunctions(): readonly (readonly [GradNode | null, number])[] {
    return this.edges.map((e) => [e?.node ?? null, e?.index ?? 0] as const);
  }

  /** Whether input `i` needs a gradient (PyTorch's `needs_input_grad`). */
  needsInputGrad(i: number): boolean {
    return this.edges[i] !== null;
  }

  /** Whether backward already freed this node's saved state. */
  get released(): boolean {
    return this.backwardFn === null;
  }

  retainOutput(index: number, tensor: Tensor): void {
    if (this.retained === null) this.retained = new Map();
    this.retained.set(index, tensor);
  }

  /**
   * Runs the backward function; throws when the saved state was already freed by an earlier backward. `op` names the
   * public entry point (`Tensor.backward`, `autograd.grad`, …) in that error.
   */
  apply(grads: readonly (Tensor | null)[], op = 'backward'): readonly (Tensor | null)[] {
    const fn = this.backwardFn;
    if (fn === null) {
      throw new AutogradError(
        `${op}: trying to backward through the graph a second time (or directly access saved tensors after they have already been freed) at node '${this.name}'. Saved intermediate values of the graph are freed when you call backward() or autograd.grad(). Specify retainGraph: true if you need to backward through the graph a second time (expected a graph that was not freed, got node '${this.name}' whose saved values were freed by an earlier backward).`,
      );
    }
    for (const { tensor: t, version } of this.guarded) {
      const now = versionOf(t);
      if (now !== version) {
        throw new AutogradError(
          `${op}: one of the tensors needed for gradient computation has been modified by an in-place operation: the ${t.dtype} tensor of shape ${formatShape(t.shape)} saved by '${this.name}' is at version ${now}; expected version ${version} instead (recompute the forward pass after modifying it, e.g. after optimizer.step())`,
        );
      }
    }
    return fn(grads);
  }

  /** Drops the saved state (inputs, outputs, attributes) so it can be garbage-collected. */
  release(): void {
    this.backwardFn = null;
    this.guarded = [];
  }
}
brandClass(Node, 'autograd.Node');

function edgeOf(name: string, t: Tensor): Edge | null {
  // An input whose history an in-place write through an alias made out of date would give a wrong gradient.
  assertCurrentHistory(name, t);
  const fn = t.gradFn;
  if (fn instanceof Node) return { node: fn, index: t._outputIndex, leaf: null };
  if (fn === null && t.requiresGrad) return { node: null, index: 0, leaf: t };
  return null;
}
