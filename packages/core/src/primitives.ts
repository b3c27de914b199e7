/**
 * The closed set of primitive ops of core. Every public op either is one of these or is written in terms of public
 * ops (composites), so autograd needs exactly one rule per primitive (checked by the compiler in autograd's rule
 * table, which also says which are differentiable and what each backward reads). Non-differentiable inputs
 * (indices, conditions) travel in the attributes.
 */
import type { DType } from './dtype';
import type { Tensor } from './tensor';

type None = Record<string, never>;

/** Attributes recorded with each primitive, by name. */
export interface PrimitiveAttrs {
  // unary elementwise
  neg: None;
  exp: None;
  log: None;
  log1p: None;
  expm1: None;
  log2: None;
  log10: None;
  sin: None;
  cos: None;
  tanh: None;
  sigmoid: None;
  softplus: None;
  sqrt: None;
  abs: None;
  sign: None;
  conj: None;
  relu: None;
  erf: None;
  angle: None;
  floor: None;
  ceil: None;
  round: None;
  trunc: None;
  tan: None;
  asin: None;
  acos: None;
  atan: None;
  sinh: None;
  cosh: None;
  asinh: None;
  acosh: None;
  atanh: None;
  erfinv: None;
  lgamma: None;
  polygamma: { n: number };
  // binary elementwise (broadcasting; gradients are summed back to input shapes by the engine)
  add: None;
  sub: None;
  mul: None;
  div: None;
  pow: None;
  maximum: None;
  minimum: None;
  atan2: None;
  hypot: None;
  fmod: None;
  remainder: None;
  where: { condition: Tensor };
  // reductions
  sum: { dims: number[]; keepdim: boolean };
  prod: { dims: number[]; keepdim: boolean };
  // scans along one dim
  cumsum: { dim: number };
  cumprod: { dim: number };
  // linear algebra
  matmul: None;
  // views
  reshape: { shape: number[] };
  permute: { dims: number[] };
  expand: { shape: number[] };
  slice: { dim: number; start: number; step: number; length: number };
  diagonal: { offset: number; dim1: number; dim2: number };
  real: None;
  imag: None;
  // copies
  copy: None;
  cast: { dtype: DType };
  complex: None;
  cat: { dim: number };
  sliceScatter: { shape: number[]; dim: number; start: number; step: number };
  diagonalScatter: { shape: number[]; offset: number; dim1: number; dim2: number };
  gather: { dim: number; index: Tensor };
  scatterAdd: { dim: number; index: Tensor };
  triu: { diagonal: number };
  tril: { diagonal: number };
  // non-differentiable (outputs are bool/int32 and never recorded)
  eq: None;
  ne: None;
  lt: None;
  le: None;
  gt: None;
  ge: None;
  isfinite: None;
  isnan: None;
  logicalNot: None;
  logicalAnd: None;
  logicalOr: None;
  argmax: None;
  argmin: None;
}

/** Names of core's primitive ops (the keys of {@link PrimitiveAttrs}). */
export type PrimitiveName = keyof PrimitiveAttrs;
