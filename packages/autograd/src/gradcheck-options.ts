/**
 * The arguments of gradcheck / gradgradcheck: read once (unknown option keys rejected), validated, and resolved
 * (points turned into input lists). Bad arguments are DtypeError / ShapeError; GradcheckError only reports a mismatch.
 */
import type { Tensor } from '@tapegrad/core';
import { DtypeError, isComplex, isFloating, ShapeError, Tensor as TensorClass } from '@tapegrad/core';
import { readOptions } from '@tapegrad/core/internal';
import { describeValue } from './describe';
import { fromComponents } from './gradcheck-jacobian';

/** A value of one input at a user-given point: a tensor, a number (every element), or the elements in order. */
export type PointValue = Tensor | number | readonly number[];

/** Options of {@link gradcheck}. */
export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6; 3e-3 when an input is float32/complex64). */
  eps?: number;
  /** Absolute tolerance (default 1e-5; 1e-3 in single precision). */
  atol?: number;
  /** Relative tolerance (default 1e-3; 1e-2 in single precision). */
  rtol?: number;
  /** Throw GradcheckError on failure (default true); otherwise return false. */
  raiseException?: boolean;
  /**
   * Compare vᵀJu for random unit vectors u, v instead of whole Jacobians (PyTorch's fast mode): 2 evaluations per input
   * and 1 backward per output instead of 2 per input element and 1 per output element. For large inputs; a mismatch
   * is re-checked in full for that output/input pair before it is reported. Default false.
   */
  fastMode?: boolean;
  /** Largest difference allowed between two backward runs with the same input and gradOutput (default 0). */
  nondetTol?: number;
  /** Fail when the gradient of a float64/complex128 input was evidently computed in single precision (default false). */
  checkGradDtypes?: boolean;
  /**
   * More points to check at, each a list with one value per input (a tensor, a number for every element, or the
   * elements in order; inputs with requiresGrad are differentiated at every point). Kinks hide at special points.
   */
  points?: readonly (readonly PointValue[])[];
  /** Seed of fast mode's random directions (and of the column reader's probe); default 0. */
  seed?: number;
  /** Print the whole Jacobians in the failure message instead of an 8×8 window around the worst entry. */
  fullJacobians?: boolean;
}

/** Options of {@link gradgradcheck}. */
export interface GradgradcheckOptions extends GradcheckOptions {
  /** Cotangents for the outputs of fn (default: seeded random tensors). */
  gradOutputs?: Tensor[];
}

/** Validated options; eps/atol/rtol stay undefined when not given (their defaults depend on the inputs' dtype). */
export interface ResolvedOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  raise: boolean;
  fastMode: boolean;
  nondetTol: number;
  checkGradDtypes: boolean;
  points: unknown[][];
  seed: number;
  fullJacobians: boolean;
  gradOutputs?: Tensor[];
}

const KEYS = [
  'eps',
  'atol',
  'rtol',
  'raiseException',
  'fastMode',
  'nondetTol',
  'checkGradDtypes',
  'points',
  'seed',
  'fullJacobians',
] as const;

function number(op: string, name: string, v: unknown, min: number, strict: boolean): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || (strict ? v <= min : v < min))
    throw new DtypeError(
      `${op}: expected ${name} to be a finite number ${strict ? '>' : '≥'} ${min}, got ${describeValue(v)}`,
    );
  return v;
}

function flag(op: string, name: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new DtypeError(`${op}: expected ${name} to be a boolean, got ${describeValue(v)}`);
  return v;
}

