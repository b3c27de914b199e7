// Consumer app (ESM) of the installed tarballs: run by test/tarballs.test.ts inside a scratch npm app.
import * as tg from 'tapegrad';
import run from './workload.cjs';

const { a, grad, shapeError } = run(tg);
const b = tg.tensor(a.detach().toArray(), { dtype: 'float64', requiresGrad: true });
console.log(
  JSON.stringify({
    format: 'esm',
    grad,
    gg: tg.autograd.gradgradcheck((m) => tg.linalg.pinv(m).sum(), [b]),
    shapeError,
  }),
);
