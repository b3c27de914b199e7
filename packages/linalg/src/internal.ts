/**
 * `@tapegrad/linalg/internal` — helpers of tapegrad's own packages and tests (the forward-mode pinv formula).
 * **Unstable**: not part of the public API, may change in any release.
 * @packageDocumentation
 */

export { pinvJvp } from './derivations/pinv';
