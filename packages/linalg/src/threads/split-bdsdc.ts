/**
 * Divide and conquer (../kernels/bdsdc.ts) over two threads: the two children of a large subproblem are independent
 * bidiagonal SVDs, so a pool worker solves the left child (from copies of its d and e in SharedArrayBuffer scratch,
 * with its own workspace: ./bdsdc-kernel.ts) while the calling thread solves the right one, then the calling thread
 * copies the left child's values, vectors and order into place and merges (the merge's products split over the pool
 * as any product). Every matrix entry is computed by the same code with the same arithmetic as the serial recursion
 * (the row stride of the vector blocks is the only difference, and no kernel's arithmetic depends on it), so results
 * are bit-identical to one thread; the status returned is the one the serial order reports (the left child's first).
 */
import { parallelParts, runParallel, sharedFloat64, type WorkerModule } from '@tapegrad/core/internal';
import type { BdsdcProblem } from '../kernels/bdsdc';

/** Smallest subproblem (order) whose children are solved on two threads: each child then costs about a millisecond. */
export const BDSDC_SPLIT_MIN = 160;

/**
 * Solves the children [f, f+nl) (with its extra column, sqre = 1) and — by calling `right` — [f+nl+1, …) of a
 * subproblem of `g` at once; returns the status the serial order would, or null (nothing done) when the subproblem is
 * below BDSDC_SPLIT_MIN or the pool is off, busy or inside a worker.
 */
export function bdsdcSplit(
  module: WorkerModule,
  f: number,
  nl: number,
  n: number,
  g: BdsdcProblem,
  right: () => number,
): number | null {
  if (n < BDSDC_SPLIT_MIN) return null;
  const work = 4 * n * n * n;
  if (parallelParts(work, 2, module) < 2) return null;
  const { ld, d, e, ut, vt, ws } = g;
  const m = nl + 1;
  const buf = (name: string, len: number) => sharedFloat64(`bdsdc.${name}`, len).subarray(0, len);
  const sd = buf('d', m);
  const se = buf('e', m);
  const sut = buf('ut', m * m);
  const svt = buf('vt', m * m);
  const sidx = buf('idxq', m);
  sd.set(d.subarray(f, f + nl));
  se.set(e.subarray(f, f + nl));
  let rightInfo = 0;
  const [leftInfo] = runParallel(
    'svd',
    module,
    [{ fn: 'bdsdcLeftChild', args: [nl, ws.leafSize, ws.maxit, sd, se, sut, svt, sidx] }],
    () => {
      rightInfo = right();
    },
    work,
  );
  if (leftInfo !== 0) return leftInfo as number;
  for (let i = 0; i < nl; i++) {
    ut.set(sut.subarray(i * m, i * m + nl), (f + i) * ld + f);
    d[f + i] = sd[i];
    ws.idxq[f + i] = sidx[i];
  }
  for (let i = 0; i < m; i++) vt.set(svt.subarray(i * m, i * m + m), (f + i) * ld + f);
  return rightInfo;
}
