/**
 * The structured result of a gradient check (docs/semantics.md §2.8): what `autograd.checkGrad`/`checkVjp`/`checkJvp`/`checkHvp`
 * return and what a failing `gradcheck`/`gradgradcheck` attaches to its `GradcheckError` as `.report`. It lives in core
 * because `GradcheckError` (core's error taxonomy) carries it; the checks themselves are in `@tapegrad/autograd`.
 */

/** One compared derivative: entry `index` of the Jacobian of `output` with respect to `input`. */
export interface GradcheckEntry {
  /** Which output of the checked function (0 for a function with one output). */
  output: number;
  /** Which input (tensor checks: the position in `inputs`; gradgradcheck numbers its gradOutputs after the inputs). */
  input: number;
  /**
   * The entry's position in the Jacobian laid out as `autograd.functional.jacobian` lays it out: the output element's
   * index followed by the input element's index (`[...outIndex, ...inIndex]`; `[i]` for a gradient entry ∂f/∂xᵢ).
   */
  index: number[];
  /** The derivative the code under test computed (real part for a complex entry). */
  analytical: number;
  /** The finite-difference estimate (real part for a complex entry). */
  numerical: number;
  /** Imaginary part of `analytical`, present when the entry is complex (a complex input). */
  analyticalImag?: number;
  /** Imaginary part of `numerical`, present when the entry is complex. */
  numericalImag?: number;
}

/** The result of one gradient check. */
export interface GradcheckReport {
  /** Whether every compared quantity satisfied |analytical − numerical| ≤ atol + rtol·|numerical|. */
  ok: boolean;
  /** The checked function's name, when it has one (or the name given to the CLI). */
  name?: string;
  /** 1 for first derivatives (gradients, VJPs, JVPs), 2 for second derivatives (gradgradcheck, Hessian-vector products). */
  order: number;
  /** The largest |analytical − numerical| over everything compared (NaN when a value was NaN). */
  maxAbsError: number;
  /** The largest |analytical − numerical| / |numerical| over the compared values with a non-zero numerical value. */
  maxRelError: number;
  /**
   * The entry that is furthest outside its tolerance (of the reported mismatch, when there is one), or the one closest to
   * failing when all pass; null when nothing was compared entry by entry (no entries, or a passing fast-mode check).
   */
  worst: GradcheckEntry | null;
  /** Wall time of the check in milliseconds. */
  ms: number;
  /** What failed, in words (set when `ok` is false). */
  message?: string;
}
