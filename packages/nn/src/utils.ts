/** nn.utils: gradient clipping (torch.nn.utils.clip_grad_norm_ / clip_grad_value_). */
import type { Tensor } from '@tapegrad/core';
import { clamp, copyInto, DtypeError, isComplex, noGrad, Tensor as TensorClass } from '@tapegrad/core';
import { copyIterable, describeValue } from '@tapegrad/core/internal';
import { MAX_PARAMETERS } from './checks';

/** Parameters as torch takes them: one tensor or an iterable of tensors. */
export type ParametersInput = Tensor | Iterable<Tensor>;

function gradientsOf(op: string, parameters: unknown): Tensor[] {
  const list =
    parameters instanceof TensorClass ? [parameters] : copyIterable(op, parameters, 'parameters', MAX_PARAMETERS);
  if (list === undefined)
    throw new DtypeError(`${op}: expected a tensor or an iterable of tensors, got ${describeValue(parameters)}`);
  const grads: Tensor[] = [];
  for (const p of list) {
    if (!(p instanceof TensorClass)) throw new DtypeError(`${op}: expected tensors, got ${describeValue(p)}`);
    if (p.grad !== null) grads.push(p.grad);
  }
  return grads;
}

/**
 * The p-norm of all the scalars of `values` (|z| for complex pairs), accumulated with scaling by the largest
 * magnitude so it neither overflows nor underflows (as LAPACK's dnrm2 does for p = 2).
 */
function pNorm(values: ArrayLike<number>, complex: boolean, p: number): number {
  const mags: number[] = [];
  const step = complex ? 2 : 1;
  for (let i = 0; i < values.length; i += step)
    mags.push(complex ? Math.hypot(values[i], values[i + 1]) : Math.abs(values[i]));
  return normOf(mags, p);
}

function normOf(mags: readonly number[], p: number): number {
  let largest = 0;
  for (const m of mags) {
    if (Number.isNaN(m)) return Number.NaN;
    if (m > largest) largest = m;
  }
  if (p === Infinity || largest === 0 || largest === Infinity) return largest;
  let sum = 0;
  for (const m of mags) sum += (m / largest) ** p;
  return largest * sum ** (1 / p);
}

/**
 * Scales all gradients together so that their joint p-norm is at most `maxNorm` (torch.nn.utils.clip_grad_norm_):
 * total = ‖(‖g₁‖, ‖g₂‖, …)‖_p; every gradient is multiplied by min(1, maxNorm/(total + 1e-6)), in place. Returns the
 * total norm before clipping (0 when no parameter has a gradient). With `errorIfNonfinite` a NaN/Inf total norm is a
 * DtypeError and nothing is changed.
 * @example
 * ```ts
 * loss.backward();
 * const norm = nn.utils.clipGradNorm_(model.parameters(), 1.0);
 * opt.step();
 * ```
 */
export function clipGradNorm_(
  parameters: ParametersInput,
  maxNorm: number,
  normType = 2,
  errorIfNonfinite = false,
): number {
  const op = 'nn.utils.clipGradNorm_';
  const grads = gradientsOf(op, parameters);
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0))
    throw new DtypeError(`${op}: expected maxNorm to be a number ≥ 0, got ${describeValue(maxNorm)}`);
  if (typeof normType !== 'number' || !(normType > 0))
    throw new DtypeError(`${op}: expected normType to be a number > 0 or Infinity, got ${describeValue(normType)}`);
  if (typeof errorIfNonfinite !== 'boolean')
    throw new DtypeError(`${op}: expected errorIfNonfinite to be a boolean, got ${describeValue(errorIfNonfinite)}`);
  if (grads.length === 0) return 0;
  const norms = grads.map((g) => pNorm(g.toTypedArray() as ArrayLike<number>, isComplex(g.dtype), normType));
  const total = normOf(norms, normType);
  if (errorIfNonfinite && !Number.isFinite(total))
    throw new DtypeError(
      `${op}: the total norm of order ${normType} for gradients from \`parameters\` is non-finite, so it cannot be clipped (expected a finite norm, got ${total})`,
    );
  const coefficient = Math.min(maxNorm / (total + 1e-6), 1);
  noGrad(() => {
    for (const g of grads) copyInto(g.mul(coefficient), g);
  });
  return total;
}

/**
 * Clamps every gradient element to [−clipValue, clipValue], in place (torch.nn.utils.clip_grad_value_).
 * @example `nn.utils.clipGradValue_(model.parameters(), 0.5);`
 */
export function clipGradValue_(parameters: ParametersInput, clipValue: number): void {
  const op = 'nn.utils.clipGradValue_';
  const grads = gradientsOf(op, parameters);
  if (typeof clipValue !== 'number' || !(clipValue >= 0))
    throw new DtypeError(`${op}: expected clipValue to be a number ≥ 0, got ${describeValue(clipValue)}`);
  for (const g of grads) {
    if (isComplex(g.dtype)) throw new DtypeError(`${op}: expected real gradients, got ${describeValue(g)}`);
  }
  noGrad(() => {
    for (const g of grads) copyInto(clamp(g, -clipValue, clipValue), g);
  });
}
