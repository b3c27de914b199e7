/** linalg.matrixRank and linalg.lstsq (SVD-based, as LAPACK gelsd). */
import type { Tensor } from '@tapegrad/core';
import {
  conj,
  DtypeError,
  epsOf,
  isComplex,
  isGradEnabled,
  matmul,
  mul,
  noGrad,
  real,
  ShapeError,
  sub,
  sum,
  Tensor as TensorClass,
} from '@tapegrad/core';
import { alloc, describeTensor } from '@tapegrad/core/internal';
import { fromFloat64, hasNonFinite, realDtypeOf, toBatch } from '../batch';
import { booleanOption, checkMatrix, nonFinite, optionsObject } from '../validate';
import { eighRaw } from './eigh-raw';
import { lstsqNormal } from './lstsq-normal';
import { pinvImpl, resolveTolerances, type Tolerance } from './pinv';
import { svdRaw } from './svd-raw';

/**
 * Numerical rank: the number of singular values (|eigenvalues| when hermitian) σ > max(atol, rtol·σ₁), with pinv's
 * defaults (rtol = max(m, n)·eps when atol is absent or 0); tolerances may be tensors broadcasting against the batch
 * shape, as for pinv. Returns an int32 tensor of the batch shape.
 * @example `linalg.matrixRank(tensor([[1, 2], [2, 4]], { dtype: 'float64' })).item(); // 1`
 */
export function matrixRank(
  A: Tensor,
  opts?: { atol?: Tolerance; rtol?: Tolerance; hermitian?: boolean },
): Tensor<'int32'>;
export function matrixRank(A: Tensor, opts: { atol?: Tolerance; rtol?: Tolerance; hermitian?: boolean } = {}): Tensor {
  return matrixRankAs('linalg.matrixRank', A, opts);
}

/** matrixRank under the public name (`linalg.matrixRank`, `linalg.lstsq`) its errors start with. */
function matrixRankAs(
  op: string,
  A: Tensor,
  opts: { atol?: Tolerance; rtol?: Tolerance; hermitian?: boolean },
): Tensor {
  checkMatrix(op, A);
  opts = optionsObject(op, opts, ['atol', 'rtol', 'hermitian']);
  const hermitian = booleanOption(op, 'hermitian', opts.hermitian, false);
  if (hermitian) checkMatrix(op, A, { square: true });
  const { atol, rtol } = resolveTolerances(op, A, opts.atol, opts.rtol);
  const b = toBatch(A);
  const { m, n } = b;
  const k = Math.min(m, n);
  if (k === 0) return alloc(b.batchShape, 'int32');
  const values = noGrad(() => {
    if (!hermitian) return svdRaw(op, b, false, false).S;
    const L = eighRaw(op, b, 'L', false).L;
    return L.map(Math.abs);
  });
  return countAbove(values, hermitian ? n : k, atol, rtol, b.batchShape);
}

/** Per matrix, the number of its `per` values σ > max(atol, rtol·σ₁) (σ₁ the largest), as an int32 tensor. */
function countAbove(
  values: Float64Array,
  per: number,
  atol: Float64Array,
  rtol: Float64Array,
  batchShape: number[],
): Tensor {
  const out = alloc(batchShape, 'int32');
  if (per === 0) return out;
  for (let t = 0; t < out.size; t++) {
    let s1 = 0;
    for (let i = 0; i < per; i++) s1 = Math.max(s1, values[t * per + i]);
    const cut = Math.max(atol[t], rtol[t] * s1);
    let r = 0;
    for (let i = 0; i < per; i++) if (values[t * per + i] > cut) r++;
    out.storage[t] = r;
  }
  return out;
}

/** Result of {@link lstsq}. */
export interface LstsqResult {
  solution: Tensor;
  /** Squared residual norms per column when m > n and A has full rank, else an empty tensor (as torch). */
  residuals: Tensor;
  rank: Tensor;
  singularValues: Tensor;
}

/**
 * Least-squares solution of min ‖A·X − B‖ (minimum norm when rank-deficient), A `(*, m, n)`, B `(*, m, k)`
 * (torch.linalg.lstsq with the SVD driver 'gelsd'). Singular values ≤ rcond·σ₁ count as zero (rcond defaults to
 * max(m, n)·eps). The solution is pinv(A)·B, so it is differentiable through pinv.
 */
