/**
 * The optimizer base (torch.optim.Optimizer): parameter groups, per-parameter state, `step` under noGrad,
 * `zeroGrad`, and a JSON-safe state dict.
 *
 * Updates are written straight into each parameter's storage with a plain loop (no temporary tensors): parameters
 * are contiguous leaves (checked when they are added), and changing a leaf's values outside the tape is what
 * PyTorch's in-place `param.add_` under `no_grad` does too. Complex parameters are updated as pairs of reals, as
 * PyTorch does (`view_as_real`). float32 parameters and state are updated in double precision and rounded when
 * stored, so they agree with PyTorch (which rounds every float32 intermediate) to a few ulps; float64 evaluates
 * PyTorch's operations in PyTorch's order (lerp, addcmul, addcdiv), so it agrees to the last bit or so.
 */
import type { Tensor } from '@tapegrad/core';
import { DtypeError, enableGrad, isFloating, noGrad, ShapeError, Tensor as TensorClass, tensor } from '@tapegrad/core';
import { copyIterable, copyRecord, describeValue, markModified } from '@tapegrad/core/internal';
import { MAX_PARAMETERS } from '../checks';
import {
  isPlainRecord,
  ownValue,
  readSerializedTensor,
  readStateDict,
  type SerializedTensor,
  serializeTensor,
} from '../state-dict';

/** The typed array behind a floating tensor. */
export type FloatStorage = Float32Array | Float64Array;
/** A hyperparameter value. */
export type HyperValue = number | boolean | readonly number[];
/** What every optimizer's options have. */
export interface BaseOptions {
  lr: number;
}
/** A parameter group: its tensors and its (complete) options. Schedulers change `lr` here. */
export type ParamGroup<O> = O & { params: Tensor[] };
/** A parameter group as passed to a constructor: options missing from it come from the optimizer's defaults. */
export type ParamGroupInput<O> = { params: Iterable<Tensor> } & Partial<O>;
/** Parameters to optimize: tensors (one group) or parameter groups. */
export type ParamsInput<O> = Iterable<Tensor> | readonly ParamGroupInput<O>[];
/** Per-parameter state: counters and buffers shaped like the parameter. */
export type ParamState = Record<string, number | Tensor | undefined>;
/**
 * Which state entries an optimizer keeps: step counters ('count'), finite numbers ('scalar', e.g. NAdam's running
 * product of momentum coefficients) and parameter-shaped buffers ('tensor').
 * Loaded tensors never hold NaN; `nonNegative` ones (running averages of squares) hold only values ≥ 0, so a
 * hostile state dict cannot turn the next step into NaN parameters.
 */
export type StateSchema = Record<
  string,
  { kind: 'count' | 'scalar' | 'tensor'; optional?: boolean; nonNegative?: boolean }
>;
/** Validates one option value. */
export type OptionReader<T> = (op: string, key: string, value: unknown) => T;

/**
 * An optimizer's state as JSON-safe data (torch's layout): `state` maps a parameter's index (counting through the
 * groups in order) to its counters and buffers; `paramGroups` holds each group's options and parameter indices.
 */
export interface OptimizerStateDict {
  state: Record<string, Record<string, number | SerializedTensor>>;
  paramGroups: Record<string, number | boolean | number[]>[];
}

/** What a concrete optimizer tells the base class. */
export interface OptimizerSpec<O extends BaseOptions> {
  /** Public name for error messages, e.g. `'optim.Adam'`. */
  name: string;
  /** PyTorch's defaults. */
  defaults: O;
  /** One reader per option key (unknown keys are refused). */
  readers: { [K in keyof O]: OptionReader<O[K]> };
  /** Checks across options (e.g. nesterov needs momentum); throws DtypeError. (Method syntax keeps it bivariant.) */
  check?(op: string, options: O): void;
  stateSchema: StateSchema;
}

/** Copies the entries of `source` (an already read-once copy) except `params` into a null-prototype record. */
function optionEntries(source: object): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(source)) if (key !== 'params') out[key] = (source as Record<string, unknown>)[key];
  return out;
}

