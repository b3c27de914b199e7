/**
 * The backward walk shared by Tensor.backward and autograd.grad: iterative (no recursion, so 100 000-op chains are
 * fine), deterministic (nodes by decreasing sequence number, a valid reverse topological order), pruned to the nodes
 * on a path to what was asked for, and with broadcasting and dtype changes undone in one place (`fitGradient`).
 */
import {
  AutogradError,
  add,
  cast,
  clone,
  DtypeError,
  isComplex,
  onesLike,
  real,
  ShapeError,
  setGradEnabled,
  Tensor,
} from '@tapegrad/core';
import { formatShape, trackAllocations } from '@tapegrad/core/internal';
import { describeValue } from './describe';
import { Node, type OutputMeta } from './node';
import { GradRecycler } from './recycle';
import { sumToShape } from './sum-to-shape';

export interface EngineOptions {
  retainGraph: boolean;
  createGraph: boolean;
}

/** Brings a gradient to the shape and dtype of the tensor it is for (un-broadcast, complex → real, precision). */
function fitGradient(g: Tensor, meta: OutputMeta): Tensor {
  let out = g;
  if (out.ndim !== meta.shape.length || out.shape.some((s, i) => s !== meta.shape[i]))
    out = sumToShape(out, meta.shape);
  if (out.dtype !== meta.dtype) {
    if (isComplex(out.dtype) && !isComplex(meta.dtype)) out = real(out);
    if (out.dtype !== meta.dtype) out = cast(out, meta.dtype);
  }
  return out;
}

function accumulate(current: Tensor | null, g: Tensor): Tensor {
  return current === null ? g : add(current, g);
}

/**
 * The new `.grad` of a leaf (or of a tensor that retains its grad). Without createGraph it is a dense tensor of its
 * own, as PyTorch's AccumulateGrad makes it: never a broadcast (stride-0) or sliced view, never sharing storage with the
 * gradient of another tensor or with a gradOutputs tensor. With createGraph it keeps its graph.
 */
function storedGrad(current: Tensor | null, g: Tensor, createGraph: boolean): Tensor {
  if (createGraph) return accumulate(current, g);
  return (current === null ? clone(g) : add(current, g)).detach();
}

/**
 * Runs the hooks of `t` on its gradient. A hook may return a replacement of the same shape and dtype (or undefined /
 * null to keep it); anything else is an error naming the called op `op`, as PyTorch's "hook has changed the size of
 * value" — never a wrong-shaped `.grad`.
 */
function runHooks(op: string, t: Tensor, g: Tensor): Tensor {
  let out = g;
  if (t._hooks) {
    for (const hook of [...t._hooks]) {
      const replaced: unknown = hook(out);
      if (replaced === undefined || replaced === null) continue;
      if (!(replaced instanceof Tensor))
        throw new DtypeError(
          `${op}: expected a gradient hook to return a Tensor or undefined, got ${describeValue(replaced)}`,
        );
      if (
        replaced.ndim !== out.ndim ||
        replaced.shape.some((s, i) => s !== out.shape[i]) ||
        replaced.dtype !== out.dtype
      )
        throw new AutogradError(
          `${op}: a gradient hook has changed the size or type of the gradient (expected a ${out.dtype} tensor of shape ${formatShape(out.shape)}, got a ${replaced.dtype} tensor of shape ${formatShape(replaced.shape)})`,
        );
      out = replaced;
    }
  }
  return out;
}

