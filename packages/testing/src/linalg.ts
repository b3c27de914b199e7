/**
 * Helpers for the linalg op tests: the PyTorch fixture format, Penrose residuals, gradient checks without false
 * warnings, and warning capture.
 */
import { readFileSync } from 'node:fs';
import { gradcheck, gradgradcheck } from '@tapegrad/autograd';
import type { DType, Tensor } from '@tapegrad/core';
import { tensor, warnings, zeros } from '@tapegrad/core';
import { expect } from 'vitest';
import { frob, relErrOf } from './matrices';
import { components, maxAbs } from './tensors';

/** A fixture tensor: real `{shape, dtype, data}` or complex `{shape, dtype, re, im}`, row-major (docs/semantics.md §5). */
export type Encoded =
  | { shape: number[]; dtype: DType; data: number[] }
  | { shape: number[]; dtype: DType; re: number[]; im: number[] };

/** Real components of an encoded tensor (complex interleaved). */
export function encodedComponents(enc: Encoded): Float64Array {
  if ('re' in enc) {
    const out = new Float64Array(2 * enc.re.length);
    enc.re.forEach((re, i) => {
      out[2 * i] = re;
      out[2 * i + 1] = enc.im[i];
    });
    return out;
  }
  return Float64Array.from(enc.data);
}

/** The tensor of an encoded fixture value (a fresh copy). */
export function fromEncoded(enc: Encoded, requiresGrad = false): Tensor {
  if (enc.shape.includes(0)) return zeros(enc.shape, { dtype: enc.dtype, requiresGrad });
  const data = encodedComponents(enc);
  const typed = enc.dtype === 'float32' || enc.dtype === 'complex64' ? Float32Array.from(data) : data;
  return tensor(typed, { dtype: enc.dtype, shape: enc.shape, requiresGrad });
}

/** Relative Frobenius error of a tensor against a fixture value; the shapes must match. */
export function relErrEncoded(t: Tensor, enc: Encoded): number {
  if (JSON.stringify([...t.shape]) !== JSON.stringify(enc.shape)) {
    throw new Error(`shape ${JSON.stringify(t.shape)} != ${JSON.stringify(enc.shape)}`);
  }
  return relErrOf(components(t), encodedComponents(enc));
}

/** Runs fn, capturing (and not printing) its warnings; returns the result. */
export function quiet<T>(fn: () => T): T {
  return warnings.record(fn).result;
}

/** The codes of the warnings fn raises. */
export function warningCodes(fn: () => unknown): string[] {
  return warnings.record(fn).warnings.map((w) => w.code);
}

/** Reads a JSON file relative to the repository root (three levels above packages/testing/src). */
export function readRepoJson<T>(relative: string): T {
  return JSON.parse(readFileSync(new URL(`../../../${relative}`, import.meta.url), 'utf8')) as T;
}

/**
 * The four Penrose residuals of P ≈ pinv(A), scale-invariant: A and P are first divided by their largest |entry| (so
 * 1e±300 and subnormal inputs neither overflow nor underflow), and each residual is relative to the norm of the term
 * it compares against: ‖APA − A‖/‖A‖, ‖PAP − P‖/‖P‖, ‖AP − (AP)ᴴ‖/‖AP‖, ‖PA − (PA)ᴴ‖/‖PA‖ (0 when that norm is 0).
 */
export function penroseResiduals(A: Tensor, P: Tensor): [number, number, number, number] {
  const a = maxAbs(A) || 1;
  const p = maxAbs(P) || 1;
  const As = A.div(a);
  const Ps = P.div(p);
  const ap = a * p;
  const ratio = (num: Tensor, den: Tensor): number => {
    const d = frob(components(den));
    const n = frob(components(num));
    return d === 0 ? n : n / d;
  };
  const AP = As.matmul(Ps).mul(ap);
  const PA = Ps.matmul(As).mul(ap);
  return [
    ratio(AP.matmul(As).sub(As), As),
    ratio(PA.matmul(Ps).sub(Ps), Ps),
    ratio(AP.sub(AP.mH), AP),
    ratio(PA.sub(PA.mH), PA),
  ];
}

/**
 * Asserts gradcheck (and, unless `gradgrad` is false, gradgradcheck) of fn at the inputs, and that neither raised a
 * warning (a false alarm on well-conditioned input is a bug, docs/semantics.md §3.6).
 */
export function checkGradients(
  fn: (...xs: Tensor[]) => Tensor | Tensor[],
  inputs: Tensor | Tensor[],
  gradgrad = true,
): void {
  const list = Array.isArray(inputs) ? inputs : [inputs];
  const rec = warnings.record(() => {
    expect(gradcheck(fn, list)).toBe(true);
    if (gradgrad) expect(gradgradcheck(fn, list)).toBe(true);
  });
  expect(rec.warnings.map((w) => w.code)).toEqual([]);
}
