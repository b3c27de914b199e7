/**
 * linalg.pinv and the deprecated pinverse: the SVD-based (eigh-based when hermitian) Moore–Penrose pseudo-inverse with
 * PyTorch's tolerance semantics (docs/semantics.md §3.3), recorded as ONE tape node 'linalg.pinv' whose backward is the
 * Golub–Pereyra formula (derivations/pinv.ts), never a differentiation through the decomposition.
 */

import { recordNode } from '@tapegrad/autograd/internal';
import type { DType, Tensor } from '@tapegrad/core';
import {
  AutogradError,
  copyInto,
  DtypeError,
  epsOf,
  isComplex,
  isFloating,
  isGradEnabled,
  noGrad,
  ShapeError,
  Tensor as TensorClass,
  warnings,
} from '@tapegrad/core';
import { broadcastShapes, describeTensor, formatShape } from '@tapegrad/core/internal';
import { fromFloat64, type MatrixBatch, toBatch } from '../batch';
import { type PinvRankInfo, pinvBackward } from '../derivations/pinv';
import { pinvBackwardFullRank } from '../derivations/pinv-direct';
import { LU_KAPPA_MAX } from '../kernels/pinv-lu';
import { splitBatch } from '../threads/split-batch';
import { ILL_CONDITIONED_FACTOR, PINV_CUTOFF_BAND } from '../thresholds';
import { booleanOption, checkMatrix, nonFinite, notConverged, optionsObject } from '../validate';
import { eighPinvBatch, svdPinvBatch } from './pinv-batch';

/** A tolerance: a number, or a real tensor broadcasting against the batch shape (one value per matrix). */
export type Tolerance = number | Tensor;

/** Options of {@link pinv}. */
export interface PinvOptions {
  /** Absolute tolerance (default 0). */
  atol?: Tolerance;
  /** Relative tolerance, times the largest singular value (default max(m, n)·eps when atol is absent or 0, else 0). */
  rtol?: Tolerance;
  /** A is Hermitian (only its lower triangle is read); computed with eigh. */
  hermitian?: boolean;
  /** Preallocated result of shape (*, n, m) and A's dtype; refused when the computation requires grad. */
  out?: Tensor;
  /** @deprecated use rtol (rcond means atol = 0, rtol = rcond). */
  rcond?: Tolerance;
}

/** Per-matrix tolerance values (length = batch count). */
function toleranceValues(
  op: string,
  name: string,
  tol: Tolerance,
  batchShape: readonly number[],
  count: number,
): Float64Array {
  const out = new Float64Array(count);
  if (typeof tol === 'number') {
    if (Number.isNaN(tol))
      throw new DtypeError(`${op}: expected ${name} to be a non-NaN number or a real tensor, got NaN`);
    out.fill(tol);
    return out;
  }
  if (!(tol instanceof TensorClass)) {
    throw new DtypeError(
      `${op}: expected ${name} to be a number or a real floating tensor, got ${tol === null ? 'null' : typeof tol}`,
    );
  }
  if (!isFloating(tol.dtype) || isComplex(tol.dtype)) {
    throw new DtypeError(`${op}: expected ${name} to be a real floating tensor, got ${describeTensor(tol)}`);
  }
  const shape = broadcastShapes(op, tol.shape, batchShape);
  if (shape.length !== batchShape.length || shape.some((s, i) => s !== batchShape[i])) {
    throw new ShapeError(
      `${op}: expected ${name} to broadcast to the batch shape ${formatShape(batchShape)}, got a tolerance of shape ${formatShape(tol.shape)}`,
    );
  }
  const own = tol.toTypedArray();
  for (let i = 0; i < own.length; i++) {
    if (Number.isNaN(own[i]))
      throw new DtypeError(`${op}: expected ${name} to hold no NaN (as a number tolerance may not be NaN), got NaN`);
  }
  if (count === 0) return out;
  const expanded = noGrad(() => tol.detach().to('float64').expand(batchShape).contiguous());
  out.set(expanded.toTypedArray() as Float64Array);
  return out;
}

/**
 * Per-matrix atol and rtol of a batch `A` with PyTorch's defaults: atol = 0; rtol = max(m, n)·eps(dtype) when atol is
 * absent or zero, else 0 (elementwise for tensors). Shared by pinv and matrixRank.
 */
