/**
 * gradcheck / gradgradcheck (torch.autograd.gradcheck semantics): compare the analytical Jacobian (one backward per
 * real output component) with central finite differences, elementwise |a − n| ≤ atol + rtol·|n|.
 * Complex numbers as in PyTorch: the imaginary and real parts of a complex output are checked in turn (analytical rows
 * from gradOutputs i and 1; SPEC §3.1: grad(y, z, { gradOutputs: v }) is the gradient of Re(Σ conj(v)·y) as
 * ∂/∂x + i∂/∂y), and the entries for a complex input are the complex numbers ∂/∂x + i∂/∂y.
 */
import type { DType, Tensor } from '@tapegrad/core';
import {
  DtypeError,
  GradcheckError,
  isComplex,
  isFloating,
  ShapeError,
  Tensor as TensorClass,
  tensor,
  warnings,
} from '@tapegrad/core';
import { describeValue } from './describe';
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

function outputsOf(fn: Fn, xs: Tensor[], op = 'gradcheck'): Tensor[] {
  const out = fn(...xs);
  const list = Array.isArray(out) ? out : [out];
  for (const t of list) {
    if (!(t instanceof TensorClass))
      throw new GradcheckError(
        `${op}: the function must return a Tensor or an array of Tensors (expected tensors, got ${describeValue(t)})`,
      );
  }
  return list;
}

/** Validates fn, inputs and the numeric options (DtypeError for options of the wrong type or range). */
function checkArguments(op: string, fn: unknown, inputs: unknown, opts: unknown): void {
  if (typeof fn !== 'function' || !Array.isArray(inputs)) {
    throw new GradcheckError(
      `${op}: expected a function and an array of input tensors, got ${describeValue(fn)} and ${describeValue(inputs)}`,
    );
  }
  if (typeof opts !== 'object' || opts === null)
    throw new DtypeError(`${op}: expected an options object, got ${describeValue(opts)}`);
  const { eps, atol, rtol, raiseException } = opts as GradcheckOptions;
  if (eps !== undefined && !(typeof eps === 'number' && Number.isFinite(eps) && eps > 0))
    throw new DtypeError(`${op}: expected eps to be a finite number > 0, got ${describeValue(eps)}`);
  for (const [name, v] of [
    ['atol', atol],
    ['rtol', rtol],
  ] as const) {
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0))
      throw new DtypeError(`${op}: expected ${name} to be a finite number ≥ 0, got ${describeValue(v)}`);
  }
  if (raiseException !== undefined && typeof raiseException !== 'boolean')
    throw new DtypeError(`${op}: expected raiseException to be a boolean, got ${describeValue(raiseException)}`);
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

/** One entry of a Jacobian as PyTorch forms it: complex (∂/∂x + i∂/∂y) for a complex input, else real. */
interface Entry {
  re: number;
  im: number;
}

/**
 * The Jacobian of one (real or imaginary) part of an output with respect to one input, as PyTorch's slow gradcheck
 * compares it: rows are the input's elements, columns the output's elements; `components[c][r]` holds the derivative of
 * real output component c with respect to real input component r (complex tensors interleave re, im).
 */
function entries(
  components: Float64Array[],
  inComplex: boolean,
  outComplex: boolean,
  part: 'real' | 'imag',
): Entry[][] {
  const outElems = outComplex ? components.length / 2 : components.length;
  const inComponents = components.length === 0 ? 0 : components[0].length;
  const inElems = inComplex ? inComponents / 2 : inComponents;
  const rows: Entry[][] = [];
  for (let r = 0; r < inElems; r++) {
    const row: Entry[] = [];
    for (let c = 0; c < outElems; c++) {
      const col = components[outComplex ? 2 * c + (part === 'imag' ? 1 : 0) : c];
      row.push(inComplex ? { re: col[2 * r], im: col[2 * r + 1] } : { re: col[r], im: 0 });
    }
    rows.push(row);
  }
  return rows;
}

