/** LU-based ops: linalg.solve, inv, det, slogdet (LAPACK dgetrf/dgetrs), each one differentiable tape node. */

import { recordNode } from '@tapegrad/autograd/internal';
import type { DType, Promote, Tensor } from '@tapegrad/core';
import {
  conj,
  DtypeError,
  imag,
  isComplex,
  isGradEnabled,
  LinalgError,
  complex as makeComplex,
  matmul,
  mul,
  neg,
  noGrad,
  Tensor as TensorClass,
  zerosLike,
} from '@tapegrad/core';
import { describeTensor } from '@tapegrad/core/internal';
import { fromFloat64, realDtypeOf, toBatch } from '../batch';
import { adjugateBackward, adjugateFromSvd } from '../derivations/adjugate';
import { mH } from '../derivations/common';
import {
  luFactorComplex,
  luFactorReal,
  luInverseComplex,
  luInverseReal,
  luSolveComplex,
  luSolveReal,
} from '../kernels/lu';
import { checkMatrix, nonFinite } from '../validate';
import { luWorkspace } from './lu-workspace';
import { pairBatch } from './pair-batch';
import { svd } from './svd';

function singular(op: string): never {
  throw new LinalgError(
    `${op}: The solver failed because the input matrix is singular. (expected an invertible matrix, got a zero pivot in its LU factorization)`,
  );
}

/**
 * Solves A·X = B for square A `(*, n, n)` and B `(*, n, k)` or `(*, n)` (torch.linalg.solve), batch dims broadcasting.
 * Differentiable: gB = solve(Aᴴ, G), gA = −gB·Xᴴ.
 * @example `linalg.solve(tensor([[2, 0], [0, 4]], { dtype: 'float64' }), tensor([2, 4], { dtype: 'float64' })).toArray(); // [1, 1]`
 */
export function solve<DA extends DType, DB extends DType>(A: Tensor<DA>, B: Tensor<DB>): Tensor<Promote<DA, DB>>;
export function solve(A: Tensor, B: Tensor): Tensor {
  const op = 'linalg.solve';
  checkMatrix(op, A, { square: true });
  if (!(B instanceof TensorClass) || !(B.dtype !== 'int32' && B.dtype !== 'bool')) {
    throw new DtypeError(
      `${op}: expected B to be a floating tensor, got ${B instanceof TensorClass ? describeTensor(B) : typeof B}`,
    );
  }
  const pb = pairBatch(op, A, B);
  const { a, b, batchShape, vector, dtype } = pb;
  const n = a.n;
  const k = b.n;
  const w = a.complex ? 2 : 1;
  const X = new Float64Array(a.count * n * k * w);
  const { lu, piv } = luWorkspace(n * n * w, n);
  for (let t = 0; t < a.count; t++) {
    const info = a.complex
      ? luFactorComplex(n, a.data, t * n * n * w, lu, 0, piv, 0)
      : luFactorReal(n, a.data, t * n * n * w, lu, 0, piv, 0);
    if (info < 0) nonFinite(op);
    if (info > 0) singular(op);
    const s = a.complex
      ? luSolveComplex(n, k, lu, 0, piv, 0, b.data, t * n * k * w, X, t * n * k * w)
      : luSolveReal(n, k, lu, 0, piv, 0, b.data, t * n * k * w, X, t * n * k * w);
    if (s < 0) nonFinite(op);
  }
  const shape = vector ? [...batchShape, n] : [...batchShape, n, k];
  const out = fromFloat64(X, shape, dtype);
  if (isGradEnabled() && (A.requiresGrad || B.requiresGrad)) {
    recordNode(op, [A, B], [out], ([G]) => {
      if (G === null) return [null, null];
      const gB = solve(mH(A.to(dtype)), G);
      const gBm = vector ? gB.unsqueeze(-1) : gB;
      const Xm = vector ? out.unsqueeze(-1) : out;
      return [neg(matmul(gBm, mH(Xm))), gB];
    });
  }
  return out;
}