/** Checks fn and inputs and reads the options of gradcheck (`withGradOutputs` false) or gradgradcheck. */
export function readGradcheckOptions(
  op: string,
  fn: unknown,
  inputs: unknown,
  opts: unknown,
  withGradOutputs: boolean,
): ResolvedOptions {
  if (typeof fn !== 'function') throw new DtypeError(`${op}: expected a function, got ${describeValue(fn)}`);
  if (!Array.isArray(inputs))
    throw new DtypeError(`${op}: expected an array of input tensors, got ${describeValue(inputs)}`);
  if (!inputs.some((t) => t instanceof TensorClass && t.requiresGrad))
    throw new DtypeError(
      `${op}: expected at least one input tensor with requiresGrad: true, got ${inputs.length === 0 ? 'no inputs' : 'none'}`,
    );
  const o = readOptions(op, opts, withGradOutputs ? [...KEYS, 'gradOutputs'] : KEYS);
  const seed = number(op, 'seed', o.seed, Number.NEGATIVE_INFINITY, false) ?? 0;
  if (!Number.isInteger(seed))
    throw new DtypeError(`${op}: expected seed to be an integer, got ${describeValue(seed)}`);
  const resolved: ResolvedOptions = {
    eps: number(op, 'eps', o.eps, 0, true),
    atol: number(op, 'atol', o.atol, 0, false),
    rtol: number(op, 'rtol', o.rtol, 0, false),
    raise: flag(op, 'raiseException', o.raiseException, true),
    fastMode: flag(op, 'fastMode', o.fastMode, false),
    nondetTol: number(op, 'nondetTol', o.nondetTol, 0, false) ?? 0,
    checkGradDtypes: flag(op, 'checkGradDtypes', o.checkGradDtypes, false),
    points: resolvePoints(op, o.points, inputs),
    seed,
    fullJacobians: flag(op, 'fullJacobians', o.fullJacobians, false),
  };
  if (o.gradOutputs !== undefined) {
    if (!Array.isArray(o.gradOutputs))
      throw new DtypeError(
        `${op}: expected gradOutputs to be an array of tensors, got ${describeValue(o.gradOutputs)}`,
      );
    o.gradOutputs.forEach((g: unknown, i) => {
      if (!(g instanceof TensorClass))
        throw new DtypeError(`${op}: expected gradOutputs[${i}] to be a Tensor, got ${describeValue(g)}`);
    });
    resolved.gradOutputs = [...o.gradOutputs];
  }
  return resolved;
}

/** Turns `points` into lists of inputs with the requiresGrad pattern of `inputs`. */
function resolvePoints(op: string, points: unknown, inputs: unknown[]): unknown[][] {
  if (points === undefined) return [];
  if (!Array.isArray(points))
    throw new DtypeError(`${op}: expected points to be an array of input lists, got ${describeValue(points)}`);
  return points.map((point: unknown, p) => {
    if (!Array.isArray(point))
      throw new DtypeError(
        `${op}: expected points[${p}] to be an array with one value per input, got ${describeValue(point)}`,
      );
    if (point.length !== inputs.length)
      throw new ShapeError(
        `${op}: expected points[${p}] to have one value per input (${inputs.length}), got ${point.length} values`,
      );
    return point.map((value: unknown, i) => pointValue(op, `points[${p}][${i}]`, value, inputs[i]));
  });
}

function pointValue(op: string, where: string, value: unknown, input: unknown): unknown {
  if (!(input instanceof TensorClass)) return value; // a non-tensor argument is passed through, as at the inputs
  const differentiated = input.requiresGrad;
  if (value instanceof TensorClass) {
    if (differentiated && !isFloating(value.dtype))
      throw new DtypeError(
        `${op}: expected ${where} to be a floating-point tensor (its input is differentiated), got ${value.dtype}`,
      );
    const t = value.detach();
    return differentiated ? t.requiresGrad_(true) : t;
  }
  const values = typeof value === 'number' ? new Array<number>(input.size).fill(value) : value;
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'number'))
    throw new DtypeError(
      `${op}: expected ${where} to be a Tensor, a number or an array of numbers, got ${describeValue(value)}`,
    );
  if (values.length !== input.size)
    throw new ShapeError(
      `${op}: expected ${where} to hold ${input.size} numbers (the elements of input of shape [${input.shape.join(', ')}]), got ${values.length}`,
    );
  const complex = isComplex(input.dtype);
  const data = new Float64Array(complex ? 2 * values.length : values.length);
  values.forEach((v: number, j: number) => {
    data[complex ? 2 * j : j] = v;
  });
  return fromComponents(data, input, differentiated);
}