function readOptions<O extends BaseOptions>(op: string, spec: OptimizerSpec<O>, raw: object, fallback: O): O {
  const entries = optionEntries(raw);
  for (const key of Object.keys(entries)) {
    if (!Object.hasOwn(spec.readers, key))
      throw new DtypeError(
        `${op}: unknown option ${JSON.stringify(key)} (expected one of ${Object.keys(spec.readers).join(', ')}, got ${JSON.stringify(key)})`,
      );
  }
  const out = { ...fallback };
  for (const key of Object.keys(spec.readers) as (keyof O & string)[]) {
    const value = entries[key];
    out[key] = spec.readers[key](op, key, value === undefined ? fallback[key] : value);
  }
  spec.check?.(op, out);
  return out;
}

function isContiguousLeaf(t: Tensor): boolean {
  let expected = 1;
  for (let d = t.ndim - 1; d >= 0; d--) {
    if (t.shape[d] !== 1 && t.strides[d] !== expected) return false;
    expected *= t.shape[d];
  }
  return t.isLeaf;
}

/**
 * Base class of SGD, Adam and AdamW. Subclasses implement {@link update} for one parameter.
 * @example
 * ```ts
 * const w = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
 * const opt = new optim.SGD([w], { lr: 0.1 });
 * w.square().sum().backward();
 * opt.step(); // w = w − 0.1·2w
 * w.toArray(); // [0.8, 1.6]
 * ```
 */
export abstract class Optimizer<O extends BaseOptions, S extends ParamState> {
  /** The options a new group gets by default. */
  readonly defaults: O;
  /** The parameter groups (replaced by {@link loadStateDict}). */
  paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state, created at a parameter's first update (replaced by {@link loadStateDict}). */
  state = new Map<Tensor, S>();
  readonly #spec: OptimizerSpec<O>;

  protected constructor(spec: OptimizerSpec<O>, params: ParamsInput<O>, options: Partial<O> | undefined) {
    this.#spec = spec;
    const given = options === undefined ? {} : copyRecord(spec.name, options, 'options');
    if (given === undefined)
      throw new DtypeError(`${spec.name}: expected an options object, got ${describeValue(options)}`);
    this.defaults = readOptions(spec.name, spec, given, spec.defaults);
    const items = copyIterable(spec.name, params, 'parameters', MAX_PARAMETERS);
    if (items === undefined)
      throw new DtypeError(
        `${spec.name}: expected an array of tensors or parameter groups, got ${describeValue(params)}`,
      );
    if (items.length === 0)
      throw new ShapeError(`${spec.name}: got an empty parameter list (expected at least one parameter)`);
    if (items.every((item) => item instanceof TensorClass)) this.#addGroup(spec.name, { params: items });
    else for (const group of items) this.#addGroup(spec.name, group);
  }

  /**
   * Adds a parameter group; options it omits come from {@link defaults}.
   * @example `opt.addParamGroup({ params: head.parameters(), lr: 1e-2 });`
   */
  addParamGroup(group: ParamGroupInput<O>): void {
    this.#addGroup(`${this.#spec.name}.addParamGroup`, group);
  }

  #addGroup(op: string, raw: unknown): void {
    const group = raw instanceof TensorClass ? undefined : copyRecord(op, raw, 'a parameter group');
    if (group === undefined)
      throw new DtypeError(`${op}: expected a tensor or a { params, ... } group, got ${describeValue(raw)}`);
    const rawParams = group.params;
    const params = copyIterable(op, rawParams, 'params', MAX_PARAMETERS);
    if (params === undefined)
      throw new DtypeError(`${op}: expected params to be an array of tensors, got ${describeValue(rawParams)}`);
    const existing = new Set(this.paramGroups.flatMap((g) => g.params));
    for (const p of params) {
      if (!(p instanceof TensorClass)) throw new DtypeError(`${op}: expected tensors, got ${describeValue(p)}`);
      if (!isFloating(p.dtype))
        throw new DtypeError(`${op}: expected floating or complex parameters, got ${describeValue(p)}`);
      if (!isContiguousLeaf(p))
        throw new DtypeError(
          `${op}: can only optimize contiguous leaf tensors (expected a contiguous leaf, got a view or non-leaf ${describeValue(p)})`,
        );
      if (existing.has(p))
        throw new DtypeError(
          `${op}: some parameters appear in more than one parameter group (expected each parameter once, got ${describeValue(p)} again)`,
        );
      existing.add(p);
    }
    const options = readOptions(op, this.#spec, group, this.defaults);
    this.paramGroups.push({ ...options, params: params as Tensor[] });
  }

