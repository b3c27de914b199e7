// A character-level causal transformer (a small GPT: token + position embeddings, pre-LayerNorm blocks of causal
// multi-head attention and a GELU MLP, weight decay with AdamW, gradient clipping, a OneCycle schedule, batches from
// a DataLoader) trained on the opening of Shakespeare's "Coriolanus" (public domain; examples/data/README.md), with a
// progress bar, a loss plot, and sampled text at the end. It exits non-zero unless the validation loss ends well
// below the unigram baseline (the cross-entropy of predicting each character by its frequency alone).
//
// Run: node examples/06-char-transformer.mjs   (TAPEGRAD_EXAMPLE_STEPS=… for a shorter or longer run; CT_WIDTH,
// CT_CONTEXT, CT_BATCH and CT_LR change the model width, the context length, the batch size and the peak learning rate)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { data, manualSeed, nn, noGrad, optim, rand, tensor } from 'tapegrad';
import { CharTransformer } from './lib/models.mjs';
import { writeLineChart } from './lib/plot.mjs';
import { createProgress } from './lib/progress.mjs';

const STEPS = Number(process.env.TAPEGRAD_EXAMPLE_STEPS ?? 700);
const FULL = process.env.TAPEGRAD_EXAMPLE_STEPS === undefined;
const CONTEXT = Number(process.env.CT_CONTEXT ?? 32);
const BATCH = Number(process.env.CT_BATCH ?? 32);
const WIDTH = Number(process.env.CT_WIDTH ?? 64);
const LR = Number(process.env.CT_LR ?? 3e-3);
const HEADS = 4;
const LAYERS = 2;
/** The validation loss must end below this fraction of the unigram baseline (full runs only). */
const REQUIRED_RATIO = 0.7;
manualSeed(0);

const text = gunzipSync(readFileSync(new URL('./data/shakespeare.txt.gz', import.meta.url))).toString('utf8');
const vocab = [...new Set(text)].sort();
const V = vocab.length;
const codeOf = new Map(vocab.map((c, i) => [c, i]));
const codes = Int32Array.from(text, (c) => codeOf.get(c));
const split = Math.floor(codes.length * 0.9);
const trainCodes = codes.subarray(0, split);
const valCodes = codes.subarray(split);

/** A custom dataset: windows of CONTEXT + 1 characters every `stride` positions; item = [input, next characters]. */
function windows(source, stride) {
  const starts = Array.from({ length: Math.floor((source.length - CONTEXT - 1) / stride) + 1 }, (_, i) => i * stride);
  return {
    length: starts.length,
    get(i) {
      const w = source.subarray(starts[i], starts[i] + CONTEXT + 1);
      return [tensor(w.subarray(0, CONTEXT), { dtype: 'int32' }), tensor(w.subarray(1), { dtype: 'int32' })];
    },
  };
}
const trainLoader = new data.DataLoader(windows(trainCodes, 16), {
  batchSize: BATCH,
  shuffle: true,
  seed: 0,
  dropLast: true,
});
const valLoader = new data.DataLoader(windows(valCodes, CONTEXT), { batchSize: 64 });

// The model (examples/lib/models.mjs, shared with the benchmark suite): token + position embeddings, LAYERS
// pre-LayerNorm blocks of causal nn.MultiheadAttention (isCausal) and a GELU MLP with residuals, a final LayerNorm and
// a linear head; N(0, 0.02) initial weights.
const model = new CharTransformer({ vocab: V, context: CONTEXT, width: WIDTH, heads: HEADS, layers: LAYERS });
const parameterCount = model.parameters().reduce((n, p) => n + p.size, 0);
const optimizer = new optim.AdamW(model.parameters(), { lr: LR, weightDecay: 0.01, betas: [0.9, 0.98] });
const schedule = new optim.lrScheduler.OneCycleLR(optimizer, { maxLr: LR, totalSteps: STEPS, pctStart: 0.1 });
const lossOf = (logits, targets) => nn.functional.crossEntropy(logits.reshape([-1, V]), targets.reshape([-1]));