/**
 * Per matrix, by LU: the phase of det (±1, or a unit complex number; 0 when singular) and |det| as
 * mantissa·2^exponent (exact scaling, no overflow for large n; mantissa 0 when singular).
 */
function luDeterminants(
  op: string,
  A: Tensor,
): {
  phaseRe: Float64Array;
  phaseIm: Float64Array;
  mantissa: Float64Array;
  exponent: Float64Array;
  batchShape: number[];
} {
  const b = toBatch(A);
  const { n, count, complex, data } = b;
  const w = complex ? 2 : 1;
  const { lu, piv } = luWorkspace(n * n * w, n);
  const phaseRe = new Float64Array(count);
  const phaseIm = new Float64Array(count);
  const mantissa = new Float64Array(count);
  const exponent = new Float64Array(count);
  for (let t = 0; t < count; t++) {
    // Rows equilibrated by exact powers of two (as LAPACK's dgeequb), so that entries near ±1.8e308 or subnormal
    // ones neither overflow nor underflow in the elimination: det(A) = det(D⁻¹·A)·2^(Σ e_i). Factored in place.
    let ex = equilibrateRows(n, w, data, t * n * n * w, lu);
    const info = complex ? luFactorComplex(n, lu, 0, lu, 0, piv, 0) : luFactorReal(n, lu, 0, lu, 0, piv, 0);
    if (info < 0) nonFinite(op);
    // The phase as a unit number; the magnitude as a product kept within [2^-600, 2^600] by exact rescaling.
    let pr = 1;
    let pi = 0;
    let mag = 1;
    for (let i = 0; i < n; i++) {
      if (piv[i] !== i) {
        pr = -pr;
        pi = -pi;
      }
      const ur = lu[w * (i * n + i)];
      const ui = complex ? lu[w * (i * n + i) + 1] : 0;
      const m = complex ? Math.hypot(ur, ui) : Math.abs(ur);
      if (m === 0) {
        mag = 0;
        pr = 0;
        pi = 0;
        break;
      }
      mag *= m;
      if (complex) {
        const cr = ur / m;
        const ci = ui / m;
        const nr = pr * cr - pi * ci;
        pi = pr * ci + pi * cr;
        pr = nr;
      } else if (ur < 0) pr = -pr;
      if (mag > 2 ** 600 || mag < 2 ** -600) {
        const k = exponentOf(mag);
        mag *= 2 ** -k;
        ex += k;
      }
    }
    phaseRe[t] = pr;
    phaseIm[t] = pi;
    mantissa[t] = mag;
    exponent[t] = mag === 0 ? 0 : ex;
  }
  return { phaseRe, phaseIm, mantissa, exponent, batchShape: b.batchShape };
}

