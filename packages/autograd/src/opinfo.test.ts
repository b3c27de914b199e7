/**
 * OpInfo-style table (after PyTorch's common_methods_invocations): every differentiable public op of core runs
 * gradcheck and gradgradcheck with the default tolerances (eps 1e-6, atol 1e-5, rtol 1e-3) in float64 and, where the
 * op is defined for complex numbers, complex128 — on contiguous inputs, on non-contiguous views (transposed matrices,
 * step-2 slices otherwise) and on inputs that broadcast against each other (a single input is broadcast by expand). Inputs are seeded and kept away from the
 * points where an op is not differentiable (ties of max/min, zeros of abs/relu/sqrt/sign, branch cuts).
 */

import {
  add,
  atan2,
  bincount,
  cat,
  cdist,
  chunk,
  clamp,
  columnStack,
  complex,
  cumprod,
  cumsum,
  diag,
  diagEmbed,
  digamma,
  div,
  dot,
  dstack,
  einsum,
  eq,
  expand,
  flip,
  gather,
  hstack,
  isFloating,
  kron,
  log10,
  logSoftmax,
  logsumexp,
  maskedFill,
  maskedSelect,
  matmul,
  maximum,
  meshgrid,
  minimum,
  mm,
  noGrad,
  outer,
  polygamma,
  pow,
  prod,
  roll,
  scatterAdd,
  softmax,
  sort,
  split,
  stack,
  sub,
  Tensor,
  tensor,
  tensordot,
  tile,
  topk,
  trace,
  vstack,
  where,
  xlogy,
} from '@tapegrad/core';
import { OPS as FORWARD_OPS } from '@tapegrad/testing/opinfo';
import { lcg } from '@tapegrad/testing/random';
import { tensorOf } from '@tapegrad/testing/reference';
import { sampleData, type ValueKind } from '@tapegrad/testing/tensors';
import { describe, expect, it } from 'vitest';
import { gradcheck, gradgradcheck } from './index';

type Dtype = 'float64' | 'complex128';
type OpFn = (...xs: Tensor[]) => Tensor | Tensor[];

/** One differentiable input of an op: its (logical) shape, the values it needs, or fixed values. */
interface ArgSpec {
  shape: readonly number[];
  kind?: ValueKind;
  /** Fixed values (float64 only; the complex variant uses them as real parts with small imaginary parts). */
  values?: readonly number[];
  /** Stays float64 in the complex128 variant (mixed real/complex inputs). */
  real?: boolean;
}

/** One row of the table. */
interface OpEntry {
  name: string;
  fn: OpFn;
  args: readonly ArgSpec[];
  /** Shapes of the inputs for the broadcasting variant; a single input is broadcast to `args[0].shape` first. */
  broadcast?: readonly (readonly number[])[];
  /** Dtypes to check (default float64 only). */
  dtypes?: readonly Dtype[];
}

const R: readonly Dtype[] = ['float64'];
const RC: readonly Dtype[] = ['float64', 'complex128'];
const C: readonly Dtype[] = ['complex128'];

const M = [2, 3] as const;
const V = [3] as const;
const unary = (name: string, fn: OpFn, dtypes: readonly Dtype[], kind: ValueKind = 'any'): OpEntry => ({
  name,
  fn,
  args: [{ shape: M, kind }],
  broadcast: [[1, 3]],
  dtypes,
});
const binary = (name: string, fn: OpFn, dtypes: readonly Dtype[], kinds: [ValueKind, ValueKind] = ['any', 'any']) => ({
  name,
  fn,
  args: [
    { shape: M, kind: kinds[0] },
    { shape: M, kind: kinds[1] },
  ],
  broadcast: [[2, 3], [3]],
  dtypes,
});

const idx = (data: readonly number[], shape: readonly number[]): Tensor =>
  tensor(Int32Array.from(data), { shape: [...shape] });
const cond23 = tensor([
  [true, false, true],
  [false, false, true],
]);