// The unigram baseline: cross-entropy of the validation characters under the training character frequencies.
const counts = new Float64Array(V).fill(1);
for (const c of trainCodes) counts[c] += 1;
const total = counts.reduce((a, b) => a + b, 0);
const unigram = -valCodes.reduce((s, c) => s + Math.log(counts[c] / total), 0) / valCodes.length;

function validationLoss(maxBatches = Infinity) {
  model.eval();
  let sum = 0;
  let n = 0;
  noGrad(() => {
    for (const [x, y] of valLoader) {
      if (n >= maxBatches) break;
      sum += lossOf(model.forward(x), y).item();
      n += 1;
    }
  });
  model.train();
  return sum / n;
}

console.log(
  `${parameterCount} parameters, vocabulary ${V}, ${trainCodes.length} training / ${valCodes.length} validation characters, unigram baseline ${unigram.toFixed(3)} nats`,
);
const progress = createProgress(STEPS, 'train');
const trainCurve = [];
const valCurve = [];
let step = 0;
let smoothed = null;
training: while (true) {
  for (const [x, y] of trainLoader) {
    if (step >= STEPS) break training;
    optimizer.zeroGrad();
    const loss = lossOf(model.forward(x), y);
    loss.backward();
    nn.utils.clipGradNorm_(model.parameters(), 1.0);
    optimizer.step();
    schedule.step();
    step += 1;
    const value = loss.item();
    smoothed = smoothed === null ? value : 0.95 * smoothed + 0.05 * value;
    trainCurve.push([step, smoothed]);
    if (step % 100 === 0 || step === STEPS) valCurve.push([step, validationLoss(4)]);
    progress.update(step, `loss ${smoothed.toFixed(3)}`);
  }
}

const finalVal = validationLoss();
const ratio = finalVal / unigram;
console.log(
  `training took ${progress.elapsed().toFixed(1)} s (${((1000 * progress.elapsed()) / STEPS).toFixed(0)} ms per step)`,
);
console.log(
  `validation loss ${finalVal.toFixed(3)} nats vs unigram baseline ${unigram.toFixed(3)} (ratio ${ratio.toFixed(2)})`,
);

const plotPath = fileURLToPath(new URL('./out/char-transformer-loss.svg', import.meta.url));
writeLineChart(plotPath, {
  title: 'Character transformer on Coriolanus: cross-entropy (nats)',
  xLabel: 'step',
  yLabel: 'loss',
  series: [
    { name: 'train (smoothed)', color: '#1f77b4', points: trainCurve },
    { name: 'validation', color: '#d62728', points: valCurve },
    {
      name: 'unigram baseline',
      color: '#7f7f7f',
      points: [
        [1, unigram],
        [STEPS, unigram],
      ],
    },
  ],
});
console.log(`loss curve written to ${plotPath}`);

/** Samples `length` characters after `prompt` at the given temperature (seeded through manualSeed). */
function sample(prompt, length, temperature = 0.8) {
  model.eval();
  const out = [...prompt].map((c) => codeOf.get(c));
  noGrad(() => {
    for (let i = 0; i < length; i++) {
      const context = out.slice(-CONTEXT);
      const logits = model.forward(tensor([context], { dtype: 'int32' })).select(1, context.length - 1);
      const probs = nn.functional.softmax(logits.div(temperature), -1).toTypedArray();
      let u = rand([1], { dtype: 'float64' }).item();
      let next = V - 1;
      for (let c = 0; c < V; c++) {
        u -= probs[c];
        if (u < 0) {
          next = c;
          break;
        }
      }
      out.push(next);
    }
  });
  return out.map((c) => vocab[c]).join('');
}

console.log('--- sample ---');
console.log(sample('MENENIUS:\n', FULL ? 300 : 40));
console.log('--------------');
if (FULL && !(ratio <= REQUIRED_RATIO)) {
  console.error(
    `validation loss is not well below the unigram baseline (ratio ${ratio.toFixed(2)} > ${REQUIRED_RATIO})`,
  );
  process.exit(1);
}
