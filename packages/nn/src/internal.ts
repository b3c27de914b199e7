/**
 * `@tapegrad/nn/internal` — the place for plumbing of nn that other tapegrad packages or tools need (empty today).
 * **Unstable**: not part of the public API, may change in any release.
 * @packageDocumentation
 */

export {};
