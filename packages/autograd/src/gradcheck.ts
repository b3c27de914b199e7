/**
 * gradcheck / gradgradcheck (torch.autograd.gradcheck semantics): compare the analytical Jacobian (one backward per
 * real output component) with central finite differences, elementwise |a − n| ≤ atol + rtol·|n|.
 * Complex numbers are checked as pairs of reals: a complex input contributes columns ∂/∂x and ∂/∂y, a complex output
 * rows for its real and imaginary parts; the analytical rows come from gradOutputs 1 and i (SPEC §3.1 convention:
 * grad(y, z, { gradOutputs: v }) is the gradient of Re(Σ conj(v)·y) as ∂/∂x + i∂/∂y).
 */
import type { Tensor } from '@tapegrad/core';
import { GradcheckError, isComplex, isFloating, Tensor as TensorClass, tensor, warnings } from '@tapegrad/core';
import { grad } from './grad';

/** Options of {@link gradcheck}. */
export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-3). */
  rtol?: number;
  /** Throw GradcheckError on failure (default true); otherwise return false. */
  raiseException?: boolean;
}

/** Options of {@link gradgradcheck}. */
export interface GradgradcheckOptions extends GradcheckOptions {
  /** Cotangents for the outputs of fn (default: seeded random tensors). */
  gradOutputs?: Tensor[];
}

type Fn = (...xs: Tensor[]) => Tensor | Tensor[];

function outputsOf(fn: Fn, xs: Tensor[]): Tensor[] {
  const out = fn(...xs);
  const list = Array.isArray(out) ? out : [out];
  for (const t of list) {
    if (!(t instanceof TensorClass))
      throw new GradcheckError('gradcheck: the function must return a Tensor or an array of Tensors');
  }
  return list;
}

/** Real components of a tensor as a flat Float64Array (complex: re, im interleaved). */
function realComponents(t: Tensor): Float64Array {
  return Float64Array.from(t.contiguous().toTypedArray() as ArrayLike<number>);
}

function withEntry(t: Tensor, component: number, delta: number): Tensor {
  const data = Float64Array.from(t.toTypedArray() as ArrayLike<number>);
  data[component] += delta;
  const arr = t.dtype === 'float32' || t.dtype === 'complex64' ? Float32Array.from(data) : data;
  const out = tensor(arr, { dtype: t.dtype, shape: [...t.shape] });
  if (t.requiresGrad) out.requiresGrad_(true);
  return out;
}

function formatJacobian(j: Float64Array[], cols: number): string {
  // Rows: input components; columns: output components (PyTorch's orientation).
  const rows = j.length === 0 ? 0 : j[0].length;
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < cols; c++) cells.push(formatNumber(j[c][r]));
    lines.push(`        [${cells.join(', ')}]`);
  }
  return `tensor([\n${lines.join(',\n')}])`;
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? `${v}.` : v.toPrecision(6);
}

/**
 * Checks the analytical gradients of `fn` at `inputs` against central finite differences. Only inputs with
 * `requiresGrad` are differentiated. Inputs should be float64/complex128 (else a TAPEGRAD_GRADCHECK_PRECISION warning).
 * @example
 * ```ts
 * autograd.gradcheck((x) => x.exp().sum(), [randn([3], { dtype: 'float64', requiresGrad: true })]); // true
 * ```
 */