export function resolveTolerances(
  op: string,
  A: Tensor,
  atol: Tolerance | undefined,
  rtol: Tolerance | undefined,
): { atol: Float64Array; rtol: Float64Array } {
  const batchShape = A.shape.slice(0, -2);
  // No matrix has entries (m or n is 0): the tolerances are validated but no per-matrix values are needed, so an
  // expanded batch of 1e9 empty matrices costs no memory.
  const count = A.size === 0 ? 0 : batchShape.reduce((a, b) => a * b, 1);
  const atolValues =
    atol === undefined ? new Float64Array(count) : toleranceValues(op, 'atol', atol, batchShape, count);
  if (rtol !== undefined) return { atol: atolValues, rtol: toleranceValues(op, 'rtol', rtol, batchShape, count) };
  const defaultRtol = Math.max(A.shape[A.ndim - 2], A.shape[A.ndim - 1]) * epsOf(A.dtype);
  const rtolValues = new Float64Array(count);
  for (let i = 0; i < count; i++) rtolValues[i] = atol !== undefined && atolValues[i] > 0 ? 0 : defaultRtol;
  return { atol: atolValues, rtol: rtolValues };
}

interface Spectrum {
  /** |σ| (or |λ|) per matrix, count × k, as used for thresholding. */
  values: Float64Array;
  k: number;
  cutoff: Float64Array;
  atol: Float64Array;
  rtol: Float64Array;
  hermitian: boolean;
  /** C = (WᵀW)⁻¹ per matrix when kept (svdPinvBatch's optional output), else null. */
  gram: Float64Array | null;
}

/**
 * Moore–Penrose pseudo-inverse of a batch `(*, m, n)` → `(*, n, m)` (torch.linalg.pinv). Singular values
 * σ > max(atol, rtol·σ₁) are inverted, the rest treated as zero. Differentiable with the Golub–Pereyra formula (valid
 * where the rank is locally constant); a TAPEGRAD_PINV_UNSTABLE warning says when the rank is ambiguous.
 * @example
 * ```ts
 * const A = tensor([[1, 2], [3, 4], [5, 6]], { dtype: 'float64', requiresGrad: true });
 * const P = linalg.pinv(A); // shape [2, 3], P.gradFn.name === 'linalg.pinv'
 * ```
 */
export function pinv<D extends DType>(A: Tensor<D>, opts?: PinvOptions): Tensor<D>;
export function pinv(A: Tensor, opts: PinvOptions = {}): Tensor {
  return pinvImpl('linalg.pinv', A, opts);
}

/**
 * @deprecated Use {@link pinv} (`linalg.pinv`), which includes the options hermitian, atol and rtol.
 * `pinverse(A, rcond)` is `linalg.pinv(A, { rcond })`.
 */
export function pinverse(A: Tensor, rcond: number = 1e-15): Tensor {
  warnings.warn(
    'DeprecationWarning',
    'TAPEGRAD_DEP_PINVERSE',
    'pinverse() is deprecated. Please use linalg.pinv() instead, which includes the options hermitian, atol and rtol.',
  );
  return pinvImpl('pinverse', A, { atol: 0, rtol: rcond });
}

/** pinv under the public name of the op that uses it (`linalg.pinv`, `pinverse`, `linalg.lstsq`). @internal */
export function pinvImpl(op: string, A: Tensor, opts: PinvOptions): Tensor {
  opts = optionsObject(op, opts, ['atol', 'rtol', 'hermitian', 'out', 'rcond']);
  checkMatrix(op, A);
  const hermitian = booleanOption(op, 'hermitian', opts.hermitian, false);
  if (hermitian) checkMatrix(op, A, { square: true });
  let { atol, rtol } = opts;
  if (opts.rcond !== undefined) {
    if (rtol !== undefined || atol !== undefined)
      throw new DtypeError(
        `${op}: rcond cannot be combined with atol or rtol (expected either rcond or atol/rtol, got both)`,
      );
    warnings.warn(
      'DeprecationWarning',
      'TAPEGRAD_DEP_RCOND',
      `${op}: the rcond option is deprecated. Use rtol instead (rcond means atol = 0, rtol = rcond).`,
    );
    atol = 0;
    rtol = opts.rcond;
  }
  const m = A.shape[A.ndim - 2];
  const n = A.shape[A.ndim - 1];
  const batchShape = A.shape.slice(0, -2);
  const outShape = [...batchShape, n, m];
  const out = opts.out;
  if (out !== undefined) checkOut(op, out, outShape, A);

  const count = batchShape.reduce((a, b) => a * b, 1);
  const { atol: atolValues, rtol: rtolValues } = resolveTolerances(op, A, atol, rtol);

  const b = toBatch(A);
  let result: Tensor;
  let spectrum: Spectrum | null = null;
  if (m === 0 || n === 0 || count === 0) result = fromFloat64(new Float64Array(0), outShape, A.dtype);
  else {
    // C = (WᵀW)⁻¹ is kept for the direct backward of a real, non-square A (derivations/pinv-direct.ts).
    const keepGram = isGradEnabled() && A.requiresGrad && !hermitian && !b.complex && m !== n;
    const computed = hermitian
      ? hermitianPinv(op, b, atolValues, rtolValues)
      : svdPinv(op, b, atolValues, rtolValues, keepGram, A.dtype);
    spectrum = computed.spectrum;
    result = fromFloat64(computed.P, outShape, A.dtype);
  }
  const tracked = isGradEnabled() && A.requiresGrad;
  if (out !== undefined) {
    if (tracked)
      throw new AutogradError(
        `${op}: the out= option does not support automatic differentiation (expected an input that does not require grad, got one that does)`,
      );
    copyInto(result, out);
    return out;
  }
  if (tracked && spectrum !== null) {
    const s = spectrum;
    const rank = rankInfo(s, m, n);
    const direct = !isComplex(A.dtype) && (m >= n ? rank.fullColumnRank : rank.fullRowRank);
    recordNode('linalg.pinv', [A], [result], ([G]) => {
      warnIfUnstable(s, A.dtype, m, n);
      if (G === null) return [null];
      // Nothing recorded (no createGraph): the full-rank formula on raw buffers, reusing the forward's C.
      if (direct && !isGradEnabled()) return [pinvBackwardFullRank(A, result, G, s.gram)];
      return [pinvBackward(A, result, G, rank)];
    });
  } else if (tracked)
    recordNode('linalg.pinv', [A], [result], ([G]) => [G === null ? null : pinvBackward(A, result, G)]);
  return result;
}

