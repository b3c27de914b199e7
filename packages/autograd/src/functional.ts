/**
 * Functional helpers built on {@link grad}: JAX-style valueAndGrad / gradFn, and torch.autograd.functional's
 * jacobian, hessian, vjp, jvp (by the double-vjp trick) and hvp.
 */
import type { DType, GradOf, Tensor } from '@tapegrad/core';
import {
  AutogradError,
  DtypeError,
  isGradEnabled,
  reshape,
  ShapeError,
  stack,
  Tensor as TensorClass,
  zeros,
  zerosLike,
} from '@tapegrad/core';
import { formatShape, readOptions } from '@tapegrad/core/internal';
import { describeValue } from './describe';
import { type GradOptions, gradWithOp } from './grad';

type Inputs = Tensor | readonly Tensor[];

/**
 * A result per input (of its input's dtype), shaped like the inputs: a `Tensor` for a single input tensor, a tuple of tensors of the same
 * length for a tuple of inputs, `Tensor[]` for an array (as torch.autograd.functional returns a tensor or a tuple).
 */
export type PerInput<I extends Inputs> = I extends readonly Tensor[]
  ? { -readonly [K in keyof I]: GradOf<I[K]> }
  : GradOf<I>;

/** A gradient per argument index: a `Tensor` for one index, a tuple (or array) of tensors for an array of indices. */
export type PerArgnum<N extends number | readonly number[]> = N extends readonly number[]
  ? { -readonly [K in keyof N]: Tensor }
  : Tensor;

/** The tensors of `inputs` (a tensor or an array of tensors), checked. */
function list(op: string, inputs: unknown, what = 'inputs'): Tensor[] {
  const items = inputs instanceof TensorClass ? [inputs] : Array.isArray(inputs) ? [...inputs] : [inputs];
  for (const x of items)
    if (!(x instanceof TensorClass)) throw new DtypeError(`${op}: expected Tensor ${what}, got ${describeValue(x)}`);
  return items as Tensor[];
}

/** A differentiable stand-in for an argument: a fresh leaf, or (when it already carries a graph) a recorded copy. */
function track(x: Tensor): Tensor {
  return x.requiresGrad ? x.clone() : x.detach().requiresGrad_(true);
}

function requireFunction(op: string, fn: unknown): void {
  if (typeof fn !== 'function') throw new DtypeError(`${op}: expected a function, got ${describeValue(fn)}`);
}

/** fn's result, which must be a tensor. */
function resultOf(op: string, out: unknown): Tensor {
  if (!(out instanceof TensorClass))
    throw new DtypeError(`${op}: expected the function to return a Tensor, got ${describeValue(out)}`);
  return out;
}

/** `results` (one per input) shaped like `inputs`: the tensor itself for a single input tensor, else the array. */
function perInput<I extends Inputs>(inputs: I, results: Tensor[]): PerInput<I> {
  return (inputs instanceof TensorClass ? results[0] : results) as PerInput<I>;
}

/** Tangents / vectors matching the inputs in number and shape. */
function matching(op: string, what: string, vs: Tensor[], xs: readonly Tensor[]): void {
  if (vs.length !== xs.length) throw new ShapeError(`${op}: expected ${xs.length} ${what}(s), got ${vs.length}`);
  vs.forEach((v, i) => {
    if (v.ndim !== xs[i].ndim || v.shape.some((s, d) => s !== xs[i].shape[d]))
      throw new ShapeError(
        `${op}: expected ${what} ${i} of the input's shape ${formatShape(xs[i].shape)}, got ${formatShape(v.shape)}`,
      );
  });
}

/**
 * grad() with unused inputs materialized as zeros; an output that does not depend on the inputs at all (it carries no
 * graph) has zero gradients too, as in torch.autograd.functional (strict=False) and JAX.
 */
function gradOrZeros(op: string, output: Tensor, inputs: readonly Tensor[], opts: GradOptions = {}): Tensor[] {
  resultOf(op, output);
  if (output.requiresGrad) return gradWithOp(op, output, inputs, { ...opts, materializeGrads: true }) as Tensor[];
  if (opts.gradOutputs === undefined && output.size !== 1) {
    throw new AutogradError(
      `${op}: grad can be implicitly created only for scalar outputs (expected a scalar output or a gradient for it), got an output of shape ${formatShape(output.shape)}`,
    );
  }
  return inputs.map((x) => zerosLike(x));
}