/** Prints a Jacobian as PyTorch's message does; a complex one (complex input) carries the input's dtype. */
function formatJacobian(rows: Entry[][], inputDtype: DType): string {
  const complexEntries = isComplex(inputDtype);
  const lines = rows.map((row) => `        [${row.map((e) => formatEntry(e, complexEntries)).join(', ')}]`);
  return `tensor([\n${lines.join(',\n')}]${complexEntries ? `, dtype=${inputDtype}` : ''})`;
}

function formatEntry(e: Entry, complexEntries: boolean): string {
  if (!complexEntries) return formatNumber(e.re);
  return `${formatNumber(e.re)}${e.im < 0 || Object.is(e.im, -0) ? '-' : '+'}${formatNumber(Math.abs(e.im))}j`;
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? `${v}.` : v.toPrecision(6);
}

/**
 * Checks the analytical gradients of `fn` at `inputs` against central finite differences. Only inputs with
 * `requiresGrad` are differentiated. Inputs should be float64/complex128 (else a TAPEGRAD_GRADCHECK_PRECISION warning).
 *
 * Complex numbers are handled as PyTorch's gradcheck does: a complex output is checked through its imaginary part,
 * then its real part (failures then start with "While considering the imaginary part of complex outputs only, ");
 * for a complex input each Jacobian entry is the complex number ∂/∂x + i∂/∂y, compared as a complex number
 * (|a − n| ≤ atol + rtol·|n| with the complex modulus).
 * @example
 * ```ts
 * autograd.gradcheck((x) => x.exp().sum(), [randn([3], { dtype: 'float64', requiresGrad: true })]); // true
 * ```
 */
export function gradcheck(fn: Fn, inputs: Tensor[], opts: GradcheckOptions = {}): boolean {
  return gradcheckAs('gradcheck', fn, inputs, opts);
}

