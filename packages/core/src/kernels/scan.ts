/**
 * Inclusive scans along one lane (cumsum, cumprod): `n` elements read from `x` at offset `xo`, stride `xs`, written to
 * `out` at `oo`, stride `os` (element units; complex lanes are interleaved and the functions double the offsets).
 * The running value is a JS double for every dtype (as PyTorch's CPU kernels accumulate float32 in double).
 */
import type { Storage } from '../dtype';

export type ScanLane = (n: number, x: Storage, xo: number, xs: number, out: Storage, oo: number, os: number) => void;

function cumsumReal(n: number, x: Storage, xo: number, xs: number, out: Storage, oo: number, os: number): void {
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += x[xo + i * xs];
    out[oo + i * os] = acc;
  }
}

function cumprodReal(n: number, x: Storage, xo: number, xs: number, out: Storage, oo: number, os: number): void {
  let acc = 1;
  for (let i = 0; i < n; i++) {
    acc *= x[xo + i * xs];
    out[oo + i * os] = acc;
  }
}

function cumsumComplex(n: number, x: Storage, xo: number, xs: number, out: Storage, oo: number, os: number): void {
  let re = 0;
  let im = 0;
  for (let i = 0; i < n; i++, xo += xs, oo += os) {
    re += x[2 * xo];
    im += x[2 * xo + 1];
    out[2 * oo] = re;
    out[2 * oo + 1] = im;
  }
}

function cumprodComplex(n: number, x: Storage, xo: number, xs: number, out: Storage, oo: number, os: number): void {
  let re = 1;
  let im = 0;
  for (let i = 0; i < n; i++, xo += xs, oo += os) {
    const a = x[2 * xo];
    const b = x[2 * xo + 1];
    const nextRe = re * a - im * b;
    im = re * b + im * a;
    re = nextRe;
    out[2 * oo] = re;
    out[2 * oo + 1] = im;
  }
}

/** Scan lanes by kind, for real (and integral) and for complex storage. */
export const scanLanes: Record<'cumsum' | 'cumprod', { real: ScanLane; complex: ScanLane }> = {
  cumsum: { real: cumsumReal, complex: cumsumComplex },
  cumprod: { real: cumprodReal, complex: cumprodComplex },
};
