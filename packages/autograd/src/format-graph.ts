import { DtypeError, Tensor } from '@tapegrad/core';
import { formatShape, readOptions } from '@tapegrad/core/internal';
import { describeValue } from './describe';
import { Node } from './node';

const MAX_INDENT_LEVELS = 20;

/**
 * Prints the recorded nodes from `y` back to the leaves: op names, output shapes and dtypes, one line per node, with
 * shared nodes shown once and referenced by number afterwards. What to read when a gradient looks wrong.
 * Long graphs are cut after `maxLines` lines and indentation stops growing after 20 levels, so a 100 000-op chain
 * prints a short, readable head.
 * @example
 * ```ts
 * console.log(autograd.formatGraph(linalg.pinv(A).sum()));
 * // #2 sum → [] float64
 * // └─ #1 linalg.pinv → [5, 3] float64
 * //    └─ leaf [3, 5] float64
 * ```
 */
export function formatGraph(y: Tensor, opts: { maxLines?: number } = {}): string {
  const op = 'autograd.formatGraph';
  if (!(y instanceof Tensor)) throw new DtypeError(`${op}: expected a Tensor, got ${describeValue(y)}`);
  opts = readOptions(op, opts, ['maxLines']) as typeof opts;
  const maxLines = opts.maxLines ?? 200;
  if (typeof maxLines !== 'number' || !Number.isInteger(maxLines) || maxLines < 1)
    throw new DtypeError(`${op}: expected maxLines to be a positive integer, got ${describeValue(maxLines)}`);
  const root = y.gradFn;
  if (!(root instanceof Node))
    return y.requiresGrad ? `leaf ${formatShape(y.shape)} ${y.dtype}` : '(no graph: the tensor does not require grad)';
  const ids = new Map<Node, number>();
  const lines: string[] = [];
  const stack: { node: Node | null; leaf: Tensor | null; prefix: string; last: boolean; depth: number }[] = [
    { node: root, leaf: null, prefix: '', last: true, depth: 0 },
  ];
  while (stack.length > 0) {
    if (lines.length >= maxLines) {
      lines.push(`… (output cut at ${maxLines} lines; pass { maxLines } to see more)`);
      break;
    }
    const { node, leaf, prefix, last, depth } = stack.pop()!;
    const branch = depth === 0 ? '' : last ? '└─ ' : '├─ ';
    const childPrefix = depth === 0 || depth > MAX_INDENT_LEVELS ? prefix : prefix + (last ? '   ' : '│  ');
    if (leaf) {
      lines.push(`${prefix}${branch}leaf ${formatShape(leaf.shape)} ${leaf.dtype}`);
      continue;
    }
    if (!node) continue;
    const seen = ids.get(node);
    if (seen !== undefined) {
      lines.push(`${prefix}${branch}(see #${seen} ${node.name})`);
      continue;
    }
    const id = ids.size + 1;
    ids.set(node, id);
    const outs = node.outputMeta.map((m) => `${formatShape(m.shape)} ${m.dtype}`).join(', ');
    lines.push(`${prefix}${branch}#${id} ${node.name} → ${outs}${node.released ? ' (freed)' : ''}`);
    const children = node.edges.filter((e) => e !== null);
    for (let i = children.length - 1; i >= 0; i--) {
      const e = children[i]!;
      stack.push({
        node: e.node,
        leaf: e.leaf,
        prefix: childPrefix,
        last: i === children.length - 1,
        depth: depth + 1,
      });
    }
  }
  return lines.join('\n');
}
