/** linalg.qr (Householder, LAPACK dgeqrf/dorgqr) and linalg.cholesky (dpotrf), differentiable. */

import { recordNode } from '@tapegrad/autograd/internal';
import type { DType, Tensor } from '@tapegrad/core';
import { AutogradError, DtypeError, isGradEnabled, LinalgError } from '@tapegrad/core';
import { fromFloat64, toBatch } from '../batch';
import { choleskyBackward } from '../derivations/cholesky';
import { qrBackward } from '../derivations/qr';
import { choleskyComplex, choleskyReal } from '../kernels/cholesky';
import { createQrWorkspace, type QrWorkspace, qrComplex, qrReal } from '../kernels/qr';
import { booleanOption, checkMatrix, nonFinite, optionsObject } from '../validate';

/** Result of {@link qr}; Q is empty (shape (*, m, 0)) in mode 'r'. */
export interface QrResult {
  Q: Tensor;
  R: Tensor;
}

/**
 * QR decomposition A = Q·R of a batch `(*, m, n)` (torch.linalg.qr). Modes: 'reduced' (default; Q m×k, R k×n),
 * 'complete' (Q m×m, R m×n), 'r' (R only). Differentiable in 'reduced' mode and in 'complete' mode when m ≤ n.
 * @example
 * ```ts
 * const { Q, R } = linalg.qr(randn([5, 3], { dtype: 'float64' })); // Q: [5, 3], R: [3, 3]
 * ```
 */
export function qr(A: Tensor, opts: { mode?: 'reduced' | 'complete' | 'r' } = {}): QrResult {
  const op = 'linalg.qr';
  checkMatrix(op, A);
  const mode = optionsObject(op, opts, ['mode']).mode ?? 'reduced';
  if (mode !== 'reduced' && mode !== 'complete' && mode !== 'r') {
    throw new DtypeError(`${op}: expected mode 'reduced', 'complete' or 'r', got ${String(mode)}`);
  }
  const b = toBatch(A);
  const { m, n, count, complex, data, batchShape } = b;
  const k = Math.min(m, n);
  const qCols = mode === 'complete' ? m : mode === 'r' ? 0 : k;
  const rRows = mode === 'complete' ? m : k;
  const w = complex ? 2 : 1;
  const Qd = new Float64Array(count * m * qCols * w);
  const Rd = new Float64Array(count * rRows * n * w);
  const ws = qrWorkspace(m, n, complex, mode);
  for (let t = 0; t < count; t++) {
    const info = complex
      ? qrComplex(m, n, data, t * m * n * w, mode, Qd, t * m * qCols * w, Rd, t * rRows * n * w, ws)
      : qrReal(m, n, data, t * m * n * w, mode, Qd, t * m * qCols * w, Rd, t * rRows * n * w, ws);
    if (info === -2) {
      throw new LinalgError(
        `${op}: R is not representable in float64: a column norm of the input overflows (expected column norms below ${Number.MAX_VALUE}, got one beyond it)`,
      );
    }
    if (info < 0) nonFinite(op);
  }
  const Q = fromFloat64(Qd, [...batchShape, m, qCols], A.dtype);
  const R = fromFloat64(Rd, [...batchShape, rRows, n], A.dtype);
  if (isGradEnabled() && A.requiresGrad) {
    recordNode(op, [A], [Q, R], ([gQ, gR]) => {
      if (mode === 'r')
        throw new AutogradError(`${op}: the derivative of mode='r' is not implemented; use mode='reduced'`);
      if (mode === 'complete' && m > n) {
        throw new AutogradError(
          `${op}: the QR decomposition is not differentiable when mode='complete' and nrows > ncols`,
        );
      }
      return [qrBackward(A, Q, R, gQ, gR)];
    });
  }
  return { Q, R };
}

let lastQr: QrWorkspace | null = null;

/** A workspace above this many bytes is not kept after the call (memory held for good would outweigh the faults). */
const KEEP_MAX_BYTES = 32 * 2 ** 20;

/**
 * The QR scratch for m×n in `mode`, the last one (up to {@link KEEP_MAX_BYTES}) kept for the next call (its buffers
 * are several MB for large shapes, and fresh ones cost page faults on first touch).
 */
function qrWorkspace(m: number, n: number, complex: boolean, mode: 'reduced' | 'complete' | 'r'): QrWorkspace {
  let ws = lastQr;
  if (ws === null || ws.m !== m || ws.n !== n || ws.complex !== complex || ws.mode !== mode) {
    ws = createQrWorkspace(m, n, complex, mode);
    const bytes = [ws.w, ws.tau, ws.qt, ws.pair, ws.gwork, ws.ts, ws.bw].reduce((s, b) => s + b.byteLength, 0);
    if (bytes <= KEEP_MAX_BYTES) lastQr = ws;
  }
  return ws;
}

/**
 * Cholesky factor L (lower triangular, A = L·Lᴴ) of Hermitian positive-definite matrices (torch.linalg.cholesky); only
 * the lower triangle is read (the upper one with `upper: true`, which returns U = Lᴴ).
 */
export function cholesky<D extends DType>(A: Tensor<D>, opts?: { upper?: boolean }): Tensor<D>;
export function cholesky(A: Tensor, opts: { upper?: boolean } = {}): Tensor {
  const op = 'linalg.cholesky';
  checkMatrix(op, A, { square: true });
  const upper = booleanOption(op, 'upper', optionsObject(op, opts, ['upper']).upper, false);
  const b = toBatch(A);
  const { n, count, complex, data } = b;
  const w = complex ? 2 : 1;
  const Ld = new Float64Array(count * n * n * w);
  for (let t = 0; t < count; t++) {
    const info = complex
      ? choleskyComplex(n, data, t * n * n * w, Ld, t * n * n * w, false)
      : choleskyReal(n, data, t * n * n * w, Ld, t * n * n * w, false);
    if (info < 0) nonFinite(op);
    if (info > 0) {
      throw new LinalgError(
        `${op}: The factorization could not be completed because the input is not positive-definite (the leading minor of order ${info} is not positive-definite; expected a positive-definite matrix, got a non-positive pivot at order ${info}).`,
      );
    }
  }
  const L = fromFloat64(Ld, A.shape, A.dtype);
  if (isGradEnabled() && A.requiresGrad)
    recordNode(op, [A], [L], ([gL]) => [gL === null ? null : choleskyBackward(L, gL)]);
  return upper ? L.mH : L;
}