  /**
   * Updates every parameter that has a gradient (without recording on the tape). With a `closure`, calls it first
   * (with grad enabled) and returns its loss, as torch's `step(closure)`.
   * @example `loss.backward(); opt.step(); opt.zeroGrad();`
   */
  step(closure?: () => Tensor): Tensor | undefined {
    if (closure !== undefined && typeof closure !== 'function')
      throw new DtypeError(`${this.#spec.name}.step: expected a closure function, got ${describeValue(closure)}`);
    const loss = closure === undefined ? undefined : enableGrad(closure);
    noGrad(() => {
      // Every gradient is checked before any parameter or state is written: a bad gradient changes nothing.
      const work: [Tensor, Tensor, ParamGroup<O>][] = [];
      for (const group of this.paramGroups) {
        for (const p of group.params) if (p.grad !== null) work.push([p, this.gradientOf(p), group]);
      }
      for (const [p, g, group] of work) {
        this.state.set(p, this.update(p, g, group, this.state.get(p)));
        // The parameter was written in place: graphs that saved it can no longer be differentiated.
        markModified(p);
      }
    });
    return loss;
  }

  /**
   * Sets every parameter's gradient to null (torch's default `set_to_none=True`).
   * @example `opt.zeroGrad(); w.grad; // null`
   */
  zeroGrad(): void {
    for (const group of this.paramGroups) for (const p of group.params) p.grad = null;
  }

