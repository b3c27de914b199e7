/**
 * Recurrent layers with PyTorch's equations, parameter layout and names (torch.nn.RNN, torch.nn.LSTM, torch.nn.GRU):
 * for layer l and direction suffix '' or 'Reverse', `weightIhL{l}` [G·H, in], `weightHhL{l}` [G·H, H], `biasIhL{l}`
 * and `biasHhL{l}` [G·H] with G gates stacked in PyTorch's order — LSTM (i, f, g, o), GRU (r, z, n) — so a state
 * dict saved with `{ names: 'pytorch' }` is `weight_ih_l0`, `bias_hh_l1_reverse`, … and loads into PyTorch.
 *
 * With x the input and h, c the states of one step (PyTorch's documentation of each module):
 * - RNN: h′ = tanh(W_ih x + b_ih + W_hh h + b_hh) (or relu);
 * - LSTM: i, f, g, o = σ, σ, tanh, σ of the four chunks of W_ih x + b_ih + W_hh h + b_hh; c′ = f⊙c + i⊙g,
 *   h′ = o⊙tanh(c′) (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000);
 * - GRU: r, z = σ(…); n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn)); h′ = (1 − z)⊙n + z⊙h (Cho et al. 2014).
 * The input projection of all time steps is one matrix product per layer and direction; each step then costs one
 * product with W_hh. Everything is composed of differentiable core ops, so gradients of every order exist.
 * Initialization as PyTorch: every weight and bias from U(−1/√H, 1/√H) with the seeded generator. Packed sequences
 * are not supported (pad and mask instead).
 */
import type { DType, Tensor } from '@tapegrad/core';
import { cat, DtypeError, isComplex, rand, ShapeError, stack, zeros } from '@tapegrad/core';
import { describeValue, formatShape, readOptions } from '@tapegrad/core/internal';
import {
  booleanOption,
  checkDropoutProbability,
  checkSameDtype,
  floatingDtypeOption,
  integerOption,
  requireRealFloating,
} from './checks';
import { dropout } from './functional';
import { Module } from './module';
import { markParameter } from './parameter';

/** Options of {@link RNN}, {@link LSTM} and {@link GRU}. */
export interface RecurrentOptions {
  /** Stacked layers (default 1). */
  numLayers?: number;
  /** Add the biases b_ih and b_hh (default true). */
  bias?: boolean;
  /** Input and output are [batch, seq, feature] instead of [seq, batch, feature] (default false). */
  batchFirst?: boolean;
  /** Dropout probability on the outputs of every layer but the last, in training mode (default 0). */
  dropout?: number;
  /** Run a second, reversed direction and concatenate both (default false). */
  bidirectional?: boolean;
  /** The parameters' dtype (default: the default dtype). */
  dtype?: DType;
}

/** Options of {@link RNN}: the common ones and the nonlinearity. */
export interface RNNOptions extends RecurrentOptions {
  /** 'tanh' (default) or 'relu'. */
  nonlinearity?: 'tanh' | 'relu';
}

type Cell = 'RNN' | 'LSTM' | 'GRU';
const GATES: Record<Cell, number> = { RNN: 1, LSTM: 4, GRU: 3 };
/** The most layers × directions a recurrent module builds (each is four parameter tensors). */
const MAX_LAYER_DIRECTIONS = 65536;
const KEYS = ['numLayers', 'bias', 'batchFirst', 'dropout', 'bidirectional', 'dtype'] as const;

/** One layer and direction's parameters. */
interface Weights {
  wIh: Tensor;
  wHh: Tensor;
  bIh: Tensor | null;
  bHh: Tensor | null;
}