/** log|det| = log(mantissa) + exponent·ln 2 (−Infinity when singular). */
function logAbsOf(mantissa: Float64Array, exponent: Float64Array): Float64Array {
  const out = new Float64Array(mantissa.length);
  for (let t = 0; t < out.length; t++)
    out[t] = mantissa[t] === 0 ? Number.NEGATIVE_INFINITY : Math.log(mantissa[t]) + exponent[t] * Math.LN2;
  return out;
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
/** Index of the word holding the sign and exponent bits (platform byte order). */
const HIGH = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 1 : 0;

/** ⌊log₂ x⌋ for finite x > 0, exact: the exponent field of a normal number, Math.log2 for a subnormal one. */
function exponentOf(x: number): number {
  bits[0] = x;
  const e = (words[HIGH] >>> 20) & 0x7ff;
  return e === 0 ? Math.floor(Math.log2(x)) : e - 1023;
}

/** x·2^k without intermediate overflow or underflow (k may exceed the exponent range of a single power of two). */
function ldexp(x: number, k: number): number {
  let y = x;
  let e = k;
  while (e > 1000) {
    y *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    y *= 2 ** -1000;
    e += 1000;
  }
  return y * 2 ** e;
}

/**
 * Copies the n×n matrix at `offset` (w = 2 for interleaved complex) into `out` with each row scaled by 2^(−e_i) so
 * that its largest component lies in [1, 2); zero or non-finite rows are copied as they are. Returns Σ e_i.
 */
function equilibrateRows(n: number, w: number, a: Float64Array, offset: number, out: Float64Array): number {
  let total = 0;
  const rowLength = n * w;
  for (let i = 0; i < n; i++) {
    const start = offset + i * rowLength;
    const dst = i * rowLength;
    let big = 0;
    for (let k = 0; k < rowLength; k++) {
      const v = Math.abs(a[start + k]);
      if (v > big) big = v;
    }
    // A NaN entry is skipped by the comparison; the factorization reports it.
    const e = big > 0 && Number.isFinite(big) ? exponentOf(big) : 0;
    total += e;
    if (e === 0) for (let k = 0; k < rowLength; k++) out[dst + k] = a[start + k];
    else if (e >= -1000 && e <= 1000) {
      const s = 2 ** -e; // exact: x·2^(−e) is ldexp(x, −e)
      for (let k = 0; k < rowLength; k++) out[dst + k] = a[start + k] * s;
    } else for (let k = 0; k < rowLength; k++) out[dst + k] = ldexp(a[start + k], -e);
  }
  return total;
}

function interleave(re: Float64Array, im: Float64Array): Float64Array {
  const out = new Float64Array(2 * re.length);
  for (let i = 0; i < re.length; i++) {
    out[2 * i] = re[i];
    out[2 * i + 1] = im[i];
  }
  return out;
}

/**
 * Inverse of square matrices `(*, n, n)` (torch.linalg.inv); singular input is a LinalgError.
 * Differentiable: gA = −Pᴴ·G·Pᴴ with P = A⁻¹.
 */
export function inv<D extends DType>(A: Tensor<D>): Tensor<D>;
export function inv(A: Tensor): Tensor {
  const op = 'linalg.inv';
  checkMatrix(op, A, { square: true });
  const b = toBatch(A);
  const { n, count, complex, data } = b;
  const w = complex ? 2 : 1;
  const P = new Float64Array(count * n * n * w);
  const { lu, piv } = luWorkspace(n * n * w, n);
  for (let t = 0; t < count; t++) {
    const info = complex
      ? luFactorComplex(n, data, t * n * n * w, lu, 0, piv, 0)
      : luFactorReal(n, data, t * n * n * w, lu, 0, piv, 0);
    if (info < 0) nonFinite(op);
    if (info > 0)
      throw new LinalgError(
        `${op}: The diagonal element ${info} is zero, the inversion could not be completed because the input matrix is singular. (expected an invertible matrix, got a zero pivot at diagonal element ${info})`,
      );
    if (complex) luInverseComplex(n, lu, 0, piv, 0, P, t * n * n * w);
    else luInverseReal(n, lu, 0, piv, 0, P, t * n * n * w);
  }
  const out = fromFloat64(P, A.shape, A.dtype);
  if (isGradEnabled() && A.requiresGrad) {
    recordNode(op, [A], [out], ([G]) => {
      if (G === null) return [null];
      const Ph = mH(out);
      return [neg(matmul(Ph, matmul(G, Ph)))];
    });
  }
  return out;
}

/**
 * Determinant of square matrices `(*, n, n)` (torch.linalg.det), by LU with partial pivoting.
 * Differentiable: gA = g·adj(A)ᴴ. For first derivatives of invertible A this is g·conj(det)·A⁻ᴴ (one LU solve); when
 * A is singular, or when the backward is itself recorded (createGraph: higher derivatives), it is computed through
 * the SVD form of the adjugate, whose own derivative is exact at and near singular A (derivations/adjugate.ts) — the
 * switch PyTorch's linalg_det_backward makes.
 */
export function det<D extends DType>(A: Tensor<D>): Tensor<D>;
export function det(A: Tensor): Tensor {
  const op = 'linalg.det';
  checkMatrix(op, A, { square: true });
  const d = noGrad(() => luDeterminants(op, A));
  const count = d.mantissa.length;
  const re = new Float64Array(count);
  const im = new Float64Array(count);
  for (let t = 0; t < count; t++) {
    const scale = ldexp(d.mantissa[t], d.exponent[t]);
    re[t] = d.phaseRe[t] * scale;
    im[t] = d.phaseIm[t] * scale;
  }
  const out = isComplex(A.dtype)
    ? fromFloat64(interleave(re, im), d.batchShape, A.dtype)
    : fromFloat64(re, d.batchShape, A.dtype);
  if (isGradEnabled() && A.requiresGrad) {
    recordNode(op, [A], [out], ([g]) => {
      if (g === null) return [null];
      const gk = g.unsqueeze(-1).unsqueeze(-1);
      const singularAny = d.mantissa.some((v) => v === 0);
      if (!singularAny && !isGradEnabled()) return [mul(mul(gk, conj(out).unsqueeze(-1).unsqueeze(-1)), mH(inv(A)))];
      return [mul(gk, mH(adjugate(A)))];
    });
  }
  return out;
}

/**
 * adj(A) of square matrices as one tape node (internal to linalg): value c·V·adj(Σ)·Uᴴ and backward U·L(…)·Vᴴ, both
 * from the SVD (derivations/adjugate.ts). The backward's SVD is recorded when its graph is (third derivatives of det).
 */
function adjugate(A: Tensor): Tensor {
  const phaseOf = (U: Tensor, Vh: Tensor) => noGrad(() => mul(det(U.detach()), det(Vh.detach())));
  const value = noGrad(() => {
    const { U, S, Vh } = svd(A.detach());
    return adjugateFromSvd(U, S, Vh, phaseOf(U, Vh));
  });
  if (isGradEnabled() && A.requiresGrad) {
    recordNode('linalg.adjugate', [A], [value], ([G]) => {
      if (G === null) return [null];
      const { U, S, Vh } = svd(A);
      return [adjugateBackward(U, S, Vh, phaseOf(U, Vh), G)];
    });
  }
  return value;
}

/** Result of {@link slogdet}. */
export interface SlogdetResult {
  sign: Tensor;
  logabsdet: Tensor;
}

/**
 * Sign (unit complex number for complex input; 0 when singular) and log|det| of square matrices (torch.linalg.slogdet).
 * Differentiable: g_logabsdet·A⁻ᴴ, plus the phase term for complex sign.
 */
export function slogdet(A: Tensor): SlogdetResult {
  const op = 'linalg.slogdet';
  checkMatrix(op, A, { square: true });
  const d = noGrad(() => luDeterminants(op, A));
  const sr = d.phaseRe;
  const si = d.phaseIm;
  const sign = isComplex(A.dtype)
    ? fromFloat64(interleave(sr, si), d.batchShape, A.dtype)
    : fromFloat64(sr, d.batchShape, A.dtype);
  const logabsdet = fromFloat64(logAbsOf(d.mantissa, d.exponent), d.batchShape, realDtypeOf(A.dtype));
  if (isGradEnabled() && A.requiresGrad) {
    recordNode(op, [A], [sign, logabsdet], ([gSign, gLog]) => {
      let coeff: Tensor | null = gLog ? gLog.to(A.dtype) : null;
      if (gSign && isComplex(A.dtype)) {
        // d sign = i·sign·Im tr(A⁻¹dA): contributes i·c with c = −Im(conj(g_sign)·sign).
        const c = neg(imag(mul(conj(gSign), sign)));
        const term = makeComplex(zerosLike(c), c);
        coeff = coeff ? coeff.add(term) : term;
      }
      if (coeff === null) return [zerosLike(A)];
      return [mul(coeff.unsqueeze(-1).unsqueeze(-1), mH(inv(A)))];
    });
  }
  return { sign, logabsdet };
}