export function lstsq(A: Tensor, B: Tensor, opts: { rcond?: number } = {}): LstsqResult {
  const op = 'linalg.lstsq';
  checkMatrix(op, A);
  opts = optionsObject(op, opts, ['rcond']);
  if (!(B instanceof TensorClass)) throw new DtypeError(`${op}: expected B to be a tensor, got ${typeof B}`);
  if (isComplex(B.dtype) && !isComplex(A.dtype))
    throw new DtypeError(
      `${op}: expected B of a real dtype for the real A (its imaginary part would be lost), got ${describeTensor(B)}`,
    );
  const m = A.shape[A.ndim - 2];
  const n = A.shape[A.ndim - 1];
  // B is a (batch of) vector(s) when it is 1-D or has shape A.shape[:-1], as torch decides (else a matrix (*, m, k)).
  const vector = B.ndim === 1 || (B.ndim === A.ndim - 1 && B.shape.every((s, i) => s === A.shape[i]));
  const Bm = vector ? B.unsqueeze(-1) : B;
  if (Bm.ndim < 2 || Bm.shape[Bm.ndim - 2] !== m) {
    throw new ShapeError(
      `${op}: expected B with ${m} rows to match A of shape [${A.shape.join(', ')}], got ${describeTensor(B)}`,
    );
  }
  if (opts.rcond !== undefined && (typeof opts.rcond !== 'number' || Number.isNaN(opts.rcond))) {
    throw new DtypeError(`${op}: expected rcond to be a number, got ${typeof opts.rcond}`);
  }
  // Checked here so that the error names lstsq (not the pinv it calls), and covers B, which pinv never sees.
  const aData = toBatch(A).data;
  if (hasNonFinite(aData) || hasNonFinite(toBatch(Bm).data)) nonFinite(op);
  const rcond = opts.rcond ?? Math.max(m, n) * epsOf(A.dtype);
  const Bt = Bm.to(A.dtype);
  const residualsOf = (X: Tensor, fullRank: boolean): Tensor => {
    if (!fullRank) return alloc([0], realDtypeOf(A.dtype));
    const diff = sub(matmul(A, X), Bt);
    // |d|² as d·conj(d) (smooth), not abs(d)² (whose rule chain loses the curvature at d = 0).
    const sq = diff.isComplex ? real(mul(diff, conj(diff))) : diff.square();
    return sum(sq, -2);
  };
  const tape = isGradEnabled() && (A.requiresGrad || B.requiresGrad);
  if (!tape && A.ndim === 2 && Bm.ndim === 2 && !isComplex(A.dtype)) {
    // One real tall matrix off the tape: the normal equations when A is well conditioned (./lstsq-normal); its
    // rank is n (every σ above the cutoff).
    const fast = lstsqNormal(op, m, n, Bm.shape[1], aData, toBatch(Bt).data, rcond);
    if (fast !== null) {
      const X = fromFloat64(fast.X, [n, Bm.shape[1]], A.dtype);
      const rank = alloc([], 'int32');
      rank.storage[0] = n;
      const singularValues = fromFloat64(fast.S, [n], realDtypeOf(A.dtype));
      return { solution: vector ? X.squeeze(-1) : X, residuals: residualsOf(X, m > n), rank, singularValues };
    }
  }
  // svdvals, and the rank from the same singular values by matrixRank's rule with atol = 0 (one SVD, not two).
  const b = toBatch(A);
  const raw = noGrad(() => svdRaw(op, b, false, false));
  const singularValues = fromFloat64(raw.S, [...b.batchShape, raw.k], realDtypeOf(A.dtype));
  const { atol, rtol } = resolveTolerances(op, A, 0, rcond);
  const rank = countAbove(raw.S, raw.k, atol, rtol, b.batchShape);
  const fullRank = m > n && rank.toTypedArray().every((r) => r === n);
  // At extreme scales pinv(A) itself may overflow (subnormal A) while X does not: solve with A·2^e (exact), as
  // pinv(A)·B = pinv(A·2^e)·(B·2^e) — scaling B down first when e < 0, the product up afterwards when e > 0.
  let amax = 0;
  for (let i = 0; i < aData.length; i++) amax = Math.max(amax, Math.abs(aData[i]));
  const e = amax > 0 && (amax < 2 ** -500 || amax > 2 ** 500) ? -Math.floor(Math.log2(amax)) : 0;
  const half = Math.trunc(e / 2);
  const scaled = (t: Tensor) => (e === 0 ? t : t.mul(2 ** half).mul(2 ** (e - half)));
  const P = pinvImpl(op, scaled(A), { atol: 0, rtol: rcond });
  const X = e > 0 ? scaled(matmul(P, Bt)) : matmul(P, scaled(Bt));
  return { solution: vector ? X.squeeze(-1) : X, residuals: residualsOf(X, fullRank), rank, singularValues };
}

export type { Tolerance };