/** The shared machinery: parameters, shapes, the layer and direction loops; subclasses give the cell. */
abstract class RecurrentBase extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  /** The weights of layer 0 (PyTorch's `weight_ih_l0`, …); deeper layers are `weightIhL1`, …, `…Reverse`. */
  declare weightIhL0: Tensor;
  declare weightHhL0: Tensor;
  declare biasIhL0: Tensor | undefined;
  declare biasHhL0: Tensor | undefined;

  constructor(cell: Cell, op: string, inputSize: number, hiddenSize: number, o: RecurrentOptions) {
    super();
    this.inputSize = integerOption(op, 'inputSize', inputSize, 1);
    this.hiddenSize = integerOption(op, 'hiddenSize', hiddenSize, 1);
    this.numLayers = integerOption(op, 'numLayers', o.numLayers ?? 1, 1);
    this.bias = booleanOption(op, 'bias', o.bias, true);
    this.batchFirst = booleanOption(op, 'batchFirst', o.batchFirst, false);
    this.dropout = checkDropoutProbability(op, o.dropout ?? 0);
    this.bidirectional = booleanOption(op, 'bidirectional', o.bidirectional, false);
    const dtype = floatingDtypeOption(op, o.dtype);
    if (isComplex(dtype)) throw new DtypeError(`${op}: expected a real floating dtype, got ${dtype}`);
    const G = GATES[cell] * this.hiddenSize;
    const D = this.bidirectional ? 2 : 1;
    if (G * Math.max(this.inputSize, this.hiddenSize * D, this.hiddenSize) > 2 ** 31 - 1)
      throw new ShapeError(`${op}: expected weights of at most 2^31 − 1 elements, got ${G} rows`);
    // Whole-model bounds checked before allocating anything: each layer and direction is four tensor objects (an
    // absurd numLayers would exhaust the JS heap, i.e. abort the process) and every weight adds up.
    if (this.numLayers * D > MAX_LAYER_DIRECTIONS)
      throw new ShapeError(
        `${op}: expected numLayers·directions of at most ${MAX_LAYER_DIRECTIONS}, got ${this.numLayers}·${D}`,
      );
    const perDirection = (inSize: number) => G * (inSize + this.hiddenSize + (this.bias ? 2 : 0));
    const total = D * (perDirection(this.inputSize) + (this.numLayers - 1) * perDirection(this.hiddenSize * D));
    if (total > 2 ** 31 - 1) throw new ShapeError(`${op}: expected at most 2^31 − 1 parameters in all, got ${total}`);
    const bound = 1 / Math.sqrt(this.hiddenSize);
    const uniform = (shape: number[]): Tensor => {
      const t = rand(shape, { dtype });
      const s = t.storage;
      for (let i = 0; i < s.length; i++) s[i] = -bound + 2 * bound * (s[i] as number);
      return markParameter(t.requiresGrad_(true));
    };
    // PyTorch's order: per layer, per direction, w_ih, w_hh, b_ih, b_hh (the state dict and parameters() keep it).
    const self = this as unknown as Record<string, Tensor>;
    for (let layer = 0; layer < this.numLayers; layer++) {
      const inSize = layer === 0 ? this.inputSize : this.hiddenSize * D;
      for (let dir = 0; dir < D; dir++) {
        const suffix = `L${layer}${dir === 1 ? 'Reverse' : ''}`;
        self[`weightIh${suffix}`] = uniform([G, inSize]);
        self[`weightHh${suffix}`] = uniform([G, this.hiddenSize]);
        if (this.bias) {
          self[`biasIh${suffix}`] = uniform([G]);
          self[`biasHh${suffix}`] = uniform([G]);
        }
      }
    }
  }
}

/** One step: new states from the input projection xi = W_ih x + b_ih of this step and the states. */
type Step = (xi: Tensor, states: Tensor[], w: Weights) => Tensor[];

/** A layer's and direction's parameters (PyTorch's weight_ih_l{layer}{_reverse}, …). */
function weightsOf(m: RecurrentBase, layer: number, dir: number): Weights {
  const self = m as unknown as Record<string, Tensor | undefined>;
  const suffix = `L${layer}${dir === 1 ? 'Reverse' : ''}`;
  return {
    wIh: self[`weightIh${suffix}`] as Tensor,
    wHh: self[`weightHh${suffix}`] as Tensor,
    bIh: self[`biasIh${suffix}`] ?? null,
    bHh: self[`biasHh${suffix}`] ?? null,
  };
}

