/**
 * The two Jacobians gradcheck compares, produced one column at a time so that memory stays O(one column):
 * - numerical: column r (derivatives of every output component with respect to real component r of an input) by
 *   central differences, (f(x + ε·e_r) − f(x − ε·e_r)) / 2ε;
 * - analytical: what backward computes. Small Jacobians are formed row by row (one backward per real output
 *   component, PyTorch's slow gradcheck) and kept; large ones are read column by column with the double-vjp trick —
 *   z(w) = Jᵀw is recorded with createGraph for a cotangent w, and ∂⟨z, e_r⟩/∂w = J·e_r is one more backward — so
 *   nothing of size inputs × outputs is ever stored.
 * Complex tensors are handled in real components (re, im interleaved), the convention of docs/semantics.md §3.1: grad with
 * gradOutputs v is the gradient of Re(Σ conj(v)·y) = ⟨v, y⟩ over the reals, so backward gives Jᵀv for the real
 * Jacobian J of the components.
 * Every backward is run twice and the two results compared (PyTorch's reentrancy check, `nondetTol`).
 */
import type { Tensor } from '@tapegrad/core';
import { DtypeError, isFloating, ShapeError, Tensor as TensorClass, tensor } from '@tapegrad/core';
import { describeValue } from './describe';
import { grad } from './grad';
import { SeededNormal } from './gradcheck-random';

/** A function under check. */
export type CheckedFn = (...xs: Tensor[]) => Tensor | Tensor[];

/** Analytical Jacobians up to this many entries are kept whole (32 MB); larger ones are read column by column. */
export const ROW_MODE_MAX_ENTRIES = 1 << 22;

/** The outputs of `fn` as a list, checked to be tensors. */
export function outputsOf(fn: CheckedFn, xs: Tensor[], op: string): Tensor[] {
  const out = fn(...xs);
  const list = Array.isArray(out) ? out : [out];
  if (list.length === 0) throw new DtypeError(`${op}: expected the function to return at least one tensor, got none`);
  for (const t of list) {
    if (!(t instanceof TensorClass))
      throw new DtypeError(
        `${op}: the function must return a Tensor or an array of Tensors (expected tensors, got ${describeValue(t)})`,
      );
  }
  return list;
}

/** Whether a dtype stores single-precision numbers. */
export function isSinglePrecision(dtype: string): boolean {
  return dtype === 'float32' || dtype === 'complex64';
}

/** Real components of a tensor as a flat Float64Array (complex: re, im interleaved). */
export function realComponents(t: Tensor): Float64Array {
  return Float64Array.from(t.contiguous().toTypedArray() as ArrayLike<number>);
}

/** A tensor with the dtype and shape of `like` holding the real components `data`. */
export function fromComponents(data: Float64Array, like: Tensor, requiresGrad = false): Tensor {
  const arr = isSinglePrecision(like.dtype) ? Float32Array.from(data) : data;
  return tensor(arr, { dtype: like.dtype, shape: [...like.shape], requiresGrad });
}

/** Σ a·b. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Σ |a|. */
export function norm1(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]);
  return s;
}

/**
 * One function at one point: its differentiable inputs (those with requiresGrad), its floating outputs, and the
 * finite differences. Output and input numbers in messages are positions in the function's own outputs and inputs.
 */
export class JacobianProblem {
  /** Positions (in `inputs`) of the inputs that are differentiated. */
  readonly diffIndices: number[];
  readonly diffInputs: Tensor[];
  /** All outputs at the point, with their graph. */
  readonly outputs: Tensor[];
  /** Positions (in `outputs`) of the floating-point outputs, the only ones compared. */
  readonly outIndices: number[];
  /** Real components of each differentiated input / compared output. */
  readonly inSizes: number[];
  readonly outSizes: number[];
  private readonly base: Float64Array[];

  constructor(
    readonly op: string,
    readonly fn: CheckedFn,
    readonly inputs: Tensor[],
  ) {
    this.diffIndices = inputs.map((t, i) => (t.requiresGrad ? i : -1)).filter((i) => i >= 0);
    this.diffInputs = this.diffIndices.map((i) => inputs[i]);
    this.outputs = outputsOf(fn, inputs, op);
    this.outIndices = this.outputs.map((t, i) => (isFloating(t.dtype) ? i : -1)).filter((i) => i >= 0);
    this.base = this.diffInputs.map(realComponents);
    this.inSizes = this.base.map((b) => b.length);
    this.outSizes = this.outIndices.map((o) => realComponents(this.outputs[o]).length);
  }

