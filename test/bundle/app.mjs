// The example app of the bundling and browser tests (test/bundling.test.ts): the gradient of sum(pinv(A)) and a
// gradgradcheck of pinv, plus which channel a warning takes (process.emitWarning in Node, console.warn elsewhere).
// Reports one JSON object: printed in Node, appended to the page as <pre class="result"> in a browser.
import { autograd, linalg, tensor, warnings } from 'tapegrad';

function run() {
  const channels = [];
  const proc = globalThis.process;
  const emitWarning = proc?.emitWarning;
  const consoleWarn = console.warn;
  if (typeof emitWarning === 'function') proc.emitWarning = () => channels.push('process.emitWarning');
  console.warn = () => channels.push('console.warn');
  try {
    warnings.warn('NumericalWarning', 'TAPEGRAD_BUNDLE_TEST', 'a warning from the bundled app');
  } finally {
    if (typeof emitWarning === 'function') proc.emitWarning = emitWarning;
    console.warn = consoleWarn;
  }
  const rows = [
    [2, 1],
    [1, 3],
    [0, 1],
  ];
  const a = tensor(rows, { dtype: 'float64', requiresGrad: true });
  linalg.pinv(a).sum().backward();
  const b = tensor(rows, { dtype: 'float64', requiresGrad: true });
  const gradgradcheck = autograd.gradgradcheck((m) => linalg.pinv(m).sum(), [b]);
  return { grad: a.grad.toArray(), gradgradcheck, channels, hasProcess: proc !== undefined };
}

let result;
try {
  result = run();
} catch (e) {
  result = { error: `${e?.name}: ${e?.message}` };
}
const text = JSON.stringify(result);
if (typeof document === 'undefined') console.log(text);
else {
  const pre = document.createElement('pre');
  pre.className = 'result';
  pre.textContent = text;
  document.body.appendChild(pre);
}
