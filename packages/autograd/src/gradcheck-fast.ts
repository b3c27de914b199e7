/**
 * gradcheck's fast mode — PyTorch's algorithm (pytorch/pytorch#53876): instead of whole Jacobians, compare one number
 * per (output, input) pair, vᵀJu, with random unit vectors u (input side) and v (output side). The numerical side is
 * one central difference along u per input, (f(x + εu) − f(x − εu)) / 2ε, projected on v; the analytical side is one
 * backward per output with cotangent v, dotted with u. Cost: 2 evaluations per input and 1 backward per output (run
 * twice for the reentrancy check), instead of 2 per input element and 1 per output element.
 *
 * Tolerance: if every entry satisfied |a − n| ≤ atol + rtol·|n|, then |vᵀ(A − N)u| ≤ atol·‖u‖₁‖v‖₁ + rtol·|v|ᵀ|N||u|;
 * the first term is used as is (PyTorch's "adjusted atol"), the second as rtol·|vᵀNu|, so a fast-mode mismatch is
 * re-checked in full for that pair before it is reported. Directions are normal (then normalized), drawn from a
 * seeded generator independent of the global one; real components throughout (complex tensors as re, im pairs).
 *
 * What it can miss: an error E = A − N is missed when |vᵀEu| falls below the tolerance. For an error spread over the
 * Jacobian (a wrong formula, factor or sign) vᵀEu is of the size of the error times the projection of u, v on it
 * — a miss needs u or v nearly orthogonal to it, probability of order tolerance/‖E‖; an error confined to one entry of
 * an n×m Jacobian is diluted by |uᵢvⱼ| ≈ 1/√(nm) and is caught only when it is about √(nm) times the tolerance.
 */
import { EntryTracker } from './gradcheck-compare';
import { dot, type JacobianProblem, norm1, type ReentrancyTracker } from './gradcheck-jacobian';
import type { CheckTolerances } from './gradcheck-precision';
import { SeededNormal } from './gradcheck-random';

/** One compared projection. */
export interface FastPair {
  k: number;
  o: number;
  analytical: number;
  numerical: number;
  /** atol is multiplied by this (‖u‖₁·‖v‖₁). */
  atolScale: number;
  pass: boolean;
}

/** The outcome of a fast comparison. */
export interface FastOutcome {
  pairs: FastPair[];
  /** Statistics over the projections (no single entry: `worst` is not reported). */
  tracker: EntryTracker;
  /** The first failing pair, input-major as PyTorch reports, or null. */
  failure: FastPair | null;
}

/** Compares vᵀJu for every (input, output) pair; backward runs are compared for reentrancy in `reentrancy`. */
export function compareFast(
  problem: JacobianProblem,
  tol: CheckTolerances,
  seed: number,
  reentrancy: ReentrancyTracker,
): FastOutcome {
  const rng = new SeededNormal(seed);
  const K = problem.diffInputs.length;
  const O = problem.outIndices.length;
  const us = problem.inSizes.map((n) => rng.unitVector(n));
  const vs = problem.outSizes.map((m) => rng.unitVector(m));
  // Numerical: J_k·u_k per input by one central difference, projected on each v_o.
  const numerical: number[][] = [];
  const directions: Float64Array[] = [];
  for (let k = 0; k < K; k++) {
    const { products, direction } = problem.numericalDirectional(k, us[k], tol.eps);
    directions.push(direction);
    numerical.push(products.map((ju, o) => dot(vs[o], ju)));
  }
  // Analytical: (J_kᵀ·v_o)·u_k, one backward per differentiable output; the others have a zero Jacobian.
  const analytical = Array.from({ length: K }, () => new Array<number>(O).fill(0));
  for (const o of problem.differentiableOutputs()) {
    const grads = problem.backward([o], [vs[o]], (first, second) => {
      first.forEach((g, k) => {
        reentrancy.compare(g, second[k], (r) => [k, r, o, -1]);
      });
    });
    grads.forEach((g, k) => {
      analytical[k][o] = dot(g, directions[k]);
    });
  }
  const tracker = new EntryTracker(tol.atol, tol.rtol);
  const pairs: FastPair[] = [];
  for (let k = 0; k < K; k++) {
    for (let o = 0; o < O; o++) {
      const atolScale = norm1(directions[k]) * norm1(vs[o]);
      const place = { output: problem.outIndices[o], input: problem.diffIndices[k], outElement: 0, inElement: 0 };
      const pass = tracker.add(analytical[k][o], 0, numerical[k][o], 0, place, false, atolScale);
      pairs.push({ k, o, analytical: analytical[k][o], numerical: numerical[k][o], atolScale, pass });
    }
  }
  return { pairs, tracker, failure: pairs.find((p) => !p.pass) ?? null };
}
