/**
 * `@tapegrad/autograd/internal` — plumbing shared by tapegrad's own packages: recording a multi-output node with its
 * own backward function (`recordNode`, used by linalg), installing the tape, the `Node` class, un-broadcasting.
 * **Unstable**: not part of the public API, may change in any release. Custom ops belong in `defineFunction`.
 * @packageDocumentation
 */

export type { BackwardFn, Edge } from './node';
export { Node } from './node';
export { sumToShape } from './sum-to-shape';
export { installTape, recordNode } from './tape';