function gradcheckAs(op: string, fn: Fn, inputs: Tensor[], opts: GradcheckOptions): boolean {
  checkArguments(op, fn, inputs, opts);
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-5;
  const rtol = opts.rtol ?? 1e-3;
  const raise = opts.raiseException ?? true;
  const diffIndices = inputs.map((t, i) => (t instanceof TensorClass && t.requiresGrad ? i : -1)).filter((i) => i >= 0);
  if (diffIndices.length === 0)
    throw new GradcheckError(`${op}: expected at least one input tensor with requiresGrad: true, got none`);
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
  const outCols = outIndices.map((oi) => realComponents(outputs[oi]).length);

  // numerical[k][o][c][r] / analytical[k][o][c][r]: d(component c of output outIndices[o]) / d(component r of input
  // diffIndices[k]), central differences / one backward per real output component.
  const numerical: Float64Array[][][] = [];
  const analytical: Float64Array[][][] = [];
  for (const ii of diffIndices) {
    const input = inputs[ii];
    const inComponents = realComponents(input).length;
    const perOutput = outCols.map((cols) => Array.from({ length: cols }, () => new Float64Array(inComponents)));
    for (let r = 0; r < inComponents; r++) {
      // Every argument that is this very tensor moves (the same tensor passed twice is one variable).
      const up = withEntry(input, r, eps);
      const down = withEntry(input, r, -eps);
      const plus = inputs.map((t) => (t === input ? up : t));
      const minus = inputs.map((t) => (t === input ? down : t));
      const outPlus = outputsOf(fn, plus);
      const outMinus = outputsOf(fn, minus);
      outIndices.forEach((oi, o) => {
        const fp = realComponents(outPlus[oi]);
        const fm = realComponents(outMinus[oi]);
        for (let c = 0; c < outCols[o]; c++) perOutput[o][c][r] = (fp[c] - fm[c]) / (2 * eps);
      });
    }
    numerical.push(perOutput);
    analytical.push(outCols.map((cols) => Array.from({ length: cols }, () => new Float64Array(inComponents))));
  }
  const diffInputs = diffIndices.map((i) => inputs[i]);
  outIndices.forEach((oi, o) => {
    const out = outputs[oi];
    if (!out.requiresGrad) return;
    for (let c = 0; c < outCols[o]; c++) {
      const v = new Float64Array(outCols[o]);
      v[c] = 1; // complex output: an odd component means gradOutput = i, selecting the imaginary part
      const gradOutput = tensor(out.dtype === 'float32' || out.dtype === 'complex64' ? Float32Array.from(v) : v, {
        dtype: out.dtype,
        shape: [...out.shape],
      });
      const grads = grad(out, diffInputs, { gradOutputs: gradOutput, retainGraph: true, allowUnused: true });
      grads.forEach((g, k) => {
        if (g !== null) analytical[k][o][c] = realComponents(g.to(diffInputs[k].dtype));
      });
    }
  });

  // As torch.autograd.gradcheck: the imaginary parts of complex outputs first, then the real parts; input-major.
  const parts: ('imag' | 'real')[] = outIndices.some((oi) => isComplex(outputs[oi].dtype))
    ? ['imag', 'real']
    : ['real'];
  for (const part of parts) {
    for (let k = 0; k < diffIndices.length; k++) {
      const inComplex = isComplex(diffInputs[k].dtype);
      for (let o = 0; o < outIndices.length; o++) {
        const outComplex = isComplex(outputs[outIndices[o]].dtype);
        const n = entries(numerical[k][o], inComplex, outComplex, part);
        const a = entries(analytical[k][o], inComplex, outComplex, part);
        const ok = n.every((row, r) =>
          row.every((e, c) => Math.hypot(a[r][c].re - e.re, a[r][c].im - e.im) <= atol + rtol * Math.hypot(e.re, e.im)),
        );
        if (ok) continue;
        const prefix = outComplex
          ? `While considering the ${part === 'imag' ? 'imaginary' : 'real'} part of complex outputs only, `
          : '';
        const message = `${prefix}Jacobian mismatch for output ${outIndices[o]} with respect to input ${diffIndices[k]},\nnumerical:${formatJacobian(n, diffInputs[k].dtype)}\nanalytical:${formatJacobian(a, diffInputs[k].dtype)}\n`;
        if (raise) throw new GradcheckError(message);
        return false;
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
  const op = 'gradgradcheck';
  checkArguments(op, fn, inputs, opts);
  const outputs = outputsOf(fn, inputs, op).filter((t) => isFloating(t.dtype));
  const gradOutputs = opts.gradOutputs ?? outputs.map((t, i) => seededLike(t, 0x5eed + 7919 * i));
  if (!Array.isArray(gradOutputs) || gradOutputs.length !== outputs.length) {
    throw new GradcheckError(
      `${op}: expected ${outputs.length} gradOutputs (one per output), got ${Array.isArray(gradOutputs) ? gradOutputs.length : describeValue(gradOutputs)}`,
    );
  }
  gradOutputs.forEach((g: unknown, i) => {
    const out = outputs[i];
    if (!(g instanceof TensorClass))
      throw new DtypeError(`${op}: expected gradOutputs[${i}] to be a Tensor, got ${describeValue(g)}`);
    if (g.ndim !== out.ndim || g.shape.some((s, d) => s !== out.shape[d]))
      throw new ShapeError(
        `${op}: expected gradOutputs[${i}] of the shape of output ${i}, [${out.shape.join(', ')}], got [${g.shape.join(', ')}]`,
      );
  });
  const diffIndices = inputs.map((t, i) => (t instanceof TensorClass && t.requiresGrad ? i : -1)).filter((i) => i >= 0);
  const n = inputs.length;
  const firstOrder = (...xs: Tensor[]): Tensor[] => {
    const xsIn = xs.slice(0, n);
    const gos = xs.slice(n);
    const outs = outputsOf(fn, xsIn, op).filter((t) => isFloating(t.dtype));
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
  return gradcheckAs(op, firstOrder, [...inputs, ...gradOutputs], opts);
}
