/**
 * @tapegrad/autograd — the tape, backward/grad, the rule table of core's primitives, gradcheck, custom functions.
 * Importing it installs the tape into core's dispatcher (the one hook core offers); nothing else happens on import.
 * Extension API for frameworks: {@link defineFunction} (custom ops with their own backward, differentiable to any
 * order) and the read-only rule table {@link rules} for introspection. Plumbing used by tapegrad's own packages
 * (`recordNode`, `installTape`, `Node`) is in `@tapegrad/autograd/internal`, which is unstable.
 * @packageDocumentation
 * @module @tapegrad/autograd
 */
import { installTape } from './tape';

export type { GradcheckEntry, GradcheckReport } from '@tapegrad/core';
export { enableGrad, isGradEnabled, noGrad } from '@tapegrad/core';
export type { PlainCheckOptions } from './check-plain';
export { checkGrad, checkHvp, checkJvp, checkVjp } from './check-plain';
export { formatGraph } from './format-graph';
export type { FunctionContext, FunctionDefinition } from './function';
export { defineFunction } from './function';
export type { FunctionalOptions, PerArgnum, PerInput } from './functional';
export { gradFn, hessian, hvp, jacobian, jvp, valueAndGrad, vjp } from './functional';
export * as functional from './functional-namespace';
export type { Gradients, GradOptions } from './grad';
export { grad } from './grad';
export type { GradcheckOptions, GradgradcheckOptions, PointValue } from './gradcheck';
export { gradcheck, gradcheckReport, gradgradcheck } from './gradcheck';
export type {
  DifferentiableRule,
  NonDifferentiableRule,
  Rule,
  RuleContext,
  RuleSaves,
  RuleTable,
  TensorAttrKey,
  TensorMeta,
} from './rule-entry';
export { rules } from './rules';

// The one effect of loading autograd: core's dispatcher records onto the tape from now on. Listed in `sideEffects`
// of package.json (with internal.ts), so bundlers keep it whatever names the app imports.
installTape();