  /** The compared output `o` (index into outIndices). */
  output(o: number): Tensor {
    return this.outputs[this.outIndices[o]];
  }

  /** The compared outputs' components with differentiated input k replaced by the components `data`. */
  evaluateWith(k: number, data: Float64Array): Float64Array[] {
    const input = this.diffInputs[k];
    const moved = fromComponents(data, input, input.requiresGrad);
    // Every argument that is this very tensor moves (the same tensor passed twice is one variable).
    const outs = outputsOf(
      this.fn,
      this.inputs.map((t) => (t === input ? moved : t)),
      this.op,
    );
    return this.outIndices.map((oi, o) => {
      const t = outs[oi];
      const expected = this.outputs[oi];
      if (t === undefined || t.ndim !== expected.ndim || t.shape.some((s, d) => s !== expected.shape[d]))
        throw new ShapeError(
          `${this.op}: expected the function to return output ${oi} of shape [${expected.shape.join(', ')}] at every point, got ${t === undefined ? 'no such output' : `[${t.shape.join(', ')}]`} at a perturbed input`,
        );
      const values = realComponents(t);
      if (values.length !== this.outSizes[o])
        throw new DtypeError(
          `${this.op}: expected output ${oi} to stay ${expected.dtype} at every point, got ${t.dtype} at a perturbed input`,
        );
      return values;
    });
  }

  /** ∂(every compared output component)/∂(real component r of input k), by central differences. */
  numericalColumn(k: number, r: number, eps: number): Float64Array[] {
    const x = this.base[k];
    const up = Float64Array.from(x);
    const down = Float64Array.from(x);
    let step = 2 * eps;
    if (isSinglePrecision(this.diffInputs[k].dtype)) {
      // The input is stored in float32: divide by the step the rounded values actually make.
      let h = eps;
      up[r] = Math.fround(x[r] + h);
      down[r] = Math.fround(x[r] - h);
      if (up[r] === down[r]) {
        h = eps * Math.abs(x[r]);
        up[r] = Math.fround(x[r] + h);
        down[r] = Math.fround(x[r] - h);
      }
      step = up[r] - down[r];
    } else {
      up[r] = x[r] + eps;
      down[r] = x[r] - eps;
    }
    const fPlus = this.evaluateWith(k, up);
    const fMinus = this.evaluateWith(k, down);
    return fPlus.map((p, o) => {
      const m = fMinus[o];
      const col = new Float64Array(p.length);
      for (let c = 0; c < p.length; c++) col[c] = (p[c] - m[c]) / step;
      return col;
    });
  }

  /**
   * J_k·u for input k along the direction u (fast mode), by one central difference. Returns the products and the
   * direction actually taken (u itself, or in single precision the rounded step divided by 2ε).
   */
  numericalDirectional(k: number, u: Float64Array, eps: number): { products: Float64Array[]; direction: Float64Array } {
    const x = this.base[k];
    const up = new Float64Array(x.length);
    const down = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      up[i] = x[i] + eps * u[i];
      down[i] = x[i] - eps * u[i];
    }
    const scale = 2 * eps;
    let direction = u;
    if (isSinglePrecision(this.diffInputs[k].dtype)) {
      direction = new Float64Array(u.length);
      for (let i = 0; i < u.length; i++) {
        up[i] = Math.fround(up[i]);
        down[i] = Math.fround(down[i]);
        direction[i] = (up[i] - down[i]) / scale;
      }
    }
    const fPlus = this.evaluateWith(k, up);
    const fMinus = this.evaluateWith(k, down);
    const products = fPlus.map((p, o) => {
      const m = fMinus[o];
      const col = new Float64Array(p.length);
      for (let c = 0; c < p.length; c++) col[c] = (p[c] - m[c]) / scale;
      return col;
    });
    return { products, direction };
  }

  /** Outputs that carry a graph (the others have a zero analytical Jacobian), as indices into outIndices. */
  differentiableOutputs(): number[] {
    return this.outIndices.map((_, o) => o).filter((o) => this.output(o).requiresGrad);
  }

  /**
   * Backward of the compared outputs `os` with cotangents given as components: the gradient (components) of each
   * differentiated input, zeros where none flows. Run twice; `onRepeat` receives both runs for the reentrancy check.
   */
  backward(
    os: number[],
    cotangents: Float64Array[],
    onRepeat: (first: Float64Array[], second: Float64Array[]) => void,
  ): Float64Array[] {
    const run = () => {
      const gradOutputs = os.map((o, i) => fromComponents(cotangents[i], this.output(o)));
      const grads = grad(
        os.map((o) => this.output(o)),
        this.diffInputs,
        { gradOutputs, retainGraph: true, allowUnused: true },
      );
      return grads.map((g, k) => (g === null ? new Float64Array(this.inSizes[k]) : realComponents(g)));
    };
    const first = run();
    onRepeat(first, run());
    return first;
  }
}