export function gradcheck(fn: Fn, inputs: Tensor[], opts: GradcheckOptions = {}): boolean {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-5;
  const rtol = opts.rtol ?? 1e-3;
  const raise = opts.raiseException ?? true;
  if (typeof fn !== 'function' || !Array.isArray(inputs)) {
    throw new GradcheckError('gradcheck: expected a function and an array of input tensors');
  }
  const diffIndices = inputs.map((t, i) => (t instanceof TensorClass && t.requiresGrad ? i : -1)).filter((i) => i >= 0);
  if (diffIndices.length === 0)
    throw new GradcheckError('gradcheck: expected at least one input tensor with requiresGrad: true');
  for (const i of diffIndices) {
    const t = inputs[i];
    if (t.dtype !== 'float64' && t.dtype !== 'complex128') {
      warnings.warn(
        'NumericalWarning',
        'TAPEGRAD_GRADCHECK_PRECISION',
        `gradcheck: input ${i} is ${t.dtype}, not float64/complex128; finite differences with eps=${eps} are not accurate in single precision and the check may fail for that reason alone`,
      );
    }
  }
  const outputs = outputsOf(fn, inputs);
  const outIndices = outputs.map((t, i) => (isFloating(t.dtype) ? i : -1)).filter((i) => i >= 0);

  for (const oi of outIndices) {
    const out = outputs[oi];
    const outComplex = isComplex(out.dtype);
    const outCols = realComponents(out).length;
    for (const ii of diffIndices) {
      const input = inputs[ii];
      const inComponents = realComponents(input).length;
      // numerical[c][r]: d(output component c)/d(input component r)
      const numerical: Float64Array[] = Array.from({ length: outCols }, () => new Float64Array(inComponents));
      for (let r = 0; r < inComponents; r++) {
        const plus = [...inputs];
        const minus = [...inputs];
        plus[ii] = withEntry(input, r, eps);
        minus[ii] = withEntry(input, r, -eps);
        const fp = realComponents(outputsOf(fn, plus)[oi]);
        const fm = realComponents(outputsOf(fn, minus)[oi]);
        for (let c = 0; c < outCols; c++) numerical[c][r] = (fp[c] - fm[c]) / (2 * eps);
      }
      const analytical: Float64Array[] = Array.from({ length: outCols }, () => new Float64Array(inComponents));
      if (out.requiresGrad) {
        for (let c = 0; c < outCols; c++) {
          const v = new Float64Array(outCols);
          v[c] = 1; // complex output: an odd component means gradOutput = i, selecting the imaginary part
          const gradOutput = tensor(out.dtype === 'float32' || out.dtype === 'complex64' ? Float32Array.from(v) : v, {
            dtype: out.dtype,
            shape: [...out.shape],
          });
          const [g] = grad(out, [input], { gradOutputs: gradOutput, retainGraph: true, allowUnused: true });
          if (g !== null) analytical[c] = realComponents(g.to(input.dtype));
        }
      }
      void outComplex;
      for (let c = 0; c < outCols; c++) {
        for (let r = 0; r < inComponents; r++) {
          const a = analytical[c][r];
          const n = numerical[c][r];
          if (!(Math.abs(a - n) <= atol + rtol * Math.abs(n))) {
            const message = `Jacobian mismatch for output ${oi} with respect to input ${ii},\nnumerical:${formatJacobian(numerical, outCols)}\nanalytical:${formatJacobian(analytical, outCols)}\n`;
            if (raise) throw new GradcheckError(message);
            return false;
          }
        }
      }
    }
  }
  return true;
}

/** Deterministic cotangents for gradgradcheck that leave the global generator alone. */
function seededLike(t: Tensor, seed: number): Tensor {
  let s = seed >>> 0;
  const n = realComponents(t).length;
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s / 4294967296 - 0.5;
  }
  const arr = t.dtype === 'float32' || t.dtype === 'complex64' ? Float32Array.from(data) : data;
  return tensor(arr, { dtype: t.dtype, shape: [...t.shape], requiresGrad: true });
}

/**
 * Checks second derivatives: gradcheck of (inputs, gradOutputs) ↦ grad(fn(inputs), inputs, gradOutputs, createGraph).
 * @example
 * ```ts
 * autograd.gradgradcheck((x) => x.tanh(), [randn([3], { dtype: 'float64', requiresGrad: true })]); // true
 * ```
 */
export function gradgradcheck(fn: Fn, inputs: Tensor[], opts: GradgradcheckOptions = {}): boolean {
  const outputs = outputsOf(fn, inputs).filter((t) => isFloating(t.dtype));
  const gradOutputs = opts.gradOutputs ?? outputs.map((t, i) => seededLike(t, 0x5eed + 7919 * i));
  if (gradOutputs.length !== outputs.length) {
    throw new GradcheckError(
      `gradgradcheck: expected ${outputs.length} gradOutputs (one per output), got ${gradOutputs.length}`,
    );
  }
  const diffIndices = inputs.map((t, i) => (t instanceof TensorClass && t.requiresGrad ? i : -1)).filter((i) => i >= 0);
  const n = inputs.length;
  const firstOrder = (...xs: Tensor[]): Tensor[] => {
    const xsIn = xs.slice(0, n);
    const gos = xs.slice(n);
    const outs = outputsOf(fn, xsIn).filter((t) => isFloating(t.dtype));
    const diffInputs = diffIndices.map((i) => xsIn[i]);
    const usable = outs.map((o, i) => [o, gos[i]] as const).filter(([o]) => o.requiresGrad);
    if (usable.length === 0) return diffInputs.map((x) => x.mul(0));
    const grads = grad(
      usable.map(([o]) => o),
      diffInputs,
      { gradOutputs: usable.map(([, g]) => g), createGraph: true, allowUnused: true },
    );
    return grads.map((g, i) => g ?? diffInputs[i].mul(0));
  };
  return gradcheck(firstOrder, [...inputs, ...gradOutputs], opts);
}