export const OPS: readonly OpEntry[] = [
  // ---- elementwise binary ----
  binary('add', (a, b) => a.add(b), RC),
  binary('add(alpha=2)', (a, b) => add(a, b, { alpha: 2 }), RC),
  binary('sub', (a, b) => a.sub(b), RC),
  binary('sub(alpha=-3)', (a, b) => sub(a, b, { alpha: -3 }), RC),
  binary('mul', (a, b) => a.mul(b), RC),
  {
    name: 'mul(real, complex)',
    fn: (a, b) => a.mul(b),
    args: [
      { shape: M, real: true },
      { shape: M, kind: 'any' },
    ],
    broadcast: [[3], [2, 3]],
    dtypes: C,
  },
  binary('div', (a, b) => a.div(b), RC),
  binary('pow(tensor, tensor)', (a, b) => a.pow(b), RC, ['pos', 'any']),
  unary('pow(x, 3)', (a) => a.pow(3), RC),
  unary('pow(x, 2.5)', (a) => a.pow(2.5), RC, 'pos'),
  unary('pow(x, -1.5)', (a) => pow(a, -1.5), RC, 'pos'),
  unary('pow(2, x)', (a) => pow(2, a), RC),
  binary('maximum', (a, b) => maximum(a, b), R),
  binary('minimum', (a, b) => minimum(a, b), R),
  binary('atan2', (a, b) => atan2(a, b), R),
  {
    name: 'where',
    fn: (a, b) => where(cond23, a, b),
    args: [{ shape: M }, { shape: M }],
    broadcast: [[3], [2, 1]],
    dtypes: RC,
  },
  {
    name: 'clamp(tensor bounds)',
    fn: (x, lo, hi) => clamp(x, lo, hi),
    args: [
      { shape: M, values: [-1.2, -0.1, 0.4, 1.3, 0.05, -0.6] },
      { shape: M, values: [-0.5, -0.5, -0.5, -0.3, -0.3, -0.3] },
      { shape: M, values: [0.6, 0.6, 0.6, 0.9, 0.9, 0.9] },
    ],
    broadcast: [
      [2, 3],
      [2, 1],
      [2, 1],
    ],
  },
  // ---- elementwise unary ----
  unary('neg', (a) => a.neg(), RC),
  unary('square', (a) => a.square(), RC),
  unary('sqrt', (a) => a.sqrt(), RC, 'pos'),
  unary('rsqrt', (a) => a.rsqrt(), RC, 'pos'),
  unary('exp', (a) => a.exp(), RC),
  unary('log', (a) => a.log(), RC, 'pos'),
  unary('log1p', (a) => a.log1p(), RC, 'pos'),
  unary('abs', (a) => a.abs(), RC),
  unary('sign', (a) => a.sign(), RC),
  unary('conj', (a) => a.conj(), RC),
  unary('reciprocal', (a) => a.reciprocal(), RC),
  unary('clamp(min, max)', (a) => a.clamp(-0.75, 0.75), R),
  unary('clamp(min)', (a) => a.clamp(-0.75), R),
  unary('clamp(max)', (a) => a.clamp(null, 0.75), R),
  unary('sin', (a) => a.sin(), RC),
  unary('cos', (a) => a.cos(), RC),
  unary('tanh', (a) => a.tanh(), RC),
  unary('sigmoid', (a) => a.sigmoid(), RC),
  unary('relu', (a) => a.relu(), R),
  unary('gelu', (a) => a.gelu(), R),
  unary("gelu(approximate='tanh')", (a) => a.gelu({ approximate: 'tanh' }), R),
  unary('softplus', (a) => a.softplus(), R),
  unary('softplus(beta=2)', (a) => a.softplus({ beta: 2 }), R),
  unary('softplus(threshold=0.5)', (a) => a.softplus({ threshold: 0.5 }), R),
  unary('erf', (a) => a.erf(), R),
  unary('angle', (a) => a.angle(), RC),
  { name: 'real', fn: (a) => a.real, args: [{ shape: M }], broadcast: [[1, 3]], dtypes: RC },
  { name: 'imag', fn: (a) => a.imag, args: [{ shape: M }], broadcast: [[1, 3]], dtypes: C },
  {
    name: 'complex(re, im)',
    fn: (re, im) => complex(re, im),
    args: [{ shape: M }, { shape: M }],
    broadcast: [[3], [2, 1]],
  },
  unary("to('complex128')", (a) => a.to('complex128'), R),
  unary("to('float64') of complex", (a) => a.to('float64'), C),
  unary('clone', (a) => a.clone(), RC),
  // ---- softmax family ----
  unary('softmax(dim=1)', (a) => softmax(a, 1), R),
  unary('softmax(dim=0)', (a) => a.softmax(0), R),
  unary('logSoftmax(dim=1)', (a) => logSoftmax(a, 1), R),
  unary('logSoftmax(dim=0)', (a) => a.logSoftmax(0), R),
  unary('logsumexp(dim=1)', (a) => logsumexp(a, 1), R),
  unary('logsumexp(all)', (a) => a.logsumexp(), R),
  unary('logsumexp(dim=0, keepdim)', (a) => a.logsumexp(0, true), R),
  // ---- reductions ----
  unary('sum', (a) => a.sum(), RC),
  unary('sum(dim=1)', (a) => a.sum(1), RC),
  unary('sum(dims=[0, 1], keepdim)', (a) => a.sum([0, 1], true), RC),
  unary('mean', (a) => a.mean(), RC),
  unary('mean(dim=0, keepdim)', (a) => a.mean(0, true), RC),
  unary('prod', (a) => a.prod(), RC),
  unary('prod(dim=1)', (a) => a.prod(1), RC),
  unary('prod(dim=0, keepdim)', (a) => prod(a, 0, true), RC),
  {
    name: 'prod with one zero',
    fn: (a) => a.prod(),
    args: [{ shape: M, values: [0.7, -1.2, 0, 0.9, 1.1, -0.8] }],
    dtypes: RC,
  },
  {
    name: 'prod(dim=1) with zeros',
    fn: (a) => a.prod(1),
    args: [{ shape: M, values: [0.7, 0, 1.3, 0, 1.1, 0] }],
    dtypes: RC,
  },
  {
    name: 'prod(dim=0) with zeros',
    fn: (a) => a.prod(0),
    args: [{ shape: [3, 2], values: [0, 1.2, 0.5, 0, -0.9, 0] }],
    dtypes: RC,
  },
  unary('max', (a) => a.max(), R),
  unary('max(dim=1)', (a) => a.max(1).values, R),
  unary('max(dim=0, keepdim)', (a) => a.max(0, true).values, R),
  unary('min', (a) => a.min(), R),
  unary('min(dim=1)', (a) => a.min(1).values, R),
  unary('amax', (a) => a.amax(), R),
  unary('amax(dim=1)', (a) => a.amax(1), R),
  unary('amax(dims=[0, 1], keepdim)', (a) => a.amax([0, 1], true), R),
  unary('amin', (a) => a.amin(), R),
  unary('amin(dim=0)', (a) => a.amin(0), R),
  unary('var', (a) => a.var(), RC),
  unary('var(dim=1)', (a) => a.var(1), RC),
  unary('var(dim=0, correction=0, keepdim)', (a) => a.var(0, { correction: 0, keepdim: true }), RC),
  unary('std', (a) => a.std(), RC),
  unary('std(dim=1)', (a) => a.std(1), RC),
  // ---- products ----
  {
    name: 'matmul',
    fn: (a, b) => matmul(a, b),
    args: [{ shape: [2, 3] }, { shape: [3, 2] }],
    dtypes: RC,
  },
  {
    name: 'matmul(batched)',
    fn: (a, b) => a.matmul(b),
    args: [{ shape: [2, 2, 2] }, { shape: [2, 2, 2] }],
    broadcast: [
      [2, 2, 2],
      [2, 2],
    ],
    dtypes: RC,
  },
  {
    name: 'matmul(broadcast batch)',
    fn: (a, b) => a.matmul(b),
    args: [{ shape: [2, 1, 2, 2] }, { shape: [3, 2, 1] }],
    dtypes: RC,
  },
  { name: 'matmul(1-D, 1-D)', fn: (a, b) => a.matmul(b), args: [{ shape: [3] }, { shape: [3] }], dtypes: RC },
  { name: 'matmul(1-D, 2-D)', fn: (a, b) => a.matmul(b), args: [{ shape: [3] }, { shape: [3, 2] }], dtypes: RC },
  { name: 'matmul(2-D, 1-D)', fn: (a, b) => a.matmul(b), args: [{ shape: [2, 3] }, { shape: [3] }], dtypes: RC },
  {
    name: 'matmul(1-D, 3-D)',
    fn: (a, b) => a.matmul(b),
    args: [{ shape: [2] }, { shape: [2, 2, 2] }],
    dtypes: RC,
  },
  { name: 'dot', fn: (a, b) => dot(a, b), args: [{ shape: V }, { shape: V }], dtypes: RC },
  { name: 'outer', fn: (a, b) => outer(a, b), args: [{ shape: V }, { shape: [2] }], dtypes: RC },
  // ---- shapes and views ----
  unary('reshape', (a) => a.reshape([3, 2]), RC),
  unary('reshape(-1)', (a) => a.reshape(-1), RC),
  { name: 'view', fn: (a) => a.contiguous().view([6]), args: [{ shape: M }], broadcast: [[1, 3]], dtypes: RC },
  unary('flatten', (a) => a.flatten(), RC),
  {
    name: 'flatten(1, 2)',
    fn: (a) => a.flatten(1, 2),
    args: [{ shape: [1, 2, 3] }],
    broadcast: [[1, 1, 3]],
    dtypes: RC,
  },
  { name: 'squeeze', fn: (a) => a.squeeze(), args: [{ shape: [2, 1, 3] }], broadcast: [[1, 1, 3]], dtypes: RC },
  { name: 'squeeze(dim=1)', fn: (a) => a.squeeze(1), args: [{ shape: [2, 1, 3] }], dtypes: RC },
  unary('unsqueeze(1)', (a) => a.unsqueeze(1), RC),
  unary('unsqueeze(-1)', (a) => a.unsqueeze(-1), RC),
  unary('transpose', (a) => a.transpose(0, 1), RC),
  unary('T', (a) => a.T, RC),
  unary('Tensor.mT', (a) => a.mT, RC),
  unary('mH', (a) => a.mH, RC),
  { name: 'permute(3-D)', fn: (a) => a.permute([1, 2, 0]), args: [{ shape: [2, 3, 2] }], dtypes: RC },
  unary('contiguous', (a) => a.contiguous(), RC),
  {
    name: 'permute',
    fn: (a) => a.permute([2, 0, 1]),
    args: [{ shape: [2, 1, 3] }],
    broadcast: [[1, 3]],
    dtypes: RC,
  },
  { name: 'expand', fn: (a) => a.expand([2, 3]), args: [{ shape: [1, 3] }], dtypes: RC },
  { name: 'expand(new dims, -1)', fn: (a) => expand(a, [2, 2, -1]), args: [{ shape: [2, 1] }], dtypes: RC },
  { name: 'broadcastTo', fn: (a) => a.broadcastTo([2, 3, 2]), args: [{ shape: [3, 1] }], dtypes: RC },
  { name: 'cat(dim=0)', fn: (a, b) => cat([a, b], 0), args: [{ shape: [1, 3] }, { shape: M }], dtypes: RC },
  { name: 'cat(dim=1)', fn: (a, b) => cat([a, b], 1), args: [{ shape: M }, { shape: [2, 1] }], dtypes: RC },
  {
    name: 'cat(float64, complex128)',
    fn: (a, b) => cat([a, b], 0),
    args: [{ shape: M, real: true }, { shape: M }],
    dtypes: C,
  },
  { name: 'stack', fn: (a, b) => stack([a, b]), args: [{ shape: M }, { shape: M }], dtypes: RC },
  { name: 'stack(dim=-1)', fn: (a, b) => stack([a, b], -1), args: [{ shape: V }, { shape: V }], dtypes: RC },
  unary('split(2, dim=1)', (a) => split(a, 2, 1), RC),
  { name: 'split([1, 2])', fn: (a) => a.split([1, 2], 0), args: [{ shape: [3, 2] }], dtypes: RC },
  unary('chunk(3, dim=1)', (a) => chunk(a, 3, 1), RC),
  unary('narrow', (a) => a.narrow(1, 1, 2), RC),
  unary('select', (a) => a.select(1, -1), RC),
  unary('slice(step=2)', (a) => a.slice(1, 0, 3, 2), RC),
  { name: 'slice(start, step)', fn: (a) => a.slice(0, 1, undefined, 2), args: [{ shape: [5] }], dtypes: RC },
  unary('indexSelect', (a) => a.indexSelect(1, [2, 0, 2]), RC),
  unary('gather', (a) => gather(a, 1, idx([0, 2, 2, 1], [2, 2])), RC),
  {
    name: 'scatterAdd',
    fn: (x, src) => scatterAdd(x, 0, idx([1, 0, 1, 1, 1, 0], [2, 3]), src),
    args: [{ shape: M }, { shape: M }],
    dtypes: RC,
  },
  { name: 'diag(1-D)', fn: (a) => diag(a), args: [{ shape: V }], dtypes: RC },
  { name: 'diag(1-D, offset=1)', fn: (a) => a.diag(1), args: [{ shape: [2] }], dtypes: RC },
  { name: 'diag(2-D)', fn: (a) => a.diag(), args: [{ shape: [3, 3] }], dtypes: RC },
  { name: 'diag(2-D, offset=-1)', fn: (a) => diag(a, -1), args: [{ shape: [3, 2] }], dtypes: RC },
  { name: 'diagEmbed', fn: (a) => diagEmbed(a), args: [{ shape: [2, 2] }], dtypes: RC },
  { name: 'diagEmbed(offset=1, 0, 2)', fn: (a) => a.diagEmbed(1, 0, 2), args: [{ shape: [2, 2] }], dtypes: RC },
  unary('diagonal', (a) => a.diagonal(), RC),
  { name: 'diagonal(1, 0, 2)', fn: (a) => a.diagonal(1, 0, 2), args: [{ shape: [2, 2, 3] }], dtypes: RC },
  unary('triu', (a) => a.triu(), RC),
  unary('triu(1)', (a) => a.triu(1), RC),
  unary('tril', (a) => a.tril(), RC),
  { name: 'tril(-1) batched', fn: (a) => a.tril(-1), args: [{ shape: [2, 2, 3] }], dtypes: RC },
  { name: 'trace', fn: (a) => trace(a), args: [{ shape: [3, 3] }], dtypes: RC },
  unary('flip', (a) => flip(a, 1), RC),
  unary('flip(dims=[0, 1])', (a) => a.flip([0, 1]), RC),
  // ---- PyTorch-parity ops (issue 13) ----
  unary('expm1', (a) => a.expm1(), RC),
  // Rounding (zero gradient, away from the jumps: the samples are never within a step of an integer) and the real-only
  // trig/hyperbolic functions; domains are reached by an affine map so the samples stay inside them.
  unary('floor', (a) => a.floor(), R),
  unary('ceil', (a) => a.ceil(), R),
  unary('round', (a) => a.round(), R),
  unary('round(decimals=1)', (a) => a.round({ decimals: 1 }), R),
  unary('trunc', (a) => a.trunc(), R),
  unary('frac', (a) => a.frac(), R),
  unary('tan', (a) => a.tan(), R),
  unary('asin', (a) => a.mul(0.6).asin(), R),
  unary('acos', (a) => a.mul(0.6).acos(), R),
  unary('atan', (a) => a.atan(), R),
  unary('sinh', (a) => a.sinh(), R),
  unary('cosh', (a) => a.cosh(), R),
  unary('asinh', (a) => a.asinh(), R),
  unary('asinh(large)', (a) => a.mul(3).asinh(), R),
  unary('acosh', (a) => a.add(1).acosh(), R, 'pos'),
  unary('atanh', (a) => a.mul(0.6).atanh(), R),
  binary('hypot', (a, b) => a.hypot(b), R),
  binary('fmod', (a, b) => a.fmod(b), R, ['any', 'pos']),
  binary('remainder', (a, b) => a.remainder(b), R, ['any', 'pos']),
  binary('logaddexp', (a, b) => a.logaddexp(b), R),
  unary('logit', (a) => a.mul(0.3).add(0.5).logit(), R),
  unary('logit(eps=0.3)', (a) => a.mul(0.3).add(0.5).logit(0.3), R),
  {
    name: 'lerp(tensor weight)',
    fn: (a, b, w) => a.lerp(b, w),
    args: [{ shape: M }, { shape: M }, { shape: M }],
    broadcast: [[2, 3], [3], [1, 3]],
    dtypes: R,
  },
  binary('lerp(0.75)', (a, b) => a.lerp(b, 0.75), R),
  {
    name: 'addcmul(value=0.5)',
    fn: (a, b, c) => a.addcmul(b, c, { value: 0.5 }),
    args: [{ shape: M }, { shape: M }, { shape: M }],
    broadcast: [[2, 3], [3], [1, 3]],
    dtypes: RC,
  },
  {
    name: 'addcdiv(value=2)',
    fn: (a, b, c) => a.addcdiv(b, c, { value: 2 }),
    args: [{ shape: M }, { shape: M }, { shape: M, kind: 'pos' }],
    broadcast: [[2, 3], [3], [1, 3]],
    dtypes: RC,
  },
  unary('log2', (a) => a.log2(), RC, 'pos'),
  unary('log10', (a) => log10(a), RC, 'pos'),
  unary('cumsum(dim=1)', (a) => a.cumsum(1), RC),
  unary('cumsum(dim=0)', (a) => cumsum(a, 0), RC),
  unary('cumprod(dim=1)', (a) => a.cumprod(1), RC),
  {
    name: 'cumprod(dim=1) with zeros',
    fn: (a) => cumprod(a, 1),
    args: [{ shape: [2, 4], values: [0.7, 0, 1.3, -0.9, 0, 1.1, 0, 0.8] }],
    dtypes: RC,
  },
  {
    name: 'cumprod(dim=0) with a zero',
    fn: (a) => a.cumprod(0),
    args: [{ shape: [3], values: [1.2, 0, -0.7] }],
    dtypes: RC,
  },
  unary('sort(dim=1).values', (a) => a.sort(1).values, R),
  unary('sort(dim=0, descending)', (a) => sort(a, 0, true)[0], R),
  unary('topk(2)', (a) => topk(a, 2).values, R),
  unary('topk(1, dim=0, smallest)', (a) => a.topk(1, 0, false).values, R),
  unary('maskedFill', (a) => a.maskedFill(cond23, 0.5), RC),
  {
    name: 'maskedFill(0-d tensor value)',
    fn: (a, v) => maskedFill(a, cond23, v),
    args: [{ shape: M }, { shape: [] }],
    dtypes: RC,
  },
  unary('maskedSelect', (a) => maskedSelect(a, cond23), RC),
  unary('nanToNum', (a) => a.nanToNum(), RC),
  unary('roll(1)', (a) => a.roll(1), RC),
  unary('roll([1, -1], [0, 1])', (a) => roll(a, [1, -1], [0, 1]), RC),
  unary('repeat(2, 1, 2)', (a) => a.repeat(2, 1, 2), RC),
  unary('tile([2])', (a) => tile(a, [2]), RC),
  { name: 'mm', fn: (a, b) => mm(a, b), args: [{ shape: [2, 3] }, { shape: [3, 2] }], dtypes: RC },
  { name: 'bmm', fn: (a, b) => a.bmm(b), args: [{ shape: [2, 2, 3] }, { shape: [2, 3, 2] }], dtypes: RC },
  { name: 'mv', fn: (a, b) => a.mv(b), args: [{ shape: [2, 3] }, { shape: [3] }], dtypes: RC },
  unary('t', (a) => a.t(), RC),
  {
    name: "einsum('ij,jk->ik')",
    fn: (a, b) => einsum('ij,jk->ik', a, b),
    args: [{ shape: M }, { shape: [3, 2] }],
    dtypes: RC,
  },
  { name: "einsum('ii->i')", fn: (a) => einsum('ii->i', a), args: [{ shape: [3, 3] }], dtypes: RC },
  { name: "einsum('ii')", fn: (a) => einsum('ii', a), args: [{ shape: [3, 3] }], dtypes: RC },
  { name: "einsum('ij->ji')", fn: (a) => einsum('ij->ji', a), args: [{ shape: M }], dtypes: RC },
  { name: "einsum('i,i->')", fn: (a, b) => einsum('i,i->', a, b), args: [{ shape: V }, { shape: V }], dtypes: RC },
  {
    name: "einsum('i,j->ij')",
    fn: (a, b) => einsum('i,j->ij', a, b),
    args: [{ shape: V }, { shape: [2] }],
    dtypes: RC,
  },
  {
    name: "einsum('...ij,...jk')",
    fn: (a, b) => einsum('...ij,...jk', a, b),
    args: [{ shape: [2, 1, 2, 3] }, { shape: [2, 3, 2] }],
    dtypes: RC,
  },
  {
    name: "einsum('bij,bjk,bkl->bil')",
    fn: (a, b, c) => einsum('bij,bjk,bkl->bil', [a, b, c]),
    args: [{ shape: [2, 2, 3] }, { shape: [2, 3, 2] }, { shape: [2, 2, 2] }],
    dtypes: RC,
  },
  {
    name: 'mul_ on a non-leaf',
    fn: (a, b) => a.mul(1).mul_(b),
    args: [{ shape: M }, { shape: M }],
    dtypes: RC,
  },
  {
    name: 'add_/div_/sub_/clamp_ chain',
    fn: (a, b) => a.add(0).add_(b, { alpha: 2 }).div_(b.add(3)).sub_(a).clamp_(-2, 2),
    args: [
      { shape: M, kind: 'pos' },
      { shape: M, kind: 'pos' },
    ],
  },
  {
    name: 'copy_ into a row of a non-leaf (view rebase)',
    fn: (a, b) => {
      const t = a.mul(a);
      t.select(0, 1).copy_(b.select(0, 0));
      return t.mul(t);
    },
    args: [{ shape: M }, { shape: M }],
    dtypes: RC,
  },
  {
    name: 'mul_ through the diagonal view, read through an older view',
    fn: (a, b) => {
      const t = a.mul(1);
      const older = t.T;
      t.diagonal().mul_(b);
      return older.sum(0);
    },
    args: [{ shape: [3, 3] }, { shape: V }],
    dtypes: RC,
  },
  {
    name: 'maskedFill_/fill_/zero_ on non-leaves',
    fn: (a, v) => {
      const t = a.mul(2);
      t.maskedFill_(cond23, v);
      t.select(1, 0).fill_(v);
      t.select(1, 1).zero_();
      return t;
    },
    args: [{ shape: M }, { shape: [] }],
    dtypes: RC,
  },
  // ---- joins, grids, tensor products, distances (ops/stacking, tensordot, distance) ----
  { name: 'hstack', fn: (a, b) => hstack([a, b]), args: [{ shape: M }, { shape: [2, 1] }], dtypes: RC },
  { name: 'vstack(1-D)', fn: (a, b) => vstack([a, b]), args: [{ shape: V }, { shape: M }], dtypes: RC },
  { name: 'dstack', fn: (a, b) => dstack([a, b]), args: [{ shape: M }, { shape: M }], dtypes: RC },
  { name: 'columnStack', fn: (a, b) => columnStack([a, b]), args: [{ shape: [2] }, { shape: M }], dtypes: RC },
  {
    name: "meshgrid('xy')",
    fn: (a, b) => meshgrid([a, b], { indexing: 'xy' }).map((g, i) => g.mul(i + 1)),
    args: [{ shape: V }, { shape: [2] }],
    dtypes: RC,
  },
  { name: 'tensordot(2)', fn: (a, b) => tensordot(a, b), args: [{ shape: [2, 2, 3] }, { shape: M }], dtypes: RC },
  {
    name: 'tensordot([[0, 2], [1, 0]])',
    fn: (a, b) =>
      tensordot(a, b, [
        [0, 2],
        [1, 0],
      ]),
    args: [{ shape: [2, 2, 3] }, { shape: [3, 2, 2] }],
    dtypes: RC,
  },
  { name: 'kron', fn: (a, b) => kron(a, b), args: [{ shape: M }, { shape: [2] }], dtypes: RC },
  { name: 'Tensor.kron', fn: (a, b) => a.kron(b), args: [{ shape: [2, 1, 2] }, { shape: M }], dtypes: RC },
  ...[2, 1, 3, 0.5, Infinity].map(
    (p): OpEntry => ({
      name: `cdist(p=${p})`,
      fn: (a, b) => cdist(a, b, p),
      args: [{ shape: [2, 3] }, { shape: [2, 4, 3] }],
    }),
  ),
  unary('median', (a) => a.median(), R),
  unary('median(dim=1).values', (a) => a.median(1).values, R),
  unary('kthvalue(2, 0, true).values', (a) => a.kthvalue(2, 0, true).values, R),
  {
    name: 'bincount({ weights })',
    fn: (w) => bincount(idx([0, 2, 2, 1, 0, 4], [6]), { weights: w, minlength: 7 }),
    args: [{ shape: [6] }],
  },
  // ---- special functions (kernels/special.ts) ----
  unary('erfinv', (a) => a.mul(0.7).erfinv(), R),
  unary('lgamma', (a) => a.lgamma(), R),
  unary('lgamma(x < 0)', (a) => a.mul(0.4).sub(1.5).lgamma(), R),
  unary('digamma', (a) => digamma(a.mul(2)), R),
  unary('polygamma(1)', (a) => a.polygamma(1), R, 'pos'),
  unary('polygamma(3, x < 0)', (a) => polygamma(3, a.mul(0.4).sub(1.5)), R),
  binary('xlogy', (a, b) => xlogy(a, b), R, ['any', 'pos']),
  {
    name: 'xlogy at x = 0',
    fn: (a, b) =>
      a
        .mul(0)
        .xlogy(b)
        .add(xlogy(0, b.mul(a))),
    args: [{ shape: M }, { shape: M, kind: 'pos' }],
  },
  // ---- composites of several ops, incl. 0-d tensors ----
  {
    name: 'mul(0-d, matrix)',
    fn: (s, a) => s.mul(a).sum(0),
    args: [{ shape: [] }, { shape: M }],
    dtypes: RC,
  },
  {
    name: 'eq-masked where',
    fn: (a) => where(eq(a, a), a, 0).mul(a),
    args: [{ shape: M }],
    dtypes: RC,
  },
  {
    name: 'div(scalar, x) then sub',
    fn: (a, b) => div(1, a).sub(b.exp()),
    args: [{ shape: M }, { shape: M }],
    broadcast: [[2, 1], [3]],
    dtypes: RC,
  },
];

