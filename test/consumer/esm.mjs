// Consumer app (ESM) of the installed tarballs: run by test/tarballs.test.ts inside a scratch npm app.
import { autograd, linalg, ShapeError, tensor } from 'tapegrad';

const a = tensor(
  [
    [2, 1],
    [1, 3],
    [0, 1],
  ],
  { dtype: 'float64', requiresGrad: true },
);
linalg.pinv(a).sum().backward();
let shapeError = false;
try {
  a.matmul(a);
} catch (e) {
  shapeError = e instanceof ShapeError;
}
const b = tensor(
  [
    [2, 1],
    [1, 3],
    [0, 1],
  ],
  { dtype: 'float64', requiresGrad: true },
);
console.log(
  JSON.stringify({
    format: 'esm',
    grad: a.grad.toArray(),
    gg: autograd.gradgradcheck((m) => linalg.pinv(m).sum(), [b]),
    shapeError,
  }),
);