function checkOut(op: string, out: Tensor, shape: readonly number[], A: Tensor): void {
  if (!(out instanceof TensorClass)) throw new DtypeError(`${op}: expected out to be a Tensor, got ${typeof out}`);
  if (out.dtype !== A.dtype)
    throw new DtypeError(`${op}: expected out of dtype ${A.dtype}, got ${describeTensor(out)}`);
  if (out.ndim !== shape.length || out.shape.some((s, i) => s !== shape[i])) {
    throw new ShapeError(`${op}: expected out of shape ${formatShape(shape)}, got ${describeTensor(out)}`);
  }
  if (out.strides.some((st, i) => st === 0 && out.shape[i] > 1))
    throw new ShapeError(
      `${op}: expected out whose elements do not share memory, got a broadcast view (strides ${formatShape(out.strides)})`,
    );
}

/**
 * P = V·diag(1/σ kept)·Uᴴ for every matrix (ops/pinv-batch.ts), split over the threads of setNumThreads for large
 * batches; S (the spectrum) and the cutoffs are kept for the backward's rank and warnings.
 */
function svdPinv(
  op: string,
  b: MatrixBatch,
  atol: Float64Array,
  rtol: Float64Array,
  keepGram: boolean,
  dtype: Tensor['dtype'],
): { P: Float64Array; spectrum: Spectrum } {
  const { m, n, count, complex } = b;
  const k = Math.min(m, n);
  const w = complex ? 2 : 1;
  const S = new Float64Array(count * k);
  const P = new Float64Array(count * n * m * w);
  const cutoff = new Float64Array(count);
  const gram = keepGram ? new Float64Array(count * k * k) : null;
  const work = (complex ? 4 : 1) * 12 * Math.max(m, n) * k * k;
  const info = splitBatch(
    op,
    'svdPinvBatch',
    svdPinvBatch,
    { m, n, complex, luKappaMax: luKappaMax(dtype), bidiagKappaMax: bidiagKappaMax(dtype) },
    count,
    work,
    [
      { data: b.data, per: m * n * w },
      { data: atol, per: 1 },
      { data: rtol, per: 1 },
    ],
    [
      { data: S, per: k },
      { data: P, per: n * m * w },
      { data: cutoff, per: 1 },
      ...(gram === null ? [] : [{ data: gram, per: k * k }]),
    ],
  );
  if (info < 0) nonFinite(op);
  if (info > 0) notConverged(op, info);
  return { P, spectrum: { values: S, k, cutoff, atol, rtol, hermitian: false, gram } };
}

/**
 * The κ bound of the LU path for small square matrices (kernels/pinv-lu.ts): LU_KAPPA_MAX, and at most half the
 * ill-conditioning limit of {@link warnIfUnstable}, so no matrix that would warn skips the SVD (float32: 1.4e3).
 */
function luKappaMax(dtype: Tensor['dtype']): number {
  return Math.min(LU_KAPPA_MAX, bidiagKappaMax(dtype));
}

/**
 * The κ_F bound of the certificates of kernels/pinv-qr-certified.ts and kernels/pinv-bidiag.ts (every σ kept without
 * computing them): half the ill-conditioning limit of {@link warnIfUnstable} (their results are as accurate as the SVD
 * route's at any κ).
 */