type Variant = 'contiguous' | 'non-contiguous' | 'broadcast';

interface Case {
  inputs: Tensor[];
  fn: OpFn;
}

function leafFrom(data: Float64Array, shape: readonly number[], dtype: 'float64' | 'complex128'): Tensor {
  return tensor(data, { dtype, shape: [...shape], requiresGrad: true });
}

/** Values of one argument in its logical (contiguous) layout. */
function logicalData(spec: ArgSpec, shape: readonly number[], complexArg: boolean, rand: () => number): Float64Array {
  const size = shape.reduce((a, b) => a * b, 1);
  if (spec.values === undefined) return sampleData(spec.kind ?? 'any', size, complexArg, rand);
  if (!complexArg) return Float64Array.from(spec.values);
  const out = new Float64Array(2 * size);
  spec.values.forEach((v, i) => {
    out[2 * i] = v;
    out[2 * i + 1] = v === 0 ? 0 : 0.25 + 0.5 * rand();
  });
  return out;
}

/**
 * Builds the inputs and the function of a variant. Non-contiguous: a matrix argument is the transposed view of a leaf
 * laid out the other way, any other argument the step-2 slice (along its last dim of size > 1) of a leaf twice as long
 * there; the view is taken inside the function, so both the numerical and the analytical Jacobians see a
 * non-contiguous operand.
 */