/** Validates or creates the gradient seeding each root. */
function rootGradients(op: string, roots: readonly Tensor[], grads: readonly (Tensor | null | undefined)[]): Tensor[] {
  return roots.map((root, i) => {
    if (!(root instanceof Tensor))
      throw new DtypeError(`${op}: expected output tensors, got ${describeValue(root)} as output ${i}`);
    if (!root.requiresGrad) {
      throw new AutogradError(
        `${op}: element ${i} of tensors does not require grad and does not have a gradFn (expected outputs that require grad, got one that does not)`,
      );
    }
    const g = grads[i];
    if (g === undefined || g === null) {
      if (root.size !== 1) {
        throw new AutogradError(
          `${op}: grad can be implicitly created only for scalar outputs (expected a scalar output or a gradient for it), got output ${i} of shape ${formatShape(root.shape)}`,
        );
      }
      if (isComplex(root.dtype))
        throw new AutogradError(
          `${op}: grad can be implicitly created only for real scalar outputs (expected a real output or a gradient for it), got ${root.dtype}`,
        );
      return onesLike(root);
    }
    if (!(g instanceof Tensor))
      throw new DtypeError(`${op}: expected gradOutputs[${i}] to be a Tensor, got ${describeValue(g)}`);
    const sameShape = g.ndim === root.ndim && g.shape.every((s, k) => s === root.shape[k]);
    // Only one-element gradients may differ in shape (e.g. [1] for a 0-d output); anything else is a mismatch.
    if (!sameShape && !(g.size === 1 && root.size === 1)) {
      throw new ShapeError(
        `${op}: mismatch in shape: expected gradOutputs[${i}] of the shape of outputs[${i}], ${formatShape(root.shape)}, got ${formatShape(g.shape)}`,
      );
    }
    const shaped = sameShape ? g : g.reshape(root.shape);
    return shaped.dtype === root.dtype ? shaped : fitGradient(shaped, { shape: root.shape, dtype: root.dtype });
  });
}

/** Nodes reachable from the roots (iterative DFS). */
function reachable(roots: readonly Tensor[]): Node[] {
  const seen = new Set<Node>();
  const stack: Node[] = [];
  for (const r of roots) {
    const fn = r.gradFn;
    if (fn instanceof Node && !seen.has(fn)) {
      seen.add(fn);
      stack.push(fn);
    }
  }
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const e of node.edges) {
      if (e?.node && !seen.has(e.node)) {
        seen.add(e.node);
        stack.push(e.node);
      }
    }
  }
  return [...seen];
}

/**
 * Runs backward from `roots` seeded with `grads`. With `inputs === null` gradients accumulate into the `.grad` of the
 * leaves (Tensor.backward); otherwise the gradients reaching `inputs` are returned (autograd.grad), null where none.
 */
export function runBackward(
  op: string,
  roots: readonly Tensor[],
  grads: readonly (Tensor | null | undefined)[],
  inputs: readonly Tensor[] | null,
  opts: EngineOptions,
): (Tensor | null)[] {
  for (const key of ['retainGraph', 'createGraph'] as const) {
    if (typeof opts[key] !== 'boolean')
      throw new DtypeError(`${op}: expected ${key} to be a boolean, got ${describeValue(opts[key])}`);
  }
  const previous = setGradEnabled(opts.createGraph);
  // A backward run inside a backward rule (e.g. a custom Function's) keeps its own books (recycle.ts).
  const tracking = trackAllocations(null);
  try {
    return walk(op, roots, rootGradients(op, roots, grads), inputs, opts);
  } finally {
    trackAllocations(tracking);
    setGradEnabled(previous);
  }
}

