/**
 * In-place ops (`add_`, `mul_`, `copy_`, `fill_`, …) with PyTorch's autograd semantics:
 * - under `noGrad`, or when nothing involved requires grad: the values are written, the version counter bumped;
 * - on a leaf that requires grad (or a view of one), outside `noGrad`: `AutogradError`, as PyTorch;
 * - otherwise the op is recorded: the out-of-place op is applied to a copy of the old value (so its backward never
 *   reads overwritten memory), its result is written into the tensor, and the tensor takes over the result's history
 *   (`gradFn`). Tensors saved by earlier nodes see the bumped version, so a backward that needs the old value throws;
 * - through a view: the root's history is rebased (PyTorch's CopySlices: the root becomes "old root with the view's
 *   region replaced", a differentiable where/scatter), and other views of the root regenerate their history from it
 *   when next used (history.ts) — so gradients stay right.
 * Everything is validated before anything is written: a destination that is a broadcast view, an operand that does
 * not broadcast to the destination's shape, a result dtype that cannot be cast to the destination's (float into
 * int32, complex into real) are typed errors and leave the destination unchanged.
 */
import { isGradEnabled } from '../dispatch';
import type { ComplexLike, DType } from '../dtype';
import { isComplex, isFloating } from '../dtype';
import { AutogradError, DtypeError, ShapeError } from '../errors';
import { markRewritten, rebaseRoot, withHistory } from '../history';
import { readOptions } from '../options';
import { broadcastShapes, formatShape, requireOpName, sameShape } from '../shape';
import { Tensor, type TensorLike } from '../tensor';
import { markModified } from '../version';
import { cast, copyStrided, requireInt32Values } from './complex';
import { clamp } from './composite';
import { rand, randn } from './creation';
import { add, div, mul, sub, where } from './elementwise';
import { fillValue, maskedFill } from './masking';
import { clone } from './movement';
import { describeTensor, describeValue, requireTensor, resultType, scalarTensor } from './util';

/** PyTorch's `canCast` for in-place results: no complex → real, floating → integral, or number → bool. */
function canCast(from: DType, to: DType): boolean {
  if (isComplex(from) && !isComplex(to)) return false;
  if (isFloating(from) && !isFloating(to)) return false;
  return !(from !== 'bool' && to === 'bool');
}

/** The `{ alpha }` options of add_/sub_, read once and checked under the in-place op's name. */
function alphaOption(op: string, opts: unknown): { alpha?: number } {
  const { alpha } = readOptions(op, opts, ['alpha']);
  if (alpha !== undefined && typeof alpha !== 'number')
    throw new DtypeError(`${op}: expected a number alpha, got ${describeValue(alpha)}`);
  return alpha === undefined ? {} : { alpha };
}

/** Checks every in-place op makes on its destination before computing anything. */
function checkDestination(op: string, y: unknown): Tensor {
  const t = requireTensor(op, y);
  if (t.strides.some((s, i) => s === 0 && t.shape[i] > 1))
    throw new ShapeError(
      `${op}: expected a destination whose elements do not share memory, got a broadcast view (strides ${formatShape(t.strides)}) of shape ${formatShape(t.shape)}; clone() it first`,
    );
  if (isGradEnabled()) {
    const root = t._base ?? t;
    if (root.isLeaf && root._requiresGrad)
      throw new AutogradError(
        `${op}: a ${root === t ? '' : 'view of a '}leaf tensor that requires grad is being used in an in-place operation (expected a tensor that does not require grad, or the call inside noGrad(), got ${root === t ? 'a leaf' : 'a view of a leaf'} with requiresGrad true)`,
      );
  }
  return t;
}

/** Checks that operand `other` broadcasts to the destination's shape (not the other way round). */
function checkOperand(op: string, y: Tensor, other: unknown): void {
  if (!(other instanceof Tensor)) return;
  const shape = broadcastShapes(op, y.shape, other.shape);
  if (!sameShape(shape, y.shape))
    throw new ShapeError(
      `${op}: expected an operand that broadcasts to the destination's shape ${formatShape(y.shape)}, got ${describeTensor(other)}`,
    );
}

/** Checks that a result of dtype `from` can be written into the destination. */
function checkCast(op: string, y: Tensor, from: DType): void {
  if (!canCast(from, y.dtype))
    throw new DtypeError(
      `${op}: expected a result that can be cast to the destination's dtype ${y.dtype}, got result type ${from}`,
    );
}

/**
 * Runs `compute` (the out-of-place op, given the destination's current value) and writes its result into `y`,
 * recording it when grad mode is on and anything involved requires grad. `operands` are the tensor arguments.
 */
