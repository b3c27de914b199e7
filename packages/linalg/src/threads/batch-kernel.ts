/**
 * The shape of a batch kernel that the worker pool can split (../threads/split-batch.ts): it processes `count`
 * matrices whose inputs and outputs are `ins[j]`/`outs[j]`, each holding a fixed number of scalars per matrix from
 * matrix 0, and returns 0 or the status of the first matrix that failed (LAPACK info: < 0 non-finite input, > 0 not
 * converged), stopping there. Parameters are plain data (they are structured-cloned to workers).
 */
export type BatchKernel<P> = (
  p: P,
  count: number,
  ins: readonly Float64Array[],
  outs: readonly Float64Array[],
) => number;
