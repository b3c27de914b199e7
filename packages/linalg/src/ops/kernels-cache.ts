/** Reusable kernel workspaces keyed by problem size, so repeated and batched calls do not allocate. */
import { createEighWorkspace, type EighWorkspace } from '../kernels/eigh';
import { createSvdWorkspace, type SvdWorkspace } from '../kernels/svd';

const svdCache = new Map<string, SvdWorkspace>();
const eighCache = new Map<string, EighWorkspace>();
const MAX_ENTRIES = 32;

export function svdWorkspace(m: number, n: number, complex: boolean, computeUV: boolean, full: boolean): SvdWorkspace {
  const key = `${m},${n},${complex},${computeUV},${full}`;
  let ws = svdCache.get(key);
  if (ws === undefined) {
    if (svdCache.size >= MAX_ENTRIES) svdCache.clear();
    ws = createSvdWorkspace(m, n, { complex, computeUV, full });
    svdCache.set(key, ws);
  }
  return ws;
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