function inPlace(y: Tensor, operands: readonly unknown[], compute: (self: Tensor) => Tensor): Tensor {
  const root = y._base ?? y;
  const recording =
    isGradEnabled() &&
    (y.requiresGrad || root.requiresGrad || operands.some((o) => o instanceof Tensor && o.requiresGrad));
  if (!recording) {
    const result = compute(y);
    copyStrided(result.storage === y.storage ? clone(result) : result, y);
    markModified(y);
    return y;
  }
  // The op reads a copy of the old value, so its backward never reads the memory overwritten below.
  const result = cast(compute(clone(withHistory(y))), y.dtype);
  copyStrided(result, y);
  markModified(y);
  if (result.gradFn !== null) {
    if (y._base !== null) rebaseRoot(root, y, result);
    y._gradFn = result.gradFn;
    y._outputIndex = result._outputIndex;
    markRewritten(root, y);
  }
  return y;
}

/** The in-place form of a binary op whose result has the promoted dtype (add_, sub_, mul_): checks, then writes. */
function promotedInPlace(op: string, y: Tensor, other: TensorLike, compute: (self: Tensor) => Tensor): Tensor {
  checkOperand(op, y, other);
  checkCast(op, y, resultType(op, [y, other]));
  return inPlace(y, [other], compute);
}

/** A 0-d true condition: `where(TRUE, value, self)` replaces every value, keeping self in the graph (grad 0). */
const everywhere = (): Tensor => scalarTensor(true, 'bool');

/**
 * In place: x += alpha·other (broadcasting other to x's shape). Returns x.
 * @example `const x = zeros([2]); add_(x, 1); x.toArray(); // [1, 1]`
 */
export function add_(x: Tensor, other: TensorLike, opts?: { alpha?: number }): Tensor {
  const y = checkDestination('add_', x);
  const alpha = alphaOption('add_', opts);
  return promotedInPlace('add_', y, other, (self) => add(self, other, alpha));
}

/**
 * In place: x −= alpha·other. Returns x.
 * @example `const x = ones([2]); sub_(x, 1); x.toArray(); // [0, 0]`
 */
export function sub_(x: Tensor, other: TensorLike, opts?: { alpha?: number }): Tensor {
  const y = checkDestination('sub_', x);
  const alpha = alphaOption('sub_', opts);
  return promotedInPlace('sub_', y, other, (self) => sub(self, other, alpha));
}

/**
 * In place: x ·= other. Returns x.
 * @example `const x = ones([2]); mul_(x, 3); x.toArray(); // [3, 3]`
 */
export function mul_(x: Tensor, other: TensorLike): Tensor {
  return promotedInPlace('mul_', checkDestination('mul_', x), other, (self) => mul(self, other));
}

/**
 * In place: x /= other (true division: an integral x is refused, its result would be floating). Returns x.
 * @example `const x = ones([2]); div_(x, 4); x.toArray(); // [0.25, 0.25]`
 */
export function div_(x: Tensor, other: TensorLike): Tensor {
  const y = checkDestination('div_', x);
  checkOperand('div_', y, other);
  const dtype = resultType('div_', [y, other]);
  checkCast('div_', y, isFloating(dtype) ? dtype : 'float32');
  return inPlace(y, [other], (self) => div(self, other));
}

/**
 * In place: clamps x into [min, max] (either may be omitted). Returns x.
 * @example `const x = tensor([-1, 2]); clamp_(x, 0, 1); x.toArray(); // [0, 1]`
 */
export function clamp_(x: Tensor, min?: TensorLike | null, max?: TensorLike | null): Tensor {
  const y = checkDestination('clamp_', x);
  if (isComplex(y.dtype)) throw new DtypeError(`clamp_: expected a real destination, got ${describeTensor(y)}`);
  if ((min === undefined || min === null) && (max === undefined || max === null))
    throw new DtypeError(`clamp_: expected at least one of min and max, got ${String(min)} and ${String(max)}`);
  for (const bound of [min, max]) if (bound !== null && bound !== undefined) checkOperand('clamp_', y, bound);
  const bounds = [min, max].filter((b): b is TensorLike => b !== null && b !== undefined);
  checkCast('clamp_', y, resultType('clamp_', [y, ...bounds]));
  return inPlace(y, bounds, (self) => clamp(self, min, max));
}

/**
 * In place: every element of x becomes `value` (a number, or a 0-d tensor whose gradient is then collected). Returns x.
 * @example `const x = zeros([2]); fill_(x, 7); x.toArray(); // [7, 7]`
 */
export function fill_(x: Tensor, value: number | boolean | ComplexLike | Tensor): Tensor {
  const y = checkDestination('fill_', x);
  const v = fillValue('fill_', y, value);
  return inPlace(y, [v], (self) => where(everywhere(), v, self));
}

/**
 * In place: x becomes zeros. Returns x.
 * @example `const g = ones([2]); zero_(g); g.toArray(); // [0, 0]`
 */
export function zero_(x: Tensor): Tensor {
  return fill_(checkDestination('zero_', x), 0);
}