/** Where two runs of the same backward differed most. */
export interface Reentrancy {
  maxDiff: number;
  /** Differentiated input k, real component r of it, compared output o, component c of it; and the two values. */
  k: number;
  r: number;
  o: number;
  c: number;
  first: number;
  second: number;
}

/** Tracks the largest difference between repeated backward runs. */
export class ReentrancyTracker {
  worst: Reentrancy = { maxDiff: 0, k: 0, r: 0, o: 0, c: 0, first: 0, second: 0 };

  /** Compares two runs of one analytical vector (`place(i)` locates its component i). */
  compare(
    first: Float64Array,
    second: Float64Array,
    place: (i: number) => [k: number, r: number, o: number, c: number],
  ): void {
    for (let i = 0; i < first.length; i++) {
      const d = Math.abs(first[i] - second[i]);
      if (d > this.worst.maxDiff || (Number.isNaN(d) && !Number.isNaN(this.worst.maxDiff))) {
        const [k, r, o, c] = place(i);
        this.worst = { maxDiff: d, k, r, o, c, first: first[i], second: second[i] };
      }
    }
  }
}

/** The analytical Jacobian, read one column (one real input component, all compared outputs) at a time. */
export interface AnalyticalJacobian {
  /** ∂(component c of compared output o)/∂(component r of input k) as backward computes it, per output o. */
  column(k: number, r: number): Float64Array[];
  readonly reentrancy: ReentrancyTracker;
  /** 'rows' when formed whole, 'columns' when read by the double-vjp trick. */
  readonly mode: 'rows' | 'columns';
}

/** PyTorch's slow mode: one backward per real output component; the rows are kept. */
export class RowJacobian implements AnalyticalJacobian {
  readonly mode = 'rows';
  readonly reentrancy = new ReentrancyTracker();
  /** rows[o][k][c·inSizes[k] + r]. */
  private readonly rows: Float64Array[][];

  /** `only`: the compared outputs whose rows are formed (the others read as zeros), default all. */
  constructor(
    private readonly problem: JacobianProblem,
    only?: readonly number[],
  ) {
    const { inSizes, outSizes } = problem;
    const formed = problem.differentiableOutputs().filter((o) => only === undefined || only.includes(o));
    this.rows = outSizes.map((m, o) => inSizes.map((n) => new Float64Array(formed.includes(o) ? m * n : 0)));
    for (const o of formed) {
      for (let c = 0; c < outSizes[o]; c++) {
        const unit = new Float64Array(outSizes[o]);
        unit[c] = 1; // a complex output's odd component means gradOutput = i, selecting its imaginary part
        const grads = problem.backward([o], [unit], (first, second) => {
          first.forEach((g, k) => {
            this.reentrancy.compare(g, second[k], (r) => [k, r, o, c]);
          });
        });
        grads.forEach((g, k) => {
          this.rows[o][k].set(g, c * inSizes[k]);
        });
      }
    }
  }

  column(k: number, r: number): Float64Array[] {
    const n = this.problem.inSizes[k];
    return this.rows.map((perInput, o) => {
      const rows = perInput[k];
      const m = this.problem.outSizes[o];
      const col = new Float64Array(m);
      if (rows.length === 0) return col;
      for (let c = 0; c < m; c++) col[c] = rows[c * n + r];
      return col;
    });
  }
}

/** Columns by the double-vjp trick: J·e_r = ∂⟨Jᵀw, e_r⟩/∂w. Memory O(one column) beyond the graphs. */
export class ColumnJacobian implements AnalyticalJacobian {
  readonly mode = 'columns';
  readonly reentrancy = new ReentrancyTracker();

  private constructor(
    private readonly problem: JacobianProblem,
    private readonly os: number[],
    private readonly cotangents: Tensor[],
    private readonly vjps: (Tensor | null)[],
  ) {}

