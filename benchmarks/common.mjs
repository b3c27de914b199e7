/**
 * Shared pieces of the benchmark suite (run.mjs) and the memory probe (memory.mjs), the CPU-time probes (pinv-cpu.mjs, steps.mjs): seeded inputs, the peers' pinv
 * where the peer has none, result flattening for validation, and the MLP training step for tapegrad and TensorFlow.js.
 */
import * as tg from 'tapegrad';

/**
 * Median CPU time (user + system, from `process.cpuUsage()`) of `reps` calls of `fn` in ms, after `warmup` calls:
 * for a loaded shared machine, where wall-clock medians mostly measure the scheduler (pinv-cpu.mjs, steps.mjs).
 */
export function medianCpuMs(fn, warmup, reps) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.cpuUsage();
    fn();
    const dt = process.cpuUsage(t0);
    times.push((dt.user + dt.system) / 1e3);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

/** float64 machine epsilon (2^-52), as used by PyTorch's default pinv tolerance. */
export const EPS = 2 ** -52;

/** A small seeded PRNG (mulberry32) so that every library sees exactly the same numbers. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples (Box–Muller) into a Float64Array. */
export function randnArray(size, seed) {
  const u = rng(seed);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const th = 2 * Math.PI * u();
    out[i] = r * Math.cos(th);
    if (i + 1 < size) out[i + 1] = r * Math.sin(th);
  }
  return out;
}

/** A seeded Gaussian tensor of `shape` (float64 unless told). */
export function randTensor(shape, seed, dtype = 'float64') {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = randnArray(size, seed);
  return tg.tensor(dtype === 'float64' ? data : Float32Array.from(data), { shape, dtype });
}

/** Row-major `rows × cols` slice of a flat array starting at `offset`, as number[][]. */
export function toRows(data, rows, cols, offset = 0) {
  return Array.from({ length: rows }, (_, i) => Array.from(data.subarray(offset + i * cols, offset + (i + 1) * cols)));
}

/**
 * pinv from numeric.svd (numeric.js has no pinv): A = U·diag(σ)·Vᵀ, pinv(A) = V·diag(1/σ kept)·Uᵀ, keeping
 * σ > max(m, n)·eps·σ_max — PyTorch's default (atol = 0, rtol = max(m, n)·eps), the same cutoff as tapegrad and
 * ml-matrix. numeric.svd wants m ≥ n; a wide A goes through pinv(Aᵀ)ᵀ.
 */
export function numericPinv(numeric, A) {
  const m = A.length;
  const n = A[0].length;
  if (m < n) return numeric.transpose(numericPinv(numeric, numeric.transpose(A)));
  const { U, S, V } = numeric.svd(A);
  let smax = 0;
  for (const s of S) smax = Math.max(smax, s);
  const cutoff = Math.max(m, n) * EPS * smax;
  const inv = S.map((s) => (s > cutoff ? 1 / s : 0));
  const VS = V.map((row) => row.map((v, j) => v * inv[j]));
  return numeric.dot(VS, numeric.transpose(U));
}

/**
 * Flattens any library's result into a plain number[] for validation: tapegrad tensors, TensorFlow.js tensors,
 * ml-matrix and mathjs matrices, typed arrays, nested arrays and arrays of any of these.
 */
export function flat(x, out = []) {
  if (x instanceof tg.Tensor) {
    for (const v of x.contiguous().toTypedArray()) out.push(v);
  } else if (ArrayBuffer.isView(x)) {
    for (const v of x) out.push(v);
  } else if (Array.isArray(x)) {
    for (const v of x) flat(v, out);
  } else if (typeof x === 'number') {
    out.push(x);
  } else if (x && typeof x.dataSync === 'function') {
    flat(x.dataSync(), out); // TensorFlow.js
  } else if (x && typeof x.to1DArray === 'function') {
    flat(x.to1DArray(), out); // ml-matrix
  } else if (x && typeof x.toArray === 'function') {
    flat(x.toArray(), out); // mathjs
  } else {
    throw new TypeError(`flat: cannot flatten ${Object.prototype.toString.call(x)}`);
  }
  return out;
}