/**
 * copy_ under the name of the public op its errors start with (copy_, copyInto, and callers such as nn.init's
 * initializers): copies `src` into `x` in place.
 * @example `copyIntoAs('nn.init.zeros_', w, zerosLike(w));`
 */
export function copyIntoAs(op: string, x: Tensor, src: Tensor): Tensor {
  requireOpName('copyIntoAs', op);
  return copyImpl(op, x, src);
}

/** copy_ and its older spelling copyInto (`op` names the one called in errors). */
function copyImpl(op: string, x: Tensor, src: Tensor): Tensor {
  const y = checkDestination(op, x);
  requireTensor(op, src);
  checkOperand(op, y, src);
  if (isComplex(src.dtype) && !isComplex(y.dtype))
    throw new DtypeError(
      `${op}: expected a real source for the ${y.dtype} destination, got ${describeTensor(src)} (its imaginary part would be lost)`,
    );
  requireInt32Values(op, src, y.dtype); // NaN/±∞/out-of-range into int32: refused under the called op's name
  return inPlace(y, [src], (self) => where(everywhere(), cast(src, y.dtype), self));
}

/**
 * In place: copies `src` into x, broadcasting src to x's shape and converting its dtype (complex into real is refused:
 * the imaginary part would be lost). `src` may overlap x (it is read completely first). Gradients flow to src.
 * @example `const x = zeros([2, 2]); copy_(x, tensor([1, 2])); x.toArray(); // [[1, 2], [1, 2]]`
 */
export function copy_(x: Tensor, src: Tensor): Tensor {
  return copyImpl('copy_', x, src);
}

/**
 * The older spelling of {@link copy_}, with the arguments the other way round: copies `src` into `dst`, returns `dst`.
 * @example `copyInto(tensor([1, 2]), zeros([2])); // same as zeros([2]).copy_(tensor([1, 2]))`
 */
export function copyInto(src: Tensor, dst: Tensor): Tensor {
  if (!(dst instanceof Tensor) || !(src instanceof Tensor))
    throw new DtypeError(`copyInto: expected two tensors, got ${describeValue(src)} and ${describeValue(dst)}`);
  return copyImpl('copyInto', dst, src);
}

/**
 * In place: `value` where the (bool) mask is true; the mask broadcasts to x's shape. Returns x.
 * @example `const x = zeros([3]); maskedFill_(x, tensor([true, false, true]), 1); x.toArray(); // [1, 0, 1]`
 */
export function maskedFill_(x: Tensor, mask: Tensor, value: number | boolean | ComplexLike | Tensor): Tensor {
  const y = checkDestination('maskedFill_', x);
  requireTensor('maskedFill_', mask);
  if (mask.dtype !== 'bool') throw new DtypeError(`maskedFill_: expected a bool mask, got ${describeTensor(mask)}`);
  checkOperand('maskedFill_', y, mask);
  const v = fillValue('maskedFill_', y, value);
  return inPlace(y, [v], (self) => maskedFill(self, mask, v));
}

function requireFloatingDestination(op: string, y: Tensor): void {
  if (!isFloating(y.dtype))
    throw new DtypeError(`${op}: expected a floating point or complex destination, got ${describeTensor(y)}`);
}

function finiteArg(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new DtypeError(`${op}: expected ${name} to be a finite number, got ${describeValue(value)}`);
  return value;
}

/**
 * In place: fills x with normal samples of the given mean and standard deviation (seeded by manualSeed). Returns x.
 * @example `const w = zeros([3]); normal_(w, 0, 0.1);`
 */
export function normal_(x: Tensor, mean = 0, std = 1): Tensor {
  const y = checkDestination('normal_', x);
  requireFloatingDestination('normal_', y);
  finiteArg('normal_', 'mean', mean);
  if (finiteArg('normal_', 'std', std) < 0)
    throw new DtypeError(`normal_: expected a non-negative std, got ${describeValue(std)}`);
  const samples = add(mul(randn(y.shape, { dtype: y.dtype }), std), mean);
  return inPlace(y, [], (self) => where(everywhere(), samples, self));
}

/**
 * In place: fills x with uniform samples in [from, to) (seeded by manualSeed). Returns x.
 * @example `const w = zeros([3]); uniform_(w, -1, 1);`
 */
export function uniform_(x: Tensor, from = 0, to = 1): Tensor {
  const y = checkDestination('uniform_', x);
  requireFloatingDestination('uniform_', y);
  finiteArg('uniform_', 'from', from);
  if (finiteArg('uniform_', 'to', to) < from)
    throw new DtypeError(`uniform_: expected from <= to, got from ${from} and to ${to}`);
  const samples = add(mul(rand(y.shape, { dtype: y.dtype }), to - from), from);
  return inPlace(y, [], (self) => where(everywhere(), samples, self));
}
