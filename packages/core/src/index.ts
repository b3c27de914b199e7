/**
 * @tapegrad/core — tensors, dtypes, broadcasting, kernels and ops. Importing it has no side effects.
 * Gradients need the autograd engine: import `tapegrad` or `@tapegrad/autograd` (this package alone records nothing).
 * Plumbing for sibling packages (the tape hook, raw kernels, allocation) is in `@tapegrad/core/internal`, which is
 * not part of the public API and may change in any release.
 * @packageDocumentation
 * @module @tapegrad/core
 */

export type { BackwardOptions, GradNode } from './dispatch';
export { enableGrad, isGradEnabled, noGrad, setGradEnabled } from './dispatch';
export type { ComplexLike, DType, FloatDType, Storage } from './dtype';
export {
  epsOf,
  getDefaultDtype,
  isComplex,
  isFloating,
  promoteTypes,
  setDefaultDtype,
} from './dtype';
export type {
  Accumulated,
  ComplexDType,
  DataDType,
  DtypeOption,
  FloatOf,
  GradOf,
  ItemOf,
  NoDtype,
  Promote,
  RealDType,
  RealOf,
  ScalarDType,
  WithOperand,
  WithScalar,
} from './dtype-types';
export {
  AutogradError,
  DtypeError,
  GradcheckError,
  LinalgError,
  ShapeError,
  TapegradError,
  TapegradWarningError,
} from './errors';
export type { GradcheckEntry, GradcheckReport } from './gradcheck-report';
export type { MathjsLike } from './interop';
export { fromMathjs, toMathjs } from './interop';
export type { NamedTuple, ValuesIndices } from './named-tuple';
export { cast, complex, imag, real } from './ops/complex';
export * from './ops/composite';
export type { CreationOptions, TensorData, TensorOptions } from './ops/creation';
export {
  arange,
  eye,
  full,
  fullLike,
  linspace,
  ones,
  onesLike,
  rand,
  randint,
  randLike,
  randn,
  randnLike,
  randperm,
  tensor,
  zeros,
  zerosLike,
} from './ops/creation';
export type { BincountOptions, SearchsortedOptions, UniqueOptions, UniqueResult } from './ops/discrete';
export { bincount, MAX_BINS, nonzero, searchsorted, unique } from './ops/discrete';
export { cdist } from './ops/distance';
export { einsum } from './ops/einsum';
export {
  abs,
  acos,
  acosh,
  add,
  angle,
  asin,
  asinh,
  atan,
  atan2,
  atanh,
  ceil,
  conj,
  cos,
  cosh,
  div,
  eq,
  erf,
  erfinv,
  exp,
  expm1,
  floor,
  fmod,
  frac,
  ge,
  gt,
  hypot,
  isfinite,
  isinf,
  isnan,
  isneginf,
  isposinf,
  le,
  lgamma,
  log,
  log1p,
  log2,
  log10,
  logicalAnd,
  logicalNot,
  logicalOr,
  lt,
  maximum,
  minimum,
  mul,
  ne,
  neg,
  pow,
  relu,
  remainder,
  round,
  sigmoid,
  sign,
  sin,
  sinh,
  sqrt,
  sub,
  tan,
  tanh,
  trunc,
  where,
} from './ops/elementwise';
export * from './ops/indexing';
export {
  add_,
  clamp_,
  copy_,
  copyInto,
  div_,
  fill_,
  maskedFill_,
  mul_,
  normal_,
  sub_,
  uniform_,
  zero_,
} from './ops/inplace';
export type { NanToNumOptions } from './ops/masking';
export { maskedFill, maskedSelect, nanToNum } from './ops/masking';
export { bmm, dot, matmul, mm, mv, outer } from './ops/matmul';
export {
  broadcastTo,
  cat,
  chunk,
  clone,
  contiguous,
  diagonal,
  expand,
  flatten,
  narrow,
  permute,
  reshape,
  select,
  slice,
  split,
  squeeze,
  stack,
  t,
  transpose,
  unsqueeze,
  view,
} from './ops/movement';
export { addcdiv, addcmul, lerp, logaddexp, logit } from './ops/pointwise-composite';
export {
  all,
  amax,
  amin,
  any,
  argmax,
  argmin,
  max,
  mean,
  min,
  prod,
  std,
  sum,
  variance as var,
} from './ops/reduce';
export { multinomial } from './ops/sampling';
export { cumprod, cumsum } from './ops/scan';
export { argsort, kthvalue, median, sort, topk } from './ops/sorting';
export { digamma, polygamma, xlogy } from './ops/special';
export type { MeshgridOptions } from './ops/stacking';
export { columnStack, dstack, hstack, meshgrid, vstack } from './ops/stacking';
export { kron, tensordot } from './ops/tensordot';
export { repeat, roll, tile } from './ops/tiling';
export type { PrimitiveAttrs, PrimitiveName } from './primitives';
export { manualSeed } from './random';
export type { GradHook, NestedArray, TensorLike } from './tensor';
export { Tensor } from './tensor';
export { getNumThreads, setNumThreads } from './threads/pool';
export * as warnings from './warnings';