/**
 * Returns a function computing `[fn(...args), gradient]` w.r.t. the argument(s) `argnums` (default 0). `fn` must return
 * a scalar. Nests: when called on arguments that require grad, the result stays differentiable.
 * @example
 * ```ts
 * const [value, g] = valueAndGrad((x: Tensor) => x.square().sum())(tensor([1, 2], { dtype: 'float64' }));
 * // value = 5, g = [2, 4]
 * ```
 */
export function valueAndGrad<A extends Tensor[], const N extends number | readonly number[] = 0>(
  fn: (...args: A) => Tensor,
  argnums?: N,
): (...args: A) => [Tensor, PerArgnum<N>] {
  return valueAndGradAs('valueAndGrad', fn, argnums ?? 0) as (...args: A) => [Tensor, PerArgnum<N>];
}

function valueAndGradAs<A extends Tensor[]>(
  op: string,
  fn: (...args: A) => Tensor,
  argnums: number | readonly number[],
): (...args: A) => [Tensor, Tensor | Tensor[]] {
  requireFunction(op, fn);
  const numsOk = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (!(numsOk(argnums) || (Array.isArray(argnums) && argnums.length > 0 && argnums.every(numsOk))))
    throw new DtypeError(
      `${op}: expected argnums to be a non-negative integer or a non-empty array of them, got ${describeValue(argnums)}`,
    );
  return (...args: A) => {
    const nums = typeof argnums === 'number' ? [argnums] : [...argnums];
    const tracked = [...args] as A;
    const outer = isGradEnabled() && nums.some((i) => args[i]?.requiresGrad);
    for (const i of nums) {
      if (!(args[i] instanceof TensorClass))
        throw new DtypeError(
          `valueAndGrad: argument ${i} is not a Tensor (expected a Tensor, got ${describeValue(args[i])})`,
        );
      tracked[i] = track(args[i]);
    }
    const value = resultOf('valueAndGrad', fn(...tracked));
    const grads = gradOrZeros(
      'valueAndGrad',
      value,
      nums.map((i) => tracked[i]),
      { createGraph: outer },
    );
    return [outer ? value : value.detach(), typeof argnums === 'number' ? grads[0] : grads];
  };
}

/** Returns a function computing only the gradient of scalar `fn` w.r.t. `argnums` (JAX's `grad`). */
export function gradFn<A extends Tensor[], const N extends number | readonly number[] = 0>(
  fn: (...args: A) => Tensor,
  argnums?: N,
): (...args: A) => PerArgnum<N> {
  const vg = valueAndGradAs('gradFn', fn, argnums ?? 0);
  return (...args: A) => vg(...args)[1] as PerArgnum<N>;
}

/** Options of the functional API. */
export interface FunctionalOptions {
  /** Keep the result differentiable. */
  createGraph?: boolean;
}

/** The options of a functional transform `op`, read once (unknown keys and a non-boolean createGraph: DtypeError). */
function functionalOptions(op: string, opts: unknown): FunctionalOptions {
  const o = readOptions(op, opts, ['createGraph']);
  if (o.createGraph !== undefined && typeof o.createGraph !== 'boolean')
    throw new DtypeError(`${op}: expected createGraph to be a boolean, got ${describeValue(o.createGraph)}`);
  return o as FunctionalOptions;
}

/**
 * Vector-Jacobian product: `[fn(inputs), vᵀ·J]` (torch.autograd.functional.vjp). `v` defaults to 1 for scalar outputs.
 */
export function vjp<const I extends Inputs>(
  fn: (...xs: Tensor[]) => Tensor,
  inputs: I,
  v?: Tensor,
  opts: FunctionalOptions = {},
): [Tensor, PerInput<I>] {
  requireFunction('vjp', fn);
  opts = functionalOptions('vjp', opts);
  const xs = list('vjp', inputs).map(track);
  const out = resultOf('vjp', fn(...xs));
  if (v !== undefined) list('vjp', v, 'v');
  const grads = gradOrZeros('vjp', out, xs, { gradOutputs: v, createGraph: opts.createGraph });
  return [opts.createGraph ? out : out.detach(), perInput(inputs, grads)];
}