/** Relative Frobenius difference ‖a − b‖ / ‖b‖ of two flat arrays (Infinity when the lengths differ). */
export function relDiff(a, b) {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), Number.MIN_VALUE);
}

// ---------------------------------------------------------------------------------------------------------------
// The MLP training step of docs/semantics.md §4.2: 32 → 64 → 10 with ReLU, batch 64, cross-entropy, Adam, float32.

export const MLP = { inputs: 32, hidden: 64, classes: 10, batch: 64, lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/** Identical initial weights (PyTorch's Linear init, U(±1/√fan_in)) and data for every library. */
export function mlpInit(seed = 7) {
  const u = rng(seed);
  const uniform = (size, bound) => Float32Array.from({ length: size }, () => (2 * u() - 1) * bound);
  const { inputs, hidden, classes, batch } = MLP;
  return {
    w1: uniform(hidden * inputs, 1 / Math.sqrt(inputs)),
    b1: uniform(hidden, 1 / Math.sqrt(inputs)),
    w2: uniform(classes * hidden, 1 / Math.sqrt(hidden)),
    b2: uniform(classes, 1 / Math.sqrt(hidden)),
    x: Float32Array.from(randnArray(batch * inputs, seed + 1)),
    labels: Int32Array.from({ length: batch }, () => Math.floor(u() * classes)),
  };
}

/**
 * tapegrad's MLP. Uses tapegrad's nn/optim (docs/semantics.md §2.6) when the build exports them; otherwise raw tensors, autograd
 * and a hand-written Adam under noGrad (the same update as torch.optim.Adam and tf.train.adam).
 * The nn path has been validated against tfjs (loss and weights after 5 steps); the raw path is kept as a fallback
 * while @tapegrad/nn is still changing. TODO: drop the raw fallback once @tapegrad/nn is stable.
 * Returns { step(), loss(), weights(), impl } where step() is one full training step and loss() is forward only.
 */
export function createTapegradMlp(init, { preferNn = true } = {}) {
  if (preferNn && tg.nn?.Linear && tg.optim?.Adam) {
    try {
      return createTapegradNnMlp(init);
    } catch (error) {
      const raw = createTapegradRawMlp(init);
      raw.note = `nn path failed (${error.message}); raw tensors + hand-written Adam used instead`;
      return raw;
    }
  }
  return createTapegradRawMlp(init);
}

function mlpTensors(init) {
  const { inputs, hidden, classes, batch } = MLP;
  const f32 = { dtype: 'float32' };
  // tg.tensor wraps a typed array without copying: give each model its own copy of the shared initial weights.
  return {
    w1: tg.tensor(init.w1.slice(), { shape: [hidden, inputs], ...f32 }),
    b1: tg.tensor(init.b1.slice(), { shape: [hidden], ...f32 }),
    w2: tg.tensor(init.w2.slice(), { shape: [classes, hidden], ...f32 }),
    b2: tg.tensor(init.b2.slice(), { shape: [classes], ...f32 }),
    x: tg.tensor(init.x, { shape: [batch, inputs], ...f32 }),
    labels: tg.tensor(init.labels, { shape: [batch], dtype: 'int32' }),
  };
}

function createTapegradNnMlp(init) {
  const { nn, optim } = tg;
  const t = mlpTensors(init);
  const model = new nn.Sequential(
    new nn.Linear(MLP.inputs, MLP.hidden, { dtype: 'float32' }),
    new nn.ReLU(),
    new nn.Linear(MLP.hidden, MLP.classes, { dtype: 'float32' }),
  );
  const params = model.parameters();
  const initial = [t.w1, t.b1, t.w2, t.b2];
  if (params.length !== 4 || params.some((p, i) => p.shape.join() !== initial[i].shape.join()))
    throw new Error(`unexpected parameters ${params.map((p) => `[${p.shape}]`).join(', ')}`);
  tg.noGrad(() => {
    params.forEach((p, i) => {
      tg.copyInto(initial[i], p);
    });
  });
  const opt = new optim.Adam(params, { lr: MLP.lr, betas: [MLP.beta1, MLP.beta2], eps: MLP.eps });
  const loss = () => nn.functional.crossEntropy(model.forward(t.x), t.labels);
  return {
    impl: 'nn',
    step() {
      opt.zeroGrad();
      const l = loss();
      l.backward();
      opt.step();
      return l;
    },
    loss: () => tg.noGrad(loss),
    weights: () => params,
  };
}

function createTapegradRawMlp(init) {
  const t = mlpTensors(init);
  const params = [t.w1, t.b1, t.w2, t.b2];
  for (const p of params) p.requiresGrad_();
  const index = t.labels.reshape([MLP.batch, 1]);
  const forward = () => t.x.matmul(t.w1.transpose(0, 1)).add(t.b1).relu().matmul(t.w2.transpose(0, 1)).add(t.b2);
  const loss = () => forward().logSoftmax(1).gather(1, index).mean().neg();
  const m = params.map((p) => tg.zerosLike(p));
  const v = params.map((p) => tg.zerosLike(p));
  const { lr, beta1, beta2, eps } = MLP;
  let stepCount = 0;
  const adam = () => {
    stepCount++;
    const bc1 = 1 - beta1 ** stepCount;
    const bc2 = 1 - beta2 ** stepCount;
    params.forEach((p, i) => {
      const g = p.grad;
      m[i] = m[i].mul(beta1).add(g, { alpha: 1 - beta1 });
      v[i] = v[i].mul(beta2).add(g.square(), { alpha: 1 - beta2 });
      const update = m[i].div(v[i].div(bc2).sqrt().add(eps)).mul(lr / bc1);
      tg.copyInto(p.sub(update), p);
    });
  };
  return {
    impl: 'raw',
    step() {
      for (const p of params) p.grad = null;
      const l = loss();
      l.backward();
      tg.noGrad(adam);
      return l;
    },
    loss: () => tg.noGrad(loss),
    weights: () => params,
  };
}

/**
 * TensorFlow.js on its pure-JS CPU backend. tfjs-core's CommonJS build registers no gradients (they ship only as
 * ES-module sources that Node cannot load), so the union package '@tensorflow/tfjs' is imported for its gradient
 * registrations; it resolves to the same tfjs-core and tfjs-backend-cpu instances. No native binding is involved.
 */
export async function loadTfjs() {
  await import('@tensorflow/tfjs');
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  tf.enableProdMode(); // no debug checks (and no "install tfjs-node" banner)
  await tf.setBackend('cpu');
  await tf.ready();
  return tf;
}

/** The same MLP in TensorFlow.js (pure-JS CPU backend): tf.variable, tf.train.adam, optimizer.minimize. */
export async function createTfjsMlp(init) {
  const tf = await loadTfjs();
  const { inputs, hidden, classes, batch } = MLP;
  const w1 = tf.variable(tf.tensor2d(init.w1, [hidden, inputs]));
  const b1 = tf.variable(tf.tensor1d(init.b1));
  const w2 = tf.variable(tf.tensor2d(init.w2, [classes, hidden]));
  const b2 = tf.variable(tf.tensor1d(init.b2));
  const x = tf.tensor2d(init.x, [batch, inputs]);
  const onehot = tf.cast(tf.oneHot(tf.tensor1d(init.labels, 'int32'), classes), 'float32');
  const optimizer = tf.train.adam(MLP.lr, MLP.beta1, MLP.beta2, MLP.eps);
  const lossFn = () => {
    const h = tf.relu(tf.add(tf.matMul(x, w1, false, true), b1));
    const logits = tf.add(tf.matMul(h, w2, false, true), b2);
    return tf.losses.softmaxCrossEntropy(onehot, logits);
  };
  return {
    tf,
    step: () => optimizer.minimize(lossFn),
    loss: () => tf.tidy(lossFn),
    weights: () => [w1, b1, w2, b2],
  };
}
