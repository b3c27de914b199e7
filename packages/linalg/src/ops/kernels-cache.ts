/** Reusable kernel workspaces keyed by problem size, so repeated and batched calls do not allocate. */
import { createEighWorkspace, type EighWorkspace } from '../kernels/eigh';
import { createPinvBidiagWorkspace, type PinvBidiagWorkspace } from '../kernels/pinv-bidiag';
import { createPinvQrWorkspace, type PinvQrWorkspace } from '../kernels/pinv-qr';
import { createSvdWorkspace, type SvdWorkspace } from '../kernels/svd';

const svdCache = new Map<string, SvdWorkspace>();
const eighCache = new Map<string, EighWorkspace>();
const MAX_ENTRIES = 32;

let lastSvd: SvdWorkspace | null = null;

export function svdWorkspace(m: number, n: number, complex: boolean, computeUV: boolean, full: boolean): SvdWorkspace {
  // Fast path for repeated calls of one size (no key string built).
  const last = lastSvd;
  if (
    last &&
    last.m === m &&
    last.n === n &&
    last.complex === complex &&
    last.computeUV === computeUV &&
    last.full === full
  ) {
    return last;
  }
  const key = `${m},${n},${complex},${computeUV},${full}`;
  let ws = svdCache.get(key);
  if (ws === undefined) {
    if (svdCache.size >= MAX_ENTRIES) svdCache.clear();
    ws = createSvdWorkspace(m, n, { complex, computeUV, full });
    svdCache.set(key, ws);
  }
  lastSvd = ws;
  return ws;
}

let lastPinvQr: PinvQrWorkspace | null = null;

/** The workspace of ../kernels/pinv-qr for m×n (the last one is kept: pinv's tall and wide shapes are large). */
export function pinvQrWorkspace(m: number, n: number): PinvQrWorkspace {
  if (lastPinvQr === null || lastPinvQr.m !== m || lastPinvQr.n !== n) lastPinvQr = createPinvQrWorkspace(m, n);
  return lastPinvQr;
}

let lastPinvBidiag: PinvBidiagWorkspace | null = null;

/** The scratch of ../kernels/pinv-bidiag for m×n (the last one is kept, as for pinvQrWorkspace). */
export function pinvBidiagWorkspace(m: number, n: number): PinvBidiagWorkspace {
  if (lastPinvBidiag === null || lastPinvBidiag.m !== m || lastPinvBidiag.n !== n)
    lastPinvBidiag = createPinvBidiagWorkspace(m, n);
  return lastPinvBidiag;
}

export function eighWorkspace(n: number, complex: boolean): EighWorkspace {
  const key = `${n},${complex}`;
  let ws = eighCache.get(key);
  if (ws === undefined) {
    if (eighCache.size >= MAX_ENTRIES) eighCache.clear();
    ws = createEighWorkspace(n, complex);
    eighCache.set(key, ws);
  }
  return ws;
}

const scratchPool = new Map<string, Float64Array>();

/**
 * A module-level scratch buffer of at least `size` doubles, grown on demand and reused by later calls: the caller must
 * finish with it before the next call that asks for the same `name`. Contents are unspecified.
 */
export function scratch(name: string, size: number): Float64Array {
  let buf = scratchPool.get(name);
  if (buf === undefined || buf.length < size) {
    buf = new Float64Array(Math.max(size, 64));
    scratchPool.set(name, buf);
  }
  return buf;
}
