// Median CPU time of one training step of the two §2.7 models (examples 06 and 07), the way the PyTorch side
// (benchmarks/torch_steps.py) is measured: `process.cpuUsage()` (user + system) around each step, after warm-up.
// CPU time rather than wall time so a loaded shared machine does not inflate single-threaded numbers.
//
//   node benchmarks/steps.mjs [cnn|transformer] [--steps N] [--warmup N]
//
// It measures the BUILT packages (run `pnpm build` first). The rows 'cnn-step' and 'transformer-step' of run.mjs
// time the same steps with benchmark.js (wall time).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tg from 'tapegrad';
import { CharTransformer, digitsCnn } from '../examples/lib/models.mjs';
import { medianCpuMs } from './common.mjs';

const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const which = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));

function cnnStep() {
  tg.manualSeed(0);
  const model = digitsCnn();
  const opt = new tg.optim.Adam(model.parameters(), { lr: 5e-3 });
  const x = tg.rand([64, 1, 8, 8]);
  const y = tg.randint(0, 10, [64], { dtype: 'int32' });
  return () => {
    opt.zeroGrad();
    tg.nn.functional.crossEntropy(model.forward(x), y).backward();
    opt.step();
  };
}

function transformerStep() {
  tg.manualSeed(0);
  const model = new CharTransformer({ vocab: 61, context: 32, width: 64, heads: 4, layers: 2 });
  const opt = new tg.optim.AdamW(model.parameters(), { lr: 3e-3, weightDecay: 0.01, betas: [0.9, 0.98] });
  const x = tg.randint(0, 61, [32, 32], { dtype: 'int32' });
  const y = tg.randint(0, 61, [32 * 32], { dtype: 'int32' });
  return () => {
    opt.zeroGrad();
    tg.nn.functional.crossEntropy(model.forward(x).reshape([-1, 61]), y).backward();
    tg.nn.utils.clipGradNorm_(model.parameters(), 1);
    opt.step();
  };
}

const here = dirname(fileURLToPath(import.meta.url));
const torch = JSON.parse(readFileSync(join(here, 'results', 'torch-steps.json'), 'utf8'));
const rows = [
  ['cnn', 'cnn-step', cnnStep, 100],
  ['transformer', 'transformer-step', transformerStep, 20],
];
for (const [name, key, make, defaultSteps] of rows) {
  if (which.length > 0 && !which.includes(name)) continue;
  const steps = flag('--steps', defaultSteps);
  const ms = medianCpuMs(make(), flag('--warmup', Math.max(5, steps >> 2)), steps);
  const ref = torch[key];
  console.log(`${name}: ${ms.toFixed(2)} ms CPU per step; PyTorch ${ref.toFixed(2)} ms → ${(ms / ref).toFixed(2)}×`);
}