function buildCase(entry: OpEntry, dtype: Dtype, variant: Variant, seed: number): Case {
  const rand = lcg(seed);
  const isComplexArg = (spec: ArgSpec) => dtype === 'complex128' && !spec.real;
  const dtypeOf = (spec: ArgSpec) => (isComplexArg(spec) ? 'complex128' : 'float64');
  if (variant === 'broadcast') {
    const shapes = entry.broadcast!;
    // Fixed values (clamp and its bounds) are cut to the broadcast shapes; the others are drawn.
    const inputs = entry.args.map((spec, i) => {
      const n = shapes[i].reduce((a, b) => a * b, 1);
      const data =
        spec.values === undefined
          ? sampleData(spec.kind ?? 'any', n, isComplexArg(spec), rand)
          : logicalData({ ...spec, values: spec.values.slice(0, n) }, shapes[i], isComplexArg(spec), rand);
      return leafFrom(data, shapes[i], dtypeOf(spec));
    });
    if (entry.args.length === 1) {
      const target = entry.args[0].shape;
      return { inputs, fn: (x) => entry.fn(x.broadcastTo(target)) };
    }
    return { inputs, fn: entry.fn };
  }
  const logical = entry.args.map((spec) => logicalData(spec, spec.shape, isComplexArg(spec), rand));
  if (variant === 'contiguous') {
    return { inputs: entry.args.map((spec, i) => leafFrom(logical[i], spec.shape, dtypeOf(spec))), fn: entry.fn };
  }
  const views: ((t: Tensor) => Tensor)[] = [];
  const inputs = entry.args.map((spec, i) => {
    const shape = spec.shape;
    const dt = dtypeOf(spec);
    const base = tensor(logical[i], { dtype: dt, shape: [...shape] });
    if (shape.length >= 2 && shape.at(-1)! > 1 && shape.at(-2)! > 1) {
      // A matrix (batch): the transposed view of a leaf laid out the other way.
      views.push((t) => t.transpose(-2, -1));
      const swapped = noGrad(() => base.transpose(-2, -1).contiguous());
      return leafFrom(swapped.toTypedArray() as Float64Array, swapped.shape, dt);
    }
    const d = lastNonUnitDim(shape);
    if (d >= 0) {
      // Otherwise the step-2 slice, along the last dim of size > 1, of a leaf twice as long there.
      views.push((t) => t.slice(d, 0, undefined, 2));
      const filler = tensor(sampleData('any', base.size, dt === 'complex128', rand), { dtype: dt, shape: [...shape] });
      const doubled = shape.map((n, k) => (k === d ? 2 * n : n));
      const interleaved = noGrad(() =>
        stack([base, filler], d + 1)
          .reshape(doubled)
          .contiguous(),
      );
      return leafFrom(interleaved.toTypedArray() as Float64Array, doubled, dt);
    }
    views.push((t) => t);
    return leafFrom(logical[i], shape, dt);
  });
  const fn: OpFn = (...xs) => {
    const viewed = xs.map((x, i) => views[i](x));
    for (let i = 0; i < viewed.length; i++) {
      if (lastNonUnitDim(entry.args[i].shape) >= 0 && isContiguousView(viewed[i]))
        throw new Error(`${entry.name}: the non-contiguous variant produced a contiguous operand ${i}`);
    }
    return entry.fn(...viewed);
  };
  return { inputs, fn };
}