/**
 * Jacobian-vector product `[fn(inputs), J·v]` (torch.autograd.functional.jvp), by the double-vjp trick:
 * J·v = ∂/∂u ⟨uᵀJ, v⟩ with a dummy cotangent u.
 */
export function jvp(
  fn: (...xs: Tensor[]) => Tensor,
  inputs: Inputs,
  v: Tensor | readonly Tensor[],
  opts: FunctionalOptions = {},
): [Tensor, Tensor] {
  requireFunction('jvp', fn);
  opts = functionalOptions('jvp', opts);
  const xs = list('jvp', inputs).map(track);
  const vs = list('jvp', v, 'tangents');
  matching('jvp', 'tangent', vs, xs);
  const out = resultOf('jvp', fn(...xs));
  const u = zerosLike(out).requiresGrad_(true);
  const vjps = gradOrZeros('jvp', out, xs, { gradOutputs: u, createGraph: true });
  let inner = vjps[0].mul(vs[0].conj()).sum();
  for (let i = 1; i < vjps.length; i++) inner = inner.add(vjps[i].mul(vs[i].conj()).sum());
  const [jv] = gradOrZeros('jvp', inner.isComplex ? inner.real : inner, [u], { createGraph: opts.createGraph });
  return [opts.createGraph ? out : out.detach(), opts.createGraph ? jv : jv.detach()];
}

/**
 * Jacobian of `fn` at `inputs`: shape `[...out.shape, ...in.shape]` (an array over inputs when several are given).
 */
export function jacobian<const I extends Inputs>(
  fn: (...xs: Tensor[]) => Tensor,
  inputs: I,
  opts: FunctionalOptions = {},
): PerInput<I> {
  requireFunction('jacobian', fn);
  opts = functionalOptions('jacobian', opts);
  const xs = list('jacobian', inputs).map(track);
  const out = resultOf('jacobian', fn(...xs));
  const flat = reshape(out, [out.size]);
  const rows: Tensor[][] = xs.map(() => []);
  for (let k = 0; k < out.size; k++) {
    const gs = gradOrZeros('jacobian', flat.select(0, k), xs, { retainGraph: true, createGraph: opts.createGraph });
    gs.forEach((g, i) => {
      rows[i].push(g);
    });
  }
  const result = xs.map((x, i) =>
    rows[i].length === 0
      ? zeros([...out.shape, ...x.shape], { dtype: x.dtype })
      : reshape(stack(rows[i]), [...out.shape, ...x.shape]),
  );
  return perInput(inputs, result);
}

/** Hessian of a scalar `fn` of one tensor (the Jacobian of its gradient): shape `[...x.shape, ...x.shape]`. */
export function hessian<D extends DType>(
  fn: (x: Tensor<D>) => Tensor,
  inputs: Tensor<D>,
  opts: FunctionalOptions = {},
): Tensor<D> {
  requireFunction('hessian', fn);
  opts = functionalOptions('hessian', opts);
  if (Array.isArray(inputs))
    throw new DtypeError(
      `hessian: pass a single input tensor (concatenate several inputs into one): expected a Tensor, got an array of ${(inputs as unknown[]).length}`,
    );
  list('hessian', inputs);
  return jacobian((x) => gradOrZeros('hessian', fn(x as Tensor<D>), [x], { createGraph: true })[0], inputs, opts);
}

/** Hessian-vector product `[fn(x), H·v]` of a scalar `fn`, by differentiating ⟨∇fn, v⟩. */
export function hvp(
  fn: (...xs: Tensor[]) => Tensor,
  inputs: Tensor,
  v: Tensor,
  opts: FunctionalOptions = {},
): [Tensor, Tensor] {
  requireFunction('hvp', fn);
  opts = functionalOptions('hvp', opts);
  const [x] = list('hvp', inputs).map(track);
  const vs = list('hvp', v, 'v');
  matching('hvp', 'v', vs, [x]);
  const out = resultOf('hvp', fn(x));
  const [g] = gradOrZeros('hvp', out, [x], { createGraph: true });
  const [hv] = gradOrZeros('hvp', g.mul(v).sum(), [x], { createGraph: opts.createGraph });
  return [opts.createGraph ? out : out.detach(), opts.createGraph ? hv : hv.detach()];
}
