/**
 * The recording shared by nn's fused kernels (internal): one node for a whole layer step, whose backward has two
 * forms — a fast first-order kernel (used when the backward is not itself recorded) and the same derivative written
 * with differentiable public ops (used under createGraph, so derivatives of every order stay exact).
 */
import { recordNodeSaving } from '@tapegrad/autograd/internal';
import type { Tensor } from '@tapegrad/core';
import { isGradEnabled } from '@tapegrad/core';

/** One gradient per input of the node, in order (null: none). */
export type InputGrads = (Tensor | null)[];

/** `t` itself when contiguous, else a contiguous copy (the kernels walk flat storage). */
export function dense(t: Tensor): Tensor {
  return t.isContiguous() ? t : t.contiguous();
}

/**
 * Records `output` = f(`inputs`) as one node. Its backward, given the output gradient g, returns null for every input
 * when g is null, `recorded(g)` when grad mode is on (createGraph), else `kernel(g)`. `saved` lists the tensors the
 * backward reads, so an in-place write to one of them before backward is a version error, as in PyTorch.
 */
export function recordFused(
  name: string,
  inputs: readonly Tensor[],
  output: Tensor,
  saved: readonly Tensor[],
  recorded: (g: Tensor) => InputGrads,
  kernel: (g: Tensor) => InputGrads,
): void {
  recordNodeSaving(
    name,
    inputs,
    [output],
    ([g]) => (g === null ? inputs.map(() => null) : isGradEnabled() ? recorded(g) : kernel(g)),
    saved,
  );
}

/** The gradients of a normalization's inputs [x, weight?, bias?], those of absent parameters left out. */
export function affineGrads(
  gx: Tensor,
  weight: Tensor | null,
  gw: Tensor,
  bias: Tensor | null,
  gb: Tensor,
): InputGrads {
  return [gx, ...(weight === null ? [] : [gw]), ...(bias === null ? [] : [gb])];
}
