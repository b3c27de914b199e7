// An MLP classifier on the Iris data set (Fisher, 1936; shipped as examples/data/iris.csv): a seeded stratified
// train/test split, standardized features, a 4 → 16 → 3 network trained with Adam and cross-entropy, and the
// held-out accuracy.
//
// Run: node examples/02-mlp-iris.mjs   (TAPEGRAD_EXAMPLE_EPOCHS=… to change the number of epochs)
import { readFileSync } from 'node:fs';
import { argmax, manualSeed, nn, noGrad, optim, rand, tensor } from 'tapegrad';
import { createProgress } from './lib/progress.mjs';

const EPOCHS = Number(process.env.TAPEGRAD_EXAMPLE_EPOCHS ?? 300);
manualSeed(0);

/** A seeded permutation of 0..n−1 (argsort of uniform samples). */
function randperm(n) {
  const keys = Array.from(rand([n]).toTypedArray());
  return keys
    .map((k, i) => [k, i])
    .sort((a, b) => a[0] - b[0])
    .map(([, i]) => i);
}

const lines = readFileSync(new URL('./data/iris.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1);
const species = ['setosa', 'versicolor', 'virginica'];
const rows = lines.map((line) => {
  const cells = line.split(',');
  return { x: cells.slice(0, 4).map(Number), y: species.indexOf(cells[4]) };
});

// Stratified split: 10 test samples per class.
const train = [];
const test = [];
for (let c = 0; c < species.length; c++) {
  const ofClass = rows.filter((r) => r.y === c);
  const order = randperm(ofClass.length);
  for (const [k, i] of order.entries()) (k < 10 ? test : train).push(ofClass[i]);
}

const xTrainRaw = tensor(train.map((r) => r.x));
const mean = xTrainRaw.mean(0, true);
const std = xTrainRaw.std(0, { keepdim: true });
const standardize = (data) =>
  tensor(data.map((r) => r.x))
    .sub(mean)
    .div(std);
const xTrain = standardize(train);
const yTrain = tensor(
  train.map((r) => r.y),
  { dtype: 'int32' },
);
const xTest = standardize(test);
const yTest = tensor(
  test.map((r) => r.y),
  { dtype: 'int32' },
);

const model = new nn.Sequential(new nn.Linear(4, 16), new nn.ReLU(), new nn.Linear(16, 3));
const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
const progress = createProgress(EPOCHS, 'epoch');

for (let epoch = 1; epoch <= EPOCHS; epoch++) {
  model.train();
  optimizer.zeroGrad();
  const loss = nn.functional.crossEntropy(model.forward(xTrain), yTrain);
  loss.backward();
  optimizer.step();
  progress.update(epoch, `loss ${loss.item().toFixed(4)}`);
}

model.eval();
const accuracy = (x, y) => noGrad(() => argmax(model.forward(x), 1).eq(y).to('float32').mean().item());
const testAccuracy = accuracy(xTest, yTest);
console.log(`train accuracy ${(100 * accuracy(xTrain, yTrain)).toFixed(1)}% (${train.length} samples)`);
console.log(`held-out accuracy ${(100 * testAccuracy).toFixed(1)}% (${test.length} samples; chance is 33.3%)`);
if (process.env.TAPEGRAD_EXAMPLE_EPOCHS === undefined && testAccuracy < 0.9) process.exit(1);