function bidiagKappaMax(dtype: Tensor['dtype']): number {
  return ILL_CONDITIONED_FACTOR / Math.sqrt(epsOf(dtype)) / 2;
}

/** Hermitian path (ops/pinv-batch.ts): eigh of the lower triangle, threshold on |λ|, P = V·diag(1/λ kept)·Vᴴ. */
function hermitianPinv(
  op: string,
  b: MatrixBatch,
  atol: Float64Array,
  rtol: Float64Array,
): { P: Float64Array; spectrum: Spectrum } {
  const { n, count, complex } = b;
  const w = complex ? 2 : 1;
  const P = new Float64Array(count * n * n * w);
  const cutoff = new Float64Array(count);
  const magnitudes = new Float64Array(count * n);
  const info = splitBatch(
    op,
    'eighPinvBatch',
    eighPinvBatch,
    { m: n, n, complex },
    count,
    (complex ? 4 : 1) * 12 * n * n * n,
    [
      { data: b.data, per: n * n * w },
      { data: atol, per: 1 },
      { data: rtol, per: 1 },
    ],
    [
      { data: magnitudes, per: n },
      { data: P, per: n * n * w },
      { data: cutoff, per: 1 },
    ],
  );
  if (info < 0) nonFinite(op);
  if (info > 0) notConverged(op, info);
  return { P, spectrum: { values: magnitudes, k: n, cutoff, atol, rtol, hermitian: true, gram: null } };
}

/**
 * Whether every matrix of the batch kept all n (columns) or all m (rows) of its singular values. A NaN cutoff marks a
 * matrix inverted by LU under a full-rank certificate (ops/pinv-batch.ts, kernels/pinv-lu.ts): rank k.
 */
function rankInfo(s: Spectrum, m: number, n: number): PinvRankInfo {
  const { values, k, cutoff } = s;
  let minRank = k;
  for (let t = 0; t < cutoff.length; t++) {
    if (Number.isNaN(cutoff[t])) continue;
    let r = 0;
    while (r < k && values[t * k + r] > cutoff[t]) r++;
    if (r < minRank) minRank = r;
  }
  return { fullColumnRank: minRank === n, fullRowRank: minRank === m };
}

/** TAPEGRAD_PINV_UNSTABLE, raised when the gradient is computed (never on the forward pass). */
function warnIfUnstable(s: Spectrum, dtype: Tensor['dtype'], m: number, n: number): void {
  const { values, k, cutoff } = s;
  const name = s.hermitian ? '|λ|' : 'σ';
  const count = cutoff.length;
  const illLimit = ILL_CONDITIONED_FACTOR / Math.sqrt(epsOf(dtype));
  for (let t = 0; t < count; t++) {
    const cut = cutoff[t];
    if (Number.isNaN(cut)) continue; // certified: every σ far above the cutoff, κ ≤ LU_KAPPA_MAX (kernels/pinv-lu.ts)
    const where = count > 1 ? ` (matrix ${t} of the batch)` : '';
    let rank = 0;
    while (rank < k && values[t * k + rank] > cut) rank++;
    for (let i = 0; i < k; i++) {
      const v = values[t * k + i];
      if (Math.abs(v - cut) <= PINV_CUTOFF_BAND * cut || (cut === 0 && v === 0)) {
        warnings.warn(
          'NumericalWarning',
          'TAPEGRAD_PINV_UNSTABLE',
          `linalg.pinv backward${where}: ${name}${i + 1} = ${v.toExponential(6)} lies within ${PINV_CUTOFF_BAND * 100}% of the cutoff max(atol, rtol·${name}1) = ${cut.toExponential(6)} (atol = ${s.atol[t]}, rtol = ${s.rtol[t]}), so the numerical rank of this ${m}×${n} matrix (${rank}) is ambiguous. pinv is discontinuous where a singular value crosses the cutoff and its derivative exists only at constant rank: this gradient assumes rank ${rank} and is unreliable here. Choose atol/rtol away from the spectrum.`,
        );
        return;
      }
    }
    if (rank > 0) {
      const kappa = values[t * k] / values[t * k + rank - 1];
      if (kappa >= illLimit) {
        warnings.warn(
          'NumericalWarning',
          'TAPEGRAD_PINV_UNSTABLE',
          `linalg.pinv backward${where}: the kept spectrum is ill-conditioned: ${name}1/${name}${rank} = ${kappa.toExponential(3)} ≥ ${illLimit.toExponential(2)} (1/√eps for ${dtype}). The gradient of pinv grows like 1/${name}${rank}², so it has lost about all of its significant digits. Raise atol/rtol to drop the small singular values, or regularize.`,
        );
        return;
      }
    }
  }
}