  /**
   * Builds the column reader, or returns null when backward cannot be differentiated with respect to its incoming
   * gradient (a custom op whose backward leaves the tape) or the double-vjp is not faithful: the identity
   * wᵀ(J·u) = (Jᵀw)·u is tested at random w and u first, and the caller then forms the rows instead.
   */
  static tryCreate(problem: JacobianProblem, seed: number): ColumnJacobian | null {
    const os = problem.differentiableOutputs();
    if (os.length === 0)
      return new ColumnJacobian(
        problem,
        os,
        [],
        problem.diffInputs.map(() => null),
      );
    const rng = new SeededNormal(seed);
    try {
      const ws = os.map((o) => fromComponents(rng.unitVector(problem.outSizes[o]), problem.output(o), true));
      const vjps = grad(
        os.map((o) => problem.output(o)),
        problem.diffInputs,
        { gradOutputs: ws, createGraph: true, allowUnused: true },
      );
      const tracked: number[] = [];
      for (let k = 0; k < vjps.length; k++) {
        const z = vjps[k];
        if (z === null) continue;
        if (z.requiresGrad) tracked.push(k);
        // Jᵀw ≠ 0 for a random w but without a graph: backward is not differentiable in its gradient.
        else if (realComponents(z).some((v) => v !== 0)) return null;
        else vjps[k] = null;
      }
      if (tracked.length === 0) return new ColumnJacobian(problem, os, ws, vjps);
      const us = tracked.map((k) => rng.unitVector(problem.inSizes[k]));
      const ju = grad(
        tracked.map((k) => vjps[k] as Tensor),
        ws,
        {
          gradOutputs: tracked.map((k, i) => fromComponents(us[i], vjps[k] as Tensor)),
          retainGraph: true,
          allowUnused: true,
        },
      );
      let lhs = 0;
      let scale = 0;
      ws.forEach((w, i) => {
        const g = ju[i];
        if (g === null) return;
        const wc = realComponents(w);
        const jc = realComponents(g);
        lhs += dot(wc, jc);
        for (let c = 0; c < wc.length; c++) scale += Math.abs(wc[c] * jc[c]);
      });
      let rhs = 0;
      tracked.forEach((k, i) => {
        const zc = realComponents(vjps[k] as Tensor);
        rhs += dot(zc, us[i]);
        for (let r = 0; r < zc.length; r++) scale += Math.abs(zc[r] * us[i][r]);
      });
      const single = problem.diffInputs.some((t) => isSinglePrecision(t.dtype));
      const tolerance = (single ? 1e-4 : 1e-9) * scale + Number.MIN_VALUE;
      if (!(Math.abs(lhs - rhs) <= tolerance)) return null;
      return new ColumnJacobian(problem, os, ws, vjps);
    } catch {
      return null; // some op on the backward's graph cannot be differentiated again: form the rows
    }
  }

  column(k: number, r: number): Float64Array[] {
    const { problem } = this;
    const cols: Float64Array[] = problem.outSizes.map((m) => new Float64Array(m));
    const z = this.vjps[k];
    if (z === null) return cols;
    const unit = new Float64Array(problem.inSizes[k]);
    unit[r] = 1;
    const run = (): Float64Array[] =>
      grad([z], this.cotangents, { gradOutputs: [fromComponents(unit, z)], retainGraph: true, allowUnused: true }).map(
        (g, i) => (g === null ? new Float64Array(problem.outSizes[this.os[i]]) : realComponents(g)),
      );
    const first = run();
    const second = run();
    first.forEach((g, i) => {
      const o = this.os[i];
      this.reentrancy.compare(g, second[i], (c) => [k, r, o, c]);
      cols[o] = g;
    });
    return cols;
  }
}

/**
 * The analytical Jacobian of a problem (of output `only` alone when given): whole when small, else column by column
 * (rows when columns are impossible).
 */
export function analyticalJacobian(problem: JacobianProblem, seed: number, only?: number): AnalyticalJacobian {
  const outs = only === undefined ? problem.outSizes : [problem.outSizes[only]];
  const outTotal = outs.reduce((a, b) => a + b, 0);
  const inTotal = problem.inSizes.reduce((a, b) => a + b, 0);
  const formed = only === undefined ? undefined : [only];
  if (outTotal * inTotal <= ROW_MODE_MAX_ENTRIES) return new RowJacobian(problem, formed);
  return ColumnJacobian.tryCreate(problem, seed) ?? new RowJacobian(problem, formed);
}