function isContiguousView(t: Tensor): boolean {
  let expected = 1;
  for (let d = t.ndim - 1; d >= 0; d--) {
    if (t.shape[d] !== 1 && t.strides[d] !== expected) return false;
    expected *= t.shape[d];
  }
  return true;
}

function lastNonUnitDim(shape: readonly number[]): number {
  for (let d = shape.length - 1; d >= 0; d--) if (shape[d] > 1) return d;
  return -1;
}

function variantsOf(entry: OpEntry): Variant[] {
  const out: Variant[] = ['contiguous'];
  // Inputs with a single element cannot be made non-contiguous; an op whose inputs are all such skips that variant.
  if (entry.args.some((a) => lastNonUnitDim(a.shape) >= 0)) out.push('non-contiguous');
  if (entry.broadcast) out.push('broadcast');
  return out;
}

describe('OpInfo table: gradcheck and gradgradcheck (default tolerances)', () => {
  let seed = 1;
  for (const entry of OPS) {
    for (const dtype of entry.dtypes ?? R) {
      for (const variant of variantsOf(entry)) {
        const caseSeed = seed++;
        it(`${entry.name} · ${dtype} · ${variant}`, () => {
          const { inputs, fn } = buildCase(entry, dtype, variant, 7919 * caseSeed);
          expect(gradcheck(fn, inputs)).toBe(true);
          expect(gradgradcheck(fn, inputs)).toBe(true);
        });
      }
    }
  }
});

