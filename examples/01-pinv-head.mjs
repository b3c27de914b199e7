// The README demo: features learned THROUGH a pseudo-inverse.
//
// Each task is a sinusoid y = a·sin(x + φ) (the few-shot regression benchmark of Finn et al., "Model-agnostic
// meta-learning", 2017). A small network maps x to 16 features; for every task, a ridge-regression head is solved in
// closed form from 10 support points with the differentiable pseudo-inverse,
//     W = pinv([Φ_support; √λ·I]) · [y_support; 0]          (ridge regression as a least-squares problem)
// and the loss is the error of Φ_query·W on other points of the same task. Backpropagating through linalg.pinv
// trains the features so that a linear fit on them works for every task ("meta-learning with differentiable
// closed-form solvers", Bertinetto et al., ICLR 2019). The baseline is the same closed-form head on the untrained
// (random) features.
//
// Run: node examples/01-pinv-head.mjs   (TAPEGRAD_DEMO_STEPS=… to change the number of steps)
import { fileURLToPath } from 'node:url';
import { cat, eye, linalg, manualSeed, nn, noGrad, optim, rand, setDefaultDtype, sin, zeros } from 'tapegrad';
import { writeLineChart } from './lib/plot.mjs';
import { createProgress } from './lib/progress.mjs';

const STEPS = Number(process.env.TAPEGRAD_DEMO_STEPS ?? 1500);
const TASKS_PER_STEP = 16;
const SUPPORT = 10;
const QUERY = 10;
const FEATURES = 16;
const RIDGE = 0.1;
/** The trained model must be at least this many times better than the baseline on held-out tasks. */
const REQUIRED_IMPROVEMENT = 5;

setDefaultDtype('float64');
manualSeed(0);

/** T tasks with n points each: x ∈ [−5, 5], amplitude ∈ [0.1, 5], phase ∈ [0, π]. */
function sampleTasks(T, n) {
  const x = rand([T, n, 1]).mul(10).sub(5);
  const amplitude = rand([T, 1, 1]).mul(4.9).add(0.1);
  const phase = rand([T, 1, 1]).mul(Math.PI);
  return { x, y: amplitude.mul(sin(x.add(phase))) };
}

const features = new nn.Sequential(
  new nn.Linear(1, 40),
  new nn.Tanh(),
  new nn.Linear(40, 40),
  new nn.Tanh(),
  new nn.Linear(40, FEATURES),
);

/** Closed-form ridge head per task, then the query predictions. Shapes: x (T, n, 1), y (T, n, 1). */
function fewShotPredict(x, y, support) {
  const T = x.shape[0];
  const phi = features.forward(x.reshape([-1, 1])).reshape([T, x.shape[1], FEATURES]);
  const phiSupport = phi.narrow(1, 0, support);
  const phiQuery = phi.narrow(1, support, x.shape[1] - support);
  const regularizer = eye(FEATURES).mul(Math.sqrt(RIDGE)).expand([T, FEATURES, FEATURES]);
  const A = cat([phiSupport, regularizer], 1); // (T, support + F, F)
  const b = cat([y.narrow(1, 0, support), zeros([T, FEATURES, 1])], 1);
  const W = linalg.pinv(A).matmul(b); // (T, F, 1): differentiable w.r.t. the features
  return phiQuery.matmul(W);
}

function queryMse(x, y, support) {
  const predictions = fewShotPredict(x, y, support);
  return nn.functional.mseLoss(predictions, y.narrow(1, support, x.shape[1] - support));
}

// Held-out evaluation tasks (fixed): 10 support points, 50 query points each.
const heldOut = sampleTasks(200, SUPPORT + 50);
const evaluate = () => noGrad(() => queryMse(heldOut.x, heldOut.y, SUPPORT).item());

const baseline = evaluate();
const zeroPredictor = noGrad(() => heldOut.y.narrow(1, SUPPORT, 50).square().mean().item());
console.log(`tapegrad demo: learning features through linalg.pinv (${STEPS} steps, ${TASKS_PER_STEP} tasks/step)`);
console.log(`baseline (closed-form head on untrained features): held-out query MSE ${baseline.toFixed(4)}`);

const optimizer = new optim.Adam(features.parameters(), { lr: 3e-3 });
const progress = createProgress(STEPS);
const trainCurve = [];
const evalCurve = [[0, baseline]];
let smoothed = null;
for (let step = 1; step <= STEPS; step++) {
  const { x, y } = sampleTasks(TASKS_PER_STEP, SUPPORT + QUERY);
  optimizer.zeroGrad();
  const loss = queryMse(x, y, SUPPORT);
  loss.backward();
  optimizer.step();
  const value = loss.item();
  smoothed = smoothed === null ? value : 0.95 * smoothed + 0.05 * value;
  trainCurve.push([step, smoothed]);
  if (step % Math.max(1, Math.floor(STEPS / 10)) === 0) evalCurve.push([step, evaluate()]);
  progress.update(step, `loss ${smoothed.toFixed(4)}`);
}

const final = evaluate();
const improvement = baseline / final;
console.log(
  `trained: held-out query MSE ${final.toFixed(4)} — ${improvement.toFixed(1)}× better than the baseline (required: ${REQUIRED_IMPROVEMENT}×; predicting 0 gives ${zeroPredictor.toFixed(3)})`,
);
console.log(`time: ${progress.elapsed().toFixed(1)} s`);

const plotPath = writeLineChart(fileURLToPath(new URL('./out/pinv-head-loss.svg', import.meta.url)), {
  title: 'Few-shot sinusoid regression with a differentiable pinv head',
  xLabel: 'training step',
  yLabel: 'query MSE (log scale)',
  logY: true,
  series: [
    { name: 'training loss (smoothed)', color: '#1f77b4', points: trainCurve },
    { name: 'held-out tasks', color: '#d62728', points: evalCurve, width: 2.5 },
    {
      name: 'baseline (untrained features)',
      color: '#7f7f7f',
      points: [
        [0, baseline],
        [STEPS, baseline],
      ],
      dashed: true,
    },
  ],
});
console.log(`loss curve written to ${plotPath}`);
if (process.env.TAPEGRAD_DEMO_STEPS === undefined && improvement < REQUIRED_IMPROVEMENT) {
  console.error(`the trained model did not beat the baseline by ${REQUIRED_IMPROVEMENT}×`);
  process.exit(1);
}
