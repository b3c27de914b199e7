// A small convolutional network (Conv2d, BatchNorm2d, ReLU, MaxPool2d, Dropout) on the 8×8 handwritten digits of
// the UCI "Optical Recognition of Handwritten Digits" data set (1 797 images; examples/data/README.md gives the
// source and licence), with a seeded 80/20 split, a DataLoader, a progress bar, the held-out accuracy and a confusion
// matrix. It exits non-zero unless the held-out accuracy reaches 95 %.
//
// Run: node examples/07-digits-cnn.mjs   (TAPEGRAD_EXAMPLE_EPOCHS=… for a shorter or longer run)
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { argmax, data, manualSeed, nn, noGrad, optim, tensor } from 'tapegrad';
import { digitsCnn } from './lib/models.mjs';
import { createProgress } from './lib/progress.mjs';

const EPOCHS = Number(process.env.TAPEGRAD_EXAMPLE_EPOCHS ?? 15);
const FULL = process.env.TAPEGRAD_EXAMPLE_EPOCHS === undefined;
const REQUIRED_ACCURACY = 0.95;
manualSeed(0);

// 1 797 rows of 64 pixel values (0..16) and the digit.
const rows = gunzipSync(readFileSync(new URL('./data/digits.csv.gz', import.meta.url)))
  .toString('utf8')
  .trim()
  .split('\n')
  .map((line) => line.split(',').map(Number));
const pixels = new Float32Array(rows.length * 64);
rows.forEach((r, i) => {
  for (let j = 0; j < 64; j++) pixels[i * 64 + j] = r[j] / 16;
});
const images = tensor(pixels, { shape: [rows.length, 1, 8, 8] });
const labels = tensor(
  rows.map((r) => r[64]),
  { dtype: 'int32' },
);
const [trainSet, testSet] = data.randomSplit(new data.TensorDataset(images, labels), [0.8, 0.2], { seed: 0 });
const loader = new data.DataLoader(trainSet, { batchSize: 64, shuffle: true, seed: 0 });

// Conv2d(1→16, 3, padding 1), BatchNorm2d, ReLU, MaxPool2d(2), Conv2d(16→32), BatchNorm2d, ReLU, MaxPool2d(2),
// Flatten, Dropout(0.25), Linear(128→10): examples/lib/models.mjs, shared with the benchmark suite.
const model = digitsCnn();
const optimizer = new optim.Adam(model.parameters(), { lr: 5e-3 });
const schedule = new optim.lrScheduler.CosineAnnealingLR(optimizer, { tMax: EPOCHS * loader.length });
const parameterCount = model.parameters().reduce((n, p) => n + p.size, 0);
console.log(`${parameterCount} parameters; ${trainSet.length} training and ${testSet.length} held-out images`);

const progress = createProgress(EPOCHS * loader.length, 'train');
let step = 0;
for (let epoch = 1; epoch <= EPOCHS; epoch++) {
  model.train();
  for (const [x, y] of loader) {
    optimizer.zeroGrad();
    const loss = nn.functional.crossEntropy(model.forward(x), y);
    loss.backward();
    optimizer.step();
    schedule.step();
    step += 1;
    progress.update(step, `epoch ${epoch} loss ${loss.item().toFixed(3)}`);
  }
}
const seconds = progress.elapsed();
console.log(`training took ${seconds.toFixed(1)} s (${((1000 * seconds) / step).toFixed(0)} ms per step of 64 images)`);

model.eval();
const [xTest, yTest] = testSet.getBatch(testSet.indices.map((_, i) => i));
const predicted = noGrad(() => argmax(model.forward(xTest), 1));
const truth = Array.from(yTest.toTypedArray());
const guesses = Array.from(predicted.toTypedArray());
const confusion = Array.from({ length: 10 }, () => new Array(10).fill(0));
truth.forEach((t, i) => {
  confusion[t][guesses[i]] += 1;
});
const correct = truth.filter((t, i) => t === guesses[i]).length;
const accuracy = correct / truth.length;

console.log('confusion matrix (rows: true digit, columns: predicted)');
console.log(`     ${Array.from({ length: 10 }, (_, d) => String(d).padStart(4)).join('')}`);
confusion.forEach((row, d) => {
  console.log(`  ${d}  ${row.map((v) => String(v === 0 ? '.' : v).padStart(4)).join('')}`);
});
console.log(`held-out accuracy ${(100 * accuracy).toFixed(1)}% (${correct}/${truth.length})`);
if (FULL && !(accuracy >= REQUIRED_ACCURACY)) {
  console.error(`held-out accuracy below ${100 * REQUIRED_ACCURACY}%`);
  process.exit(1);
}