describe('OpInfo table: coverage', () => {
  // Derived from core's forward OpInfo table (@tapegrad/testing/opinfo): an op whose float64 result requires grad when
  // its inputs do records a differentiable node, so it must have a gradcheck row here (named `<op>` or `<op>(…)`).
  it('has a row for every op of the forward OpInfo table that records a differentiable result', () => {
    const rows = new Set(OPS.map((e) => e.name.split('(')[0].trim()));
    const missing = new Set<string>();
    for (const info of FORWARD_OPS) {
      if (!info.dtypes.includes('float64') || rows.has(info.op)) continue;
      for (const sample of info.samples('float64', lcg(1))) {
        const xs = sample.inputs.map((r) => {
          const t = tensorOf(r);
          return isFloating(t.dtype) ? t.requiresGrad_() : t;
        });
        const out = info.fn(xs, sample.args);
        const outs = out instanceof Tensor ? [out] : Array.isArray(out) ? out : [];
        if (outs.some((t) => t.requiresGrad)) missing.add(info.op);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('checks the special cases: the tanh form of gelu and prod through zeros', () => {
    expect(OPS.some((e) => e.name === "gelu(approximate='tanh')")).toBe(true);
    expect(OPS.some((e) => e.name.startsWith('prod') && e.name.includes('zero'))).toBe(true);
  });
});