/** Runs every layer and direction of `m`; `states0` holds one [D·numLayers, N, H] tensor per state (h, or h and c). */
function runLayers(
  m: RecurrentBase,
  op: string,
  input: unknown,
  states0: (Tensor | null)[],
  step: Step,
): { output: Tensor; states: Tensor[] } {
  const x0 = requireRealFloating(op, input);
  const w0 = m.weightIhL0;
  checkSameDtype(op, x0, w0.dtype);
  if (x0.ndim !== 2 && x0.ndim !== 3)
    throw new ShapeError(`${op}: expected a 2-D (unbatched) or 3-D input, got ${formatShape(x0.shape)}`);
  const batched = x0.ndim === 3;
  // [L, N, in] throughout.
  let x = batched ? (m.batchFirst ? x0.transpose(0, 1) : x0) : x0.unsqueeze(1);
  const [L, N, inSize] = x.shape as [number, number, number];
  if (inSize !== m.inputSize)
    throw new ShapeError(`${op}: expected input of ${m.inputSize} features, got ${formatShape(x0.shape)}`);
  const D = m.bidirectional ? 2 : 1;
  const H = m.hiddenSize;
  const want = batched ? [D * m.numLayers, N, H] : [D * m.numLayers, H];
  const initial = states0.map((s) => {
    if (s === null) return zeros([D * m.numLayers, N, H], { dtype: w0.dtype });
    const t = requireRealFloating(op, s, 'the initial state');
    checkSameDtype(op, t, w0.dtype);
    if (t.ndim !== want.length || t.shape.some((v, i) => v !== want[i]))
      throw new ShapeError(
        `${op}: expected an initial state of shape ${formatShape(want)}, got ${formatShape(t.shape)}`,
      );
    return batched ? t : t.unsqueeze(1);
  });
  if (L === 0) throw new ShapeError(`${op}: expected a sequence of at least one step, got ${formatShape(x0.shape)}`);
  const finals: Tensor[][] = initial.map(() => []);
  for (let layer = 0; layer < m.numLayers; layer++) {
    const outs: Tensor[] = [];
    for (let dir = 0; dir < D; dir++) {
      const w = weightsOf(m, layer, dir);
      // All time steps' input projections in one product: [L·N, in] × [in, G·H].
      let xi = x.reshape([L * N, x.shape[2] as number]).matmul(w.wIh.T);
      if (w.bIh !== null) xi = xi.add(w.bIh);
      const proj = xi.reshape([L, N, w.wIh.shape[0] as number]);
      let states = initial.map((s) => s.select(0, layer * D + dir));
      const ys: Tensor[] = new Array(L);
      for (let k = 0; k < L; k++) {
        const t = dir === 0 ? k : L - 1 - k;
        states = step(proj.select(0, t), states, w);
        ys[t] = states[0] as Tensor;
      }
      outs.push(stack(ys, 0));
      for (let i = 0; i < states.length; i++) finals[i]?.push(states[i] as Tensor);
    }
    x = D === 1 ? (outs[0] as Tensor) : cat(outs, 2); // [forward | reverse] features, as PyTorch
    if (m.dropout > 0 && m.training && layer < m.numLayers - 1) x = dropout(x, { p: m.dropout });
  }
  let output = batched ? (m.batchFirst ? x.transpose(0, 1) : x) : x.squeeze(1);
  if (!batched) output = output.contiguous();
  const states = finals.map((list) => {
    const s = stack(list, 0);
    return batched ? s : s.squeeze(1);
  });
  return { output, states };
}

/** W_hh h (+ b_hh) of one step. */
function hidden(h: Tensor, w: Weights): Tensor {
  const hh = h.matmul(w.wHh.T);
  return w.bHh === null ? hh : hh.add(w.bHh);
}

/** An LSTM step: gates (i, f, g, o), c′ = σ(f)⊙c + σ(i)⊙tanh(g), h′ = σ(o)⊙tanh(c′) (ATen's lstm_cell). */
const lstmStep: Step = (xi, [h, c], w) => {
  const [i, f, g, o] = xi.add(hidden(h as Tensor, w)).chunk(4, 1) as [Tensor, Tensor, Tensor, Tensor];
  const c2 = f
    .sigmoid()
    .mul(c as Tensor)
    .add(i.sigmoid().mul(g.tanh()));
  return [o.sigmoid().mul(c2.tanh()), c2];
};

