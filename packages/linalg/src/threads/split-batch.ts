/**
 * Runs a batch kernel (./batch-kernel.ts) over a batch of matrices, split into contiguous ranges of matrices over the
 * threads of `setNumThreads` when the work is large enough (`parallelParts` in @tapegrad/core's pool). The calling
 * thread computes the first range in place; each other range is copied into SharedArrayBuffer scratch, computed by a
 * worker running the same kernel from the linalg worker bundle, and copied back. Every matrix is computed by the same
 * code with the same arithmetic, so the result is bit-identical to the serial loop; the status returned is that of the
 * first failing matrix, as the serial loop would report it.
 */
import {
  parallelParts,
  registerWorkerModule,
  runParallel,
  sharedFloat64,
  type WorkerModule,
} from '@tapegrad/core/internal';
import { setBdsdcSplitter } from '../kernels/bdsdc';
import { setGebrdSplitter } from '../kernels/bidiag';
import { setOrmbrSplitter } from '../kernels/ormbr-shared';
import { setPinvApplySplitter } from '../kernels/pinv-bidiag';
import { setPinvQrApplySplitter } from '../kernels/pinv-qr-certified';
import type { BatchKernel } from './batch-kernel';
import { bdsdcSplit } from './split-bdsdc';
import { gebrdSplit } from './split-bidiag';
import { ormbrSplit } from './split-ormbr';
import { pinvApplySplit } from './split-pinv';
import { pinvQrApplySplit } from './split-pinv-qr';
import { LINALG_WORKER_CODE, LINALG_WORKER_GLOBAL } from './worker-code.generated';
import type * as kernels from './worker-kernels';

const LINALG_WORKER: WorkerModule = { name: 'linalg', code: LINALG_WORKER_CODE, global: LINALG_WORKER_GLOBAL };
registerWorkerModule(LINALG_WORKER);
// The SVD's bidiagonal reduction shares its row passes among the pool's threads (installed here, on the calling
// thread's copy of the kernels; the workers' copy never splits).
setGebrdSplitter((...args) => gebrdSplit(LINALG_WORKER, ...args));
// Divide and conquer solves the two children of large subproblems at once.
setBdsdcSplitter((f, nl, n, g, right) => bdsdcSplit(LINALG_WORKER, f, nl, n, g, right));
// … and its back-transformation applies Q and P to column slabs of the vectors on each thread.
setOrmbrSplitter((...args) => ormbrSplit(LINALG_WORKER, ...args));
// pinv's products with the reflectors (without the SVD's vectors) split the same way, in two rounds.
setPinvApplySplitter((...args) => pinvApplySplit(LINALG_WORKER, ...args));
// … as does the certified QR route's application of Q (../kernels/pinv-qr-certified.ts).
setPinvQrApplySplitter((...args) => pinvQrApplySplit(LINALG_WORKER, ...args));

/** An input or output of a batch kernel: its buffer and the number of scalars per matrix. */
export interface BatchArray {
  readonly data: Float64Array;
  readonly per: number;
}

/**
 * `kernel(p, count, ins, outs)`, split over the pool when `count · workPerMatrix` flops are worth it. `name` is the
 * kernel's export in ./worker-kernels.ts (the same function as `kernel`).
 */
export function splitBatch<P>(
  op: string,
  name: keyof typeof kernels,
  kernel: BatchKernel<P>,
  p: P,
  count: number,
  workPerMatrix: number,
  ins: readonly BatchArray[],
  outs: readonly BatchArray[],
): number {
  const parts = parallelParts(count * workPerMatrix, count, LINALG_WORKER);
  const whole = (a: BatchArray) => a.data;
  if (parts === 1) return kernel(p, count, ins.map(whole), outs.map(whole));
  const bound = (i: number) => Math.round((i * count) / parts);
  const range = (a: BatchArray, lo: number, hi: number) => a.data.subarray(lo * a.per, hi * a.per);
  const calls = [];
  const shared: Float64Array[][] = [];
  for (let part = 1; part < parts; part++) {
    const lo = bound(part);
    const hi = bound(part + 1);
    const sIns = ins.map((a, j) => {
      const s = sharedFloat64(`${name}.in${j}.${part}`, (hi - lo) * a.per).subarray(0, (hi - lo) * a.per);
      s.set(range(a, lo, hi));
      return s;
    });
    const sOuts = outs.map((a, j) =>
      sharedFloat64(`${name}.out${j}.${part}`, (hi - lo) * a.per).subarray(0, (hi - lo) * a.per),
    );
    shared.push(sOuts);
    calls.push({ fn: name, args: [p, hi - lo, sIns, sOuts] });
  }
  let localInfo = 0;
  const end0 = bound(1);
  const results = runParallel(
    op,
    LINALG_WORKER,
    calls,
    () => {
      localInfo = kernel(
        p,
        end0,
        ins.map((a) => range(a, 0, end0)),
        outs.map((a) => range(a, 0, end0)),
      );
    },
    count * workPerMatrix,
  );
  if (localInfo !== 0) return localInfo;
  for (let part = 1; part < parts; part++) {
    const info = results[part - 1] as number;
    if (info !== 0) return info;
    const lo = bound(part);
    outs.forEach((a, j) => {
      a.data.set(shared[part - 1][j], lo * a.per);
    });
  }
  return 0;
}