function walk(
  op: string,
  roots: readonly Tensor[],
  seeds: Tensor[],
  inputs: readonly Tensor[] | null,
  opts: EngineOptions,
): (Tensor | null)[] {
  const nodes = reachable(roots).sort((a, b) => a.sequence - b.sequence);
  // What to capture for autograd.grad: non-leaf inputs at (node, output index), leaves by identity.
  const captured: (Tensor | null)[] = inputs ? inputs.map(() => null) : [];
  const captureAtNode = new Map<Node, { index: number; slot: number }[]>();
  const captureLeaf = new Map<Tensor, number[]>();
  if (inputs) {
    inputs.forEach((t, slot) => {
      if (!(t instanceof Tensor))
        throw new DtypeError(`${op}: expected input tensors, got ${describeValue(t)} as input ${slot}`);
      if (!t.requiresGrad)
        throw new AutogradError(
          `${op}: one of the differentiated tensors (input ${slot}) does not require grad (expected inputs that require grad, got one that does not)`,
        );
      const fn = t.gradFn;
      if (fn instanceof Node) {
        const list = captureAtNode.get(fn) ?? [];
        list.push({ index: t._outputIndex, slot });
        captureAtNode.set(fn, list);
      } else {
        const list = captureLeaf.get(t) ?? [];
        list.push(slot);
        captureLeaf.set(t, list);
      }
    });
  }
  // Pruning: a node must run when some edge leads to a node that must run, or to a captured node or leaf.
  const mustRun = new Set<Node>();
  for (const node of nodes) {
    let needed = false;
    for (const e of node.edges) {
      if (e === null) continue;
      if (inputs === null) {
        needed = true;
        break;
      }
      if ((e.node && (mustRun.has(e.node) || captureAtNode.has(e.node))) || (e.leaf && captureLeaf.has(e.leaf))) {
        needed = true;
        break;
      }
    }
    if (needed) mustRun.add(node);
  }

  // Gradient storage that nothing can reach any more is reused (recycle.ts); never under createGraph.
  const rc = opts.createGraph ? null : new GradRecycler();
  const track = <T>(fn: () => T): T => (rc === null ? fn() : rc.tracked(fn));
  /** `slot` (null or the gradient it holds) after adding `g`, a transient the slot takes over or copies. */
  const addInto = (slot: Tensor | null, g: Tensor): Tensor => {
    const next = slot === null ? g : track(() => add(slot, g));
    if (slot !== null) {
      rc?.drop(slot);
      rc?.drop(g, false);
    }
    rc?.hold(next);
    return next;
  };
  const buffers = new Map<Node, (Tensor | null)[]>();
  // Leaf gradients are summed first, so that hooks see (and .grad / captures receive) the total gradient once.
  const leafBuffers = new Map<Tensor, Tensor>();
  const deliverToLeaf = (leaf: Tensor, g: Tensor) => {
    if (inputs !== null && !captureLeaf.has(leaf)) {
      rc?.drop(g, false);
      return;
    }
    leafBuffers.set(leaf, addInto(leafBuffers.get(leaf) ?? null, g));
  };
  roots.forEach((root, i) => {
    const fn = root.gradFn;
    if (fn instanceof Node) {
      const buf = buffers.get(fn) ?? fn.outputMeta.map(() => null);
      buf[root._outputIndex] = accumulate(buf[root._outputIndex], seeds[i]);
      buffers.set(fn, buf);
    } else deliverToLeaf(root, seeds[i]);
  });

  for (let k = nodes.length - 1; k >= 0; k--) {
    const node = nodes[k];
    const buf = buffers.get(node);
    if (buf === undefined) continue;
    buffers.delete(node);
    if (node.retained) {
      for (const [index, t] of node.retained) {
        const g = buf[index];
        if (g === null) continue;
        buf[index] = runHooks(op, t, g);
        rc?.escape(g); // hooks and retained grads are user code's
        rc?.escape(buf[index]);
        if (t._retainsGrad && inputs === null) t.grad = storedGrad(t.grad, buf[index]!, opts.createGraph);
      }
    }
    const captures = captureAtNode.get(node);
    if (captures)
      for (const { index, slot } of captures)
        if (buf[index]) {
          captured[slot] = accumulate(captured[slot], buf[index]!);
          rc?.escape(buf[index]);
          rc?.escape(captured[slot]);
        }
    if (mustRun.has(node)) {
      if (node.runsUserCode) for (const g of buf) rc?.escape(g);
      const inGrads = node.runsUserCode ? node.apply(buf, op) : track(() => node.apply(buf, op));
      if (!opts.retainGraph) node.release();
      // The returned gradients stay held while they are placed: one may be a view of another, or repeated.
      for (const g of inGrads) rc?.hold(g ?? null);
      node.edges.forEach((e, i) => {
        const g = inGrads[i];
        if (e === null || g === null || g === undefined) return;
        const fitted = track(() => fitGradient(g, node.inputMeta[i]));
        if (e.node) {
          if (!mustRun.has(e.node) && !captureAtNode.has(e.node)) {
            rc?.drop(fitted, false);
            return;
          }
          const target = buffers.get(e.node) ?? e.node.outputMeta.map(() => null);
          target[e.index] = addInto(target[e.index], fitted);
          buffers.set(e.node, target);
        } else if (e.leaf) deliverToLeaf(e.leaf, fitted);
      });
      for (const g of inGrads) rc?.drop(g ?? null);
    }
    for (const g of buf) rc?.drop(g);
    rc?.sweep();
  }
  for (const [leaf, g] of leafBuffers) {
    const hooked = runHooks(op, leaf, g);
    if (leaf._hooks) {
      rc?.escape(g);
      rc?.escape(hooked);
    }
    const slots = captureLeaf.get(leaf);
    if (slots) {
      rc?.escape(hooked);
      for (const s of slots) captured[s] = hooked;
      continue;
    }
    leaf.grad = storedGrad(leaf.grad, hooked, opts.createGraph);
    rc?.drop(g);
  }
  rc?.sweep();
  return captured;
}