  /**
   * A JSON-safe copy of the options and state; `JSON.stringify` keeps every float64 bit (see SerializedTensor).
   * @example `JSON.parse(JSON.stringify(opt.stateDict())).paramGroups[0].lr; // 0.1`
   */
  stateDict(): OptimizerStateDict {
    const state: OptimizerStateDict['state'] = Object.create(null);
    const paramGroups: OptimizerStateDict['paramGroups'] = [];
    let index = 0;
    for (const group of this.paramGroups) {
      const entry: Record<string, number | boolean | number[]> = {};
      for (const key of Object.keys(this.#spec.readers) as (keyof O & string)[]) {
        const value: unknown = group[key];
        entry[key] = Array.isArray(value) ? [...value] : (value as number | boolean);
      }
      const ids: number[] = [];
      for (const p of group.params) {
        const s = this.state.get(p);
        if (s !== undefined) state[String(index)] = this.encodeState(s);
        ids.push(index++);
      }
      entry.params = ids;
      paramGroups.push(entry);
    }
    return { state, paramGroups };
  }

  /**
   * Restores {@link stateDict}'s output (possibly through JSON): group options and per-parameter state, matched to
   * this optimizer's parameters by position. Validates everything first; on any mismatch it throws ShapeError /
   * DtypeError and changes nothing.
   * @example `opt2.loadStateDict(JSON.parse(JSON.stringify(opt.stateDict())));`
   */
  loadStateDict(given: unknown): void {
    const op = `${this.#spec.name}.loadStateDict`;
    const stateDict = readStateDict(op, given, ['state', 'paramGroups']);
    const groups = ownValue(op, stateDict, 'paramGroups');
    if (!Array.isArray(groups) || groups.length !== this.paramGroups.length)
      throw new ShapeError(
        `${op}: expected paramGroups to be an array of ${this.paramGroups.length} groups, got ${describeValue(groups)}${Array.isArray(groups) ? ` of length ${groups.length}` : ''}`,
      );
    const byIndex = new Map<number, Tensor>();
    const options: O[] = [];
    groups.forEach((saved: unknown, g) => {
      const current = this.paramGroups[g];
      if (!isPlainRecord(saved))
        throw new DtypeError(`${op}: expected paramGroups[${g}] to be an object, got ${describeValue(saved)}`);
      const ids = ownValue(op, saved, 'params');
      if (!Array.isArray(ids) || ids.length !== current.params.length)
        throw new ShapeError(
          `${op}: paramGroups[${g}] does not match the size of the optimizer's group (expected ${current.params.length} parameter indices, got ${Array.isArray(ids) ? ids.length : describeValue(ids)})`,
        );
      ids.forEach((id: unknown, j) => {
        if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || byIndex.has(id))
          throw new DtypeError(
            `${op}: expected distinct non-negative integer parameter indices, got ${describeValue(id)}`,
          );
        byIndex.set(id, current.params[j]);
      });
      options.push(readOptions(op, this.#spec, saved, current));
    });
    const savedState = ownValue(op, stateDict, 'state');
    if (!isPlainRecord(savedState))
      throw new DtypeError(`${op}: expected state to be an object, got ${describeValue(savedState)}`);
    const state = new Map<Tensor, S>();
    for (const key of Object.keys(savedState)) {
      const param = /^(0|[1-9][0-9]*)$/.test(key) ? byIndex.get(Number(key)) : undefined;
      if (param === undefined)
        throw new DtypeError(
          `${op}: unexpected state key ${JSON.stringify(key)} (expected the index of a parameter, got ${JSON.stringify(key)})`,
        );
      state.set(param, this.decodeState(op, key, ownValue(op, savedState, key), param));
    }
    this.paramGroups = this.paramGroups.map((group, g) => ({ ...options[g], params: group.params }));
    this.state = state;
  }

  /**
   * Updates one parameter in place from its gradient (same dtype and shape, contiguous) and returns its new state.
   * Called under noGrad.
   */
  protected abstract update(param: Tensor, grad: Tensor, group: O, state: S | undefined): S;

  private gradientOf(p: Tensor): Tensor {
    const g = p.grad!;
    const op = `${this.#spec.name}.step`;
    if (g.dtype !== p.dtype)
      throw new DtypeError(
        `${op}: expected the gradient of a ${p.dtype} parameter to be ${p.dtype}, got ${describeValue(g)}`,
      );
    if (g.ndim !== p.ndim || g.shape.some((s, i) => s !== p.shape[i]))
      throw new ShapeError(`${op}: expected the gradient to have the parameter's shape, got ${describeValue(g)}`);
    return g.contiguous();
  }

  private encodeState(s: S): Record<string, number | SerializedTensor> {
    const out: Record<string, number | SerializedTensor> = {};
    for (const key of Object.keys(this.#spec.stateSchema)) {
      const value = s[key];
      if (value === undefined) continue;
      out[key] = typeof value === 'number' ? value : serializeTensor(value);
    }
    return out;
  }

  private decodeState(op: string, id: string, saved: unknown, param: Tensor): S {
    if (!isPlainRecord(saved))
      throw new DtypeError(`${op}: expected state["${id}"] to be an object, got ${describeValue(saved)}`);
    const schema = this.#spec.stateSchema;
    for (const key of Object.keys(saved)) {
      if (!Object.hasOwn(schema, key))
        throw new DtypeError(
          `${op}: unexpected key ${JSON.stringify(key)} in state["${id}"] (expected ${Object.keys(schema).join(', ')}, got ${JSON.stringify(key)})`,
        );
    }
    const out: ParamState = {};
    for (const [key, { kind, optional, nonNegative: positive }] of Object.entries(schema)) {
      const value = ownValue(op, saved, key);
      if (value === undefined) {
        if (optional) continue;
        throw new DtypeError(`${op}: missing key "${key}" in state["${id}"] (expected it, got none)`);
      }
      if (kind === 'count') {
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
          throw new DtypeError(
            `${op}: expected state["${id}"].${key} to be a non-negative integer, got ${describeValue(value)}`,
          );
        out[key] = value;
      } else if (kind === 'scalar') {
        if (typeof value !== 'number' || !Number.isFinite(value) || (positive === true && !(value >= 0)))
          throw new DtypeError(
            `${op}: expected state["${id}"].${key} to be a finite number${positive === true ? ' ≥ 0' : ''}, got ${describeValue(value)}`,
          );
        out[key] = value;
      } else {
        const data = readSerializedTensor(op, `state.${id}.${key}`, value, param.dtype, param.shape);
        for (let i = 0; i < data.length; i++) {
          if (Number.isNaN(data[i]) || (positive === true && !(data[i] >= 0)))
            throw new DtypeError(
              `${op}: expected state["${id}"].${key} to hold ${positive === true ? 'values ≥ 0' : 'no NaN'}, got ${data[i]} at position ${i}`,
            );
        }
        out[key] = tensor(data, { dtype: param.dtype, shape: [...param.shape] });
      }
    }
    return out as S;
  }
}
