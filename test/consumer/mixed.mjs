// Consumer app loading BOTH builds of the installed tarballs (an ESM app whose dependency `require`s tapegrad):
// tensors, errors and the tape cross the two copies. Run by test/tarballs.test.ts inside a scratch npm app.
import { createRequire } from 'node:module';
import * as esm from 'tapegrad';

const cjs = createRequire(import.meta.url)('tapegrad');
const a = esm.tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
const b = cjs.tensor([4, 5, 6], { dtype: 'float64', requiresGrad: true });
cjs.mul(a, b).sum().backward();
let crossError = false;
try {
  cjs.matmul(esm.ones([2, 3]), esm.ones([2, 3]));
} catch (e) {
  crossError = e instanceof esm.ShapeError;
}
console.log(
  JSON.stringify({
    format: 'mixed',
    distinctCopies: esm.Tensor !== cjs.Tensor,
    aGrad: a.grad.toArray(),
    bGrad: b.grad.toArray(),
    crossError,
  }),
);
