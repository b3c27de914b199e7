/**
 * `@tapegrad/autograd/internal` — plumbing shared by tapegrad's own packages: recording a multi-output node with its
 * own backward function (`recordNode`, used by linalg), installing the tape, the `Node` class, un-broadcasting.
 * **Unstable**: not part of the public API, may change in any release. Custom ops belong in `defineFunction`.
 * Like the main entry, loading it installs the tape (so linalg and nn, which import it, never run without the engine);
 * both entries are listed in `sideEffects` of package.json so that bundlers keep that call.
 * @packageDocumentation
 */
import { installTape } from './tape';

export type { BackwardFn, Edge } from './node';
export { Node } from './node';
export { sumToShape } from './sum-to-shape';
export { installTape, recordNode, recordNodeSaving } from './tape';

installTape();