/** A GRU step: r, z = σ(…), n = tanh(x_n + r⊙(W_hn h + b_hn)), h′ = n + z⊙(h − n) (ATen's gru_cell). */
const gruStep: Step = (xi, [h], w) => {
  const [xr, xz, xn] = xi.chunk(3, 1) as [Tensor, Tensor, Tensor];
  const [hr, hz, hn] = hidden(h as Tensor, w).chunk(3, 1) as [Tensor, Tensor, Tensor];
  const r = xr.add(hr).sigmoid();
  const z = xz.add(hz).sigmoid();
  const n = xn.add(r.mul(hn)).tanh();
  return [n.add(z.mul((h as Tensor).sub(n)))];
};

/**
 * An Elman RNN (torch.nn.RNN): `forward(input, h0?)` → `[output, hN]`, output [L, N, D·H] (or batch first),
 * hN [D·numLayers, N, H]; unbatched input [L, in] gives [L, D·H] and [D·numLayers, H].
 * @example
 * ```ts
 * const rnn = new nn.RNN(3, 5, { batchFirst: true });
 * const [out, h] = rnn.forward(randn([2, 7, 3]));
 * out.shape; // [2, 7, 5]
 * ```
 */
export class RNN extends RecurrentBase {
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) {
    const o = readOptions('nn.RNN', opts, [...KEYS, 'nonlinearity']) as RNNOptions;
    super('RNN', 'nn.RNN', inputSize, hiddenSize, o);
    const f = o.nonlinearity ?? 'tanh';
    if (f !== 'tanh' && f !== 'relu')
      throw new DtypeError(`nn.RNN: expected nonlinearity 'tanh' or 'relu', got ${describeValue(f)}`);
    this.nonlinearity = f;
  }

  forward(input: Tensor, h0?: Tensor | null): [Tensor, Tensor] {
    const relu = this.nonlinearity === 'relu';
    const step: Step = (xi, [h], w) => {
      const pre = xi.add(hidden(h as Tensor, w));
      return [relu ? pre.relu() : pre.tanh()];
    };
    const { output, states } = runLayers(this, 'nn.RNN.forward', input, [h0 ?? null], step);
    return [output, states[0] as Tensor];
  }
}

/**
 * A long short-term memory layer (torch.nn.LSTM): `forward(input, [h0, c0]?)` → `[output, [hN, cN]]`.
 * @example
 * ```ts
 * const lstm = new nn.LSTM(3, 4, { numLayers: 2 });
 * const [out, [h, c]] = lstm.forward(randn([6, 2, 3])); // [seq, batch, feature]
 * [out.shape, h.shape, c.shape]; // [[6, 2, 4], [2, 2, 4], [2, 2, 4]]
 * ```
 */
export class LSTM extends RecurrentBase {
  constructor(inputSize: number, hiddenSize: number, opts: RecurrentOptions = {}) {
    super('LSTM', 'nn.LSTM', inputSize, hiddenSize, readOptions('nn.LSTM', opts, KEYS) as RecurrentOptions);
  }

  forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]] {
    const op = 'nn.LSTM.forward';
    if (hx !== undefined && hx !== null && (!Array.isArray(hx) || hx.length !== 2))
      throw new DtypeError(`${op}: expected hx to be a pair [h0, c0], got ${describeValue(hx)}`);
    const { output, states } = runLayers(this, op, input, hx ? [hx[0], hx[1]] : [null, null], lstmStep);
    return [output, [states[0] as Tensor, states[1] as Tensor]];
  }
}

/**
 * A gated recurrent unit layer (torch.nn.GRU): `forward(input, h0?)` → `[output, hN]`.
 * @example
 * ```ts
 * const gru = new nn.GRU(3, 4, { bidirectional: true });
 * const [out, h] = gru.forward(randn([5, 3])); // unbatched [seq, feature]
 * [out.shape, h.shape]; // [[5, 8], [2, 4]]
 * ```
 */
export class GRU extends RecurrentBase {
  constructor(inputSize: number, hiddenSize: number, opts: RecurrentOptions = {}) {
    super('GRU', 'nn.GRU', inputSize, hiddenSize, readOptions('nn.GRU', opts, KEYS) as RecurrentOptions);
  }

  forward(input: Tensor, h0?: Tensor | null): [Tensor, Tensor] {
    const { output, states } = runLayers(this, 'nn.GRU.forward', input, [h0 ?? null], gruStep);
    return [output, states[0] as Tensor];
  }
}
